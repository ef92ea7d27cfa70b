"""The review's forms (screens/forms.py): booking, cancelling, appointments, which
review it was, what was sent after it, and saving its document."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date

from iro_tui.domain.agenda import booked_reviews
from iro_tui.domain.booking import Booking, Cancellation
from iro_tui.domain.calendar import age_on
from iro_tui.domain.child_history import ReviewOnFile
from iro_tui.domain.codes import ParticipationCode
from iro_tui.domain.deadlines import next_review_deadline
from iro_tui.domain.fields import FieldProblem, FieldProblems, not_after_today, ordinal
from iro_tui.domain.models import Review
from iro_tui.domain.recording import disruptions_waiting, fits_age, notes_on_booking
from iro_tui.domain.records import APPOINTMENT_KINDS, Appointment
from iro_tui.errors import BadInput, IroError
from iro_tui.screens.form_options import (
    PARTICIPATION_OPTIONS,
    REVIEW_NUMBER_OPTIONS,
    child_options,
)
from iro_tui.store import Store, changes, records
from iro_tui.store.reviews import load_review
from iro_tui.widgets.form import FormField, FormModal


def booking_form(
    store: Store,
    child_ref: str,
    today: date,
    review_id: int | None = None,
    warn: Callable[[str], object] | None = None,
) -> FormModal[int]:
    """Book a review, or (with review_id) reschedule a booked one. `warn(text)`: says,
    after saving, what to check about the day (domain/recording.notes_on_booking)."""
    record = records.load_child(store, child_ref)
    if review_id is not None and not any(
        r.id == review_id and r.status == "planned" for r in record.case.reviews
    ):
        # Opened again from a draft kept for a booking since cancelled or held: the form
        # opened, and only its save said no.
        raise BadInput("that review is no longer booked (cancelled, moved or held)")
    if review_id is None and (booked := booked_reviews(record.case)):
        # A second booking sat beside the first (two meetings and two checklists in the
        # diary) and `s`, `k` and `c` reached only the first: move that one instead.
        # Said from the diary too (b on a child's row), where s, k and r are not the
        # child's keys: so the keys are named as the child's screen has them.
        raise BadInput(
            f"a review is already booked for {booked[0].scheduled_date:%d/%m/%Y}: on the "
            "child's screen, move it with s (reschedule), cancel it with k, or record it "
            "with r if it was held; a review needed sooner after a significant change is "
            "booked with i, which brings it forward"
        )
    rulebook = store.rulebook()
    deadline = next_review_deadline(record.case, rulebook)
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
            child_ref=child_ref,
            today=today,
            deadline=deadline.due if deadline else None,
            eighteenth_birthday=record.case.child.eighteenth_birthday,
            **values,
        )
        if review_id is None:
            saved = changes.book_review(store, booking)
        else:
            moving = next((r for r in record.case.reviews if r.id == review_id), None)
            if moving is not None and (moving.scheduled_date, moving.scheduled_time) == (
                booking.scheduled_date,
                booking.scheduled_time,
            ):
                # "Rescheduled from 01/09 to 01/09" was kept, a cancelled booking with it.
                raise FieldProblem(
                    "scheduled_date", "that is the day and time already booked: change one"
                )
            saved = changes.reschedule_review(store, review_id, booking, reason)
        if warn is not None:
            for note in notes_on_booking(record.case, booking.scheduled_date, rulebook):
                warn(note)
        return saved

    if review_id is not None:
        save = store.saving_unchanged("reviews", review_id, "this booking", save)

    if deadline:
        intro = (
            f"Statutory deadline: {deadline.due:%a %d/%m/%Y} ({deadline.rule}; "
            f"{deadline.basis}). A booking never moves it."
        )
    else:
        from iro_tui.screens.child_tabs import no_statutory_review

        intro = no_statutory_review(record.case, rulebook, today)
    for disruption in disruptions_waiting(record.case, today, rulebook):
        # Said before saving too: a day sooner does not count (AAR 2005 reg 36).
        intro += (
            f" The adoptive placement ended on {disruption.ended:%d/%m/%Y}: its review is "
            f"held between {disruption.earliest:%d/%m/%Y} and {disruption.latest:%d/%m/%Y}, "
            "not sooner."
        )
    name = record.case.child.display_name
    title = f"Reschedule the review of {name}" if review_id else f"Book a review for {name}"
    suggested = max(deadline.due, today) if deadline else today
    # The last working day before a deadline on a day off (as deadlines.day_off_words
    # names it): a deadline on a Saturday was offered as the day to meet. Never before
    # today, though.
    if not rulebook.calendar.is_working_day(suggested):
        suggested = max(today, rulebook.calendar.add_working_days(suggested, -1))
    initial: dict[str, object] = {"scheduled_date": suggested}
    moving = next((r for r in record.case.reviews if r.id == review_id), None)
    if moving is not None and moving.scheduled_date:
        # The booking being moved, said, and its time and venue kept (they were dropped:
        # a reschedule started blank but for today's date).
        intro = f"Booked now for {_when(moving)}. " + intro
        initial |= {"scheduled_time": moving.scheduled_time, "venue": moving.venue}
    return FormModal(title, fields, save, initial, intro=intro)


def _when(review: Review | ReviewOnFile) -> str:
    """A booking's day, time and place, as the forms name it."""
    day = f"{review.scheduled_date:%a %d/%m/%Y}" if review.scheduled_date else "no date"
    return (
        day
        + (f" {review.scheduled_time}" if review.scheduled_time else "")
        + (f" at {review.venue}" if review.venue else "")
    )


