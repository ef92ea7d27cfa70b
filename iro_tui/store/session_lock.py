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
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from iro_tui.store.store import Store

try:
    import fcntl
except ImportError:  # Windows: no flock; the busy timeout and change checks remain
    fcntl = None  # type: ignore[assignment]


class SessionLock:
    def __init__(self, store_path: Path) -> None:
        self.path = store_path.with_name(store_path.name + ".lock")
        self._held: BinaryIO | None = None

    def acquire(self) -> str | None:
        """Take the lock; None if taken (or it cannot be kept, e.g. a read-only
        folder), else who holds it, in words."""
        if fcntl is None:
            return None
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return None  # a folder we cannot write: the store is read-only anyway
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            try:
                holder = os.pread(fd, 400, 0).decode("utf-8", "replace").strip()
            except OSError:
                holder = ""
            os.close(fd)
            return holder or "another iro-tui"
        who = (
            f"process {os.getpid()} on {socket.gethostname()} since "
            f"{datetime.now():%d/%m/%Y %H:%M}\n"
        ).encode()
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, who, 0)
        except OSError:
            # Who holds it is only to explain a refusal: on a full disk the lock is held
            # all the same. Writing it stopped the app as "unexpected error (OSError)"
            # (an adversarial check), unbuffered here so nothing is left to fail on close.
            pass
        # Held as an unbuffered file: closed (and the flock released) when the lock is
        # released, or when the lock itself is dropped, as a bare descriptor never is.
        self._held = os.fdopen(fd, "r+b", buffering=0)
        return None

    def release(self) -> None:
        if self._held is not None:
            self._held.close()  # closing releases the flock
            self._held = None


OPEN_ELSEWHERE = "the store is open in another iro-tui"
# Said on opening a store SQLite could open only read-only (store/connect.py).
CANNOT_WRITE = "the store's file or its folder is read-only"


def make_read_only(store: Store, because: str = OPEN_ELSEWHERE) -> None:
    """Every write from now on is refused by SQLite itself (StoreUnwritable, saying
    `because`)."""
    store.conn.execute("PRAGMA query_only = ON")
    store.read_only = True
    store.read_only_because = because
