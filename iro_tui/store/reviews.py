"""Reviews: the checklist, consultation, drafts, and recording a review.

`save_review_record` writes the whole review (the review row, essential matters,
attendance, decisions and the next booking) and removes the draft in one
transaction: it all lands, or none of it does.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from iro_tui.domain.checklist import ChecklistEntry
from iro_tui.domain.child_history import ConsultationOnFile, ReviewOnFile
from iro_tui.domain.fields import FieldProblem, format_ui_date
from iro_tui.domain.recording import ReviewRecord
from iro_tui.errors import BadInput
from iro_tui.store.child_history import review_on_file
from iro_tui.store.store import Store, _iso, inserted_id

if TYPE_CHECKING:
    import sqlite_utils

CONSULTEE_ROLES = {
    "child": "Child",
    "parent": "Parent",
    "carer": "Carer",
    "social_worker": "Social worker",
    "professional": "Other professional",
    "other": "Other",
}
CONSULTATION_METHODS = {
    "face_to_face": "Face to face",
    "phone": "Phone",
    "text": "Text",
    "booklet": "Consultation booklet",
    "advocate": "Through an advocate",
    "app": "App",
    "email": "Email",
    "video": "Video call",
}


def _child_id(store: Store, child_ref: str) -> int:
    # store/changes.py (and the episode and booking models it builds) loads on the first
    # write, not for the checklists the diary reads before its first paint.
    from iro_tui.store.changes import _child_id as child_id

    return child_id(store, child_ref)


def load_review(store: Store, review_id: int) -> ReviewOnFile:
    review = review_on_file(store, review_id)
    if review is None:
        raise BadInput(f"there is no review {review_id} in this store")
    return review


def child_ref_of_review(store: Store, review_id: int) -> str:
    row = store.conn.execute(
        "SELECT c.child_ref FROM reviews r JOIN children c ON c.id = r.child_id WHERE r.id = ?",
        (review_id,),
    ).fetchone()
    if row is None:
        raise BadInput(f"there is no review {review_id} in this store")
    return row[0]


# --- the checklist --------------------------------------------------------------
def load_checklist(store: Store, review_id: int) -> dict[str, ChecklistEntry]:
    rows = store.db.query(
        "SELECT item, state, done_date, reason, note FROM checklist_items WHERE review_id = ?",
        [review_id],
    )
    return {r["item"]: ChecklistEntry.model_validate(r) for r in rows}


def load_booked_checklists(store: Store) -> dict[int, dict[str, ChecklistEntry]]:
    """The checklists of reviews booked and not yet held, by review: what the diary
    counts down to a meeting. A held review's checklist is history (a whole authority's
    ten years hold ~75,000 entries, which took over a second to read at 3,000 children)."""
    found: dict[int, dict[str, ChecklistEntry]] = {}
    # Through the connection, not store.db: the diary's first paint reads this, and
    # sqlite_utils is imported on first use, after it (store.py, Store.db).
    for review_id, *values in store.conn.execute(
        "SELECT review_id, item, state, done_date, reason, note FROM checklist_items "
        "WHERE review_id IN (SELECT id FROM reviews WHERE status = 'planned')"
    ):
        r = dict(zip(("item", "state", "done_date", "reason", "note"), values, strict=True))
        found.setdefault(review_id, {})[r["item"]] = ChecklistEntry.model_validate(r)
    return found


def save_checklist_entry(store: Store, review_id: int, entry: ChecklistEntry) -> None:
    row = {
        "review_id": review_id,
        "item": entry.item,
        "state": entry.state,
        "done_date": _iso(entry.done_date) if entry.state == "done" else None,
        "reason": entry.reason if entry.state == "not_applicable" else None,
        "note": entry.note,
    }
    with store.transaction() as db:
        found = store.conn.execute(
            "SELECT id FROM checklist_items WHERE review_id = ? AND item = ?",
            (review_id, entry.item),
        ).fetchone()
        if found:
            db.table("checklist_items").update(found[0], row)
        else:
            db.table("checklist_items").insert(row)


def save_review_fields(
    store: Store, review_id: int, fields: dict[str, Any], today: date | None = None
) -> None:
    allowed = {
        "advocacy_offered",
        "advocacy_wanted",
        "advocate_name",
        "seen_alone",
        "decisions_sent_date",
        "record_sent_date",
        "care_plan_updated_date",
        "manager_response",
        "manager_response_date",
        "review_number",
        "participation_code",  # of a review not recorded here (review_number_form)
    }
    if set(fields) - allowed:
        raise BadInput(f"cannot change {', '.join(sorted(set(fields) - allowed))} here")
    with store.transaction() as db:
        db.table("reviews").update(review_id, {k: _iso(v) for k, v in fields.items()})
        if today is not None:
            tick_voice_items(store, review_id, fields, today)


# Recording these answers *is* doing the matching pre-review checklist item.
VOICE_ITEMS = {"seen_alone": "seen_alone", "advocacy_offered": "advocacy"}


def tick_voice_items(store: Store, review_id: int, fields: dict[str, Any], today: date) -> None:
    """Tick "seen alone" and "advocacy" done today when recorded as done, unless the
    checklist already has them done or not applicable (their own date is kept)."""
    with store.transaction() as db:
        for field, item in VOICE_ITEMS.items():
            if not fields.get(field):
                continue
            found = store.conn.execute(
                "SELECT id, state FROM checklist_items WHERE review_id = ? AND item = ?",
                (review_id, item),
            ).fetchone()
            if found and found[1] != "not_done":
                continue
            row = {"state": "done", "done_date": _iso(today), "reason": None}
            if found:
                db.table("checklist_items").update(found[0], row)
            else:
                db.table("checklist_items").insert({"review_id": review_id, "item": item, **row})


def add_consultation(store: Store, review_id: int, values: dict[str, Any]) -> int:
    for key in ("consultee", "consultee_role", "method", "consulted_date"):
        if not values.get(key):
            raise BadInput(f"{key.replace('_', ' ')} is required")
    with store.transaction() as db:
        return inserted_id(
            db.table("consultations").insert(
                {"review_id": review_id, **{k: _iso(v) for k, v in values.items()}}
            )
        )


def load_consultations(store: Store, review_id: int) -> list[ConsultationOnFile]:
    rows = store.conn.execute(
        "SELECT consulted_date, consultee, consultee_role, method, views FROM consultations "
        "WHERE review_id = ? ORDER BY consulted_date",
        (review_id,),
    )
    return [
        ConsultationOnFile(date.fromisoformat(consulted), consultee, role, method, views)
        for consulted, consultee, role, method, views in rows
    ]


# --- drafts ---------------------------------------------------------------------
def save_draft(
    store: Store, child_ref: str, review_id: int | None, payload: dict[str, Any]
) -> None:
    """Autosave: one draft per child, replaced each time (not audited: see audit.py)."""
    with store.transaction() as db:
        db.table("review_drafts").upsert(
            {
                "child_id": _child_id(store, child_ref),
                "review_id": review_id,
                "payload": json.dumps(payload, default=str),
                "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
            },
            pk="child_id",
        )


def load_draft(store: Store, child_ref: str) -> dict[str, Any] | None:
    row = store.conn.execute(
        "SELECT d.review_id, d.payload, d.saved_at FROM review_drafts d JOIN children c "
        "ON c.id = d.child_id WHERE c.child_ref = ?",
        (child_ref,),
    ).fetchone()
    if row is None:
        return None
    return {"review_id": row[0], "payload": json.loads(row[1]), "saved_at": row[2]}


def live_booking(store: Store, child_ref: str, review_id: int | None) -> int | None:
    """The booking a review record's draft is for: its own while still booked (or
    adjourned, to be completed), else the child's booking now (rescheduled, cancelled and
    booked again), else none. A draft of a cancelled booking, continued, recorded the
    cancelled review as held."""
    if review_id is not None:
        row = store.conn.execute("SELECT status FROM reviews WHERE id = ?", [review_id]).fetchone()
        if row is not None and row[0] in ("planned", "adjourned", "held"):
            return review_id  # a booking, an adjournment's completion, or one put right
    row = store.conn.execute(
        "SELECT r.id FROM reviews r JOIN children c ON c.id = r.child_id "
        "WHERE c.child_ref = ? AND r.status = 'planned' ORDER BY r.scheduled_date LIMIT 1",
        [child_ref],
    ).fetchone()
    return int(row[0]) if row else None


def decision_draft_key(child_ref: str) -> str:
    """The form_drafts key of the decision being typed in a child's review record (F4):
    kept with the record's draft, and gone with it."""
    return f"decision:{child_ref}"


