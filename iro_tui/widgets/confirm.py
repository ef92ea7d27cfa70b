"""A yes/no question as a modal: y/Enter for yes, n/Escape for no."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from iro_tui.safe_text import plain
from iro_tui.widgets.footer import SteadyFooter


class Confirm(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]
    # Set on the app's "quit anyway?" question, so a second `q` does not ask again.
    asks_to_quit = False

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            # The question may quote what was typed (an appointment's title): never markup.
            yield Static(Text(plain(self.question)), classes="form-title")
            with Horizontal(classes="form-buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="error")
                # Esc answers No too, said: after Esc on a form, a second Esc kept it
                # open ("Keep editing"), and two walk-throughs typed on into it.
                yield Button(f"{self.no} (n, Esc)", id="no")
        # Its own keys over the screen's below (a form's "f2 Save", which did nothing here).
        yield SteadyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
