"""The command line's side of encryption and backups: opening a store with its
passphrase, and `passphrase change`, `encrypt`, `backup`, `restore FILE`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from iro_tui.domain.fields import counted
from iro_tui.errors import BadInput, BadStore, IroError

if TYPE_CHECKING:
    from iro_tui.store import Store

# The store (and SQLCipher) load when a command runs, not when the parser is built.

COMMANDS = ("passphrase", "encrypt", "backup", "restore")
Parser = TypeVar("Parser", bound=argparse.ArgumentParser)  # the CLI's QuietParser


def add_commands(commands: argparse._SubParsersAction[Parser]) -> None:
    """The subcommands, added to the CLI's parser."""
    change = commands.add_parser("passphrase", help="change the store's passphrase")
    change.add_argument("passphrase_command", choices=["change"])
    commands.add_parser("encrypt", help="encrypt a plain store (asks for a new passphrase)")
    backup = commands.add_parser("backup", help="make a backup of the store now")
    backup.add_argument(
        "--to",
        metavar="FOLDER",
        help="a folder off the laptop's disk (a memory stick): an encrypted store only; "
        "kept there under its passphrase of today",
    )
    restore = commands.add_parser("restore", help="put a backup in place of the store")
    restore.add_argument("file", metavar="FILE")
    restore.add_argument("--yes", action="store_true", help="do not ask to confirm")


def open_cli_store(path: Path, plain: bool = False, for_app: bool = False) -> Store:
    """Open the store for a command: the passphrase of an encrypted store, or a new
    one for a store about to be created (unless --plain). A command checks the store
    whole before it does anything; `for_app`: the app checks it after first paint
    (open_store's defer_check)."""
    from iro_tui import passphrase
    from iro_tui.store import crypto, open_store

    kind = crypto.store_kind(path)
    key = None
    if kind == "encrypted":
        key = passphrase.existing(path)
    elif kind == "missing" and not plain:
        from iro_tui.store.connect import no_new_store_over_a_lost_one

        no_new_store_over_a_lost_one(path)  # before asking a new store's passphrase
        key = passphrase.new(path)
    return open_store(path, key, defer_check=for_app)


def app_gate(args: argparse.Namespace) -> tuple[str, Path] | None:
    """For the app: ("missing" | "encrypted", path) when it must ask on a screen of
    its own (to create the store, or for its passphrase); None to open as usual."""
    from iro_tui import passphrase
    from iro_tui.paths import resolve_store_path
    from iro_tui.store import crypto

    path = resolve_store_path(args.db)
    kind = crypto.store_kind(path)
    if passphrase.from_env() is not None or kind not in ("missing", "encrypted"):
        return None
    if kind == "missing" and args.plain:
        return None
    if kind == "missing":
        from iro_tui.store.connect import no_new_store_over_a_lost_one

        no_new_store_over_a_lost_one(path)  # before asking for a new store's passphrase
    return kind, path


# Commands that put another file in the store's place or re-key it: an app with the
# store open would go on writing to the file taken away (its saves lost, or left
# unencrypted), or fail on its next write under the old key.
REPLACE_THE_STORE = ("restore", "encrypt", "passphrase")


def run(args: argparse.Namespace, path: Path) -> None:
    from iro_tui.store.connect import no_new_store_over_a_lost_one, one_name_only

    one_name_only(path)
    if args.command != "restore":
        # An emptied store is said as damaged (restore is how it is put right), not
        # "there is no store at" a file that is there, with backups beside it.
        no_new_store_over_a_lost_one(path)
    if args.command not in REPLACE_THE_STORE:
        _run(args, path)  # a backup --to a stick is made from a full disk
        return
    from iro_tui.store.room import disk_is_full

    if disk_is_full(path):
        # Each writes a whole store (a copy, or every page re-keyed): said before a
        # passphrase or a yes is asked, not after.
        raise BadStore(
            f"the disk holding {path} is full, and `{args.command}` needs room: free some "
            "space and try again (nothing was changed)"
        )
    from iro_tui.store.session_lock import SessionLock

    lock = SessionLock(path)
    holder = lock.acquire()
    if holder is not None:
        raise BadInput(
            f"{path} is open in iro-tui ({holder}): quit it there first, then run "
            f"`{args.command}` again (nothing was changed)"
        )
    try:
        _run(args, path)
    finally:
        lock.release()


def _run(args: argparse.Namespace, path: Path) -> None:
    from iro_tui.store import crypto

    now = datetime.now()  # backup file names carry the wall-clock time
    if args.command == "restore":
        _restore(path, Path(args.file).expanduser(), args.yes, now)
        return
    if crypto.store_kind(path) == "missing":
        raise BadInput(f"there is no store at {path}")
    if args.command == "encrypt":
        _encrypt(path, now)
        return
    store = open_cli_store(path)
    try:
        if args.command == "backup":
            _backup(store, now, args.to)
        else:
            _change(store, now)
    finally:
        store.close()


def _backup(store: Store, now: datetime, to: str | None) -> None:
    from iro_tui.store import backup as backups

    if to is None:
        made = str(backups.make_backup(store, now))
    else:
        made = backups.off_the_laptop(store, now, Path(to).expanduser())
    print(f"backed up the store to {made}")


