"""One child, everything on one page: profile, legal status, placement, people,
reviews, decisions and a timeline."""

from __future__ import annotations

from datetime import date

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from iro_tui.domain.agenda import booked_reviews
from iro_tui.domain.between import red_list_suggestion
from iro_tui.domain.calendar import age_on
from iro_tui.domain.caseload import ChildRecord, deadline_for
from iro_tui.domain.checklist import checklist_lines, readiness
from iro_tui.domain.codes import (
    ETHNICITY_MEANING,
    LEGAL_STATUS_MEANING,
    PARTICIPATION_MEANING,
    PLACEMENT_MEANING,
    RNE_MEANING,
)
from iro_tui.domain.deadlines import ReviewDeadline
from iro_tui.domain.records import PERSON_ROLES
from iro_tui.safe_text import plain
from iro_tui.screens import fresh
from iro_tui.screens.base import IroScreen
from iro_tui.screens.child_timeline import timeline
from iro_tui.screens.guard import explains_refusals
from iro_tui.store.records import load_child
from iro_tui.store.reviews import load_checklist
from iro_tui.widgets.fit_table import FitTable, clip, key_text
from iro_tui.widgets.when import day, days_cell, days_phrase

TABS = ["profile", "legal", "placement", "people", "reviews", "decisions", "timeline"]
TAB_TITLES = [
    "1 Profile",
    "2 Legal status",
    "3 Placement",
    "4 People",
    "5 Reviews",
    "6 Decisions",
    "7 Timeline",
]

HELP = """\
# A child

Everything about one child. Number keys **1**–**7** switch tabs.

| key | does |
|---|---|
| c | the pre-review checklist of the booked review |
| r | record the review (offers to continue a saved draft) |
| f | after the held review selected on the Reviews tab (5): what was sent, care plan, manager |
| w | the held review selected on the Reviews tab (5) as a letter to the child or the record |
| u | on a held review: say which review it was (1st, 2nd...) when the store cannot tell |
| F5 | a footprint note (Enter on a note in the timeline corrects it) |
| i | a significant change notified (handbook 3.74) |
| E | escalate: an informal challenge or a formal DRP |
| e | edit the profile |
| t | edit the current placement's details (carer, address, phone) |
| p | add a person around the child |
| Enter | on a person: edit them; untick *Still involved* to close |
| b | book a review (warns if after the statutory deadline) |
| s | reschedule the booked review, with a reason |
| k | cancel the booked review, with a reason |
| m | a change of placement or legal status (a new episode) |
| l | the child leaves care |
| a | add an appointment with this child |
| R | put the child on the red list, when the app suggests it (missing, or in K1) |
| Esc | back |

When a child has an open missing episode or is in a secure children's home (K1),
the banner suggests the red list (reviews at least every 3 months, Cambridgeshire
2018/19). The app never sets it by itself: press **R** to accept, or leave it.

The statutory deadline at the top never moves for a booking; it moves only when a
review is held, or when the child's circumstances change under the rulebook.
"""


def _yes(value: object) -> str:
    return "yes" if value else "no"


