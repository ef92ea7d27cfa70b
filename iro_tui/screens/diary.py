"""The diary, the home screen: everything that is due, overdue shouted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import ContentSwitcher, DataTable, Static

from iro_tui.errors import IroError
from iro_tui.screens import fresh
from iro_tui.screens.base import IroScreen
from iro_tui.screens.diary_frame import FirstFrame, detail_of, diary_view
from iro_tui.screens.guard import explains_refusals
from iro_tui.widgets.agenda_table import AgendaTable
from iro_tui.widgets.confirm import Confirm
from iro_tui.widgets.detail_line import DetailLine
from iro_tui.widgets.footer import SteadyFooter
from iro_tui.widgets.header import FittedHeader
from iro_tui.widgets.month import MonthCalendar

if TYPE_CHECKING:
    # Loaded with the diary's first working out, not before: the first paint may be a
    # frame kept from the last opening (store/diary_frames.py), drawn without them.
    from iro_tui.domain.agenda import AgendaItem

HELP = """\
# Diary

Everything with a date across the whole caseload: statutory review deadlines and
booked review meetings, pre-review checklist deadlines, decisions due, 18th
birthdays with the final pathway plan, and your own appointments.

- **Overdue** comes first, in red. **Amber** is due within 5 working days.
- A statutory review deadline is the *latest lawful date* of the next review under
  the store's rulebook. A booking never moves it.
- **Enter** opens the place an item is dealt with: the child, or the appointment.

