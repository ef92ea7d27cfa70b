"""Between reviews: footprint notes, decision progress, the mid-point check,
significant changes and escalations. Each function is one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from iro_tui.domain.between import (
    INFORMAL_STAGE,
    SIGNIFICANT_CHANGES,
    Escalation,
    FootprintNote,
    ProgressUpdate,
    SignificantChange,
    Stage,
    done_not_before_made,
    ladder,
    response_due,
)
from iro_tui.domain.child_history import NoteOnFile
from iro_tui.domain.fields import FieldProblem
from iro_tui.domain.rulebook import Rulebook
from iro_tui.errors import BadInput
from iro_tui.store.changes import _child_id
from iro_tui.store.child_history import date_or_none, note_on_file, stage
from iro_tui.store.store import Store, _iso, inserted_id


def _note_row(note: FootprintNote) -> dict[str, Any]:
    return {
        "note_date": _iso(note.note_date),
        "kind": note.kind,
        "text": note.text,
        "follow_up_date": _iso(note.follow_up_date),
    }


def add_note(store: Store, child_ref: str, note: FootprintNote) -> int:
    with store.transaction() as db:
        return inserted_id(
            db.table("footprint_notes").insert(
                {"child_id": _child_id(store, child_ref), **_note_row(note)}
            )
        )


def correct_note(
    store: Store, note_id: int, note: FootprintNote, followed_up: bool | None = None
) -> None:
    """A correction is an update: the audit trail keeps the original words.
    `followed_up`: its follow-up done (it leaves the diary), or not yet; None leaves it."""
    row = _note_row(note)
    if followed_up is not None:
        row["follow_up_done"] = int(followed_up)
    with store.transaction() as db:
        db.table("footprint_notes").update(note_id, row)


def follow_up_done(store: Store, note_id: int) -> None:
    """A note's follow-up done (bench/make_store.py builds a decade of them so)."""
    with store.transaction() as db:
        db.table("footprint_notes").update(note_id, {"follow_up_done": 1})


def follow_up_is_done(store: Store, note_id: int) -> bool:
    row = store.conn.execute(
        "SELECT follow_up_done FROM footprint_notes WHERE id = ?", [note_id]
    ).fetchone()
    return bool(row and row[0])


def load_note(store: Store, note_id: int) -> NoteOnFile:
    note = note_on_file(store, note_id)
    if note is None:
        raise BadInput("that note no longer exists")
    return note


def note_child_ref(store: Store, note_id: int) -> str:
    """The child a footprint note is written on."""
    row = store.conn.execute(
        "SELECT c.child_ref FROM footprint_notes n JOIN children c ON c.id = n.child_id "
        "WHERE n.id = ?",
        [note_id],
    ).fetchone()
    if row is None:
        raise BadInput("that note no longer exists")
    return str(row[0])


def _progress(store: Store, update: ProgressUpdate) -> None:
    found = store.conn.execute(
        "SELECT status, made_date FROM decisions WHERE id = ?", (update.decision_id,)
    ).fetchone()
    if found is None:
        raise BadInput("that decision no longer exists")
    if found[0] == "done":
        # Done stays done, with its date: the year's figures count it so. Something new
        # to do is a new decision, at the next review.
        raise BadInput("this decision is done: a new need is a new decision at the next review")
    done_not_before_made(update.completed_date, date_or_none(found[1]))
    store.db.table("decision_progress").insert(
        {
            "decision_id": update.decision_id,
            "recorded_date": _iso(update.recorded_date),
            "state": update.state,
            "note": update.note,
        }
    )
    if update.state == "done":
        store.db.table("decisions").update(
            update.decision_id, {"status": "done", "completed_date": _iso(update.completed_date)}
        )
    elif update.state == "dropped":
        store.db.table("decisions").update(
            update.decision_id, {"status": "dropped", "completed_date": None}
        )
    elif found[0] == "dropped":
        # On track, at risk or overdue: needed again, back on the list (one said no longer
        # needed by mistake is put right; the audit trail and its updates keep the rest).
        store.db.table("decisions").update(update.decision_id, {"status": "open"})


