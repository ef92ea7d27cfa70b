"""The mid-point monitoring check: a guided form that writes one mid-point note and
every decision update together (one transaction)."""

from __future__ import annotations

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from iro_tui.domain.between import (
    PROGRESS,
    FootprintNote,
    ProgressUpdate,
    done_not_before_made,
    midpoint,
    state_against_timescale,
)
from iro_tui.domain.fields import FieldProblem, FieldProblems, counted, problems_by_field
from iro_tui.errors import IroError
from iro_tui.screens.base import IroScreen
from iro_tui.store.between import save_midpoint
from iro_tui.store.records import load_child
from iro_tui.widgets.confirm import Confirm
from iro_tui.widgets.footer import SteadyFooter
from iro_tui.widgets.form import (
    FormField,
    compose_field,
    display_value,
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


def _something_checked(values: dict, open_decisions: list) -> None:
    """A check that records nothing is refused: saved, it read "NOT reviewed" twice, and
    cleared the overdue mid-point from the diary and the annual report's count."""
    chosen = any(values[f"state_{d.id}"] is not None for d in open_decisions)
    if not (
        values["activity_reviewed"]
        or values["care_plan_reviewed"]
        or chosen
        or values["queries"]
        or values["summary"]
    ):
        raise FieldProblem(
            CHECKS[0].key,
            "nothing is recorded yet: tick what you reviewed, give a decision's progress, "
            "or write the queries or a summary",
        )


# A progress update's fields (domain/between.ProgressUpdate) as the boxes of one
# decision here; its done date is the "Done on" box.
BOXES = {"state": "state", "note": "note"}


class MidpointScreen(IroScreen):
    SUB_TITLE = "Mid-point check"
    HELP = HELP
    # No focus of Textual's choosing (the scrolling page, then on): on_mount gives it
    # where it belongs, once. Each move of the focus restyles every widget on the page.
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("f2", "save", "Save check", id="midpoint.save"),
        Binding("escape", "leave", "Leave", id="midpoint.leave"),
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
                ),
                FormField(f"note_{d.id}", "Note", placeholder="what has happened"),
                # Done on the day it was, not the day of the check (the on-time figures
                # count from it): it was recorded as today (an adversarial check).
                FormField(f"done_{d.id}", "Done on (with progress Done)", "date"),
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
            if self.open_decisions:
                yield Static(
                    "Choose the progress of each decision you checked; one left blank is "
                    "not updated.",
                    classes="field-hint",
                )
            for state, note, done in zip(
                self.decision_fields[::3],
                self.decision_fields[1::3],
                self.decision_fields[2::3],
                strict=True,
            ):
                # Blank until chosen: a preselected "On track" was saved as the IRO's
                # judgement of a decision they never looked at.
                yield from compose_field(state, display_value("select", None))
                yield from compose_field(note, "")
                yield from compose_field(done, "")
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

    def action_leave(self) -> None:
        """Esc: back, asking first when anything was chosen or typed (it left at once,
        and what was written about every decision was lost)."""
        if not (unsaved := self.unsaved_text()):
            self.app.pop_screen()
            return

        def decided(leave: bool | None) -> None:
            if leave:
                self.app.pop_screen()

        self.app.push_screen(
            Confirm(f"{unsaved} Leave it and lose it?", "Leave", "Keep editing"), decided
        )

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
                done_on = values[f"done_{d.id}"]
                if state is None:
                    if note or done_on:
                        raise FieldProblem(f"state_{d.id}", "choose its progress for the note")
                    continue  # not checked this time: no update, and not said to be
                if (late := state_against_timescale(state, d.due_date, today)) is not None:
                    raise FieldProblem(f"state_{d.id}", late)
                if state == "dropped" and not note:
                    raise FieldProblem(f"note_{d.id}", "say why it is no longer needed")
                parts.append(
                    f"{d.text}: {PROGRESS[state].lower()}" + (f" ({note})" if note else "") + "."
                )
                try:
                    # Done on the day it was, checked as the drift tracker's form checks it
                    # (a date with Done only, not after today, not before it was made).
                    updates.append(
                        ProgressUpdate(
                            decision_id=d.id,
                            state=state,
                            note=note,
                            recorded_date=today,
                            completed_date=done_on,
                        )
                    )
                    done_not_before_made(done_on, d.made_date)
                except (FieldProblem, ValidationError) as problem:
                    found = (
                        problem.by_field()
                        if isinstance(problem, FieldProblem)
                        else problems_by_field(problem)
                    )
                    raise FieldProblems(
                        {
                            f"{BOXES.get(field, 'done')}_{d.id}": message
                            for field, message in found.items()
                        }
                    ) from None
            _something_checked(values, self.open_decisions)
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
        # Says what was written: "with the decision updates" was said for none.
        self.app.notify(
            "Mid-point check saved"
            + (
                f", with {counted(len(updates), 'decision update')}"
                if updates
                else "; no decision updated"
            )
        )
        self.app.pop_screen()
