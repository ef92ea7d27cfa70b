"""The App: owns the store, the clock and the screens. Kept small on purpose; the verbs
live in navigation.py and form_opening.py, opening the diary in opening.py, the lock and
backups in locking.py, faults in faults.py, the screens in screens/."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import Binding
from textual.notifications import SeverityLevel

from iro_tui.app_base import KeepsADraft
from iro_tui.commands import IroCommands
from iro_tui.domain.clock import Clock
from iro_tui.faults import ExplainsFaults
from iro_tui.locking import Locking
from iro_tui.navigation import Navigation
from iro_tui.opening import OpensTheDiary
from iro_tui.safe_text import plain
from iro_tui.widgets import plain_cells
from iro_tui.widgets.confirm import Confirm

if TYPE_CHECKING:
    from textual.screen import Screen

    from iro_tui.screens.diary_frame import FirstFrame
    from iro_tui.store import Store

plain_cells.install()


class IroApp(Locking, Navigation, OpensTheDiary, ExplainsFaults, App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "iro-tui"
    # The palette's own list only (commands.py): Textual's (Keys, Maximize, Screenshot...)
    # came first when it opened, above the screen's keys; its Theme and Quit are in ours.
    COMMANDS = {IroCommands}
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
        self.open_diary()
        if self.settle_memory:  # the command line's app, alone in its process
            import asyncio
            import signal

            loop = asyncio.get_running_loop()
            loop.add_signal_handler(signal.SIGHUP, self._hung_up)
            loop.add_signal_handler(signal.SIGTERM, self._told_to_stop)

    def keep_drafts(self) -> None:
        """Keep what is typed as drafts now: a draft is kept every half second, and the
        last half second typed before a terminal window was closed was lost (an
        adversarial check)."""
        for screen in self.screen_stack:
            if isinstance(screen, KeepsADraft):
                screen.keep_now()
        for form in _keeping_drafts(self.screen_stack):
            if form.is_dirty:
                form.flush_draft()

    def _hung_up(self) -> None:
        """The terminal was closed (SIGHUP): the drafts kept, then out at once. There is
        no terminal to put back, and Textual's own shutdown, writing to the one gone,
        was seen to wait for ever, holding the store's session lock (the next opening
        would find it "open in another iro-tui"). Every save is committed as it is made;
        the lock goes with the process."""
        import os
        import signal

        self.keep_drafts()
        os._exit(128 + signal.SIGHUP)

    def _told_to_stop(self) -> None:
        """The system stops the app (SIGTERM): the drafts kept, then the terminal put back
        as on quitting; out regardless after 2 seconds (see _hung_up)."""
        import os
        import signal
        import threading

        self.keep_drafts()
        fallback = threading.Timer(2.0, os._exit, (128 + signal.SIGTERM,))
        fallback.daemon = True
        fallback.start()
        self.exit()

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search" and _in_a_choice_box(self.screen.focused):
            # `/` is part of a date typed with the focus one box out, on a drop-down:
            # "01/06/2026" opened Search over the review record (an adversarial check).
            return False
        return super().check_action(action, parameters)

    async def action_quit(self) -> None:
        """`q` and ctrl+q: leave, but ask first when any open form has unsaved text.

        `q` reaches the app from a checkbox or a list in a form, so without this a
        footprint note half typed was lost on a stray key (issue 14).
        """
        if isinstance(self.screen, Confirm) and self.screen.asks_to_quit:
            return  # already asking
        # A long save under way (a calendar being written, a return imported) is waited
        # for: quitting asked "Quit anyway and lose it?" of a file about to be written
        # whole, or quit without a word from the default file name.
        busy = [work for s in self.screen_stack if (work := getattr(s, "long_save", None))]
        if busy:
            self.notify(f"{busy[0].doing}: a moment, then q quits.")
            return
        question = self.unsaved_question(self.screen_stack, "Quit")
        if question is None:
            self._leave()
            return
        question.asks_to_quit = True

        def decided(leave: bool | None) -> None:
            if leave:
                self._leave()

        self.push_screen(question, decided)

    def unsaved_question(self, screens: list[Screen], leaving: str) -> Confirm | None:
        """The question to ask before `screens` close (on quitting, or jumping to the
        diary), or None when nothing typed in them would be lost.

        A review being recorded keeps its last keystrokes: its draft is flushed first.
        A draft the store refuses (busy, full, read-only) is not thrown away silently
        either, and the question says what its draft holds: not the newest text."""
        lost = [
            f"A review draft could not be saved ({screen.draft_problem}): what you typed "
            "since is not saved anywhere."
            for screen in screens
            if isinstance(screen, KeepsADraft) and not screen.autosave()
        ]
        # A form that keeps its draft (a footprint note) is kept, not lost: quitting said
        # "and lose it?" of a note given back at the next opening.
        drafted = _keeping_drafts(screens)
        refused = [s for s in drafted if s.is_dirty and not s.flush_draft()]
        lost += [
            text
            for screen in screens
            if not isinstance(screen, KeepsADraft)
            and screen not in drafted
            and (text := getattr(screen, "unsaved_text", lambda: None)())
        ]
        lost += [f"“{s.form_title}” could not be kept as a draft, nor saved." for s in refused]
        kept = [
            text
            for screen in screens
            if (isinstance(screen, KeepsADraft) or screen in drafted)
            and screen not in refused
            and (text := getattr(screen, "unsaved_text", lambda: None)())
        ]
        # Behind the idle lock, what is open is not named: the question showed a child's
        # name and ID over the lock screen to whoever pressed q.
        if self.locked:
            lost = ["Something typed is not saved." for _ in lost]
            kept = ["Something typed is kept as a draft." for _ in kept]
        if lost:
            return Confirm(f"{lost[0]} {leaving} anyway and lose it?", leaving, "Keep editing")
        if kept:
            return Confirm(f"{kept[0]} {leaving} now?", leaving, "Keep editing")
        return None

    def _leave(self) -> None:
        self.keep_diary_frames()
        self.exit()

    def action_help(self) -> None:
        from iro_tui.screens.help import HelpScreen, help_text

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen(help_text(self.screen)))


def _keeping_drafts(screens: list[Screen]) -> list[Any]:
    """The forms among `screens` that keep a draft as they go (a footprint note). A form
    is told by what it has: the forms' module loads on first use."""
    return [
        s for s in screens if getattr(s, "drafts", None) is not None and hasattr(s, "flush_draft")
    ]


def _in_a_choice_box(focused: object) -> bool:
    """A form's drop-down or tick box (or the list a drop-down has open) has the focus."""
    from textual.widgets import Checkbox, Select
    from textual.widgets._select import SelectOverlay

    return isinstance(focused, Select | Checkbox | SelectOverlay)
