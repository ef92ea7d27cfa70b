"""A month calendar: arrow keys move the day, PageUp/PageDown the month."""

from __future__ import annotations

import calendar as calendar_module
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

if TYPE_CHECKING:
    from iro_tui.domain.agenda import AgendaItem


class MonthCalendar(Widget, can_focus=True):
    BINDINGS = [
        Binding("left", "move(-1)", "Day before", show=False),
        Binding("right", "move(1)", "Day after", show=False),
        Binding("up", "move(-7)", "Week before", show=False),
        Binding("down", "move(7)", "Week after", show=False),
        Binding(
            "pageup",
            "month(-1)",
            "Prev month",
            id="month.prev",
            show=False,
            tooltip="Go to the previous month",
        ),
        Binding(
            "pagedown",
            "month(1)",
            "Next month",
            id="month.next",
            show=False,
            tooltip="Go to the next month",
        ),
    ]
    selected: reactive[date] = reactive(date(2000, 1, 1))

    class DayChanged(Message):
        def __init__(self, day: date) -> None:
            super().__init__()
            self.day = day

    def __init__(self, today: date, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.today = today
        self.items: list[AgendaItem] = []
        self.by_day: dict[date, list[AgendaItem]] = {}
        self.set_reactive(MonthCalendar.selected, today)

    def show(self, items: list[AgendaItem]) -> None:
        if items == self.items:
            return  # the diary reloaded after a write that changed no date: nothing to draw
        self.items = items
        # Grouped once here, not on every draw: each arrow key redraws the month, and a
        # whole authority's diary has thousands of items.
        self.by_day = {}
        for item in items:
            self.by_day.setdefault(item.due, []).append(item)
        self.refresh()

    def watch_selected(self, before: date, day: date) -> None:
        if (before.year, before.month) != (day.year, day.month):
            # Five weeks or six: the grid's height is worked out again (it kept the last
            # month's, and a sixth week was cut off).
            self.refresh(layout=True)
        self.post_message(self.DayChanged(day))

    def fit_to_screen(self) -> None:
        """The screen was resized: a week a line or two (ROOMY_ROWS), laid out again."""
        self.refresh(layout=True)

    def action_move(self, days: int) -> None:
        self.selected = self.selected + timedelta(days=days)

    def action_month(self, months: int) -> None:
        from dateutil.relativedelta import relativedelta  # on first use: not at start-up

        self.selected = self.selected + relativedelta(months=months)

    # Below this many rows a week takes one line (the day and its count) and no line is
    # ruled between weeks: two lines a week and the rules (~22 rows) left an 80x24 screen
    # showing three weeks of six, and the day chosen could be out of sight.
    ROOMY_ROWS = 34

    def render(self) -> Table:
        theme = self.app.current_theme
        by_day = self.by_day
        roomy = self.app.size.height >= self.ROOMY_ROWS
        table = Table(
            title=f"{self.selected:%B %Y}", expand=True, show_lines=roomy, title_style="bold"
        )
        for name in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"):
            table.add_column(name, justify="center", ratio=1)
        weeks = calendar_module.Calendar().monthdatescalendar(
            self.selected.year, self.selected.month
        )
        for week in weeks:
            cells = []
            for day in week:
                items = by_day.get(day, [])
                style = "" if day.month == self.selected.month else "dim"
                if any(i.overdue for i in items):
                    style += f" {theme.error}"
                label = Text(f"{day.day:2d}", style=style)
                if day == self.today:
                    label.stylize("bold underline")
                if day == self.selected:
                    label.stylize(f"reverse {theme.accent}")
                if roomy:
                    marks = f"\n{len(items)} item{'s' * (len(items) != 1)}" if items else "\n"
                else:
                    marks = f" ({len(items)})" if items else ""
                label.append(marks, style=style)
                cells.append(label)
            table.add_row(*cells)
        return table
