"""A problem the IRO must see, as a modal that stays until they close it.

Used when work running in the background fails unexpectedly (harlequin's habit): the
app carries on instead of quitting, and says what could not be done, in words.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class Problem(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,enter", "dismiss", "Close", id="problem.close", tooltip="Close"),
    ]

    def __init__(self, title: str, explanation: str) -> None:
        super().__init__()
        self.title_text, self.explanation = title, explanation

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            # Text, not markup: an explanation quotes paths, which may hold brackets.
            yield Static(Text(self.title_text), classes="form-title")
            yield Static(Text(self.explanation))
            with Horizontal(classes="form-buttons"):
                yield Button("Close (Enter)", id="close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss()