def draft_for_booking(
    store: Store, payload: dict[str, Any], drafted_for: int | None, booking: int | None
) -> dict[str, Any]:
    """A record's draft, its booking's day and venue as the booking it is for now
    has them (live_booking), where the IRO had not typed their own: continued after a
    cancellation and a new booking, the draft gave back the cancelled booking's venue and
    saved it on the held review; with no booking left, the cancelled one's day and venue
    are dropped."""
    if drafted_for is None or drafted_for == booking:
        return payload

    def booked(review_id: int | None) -> dict[str, Any]:
        if review_id is None:
            return {"scheduled_date": None, "venue": None}
        row = store.conn.execute(
            "SELECT scheduled_date, venue FROM reviews WHERE id = ?", [review_id]
        ).fetchone()
        day = date.fromisoformat(row[0]) if row and row[0] else None
        venue = row[1] if row else None
        return {"scheduled_date": format_ui_date(day) if day else None, "venue": venue}

    before, now = booked(drafted_for), booked(booking)
    fields = dict(payload.get("fields", {}))
    for key, value in now.items():
        if fields.get(key) in (None, "", before[key]):  # not the IRO's own
            fields[key] = value
    return {**payload, "fields": fields}


def discard_draft(store: Store, child_ref: str) -> None:
    with store.transaction():
        store.conn.execute(
            "DELETE FROM review_drafts WHERE child_id = ?", (_child_id(store, child_ref),)
        )
        store.conn.execute(
            "DELETE FROM form_drafts WHERE form = ?", [decision_draft_key(child_ref)]
        )


