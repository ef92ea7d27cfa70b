"""Forms between reviews: footprint notes, decision updates, significant changes,
opening an escalation and moving it on."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import date
from typing import Any

from iro_tui.domain.between import (
    NOTE_KINDS,
    PROGRESS,
    REVIEW_BEFORE_CHANGE,
    SIGNIFICANT_CHANGES,
    THEMES,
    FootprintNote,
    ProgressUpdate,
    SignificantChange,
)
from iro_tui.domain.fields import FieldProblem, not_after_today, not_before
from iro_tui.errors import BadInput
from iro_tui.screens.form_options import child_options
from iro_tui.store import Store, between, records
from iro_tui.widgets.form import FormField, FormModal

NOTE_FIELDS = [
    FormField("note_date", "Date", "date", required=True),
    FormField("kind", "Kind", "select", [(v, k) for k, v in NOTE_KINDS.items()], required=True),
    FormField("text", "Note", "area", required=True),
    FormField("follow_up_date", "Follow up on (appears in the diary)", "date"),
]


def note_form(
    store: Store, today: date, child_ref: str | None = None, suggested: str | None = None
) -> FormModal[str]:
    """Quick-add from anywhere: pick the child (if not already chosen) and type.
    `suggested`: the child of the row the IRO was on (the diary, the caseload, the drift
    tracker), chosen in the form for them to change."""
    fields = (
        []
        if child_ref
        else [FormField("child_ref", "Child", "select", child_options(store), required=True)]
    )
    fields += NOTE_FIELDS

    def save(values: dict) -> str:
        ref = child_ref or values.pop("child_ref")
        note = FootprintNote(**values, today=today)
        not_before("note_date", note.note_date, records.load_child(store, ref).case.earliest_day())
        between.add_note(store, ref, note)
        return ref

    title = "A footprint note"
    if child_ref:
        # The child it is written on is named: the form has no box to choose them.
        title += f" · {store.child_names().get(child_ref, child_ref)} ({child_ref})"
    # The kind is blank until chosen, as every list here: "Visit to the child" was
    # preselected, and the annual report counts visits.
    initial: dict[str, Any] = {"note_date": today}
    if suggested and not child_ref:
        initial["child_ref"] = suggested
    # Kept as it is typed, for this child's notes or for the quick note: a note begun for
    # one child is never given back in another child's form.
    from iro_tui.store.form_drafts import drafts_of, quick_note_drafts

    return FormModal(
        title,
        fields,
        save,
        initial,
        intro="Dated notes of visits, contacts, emails and alerts: the IRO's "
        "footprint on the child's record.",
        drafts=drafts_of(store, f"note:{child_ref}")
        if child_ref
        else quick_note_drafts(store, suggested),
    )


def correct_note_form(store: Store, note_id: int, today: date) -> FormModal[int]:
    """A note put right, and (with a follow-up) its follow-up marked done: the diary's
    "Follow up a footprint note" opened this form, with no way to say it was done, and
    stayed overdue for ever (an adversarial check)."""
    note = between.load_note(store, note_id)
    fields = list(NOTE_FIELDS)
    initial = asdict(note)
    if note.follow_up_date is not None:
        fields.append(FormField("followed_up", "Followed up: done (it leaves the diary)", "check"))
        initial["followed_up"] = between.follow_up_is_done(store, note_id)

    def save(values: dict) -> int:
        followed_up = values.pop("followed_up", None)
        corrected = FootprintNote(**values, today=today)
        case = records.load_child(store, between.note_child_ref(store, note_id)).case
        not_before("note_date", corrected.note_date, case.earliest_day())
        between.correct_note(store, note_id, corrected, followed_up)
        return note_id

    save = store.saving_unchanged("footprint_notes", note_id, "this note", save)

    return FormModal(
        "Correct a footprint note",
        fields,
        save,
        initial,
        intro="The original words are kept in the audit trail."
        + (" Tick 'Followed up' once it is done." if note.follow_up_date is not None else ""),
    )


def decision_update_form(
    store: Store, decision_id: int, text: str, today: date, child_ref: str | None = None
) -> FormModal[int]:
    fields = [
        FormField(
            "state", "Progress", "select", [(v, k) for k, v in PROGRESS.items()], required=True
        ),
        FormField("note", "Progress note", "area"),
        FormField("completed_date", "Done on (when done)", "date"),
    ]

    due = between.decision_due(store, decision_id)
    dropped_on = between.dropped_on(store, decision_id)

    def save(values: dict) -> int:
        if dropped_on is not None and values["state"] != "dropped" and not values["note"]:
            # Put back on the list: why, on the file (the line under the table said only
            # "overdue on 01/06/2026" of a decision no longer needed the day before).
            raise FieldProblem("note", "say why it is needed again")
        between.update_decision(
            store,
            ProgressUpdate(
                decision_id=decision_id,
                recorded_date=today,
                note=values["note"] or "",
                state=values["state"],
                completed_date=values["completed_date"],
                due_date=due,
            ),
        )
        return decision_id

    # Progress is blank until chosen (field_widget): "On track" preselected was saved for a
    # decision 143 days overdue by an IRO who pressed F2 to add only a note.
    # The child is named: from the drift tracker the title gave the decision only.
    whose = f" · {store.child_names().get(child_ref, child_ref)} ({child_ref})" if child_ref else ""
    intro = (
        f"No longer needed since {dropped_on:%d/%m/%Y}: an update other than that puts it "
        "back on the list, with why."
        if dropped_on is not None
        else ""
    )
    return FormModal(f"Update{whose}: {text}", fields, save, {}, intro=intro)


def significant_change_form(
    store: Store,
    child_ref: str,
    today: date,
    on_saved: Callable[[dict[str, Any]], None] | None = None,
) -> FormModal[int]:
    """`on_saved(values)` runs after a save (an unplanned move offers the move form)."""
    from iro_tui.domain.deadlines import known_review_deadline
    from iro_tui.store import records

    # As the booking form does: the additional review is checked against it.
    deadline = known_review_deadline(records.load_child(store, child_ref).case, store.rulebook())
    options = [
        (label + (" (review required before, 3.77)" if key in REVIEW_BEFORE_CHANGE else ""), key)
        for key, label in SIGNIFICANT_CHANGES.items()
    ]
    fields = [
        FormField("category", "What changed (handbook 3.74)", "select", options, required=True),
        FormField("notified_date", "Notified on", "date", required=True),
        FormField("detail", "Detail", "area"),
        FormField("review_needed", "A review is needed", "check"),
        FormField(
            "review_by",
            "Book the additional review for",
            "date",
            hint="It is due by this date, or by the statutory deadline if that is sooner.",
        ),
        FormField("decision_reason", "If no review: why not (3.76)", "area"),
    ]

    def save(values: dict) -> int:
        values["detail"] = values["detail"] or ""
        change = SignificantChange(
            **values, today=today, deadline=deadline.due if deadline else None
        )
        change_id = between.record_significant_change(store, child_ref, change)
        if on_saved is not None:
            on_saved(values)
        return change_id

    return FormModal("A significant change", fields, save, {"notified_date": today})


def escalation_form(
    store: Store, child_ref: str, today: date, decision_ids: Sequence[int] = (), issue: str = ""
) -> FormModal[int]:
    fields = [
        FormField(
            "kind",
            "Kind",
            "select",
            [("Informal challenge", "informal"), ("Formal dispute resolution (DRP)", "formal")],
            required=True,
        ),
        FormField("theme", "Theme", "select", [(v, k) for k, v in THEMES.items()], required=True),
        FormField(
            "issue",
            "The issue",
            "area",
            required=True,
            # Linked without a word before (an adversarial check): the drift tracker
            # and the Decisions tab show the decision as under escalation from now.
            hint=(
                f"Linked to the {'decision' if len(decision_ids) == 1 else 'decisions'} "
                "chosen: shown as under escalation in the drift tracker"
                if decision_ids
                else ""
            ),
        ),
        FormField("opened_date", "Opened on", "date", required=True),
    ]

    def save(values: dict) -> int:
        not_after_today("opened_date", values["opened_date"], today)
        earliest = records.load_child(store, child_ref).case.earliest_day()
        not_before("opened_date", values["opened_date"], earliest)
        return between.open_escalation(
            store, child_ref, values, store.rulebook(), list(decision_ids)
        )

    # The child's escalations still open, said before another is opened: one about the
    # same problem, not linked to this decision, was not caught, and a child had two
    # open disputes on one issue (an adversarial check). Said, not refused: it may be
    # another problem.
    still_open = [
        e for e in between.load_escalations(store, open_only=True) if e.child_ref == child_ref
    ]
    already = (
        f" Already open for this child: {len(still_open)} ("
        + "; ".join(
            f"{THEMES.get(e.theme, e.theme).lower()}, since {e.opened_date:%d/%m/%Y}"
            for e in still_open[:3]
        )
        + "): if it is the same problem, move that one on (n on it) instead."
        if still_open
        else ""
    )
    return FormModal(
        "Escalate",
        fields,
        save,
        {"kind": "informal", "opened_date": today, "issue": issue},
        intro="Starts at the first stage; each stage has a response deadline in working days "
        "(the authority's ladder, set in Settings)." + already,
    )


def next_stage_form(store: Store, escalation_id: int, today: date, skip: bool) -> FormModal[int]:
    fields = [FormField("opened_date", "Opened on", "date", required=True)]
    if skip:
        fields.insert(
            0, FormField("skip_reason", "Why the next stage is skipped", "area", required=True)
        )

    def save(values: dict) -> int:
        not_after_today("opened_date", values["opened_date"], today)
        between.escalate(
            store, escalation_id, values["opened_date"], store.rulebook(), values.get("skip_reason")
        )
        return escalation_id

    # The stage it opens is named: it was said only after saving.
    name = between.next_stage_name(store, escalation_id, skip)
    goes_to = f": on to {name}" if name else ""
    title = f"Skip a stage (in an emergency){goes_to}" if skip else f"Escalate{goes_to}"
    return FormModal(title, fields, save, {"opened_date": today})


def response_form(store: Store, escalation_id: int, today: date) -> FormModal[int]:
    # The reply is to the stage waiting for one: named, as p on another stage's row gave
    # no hint which it was for.
    waiting = [
        s for s in between.load_escalation(store, escalation_id).stages if s.awaiting_response
    ]
    if not waiting:
        raise BadInput("no stage is waiting for a response: E opens the next stage")
    stage = waiting[-1]
    opened = f", opened {stage.opened_date:%d/%m/%Y}" if stage.opened_date else ""
    fields = [
        FormField("response", "The response", "area", required=True),
        FormField("response_date", "Received on", "date", required=True),
        FormField("outcome", "Outcome", "area"),
    ]

    def save(values: dict) -> int:
        not_after_today("response_date", values["response_date"], today)
        between.record_response(
            store, escalation_id, values["response"], values["response_date"], values["outcome"]
        )
        return escalation_id

    return FormModal(
        f"The response of stage {stage.stage_no}, {stage.stage_name}{opened}",
        fields,
        save,
        {"response_date": today},
    )


def resolve_form(store: Store, escalation_id: int, today: date) -> FormModal[int]:
    fields = [
        FormField("resolved_date", "Resolved on", "date", required=True),
        FormField("outcome", "Outcome", "area", required=True),
    ]

    def save(values: dict) -> int:
        not_after_today("resolved_date", values["resolved_date"], today)
        between.resolve_escalation(store, escalation_id, values["resolved_date"], values["outcome"])
        return escalation_id

    return FormModal("Resolve the escalation", fields, save, {"resolved_date": today})
