"""The letter to the child (or the formal record) as it will read, before it is saved.

`w` on a recorded review opens this; `s` asks where to save it. Anything to put
right first (the IRO's name or contact not set) is said at the top, in words.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Markdown, Static

from iro_tui.errors import IroError
from iro_tui.interchange.documents import review_blocks, to_markdown
from iro_tui.screens.base import IroScreen
from iro_tui.widgets.footer import SteadyFooter
from iro_tui.widgets.header import FittedHeader

HELP = """\
# Preview: the letter or the record

This is the document exactly as it will be saved. The letter is written for the
child's age (under 8, 8 to 12, 13 and over), quotes their own words, and is signed
with your name and how to reach them (set in Settings, **o** on the diary).

| key | does |
|---|---|
| s | save it: choose Word or Markdown and the file |
| t | switch between the letter to the child and the formal record |
| a | put the placement address in, or leave it out (handbook 3.69) |
| o | settings: your name, phone and email |
| ↑ ↓ PageUp PageDown | scroll |
| Esc | back, without saving |
"""


class DocumentPreview(IroScreen):
    SUB_TITLE = "Letter or record"
    HELP = HELP
    BINDINGS = [
        Binding("s", "save", "Save", id="preview.save", tooltip="Choose a file and save it"),
        Binding(
            "t",
            "toggle_style",
            "Letter/record",
            id="preview.style",
            tooltip="The letter to the child, or the formal record",
        ),
        Binding(
            "a",
            "toggle_address",
            "Address",
            id="preview.address",
            tooltip="Include or leave out the placement address",
        ),
        Binding("o", "app.settings", "Settings", id="preview.settings", show=False),
        Binding("escape", "app.pop_screen", "Back", id="preview.back"),
    ]

    def __init__(self, review_id: int, style: str = "letter", redact: bool = True) -> None:
        super().__init__()
        self.review_id, self.style, self.redact = review_id, style, redact

    def compose(self) -> ComposeResult:
        yield FittedHeader()
        yield Static(id="preview-title")
        yield Static(id="preview-warnings", classes="field-error")
        with VerticalScroll(id="preview"):
            yield Markdown(id="preview-text")
        yield SteadyFooter(compact=True)

    def on_mount(self) -> None:
        self.show()
        self.query_one("#preview", VerticalScroll).focus()

    def on_screen_resume(self) -> None:
        self.show()  # back from Settings: the name may be set now

    def show(self) -> None:
        try:
            blocks, warnings = review_blocks(self.store, self.review_id, self.style, self.redact)
        except IroError as error:
            self.app.notify(str(error), title="Not done", severity="error")
            self.app.pop_screen()
            return
        what = "Letter to the child" if self.style == "letter" else "Formal record"
        address = "address left out" if self.redact else "address included"
        self.query_one("#preview-title", Static).update(f"Preview · {what} · {address}")
        warning = self.query_one("#preview-warnings", Static)
        warning.update("\n".join(f"Before you send it: {w}" for w in warnings))
        warning.display = bool(warnings)
        self.markdown = to_markdown(blocks)
        self.query_one("#preview-text", Markdown).update(self.markdown)

    def action_toggle_style(self) -> None:
        self.style = "formal" if self.style == "letter" else "letter"
        self.show()

    def action_toggle_address(self) -> None:
        self.redact = not self.redact
        self.show()

    def action_save(self) -> None:
        from iro_tui.screens.forms import document_form

        def saved(path: str | None) -> None:
            if path:
                self.app.notify(f"Written to {path}")
                self.app.pop_screen()

        self.app.push_screen(
            document_form(self.store, self.review_id, self.style, self.redact), saved
        )
