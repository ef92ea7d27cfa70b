"""An agenda as a table: sections, red for overdue, amber within 5 working days."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from rich.text import Text
from textual.widgets import DataTable

from iro_tui.widgets.fit_table import FitTable, clip
from iro_tui.widgets.when import day, days_cell

if TYPE_CHECKING:
    # Not at run time: the diary's first frame (store/diary_frames.py) is drawn by
    # this table before the domain (pydantic, the bank-holiday calendars) has loaded.
    from iro_tui.domain.agenda import AgendaItem
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
    "draft": "Unsaved record",
    "note-draft": "Unsaved note",
    "form-draft": "Unsaved form",
}


class AgendaRow(NamedTuple):
    """One row as plain text: what the table draws, and what the diary's first frame
    keeps to draw it again at the next opening (screens/diary_frame.py)."""

    key: str  # "section-<heading>" or "item-<index in the items shown>"
    days_left: int | None  # to the due date (negative: overdue); None for a heading
    when: str
    child: str
    kind: str
    what: str  # a section heading's text, in capitals
    urgency: str  # "overdue" | "soon" | "later", or "section" for a heading

    @property
    def is_item(self) -> bool:
        return self.urgency != "section"


LEFT_CARE = "  LEFT CARE"


def agenda_rows(
    items: Iterable[AgendaItem], today: date, calendar: WorkingDayCalendar, sections: bool
) -> Iterator[AgendaRow]:
    """The rows for `items` in order, each section headed when `sections`."""
    from iro_tui.domain.agenda import section, urgency

    current, gone = None, False
    for index, item in enumerate(items):
        if sections and (heading := section(item, today)) != current:
            current, gone = heading, False
            yield AgendaRow(f"section-{heading}", None, "", "", "", heading.upper(), "section")
        if sections and item.left_care and not gone:
            # A section's tasks of children who have left care follow those in care
            # (diary_order) under a heading of their own: the "(left care)" beside a name
            # was cut off at 80 columns.
            gone = True
            yield AgendaRow(f"section-{current}-left", None, "", "", "", LEFT_CARE, "section")
        yield AgendaRow(
            f"item-{index}",
            item.days_left(today),
            day(item.due),
            AgendaTable.child_label(item),
            KIND_LABEL.get(item.kind, item.kind),
            AgendaTable.what(item),
            urgency(item, today, calendar),
        )


def row_cells(row: AgendaRow, styles: dict[str, str]) -> tuple[object, ...]:
    """The cells of a row in the theme's colours (`styles`: overdue, soon, later)."""
    if row.what == LEFT_CARE:  # the left-care part of a section
        return (Text(LEFT_CARE, style="bold"), "", "", "", "")
    if row.days_left is None:  # a section heading
        # Says the order within it (issue 14): a diary read top to bottom looked out of
        # date order ("in 4 days" above "in 1 day") to two testers.
        return (
            Text(row.what, style="bold underline"),
            "",
            "",
            Text("reviews first,", style="dim"),
            Text("then by date", style="dim"),
        )
    style = styles[row.urgency]
    return (
        days_cell(row.days_left, styles["overdue"], style),
        Text(row.when, style=style),
        clip(row.child, style),
        Text(row.kind, style=style),
        clip(row.what, style),
    )


# Rows are added a page at a time, the next page as the cursor nears the end: a whole
# authority's diary has thousands of items, and filling them all cost seconds. Each
# page refits the columns, so a wider cell further down never pushes the date off.
PAGE = 200