def dropped_on(store: Store, decision_id: int) -> date | None:
    """The day a decision no longer needed was said so (None: it is not, or an older
    store's with no such update)."""
    row = store.conn.execute(
        "SELECT max(p.recorded_date) FROM decisions d JOIN decision_progress p ON "
        "p.decision_id = d.id WHERE d.id = ? AND d.status = 'dropped' AND p.state = 'dropped'",
        (decision_id,),
    ).fetchone()
    return date.fromisoformat(row[0]) if row and row[0] else None


def decision_due(store: Store, decision_id: int) -> date | None:
    """A decision's timescale: the date it is due (None for no such decision)."""
    row = store.conn.execute("SELECT due_date FROM decisions WHERE id = ?", (decision_id,))
    found = row.fetchone()
    return date.fromisoformat(found[0]) if found and found[0] else None


def update_decision(store: Store, update: ProgressUpdate) -> None:
    with store.transaction():
        _progress(store, update)


def save_midpoint(
    store: Store, child_ref: str, note: FootprintNote, updates: list[ProgressUpdate]
) -> int:
    """The mid-point note and every decision update land together, or not at all."""
    if note.kind != "midpoint":
        raise BadInput("a mid-point check is recorded as a mid-point note")
    with store.transaction():
        note_id = add_note(store, child_ref, note)
        for update in updates:
            _progress(store, update)
    return note_id


def record_significant_change(store: Store, child_ref: str, change: SignificantChange) -> int:
    """The change, a footprint note, and (if a review is needed) the additional review."""
    with store.transaction() as db:
        child_id = _child_id(store, child_ref)
        review_id = None
        booked = None
        if change.review_needed:
            # A review already booked is the one brought forward (or kept, when sooner):
            # a second booking was added beside it, and the diary showed both meetings.
            booked = store.conn.execute(
                "SELECT id, scheduled_date FROM reviews WHERE child_id = ? AND status = "
                "'planned' AND scheduled_date >= ? ORDER BY scheduled_date LIMIT 1",
                (child_id, _iso(change.notified_date)),
            ).fetchone()
        if booked is not None:
            review_id = booked[0]
            if booked[1] > _iso(change.review_by):
                db.table("reviews").update(
                    review_id, {"scheduled_date": _iso(change.review_by), "additional": 1}
                )
        elif change.review_needed:
            review_id = inserted_id(
                db.table("reviews").insert(
                    {
                        "child_id": child_id,
                        "status": "planned",
                        "additional": 1,
                        "scheduled_date": _iso(change.review_by),
                    }
                )
            )
        change_id = inserted_id(
            db.table("significant_changes").insert(
                {
                    "child_id": child_id,
                    "category": change.category,
                    "notified_date": _iso(change.notified_date),
                    "detail": change.detail,
                    "review_needed": int(change.review_needed),
                    "decision_reason": change.decision_reason,
                    "review_id": review_id,
                }
            )
        )
        if booked is not None and booked[1] > _iso(change.review_by):
            decided = (
                f"the review booked for {date.fromisoformat(booked[1]):%d/%m/%Y} brought "
                f"forward to {change.review_by:%d/%m/%Y}"
            )
        elif booked is not None:
            decided = (
                f"the review already booked for {date.fromisoformat(booked[1]):%d/%m/%Y} "
                f"is the one needed by {change.review_by:%d/%m/%Y}"
            )
        elif change.review_needed:
            decided = f"additional review booked for {change.review_by:%d/%m/%Y}"
        else:
            decided = f"no review needed: {change.decision_reason}"
        db.table("footprint_notes").insert(
            {
                "child_id": child_id,
                "note_date": _iso(change.notified_date),
                "kind": "significant_change",
                "text": f"{SIGNIFICANT_CHANGES[change.category]}. {change.detail} ({decided})",
            }
        )
    return change_id


# --- escalations -------------------------------------------------------------------
def _stages(store: Store, where: str, params: list) -> dict[int, list[Stage]]:
    """Stages by escalation, in stage order: one query, not one per escalation."""
    rows = store.db.query(
        "SELECT s.escalation_id, s.stage_no, s.stage_name, s.opened_date, s.response_due, "
        "s.response, s.response_date, s.outcome, s.skipped, s.skip_reason "
        f"FROM escalation_stages s JOIN escalations e ON e.id = s.escalation_id{where} "
        "ORDER BY s.escalation_id, s.stage_no",
        params,
    )
    stages: dict[int, list[Stage]] = {}
    for r in rows:
        stages.setdefault(r.pop("escalation_id"), []).append(stage(r))
    return stages


