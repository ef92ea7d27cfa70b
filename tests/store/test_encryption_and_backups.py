"""Encryption at rest, passphrases, private file modes, backups and restore.

Stores here are SQLCipher files unless a test says plain; each keyed open derives the
key (PBKDF2), so these tests open as few stores as they can.
"""

import os
import shutil
import sqlite3 as plain_sqlite3
import stat
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from iro_tui.__main__ import main
from iro_tui.domain.models import Child
from iro_tui.errors import BadStore
from iro_tui.store import backup, crypto, open_store
from iro_tui.store.driver import sqlite3

from ..conftest import FIXTURE_903, store_contents

PASS = "correct horse battery"
NEW_PASS = "staple-and-ink-2026"


def cli(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def dump(path: Path, passphrase: str | None) -> list[str]:
    """iterdump of a store, encrypted or not: an encrypted one is exported to a plain
    copy first (the SQLCipher driver has no iterdump), then dumped by the standard
    library, so two stores compare statement for statement."""
    if passphrase is None:
        return store_contents(path)
    copy = path.with_name(path.name + ".dump")
    copy.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    crypto.apply_key(conn, passphrase)
    crypto.export_copy(conn, copy, None)
    conn.close()
    try:
        return store_contents(copy)
    finally:
        copy.unlink()


def names_in(path: Path) -> str:
    """What `strings` finds in a file (the tool an attacker would try first)."""
    result = subprocess.run(["strings", "-a", str(path)], capture_output=True, text=True)
    return result.stdout


@pytest.fixture
def secret(monkeypatch):
    monkeypatch.setenv("IRO_TUI_PASSPHRASE", PASS)
    monkeypatch.delenv("IRO_TUI_NEW_PASSPHRASE", raising=False)
    return PASS


@pytest.fixture
def encrypted(tmp_path, capsys, secret) -> Path:
    path = tmp_path / "iro.sqlite"
    assert main(["--db", str(path), "import-903", str(FIXTURE_903)]) == 0
    capsys.readouterr()
    return path


@pytest.mark.skipif(shutil.which("strings") is None, reason="needs binutils' strings")
def test_an_encrypted_store_and_its_wal_hide_every_name(tmp_path, secret):
    path = tmp_path / "iro.sqlite"
    store = open_store(path, PASS)
    store.upsert_child(
        Child(
            child_ref="Z1", dob="2012-05-05", sex="F", given_name="Zephyrine", family_name="Quill"
        )
    )
    # While the store is open the write sits in the WAL: both files must hide it.
    wal = Path(f"{path}-wal")
    assert wal.stat().st_size > 0
    for file in (path, wal):
        found = names_in(file)
        assert "Zephyrine" not in found and "Quill" not in found
        assert b"Zephyrine" not in file.read_bytes()
    store.close()
    assert crypto.store_kind(path) == "encrypted"
    assert "Zephyrine" not in names_in(path)
    conn = plain_sqlite3.connect(path)
    with pytest.raises(plain_sqlite3.DatabaseError, match="not a database"):
        conn.execute("SELECT * FROM children").fetchall()
    conn.close()
    # The same data, plain, shows the name: the check above can fail.
    plain = tmp_path / "plain.sqlite"
    open_store(plain).close()
    store = open_store(plain)
    store.upsert_child(Child(child_ref="Z1", dob="2012-05-05", sex="F", given_name="Zephyrine"))
    store.close()
    assert "Zephyrine" in names_in(plain)


def test_the_cli_opens_an_encrypted_store_only_with_its_passphrase(encrypted, capsys, monkeypatch):
    before = encrypted.read_bytes()
    code, out, _ = cli(capsys, "--db", str(encrypted), "agenda", "--json", "--today", "2026-06-01")
    assert code == 0 and '"100102"' in out
    before = encrypted.read_bytes()
    monkeypatch.setenv("IRO_TUI_PASSPHRASE", "not the passphrase")
    code, out, err = cli(capsys, "--db", str(encrypted), "config", "set", "iro_name", "X")
    assert code == 2 and out == ""
    assert err == f"iro-tui: that passphrase does not open {encrypted} (nothing was changed)\n"
    assert encrypted.read_bytes() == before
    monkeypatch.delenv("IRO_TUI_PASSPHRASE")
    code, _, err = cli(capsys, "--db", str(encrypted), "agenda")  # no terminal under pytest
    assert code == 2 and err.count("\n") == 1 and "set IRO_TUI_PASSPHRASE" in err


def test_a_new_store_needs_a_passphrase_or_plain(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("IRO_TUI_PASSPHRASE", raising=False)
    path = tmp_path / "new.sqlite"
    # Only import-903 (and the app) make a store; every other command refuses a new path.
    new_store = ["import-903", str(FIXTURE_903)]
    code, _, err = cli(capsys, "--db", str(path), *new_store)
    assert code == 2 and "no passphrase for the new store" in err and err.count("\n") == 1
    assert not path.exists()
    monkeypatch.setenv("IRO_TUI_PASSPHRASE", "short")
    code, _, err = cli(capsys, "--db", str(path), *new_store)
    assert code == 2 and "at least 8 characters" in err and not path.exists()
    monkeypatch.delenv("IRO_TUI_PASSPHRASE")
    assert cli(capsys, "--db", str(path), "--plain", *new_store)[0] == 0
    assert crypto.store_kind(path) == "plain"


def test_the_passphrase_is_asked_on_a_terminal(tmp_path, capsys, monkeypatch):
    from iro_tui import passphrase

    monkeypatch.delenv("IRO_TUI_PASSPHRASE", raising=False)
    monkeypatch.setattr(passphrase, "on_terminal", lambda: True)
    typed = iter([PASS, PASS])
    monkeypatch.setattr(passphrase.getpass, "getpass", lambda prompt: next(typed))
    path = tmp_path / "asked.sqlite"
    assert cli(capsys, "--db", str(path), "import-903", str(FIXTURE_903))[0] == 0
    assert crypto.store_kind(path) == "encrypted"
    typed = iter([PASS])
    assert cli(capsys, "--db", str(path), "config", "set", "iro_name", "A. Reviewer")[0] == 0
    typed = iter(["wrong passphrase"])
    code, _, err = cli(capsys, "--db", str(path), "config", "get", "iro_name")
    assert code == 2 and "does not open" in err
    typed = iter([""])  # Enter alone: "unexpected error (OperationalError)" it was
    code, _, err = cli(capsys, "--db", str(path), "config", "get", "iro_name")
    assert (code, err) == (
        2,
        "iro-tui: no passphrase was given: type the store's passphrase\n",
    )
    typed = iter([PASS])
    assert cli(capsys, "--db", str(path), "config", "get", "iro_name")[1] == "A. Reviewer\n"
    typed = iter(["first passphrase", "second passphrase"])
    code, _, err = cli(
        capsys, "--db", str(tmp_path / "other.sqlite"), "import-903", str(FIXTURE_903)
    )
    assert code == 2 and "the two passphrases differ" in err
    assert not (tmp_path / "other.sqlite").exists()


def test_passphrase_change_rekeys_the_store_and_its_backups(encrypted, capsys, monkeypatch):
    assert cli(capsys, "--db", str(encrypted), "backup")[0] == 0
    before = dump(encrypted, PASS)
    monkeypatch.setenv("IRO_TUI_NEW_PASSPHRASE", NEW_PASS)
    code, out, _ = cli(capsys, "--db", str(encrypted), "passphrase", "change")
    assert code == 0 and out.rstrip().endswith("and of 1 backup")
    assert not crypto.passphrase_opens(encrypted, PASS)
    assert crypto.passphrase_opens(encrypted, NEW_PASS)
    (made,) = backup.list_backups(encrypted)
    assert crypto.passphrase_opens(made, NEW_PASS) and not crypto.passphrase_opens(made, PASS)
    assert dump(encrypted, NEW_PASS) == before
    # The old passphrase now opens nothing.
    code, _, err = cli(capsys, "--db", str(encrypted), "agenda")
    assert code == 2 and "does not open" in err


def test_encrypt_migrates_a_plain_store_and_its_backups(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("IRO_TUI_PASSPHRASE", raising=False)
    path = tmp_path / "plain.sqlite"
    assert cli(capsys, "--db", str(path), "--plain", "import-903", str(FIXTURE_903))[0] == 0
    assert cli(capsys, "--db", str(path), "backup")[0] == 0
    before = dump(path, None)
    code, _, err = cli(capsys, "--db", str(path), "encrypt")
    assert code == 2 and "no passphrase for the store" in err
    assert dump(path, None) == before  # refused: still plain, unchanged
    monkeypatch.setenv("IRO_TUI_PASSPHRASE", PASS)
    code, out, _ = cli(capsys, "--db", str(path), "encrypt")
    assert code == 0 and "the plain copy is gone" in out
    assert crypto.store_kind(path) == "encrypted"
    assert dump(path, PASS) == before
    # No plain copy left; the session lock's file (who held it, nothing of the store).
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "plain.sqlite",
        "plain.sqlite.backups",
        "plain.sqlite.lock",
    ]
    kinds = {crypto.store_kind(p) for p in backup.list_backups(path)}
    assert kinds == {"encrypted"}  # the plain backup was encrypted too (or replaced)
    assert cli(capsys, "--db", str(path), "encrypt")[0] == 2  # already encrypted


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_store_wal_backups_and_created_folders_are_private(tmp_path, secret):
    old = os.umask(0o022)  # the usual umask, which left everything world-readable
    try:
        existing = tmp_path / "existing"
        existing.mkdir(mode=0o755)
        path = existing / "new" / "deeper" / "iro.sqlite"
        store = open_store(path, PASS)
        store.set_setting("iro_name", "A. Reviewer")
        made = backup.make_backup(store, datetime(2026, 6, 1, 9, 30))
        for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), made):
            assert mode(file) == 0o600, file
        for folder in (existing / "new", existing / "new" / "deeper", made.parent):
            assert mode(folder) == 0o700, folder
        store.close()
        assert mode(existing) == 0o755  # a folder that already existed is left alone
        # A store from before this rule is tightened when opened.
        os.chmod(path, 0o644)
        open_store(path, PASS).close()
        assert mode(path) == 0o600
    finally:
        os.umask(old)


