"""Typed modal forms: validate on save, errors next to their field, nothing saved till valid.

A form is a list of FormField and a `save` function. `save` receives the typed
values (dates parsed, blanks as None), validates them with the domain's pydantic
models and writes in one transaction. Any FieldProblem, ValidationError or
BadInput it raises is shown next to the field, and the form stays open.
Escape with unsaved changes asks before discarding them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Generic, Literal, Protocol, TypeVar

from pydantic import ValidationError
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal, ScrollableContainer, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

# Textual's Select list: not exported from textual.widgets, and what TypedAheadSelect
# moves and chooses in (pinned with Textual in pyproject.toml).
from textual.widgets._select import SelectOverlay
from textual.widgets.select import InvalidSelectValueError
from textual.worker import Worker, WorkerState

from iro_tui.domain.fields import (
    FieldProblem,
    FieldProblems,
    format_ui_date,
    parse_ui_date,
    parse_ui_time,
    problems_by_field,
)
from iro_tui.errors import IroError
from iro_tui.safe_text import plain
from iro_tui.widgets.confirm import Confirm
from iro_tui.widgets.footer import SteadyFooter
from iro_tui.widgets.typing_ahead import TYPING_AHEAD

T = TypeVar("T")
FieldKind = Literal["text", "date", "time", "select", "check", "area"]


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    kind: FieldKind = "text"
    options: list[tuple[str, str]] = field(default_factory=list)  # (label, value)
    required: bool = False
    placeholder: str = ""
    hint: str = ""
    # The longest text kept (a name shown in every heading and list): longer is refused
    # with its length, never cut without a word.
    max_length: int | None = None
    # A check of the text typed, run with the form's own (required, length, dates), so
    # its problem is said with theirs on the first save: raises FieldProblem.
    check: Callable[[str], object] | None = None


# A question answered Yes or No, blank while not recorded (a tick box cannot say that).
YES_NO = [("Yes", "yes"), ("No", "no")]


def display_value(kind: FieldKind, value: Any) -> Any:
    if kind == "date":
        return format_ui_date(value) if isinstance(value, date) else (value or "")
    if kind == "check":
        return bool(value)
    if kind == "select":
        if isinstance(value, bool):  # a Yes/No answer (a draft kept from a tick box too)
            return "yes" if value else "no"
        return Select.NULL if value in (None, "") else str(value)
    return "" if value is None else plain(str(value))  # stored escapes never shown


CompactWidget = TypeVar("CompactWidget", Input, Select[str], TextArea)


def compact(widget: CompactWidget) -> CompactWidget:
    """The widget drawn compact (no border), set before it is mounted.

    Asked for with `compact=True`, each box works its styles out there and then, before
    it has a place on the screen, and again when it is mounted: on the recording form's
    thirty boxes that was a tenth of opening it. Set here, the styles are worked out
    once, on mounting, as Textual's own Footer sets its compact style.
    """
    widget.set_reactive(type(widget).compact, True)
    widget.add_class("-textual-compact", update=False)
    return widget


class OneLineInput(Input):
    """A one-line box that keeps every line of a paste, joined by spaces: Input keeps
    only the first (a name pasted from a letter as "Amara" and "Jones" lost "Jones")."""

    def _on_paste(self, event: events.Paste) -> None:
        lines = [line.strip() for line in event.text.splitlines()]
        joined = " ".join(line for line in lines if line)
        super()._on_paste(events.Paste(joined))
        event.prevent_default()  # Textual would hand the paste to Input's own handler too
        event.stop()


class ManyLinesArea(TextArea):
    """A box of several lines (a note, the child's views, a decision).

    Textual 8.2's undo sizes the box before it puts the cursor back, and sizing it may
    hide its scrollbar, which scrolls to the cursor: the cursor then named a line the
    undo had just taken away (ValueError), and the app closed. A paste ending in a new
    line, then ctrl+z, did it every time (found by an adversarial check, in a footprint
    note and in a review's decision). The cursor is measured here at the nearest place
    the text has; the undo puts it where it belongs straight after."""

    def _recompute_cursor_offset(self) -> None:
        row, column = self.cursor_location
        document = self.document
        if row >= document.line_count:
            row, column = document.end
        else:
            column = min(column, len(document[row]))
        self._cursor_offset = self.wrapped_document.location_to_offset((row, column))


class TypedAheadSelect(Select[str]):
    """A drop-down that keeps up with keys typed ahead. Enter opens its list, but the
    Down and Enter typed after it in one burst were handed to the closed box before
    the list took the focus, each only "opening" it again: the choice was lost and the
    list left open on "Choose…". While open, they move and choose in the list."""

    def on_key(self, event: events.Key) -> None:
        # Here, in the box's own turn, not by its binding: a binding runs only once the
        # key has bubbled up to the app, after the keys typed behind it reached the box.
        if not self.expanded:
            if event.key in ("enter", "down", "up", "space"):
                self.action_show_overlay()  # the list opens, and takes the focus
                event.prevent_default()
                event.stop()
            return
        if event.key not in ("down", "up", "enter"):
            return
        overlay = self.query_one(SelectOverlay)
        if event.key == "enter":
            overlay.action_select()
        elif event.key == "down":
            overlay.action_cursor_down()
        else:
            overlay.action_cursor_up()
        event.prevent_default()
        event.stop()


def field_widget(f: FormField, value: Any) -> Widget:
    """The input widget for a field, with id `field-KEY`."""
    wid = f"field-{f.key}"
    if f.kind == "select":
        return compact(
            TypedAheadSelect(
                # A choice may be a name as typed (a child, a person): never markup.
                [(Text(plain(label)), option) for label, option in f.options],
                value=value,
                # Always blank until chosen: a preselected code (A5, C1, N1...) would be
                # saved by an IRO who never looked at it. A required field says so on save.
                allow_blank=True,
                id=wid,
                prompt="Choose…",
            )
        )
    if f.kind == "check":
        return Checkbox(Text(plain(f.label)), value=value, id=wid)
    if f.kind == "area":
        return compact(ManyLinesArea(value, id=wid, classes="field-area"))
    placeholder = f.placeholder or {"date": "dd/mm/yyyy", "time": "hh:mm"}.get(f.kind, "")
    return compact(OneLineInput(value=value, placeholder=placeholder, id=wid))


def compose_field(f: FormField, value: Any) -> ComposeResult:
    """Label, widget and hint of one field; its error line is added when there is an
    error to show (set_error). A label or hint may hold what was typed (a decision on
    the mid-point form, people's names): text, never markup."""
    if f.kind != "check":
        yield Label(Text(plain(f.label) + (" *" if f.required else "")), classes="field-label")
    yield field_widget(f, value)
    if f.hint:
        yield Static(Text(plain(f.hint)), classes="field-hint")


def cannot_save_line(store: object) -> ComposeResult:
    """A line saying nothing typed can be saved, and why, when the app's `store` is
    read-only (another window has it, a full disk); nothing otherwise. Every form but
    an export's (to_a_file) saves to the store, straight away or with its record."""
    if store is None or not getattr(store, "read_only", False):
        return
    yield Static(
        Text(
            "Nothing typed here can be saved: this iro-tui is read-only, because "
            f"{getattr(store, 'why_read_only', '')}."
        ),
        id="form-read-only",
        classes="form-read-only",
    )


def read_raw(screen: DOMNode, fields: list[FormField]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for f in fields:
        widget = screen.query_one(f"#field-{f.key}")
        if isinstance(widget, TextArea):
            values[f.key] = widget.text
        elif isinstance(widget, Input | Select | Checkbox):  # what field_widget makes
            values[f.key] = widget.value
        else:
            raise TypeError(f"field {f.key} is a {type(widget).__name__}, not a form widget")
    return values


def to_typed(fields: list[FormField], raw: dict[str, Any]) -> dict[str, Any]:
    """Blank -> None; dates and times parsed. Every field's problem is found before any
    is said (FieldProblems names them all)."""
    typed: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for f in fields:
        try:
            typed[f.key] = _typed(f, raw[f.key])
        except FieldProblem as problem:
            problems.setdefault(problem.field, problem.message)
    if problems:
        raise FieldProblems(problems)
    return typed


def _typed(f: FormField, value: Any) -> Any:
    if f.kind == "select":
        value = None if value in (Select.NULL, Select.BLANK) else value
    elif f.kind != "check":
        # A paste can carry terminal escapes or control characters: never stored.
        value = plain(value).strip() or None
    if value is None and f.required:
        raise FieldProblem(f.key, f"{f.label} is required")
    if f.max_length is not None and isinstance(value, str) and len(value) > f.max_length:
        # Named by the label's last part: "Or a new owner: name" read "Or a new owner:
        # name is 200 characters long".
        what = f.label.rsplit(": ", 1)[-1]
        raise FieldProblem(
            f.key,
            f"{what[:1].upper()}{what[1:]} is {len(value)} characters long: at most "
            f"{f.max_length} fit here",
        )
    if f.check is not None and isinstance(value, str):
        f.check(value)
    if value is not None and f.kind == "date":
        return parse_ui_date(value, f.key)
    if value is not None and f.kind == "time":
        return parse_ui_time(value, f.key)
    return value


def show_errors(screen: DOMNode, fields: list[FormField], problems: dict[str, str]) -> None:
    """Each message next to its field; others in `#error-form`; focus the first."""
    keys = {f.key for f in fields}
    for f in fields:
        set_error(screen, f"#error-{f.key}", problems.get(f.key, ""))
    stray = [msg for key, msg in problems.items() if key not in keys]
    set_error(screen, "#error-form", "\n".join(stray))
    first = next((f.key for f in fields if f.key in problems), None)
    if first:
        box = screen.query_one(f"#field-{first}")
        box.focus()
        if isinstance(box, Input):
            # What was wrong is selected, so the next key replaces it: a box that had the
            # focus already (Enter in it) kept the cursor at the end, and a date typed
            # again read "31/09/202630/06/2026" (an adversarial check).
            box.select_all()
        # The box and its message are brought into view together, once laid out, in the
        # middle of the form: at 80x24 the box could sit on the last line with its
        # message below the edge, or (saved from lower down) above the top edge with
        # only its message showing, and typing went into a box nobody could see.
        form = next((a for a in box.ancestors if isinstance(a, ScrollableContainer)), None)
        if form is not None:
            screen.call_after_refresh(form.scroll_to_center, box, animate=False)
    elif stray:
        error = screen.query_one("#error-form", Static)
        screen.call_after_refresh(error.scroll_visible, animate=False)


def put_right(screen: DOMNode, changed: Widget | None) -> None:
    """A field's error line goes as soon as its box changes: it said what was wrong with
    what was there before (saving checks again). It stayed until the next F2, so a
    mistake already put right was still reported under the box."""
    box = changed.id if changed is not None and changed.id else ""
    if box.startswith("field-"):
        found = screen.query(f"#error-{box.removeprefix('field-')}")
        if found and found.first().display:
            found.first().display = False


def set_error(screen: DOMNode, selector: str, message: str) -> None:
    """Show `message` at `selector` (`#error-KEY` for a field), or hide it if blank.

    A field's error line is made the first time it has something to say, under the
    field's box and hint: a hidden line for every field was a quarter of the widgets
    of the recording form, each styled and laid out on opening it.
    """
    found = screen.query(selector)
    if found:
        error = found.first(Static)
    elif not message:
        return
    else:
        box = screen.query_one("#field-" + selector.removeprefix("#error-"))
        form = box.parent
        assert isinstance(form, Widget), "a field's box is always inside the form"
        # Under the box, and under its hint when the field has one.
        following = form.children[form.children.index(box) + 1 :]
        after = following[0] if following and following[0].has_class("field-hint") else box
        error = Static(id=selector.removeprefix("#"), classes="field-error")
        form.mount(error, after=after)
    error.update(Text(plain(message)))  # it may quote what was typed: never markup
    error.display = bool(message)


class DraftKeeping(Protocol):
    """Where a form keeps what is typed in it until it is saved (screens give the store's
    form_drafts): load, save and discard the draft of one form."""

    def load(self) -> dict[str, Any] | None: ...

    def save(self, values: dict[str, Any]) -> None: ...

    def discard(self) -> None: ...


# Kept in a draft beside what was typed: the form's values as it opened, and the day it
# was typed on, as a date box shows it (_give_back_draft).
BASELINE = "__initial"
TYPED_ON = "__typed_on"


def _plain_values(values: dict[str, Any]) -> dict[str, Any]:
    """Raw values as a draft holds them: an unchosen drop-down as None (JSON)."""
    return {k: None if v in (Select.NULL, Select.BLANK) else v for k, v in values.items()}


@dataclass(frozen=True)
class LongSave(Generic[T]):
    """What a form's save gives back when its last part takes seconds (a whole
    authority's calendar, ~12,000 events): `work` runs off the main thread while the form
    says `doing`, and its result closes the form as a save's would; a refusal (IroError)
    is shown against `field`, and the form stays open to try again."""

    doing: str
    work: Callable[[], T]
    field: str = "form"


class FormModal(ModalScreen[T | None], Generic[T]):
    AUTO_FOCUS = ""  # none of Textual's choosing: on_mount focuses the first box
    save_label = "Save"  # the button's word for what F2 does (an import: "Import")
    leave_label = "Cancel"  # and for Esc ("Keep the booking" on the form that cancels one)
    BINDINGS = [
        *TYPING_AHEAD,
        Binding("f2", "save", "Save", id="form.save", tooltip="Check and save the form"),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="form.cancel",
            tooltip="Close without saving (asks if anything changed)",
        ),
        # A modal hides the app's own keys: F1 is repeated here so help works in forms.
        Binding("f1", "app.help", "Help", id="form.help", tooltip="Help for this form"),
        # `q` quits from a form as from any screen (a modal hides the app's own `q`);
        # typing q in a box never gets here. The app asks first if this has changes.
        Binding("q", "app.quit", "Quit", show=False, id="form.quit"),
    ]
    HELP = """\
# A form

Move between fields with **Tab** and **Shift+Tab**. Dates are written like
31/01/2026 and times like 09:30.

- **F2** or **Enter** in a box: check and save. Anything wrong is explained next
  to its field, and nothing is saved until it is all right.
- **Escape**: close without saving. If you changed something, you are asked first.
- **q** or **ctrl+q** (outside a text box): quit iro-tui; asks first if the form has changes.
"""

    def __init__(
        self,
        title: str,
        fields: list[FormField],
        save: Callable[[dict], T | LongSave[T]],
        initial: dict[str, Any] | None = None,
        intro: str = "",
        drafts: DraftKeeping | None = None,
        to_a_file: bool = False,
    ) -> None:
        super().__init__()
        # Saved to a file, not the store (an export): saved in a read-only iro-tui too.
        self.to_a_file = to_a_file
        # A save's long part under way (LongSave), or None.
        self.long_save: LongSave[T] | None = None
        self.form_title = title
        self.fields = fields
        self.save_values = save
        self.initial = {f.key: display_value(f.kind, (initial or {}).get(f.key)) for f in fields}
        self.intro = intro
        # What is typed is kept as a draft every half second (a note typed at a placement
        # was lost to a flat battery), given back when the form opens again.
        self.drafts = drafts
        self._draft_kept: dict[str, Any] | None = None  # what the store's draft holds
        self._draft_problem = ""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """Textual's, with F2 and Esc in the footer worded as the buttons are: the form
        that cancels a booking said "f2 Save esc Cancel", and Esc there keeps it."""
        found = super().active_bindings
        for key, word in (("f2", self.save_label), ("escape", self.leave_label)):
            active = found.get(key)
            if active is not None and active.binding.description != word:
                found[key] = active._replace(binding=replace(active.binding, description=word))
        return found

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form"):
            yield Static(plain(self.form_title), classes="form-title", markup=False)
            if self.intro:
                yield Static(plain(self.intro), classes="form-intro", markup=False)
            # Said before anything is typed: the refusal came only at F2, and what was
            # typed in a second window (or on a full disk) went with the form.
            if not self.to_a_file:
                yield from cannot_save_line(getattr(self.app, "store", None))
            yield Static("", id="error-form", classes="field-error")
            # While the store refuses the draft: said until it takes it again (a notice
            # faded, and 12 kB more were typed with nothing saying they were not kept).
            yield Static("", id="draft-problem", classes="field-error", markup=False)
            for f in self.fields:
                yield from compose_field(f, self.initial[f.key])
            yield Static("", id="form-working", classes="form-intro", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button(f"{self.save_label} (F2)", id="save", variant="primary")
                yield Button(f"{self.leave_label} (Esc)", id="cancel")
        yield SteadyFooter(compact=True)

    # --- reading the values ---------------------------------------------------
    def raw_values(self) -> dict[str, Any]:
        return read_raw(self, self.fields)

    def typed_values(self) -> dict[str, Any]:
        """Blank -> None; dates and times parsed (FieldProblem names the field)."""
        return to_typed(self.fields, self.raw_values())

    @property
    def is_dirty(self) -> bool:
        return self.raw_values() != self.initial

    def unsaved_text(self) -> str | None:
        """What quitting now would lose, or leave as a draft (the app asks before `q` or
        ctrl+q)."""
        if not self.is_mounted or not self.is_dirty:
            return None
        if self.drafts is not None:
            return (
                f"“{self.form_title}” is not saved yet: it is kept as a draft, given back "
                "when the form opens again."
            )
        return f"“{self.form_title}” has changes that are not saved."

    def flush_draft(self) -> bool:
        """The draft kept as it is now, before quitting; False if the store refused it."""
        self.keep_draft()
        return not self._draft_problem

    # --- saving ---------------------------------------------------------------
    def show_problems(self, problems: dict[str, str]) -> None:
        show_errors(self, self.fields, problems)

    def on_mount(self) -> None:
        for error in self.query(".field-error"):
            error.display = False
        self.query_one("#form-working").display = False
        # The first box has the focus from the start (AUTO_FOCUS is off): Textual's own
        # first choice was the scrolling form, and each move of the focus restyles every
        # widget of the form.
        first = f"#field-{self.fields[0].key}" if self.fields else "#save"
        self.query_one(first).focus()
        if self.drafts is not None:
            self._give_back_draft()
            self.set_interval(0.5, self.keep_draft)

    # --- the draft --------------------------------------------------------------
    def _give_back_draft(self) -> None:
        assert self.drafts is not None
        try:
            kept = self.drafts.load()
        except IroError:
            return  # a store that cannot be read just now: the form opens as it is
        if not kept:
            return
        # What the form held when the draft was typed: a box the IRO left as it was then
        # takes what the store holds now. Given back whole, a profile half typed before an
        # import put back the ethnicity the import had changed, saved over it with F2.
        # But a date the form offered as the day it was typed on is the day the IRO
        # accepted: taken afresh, a consultation of the 1st reopened on the 3rd said the
        # 3rd. (Any other date left alone is the store's: an after-review date changed
        # since was put back by F2.)
        baseline = kept.pop(BASELINE, None) or {}
        typed_on = kept.pop(TYPED_ON, None)
        self._draft_kept = kept
        for f in self.fields:
            if f.key not in kept:
                continue
            untyped = f.key in baseline and baseline[f.key] == kept[f.key]
            offered_today = f.kind == "date" and typed_on is not None and kept[f.key] == typed_on
            if untyped and not offered_today:
                continue  # as the store has it now
            _put_value(self.query_one(f"#field-{f.key}"), f, kept[f.key])
        # Typing goes on at the end of the words given back: the first box had the focus,
        # its date selected, and the next key typed replaced it.
        text = next((f for f in self.fields if f.kind == "area" and kept.get(f.key)), None)
        if text is not None:
            area = self.query_one(f"#field-{text.key}", TextArea)
            area.focus()
            area.move_cursor(area.document.end)
        self.app.notify(
            "What was typed here before is back, not yet saved: F2 saves it, Esc discards it."
        )

    def keep_draft(self) -> None:
        """Keep what is typed, if it changed; a form as it opened keeps no draft. A store
        that refuses it (busy, full, read-only) is said once, and tried again. Not once
        the form is answered: saved or discarded, it leaves a moment later, and a draft
        kept meanwhile was listed as a form to finish (a booking saved, with a notice)."""
        if self.drafts is None or not self.is_mounted or self._answered:
            return
        values = _plain_values(self.raw_values())
        if values == self._draft_kept:
            return
        try:
            if values == _plain_values(self.initial):
                if self._draft_kept is not None:
                    self.drafts.discard()
                self._draft_kept = None
            else:
                self.drafts.save(
                    {**values, BASELINE: _plain_values(self.initial), TYPED_ON: self._today()}
                )
                self._draft_kept = values
        except IroError as error:
            if str(error) != self._draft_problem:
                self.app.notify(
                    f"Draft not saved: {error}. What you typed is still here.",
                    severity="error",
                    timeout=15,
                )
                self._said_draft_problem(f"Not kept as a draft: {error}. Still trying.")
            self._draft_problem = str(error)
            return
        if self._draft_problem:
            self._said_draft_problem("")
        self._draft_problem = ""

    def _today(self) -> str | None:
        """The app's day as a date box shows it (the app's clock: none in a bare app)."""
        clock = getattr(self.app, "clock", None)
        return None if clock is None else display_value("date", clock.today())

    def _said_draft_problem(self, text: str) -> None:
        line = self.query_one("#draft-problem", Static)
        line.update(text)
        line.display = bool(text)

    def _drop_draft(self) -> None:
        """Saved or discarded: the draft goes (a store refusing it keeps it, to offer
        back; what it holds is then no worse than nothing)."""
        if self.drafts is not None and self._draft_kept is not None:
            try:
                self.drafts.discard()
            except IroError:
                return
            self._draft_kept = None

    def action_save(self) -> None:
        if self._answered:
            return
        if self.long_save is not None:
            self.app.notify(f"{self.long_save.doing}: a moment.")
            return
        try:
            result = self.save_values(self.typed_values())
        except FieldProblem as problem:
            self.show_problems(problem.by_field())
        except ValidationError as error:
            self.show_problems(problems_by_field(error))
        except IroError as error:
            self.show_problems({"form": str(error)})
        else:
            if isinstance(result, LongSave):
                self._begin(result)
                return
            self._saved(result)

    def _saved(self, result: T) -> None:
        self._drop_draft()
        self._close(result)

    # Answered: the form is on its way out (Textual pops it a moment after dismiss).
    _answered = False

    def _close(self, result: T | None) -> None:
        """Dismissed once: a key in the moment between the answer and the form leaving
        (Esc just as a calendar finished writing) answered it a second time, and the app
        stopped (InvalidStateError; an adversarial check)."""
        if self._answered:
            return
        self._answered = True
        self.dismiss(result)

    # --- a save's long part (LongSave) ----------------------------------------------
    def _begin(self, long: LongSave[T]) -> None:
        """The long part in a worker thread: the app answers keys meanwhile (a calendar of
        a whole authority held the screen still for 3-4 s). The form says what it is
        doing, and F2 and Esc wait for it: what it writes is written whole or not at all."""
        self.long_save = long
        self.show_problems({})
        working = self.query_one("#form-working", Static)
        working.update(f"{long.doing}…")
        working.display = True
        # What it works from cannot be changed under it: a folder typed on to while its
        # import ran showed, after, a folder that was not the one imported.
        self._boxes_open(False)
        self.run_worker(
            lambda: self._do_long(long), thread=True, exit_on_error=False, group="long-save"
        )

    def _do_long(self, long: LongSave[T]) -> None:
        try:
            result = long.work()
        except FieldProblem as problem:  # named boxes, as a save's own refusal
            self.app.call_from_thread(self._long_refused, problem.by_field())
            return
        except IroError as error:
            self.app.call_from_thread(self._long_refused, {long.field: str(error)})
            return
        self.app.call_from_thread(self._long_done, result)

    def _end_long(self) -> None:
        self.long_save = None
        self.query_one("#form-working").display = False
        self._boxes_open(True)

    def _boxes_open(self, open_: bool) -> None:
        for f in self.fields:
            self.query_one(f"#field-{f.key}").disabled = not open_

    # A long save's result, when it ended under another screen (help, the palette).
    _finished: tuple[T] | None = None

    def _long_done(self, result: T) -> None:
        self._end_long()
        if self.app.screen is not self:
            # Closed once it is on top again: dismissing from under F1's help closed the
            # help and left this form open, its answer given; Esc then gave it a second
            # time and the app stopped (InvalidStateError; an adversarial check).
            self._finished = (result,)
            return
        self._saved(result)

    def on_screen_resume(self) -> None:
        if self._finished is not None:
            (result,), self._finished = self._finished, None
            self._saved(result)

    def _long_refused(self, problems: dict[str, str]) -> None:
        self._end_long()
        self.show_problems(problems)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "long-save" and event.state == WorkerState.ERROR:
            self._end_long()  # the form stays open, as it was; the app explains
            self.app.explain_worker_failure(event)  # type: ignore[attr-defined]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_input_changed(self, event: Input.Changed) -> None:
        put_right(self, event.control)

    def on_select_changed(self, event: Select.Changed) -> None:
        put_right(self, event.control)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        put_right(self, event.control)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        put_right(self, event.control)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save() if event.button.id == "save" else self.action_cancel()

    def action_cancel(self) -> None:
        if self._answered:
            return
        if self.long_save is not None:
            self.app.notify(f"{self.long_save.doing}: a moment, then it closes.")
            return
        if not self.is_dirty:
            self._drop_draft()
            self._close(None)
            return

        def decided(discard: bool | None) -> None:
            if discard:
                self._drop_draft()
                self._close(None)

        self.app.push_screen(Confirm("Discard your changes?", "Discard", "Keep editing"), decided)


def _put_value(widget: Widget, f: FormField, value: Any) -> None:
    """A draft's value back in its box (as read_raw read it)."""
    if isinstance(widget, TextArea):
        widget.load_text(value or "")
    elif isinstance(widget, Checkbox):
        widget.value = bool(value)
    elif isinstance(widget, Select):
        try:
            widget.value = Select.BLANK if value is None else value
        except InvalidSelectValueError:
            pass  # a choice no longer offered (a child since removed): left unchosen
    elif isinstance(widget, Input):
        widget.value = "" if value is None else str(value)


def file_form(
    title: str,
    default: Path,
    write: Callable[[Path], str | LongSave[str]],
    intro: str = "",
) -> FormModal[str]:
    """Ask where to write a file; `write(path)` returns what to tell the user, or the
    LongSave that writes it and says so (its refusals are shown against the File box).

    A path that cannot be written (a folder, a missing folder, a full disk) is
    explained next to the File box, and the form stays open to try another. A name
    typed without the default's extension gets it; a file already there is replaced
    only when saved to twice (AskBeforeReplacing).
    """
    from iro_tui.interchange.files import AskBeforeReplacing
    from iro_tui.paths import saved_in

    replacing = AskBeforeReplacing()

    def save(values: dict) -> str | LongSave[str]:
        from iro_tui.interchange.files import typed_file, with_extension

        try:
            path = typed_file(values["file"], default.name)
            if default.suffix:
                path = with_extension(path, default.suffix)
            replacing.check(path)
            said = write(path)
        except IroError as error:
            raise FieldProblem("file", str(error)) from None
        if isinstance(said, LongSave):
            return LongSave(said.doing, lambda: _written(said, path), "file")
        saved_in(path)
        return said

    return FormModal(
        title,
        [FormField("file", "File", required=True)],
        save,
        {"file": str(default)},
        intro,
        to_a_file=True,
    )


def _written(long: LongSave[str], path: Path) -> str:
    """A file_form's long part, and its folder noted once it is written."""
    from iro_tui.paths import saved_in

    said = long.work()
    saved_in(path)
    return said
