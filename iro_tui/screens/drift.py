"""The drift tracker: every open decision across the caseload, overdue first."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from itertools import groupby
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from iro_tui.domain.between import LEFT_CARE_SUFFIX, PROGRESS, DriftLine, drift
from iro_tui.domain.caseload import left_care
from iro_tui.domain.fields import counted
from iro_tui.domain.records import role_in_words
from iro_tui.screens import fresh
from iro_tui.screens.base import IroScreen
from iro_tui.screens.guard import explains_refusals
from iro_tui.screens.requests import Escalate, FormRequested, UpdateDecision
from iro_tui.store.between import escalated_decisions, latest_progress
from iro_tui.store.records import load_decisions
from iro_tui.widgets.detail_line import DetailLine
from iro_tui.widgets.fit_table import clip, key_text
from iro_tui.widgets.footer import SteadyFooter
from iro_tui.widgets.header import FittedHeader
from iro_tui.widgets.paged_table import PagedTable
from iro_tui.widgets.when import day, days_cell, days_phrase


def _child(line: DriftLine) -> str:
    """ "Quinn Farrow (200436, left care)": one bracket, where the name's own "(left care)"
    and the ID made two."""
    name = line.child_name.removesuffix(LEFT_CARE_SUFFIX)
    return f"{name} ({line.decision.child_ref}{', left care' if line.left_care else ''})"


def _role(owner_role: str) -> str:
    return role_in_words(owner_role)


HELP = """\
# Drift tracker

Every open decision across the caseload, grouped by owner (or by child), the
most overdue first. *Days* reads "3 days overdue" (in red) or "in 5 days", as on
every screen. The line under the table shows the selected decision in full.

