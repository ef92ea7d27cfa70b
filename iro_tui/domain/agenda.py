"""The agenda: everything with a date, in one list, overdue first.

Kinds: `review` (the statutory deadline: one per child in care), `booked-review`
(the meeting), `pre-review` (checklist deadlines counted back from a booked
review), `decision`, `birthday` and `pathway-plan` (turning 18), `appointment`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict

from iro_tui.domain.calendar import WorkingDayCalendar, eighteenth_birthday
from iro_tui.domain.deadlines import next_review_deadline
from iro_tui.domain.models import ChildCase
from iro_tui.domain.records import Appointment, Decision
from iro_tui.domain.rulebook import Rulebook

# The checklist items with a deadline, in the order they fall due (domain.md,
# "Before each review"; offsets in working days come from the rulebook).
PRE_REVIEW_TASKS: dict[str, str] = {
    "sw_conversation": "Speak with the SW: venue, invitations, language and interpreter",
    "consultation_sent": "Consultation documents sent",
    "sw_report": "SW report received",
    "pep": "PEP received",
    "health_assessment": "Health assessment / health plan received",
}
SOON_WORKING_DAYS = 5  # amber: due within 5 working days


class AgendaItem(BaseModel):
    model_config = ConfigDict(frozen=True)

    child: str | None  # the 903 CHILD id
    child_name: str | None
    kind: str
    due: date
    overdue: bool
    title: str
    detail: str = ""
    scheduled: date | None = None
    time: str | None = None
    link: str = ""  # where it is dealt with: "child:REF:TAB" or "appointment:ID"
    key: str = ""  # stable identity, e.g. for calendar UIDs

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
        return data


@dataclass(frozen=True)
class DiaryData:
    """What the agenda is computed from, loaded by the store in one go."""

    cases: list[ChildCase]
    decisions: list[Decision] = field(default_factory=list)
    appointments: list[Appointment] = field(default_factory=list)
    # (review id, checklist item) pairs that are done or not applicable
    checklist_closed: frozenset[tuple[int, str]] = frozenset()


def _in_current_period(case: ChildCase) -> bool:
    episodes = case.episodes_in_current_period()
    return bool(episodes) and episodes[-1].dec is None


def booked_reviews(case: ChildCase):
    """Planned reviews after the last one held in this period, earliest first."""
    start = case.current_period_start
    if start is None:
        return []
    held = [d for d in case.held_reviews if d >= start]
    after = held[-1] if held else start
    booked = [
        r
        for r in case.reviews
        if r.status == "planned" and r.scheduled_date and r.scheduled_date >= after
    ]
    return sorted(booked, key=lambda r: r.scheduled_date)


def booked_review(case: ChildCase) -> date | None:
    booked = booked_reviews(case)
    return booked[0].scheduled_date if booked else None


def _review_items(case: ChildCase, rulebook: Rulebook, today: date) -> list[AgendaItem]:
    child, name = case.child.child_ref, case.child.display_name
    items = []
    deadline = next_review_deadline(case, rulebook)
    if deadline is not None:
        items.append(
            AgendaItem(
                child=child,
                child_name=name,
                kind="review",
                due=deadline.due,
                # Deadlines are inclusive: a review held on its deadline is on time.
                overdue=deadline.due < today,
                title=f"{deadline.rule.capitalize()} due",
                detail=deadline.basis,
                scheduled=booked_review(case),
                link=f"child:{child}:reviews",
                key=f"deadline-{child}",
            )
        )
    return items


def _booking_items(
    case: ChildCase, rulebook: Rulebook, today: date, closed: frozenset[tuple[int, str]]
) -> list[AgendaItem]:
    if not _in_current_period(case):
        return []
    child, name = case.child.child_ref, case.child.display_name
    calendar = rulebook.calendar
    items = []
    for review in booked_reviews(case):
        meeting = review.scheduled_date
        where = f" at {review.venue}" if review.venue else ""
        passed = meeting < today
        items.append(
            AgendaItem(
                child=child,
                child_name=name,
                kind="booked-review",
                due=meeting,
                overdue=passed,
                title=("Review meeting: not yet recorded" if passed else "Review meeting") + where,
                detail=f"{review.scheduled_time or ''}{where}".strip(),
                time=review.scheduled_time,
                scheduled=meeting,
                link=f"child:{child}:reviews",
                key=f"review-{review.id}",
            )
        )
        if passed:
            continue
        offsets = rulebook.pre_review.model_dump()
        for task, label in PRE_REVIEW_TASKS.items():
            if (review.id, task) in closed:
                continue
            # Counted back in working days from the booked date (rulebook pre_review).
            due = calendar.add_working_days(meeting, -offsets[task])
            items.append(
                AgendaItem(
                    child=child,
                    child_name=name,
                    kind="pre-review",
                    due=due,
                    overdue=due < today,
                    title=label,
                    detail=f"{offsets[task]} working days before the review on {meeting:%d/%m/%Y}",
                    scheduled=meeting,
                    link=f"child:{child}:reviews",
                    key=f"prereview-{review.id}-{task}",
                )
            )
    return items


def _birthday_items(case: ChildCase, rulebook: Rulebook, today: date) -> list[AgendaItem]:
    if not _in_current_period(case):
        return []
    child, name = case.child.child_ref, case.child.display_name
    birthday = eighteenth_birthday(case.child.dob)
    items = [
        AgendaItem(
            child=child,
            child_name=name,
            kind="birthday",
            due=birthday,
            overdue=birthday < today,
            title="Turns 18: leaves care"
            if birthday >= today
            else "Turned 18 but still recorded in care",
            detail="The child becomes a care leaver; no review falls due on or after this day.",
            link=f"child:{child}:profile",
            key=f"birthday-{child}",
        )
    ]
    if birthday >= today:
        # Jersey handbook 5.9, adopted as practice: final pathway plan 20 WD before 18.
        offset = rulebook.leaving_care.final_pathway_plan_working_days_before_18
        due = rulebook.calendar.add_working_days(birthday, -offset)
        items.append(
            AgendaItem(
                child=child,
                child_name=name,
                kind="pathway-plan",
                due=due,
                overdue=due < today,
                title="Final pathway plan to the IRO",
                detail=f"{offset} working days before the 18th birthday on {birthday:%d/%m/%Y}",
                link=f"child:{child}:profile",
                key=f"pathway-{child}",
            )
        )
    return items


def _decision_items(data: DiaryData, names: dict[str, str], today: date) -> list[AgendaItem]:
    return [
        AgendaItem(
            child=d.child_ref,
            child_name=names.get(d.child_ref),
            kind="decision",
            due=d.due_date,
            overdue=d.due_date < today,
            title=d.text,
            detail=f"{d.owner_name} ({d.owner_role.replace('_', ' ')})",
            link=f"child:{d.child_ref}:decisions",
            key=f"decision-{d.id}",
        )
        for d in data.decisions
        if d.status == "open"
    ]


def _appointment_items(data: DiaryData, names: dict[str, str], today: date) -> list[AgendaItem]:
    return [
        AgendaItem(
            child=a.child_ref,
            child_name=names.get(a.child_ref) if a.child_ref else None,
            kind="appointment",
            due=a.appt_date,
            overdue=False,
            title=a.title,
            detail=" ".join(
                p
                for p in (f"{a.start_time}-{a.end_time}" if a.end_time else a.start_time, a.place)
                if p
            ),
            time=a.start_time,
            link=f"appointment:{a.id}",
            key=f"appointment-{a.id}",
        )
        for a in data.appointments
        if a.appt_date >= today
    ]


def build_agenda(
    data: DiaryData, rulebook: Rulebook, today: date, days: int | None = None
) -> list[AgendaItem]:
    """Every dated item, overdue first, then by due date and time.

    With `days`, items due after today + days are left out; overdue items always stay.
    """
    names = {c.child.child_ref: c.child.display_name for c in data.cases}
    items: list[AgendaItem] = []
    for case in data.cases:
        items += _review_items(case, rulebook, today)
        items += _booking_items(case, rulebook, today, data.checklist_closed)
        items += _birthday_items(case, rulebook, today)
    items += _decision_items(data, names, today)
    items += _appointment_items(data, names, today)
    if days is not None:
        horizon = today + timedelta(days=days)
        items = [i for i in items if i.overdue or i.due <= horizon]
    return sorted(
        items, key=lambda i: (not i.overdue, i.due, i.time or "", i.child or "", i.kind, i.title)
    )


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


def section(item: AgendaItem, today: date) -> str:
    """Overdue, Today, This week (the next 7 days), Next four weeks, Later."""
    if item.overdue:
        return "Overdue"
    if item.due == today:
        return "Today"
    if item.due <= today + timedelta(days=7):
        return "This week"
    if item.due <= today + timedelta(days=28):
        return "Next four weeks"
    return "Later"
