"""Schema versions and the steps between them.

A fresh store runs schema.sql (the whole current model). An older store runs each
step in MIGRATIONS from its version up to LATEST_VERSION, in one transaction, so a
crash mid-upgrade leaves the store at its old version. Every step is tested from a
frozen copy of the schema it starts from (tests/store/old_schemas/).

To change the schema: edit schema.sql, bump its `PRAGMA user_version`, add the step
here keyed by the new version, and freeze the previous schema.sql in old_schemas/.
"""

from __future__ import annotations

import re

from iro_tui.errors import BadStore
from iro_tui.store import audit
from iro_tui.store.driver import roll_back, sqlite3
from iro_tui.store.schema_file import schema_text, statements

# version -> SQL statements that take a store from version-1 to version.
MIGRATIONS: dict[int, list[str]] = {
    # v2: drafts are kept per child, so recording can start before a review row
    # exists; a v1 draft (keyed by review) moves to that review's child.
    2: [
        """CREATE TABLE review_drafts_v2 (
    child_id  INTEGER PRIMARY KEY REFERENCES children(id) ON DELETE CASCADE,
    review_id INTEGER REFERENCES reviews(id) ON DELETE SET NULL,
    payload   TEXT NOT NULL CHECK (json_valid(payload)),
    saved_at  TEXT NOT NULL
)""",
        "INSERT OR REPLACE INTO review_drafts_v2 (child_id, review_id, payload, saved_at) "
        "SELECT r.child_id, d.review_id, d.payload, d.saved_at FROM review_drafts d "
        "JOIN reviews r ON r.id = d.review_id ORDER BY d.saved_at",
        "DROP TABLE review_drafts",
        "ALTER TABLE review_drafts_v2 RENAME TO review_drafts",
    ],
    # v3: a review's number in its period of care, so a caseload taken over mid-cycle
    # (or a one-year 903 return) counts the next deadline from what the IRO knows.
    3: [
        "ALTER TABLE reviews ADD COLUMN review_number "
        "INTEGER CHECK (review_number IS NULL OR review_number >= 1)",
    ],
    # v4: indexes for reading by child, by review and by decision (a whole authority's
    # store scanned whole tables); the audit triggers, recreated on every migration,
    # now record only what changed (see audit.py).
    4: [
        "CREATE INDEX people_child ON people(child_id)",
        "CREATE INDEX decisions_child ON decisions(child_id, status)",
        "CREATE INDEX decisions_review ON decisions(review_id)",
        "CREATE INDEX decision_progress_decision ON decision_progress(decision_id)",
        "CREATE INDEX footprint_notes_child ON footprint_notes(child_id, kind)",
        "CREATE INDEX significant_changes_child ON significant_changes(child_id)",
        "CREATE INDEX appointments_child ON appointments(child_id)",
        "CREATE INDEX appointments_day ON appointments(appt_date)",
        "CREATE INDEX escalations_child ON escalations(child_id)",
        "CREATE INDEX attendance_review ON attendance(review_id)",
        "CREATE INDEX consultations_review ON consultations(review_id)",
    ],
    # v5: an index to find a record's audit rows (the lost-update check in forms).
    # Every step also regenerates the audit triggers, which from v4 skip an update
    # that changes nothing (re-importing the same 903 files adds no audit rows).
    5: ["CREATE INDEX audit_by_row ON audit (table_name, row_id)"],
    # v6: footprint notes indexed for what the diary, the caseload and the child screen
    # ask of every child: the latest note (child_id, note_date), the latest of a kind
    # (child_id, kind, note_date, which takes over from v4's (child_id, kind)), and
    # the follow-ups still to do. Each was a read of every note of the authority.
    6: [
        "DROP INDEX footprint_notes_child",
        "CREATE INDEX footprint_notes_child ON footprint_notes(child_id, note_date)",
        "CREATE INDEX footprint_notes_kind ON footprint_notes(child_id, kind, note_date)",
        "CREATE INDEX footprint_notes_follow_up ON footprint_notes(follow_up_date)\n"
        "    WHERE follow_up_date IS NOT NULL AND follow_up_done = 0",
    ],
    # v7: the diary's first frame, kept for the next opening (store/diary_frames.py).
    7: [
        "CREATE TABLE diary_frames (\n"
        "    day   TEXT PRIMARY KEY,\n"
        "    basis TEXT NOT NULL,\n"
        "    frame TEXT NOT NULL CHECK (json_valid(frame))\n"
        ")",
    ],
    # v8: the day a child joined this IRO's caseload (the intake, a 903 import): a
    # mid-point check that fell due before it is not this IRO's to have made, and a
    # caseload taken over shouted one overdue for every child.
    8: [
        "ALTER TABLE children ADD COLUMN joined_on TEXT "
        "CHECK (joined_on IS NULL OR date(joined_on, '+0 days') IS joined_on)",
    ],
    # v9: a decision can be recorded as no longer needed ('dropped', with the reason in
    # the note): the annual report counted such decisions, but nothing could set one,
    # and a decision overtaken by events stayed "overdue" for years. SQLite cannot
    # change a CHECK, so the table is rebuilt; its index is made again.
    9: [
        """CREATE TABLE decision_progress_v9 (
    id            INTEGER PRIMARY KEY,
    decision_id   INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
    recorded_date TEXT NOT NULL CHECK (date(recorded_date, '+0 days') IS recorded_date),
    state         TEXT NOT NULL CHECK (state IN ('on_track', 'at_risk', 'overdue', 'done',
                                                 'dropped')),
    note          TEXT NOT NULL DEFAULT ''
)""",
        "INSERT INTO decision_progress_v9 (id, decision_id, recorded_date, state, note) "
        "SELECT id, decision_id, recorded_date, state, note FROM decision_progress",
        "DROP TABLE decision_progress",
        "ALTER TABLE decision_progress_v9 RENAME TO decision_progress",
        "CREATE INDEX decision_progress_decision ON decision_progress(decision_id)",
    ],
    # v10: autosaves of a form being typed (a footprint note): a note typed at a placement
    # was lost to a flat battery or a kill, where a review record's draft was kept.
    10: [
        "CREATE TABLE form_drafts (\n"
        "    form      TEXT PRIMARY KEY,\n"
        "    payload   TEXT NOT NULL CHECK (json_valid(payload)),\n"
        "    saved_at  TEXT NOT NULL\n"
        ")",
    ],
}


