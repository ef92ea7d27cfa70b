"""The caseload: every child, filterable as you type, sortable by any column."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from iro_tui.domain.caseload import CaseloadRow, caseload_rows
from iro_tui.screens import fresh
from iro_tui.screens.base import IroScreen
from iro_tui.screens.guard import explains_refusals
from iro_tui.store.records import current_placements, last_footprints, load_decisions
from iro_tui.widgets.fit_table import clip, key_text
from iro_tui.widgets.footer import SteadyFooter
from iro_tui.widgets.header import FittedHeader
from iro_tui.widgets.paged_table import PagedTable
from iro_tui.widgets.when import day, days_cell

HELP = """\
# Caseload

Every child in care on your caseload. Start typing to filter by name or ID.

| key | does |
|---|---|
| ctrl+f | jump to the filter box (/ searches notes, decisions and reviews) |
| ↓ in the box | go to the list (s, S, l and n work there) |
| a letter or digit on the list | goes to the filter box (not s, S, l, n: the list's keys) |
| Enter in the box | open the child when the filter found one; else go to the list |
| Enter | open the child |
| s | sort by the next column (the status line says which) |
| S | reverse the sort |
| l | include or hide children who have left care |
| n | a child comes into care |
| Esc | back to the diary |

*RL* before a name: the child is on the red list (reviews at least every 3 months;
ctrl+l on the child's screen puts them on it). *Review by* is the statutory deadline
(dd/mm/YYYY), not the date booked (the diary
and the child's Reviews tab have that), or for a child whose next one would fall
after 18, the final review before 18; *Due* counts calendar days to it: "in 12
days", or "3 days overdue" in red. *Decisions* counts open decisions,
with the overdue ones in brackets. On a narrow terminal the table keeps the name,
the next review, the days and the decisions, and leaves the rest out.
"""

# (label, CaseloadRow attribute to sort by, the terminal width from which it shows).
# The next review date, its days and the decisions come first and always show; the
# rest join as the terminal widens, so no cell is ever cut at the right edge. Legal
# joins at 100: at 80 it left a name 13 columns ("Chloe Nether…", "Sienna Thorn…").
COLUMNS = [
    ("Name", "name", 0),
    ("ID", "child_ref", 0),
    ("Review by", "review_due", 0),
    ("Due", "days_to_review", 0),
    ("Decisions", "open_decisions", 0),
    ("Legal", "legal_status", 100),
    ("Age", "age", 100),
    ("Place", "placement", 100),
    ("Last footprint", "last_footprint", 120),
    ("Area", "area", 120),
    ("Out of area", "out_of_area", 140),
]


def _sort_key(row: CaseloadRow, attribute: str) -> tuple[bool, Any]:
    value = row.sort_name if attribute == "name" else getattr(row, attribute)
    # Blanks sort last whichever way: a child with no deadline is not the most urgent.
    return (value is None, value if value is not None else 0)


class CaseloadScreen(IroScreen):
    SUB_TITLE = "Caseload"
    HELP = HELP
    BINDINGS = [
        Binding(
            "ctrl+f",
            "focus_filter",
            "Filter",
            id="caseload.filter",
            tooltip="Filter by name or ID",
        ),
        Binding("s", "sort", "Sort", id="caseload.sort", tooltip="Sort by the next column"),
        Binding(
            "S", "reverse", "Reverse", id="caseload.reverse", tooltip="Reverse the sort", show=False
        ),
        Binding(
            "l",
            "toggle_left",
            "Left care",
            id="caseload.left",
            tooltip="Show or hide children who have left care",
        ),
        Binding(
            "n",
            "app.new_child",
            "New child",
            id="caseload.new",
            tooltip="A child comes into care",
            show=False,  # footer room for F1 at 80 columns; F1 and ctrl+p list it
        ),
        Binding("escape", "app.diary", "Diary", id="caseload.diary", tooltip="Back to the diary"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.show_left = False
        self.sort_by, self.reverse = "days_to_review", False
        self.rows: tuple[CaseloadRow, ...] = ()
        self._made_for: tuple = ()
        self._made: dict[str, tuple[Any, ...]] = {}

    def compose(self) -> ComposeResult:
        yield FittedHeader()
        yield Input(placeholder="Filter by name or ID…", id="filter")
        yield Static(id="count")
        # A name is cut only when the area has no room left to give.
        yield PagedTable(
            id="caseload",
            cursor_type="row",
            zebra_stripes=True,
            flexible=("name", "area"),
            in_order=True,
        )
        yield SteadyFooter(compact=True)

    def on_mount(self) -> None:
        self.width_class: int | None = None
        fresh.remember(self)
        self.load()
        # Filter as you type: the box has the focus when the caseload opens.
        self.query_one("#filter", Input).focus()

    def on_screen_resume(self) -> None:
        if fresh.changed(self):
            self.load()

    @explains_refusals
    def load(self) -> None:
        store, today = self.store, self.app.clock.today()
        # Worked out once per state of the store and day, and shared: going back and
        # forth between the diary and the caseload does not count every child again
        # (a third of a second on a whole authority). The rows are frozen; a tuple.
        self.rows = store.shared(
            f"caseload rows {today.isoformat()}",
            lambda: tuple(
                caseload_rows(
                    store.load_cases(),
                    current_placements(store),
                    load_decisions(store, open_only=True),
                    last_footprints(store),
                    store.rulebook(),
                    today,
                )
            ),
        )
        self.show_rows()

    def columns(self) -> list[tuple[str, str, int]]:
        """The columns shown for the app's width (none until show_rows lays them out)."""
        if self.width_class is None:
            return []
        return [c for c in COLUMNS if self.width_class >= c[2]]

    def _width_class(self) -> int:
        # The app's width: known from the first frame, so the first fill is already right.
        return max(w for *_, w in COLUMNS if self.app.size.width >= w)

    def on_resize(self, event: events.Resize) -> None:
        if self._width_class() != self.width_class:
            self.show_rows()

    def show_rows(self) -> None:
        text = self.query_one("#filter", Input).value.strip().lower()
        rows = [
            r
            for r in self.rows
            if (self.show_left or r.in_care)
            and (not text or text in r.name.lower() or text in r.child_ref.lower())
        ]
        rows.sort(key=lambda r: _sort_key(r, self.sort_by), reverse=self.reverse)
        table = self.query_one(PagedTable)
        width_class = self._width_class()
        # What the table would show. When it is what it shows already (back from a child
        # whose write changed nothing here, a filter letter that keeps the same children)
        # the refill, and drawing every visible cell again, is skipped.
        shown = (tuple(rows), width_class, self.app.clock.today(), self.app.current_theme.name)
        if not table.already_shows(shown):
            kept = table.cursor_key()
            if width_class != self.width_class or not table.columns:
                self.width_class = width_class
                table.clear(columns=True)
                for label, key, _ in self.columns():
                    table.add_column(label, key=key)
            table.fill(self._cells(rows), keys=[row.child_ref for row in rows])
            table.keep_row(kept)
        in_care = sum(r.in_care for r in self.rows)
        arrow = "↓" if self.reverse else "↑"
        label = {key: name for name, key, _ in COLUMNS}[self.sort_by]
        self.query_one("#count", Static).update(
            Text(
                f"{len(rows)} shown · {in_care} in care · sorted by {label} {arrow}"
                + (" · including children who left care" if self.show_left else "")
                # An empty list said nothing of why (a name typed onto an old filter).
                + (
                    f" · no name or ID has '{text}': ctrl+f and type over it"
                    if text and not rows
                    else ""
                )
            )
        )

    def _cells(self, rows: list[CaseloadRow]) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
        """Each row's cells for the columns shown, made only as its page is reached.

        A child's cells are made once for the rows loaded, the columns shown, today and
        the theme, and kept: each filter letter refills the table from them."""
        error = f"bold {self.app.current_theme.error}"
        today = self.app.clock.today()
        keys = tuple(key for _, key, _ in self.columns())
        made = (self.rows, keys, today, error)
        if made != self._made_for:
            self._made_for, self._made = made, {}
        for row in rows:
            if (kept := self._made.get(row.child_ref)) is None:
                kept = self._made[row.child_ref] = self._row_cells(row, keys, today, error)
            yield kept, {"key": row.child_ref}

    @staticmethod
    def _row_cells(
        row: CaseloadRow, keys: tuple[str, ...], today: date, error: str
    ) -> tuple[Any, ...]:
        cells = {
            # The red list's mark goes first, where a narrow Name column cannot cut it
            # off: at no width did the caseload say who was on it (an adversarial check).
            "name": clip(
                Text.assemble(("RL ", error), row.name + row.status)
                if row.red_list
                else row.name + row.status
            ),
            "child_ref": row.child_ref,
            "review_due": day(row.review_due),
            "days_to_review": (
                "" if row.review_due is None else days_cell((row.review_due - today).days, error)
            ),
            "open_decisions": Text(str(row.open_decisions), justify="right"),
            "legal_status": row.legal_status,
            "age": str(row.age),
            "placement": row.placement,
            "area": clip(row.area),
            "out_of_area": {True: "out", False: "in", None: ""}[row.out_of_area],
            "last_footprint": day(row.last_footprint),
        }
        if row.overdue_decisions:
            cells["open_decisions"] = Text.assemble(
                str(row.open_decisions),
                (f" ({row.overdue_decisions} overdue)", error),
                justify="right",
            )
        return tuple(cells[key] for key in keys)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.show_rows()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        table = self.query_one(PagedTable)
        if table.row_count == 1 and (only := table.cursor_key()):
            # The filter found the one child: Enter opens them, as Enter on the list would.
            self.app.open_child(only)
            return
        table.focus()

    def on_key(self, event: events.Key) -> None:
        if event.key == "down" and isinstance(self.focused, Input):
            self.query_one(DataTable).focus()
            event.stop()
        elif event.character is not None and event.character.isalnum():
            box = self.query_one("#filter", Input)
            if not box.select_on_focus or self.focused in (box, None):
                # The rest of a name the box is taking the focus for (it comes on the
                # app's next turn: letters typed fast on the list came here, each
                # replacing the last, "Tyler" became "r", and its l was the list's key);
                # or typed in one burst with the `c` that opened the caseload, before the
                # box had the keys ("chath" opened it with the box empty).
                box.value += event.character
            elif isinstance(self.focused, DataTable) and event.key not in self.active_bindings:
                # A name or an ID typed on the list starts a new filter, from its first
                # letter: back from a child the list has the keys, and "Dawit" was lost,
                # letter by letter (an adversarial check). A letter that is a key of the
                # list (s, l, n...) is that key, as the footer says.
                box.value = event.character
            else:
                return
            box.cursor_position = len(box.value)
            # Not selected as the box takes the focus, or the next letter typed would
            # replace this one ("Leila" became "eila"); selected again once it has it
            # (on_descendant_focus), and until then the letters are the name's.
            box.select_on_focus = False
            box.focus()
            event.stop()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # The box has taken the focus (focus() is done later, on the app's turn): from
        # here ctrl+f selects what it holds again, to type over it.
        if isinstance(event.widget, Input):
            event.widget.select_on_focus = True

    def action_focus_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if self.focused is box:
            box.select_all()  # to type over it, as on coming to it (it did nothing there)
        box.focus()

    def action_sort(self) -> None:
        keys = [key for _, key, _ in self.columns()]
        # The column sorted by may be one a narrower window no longer shows (Age, sorted
        # at 120 columns, then the window made 80 wide): s stopped the app. The next
        # column shown after it in the full order is taken.
        every = [key for _, key, _ in COLUMNS]
        after = every[every.index(self.sort_by) + 1 :] + every
        self.sort_column(next(key for key in after if key in keys))

    def action_reverse(self) -> None:
        self.reverse = not self.reverse
        self.show_rows()

    def sort_column(self, column: str) -> None:
        self.sort_by, self.reverse = column, False
        self.show_rows()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        if event.column_key.value == self.sort_by:
            self.action_reverse()
        else:
            self.sort_column(key_text(event.column_key))

    def action_toggle_left(self) -> None:
        self.show_left = not self.show_left
        self.show_rows()

    def selected_child(self) -> str | None:
        """The child on the list's selected row (F5 writes a note on them)."""
        table = self.query_one(PagedTable)
        return table.cursor_key() if table.row_count else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.app.open_child(key_text(event.row_key))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Letters typed into the filter box are text, not commands.
        return not self.typing_blocks(action)

    def typing_blocks(self, action: str) -> bool:
        """Whether `action` is off only because its key is a letter typed into the filter:
        the palette still offers it (commands.py), where it was "No matches found"."""
        typing = ("sort", "reverse", "toggle_left")  # ctrl+f is no letter: it selects
        return isinstance(self.focused, Input) and action in typing
