"""The App: owns the store, the clock and the screens. Kept small on purpose;
the verbs live in navigation.py and form_opening.py, the screens in screens/."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.worker import Worker, WorkerState

from iro_tui.app_base import KeepsADraft
from iro_tui.commands import IroCommands
from iro_tui.domain.clock import Clock
from iro_tui.errors import IroError
from iro_tui.locking import Locking
from iro_tui.navigation import Navigation
from iro_tui.safe_text import plain
from iro_tui.screens.diary import DiaryScreen
from iro_tui.widgets import plain_cells
from iro_tui.widgets.confirm import Confirm

if TYPE_CHECKING:
    from iro_tui.screens.diary_frame import FirstFrame
    from iro_tui.store import Store

plain_cells.install()


class IroApp(Locking, Navigation, App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "iro-tui"
    COMMANDS = App.COMMANDS | {IroCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Leave iro-tui; everything is saved"),
        Binding("f1", "help", "Help", id="app.help", tooltip="Help for this screen"),
        Binding(
            "slash",
            "search",
            "Search",
            id="app.search",
            tooltip="Search notes, decisions and reviews across the caseload",
            show=False,  # shown on the diary's footer; elsewhere F1 and ctrl+p list it
        ),
        Binding(
            "f5",
            "quick_note",
            "Note",
            id="app.note",
            tooltip="A footprint note on any child, from anywhere",
        ),
    ]

    def __init__(
        self,
        store: Store | None,
        clock: Clock,
        store_gate: tuple[str, Path] | None = None,
        idle_now: Callable[[], float] = time.monotonic,
        make_backups: bool = False,
        read_only: bool = False,
        settle_memory: bool = False,
        first_frame: FirstFrame | None = None,
    ) -> None:
        """`store` None with `store_gate` ("missing" | "encrypted", path): the app asks
        to create the store, or for its passphrase, before the diary (locking.py).
        ("plain", path) with `first_frame`: the diary kept from the last opening is
        painted first, and the store opened straight after (screens/diary_frame.py).
        `read_only`: the store is open in another iro-tui; open it read-only.
        `settle_memory`: the command line's app, alone in its process (memory.py)."""
        super().__init__()
        self.store = store
        self.clock = clock
        self.store_gate = store_gate
        self.idle_now = idle_now  # injected so a test can move idle time on
        self.make_backups = make_backups
        self.open_read_only = read_only
        # Run from the command line: what lives all session leaves the garbage
        # collector's full passes after the first paint (memory.py); never in tests.
        self.settle_memory = settle_memory
        # The command line's app loads the screens opened next after its first paint
        # (warm_up.py); True once done.
        self.warmed_up = False
        self.first_frame = first_frame

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        # Messages quote what was typed or imported (a CHILD id, a name): shown as
        # written, never as markup, and without terminal escapes.
        super().notify(
            plain(message), title=plain(title), severity=severity, timeout=timeout, markup=False
        )

    def on_mount(self) -> None:
        self._restore_theme()
        if self.first_frame is not None and self.store is None:
            # Its footer names the IRO's own keys, as kept with it (the store's setting).
            self.set_keymap(self.first_frame.keymap_mapping())
            self.push_screen(DiaryScreen(first_frame=self.first_frame))
        self.start_guarded(self._show_diary)

    def on_unmount(self) -> None:
        self.stop_checking()  # quitting during the integrity check does not wait for it

    def _restore_theme(self) -> None:
        """The theme chosen last time (ctrl+p, "theme"), and remember the next choice."""
        from iro_tui.preferences import load_preferences, save_preference

        chosen = load_preferences().get("theme")
        if chosen in self.available_themes:
            self.theme = chosen
        self.theme_changed_signal.subscribe(
            self, lambda theme: save_preference("theme", theme.name)
        )

    def _show_diary(self) -> None:
        store = self.opened_store()
        if self.open_read_only and not store.read_only:
            from iro_tui.store.session_lock import make_read_only

            make_read_only(store)  # the store was opened behind the passphrase screen
        self.apply_keymap()
        if self.settle_memory:
            from iro_tui.memory import hold_collector_until_first_paint

            # Held since the process started, or (behind the passphrase) from now.
            hold_collector_until_first_paint()
        diary = self.screen if isinstance(self.screen, DiaryScreen) else None
        if diary is not None and diary.first_frame is not None:
            diary.action_refresh()  # its first frame has painted: now worked out
        else:
            self._push_diary(store)
        if self.settle_memory:
            from iro_tui.memory import settle_after_first_paint
            from iro_tui.warm_up import warm_up

            self.call_after_refresh(settle_after_first_paint)
            self.call_after_refresh(warm_up, self.set_timer, done=self._warmed_up)
        if store.read_only:
            self.title = "iro-tui (read-only)"
            self.notify(
                "Read-only: this store is open in another iro-tui. Nothing can be saved here.",
                severity="warning",
                timeout=15,
            )
        if store.audit_repairs:
            self.notify(
                f"The audit trail was repaired on open: {'; '.join(store.audit_repairs)} "
                "(recreated).",
                severity="warning",
                timeout=15,
            )

    def _push_diary(self, store: Store) -> None:
        """The diary: drawn at once from the frame kept for today if there is one (the
        store just opened behind the passphrase screen), and worked out straight after."""
        from iro_tui.screens.diary_frame import first_frame
        from iro_tui.store.diary_frames import read_frame

        frame = first_frame(read_frame(store.conn, self.clock.today()))
        diary = DiaryScreen(first_frame=frame)
        self.push_screen(diary)
        if frame is not None:
            self.call_after_refresh(diary.action_refresh)

    async def action_quit(self) -> None:
        """`q` and ctrl+q: leave, but ask first when any open form has unsaved text.

        `q` reaches the app from a checkbox or a list in a form, so without this a
        footprint note half typed was lost on a stray key (issue 14).
        """
        # A review being recorded keeps its last keystrokes: flush the draft first.
        # A draft the store refuses (busy, full, read-only) is not thrown away
        # silently either: quitting then asks first.
        if isinstance(self.screen, Confirm) and self.screen.asks_to_quit:
            return  # already asking
        unsaved = [
            f"A review draft could not be saved ({screen.draft_problem})."
            for screen in self.screen_stack
            if isinstance(screen, KeepsADraft) and not screen.autosave()
        ]
        unsaved += [
            text
            for screen in self.screen_stack
            if (text := getattr(screen, "unsaved_text", lambda: None)())
        ]
        if not unsaved:
            self._leave()
            return
        question = Confirm(f"{unsaved[-1]} Quit anyway and lose it?", "Quit", "Keep editing")
        question.asks_to_quit = True

        def decided(leave: bool | None) -> None:
            if leave:
                self._leave()

        self.push_screen(question, decided)

    def _leave(self) -> None:
        self.keep_diary_frames()
        self.exit()

    def _warmed_up(self) -> None:
        from iro_tui.memory import settle_after_warm_up

        settle_after_warm_up()
        self.warmed_up = True

    def action_help(self) -> None:
        from iro_tui.screens.help import HelpScreen, help_text

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen(help_text(self.screen)))

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