# --- recording ------------------------------------------------------------------
def save_review_record(
    store: Store,
    child_ref: str,
    review_id: int | None,
    record: ReviewRecord,
    book_next: bool = True,
    number: int | None = None,
) -> int:
    """Write the whole review in one transaction; returns the review's id.

    `number`: which review of the period of care it is, when known (domain/history.py).
    An adjourned review keeps what its first sitting heard and decided (attendance,
    views, matters, decisions, the decisions live from that day): they were dropped
    without a word, and then kept only in a draft, which "Start again" threw away
    (adversarial checks). Its completion is recorded from them (RecordingScreen).
    """
    held = record.held_date if record.status == "held" else None
    if record.status == "held" and held is None:
        # check_record says so first; this keeps the store's own CHECK from failing raw.
        raise FieldProblem("held_date", "give the date the review was held")
    row = _review_row(record, number)
    with store.transaction() as db:
        child_id = _child_id(store, child_ref)
        if held is not None:
            _one_review_a_day(db, child_id, review_id, held)
        if review_id is None:
            review_id = inserted_id(db.table("reviews").insert({"child_id": child_id, **row}))
        else:
            db.table("reviews").update(review_id, row)
        if record.status == "adjourned" and record.scheduled_date is not None:
            _write_what_was_held(store, db, child_id, review_id, record, record.scheduled_date)
        if held is not None:
            _write_what_was_held(store, db, child_id, review_id, record, held)
            if book_next and record.next_review_date:
                db.table("reviews").insert(
                    {
                        "child_id": child_id,
                        "status": "planned",
                        "scheduled_date": _iso(record.next_review_date),
                        "late_booking_reason": record.next_review_reason,
                    }
                )
        db.execute("DELETE FROM review_drafts WHERE child_id = ?", [child_id])
        db.execute("DELETE FROM form_drafts WHERE form = ?", [decision_draft_key(child_ref)])
    return review_id


