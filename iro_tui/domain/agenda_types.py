"""The agenda's types and its order: an item, what the agenda is computed from, and
how the diary sorts and colours items (the items themselves: domain/agenda_items.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from iro_tui.domain.calendar import WorkingDayCalendar
from iro_tui.domain.checklist import ChecklistEntry
from iro_tui.domain.clock import FOUR_WEEKS_DAYS, WEEK_DAYS
from iro_tui.domain.models import ChildCase
from iro_tui.domain.records import Appointment, Decision

SOON_WORKING_DAYS = 5  # amber: due within 5 working days


class AgendaItem(NamedTuple):
    """One dated thing in the diary. Immutable; a named tuple because the diary builds
    one per deadline of a whole authority on every reload (bench/run.py)."""

    child: str | None  # the 903 CHILD id
    child_name: str | None
    kind: str
    due: date
    overdue: bool
    title: str
    detail: str = ""
    scheduled: date | None = None
    time: str | None = None
    link: str = ""  # where it is dealt with: "child:REF:TAB[:ROW]" or "appointment:ID"
    key: str = ""  # stable identity, e.g. for calendar UIDs
    # The child is no longer in care (and has no live review deadline): their open
    # decisions and tasks stay in the diary, said so, after those of children in care.
    left_care: bool = False
    until: str | None = None  # an appointment's end time, HH:MM (the calendar export)

    def days_left(self, today: date) -> int:
        return (self.due - today).days

    def as_json(self) -> dict:
        data = {
            "child": self.child,
            "kind": self.kind,
            "due": self.due.isoformat(),
            "overdue": self.overdue,
            "title": self.title,
            "detail": self.detail,
        }
        if self.scheduled is not None:
            data["scheduled"] = self.scheduled.isoformat()
        if self.time:
            data["time"] = self.time
        if self.left_care:
            data["left_care"] = True
        return data


@dataclass(frozen=True)
class DiaryData:
    """What the agenda is computed from, loaded by the store in one go."""

    cases: list[ChildCase]
    decisions: list[Decision] = field(default_factory=list)
    appointments: list[Appointment] = field(default_factory=list)
    # review id -> checklist item -> what was recorded
    checklists: dict[int, dict[str, ChecklistEntry]] = field(default_factory=dict)
    recorded: list[RecordedReview] = field(default_factory=list)
    # child_ref -> the date of the latest mid-point note
    midpoint_notes: dict[str, date] = field(default_factory=dict)
    follow_ups: list[FollowUp] = field(default_factory=list)
    escalation_stages: list[EscalationStage] = field(default_factory=list)
    # Open formal disputes: (child_ref, escalation id, the day its first formal stage opened)
    formal_disputes: list[tuple[str, int, date]] = field(default_factory=list)
    # child_ref -> the date of the latest footprint note of any kind
    last_notes: dict[str, date] = field(default_factory=dict)
    # The children with a review record begun and not saved (a draft kept by autosave)
    drafts: list[str] = field(default_factory=list)
    # Footprint notes begun and not saved: (the form's draft key, its child if known)
    note_drafts: list[tuple[str, str | None]] = field(default_factory=list)
    # Other forms begun and not saved: (the draft's key, the form's title, its child)
    form_drafts: list[tuple[str, str, str | None]] = field(default_factory=list)


@dataclass(frozen=True)
class FollowUp:
    child_ref: str
    note_id: int
    due: date
    kind: str


@dataclass(frozen=True)
class EscalationStage:
    child_ref: str
    escalation_id: int
    stage_name: str
    response_due: date


@dataclass(frozen=True)
class RecordedReview:
    """A review recorded in iro-tui, with its after-the-review dates."""

    child_ref: str
    review_id: int
    completed: date
    decisions_sent: date | None = None
    record_sent: date | None = None
    care_plan_updated: date | None = None
    manager_response: date | None = None


def urgency(item: AgendaItem, today: date, calendar: WorkingDayCalendar) -> str:
    """'overdue' (red), 'soon' (amber: within 5 working days) or 'later'."""
    if item.overdue:
        return "overdue"
    if (
        item.kind != "appointment"
        and calendar.working_days_between(today, item.due) <= SOON_WORKING_DAYS
    ):
        return "soon"
    return "later"


# Statutory review deadlines (CPPCR 2010 reg 33; Jersey handbook 3.23) and an
# adjourned review's 20 WD completion (handbook 3.25) are the deadlines the law sets:
# within each diary section they come before decisions, checks and appointments.
# The statutory review deadlines, first in each section of the diary (issue 14): the
# final review before 18 is one (it sat below years-old decisions of a whole authority).
STATUTORY_KINDS = ("review", "adjourned-review", "final-review")
# A review record or a footprint note begun and not saved (agenda_items.draft_items).
UNSAVED_KINDS = ("draft", "note-draft", "form-draft")
# "Next 7 days", not "This week": on a Friday it held the next Tuesday (a walk-through).
SECTIONS = ("Overdue", "Today", "Next 7 days", "Next four weeks", "Later")


def diary_order(items: list[AgendaItem], today: date) -> list[AgendaItem]:
    """Section by section; words typed and not yet saved first (under Today: on a whole
    authority a review record's draft sat among a hundred of the day's items), then
    statutory review deadlines, then by date, the tasks of children who have left care
    after those of children in care."""
    return sorted(
        items,
        key=lambda i: (
            SECTIONS.index(section(i, today)),
            i.kind not in UNSAVED_KINDS,
            i.kind not in STATUTORY_KINDS,
            i.left_care,
            i.due,
            i.time or "",
            i.child or "",
            i.kind,
            i.title,
        ),
    )


def section(item: AgendaItem, today: date) -> str:
    """Overdue, Today, Next 7 days (tomorrow to a week today), Next four weeks (to four
    weeks today), Later."""
    if item.overdue:
        return "Overdue"
    if item.due == today:
        return "Today"
    if item.due <= today + timedelta(days=WEEK_DAYS):
        return "Next 7 days"
    if item.due <= today + timedelta(days=FOUR_WEEKS_DAYS):
        return "Next four weeks"
    return "Later"
