"""The pre-review checklist of one booked review, with the consultation log."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from iro_tui.domain.checklist import (
    CHECKLIST_BY_KEY,
    ChecklistEntry,
    check_advocate,
    checklist_lines,
    readiness,
)
from iro_tui.domain.fields import FieldProblem, not_after_today, not_before
from iro_tui.errors import BadInput
from iro_tui.screens import fresh
from iro_tui.screens.base import IroScreen
from iro_tui.screens.form_options import PERSON_NAME_LENGTH
from iro_tui.screens.guard import explains_refusals
from iro_tui.store import records
from iro_tui.store.reviews import (
    CONSULTATION_METHODS,
    CONSULTEE_ROLES,
    add_consultation,
    load_checklist,
    load_consultations,
    load_review,
    save_checklist_entry,
    save_review_fields,
)
from iro_tui.widgets.detail_line import DetailLine
from iro_tui.widgets.fit_table import FitTable, clip, key_text
from iro_tui.widgets.footer import SteadyFooter
from iro_tui.widgets.form import YES_NO, DraftKeeping, FormField, FormModal
from iro_tui.widgets.header import FittedHeader
from iro_tui.widgets.when import day, days_phrase

STATES = {"not_done": "not done", "done": "done", "not_applicable": "not applicable"}

HELP = """\
# Pre-review checklist

Each item has its own deadline, counted back in working days from the booked
review date under the rulebook. An item done after its deadline shows as **late**;
one not done past its deadline as **overdue**, with the days ("3 days overdue"),
as on every screen. *Not applicable* needs a reason.

