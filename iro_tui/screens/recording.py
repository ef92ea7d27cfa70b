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
from textual.widgets import Checkbox, DataTable, Input, Label, Select, Static, TextArea

from iro_tui.domain.caseload import final_review_first
from iro_tui.domain.checklist import notes_on_checklist
from iro_tui.domain.deadlines import ReviewDeadline, adjourned_complete_by, next_review_deadline
from iro_tui.domain.fields import FieldProblem, counted, every_problem, problems_by_field
from iro_tui.domain.models import ChildCase, Review
from iro_tui.domain.recording import (
    Attendee,
    DecisionDraft,
    ReviewRecord,
    check_completing,
    check_record,
    deadline_after,
    notes_on_close_reviews,
    notes_on_decisions,
    notes_on_holding,
    notes_on_views,
    review_number,
)
from iro_tui.errors import IroError
from iro_tui.screens.recording_draft import RecordingDraft
from iro_tui.screens.recording_fields import (
    FIELDS,
    MATTERS,
    MEETING,
    NEXT,
    PARTICIPATION,
    VIEWS,
)
from iro_tui.screens.recording_lists import RecordingLists
from iro_tui.store import records
from iro_tui.store.reviews import (
    held_before_cancelled,
    load_checklist,
    save_review_record,
    struck_that_day,
)
from iro_tui.widgets.fit_table import FitTable
from iro_tui.widgets.footer import SteadyFooter
from iro_tui.widgets.form import (
    cannot_save_line,
    compose_field,
    display_value,
    put_right,
    read_raw,
    set_error,
    show_errors,
    to_typed,
)
from iro_tui.widgets.header import FittedHeader
from iro_tui.widgets.typing_ahead import TYPING_AHEAD

__all__ = [
    "FIELDS",
    "HELP",
    "MATTERS",
    "MEETING",
    "NEXT",
    "PARTICIPATION",
    "VIEWS",
    "RecordingScreen",
]

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
| F5 | a footprint note on any child (not shown in the footer here) |
| q | quit iro-tui (asks first: the review is not recorded until F2) |

