"""One child, everything on one page: profile, legal status, placement, people,
reviews, decisions and a timeline."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.css.query import NoMatches
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from iro_tui.domain.between import red_list_suggestion
from iro_tui.domain.calendar import age_on
from iro_tui.domain.caseload import deadline_for, final_review_first
from iro_tui.screens import fresh
from iro_tui.screens.child_actions import ChildActions
from iro_tui.screens.child_tabs import TAB_TITLES, TABS
from iro_tui.screens.guard import explains_refusals
from iro_tui.store.records import load_child
from iro_tui.widgets.detail_line import DetailLine
from iro_tui.widgets.fit_table import FitTable
from iro_tui.widgets.footer import SteadyFooter
from iro_tui.widgets.header import FittedHeader
from iro_tui.widgets.when import day, days_phrase

__all__ = ["HELP", "TAB_TITLES", "TABS", "ChildScreen"]

HELP = """\
# A child

Everything about one child. Number keys **1**–**7** switch tabs. The footer shows the keys of
the tab on show; every key below works on every tab.

| key | does |
|---|---|
| c | the pre-review checklist of the booked review (says so when none is booked) |
| r | record the review (offers to continue a saved draft) |
| f | after the held review selected on the Reviews tab (5): what was sent, care plan, manager |
| w | the held review selected on the Reviews tab (5) as a letter to the child or the record |
| u | on a held review: say which review it was (1st, 2nd...) when the store cannot tell |
| F5 | a footprint note |
| M | the mid-point monitoring check between reviews |
| i | a significant change notified (handbook 3.74) |
| E | escalate: an informal challenge or a DRP (on the Decisions tab: the decision chosen) |
| e | edit the profile (names, language, needs, the red list) |
| t | edit the current placement's details (carer, address, phone) |
| p | add a person around the child |
| Enter | on a person: edit them; untick *Still involved* to close |
| Enter | on an episode (2): its placement's provider, postcodes and Ofsted URN (the 903) |
| Enter | on the timeline: go to its review, decision or escalation; correct a note |
| Enter | on a decision (6): update its progress, or put one no longer needed back on the list |
| Enter | on a review (5): put a held one right (a date mistyped; in error: Cancelled) |
| Enter | on an adjourned review (5): complete it |
| Enter | on a held review cancelled in error (5): choose Held to put it back, with its decisions |
| b | book a review (warns if after the statutory deadline) |
| s | reschedule the booked review, with a reason |
| k | cancel the booked review, with a reason |
| m | a change of placement or legal status (a new episode) |
| l | the child leaves care |
| n | the child comes back into care: a new period of care, or the next short break |
| # | put right the child's 903 ID (a return imported later finds the child by it) |
| a | add an appointment with this child |
| ctrl+l | put the child on the red List, when the app suggests it (missing, or in K1) |
| Esc | back |

When a child has an open missing episode or is in a secure children's home (K1),
the banner suggests the red list (reviews at least every 3 months, Cambridgeshire
2018/19). The app never sets it by itself: press **ctrl+l** to accept, or leave it.

