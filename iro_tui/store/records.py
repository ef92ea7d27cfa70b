"""Reads for the diary, the caseload and the child screen."""

from __future__ import annotations

from datetime import date

from iro_tui.domain.agenda import DiaryData, EscalationStage, FollowUp, RecordedReview
from iro_tui.domain.between import INFORMAL_STAGE
from iro_tui.domain.caseload import ChildRecord
from iro_tui.domain.models import Episode, MissingEpisode
from iro_tui.domain.records import Appointment, Decision, Person, PlacementDetails
from iro_tui.errors import BadInput
from iro_tui.store import from_rows
from iro_tui.store.child_history import (
    changes_on_file,
    missing_episode,
    missing_on_file,
    notes_on_file,
    progress_on_file,
    reviews_on_file,
    stages_on_file,
)
from iro_tui.store.form_drafts import form_drafts_listed
from iro_tui.store.store import Store

DECISION_SQL = (
    "SELECT d.id, c.child_ref, d.text, d.owner_name, d.owner_role, d.made_date, d.due_date, "
    "d.status, d.completed_date FROM decisions d JOIN children c ON c.id = d.child_id"
)
APPOINTMENT_SQL = (
    "SELECT a.id, a.kind, a.title, a.appt_date, a.start_time, a.end_time, a.place, a.notes, "
    "c.child_ref FROM appointments a LEFT JOIN children c ON c.id = a.child_id"
)
PLACEMENT_COLUMNS = "provider_name, carer_name, address, area, out_of_area, phone"


def load_decisions(
    store: Store, child_ref: str | None = None, open_only: bool = False
) -> list[Decision]:
    """A child's decisions, or everyone's; `open_only` for the diary, caseload and drift
    tracker, which show open decisions only (a whole authority has ~100k closed ones).

    Everyone's open decisions are read once for all three, until the store changes, and
    then only those the audit trail says changed (open_decisions.py)."""
    if open_only and not child_ref:
        from iro_tui.store.open_decisions import open_decisions

        return list(store.shared("open decisions", lambda: open_decisions(store)))
    return _decisions(store, child_ref, open_only)


def _decisions(store: Store, child_ref: str | None, open_only: bool) -> list[Decision]:
    clauses, params = [], []
    if child_ref:
        clauses.append("c.child_ref = ?")
        params.append(child_ref)
    if open_only:
        clauses.append("d.status = 'open'")
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = store.conn.execute(DECISION_SQL + where + " ORDER BY due_date", params)
    return [from_rows.decision(r) for r in rows]


def load_appointments(
    store: Store, since: date | None = None, child_ref: str | None = None
) -> list[Appointment]:
    clauses, params = [], []
    if since:
        clauses.append("a.appt_date >= ?")
        params.append(since.isoformat())
    if child_ref:
        clauses.append("c.child_ref = ?")
        params.append(child_ref)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = store.conn.execute(APPOINTMENT_SQL + where + " ORDER BY appt_date, start_time", params)
    return [from_rows.appointment(r) for r in rows]


def load_appointment(store: Store, appointment_id: int) -> Appointment:
    rows = list(store.db.query(APPOINTMENT_SQL + " WHERE a.id = ?", [appointment_id]))
    if not rows:
        raise BadInput("that appointment no longer exists")
    return Appointment.model_validate(rows[0])