def load_escalations(
    store: Store, open_only: bool = False, escalation_id: int | None = None
) -> list[Escalation]:
    clauses, params = [], []
    if open_only:
        clauses.append("e.resolved_date IS NULL")
    if escalation_id is not None:
        clauses.append("e.id = ?")
        params.append(escalation_id)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    stages = _stages(store, where, params)
    decisions: dict[int, list[int]] = {}
    for escalation, decision in store.conn.execute(
        "SELECT d.escalation_id, d.decision_id FROM escalation_decisions d "
        f"JOIN escalations e ON e.id = d.escalation_id{where}",
        params,
    ):
        decisions.setdefault(escalation, []).append(decision)
    rows = store.db.query(
        "SELECT e.id, c.child_ref, e.kind, e.theme, e.issue, e.opened_date, e.resolved_date, "
        "e.outcome FROM escalations e JOIN children c ON c.id = e.child_id"
        f"{where} ORDER BY opened_date",
        params,
    )
    return [
        Escalation(
            **{
                **row,
                "opened_date": date.fromisoformat(row["opened_date"]),
                "resolved_date": date_or_none(row["resolved_date"]),
            },
            stages=stages.get(row["id"], []),
            decision_ids=decisions.get(row["id"], []),
        )
        for row in rows
    ]


def load_escalation(store: Store, escalation_id: int) -> Escalation:
    found = load_escalations(store, escalation_id=escalation_id)
    if not found:
        raise BadInput("that escalation no longer exists")
    return found[0]


def _open_stage(
    store: Store, escalation_id: int, stage_no: int, name: str, opened: date, rulebook: Rulebook
) -> None:
    store.db.table("escalation_stages").insert(
        {
            "escalation_id": escalation_id,
            "stage_no": stage_no,
            "stage_name": name,
            "opened_date": _iso(opened),
            "response_due": _iso(response_due(opened, rulebook, name)),
        }
    )


def latest_progress(store: Store) -> dict[int, tuple[str, date, str]]:
    """Each open decision's last progress update: decision id -> (state, recorded on,
    note). The drift tracker says "at risk", the IRO's early word of drift."""
    rows = store.conn.execute(
        "SELECT p.decision_id, p.state, p.recorded_date, p.note FROM decision_progress p "
        "JOIN decisions d ON d.id = p.decision_id WHERE d.status = 'open' AND p.id = "
        "(SELECT max(q.id) FROM decision_progress q WHERE q.decision_id = d.id)"
    )
    return {
        decision: (state, date.fromisoformat(recorded), note)
        for decision, state, recorded, note in rows
    }


def escalated_decisions(store: Store) -> dict[int, tuple[str, date]]:
    """Decisions under an open escalation: decision id -> (its kind, opened on)."""
    rows = store.conn.execute(
        "SELECT d.decision_id, e.kind, e.opened_date FROM escalation_decisions d "
        "JOIN escalations e ON e.id = d.escalation_id WHERE e.resolved_date IS NULL "
        "ORDER BY e.opened_date"
    )
    return {decision: (kind, date.fromisoformat(opened)) for decision, kind, opened in rows}


def open_escalation(
    store: Store,
    child_ref: str,
    values: dict[str, Any],
    rulebook: Rulebook,
    decision_ids: Sequence[int] = (),
) -> int:
    """An informal challenge or a formal DRP, with its first stage opened. Not a second
    one about a decision already under an open escalation: two ran side by side, each
    with its own reply due, and nothing said the first was open."""
    escalated = escalated_decisions(store)
    for decision_id in decision_ids:
        if (found := escalated.get(decision_id)) is not None:
            kind = "an informal challenge" if found[0] == "informal" else "a formal dispute"
            raise BadInput(
                f"{kind} about this decision is already open (since {found[1]:%d/%m/%Y}): "
                "move it on to its next stage (n on it, from E on the diary) rather than "
                "open another"
            )
    with store.transaction() as db:
        escalation_id = inserted_id(
            db.table("escalations").insert(
                {
                    "child_id": _child_id(store, child_ref),
                    "kind": values["kind"],
                    "theme": values["theme"],
                    "issue": values["issue"],
                    "opened_date": _iso(values["opened_date"]),
                }
            )
        )
        for decision_id in decision_ids:
            db.table("escalation_decisions").insert(
                {"escalation_id": escalation_id, "decision_id": decision_id}
            )
        first = ladder(values["kind"], rulebook)[0]
        _open_stage(store, escalation_id, 1, first, values["opened_date"], rulebook)
    return escalation_id


