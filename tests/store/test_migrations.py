"""A store opens at any earlier version and ends at the latest, data intact."""

import json
import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from iro_tui.errors import BadStore
from iro_tui.store import open_store
from iro_tui.store.migrations import MIGRATIONS, latest_version
from iro_tui.store.schema_file import schema_text, statements

OLD_SCHEMAS = Path(__file__).parent / "old_schemas"


def schema_of(conn: sqlite3.Connection) -> set[tuple[str, str]]:
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
    )
    # ALTER TABLE ... RENAME quotes the new name; that is not a difference.
    return {(name, " ".join(sql.replace('"', "").split())) for name, sql in rows}


def fresh_schema(tmp_path) -> set:
    store = open_store(tmp_path / "fresh.sqlite")
    try:
        return schema_of(store.conn)
    finally:
        store.close()


def test_an_empty_store_is_created_at_the_latest_version(tmp_path):
    store = open_store(tmp_path / "new.sqlite")
    version = store.conn.execute("PRAGMA user_version").fetchone()[0]
    tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    store.close()
    assert version == latest_version() >= 1
    assert {
        "children",
        "episodes",
        "reviews",
        "decisions",
        "footprint_notes",
        "escalations",
        "escalation_stages",
        "appointments",
        "checklist_items",
        "consultations",
        "attendance",
        "settings",
        "audit",
    } <= tables


def test_every_version_has_a_migration_and_a_frozen_schema():
    # Bumping the version without a step or a frozen old schema fails here.
    for version in range(2, latest_version() + 1):
        assert version in MIGRATIONS, f"no migration step to version {version}"
    for version in range(1, latest_version()):
        assert (OLD_SCHEMAS / f"v{version}.sql").is_file(), f"freeze schema v{version}"


@pytest.mark.parametrize("version", range(1, latest_version()))
def test_migrating_from_each_earlier_version(tmp_path, version):
    path = tmp_path / f"v{version}.sqlite"
    conn = sqlite3.connect(path)
    for sql in statements((OLD_SCHEMAS / f"v{version}.sql").read_text()):
        conn.execute(sql)
    conn.execute("INSERT INTO children (child_ref, dob, sex) VALUES ('K1', '2012-01-02', 'F')")
    conn.commit()
    conn.close()

    store = open_store(path)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == latest_version()
    assert store.child_refs() == {"K1"}
    assert schema_of(store.conn) == fresh_schema(tmp_path)
    # Every table is audited after the upgrade, as in a fresh store.
    store.insert("settings", {"key": "k", "value": "v"})
    assert store.audit_rows("settings")[-1]["action"] == "insert"
    store.close()


def test_a_v1_draft_moves_to_its_child_in_v2(tmp_path):
    path = tmp_path / "v1.sqlite"
    conn = sqlite3.connect(path)
    for sql in statements((OLD_SCHEMAS / "v1.sql").read_text()):
        conn.execute(sql)
    conn.execute(
        "INSERT INTO children (id, child_ref, dob, sex) VALUES (7, 'K1', '2012-01-02', 'F')"
    )
    conn.execute(
        "INSERT INTO reviews (id, child_id, status, scheduled_date) "
        "VALUES (3, 7, 'planned', '2026-06-10')"
    )
    conn.execute("INSERT INTO review_drafts VALUES (3, '{\"venue\": \"School\"}', '2026-06-01')")
    conn.commit()
    conn.close()
    store = open_store(path)
    rows = store.conn.execute("SELECT child_id, review_id, payload FROM review_drafts").fetchall()
    store.close()
    assert rows == [(7, 3, '{"venue": "School"}')]


def test_v2_reviews_gain_an_unknown_number_in_v3(tmp_path):
    path = tmp_path / "v2.sqlite"
    conn = sqlite3.connect(path)
    for sql in statements((OLD_SCHEMAS / "v2.sql").read_text()):
        conn.execute(sql)
    conn.execute(
        "INSERT INTO children (id, child_ref, dob, sex) VALUES (1, 'K1', '2012-01-02', 'F')"
    )
    conn.execute(
        "INSERT INTO reviews (child_id, status, held_date) VALUES (1, 'held', '2025-10-06')"
    )
    conn.commit()
    conn.close()

    store = open_store(path)
    rows = store.conn.execute("SELECT held_date, review_number FROM reviews").fetchall()
    assert rows == [("2025-10-06", None)]
    # The number is checked like every other column: a review 0 is refused.
    with pytest.raises(Exception, match="CHECK constraint failed"):
        store.conn.execute("UPDATE reviews SET review_number = 0")
    (case,) = store.load_cases()
    assert [r.number for r in case.reviews] == [None]
    store.close()


