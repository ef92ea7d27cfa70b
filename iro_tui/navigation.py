"""Moving between screens: the app's verbs, used by every screen and by the command
palette. The forms a screen asks for are opened in form_opening.py."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from iro_tui.errors import BadInput, IroError
from iro_tui.form_opening import FormOpening

if TYPE_CHECKING:
    from textual.screen import Screen

    from iro_tui.widgets.confirm import Confirm


class Navigation(FormOpening):
    """Mixed into the App. Every method explains a refusal instead of raising."""

    if TYPE_CHECKING:

        def unsaved_question(self, screens: list[Screen], leaving: str) -> Confirm | None:
            """app.py: what to ask before `screens` close, or None."""

    def action_diary(self) -> None:
        """Back to the diary, closing every screen above it: after asking, when a form
        among them holds what was typed and not saved (the palette's "Go to the diary"
        dropped a half-written footprint note without a word)."""
        from iro_tui.screens.diary import DiaryScreen

        stack = self.screen_stack
        diary = next((i for i, s in enumerate(stack) if isinstance(s, DiaryScreen)), 1)
        closing = stack[diary + 1 :]
        question = self.unsaved_question(closing, "Go to the diary") if closing else None

        def go(leave: bool | None = True) -> None:
            if leave:
                while len(self.screen_stack) > 2 and not isinstance(self.screen, DiaryScreen):
                    self.pop_screen()
                return
            # Keep editing: back to the form itself, which a screen opened over it from
            # the palette (the caseload over a half-written note) kept out of sight.
            form = next(
                (s for s in reversed(closing) if getattr(s, "unsaved_text", lambda: None)()),
                None,
            )
            while form is not None and form in self.screen_stack and self.screen is not form:
                self.pop_screen()

        if question is None:
            go()
        else:
            self.push_screen(question, go)

    def action_caseload(self) -> None:
        from iro_tui.screens.caseload import CaseloadScreen

        if not isinstance(self.screen, CaseloadScreen):
            self.push_screen(CaseloadScreen())

    def open_child(self, child_ref: str, tab: str = "profile", row: str | None = None) -> None:
        """The child's screen on `tab`, its table's cursor on the row keyed `row` (a
        decision's id) when given."""
        from iro_tui.screens.child import ChildScreen

        if self.opened_store().child_id(child_ref) is None:
            self._refuse(IroError(f"there is no child {child_ref} in this store"))
            return
        self.push_screen(ChildScreen(child_ref, tab, row))

    def open_link(self, link: str) -> None:
        """Open where an agenda item is dealt with: 'child:REF:TAB', 'child:REF:TAB:ROW'
        (a decision: the tab's row keyed ROW), 'appointment:ID' or 'record:REF' (a review
        record's draft)."""
        kind, _, rest = link.partition(":")
        if kind == "child":
            child_ref, _, place = rest.partition(":")
            tab, _, row = place.partition(":")
            self.open_child(child_ref, tab or "profile", row or None)
        elif kind == "review":
            self.open_review(int(rest))
        elif kind == "note-draft":  # a footprint note's draft: its form, which gives it back
            from iro_tui.screens.requests import WriteNote

            _, _, child_ref = rest.partition(":")  # note, or note:CHILD
            self.open_form(WriteNote(child_ref or None))
        elif kind == "new-child":  # the intake's draft: the intake, which gives it back
            self.action_new_child()
        elif kind == "draft":  # any other form's draft: that form, which gives it back
            self.reopen_draft(rest)
        elif kind == "checklist":  # a checklist form's draft: "REVIEW:consult|advocacy|item:KEY"
            self._checklist_form(*rest.partition(":")[::2])
        elif kind == "record":  # a review record's draft: asks to carry it on
            from iro_tui.store.reviews import load_draft

            draft = load_draft(self.opened_store(), rest)
            # Started again instead, it is still the record of the review it was for.
            self.record_review(rest, draft["review_id"] if draft else None)
        elif kind == "midpoint":
            from iro_tui.screens.midpoint import MidpointScreen

            self.push_screen(MidpointScreen(rest))
        elif kind == "escalation":
            from iro_tui.screens.escalations import EscalationScreen

            self.push_screen(EscalationScreen(int(rest)))
        elif kind == "note":
            from iro_tui.screens.requests import CorrectNote

            self.open_form(CorrectNote(int(rest)))
        elif kind == "appointment":
            from iro_tui.screens.requests import EditAppointment

            self.open_form(EditAppointment(int(rest)))

    def _checklist_form(self, review: str, what: str) -> None:
        """A booked review's checklist, and its form `what` (ChecklistScreen.open_form_for);
        refused when the review is no longer booked."""
        from iro_tui.screens.checklist import ChecklistScreen
        from iro_tui.store.reviews import load_review

        if load_review(self.opened_store(), int(review)).status != "planned":
            raise BadInput("that review is no longer booked (cancelled, moved or held)")
        screen = ChecklistScreen(int(review))
        self.push_screen(screen)
        self.call_after_refresh(screen.open_form_for, what)

    def open_review(self, review_id: int) -> None:
        """A booked review opens its checklist; a recorded one, the child's reviews."""
        from iro_tui.screens.checklist import ChecklistScreen
        from iro_tui.store.reviews import child_ref_of_review, load_review

        try:
            review = load_review(self.opened_store(), review_id)
        except IroError as error:
            self._refuse(error)
            return
        if review.status == "planned":
            self.push_screen(ChecklistScreen(review_id))
        else:
            self.open_child(child_ref_of_review(self.opened_store(), review_id), "reviews")

    def record_review(self, child_ref: str, review_id: int | None) -> None:
        """Open the recording screen, offering to continue a draft if there is one."""
        from iro_tui.screens.recording import RecordingScreen
        from iro_tui.store.reviews import (
            discard_draft,
            draft_for_booking,
            live_booking,
            load_draft,
        )
        from iro_tui.widgets.confirm import Confirm

        store = self.opened_store()
        draft = load_draft(store, child_ref)
        if draft is None:
            self.push_screen(RecordingScreen(child_ref, review_id))
            return

        def decided(carry_on: bool | None) -> None:
            if carry_on is None:
                return  # Esc: neither; the draft stays kept (it was thrown away)
            if carry_on:
                # The review it is for, still booked: a draft of a booking since cancelled
                # went on to record the cancelled review as held, over its reason.
                booking = live_booking(store, child_ref, draft["review_id"])
                payload = draft_for_booking(store, draft["payload"], draft["review_id"], booking)
                self.push_screen(RecordingScreen(child_ref, booking, payload))
            else:
                try:
                    discard_draft(self.opened_store(), child_ref)
                except IroError as error:  # a busy, full or read-only store
                    self._refuse(error)
                    return
                self.push_screen(RecordingScreen(child_ref, review_id))

        other = self._another_review_s_draft(review_id, draft["review_id"])
        if store.read_only:
            # Nothing is saved here, nor discarded: the review asked for is shown, with the
            # draft when it is that review's. "Start again, discarding it" was offered, of
            # another window's record, and refused.
            if other:
                self.push_screen(RecordingScreen(child_ref, review_id))
            else:
                decided(True)
            return
        from iro_tui.widgets.when import local_time

        saved = local_time(draft["saved_at"])
        if other:
            # Enter on a review on file (to put it right, complete or restore it), with a
            # record of another review unsaved: "Continue it?" opened that other one, and
            # "Start again" threw it away (an adversarial check). One draft is kept a
            # child, so the IRO says which.
            question = Confirm(
                f"The record of another review of this child is unsaved (last saved "
                f"{saved}), and only one is kept at a time. Continue that one, or discard "
                f"it and open the review of {other}?",
                "Continue that one",
                "Discard it, open this one",
                escape_closes=True,
            )
        else:
            question = Confirm(
                f"A review for this child was being recorded (last saved {saved}). Continue it?",
                "Continue",
                "Start again, discarding it",
                escape_closes=True,
            )
        self.push_screen(question, decided)

    def _another_review_s_draft(self, review_id: int | None, drafted_for: int | None) -> str:
        """The day of the review on file asked for, when the draft kept is another
        review's; else "" (the draft is this review's, or its booking's)."""
        from iro_tui.store.reviews import load_review

        if review_id is None or review_id == drafted_for:
            return ""
        review = load_review(self.opened_store(), review_id)
        if review.status == "planned":
            return ""  # a booking: the draft follows it (live_booking)
        on = review.held_date or review.scheduled_date
        return f"{on:%d/%m/%Y}" if on else "this review"

    def preview_document(self, review_id: int | None) -> None:
        """`w`: the letter to the child as it will read; `s` there saves it."""
        from iro_tui.screens.document_preview import DocumentPreview
        from iro_tui.store.reviews import load_review

        try:
            if review_id is None:
                raise IroError("choose a recorded review first")
            if load_review(self.opened_store(), review_id).status != "held":
                raise IroError("this review has not been held, so there is no record to write")
        except IroError as error:
            self._refuse(error)
            return
        self.push_screen(DocumentPreview(review_id))

    def action_quick_note(self) -> None:
        from iro_tui.screens.requests import WriteNote

        child_ref = getattr(self.screen, "child_ref", None)
        # On a list (the diary, the caseload, the drift tracker): its selected row's child.
        selected = getattr(self.screen, "selected_child", None)
        suggested = selected() if selected is not None and not child_ref else None
        self.open_form(WriteNote(child_ref or None, suggested))

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
                self.apply_settings()  # your own keys and the idle lock, at once
                self.notify(f"Settings saved ({changed} changed)")
            elif changed == 0:
                self.notify("Settings unchanged")

        self.push_screen(SettingsForm(self.opened_store()), saved)

    def action_escalations(self) -> None:
        from iro_tui.screens.escalations import EscalationsScreen

        self.push_screen(EscalationsScreen())

    def action_new_child(self) -> None:
        from iro_tui.screens import forms  # the forms load on first use, after first paint

        def done(child_ref: str | None) -> None:
            if child_ref:
                self.notify("Child added; their next review deadline is in the diary")
                self._short_breaks_said(child_ref)
                self.open_child(child_ref, "reviews")

        from iro_tui.store.form_drafts import DraftAbout, drafts_of

        store = self.opened_store()
        form = forms.intake_form(store, self.clock.today())
        # A child's details half typed are kept until saved (a flat battery lost them).
        form.drafts = drafts_of(
            store, "form:intake", DraftAbout(form.form_title, opens="new-child")
        )
        self.push_screen(form, done)

    def action_import_return(self) -> None:
        from iro_tui.paths import export_folder
        from iro_tui.screens.import_return import (
            ImportOutcome,
            ImportOutcomeScreen,
            import_form,
        )

        def done(outcome: ImportOutcome | None) -> None:
            if outcome is not None:
                self.push_screen(ImportOutcomeScreen(outcome))

        form = import_form(self.opened_store(), self.clock.today(), export_folder())
        self.push_screen(form, done)

    def _short_breaks_said(self, child_ref: str) -> None:
        """A child typed in on short breaks (V3, V4): each break is an episode of its own.
        Left open, one break ran for a year (DfE rules 365 and 367)."""
        from iro_tui.domain.codes import SHORT_BREAK_STATUSES
        from iro_tui.store.records import current_episode

        if current_episode(self.opened_store(), child_ref).ls.value in SHORT_BREAK_STATUSES:
            self.notify(
                "Short breaks: each break is an episode of its own. When this one ends, l "
                "on the child's screen; when the next begins, n",
                title="Short breaks",
                timeout=15,
            )

    def action_backup_elsewhere(self) -> None:
        """A backup off the laptop (a memory stick), as `iro-tui backup --to FOLDER`:
        the backups beside the store go with a laptop lost, or its disk failed."""
        from iro_tui.interchange.files import typed_folder
        from iro_tui.store.backup import off_the_laptop
        from iro_tui.widgets.form import FormField, FormModal, LongSave

        store = self.opened_store()

        def save(values: dict) -> LongSave[str]:
            folder = typed_folder(str(values["folder"]))
            # Refused (a plain store, a stick not in, a file, a full stick) under the box.
            return LongSave(
                "Backing up",
                lambda: f"Backed up to {off_the_laptop(store, datetime.now(), folder)}",
                "folder",
            )

        # Empty, not the export folder: on the laptop's own disk, F2 at once made a
        # "memory stick" backup there (an adversarial check).
        form: FormModal[str] = FormModal(
            "Back up to a memory stick",
            [FormField("folder", "Folder (the memory stick's)", required=True)],
            save,
            {"folder": ""},
            intro="A copy of the whole store, encrypted under its passphrase of today, for "
            "when the laptop is lost or its disk fails. Restore it with `iro-tui restore "
            "FILE`.",
            to_a_file=True,
        )
        form.save_label = "Back up"  # the button and the footer's F2

        def done(message: str | None) -> None:
            if message:
                self.notify(message)

        self.push_screen(form, done)

    def action_export_calendar(self) -> None:
        from iro_tui.interchange.files import check_target
        from iro_tui.interchange.ics import diary_calendar
        from iro_tui.paths import export_folder
        from iro_tui.widgets.form import LongSave, file_form

        def write(path: Path) -> LongSave[str]:
            # The diary is read here; the file is written off the main thread.
            path = check_target(path, "calendar (a name ending .ics)")
            calendar = diary_calendar(self.opened_store(), self.clock.today())

            def written() -> str:
                count = calendar.write(path, datetime.now(UTC))
                return f"Wrote {count} events to {path}"

            return LongSave("Writing the calendar", written)

        form = file_form(
            "Export the diary as a calendar file",
            export_folder() / "iro-diary.ics",
            write,
            intro="Everything dated in the diary: deadlines, meetings, checks, replies due and "
            "appointments. Children are named by initials and ID, since calendars sync "
            "beyond this laptop.",
        )

        def written(message: str | None) -> None:
            if message:
                self.notify(message)

        self.push_screen(form, written)
