"""The drift tracker: every open decision across the caseload, overdue first."""

from __future__ import annotations

from itertools import groupby

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from iro_tui.domain.between import DriftLine, drift
from iro_tui.screens import fresh
from iro_tui.screens.guard import explains_refusals
from iro_tui.store.records import load_decisions
from iro_tui.widgets.paged_table import PagedTable

HELP = """\
# Drift tracker

Every open decision across the caseload, grouped by owner (or by child), the
most overdue first. *Days* is how many days overdue (negative: days left).

| key | does |
|---|---|
| g | group by owner or by child |
| Enter | update the decision: progress note, status, done with a date |
| e | escalate the selected decision |
| Esc | back |
"""


class DriftScreen(Screen[None]):
    HELP = HELP
    BINDINGS = [
        Binding("g", "group", "Group by", id="drift.group", tooltip="By owner or by child"),
        Binding(
            "e",
            "escalate",
            "Escalate",
            id="drift.escalate",
            tooltip="Open an escalation about the selected decision",
        ),
        Binding("escape", "app.pop_screen", "Back", id="drift.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.by = "owner"
        self.lines: list[DriftLine] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="drift-summary")
        yield PagedTable(id="drift", cursor_type="row")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(
            "Owner / child", "Decision", "Child", "Due", "Days", "Owner"
        )
        fresh.remember(self)
        self.load()

    def on_screen_resume(self) -> None:
        if fresh.changed(self):
            self.load()

    @explains_refusals
    def load(self) -> None:
        store, today = self.app.store, self.app.clock.today()
        names = store.child_names()
        self.lines = drift(load_decisions(store, open_only=True), names, today)
        overdue = [line for line in self.lines if line.days_overdue > 0]
        self.app.sub_title = "Drift tracker"
        self.query_one("#drift-summary", Static).update(
            f"{len(self.lines)} open decisions · {len(overdue)} overdue · grouped by {self.by}"
        )
        error = self.app.current_theme.error
        key = (
            (lambda line: line.decision.owner_name)
            if self.by == "owner"
            else (lambda line: line.child_name)
        )
        # Groups in the order of their most overdue decision (each group's maximum
        # found once, not once per line).
        worst: dict[str, int] = {}
        for line in self.lines:
            worst[key(line)] = max(worst.get(key(line), line.days_overdue), line.days_overdue)
        ordered = sorted(
            self.lines,
            key=lambda line: (-worst[key(line)], key(line), -line.days_overdue),
        )
        self.row_lines: dict[str, DriftLine] = {
            f"decision-{line.decision.id}": line for line in self.lines
        }
        self.query_one(PagedTable).fill(self._cells(ordered, key, error))

    def _cells(self, ordered: list[DriftLine], key, error: str):
        for group, members in groupby(ordered, key=key):
            yield (
                (Text(group, style="bold underline"), "", "", "", "", ""),
                {"key": f"group-{group}"},
            )
            for line in members:
                d = line.decision
                style = f"bold {error}" if line.days_overdue > 0 else ""
                yield (
                    (
                        "",
                        Text(d.text, style=style),
                        f"{line.child_name} ({d.child_ref})",
                        Text(f"{d.due_date:%d/%m/%Y}", style=style),
                        Text(str(line.days_overdue), style=style, justify="right"),
                        f"{d.owner_name} ({d.owner_role.replace('_', ' ')})",
                    ),
                    {"key": f"decision-{d.id}"},
                )

    def selected(self) -> DriftLine | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.row_lines.get(key)

    def action_group(self) -> None:
        self.by = "child" if self.by == "owner" else "owner"
        self.load()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        line = self.selected()
        if line:
            self.app.open_between_form(
                "decision",
                line.decision.child_ref,
                decision_id=line.decision.id,
                text=line.decision.text,
            )

    def action_escalate(self) -> None:
        line = self.selected()
        if line is None:
            self.app.notify("Select a decision first", severity="warning")
            return
        d = line.decision
        issue = f"Decision '{d.text}' ({d.owner_name}) was due {d.due_date:%d/%m/%Y}" + (
            f" and is {line.days_overdue} days overdue." if line.days_overdue > 0 else "."
        )
        self.app.open_between_form("escalate", d.child_ref, decision_ids=[d.id], issue=issue)