def load_recorded_reviews(store: Store) -> list[RecordedReview]:
    """Reviews recorded in iro-tui (they have a completion date; 903 imports do not)
    with an after-the-review task still to do: the diary needs no others, and a whole
    authority has thousands of reviews long since sent out.

    Nor a review the child has had a later review since: its paperwork is past chasing
    in the diary (its after-review screen keeps it). A review held in June and typed in
    in December, after the September one, put three tasks 175 days overdue at the top of
    the diary; a decade of history, hundreds. The later review's own tasks stand."""
    rows = store.conn.execute(
        "SELECT c.child_ref, r.id, r.completed_date, r.decisions_sent_date, "
        "r.record_sent_date, r.care_plan_updated_date, r.manager_response_date "
        "FROM reviews r JOIN children c ON c.id = r.child_id "
        "WHERE r.status = 'held' AND r.completed_date IS NOT NULL AND ("
        "r.decisions_sent_date IS NULL OR r.record_sent_date IS NULL OR "
        "r.care_plan_updated_date IS NULL OR r.manager_response_date IS NULL) "
        "AND NOT EXISTS (SELECT 1 FROM reviews later WHERE later.child_id = r.child_id "
        "AND later.status = 'held' AND later.held_date > r.held_date)"
    )
    return [
        RecordedReview(
            child_ref=child_ref,
            review_id=review_id,
            completed=date.fromisoformat(completed),
            decisions_sent=_day(decisions_sent),
            record_sent=_day(record_sent),
            care_plan_updated=_day(care_plan_updated),
            manager_response=_day(manager_response),
        )
        for (
            child_ref,
            review_id,
            completed,
            decisions_sent,
            record_sent,
            care_plan_updated,
            manager_response,
        ) in rows
    ]


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def load_diary(store: Store, today: date) -> DiaryData:
    from iro_tui.store.reviews import load_booked_checklists

    return DiaryData(
        cases=store.load_cases(),
        decisions=load_decisions(store, open_only=True),
        appointments=load_appointments(store, since=today),
        checklists=load_booked_checklists(store),
        recorded=load_recorded_reviews(store),
        # Per child through the (child_id, kind, note_date) index (v6): one step each,
        # not the ~200,000 notes of a whole authority's ten years.
        midpoint_notes={
            ref: date.fromisoformat(day)
            for ref, day in store.conn.execute(
                "SELECT c.child_ref, (SELECT max(n.note_date) FROM footprint_notes n "
                "WHERE n.child_id = c.id AND n.kind = 'midpoint') AS day FROM children c"
            )
            if day is not None
        },
        follow_ups=[
            FollowUp(ref, note_id, date.fromisoformat(day), kind)
            for ref, note_id, day, kind in store.conn.execute(
                "SELECT c.child_ref, n.id, n.follow_up_date, n.kind FROM footprint_notes n "
                "JOIN children c ON c.id = n.child_id "
                "WHERE n.follow_up_date IS NOT NULL AND n.follow_up_done = 0"
            )
        ],
        last_notes=last_footprints(store),
        # Not in a read-only window (the other window's, being recorded there), but on a
        # full disk (held alone): a crash's, which the review record gives back (`r`).
        drafts=[]
        if store.read_only and not store.held_alone
        else [
            ref
            for (ref,) in store.conn.execute(
                "SELECT c.child_ref FROM review_drafts d JOIN children c ON c.id = d.child_id"
            )
        ],
        form_drafts=[] if store.read_only else form_drafts_listed(store),
        # A note on a child names them in its key; the quick note, in the child chosen.
        # Not in a read-only window: those are the other window's, being written there.
        note_drafts=[]
        if store.read_only
        else [
            (form, form.removeprefix("note:") if form != "note" else chosen)
            for form, chosen in store.conn.execute(
                "SELECT form, json_extract(payload, '$.child_ref') FROM form_drafts "
                "WHERE form = 'note' OR form LIKE 'note:%'"
            )
        ],
        escalation_stages=[
            EscalationStage(ref, escalation_id, name, date.fromisoformat(due))
            for ref, escalation_id, name, due in store.conn.execute(
                "SELECT c.child_ref, e.id, s.stage_name, s.response_due "
                "FROM escalation_stages s JOIN escalations e ON e.id = s.escalation_id "
                "JOIN children c ON c.id = e.child_id WHERE e.resolved_date IS NULL "
                "AND s.skipped = 0 AND s.response_date IS NULL AND s.response_due IS NOT NULL "
                # The stage now asked only (Escalation.current_stage): one moved on from
                # is not waited for, and each stayed "Response due" in the diary.
                "AND s.stage_no = (SELECT max(t.stage_no) FROM escalation_stages t "
                "WHERE t.escalation_id = s.escalation_id AND t.skipped = 0)"
            )
        ],
        formal_disputes=[
            (ref, escalation_id, date.fromisoformat(started))
            for ref, escalation_id, started in store.conn.execute(
                "SELECT c.child_ref, e.id, min(s.opened_date) FROM escalations e "
                "JOIN children c ON c.id = e.child_id "
                "JOIN escalation_stages s ON s.escalation_id = e.id "
                "WHERE e.kind = 'formal' AND e.resolved_date IS NULL AND s.skipped = 0 "
                "AND s.opened_date IS NOT NULL AND s.stage_name != ? GROUP BY e.id",
                [INFORMAL_STAGE],
            )
        ],
    )