def _grid(rows: list[tuple[str, str | None]]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for label, value in rows:
        grid.add_row(label, Text(plain(value)) if value else "—")  # as typed, never markup
    return grid


class ChildScreen(IroScreen):
    HELP = HELP
    BINDINGS = [
        *[
            Binding(str(n + 1), f"tab('{tab}')", TAB_TITLES[n], show=False)
            for n, tab in enumerate(TABS)
        ],
        Binding(
            "c",
            "checklist",
            "Checklist",
            id="child.checklist",
            tooltip="The pre-review checklist of the booked review",
        ),
        Binding(
            "r",
            "record",
            "Record",
            id="child.record",
            tooltip="Record the review (continues a saved draft)",
        ),
        Binding(
            "f",
            "after_review",
            "After",
            id="child.after",
            show=False,
            tooltip="After the review: decisions and record sent, care plan, manager",
        ),
        Binding(
            "w",
            "document",
            "Document",
            id="child.document",
            show=False,
            tooltip="Write the selected review as a letter or the formal record",
        ),
        Binding(
            "u",
            "number_review",
            "Number",
            id="child.number",
            show=False,
            tooltip="Say which review (1st, 2nd...) the selected held review was",
        ),
        Binding(
            "i",
            "significant_change",
            "Change",
            id="child.change",
            show=False,
            tooltip="A significant change notified (handbook 3.74)",
        ),
        Binding(
            "E",
            "escalate",
            "Escalate",
            id="child.escalate",
            show=False,
            tooltip="An informal challenge or a formal DRP",
        ),
        Binding("e", "edit_profile", "Edit", id="child.edit", tooltip="Edit the profile"),
        Binding(
            "t",
            "edit_placement",
            "Placement",
            id="child.placement",
            tooltip="Edit the current placement's details",
            show=False,  # footer room for F1 at 80 columns; F1 lists it
        ),
        Binding(
            "p",
            "add_person",
            "Person",
            id="child.person",
            tooltip="Add a person around the child",
            show=False,  # footer room for F1 at 80 columns; F1 lists it
        ),
        Binding("b", "book", "Book", id="child.book", tooltip="Book a review"),
        Binding(
            "s",
            "reschedule",
            "Resched",
            id="child.reschedule",
            tooltip="Move the booked review to another date",
            show=False,  # footer room for F1 at 80 columns; F1 lists it
        ),
        Binding(
            "k",
            "cancel_booking",
            "Cancel",
            id="child.cancel",
            tooltip="Cancel the booked review",
            show=False,  # footer room for F1 at 80 columns; F1 lists it
        ),
        Binding(
            "m",
            "change_episode",
            "Move",
            id="child.move",
            tooltip="A change of placement or legal status",
            show=False,  # footer room for F1 at 80 columns; F1 lists it
        ),
        Binding(
            "l",
            "leave_care",
            "Leaves",
            id="child.leave",
            tooltip="The child leaves care",
            show=False,  # footer room for F1 at 80 columns; F1 lists it
        ),
        Binding(
            "a",
            "add_appointment",
            "Appt",
            id="child.appointment",
            tooltip="Add an appointment with this child",
            show=False,  # footer room for F1 at 80 columns; F1 lists it
        ),
        Binding(
            "R",
            "red_list",
            "Red list",
            id="child.red_list",
            tooltip="Put the child on the red list, as suggested (reviews every 3 months)",
        ),
        Binding("escape", "app.pop_screen", "Back", id="child.back", tooltip="Go back"),
    ]

    def __init__(self, child_ref: str, tab: str = "profile") -> None:
        super().__init__()
        self.child_ref = child_ref
        self.initial_tab = tab if tab in TABS else "profile"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="child-banner")
        with TabbedContent(initial=self.initial_tab):
            with TabPane(TAB_TITLES[0], id="profile"):
                yield Static(id="profile-body")
            with TabPane(TAB_TITLES[1], id="legal"):
                yield DataTable(id="episodes", cursor_type="row")
            with TabPane(TAB_TITLES[2], id="placement"):
                yield Static(id="placement-body")
            with TabPane(TAB_TITLES[3], id="people"):
                yield FitTable(id="people-table", cursor_type="row")
            with TabPane(TAB_TITLES[4], id="reviews"):
                yield Static(id="deadline")
                yield FitTable(
                    id="reviews-table",
                    cursor_type="row",
                    flexible=("venue", "participation", "note"),
                )
            with TabPane(TAB_TITLES[5], id="decisions"):
                yield FitTable(id="decisions-table", cursor_type="row", flexible=("decision",))
                yield Static(id="decision-detail")
            with TabPane(TAB_TITLES[6], id="timeline"):
                yield FitTable(id="timeline-table", cursor_type="row", flexible=("detail",))
        yield Footer(compact=True)

    def on_mount(self) -> None:
        columns = {
            "episodes": [
                "From",
                "To",
                "Why (RNE)",
                "Legal status",
                "Placement",
                "Provider",
                "Ended (REC)",
                "Move reason",
            ],
            "people-table": [
                "Role",
                "Name",
                "Relationship",
                "Organisation",
                "Phone",
                "Email",
                "Involved",
            ],
            "reviews-table": ["Date", "Status", "Time", "Venue", "Participation", "Note"],
            "decisions-table": ["Due", "Days", "Status", "Decision", "Owner"],
            "timeline-table": ["Date", "What", "Detail"],
        }
        for table_id, labels in columns.items():
            table = self.query_one(f"#{table_id}", DataTable)
            for label in labels:
                table.add_column(label, key=label.lower())
        fresh.remember(self)
        self.load()

    def on_screen_resume(self) -> None:
        if fresh.changed(self):
            self.load()

    @property
    def today(self) -> date:
        return self.app.clock.today()

    @explains_refusals
    def load(self) -> None:
        self.record = record = load_child(self.store, self.child_ref)
        child = record.case.child
        self.sub_title = f"{child.display_name} ({child.child_ref})"
        deadline = deadline_for(record, self.store.rulebook())
        in_care = record.case.looked_after_on(self.today)
        banner = f"{child.display_name} · {age_on(child.dob, self.today)} · " + (
            "in care" if in_care else "not in care"
        )
        if deadline:
            days = (deadline.due - self.today).days
            banner += f" · {deadline.rule} due {day(deadline.due)} ({days_phrase(days)})"
        if child.red_list:
            banner += " · RED LIST"
        self.red_list_reason = red_list_suggestion(
            record.case, record.missing_periods(), self.today
        )
        banner_text = Text(banner, style="bold")
        if self.red_list_reason:
            banner_text.append(
                f"\nRed list suggested: {self.red_list_reason}. R to put on the red list "
                "(reviews at least every 3 months).",
                style=f"bold {self.app.current_theme.warning}",
            )
        self.query_one("#child-banner", Static).update(banner_text)
        # The tab on show is filled first and painted; the others just after (or at
        # once if switched to): ten years of a child's history is hundreds of rows.
        self._deadline = deadline
        self._unfilled = set(TABS)
        self._fill(self.query_one(TabbedContent).active or self.initial_tab)
        self.call_after_refresh(self._fill_the_rest)
        self.refresh_bindings()

    def _fill_the_rest(self) -> None:
        for tab in TABS:
            self._fill(tab)

    def _fill(self, tab: str) -> None:
        if tab not in getattr(self, "_unfilled", ()):
            return
        self._unfilled.discard(tab)
        record = self.record
        {
            "profile": lambda: self._profile(record),
            "legal": lambda: self._episodes(record),
            "placement": lambda: self._placement(record),
            "people": lambda: self._people(record),
            "reviews": lambda: self._reviews(record, self._deadline),
            "decisions": lambda: self._decisions(record),
            "timeline": lambda: self._timeline(record),
        }[tab]()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self._fill(event.pane.id or "")

    def _profile(self, record: ChildRecord) -> None:
        c = record.case.child
        self.query_one("#profile-body", Static).update(
            _grid(
                [
                    ("Name", f"{c.given_name or ''} {c.family_name or ''}".strip()),
                    ("Preferred name", c.preferred_name or ""),
                    ("Child ID", c.child_ref),
                    (
                        "Date of birth",
                        f"{c.dob:%d/%m/%Y} (age {age_on(c.dob, self.today)}; "
                        f"18 on {c.eighteenth_birthday:%d/%m/%Y})",
                    ),
                    ("Sex", {"M": "male", "F": "female", "U": "not known"}[c.sex.value]),
                    ("Ethnicity", ETHNICITY_MEANING.get(c.ethnicity or "", c.ethnicity or "")),
                    ("First language", c.first_language or ""),
                    ("Interpreter needed", _yes(c.interpreter_needed)),
                    ("Communication needs", c.communication_needs or ""),
                    ("UASC", _yes(c.uasc)),
                    ("Disability", c.disability or ""),
                    ("Red list", _yes(c.red_list)),
                ]
            )
        )

    def _episodes(self, record: ChildRecord) -> None:
        table = self.query_one("#episodes", DataTable)
        table.clear()
        for ep in reversed(record.case.episodes):
            table.add_row(
                f"{ep.decom:%d/%m/%Y}",
                f"{ep.dec:%d/%m/%Y}" if ep.dec else "now",
                f"{ep.rne.value}: {RNE_MEANING[ep.rne.value]}",
                f"{ep.ls.value}: {LEGAL_STATUS_MEANING[ep.ls.value]}",
                f"{ep.place.value}: {PLACEMENT_MEANING[ep.place.value]}",
                ep.place_provider.value if ep.place_provider else "",
                ep.rec.value if ep.rec else "",
                ep.reason_place_change.value if ep.reason_place_change else "",
            )

    def _placement(self, record: ChildRecord) -> None:
        body = self.query_one("#placement-body", Static)
        if not record.case.episodes:
            body.update("No placement recorded.")
            return
        ep = record.case.episodes[-1]
        details = record.current_placement()
        body.update(
            _grid(
                [
                    (
                        "Since",
                        f"{ep.decom:%d/%m/%Y}" + (f" (ended {ep.dec:%d/%m/%Y})" if ep.dec else ""),
                    ),
                    ("Type", f"{ep.place.value}: {PLACEMENT_MEANING[ep.place.value]}"),
                    (
                        "Provider",
                        ((details.provider_name or "") if details else "")
                        + (f" ({ep.place_provider.value})" if ep.place_provider else ""),
                    ),
                    ("Carer", details.carer_name if details else ""),
                    ("Address", details.address if details else ""),
                    ("Postcode", ep.pl_post or ""),
                    ("Area", details.area if details else ""),
                    ("Out of area", _yes(details.out_of_area) if details else ""),
                    ("Phone", details.phone if details else ""),
                ]
            )
        )

    def _people(self, record: ChildRecord) -> None:
        table = self.query_one("#people-table", FitTable)
        kept = table.cursor_key()
        table.clear()
        for person in record.people:
            table.add_row(
                PERSON_ROLES[person.role],
                person.name,
                person.relationship or "",
                person.organisation or "",
                person.phone or "",
                person.email or "",
                _yes(person.active),
                key=str(person.id),
            )
        table.fit()
        table.keep_row(kept)

    def _reviews(self, record: ChildRecord, deadline: ReviewDeadline | None) -> None:
        text = (
            f"Statutory deadline: {deadline.due:%a} {day(deadline.due)} — {deadline.rule}, "
            f"{deadline.basis}."
            if deadline
            else "No statutory review is due."
        )
        booked = booked_reviews(record.case)
        if booked:
            store = self.store
            lines = checklist_lines(
                booked[0].scheduled_date, load_checklist(store, booked[0].id), store.rulebook()
            )
            text += (
                f"\nBooked for {booked[0].scheduled_date:%a} {day(booked[0].scheduled_date)}: "
                "checklist "
                f"{readiness(lines, self.today)} (c to open, r to record)."
            )
        self.query_one("#deadline", Static).update(text)
        table = self.query_one("#reviews-table", FitTable)
        kept = table.cursor_key()  # a write reloads the table: stay on the same review
        table.clear()
        for r in record.reviews:
            on = r["held_date"] or r["scheduled_date"]
            code = r["participation_code"]
            note = r["late_booking_reason"] or r["cancelled_reason"] or r["late_reason"] or ""
            table.add_row(
                day(date.fromisoformat(on)) if on else "",
                {"planned": "booked"}.get(r["status"], r["status"]),
                r["scheduled_time"] or "",
                clip(r["venue"] or ""),
                clip(f"{code}: {PARTICIPATION_MEANING[code]}" if code else ""),
                clip(note),
                key=str(r["id"]),
            )
        table.fit()
        table.keep_row(kept)

    def _decisions(self, record: ChildRecord) -> None:
        table = self.query_one("#decisions-table", FitTable)
        kept = table.cursor_key()  # a write reloads the table: stay on the same decision
        table.clear()
        error = f"bold {self.app.current_theme.error}"
        ordered = sorted(record.decisions, key=lambda d: (d.status != "open", d.due_date))
        for d in ordered:
            is_open = d.status == "open"
            late = d.is_overdue(self.today)
            style = error if late else ""
            table.add_row(
                Text(day(d.due_date), style=style),
                days_cell((d.due_date - self.today).days, error) if is_open else "",
                Text(d.status, style=style),
                clip(d.text, style),
                f"{d.owner_name} ({d.owner_role.replace('_', ' ')})",
                key=str(d.id),
            )
        table.fit()
        table.keep_row(kept)
        self._show_decision()

    def _show_decision(self) -> None:
        """The selected decision in full: the table cuts long text to keep its dates."""
        table = self.query_one("#decisions-table", FitTable)
        key = table.cursor_key()
        decision = next((d for d in self.record.decisions if str(d.id) == key), None)
        self.query_one("#decision-detail", Static).update(
            ""
            if decision is None
            else f"{decision.text} · {decision.owner_name} · made {day(decision.made_date)}, "
            f"due {day(decision.due_date)}"
            + (f" · done {day(decision.completed_date)}" if decision.completed_date else "")
        )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "decisions-table" and hasattr(self, "record"):
            self._show_decision()

    def _timeline(self, record: ChildRecord) -> None:
        table = self.query_one("#timeline-table", FitTable)
        kept = table.cursor_key()
        table.clear()
        for index, entry in enumerate(timeline(record)):
            table.add_row(
                day(entry.day), entry.kind, clip(entry.text), key=entry.link or f"entry-{index}"
            )
        table.fit()
        table.keep_row(kept)

    # --- actions --------------------------------------------------------------
    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self._fill(tab)

    def _booked_review_id(self) -> int | None:
        self._fill("reviews")
        table = self.query_one("#reviews-table", DataTable)
        booked = booked_reviews(self.record.case)
        ids = {r.id for r in booked}
        if table.row_count and self.query_one(TabbedContent).active == "reviews":
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if key and int(key) in ids:
                return int(key)
        return booked[0].id if booked else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not hasattr(self, "record"):
            return True
        in_care = self.record.case.looked_after_on(self.today)
        if action in ("reschedule", "cancel_booking", "checklist"):
            return bool(booked_reviews(self.record.case))
        if action in ("book", "leave_care", "change_episode"):
            return in_care
        if action == "red_list":
            return bool(getattr(self, "red_list_reason", None))
        return True

    @explains_refusals
    def action_red_list(self) -> None:
        """Accept the suggestion: the IRO's decision, audited like any profile edit."""
        from iro_tui.store.changes import update_profile

        if not getattr(self, "red_list_reason", None):
            return
        update_profile(self.store, self.child_ref, {"red_list": True})
        self.app.notify("On the red list: reviews at least every 3 months")
        self.load()

    def action_edit_profile(self) -> None:
        self.app.open_form("profile", self.child_ref)

    def _selected_review(self) -> int | None:
        self._fill("reviews")
        table = self.query_one("#reviews-table", DataTable)
        if not table.row_count:
            return None
        return int(key_text(table.coordinate_to_cell_key(table.cursor_coordinate).row_key))

    def action_checklist(self) -> None:
        review_id = self._booked_review_id()
        if review_id is None:
            self.app.notify(
                "Book a review first (b): the checklist belongs to a booking", severity="warning"
            )
            return
        self.app.open_review(review_id)

    def action_record(self) -> None:
        self.app.record_review(self.child_ref, self._booked_review_id())

    def _selected_held_review(self, doing: str) -> int | None:
        """The recorded review the user can see selected, or None with the reason why.

        Refused before any form opens: a letter or record written from a review the
        user did not pick (or from a booking, which has nothing in it) is worse than none.
        """
        tabs = self.query_one(TabbedContent)
        if tabs.active != "reviews":
            tabs.active = "reviews"
            self.app.notify(
                f"Choose the recorded review on this tab, then press the key again to {doing}.",
                severity="warning",
            )
            return None
        review_id = self._selected_review()
        review = next((r for r in self.record.reviews if r["id"] == review_id), None)
        if review is None or review["status"] != "held":
            status = {"planned": "booked"}.get(review["status"], review["status"]) if review else ""
            self.app.notify(
                f"The selected review is {status}, not held: choose a held review to {doing}."
                if review
                else f"There is no review to {doing}.",
                title="Not done",
                severity="error",
            )
            return None
        return review_id

    def action_after_review(self) -> None:
        review_id = self._selected_held_review("record what was sent after it")
        if review_id is not None:
            self.app.open_form("after", self.child_ref, review_id=review_id)

    def action_document(self) -> None:
        review_id = self._selected_held_review("write it as a letter or the formal record")
        if review_id is not None:
            self.app.preview_document(review_id)

    def action_number_review(self) -> None:
        self.action_tab("reviews")
        review_id = self._selected_review()
        if review_id is None:
            self.app.notify("There is no review to number yet", severity="warning")
            return
        self.app.open_form("review_number", self.child_ref, review_id=review_id)

    def action_significant_change(self) -> None:
        self.app.open_between_form("change", self.child_ref)

    def action_escalate(self) -> None:
        self.app.open_between_form("escalate", self.child_ref)

    def action_edit_placement(self) -> None:
        self.app.open_form("placement", self.child_ref)

    def action_add_person(self) -> None:
        self.app.open_form("person", self.child_ref)

    def action_book(self) -> None:
        self.app.book_review(self.child_ref)

    def action_reschedule(self) -> None:
        self.app.open_form("reschedule", self.child_ref, review_id=self._booked_review_id())

    def action_cancel_booking(self) -> None:
        self.app.open_form("cancel", self.child_ref, review_id=self._booked_review_id())

    def action_change_episode(self) -> None:
        self.app.open_form("episode", self.child_ref)

    def action_leave_care(self) -> None:
        self.app.open_form("leave", self.child_ref)

    def action_add_appointment(self) -> None:
        self.app.add_appointment(child_ref=self.child_ref)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "timeline-table":
            key = key_text(event.row_key)
            if key.startswith("note:"):
                event.stop()
                self.app.open_link(key)
                return
        if event.data_table.id == "decisions-table":
            event.stop()
            decision = next(d for d in self.record.decisions if str(d.id) == event.row_key.value)
            if decision.status == "open":
                self.app.open_between_form(
                    "decision", self.child_ref, decision_id=decision.id, text=decision.text
                )
            return
        if event.data_table.id == "people-table":
            event.stop()
            person = next(p for p in self.record.people if str(p.id) == event.row_key.value)
            self.app.open_form("person", self.child_ref, person=person)