def _change(store: Store, now: datetime) -> None:
    from iro_tui import passphrase
    from iro_tui.store import backup as backups
    from iro_tui.store import crypto

    if store.passphrase is None:
        raise BadInput(f"{store.path} is not encrypted: `iro-tui encrypt` encrypts it")
    _writable(store, "its passphrase cannot be changed")  # before a new one is asked
    old = store.passphrase
    new = passphrase.new(store.path, passphrase.NEW_ENV_VAR, "the store")
    crypto.change_passphrase(store.conn, new, store.path)
    store.passphrase = new
    # Backups, and stores a restore set aside, under the old passphrase would still open
    # with it: re-key them too.
    kept, kept_failed = _each(
        backups.list_backups(store.path), lambda p: crypto.rekey_file(p, old, new)
    )
    aside, aside_failed = _each(
        backups.set_aside(store.path), lambda p: crypto.rekey_file(p, old, new)
    )
    print(
        f"changed the passphrase of {store.path} and of {counted(kept, 'backup')}"
        + (f" and {counted(aside, 'store')} set aside by a restore" if aside else "")
    )
    _not_all(kept_failed + aside_failed, "re-keyed", "still under the old passphrase")


def _each(paths: list[Path], do: Callable[[Path], bool]) -> tuple[int, list[Path]]:
    """How many of `paths` `do` was done to, and those it could not be (a full disk):
    the first of those stopped the rest, and "changed the passphrase" was never said of
    the store, which had been."""
    done, failed = 0, []
    for path in paths:
        try:
            done += do(path)
        except IroError:
            failed.append(path)
    return done, failed


def _not_all(failed: list[Path], not_done: str, so: str) -> None:
    """BadStore naming the files beside the store `failed` (by _each), if any."""
    if failed:
        one = len(failed) == 1
        names = ", ".join(str(path) for path in failed)
        raise BadStore(
            f"{counted(len(failed), 'file')} beside the store {'was' if one else 'were'} not "
            f"{not_done} (is the disk full?), so {'it is' if one else 'they are'} {so}: {names}"
        )


def _writable(store: Store, refused: str) -> None:
    """BadStore saying why, when `store` was opened read-only (a full disk, a read-only
    folder): a passphrase was asked, then the store found unwritable (or, re-keyed, it
    was said done and was not)."""
    if store.read_only:
        raise BadStore(
            f"{store.path} can only be read now ({store.why_read_only}), "
            f"so {refused}; nothing was changed"
        )


def _encrypt(path: Path, now: datetime) -> None:
    from iro_tui import passphrase
    from iro_tui.store import backup as backups
    from iro_tui.store import crypto, open_store

    if crypto.store_kind(path) != "plain":
        raise BadInput(f"{path} is already encrypted (or is not a store)")
    store = open_store(path)  # migrated and checked before it is copied
    try:
        _writable(store, "it cannot be encrypted")  # before a passphrase is asked
    finally:
        store.close()
    key = passphrase.new(path, what="the store")
    crypto.encrypt_plain_store(path, key)

    # Plain backups, and stores a restore set aside, hold the same data in the clear:
    # encrypt them as well (a set-aside store was left plain, though said to be gone).
    def encrypt(old: Path) -> bool:
        crypto.encrypt_plain_store(old, key)
        return True

    _, plain_backups = _each(backups.list_backups(path), encrypt)
    aside = [old for old in backups.set_aside(path) if crypto.store_kind(old) == "plain"]
    _, plain_aside = _each(aside, encrypt)
    aside = [old for old in aside if old not in plain_aside]
    if plain_backups or plain_aside:
        print(f"encrypted {path}")
        _not_all(
            plain_backups + plain_aside,
            "encrypted",
            "still in the clear: delete, or move somewhere safe",
        )
    store = open_store(path, key)
    try:
        made = backups.make_backup(store, now)
    finally:
        store.close()
    print(
        f"encrypted {path}"
        + (f" and {counted(len(aside), 'store')} set aside by a restore" if aside else "")
        + f"; the plain copy is gone; a new backup is at {made}"
    )


def _restore(path: Path, backup: Path, yes: bool, now: datetime) -> None:
    from iro_tui import passphrase
    from iro_tui.store import backup as backups
    from iro_tui.store import crypto, open_store

    # Before its passphrase is asked, and "Replace the store?": both were asked first,
    # and a yes was then refused.
    backups.not_the_store_itself(path, backup)
    kind = crypto.store_kind(backup)
    if kind == "missing" and not backup.exists():
        raise BadInput(f"there is no file {backup}")
    if kind in ("missing", "not-a-store"):
        raise BadInput(f"{backup} is not a backup of an iro-tui store")
    if kind == "plain" and crypto.store_kind(path) == "encrypted":
        # Restored as it is, the caseload would lie on the disk unencrypted.
        raise BadInput(
            f"{backup} is not encrypted and the store is: encrypt the backup first "
            f"(iro-tui --db {backup} encrypt), then restore it (nothing was changed)"
        )
    if kind == "encrypted":
        crypto.cut_short(backup)  # said before its passphrase is asked, which cannot help
    try:
        key = passphrase.existing(backup) if kind == "encrypted" else None
        backups.check_backup(backup, key)
    except crypto.WrongPassphrase:
        # A file of random bytes looks like an encrypted one from its first bytes: the
        # passphrase is not necessarily what is wrong.
        raise BadInput(
            f"that passphrase does not open {backup}: either it is the wrong passphrase, "
            "or the file is not an iro-tui backup (nothing was changed)"
        ) from None
    if not yes and not passphrase.confirm(
        f"Replace the store {path} by the backup {backup}? (the store now is kept aside)"
    ):
        raise BadInput("restore not confirmed (on a terminal answer y; in a script add --yes)")
    try:
        aside = backups.restore(path, backup, key, now)
    except BadStore as exc:
        raise BadInput(str(exc)) from None
    open_store(path, key).close()  # the restored store opens (and is migrated if older)
    kept = f"; the store as it was is kept at {aside}" if aside else ""
    print(f"restored {backup} to {path}{kept}")