def latest_version() -> int:
    match = re.search(r"PRAGMA user_version\s*=\s*(\d+)", schema_text())
    assert match, "schema.sql must end by setting PRAGMA user_version"
    return int(match.group(1))


def store_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def check_compatible(conn: sqlite3.Connection) -> None:
    """Refuse, without writing, a store this iro-tui cannot understand."""
    latest, version = latest_version(), store_version(conn)
    if version > latest:
        raise BadStore(
            f"this store was written by a newer iro-tui (schema version {version}); "
            f"this one understands up to version {latest}, so it left the store alone"
        )
    if version == 0:
        existing = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
        if existing:
            raise BadStore("this file is a database, but not an iro-tui store")


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the store to the latest version; returns the version it started at."""
    check_compatible(conn)
    latest = latest_version()
    version = store_version(conn)
    if version == latest:
        return version
    if version == 0:
        steps = statements(schema_text())
    else:
        steps = [sql for v in range(version + 1, latest + 1) for sql in MIGRATIONS[v]]
    conn.execute("BEGIN IMMEDIATE")
    try:
        for sql in steps:
            conn.execute(sql)
        for sql in audit.trigger_statements(conn):
            conn.execute(sql)
        conn.execute(f"PRAGMA user_version = {latest}")
        conn.execute("COMMIT")
    except BaseException:
        roll_back(conn)  # a full disk may have ended it already
        raise
    return version
