# See __init__.pyi: the standard library's sqlite3 API.
from sqlite3 import *
