"""SQLite's integrity check on open (issue 12). A command checks the whole store before
it does anything; the app may defer the check until after its first paint
(`defer_check`, tests/tui/test_integrity_check.py), but only when opening writes
nothing: a store to migrate or repair is checked first, so a damaged one is never
written to."""

import sqlite3 as plain_sqlite3

import pytest

from iro_tui.__main__ import main
from iro_tui.demo import ANCHOR, build_demo
from iro_tui.errors import StoreDamaged
from iro_tui.store import audit, backup, open_store
from iro_tui.store.connect import check_integrity
from iro_tui.store.migrations import latest_version
from iro_tui.store.schema_file import statements

from ..conftest import FIXTURE_903, damage_table
from .test_migrations import OLD_SCHEMAS


@pytest.fixture
def damaged_demo(tmp_path, monkeypatch):
    """The demo with a backup, then damaged in a table the opening does not read."""
    monkeypatch.delenv("IRO_TUI_PASSPHRASE", raising=False)
    path = tmp_path / "iro.sqlite"
    store = build_demo(path, ANCHOR)
    from datetime import datetime

    made = backup.make_backup(store, datetime(2026, 5, 31, 9))
    store.close()
    damage_table(path, "children")
    return path, made


def test_a_current_store_opens_unchecked_when_the_app_defers_and_nothing_is_written(
    damaged_demo,
):
    path, made = damaged_demo
    before = path.read_bytes()
    store = open_store(path, defer_check=True)
    assert store.checked is False
    store.close()
    assert path.read_bytes() == before
    # The check the app then runs on a connection of its own names the latest backup.
    with pytest.raises(StoreDamaged) as refused:
        check_integrity(path)
    assert f"the latest backup is {made}" in str(refused.value)
    assert path.read_bytes() == before


def test_a_good_store_passes_the_deferred_check(tmp_path):
    path = tmp_path / "iro.sqlite"
    build_demo(path, ANCHOR).close()
    store = open_store(path, defer_check=True)
    assert not store.checked
    check_integrity(path)  # no error
    store.close()
    assert open_store(path).checked  # the default: checked on open


def test_without_deferring_a_damaged_store_is_refused_on_open(damaged_demo):
    path, made = damaged_demo
    before = path.read_bytes()
    with pytest.raises(StoreDamaged, match=f"the latest backup is {made}"):
        open_store(path)
    assert path.read_bytes() == before


def old_store_to_migrate(path):
    """A v4 store in WAL with its audit triggers, so that the migration is the one
    write opening it would make; several pages of children."""
    version = latest_version() - 1
    conn = plain_sqlite3.connect(path)
    for sql in statements((OLD_SCHEMAS / f"v{version}.sql").read_text()):
        conn.execute(sql)
    conn.execute("PRAGMA journal_mode = WAL")
    for sql in audit.trigger_statements(conn):
        conn.execute(sql)
    conn.executemany(
        "INSERT INTO children (child_ref, dob, sex, given_name) VALUES (?, '2012-01-02', 'F', ?)",
        [(f"K{n}", "A long enough given name " * 4) for n in range(500)],
    )
    conn.commit()
    conn.close()
    return version


def test_a_damaged_store_that_needs_migrating_is_refused_before_it_is_migrated(tmp_path):
    path = tmp_path / "old.sqlite"
    version = old_store_to_migrate(path)
    undamaged = tmp_path / "undamaged.sqlite"
    undamaged.write_bytes(path.read_bytes())
    assert audit.trigger_problems(plain_sqlite3.connect(undamaged)) == []
    damage_table(path, "children")
    before = path.read_bytes()
    with pytest.raises(StoreDamaged, match="is damaged"):
        open_store(path, defer_check=True)
    assert path.read_bytes() == before
    conn = plain_sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == version
    conn.close()
    # Undamaged, the same store opens, migrated, and checked on the way.
    store = open_store(undamaged, defer_check=True)
    assert store.checked and store.conn.execute("PRAGMA user_version").fetchone()[0] > version
    store.close()


def test_a_damaged_store_whose_audit_trail_needs_repair_is_refused_before_the_repair(
    damaged_demo,
):
    path, _ = damaged_demo
    conn = plain_sqlite3.connect(path)
    (trigger,) = conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' LIMIT 1")
    conn.execute(f'DROP TRIGGER "{trigger[0]}"')
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreDamaged, match="is damaged"):
        open_store(path, defer_check=True)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "command",
    [
        ["agenda"],
        ["export", "ics", "{out}"],
        ["report", "annual", "--out", "{out}"],
        ["config", "set", "iro_name", "Changed"],
        ["backup"],
        ["import-903", str(FIXTURE_903)],
    ],
)
def test_every_command_refuses_a_damaged_store_before_doing_anything(
    damaged_demo, tmp_path, capsys, command
):
    path, made = damaged_demo
    before = path.read_bytes()
    out = tmp_path / "out.file"
    argv = [arg.replace("{out}", str(out)) for arg in command]
    code = main(["--db", str(path), "--today", "2026-06-01", *argv])
    _, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1 and "unexpected" not in err
    assert f"iro-tui: the store {path} is damaged" in err and f"latest backup is {made}" in err
    assert path.read_bytes() == before
    assert not out.exists()
    assert backup.list_backups(path) == [made]


def test_the_app_opens_its_store_unchecked_and_a_command_checks_first(damaged_demo):
    from iro_tui.__main__ import _open
    from iro_tui.cli.parser import build_parser
    from iro_tui.domain.clock import FixedClock

    path, _ = damaged_demo
    clock = FixedClock(ANCHOR)
    store = _open(build_parser().parse_args(["--db", str(path)]), clock)
    assert not store.checked  # the app checks it after its first paint
    store.close()
    with pytest.raises(StoreDamaged):
        _open(build_parser().parse_args(["--db", str(path), "agenda"]), clock)


def test_a_check_can_be_stopped_when_the_app_quits(tmp_path, monkeypatch):
    import threading

    from iro_tui.errors import BadStore
    from iro_tui.store import connect

    path = tmp_path / "iro.sqlite"
    open_store(path).close()
    early = connect.IntegrityCheck(path)
    early.stop()
    early.run()  # stopped before it began: no verdict, no error
    endless = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT max(x) FROM n"
    started, stop_sent = threading.Event(), threading.Event()

    def long_check(conn, path):  # as a whole authority's check, only longer
        started.set()
        # The stop lands before the query starts, where interrupt() alone is a no-op.
        stop_sent.wait(10)
        conn.execute(endless).fetchone()

    monkeypatch.setattr(connect, "_quick_check", long_check)
    check, outcome = connect.IntegrityCheck(path), []

    def run():
        try:
            check.run()
        except BadStore as exc:
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)  # a failure must not hang pytest
    worker.start()
    assert started.wait(10)
    check.stop()
    stop_sent.set()
    worker.join(10)
    assert not worker.is_alive() and check.stopped and len(outcome) == 1