def test_backup_then_restore_gives_back_the_same_data(encrypted, capsys):
    before = dump(encrypted, PASS)
    code, out, _ = cli(capsys, "--db", str(encrypted), "backup")
    assert code == 0
    (made,) = backup.list_backups(encrypted)
    assert out == f"backed up the store to {made}\n" and crypto.store_kind(made) == "encrypted"
    assert cli(capsys, "--db", str(encrypted), "config", "set", "iro_name", "Changed")[0] == 0
    changed = dump(encrypted, PASS)
    assert changed != before
    # No terminal and no --yes: refused, nothing moved.
    code, _, err = cli(capsys, "--db", str(encrypted), "restore", str(made))
    assert code == 2 and "add --yes" in err and dump(encrypted, PASS) == changed
    code, out, _ = cli(capsys, "--db", str(encrypted), "restore", str(made), "--yes")
    assert code == 0
    assert dump(encrypted, PASS) == before
    (aside,) = tmp_aside = list(encrypted.parent.glob("iro.sqlite.before-restore-*"))
    assert f"kept at {aside}" in out and mode(aside) == 0o600 and tmp_aside
    assert dump(aside, PASS) == changed  # the store as it was is kept, not lost
    # Checking the backup left nothing beside it (a read-only open made -wal and -shm).
    assert sorted(p.name for p in made.parent.iterdir()) == [made.name]