| key | does |
|---|---|
| g | group by owner or by child |
| Enter | update the decision: progress note, status, done with a date |
| E | escalate the selected decision (E means escalation on every screen) |
| Esc | back |
"""


def _heading(line: DriftLine, by: str) -> str:
    """The name over a group: the owner's, or the child's."""
    return line.decision.owner_name if by == "owner" else line.child_name


class DriftScreen(IroScreen):
    HELP = HELP
    BINDINGS = [
        # Before the table's own Enter (which shows in no footer), so the footer and the
        # palette show it: it was found only in F1 (an adversarial check). The table is
        # the screen's one focus, so nothing else here wants Enter.
        Binding(
            "enter",
            "update_decision",
            "Update",
            id="drift.update",
            priority=True,
            tooltip="Update the selected decision: progress note, status, done with a date",
        ),
        Binding("g", "group", "Group by", id="drift.group", tooltip="By owner or by child"),
        Binding(
            "E",
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
        self.escalated: dict[int, tuple[str, date]] = {}
        self.progress: dict[int, tuple[str, date, str]] = {}
        self.counts = ""  # said over the table: how many open, how many overdue

    def compose(self) -> ComposeResult:
        yield FittedHeader()
        yield Static(id="drift-summary")
        # The owner shares the room too (grouped by child): kept whole, it left a decision
        # 11 columns at 80 ("Book the an…").
        yield PagedTable(id="drift", cursor_type="row", flexible=("decision", "child", "owner"))
        yield DetailLine(id="drift-detail")
        yield SteadyFooter(compact=True)

    def on_mount(self) -> None:
        fresh.remember(self)
        self.load()

    def on_screen_resume(self) -> None:
        if fresh.changed(self):
            self.load()

    @explains_refusals
    def load(self) -> None:
        store, today = self.store, self.app.clock.today()
        names = store.child_names()
        left = left_care(store.load_cases(), store.rulebook(), today)
        self.lines = drift(load_decisions(store, open_only=True), names, today, left)
        # Said on the line under the table, so a decision is not escalated twice unknowing.
        self.escalated = escalated_decisions(store)
        # The last progress said of each: "at risk" shown beside its days, the early
        # word of drift (the tracker read no progress at all).
        self.progress = latest_progress(store)
        overdue = [line for line in self.lines if line.days_overdue > 0 and not line.left_care]
        gone = sum(line.left_care for line in self.lines)
        self.sub_title = "Drift tracker"
        # Both counts are of children in care; those who left are counted on their own
        # ("3891 open · 1926 overdue · 911 of children who left care" mixed the two).
        in_care = counted(len(self.lines) - gone, "open decision") + (" in care" if gone else "")
        self.counts = f"{in_care} · {len(overdue)} overdue" + (
            f" · {gone} more of children who left care, listed last" if gone else ""
        )
        self.show()

    def show(self) -> None:
        """The decisions read, grouped as asked (by owner or by child), in the table: what
        `g` redoes, with nothing read again."""
        self.query_one("#drift-summary", Static).update(f"{self.counts} · grouped by {self.by}")
        error = self.app.current_theme.error or ""
        # A group is one child (by ID) or one owner (by name and role): three children
        # called Ellie Corran, grouped by name, were one group headed by one ID. The role
        # as it reads: an owner chosen in the recording form is saved "Social worker",
        # one imported or from an older store "social_worker", and Grace Okafor was
        # listed twice. Worked out once a line (the sort and the grouping ask again and
        # again: a third of a whole authority's `g`).
        groups: dict[int, str] = {
            id(line): (
                f"{' '.join(line.decision.owner_name.split()).casefold()}"
                f"\x1f{_role(line.decision.owner_role).casefold()}"
                if self.by == "owner"
                else line.decision.child_ref
            )
            for line in self.lines
        }

        def key(line: DriftLine) -> str:
            return groups[id(line)]

        # Groups in the order of their most urgent decision (each group's found once, not
        # once per line): the most overdue, a left-care child's after any other (drift()).
        def urgency(line: DriftLine) -> tuple[bool, int]:
            return line.left_care, -line.days_overdue

        first: dict[str, tuple[bool, int]] = {}
        for line in self.lines:
            group, urgent = key(line), urgency(line)
            first[group] = min(first.get(group, urgent), urgent)
        ordered = sorted(
            self.lines,
            key=lambda line: (first[key(line)], _heading(line, self.by), key(line), urgency(line)),
        )
        table = self.query_one(PagedTable)
        kept = table.cursor_key()
        # The group's name heads each group, so its column is left out: the decision,
        # the date, the days and the other of child or owner always fit.
        other = "child" if self.by == "owner" else "owner"
        self.row_lines: dict[str, DriftLine] = {
            f"decision-{line.decision.id}": line for line in self.lines
        }
        # Back after a write that changed no open decision, the rows are the ones shown:
        # refilling and drawing them again is skipped.
        at_risk = frozenset(
            decision for decision, (state, _, _) in self.progress.items() if state == "at_risk"
        )
        shown = (tuple(ordered), self.by, error, at_risk)
        if not table.already_shows(shown):
            table.clear(columns=True)
            table.add_column("Decision", key="decision")
            table.add_column("Child" if other == "child" else "Owner", key=other)
            table.add_column("Due", key="due")
            table.add_column("Days", key="days")
            table.fill(
                self._cells(ordered, key, other, error, at_risk),
                keys=[*self.row_lines, *(f"group-{key(line)}" for line in ordered)],
            )
        if kept in self.row_lines:
            table.keep_row(kept)
        elif self.row_lines:
            # The first decision in the order shown, not a group's heading.
            table.keep_row(f"decision-{ordered[0].decision.id}")
        self._show_detail()

    def _cells(
        self,
        ordered: list[DriftLine],
        key: Callable[[DriftLine], str],
        other: str,
        error: str,
        at_risk: frozenset[int],
    ) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
        """Rows made only as their page is reached: a heading per group, then its lines."""
        for group, grouped in groupby(ordered, key=key):
            members = list(grouped)
            first = members[0].decision
            # The group's name over the decisions; its role or ID over the other column.
            yield (
                (
                    clip(Text(_heading(members[0], self.by), style="bold underline")),
                    clip(
                        Text(
                            _role(first.owner_role) if self.by == "owner" else first.child_ref,
                            style="bold",
                        )
                    ),
                    "",
                    "",
                ),
                {"key": f"group-{group}"},
            )
            for line in members:
                d = line.decision
                style = f"bold {error}" if line.days_overdue > 0 else ""
                yield (
                    (
                        clip(Text("  " + d.text, style=style)),
                        clip(
                            _child(line)
                            if other == "child"
                            else f"{d.owner_name} ({_role(d.owner_role)})"
                        ),
                        Text(day(d.due_date), style=style),
                        self._days(line, error, d.id in at_risk),
                    ),
                    {"key": f"decision-{d.id}"},
                )

    def _days(self, line: DriftLine, error: str, at_risk: bool) -> Text:
        if line.left_care:
            # Said where it is never cut: at 80 columns the child's column ends before its
            # "left care", and a task of ten years ago read as drift on a child in care
            # (an adversarial check). How late it was stays on the line under the table.
            return Text("left care", style="dim")
        days = days_cell(-line.days_overdue, f"bold {error}")
        if at_risk and line.days_overdue <= 0:
            days.append(", at risk", style=f"bold {self.app.current_theme.warning or ''}")
        return days

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        """The selected decision in full: the table cuts long text to keep its dates."""
        line = self.selected()
        detail = self.query_one("#drift-detail", DetailLine)
        if line is None:
            # On a group's heading the line went blank, and Enter did nothing, unsaid (an
            # adversarial check): say what the row is.
            table = self.query_one(PagedTable)
            on_heading = table.row_count > 0
            detail.show(
                "A group's heading: ↓ to its decisions (g groups them by child or by owner)"
                if on_heading
                else ""
            )
            return
        d = line.decision
        escalated = self.escalated.get(d.id) if d.id is not None else None
        under = (
            f" · under an open {'informal challenge' if escalated[0] == 'informal' else 'dispute'}"
            f" since {day(escalated[1])}"
            if escalated
            else ""
        )
        said = self.progress.get(d.id) if d.id is not None else None
        progress = (
            f" · {PROGRESS[said[0]].lower()} on {day(said[1])}"
            + (f": {said[2]}" if said[2] else "")
            if said
            else ""
        )
        detail.show(
            f"{d.text} · {d.owner_name} ({_role(d.owner_role)}) · "
            f"{_child(line)} · due {day(d.due_date)} "
            f"({days_phrase(-line.days_overdue)}){progress}{under}"
        )

    def selected_child(self) -> str | None:
        """The child of the selected decision (F5 writes a note on them)."""
        line = self.selected()
        return line.decision.child_ref if line is not None else None

    def selected(self) -> DriftLine | None:
        table = self.query_one(PagedTable)
        if not table.row_count:
            return None
        key = key_text(table.coordinate_to_cell_key(table.cursor_coordinate).row_key)
        return self.row_lines.get(key)

    def action_group(self) -> None:
        self.by = "child" if self.by == "owner" else "owner"
        self.show()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_update_decision()

    def action_update_decision(self) -> None:
        line = self.selected()
        if line and line.decision.id is not None:  # from the store, so it has its id
            self.post_message(
                FormRequested(
                    UpdateDecision(line.decision.id, line.decision.text, line.decision.child_ref)
                )
            )

    def action_escalate(self) -> None:
        line = self.selected()
        decision_id = line.decision.id if line else None  # from the store, so never None
        if line is None or decision_id is None:
            self.app.notify("Select a decision first", severity="warning")
            return
        self.post_message(FormRequested(Escalate.about(line.decision, self.app.clock.today())))
