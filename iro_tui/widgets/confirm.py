"""A yes/no question as a modal: y for yes, n or Escape for no, Enter for the button
with the focus (the answer that loses nothing)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from iro_tui.safe_text import plain
from iro_tui.widgets.footer import SteadyFooter


class Confirm(ModalScreen[bool | None]):
    """`escape_closes`: Esc answers neither (None) where No loses something (the draft of
    a review record, "Start again"): Esc, the safe key everywhere else, threw it away."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n", "answer(False)", "No", id="confirm.no"),
        Binding("escape", "escape", "Close", id="confirm.escape"),
    ]
    # Set on the app's "quit anyway?" question, so a second `q` does not ask again.
    asks_to_quit = False

    def __init__(
        self, question: str, yes: str = "Yes", no: str = "No", escape_closes: bool = False
    ) -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no
        self.escape_closes = escape_closes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            # The question may quote what was typed (an appointment's title): never markup.
            question = plain(self.question)
            if self.escape_closes:
                question += " Esc closes this and changes nothing."
            yield Static(Text(question), classes="form-title")
            with Horizontal(classes="form-buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="error")
                # Esc answers No too, said: after Esc on a form, a second Esc kept it
                # open ("Keep editing"), and two walk-throughs typed on into it.
                no = f"{self.no} (n)" if self.escape_closes else f"{self.no} (n, Esc)"
                yield Button(no, id="no")
        # Its own keys over the screen's below (a form's "f2 Save", which did nothing here).
        yield SteadyFooter(compact=True)

    def on_mount(self) -> None:
        # Enter answers the button with the focus: the one that loses nothing. Where No
        # loses something (escape_closes), that is Yes: on "Continue it?", Enter had
        # answered "Start again, discarding it", and a review's draft was thrown away.
        self.query_one("#yes" if self.escape_closes else "#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def action_escape(self) -> None:
        self.dismiss(None if self.escape_closes else False)