def test_a_backup_off_the_laptop_is_encrypted_there_and_restores(encrypted, capsys, tmp_path):
    """Backups beside the store go with a laptop lost or its disk failed: `--to` puts one
    on a stick, under the passphrase, leaving what else the stick holds as it was."""
    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / "holiday.jpg").write_bytes(b"not ours")
    os.chmod(stick, 0o755)
    before = dump(encrypted, PASS)
    code, out, _ = cli(capsys, "--db", str(encrypted), "backup", "--to", str(stick))
    assert code == 0
    (made,) = stick.glob("iro-*.sqlite")
    # The test's stick is a folder on the store's disk: made, and said not to be off it.
    assert out == (
        f"backed up the store to {made} (on the store's own disk, so it goes with the "
        "laptop: use a memory stick)\n"
    )
    assert crypto.store_kind(made) == "encrypted" and mode(made) == 0o600
    assert (stick / "holiday.jpg").read_bytes() == b"not ours"
    assert mode(stick) == 0o755  # the stick's folder is not made private
    assert backup.list_backups(encrypted) == []  # the laptop's own backups: untouched
    assert cli(capsys, "--db", str(encrypted), "config", "set", "iro_name", "Changed")[0] == 0
    assert cli(capsys, "--db", str(encrypted), "restore", str(made), "--yes")[0] == 0
    assert dump(encrypted, PASS) == before


