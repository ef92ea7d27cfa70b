"""An agenda as a table: sections, red for overdue, amber within 5 working days."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.widgets import DataTable

from iro_tui.domain.agenda import AgendaItem, section, urgency
from iro_tui.domain.calendar import WorkingDayCalendar

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
# authority's diary has thousands of items, and filling them all cost seconds.
PAGE = 200


class AgendaTable(DataTable):
    """Rows keyed by position in `items`; section header rows have no item."""

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = False
        for label, key in (
            ("", "flag"),
            ("When", "when"),
            ("Days", "days"),
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
            self.move_cursor(row=self.get_row_index(f"item-{keys.index(previous.key)}"))
        elif sections and self.items:
            self.move_cursor(row=1)  # the first item, not its section heading

    def _add_page(self) -> None:
        for _ in range(PAGE):
            if next(self._pending, None) is None:
                break

    def _add_through(self, index: int) -> None:
        while self._shown < index and next(self._pending, None) is not None:
            pass

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # Not stopped: the screen listens too.
        if getattr(self, "_pending", None) is not None and event.cursor_row >= self.row_count - 20:
            self._add_page()

    def _rows(self, today: date, calendar: WorkingDayCalendar, sections: bool, styles):
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
                    "",
                    key=f"section-{heading}",
                )
                yield heading
            style = styles[urgency(item, today, calendar)]
            when = f"{item.due:%a %d %b}" + (f" {item.time}" if item.time else "")
            child = f"{item.child_name} ({item.child})" if item.child else ""
            what = item.title
            if item.kind == "review" and item.scheduled:
                what += f" · booked {item.scheduled:%d %b}"
            self.add_row(
                Text("OVERDUE" if item.overdue else ("soon" if style else ""), style=style),
                Text(when, style=style),
                Text(str(item.days_left(today)), style=style, justify="right"),
                Text(child, style=style),
                Text(KIND_LABEL.get(item.kind, item.kind), style=style),
                Text(what, style=style),
                key=f"item-{index}",
            )
            self._shown = index
            yield item

    def selected_item(self) -> AgendaItem | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value or ""
        return self.items[int(key.removeprefix("item-"))] if key.startswith("item-") else None
