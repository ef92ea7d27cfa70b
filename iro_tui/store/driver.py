"""The SQLite driver: SQLCipher (`sqlcipher3`), which opens plain SQLite files as well
as encrypted ones, so one driver serves every store.

sqlite-utils looks for a module called `pysqlite3` before falling back to the standard
library; aliasing sqlcipher3 under that name (before sqlite_utils is first imported)
makes sqlite-utils and the store share one driver, so `except sqlite3.Error` catches
what either raises. Import `sqlite3` from here, never the standard library's, in store/.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

try:
    import sqlcipher3
    from sqlcipher3 import dbapi2 as sqlite3

    sys.modules.setdefault("pysqlite3", sqlcipher3)
    sys.modules.setdefault("pysqlite3.dbapi2", sqlite3)
    ENCRYPTION_AVAILABLE = True
except ImportError:  # a platform without a SQLCipher wheel: plain stores only
    # The same API under another module (mypy cannot type a conditional module alias).
    import sqlite3  # type: ignore[no-redef]  # noqa: F401

    ENCRYPTION_AVAILABLE = False

__all__ = ["ENCRYPTION_AVAILABLE", "roll_back", "sqlite3", "waiting_at_most"]


def roll_back(conn: sqlite3.Connection) -> None:
    """Roll back the transaction under way, if SQLite has not already: a full disk can
    end it (SQLITE_FULL rolls the whole transaction back), and a ROLLBACK then raises
    "no transaction is active", which hid the full disk behind SQLITE_ERROR. Never
    raises: the error that stopped the transaction is the one to tell."""
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass


@contextmanager
def waiting_at_most(conn: sqlite3.Connection, ms: int) -> Iterator[None]:
    """`conn` waits at most `ms` for another writer's lock within, then as before."""
    (before,) = conn.execute("PRAGMA busy_timeout").fetchone()
    conn.execute(f"PRAGMA busy_timeout = {int(ms)}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(before)}")