def test_a_plain_store_is_not_copied_off_the_laptop_nor_to_a_stick_not_there(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.delenv("IRO_TUI_PASSPHRASE", raising=False)
    path = tmp_path / "iro.sqlite"
    assert cli(capsys, "--db", str(path), "--plain", "import-903", str(FIXTURE_903))[0] == 0
    stick = tmp_path / "stick"
    stick.mkdir()
    code, _, err = cli(capsys, "--db", str(path), "backup", "--to", str(stick))
    assert code == 2
    assert err == (
        f"iro-tui: {path} is not encrypted, so it is not copied off the laptop: encrypt it "
        "first (`iro-tui encrypt`, with iro-tui closed), then back it up (nothing was "
        "written)\n"
    )
    assert list(stick.iterdir()) == []
    monkeypatch.setenv("IRO_TUI_PASSPHRASE", PASS)
    assert cli(capsys, "--db", str(tmp_path / "enc.sqlite"), "import-903", str(FIXTURE_903))[0] == 0
    gone = tmp_path / "unplugged"
    code, _, err = cli(capsys, "--db", str(tmp_path / "enc.sqlite"), "backup", "--to", str(gone))
    assert code == 2
    assert err == f"iro-tui: there is no folder {gone} to back up to (nothing was written)\n"
    assert not gone.exists()
    afile = tmp_path / "afile"
    afile.write_text("x")
    code, _, err = cli(capsys, "--db", str(tmp_path / "enc.sqlite"), "backup", "--to", str(afile))
    assert code == 2
    assert err == f"iro-tui: {afile} is a file, not a folder to back up to (nothing was written)\n"


def test_a_backup_s_copy_not_finished_leaves_nothing_beside_it(tmp_path):
    """The copy takes the store's WAL mode: its -wal and -shm stayed on a stick with no
    room to turn it back, more with each try."""
    temp = tmp_path / "iro-2026-06-01T090000.sqlite.part"
    for end in ("", "-journal", "-wal", "-shm"):
        Path(f"{temp}{end}").write_bytes(b"x" * 100)
    (tmp_path / "holiday.jpg").write_bytes(b"not ours")
    backup.remove_copy(temp)
    assert [p.name for p in tmp_path.iterdir()] == ["holiday.jpg"]


def test_a_backup_folder_that_is_a_file_or_refuses_writing_is_said_in_words(
    encrypted, capsys, monkeypatch
):
    """It stopped the backup on an "unexpected error (PermissionError)" (the app's box
    said to try again) or NotADirectoryError; the store is untouched either way."""
    before = dump(encrypted, PASS)
    folder = backup.backups_dir(encrypted)
    folder.write_text("not a folder")
    code, _, err = cli(capsys, "--db", str(encrypted), "backup")
    assert code == 2
    assert err == (
        f"iro-tui: could not write a backup to {folder}: it is a file, not a folder: move "
        "the file away and try again\n"
    )
    folder.unlink()

    def refused(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(backup, "create_private_file", refused)
    code, _, err = cli(capsys, "--db", str(encrypted), "backup")
    assert code == 2
    assert err == (
        f"iro-tui: could not write a backup to {folder}: the folder cannot be written "
        "(permission denied): make it writable again\n"
    )
    assert dump(encrypted, PASS) == before
    assert backup.list_backups(encrypted) == []


def test_restore_refuses_a_file_that_is_not_a_backup(encrypted, capsys, tmp_path):
    before = encrypted.read_bytes()
    notes = tmp_path / "notes.txt"
    notes.write_text("Dear diary, today I reviewed")
    code, _, err = cli(capsys, "--db", str(encrypted), "restore", str(notes), "--yes")
    assert code == 2 and "is not a backup of an iro-tui store" in err
    assert encrypted.read_bytes() == before
    assert not list(tmp_path.glob("*.before-restore-*"))


@pytest.mark.parametrize(
    "command", [("restore", "BACKUP", "--yes"), ("encrypt",), ("passphrase", "change")]
)
def test_no_command_replaces_or_rekeys_a_store_an_app_has_open(
    tmp_path, capsys, monkeypatch, command
):
    """An app with the store open holds its session lock. Restored or encrypted under it,
    the app went on saving into the file taken away ("Footprint note saved", and lost);
    re-keyed under it, its next save stopped it, calling the store damaged."""
    from iro_tui.store.session_lock import SessionLock

    monkeypatch.setenv("IRO_TUI_PASSPHRASE", PASS)
    monkeypatch.setenv("IRO_TUI_NEW_PASSPHRASE", NEW_PASS)
    path = tmp_path / "iro.sqlite"
    plain = command[0] == "encrypt"
    assert (
        cli(
            capsys,
            "--db",
            str(path),
            *(["--plain"] if plain else []),
            "import-903",
            str(FIXTURE_903),
        )[0]
        == 0
    )
    assert cli(capsys, "--db", str(path), "backup")[0] == 0
    (made,) = backup.list_backups(path)
    argv = [str(made) if part == "BACKUP" else part for part in command]
    app = SessionLock(path)
    assert app.acquire() is None  # as the app does on opening the store
    try:
        before = path.read_bytes()
        code, out, err = cli(capsys, "--db", str(path), *argv)
        assert code == 2 and out == ""
        assert "is open in iro-tui" in err and "quit it there first" in err
        assert path.read_bytes() == before
        assert not list(tmp_path.glob("*.before-restore-*"))
    finally:
        app.release()
    # With the app closed, the command does its work.
    assert cli(capsys, "--db", str(path), *argv)[0] == 0


def test_restore_says_when_there_is_no_such_file(encrypted, capsys, tmp_path):
    code, _, err = cli(capsys, "--db", str(encrypted), "restore", str(tmp_path / "gone"), "--yes")
    assert code == 2 and f"there is no file {tmp_path / 'gone'}" in err


def test_a_plain_backup_is_not_restored_over_an_encrypted_store(
    encrypted, capsys, tmp_path, monkeypatch
):
    """Restored as it was, the caseload lay unencrypted on the disk without a word."""
    plain = tmp_path / "plain.sqlite"
    monkeypatch.delenv("IRO_TUI_PASSPHRASE", raising=False)
    assert cli(capsys, "--db", str(plain), "--plain", "import-903", str(FIXTURE_903))[0] == 0
    before = encrypted.read_bytes()
    code, _, err = cli(capsys, "--db", str(encrypted), "restore", str(plain), "--yes")
    assert code == 2 and "is not encrypted and the store is: encrypt the backup first" in err
    assert encrypted.read_bytes() == before and crypto.store_kind(encrypted) == "encrypted"


def test_a_damaged_store_points_to_the_latest_backup_and_that_restores(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.delenv("IRO_TUI_PASSPHRASE", raising=False)
    path = tmp_path / "iro.sqlite"
    assert cli(capsys, "--db", str(path), "--plain", "import-903", str(FIXTURE_903))[0] == 0
    assert cli(capsys, "--db", str(path), "backup")[0] == 0
    good = dump(path, None)
    with path.open("r+b") as handle:  # a disk fault: pages in the middle overwritten
        handle.seek(4096 * 3)
        handle.write(b"\xff" * 4096 * 5)
    (latest,) = backup.list_backups(path)
    code, _, err = cli(capsys, "--db", str(path), "agenda")
    assert code == 2 and err.count("\n") == 1 and "unexpected" not in err
    assert err == (
        f"iro-tui: the store {path} is damaged (some of its pages are garbled); the latest "
        f"backup is {latest}: restore it with `iro-tui --db {path} restore {latest}`\n"
    )
    assert cli(capsys, "--db", str(path), "restore", str(latest), "--yes")[0] == 0
    assert dump(path, None) == good
    assert cli(capsys, "--db", str(path), "agenda")[0] == 0


def test_a_damaged_store_with_no_backup_says_so(tmp_path, capsys):
    path = tmp_path / "iro.sqlite"
    conn = plain_sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with path.open("r+b") as handle:
        handle.seek(20)  # page 1's header fields: no longer a readable database
        handle.write(b"\xff" * 60)
    code, _, err = cli(capsys, "--db", str(path), "agenda")
    assert code == 2 and err.count("\n") == 1
    assert "is damaged" in err and f"no backup in {path}.backups" in err


def test_backups_keep_the_latest_seven_and_one_a_day(tmp_path):
    store = open_store(tmp_path / "iro.sqlite")
    try:
        for day in range(1, 11):
            for hour in (9, 12, 17):
                backup.make_backup(store, datetime(2026, 5, day, hour))
    finally:
        store.close()
    kept = [p.name for p in backup.list_backups(store.path)]
    latest_seven = [
        f"iro-2026-05-{d:02d}T{h:02d}0000.sqlite"
        for d, h in [(8, 17), (9, 9), (9, 12), (9, 17), (10, 9), (10, 12), (10, 17)]
    ]
    daily = [f"iro-2026-05-{d:02d}T170000.sqlite" for d in range(1, 11)]
    assert kept == sorted(set(latest_seven) | set(daily))
    assert backup.backup_due(store.path, datetime(2026, 5, 11).date())
    assert not backup.backup_due(store.path, datetime(2026, 5, 10).date())


def test_exports_are_private_files_in_private_new_folders(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("IRO_TUI_PASSPHRASE", raising=False)
    from iro_tui.demo import ANCHOR, build_demo

    build_demo(tmp_path / "demo.sqlite", ANCHOR).close()
    old = os.umask(0o022)
    try:
        out = tmp_path / "return-2026"  # its own new folder (the parent must exist)
        db = str(tmp_path / "demo.sqlite")
        assert cli(capsys, "--db", db, "export", "903", "--year", "2026", "--out", str(out))[0] == 0
        assert mode(out) == 0o700
        assert {mode(p) for p in out.iterdir()} == {0o600} and len(list(out.iterdir())) == 5
        ics = tmp_path / "diary.ics"
        assert cli(capsys, "--db", db, "--today", "2026-06-01", "export", "ics", str(ics))[0] == 0
        report = tmp_path / "report.md"
        argv = ["--db", db, "--today", "2026-06-01", "report", "annual", "--out", str(report)]
        assert cli(capsys, *argv)[0] == 0
        assert mode(ics) == 0o600 and mode(report) == 0o600
    finally:
        os.umask(old)


def test_sqlite_utils_and_the_store_share_the_sqlcipher_driver():
    # One driver, so `except sqlite3.Error` in store/ catches what sqlite-utils raises.
    import sqlite_utils.utils

    from iro_tui.store import driver

    assert driver.ENCRYPTION_AVAILABLE
    assert sqlite_utils.utils.dbapi2 is sqlite3
    # No module in store/ may use the standard library's sqlite3 directly (a branch
    # merged later could): its exceptions would slip past the store's handlers.
    store_dir = Path(driver.__file__).parent
    for source in store_dir.glob("*.py"):
        text = source.read_text()
        if source.name != "driver.py":
            assert "\nimport sqlite3" not in text and "from sqlite3" not in text, source.name


def test_restore_of_random_bytes_does_not_blame_only_the_passphrase(encrypted, capsys, tmp_path):
    noise = tmp_path / "noise.sqlite"
    noise.write_bytes(os.urandom(100_000))
    before = encrypted.read_bytes()
    code, _, err = cli(capsys, "--db", str(encrypted), "restore", str(noise), "--yes")
    assert code == 2 and "or is not an iro-tui file" in err
    assert "No passphrase opens it as it is" in err
    assert encrypted.read_bytes() == before


@pytest.mark.parametrize("keep", [0.97, 0.5, 0.0])
def test_a_backup_cut_short_is_said_so_not_blamed_on_the_passphrase(
    encrypted, capsys, tmp_path, keep
):
    """A backup copied half-way, restored or opened with the right passphrase, said
    "that passphrase does not open": an IRO would think they had forgotten it."""
    assert cli(capsys, "--db", str(encrypted), "backup")[0] == 0
    (made,) = backup.list_backups(encrypted)
    whole = made.read_bytes()
    cut = int(len(whole) * keep) // 4096 * 4096 + 1_000  # past page 1, never a whole page
    assert cut < len(whole)
    cut_short = tmp_path / "cut.sqlite"
    cut_short.write_bytes(whole[:cut])
    before = encrypted.read_bytes()
    code, _, err = cli(capsys, "--db", str(encrypted), "restore", str(cut_short), "--yes")
    assert code == 2
    assert f"{cut_short} is not a whole store: its {cut:,} bytes are not a whole number" in err
    assert "passphrase does not open" not in err
    assert encrypted.read_bytes() == before
    code, _, err = cli(capsys, "--db", str(cut_short), "agenda")  # opened as the store
    assert code == 2 and "is not a whole store" in err


def test_a_store_that_cannot_be_read_for_another_reason_is_not_a_wrong_passphrase(tmp_path):
    """In a read-only folder the first read failed ("attempt to write a readonly
    database": its write-ahead log cannot be made) and was said as "that passphrase does
    not open" the store, with the right passphrase."""

    class ReadOnlyFolder:
        def execute(self, sql):
            raise sqlite3.OperationalError("attempt to write a readonly database")

    class WrongKey:
        def execute(self, sql):
            raise sqlite3.DatabaseError("file is not a database")

    path = tmp_path / "s.sqlite"
    path.write_bytes(b"\0" * crypto.CIPHER_PAGE)
    with pytest.raises(crypto.BadStore) as refused:
        crypto.verify_key(ReadOnlyFolder(), path)
    assert not isinstance(refused.value, crypto.WrongPassphrase)
    assert str(refused.value) == (
        f"cannot open the store {path}: the store cannot be written: the file or its folder "
        "is read-only"
    )
    with pytest.raises(crypto.WrongPassphrase):
        crypto.verify_key(WrongKey(), path)


def test_a_store_emptied_to_0_bytes_is_damaged_not_a_new_store(tmp_path, capsys, monkeypatch):
    """A full disk or a cut-short copy left the store file empty: it was taken for a new
    store and made one, and each opening's backup rotated the good backups away."""
    monkeypatch.delenv("IRO_TUI_PASSPHRASE", raising=False)
    path = tmp_path / "iro.sqlite"
    assert cli(capsys, "--db", str(path), "--plain", "import-903", str(FIXTURE_903))[0] == 0
    assert cli(capsys, "--db", str(path), "backup")[0] == 0
    (latest,) = backup.list_backups(path)
    path.write_bytes(b"")
    for wal in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        wal.unlink(missing_ok=True)

    code, out, err = cli(capsys, "--db", str(path), "agenda")

    assert (code, out) == (2, "")
    assert err == (
        f"iro-tui: the store {path} is damaged (the file is empty, 0 bytes, though it has "
        f"backups); the latest backup is {latest}: restore it with "
        f"`iro-tui --db {path} restore {latest}`\n"
    )
    assert path.stat().st_size == 0  # nothing made over it
    assert backup.list_backups(path) == [latest]
    # The restore it names puts the backup back.
    assert cli(capsys, "--db", str(path), "restore", str(latest), "--yes")[0] == 0
    assert cli(capsys, "--db", str(path), "agenda")[0] == 0


def test_a_link_to_an_open_store_is_the_store_itself(tmp_path, capsys, monkeypatch):
    """Through a symbolic link to the store open in the app, a passphrase change went
    ahead (the lock is named from the path) and changed none of the backups."""
    monkeypatch.delenv("IRO_TUI_PASSPHRASE", raising=False)
    path = tmp_path / "iro.sqlite"
    assert cli(capsys, "--db", str(path), "--plain", "import-903", str(FIXTURE_903))[0] == 0
    assert cli(capsys, "--db", str(path), "backup")[0] == 0
    (made,) = backup.list_backups(path)
    alias = tmp_path / "alias.sqlite"
    alias.symlink_to(path)
    from iro_tui.store.session_lock import SessionLock

    app = SessionLock(path)
    assert app.acquire() is None  # as the app does on opening the store
    try:
        before = path.read_bytes()
        code, _, err = cli(capsys, "--db", str(alias), "restore", str(made), "--yes")
        assert code == 2 and "is open in iro-tui" in err
        assert path.read_bytes() == before
    finally:
        app.release()


def test_an_empty_store_beside_a_log_is_damaged_not_made_new(tmp_path, capsys, monkeypatch):
    """0 bytes beside a non-empty write-ahead log: taken for a plain store, the log was
    dropped and a new empty store made, unencrypted."""
    monkeypatch.delenv("IRO_TUI_PASSPHRASE", raising=False)
    path = tmp_path / "iro.sqlite"
    path.write_bytes(b"")
    Path(f"{path}-wal").write_bytes(b"\x37\x7f\x06\x82" + b"\x00" * 4092)

    code, out, err = cli(capsys, "--db", str(path), "agenda")

    assert (code, out) == (2, "")
    assert "is damaged (the file is empty, 0 bytes, though its write-ahead log is not)" in err
    assert path.stat().st_size == 0 and Path(f"{path}-wal").stat().st_size == 4096


def test_a_store_with_a_second_name_is_refused(tmp_path, capsys, monkeypatch):
    """Through a hard link to the store open in the app, a passphrase change went ahead
    (the lock, the log and the backups go by the name): two diverging stores in one file."""
    monkeypatch.delenv("IRO_TUI_PASSPHRASE", raising=False)
    path = tmp_path / "iro.sqlite"
    assert cli(capsys, "--db", str(path), "--plain", "import-903", str(FIXTURE_903))[0] == 0
    second = tmp_path / "second.sqlite"
    second.hardlink_to(path)
    before = path.read_bytes()
    for name in (path, second):
        for command in (["agenda"], ["backup"], ["encrypt"]):
            code, _, err = cli(capsys, "--db", str(name), *command)
            assert code == 2, (name, command)
            assert "has 2 names on the disk (hard links): keep one" in err
    assert path.read_bytes() == before
    second.unlink()
    assert cli(capsys, "--db", str(path), "agenda")[0] == 0


def test_backup_of_an_emptied_store_says_it_is_damaged(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("IRO_TUI_PASSPHRASE", raising=False)
    path = tmp_path / "iro.sqlite"
    assert cli(capsys, "--db", str(path), "--plain", "import-903", str(FIXTURE_903))[0] == 0
    assert cli(capsys, "--db", str(path), "backup")[0] == 0
    path.write_bytes(b"")
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    code, _, err = cli(capsys, "--db", str(path), "backup")
    assert code == 2 and "is damaged (the file is empty, 0 bytes, though it has backups)" in err


def test_restore_onto_the_store_itself_is_refused_before_anything_is_asked(
    encrypted, capsys, monkeypatch
):
    """The backup's passphrase, then "Replace the store ...?", were asked, and a yes
    refused."""
    from iro_tui import passphrase

    asked = []
    monkeypatch.setattr(passphrase, "confirm", lambda question: asked.append(question))
    monkeypatch.setattr(passphrase, "existing", lambda path: asked.append(path))
    code, _, err = cli(capsys, "--db", str(encrypted), "restore", str(encrypted))
    assert code == 2
    assert "is the store itself, not a backup of it" in err
    assert asked == []


def test_restore_refuses_the_store_itself_and_a_failed_copy_puts_the_store_back(
    encrypted, capsys, monkeypatch
):
    """Restoring the store onto itself moved it aside, then found nothing to copy back:
    no store was left (an adversarial check). A copy that fails (a full disk) now puts
    the store back as it was."""
    before = encrypted.read_bytes()
    code, _, err = cli(capsys, "--db", str(encrypted), "restore", str(encrypted), "--yes")
    assert code == 2
    assert err == (
        f"iro-tui: {encrypted} is the store itself, not a backup of it: give one from "
        f"{backup.backups_dir(encrypted)} (nothing was changed)\n"
    )
    assert encrypted.read_bytes() == before
    assert not list(encrypted.parent.glob("*.before-restore-*"))

    assert cli(capsys, "--db", str(encrypted), "backup")[0] == 0
    (made,) = backup.list_backups(encrypted)

    def full_disk(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup.shutil, "copyfileobj", full_disk)
    code, _, err = cli(capsys, "--db", str(encrypted), "restore", str(made), "--yes")
    assert code == 2
    assert err.endswith("No space left on device; the store is as it was (nothing was changed)\n")
    assert encrypted.read_bytes() == before
    assert not list(encrypted.parent.glob("*.before-restore-*"))
    assert not list(encrypted.parent.glob("*.restoring"))


def test_a_missing_store_with_backups_is_not_made_again_as_a_new_one(encrypted, capsys):
    """Deleted, or lost, with its backups beside it: it was offered as a new store, whose
    own backups would in time have rotated the old ones away (an adversarial check)."""
    assert cli(capsys, "--db", str(encrypted), "backup")[0] == 0
    (made,) = backup.list_backups(encrypted)
    encrypted.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{encrypted}{suffix}").unlink(missing_ok=True)
    code, _, err = cli(capsys, "--db", str(encrypted), "import-903", str(FIXTURE_903))
    assert code == 2
    assert err == (
        f"iro-tui: there is no store at {encrypted}, though it has backups in {made.parent} "
        f"(the latest {made.name}): restore it with `iro-tui --db {encrypted} restore "
        f"{made}`, or, to begin a new store here, move that folder away first (nothing was "
        "changed)\n"
    )
    assert not encrypted.exists()
    assert cli(capsys, "--db", str(encrypted), "restore", str(made), "--yes")[0] == 0
    assert cli(capsys, "--db", str(encrypted), "agenda")[0] == 0


def test_a_damaged_list_of_tables_is_said_as_damage_with_the_backup(tmp_path, capsys):
    """A garbled page in the store's list of tables surfaced as "unexpected error
    (DatabaseError)", the backup not named (an adversarial check)."""
    path = tmp_path / "plain.sqlite"
    assert cli(capsys, "--db", str(path), "--plain", "import-903", str(FIXTURE_903))[0] == 0
    assert cli(capsys, "--db", str(path), "backup")[0] == 0
    (made,) = backup.list_backups(path)
    conn = plain_sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    # sqlite_master's root is page 1; its schema spills to page 2 onwards in a store of
    # this many tables: garble every page of sqlite_master but the header's.
    pages = (
        plain_sqlite3.connect(path)
        .execute("SELECT pageno FROM dbstat WHERE name = 'sqlite_schema' AND pageno > 1")
        .fetchall()
    )
    assert pages, "the list of tables fits page 1: the test needs a page to garble"
    with path.open("r+b") as store:
        for (page,) in pages:
            store.seek((page - 1) * 4096)
            store.write(os.urandom(4096))
    code, _, err = cli(capsys, "--db", str(path), "agenda")
    assert code == 2
    assert "is damaged" in err and f"restore it with `iro-tui --db {path} restore {made}`" in err


def test_encrypt_and_a_new_passphrase_take_in_a_store_a_restore_set_aside(
    tmp_path, capsys, monkeypatch
):
    """A restore keeps the store it replaced beside it; `encrypt` left that copy in the
    clear while saying "the plain copy is gone", and a passphrase change left it opening
    with the old passphrase (an adversarial check)."""
    monkeypatch.delenv("IRO_TUI_PASSPHRASE", raising=False)
    path = tmp_path / "plain.sqlite"
    assert cli(capsys, "--db", str(path), "--plain", "import-903", str(FIXTURE_903))[0] == 0
    assert cli(capsys, "--db", str(path), "backup")[0] == 0
    (made,) = backup.list_backups(path)
    assert cli(capsys, "--db", str(path), "restore", str(made), "--yes")[0] == 0
    (aside,) = backup.set_aside(path)
    assert crypto.store_kind(aside) == "plain"
    monkeypatch.setenv("IRO_TUI_PASSPHRASE", PASS)
    code, out, _ = cli(capsys, "--db", str(path), "encrypt")
    assert code == 0 and "and 1 store set aside by a restore; the plain copy is gone" in out
    assert crypto.store_kind(aside) == "encrypted" and crypto.passphrase_opens(aside, PASS)
    assert not [p for p in tmp_path.iterdir() if p.is_file() and crypto.store_kind(p) == "plain"]
    monkeypatch.setenv("IRO_TUI_NEW_PASSPHRASE", NEW_PASS)
    code, out, _ = cli(capsys, "--db", str(path), "passphrase", "change")
    assert code == 0 and out.rstrip().endswith("and 1 store set aside by a restore")
    assert crypto.passphrase_opens(aside, NEW_PASS) and not crypto.passphrase_opens(aside, PASS)


def test_a_plain_store_whose_header_is_garbled_points_to_its_plain_backup(
    tmp_path, capsys, monkeypatch
):
    """A garbled first page looks like encryption: a plain store so damaged was asked for
    its passphrase again and again, with no word of its backup (an adversarial check).
    Its backups are plain, so it may be damaged, not encrypted: said, with the backup."""
    monkeypatch.delenv("IRO_TUI_PASSPHRASE", raising=False)
    path = tmp_path / "plain.sqlite"
    assert cli(capsys, "--db", str(path), "--plain", "import-903", str(FIXTURE_903))[0] == 0
    assert cli(capsys, "--db", str(path), "backup")[0] == 0
    (made,) = backup.list_backups(path)
    with path.open("r+b") as store:
        store.write(os.urandom(100))
    assert crypto.store_kind(path) == "encrypted"
    hint = (
        ". Its latest backup is not encrypted, so the store may be damaged, not encrypted: "
        f"restore the backup with `iro-tui --db {path} restore {made}`\n"
    )
    code, _, err = cli(capsys, "--db", str(path), "agenda")
    assert code == 2 and err.endswith(
        f"is encrypted: set IRO_TUI_PASSPHRASE to its passphrase{hint}"
    )
    monkeypatch.setenv("IRO_TUI_PASSPHRASE", PASS)
    code, _, err = cli(capsys, "--db", str(path), "agenda")
    assert code == 2 and err.endswith(f"(nothing was changed){hint}")


def test_an_encrypted_store_with_encrypted_backups_is_not_called_damaged(
    encrypted, capsys, monkeypatch
):
    assert cli(capsys, "--db", str(encrypted), "backup")[0] == 0
    monkeypatch.setenv("IRO_TUI_PASSPHRASE", "not the passphrase")
    code, _, err = cli(capsys, "--db", str(encrypted), "agenda")
    assert code == 2 and err.rstrip().endswith(
        "does not open " + str(encrypted) + " (nothing was changed)"
    )


def test_an_encrypted_backup_cut_short_at_a_whole_page_is_said_damaged_not_the_passphrase(
    encrypted, capsys, monkeypatch
):
    """Cut at a page boundary (as a copy that stopped), its first page decrypts: it was
    refused as "that passphrase does not open" it, with the right passphrase."""
    assert cli(capsys, "--db", str(encrypted), "backup")[0] == 0
    (made,) = backup.list_backups(encrypted)
    cut = encrypted.parent / "cut.sqlite"
    cut.write_bytes(made.read_bytes()[: 10 * crypto.CIPHER_PAGE])
    before = encrypted.read_bytes()
    code, _, err = cli(capsys, "--db", str(encrypted), "restore", str(cut), "--yes")
    assert code == 2
    assert err == (
        f"iro-tui: {cut} is damaged (some of its pages are garbled or missing: a copy cut "
        "short, or a failing disk), so it was not restored; its passphrase is right\n"
    )
    assert encrypted.read_bytes() == before
    # A wrong passphrase is still said as one.
    monkeypatch.setenv("IRO_TUI_PASSPHRASE", "not the one")
    code, _, err = cli(capsys, "--db", str(encrypted), "restore", str(cut), "--yes")
    assert code == 2 and f"that passphrase does not open {cut}" in err
    # A store cut so is damaged too, and its latest backup named.
    monkeypatch.setenv("IRO_TUI_PASSPHRASE", PASS)
    encrypted.write_bytes(before[: 10 * crypto.CIPHER_PAGE])
    code, _, err = cli(capsys, "--db", str(encrypted), "agenda")
    assert code == 2
    assert f"the store {encrypted} is damaged (some of its pages are garbled)" in err
    assert f"the latest backup is {made}" in err


def test_a_plain_backup_cut_short_is_said_damaged_in_words(tmp_path, capsys, monkeypatch):
    """SQLite's own words were said: "cannot be restored: database disk image is
    malformed"."""
    monkeypatch.delenv("IRO_TUI_PASSPHRASE", raising=False)
    path = tmp_path / "iro.sqlite"
    assert cli(capsys, "--db", str(path), "--plain", "import-903", str(FIXTURE_903))[0] == 0
    assert cli(capsys, "--db", str(path), "backup")[0] == 0
    (made,) = backup.list_backups(path)
    cut = tmp_path / "cut.sqlite"
    cut.write_bytes(made.read_bytes()[:8192])
    code, _, err = cli(capsys, "--db", str(path), "restore", str(cut), "--yes")
    assert code == 2
    assert err == (
        f"iro-tui: {cut} is damaged (some of its pages are garbled or missing: a copy cut "
        "short, or a failing disk), so it was not restored\n"
    )


def test_an_encrypted_backup_cut_mid_page_is_said_so_before_its_passphrase_is_asked(
    encrypted, capsys, monkeypatch
):
    from iro_tui import passphrase

    assert cli(capsys, "--db", str(encrypted), "backup")[0] == 0
    (made,) = backup.list_backups(encrypted)
    cut = encrypted.parent / "cut.sqlite"
    cut.write_bytes(made.read_bytes()[:100_000])
    asked = []
    monkeypatch.setattr(passphrase, "existing", lambda path: asked.append(path) or PASS)
    code, _, err = cli(capsys, "--db", str(encrypted), "restore", str(cut), "--yes")
    assert code == 2 and "100,000 bytes are not a whole number of pages" in err
    assert asked == []


@pytest.mark.parametrize(
    "argv", [["passphrase", "change"], ["encrypt"], ["restore", "backup.sqlite", "--yes"]]
)
def test_on_a_full_disk_what_rewrites_the_store_says_so_before_asking_anything(
    encrypted, capsys, monkeypatch, argv
):
    import shutil

    from iro_tui import passphrase

    room = shutil.disk_usage(encrypted.parent)
    monkeypatch.setattr(shutil, "disk_usage", lambda path: room._replace(free=20_000))
    asked = []
    monkeypatch.setattr(passphrase, "existing", lambda path: asked.append(path) or PASS)
    monkeypatch.setattr(passphrase, "confirm", lambda question: asked.append(question))
    before = encrypted.read_bytes()
    code, _, err = cli(capsys, "--db", str(encrypted), *argv)
    assert code == 2
    assert err == (
        f"iro-tui: the disk holding {encrypted} is full, and `{argv[0]}` needs room: free "
        "some space and try again (nothing was changed)\n"
    )
    assert asked == [] and encrypted.read_bytes() == before


def test_a_backup_that_cannot_be_rekeyed_is_named_and_the_store_said_changed(
    encrypted, capsys, monkeypatch
):
    """The first backup the disk refused stopped the rest, and "changed the passphrase"
    was never said of the store, which had been."""
    assert cli(capsys, "--db", str(encrypted), "backup")[0] == 0
    (made,) = backup.list_backups(encrypted)
    monkeypatch.setenv("IRO_TUI_NEW_PASSPHRASE", NEW_PASS)

    def full(path, old, new):
        raise BadStore("the disk is full")

    monkeypatch.setattr(crypto, "rekey_file", full)
    code, out, err = cli(capsys, "--db", str(encrypted), "passphrase", "change")
    assert code == 2
    assert out == f"changed the passphrase of {encrypted} and of 0 backups\n"
    assert err == (
        "iro-tui: 1 file beside the store was not re-keyed (is the disk full?), so it is "
        f"still under the old passphrase: {made}\n"
    )
    monkeypatch.setenv("IRO_TUI_PASSPHRASE", NEW_PASS)
    assert cli(capsys, "--db", str(encrypted), "agenda")[0] == 0  # the new one opens it


def test_a_backup_that_cannot_be_encrypted_is_named_as_in_the_clear(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("IRO_TUI_PASSPHRASE", raising=False)
    path = tmp_path / "iro.sqlite"
    assert cli(capsys, "--db", str(path), "--plain", "import-903", str(FIXTURE_903))[0] == 0
    assert cli(capsys, "--db", str(path), "backup")[0] == 0
    (made,) = backup.list_backups(path)
    real = crypto.encrypt_plain_store

    def full_for_backups(target, key):
        if target != path:
            raise BadStore("the disk is full")
        real(target, key)

    monkeypatch.setattr(crypto, "encrypt_plain_store", full_for_backups)
    monkeypatch.setenv("IRO_TUI_PASSPHRASE", PASS)
    code, out, err = cli(capsys, "--db", str(path), "encrypt")
    assert code == 2
    assert out == f"encrypted {path}\n"
    assert err == (
        "iro-tui: 1 file beside the store was not encrypted (is the disk full?), so it is "
        f"still in the clear: delete, or move somewhere safe: {made}\n"
    )
    assert crypto.store_kind(path) == "encrypted" and crypto.store_kind(made) == "plain"
