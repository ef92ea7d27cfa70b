"""Encryption at rest: which stores are encrypted, keying a connection, encrypting a
plain store and changing the passphrase.

A store holds children's names, decisions and views, and the laptop it lives on
travels: new stores are SQLCipher files (AES-256, the key derived from the passphrase
by PBKDF2), unreadable without the passphrase. The passphrase is never written
anywhere; a wrong one opens nothing and changes nothing.
"""

from __future__ import annotations

import hmac
import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from iro_tui.errors import BadStore
from iro_tui.store.driver import ENCRYPTION_AVAILABLE, sqlite3
from iro_tui.store.failures import cannot_open, describe

if TYPE_CHECKING:
    from iro_tui.store.store import Store

PLAIN_HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every plain SQLite file
# An encrypted file starts with a random 16-byte salt: 16 printable characters in a row
# are a text file (a 1 in 10 million chance for a salt), so it is called not a store.
_PRINTABLE = frozenset(range(0x20, 0x7F)) | {0x09, 0x0A, 0x0D}

StoreKind = Literal["missing", "plain", "encrypted", "not-a-store"]


class PassphraseNeeded(BadStore):
    """The store is encrypted and no passphrase was given."""


class WrongPassphrase(BadStore):
    """The passphrase given does not open the store. Nothing was changed."""


def store_kind(path: Path) -> StoreKind:
    """What is at `path`, read from the file header only (nothing is written).

    Never for a store this process has open: closing the handle read through drops
    SQLite's locks on the file (open_store's `again`)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except FileNotFoundError:
        return "missing"
    except IsADirectoryError:
        raise BadStore(f"{path} is a folder; give the path of a store file") from None
    except OSError as exc:
        raise BadStore(f"cannot read the store {path}: {exc.strerror}") from None
    if not head:
        # An empty file is a store not yet written, unless its pages are still in the
        # write-ahead log (a crash before the first checkpoint): then try it as plain.
        wal = Path(f"{path}-wal")
        return "plain" if wal.exists() and wal.stat().st_size else "missing"
    if head == PLAIN_HEADER:
        return "plain"
    if len(head) < 16 or set(head) <= _PRINTABLE:
        return "not-a-store"
    return "encrypted"


def _quoted(passphrase: str) -> str:
    return "'" + passphrase.replace("'", "''") + "'"


def check_passphrase(passphrase: str) -> str:
    """A passphrase that can be used, or BadStore saying why not."""
    if "\x00" in passphrase:
        raise BadStore("a passphrase cannot contain a NUL character")
    if len(passphrase) < 8:
        raise BadStore("the passphrase must be at least 8 characters long")
    return passphrase


def apply_key(conn: sqlite3.Connection, passphrase: str) -> None:
    """Key a fresh connection (before anything reads the file)."""
    if not ENCRYPTION_AVAILABLE:
        raise BadStore("this installation has no SQLCipher, so it cannot open encrypted stores")
    if not passphrase:
        # SQLCipher refuses an empty key with an error of its own, which reached the IRO
        # as "stopped on an unexpected error", and from the idle lock quit the app
        # (an adversarial check: Enter on the empty box).
        raise WrongPassphrase("no passphrase was given: type the store's passphrase")
    conn.execute("PRAGMA cipher_log_level = NONE")  # SQLCipher would log to stderr
    conn.execute(f"PRAGMA key = {_quoted(passphrase)}")


def verify_key(conn: sqlite3.Connection, path: Path) -> None:
    """The first read decrypts page 1: it fails as "not a database" exactly when the key
    is wrong (or page 1 itself is damaged, which no one can tell apart from a wrong key).
    Any other failure is said as itself: a store in a read-only folder (its write-ahead
    log cannot be made) was refused as "that passphrase does not open" it, with the
    right passphrase, and an IRO was sent after a passphrase they had not forgotten."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        cut_short(path)
        if _not_about_the_key(exc):
            raise cannot_open(path, exc) from None
        from iro_tui.store.backup import damaged, if_damaged_instead

        if _after_the_first_page(exc):
            raise damaged(path, exc) from None

        raise WrongPassphrase(
            f"that passphrase does not open {path} (nothing was changed)" + if_damaged_instead(path)
        ) from None


def _after_the_first_page(exc: sqlite3.DatabaseError) -> bool:
    """ "Malformed", not "not a database": page 1 was decrypted, and SQLCipher checks it
    (its HMAC) before anything in it is read, so the key was right and a later page is
    damaged or missing. A backup cut short at a whole page was refused as "that
    passphrase does not open" it, and the IRO sent after a passphrase that was right."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith("SQLITE_CORRUPT") or "malformed" in str(exc).lower()


def _not_about_the_key(exc: sqlite3.DatabaseError) -> bool:
    """A failure no key could cause: the file or folder read-only, busy, a full disk."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    return name.startswith(
        ("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_FULL")
    ) or any(
        words in text
        for words in ("readonly", "unable to open", "locked", "disk is full", "i/o error")
    )


# SQLCipher's page (its default, which iro-tui keeps): every whole encrypted file is a
# whole number of them.
CIPHER_PAGE = 4096


