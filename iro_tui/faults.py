"""Mixed into the App: what went wrong, in the IRO's words. A background job that
fails is explained in a box and the app carries on; anything else unexpected ends the
app with one line. The fault log (diagnostics.py) holds where, never the message: a
message could quote a child's details."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.worker import Worker, WorkerState

from iro_tui.app_base import StoreOwner
from iro_tui.errors import IroError


class ExplainsFaults(StoreOwner):
    if TYPE_CHECKING:

        def stop_writing(self, title: str = "", problem: str = "") -> None:
            """locking.py: no more writes or backups this session."""

    # What each background job was doing, in the IRO's words (by its worker group).
    WORK_IN_WORDS = {
        "annual-report": "The annual report could not be counted",
        "backup": "The backup could not be made",
        "integrity": "The store could not be checked, so this iro-tui is read-only",
    }

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "integrity" and event.state == WorkerState.ERROR:
            self.stop_writing()  # not known to be whole: no writes, no backups
        self.explain_worker_failure(event)

    def explain_worker_failure(self, event: Worker.StateChanged) -> None:
        """A background job that failed unexpectedly is explained in a modal and the
        app carries on: the work is lost, nothing in the store is (each write is one
        transaction). Workers are started with exit_on_error=False for this; the
        message does not bubble, so a screen running a worker passes it here."""
        if event.state != WorkerState.ERROR or event.worker.error is None:
            return
        from iro_tui.diagnostics import log_fault
        from iro_tui.widgets.problem import Problem

        error = event.worker.error
        log_fault(error)  # where it happened; never the message
        what = self.in_words(error)
        self.push_screen(
            Problem(
                self.WORK_IN_WORDS.get(event.worker.group, "Work in the background stopped"),
                f"It stopped on an unexpected error ({what}). Everything saved is safe in "
                "the store; try again, and if it happens again the fault log (no child's "
                "details in it) shows where.",
            )
        )

    def in_words(self, error: BaseException) -> str:
        """An unexpected error, for the user. A refusal (IroError) that escaped its
        screen is written for the user, so it is shown as it is; a damaged store as
        damage_in_words says. Anything else by its type only: a message could quote a
        child's details."""
        if isinstance(error, IroError):
            return str(error)
        return self.damage_in_words(error) or type(error).__name__

    def damage_in_words(self, error: BaseException) -> str:
        """A damaged page met in some read (the integrity check runs after the first
        paint, so a read may meet it first): the store is damaged, and the latest
        backup is named. "" for any other error."""
        from iro_tui.store.backup import damaged, is_damage
        from iro_tui.store.driver import sqlite3

        if isinstance(error, sqlite3.DatabaseError) and is_damage(error) and self.store:
            return str(damaged(self.store.path, "database disk image is malformed"))
        return ""

    def _handle_exception(self, error: Exception) -> None:
        # Refusals (IroError) are explained where they happen: see screens/guard.py,
        # navigation.py and form_opening.py. Anything reaching here is unexpected.
        if self.is_headless:
            # Tests: surface the exception to pytest.
            super()._handle_exception(error)
            return
        # A real user never sees a traceback (see in_words).
        damage = self.damage_in_words(error)
        # The fault log holds where it happened (never the message).
        from iro_tui.diagnostics import log_fault

        log_fault(error)
        self.exit(
            return_code=1,
            message=f"iro-tui stopped: {damage}."
            if damage
            else f"iro-tui stopped on an unexpected error ({self.in_words(error)}). "
            "Everything saved before it is safe in the store.",
        )