def _one_review_a_day(
    db: sqlite_utils.Database, child_id: int, review_id: int | None, held: date
) -> None:
    """A child's review is held once on a day: a second record of it would double its
    post-review deadlines in the diary and count it twice in the annual report (the 903
    import refuses the same, reviews.csv's two rows on one day)."""
    other = db.execute(
        "SELECT id FROM reviews WHERE child_id = ? AND status = 'held' AND held_date = ? "
        "AND id IS NOT ?",
        [child_id, _iso(held), review_id],
    ).fetchone()
    if other is not None:
        raise FieldProblem(
            "held_date",
            f"a review of this child held on {held:%d/%m/%Y} is already recorded: "
            "open it from the Reviews tab to change it, or check the date",
        )
    if problem := _struck_that_day(db.conn, child_id, review_id, held):
        raise FieldProblem("held_date", problem)


def struck_that_day(store: Store, child_ref: str, review_id: int | None, held: date) -> str:
    """Why a review of the child cannot be recorded as held on `held`: one held that day
    was cancelled since (the review record says it with its other problems, at once)."""
    return _struck_that_day(store.conn, _child_id(store, child_ref), review_id, held)


def _struck_that_day(conn: Any, child_id: int, review_id: int | None, held: date) -> str:
    # One held that day and cancelled since (recorded in error) is put back, not typed
    # again: recorded again, its decisions and after-review dates stayed with the
    # cancelled one, and the diary said each after-review task undone (an adversarial
    # check).
    if cancelled_once_held(conn, child_id, held, other_than=review_id) is None:
        return ""
    return (
        f"the review held on {held:%d/%m/%Y} was cancelled: to put it back, with its "
        "decisions, open it from the Reviews tab (Enter) and choose Held"
    )


# A review cancelled after it was held, not a booking cancelled: the audit trail keeps
# the status each update changed from (store/audit.py).
_WAS_HELD = (
    "EXISTS (SELECT 1 FROM audit a WHERE a.table_name = 'reviews' AND a.row_id = r.id "
    "AND a.action = 'update' AND json_extract(a.before, '$.status') = 'held')"
)


def cancelled_once_held(
    conn: Any, child_id: int, day: date | None, other_than: int | None = None
) -> str | None:
    """The reason given when the child's review held on `day` was cancelled (recorded in
    error, or its date put right by a corrected return), or None. `conn`: the store's."""
    row = conn.execute(
        "SELECT r.cancelled_reason FROM reviews r WHERE r.child_id = ? "
        f"AND r.status = 'cancelled' AND r.scheduled_date = ? AND r.id IS NOT ? AND {_WAS_HELD}",
        [child_id, _iso(day), other_than],
    ).fetchone()
    return None if row is None else (row[0] or "no reason given")


def held_before_cancelled(conn: Any, review_id: int) -> dict[str, Any] | None:
    """What a review held and since cancelled had as held (its day and completion as
    dates, participation code and number: cancelling blanks them), read from the audit
    trail, which keeps each column an update changed; None for a booking cancelled, or
    a review not cancelled. `conn`: the store's connection."""
    row = conn.execute(
        "SELECT a.before FROM audit a JOIN reviews r ON r.id = a.row_id "
        "WHERE a.table_name = 'reviews' AND a.row_id = ? AND a.action = 'update' "
        "AND r.status = 'cancelled' AND json_extract(a.before, '$.status') = 'held' "
        "ORDER BY a.id DESC LIMIT 1",
        [review_id],
    ).fetchone()
    if row is None:
        return None
    before = json.loads(row[0])
    days = ("held_date", "completed_date")
    return {
        **{key: date.fromisoformat(before[key]) if before.get(key) else None for key in days},
        "participation_code": before.get("participation_code"),
        "review_number": before.get("review_number"),
    }


def _flag(answer: bool | None) -> int | None:
    """1, 0, or NULL for not recorded (the annual report counts it apart)."""
    return None if answer is None else int(answer)


