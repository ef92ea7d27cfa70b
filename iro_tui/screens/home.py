"""The home screen: the agenda, overdue first and shouted."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from iro_tui.domain.agenda import AgendaItem, build_agenda
from iro_tui.screens.guard import explains_refusals

HELP = """\
# Diary

Everything that is due, across the whole caseload.

- **Overdue** items come first, marked in red: a statutory deadline has passed.
- **Days** counts calendar days from today to the deadline.
- **Booked** shows the date of a booked review, when there is one.

The review deadline is the *latest lawful date* of the child's next statutory
review under the store's rulebook (England: CPPCR 2010 reg 33; Jersey: IRO
Handbook 3.23). A booking never moves it.

| key | does |
|---|---|
| ↑ ↓ | move through the agenda |
| r | refresh |
| F1 | this help |
| ctrl+p | command palette |
| q | quit (everything is already saved) |
"""


class HomeScreen(Screen[None]):
    HELP = HELP
    BINDINGS = [
        Binding("r", "refresh", "Refresh", id="home.refresh", tooltip="Recompute the agenda"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="summary")
        yield DataTable(id="agenda", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("", key="flag", width=8)
        table.add_column("Child", key="child")
        table.add_column("What", key="what")
        table.add_column("Due", key="due")
        table.add_column("Days", key="days")
        table.add_column("Booked", key="booked")
        self.action_refresh()

    @explains_refusals
    def action_refresh(self) -> None:
        store, today = self.app.store, self.app.clock.today()
        rulebook = store.rulebook()
        items = build_agenda(store.load_cases(), rulebook, today, days=28)
        self.app.sub_title = f"{today:%a %d %b %Y} · {rulebook.name}"
        self._show_summary(items, today)
        table = self.query_one(DataTable)
        table.clear()
        for item in items:
            table.add_row(*self._cells(item, today), key=f"{item.kind}:{item.child}")

    def _show_summary(self, items: list[AgendaItem], today: date) -> None:
        overdue = sum(item.overdue for item in items)
        this_week = sum(0 <= item.days_left(today) <= 7 for item in items)
        summary = self.query_one("#summary", Static)
        summary.set_class(overdue > 0, "has-overdue")
        parts = [
            f"{overdue} OVERDUE" if overdue else "Nothing overdue",
            f"{this_week} due in the next 7 days",
            f"{len(items)} items in the next 4 weeks",
        ]
        summary.update(" · ".join(parts))

    def _cells(self, item: AgendaItem, today: date) -> list:
        error = self.app.current_theme.error or "red"
        style = f"bold {error}" if item.overdue else ""
        days = item.days_left(today)
        return [
            Text("OVERDUE", style=style) if item.overdue else Text(""),
            Text(f"{item.child_name} ({item.child})", style=style),
            Text(item.title, style=style),
            Text(f"{item.due:%a %d %b %Y}", style=style),
            Text(str(days), style=style, justify="right"),
            Text(f"{item.scheduled:%a %d %b}" if item.scheduled else "—"),
        ]