def current_placements(store: Store) -> dict[str, PlacementDetails]:
    """Placement details of each child's latest episode, by child_ref."""
    rows = store.conn.execute(
        f"SELECT c.child_ref, {PLACEMENT_COLUMNS} FROM placements p "
        "JOIN episodes e ON e.id = p.episode_id JOIN children c ON c.id = e.child_id "
        "WHERE e.decom = (SELECT max(decom) FROM episodes WHERE child_id = e.child_id)"
    )
    return {r[0]: from_rows.placement(r[1:]) for r in rows}


def last_footprints(store: Store) -> dict[str, date]:
    """child_ref -> the date of the child's latest footprint note, for children with
    any: per child through the (child_id, note_date) index (v6), one step each, where
    grouping read all of a whole authority's ~200,000 notes."""
    rows = store.conn.execute(
        "SELECT c.child_ref, (SELECT max(n.note_date) FROM footprint_notes n "
        "WHERE n.child_id = c.id) FROM children c"
    )
    return {ref: date.fromisoformat(day) for ref, day in rows if day is not None}


def load_child(store: Store, child_ref: str) -> ChildRecord:
    child_id = store.child_id(child_ref)
    if child_id is None:
        raise BadInput(f"there is no child {child_ref} in this store")
    [case] = store.load_cases(child_id)
    people = [
        Person.model_validate(r)
        for r in store.db.query(
            "SELECT id, role, name, relationship, organisation, phone, email, address, active, "
            "notes"
            " FROM people WHERE child_id = ? ORDER BY active DESC, role, name",
            [child_id],
        )
    ]
    placements = {
        date.fromisoformat(r.pop("decom")): PlacementDetails.model_validate(r)
        for r in store.db.query(
            f"SELECT e.decom, {PLACEMENT_COLUMNS} FROM placements p JOIN episodes e "
            "ON e.id = p.episode_id WHERE e.child_id = ?",
            [child_id],
        )
    }
    return ChildRecord(
        case=case,
        people=people,
        placements=placements,
        reviews=reviews_on_file(store, child_id),
        decisions=load_decisions(store, child_ref),
        notes=notes_on_file(store, child_id),
        missing=missing_on_file(store, child_id),
        appointments=load_appointments(store, child_ref=child_ref),
        progress=progress_on_file(store, child_id),
        changes=changes_on_file(store, child_id),
        escalation_stages=stages_on_file(store, child_id),
    )


def current_episode(store: Store, child_ref: str) -> Episode:
    episodes = store.load_episodes(child_ref)
    if not episodes:
        raise BadInput(f"child {child_ref} has no episode of care")
    return episodes[-1]


def load_missing(store: Store) -> dict[str, list[MissingEpisode]]:
    """903 Missing episodes by child_ref, earliest first."""
    found: dict[str, list[MissingEpisode]] = {}
    for child_ref, kind, start, end in store.conn.execute(
        "SELECT c.child_ref, m.missing, m.mis_start, m.mis_end FROM missing_episodes m "
        "JOIN children c ON c.id = m.child_id ORDER BY m.mis_start"
    ):
        found.setdefault(child_ref, []).append(missing_episode(kind, start, end))
    return found


def suggest_child_ref(store: Store) -> str:
    """The next free numeric 903 CHILD id, to prefill the intake form."""
    numeric = [int(r) for r in store.child_refs() if r.isdigit()]
    return str(max(numeric, default=100000) + 1)