def next_stage_name(store: Store, escalation_id: int, skip: bool) -> str | None:
    """The stage escalating would open (skipping one, with `skip`); None at the top."""
    stages = load_escalation(store, escalation_id).stages
    try:
        number, name = _next_stage(stages, store.rulebook())
        if skip:
            number, name = _next_stage(
                [*stages, Stage(number, name, skipped=True)], store.rulebook()
            )
    except BadInput:
        return None
    return name


def _next_stage(stages: list[Stage], rulebook: Rulebook) -> tuple[int, str]:
    """The next rung of the formal ladder; an informal challenge goes on to its first."""
    names = ladder("formal", rulebook)
    climbed = [s for s in stages if s.stage_name != INFORMAL_STAGE]
    if len(climbed) >= len(names):
        raise BadInput("this is the last stage of the ladder: resolve the escalation")
    return len(stages) + 1, names[len(climbed)]


def escalate(
    store: Store,
    escalation_id: int,
    opened: date,
    rulebook: Rulebook,
    skip_reason: str | None = None,
) -> None:
    """Open the next stage; with a skip reason, skip it and open the one after."""
    escalation = load_escalation(store, escalation_id)
    if escalation.resolved_date:
        raise BadInput("this escalation is resolved")
    stages = escalation.stages
    last = stages[-1] if stages else None
    if last and last.opened_date and opened < last.opened_date:
        raise FieldProblem("opened_date", "a stage cannot open before the one below it")
    with store.transaction() as db:
        if escalation.kind == "informal":
            # Handbook ch. 6: when an informal challenge fails, the formal DRP begins.
            db.table("escalations").update(escalation_id, {"kind": "formal"})
        number, name = _next_stage(stages, rulebook)
        if skip_reason:
            db.table("escalation_stages").insert(
                {
                    "escalation_id": escalation_id,
                    "stage_no": number,
                    "stage_name": name,
                    "skipped": 1,
                    "skip_reason": skip_reason,
                }
            )
            number, name = _next_stage([*stages, Stage(number, name, skipped=True)], rulebook)
        _open_stage(store, escalation_id, number, name, opened, rulebook)


def record_response(
    store: Store, escalation_id: int, response: str, response_date: date, outcome: str | None
) -> None:
    escalation = load_escalation(store, escalation_id)
    waiting = [s for s in escalation.stages if s.awaiting_response]
    if not waiting:
        raise BadInput("no stage is waiting for a response")
    stage = waiting[-1]
    # A stage waiting for a response has opened (Stage.awaiting_response).
    if stage.opened_date and response_date < stage.opened_date:
        raise FieldProblem("response_date", "the response cannot come before the stage opened")
    with store.transaction():
        store.conn.execute(
            "UPDATE escalation_stages SET response = ?, response_date = ?, outcome = ? "
            "WHERE escalation_id = ? AND stage_no = ?",
            (response, _iso(response_date), outcome, escalation_id, stage.stage_no),
        )


def resolve_escalation(store: Store, escalation_id: int, resolved: date, outcome: str) -> None:
    escalation = load_escalation(store, escalation_id)
    if resolved < escalation.opened_date:
        raise FieldProblem("resolved_date", "it cannot be resolved before it was opened")
    # Nor before a stage it went to, or a reply it had: the annual report counts the
    # days each dispute took from these dates.
    latest, what = escalation.opened_date, "it was opened"
    for step in escalation.stages:
        for day, done in (
            (step.opened_date, "went to"),
            (step.response_date, "had a reply from"),
        ):
            if day is not None and day > latest:
                latest, what = day, f"it {done} stage {step.stage_no} ({step.stage_name})"
    if resolved < latest:
        raise FieldProblem(
            "resolved_date", f"{what} on {latest:%d/%m/%Y}: it cannot be resolved before that"
        )
    with store.transaction() as db:
        db.table("escalations").update(
            escalation_id, {"resolved_date": _iso(resolved), "outcome": outcome}
        )
