"""Open a store. The one place a connection is made, so encryption can be added here."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from iro_tui.errors import BadStore, HeldAloneElsewhere, NoRoomToOpen, StoreDamaged
from iro_tui.permissions import create_private_file, make_private, make_private_folder
from iro_tui.store import audit, crypto
from iro_tui.store.backup import damaged, is_damage, latest_backup
from iro_tui.store.driver import sqlite3
from iro_tui.store.failures import (
    busy_on_a_full_disk,
    cannot_open,
    describe,
    is_busy,
)
from iro_tui.store.migrations import check_compatible, latest_version, migrate, store_version
from iro_tui.store.room import disk_is_full
from iro_tui.store.store import Store


def connect(
    path: Path, passphrase: str | None = None, *, alone: bool = False
) -> sqlite3.Connection:
    """`alone`: a connection that holds the store's file to itself until it closes, and
    needs no room on the disk to read it (open_store, on a full disk)."""
    # check_same_thread=False: workers may read on another thread; each call site
    # still uses the store from one thread at a time.
    try:
        conn = sqlite3.connect(path, timeout=5.0, check_same_thread=False)
    except sqlite3.Error as exc:
        raise BadStore(f"cannot open the store {path}: {describe(exc)}") from None
    if passphrase is not None:
        try:
            crypto.apply_key(conn, passphrase)
            if alone:
                _alone(conn)
            crypto.verify_key(conn, path)
        except BadStore:
            conn.close()
            raise
    elif alone:
        _alone(conn)
    try:
        conn.execute("PRAGMA schema_version").fetchone()  # reads the header only
        # Reads the list of tables, the first statement to need it would: a damaged page
        # in it had surfaced from a PRAGMA below as an "unexpected error", with no word
        # of the backup (an adversarial check).
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        # FULL: a committed write survives a power cut, not just a crash.
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.DatabaseError as exc:
        conn.close()
        # A damaged file names the latest backup; a full disk or a read-only folder
        # must never read as damage, or a user may delete a good caseload.
        if is_damage(exc):
            raise damaged(path, exc) from None
        raise cannot_open(path, exc) from None
    return conn


def _alone(conn: sqlite3.Connection) -> None:
    """Before the store's first read: SQLite then keeps the index of the store's
    write-ahead log in memory, not in the -shm file it makes beside the store, which a
    full disk has no room for (SQLite's own fallback, https://www.sqlite.org/wal.html#noshm,
    "Use of WAL Without Shared-Memory"). The connection then holds the file's lock until
    it closes: no other connection can read the store meanwhile."""
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")


def no_new_store_over_a_lost_one(path: Path) -> None:
    """Before a store is made at `path`: not over the log of one moved away (below),
    nor where one is missing but for its backups, nor over one emptied to 0 bytes that
    has backups (a full disk, a copy or sync cut
    short): taken for a new store, it was made one, and each opening's backup rotated
    the good backups away. A restore puts a backup over it."""
    no_log_without_its_store(path)
    if not path.exists():
        # Gone (deleted, moved, or lost to a restore cut short) but for its backups: a
        # new store here was offered as if there had never been one, and its own
        # backups would in time have rotated the old ones away.
        latest = latest_backup(path)
        if latest is not None:
            raise BadStore(
                f"there is no store at {path}, though it has backups in "
                f"{latest.parent} (the latest {latest.name}): restore it with "
                f"`iro-tui --db {path} restore {latest}`, or, to begin a new store "
                "here, move that folder away first (nothing was changed)"
            )
        return
    if not path.is_file() or path.stat().st_size:
        return
    log = Path(f"{path}-wal")
    if latest_backup(path) is not None:
        raise damaged(path, "the file is empty, 0 bytes, though it has backups")
    if log.exists() and log.stat().st_size:
        # Never a store's own state (a store in WAL mode has its first page written
        # before any log): SQLite would drop the log and a new store be made here.
        raise damaged(path, "the file is empty, 0 bytes, though its write-ahead log is not")


def one_name_only(path: Path) -> None:
    """A store reached by more than one name (a hard link) is refused: the lock that
    keeps a second iro-tui off an open store, its log and its backups go by the name,
    and through a second name a passphrase change went ahead beside the open app, each
    name with a log of its own: two diverging stores in one file."""
    try:
        names = path.stat().st_nlink
    except OSError:
        return
    if names > 1:
        raise BadStore(
            f"the store {path} has {names} names on the disk (hard links): keep one, and "
            "open it by that name (nothing was changed)"
        )


def no_log_without_its_store(path: Path) -> None:
    """A write-ahead log with no store beside it holds the last saves of a store that
    was moved or deleted while open: a new store made here would take it for its own
    log, or overwrite it, and those saves would be lost for good."""
    log = Path(f"{path}-wal")
    if not path.exists() and log.exists() and log.stat().st_size > 0:
        raise BadStore(
            f"there is no store at {path}, but its write-ahead log {log.name} is there: it "
            "may hold the last saves of the store, which was moved or deleted while open. "
            f"Put the store back at {path} to keep them (or, if you are sure they are not "
            f"needed, move {log.name} away) before a new store is made here"
        )


def open_store(
    path: Path | str,
    passphrase: str | None = None,
    *,
    defer_check: bool = False,
    again: bool = False,
) -> Store:
    """Open (creating if needed) and migrate the store at `path`. A new store is
    encrypted with `passphrase`, or plain without one; an encrypted store needs it.

    SQLite's integrity check runs here, before anything is written, so a damaged
    page is found now, with a pointer to the latest backup, rather than in the
    middle of some later read. It reads every page (~10 ms a MB: seconds on a whole
    authority), so the app asks to `defer_check`: when opening writes nothing (no
    migration, no audit repair, already WAL) the check is then left to the caller,
    `store.checked` is False, and the app runs `check_integrity` in a worker after
    its first paint, making no backup until it has passed. A store that opening
    would write to is always checked first: a damaged file is never migrated."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise BadStore(f"{path} is a folder; give the path of a store file")
    # `again`: a second connection to a store this process has open (the annual report's
    # count). Its file header is not read then: closing any file handle this process has
    # on the store drops every lock SQLite holds on it (POSIX record locks are per
    # process), and another program's connection, closing, then took itself for the
    # last one and deleted the write-ahead log under the app: its writes no longer
    # reached the file, and a later write from outside damaged the store.
    no_new_store_over_a_lost_one(path)
    one_name_only(path)
    if not again:
        not_held_alone_elsewhere(path)  # said at once, not after five seconds' wait
    key = passphrase if again else _key_for(path, passphrase)
    new = not path.exists()
    try:
        return _open_to_write(path, key, defer_check=defer_check, again=again)
    except NoRoomToOpen as no_room:
        # A full disk: SQLite had no room for the index it keeps beside the store, and
        # the app stopped at once, though an IRO on the road could have read the
        # caseload. Opened to read instead, and said so. Not a second connection (the
        # first holds the file) nor a new store (a file of 0 bytes: nothing to read).
        if again or not _has_something_to_read(path):
            if new:
                _unmade(path)
            raise
        return _open_to_read_on_a_full_disk(path, key, no_room)
    except BadStore:
        if new:
            _unmade(path)
        raise