def cancel_form(store: Store, review_id: int) -> FormModal[int]:
    fields = [FormField("reason", "Why is the review cancelled?", "area", required=True)]
    booked = load_review(store, review_id)

    def save(values: dict) -> int:
        changes.cancel_review(store, review_id, Cancellation(**values).reason)
        return review_id

    save = store.saving_unchanged("reviews", review_id, "this booking", save)

    form = FormModal(
        "Cancel a booked review",
        fields,
        save,
        # Which booking: the form did not say.
        intro=f"Cancels the review booked for {_when(booked)}. The statutory deadline does "
        "not move: book another date.",
    )
    # "Save" and "Cancel" on the form that cancels: which one kept the booking?
    form.save_label, form.leave_label = "Cancel the review", "Keep it"
    return form


def appointment_form(
    store: Store,
    today: date,
    appointment: Appointment | None = None,
    child_ref: str | None = None,
    day: date | None = None,
) -> FormModal[int]:
    """A new appointment on `day` (today when it has passed), or `appointment` edited.
    Never put on a day gone by: the diary lists appointments from today on, and one
    added in the past (the day of the overdue row the IRO was on) was saved and seen
    nowhere."""
    fields = [
        FormField(
            "kind", "Kind", "select", [(v, k) for k, v in APPOINTMENT_KINDS.items()], required=True
        ),
        FormField("title", "What", required=True),
        FormField("appt_date", "Date", "date", required=True),
        FormField("start_time", "Start", "time"),
        FormField("end_time", "End", "time"),
        FormField("place", "Where"),
        FormField("child_ref", "Child (optional)", "select", child_options(store)),
        FormField("notes", "Notes", "area"),
    ]

    def save(values: dict) -> int:
        on = values["appt_date"]
        if on < today and (appointment is None or on != appointment.appt_date):
            raise FieldProblem(
                "appt_date",
                f"{on:%d/%m/%Y} has passed: the diary lists appointments from today on",
            )
        return changes.save_appointment(
            store, Appointment(id=appointment.id if appointment else None, **values)
        )

    if appointment is not None:
        save = store.saving_unchanged("appointments", appointment.id, "this appointment", save)

    initial = (
        appointment.model_dump()
        if appointment
        else {
            "kind": "visit" if child_ref else "meeting",
            "child_ref": child_ref,
            "appt_date": day if day is not None and day >= today else today,
        }
    )
    return FormModal(
        "Edit appointment" if appointment else "Add an appointment", fields, save, initial
    )


def _in_its_place(number: int, held: date, others: list[tuple[date, int]]) -> None:
    """A review's number after those said of the period's earlier reviews and before
    its later ones' (two reviews of one period were each said to be the 1st, and a
    false overdue followed). `others`: the period's other held reviews whose number
    was said (by the IRO, the app or an import), with it."""
    for day, known in others:
        if day < held and known >= number:
            raise FieldProblem(
                "review_number",
                f"the review of {day:%d/%m/%Y}, before this one, was the {ordinal(known)}: "
                "this one comes after it",
            )
        if day > held and known <= number:
            raise FieldProblem(
                "review_number",
                f"the review of {day:%d/%m/%Y}, after this one, was the {ordinal(known)}: "
                "this one comes before it",
            )