The statutory deadline at the top never moves for a booking; it moves only when a
review is held, or when the child's circumstances change under the rulebook.
"""


# The keys the footer shows on each tab, beside Esc: what is done there. Every key works
# on every tab, and F1 and the palette list them all, but a footer of the same four on
# every tab hid the Decisions tab's Enter and E, and the People tab's p (an adversarial
# check). "enter" is the tab's table's own Enter, shown as ENTER_SAYS names it.
FOOTER_KEYS = {
    "profile": ("edit_profile", "checklist", "record", "book"),
    "legal": ("enter", "change_episode", "leave_care", "record"),
    "placement": ("edit_placement", "change_episode", "checklist", "record"),
    "people": ("enter", "add_person", "checklist", "record"),
    "reviews": ("enter", "book", "document", "record"),
    "decisions": ("enter", "escalate", "checklist", "record"),
    "timeline": ("enter", "checklist", "record", "book"),
}
ENTER_SAYS = {
    "legal": "Details",
    "people": "Edit",
    "reviews": "Open",
    "decisions": "Update",
    "timeline": "Go to",
}
ON_SOME_TAB = frozenset(a for keys in FOOTER_KEYS.values() for a in keys)


class ChildScreen(ChildActions):
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
        Binding(
            "e",
            "edit_profile",
            "Edit",
            id="child.edit",
            tooltip="Edit the profile: names, language, needs, the red list",
        ),
        Binding(
            "M",
            "midpoint",
            "Mid-point",
            id="child.midpoint",
            show=False,
            # Reached only from the diary's row before, found by no key on the child.
            tooltip="The mid-point monitoring check between reviews",
        ),
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
            "number_sign",
            "change_id",
            "Child ID",
            id="child.change_id",
            tooltip="Put right the child's 903 ID (a return imported later finds them by it)",
            show=False,  # footer room for F1 at 80 columns; F1 and ctrl+p list it
        ),
        Binding(
            "n",
            "back_into_care",
            "Back in care",
            id="child.back_into_care",
            tooltip="The child comes back into care (a new period, or the next short break)",
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
            # Not R: R is the annual report on the diary, and one key means one thing.
            "ctrl+l",
            "red_list",
            "Red list",
            id="child.red_list",
            tooltip="Put the child on the red list, as suggested (reviews every 3 months)",
        ),
        Binding("escape", "app.pop_screen", "Back", id="child.back", tooltip="Go back"),
    ]

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """Textual's, with the footer's keys those of the tab on show (FOOTER_KEYS)."""
        found = super().active_bindings
        try:
            tab = self.query_one(TabbedContent).active
        except NoMatches:  # not composed yet
            return found
        shown = FOOTER_KEYS.get(tab, ())
        for key, active in found.items():
            binding = active.binding
            if active.node is self and binding.action in ON_SOME_TAB:
                if binding.show != (binding.action in shown):
                    binding = replace(binding, show=binding.action in shown)
            elif key == "enter" and isinstance(active.node, DataTable) and "enter" in shown:
                binding = replace(binding, description=ENTER_SAYS[tab], show=True)
            if binding is not active.binding:
                found[key] = active._replace(binding=binding)

        def place(item: tuple[str, ActiveBinding]) -> int:
            """The footer's order: the tab's keys as FOOTER_KEYS lists them, then Esc
            and the app's."""
            key, active = item
            what = "enter" if key == "enter" else active.binding.action
            return shown.index(what) if what in shown else len(shown)

        return dict(sorted(found.items(), key=place))

    def __init__(self, child_ref: str, tab: str = "profile", row: str | None = None) -> None:
        super().__init__()
        self.child_ref = child_ref
        self.initial_tab = tab if tab in TABS else "profile"
        self.initial_row = row  # the row of that tab's table to start on (a decision)

    def compose(self) -> ComposeResult:
        yield FittedHeader()
        yield Static(id="child-banner")
        with TabbedContent(initial=self.initial_tab):
            with TabPane(TAB_TITLES[0], id="profile"):
                yield Static(id="profile-body")
            with TabPane(TAB_TITLES[1], id="legal"):
                # The long words share what the codes and dates leave, each ending in
                # '…' (the placement ran off the right edge with no mark, at 120 columns).
                yield FitTable(
                    id="episodes",
                    cursor_type="row",
                    flexible=("why", "legal", "placement"),
                )
                yield DetailLine(id="episode-detail")
            with TabPane(TAB_TITLES[2], id="placement"):
                yield Static(id="placement-body")
            with TabPane(TAB_TITLES[3], id="people"):
                # The words have what the role and phone leave, the name first, each
                # ending in '…' (at 80 columns the phone and email were off the edge,
                # with no mark); the line under the table says the person in full.
                yield FitTable(
                    id="people-table",
                    cursor_type="row",
                    flexible=("name", "relationship", "organisation"),
                    in_order=True,  # the name first, as far as the room goes
                    enough={"name": 36},
                )
                yield DetailLine(id="person-detail")
            with TabPane(TAB_TITLES[4], id="reviews"):
                yield Static(id="deadline")
                yield FitTable(
                    id="reviews-table",
                    cursor_type="row",
                    flexible=("venue", "participation", "note"),
                )
                yield DetailLine(id="review-detail")
            with TabPane(TAB_TITLES[5], id="decisions"):
                # The owner shares the room: kept whole, at 80 columns it took 26 and left
                # the decision 12 ("Refer for C…", an adversarial check).
                yield FitTable(
                    id="decisions-table", cursor_type="row", flexible=("decision", "owner")
                )
                yield DetailLine(id="decision-detail")
            with TabPane(TAB_TITLES[6], id="timeline"):
                yield FitTable(id="timeline-table", cursor_type="row", flexible=("detail",))
        yield SteadyFooter(compact=True)

    def on_mount(self) -> None:
        columns = {
            # Short headings, so the table fits 80 columns (the line under it names
            # each code in full: RNE, REC and the reason for a move).
            "episodes": [
                "From",
                "To",
                "Why",
                "Legal",
                "Placement",
                "Provider",
                "Ended",
                "Moved",
            ],
            "people-table": [
                "Role",
                "Name",
                "Relationship",
                "Organisation",
                "Phone",  # the email is on the line under the table, with all the rest
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
        if self.initial_tab != "profile":
            # Opened on a tab (a diary item's link, a search result): the keys go to its
            # table, as a number key does, so Enter works on it at once. It went to the
            # tabs, and Enter on a decision did nothing until Tab was pressed.
            self.call_after_refresh(self._focus_tab_table, self.initial_tab)

    def _focus_tab_table(self, tab: str) -> None:
        tables = self.query_one(TabbedContent).get_pane(tab).query(DataTable)
        if tables:
            table = tables.first()
            if self.initial_row is not None and isinstance(table, FitTable):
                # The diary's decision, not the tab's first row (Enter updated another).
                table.keep_row(self.initial_row)
            table.focus()

    def on_screen_resume(self) -> None:
        if fresh.changed(self):
            self.load()

    @explains_refusals
    def load(self) -> None:
        self.record = record = load_child(self.store, self.child_ref)
        child = record.case.child
        self.sub_title = f"{child.display_name} ({child.child_ref})"
        deadline = deadline_for(record, self.store.rulebook(), self.today)
        in_care = record.case.looked_after_on(self.today)
        banner = f"{child.display_name} · {age_on(child.dob, self.today)} · " + (
            "in care" if in_care else "not in care"
        )
        if deadline:
            days = (deadline.due - self.today).days
            banner += f" · {deadline.rule} due {day(deadline.due)} ({days_phrase(days)})"
        final = final_review_first(record.case, deadline, self.store.rulebook(), self.today)
        if final is not None:
            days = (final - self.today).days
            banner += f" · final review before 18 by {day(final)} ({days_phrase(days)})"
        if child.red_list:
            banner += " · RED LIST"
        self.red_list_reason = red_list_suggestion(
            record.case, record.missing_periods(), self.today
        )
        banner_text = Text(banner, style="bold")
        if self.red_list_reason:
            banner_text.append(
                f"\nRed list suggested: {self.red_list_reason}. ctrl+l to put on the red list "
                "(reviews at least every 3 months).",
                style=f"bold {self.app.current_theme.warning}",
            )
        self.query_one("#child-banner", Static).update(banner_text)
        # Only the tab on show is filled; each other tab when it is first shown, or
        # when an action reads it (ten years of a child's history is hundreds of rows:
        # filling every tab just after the first took ~0.3 s on opening a child).
        self._deadline = deadline
        self._unfilled = set(TABS)
        self._fill(self.query_one(TabbedContent).active or self.initial_tab)
        self.refresh_bindings()

    @explains_refusals
    def action_red_list(self) -> None:
        """Accept the suggestion: the IRO's decision, audited like any profile edit."""
        from iro_tui.store.changes import update_profile

        if not getattr(self, "red_list_reason", None):
            return
        update_profile(self.store, self.child_ref, {"red_list": True})
        self.app.notify("On the red list: reviews at least every 3 months")
        self.load()
