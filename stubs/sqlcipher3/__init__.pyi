# sqlcipher3 ships no type information. It is a build of the standard library's
# sqlite3 module against SQLCipher (the same DB-API: Connection, Cursor, the errors),
# so it is described here as that module. The few names only SQLCipher has are not
# used by iro-tui.
from sqlite3 import *
