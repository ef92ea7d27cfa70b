"""The child screen's tabs, each filled from the child's record: profile, legal
status, placement, people, reviews, decisions and the timeline."""

from __future__ import annotations

from datetime import date

from rich.table import Table
from rich.text import Text
from textual.widgets import DataTable, Static, TabbedContent

from iro_tui.domain.agenda import booked_reviews
from iro_tui.domain.agenda_items import final_review_window
from iro_tui.domain.between import PROGRESS
from iro_tui.domain.calendar import age_on
from iro_tui.domain.caseload import ChildRecord
from iro_tui.domain.checklist import checklist_lines, readiness
from iro_tui.domain.child_history import ReviewOnFile
from iro_tui.domain.codes import (
    CONTINUES_IN_CARE,
    ETHNICITY_MEANING,
    LEGAL_STATUS_MEANING,
    PARTICIPATION_MEANING,
    PLACEMENT_MEANING,
    REC_MEANING,
    RNE_MEANING,
    RPC_MEANING,
)
from iro_tui.domain.deadlines import ReviewDeadline, day_off_words
from iro_tui.domain.fields import counted
from iro_tui.domain.models import ChildCase, Episode
from iro_tui.domain.records import DECISION_STATUS, PERSON_ROLES, Decision, role_in_words
from iro_tui.domain.rulebook import Rulebook
from iro_tui.safe_text import plain
from iro_tui.screens.base import IroScreen
from iro_tui.screens.child_timeline import timeline
from iro_tui.screens.form_options import PROVIDER_MEANING
from iro_tui.store.reviews import load_checklist
from iro_tui.widgets.detail_line import DetailLine
from iro_tui.widgets.fit_table import FitTable, clip
from iro_tui.widgets.when import day, days_cell, days_phrase

TABS = ["profile", "legal", "placement", "people", "reviews", "decisions", "timeline"]
TAB_TITLES = [
    "1 Profile",
    "2 Legal",  # "Legal status" made the tabs 86 wide: at 80 columns the bar scrolled
    "3 Placement",
    "4 People",
    "5 Reviews",
    "6 Decisions",
    "7 Timeline",
]


def _provider_code(ep: Episode) -> str:
    """The 903 provider code in words ("PR4: private"), or "" with none."""
    code = ep.place_provider.value if ep.place_provider else ""
    return f"{code}: {PROVIDER_MEANING[code]}" if code else ""


def _provider(name: str | None, ep: Episode) -> str:
    """The provider's name, then its 903 code in words: "Fostering Ltd (PR4: private)".
    With no name, the code in words alone; " (PR5)" was all it said."""
    code = _provider_code(ep)
    if name and code:
        return f"{name} ({code})"
    return name or code


def episode_in_words(ep: Episode) -> str:
    """One episode, its dates and every 903 code with its meaning."""
    parts = [
        f"{ep.decom:%d/%m/%Y} to " + (f"{ep.dec:%d/%m/%Y}" if ep.dec else "now"),
        f"{ep.rne.value}: {RNE_MEANING[ep.rne.value]}",
        f"{ep.ls.value}: {LEGAL_STATUS_MEANING[ep.ls.value]}",
        f"{ep.place.value}: {PLACEMENT_MEANING[ep.place.value]}",
    ]
    if ep.place_provider:
        parts.append(_provider_code(ep))
    if ep.rec and ep.rec.value == CONTINUES_IN_CARE:
        parts.append("X1: a new episode followed, in care")
    elif ep.rec:
        parts.append(f"ended {ep.rec.value}: {REC_MEANING.get(ep.rec.value, ep.rec.value)}")
    if ep.reason_place_change:
        code = ep.reason_place_change.value
        parts.append(f"moved: {code}: {RPC_MEANING.get(code, code)}")
    return " · ".join(parts)


def _mother(mother: bool | None, born: date | None) -> str:
    if mother is None:
        return "not recorded"
    if not mother:
        return "no"
    return f"yes, her child born {born:%d/%m/%Y}" if born else "yes"


def _yes(value: object) -> str:
    return "yes" if value else "no"


