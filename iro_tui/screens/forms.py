"""The forms of the caseload and diary: each a field list and a save function.

Save functions validate with the domain's models and write with store/changes.py,
so a form never computes a deadline or touches SQL itself.
"""

from __future__ import annotations

from datetime import date

from iro_tui.domain import episodes
from iro_tui.domain.booking import Booking, Cancellation
from iro_tui.domain.codes import (
    LEGAL_STATUS_MEANING,
    PLACEMENT_MEANING,
    CategoryOfNeed,
    PlacementProvider,
    ReasonEpisodeCeased,
    ReasonPlaceChange,
)
from iro_tui.domain.deadlines import next_review_deadline
from iro_tui.domain.episodes import EpisodeChange, LeavingCare
from iro_tui.domain.fields import FieldProblem, not_after_today
from iro_tui.domain.records import (
    APPOINTMENT_KINDS,
    PERSON_ROLES,
    Appointment,
    Person,
    PlacementDetails,
)
from iro_tui.errors import BadInput, IroError
from iro_tui.store import Store, changes, records
from iro_tui.widgets.form import FormField, FormModal

SEX_OPTIONS = [("Male", "M"), ("Female", "F"), ("Not known", "U")]
LS_OPTIONS = [(f"{code}: {meaning}", code) for code, meaning in LEGAL_STATUS_MEANING.items()]
PLACE_OPTIONS = [(f"{code}: {meaning}", code) for code, meaning in PLACEMENT_MEANING.items()]
CIN_MEANING = {
    "N1": "abuse or neglect",
    "N2": "child's disability",
    "N3": "parental illness or disability",
    "N4": "family in acute stress",
    "N5": "family dysfunction",
    "N6": "socially unacceptable behaviour",
    "N7": "low income",
    "N8": "absent parenting",
}
CIN_OPTIONS = [(f"{c.value}: {CIN_MEANING[c.value]}", c.value) for c in CategoryOfNeed]
PROVIDER_MEANING = {
    "PR0": "parent",
    "PR1": "own authority",
    "PR2": "another authority",
    "PR3": "other public",
    "PR4": "private",
    "PR5": "voluntary",
}
PROVIDER_OPTIONS = [(f"{p.value}: {PROVIDER_MEANING[p.value]}", p.value) for p in PlacementProvider]
REC_OPTIONS = [(code.value, code.value) for code in ReasonEpisodeCeased if code.value != "X1"]
REVIEW_NUMBER_OPTIONS = [
    (f"{n}{'st' if n == 1 else 'nd' if n == 2 else 'rd' if n == 3 else 'th'} review", str(n))
    for n in range(1, 21)
]
MOVE_OPTIONS = [(r.value, r.value) for r in ReasonPlaceChange]


def _child_options(store: Store) -> list[tuple[str, str]]:
    return sorted(
        (f"{c.child.display_name} ({c.child.child_ref})", c.child.child_ref)
        for c in store.load_cases()
    )


def intake_form(store: Store, today: date) -> FormModal[str]:
    fields = [
        FormField(
            "child_ref",
            "Child ID (903 CHILD)",
            required=True,
            hint="The council's ID for the child; a free one is suggested.",
        ),
        FormField("given_name", "Given name", required=True),
        FormField("family_name", "Family name", required=True),
        FormField("dob", "Date of birth", "date", required=True),
        FormField("sex", "Sex", "select", SEX_OPTIONS, required=True),
        FormField("uasc", "Unaccompanied asylum-seeking child", "check"),
        FormField("first_language", "First language"),
        FormField("interpreter_needed", "Needs an interpreter", "check"),
        FormField(
            "decom",
            "In care since",
            "date",
            required=True,
            hint="The day this period of care began: for a child already in care, "
            "that first day, not today.",
        ),
        FormField(
            "last_review",
            "Last review held on",
            "date",
            hint="For a child already in care: the latest review held before you took over.",
        ),
        FormField(
            "last_review_number",
            "Which review was it",
            "select",
            REVIEW_NUMBER_OPTIONS,
            hint="The 1st, 2nd... of this period of care; it sets the next deadline "
            "(3 months after a 1st, 6 after later ones).",
        ),
        FormField("no_review_yet", "No review held yet in this period of care", "check"),
        FormField("ls", "Legal status now", "select", LS_OPTIONS, required=True),
        FormField("cin", "Category of need", "select", CIN_OPTIONS, required=True),
        FormField("place", "Placement type now", "select", PLACE_OPTIONS, required=True),
        FormField("place_provider", "Placement provider", "select", PROVIDER_OPTIONS),
        FormField("carer_name", "Carer"),
        FormField("area", "Placement area (local authority)"),
        FormField("out_of_area", "Placed out of area", "check"),
        FormField("pl_post", "Placement postcode"),
    ]

    def save(values: dict) -> str:
        number = values.pop("last_review_number")
        values["last_review_number"] = int(number) if number else None
        child = episodes.intake(values, today, store.rulebook())
        changes.add_child(store, child)
        return child.child_ref

    return FormModal(
        "A child comes into care, or joins your caseload",
        fields,
        save,
        {"child_ref": records.suggest_child_ref(store)},
        intro="Creates the child and their period of care (903 RNE S). For a child "
        "already in care, give the day care began and their last review, so the next "
        "deadline counts from it.",
    )


