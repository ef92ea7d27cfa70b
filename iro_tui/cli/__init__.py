"""The command line's parts: the parser (parser.py) and the commands that work on a
store (store_commands.py). The entry point, `main`, and the app factory `make_app`
stay in iro_tui/__main__.py.
"""

EXIT_OK, EXIT_UNEXPECTED, EXIT_BAD_INPUT = 0, 1, 2
