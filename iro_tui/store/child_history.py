"""Reads what is on one child's file into the domain's records (domain/child_history.py):
named columns, ISO text turned into dates here, so no screen ever parses a date.

The lists keep the order they have always had: the child's timeline sorts by day
alone, so rows on the same day stay in the order read here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from iro_tui.domain.between import NoteKind, Stage
from iro_tui.domain.child_history import (
    ChangeOnFile,
    NoteOnFile,
    ProgressOnFile,
    ReviewOnFile,
    StageOnFile,
)
from iro_tui.domain.codes import MissingType, ParticipationCode
from iro_tui.domain.models import MissingEpisode
from iro_tui.store.store import Store

REVIEW_COLUMNS = (
    "id, status, scheduled_date, scheduled_time, venue, held_date, participation_code, "
    "late_booking_reason, late_reason, cancelled_reason, review_number, seen_alone, "
    "advocacy_offered, advocacy_wanted, advocate_name, completed_date, decisions_sent_date, "
    "record_sent_date, care_plan_updated_date, manager_response, manager_response_date"
)
REVIEW_DATES = (
    "scheduled_date",
    "held_date",
    "completed_date",
    "decisions_sent_date",
    "record_sent_date",
    "care_plan_updated_date",
    "manager_response_date",
)
REVIEW_YES_NO = ("seen_alone", "advocacy_offered", "advocacy_wanted")


def date_or_none(text: str | None) -> date | None:
    """A date column as a date (ISO text in the store; NULL stays None)."""
    return None if text is None else date.fromisoformat(text)


def _review(row: dict[str, Any]) -> ReviewOnFile:
    for key in REVIEW_DATES:
        row[key] = date_or_none(row[key])
    for key in REVIEW_YES_NO:
        row[key] = None if row[key] is None else bool(row[key])
    code = row["participation_code"]
    row["participation_code"] = ParticipationCode(code) if code else None
    return ReviewOnFile(**row)


def reviews_on_file(store: Store, child_id: int) -> list[ReviewOnFile]:
    """Newest first: by the day held, or booked for when not held."""
    return [
        _review(row)
        for row in store.db.query(
            f"SELECT {REVIEW_COLUMNS} FROM reviews WHERE child_id = ? "
            "ORDER BY coalesce(held_date, scheduled_date) DESC",
            [child_id],
        )
    ]


def review_on_file(store: Store, review_id: int) -> ReviewOnFile | None:
    rows = list(store.db.query(f"SELECT {REVIEW_COLUMNS} FROM reviews WHERE id = ?", [review_id]))
    return _review(rows[0]) if rows else None


NOTE_SQL = "SELECT id, note_date, kind, text, follow_up_date FROM footprint_notes"


def _note(note_id: int, noted: str, kind: NoteKind, text: str, follow_up: str | None) -> NoteOnFile:
    return NoteOnFile(note_id, date.fromisoformat(noted), kind, text, date_or_none(follow_up))


def notes_on_file(store: Store, child_id: int) -> list[NoteOnFile]:
    """Newest first."""
    rows = store.conn.execute(f"{NOTE_SQL} WHERE child_id = ? ORDER BY note_date DESC", (child_id,))
    return [_note(*row) for row in rows]


def note_on_file(store: Store, note_id: int) -> NoteOnFile | None:
    row = store.conn.execute(f"{NOTE_SQL} WHERE id = ?", (note_id,)).fetchone()
    return None if row is None else _note(*row)


def missing_episode(kind: str, start: str, end: str | None) -> MissingEpisode:
    return MissingEpisode(
        missing=MissingType(kind), start=date.fromisoformat(start), end=date_or_none(end)
    )


def missing_on_file(store: Store, child_id: int) -> list[MissingEpisode]:
    """Latest first."""
    rows = store.conn.execute(
        "SELECT missing, mis_start, mis_end FROM missing_episodes WHERE child_id = ? "
        "ORDER BY mis_start DESC",
        (child_id,),
    )
    return [missing_episode(kind, start, end) for kind, start, end in rows]


def progress_on_file(store: Store, child_id: int) -> list[ProgressOnFile]:
    rows = store.conn.execute(
        "SELECT d.text, p.recorded_date, p.state, p.note, d.id FROM decision_progress p "
        "JOIN decisions d ON d.id = p.decision_id WHERE d.child_id = ? ORDER BY p.id",
        (child_id,),
    )
    return [
        ProgressOnFile(text, date.fromisoformat(recorded), state, note, decision_id)
        for text, recorded, state, note, decision_id in rows
    ]


def changes_on_file(store: Store, child_id: int) -> list[ChangeOnFile]:
    rows = store.conn.execute(
        "SELECT category, notified_date, detail, review_needed "
        "FROM significant_changes WHERE child_id = ?",
        (child_id,),
    )
    return [
        ChangeOnFile(
            category,
            date.fromisoformat(notified),
            detail,
            None if review_needed is None else bool(review_needed),
        )
        for category, notified, detail, review_needed in rows
    ]


def stages_on_file(store: Store, child_id: int) -> list[StageOnFile]:
    rows = store.db.query(
        "SELECT e.opened_date AS escalation_opened, s.escalation_id, s.stage_no, s.stage_name, "
        "s.opened_date, s.response_due, s.response, s.response_date, s.outcome, s.skipped, "
        "s.skip_reason "
        "FROM escalation_stages s JOIN escalations e ON e.id = s.escalation_id "
        "WHERE e.child_id = ?",
        [child_id],
    )
    return [
        StageOnFile(
            escalation_opened=date.fromisoformat(row.pop("escalation_opened")),
            escalation_id=row.pop("escalation_id"),
            stage=stage(row),
        )
        for row in rows
    ]


def stage(row: dict[str, Any]) -> Stage:
    """A stage from its row (stage_no to skip_reason), also for the escalations screen."""
    for key in ("opened_date", "response_due", "response_date"):
        row[key] = date_or_none(row[key])
    row["skipped"] = bool(row["skipped"])
    return Stage(**row)