def profile_form(store: Store, child_ref: str) -> FormModal[str]:
    child = records.load_child(store, child_ref).case.child
    fields = [
        FormField("given_name", "Given name", required=True),
        FormField("family_name", "Family name", required=True),
        FormField("preferred_name", "Preferred name"),
        FormField("first_language", "First language"),
        FormField("interpreter_needed", "Needs an interpreter", "check"),
        FormField("communication_needs", "Communication needs", "area"),
        FormField("uasc", "Unaccompanied asylum-seeking child", "check"),
        FormField("disability", "Disability"),
        FormField("red_list", "Red list (reviewed at least every 3 months)", "check"),
    ]

    def save(values: dict) -> str:
        changes.update_profile(store, child_ref, values)
        return child_ref

    save = store.saving_unchanged("children", store.child_id(child_ref), "this profile", save)
    return FormModal(f"Profile of {child.display_name}", fields, save, child.model_dump())


def person_form(store: Store, child_ref: str, person: Person | None = None) -> FormModal[int]:
    fields = [
        FormField(
            "role", "Role", "select", list((v, k) for k, v in PERSON_ROLES.items()), required=True
        ),
        FormField("name", "Name", required=True),
        FormField("relationship", "Relationship to the child"),
        FormField("organisation", "Organisation"),
        FormField("phone", "Phone"),
        FormField("email", "Email"),
        FormField("address", "Address"),
        FormField("active", "Still involved", "check"),
    ]

    def save(values: dict) -> int:
        return changes.save_person(
            store, child_ref, Person(id=person.id if person else None, **values)
        )

    if person is not None:
        save = store.saving_unchanged("people", person.id, "this person", save)

    initial = person.model_dump() if person else {"active": True}
    return FormModal(
        "Edit person" if person else "Add a person around the child", fields, save, initial
    )


def booking_form(
    store: Store, child_ref: str, today: date, review_id: int | None = None
) -> FormModal[int]:
    """Book a review, or (with review_id) reschedule a booked one."""
    record = records.load_child(store, child_ref)
    deadline = next_review_deadline(record.case, store.rulebook())
    fields = [
        FormField("scheduled_date", "Date", "date", required=True),
        FormField("scheduled_time", "Time", "time"),
        FormField("venue", "Venue"),
        FormField(
            "late_reason",
            "Reason, if after the statutory deadline",
            "area",
            hint="Required only when the date is after the deadline; it is recorded.",
        ),
    ]
    if review_id is not None:
        fields.append(
            FormField("reschedule_reason", "Why it is being moved", "area", required=True)
        )

    def save(values: dict) -> int:
        reason = values.pop("reschedule_reason", None)
        booking = Booking(
            child_ref=child_ref, today=today, deadline=deadline.due if deadline else None, **values
        )
        if review_id is None:
            return changes.book_review(store, booking)
        return changes.reschedule_review(store, review_id, booking, reason)

    if review_id is not None:
        save = store.saving_unchanged("reviews", review_id, "this booking", save)

    if deadline:
        intro = (
            f"Statutory deadline: {deadline.due:%a %d/%m/%Y} ({deadline.rule}; "
            f"{deadline.basis}). A booking never moves it."
        )
    else:
        intro = "No statutory review is due for this child."
    name = record.case.child.display_name
    title = f"Reschedule the review of {name}" if review_id else f"Book a review for {name}"
    suggested = max(deadline.due, today) if deadline else today
    return FormModal(title, fields, save, {"scheduled_date": suggested}, intro=intro)


def cancel_form(store: Store, review_id: int) -> FormModal[int]:
    fields = [FormField("reason", "Why is the review cancelled?", "area", required=True)]

    def save(values: dict) -> int:
        changes.cancel_review(store, review_id, Cancellation(**values).reason)
        return review_id

    save = store.saving_unchanged("reviews", review_id, "this booking", save)

    return FormModal(
        "Cancel a booked review",
        fields,
        save,
        intro="The statutory deadline does not move: book another date.",
    )