def test_a_failed_migration_leaves_the_old_version(tmp_path, monkeypatch):
    from iro_tui.store import migrations

    path = tmp_path / "v1.sqlite"
    conn = sqlite3.connect(path)
    for sql in statements((OLD_SCHEMAS / "v1.sql").read_text()):
        conn.execute(sql)
    conn.commit()
    conn.close()
    broken = {**migrations.MIGRATIONS, 2: [*migrations.MIGRATIONS[2][:2], "THIS IS NOT SQL"]}
    monkeypatch.setattr(migrations, "MIGRATIONS", broken)
    with pytest.raises(BadStore):
        open_store(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "review_drafts_v2" not in tables and "review_drafts" in tables
    conn.close()


def test_a_full_disk_that_ended_the_migration_is_said_as_a_full_disk(tmp_path, monkeypatch, capsys):
    """A full disk can end SQLite's transaction itself (SQLITE_FULL rolls it all back):
    the migration's own ROLLBACK then failed ("no transaction is active") and the user
    read "the store could not be written (SQLITE_ERROR)". As on a tmpfs with 100 KB
    free: here the step ends the transaction, then fills the pages allowed."""
    from iro_tui.__main__ import main
    from iro_tui.store import migrations

    path = tmp_path / "v1.sqlite"
    conn = sqlite3.connect(path)
    for sql in statements((OLD_SCHEMAS / "v1.sql").read_text()):
        conn.execute(sql)
    conn.commit()
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    full_disk = [
        *migrations.MIGRATIONS[2][:1],
        "ROLLBACK",  # as SQLite does on SQLITE_FULL
        f"PRAGMA max_page_count = {pages}",
        "CREATE TABLE filler AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
        "FROM n WHERE i < 100000) SELECT i, printf('%0500d', i) AS pad FROM n",
    ]
    monkeypatch.setattr(migrations, "MIGRATIONS", {**migrations.MIGRATIONS, 2: full_disk})
    assert main(["--db", str(path), "agenda"]) == 2
    err = capsys.readouterr().err
    # Not read-only instead, as a store on a full disk is: this one must be updated first.
    assert "the disk is full, and this iro-tui must first update the store" in err, err
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()


def test_reopening_a_current_store_changes_nothing(tmp_path):
    path = tmp_path / "s.sqlite"
    open_store(path).close()
    before = path.read_bytes()
    open_store(path).close()
    assert path.read_bytes() == before


def test_a_store_from_a_newer_iro_tui_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "future.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    conn.close()
    path.chmod(0o644)
    before = path.read_bytes()
    with pytest.raises(BadStore, match="newer iro-tui"):
        open_store(path)
    assert path.read_bytes() == before
    assert path.stat().st_mode & 0o777 == 0o644  # its mode too: it was made 600


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("Dear diary")
    with pytest.raises(BadStore, match="not an iro-tui store"):
        open_store(path)
    assert path.read_text() == "Dear diary"


def test_another_programs_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.close()
    with pytest.raises(BadStore, match="not an iro-tui store"):
        open_store(path)


def test_schema_sql_sets_the_version_last():
    assert statements(schema_text())[-1].startswith("PRAGMA user_version")


def test_v4_indexes_reads_by_child_and_keeps_a_lean_audit(tmp_path):
    path = tmp_path / "v3.sqlite"
    conn = sqlite3.connect(path)
    for sql in statements((OLD_SCHEMAS / "v3.sql").read_text()):
        conn.execute(sql)
    conn.execute(
        "INSERT INTO children (id, child_ref, dob, sex) VALUES (7, 'K1', '2012-01-02', 'F')"
    )
    conn.execute(
        "INSERT INTO footprint_notes (child_id, note_date, kind, text) "
        "VALUES (7, '2026-05-01', 'visit', 'Saw K1 at school')"
    )
    conn.commit()
    conn.close()
    store = open_store(path)
    plan = " ".join(
        str(row)
        for row in store.conn.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM footprint_notes WHERE child_id = 7"
        )
    )
    # Through an index of the child's notes (from v6 there are two to choose from).
    assert re.search(r"SEARCH footprint_notes USING (COVERING )?INDEX footprint_notes_", plan)
    with store.transaction() as db:
        db["footprint_notes"].update(1, {"text": "Saw K1 at home"})
        db["footprint_notes"].update(1, {"text": "Saw K1 at home"})  # no change: no trail
    [update] = [r for r in store.audit_rows("footprint_notes") if r["action"] == "update"]
    assert json.loads(update["before"]) == {"text": "Saw K1 at school"}
    assert json.loads(update["after"]) == {"text": "Saw K1 at home"}
    store.close()


def test_v5_indexes_the_audit_by_row_and_regenerates_the_triggers(tmp_path):
    # A store before v5 had update triggers that audited updates changing nothing.
    path = tmp_path / "v4.sqlite"
    conn = sqlite3.connect(path)
    for sql in statements((OLD_SCHEMAS / "v4.sql").read_text()):
        conn.execute(sql)
    conn.execute(
        "CREATE TRIGGER audit_children_update AFTER UPDATE ON children BEGIN "
        "INSERT INTO audit (table_name, row_id, action) VALUES ('children', NEW.rowid, "
        "'update'); END"
    )
    conn.commit()
    conn.close()
    store = open_store(path)
    assert store.audit_repairs == []  # the migration regenerated them, not the check
    indexes = {r[1] for r in store.conn.execute("PRAGMA index_list(audit)")}
    assert "audit_by_row" in indexes
    store.insert("children", {"child_ref": "K1", "dob": "2012-01-02", "sex": "F"})
    with store.transaction() as db:
        db["children"].update(store.child_id("K1"), {"sex": "F"})  # no change
    assert [r["action"] for r in store.audit_rows("children")] == ["insert"]
    store.close()


