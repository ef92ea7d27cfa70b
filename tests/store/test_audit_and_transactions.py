"""Every write is audited, and a failed write leaves nothing behind."""

import json

import pytest

from iro_tui.domain.models import Child
from iro_tui.store import open_store
from iro_tui.store.driver import sqlite3

from ..conftest import store_contents


def child(**changes) -> Child:
    return Child(child_ref="A1", dob="2011-03-04", sex="F", **changes)


def test_insert_update_and_delete_each_leave_an_audit_row(store):
    child_id = store.upsert_child(child(given_name="Ayla"))
    store.upsert_child(child(given_name="Aylin"), columns=("given_name",))
    with store.transaction() as db:
        db["children"].delete(child_id)
    rows = store.audit_rows("children")
    assert [r["action"] for r in rows] == ["insert", "update", "delete"]
    update = rows[1]
    assert json.loads(update["before"])["given_name"] == "Ayla"
    assert json.loads(update["after"])["given_name"] == "Aylin"
    assert update["row_id"] == child_id and update["at"]
    assert json.loads(rows[2]["before"])["child_ref"] == "A1"


def test_a_failed_transaction_leaves_neither_the_change_nor_its_audit(store):
    store.upsert_child(child())
    before = store_contents(store.path)
    with pytest.raises(sqlite3.IntegrityError):
        with store.transaction() as db:
            db["children"].insert({"child_ref": "B2", "dob": "2012-01-01", "sex": "M"})
            db["children"].insert({"child_ref": "B3", "dob": "2012-02-30", "sex": "M"})
    assert store_contents(store.path) == before


def test_the_store_rejects_impossible_dates_and_codes(store):
    for bad in (
        {"dob": "2026-02-30", "sex": "M"},
        {"dob": "30/01/2012", "sex": "M"},
        {"dob": "2012-01-30", "sex": "X"},
    ):
        with pytest.raises(sqlite3.IntegrityError):
            store.insert("children", {"child_ref": "Z9", **bad})
    assert store.child_refs() == set()


def test_a_killed_writer_leaves_the_store_as_it_was(tmp_path):
    # A child process starts a write and is killed mid-transaction: the store
    # reopens exactly as before (WAL rollback).
    import subprocess
    import sys

    path = tmp_path / "s.sqlite"
    s = open_store(path)
    s.upsert_child(child())
    s.close()
    before = store_contents(path)
    script = f"""
import os, signal
from iro_tui.store import open_store
from iro_tui.store.driver import sqlite3
s = open_store({str(path)!r})
s.conn.execute("BEGIN")
s.conn.execute("INSERT INTO children (child_ref, dob, sex) VALUES ('K9', '2010-01-01', 'M')")
s.conn.execute("UPDATE children SET given_name = 'Changed'")
os.kill(os.getpid(), signal.SIGKILL)
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert result.returncode != 0
    assert store_contents(path) == before


def test_foreign_keys_are_enforced(store):
    with pytest.raises(sqlite3.IntegrityError):
        store.insert(
            "episodes",
            {
                "child_id": 999,
                "decom": "2026-01-01",
                "rne": "S",
                "ls": "V2",
                "cin": "N8",
                "place": "U6",
            },
        )


def test_settings_default_and_change(store):
    assert store.get_setting("rulebook") == "england"
    store.set_setting("rulebook", "jersey")
    assert store.rulebook().key == "jersey"
    assert store.audit_rows("settings")[-1]["action"] == "insert"


def test_wal_and_foreign_keys_are_on(store):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
