"""The App: owns the store, the clock and the screens. Kept small on purpose;
the verbs live in navigation.py, the screens in screens/."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from iro_tui.commands import IroCommands
from iro_tui.domain.clock import Clock
from iro_tui.navigation import Navigation
from iro_tui.screens.diary import DiaryScreen
from iro_tui.screens.help import HelpScreen
from iro_tui.store import Store


class IroApp(Navigation, App[None]):
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

    def __init__(self, store: Store, clock: Clock) -> None:
        super().__init__()
        self.store = store
        self.clock = clock

    def on_mount(self) -> None:
        self.push_screen(DiaryScreen())

    async def action_quit(self) -> None:
        # A review being recorded keeps its last keystrokes: flush the draft first.
        for screen in self.screen_stack:
            if hasattr(screen, "autosave"):
                screen.autosave()
        self.exit()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen(getattr(self.screen, "HELP", None) or "No help here yet."))

    def _handle_exception(self, error: Exception) -> None:
        # Refusals (IroError) are explained where they happen: see screens/guard.py
        # and navigation.py. Anything reaching here is unexpected.
        if self.is_headless:
            # Tests: surface the exception to pytest.
            super()._handle_exception(error)
            return
        # A real user never sees a traceback; the type only, since a message
        # could quote a child's details.
        self.exit(
            return_code=1,
            message=f"iro-tui stopped on an unexpected error ({type(error).__name__}). "
            "Everything saved before it is safe in the store.",
        )