def not_held_alone_elsewhere(path: Path) -> None:
    """HeldAloneElsewhere when another iro-tui holds the store alone, having opened it on
    a full disk (_open_to_read_on_a_full_disk). Asked only of a full disk: a read that
    does not wait is refused at once there. An encrypted store's second window asked
    "Open it read-only?", then its passphrase, and only then said so."""
    if not disk_is_full(path) or not path.is_file():
        return
    try:
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0)
    except (sqlite3.Error, ValueError):
        return
    try:
        probe.execute("PRAGMA schema_version").fetchone()  # the header: no key needed
    except sqlite3.Error as exc:
        if is_busy(exc):
            raise busy_on_a_full_disk(path) from None
    finally:
        probe.close()


def _unmade(path: Path) -> None:
    """A new store that could not be made (a full disk) leaves no empty file behind."""
    for suffix in ("-wal", "-shm", ""):
        made = Path(f"{path}{suffix}")
        with contextlib.suppress(OSError):
            if made.stat().st_size == 0 or suffix == "-shm":
                made.unlink()


def _has_something_to_read(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


def _open_to_write(path: Path, key: str | None, *, defer_check: bool, again: bool) -> Store:
    try:
        make_private_folder(path.parent)
        create_private_file(path)  # SQLite gives the WAL and SHM files the same mode
    except OSError as exc:
        raise BadStore(f"cannot create the folder for {path}: {exc.strerror}") from None
    conn = connect(path, key)
    try:
        check_compatible(conn)  # before any write: a refused store stays byte-identical
        # ...and its mode too (a newer iro-tui's store, refused, went from 644 to 600).
        for suffix in ("", "-wal", "-shm"):
            make_private(Path(f"{path}{suffix}"))
        checked = not defer_check or _writes_on_open(conn)
        if checked:
            _quick_check(conn, path)
        conn.execute("PRAGMA journal_mode = WAL")
        migrate(conn)
        repaired = _check_audit_trail(conn, path)
    except (sqlite3.Error, BadStore) as exc:
        raise _closed_on(conn, path, exc, cannot_open) from None
    store = Store(conn, path)
    store.audit_repairs = repaired
    store.passphrase = key
    store.checked = checked
    if not again and not _can_write(conn):
        # Said on opening, as a second window is: a store in a read-only folder or file
        # opened as usual and refused its first save, a note already typed.
        from iro_tui.store.session_lock import make_read_only

        # No reason given: a refused write then says "the store cannot be written: the
        # file or its folder is read-only" (failures.describe), as before.
        make_read_only(store, because="")
    return store


def _closed_on(
    conn: sqlite3.Connection,
    path: Path,
    exc: sqlite3.Error | BadStore,
    otherwise: Callable[[Path, sqlite3.Error], BadStore],
) -> BadStore:
    """What to raise for `exc`, met while opening on `conn`, which is closed: a BadStore
    as it is; a damaged file as damaged (naming the latest backup); any other SQLite
    error as `otherwise` says it."""
    conn.close()
    if isinstance(exc, BadStore):
        return exc
    return damaged(path, exc) if is_damage(exc) else otherwise(path, exc)


def _open_to_read_on_a_full_disk(path: Path, key: str | None, no_room: NoRoomToOpen) -> Store:
    """The store, read-only, on a connection that needs no room on the disk (`alone`).
    Checked whole here (its check cannot run on a second connection, and it is a
    store nothing may be written to). One that must be migrated first is refused."""
    try:
        conn = connect(path, key, alone=True)
    except (StoreDamaged, HeldAloneElsewhere):
        raise
    except BadStore:
        raise no_room from None  # not readable either: the disk's own error is said
    try:
        check_compatible(conn)
        if store_version(conn) != latest_version():
            raise BadStore(
                f"cannot open the store {path}: the disk is full, and this iro-tui must "
                "first update the store, which needs room: free some space and open it "
                "again (nothing was changed)"
            )
        _quick_check(conn, path)
    except (sqlite3.Error, BadStore) as exc:
        raise _closed_on(conn, path, exc, lambda _path, _exc: no_room) from None
    from iro_tui.store.session_lock import make_read_only

    store = Store(conn, path)
    store.passphrase = key
    store.held_alone = True
    make_read_only(store, because=ON_A_FULL_DISK)
    return store


# Why a store opened on a full disk is read-only (said on opening and on each refused write).
ON_A_FULL_DISK = (
    "the disk was full when the store was opened: free some space, then open iro-tui again to save"
)


def _can_write(conn: sqlite3.Connection) -> bool:
    """Whether a write would be taken: SQLite opens a file it cannot write read-only,
    and says so only at the first write."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    try:
        conn.execute("BEGIN IMMEDIATE")
        # A write of what is there, taken back: only a write is refused read-only.
        conn.execute(f"PRAGMA user_version = {int(version)}")
    except sqlite3.OperationalError as exc:  # busy, say: not known unwritable
        return "readonly" not in str(exc).lower()
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    return True


def check_integrity(path: Path, passphrase: str | None = None) -> None:
    """SQLite's integrity check of the store at `path`, on a connection of its own.
    Raises BadStore: `damaged` (naming the latest backup) when the store is damaged."""
    IntegrityCheck(path, passphrase).run()


class IntegrityCheck:
    """check_integrity, which another thread may `stop`: the app runs it in a worker
    thread while its own connection serves the screens, and stops it on quitting
    (it reads the whole store: seconds on a whole authority)."""

    def __init__(self, path: Path, passphrase: str | None = None) -> None:
        self.path, self.passphrase = path, passphrase
        self.stopped = False
        self._conn: sqlite3.Connection | None = None

    def run(self) -> None:
        conn = self._conn = connect(self.path, self.passphrase)
        # SQLite asks every ~10,000 steps whether to go on: a stop that lands between
        # the check below and the query's start (where interrupt() is a no-op) still ends it.
        conn.set_progress_handler(lambda: self.stopped, 10_000)
        try:
            if self.stopped:
                return
            conn.execute("PRAGMA query_only = ON")  # a check: it never writes
            _quick_check(conn, self.path)
        except sqlite3.Error as exc:
            if is_damage(exc):
                raise damaged(self.path, exc) from None
            raise BadStore(f"cannot check the store {self.path}: {describe(exc)}") from None
        finally:
            self._conn = None
            conn.close()

    def stop(self) -> None:
        """Ends a check under way (it then raises BadStore; `stopped` says why)."""
        self.stopped = True
        conn = self._conn
        if conn is not None:
            conn.interrupt()


def _quick_check(conn: sqlite3.Connection, path: Path) -> None:
    check = conn.execute("PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        raise damaged(path, "it fails SQLite's integrity check")


def _writes_on_open(conn: sqlite3.Connection) -> bool:
    """Whether opening writes to the store: a migration (or a new store), the switch
    to WAL, or an audit trail to repair. Reads only."""
    return (
        store_version(conn) != latest_version()
        or conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal"
        or bool(audit.trigger_problems(conn))
    )


def _key_for(path: Path, passphrase: str | None) -> str | None:
    """The key to open `path` with: None for a plain store (a passphrase given for
    one is not needed), the passphrase for a new or encrypted one."""
    kind = crypto.store_kind(path)
    if kind == "not-a-store":
        raise BadStore(f"{path} is not an iro-tui store (nor an encrypted one)")
    if kind == "plain":
        return None
    if kind == "encrypted" and passphrase is None:
        raise crypto.PassphraseNeeded(
            f"{path} is encrypted: give its passphrase (asked on a terminal, or set "
            "IRO_TUI_PASSPHRASE)"
        )
    if kind == "missing" and passphrase is not None:
        crypto.check_passphrase(passphrase)
    return passphrase


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
