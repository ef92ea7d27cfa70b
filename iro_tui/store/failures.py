"""SQLite's failures in plain words.

A write that fails for a reason outside the data (another writer holding the
store past the busy timeout, a full disk, a read-only file or folder, a disk
error) becomes a StoreUnwritable: the transaction is rolled back, the app shows
the sentence and keeps what was typed, and the CLI exits 2 with it. The message
names no child: it is built from SQLite's error code only.
"""

from __future__ import annotations

import os
from pathlib import Path

from iro_tui.errors import BadStore, HeldAloneElsewhere, NoRoomToOpen, StoreUnwritable
from iro_tui.store.driver import sqlite3
from iro_tui.store.room import disk_is_full

NOTHING_SAVED = "nothing was saved"


def describe(exc: sqlite3.Error, read_only_because: str = "") -> str:
    """What went wrong, from the error's SQLite code (Python 3.11 names it)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    if is_busy(exc):
        return "the store is busy: another iro-tui or program is writing to it"
    if name == "SQLITE_FULL" or "disk is full" in text:
        return "the disk is full: free some space and try again"
    if name.startswith("SQLITE_READONLY") or "readonly" in text:
        if read_only_because:
            return f"this iro-tui is read-only, because {read_only_because}"
        return "the store cannot be written: the file or its folder is read-only"
    if name.startswith("SQLITE_IOERR") or "i/o error" in text:
        return "the disk reported an error while writing the store (is it full or removed?)"
    if name.startswith("SQLITE_CANTOPEN"):
        return "the store's folder cannot be written (read-only, or it was removed)"
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return "the store file is damaged"
    return f"the store could not be written ({name or type(exc).__name__})"


def busy_on_a_full_disk(path: Path) -> HeldAloneElsewhere:
    """A store another iro-tui holds alone, having opened it on a full disk: said as
    "busy: another iro-tui or program is writing to it", after five seconds' wait, of a
    store nothing was writing to."""
    return HeldAloneElsewhere(
        f"cannot open the store {path}: another iro-tui has it open, and holds it alone "
        "because the disk is full: read it there, or quit that one (or free some space) "
        "and open it again"
    )


def is_busy(exc: sqlite3.Error) -> bool:
    """Another connection holds the store (past the busy timeout, or a read not waiting)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(exc).lower()


def cannot_open(path: Path, exc: sqlite3.Error) -> BadStore:
    """A store SQLite would not open: NoRoomToOpen when a write it needed was refused by
    the disk (full, or an I/O error: SQLCipher's SQLite says only that of a full disk),
    so the store may still be opened to read (connect.open_store)."""
    if is_busy(exc) and disk_is_full(path):
        return busy_on_a_full_disk(path)
    message = f"cannot open the store {path}: {describe(exc)}"
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    if (
        name.startswith(("SQLITE_FULL", "SQLITE_IOERR"))
        or "disk is full" in text
        or "i/o error" in text
    ):
        return NoRoomToOpen(message)
    return BadStore(message)


def read_only_refusal(why_read_only: str) -> StoreUnwritable:
    """A write refused before it is tried, as SQLite refuses one in a read-only session
    (`Store.why_read_only`)."""
    return StoreUnwritable(f"this iro-tui is read-only, because {why_read_only}; {NOTHING_SAVED}")


def unwritable(exc: sqlite3.Error, read_only_because: str = "") -> StoreUnwritable:
    """`read_only_because`: why this session is read-only ("" when it is not)."""
    return StoreUnwritable(f"{describe(exc, read_only_because)}; {NOTHING_SAVED}")


def file_identity(path: Path) -> tuple[int, int] | None:
    """The file at `path` (device and inode), or None when there is none."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def moved_away(path: Path) -> str:
    """A write refused because the store file was moved, renamed or deleted while open:
    its connection would write on into a file nobody can find, and its write-ahead log
    (found by name) would stay behind, holding the last saves apart from the store."""
    return (
        f"the store file is no longer at {path}: it was moved, renamed or deleted while "
        f"iro-tui was open; {NOTHING_SAVED}. Put it back where it was and save again, or "
        "quit and open it where it is now"
    )
