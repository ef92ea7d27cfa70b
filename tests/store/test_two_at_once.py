"""Two at once, and a store that cannot be written: nothing lost, nothing half-done,
and every failure in plain words (issue 13)."""

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from iro_tui.domain.models import Child
from iro_tui.errors import ChangedElsewhere, StoreUnwritable
from iro_tui.store import open_store
from iro_tui.store.changes import update_profile
from iro_tui.store.session_lock import SessionLock, make_read_only

from ..conftest import store_contents

WRITER = textwrap.dedent(
    """
    import sys
    from iro_tui.store import open_store
    s = open_store(sys.argv[1])
    for i in range(int(sys.argv[3])):
        # Read, then write, in one transaction: under a plain BEGIN the upgrade from
        # reader to writer fails at once with "database is locked".
        with s.transaction():
            n = s.conn.execute("SELECT count(*) FROM children").fetchone()[0]
            s.conn.execute(
                "INSERT INTO children (child_ref, dob, sex, given_name) "
                "VALUES (?, '2012-01-01', 'F', ?)",
                (f"{sys.argv[2]}{i}", str(n)),
            )
    s.close()
    """
)


def test_two_writers_at_once_wait_for_each_other_and_lose_nothing(tmp_path):
    path = tmp_path / "s.sqlite"
    open_store(path).close()
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), prefix, "150"],
            stderr=subprocess.PIPE,
            text=True,
        )
        for prefix in ("A", "B")
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    store = open_store(path)
    refs = store.child_refs()
    assert refs == {f"{p}{i}" for p in "AB" for i in range(150)}
    assert len(store.audit_rows("children")) == 300
    store.close()


def child() -> Child:
    return Child(child_ref="A1", dob="2011-03-04", sex="F", given_name="Ayla")


def test_a_writer_held_past_the_busy_timeout_is_a_plain_refusal(tmp_path):
    path = tmp_path / "s.sqlite"
    first, second = open_store(path), open_store(path)
    second.conn.execute("PRAGMA busy_timeout = 100")
    first.conn.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreUnwritable, match="the store is busy.*nothing was saved"):
            second.upsert_child(child())
        assert not second.conn.in_transaction
    finally:
        first.conn.execute("ROLLBACK")
    second.upsert_child(child())  # once free, the same write goes through
    assert first.child_refs() == {"A1"}


def test_a_full_disk_rolls_back_the_whole_write_and_says_so(store):
    store.upsert_child(child())
    before = store_contents(store.path)
    # SQLite's own limit on the file's size: the next page it needs fails with
    # SQLITE_FULL, exactly as a full disk does.
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StoreUnwritable, match="^the disk is full: .*; nothing was saved$"):
        with store.transaction() as db:
            db["children"].update(store.child_id("A1"), {"given_name": "Changed"})
            db["children"].insert_all(
                {"child_ref": f"F{i}", "dob": "2012-01-01", "sex": "M", "upn": "x" * 900}
                for i in range(200)
            )
    assert not store.conn.in_transaction
    assert store_contents(store.path) == before


def test_a_read_only_session_refuses_every_write_in_plain_words(store):
    store.upsert_child(child())
    before = store_contents(store.path)
    make_read_only(store)
    with pytest.raises(StoreUnwritable, match="read-only, because the store is open in another"):
        store.set_setting("iro_name", "Somebody")
    assert store.get_setting("iro_name") is None  # reads still work
    assert store_contents(store.path) == before


def test_a_save_over_a_record_changed_since_it_was_read_is_refused(tmp_path):
    path = tmp_path / "s.sqlite"
    window_a, window_b = open_store(path), open_store(path)
    child_id = window_a.upsert_child(child())

    def save(name):
        return lambda: update_profile(window_a, "A1", {"preferred_name": name})

    save_a = window_a.saving_unchanged("children", child_id, "this profile", save("Ay"))
    update_profile(window_b, "A1", {"preferred_name": "Lala"})  # the other window saves first
    with pytest.raises(ChangedElsewhere, match="this profile was changed elsewhere"):
        save_a()
    assert window_a.conn.execute("SELECT preferred_name FROM children").fetchone()[0] == "Lala"
    # Opened again (a fresh mark), the same save goes through.
    window_a.saving_unchanged("children", child_id, "this profile", save("Ay"))()
    assert window_b.conn.execute("SELECT preferred_name FROM children").fetchone()[0] == "Ay"


def test_missing_altered_or_foreign_audit_triggers_are_recreated_on_open(tmp_path):
    path = tmp_path / "s.sqlite"
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        DROP TRIGGER audit_children_insert;
        DROP TRIGGER audit_people_update;
        CREATE TRIGGER audit_people_update AFTER UPDATE ON people BEGIN SELECT 1; END;
        CREATE TRIGGER wipe AFTER INSERT ON audit BEGIN DELETE FROM audit; END;
        """
    )
    conn.close()
    store = open_store(path)
    assert store.audit_repairs == [
        "audit_children_insert is missing",
        "audit_people_update was altered",
        "wipe is not iro-tui's",
    ]
    store.upsert_child(child())
    assert [r["action"] for r in store.audit_rows("children")] == ["insert"]
    store.close()
    assert open_store(path).audit_repairs == []


def test_the_app_lock_names_its_holder_and_a_killed_holder_never_blocks(tmp_path):
    path = tmp_path / "s.sqlite"
    first = SessionLock(path)
    assert first.acquire() is None
    holder = SessionLock(path).acquire()
    assert holder and f"process {os.getpid()}" in holder
    first.release()
    assert SessionLock(path).acquire() is None

    script = (
        "import os, signal, sys, pathlib\n"
        "from iro_tui.store.session_lock import SessionLock\n"
        "assert SessionLock(pathlib.Path(sys.argv[1])).acquire() is None\n"
        "print('held', flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True)
    assert result.stdout == b"held\n" and result.returncode == -signal.SIGKILL
    assert SessionLock(path).acquire() is None  # stale after a crash: free at once


def test_a_second_app_without_a_terminal_to_ask_on_is_refused_in_one_line(tmp_path):
    path = tmp_path / "s.sqlite"
    open_store(path).close()
    before = store_contents(path)
    first = SessionLock(path)
    assert first.acquire() is None  # the first app
    try:
        result = subprocess.run(
            [sys.executable, "-m", "iro_tui", "--db", str(path)],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        first.release()
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert f"is open in another iro-tui (process {os.getpid()} on " in result.stderr
    assert "close that one first, or answer y to open it read-only" in result.stderr
    assert store_contents(path) == before


def test_the_app_lock_is_held_on_a_full_disk_though_its_holder_cannot_be_written(
    tmp_path, monkeypatch
):
    """On a full disk with no lock file yet, writing who holds it stopped the app as
    "unexpected error (OSError)" (an adversarial check): the lock is held all the same,
    and released."""
    import errno

    path = tmp_path / "s.sqlite"

    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "pwrite", full)
    first = SessionLock(path)
    assert first.acquire() is None
    assert SessionLock(path).acquire() == "another iro-tui"  # held, by no one named
    first.release()
    assert SessionLock(path).acquire() is None