def _grid(rows: list[tuple[str, str | None]]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for label, value in rows:
        grid.add_row(label, Text(plain(value)) if value else "—")  # as typed, never markup
    return grid


def _done_when(decision: Decision) -> Text:
    """A decision done: on time, or how late. The Days column was blank for one done 139
    days after it was due, which read as if done in time (an adversarial check)."""
    if decision.status != "done" or decision.completed_date is None:
        return Text("")
    late = (decision.completed_date - decision.due_date).days
    return Text(f"{counted(late, 'day')} late" if late > 0 else "on time", justify="right")


def _review_note(review: ReviewOnFile) -> str:
    """Why a booking was late, cancelled or moved, or a review held late: a review held
    says its own reason first (it showed its booking's, "Interpreter (Da…", beside the
    reason it was held late)."""
    if review.status == "held":
        return review.late_reason or review.late_booking_reason or ""
    return review.late_booking_reason or review.cancelled_reason or review.late_reason or ""


def _review_time(review: ReviewOnFile) -> str:
    """The booked time, when the review is booked or was held on the day booked: one
    held on another day showed the booking's 10:00 beside the day it was held."""
    if review.held_date is not None and review.held_date != review.scheduled_date:
        return ""
    return review.scheduled_time or ""


class ChildTabs(IroScreen):
    # The review to put the Reviews tab's cursor on at its next reload (one just recorded).
    review_to_select: str | None = None

    """The tabs of ChildScreen: the one on show filled first, the others after."""

    child_ref: str
    initial_tab: str
    record: ChildRecord
    red_list_reason: str | None
    _deadline: ReviewDeadline | None
    _unfilled: set[str]

    @property
    def today(self) -> date:
        return self.app.clock.today()

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
        self.refresh_bindings()  # the footer shows the tab's own keys (ChildScreen)

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
                    # What the 903 return takes of the child (e edits them).
                    ("UPN", c.upn or "not recorded"),
                    *([("Mother", _mother(c.mother, c.mc_dob))] if c.sex.value == "F" else []),
                ]
            )
        )

    def _episodes(self, record: ChildRecord) -> None:
        table = self.query_one("#episodes", FitTable)
        table.clear()
        for index, ep in reversed(list(enumerate(record.case.episodes))):
            # Cut with '…' where the column is narrow (the placement was cut mid-word,
            # "approved adopters (FFA)" read "app"); the line under the table says it all.
            table.add_row(
                f"{ep.decom:%d/%m/%Y}",
                f"{ep.dec:%d/%m/%Y}" if ep.dec else "now",
                clip(f"{ep.rne.value}: {RNE_MEANING[ep.rne.value]}"),
                clip(f"{ep.ls.value}: {LEGAL_STATUS_MEANING[ep.ls.value]}"),
                clip(f"{ep.place.value}: {PLACEMENT_MEANING[ep.place.value]}"),
                ep.place_provider.value if ep.place_provider else "",
                ep.rec.value if ep.rec else "",
                ep.reason_place_change.value if ep.reason_place_change else "",
                key=str(index),
            )
        table.fit()
        self._show_episode()

    def _show_episode(self) -> None:
        """The selected episode in full, every code in words."""
        table = self.query_one("#episodes", DataTable)
        episodes = self.record.case.episodes
        ep = None
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            ep = episodes[int(key)] if key is not None and key.isdigit() else None
        self.query_one("#episode-detail", DetailLine).show(
            "" if ep is None else episode_in_words(ep)
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
                    ("Provider", _provider(details.provider_name if details else None, ep)),
                    ("Carer", details.carer_name if details else ""),
                    ("Address", details.address if details else ""),
                    ("Postcode", ep.pl_post or ""),
                    ("Ofsted URN", ep.urn or ""),
                    ("Home postcode", ep.home_post or ""),
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
                clip(person.name),
                clip(person.relationship or ""),
                clip(person.organisation or ""),
                person.phone or "",
                _yes(person.active),
                key=str(person.id),
            )
        table.fit()
        table.keep_row(kept)
        self._show_person()

    def _show_person(self) -> None:
        """The selected person in full, to ring or write to from the child's screen: at
        80 columns the phone and email were off the table's edge."""
        table = self.query_one("#people-table", FitTable)
        key = table.cursor_key()
        person = next((p for p in self.record.people if str(p.id) == key), None)
        parts = (
            []
            if person is None
            else [
                f"{person.name} ({PERSON_ROLES[person.role]})",
                person.relationship or "",
                person.organisation or "",
                f"phone {person.phone}" if person.phone else "",
                person.email or "",
                "" if person.active else "no longer involved",
            ]
        )
        self.query_one("#person-detail", DetailLine).show(" · ".join(p for p in parts if p))

    def _reviews(self, record: ChildRecord, deadline: ReviewDeadline | None) -> None:
        off = day_off_words(deadline.due, self.store.rulebook().calendar) if deadline else ""
        text = (
            f"Statutory deadline: {deadline.due:%a} {day(deadline.due)} — {deadline.rule}, "
            f"{deadline.basis}." + (f" {off}." if off else "")
            if deadline
            else no_statutory_review(record.case, self.store.rulebook(), self.today)
        )
        booked = booked_reviews(record.case)
        eighteenth = record.case.child.eighteenth_birthday
        late = [r for r in booked if r.scheduled_date and r.scheduled_date >= eighteenth]
        if late:
            text += (
                f"\nBooked for {day(late[0].scheduled_date)}, on or after the 18th birthday "
                f"({day(eighteenth)}): no looked-after review then; k cancels it."
            )
        booked = [r for r in booked if r not in late]
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
        # A write reloads the table: stay on the same review, or on the one just recorded
        # (the cursor stayed on an older review, and `w` wrote that one's letter).
        kept = self.review_to_select or table.cursor_key()
        self.review_to_select = None
        table.clear()
        for r in record.reviews:
            on = r.held_date or r.scheduled_date
            code = r.participation_code
            table.add_row(
                day(on) if on else "",
                {"planned": "booked"}.get(r.status, r.status),
                _review_time(r),
                clip(r.venue or ""),
                clip(f"{code}: {PARTICIPATION_MEANING[code]}" if code else ""),
                clip(_review_note(r)),
                key=str(r.id),
            )
        table.fit()
        table.keep_row(kept)
        self._show_review()

    def _show_review(self) -> None:
        """The selected review in full: at 80 columns its venue and note (a reschedule's
        reason, a lateness reason) were cut short, with nothing under the table."""
        table = self.query_one("#reviews-table", FitTable)
        key = table.cursor_key()
        review = next((r for r in self.record.reviews if str(r.id) == key), None)
        if review is None:
            self.query_one("#review-detail", DetailLine).show("")
            return
        on = review.held_date or review.scheduled_date
        code = review.participation_code
        parts = [
            f"{day(on)} {_review_time(review)}".strip() if on else "",
            {"planned": "booked"}.get(review.status, review.status),
            review.venue or "",
            f"{code}: {PARTICIPATION_MEANING[code]}" if code else "",
            _review_note(review),
        ]
        self.query_one("#review-detail", DetailLine).show(" · ".join(p for p in parts if p))

    def _decisions(self, record: ChildRecord) -> None:
        table = self.query_one("#decisions-table", FitTable)
        kept = table.cursor_key()  # a write reloads the table: stay on the same decision
        table.clear()
        error = f"bold {self.app.current_theme.error}"
        ordered = sorted(record.decisions, key=lambda d: (d.status != "open", d.due_date))
        # The last progress said of each open decision: "open, at risk" (the column said
        # "open" of one the IRO had marked at risk twice).
        last = {p.decision_id: p.state for p in record.progress}
        for d in ordered:
            is_open = d.status == "open"
            late = d.is_overdue(self.today)
            style = error if late else ""
            status = DECISION_STATUS.get(d.status, d.status)
            if is_open and last.get(d.id) == "at_risk" and not late:
                status += ", at risk"
            table.add_row(
                Text(day(d.due_date), style=style),
                days_cell((d.due_date - self.today).days, error) if is_open else _done_when(d),
                Text(status, style=style),
                clip(d.text, style),
                clip(f"{d.owner_name} ({role_in_words(d.owner_role)})"),
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
        last = next(
            (
                p
                for p in reversed(self.record.progress)
                if decision and p.decision_id == decision.id
            ),
            None,
        )
        self.query_one("#decision-detail", DetailLine).show(
            ""
            if decision is None
            else f"{decision.text} · {decision.owner_name} · made {day(decision.made_date)}, "
            f"due {day(decision.due_date)}"
            + (
                f" · done {day(decision.completed_date)} ({_done_when(decision).plain})"
                if decision.completed_date and decision.status == "done"
                else ""
            )
            # The last update, and why (a decision no longer needed says so only there).
            + (
                f" · {PROGRESS[last.state].lower()} on {day(last.recorded_date)}"
                + (f": {last.note}" if last.note else "")
                if last and last.state != "done"  # its day is said above ("done 20/05")
                else ""
            )
            + (" · Enter puts it back on the list" if decision.status == "dropped" else "")
        )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "decisions-table" and hasattr(self, "record"):
            self._show_decision()
        elif event.data_table.id == "reviews-table" and hasattr(self, "record"):
            self._show_review()
        elif event.data_table.id == "episodes" and hasattr(self, "record"):
            self._show_episode()
        elif event.data_table.id == "people-table" and hasattr(self, "record"):
            self._show_person()

    def _timeline(self, record: ChildRecord) -> None:
        table = self.query_one("#timeline-table", FitTable)
        kept = table.cursor_key()
        table.clear()
        self.timeline_links: dict[str, str] = {}
        for index, entry in enumerate(timeline(record)):
            # A row's key is its link while that is unique (a note keeps its row across
            # a reload); a second row to the same place (a stage of the same escalation)
            # is keyed by its position and still reaches it through timeline_links.
            key = entry.link if entry.link and entry.link not in self.timeline_links else ""
            key = key or f"entry-{index}"
            self.timeline_links[key] = entry.link
            table.add_row(day(entry.day), entry.kind, clip(entry.text), key=key)
        table.fit()
        table.keep_row(kept)


def no_statutory_review(case: ChildCase, rulebook: Rulebook, today: date) -> str:
    """Said when no statutory review falls due: with the final review before 18 when
    that is still to be held (as the caseload and the diary give it). "No statutory
    review is due" alone, beside a caseload saying 27 days overdue, read as nothing
    to do; the booking form said it too."""
    window = (
        final_review_window(case, case.held_reviews, rulebook, today)
        if case.looked_after_on(today)
        else None
    )
    if window is None:
        return "No statutory review is due."
    opens, due = window
    when = days_phrase((due - today).days)
    return (
        "No statutory review falls due before the 18th birthday on "
        f"{day(case.child.eighteenth_birthday)}. Final review before 18: between "
        f"{opens:%a} {day(opens)} and {due:%a} {day(due)} ({when})."
    )
