"""The recording screen's draft: everything typed, autosaved as it changes, so a
crash or a kill loses at most the field being typed."""

from __future__ import annotations

from typing import Any

from textual.widgets import Select, Static

from iro_tui.domain.recording import Attendee, DecisionDraft
from iro_tui.errors import IroError
from iro_tui.screens.base import IroScreen
from iro_tui.screens.recording_fields import FIELDS
from iro_tui.store.failures import read_only_refusal
from iro_tui.store.reviews import discard_draft, save_draft
from iro_tui.widgets.confirm import Confirm
from iro_tui.widgets.form import read_raw


class RecordingDraft(IroScreen):
    """The draft of RecordingScreen: its payload, the autosave, and leaving."""

    child_ref: str
    review_id: int | None
    draft: dict[str, Any] | None  # the draft the form was opened from, if any
    attendees: list[Attendee]
    decisions: list[DecisionDraft]
    changed: bool
    draft_problem: str
    baseline: dict[str, Any]  # what the form opened with
    saved: dict[str, Any]  # what the store's draft holds: the baseline until a save

    def unsaved_text(self) -> str | None:
        """Anything typed since the screen opened is not yet a recorded review."""
        if not self.is_mounted or self.payload() == self.baseline:
            return None
        return (
            "The review is not recorded yet (F2 saves it; the draft is kept and "
            "opening the review again offers to continue it)."
        )

    # --- the draft ----------------------------------------------------------------
    def has_draft(self) -> bool:
        """Whether the store holds a draft of this form (once the autosave has run)."""
        return self.draft is not None or self.saved != self.baseline

    def payload(self) -> dict[str, Any]:
        # Unset choices are stored as null, so the draft reloads cleanly.
        fields = {
            key: None if value in (Select.NULL, Select.BLANK) else value
            for key, value in read_raw(self, FIELDS).items()
        }
        return {
            "fields": fields,
            "attendees": [a.model_dump() for a in self.attendees],
            "decisions": [d.model_dump(mode="json") for d in self.decisions],
        }

    def keep_now(self) -> bool:
        """The draft as the boxes hold it now, kept though their change messages are
        still on their way (on a hang-up, the app leaves before they arrive)."""
        self.changed = True
        return self.autosave()

    def autosave(self) -> bool:
        """Save the draft if anything changed; False if the store refused it.

        A refused draft (store busy, disk full, read-only) stays on screen and in
        memory and is retried on the next tick; the problem is shown once, not every
        half second, and its end is shown too."""
        if not self.changed:
            return True
        # The boxes say "changed" as they are filled with what the form opens with, and
        # again as it closes: only a payload unlike the one kept is a draft to write, so
        # a form opened and left untouched leaves no draft to be offered back.
        payload = self.payload()
        if payload == self.saved:
            self.changed = False
            return True
        if self._says_it_cannot_save():
            # Said once, at the top of the record (cannot_save_line), not as a notice
            # every time a key is typed ("iro-tui keeps trying", in a session that never
            # can). Leaving or quitting still asks before what was typed goes. A store
            # made read-only since the record opened (it failed its check) is said below.
            self.draft_problem = str(read_only_refusal(self.store.why_read_only))
            return False
        try:
            with self.store.waiting_briefly():  # another writer is never waited for here
                if payload == self.baseline and self.draft is None:
                    # Typed, then put back as it opened: no draft is left to offer back.
                    discard_draft(self.store, self.child_ref)
                else:
                    save_draft(self.store, self.child_ref, self.review_id, payload)
        except IroError as error:
            if str(error) != self.draft_problem:
                self.app.notify(
                    f"Draft not saved: {error}. What you typed is still here; "
                    "iro-tui keeps trying.",
                    title="Draft not saved",
                    severity="error",
                    timeout=15,
                )
                # Said on the screen too, until the draft is kept: the notice faded, and
                # 12 kB more were typed with nothing saying they were not kept.
                self._said_draft_problem(f"Draft not saved: {error}. Still trying.")
            self.draft_problem = str(error)
            return False
        self.saved = payload
        self.changed = False
        if self.draft_problem:
            self.app.notify("The draft is saved again")
            self._said_draft_problem("")
            self.draft_problem = ""
        return True

    def _says_it_cannot_save(self) -> bool:
        """The record's top line says nothing typed here can be saved (the store was
        read-only when it opened)."""
        return bool(self.store.read_only and self.query("#form-read-only"))

    def _said_draft_problem(self, text: str) -> None:
        for line in self.query("#draft-problem").results(Static):
            line.update(text)
            line.display = bool(text)

    def action_leave(self) -> None:
        if self.autosave():
            if self.has_draft():
                self.app.notify("Draft kept: the diary lists it under Today until it is finished")
            self.app.pop_screen()
            return

        def decided(leave: bool | None) -> None:
            if leave:
                self.app.pop_screen()

        question = (
            # Nothing was ever saved in it: "since the last save" was said.
            f"Nothing typed here can be saved ({self.draft_problem}). Leave, and lose what "
            "was typed?"
            if self._says_it_cannot_save()
            else f"The draft could not be saved ({self.draft_problem}). Leave anyway and "
            "lose what was typed since the last save?"
        )
        self.app.push_screen(Confirm(question, "Leave", "Stay"), decided)
