"""One app per store: a second iro-tui on the same store is told it is open
elsewhere, and offered read-only or refused.

The lock is an OS advisory lock (flock) on a small file beside the store, so a
crash or kill -9 releases it with the process: a stale lock never blocks. The
file says who holds it (pid, host, since when), only to explain the refusal.
Short CLI commands do not take it: they wait on SQLite's own write lock
(BEGIN IMMEDIATE with the busy timeout).
"""

from __future__ import annotations

import os
import socket
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from iro_tui.store.store import Store

try:
    import fcntl
except ImportError:  # Windows: no flock; the busy timeout and change checks remain
    fcntl = None  # type: ignore[assignment]


class SessionLock:
    def __init__(self, store_path: Path) -> None:
        self.path = store_path.with_name(store_path.name + ".lock")
        self._handle: TextIO | None = None

    def acquire(self) -> str | None:
        """Take the lock; None if taken (or it cannot be kept, e.g. a read-only
        folder), else who holds it, in words."""
        if fcntl is None:
            return None
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            handle = os.fdopen(fd, "r+", encoding="utf-8")
        except OSError:
            return None  # a folder we cannot write: the store is read-only anyway
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip() or "another iro-tui"
            handle.close()
            return holder
        handle.seek(0)
        handle.truncate()
        handle.write(
            f"process {os.getpid()} on {socket.gethostname()} since "
            f"{datetime.now():%d/%m/%Y %H:%M}\n"
        )
        handle.flush()
        self._handle = handle
        return None

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing releases the flock
            self._handle = None


OPEN_ELSEWHERE = "the store is open in another iro-tui"
# Said on opening a store SQLite could open only read-only (store/connect.py).
CANNOT_WRITE = "the store's file or its folder is read-only"


def make_read_only(store: Store, because: str = OPEN_ELSEWHERE) -> None:
    """Every write from now on is refused by SQLite itself (StoreUnwritable, saying
    `because`)."""
    store.conn.execute("PRAGMA query_only = ON")
    store.read_only = True
    store.read_only_because = because
