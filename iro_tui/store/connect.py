"""Open a store. The one place a connection is made, so encryption can be added here."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from iro_tui.errors import BadStore
from iro_tui.store import audit
from iro_tui.store.failures import describe
from iro_tui.store.migrations import check_compatible, migrate
from iro_tui.store.store import Store


def connect(path: Path) -> sqlite3.Connection:
    # check_same_thread=False: workers may read on another thread; each call site
    # still uses the store from one thread at a time.
    try:
        conn = sqlite3.connect(path, timeout=5.0, check_same_thread=False)
    except sqlite3.Error as exc:
        raise BadStore(f"cannot open the store {path}: {describe(exc)}") from None
    try:
        conn.execute("PRAGMA schema_version").fetchone()  # reads the header only
    except sqlite3.DatabaseError as exc:
        conn.close()
        # Only a file that is not SQLite is "not a store": a full disk or a read-only
        # folder must never read as one, or a user may delete a good caseload.
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB":
            raise BadStore(f"{path} is not an iro-tui store ({exc})") from None
        raise BadStore(f"cannot open the store {path}: {describe(exc)}") from None
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
        repaired = _check_audit_trail(conn, path)
    except sqlite3.Error as exc:
        conn.close()
        raise BadStore(f"cannot open the store {path}: {describe(exc)}") from None
    except BadStore:
        conn.close()
        raise
    store = Store(conn, path)
    store.audit_repairs = repaired
    return store


def _check_audit_trail(conn: sqlite3.Connection, path: Path) -> list[str]:
    """Missing or altered audit triggers are recreated (the caller says which);
    a store that cannot be written to recreate them is refused."""
    problems = audit.trigger_problems(conn)
    if problems:
        try:
            audit.recreate_triggers(conn)
        except sqlite3.Error as exc:
            raise BadStore(
                f"the audit trail of {path} is not intact ({'; '.join(problems)}) and it "
                f"could not be repaired: {describe(exc)}"
            ) from None
    return problems