def appointment_form(
    store: Store,
    appointment: Appointment | None = None,
    child_ref: str | None = None,
    day: date | None = None,
) -> FormModal[int]:
    fields = [
        FormField(
            "kind", "Kind", "select", [(v, k) for k, v in APPOINTMENT_KINDS.items()], required=True
        ),
        FormField("title", "What", required=True),
        FormField("appt_date", "Date", "date", required=True),
        FormField("start_time", "Start", "time"),
        FormField("end_time", "End", "time"),
        FormField("place", "Where"),
        FormField("child_ref", "Child (optional)", "select", _child_options(store)),
        FormField("notes", "Notes", "area"),
    ]

    def save(values: dict) -> int:
        return changes.save_appointment(
            store, Appointment(id=appointment.id if appointment else None, **values)
        )

    if appointment is not None:
        save = store.saving_unchanged("appointments", appointment.id, "this appointment", save)

    initial = (
        appointment.model_dump()
        if appointment
        else {"kind": "visit" if child_ref else "meeting", "child_ref": child_ref, "appt_date": day}
    )
    return FormModal(
        "Edit appointment" if appointment else "Add an appointment", fields, save, initial
    )


def episode_change_form(
    store: Store, child_ref: str, today: date, prefill: dict | None = None
) -> FormModal[str]:
    current = records.current_episode(store, child_ref)
    place_options = PLACE_OPTIONS
    if current.place.value not in PLACEMENT_MEANING:
        # A code of an earlier year (imported history) is shown as it is, so the form
        # opens; saving asks for a current code (domain/episodes.py takes only those).
        code = current.place.value
        place_options = [(f"{code}: {PLACEMENT_MEANING[code]}", code), *PLACE_OPTIONS]
    fields = [
        FormField("change_date", "Date of the change", "date", required=True),
        FormField("ls", "Legal status", "select", LS_OPTIONS, required=True),
        FormField("place", "Placement type", "select", place_options, required=True),
        FormField("place_provider", "Placement provider", "select", PROVIDER_OPTIONS),
        FormField("carer_changed", "The carer changes too", "check"),
        FormField(
            "reason_place_change",
            "Reason for a placement change",
            "select",
            MOVE_OPTIONS,
            hint="ALLEG, STAND, APPRR, CREQB, CREQO or CLOSE are a disruption: a "
            "review falls due within 6 weeks.",
        ),
        FormField("pl_post", "New placement postcode"),
        FormField("carer_name", "Carer"),
        FormField("area", "Placement area"),
        FormField("out_of_area", "Placed out of area", "check"),
    ]

    def save(values: dict) -> str:
        details = PlacementDetails(
            carer_name=values.pop("carer_name"),
            area=values.pop("area"),
            out_of_area=values.pop("out_of_area"),
        )
        change = EpisodeChange(current=current, today=today, **values)
        placement_details = details if change.placement_changed else None
        changes.change_episode(store, child_ref, change, placement_details)
        return child_ref

    return FormModal(
        "Change of placement or legal status",
        fields,
        save,
        {
            "change_date": today,
            "ls": current.ls.value,
            "place": current.place.value,
            "place_provider": current.place_provider.value if current.place_provider else None,
            **(prefill or {}),
        },
        intro="Closes the current episode (X1) and opens a new one. This does "
        "not restart the review cycle.",
    )


def leave_care_form(store: Store, child_ref: str, today: date) -> FormModal[str]:
    current = records.current_episode(store, child_ref)
    if current.dec is not None:
        raise BadInput("this child is not in care")
    fields = [
        FormField("leave_date", "Left care on", "date", required=True),
        FormField("rec", "Reason (903 REC)", "select", REC_OPTIONS, required=True),
    ]

    def save(values: dict) -> str:
        changes.leave_care(store, child_ref, LeavingCare(current=current, today=today, **values))
        return child_ref

    return FormModal(
        "The child leaves care",
        fields,
        save,
        {"leave_date": today},
        intro="Their review deadlines leave the diary. Any reason but X1 ends the period of care.",
    )


def placement_form(store: Store, child_ref: str) -> FormModal[str]:
    """The details of the current placement that the 903 does not carry."""
    record = records.load_child(store, child_ref)
    if not record.case.episodes:
        raise BadInput("this child has no placement yet")
    decom = record.case.episodes[-1].decom
    fields = [
        FormField("provider_name", "Provider"),
        FormField("carer_name", "Carer"),
        FormField(
            "address",
            "Address",
            hint="Left out of copies of the record on request (handbook 3.69).",
        ),
        FormField("area", "Area (local authority)"),
        FormField("out_of_area", "Placed out of area", "check"),
        FormField("phone", "Phone"),
    ]

    def save(values: dict) -> str:
        changes.save_placement_details(store, child_ref, decom, PlacementDetails(**values))
        return child_ref

    current = record.current_placement()
    return FormModal(
        f"Placement since {decom:%d/%m/%Y}",
        fields,
        save,
        current.model_dump() if current else {},
        intro="A move to a new placement is a new episode: use m instead.",
    )


