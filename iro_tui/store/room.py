"""Room left on the disk that holds the store: a full disk is said plainly, and no
backup takes the last of it. No SQLite here: the command line asks before the store
(and its driver) loads."""

from __future__ import annotations

import shutil
from pathlib import Path

# Less room than this is a full disk: SQLite's index beside a store alone takes 32 KiB.
FULL_BELOW_BYTES = 1 << 20
# Less than this is said on opening: the write-ahead log grows to about 4 MB (SQLite folds
# it into the store every 1,000 pages) before it is emptied, so a save may be refused.
LOW_BELOW_BYTES = 8 << 20


def room_left(path: Path) -> int | None:
    """Bytes free for this user on the disk holding `path` (None when it cannot be told)."""
    try:
        return shutil.disk_usage(path.parent).free
    except OSError:
        return None


def disk_is_full(path: Path) -> bool:
    """Whether the disk holding `path` has (all but) no room left for this user."""
    room = room_left(path)
    return room is not None and room < FULL_BELOW_BYTES


def low_on_room(path: Path) -> str:
    """What to say on opening a store on a disk with little room left ("" with room)."""
    room = room_left(path)
    if room is None or room >= LOW_BELOW_BYTES:
        return ""
    if room < FULL_BELOW_BYTES:  # "only 0.0 MB free" was said
        return "The disk holding the store is full: saves are refused until some space is freed."
    return (
        f"The disk holding the store has only {room / 1e6:.1f} MB free: a save may be "
        "refused until some space is freed."
    )


def no_room_for_a_backup(store_path: Path, folder: Path) -> str:
    """Why no backup of the store is made in `folder` now ("" when there is room): one
    made on a disk nearly full took its last megabytes, and the next save was refused.
    Room is kept for saves (LOW_BELOW_BYTES) besides the backup's own size."""
    # The folder's disk; the store's, when the folder is not made yet.
    room = room_left((folder if folder.is_dir() else store_path.parent) / "x")
    try:
        needs = store_path.stat().st_size
    except OSError:
        return ""
    if room is None or room >= needs + LOW_BELOW_BYTES:
        return ""
    return (
        f"the disk has {room / 1e6:.1f} MB free, and a backup needs {needs / 1e6:.1f} MB "
        f"with {LOW_BELOW_BYTES >> 20} MB kept for saves: free some space"
    )
