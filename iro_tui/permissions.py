"""Private files and folders: the store, its WAL and shared-memory files, backups and
the files the user exports hold personal data, so only the user may read them (0600)
and the folders iro-tui creates are the user's alone (0700), whatever the umask."""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def make_private_folder(folder: Path) -> None:
    """Create `folder` and any missing parents as 0700. Folders that already exist
    are left alone: they may be the user's own (Documents, home)."""
    missing = []
    for candidate in [folder, *folder.parents]:
        if candidate.exists():
            break
        missing.append(candidate)
    for candidate in reversed(missing):
        try:
            candidate.mkdir(mode=PRIVATE_FOLDER)
        except FileExistsError:
            continue  # made meanwhile by someone else: not ours to change
        os.chmod(candidate, PRIVATE_FOLDER)  # mkdir's mode is cut by the umask


def create_private_file(path: Path) -> None:
    """Create an empty file readable by the user alone (no-op if it exists)."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE)
    except FileExistsError:
        return
    os.close(fd)


def make_private(path: Path) -> None:
    """Tighten an existing file of ours to 0600 (a store made before this rule): others
    lose every permission, the owner none. A store made read-only on purpose (chmod 444)
    stays so (0400): it was made writable again without a word."""
    try:
        if not path.exists():
            return
        mode = path.stat().st_mode & 0o777
        private = mode & PRIVATE_FILE
        if mode != private:
            os.chmod(path, private)
    except OSError:
        pass  # not ours (another user's file, a read-only mount): reading still works
