"""Backups: a copy of the store taken with SQLite's online backup API, encrypted with
the store's own passphrase, kept in a folder of its own and rotated; restoring one;
and the message for a damaged store, which points to the latest backup.

Where: the user data folder's backups/ for the default store, or PATH.backups/ next
to a store given by --db or IRO_TUI_DB. Kept: the newest KEEP_LATEST, plus the newest
of each of the last KEEP_DAYS days that has one.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from iro_tui.errors import BadInput, BadStore, StoreDamaged
from iro_tui.permissions import create_private_file, make_private_folder
from iro_tui.store import crypto
from iro_tui.store.driver import sqlite3

if TYPE_CHECKING:
    from iro_tui.store.store import Store

KEEP_LATEST = 7
KEEP_DAYS = 30
PREFIX, SUFFIX = "iro-", ".sqlite"
STAMP = "%Y-%m-%dT%H%M%S"
SQLITE_CORRUPT, SQLITE_NOTADB = 11, 26


def backups_dir(store_path: Path) -> Path:
    data = Path(platformdirs.user_data_dir("iro-tui", appauthor=False))
    if store_path.parent.resolve() == data.resolve():
        return data / "backups"
    return store_path.with_name(store_path.name + ".backups")


def _stamp_of(path: Path) -> datetime | None:
    try:
        return datetime.strptime(path.name[len(PREFIX) : -len(SUFFIX)], STAMP)
    except ValueError:
        return None


def _day_of(backup: Path) -> date:
    """The day a backup was taken (list_backups lists only names with a stamp)."""
    stamp = _stamp_of(backup)
    if stamp is None:
        raise ValueError(f"{backup.name} is not named like an iro-tui backup")
    return stamp.date()


def list_backups(store_path: Path) -> list[Path]:
    """The backups of this store, oldest first."""
    folder = backups_dir(store_path)
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"{PREFIX}*{SUFFIX}") if _stamp_of(p) is not None]
    return sorted(found, key=lambda p: p.name)


def set_aside(store_path: Path) -> list[Path]:
    """The stores a restore moved aside (restore, below), oldest first: the caseload as
    it was, so `encrypt` and a passphrase change must treat them as they treat backups
    (a plain one was left in the clear beside an encrypted store)."""
    name = f"{store_path.name}.before-restore-"
    return sorted(
        path
        for path in store_path.parent.glob(f"{glob.escape(name)}*")
        if path.is_file() and not path.name.endswith(("-wal", "-shm"))
    )


def latest_backup(store_path: Path) -> Path | None:
    """The newest backup that looks whole (a file of whole pages); restoring checks
    it fully."""
    for path in reversed(list_backups(store_path)):
        size = path.stat().st_size
        if size and size % 512 == 0:
            return path
    return None


def make_backup(store: Store, now: datetime, elsewhere: Path | None = None) -> Path:
    """Copy the open store to a new backup file (a consistent snapshot even while
    the app writes), then rotate. Returns the new file. `elsewhere`: a folder off the
    laptop's disk (a memory stick, a network share), which is not rotated."""
    folder = backups_dir(store.path) if elsewhere is None else elsewhere
    target = folder / f"{PREFIX}{now.strftime(STAMP)}{SUFFIX}"
    temp = target.with_name(target.name + ".part")
    made_folder = not folder.exists()
    conn = None
    try:
        # Inside the try: a backup folder that is read-only, or a file, is said in
        # words like a full disk (it stopped the backup on an "unexpected error").
        if elsewhere is None:
            make_private_folder(folder)
        elif folder.exists() and not folder.is_dir():
            raise BadStore(f"{folder} is a file, not a folder to back up to (nothing was written)")
        elif not folder.is_dir():  # a stick not plugged in: not made on the laptop's disk
            raise BadStore(f"there is no folder {folder} to back up to (nothing was written)")
        temp.unlink(missing_ok=True)
        create_private_file(temp)
        conn = sqlite3.connect(temp)
        passphrase = getattr(store, "passphrase", None)
        if passphrase is not None:
            crypto.apply_key(conn, passphrase)
        store.conn.backup(conn)
        # A backup is a single file, not a WAL store: it can be checked read-only
        # and copied as it is.
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.close()
        os.replace(temp, target)
        if elsewhere is None:
            rotate(store.path)
    except (OSError, sqlite3.Error) as exc:
        if conn is not None:
            conn.close()
        # Nothing is left of it: its rollback journal stayed beside the backups on a full
        # disk, another with each backup tried, and a folder made for it stayed, empty.
        remove_copy(temp)
        if made_folder:
            with contextlib.suppress(OSError):  # not empty after all: left as it is
                folder.rmdir()
        raise BadStore(f"could not write a backup to {folder}: {_why(exc, folder)}") from None
    return target


