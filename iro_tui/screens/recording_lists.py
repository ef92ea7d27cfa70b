"""The recording screen's two lists: who attended, and the decisions with an owner
and a date."""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable

from iro_tui.domain.caseload import ChildRecord
from iro_tui.domain.fields import FieldProblem, FieldProblems
from iro_tui.domain.recording import (
    ATTENDANCE,
    CHILD_ROLE,
    QUICK_PICKS,
    Attendee,
    DecisionDraft,
    quick_due_explained,
    typed_due_notes,
)
from iro_tui.domain.records import PERSON_ROLES, role_in_words
from iro_tui.screens.base import IroScreen
from iro_tui.screens.form_options import DECISION_LENGTH, PERSON_NAME_LENGTH, ROLE_LENGTH
from iro_tui.screens.recording_fields import MEETING, NEXT
from iro_tui.widgets.fit_table import FitTable, clip
from iro_tui.widgets.form import FormField, FormModal, read_raw, to_typed


def _who_problems(choice: str | None, name: str | None, role: str | None, nobody: str) -> dict:
    """What is wrong with who was given (an attendee, a decision's owner), by box:
    someone chosen from the list, or a new person's name and role, not both (the typed
    one was dropped without a word) and not half (the role under its own box). `nobody`:
    what to say under the list when no one is given."""
    if choice and (name or role):
        return {"other_name": "choose someone from the list or type a new one, not both"}
    if choice:
        return {}
    if name and not role:
        return {"other_role": "give their role (social worker, carer, school...)"}
    if role and not name:
        return {"other_name": "give their name"}
    if not name:
        return {"person": nobody}
    return {}