def test_v6_finds_each_childs_latest_notes_and_open_follow_ups_by_index(tmp_path):
    path = tmp_path / "v5.sqlite"
    conn = store_of_version(path, 5)
    conn.executemany(
        "INSERT INTO footprint_notes (child_id, note_date, kind, text, follow_up_date) "
        "VALUES (7, ?, ?, 'A note', ?)",
        [
            ("2026-05-01", "midpoint", None),
            ("2026-05-20", "visit", "2026-06-10"),
            ("2026-04-02", "midpoint", None),
        ],
    )
    conn.commit()
    conn.close()
    store = open_store(path)

    def plan(sql: str) -> str:
        return " ".join(str(row[3]) for row in store.conn.execute("EXPLAIN QUERY PLAN " + sql))

    latest = plan("SELECT max(note_date) FROM footprint_notes WHERE child_id = 7")
    assert "COVERING INDEX footprint_notes_child" in latest
    midpoint = plan(
        "SELECT max(note_date) FROM footprint_notes WHERE child_id = 7 AND kind = 'midpoint'"
    )
    assert "COVERING INDEX footprint_notes_kind" in midpoint
    follow_ups = plan(
        "SELECT id FROM footprint_notes WHERE follow_up_date IS NOT NULL AND follow_up_done = 0"
    )
    assert "INDEX footprint_notes_follow_up" in follow_ups
    newest_first = plan("SELECT * FROM footprint_notes WHERE child_id = 7 ORDER BY note_date DESC")
    assert "TEMP B-TREE" not in newest_first

    # What the diary reads through them is what the notes say.
    from iro_tui.store.records import last_footprints, load_diary

    assert last_footprints(store) == {"K1": date(2026, 5, 20)}
    diary = load_diary(store, date(2026, 6, 1))
    assert diary.midpoint_notes == {"K1": date(2026, 5, 1)}
    assert [(f.child_ref, f.due) for f in diary.follow_ups] == [("K1", date(2026, 6, 10))]
    assert store.conn.execute("SELECT count(*) FROM footprint_notes").fetchone()[0] == 3
    store.close()


def store_of_version(path: Path, version: int) -> sqlite3.Connection:
    """A store at `path` as iro-tui wrote it at `version` (its frozen schema), with one
    child, K1 (id 7); committed, and open for a test to add what it needs."""
    conn = sqlite3.connect(path)
    for sql in statements((OLD_SCHEMAS / f"v{version}.sql").read_text()):
        conn.execute(sql)
    conn.execute(
        "INSERT INTO children (id, child_ref, dob, sex) VALUES (7, 'K1', '2012-01-02', 'F')"
    )
    conn.commit()
    return conn


def test_v7_adds_the_diary_frames_out_of_the_audit_trail(tmp_path):
    path = tmp_path / "v6.sqlite"
    store_of_version(path, 6).close()
    store = open_store(path)
    try:
        from iro_tui.store.diary_frames import basis, read_frame, save_frames

        triggers = {
            name
            for (name,) in store.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            )
        }
        assert not any("diary_frames" in name for name in triggers)
        assert "audit_children_insert" in triggers  # the others are audited as before
        # A frame kept in the upgraded store is read back; the child is as it was.
        save_frames(store.conn, basis(store.conn), {date(2026, 6, 1): {"version": 1}})
        assert read_frame(store.conn, date(2026, 6, 1)) == {"version": 1}
        assert store.conn.execute("SELECT child_ref FROM children").fetchall() == [("K1",)]
        # A frame must be JSON (the diary reads it back as such).
        from iro_tui.store.driver import sqlite3 as driver

        with pytest.raises(driver.IntegrityError, match="CHECK"):
            store.conn.execute(
                "INSERT INTO diary_frames (day, basis, frame) "
                "VALUES ('2026-06-02', 'b', 'not json')"
            )
    finally:
        store.close()


def test_v8_children_from_before_have_no_day_they_joined(tmp_path):
    """A child already in a v7 store was the IRO's before v8 could say when: not known,
    so every mid-point of theirs stays in the diary as it did."""
    path = tmp_path / "v7.sqlite"
    store_of_version(path, 7).close()
    store = open_store(path)
    try:
        [case] = store.load_cases()
        assert case.child.child_ref == "K1" and case.child.joined_on is None
        from iro_tui.store.driver import sqlite3 as driver

        with pytest.raises(driver.IntegrityError, match="CHECK"):
            store.conn.execute("UPDATE children SET joined_on = '2026-02-30'")
    finally:
        store.close()
