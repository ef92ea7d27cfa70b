"""Moving between screens and opening forms: the app's verbs, used by every screen
and by the command palette."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iro_tui.app_base import StoreOwner
from iro_tui.errors import IroError
from iro_tui.screens.form_kinds import BetweenFormKind, FormKind

if TYPE_CHECKING:
    from textual.screen import Screen

    from iro_tui.widgets.form import FormModal


class Navigation(StoreOwner):
    """Mixed into the App. Every method explains a refusal instead of raising."""

    # A question to ask once the form on top has closed (_offer_move).
    _pending_question: tuple[Screen[bool], Callable[[bool | None], None]] | None = None

    def _refuse(self, error: IroError) -> None:
        self.notify(str(error), title="Not done", severity="error", timeout=10)

    def action_diary(self) -> None:
        from iro_tui.screens.diary import DiaryScreen

        while len(self.screen_stack) > 2 and not isinstance(self.screen, DiaryScreen):
            self.pop_screen()

    def action_caseload(self) -> None:
        from iro_tui.screens.caseload import CaseloadScreen

        if not isinstance(self.screen, CaseloadScreen):
            self.push_screen(CaseloadScreen())

    def open_child(self, child_ref: str, tab: str = "profile") -> None:
        from iro_tui.screens.child import ChildScreen

        if self.opened_store().child_id(child_ref) is None:
            self._refuse(IroError(f"there is no child {child_ref} in this store"))
            return
        self.push_screen(ChildScreen(child_ref, tab))

    def open_link(self, link: str) -> None:
        """Open where an agenda item is dealt with: 'child:REF:TAB' or 'appointment:ID'."""
        from iro_tui.screens import forms  # the forms load on first use, after first paint

        kind, _, rest = link.partition(":")
        if kind == "child":
            child_ref, _, tab = rest.partition(":")
            self.open_child(child_ref, tab or "profile")
        elif kind == "review":
            self.open_review(int(rest))
        elif kind == "midpoint":
            from iro_tui.screens.midpoint import MidpointScreen

            self.push_screen(MidpointScreen(rest))
        elif kind == "escalation":
            from iro_tui.screens.escalations import EscalationScreen

            self.push_screen(EscalationScreen(int(rest)))
        elif kind == "note":
            self.open_between_form("correct_note", "", note_id=int(rest))
        elif kind == "appointment":
            from iro_tui.store.records import load_appointment

            try:
                appointment = load_appointment(self.opened_store(), int(rest))
            except IroError as error:
                self._refuse(error)
                return
            self._show_form(
                forms.appointment_form(self.opened_store(), appointment), "Appointment saved"
            )

    def open_review(self, review_id: int) -> None:
        """A booked review opens its checklist; a recorded one, the child's reviews."""
        from iro_tui.screens.checklist import ChecklistScreen
        from iro_tui.store.reviews import child_ref_of_review, load_review

        try:
            review = load_review(self.opened_store(), review_id)
        except IroError as error:
            self._refuse(error)
            return
        if review["status"] == "planned":
            self.push_screen(ChecklistScreen(review_id))
        else:
            self.open_child(child_ref_of_review(self.opened_store(), review_id), "reviews")

    def record_review(self, child_ref: str, review_id: int | None) -> None:
        """Open the recording screen, offering to continue a draft if there is one."""
        from iro_tui.screens.recording import RecordingScreen
        from iro_tui.store.reviews import discard_draft, load_draft
        from iro_tui.widgets.confirm import Confirm

        draft = load_draft(self.opened_store(), child_ref)
        if draft is None:
            self.push_screen(RecordingScreen(child_ref, review_id))
            return

        def decided(carry_on: bool | None) -> None:
            if carry_on:
                self.push_screen(RecordingScreen(child_ref, draft["review_id"], draft["payload"]))
            else:
                try:
                    discard_draft(self.opened_store(), child_ref)
                except IroError as error:  # a busy, full or read-only store
                    self._refuse(error)
                    return
                self.push_screen(RecordingScreen(child_ref, review_id))

        from iro_tui.widgets.when import local_time

        self.push_screen(
            Confirm(
                f"A review for this child was being recorded (last saved "
                f"{local_time(draft['saved_at'])}). "
                "Continue it?",
                "Continue",
                "Start again",
            ),
            decided,
        )

    def preview_document(self, review_id: int | None) -> None:
        """`w`: the letter to the child as it will read; `s` there saves it."""
        from iro_tui.screens.document_preview import DocumentPreview
        from iro_tui.store.reviews import load_review

        try:
            if review_id is None:
                raise IroError("choose a recorded review first")
            if load_review(self.opened_store(), review_id)["status"] != "held":
                raise IroError("this review has not been held, so there is no record to write")
        except IroError as error:
            self._refuse(error)
            return
        self.push_screen(DocumentPreview(review_id))

    def _show_form(self, form: FormModal[Any], saved_message: str) -> None:
        def done(result: object) -> None:
            if result is not None:
                self.notify(saved_message)
            question = self._pending_question
            if question is not None:
                self._pending_question = None
                self.push_screen(*question)

        self.push_screen(form, done)

    def open_form(self, kind: FormKind, child_ref: str, **options: Any) -> None:
        from iro_tui.screens import forms  # the forms load on first use, after first paint

        today = self.clock.today()
        builders: dict[str, tuple[Callable[[], FormModal[Any]], str]] = {
            "profile": (
                lambda: forms.profile_form(self.opened_store(), child_ref),
                "Profile saved",
            ),
            "placement": (
                lambda: forms.placement_form(self.opened_store(), child_ref),
                "Placement details saved",
            ),
            "person": (
                lambda: forms.person_form(self.opened_store(), child_ref, options.get("person")),
                "Person saved",
            ),
            "book": (
                lambda: forms.booking_form(self.opened_store(), child_ref, today),
                "Review booked",
            ),
            "reschedule": (
                lambda: forms.booking_form(
                    self.opened_store(), child_ref, today, review_id=options["review_id"]
                ),
                "Review rescheduled; the old date is kept as cancelled",
            ),
            "cancel": (
                lambda: forms.cancel_form(self.opened_store(), options["review_id"]),
                "Review cancelled; the statutory deadline has not moved",
            ),
            "episode": (
                lambda: forms.episode_change_form(self.opened_store(), child_ref, today),
                "New episode recorded",
            ),
            "leave": (
                lambda: forms.leave_care_form(self.opened_store(), child_ref, today),
                "Recorded as having left care",
            ),
            "after": (
                lambda: forms.after_review_form(self.opened_store(), options["review_id"], today),
                "Saved",
            ),
            "review_number": (
                lambda: forms.review_number_form(
                    self.opened_store(), child_ref, options["review_id"]
                ),
                "Review number saved; the deadlines count on from it",
            ),
        }
        build, message = builders[kind]
        try:
            form = build()
        except IroError as error:
            self._refuse(error)
            return
        self._show_form(form, message)

    def open_between_form(self, kind: BetweenFormKind, child_ref: str, **options: Any) -> None:
        """Forms between reviews (screens/between_forms.py)."""
        from iro_tui.screens import between_forms as bf

        today = self.clock.today()
        builders: dict[str, tuple[Callable[[], FormModal[Any]], str]] = {
            "note": (
                lambda: bf.note_form(self.opened_store(), today, child_ref or None),
                "Footprint note saved",
            ),
            "correct_note": (
                lambda: bf.correct_note_form(self.opened_store(), options["note_id"], today),
                "Note corrected; the original is kept in the audit trail",
            ),
            "decision": (
                lambda: bf.decision_update_form(
                    self.opened_store(), options["decision_id"], options["text"], today
                ),
                "Decision updated",
            ),
            "change": (
                lambda: bf.significant_change_form(
                    self.opened_store(), child_ref, today, on_saved=self._offer_move(child_ref)
                ),
                "Significant change recorded",
            ),
            "escalate": (
                lambda: bf.escalation_form(
                    self.opened_store(),
                    child_ref,
                    today,
                    options.get("decision_ids", []),
                    options.get("issue", ""),
                ),
                "Escalation opened",
            ),
            "next_stage": (
                lambda: bf.next_stage_form(
                    self.opened_store(), options["escalation_id"], today, skip=False
                ),
                "Escalated",
            ),
            "skip_stage": (
                lambda: bf.next_stage_form(
                    self.opened_store(), options["escalation_id"], today, skip=True
                ),
                "Stage skipped; the next is open",
            ),
            "response": (
                lambda: bf.response_form(self.opened_store(), options["escalation_id"], today),
                "Response recorded",
            ),
            "resolve": (
                lambda: bf.resolve_form(self.opened_store(), options["escalation_id"], today),
                "Escalation resolved",
            ),
        }
        build, message = builders[kind]
        try:
            form = build()
        except IroError as error:
            self._refuse(error)
            return
        self._show_form(form, message)

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

    def action_quick_note(self) -> None:
        child_ref = getattr(self.screen, "child_ref", None)
        self.open_between_form("note", child_ref or "")

    def action_drift(self) -> None:
        from iro_tui.screens.drift import DriftScreen

        self.push_screen(DriftScreen())

    def action_search(self) -> None:
        from iro_tui.screens.search import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen())

    def action_annual_report(self) -> None:
        from iro_tui.screens.report import ReportScreen

        self.push_screen(ReportScreen())

    def action_settings(self) -> None:
        from iro_tui.screens.settings import SettingsForm

        def saved(changed: int | None) -> None:
            if changed:
                self.apply_keymap()  # your own keys work at once
                self.notify(f"Settings saved ({changed} changed)")
            elif changed == 0:
                self.notify("Settings unchanged")

        self.push_screen(SettingsForm(self.opened_store()), saved)

    def action_escalations(self) -> None:
        from iro_tui.screens.escalations import EscalationsScreen

        self.push_screen(EscalationsScreen())

    def book_review(self, child_ref: str) -> None:
        self.open_form("book", child_ref)

    def add_appointment(self, child_ref: str | None = None, day: date | None = None) -> None:
        from iro_tui.screens import forms  # the forms load on first use, after first paint

        self._show_form(
            forms.appointment_form(
                self.opened_store(), child_ref=child_ref, day=day or self.clock.today()
            ),
            "Appointment added",
        )

    def action_new_child(self) -> None:
        from iro_tui.screens import forms  # the forms load on first use, after first paint

        def done(child_ref: str | None) -> None:
            if child_ref:
                self.notify("Child added; their first review deadline is in the diary")
                self.open_child(child_ref, "reviews")

        self.push_screen(forms.intake_form(self.opened_store(), self.clock.today()), done)

    def action_export_calendar(self) -> None:
        from iro_tui.interchange.ics import export_diary
        from iro_tui.paths import export_folder
        from iro_tui.widgets.form import file_form

        def write(path: Path) -> str:
            count = export_diary(self.opened_store(), self.clock.today(), path, datetime.now(UTC))
            return f"Wrote {count} events to {path}"

        form = file_form(
            "Export the diary as a calendar file",
            export_folder() / "iro-diary.ics",
            write,
            intro="Reviews, deadlines, pre-review tasks, decisions and appointments. Children "
            "are named by initials and ID, since calendars sync beyond this laptop.",
        )

        def written(message: str | None) -> None:
            if message:
                self.notify(message)

        self.push_screen(form, written)