def review_number_form(store: Store, child_ref: str, review_id: int) -> FormModal[int]:
    """Which review of its period this was: the IRO confirms what an imported history
    leaves unknown, and the deadlines count on from it (domain/history.py). For a review
    not recorded here, how the child took part too (the 903 return's REVIEW_CODE)."""
    from iro_tui.domain.history import history_of
    from iro_tui.store.reviews import load_review, save_review_fields

    review = load_review(store, review_id)
    held = review.held_date
    if review.status != "held" or held is None:
        raise BadInput("choose a held review: only a review that took place has a number")
    case = records.load_child(store, child_ref).case
    # The period the review was held in: an earlier one's, for a child back in care.
    period = next((p for p in reversed(case.periods()) if p.holds(held)), None)
    history = history_of(case, period, store.rulebook()) if period is not None else None
    known = dict(zip(history.held, history.numbers, strict=True)) if history else {}
    current = review.review_number or known.get(held)
    typed_in = review.completed_date is None  # not recorded in iro-tui
    fields = [
        FormField(
            "review_number",
            f"Which review of its period of care the review of {held:%d/%m/%Y} was",
            "select",
            REVIEW_NUMBER_OPTIONS,
            # Not asked to be made up to give a participation code (it was required, and
            # an IRO who did not know put "8th").
            required=not typed_in,
            hint="The reviews after it count on from it."
            + (" Leave it blank when not known." if typed_in else ""),
        )
    ]
    if typed_in:
        # A review typed in at the intake, or imported: how the child took part, which
        # the 903 return needs (its export left it blank, and its own import refused it).
        fields.append(
            FormField(
                "participation_code",
                "How the child took part (903 REVIEW_CODE)",
                "select",
                PARTICIPATION_OPTIONS,
                hint=f"PN0 under 4 ({case.child.display_name} was "
                f"{age_on(case.child.dob, held)} on the day)",
            )
        )

    def save(values: dict) -> int:
        chosen, code = values["review_number"], values.get("participation_code")
        if not chosen and not code:
            raise FieldProblem(
                "review_number", "say which review it was, or how the child took part"
            )
        changes: dict[str, object] = {}
        if chosen:
            number = int(chosen)
            # The period's numbers as the history reads them: those said, and those
            # worked out before this review; a later one worked out from this one's is
            # not held against it (it follows whatever this one is said to be).
            said = {r.held_date for r in case.reviews if r.status == "held" and r.number}
            others = [
                (day, n)
                for day, n in (zip(history.held, history.numbers, strict=True) if history else [])
                if n is not None and day != held and (day < held or day in said)
            ]
            _in_its_place(number, held, others)
            changes["review_number"] = number
        if code:
            fits_age(ParticipationCode(code), case, held)
            changes["participation_code"] = code
        save_review_fields(store, review_id, changes)
        return review_id

    in_this_period = period is not None and not period.ended
    return FormModal(
        "Which review was it?",
        fields,
        save,
        {
            "review_number": str(current) if current else None,
            "participation_code": review.participation_code,
        },
        intro=""
        if current or not in_this_period
        else "The store does not hold this child's earlier reviews, so it cannot tell; "
        + (
            "until you say, the next review is due as if this was the 1st (the earlier "
            "reading), and the annual report does not judge it."
            if history and history.possibly_first and history.held[:1] == (held,)
            else "until you say, the next review counts as a 6-monthly one."
        ),
    )


def after_review_form(store: Store, review_id: int, today: date) -> FormModal[int]:
    """After the review (handbook 3.70-3.71): what was sent and when."""
    from iro_tui.domain.recording import post_review_deadlines
    from iro_tui.store.reviews import load_review, save_review_fields

    review = load_review(store, review_id)
    completed = review.completed_date
    if review.status != "held" or completed is None:
        raise BadInput("choose a review recorded in iro-tui (held, with a completion date)")
    due = post_review_deadlines(completed, review.decisions_sent_date, store.rulebook())
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
        # Every problem at once, each under its box: three dates wrong took three saves.
        problems: dict[str, str] = {}
        for key, value in values.items():
            if not isinstance(value, date):
                continue
            try:
                not_after_today(key, value, today)
            except FieldProblem as problem:
                problems[key] = problem.message
                continue
            if value < completed:
                problems[key] = "that is before the review was completed"
        answer, answered = values["manager_response"], values["manager_response_date"]
        if answer and not answered:
            problems.setdefault("manager_response_date", "give the date of the response")
        if answered and not answer:
            # A date alone was saved, and the deadline for the response left the diary
            # with nothing recorded (the objection window is 5 WD: domain.md).
            problems["manager_response"] = "say whether the manager agreed or objected"
        sent = values["decisions_sent_date"] or review.decisions_sent_date
        if answered and sent and answered < sent and "manager_response_date" not in problems:
            problems["manager_response_date"] = (
                f"that is before the decisions were sent ({sent:%d/%m/%Y}): the manager "
                "responds to them"
            )
        if problems:
            raise FieldProblems(problems)
        save_review_fields(store, review_id, values)
        return review_id

    save = store.saving_unchanged("reviews", review_id, "this review", save)
    return FormModal(
        f"After the review completed on {completed:%d/%m/%Y}",
        fields,
        save,
        asdict(review),
        intro="Each stays in the diary as a deadline until it is done.",
    )


def document_form(store: Store, review_id: int, style: str, redact_address: bool) -> FormModal[str]:
    """Where to save the document shown in the preview (screens/document_preview.py)."""
    from iro_tui.interchange.documents import write_review_document
    from iro_tui.interchange.files import AskBeforeReplacing
    from iro_tui.paths import export_folder, saved_in
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

    replacing = AskBeforeReplacing()

    def save(values: dict) -> str:
        from iro_tui.interchange.files import typed_file

        typed = typed_file(values["file"], f"review-{review_id}-{style}")
        # The extension follows the format; any other dotted part is the name's own
        # ("Dawit.Tesfay" became "Dawit.docx").
        if typed.suffix.lower() in (".md", ".docx"):
            typed = typed.with_suffix("")
        path = typed.with_name(f"{typed.name}.{values['format']}")
        try:
            replacing.check(path)
            write_review_document(store, review_id, path, values["format"], style, redact_address)
        except IroError as error:
            raise FieldProblem("file", str(error)) from None
        saved_in(path)
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
        to_a_file=True,
    )