class AgendaTable(FitTable):
    """Rows keyed by position in `items`; section header rows have no item.

    The date, days and kind keep their width; the child and the text share the rest
    and end in '…' (the line under the diary shows the selected item in full)."""

    # The rows still to add, a page at a time (None: every row is added).
    _pending: Iterator[AgendaRow] | None = None
    # The rows of a first frame on show (show_rows), until `show` gives their items.
    _frame_rows: list[AgendaRow] | None = None

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

    def _styles(self) -> dict[str, str]:
        theme = self.app.current_theme
        return {"overdue": f"bold {theme.error}", "soon": f"{theme.warning}", "later": ""}

    def show_rows(self, rows: list[AgendaRow]) -> None:
        """Rows kept from an earlier opening (the diary's first frame), drawn before the
        items they came from are worked out: no item is selectable until `show`."""
        self.clear()
        self.items = []
        self._pending = None
        styles = self._styles()
        for row in rows:
            self.add_row(*row_cells(row, styles), key=row.key)
        self.fit()
        if rows and not rows[0].is_item:
            self.move_cursor(row=1)  # as `show`: the first item, not its section heading
        self._frame_rows = list(rows)

    def _adopt_frame(
        self,
        items: list[AgendaItem],
        today: date,
        calendar: WorkingDayCalendar,
        sections: bool,
        styles: dict[str, str],
    ) -> bool:
        """When the first frame on show has the very rows `items` give, keep them and
        take the items: no clearing, refilling and drawing the screen again (the usual
        case: the frame was kept from this store as it is). False if they differ."""
        frame, self._frame_rows = self._frame_rows, None
        if not frame:
            return False
        pending = self._rows(today, calendar, sections, styles, added=len(frame))
        self.items = items
        self._shown = -1
        for row in frame:
            if next(pending, None) != row:
                self.items = []
                return False
        self._pending = pending
        # The rest of a first page, if the items give more than the frame kept.
        more = [row for _, row in zip(range(PAGE - len(frame)), pending, strict=False)]
        if more:
            self.fit()
        return True

    def show(
        self,
        items: list[AgendaItem],
        today: date,
        calendar: WorkingDayCalendar,
        sections: bool = True,
    ) -> None:
        styles = self._styles()
        # When the rows would be the ones shown already (the diary reloaded after a write
        # that changed none of them), refilling and drawing them again is skipped.
        shown = (tuple(items), today, calendar, sections, tuple(styles.items()))
        if self.already_shows(shown):
            if sections and self.items and self.selected_item() is None:
                self.move_cursor(row=1)  # as a refill would: off a heading, to the first item
            return
        if self._adopt_frame(list(items), today, calendar, sections, styles):
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
            if self._pending is None or next(self._pending, None) is None:
                break
        self.fit()

    def _add_through(self, index: int) -> None:
        while self._pending is not None and self._shown < index:
            if next(self._pending, None) is None:
                break

    def is_heading(self, row_key: str | None) -> bool:
        # A section heading (OVERDUE, TODAY...), or a first frame's row before its items.
        return row_key is not None and not row_key.startswith("item-")

    def go_to_section(self, forward: bool = True, past_overdue: bool = False) -> bool:
        """Put the cursor on the first item of the next section (or the one before, not
        `forward`; or, `past_overdue`, the first section after the overdue ones: today).
        A whole authority's diary has thousands of overdue items before Today: 213
        PageDowns reached it (an adversarial check). False when there is none."""
        keys = self._heading_rows()
        here = self.cursor_row
        while True:
            if past_overdue:
                found = [i for i, k in keys if not k.startswith("section-Overdue")]
            elif forward:
                found = [i for i, k in keys if i > here]
            else:
                # Back past the heading of the item's own section, to the one before.
                own = max((i for i, _ in keys if i < here), default=-1)
                found = [i for i, _ in keys if i < own][-1:]
            if found or not forward or not self.rows_to_come():
                break
            self._add_page()
            keys = self._heading_rows()
        if not found:
            return False
        self.move_cursor(row=min(found[0] + 1, self.row_count - 1), animate=False)
        self.scroll_to(y=found[0], animate=False)  # its heading at the top
        return True

    def _heading_rows(self) -> list[tuple[int, str]]:
        """(row, key) of each section heading added so far."""
        at = self._row_locations.get_key
        keys = (
            (i, row.value if (row := at(i)) is not None else None) for i in range(self.row_count)
        )
        return [(i, key) for i, key in keys if key and self.is_heading(key)]

    def rows_to_come(self) -> bool:
        # Every item has its row once the last one is added (sections add a few more).
        return self._pending is not None and self._shown < len(self.items) - 1

    def add_every_row(self) -> None:
        if self._pending is not None:
            self._add_through(len(self.items))
            self.fit()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # Not stopped: the screen listens too.
        if self._pending is not None and event.cursor_row >= self.row_count - 20:
            self._add_page()

    def _rows(
        self,
        today: date,
        calendar: WorkingDayCalendar,
        sections: bool,
        styles: dict[str, str],
        added: int = 0,
    ) -> Iterator[AgendaRow]:
        """Adds one row per step (a section heading, or an item); the first `added` are
        in the table already (a first frame's)."""
        for step, row in enumerate(agenda_rows(self.items, today, calendar, sections)):
            if step >= added:
                self.add_row(*row_cells(row, styles), key=row.key)
            if row.is_item:
                self._shown = int(row.key.removeprefix("item-"))
            yield row

    @staticmethod
    def child_label(item: AgendaItem) -> str:
        if not item.child:
            return ""
        # One bracket: "Child L1 (L1) (left care)" read as two asides.
        return f"{item.child_name} ({item.child}{', left care' if item.left_care else ''})"

    @staticmethod
    def what(item: AgendaItem) -> str:
        what = (f"{item.time} " if item.time else "") + item.title
        if item.kind == "review" and item.scheduled:
            # A meeting after the deadline is said late here too (a booking made in time
            # can fall after it when the rulebook changes, or a history is corrected).
            late = ": late" if item.scheduled > item.due else ""
            what += f" · booked {day(item.scheduled)}{late}"
        return what

    def selected_item(self) -> AgendaItem | None:
        if not self.row_count or not self.items:  # empty, or a first frame's rows
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value or ""
        return self.items[int(key.removeprefix("item-"))] if key.startswith("item-") else None
