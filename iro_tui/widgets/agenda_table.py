"""An agenda as a table: sections, red for overdue, amber within 5 working days."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from iro_tui.domain.agenda import AgendaItem, section, urgency
from iro_tui.domain.calendar import WorkingDayCalendar
from iro_tui.widgets.fit_table import FitTable, clip
from iro_tui.widgets.when import day, days_cell

KIND_LABEL = {
    "review": "Statutory review",
    "booked-review": "Review meeting",
    "pre-review": "Pre-review",
    "decision": "Decision",
    "adjourned-review": "Adjourned review",
    "midpoint": "Mid-point check",
    "follow-up": "Follow-up",
    "escalation": "Escalation",
    "post-review": "After review",
    "birthday": "18th birthday",
    "pathway-plan": "Pathway plan",
    "final-review": "Final review",
    "iro-appointed": "IRO appointed",
    "appointment": "Appointment",
}


# Rows are added a page at a time, the next page as the cursor nears the end: a whole
# authority's diary has thousands of items, and filling them all cost seconds. Each
# page refits the columns, so a wider cell further down never pushes the date off.
PAGE = 200


class AgendaTable(FitTable):
    """Rows keyed by position in `items`; section header rows have no item.

    The date, days and kind keep their width; the child and the text share the rest
    and end in '…' (the line under the diary shows the selected item in full)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, flexible=("child", "what"), **kwargs)

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = False
        for label, key in (
            ("Due", "days"),
            ("Date", "when"),
            ("Child", "child"),
            ("Kind", "kind"),
            ("What", "what"),
        ):
            self.add_column(label, key=key)
        self.items: list[AgendaItem] = []

    def show(
        self,
        items: list[AgendaItem],
        today: date,
        calendar: WorkingDayCalendar,
        sections: bool = True,
    ) -> None:
        theme = self.app.current_theme
        styles = {"overdue": f"bold {theme.error}", "soon": f"{theme.warning}", "later": ""}
        # When the rows would be the ones shown already (the diary reloaded after a write
        # that changed none of them), refilling and drawing them again is skipped.
        shown = (tuple(items), today, calendar, sections, tuple(styles.items()))
        if self.already_shows(shown):
            if sections and self.items and self.selected_item() is None:
                self.move_cursor(row=1)  # as a refill would: off a heading, to the first item
            return
        previous = self.selected_item() if getattr(self, "items", None) else None
        self.clear()
        self.items = list(items)
        self._pending = self._rows(today, calendar, sections, styles)
        self._shown = -1  # the index of the last item with a row
        self._add_page()
        keys = [item.key for item in self.items]
        if previous is not None and previous.key in keys:
            # Stay on the same item after a refresh.
            self._add_through(keys.index(previous.key))
            self.fit()
            self.move_cursor(row=self.get_row_index(f"item-{keys.index(previous.key)}"))
        elif sections and self.items:
            self.move_cursor(row=1)  # the first item, not its section heading

    def _add_page(self) -> None:
        for _ in range(PAGE):
            if next(self._pending, None) is None:
                break
        self.fit()

    def _add_through(self, index: int) -> None:
        while self._shown < index and next(self._pending, None) is not None:
            pass

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # Not stopped: the screen listens too.
        if getattr(self, "_pending", None) is not None and event.cursor_row >= self.row_count - 20:
            self._add_page()

    def _rows(
        self, today: date, calendar: WorkingDayCalendar, sections: bool, styles: dict[str, str]
    ) -> Iterator[str | AgendaItem]:
        """Adds one row per step (a section heading, or an item)."""
        current = None
        for index, item in enumerate(self.items):
            if sections and (heading := section(item, today)) != current:
                current = heading
                self.add_row(
                    Text(heading.upper(), style="bold underline"),
                    "",
                    "",
                    "",
                    "",
                    key=f"section-{heading}",
                )
                yield heading
            style = styles[urgency(item, today, calendar)]
            self.add_row(
                days_cell(item.days_left(today), styles["overdue"], style),
                Text(day(item.due), style=style),
                clip(self.child_label(item), style),
                Text(KIND_LABEL.get(item.kind, item.kind), style=style),
                clip(self.what(item), style),
                key=f"item-{index}",
            )
            self._shown = index
            yield item

    @staticmethod
    def child_label(item: AgendaItem) -> str:
        return f"{item.child_name} ({item.child})" if item.child else ""

    @staticmethod
    def what(item: AgendaItem) -> str:
        what = (f"{item.time} " if item.time else "") + item.title
        if item.kind == "review" and item.scheduled:
            what += f" · booked {day(item.scheduled)}"
        return what

    def selected_item(self) -> AgendaItem | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value or ""
        return self.items[int(key.removeprefix("item-"))] if key.startswith("item-") else None