def _review_row(record: ReviewRecord, number: int | None) -> dict[str, Any]:
    """The review's own row. The number, completion and participation belong to a held
    review only; an adjourned or cancelled one keeps what it was given."""
    held = record.status == "held"
    return {
        "review_number": number if held else None,
        "status": record.status,
        "held_date": _iso(record.held_date if held else None),
        "scheduled_date": _iso(record.scheduled_date or record.held_date),
        "venue": record.venue,
        "series": int(record.series),
        # Only a review held is completed: a cancelled one kept the completion day its
        # form had offered (an adversarial check).
        "completed_date": _iso(record.completion) if held else None,
        # Each reason with its own status (the held completion of an adjourned review
        # keeps why it was adjourned): both were kept when the status was changed.
        "adjourned_reason": record.adjourned_reason if record.status != "cancelled" else None,
        "cancelled_reason": record.cancelled_reason if record.status == "cancelled" else None,
        # An adjourned review's first sitting keeps the child's participation for its
        # completion (it was dropped); only a held review's counts (the annual report).
        "participation_code": record.participation_code.value
        if record.participation_code and record.status != "cancelled"
        else None,
        "late_reason": record.late_reason,
        "child_views": record.child_views,
        "parents_views": record.parents_views,
        "carers_views": record.carers_views,
        "advocacy_offered": _flag(record.advocacy_offered),
        "advocacy_wanted": _flag(record.advocacy_wanted),
        "advocate_name": record.advocate_name,
        "seen_alone": _flag(record.seen_alone),
        "next_review_date": _iso(record.next_review_date),
        "next_review_reason": record.next_review_reason,
    }


def _write_what_was_held(
    store: Store,
    db: sqlite_utils.Database,
    child_id: int,
    review_id: int,
    record: ReviewRecord,
    held: date,
) -> None:
    """A held review's (or an adjourned one's first sitting's, `held` the day it began)
    checklist ticks, matters, attendance and new decisions, inside
    the caller's transaction. Matters and attendance are replaced, so saving a record
    again leaves one set; decisions are added (each is tracked from here on)."""
    tick_voice_items(
        store,
        review_id,
        {"seen_alone": record.seen_alone, "advocacy_offered": record.advocacy_offered},
        held,
    )
    db.execute("DELETE FROM review_matters WHERE review_id = ?", [review_id])
    for matter, note in record.matters.items():
        if note:
            db.table("review_matters").insert(
                {"review_id": review_id, "matter": matter, "note": note}
            )
    db.execute("DELETE FROM attendance WHERE review_id = ?", [review_id])
    for attendee in record.attendees:
        db.table("attendance").insert({"review_id": review_id, **attendee.model_dump()})
    for decision in record.decisions:
        db.table("decisions").insert(
            {
                "child_id": child_id,
                "review_id": review_id,
                "text": decision.text,
                "owner_person_id": decision.owner_person_id,
                "owner_name": decision.owner_name,
                "owner_role": decision.owner_role,
                "made_date": _iso(held),
                "due_date": _iso(decision.due_date),
                "status": "open",
            }
        )


def load_recorded(store: Store, review_id: int) -> dict[str, Any]:
    """A recorded review with its matters, attendance, decisions and consultations.

    Still the rows as the store holds them, dates as ISO text: the letter and the formal
    record are written from this (interchange/documents.py and the modules it calls).
    """
    rows = list(store.db.query("SELECT * FROM reviews WHERE id = ?", [review_id]))
    if not rows:
        raise BadInput(f"there is no review {review_id} in this store")
    review = rows[0]
    review["matters"] = {
        r["matter"]: r["note"]
        for r in store.db.query(
            "SELECT matter, note FROM review_matters WHERE review_id = ?", [review_id]
        )
    }
    review["attendees"] = list(
        store.db.query(
            "SELECT name, role, attendance, person_id FROM attendance WHERE review_id = ? "
            "ORDER BY id",
            [review_id],
        )
    )
    review["decisions"] = list(
        store.db.query(
            "SELECT text, owner_name, owner_role, due_date, status FROM decisions "
            "WHERE review_id = ? ORDER BY due_date, id",
            [review_id],
        )
    )
    review["consultations"] = load_consultations(store, review_id)
    return review