| key | does |
|---|---|
| Enter | record an item: done (with the date), not done, or not applicable |
| d | mark the selected item done today |
| c | add to the consultation log: who, how, when, their views |
| v | advocacy, advocate, and whether the child was seen alone |
| r | record the review itself |
| Esc | back |
"""


# The advocacy form's questions answered yes, no, or not recorded (blank).
ANSWERED = ("advocacy_offered", "advocacy_wanted", "seen_alone")


class ChecklistScreen(IroScreen):
    HELP = HELP
    # No focus of Textual's choosing (the scrolling page, then on): on_mount gives it
    # where it belongs, once. Each move of the focus restyles every widget on the page.
    AUTO_FOCUS = ""
    BINDINGS = [
        # Before the table's own Enter, so the footer shows it: the one way to give
        # another day than today, a note or "not applicable" was found only in F1 (an
        # adversarial check).
        Binding(
            "enter",
            "edit_selected",
            "Item",
            id="checklist.item",
            tooltip="The selected item: done on a day, a note, or not applicable",
            priority=True,
        ),
        Binding(
            "d",
            "done_today",
            "Done",
            id="checklist.done",
            tooltip="Mark the selected item done today",
        ),
        Binding(
            "c",
            "consult",
            "Consult",
            id="checklist.consult",
            tooltip="Add to the consultation log",
        ),
        Binding(
            "v",
            "advocacy",
            "Advocacy",
            id="checklist.advocacy",
            tooltip="Advocacy and seeing the child alone",
        ),
        Binding(
            "r",
            "record",
            "Record",
            id="checklist.record",
            tooltip="Record the review itself",
        ),
        Binding("escape", "app.pop_screen", "Back", id="checklist.back"),
    ]  # short labels, so the footer fits 80 columns: each tooltip and F1 say more

    def __init__(self, review_id: int) -> None:
        super().__init__()
        self.review_id = review_id

    def compose(self) -> ComposeResult:
        yield FittedHeader()
        yield Static(id="checklist-banner")
        with VerticalScroll():
            # The item before its note: at 80 columns the two shared the room, and two
            # items read alike ("IRO speaks wi…"); from 48 columns each item is told
            # apart, and the note has the rest (at 120 it read "Not yet…").
            yield FitTable(
                id="checklist",
                cursor_type="row",
                flexible=("item", "note"),
                in_order=True,
                enough={"item": 48},
            )
            # The selected item in full, as the table may cut its name or note.
            yield DetailLine(id="checklist-detail")
            yield Static(id="child-needs")
            yield Static("Consultation log", classes="section-title")
            yield FitTable(id="consultations", cursor_type="row", flexible=("who", "views"))
        yield SteadyFooter(compact=True)

    def on_mount(self) -> None:
        for table_id, columns in (
            ("#checklist", ("Item", "Deadline", "State", "Done on", "Note")),
            ("#consultations", ("When", "Who", "Role", "How", "Their views")),
        ):
            table = self.query_one(table_id, FitTable)
            for label in columns:
                table.add_column(label, key=label.split()[-1].lower())
        fresh.remember(self)
        self.load()
        self.query_one("#checklist").focus()

    def on_screen_resume(self) -> None:
        if fresh.changed(self):
            self.load()

    @property
    def today(self) -> date:
        return self.app.clock.today()

    @explains_refusals
    def load(self) -> None:
        store = self.store
        self.review = review = load_review(store, self.review_id)
        self.child_ref = self._child_ref()
        record = records.load_child(store, self.child_ref)
        self.child = record.case.child
        self.case = record.case
        meeting = review.scheduled_date
        if meeting is None:  # only a booked review has a checklist
            raise BadInput("this review has no date booked, so it has no checklist")
        self.lines = checklist_lines(
            meeting, load_checklist(store, self.review_id), store.rulebook()
        )
        where = f" at {review.venue}" if review.venue else ""
        when = f"{meeting:%a %d/%m/%Y}" + (
            f" {review.scheduled_time}" if review.scheduled_time else ""
        )
        held = review.held_date
        if review.status == "held" and held is not None:
            # Back on the checklist after recording: it read as the booking still to come.
            when = f"held {held:%a %d/%m/%Y}" + (f" (booked for {when})" if held != meeting else "")
        self.query_one("#checklist-banner", Static).update(
            Text(
                f"{self.child.display_name} ({self.child_ref}) · review {when}{where} · "
                f"{readiness(self.lines, self.today)}",
                style="bold",
            )
        )
        self.sub_title = f"Pre-review checklist · {self.child.display_name}"
        error, warning = self.app.current_theme.error, self.app.current_theme.warning or ""
        table = self.query_one("#checklist", FitTable)
        row = table.cursor_row
        table.clear()
        for line in self.lines:
            entry = line.entry
            state = STATES[entry.state]
            style = ""
            if line.late:
                state, style = "done LATE", warning
            elif line.overdue(self.today):
                days = (line.deadline - self.today).days
                state, style = days_phrase(days), f"bold {error}"
            note = entry.reason if entry.state == "not_applicable" else entry.note
            table.add_row(
                clip(line.spec.label),
                f"{line.deadline:%a} {day(line.deadline)}",
                Text(state, style=style),
                day(entry.done_date),
                clip(note or ""),
                key=line.spec.key,
            )
        table.fit()
        table.move_cursor(row=row)
        self._show_line()
        self._needs()
        consultations = self.query_one("#consultations", FitTable)
        consultations.clear()
        for c in load_consultations(store, self.review_id):
            consultations.add_row(
                day(c.consulted_date),
                clip(c.consultee),
                CONSULTEE_ROLES[c.consultee_role],
                CONSULTATION_METHODS[c.method],
                clip(c.views or ""),
            )
        consultations.fit()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "checklist":
            self._show_line()

    def _show_line(self) -> None:
        row = self.query_one("#checklist", FitTable).cursor_row
        lines = getattr(self, "lines", [])
        if not 0 <= row < len(lines):
            self.query_one("#checklist-detail", DetailLine).show("")
            return
        line = lines[row]
        entry = line.entry
        parts = [line.spec.label, f"by {line.deadline:%a} {day(line.deadline)}"]
        state = STATES[entry.state]
        if line.late:
            state = "done LATE"
        elif line.overdue(self.today):
            state = days_phrase((line.deadline - self.today).days)
        parts.append(state + (f" on {day(entry.done_date)}" if entry.done_date else ""))
        note = entry.reason if entry.state == "not_applicable" else entry.note
        if note:
            parts.append(note)
        self.query_one("#checklist-detail", DetailLine).show(" · ".join(parts))

    def _child_ref(self) -> str:
        from iro_tui.store.reviews import child_ref_of_review

        return child_ref_of_review(self.store, self.review_id)

    def _needs(self) -> None:
        r, c = self.review, self.child
        yes = {True: "yes", False: "no", None: "not recorded"}
        # As typed (needs, the advocate's name): never markup.
        self.query_one("#child-needs", Static).update(
            Text(
                f"First language: {c.first_language or 'not recorded'} · interpreter needed: "
                f"{'yes' if c.interpreter_needed else 'no'}"
                + (f" · {c.communication_needs}" if c.communication_needs else "")
                + f"\nAdvocacy offered: {yes[r.advocacy_offered]} · wanted: "
                f"{yes[r.advocacy_wanted]}"
                + (f" · advocate: {r.advocate_name}" if r.advocate_name else "")
                + f" · seen alone: {yes[r.seen_alone]}"
            )
        )

    def _selected_key(self) -> str:
        table = self.query_one("#checklist", DataTable)
        return key_text(table.coordinate_to_cell_key(table.cursor_coordinate).row_key)

    # --- actions ----------------------------------------------------------------
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id != "checklist":
            return
        event.stop()
        self.edit_item(key_text(event.row_key))

    def action_edit_selected(self) -> None:
        table = self.query_one("#checklist", FitTable)
        if self.focused is not table:
            return  # Enter on the consultation log opens nothing, as before
        key = table.cursor_key()
        if key is not None:
            self.edit_item(key)

    def open_form_for(self, what: str) -> None:
        """The form a kept draft was typed in (the diary's Enter on "Finish the form"):
        "consult", "advocacy" or "item:KEY". It opened only this screen, on its first
        item, with nothing said of the draft waiting (an adversarial re-test)."""
        if what == "consult":
            self.action_consult()
        elif what == "advocacy":
            self.action_advocacy()
        elif what.startswith("item:") and what[5:] in CHECKLIST_BY_KEY:
            table = self.query_one("#checklist", DataTable)
            table.move_cursor(row=table.get_row_index(what[5:]))
            self.edit_item(what[5:])

    def edit_item(self, key: str) -> None:
        current = next(line.entry for line in self.lines if line.spec.key == key)
        fields = [
            FormField(
                "state", "State", "select", [(v, k) for k, v in STATES.items()], required=True
            ),
            FormField("done_date", "Done on", "date"),
            FormField("reason", "Why it does not apply", "area"),
            FormField("note", "Note", "area"),
        ]

        def save(values: dict) -> str:
            entry = ChecklistEntry(item=key, today=self.today, **values)
            if entry.state != "not_applicable" and entry.reason and entry.reason != current.reason:
                # A reason is kept only for an item that does not apply: typed against
                # Done it was dropped without a word (an adversarial check). One kept from
                # before the state changed goes quietly (the audit trail holds it).
                raise FieldProblem(
                    "reason",
                    "kept only for an item that does not apply: choose Not applicable, "
                    "or put the words in the Note",
                )
            if entry.done_date is not None:
                not_before("done_date", entry.done_date, self.case.earliest_day())
            save_checklist_entry(self.store, self.review_id, entry)
            return key

        initial = current.model_dump()
        if not current.done_date:
            initial["done_date"] = self.today
        title = CHECKLIST_BY_KEY[key].label
        self.app.push_screen(
            FormModal(title, fields, save, initial, drafts=self._drafts(f"item:{key}", title)),
            self._tell_when_saved("Checklist updated"),
        )

    @explains_refusals
    def action_done_today(self) -> None:
        key = self._selected_key()
        current = next((line.entry for line in self.lines if line.spec.key == key), None)
        if current is not None and current.state != "not_done":
            # `d` put today over the day it was done ("done" became "done LATE"), or over
            # "not applicable" and its reason, without a word: a record of compliance.
            said = (
                f"done on {current.done_date:%d/%m/%Y}"
                if current.state == "done" and current.done_date
                else "recorded as not applicable"
            )
            raise BadInput(f"this item is already {said}: Enter changes it")
        save_checklist_entry(
            self.store,
            self.review_id,
            ChecklistEntry(item=key, state="done", done_date=self.today),
        )
        self.load()

    def action_consult(self) -> None:
        people = records.load_child(self.store, self.child_ref).people
        fields = [
            FormField(
                "consultee",
                "Who was consulted",
                required=True,
                hint="The child, or a name: "
                + ", ".join(f"{p.name}" for p in people if p.active)[:120],
            ),
            FormField(
                "consultee_role",
                "Their role",
                "select",
                [(v, k) for k, v in CONSULTEE_ROLES.items()],
                required=True,
            ),
            FormField(
                "method",
                "How",
                "select",
                [(v, k) for k, v in CONSULTATION_METHODS.items()],
                required=True,
            ),
            FormField("consulted_date", "When", "date", required=True),
            FormField("views", "A summary of their views", "area"),
        ]

        def save(values: dict) -> int:
            not_after_today("consulted_date", values["consulted_date"], self.today)
            not_before("consulted_date", values["consulted_date"], self.case.earliest_day())
            values["views"] = values["views"] or ""
            return add_consultation(self.store, self.review_id, values)

        self.app.push_screen(
            FormModal(
                "Consultation",
                fields,
                save,
                {
                    "consulted_date": self.today,
                    "consultee": self.child.display_name,
                    "consultee_role": "child",
                },
                drafts=self._drafts("consultation", "Consultation"),
            ),
            self._tell_when_saved("Consultation recorded"),
        )

    def action_advocacy(self) -> None:
        # Yes or No, blank while not recorded: tick boxes could not say "not recorded",
        # so saving the form untouched recorded No three times.
        fields = [
            FormField(
                "advocacy_offered",
                "Told how an advocate can help, and offered one",
                "select",
                YES_NO,
            ),
            FormField("advocacy_wanted", "The child wants an advocate", "select", YES_NO),
            FormField(
                "advocate_name",
                "Advocate",
                hint="If one is allocated",
                max_length=PERSON_NAME_LENGTH,
            ),
            FormField("seen_alone", "The IRO spoke with the child alone", "select", YES_NO),
        ]
        stored = {None: None, "yes": 1, "no": 0}

        def save(values: dict) -> int:
            values = {k: stored[v] if k in ANSWERED else v for k, v in values.items()}
            if all(v is None for v in values.values()):
                raise FieldProblem(
                    "advocacy_offered", "nothing is recorded yet: answer what you know"
                )
            check_advocate(
                None if values["advocacy_wanted"] is None else bool(values["advocacy_wanted"]),
                values["advocate_name"],
            )
            # Ticks the "seen alone" and "advocacy" rows too (done today).
            save_review_fields(self.store, self.review_id, values, self.today)
            return self.review_id

        title = "Advocacy and the child's voice"
        self.app.push_screen(
            FormModal(
                title, fields, save, asdict(self.review), drafts=self._drafts("advocacy", title)
            ),
            self._tell_when_saved("Saved"),
        )

    def _drafts(self, form: str, title: str) -> DraftKeeping | None:
        """A form of this review's checklist keeps its draft, as every form does
        (form_opening.draft_key): a consultation's views typed at a placement were lost to
        a flat battery. The diary's Enter on it opens this checklist and that form."""
        from iro_tui.store.form_drafts import DraftAbout, drafts_of

        key = f"form:Checklist:review {self.review_id}:{form}"
        child = f"child#{self.store.child_id(self.child_ref)}"
        opens = f"checklist:{self.review_id}:{form.replace('consultation', 'consult')}"
        return drafts_of(self.store, key, DraftAbout(title, child, opens=opens))

    def _tell_when_saved(self, message: str) -> Callable[[object], None]:
        """A form's callback: tell the IRO `message` once it has saved (not on cancel)."""

        def saved(result: object) -> None:
            if result:
                self.app.notify(message)

        return saved

    def action_record(self) -> None:
        self.app.record_review(self.child_ref, self.review_id)
