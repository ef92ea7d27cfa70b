"""Recording a review: the meeting, participation, attendance, views, the essential
matters, decisions with owners and dates, and the next review.

Everything typed is autosaved as a draft every half second, so a crash or a kill
loses at most the field being typed. F2 checks every rule (domain/recording.py)
and saves the whole review in one transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Header, Select, Static

from iro_tui.domain.codes import PARTICIPATION_MEANING
from iro_tui.domain.deadlines import next_review_deadline
from iro_tui.domain.fields import FieldProblem, problems_by_field
from iro_tui.domain.recording import (
    ATTENDANCE,
    ESSENTIAL_MATTERS,
    QUICK_PICKS,
    Attendee,
    DecisionDraft,
    ReviewRecord,
    check_record,
    deadline_after,
    notes_on_holding,
    quick_due_explained,
    review_number,
)
from iro_tui.domain.records import PERSON_ROLES
from iro_tui.errors import IroError
from iro_tui.screens.base import IroScreen
from iro_tui.store import records
from iro_tui.store.reviews import save_draft, save_review_record
from iro_tui.widgets.confirm import Confirm
from iro_tui.widgets.form import (
    FormField,
    FormModal,
    compose_field,
    display_value,
    read_raw,
    set_error,
    show_errors,
    to_typed,
)

MEETING = [
    FormField(
        "status",
        "What happened",
        "select",
        [("Held", "held"), ("Adjourned", "adjourned"), ("Cancelled", "cancelled")],
        required=True,
    ),
    FormField("held_date", "Held on (the first meeting, for a series)", "date"),
    FormField("scheduled_date", "Scheduled for (the date it keeps if adjourned)", "date"),
    FormField("venue", "Venue"),
    FormField("series", "Held as a series of meetings", "check"),
    FormField(
        "completed_date",
        "Completed on (last meeting of a series, or an adjourned review's completion)",
        "date",
        hint="Within 20 working days (handbook 3.24-3.25).",
    ),
    FormField("adjourned_reason", "Why it was adjourned", "area"),
    FormField("cancelled_reason", "Why it was cancelled", "area"),
    FormField("late_reason", "Why it was held after the statutory deadline", "area"),
]
PARTICIPATION = [
    FormField(
        "participation_code",
        "How the child took part (PN code)",
        "select",
        [(f"{code}: {meaning}", code) for code, meaning in PARTICIPATION_MEANING.items()],
    ),
    FormField("seen_alone", "The IRO spoke with the child alone", "check"),
    FormField("advocacy_offered", "Advocacy explained and offered", "check"),
    FormField("advocacy_wanted", "The child wants an advocate", "check"),
    FormField("advocate_name", "Advocate"),
]
VIEWS = [
    FormField(
        "child_views",
        "The child's views",
        "area",
        hint="In their own words where you can: the letter to the child quotes them.",
    ),
    FormField("parents_views", "The parents' views", "area"),
    FormField("carers_views", "The carers' views", "area"),
]
MATTERS = [FormField(f"matter_{key}", label) for key, label in ESSENTIAL_MATTERS.items()]
NEXT = [
    FormField("next_review_date", "Next review on", "date"),
    FormField("next_review_reason", "Reason, if after the statutory deadline", "area"),
]
FIELDS = MEETING + PARTICIPATION + VIEWS + MATTERS + NEXT

HELP = """\
# Recording a review

Everything you type is saved as a draft as you go: if the laptop dies, reopening
the review offers to continue where you were.

| key | does |
|---|---|
| Tab / Shift+Tab | next / previous field |
| F3 | add someone to the attendance |
| F4 | add a decision: what, who (owner), by when |
| F6 | remove the selected attendance or decision row |
| F2 | check everything and save the review; a problem takes you to its field |
| PageDown / PageUp | a page down or up; the cursor moves to the first box in view |
| Esc | leave; the draft is kept |
| q | quit iro-tui (asks first: the review is not recorded until F2) |