| key | does |
|---|---|
| ↑ ↓ | move through the agenda |
| Enter | open the selected item |
| v | switch between the agenda and the month view (Escape leaves the month view too) |
| ← → ↑ ↓, PageUp/PageDown | in the month view: move by day, week, month |
| t | Today: past the overdue items, to what is due today and next |
| ] / [ | the next section of the agenda / the one before (Overdue, Today, Next 7 days...) |
| c | the caseload |
| n | a child comes into care |
| b | book a review for the selected item's child |
| a | add an appointment (Enter on one edits it) |
| Delete | delete the selected appointment, or throw away an unsaved form (asks first) |
| x | export the diary as a calendar file (.ics) |
| i | import the council's 903 return: a folder of CSV files, checked before anything is written |
| o | settings: your name and contact, the authority, rulebook, idle lock |
| d | the drift tracker: every open decision, overdue first |
| E | escalations (E means escalation on every screen) |
| R | the annual report figures (April to March), with bar charts |
| F5 | a footprint note on any child |
| / | search notes, decisions and reviews across the caseload |
| ctrl+r | refresh |
| F1 | this help · **ctrl+p** command palette · **q** quit |
"""


class DiaryScreen(IroScreen):
    HELP = HELP
    BINDINGS = [
        Binding(
            "enter",
            "open_item",
            "Open",
            id="diary.open",
            tooltip="Open the selected item",
            priority=False,
            show=False,  # Enter needs no footer space; F1 lists it
        ),
        Binding(
            "v",
            "toggle_view",
            "Month",
            id="diary.view",
            tooltip="Switch between the agenda and the month calendar",
        ),
        # Escape leaves the month view as v does (it closed nothing: only v went back).
        Binding("escape", "agenda_view", "Agenda", show=False),
        # Sections of the agenda: a whole authority's thousands of overdue items stood
        # between the top and Today (213 PageDowns).
        Binding("t", "section('today')", "Today", id="diary.today", show=False),
        Binding("right_square_bracket", "section('next')", "Next section", show=False),
        Binding("left_square_bracket", "section('previous')", "Section before", show=False),
        Binding(
            "c",
            "app.caseload",
            "Caseload",
            id="diary.caseload",
            tooltip="Every child on the caseload",
            # As the key arrives (the diary has no box to type in): a name typed in one
            # burst after it then goes to the caseload's filter, where it was handed to
            # the diary's table before the caseload opened, and lost ("chath").
            priority=True,
        ),
        Binding(
            "n",
            "app.new_child",
            "New child",
            id="diary.new_child",
            tooltip="A child comes into care",
            show=False,  # footer room for F1 at 80 columns; F1 and ctrl+p list it
        ),
        Binding(
            "b",
            "book",
            "Book",
            id="diary.book",
            tooltip="Book a review for the selected item's child",
        ),
        Binding(
            "a",
            "add_appointment",
            "Appt",
            id="diary.appointment",
            tooltip="Add an appointment",
            show=False,  # footer room for F1 at 80 columns; F1 and ctrl+p list it
        ),
        Binding(
            "slash",
            "app.search",
            "Search",
            id="diary.search",
            tooltip="Search notes, decisions and reviews across the caseload",
        ),
        Binding(
            "d",
            "app.drift",
            "Drift",
            id="diary.drift",
            tooltip="Every open decision across the caseload",
        ),
        Binding(
            "E",
            "app.escalations",
            "Escalations",
            id="diary.escalations",
            tooltip="Every open escalation",
            show=False,  # footer room for F1 at 80 columns; F1 and ctrl+p list it
        ),
        Binding(
            "R",
            "app.annual_report",
            "Report",
            id="diary.report",
            tooltip="The annual report figures, with bar charts",
            show=False,  # footer room for F1 at 80 columns; F1 and ctrl+p list it
        ),
        Binding(
            "delete",
            "delete_appointment",
            "Delete",
            id="diary.delete",
            tooltip="Delete the selected appointment, or throw away an unsaved form (asks first)",
            show=False,  # footer room for F1 at 80 columns; F1 lists it
        ),
        Binding(
            "x",
            "app.export_calendar",
            "Export",
            id="diary.export",
            tooltip="Write the diary to a calendar file",
            show=False,  # footer room for F1 on a narrow laptop; F1 and ctrl+p list it
        ),
        Binding(
            "i",
            "app.import_return",
            "Import",
            id="diary.import",
            tooltip="Import the council's 903 return (CSV files)",
            show=False,  # footer room; F1 and ctrl+p list it
        ),
        Binding(
            "ctrl+r",
            "refresh",
            "Refresh",
            id="diary.refresh",
            tooltip="Recompute the diary",
            show=False,
        ),
        Binding(
            "o",
            "app.settings",
            "Settings",
            id="diary.settings",
            tooltip="Your name and contact, the authority, rulebook, idle lock",
            show=False,  # footer room; F1 and ctrl+p list it
        ),
    ]
    _on_appointment = False  # whether the selected item is an appointment (its delete key)

    def __init__(self, first_frame: FirstFrame | None = None) -> None:
        """`first_frame`: the diary as kept at the last opening (diary_frame.py), drawn
        until the app has opened the store and calls `action_refresh`."""
        super().__init__()
        self.first_frame = first_frame
        self.items: list[AgendaItem] = []

    def compose(self) -> ComposeResult:
        yield FittedHeader()
        # A kept frame's summary is there from the start. Textual drops the frame laid
        # out while the app mounts and then writes only what changed since: set on mount,
        # the summary was not among it, and reached the terminal ~25 ms after the rows.
        frame = self.first_frame
        yield Static(
            frame.summary if frame else "",
            id="summary",
            markup=False,  # a kept frame's text is read, not trusted
            classes="has-overdue" if frame and frame.has_overdue else "",
        )
        with ContentSwitcher(initial="agenda-view"):
            with Vertical(id="agenda-view"):
                yield AgendaTable(id="agenda")
                yield DetailLine(id="agenda-detail")
            # Filled the first time it is shown (_month_view): most openings never are,
            # and its widgets were a fifth of the diary's to style before its first paint.
            yield Vertical(id="month-view")
        yield SteadyFooter(compact=True)

    def on_mount(self) -> None:
        if self.first_frame is None:
            self.action_refresh()
        else:
            self._show_first_frame(self.first_frame)

    def _show_first_frame(self, frame: FirstFrame) -> None:
        self.sub_title = frame.subtitle  # the summary is composed with it (compose)
        self.query_one("#agenda", AgendaTable).show_rows(frame.rows)

    def on_screen_resume(self) -> None:
        if self.first_frame is None and fresh.changed(self):
            self.action_refresh()

    @property
    def today(self) -> date:
        return self.app.clock.today()

    @explains_refusals
    def action_refresh(self) -> None:
        from iro_tui.domain.agenda import build_agenda
        from iro_tui.store.records import load_diary

        fresh.remember(self)
        store = self.store
        rulebook = store.rulebook()
        # In no order: diary_view orders the rows it shows, the month view a day's.
        data = load_diary(store, self.today)
        everything = build_agenda(data, rulebook, self.today, ordered=False)
        self.items = everything
        view = diary_view(everything, rulebook.name, self.today)
        self.sub_title = view.subtitle
        summary = self.query_one("#summary", Static)
        summary.set_class(view.has_overdue, "has-overdue")
        summary.update(view.summary)
        was_framed, self.first_frame = self.first_frame is not None, None
        agenda = self.query_one("#agenda", AgendaTable)
        agenda.show(view.shown, self.today, rulebook.calendar)
        if was_framed:
            # The frame's rows may be kept as they are (the cursor does not move): the
            # line under them is said again from the item, not left as the frame had it.
            self._show_detail(agenda.selected_item())
        if self.month is not None:
            self.month.show(everything)
            self._show_day(self.month.selected)

    def on_resize(self, event: events.Resize) -> None:
        # The month's layout follows the terminal's height, which its own size need not
        # show (it is as tall as its weeks): taller or shorter, it is laid out again.
        if (calendar := self.month) is not None:
            calendar.fit_to_screen()

    @property
    def month(self) -> MonthCalendar | None:
        """The month view's calendar, once it has been shown."""
        found = self.query("#month-view > MonthCalendar")
        return found.first(MonthCalendar) if found else None

    async def _month_view(self) -> MonthCalendar:
        """The month view's calendar, its widgets made the first time it is shown."""
        if (calendar := self.month) is not None:
            return calendar
        calendar = MonthCalendar(self.today, id="month")
        await self.query_one("#month-view", Vertical).mount_all(
            [
                Static(
                    # One line at 80 columns.
                    "← → ↑ ↓ day and week · PageUp/PageDown month · Enter: the day's items",
                    id="month-hint",
                ),
                calendar,
                Static(id="day-title"),
                AgendaTable(id="day-items"),
            ]
        )
        calendar.show(self.items)
        self._show_day(calendar.selected)
        return calendar

    def _show_day(self, day: date) -> None:
        from iro_tui.domain.agenda_types import diary_order

        # The month has them by day already: a whole authority's 12,000 items were
        # looked through on every arrow key.
        month = self.month
        if month is not None and month.items is self.items:
            day_items = month.by_day.get(day, [])
        else:
            day_items = [i for i in self.items if i.due == day]
        # In the diary's order: statutory review deadlines first, then by time, children
        # who left care last (by child ID, a whole authority's day put a review among 250
        # rows, an adversarial check).
        items = diary_order(day_items, self.today)
        calendar = self.store.rulebook().calendar
        # A bank holiday is said: 25/12 read "Friday 25/12/2026: nothing due", like any
        # other day, and nothing on the grid marks it either.
        holiday = calendar.bank_holiday_in_brackets(day)
        self.query_one("#day-title", Static).update(
            f"{day:%A} {day:%d/%m/%Y}"
            + (f", a bank holiday ({holiday})" if holiday else "")
            + ": "
            + (f"{len(items)} item{'s' * (len(items) != 1)}" if items else "nothing due")
        )
        self.query_one("#day-items", AgendaTable).show(items, self.today, calendar, sections=False)

    def on_month_calendar_day_changed(self, message: MonthCalendar.DayChanged) -> None:
        self._show_day(message.day)

    async def action_toggle_view(self) -> None:
        switcher = self.query_one(ContentSwitcher)
        if switcher.current == "agenda-view":
            calendar = await self._month_view()
            switcher.current = "month-view"
            calendar.focus()
        else:
            switcher.current = "agenda-view"
            self.query_one("#agenda").focus()

    async def action_agenda_view(self) -> None:
        if self.query_one(ContentSwitcher).current == "month-view":
            await self.action_toggle_view()

    async def action_section(self, which: str) -> None:
        """`t`: the first section after the overdue ones; `]` and `[`: the next section
        of the agenda, and the one before."""
        await self.action_agenda_view()
        table = self.query_one("#agenda", AgendaTable)
        if not table.go_to_section(forward=which != "previous", past_overdue=which == "today"):
            said = {
                "today": "Nothing is due from today on: every item is overdue",
                "next": "This is the last section of the agenda",
                "previous": "This is the first section of the agenda",
            }[which]
            self.app.notify(said, severity="information")
        table.focus()

    def _selected(self) -> AgendaItem | None:
        focused = self.focused
        table = (
            focused if isinstance(focused, AgendaTable) else self.query_one("#agenda", AgendaTable)
        )
        return table.selected_item()

    def selected_child(self) -> str | None:
        """The child of the selected item (F5 writes a note on them)."""
        item = self._selected()
        return item.child if item is not None else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_item()

    @explains_refusals
    def action_open_item(self) -> None:
        if isinstance(self.focused, MonthCalendar):
            self.query_one("#day-items").focus()
            return
        item = self._selected()
        if item is not None:
            self.app.open_link(item.link)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "delete_appointment":
            item = self._selected() if self.is_mounted else None
            return item is not None and item.kind in ("appointment", "form-draft")
        if action == "agenda_view":  # only in the month view: Escape is not taken otherwise
            return self.is_mounted and self.query_one(ContentSwitcher).current == "month-view"
        return True

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        table = event.data_table
        if table.id == "agenda" and isinstance(table, AgendaTable):
            if self.first_frame is not None:
                key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
                text, bold = self.first_frame.details.get(key or "", ("", False))
                self.query_one("#agenda-detail", DetailLine).show(
                    Text(text, style="bold" if bold else "")
                )
            else:
                self._show_detail(table.selected_item())
        # Refreshing the bindings rebuilds the footer (most of a cursor move's cost on a
        # whole authority's diary): only when the one key that depends on the row, delete
        # an appointment (check_action), comes or goes.
        on_appointment = bool(self.check_action("delete_appointment", ()))
        if on_appointment != self._on_appointment:
            self._on_appointment = on_appointment
            self.refresh_bindings()

    def _show_detail(self, item: AgendaItem | None) -> None:
        """The selected item in full: the table cuts long text to keep its dates. On a
        section's heading, what the section holds (the line stood empty there)."""
        if item is None:
            self.query_one("#agenda-detail", DetailLine).show(self._heading_detail())
            return
        text, bold = detail_of(item, self.today)
        self.query_one("#agenda-detail", DetailLine).show(Text(text, style="bold" if bold else ""))

    def _heading_detail(self) -> str:
        """'Next 7 days: 14 items, statutory reviews first, then by date' for the
        heading under the cursor; '' anywhere else."""
        from iro_tui.domain.agenda import section
        from iro_tui.domain.fields import counted

        table = self.query_one("#agenda", AgendaTable)
        if not table.row_count or not table.items:
            return ""
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        heading = key.removeprefix("section-").removesuffix("-left")
        if not key.startswith("section-"):
            return ""
        held = [i for i in table.items if section(i, self.today) == heading]
        if key.endswith("-left"):
            held = [i for i in held if i.left_care]
            return f"{heading}: {counted(len(held), 'task')} of children who have left care"
        return f"{heading}: {counted(len(held), 'item')}, statutory reviews first, then by date"

    def action_delete_appointment(self) -> None:
        item = self._selected()
        if item is not None and item.kind == "form-draft":
            self._throw_away_draft(item)
            return
        if item is None or item.kind != "appointment":
            return
        appointment_id = int(item.link.partition(":")[2])

        def delete() -> None:
            from iro_tui.store.changes import delete_appointment

            delete_appointment(self.store, appointment_id)

        self._ask_then(
            Confirm(
                f"Delete the appointment '{item.title}' on {item.due:%a %d/%m/%Y}?",
                "Delete",
                "Keep it",
            ),
            delete,
            "Appointment deleted",
        )

    def _ask_then(self, question: Confirm, write: Callable[[], None], said: str) -> None:
        """`write` once the IRO says yes to `question`, then `said` and the diary again; a
        store that refuses (busy, full, read-only) says so, and nothing changes."""

        def decided(yes: bool | None) -> None:
            if not yes:
                return
            try:
                write()
            except IroError as error:
                self.app.notify(str(error), title="Not done", severity="error", timeout=10)
                return
            self.app.notify(said)
            self.action_refresh()

        self.app.push_screen(question, decided)

    def _throw_away_draft(self, item: AgendaItem) -> None:
        """A form left unsaved, thrown away, saying what was typed first: one whose
        booking was since cancelled could not be opened again, and stayed in the diary
        with its words out of reach (an adversarial re-test)."""
        from iro_tui.store.form_drafts import discard_form_draft, typed_in_draft

        key = item.key.removeprefix("form-draft-")
        try:
            typed = typed_in_draft(self.store, key)
        except IroError as error:
            self.app.notify(str(error), title="Not done", severity="error", timeout=10)
            return

        self._ask_then(
            Confirm(
                f"Throw away the unsaved form '{item.title.removeprefix('Finish the form: ')}'?"
                + (f" What was typed in it: {typed}" if typed else ""),
                "Throw away",
                "Keep it",
            ),
            lambda: discard_form_draft(self.store, key),
            "Unsaved form thrown away",
        )

    def action_book(self) -> None:
        item = self._selected()
        if item is None or not item.child:
            self.app.notify(
                "Select an item for a child first, or use the caseload.", severity="warning"
            )
            return
        from iro_tui.screens.requests import BookReview, FormRequested

        self.post_message(FormRequested(BookReview(item.child)))

    def action_add_appointment(self) -> None:
        from iro_tui.screens.requests import AddAppointment, FormRequested

        item = self._selected()
        day = (
            self.month.selected
            if self.month is not None and self.query_one(ContentSwitcher).current == "month-view"
            else None
        )
        self.post_message(FormRequested(AddAppointment(day=day or (item.due if item else None))))
