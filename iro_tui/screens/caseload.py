"""The caseload: every child, filterable as you type, sortable by any column."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from iro_tui.domain.caseload import CaseloadRow, caseload_rows
from iro_tui.screens import fresh
from iro_tui.screens.guard import explains_refusals
from iro_tui.store.records import current_placements, last_footprints, load_decisions
from iro_tui.widgets.paged_table import PagedTable

HELP = """\
# Caseload

Every child in care on your caseload. Start typing to filter by name or ID.

| key | does |
|---|---|
| / | jump to the filter box |
| ↓ or Enter in the box | go to the list (s, S, l and n work there) |
| Enter | open the child |
| s | sort by the next column (the status line says which) |
| S | reverse the sort |
| l | include or hide children who have left care |
| n | a child comes into care |
| Esc | back to the diary |

*Review in* counts calendar days to the statutory deadline; negative is overdue.
*Decisions* shows open decisions, with the overdue ones in brackets.
"""

COLUMNS = [
    ("Name", "name"),
    ("ID", "child_ref"),
    ("Age", "age"),
    ("Legal", "legal_status"),
    ("Placement", "placement"),
    ("Area", "area"),
    ("Out of area", "out_of_area"),
    ("Review in", "days_to_review"),
    ("Decisions", "open_decisions"),
    ("Overdue", "overdue_decisions"),
    ("Last footprint", "last_footprint"),
]


def _sort_key(row: CaseloadRow, attribute: str):
    value = getattr(row, attribute)
    # Blanks sort last whichever way: a child with no deadline is not the most urgent.
    return (value is None, value if value is not None else 0)


class CaseloadScreen(Screen[None]):
    HELP = HELP
    BINDINGS = [
        Binding(
            "slash", "focus_filter", "Filter", id="caseload.filter", tooltip="Filter by name or ID"
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
            "n", "app.new_child", "New child", id="caseload.new", tooltip="A child comes into care"
        ),
        Binding("escape", "app.diary", "Diary", id="caseload.diary", tooltip="Back to the diary"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.show_left = False
        self.sort_by, self.reverse = "days_to_review", False
        self.rows: list[CaseloadRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Filter by name or ID…", id="filter")
        yield Static(id="count")
        yield PagedTable(id="caseload", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, key in COLUMNS:
            table.add_column(label, key=key)
        fresh.remember(self)
        self.load()
        # Filter as you type: the box has the focus when the caseload opens.
        self.query_one("#filter", Input).focus()

    def on_screen_resume(self) -> None:
        if fresh.changed(self):
            self.load()

    @explains_refusals
    def load(self) -> None:
        store, today = self.app.store, self.app.clock.today()
        self.rows = caseload_rows(
            store.load_cases(),
            current_placements(store),
            load_decisions(store, open_only=True),
            last_footprints(store),
            store.rulebook(),
            today,
        )
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
        self.query_one(PagedTable).fill(self._cells(rows))
        in_care = sum(r.in_care for r in self.rows)
        arrow = "↓" if self.reverse else "↑"
        label = dict((k, v) for v, k in COLUMNS)[self.sort_by]
        self.query_one("#count", Static).update(
            f"{len(rows)} shown · {in_care} in care · sorted by {label} {arrow}"
            + (" · including children who left care" if self.show_left else "")
        )

    def _cells(self, rows: list[CaseloadRow]):
        error = self.app.current_theme.error
        for row in rows:
            overdue_review = row.days_to_review is not None and row.days_to_review < 0
            yield (
                (
                    Text(row.name + ("" if row.in_care else " (left care)")),
                    row.child_ref,
                    str(row.age),
                    row.legal_status,
                    row.placement,
                    row.area,
                    {True: "out", False: "in", None: ""}[row.out_of_area],
                    Text(
                        "" if row.days_to_review is None else str(row.days_to_review),
                        style=f"bold {error}" if overdue_review else "",
                        justify="right",
                    ),
                    str(row.open_decisions),
                    Text(
                        str(row.overdue_decisions) if row.overdue_decisions else "",
                        style=f"bold {error}",
                    ),
                    f"{row.last_footprint:%d/%m/%Y}" if row.last_footprint else "",
                ),
                {"key": row.child_ref},
            )

    def on_input_changed(self, event: Input.Changed) -> None:
        self.show_rows()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    def on_key(self, event) -> None:
        if event.key == "down" and isinstance(self.focused, Input):
            self.query_one(DataTable).focus()
            event.stop()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_sort(self) -> None:
        keys = [key for _, key in COLUMNS]
        self.sort_column(keys[(keys.index(self.sort_by) + 1) % len(keys)])

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
            self.sort_column(event.column_key.value)

    def action_toggle_left(self) -> None:
        self.show_left = not self.show_left
        self.show_rows()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.app.open_child(event.row_key.value)

    def check_action(self, action: str, parameters) -> bool | None:
        # Letters typed into the filter box are text, not commands.
        typing = ("sort", "reverse", "toggle_left", "focus_filter")
        if isinstance(self.focused, Input) and action in typing:
            return False
        return True