def remove_copy(temp: Path) -> None:
    """A backup's copy not finished, and every file SQLite made beside it. The copy takes
    the store's WAL mode from its first page: its -wal and -shm stayed on a stick with no
    room to turn it back, more with each try (an adversarial check)."""
    for left in [temp, *(Path(f"{temp}{end}") for end in ("-journal", "-wal", "-shm"))]:
        with contextlib.suppress(OSError):  # the folder refuses it, as it did the backup
            left.unlink(missing_ok=True)


def _why(exc: OSError | sqlite3.Error, folder: Path) -> str:
    """Why a backup could not be written, in words."""
    if isinstance(exc, NotADirectoryError) or (folder.exists() and not folder.is_dir()):
        return "it is a file, not a folder: move the file away and try again"
    if isinstance(exc, PermissionError):
        return "the folder cannot be written (permission denied): make it writable again"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    words = str(exc).lower()
    if "full" in words:  # SQLite's words were said
        return "the disk is full: free some space there, or use another (nothing was left)"
    if "i/o error" in words:
        return "the disk reported an error: is it full, or was it removed? (nothing was left)"
    return str(exc)


def if_damaged_instead(store_path: Path) -> str:
    """Said when a store takes no passphrase: its latest backup is plain, so the store
    may never have been encrypted, its first page garbled instead (a damaged header and
    encryption look alike). A damaged plain store was asked for its passphrase again
    and again, with no word of the backup beside it (an adversarial check)."""
    latest = latest_backup(store_path)
    if latest is None or crypto.store_kind(latest) != "plain":
        return ""
    return (
        f". Its latest backup is not encrypted, so the store may be damaged, not "
        f"encrypted: restore the backup with `iro-tui --db {store_path} restore {latest}`"
    )


def backup_due(store_path: Path, today: date) -> bool:
    """Daily: no backup yet today."""
    backups = list_backups(store_path)
    return not backups or _day_of(backups[-1]) < today


