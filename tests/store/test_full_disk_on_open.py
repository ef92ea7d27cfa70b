"""A store on a full disk opens to be read, and says why nothing can be saved.

SQLite keeps an index file (-shm) beside a store in WAL mode, and on a full disk it had
no room to make it: every opening stopped with "the disk reported an error", and an IRO
on the road could not read the caseload. The disk is made full here as the kernel makes
it: in a process whose every file may not grow by a byte (RLIMIT_FSIZE 0), where a
write past a file's end fails with EFBIG, as on a full disk with ENOSPC.
"""

import json
import os
import shutil
import sqlite3 as stdlib_sqlite3
import subprocess
import sys
import textwrap

import pytest

from iro_tui.errors import BadStore
from iro_tui.store import open_store
from iro_tui.store.connect import ON_A_FULL_DISK
from iro_tui.store.migrations import latest_version
from iro_tui.store.schema_file import statements

from .test_migrations import OLD_SCHEMAS

NO_ROOM = """
import resource, signal
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, as ENOSPC
resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
"""


def with_no_room(code: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `code` in a Python whose disk is full (see above)."""
    return subprocess.run(
        [sys.executable, "-c", NO_ROOM + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def as_after_a_crash(store, tmp_path):
    """A copy of `store` as a crash leaves it: its last save still in the write-ahead
    log, not yet in the file, and no -shm index beside it."""
    target = tmp_path / "copy" / "iro.sqlite"
    target.parent.mkdir(mode=0o700)
    shutil.copy(store.path, target)
    shutil.copy(f"{store.path}-wal", f"{target}-wal")
    return target


def test_a_store_on_a_full_disk_opens_read_only_with_its_last_save(store, tmp_path):
    store.conn.execute("PRAGMA wal_autocheckpoint = 0")  # the save stays in the log
    store.set_setting("idle_lock_minutes", "7")
    path = as_after_a_crash(store, tmp_path)
    assert os.path.getsize(f"{path}-wal") > 0

    ran = with_no_room(f"""
        import json
        from iro_tui.errors import StoreUnwritable
        from iro_tui.store import open_store
        store = open_store({str(path)!r}, defer_check=True)
        seen = {{"minutes": store.get_setting("idle_lock_minutes"), "read_only": store.read_only,
                "because": store.read_only_because, "alone": store.held_alone,
                "checked": store.checked}}
        try:
            store.set_setting("idle_lock_minutes", "9")
        except StoreUnwritable as refused:
            seen["refused"] = str(refused)
        store.close()
        print(json.dumps(seen))
    """)
    assert ran.returncode == 0, ran.stderr
    seen = json.loads(ran.stdout)
    assert seen["minutes"] == "7"  # read from the log, which was not lost
    assert seen["read_only"] and seen["alone"]
    assert seen["because"] == ON_A_FULL_DISK
    assert seen["checked"]  # checked whole on opening: no second connection can check it
    assert seen["refused"] == (
        "this iro-tui is read-only, because the disk was full when the store was opened: "
        "free some space, then open iro-tui again to save; nothing was saved"
    )
    # Room again: the store opens as ever, with the save and nothing of the refused one.
    again = open_store(path)
    try:
        assert not again.read_only
        assert again.get_setting("idle_lock_minutes") == "7"
        assert again.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        again.close()


def test_the_command_line_reads_the_diary_on_a_full_disk(demo, tmp_path, today):
    demo.close()
    before = demo.path.read_bytes()
    ran = with_no_room(f"""
        import sys
        from iro_tui.__main__ import main
        sys.exit(main(["--db", {str(demo.path)!r}, "--today", "{today}", "agenda"]))
    """)
    assert ran.returncode == 0, ran.stderr
    assert "OVERDUE" in ran.stdout and "Review due" in ran.stdout
    assert ran.stderr == ""
    assert demo.path.read_bytes() == before


def test_an_encrypted_store_on_a_full_disk_opens_with_its_passphrase(tmp_path, today):
    path = tmp_path / "iro.sqlite"
    made = open_store(path, "correct horse battery")
    made.set_setting("idle_lock_minutes", "11")
    made.close()
    code = f"""
        from iro_tui.store import open_store
        store = open_store({str(path)!r}, PASSPHRASE)
        print(store.get_setting("idle_lock_minutes"), store.read_only)
    """
    ran = with_no_room("PASSPHRASE = 'correct horse battery'" + textwrap.dedent(code))
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split() == ["11", "True"]
    ran = with_no_room("PASSPHRASE = 'wrong'" + textwrap.dedent(code))
    assert "that passphrase does not open" in ran.stderr


def test_a_store_to_be_updated_is_refused_on_a_full_disk_and_left_as_it_was(tmp_path):
    path = tmp_path / "old.sqlite"
    conn = stdlib_sqlite3.connect(path)
    old = latest_version() - 1
    for sql in statements((OLD_SCHEMAS / f"v{old}.sql").read_text()):
        conn.execute(sql)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    ran = with_no_room(f"""
        from iro_tui.errors import BadStore
        from iro_tui.store import open_store
        try:
            open_store({str(path)!r})
        except BadStore as refused:
            print(refused)
    """)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == (
        f"cannot open the store {path}: the disk is full, and this iro-tui must first "
        "update the store, which needs room: free some space and open it again (nothing "
        "was changed)"
    )
    assert path.read_bytes() == before


def test_a_new_store_on_a_full_disk_is_refused_as_before(tmp_path):
    path = tmp_path / "new.sqlite"
    ran = with_no_room(f"""
        from iro_tui.errors import BadStore
        from iro_tui.store import open_store
        try:
            open_store({str(path)!r})
        except BadStore as refused:
            print(refused)
    """)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith(f"cannot open the store {path}: the disk")
    assert list(tmp_path.iterdir()) == []  # no empty store left, to be taken for one later


def run_cli_with_no_room(*argv: str, env: dict) -> subprocess.CompletedProcess:
    return with_no_room(
        f"""
        import sys
        from iro_tui.__main__ import main
        sys.exit(main({list(argv)!r}))
        """,
        env=env,
    )


def test_the_passphrase_is_not_changed_on_a_full_disk_nor_said_to_be(tmp_path):
    """SQLCipher's rekey did nothing on the store opened read-only, and said nothing:
    "changed the passphrase of ... and of 0 backups", the store opening with the old one."""
    path = tmp_path / "iro.sqlite"
    open_store(path, "correct horse battery").close()
    before = path.read_bytes()
    ran = run_cli_with_no_room(
        "--db",
        str(path),
        "passphrase",
        "change",
        env={
            "IRO_TUI_PASSPHRASE": "correct horse battery",
            "IRO_TUI_NEW_PASSPHRASE": "staple-and-ink-2026",
        },
    )
    assert ran.returncode == 2, ran.stderr
    assert ran.stderr == (
        f"iro-tui: {path} can only be read now ({ON_A_FULL_DISK}), so its passphrase "
        "cannot be changed; nothing was changed\n"
    )
    assert ran.stdout == ""
    assert path.read_bytes() == before
    open_store(path, "correct horse battery").close()  # the old one opens it still


def test_a_store_is_not_encrypted_on_a_full_disk_and_says_why(tmp_path):
    path = tmp_path / "iro.sqlite"
    open_store(path).close()
    before = path.read_bytes()
    ran = run_cli_with_no_room(
        "--db", str(path), "encrypt", env={"IRO_TUI_PASSPHRASE": "correct horse battery"}
    )
    assert ran.returncode == 2, ran.stderr
    assert ran.stderr == (
        f"iro-tui: {path} can only be read now ({ON_A_FULL_DISK}), so it cannot be "
        "encrypted; nothing was changed\n"
    )
    assert path.read_bytes() == before


def test_a_rekey_that_did_not_take_is_never_said_done(tmp_path):
    """Whatever stops SQLCipher's rekey without a word, the store is read again under
    the new passphrase before the change is said."""
    from iro_tui.store import crypto

    made = open_store(tmp_path / "enc.sqlite", "correct horse battery")

    class RekeyTakesNoEffect:
        def execute(self, sql: str):
            return None if sql.startswith("PRAGMA rekey") else made.conn.execute(sql)

    try:
        with pytest.raises(BadStore, match="could not be changed .* still opens with the old"):
            crypto.change_passphrase(RekeyTakesNoEffect(), "staple-and-ink-2026", made.path)
    finally:
        made.close()


def test_a_backup_on_a_full_disk_leaves_nothing_behind(tmp_path):
    """A folder made for it stayed, empty, and each backup tried left its rollback
    journal (.part-journal) beside the backups."""
    path = tmp_path / "iro.sqlite"
    open_store(path).close()
    ran = run_cli_with_no_room("--db", str(path), "backup", env={})
    assert ran.returncode == 2
    assert ran.stderr.startswith(f"iro-tui: could not write a backup to {path}.backups: ")
    left = sorted(p.name for p in tmp_path.iterdir())
    assert not [name for name in left if "backup" in name or "part" in name], left
    (tmp_path / "iro.sqlite.backups").mkdir()  # there before: kept, and nothing left in it
    ran = run_cli_with_no_room("--db", str(path), "backup", env={})
    assert ran.returncode == 2
    assert list((tmp_path / "iro.sqlite.backups").iterdir()) == []
