"""Opening the form a screen asks for (screens/requests.py), and saying what was saved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import date
from typing import TYPE_CHECKING, Any, assert_never

from iro_tui.app_base import StoreOwner
from iro_tui.errors import IroError

if TYPE_CHECKING:
    from textual.screen import Screen

    from iro_tui.screens.requests import FormRequest, FormRequested
    from iro_tui.store.store import Store
    from iro_tui.widgets.form import FormModal


# What a request is about: its draft is kept under these, and nothing else it carries (an
# escalation's issue says "94 days overdue" today and "95" tomorrow; an appointment's day
# is the diary row it was asked from), so the same form about the same thing finds it.
_IDENTITY = (
    "child_ref",
    "person",
    "decom",
    "review_id",
    "appointment_id",
    "note_id",
    "decision_id",
    "decision_ids",
    "escalation_id",
)


def draft_key(request: FormRequest, store: Store) -> str:
    """Where the draft of the form for `request` is kept: the kind of form and what it
    is about ("form:Escalate:child#12:(3,)"). A child is named by the store's own id, not
    their 903 ID: an ID put right (`#`) kept its drafts under the old one, and gave them
    to the next child typed in with it. Only notes kept drafts: a consultation's views,
    an escalation's issue or a child's details typed at a placement were lost to a flat
    battery or a kill."""
    parts = [type(request).__name__]
    for each in fields(request):  # every request is a dataclass
        if each.name not in _IDENTITY:
            continue
        value = getattr(request, each.name)
        if each.name == "child_ref" and value is not None:
            parts.append(f"child#{store.child_id(value)}")
        else:
            parts.append(f"id {value.id}" if hasattr(value, "id") else str(value))
    return "form:" + ":".join(parts)


def draft_child(request: FormRequest, store: Store) -> str:
    """The child a request's form is about ("child#ID", the store's own id), for the
    diary's row of its draft; "" for none known."""
    ref = getattr(request, "child_ref", None)
    if ref is None and (review_id := getattr(request, "review_id", None)) is not None:
        from iro_tui.store.reviews import child_ref_of_review

        try:
            ref = child_ref_of_review(store, review_id)
        except IroError:
            return ""
    child_id = store.child_id(ref) if ref else None
    return "" if child_id is None else f"child#{child_id}"


def request_as_json(request: FormRequest, store: Store) -> dict[str, Any]:
    """The request, kept with its form's draft so the diary's Enter opens that form again
    (request_from_json): a child by the store's own id, a day as ISO, a person by id."""
    kept: dict[str, Any] = {"kind": type(request).__name__}
    for each in fields(request):
        value = getattr(request, each.name)
        if each.name == "child_ref" and value is not None:
            value = {"child": store.child_id(value)}
        elif isinstance(value, date):
            value = {"day": value.isoformat()}
        elif isinstance(value, tuple):
            value = list(value)
        elif value is not None and not isinstance(value, str | int):
            value = {"person": value.id}
        kept[each.name] = value
    return kept


def request_from_json(kept: dict[str, Any], store: Store) -> FormRequest:
    """The request request_as_json kept; BadInput when what it was about is gone."""
    from iro_tui.errors import BadInput
    from iro_tui.screens import requests
    from iro_tui.store.records import load_child

    kind = getattr(requests, str(kept.get("kind")), None)
    if kind is None or not hasattr(kind, "__dataclass_fields__"):
        raise BadInput("the form it was typed in is not one this iro-tui has")
    values: dict[str, Any] = {}
    for each in fields(kind):
        if each.name not in kept:
            continue
        value = kept[each.name]
        if isinstance(value, dict) and "child" in value:
            value = store.child_ref_of(value["child"])
            if value is None:
                raise BadInput("the child it was about is no longer in the store")
        elif isinstance(value, dict) and "day" in value:
            value = date.fromisoformat(value["day"])
        elif isinstance(value, dict) and "person" in value:
            child = load_child(store, values["child_ref"])
            value = next((p for p in child.people if p.id == value["person"]), None)
            if value is None:
                raise BadInput("the person it was about is no longer on file")
        elif isinstance(value, list):
            value = tuple(value)
        values[each.name] = value
    request: FormRequest = kind(**values)
    return request