def rotate(store_path: Path) -> list[Path]:
    """Remove backups beyond the newest KEEP_LATEST and one a day for KEEP_DAYS days."""
    backups = list_backups(store_path)
    keep = set(backups[-KEEP_LATEST:])
    per_day: dict[date, Path] = {}
    for path in backups:
        per_day[_day_of(path)] = path  # oldest first: the day's newest wins
    keep |= {path for _, path in sorted(per_day.items())[-KEEP_DAYS:]}
    removed = [p for p in backups if p not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def is_damage(exc: Exception) -> bool:
    """A damaged file (not a database, or malformed), as opposed to a busy or
    unwritable one."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB)
    text = str(exc)
    return "malformed" in text or "not a database" in text


# SQLite's words for a damaged file, as an IRO would read them.
DAMAGE_IN_WORDS = {
    "database disk image is malformed": "some of its pages are garbled",
    "file is not a database": "it is not a whole store",
}


def damaged(store_path: Path, exc: Exception | str) -> StoreDamaged:
    """One plain line: what is wrong and how to get the data back."""
    said = str(exc)
    problem = f"the store {store_path} is damaged ({DAMAGE_IN_WORDS.get(said, said)})"
    latest = latest_backup(store_path)
    if latest is None:
        return StoreDamaged(f"{problem}, and there is no backup in {backups_dir(store_path)}")
    return StoreDamaged(
        f"{problem}; the latest backup is {latest}: restore it with "
        f"`iro-tui --db {store_path} restore {latest}`"
    )


def _backup_damaged(backup: Path) -> str:
    return (
        f"{backup} is damaged (some of its pages are garbled or missing: a copy cut short, "
        "or a failing disk), so it was not restored"
    )


def check_backup(backup: Path, passphrase: str | None) -> None:
    """Refuse a file that is not a whole iro-tui store, before anything moves."""
    kind = crypto.store_kind(backup)
    if kind in ("missing", "not-a-store"):
        raise BadStore(f"{backup} is not a backup of an iro-tui store")
    key = passphrase if kind == "encrypted" else None
    if kind == "encrypted" and key is None:
        raise crypto.PassphraseNeeded(f"{backup} is encrypted: give its passphrase")
    # Immutable: the check reads the file alone, as restore copies it (no WAL beside it is
    # taken), and leaves nothing beside it (a read-only open made -wal and -shm files next
    # to the user's backup). as_uri quotes a path with spaces, '?' or '#'.
    conn = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        if key is not None:
            crypto.apply_key(conn, key)
            try:
                crypto.verify_key(conn, backup)
            except StoreDamaged:  # said of a backup, which has no backups of its own
                raise BadStore(f"{_backup_damaged(backup)}; its passphrase is right") from None
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.Error as exc:
        if is_damage(exc):  # a plain one cut short: SQLite's own words were said
            raise BadStore(_backup_damaged(backup)) from None
        raise BadStore(f"{backup} cannot be restored: {exc}") from None
    finally:
        conn.close()
    if check != "ok" or version < 1:
        raise BadStore(f"{backup} is not a whole iro-tui store, so it was not restored")


def off_the_laptop(store: Store, now: datetime, folder: Path) -> str:
    """A backup of `store` in `folder` (a memory stick), said as "PATH", with a word when
    the folder is on the store's own disk (made, but not off the laptop). The command
    line's `backup --to` and the palette's "Back up to a memory stick" both. BadInput for
    a plain store; BadStore (from make_backup) for a folder not there, a file, a full
    stick."""
    if store.passphrase is None:
        # Every child's details, in the clear, on a stick that may be left on a train.
        raise BadInput(
            f"{store.path} is not encrypted, so it is not copied off the laptop: encrypt it "
            "first (`iro-tui encrypt`, with iro-tui closed), then back it up (nothing was "
            "written)"
        )
    made = make_backup(store, now, folder)
    if on_the_store_s_disk(store.path, folder):
        return f"{made} (on the store's own disk, so it goes with the laptop: use a memory stick)"
    return str(made)


def on_the_store_s_disk(store_path: Path, folder: Path) -> bool:
    """Whether `folder` is on the same disk as the store: a backup "off the laptop" there
    goes with the laptop, as the backups beside the store do."""
    try:
        return os.stat(folder).st_dev == os.stat(store_path).st_dev
    except OSError:
        return False


def not_the_store_itself(store_path: Path, backup: Path) -> None:
    """BadStore when `backup` is the store's own file. Moved aside, the store was then the
    "backup" copied back: gone, and nothing put in its place (an adversarial check)."""
    if store_path.exists() and backup.exists() and os.path.samefile(store_path, backup):
        raise BadStore(
            f"{backup} is the store itself, not a backup of it: give one from "
            f"{backups_dir(store_path)} (nothing was changed)"
        )


def restore(store_path: Path, backup: Path, passphrase: str | None, now: datetime) -> Path | None:
    """Put `backup` in place of the store. The current store (with its WAL and SHM)
    is moved aside first, never deleted; returns where it went (None if there was
    none). The store must be closed."""
    not_the_store_itself(store_path, backup)
    check_backup(backup, passphrase)
    # A log left by a store moved or deleted while open would be replayed into the
    # backup put here (damaging it) and then removed: its saves lost.
    from iro_tui.store.connect import no_log_without_its_store

    no_log_without_its_store(store_path)
    aside = None
    if store_path.exists():
        aside = store_path.with_name(f"{store_path.name}.before-restore-{now.strftime(STAMP)}")
        for suffix in ("", "-wal", "-shm"):
            current = Path(f"{store_path}{suffix}")
            if current.exists():
                os.replace(current, Path(f"{aside}{suffix}"))
    temp = store_path.with_name(store_path.name + ".restoring")
    temp.unlink(missing_ok=True)
    try:
        make_private_folder(store_path.parent)
        create_private_file(temp)
        with backup.open("rb") as source, temp.open("r+b") as target:
            shutil.copyfileobj(source, target)
            target.flush()
            os.fsync(target.fileno())
        os.replace(temp, store_path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        put_back = aside is not None and _put_back(aside, store_path)
        raise BadStore(
            f"could not restore {backup}: {exc.strerror}"
            + (
                "; the store is as it was (nothing was changed)"
                if put_back
                else f"; the store as it was is at {aside}"
                if aside
                else ""
            )
        ) from None
    return aside


def _put_back(aside: Path, store_path: Path) -> bool:
    """The store moved aside put back in its place, after a restore that failed (a
    full disk): True when it is back."""
    try:
        for suffix in ("", "-wal", "-shm"):
            moved = Path(f"{aside}{suffix}")
            if moved.exists():
                os.replace(moved, Path(f"{store_path}{suffix}"))
    except OSError:
        return False
    return True