def cut_short(path: Path) -> None:
    """BadStore when the file is not a whole number of pages: cut short by a copy or a
    download that stopped, or a damaged disk. A wrong passphrase and a damaged first
    page look alike; this is told apart, so an IRO is not sent after their passphrase."""
    try:
        size = path.stat().st_size
    except OSError:
        return
    if size % CIPHER_PAGE:
        raise BadStore(
            f"{path} is not a whole store: its {size:,} bytes are not a whole number of "
            "pages, so it was cut short (a copy or download that stopped), damaged, or is "
            "not an iro-tui file; nothing was changed. No passphrase opens it as it is"
        )


def passphrase_opens(path: Path, passphrase: str) -> bool:
    """Does `passphrase` open the encrypted store at `path`? (The idle lock asks this:
    the passphrase itself is never kept in memory to compare against.) BadStore when
    the store cannot be read to tell (cut short since, its folder now read-only)."""
    conn = sqlite3.connect(path, timeout=5.0)
    try:
        apply_key(conn, passphrase)
        verify_key(conn, path)
        return True
    except WrongPassphrase:
        return False
    finally:
        conn.close()


def unlocks(store: Store, typed: str) -> bool:
    """Does `typed` open the app's `store` (the idle lock asks)? Told by opening the file
    anew, except for a store held alone (opened on a full disk, connect.py): no second
    connection can open that one until it closes, and the idle lock would never have
    let the IRO back in. It was opened with its passphrase, so that is compared."""
    if store.held_alone:
        return store.passphrase is not None and hmac.compare_digest(
            store.passphrase.encode(), typed.encode()
        )
    return passphrase_opens(store.path, typed)


def export_copy(conn: sqlite3.Connection, target: Path, passphrase: str | None) -> None:
    """A full copy of the open store in a new file, encrypted with `passphrase` (or
    plain with None), with its schema version (sqlcipher_export leaves that out)."""
    key = _quoted(passphrase) if passphrase is not None else "''"
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.execute(f"ATTACH DATABASE ? AS copy KEY {key}", (str(target),))
    try:
        conn.execute("SELECT sqlcipher_export('copy')").fetchone()
        conn.execute(f"PRAGMA copy.user_version = {int(version)}")
    finally:
        conn.execute("DETACH DATABASE copy")


def table_contents(conn: sqlite3.Connection) -> list[tuple]:
    """Every row of every table, in a fixed order: to check a copy is the same data."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    rows: list[tuple] = [("user_version", conn.execute("PRAGMA user_version").fetchone()[0])]
    for name in names:
        rows.append(("table", name))
        rows.extend(conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall())
    return rows


def encrypt_plain_store(path: Path, passphrase: str) -> None:
    """Replace the plain store at `path` by an encrypted copy. The plain file is kept
    until the copy is verified row for row; then the copy is renamed over it, so at
    every moment one complete store is at `path`."""
    check_passphrase(passphrase)
    if store_kind(path) != "plain":
        raise BadStore(f"{path} is not a plain store (it may already be encrypted)")
    target = path.with_name(path.name + ".encrypting")
    target.unlink(missing_ok=True)
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    conn = sqlite3.connect(path, timeout=5.0)
    try:
        # Every committed page into the main file first, so nothing is left in the WAL.
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        export_copy(conn, target, passphrase)
        expected = table_contents(conn)
        copy = sqlite3.connect(target)
        try:
            apply_key(copy, passphrase)
            same = table_contents(copy) == expected
        finally:
            copy.close()
        if not same:
            raise BadStore(
                "the encrypted copy did not match the store; the store was left as it was"
            )
    except BaseException as exc:
        conn.close()
        target.unlink(missing_ok=True)
        if isinstance(exc, sqlite3.Error):  # a disk nearly full: "unexpected error" was said
            raise BadStore(f"{path} was not encrypted: {describe(exc)}; it is as it was") from None
        raise
    conn.close()
    os.replace(target, path)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def change_passphrase(conn: sqlite3.Connection, new: str, path: Path) -> None:
    """Re-encrypt the open (keyed) store at `path` under a new passphrase, in place.
    SQLCipher's rekey says nothing when it cannot write: on a store opened read-only (a
    full disk) `passphrase change` said it had changed the passphrase, and the store
    still opened only with the old one. So the store is read again under the new
    passphrase before it is said to be changed."""
    check_passphrase(new)
    try:
        conn.execute(f"PRAGMA rekey = {_quoted(new)}")
    except sqlite3.Error as exc:  # a disk nearly full: "unexpected error" was said
        raise BadStore(
            f"the passphrase of {path} was not changed: {describe(exc)}; it still opens with "
            "the old one"
        ) from None
    if not passphrase_opens(path, new):
        raise BadStore(
            f"the passphrase of {path} could not be changed (is its disk full or "
            "read-only?): it still opens with the old one"
        )


def rekey_file(path: Path, old: str, new: str) -> bool:
    """Re-encrypt a closed file (a backup) from `old` to `new`; False if `old` does
    not open it (made under an earlier passphrase), which leaves it as it was."""
    conn = sqlite3.connect(path)
    try:
        apply_key(conn, old)
        verify_key(conn, path)
        change_passphrase(conn, new, path)
        return True
    except WrongPassphrase:
        return False
    finally:
        conn.close()
