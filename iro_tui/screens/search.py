"""Search: find a word across every child's notes, decisions and reviews."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from iro_tui.screens.base import IroScreen
from iro_tui.screens.guard import explains_refusals
from iro_tui.store.search import LIMIT, SearchHit, search
from iro_tui.widgets.detail_line import DetailLine
from iro_tui.widgets.fit_table import FitTable, clip
from iro_tui.widgets.footer import SteadyFooter
from iro_tui.widgets.header import FittedHeader
from iro_tui.widgets.when import day

MIN_LENGTH = 2  # one letter matches nearly everything

HELP = """\
# Search

Type a word or part of one: every footprint note, decision (and its progress
notes) and review (views, essential matters, venue, reasons) that contains it,
for every child, newest first. Capitals do not matter.

| key | does |
|---|---|
| ↓ or Enter in the box | go to the results |
| Enter | open the child on the tab that shows the result |
| ctrl+f | back to the search box |
| Esc | back |
"""

KIND_LABEL = {
    "note": "Note",
    "decision": "Decision",
    "progress": "Decision",
    "review": "Review",
    "matter": "Review",
}


def snippet(text: str, found: str, width: int = 60) -> str:
    """The part of a long text around the match, so the match shows in the table."""
    text = " ".join(text.split())
    at = text.lower().find(found.lower())
    if at < 0 or len(text) <= width or at < width // 3:
        return text
    start = at - width // 3
    return "…" + text[start:]


class SearchScreen(IroScreen):
    HELP = HELP
    BINDINGS = [
        Binding(
            "ctrl+f", "focus_box", "Search box", id="search.box", tooltip="Back to the search box"
        ),
        Binding("escape", "app.pop_screen", "Back", id="search.back", tooltip="Go back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[SearchHit] = []

    def compose(self) -> ComposeResult:
        yield FittedHeader()
        yield Input(placeholder="Search notes, decisions and reviews…", id="search-box")
        yield Static(id="search-count")
        yield FitTable(id="search-results", cursor_type="row", flexible=("child", "text"))
        yield DetailLine(id="search-detail")
        yield SteadyFooter(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "Search"
        table = self.query_one(FitTable)
        for label, key in (
            ("Child", "child"),
            ("Kind", "kind"),
            ("Date", "date"),
            ("Found in", "label"),
            ("Text", "text"),
        ):
            table.add_column(label, key=key)
        self.show([], "")
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    @explains_refusals
    def run_search(self, typed: str) -> None:
        text = typed.strip()
        self.show(search(self.store, text) if len(text) >= MIN_LENGTH else [], text)

    def show(self, hits: list[SearchHit], text: str) -> None:
        self.hits = hits
        table = self.query_one(FitTable)
        table.clear()
        for index, hit in enumerate(hits):
            table.add_row(
                clip(f"{hit.child_name} ({hit.child_ref})"),
                KIND_LABEL[hit.kind],
                day(hit.on),
                hit.label.removeprefix("review: "),
                clip(snippet(hit.text, text)),
                key=str(index),
            )
        table.fit()
        if len(text) < MIN_LENGTH:
            count = f"Type at least {MIN_LENGTH} letters."
        elif not hits:
            # Names are not searched here: a child's name found nothing, and said nothing
            # of where names are (an adversarial check).
            count = (
                "Nothing found in notes, decisions or reviews. A child by name or ID: the "
                "caseload (Esc, then c), or ctrl+p."
            )
        else:
            # At the limit there may be more than are shown: "200 found" read as all.
            count = (
                f"The newest {len(hits)} shown; there may be more: type more to narrow it."
                if len(hits) >= LIMIT
                else f"{len(hits)} found"
            )
        self.query_one("#search-count", Static).update(count)
        self._show_detail()

    def selected(self) -> SearchHit | None:
        key = self.query_one(FitTable).cursor_key()
        return self.hits[int(key)] if key is not None else None

    def _show_detail(self) -> None:
        hit = self.selected()
        self.query_one("#search-detail", DetailLine).show(
            "" if hit is None else f"{hit.label} · {day(hit.on)} · {hit.text}"
        )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(FitTable).focus()

    def on_key(self, event: events.Key) -> None:
        if event.key == "down" and isinstance(self.focused, Input):
            self.query_one(FitTable).focus()
            event.stop()

    def action_focus_box(self) -> None:
        box = self.query_one(Input)
        if self.focused is box:
            box.select_all()  # to type over it, as the caseload's ctrl+f does
        box.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        hit = self.selected()
        if hit is not None:
            self.app.open_child(hit.child_ref, hit.tab, hit.row)