def review_number_form(store: Store, child_ref: str, review_id: int) -> FormModal[int]:
    """Which review of the period this was: the IRO confirms what an imported history
    leaves unknown, and the deadlines count on from it (domain/history.py)."""
    from iro_tui.domain.history import review_history
    from iro_tui.store.reviews import load_review, save_review_fields

    review = load_review(store, review_id)
    if review["status"] != "held":
        raise BadInput("choose a held review: only a review that took place has a number")
    held = date.fromisoformat(review["held_date"])
    history = review_history(records.load_child(store, child_ref).case, store.rulebook())
    known = dict(zip(history.held, history.numbers, strict=True)) if history else {}
    current = review["review_number"] or known.get(held)
    fields = [
        FormField(
            "review_number",
            f"The review held on {held:%d/%m/%Y} was the",
            "select",
            REVIEW_NUMBER_OPTIONS,
            required=True,
            hint="Of this period of care. The reviews after it count on from it.",
        )
    ]

    def save(values: dict) -> int:
        save_review_fields(store, review_id, {"review_number": int(values["review_number"])})
        return review_id

    return FormModal(
        "Which review was it?",
        fields,
        save,
        {"review_number": str(current) if current else None},
        intro=""
        if current
        else "The store does not hold this child's earlier reviews, "
        "so it cannot tell; until you say, the next review counts as a 6-monthly one.",
    )


def after_review_form(store: Store, review_id: int, today: date) -> FormModal[int]:
    """After the review (handbook 3.70-3.71): what was sent and when."""
    from iro_tui.domain.recording import post_review_deadlines
    from iro_tui.store.reviews import load_review, save_review_fields

    review = load_review(store, review_id)
    if review["status"] != "held" or not review["completed_date"]:
        raise BadInput("choose a review recorded in iro-tui (held, with a completion date)")
    completed = date.fromisoformat(review["completed_date"])
    sent = review["decisions_sent_date"]
    due = post_review_deadlines(
        completed, date.fromisoformat(sent) if sent else None, store.rulebook()
    )
    fields = [
        FormField(
            "decisions_sent_date",
            f"Decisions sent to the SW and TM (due {due['decisions_sent']:%d/%m/%Y})",
            "date",
        ),
        FormField(
            "record_sent_date", f"Full record sent (due {due['record_sent']:%d/%m/%Y})", "date"
        ),
        FormField(
            "care_plan_updated_date",
            f"Care plan updated (due {due['care_plan_updated']:%d/%m/%Y})",
            "date",
        ),
        FormField(
            "manager_response",
            "Senior manager's response",
            "select",
            [("Agreed", "agreed"), ("Objected", "objected")],
        ),
        FormField(
            "manager_response_date",
            f"Response date (due {due['manager_response']:%d/%m/%Y})",
            "date",
        ),
    ]

    def save(values: dict) -> int:
        for key, value in values.items():
            if isinstance(value, date):
                not_after_today(key, value, today)
            if isinstance(value, date) and value < completed:
                raise FieldProblem(key, "that is before the review was completed")
        if values["manager_response"] and not values["manager_response_date"]:
            raise FieldProblem("manager_response_date", "give the date of the response")
        save_review_fields(store, review_id, values)
        return review_id

    save = store.saving_unchanged("reviews", review_id, "this review", save)
    return FormModal(
        f"After the review completed on {completed:%d/%m/%Y}",
        fields,
        save,
        review,
        intro="Each stays in the diary as a deadline until it is done.",
    )


def document_form(store: Store, review_id: int, style: str, redact_address: bool) -> FormModal[str]:
    """Where to save the document shown in the preview (screens/document_preview.py)."""
    from iro_tui.interchange.documents import write_review_document
    from iro_tui.paths import export_folder
    from iro_tui.store.reviews import load_review

    load_review(store, review_id)
    folder = str(export_folder())
    fields = [
        FormField(
            "format",
            "Format",
            "select",
            [("Word (.docx)", "docx"), ("Markdown (.md)", "md")],
            required=True,
        ),
        FormField("file", "File (the extension follows the format)", required=True),
    ]

    def save(values: dict) -> str:
        from pathlib import Path

        path = Path(values["file"]).expanduser().with_suffix(f".{values['format']}")
        try:
            write_review_document(store, review_id, path, values["format"], style, redact_address)
        except IroError as error:
            raise FieldProblem("file", str(error)) from None
        return str(path)

    what = "the letter to the child" if style == "letter" else "the formal record"
    return FormModal(
        f"Save {what}",
        fields,
        save,
        {"format": "docx", "file": f"{folder}/review-{review_id}-{style}"},
        intro="The placement address is left out."
        if redact_address
        else "The placement address is included.",
    )