class RecordingLists(IroScreen):
    """The attendance and the decisions of RecordingScreen."""

    child_ref: str
    record: ChildRecord
    attendees: list[Attendee]
    decisions: list[DecisionDraft]
    changed: bool

    def _show_lists(self) -> None:
        attendance = self.query_one("#attendance", DataTable)
        attendance.clear()
        for a in self.attendees:
            attendance.add_row(a.name, role_in_words(a.role), ATTENDANCE[a.attendance])
        decisions = self.query_one("#decisions", FitTable)
        decisions.clear()
        for index, d in enumerate(self.decisions):
            decisions.add_row(
                clip(d.text),
                clip(f"{d.owner_name} ({d.owner_role})"),
                f"{d.due_date:%d/%m/%Y}" if d.due_date else "",
                key=f"decision-{index}",
            )
        decisions.fit()

    # --- attendance and decisions ---------------------------------------------------
    def _people_options(self) -> list[tuple[str, str]]:
        child = self.record.case.child
        options = [(f"{child.display_name} (the child)", "child")]
        options += [
            (f"{p.name} ({PERSON_ROLES[p.role]})", str(p.id))
            for p in self.record.people
            if p.active
        ]
        return options

    def _owner_options(self) -> list[tuple[str, str]]:
        """A decision's owners: the child's people, the child (a 17-year-old registering
        with a GP owns that), and the IRO (writing to the head of service)."""
        people = self._people_options()
        iro = self.store.get_setting("iro_name") or "The IRO"
        return [*people[1:], people[0], (f"{iro} (IRO: you)", "iro")]

    def _who(self, values: dict, fields: str = "person") -> tuple[str, str, int | None]:
        """(name, role, person id) from a people choice, or the typed name and role,
        once _who_problems has found nothing wrong with them."""
        choice = values.pop(fields)
        name, role = values.pop("other_name"), values.pop("other_role")
        if choice == "child":
            return self.record.case.child.display_name, CHILD_ROLE, None
        if choice == "iro":
            return self.store.get_setting("iro_name") or "The IRO", "IRO", None
        if choice:
            person = next(p for p in self.record.people if str(p.id) == choice)
            return person.name, PERSON_ROLES[person.role], person.id
        return name, role, None  # both given: _who_problems said so otherwise

    def action_add_attendee(self) -> None:
        fields = [
            FormField("person", "Who", "select", self._people_options()),
            FormField("other_name", "Or someone else: name", max_length=PERSON_NAME_LENGTH),
            FormField("other_role", "Their role", max_length=ROLE_LENGTH),
            FormField(
                "attendance",
                "Attendance",
                "select",
                [(v, k) for k, v in ATTENDANCE.items()],
                required=True,
            ),
        ]

        def save(values: dict) -> Attendee:
            nobody = "choose someone from the list, or give a name and a role"
            if problems := _who_problems(
                values["person"], values["other_name"], values["other_role"], nobody
            ):
                raise FieldProblems(problems)
            name, role, person_id = self._who(values)
            if any(a.name == name and a.role == role for a in self.attendees):
                # Twice on the list (attended and sent views): the record contradicts itself.
                raise FieldProblem(
                    "person", f"{name} is on the list already: remove that row (F6) to change it"
                )
            return Attendee(name=name, role=role, person_id=person_id, **values)

        def added(attendee: Attendee | None) -> None:
            if attendee:
                self.attendees.append(attendee)
                self._show_lists()
                self.changed = True

        self.app.push_screen(
            FormModal("Attendance", fields, save, {"attendance": "attended"}), added
        )

    def _dates(self) -> tuple[date | None, date | None]:
        keys = [MEETING[1], NEXT[0]]
        try:
            typed = to_typed(keys, read_raw(self, keys))
        except FieldProblem:
            return None, None
        return typed["held_date"], typed["next_review_date"]

    def action_add_decision(self) -> None:
        held, next_review = self._dates()
        fields = [
            FormField(
                "text", "What must happen", "area", required=True, max_length=DECISION_LENGTH
            ),
            FormField("person", "Owner", "select", self._owner_options()),
            FormField("other_name", "Or a new owner: name", max_length=PERSON_NAME_LENGTH),
            FormField("other_role", "Their role", max_length=ROLE_LENGTH),
            FormField(
                "quick", "Due: a quick pick", "select", [(v, k) for k, v in QUICK_PICKS.items()]
            ),
            FormField("due_date", "Or a date", "date"),
        ]
        rulebook = self.store.rulebook()

        def save(values: dict) -> DecisionDraft:
            if held is None:
                raise FieldProblem("form", "give the date the review was held first")
            # Every box in error at once, each under its own box (a missing date was
            # said only after the owner was put right).
            nobody = "a decision needs an owner: choose one, or give a name and a role"
            problems = _who_problems(
                values["person"], values["other_name"], values["other_role"], nobody
            )
            quick, due = values.pop("quick"), values.pop("due_date")
            if due is None and not quick:
                problems["due_date"] = "a decision needs a date: pick one"
            elif due is not None and quick:
                # The pick won and the date typed was dropped without a word.
                problems["due_date"] = "a quick pick is chosen too: choose one or the other"
            if problems:
                raise FieldProblems(problems)
            name, role, person_id = self._who(values)
            if quick:
                due, moved = quick_due_explained(quick, held, next_review, rulebook)
                if moved:
                    # Said where the IRO is looking: the date is not what they picked.
                    self.app.notify(moved, title="Due date moved", timeout=10)

            draft = DecisionDraft(
                text=values["text"],
                owner_name=name,
                owner_role=role,
                owner_person_id=person_id,
                due_date=due,
            )
            if problem := draft.problems(held):
                raise FieldProblem("due_date", problem)
            if not quick:
                for note in typed_due_notes(due, next_review, rulebook):
                    self.app.notify(note, title="Due date kept as typed", timeout=10)
            return draft

        def added(decision: DecisionDraft | None) -> None:
            if decision:
                self.decisions.append(decision)
                self._show_lists()
                self.changed = True

        # What is typed is kept (a kill lost a half-typed decision, while the rest of the
        # record was kept), and goes with the record's draft.
        from iro_tui.store.form_drafts import drafts_of
        from iro_tui.store.reviews import decision_draft_key

        drafts = drafts_of(self.store, decision_draft_key(self.child_ref))
        self.app.push_screen(FormModal("A decision", fields, save, drafts=drafts), added)

    def action_remove_row(self) -> None:
        focused = self.focused
        if not isinstance(focused, DataTable) or not focused.row_count:
            self.app.notify(
                "Select a row in the attendance or the decisions first", severity="warning"
            )
            return
        rows = self.attendees if focused.id == "attendance" else self.decisions
        del rows[focused.cursor_row]
        self._show_lists()
        self.changed = True
