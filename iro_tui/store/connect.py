"""Open a store. The one place a connection is made, so encryption can be added here."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from iro_tui.errors import BadStore
from iro_tui.store.migrations import check_compatible, migrate
from iro_tui.store.store import Store


def connect(path: Path) -> sqlite3.Connection:
    # check_same_thread=False: workers may read on another thread; each call site
    # still uses the store from one thread at a time.
    try:
        conn = sqlite3.connect(path, timeout=5.0, check_same_thread=False)
    except sqlite3.Error as exc:
        raise BadStore(f"cannot open the store {path}: {exc}") from None
    try:
        conn.execute("PRAGMA schema_version").fetchone()  # reads the header only
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise BadStore(f"{path} is not an iro-tui store ({exc})") from None
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    # FULL: a committed write survives a power cut, not just a crash.
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def open_store(path: Path | str) -> Store:
    """Open (creating if needed) and migrate the store at `path`."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise BadStore(f"{path} is a folder; give the path of a store file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadStore(f"cannot create the folder for {path}: {exc.strerror}") from None
    conn = connect(path)
    try:
        check_compatible(conn)  # before any write: a refused store stays byte-identical
        conn.execute("PRAGMA journal_mode = WAL")
        migrate(conn)
    except sqlite3.Error as exc:
        conn.close()
        raise BadStore(f"cannot open the store {path}: {exc}") from None
    except BadStore:
        conn.close()
        raise
    return Store(conn, path)