class FormOpening(StoreOwner):
    """Mixed into the App. A form that cannot be built explains why instead of raising."""

    # A question to ask once the form on top has closed (_offer_move).
    _pending_question: tuple[Screen[bool | None], Callable[[bool | None], None]] | None = None

    def _refuse(self, error: IroError) -> None:
        self.notify(str(error), title="Not done", severity="error", timeout=10)

    def on_form_requested(self, message: FormRequested) -> None:
        # Asked from a screen now covered (by the form an earlier key asked for): keys
        # typed in a burst on the child's screen, each a form's key, stacked a form
        # apiece, six deep (an adversarial check). The first key's form is the one meant.
        if message.origin is not None and message.origin is not self.screen:
            return
        self.open_form(message.request)

    def open_form(self, request: FormRequest, if_refused: str = "") -> None:
        """The form for `request`, or the reason there is none (a refusal). What is typed
        in it is kept as a draft until it is saved or discarded, and given back when the
        same form is opened again (for the same child, review or escalation). `if_refused`:
        said after the reason, when there is no form (a kept draft's, opened from the diary)."""
        from iro_tui.store.form_drafts import DraftAbout, drafts_of

        try:
            form, saved_message = self._build_form(request, self.clock.today())
        except IroError as error:
            self._refuse(IroError(f"{error}{if_refused}") if if_refused else error)
            return
        if form.drafts is None:  # a note keeps its own, under the child's key
            store = self.opened_store()
            about = DraftAbout(
                form.form_title,
                draft_child(request, store),
                request=request_as_json(request, store),
            )
            form.drafts = drafts_of(store, draft_key(request, store), about)
        self._show_form(form, saved_message)

    def reopen_draft(self, key: str) -> None:
        """The form a kept draft was typed in, opened again with it (the diary's Enter on
        "Finish the form"); or why it cannot open now, and that Delete throws it away."""
        from iro_tui.store.form_drafts import how_to_reopen

        store = self.opened_store()
        kept, opens = how_to_reopen(store, key)
        gone = "; Delete on its row in the diary says what was typed and throws it away"
        try:
            if kept is not None:
                self.open_form(request_from_json(kept, store), if_refused=gone)
            elif opens:
                self.open_link(opens)  # type: ignore[attr-defined]  # navigation.py
            else:
                raise IroError("this form cannot be opened from the diary")
        except IroError as error:
            self._refuse(IroError(f"{error}{gone}"))

    def _build_form(self, request: FormRequest, today: date) -> tuple[FormModal[Any], str]:
        """The form, and what to say once it has saved."""
        # The forms, and the requests they answer, load on first use, after first paint.
        from iro_tui.screens import between_forms as bf
        from iro_tui.screens import forms
        from iro_tui.screens.requests import (
            AddAppointment,
            AfterReview,
            BackIntoCare,
            BookReview,
            CancelBooking,
            ChangeEpisode,
            CorrectNote,
            EditAppointment,
            EditEpisode,
            EditPerson,
            EditPlacement,
            EditProfile,
            Escalate,
            LeaveCare,
            NextStage,
            NumberReview,
            RecordResponse,
            Reschedule,
            Resolve,
            SignificantChange,
            SkipStage,
            UpdateDecision,
            WriteNote,
        )

        store = self.opened_store()

        def warn(text: str) -> None:
            # What to check after a save that went through (leaving care, a booking).
            self.notify(text, severity="warning", timeout=15)

        match request:
            case EditProfile(child_ref):
                return forms.profile_form(store, child_ref, today), "Profile saved"
            case EditPlacement(child_ref):
                return forms.placement_form(store, child_ref), "Placement details saved"
            case EditPerson(child_ref, person):
                return forms.person_form(store, child_ref, person), "Person saved"
            case ChangeEpisode(child_ref):
                return forms.episode_change_form(store, child_ref, today), "New episode recorded"
            case LeaveCare(child_ref):
                return (
                    forms.leave_care_form(store, child_ref, today, warn=warn),
                    "Recorded as having left care",
                )
            case EditEpisode(child_ref, decom):
                return (
                    forms.episode_details_form(store, child_ref, decom),
                    "The placement's details saved",
                )
            case BackIntoCare(child_ref):
                return (
                    forms.back_into_care_form(store, child_ref, today),
                    "Recorded as back in care; the review deadline is in the diary",
                )
            case BookReview(child_ref):
                return forms.booking_form(store, child_ref, today, warn=warn), "Review booked"
            case Reschedule(child_ref, review_id):
                return (
                    forms.booking_form(store, child_ref, today, review_id=review_id, warn=warn),
                    "Review rescheduled; the old date is kept as cancelled",
                )
            case CancelBooking(review_id):
                return (
                    forms.cancel_form(store, review_id),
                    "Review cancelled; the statutory deadline has not moved",
                )
            case AfterReview(review_id):
                return forms.after_review_form(store, review_id, today), "Saved"
            case NumberReview(child_ref, review_id):
                return (
                    forms.review_number_form(store, child_ref, review_id),
                    "Review number saved; the deadlines count on from it",
                )
            case AddAppointment(child_ref, day):
                return (
                    forms.appointment_form(store, today, child_ref=child_ref, day=day),
                    "Appointment added",
                )
            case EditAppointment(appointment_id):
                from iro_tui.store.records import load_appointment

                appointment = load_appointment(store, appointment_id)
                return forms.appointment_form(store, today, appointment), "Appointment saved"
            case WriteNote(child_ref, suggested):
                return bf.note_form(store, today, child_ref, suggested), "Footprint note saved"
            case CorrectNote(note_id):
                return (
                    bf.correct_note_form(store, note_id, today),
                    "Note corrected; the original is kept in the audit trail",
                )
            case UpdateDecision(decision_id, text, child_ref):
                return (
                    bf.decision_update_form(store, decision_id, text, today, child_ref),
                    "Decision updated",
                )
            case SignificantChange(child_ref):
                return (
                    bf.significant_change_form(
                        store, child_ref, today, on_saved=self._offer_move(child_ref)
                    ),
                    "Significant change recorded",
                )
            case Escalate(child_ref, decision_ids, issue):
                return (
                    bf.escalation_form(store, child_ref, today, decision_ids, issue),
                    "Escalation opened",
                )
            case NextStage(escalation_id):
                return bf.next_stage_form(store, escalation_id, today, skip=False), "Escalated"
            case SkipStage(escalation_id):
                return (
                    bf.next_stage_form(store, escalation_id, today, skip=True),
                    "Stage skipped; the next is open",
                )
            case RecordResponse(escalation_id):
                return bf.response_form(store, escalation_id, today), "Response recorded"
            case Resolve(escalation_id):
                return bf.resolve_form(store, escalation_id, today), "Escalation resolved"
            case _:
                assert_never(request)

    def _show_form(self, form: FormModal[Any], saved_message: str) -> None:
        def done(result: object) -> None:
            if result is not None:
                self.notify(saved_message)
            question = self._pending_question
            if question is not None:
                self._pending_question = None
                self.push_screen(*question)

        self.push_screen(form, done)

    def _offer_move(self, child_ref: str) -> Callable[[dict[str, Any]], None]:
        """After an unplanned move is recorded as a significant change (handbook 3.74),
        offer to record the move itself, the form prefilled with its date."""
        from iro_tui.widgets.confirm import Confirm

        def saved(values: dict[str, Any]) -> None:
            if values.get("category") != "unplanned_move":
                return

            def decided(record_it: bool | None) -> None:
                if not record_it:
                    return
                from iro_tui.screens import forms  # loaded on first use, after first paint

                try:
                    form = forms.episode_change_form(
                        self.opened_store(),
                        child_ref,
                        self.clock.today(),
                        prefill={"change_date": values["notified_date"], "carer_changed": True},
                    )
                except IroError as error:
                    self._refuse(error)
                    return
                self._show_form(form, "New episode recorded")

            # Asked once the change form has closed (_show_form), so the question
            # sits on the child's screen, not on the closing form.
            self._pending_question = (
                Confirm(
                    "An unplanned move: record the change of placement now?",
                    "Record the move",
                    "Later",
                ),
                decided,
            )

        return saved