Nothing is saved as the review until every rule is met: a PN code that fits the
child's age, an owner and a date for every decision, a lateness reason if the
review is late, the permanence plan from the 2nd review, a series completed
within 20 working days, and a next date within the statutory deadline or a reason.
"""


class RecordingScreen(RecordingLists, RecordingDraft):
    HELP = HELP
    # No focus of Textual's choosing: on_mount gives it to the first box. Textual's own
    # choice was the scrolling form, and the focus then moved on to the box: each move
    # restyled every widget of the form, 0.2 s of opening it.
    AUTO_FOCUS = ""
    BINDINGS = [
        *TYPING_AHEAD,
        Binding(
            "f2",
            "save",
            "Save",
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
            "Remove",
            id="recording.remove",
            tooltip="Remove the selected attendance or decision",
        ),
        # Short labels, so the footer fits 80 columns; each tooltip and F1 say more.
        Binding(
            "escape",
            "leave",
            "Leave",
            id="recording.leave",
            tooltip="Leave the form; the draft is kept to carry on later",
        ),
        # F5 (a footprint note on any child) still works here; it leaves the footer to
        # the form's own keys, and F1 and the palette (ctrl+p) name it.
        Binding("f5", "app.quick_note", "Note", show=False),
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
            saved = dict(self.draft["fields"])
            if self.review_id is not None:
                # The booking as it is now: a draft kept before a reschedule gave back
                # the date it had then, and saving wrote it over the booking.
                from iro_tui.store.reviews import load_review

                review = load_review(self.store, self.review_id)
                if review.scheduled_date is not None:
                    saved["scheduled_date"] = display_value("date", review.scheduled_date)
                if review.status == "adjourned" and not saved.get("completed_date"):
                    # What was typed at its first sitting, now completed (see below).
                    saved["completed_date"] = display_value("date", self.app.clock.today())
            return {
                f.key: display_value(f.kind, saved.get(f.key))
                if saved.get(f.key) is None
                else saved[f.key]
                for f in FIELDS
            }
        today = self.app.clock.today()
        initial: dict[str, Any] = {"status": "held", "held_date": today}
        if self.review_id is not None:
            from iro_tui.store.reviews import load_review

            review = load_review(self.store, self.review_id)
            booked = review.scheduled_date
            initial.update(
                # The booked day, once it has come; a booking recorded before its day was
                # held early, and a day still to come is one saving refuses.
                held_date=booked if booked is not None and booked <= today else today,
                scheduled_date=review.scheduled_date,
                venue=review.venue,
                seen_alone=review.seen_alone,
                advocacy_offered=review.advocacy_offered,
                advocacy_wanted=review.advocacy_wanted,
                advocate_name=review.advocate_name,
            )
            if review.status == "adjourned":
                # Its completion: recorded as held on the day it began, and completed
                # today unless the IRO says another day (handbook 3.25, 3.27), from what
                # its first sitting heard (decisions made then are recorded already).
                initial.update(self._recorded(), held_date=booked, completed_date=today)
            elif review.status == "held":
                # Put right as recorded (a date mistyped): every box as the store has it;
                # its decisions are tracked already, and its next review booked.
                initial.update(
                    self._recorded(),
                    held_date=review.held_date,
                    completed_date=review.completed_date,
                    participation_code=review.participation_code,
                )
            elif (was := self._once_held) is not None:
                # Held, then cancelled (recorded in error): opened as it stands, with what
                # it had as held, so choosing Held puts it back whole. Cancelling could
                # not be undone, and recording it again left its decisions behind.
                initial.update(
                    self._recorded(),
                    status="cancelled",
                    held_date=was["held_date"],
                    completed_date=was["completed_date"],
                    participation_code=was["participation_code"],
                )
        return {f.key: display_value(f.kind, initial.get(f.key)) for f in FIELDS}

    def _recorded(self) -> dict[str, Any]:
        """What a review on file recorded: the views, voice, reasons and matters of its
        row, and its attendance; for an adjourned review's completion (it opened blank,
        and saving it blanked them: an adversarial check), or a held one put right."""
        from iro_tui.store.reviews import load_recorded

        assert self.review_id is not None
        row = load_recorded(self.store, self.review_id)
        self.attendees = [Attendee(**a) for a in row["attendees"]]
        kept = (
            "child_views",
            "parents_views",
            "carers_views",
            "adjourned_reason",
            "cancelled_reason",
            "late_reason",
            "participation_code",
            "advocate_name",
        )
        flags = ("seen_alone", "advocacy_offered", "advocacy_wanted")
        return {
            **{key: row[key] for key in kept if row.get(key)},
            **{key: bool(row[key]) for key in flags if row.get(key) is not None},
            **{f"matter_{key}": note for key, note in row["matters"].items()},
            "series": bool(row.get("series")),
        }

    def compose(self) -> ComposeResult:
        self.record = records.load_child(self.store, self.child_ref)
        # A review held and since cancelled: what it had as held (store/reviews.py).
        self._once_held = (
            None
            if self.review_id is None
            else held_before_cancelled(self.store.conn, self.review_id)
        )
        initial = self._initial()
        yield FittedHeader()
        yield Static(id="recording-banner")
        yield from cannot_save_line(self.store)
        # While the store refuses the draft (recording_draft.py): said until it is kept.
        yield Static(id="draft-problem", classes="field-error", markup=False)
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
            # The decision's words and its owner share what the due date leaves, each
            # ending in an ellipsis when cut (a long owner took half of 80 columns).
            yield FitTable(id="decisions", cursor_type="row", flexible=("decision", "owner"))
            yield Static("", id="error-decisions", classes="field-error")
            yield Static("The next review", classes="section-title")
            yield Static(id="next-deadline")
            for f in NEXT:
                yield from compose_field(f, initial.get(f.key, display_value(f.kind, None)))
        yield SteadyFooter(compact=True)

    def on_mount(self) -> None:
        for error in self.query(".field-error"):
            error.display = False
        self.query_one("#attendance", DataTable).add_columns("Name", "Role", "Attendance")
        decisions = self.query_one("#decisions", FitTable)
        for label, key in (("Decision", "decision"), ("Owner", "owner"), ("Due", "due")):
            decisions.add_column(label, key=key)
        self._show_lists()
        self._show_banner()
        self._show_reason_boxes()
        self.query_one("#field-status").focus()
        self.set_interval(self.AUTOSAVE_SECONDS, self.autosave)
        # A second window saving this review first makes this save refuse, not undo it.
        self._save_record = self.store.saving_unchanged(
            "reviews", self.review_id, "this review", save_review_record
        )
        self.baseline = self.saved = self.payload()

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
        if focused in self._inputs() and self._in_view_with_label(focused):
            return
        first = next((w for w in self._inputs() if self._in_view_with_label(w)), None)
        if first is not None:
            first.focus(scroll_visible=False)

    def _in_view_with_label(self, widget: Widget) -> bool:
        """The box and the label over it both in view: at 80x24, PageDown left the
        focus in a box whose label was just above the view, and a date typed for the next
        review went into an essential matter (an adversarial check)."""
        siblings = list(widget.parent.children) if widget.parent else []
        at = siblings.index(widget) if widget in siblings else 0
        label = siblings[at - 1] if at and isinstance(siblings[at - 1], Label) else None
        return self._in_view(widget) and (label is None or self._in_view(label))

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
        today = self.app.clock.today()
        final = final_review_first(self.record.case, deadline, self.store.rulebook(), today)
        if final is not None:
            # As the child's header says it: the banner gave no date at all for a child
            # whose next review would fall after 18 (an adversarial check).
            text += f" · final review before 18 by {final:%a %d/%m/%Y}"
        if (begun := self._adjourned_on()) is not None:
            text += (
                f" · completing the review adjourned on {begun:%d/%m/%Y}: held on that day, "
                "with the day it was completed (handbook 3.27)"
            )
        elif (held := self._held_on()) is not None:
            text += (
                f" · putting right the review held on {held:%d/%m/%Y} (its decisions are "
                "on the Decisions tab; recorded in error? set its status Cancelled, saying why)"
            )
        elif (struck := self._struck_on()) is not None:
            text += (
                f" · the review held on {struck:%d/%m/%Y}, cancelled since: to put it back "
                "as held, with its decisions, choose Held under What happened and save (F2)"
            )
        self.query_one("#recording-banner", Static).update(Text(text, style="bold"))
        self.sub_title = f"Review · {child.display_name}"
        self._show_next_deadline()

    _next_deadline_shown: str | None = None  # what #next-deadline says now

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
        # Asked on every keystroke in any box of the form: updated only when it says
        # something new, as each update lays out the whole form (~150 widgets) again.
        if text != self._next_deadline_shown:
            self._next_deadline_shown = text
            self.query_one("#next-deadline", Static).update(text)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.changed = True
        put_right(self, event.control)
        self._show_next_deadline()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.changed = True
        put_right(self, event.control)

    def on_select_changed(self, event: Select.Changed) -> None:
        self.changed = True
        put_right(self, event.control)
        if event.control.id == "field-status":
            self._show_reason_boxes()

    def _show_reason_boxes(self) -> None:
        """Why it was adjourned, or cancelled, only for a review that was: on a review
        held, both boxes took Tab stops, and were typed into by mistake."""
        status = self.query_one("#field-status", Select).value
        for key in ("adjourned_reason", "cancelled_reason"):
            box = self.query_one(f"#field-{key}")
            show = status == key.removesuffix("_reason") or bool(getattr(box, "text", ""))
            box.display = show
            siblings = list(box.parent.children) if box.parent else []
            at = siblings.index(box)
            if at and isinstance(siblings[at - 1], Label):
                siblings[at - 1].display = show

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.changed = True
        put_right(self, event.control)

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
        store = self.store
        was_held = self._held_on()
        try:
            record = self.build_record()
            case, rulebook = self.record.case, store.rulebook()
            struck = self._struck_on()
            putting_right = was_held is not None or struck is not None
            if putting_right:
                # Put right, it is checked and numbered among the others, not beside its
                # own old self (a date moved later counted it as the review before).
                case = case.model_copy(
                    update={"reviews": tuple(r for r in case.reviews if r.id != self.review_id)}
                )
            created = self._checked(record, case, putting_right)
            number = review_number(case, record.held_date, rulebook) if record.held_date else None
            if (begun := self._adjourned_on()) is not None:
                check_completing(record, begun, rulebook)
            saved = self._save_record(store, self.child_ref, self.review_id, record, number=number)
        except FieldProblem as problem:
            self.show_problem(problem.by_field())
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
        if record.status == "cancelled" and was_held is not None:
            # A review on file struck out (one a corrected 903 return moved): it said
            # "Review recorded", as if one had been added.
            message = (
                f"The review held on {was_held:%d/%m/%Y} is now cancelled: it no longer counts "
                "for the deadlines or the annual report"
            )
            if (due := next_review_deadline(case, rulebook)) is not None:
                message += f"; the next statutory deadline is {due.due:%d/%m/%Y}"
            # Its decisions were made on its day (one review a day: _one_review_a_day).
            if still := sum(
                d.status == "open" and d.made_date == was_held for d in self.record.decisions
            ):
                message += (
                    f"; its {counted(still, 'decision')} {'stays' if still == 1 else 'stay'} "
                    "open (Decisions tab: mark "
                    "each no longer needed if it was recorded in error too)"
                )
        if record.status == "held" and struck is not None and record.held_date:
            message = (
                f"The review held on {record.held_date:%d/%m/%Y} is held again, with its "
                "decisions: it counts for the deadlines and the annual report"
            )
            if created:
                message += f"; the next statutory deadline is {created.due:%d/%m/%Y}"
        if record.status == "adjourned" and record.scheduled_date:
            limit = adjourned_complete_by(case, record.scheduled_date, rulebook)
            message = (
                f"Review adjourned: complete it by {limit:%d/%m/%Y}, and record it then "
                f"(r on the child) as held on {record.scheduled_date:%d/%m/%Y}; what its "
                "first sitting heard and decided is kept with it"
            )
        self.app.notify(message)
        below = self.app.screen_stack[-2] if len(self.app.screen_stack) > 1 else None
        if getattr(below, "child_ref", None) == self.child_ref and hasattr(
            below, "review_to_select"
        ):
            # Its Reviews tab: on the review just recorded.
            below.review_to_select = str(saved)  # type: ignore[union-attr]
        if record.status == "held" and record.held_date:
            notes = notes_on_holding(case, record.held_date, rulebook)
            notes += notes_on_close_reviews(case, record.held_date, self.review_id)
            notes += notes_on_views(record, case.child.display_name)
            if self.review_id is not None and not putting_right:
                # Said as a review is recorded; not again of one put right or put back
                # (a review of 2025 restored was told of 11 items not done).
                notes += notes_on_checklist(load_checklist(store, self.review_id))
            for note in notes + notes_on_decisions(record.decisions, case):
                self.app.notify(note, severity="warning", timeout=15)
        self.app.pop_screen()

    def _checked(
        self, record: ReviewRecord, case: ChildCase, putting_right: bool
    ) -> ReviewDeadline | None:
        """check_record's problems, and the store's of the day held, said at once: a
        review cancelled that day was said only once every other box was right."""
        store, created = self.store, None

        def rules() -> None:
            nonlocal created
            today = self.app.clock.today()
            created = check_record(record, case, store.rulebook(), today, putting_right)

        def the_day() -> None:
            if record.status == "held" and record.held_date:
                if struck := struck_that_day(
                    store, self.child_ref, self.review_id, record.held_date
                ):
                    raise FieldProblem("held_date", struck)

        every_problem(rules, the_day)
        return created

    def _on_file(self, status: str) -> Review | None:
        """The review being recorded, when the store holds it with `status`."""
        review = next((r for r in self.record.case.reviews if r.id == self.review_id), None)
        return review if review is not None and review.status == status else None

    def _held_on(self) -> date | None:
        """The day the review being put right was held, when it is a held one."""
        review = self._on_file("held")
        return review.held_date if review else None

    def _struck_on(self) -> date | None:
        """The day a review cancelled after it was held had been held, else None."""
        was = self._once_held
        if was is None or self._on_file("cancelled") is None:
            return None
        held: date | None = was["held_date"]
        return held

    def _adjourned_on(self) -> date | None:
        """The day the review being recorded began, when it stands adjourned (its
        completion is being recorded), else None."""
        review = self._on_file("adjourned")
        return review.scheduled_date if review else None

    def show_problem(self, problems: dict[str, str]) -> None:
        """The message beside its field; the first field in error gets the focus
        and is scrolled into the middle of the view, its message under it (show_errors);
        with none, the decisions in error, or else the top of the form."""
        scroll = self.query_one("#recording", VerticalScroll)
        decisions = problems.pop("decisions", "")
        set_error(self, "#error-decisions", decisions)
        show_errors(self, FIELDS, problems)
        if any(f.key in problems for f in FIELDS):
            return
        if decisions:
            table = self.query_one("#decisions", DataTable)
            table.focus(scroll_visible=False)
            self.call_after_refresh(scroll.scroll_to_center, table, animate=False)
        else:
            scroll.scroll_home(animate=False)