Nothing is saved as the review until every rule is met: a PN code that fits the
child's age, an owner and a date for every decision, a lateness reason if the
review is late, the permanence plan from the 2nd review, a series completed
within 20 working days, and a next date within the statutory deadline or a reason.
"""


class RecordingScreen(IroScreen):
    HELP = HELP
    BINDINGS = [
        Binding(
            "f2",
            "save",
            "Save review",
            id="recording.save",
            tooltip="Check every rule and save the review",
        ),
        Binding(
            "f3",
            "add_attendee",
            "Attendee",
            id="recording.attendee",
            tooltip="Add someone to the attendance",
        ),
        Binding(
            "f4",
            "add_decision",
            "Decision",
            id="recording.decision",
            tooltip="Add a decision with an owner and a date",
        ),
        Binding(
            "f6",
            "remove_row",
            "Remove row",
            id="recording.remove",
            tooltip="Remove the selected attendance or decision",
        ),
        Binding("escape", "leave", "Leave (draft kept)", id="recording.leave"),
        # The page keys move the view *and* the focus, so typing never goes into a
        # field scrolled out of sight (issue 14: a date typed into a hidden matter).
        Binding("pagedown", "page(1)", "Page down", show=False, priority=True),
        Binding("pageup", "page(-1)", "Page up", show=False, priority=True),
    ]
    AUTOSAVE_SECONDS = 0.5

    def __init__(
        self, child_ref: str, review_id: int | None, draft: dict[str, Any] | None = None
    ) -> None:
        super().__init__()
        self.child_ref = child_ref
        self.review_id = review_id
        self.draft = draft
        self.attendees: list[Attendee] = []
        self.decisions: list[DecisionDraft] = []
        self.changed = False
        self.draft_problem = ""  # why the last autosave was refused, if it was

    # --- building the screen ------------------------------------------------------
    def _initial(self) -> dict[str, Any]:
        if self.draft:
            self.attendees = [Attendee(**a) for a in self.draft.get("attendees", [])]
            self.decisions = [DecisionDraft(**d) for d in self.draft.get("decisions", [])]
            saved = self.draft["fields"]
            return {
                f.key: display_value(f.kind, saved.get(f.key))
                if saved.get(f.key) is None
                else saved[f.key]
                for f in FIELDS
            }
        initial: dict[str, Any] = {"status": "held", "held_date": self.app.clock.today()}
        if self.review_id is not None:
            from iro_tui.store.reviews import load_review

            review = load_review(self.store, self.review_id)
            booked = date.fromisoformat(review["scheduled_date"])
            initial.update(
                held_date=booked,
                scheduled_date=booked,
                venue=review["venue"],
                seen_alone=review["seen_alone"],
                advocacy_offered=review["advocacy_offered"],
                advocacy_wanted=review["advocacy_wanted"],
                advocate_name=review["advocate_name"],
            )
        return {f.key: display_value(f.kind, initial.get(f.key)) for f in FIELDS}

    def compose(self) -> ComposeResult:
        self.record = records.load_child(self.store, self.child_ref)
        initial = self._initial()
        yield Header()
        yield Static(id="recording-banner")
        with VerticalScroll(id="recording"):
            yield Static("", id="error-form", classes="field-error")
            for title, group in (("The meeting", MEETING), ("Participation", PARTICIPATION)):
                yield Static(title, classes="section-title")
                for f in group:
                    yield from compose_field(f, initial.get(f.key, display_value(f.kind, None)))
            yield Static("Attendance (F3 add, F6 remove)", classes="section-title")
            yield DataTable(id="attendance", cursor_type="row")
            yield Static("Views", classes="section-title")
            for f in VIEWS:
                yield from compose_field(f, initial.get(f.key, ""))
            yield Static(
                "The essential matters (handbook 3.38): a short note on each",
                classes="section-title",
            )
            for f in MATTERS:
                yield from compose_field(f, initial.get(f.key, ""))
            yield Static(
                "Decisions (F4 add, F6 remove): what, who, by when", classes="section-title"
            )
            yield DataTable(id="decisions", cursor_type="row")
            yield Static("", id="error-decisions", classes="field-error")
            yield Static("The next review", classes="section-title")
            yield Static(id="next-deadline")
            for f in NEXT:
                yield from compose_field(f, initial.get(f.key, display_value(f.kind, None)))
        yield Footer(compact=True)

    def on_mount(self) -> None:
        for error in self.query(".field-error"):
            error.display = False
        self.query_one("#attendance", DataTable).add_columns("Name", "Role", "Attendance")
        self.query_one("#decisions", DataTable).add_columns("Decision", "Owner", "Due")
        self._show_lists()
        self._show_banner()
        self.query_one("#field-status").focus()
        self.set_interval(self.AUTOSAVE_SECONDS, self.autosave)
        # A second window saving this review first makes this save refuse, not undo it.
        self._save_record = self.store.saving_unchanged(
            "reviews", self.review_id, "this review", save_review_record
        )
        self.baseline = self.payload()

    def unsaved_text(self) -> str | None:
        """Anything typed since the screen opened is not yet a recorded review."""
        if not self.is_mounted or self.payload() == self.baseline:
            return None
        return (
            "The review is not recorded yet (F2 saves it; the draft is kept and "
            "opening the review again offers to continue it)."
        )

    # --- focus follows the view ---------------------------------------------------
    def _inputs(self) -> list:
        scroll = self.query_one("#recording", VerticalScroll)
        return [
            w for w in scroll.query("Input, Select, Checkbox, TextArea, DataTable") if w.focusable
        ]

    def _in_view(self, widget: Widget) -> bool:
        # Measured in the scroll's own coordinates, so it holds straight after a
        # scroll, before the screen has been redrawn.
        scroll = self.query_one("#recording", VerticalScroll)
        top, height = scroll.scroll_y, scroll.scrollable_content_region.height
        region = widget.virtual_region
        return region.height > 0 and top <= region.y and region.bottom <= top + height

    def _focus_into_view(self) -> None:
        """If the focused box is out of sight, focus the first one in view."""
        focused = self.focused
        if focused is None or self.app.screen is not self:
            return
        if focused in self._inputs() and self._in_view(focused):
            return
        first = next((w for w in self._inputs() if self._in_view(w)), None)
        if first is not None:
            first.focus(scroll_visible=False)

    def on_mouse_scroll_down(self) -> None:
        # The wheel moves the view; the focus follows once it has moved.
        self.set_timer(0.3, self._focus_into_view)

    def on_mouse_scroll_up(self) -> None:
        self.set_timer(0.3, self._focus_into_view)

    def action_page(self, direction: int) -> None:
        scroll = self.query_one("#recording", VerticalScroll)
        page = scroll.scrollable_content_region.height
        target = min(max(scroll.scroll_y + direction * page, 0), scroll.max_scroll_y)
        scroll.scroll_to(y=target, animate=False, immediate=True)
        self._focus_into_view()

    def _show_banner(self) -> None:
        child = self.record.case.child
        deadline = next_review_deadline(self.record.case, self.store.rulebook())
        text = f"Recording a review · {child.display_name} ({child.child_ref})"
        if deadline:
            text += f" · {deadline.rule} due by {deadline.due:%a %d/%m/%Y}"
        self.query_one("#recording-banner", Static).update(Text(text, style="bold"))
        self.sub_title = f"Review · {child.display_name}"
        self._show_next_deadline()

    def _show_next_deadline(self) -> None:
        try:
            held = to_typed([MEETING[1]], read_raw(self, [MEETING[1]]))["held_date"]
        except FieldProblem:
            held = None
        text = ""
        if held:
            created = deadline_after(self.record.case, held, self.store.rulebook())
            text = (
                f"Held on {held:%d/%m/%Y}, the next statutory deadline is "
                f"{created.due:%a %d/%m/%Y} ({created.rule}; {created.basis})."
                if created
                else "No further review falls due before the 18th birthday."
            )
            # e.g. too soon after an adoptive placement disrupted (AAR 2005 reg 36).
            notes = notes_on_holding(self.record.case, held, self.store.rulebook())
            text = "\n".join([text, *notes])
        self.query_one("#next-deadline", Static).update(text)

    def _show_lists(self) -> None:
        attendance = self.query_one("#attendance", DataTable)
        attendance.clear()
        for a in self.attendees:
            attendance.add_row(a.name, a.role, ATTENDANCE[a.attendance])
        decisions = self.query_one("#decisions", DataTable)
        decisions.clear()
        for d in self.decisions:
            decisions.add_row(
                d.text,
                f"{d.owner_name} ({d.owner_role})",
                f"{d.due_date:%d/%m/%Y}" if d.due_date else "",
            )

    # --- the draft ----------------------------------------------------------------
    def payload(self) -> dict[str, Any]:
        # Unset choices are stored as null, so the draft reloads cleanly.
        fields = {
            key: None if value in (Select.NULL, Select.BLANK) else value
            for key, value in read_raw(self, FIELDS).items()
        }
        return {
            "fields": fields,
            "attendees": [a.model_dump() for a in self.attendees],
            "decisions": [d.model_dump(mode="json") for d in self.decisions],
        }

    def on_input_changed(self) -> None:
        self.changed = True
        self._show_next_deadline()

    def on_text_area_changed(self) -> None:
        self.changed = True

    def on_select_changed(self) -> None:
        self.changed = True

    def on_checkbox_changed(self) -> None:
        self.changed = True

    def autosave(self) -> bool:
        """Save the draft if anything changed; False if the store refused it.

        A refused draft (store busy, disk full, read-only) stays on screen and in
        memory and is retried on the next tick; the problem is shown once, not every
        half second, and its end is shown too."""
        if not self.changed:
            return True
        try:
            save_draft(self.store, self.child_ref, self.review_id, self.payload())
        except IroError as error:
            if str(error) != self.draft_problem:
                self.app.notify(
                    f"Draft not saved: {error}. What you typed is still here; "
                    "iro-tui keeps trying.",
                    title="Draft not saved",
                    severity="error",
                    timeout=15,
                )
            self.draft_problem = str(error)
            return False
        self.changed = False
        if self.draft_problem:
            self.app.notify("The draft is saved again")
            self.draft_problem = ""
        return True

    def action_leave(self) -> None:
        if self.autosave():
            self.app.notify("Draft kept: open the review again to continue")
            self.app.pop_screen()
            return

        def decided(leave: bool | None) -> None:
            if leave:
                self.app.pop_screen()

        self.app.push_screen(
            Confirm(
                f"The draft could not be saved ({self.draft_problem}). Leave anyway and "
                "lose what was typed since the last save?",
                "Leave",
                "Stay",
            ),
            decided,
        )

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

    def _who(self, values: dict, fields: str = "person") -> tuple[str, str, int | None]:
        """(name, role, person id) from a people choice, or the typed name and role."""
        choice = values.pop(fields)
        name, role = values.pop("other_name"), values.pop("other_role")
        if choice == "child":
            return self.record.case.child.display_name, "Child", None
        if choice:
            person = next(p for p in self.record.people if str(p.id) == choice)
            return person.name, PERSON_ROLES[person.role], person.id
        if not name or not role:
            raise FieldProblem(
                "other_name", "choose someone from the list, or give a name and a role"
            )
        return name, role, None

    def action_add_attendee(self) -> None:
        fields = [
            FormField("person", "Who", "select", self._people_options()),
            FormField("other_name", "Or someone else: name"),
            FormField("other_role", "Their role"),
            FormField(
                "attendance",
                "Attendance",
                "select",
                [(v, k) for k, v in ATTENDANCE.items()],
                required=True,
            ),
        ]

        def save(values: dict) -> Attendee:
            name, role, person_id = self._who(values)
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
            FormField("text", "What must happen", "area", required=True),
            FormField("person", "Owner", "select", self._people_options()[1:]),
            FormField("other_name", "Or a new owner: name"),
            FormField("other_role", "Their role"),
            FormField(
                "quick", "Due: a quick pick", "select", [(v, k) for k, v in QUICK_PICKS.items()]
            ),
            FormField("due_date", "Or a date", "date"),
        ]
        rulebook = self.store.rulebook()

        def save(values: dict) -> DecisionDraft:
            try:
                name, role, person_id = self._who(values)
            except FieldProblem:
                raise FieldProblem(
                    "person", "a decision needs an owner: choose one, or give a name and a role"
                ) from None
            quick, due = values.pop("quick"), values.pop("due_date")
            if held is None:
                raise FieldProblem("form", "give the date the review was held first")
            if quick:
                due, moved = quick_due_explained(quick, held, next_review, rulebook)
                if moved:
                    # Said where the IRO is looking: the date is not what they picked.
                    self.app.notify(moved, title="Due date moved", timeout=10)
            if due is None:
                raise FieldProblem("due_date", "a decision needs a date: pick one")
            draft = DecisionDraft(
                text=values["text"],
                owner_name=name,
                owner_role=role,
                owner_person_id=person_id,
                due_date=due,
            )
            if problem := draft.problems(held):
                raise FieldProblem("due_date", problem)
            return draft

        def added(decision: DecisionDraft | None) -> None:
            if decision:
                self.decisions.append(decision)
                self._show_lists()
                self.changed = True

        self.app.push_screen(FormModal("A decision", fields, save), added)

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

    # --- saving ---------------------------------------------------------------------
    def build_record(self) -> ReviewRecord:
        values = to_typed(FIELDS, read_raw(self, FIELDS))
        matters = {f.key.removeprefix("matter_"): values.pop(f.key) or "" for f in MATTERS}
        return ReviewRecord(
            **values,
            matters={k: v for k, v in matters.items() if v},
            attendees=self.attendees,
            decisions=self.decisions,
        )

    def action_save(self) -> None:
        store, today = self.store, self.app.clock.today()
        try:
            record = self.build_record()
            case, rulebook = self.record.case, store.rulebook()
            created = check_record(record, case, rulebook, today)
            number = review_number(case, record.held_date, rulebook) if record.held_date else None
            self._save_record(store, self.child_ref, self.review_id, record, number=number)
        except FieldProblem as problem:
            self.show_problem({problem.field: problem.message})
            return
        except ValidationError as error:
            self.show_problem(problems_by_field(error))
            return
        except IroError as error:
            self.show_problem({"form": str(error)})
            return
        # Saved with the record, the draft is gone: a tick of the autosave timer before
        # the screen has closed must not write it back.
        self.changed = False
        message = "Review recorded"
        if created and record.status == "held":
            message += f"; the next statutory deadline is {created.due:%d/%m/%Y}"
        self.app.notify(message)
        if record.status == "held" and record.held_date:
            for note in notes_on_holding(case, record.held_date, rulebook):
                self.app.notify(note, severity="warning", timeout=15)
        self.app.pop_screen()

    def show_problem(self, problems: dict[str, str]) -> None:
        """The message beside its field; the first field in error gets the focus
        and is scrolled into the middle of the view, its message under it."""
        scroll = self.query_one("#recording", VerticalScroll)
        decisions = problems.pop("decisions", "")
        set_error(self, "#error-decisions", decisions)
        show_errors(self, FIELDS, problems)
        first = next((f.key for f in FIELDS if f.key in problems), None)
        if first:
            target = self.query_one(f"#field-{first}")
        elif decisions:
            target = self.query_one("#decisions", DataTable)
            target.focus(scroll_visible=False)
        else:
            scroll.scroll_home(animate=False)
            return
        self.call_after_refresh(scroll.scroll_to_center, target, animate=False)
