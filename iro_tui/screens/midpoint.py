"""The mid-point monitoring check: a guided form that writes one mid-point note and
every decision update together (one transaction)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from iro_tui.domain.between import PROGRESS, FootprintNote, ProgressUpdate, midpoint
from iro_tui.domain.fields import FieldProblem
from iro_tui.errors import IroError
from iro_tui.screens.base import IroScreen
from iro_tui.store.between import save_midpoint
from iro_tui.store.records import load_child
from iro_tui.widgets.footer import SteadyFooter
from iro_tui.widgets.form import (
    FormField,
    compose_field,
    read_raw,
    set_error,
    show_errors,
    to_typed,
)
from iro_tui.widgets.header import FittedHeader

HELP = """\
# Mid-point monitoring

Halfway between reviews: read the activity on the record and the care plan, check
each open decision, and raise queries with the SW or team manager. Saving writes
one mid-point footprint note and every decision update together.

| key | does |
|---|---|
| Tab | next field |
| F2 | save the check |
| Esc | leave without saving |
"""

CHECKS = [
    FormField(
        "activity_reviewed", "Activity on the record reviewed since the last review", "check"
    ),
    FormField("care_plan_reviewed", "Care plan reviewed: still right, and being followed", "check"),
]
CLOSING = [
    FormField("queries", "Queries raised with the SW or team manager", "area"),
    FormField("summary", "Summary", "area"),
]


class MidpointScreen(IroScreen):
    SUB_TITLE = "Mid-point check"
    HELP = HELP
    # No focus of Textual's choosing (the scrolling page, then on): on_mount gives it
    # where it belongs, once. Each move of the focus restyles every widget on the page.
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("f2", "save", "Save check", id="midpoint.save"),
        Binding("escape", "app.pop_screen", "Leave", id="midpoint.leave"),
    ]

    def __init__(self, child_ref: str) -> None:
        super().__init__()
        self.child_ref = child_ref

    def compose(self) -> ComposeResult:
        store = self.store
        record = load_child(store, self.child_ref)
        self.open_decisions = [d for d in record.decisions if d.status == "open"]
        point = midpoint(record.case, store.rulebook())
        self.decision_fields: list[FormField] = []
        for d in self.open_decisions:
            self.decision_fields += [
                FormField(
                    f"state_{d.id}",
                    f"{d.text} ({d.owner_name}, due {d.due_date:%d/%m/%Y})",
                    "select",
                    [(v, k) for k, v in PROGRESS.items()],
                    required=True,
                ),
                FormField(f"note_{d.id}", "Note", placeholder="what has happened"),
            ]
        yield FittedHeader()
        intro = f"Mid-point check · {record.case.child.display_name} ({self.child_ref})"
        if point:
            intro += (
                f" · mid-point {point.due:%a %d/%m/%Y}, halfway from "
                f"{point.since:%d/%m/%Y} to the deadline {point.deadline:%d/%m/%Y}"
            )
        yield Static(Text(intro), id="midpoint-banner")  # the name as typed: never markup
        with VerticalScroll(id="midpoint"):
            yield Static("", id="error-form", classes="field-error")
            for f in CHECKS:
                yield from compose_field(f, False)
            yield Static(f"Open decisions ({len(self.open_decisions)})", classes="section-title")
            today = self.app.clock.today()
            for d, (state, note) in zip(
                self.open_decisions,
                zip(self.decision_fields[::2], self.decision_fields[1::2], strict=True),
                strict=True,
            ):
                yield from compose_field(state, "overdue" if d.is_overdue(today) else "on_track")
                yield from compose_field(note, "")
            for f in CLOSING:
                yield from compose_field(f, "")
        yield SteadyFooter(compact=True)

    def on_mount(self) -> None:
        for error in self.query(".field-error"):
            error.display = False
        self.query_one(f"#field-{CHECKS[0].key}").focus()
        self.baseline = read_raw(self, self.fields)

    def unsaved_text(self) -> str | None:
        """What quitting now would lose (the app asks before `q` or ctrl+q)."""
        if not self.is_mounted or read_raw(self, self.fields) == self.baseline:
            return None
        return "The mid-point check is not saved yet."

    @property
    def fields(self) -> list[FormField]:
        return CHECKS + self.decision_fields + CLOSING

    def action_save(self) -> None:
        store, today = self.store, self.app.clock.today()
        try:
            values = to_typed(self.fields, read_raw(self, self.fields))
            parts = ["Mid-point check."]
            parts.append(
                "Activity on the record reviewed."
                if values["activity_reviewed"]
                else "Activity on the record NOT reviewed."
            )
            parts.append(
                "Care plan reviewed." if values["care_plan_reviewed"] else "Care plan NOT reviewed."
            )
            updates = []
            for d in self.open_decisions:
                if d.id is None:  # loaded from the store, so it has its row's id
                    raise RuntimeError(f"decision {d.text!r} has no id")
                state, note = values[f"state_{d.id}"], values[f"note_{d.id}"] or ""
                parts.append(
                    f"{d.text}: {PROGRESS[state].lower()}" + (f" ({note})" if note else "") + "."
                )
                updates.append(
                    ProgressUpdate(
                        decision_id=d.id,
                        state=state,
                        note=note,
                        recorded_date=today,
                        completed_date=today if state == "done" else None,
                    )
                )
            if values["queries"]:
                parts.append(f"Queries raised: {values['queries']}")
            if values["summary"]:
                parts.append(values["summary"])
            note = FootprintNote(
                note_date=today, kind="midpoint", text=" ".join(parts), today=today
            )
            save_midpoint(store, self.child_ref, note, updates)
        except FieldProblem as problem:
            show_errors(self, self.fields, problem.by_field())
            return
        except IroError as error:
            set_error(self, "#error-form", str(error))
            return
        self.app.notify("Mid-point check saved, with the decision updates")
        self.app.pop_screen()
