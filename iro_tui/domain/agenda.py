"""The agenda: everything with a date, in one list, overdue first.

Kinds: `review` (the statutory deadline: one per child in care), `booked-review`
(the meeting), `pre-review` (checklist deadlines counted back from a booked
review), `decision`, `birthday`, `pathway-plan` and `final-review` (turning 18),
`iro-appointed` (a child new to care), `appointment`.

A whole authority (1,000 children, ten years of history) gives ~12,000 items on
every reload of the diary, so each case's periods of care, review history and
deadline are worked out once and shared by all of its items, and an item is a
plain named tuple rather than a validated model: the agenda builds it from dates
the domain computed, not from anything typed in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from iro_tui.domain.between import MIDPOINT_SHOWN_DAYS_BEFORE, Midpoint, midpoint_of
from iro_tui.domain.calendar import WorkingDayCalendar
from iro_tui.domain.checklist import ChecklistEntry, checklist_lines, readiness
from iro_tui.domain.deadlines import deadline_from_history
from iro_tui.domain.history import ReviewHistory, review_history
from iro_tui.domain.models import ChildCase, PeriodOfCare, Review
from iro_tui.domain.recording import POST_REVIEW_TASKS, post_review_deadlines
from iro_tui.domain.records import Appointment, Decision
from iro_tui.domain.rulebook import Rulebook

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
    # review id -> checklist item -> what was recorded
    checklists: dict[int, dict[str, ChecklistEntry]] = field(default_factory=dict)
    recorded: list[RecordedReview] = field(default_factory=list)
    # child_ref -> the date of the latest mid-point note
    midpoint_notes: dict[str, date] = field(default_factory=dict)
    follow_ups: list[FollowUp] = field(default_factory=list)
    escalation_stages: list[EscalationStage] = field(default_factory=list)
    # child_ref -> the date of the latest footprint note of any kind
    last_notes: dict[str, date] = field(default_factory=dict)


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


@lru_cache(maxsize=16384)
def _dmy(day: date) -> str:
    """Day/month/year, as the details say it; memoised, as strftime costs more than the
    rest of an item and a whole authority's diary names the same days thousands of times."""
    return day.strftime("%d/%m/%Y")


def _booked_after(case: ChildCase, after: date) -> list[Review]:
    booked = [
        r
        for r in case.reviews
        if r.status == "planned" and r.scheduled_date and r.scheduled_date >= after
    ]
    return sorted(booked, key=lambda r: r.scheduled_date or after)  # all have a date


def booked_reviews(case: ChildCase):
    """Planned reviews after the last one held in this period, earliest first."""
    period = case.current_period()
    if period is None:
        return []
    held = case.held_reviews_in(period)
    return _booked_after(case, (held[-1].held_date or period.start) if held else period.start)


def booked_review(case: ChildCase) -> date | None:
    booked = booked_reviews(case)
    return booked[0].scheduled_date if booked else None


def _case_items(
    case: ChildCase, data: DiaryData, rulebook: Rulebook, today: date, items: list[AgendaItem]
) -> None:
    """Every item of one child's case, appended to `items`; the case's periods, review
    history and deadline are worked out once here and shared by its items."""
    child, name = case.child.child_ref, case.child.display_name
    periods = case.periods()
    period = periods[-1] if periods else None
    history = review_history(case, rulebook, periods)
    in_period = period is not None and not period.ended
    # Reviews held in any period of care, earliest first.
    held_ever = sorted(r.held_date for r in case.reviews if r.status == "held" and r.held_date)
    booked: list[Review] = []
    if period is not None and history is not None:
        # Planned reviews after the last one held in this period, earliest first.
        booked = _booked_after(case, history.held[-1] if history.held else period.start)

    # The statutory deadline (domain/deadlines.py).
    deadline = deadline_from_history(case, rulebook, periods, history)
    if deadline is not None:
        items.append(
            AgendaItem(
                child=child,
                child_name=name,
                kind="review",
                due=deadline.due,
                # Deadlines are inclusive: a review held on its deadline is on time.
                overdue=deadline.due < today,
                title=f"{deadline.rule.capitalize()} due"
                + (" (earlier history not in the store)" if deadline.history_missing else ""),
                detail=deadline.basis,
                scheduled=booked[0].scheduled_date if booked else None,
                link=f"child:{child}:reviews",
                key=f"deadline-{child}",
            )
        )
    if in_period:
        _booking_items(child, name, booked, rulebook, today, data.checklists, items)
        _birthday_items(case, rulebook, today, items)
        _final_review_items(case, held_ever, rulebook, today, items)
        if period is not None and history is not None:  # always so in a period of care
            _iro_appointed_items(case, period, history, data, rulebook, today, items)
    _adjourned_items(case, held_ever, rulebook, today, items)
    if in_period and case.looked_after_on(today):
        _midpoint_item(case, midpoint_of(deadline, history), data, today, items)


def _booking_items(
    child: str,
    name: str,
    booked: list[Review],
    rulebook: Rulebook,
    today: date,
    checklists: dict[int, dict[str, ChecklistEntry]],
    items: list[AgendaItem],
) -> None:
    for review in booked:
        meeting = review.scheduled_date
        if meeting is None:  # a booking always has its date (_booked_after)
            continue
        where = f" at {review.venue}" if review.venue else ""
        passed = meeting < today
        done = checklists.get(review.id, {}) if review.id is not None else {}
        lines = checklist_lines(meeting, done, rulebook)
        items.append(
            AgendaItem(
                child=child,
                child_name=name,
                kind="booked-review",
                due=meeting,
                overdue=passed,
                title=("Review meeting: not yet recorded" if passed else "Review meeting") + where,
                detail=f"Checklist {readiness(lines, today)}",
                time=review.scheduled_time,
                scheduled=meeting,
                link=f"review:{review.id}",
                key=f"review-{review.id}",
            )
        )
        if passed:
            continue
        for line in lines:
            # Items with a deadline of their own before the day (counted back in
            # working days by the rulebook); done or not-applicable items leave.
            if line.spec.offset is None or line.entry.state != "not_done":
                continue
            offset = getattr(rulebook.pre_review, line.spec.offset)
            items.append(
                AgendaItem(
                    child=child,
                    child_name=name,
                    kind="pre-review",
                    due=line.deadline,
                    overdue=line.deadline < today,
                    title=line.spec.label,
                    detail=f"{offset} working days before the review on {_dmy(meeting)}",
                    scheduled=meeting,
                    link=f"review:{review.id}",
                    key=f"prereview-{review.id}-{line.spec.key}",
                )
            )


def _adjourned_items(
    case: ChildCase, held_ever: list[date], rulebook: Rulebook, today: date, items: list[AgendaItem]
) -> None:
    """An adjourned review must be completed within 20 WD of the date it was scheduled
    (IRO Handbook 3.25); it stays in the diary until a review is held on or after it."""
    latest_held = held_ever[-1] if held_ever else None
    for review in case.reviews:
        if review.status != "adjourned" or review.scheduled_date is None:
            continue
        if latest_held is not None and latest_held >= review.scheduled_date:
            continue
        due = rulebook.reviews.adjournment_completion.after(
            review.scheduled_date, rulebook.calendar
        )
        items.append(
            AgendaItem(
                child=case.child.child_ref,
                child_name=case.child.display_name,
                kind="adjourned-review",
                due=due,
                overdue=due < today,
                title="Complete the adjourned review",
                detail=f"adjourned on {_dmy(review.scheduled_date)}; record it as held on "
                "that date, completed within 20 working days",
                link=f"child:{case.child.child_ref}:reviews",
                key=f"adjourned-{review.id}",
            )
        )


def _birthday_items(
    case: ChildCase, rulebook: Rulebook, today: date, items: list[AgendaItem]
) -> None:
    child, name = case.child.child_ref, case.child.display_name
    birthday = case.child.eighteenth_birthday
    items.append(
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
    )
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
                detail=f"{offset} working days before the 18th birthday on {_dmy(birthday)}",
                link=f"child:{child}:profile",
                key=f"pathway-{child}",
            )
        )


def _final_review_items(
    case: ChildCase, held_ever: list[date], rulebook: Rulebook, today: date, items: list[AgendaItem]
) -> None:
    """City of London protocol: the final review is held 4-6 weeks before the 18th
    birthday. Done when a review is held inside that window or later (before 18);
    a review held earlier than 6 weeks before does not count as the final one."""
    birthday = case.child.eighteenth_birthday
    if birthday < today:
        return
    leaving = rulebook.leaving_care
    opens = birthday - timedelta(weeks=leaving.final_review_earliest_weeks_before_18)
    due = birthday - timedelta(weeks=leaving.final_review_weeks_before_18)
    if any(opens <= held < birthday for held in held_ever):
        return
    child = case.child.child_ref
    items.append(
        AgendaItem(
            child=child,
            child_name=case.child.display_name,
            kind="final-review",
            due=due,
            # Inclusive like every deadline: a final review held on `due` is on time.
            overdue=due < today,
            title="Final review before 18",
            detail=f"between {_dmy(opens)} and {_dmy(due)}: "
            f"{leaving.final_review_earliest_weeks_before_18}-"
            f"{leaving.final_review_weeks_before_18} weeks before the 18th birthday on "
            f"{_dmy(birthday)}",
            link=f"child:{child}:reviews",
            key=f"final-review-{child}",
        )
    )


def _iro_appointed_items(
    case: ChildCase,
    period: PeriodOfCare,
    history: ReviewHistory,
    data: DiaryData,
    rulebook: Rulebook,
    today: date,
    items: list[AgendaItem],
) -> None:
    """The IRO is appointed within 5 WD of the child becoming looked after (Jersey
    handbook 7.2, adopted as practice). The store is this IRO's caseload, so what
    marks it done is the IRO's first act on the case in this period of care: a
    footprint note (any kind, e.g. the introduction to the SW) or a review held."""
    if not case.looked_after_on(today):
        return
    if not period.start_known:
        return  # the store lacks the start of care (domain/history.py): no date to count
    start = period.start
    if history.held:
        return
    noted = data.last_notes.get(case.child.child_ref)
    if noted is not None and noted >= start:
        return
    days = rulebook.appointment.iro_appointed_working_days
    due = rulebook.calendar.add_working_days(start, days)
    child = case.child.child_ref
    items.append(
        AgendaItem(
            child=child,
            child_name=case.child.display_name,
            kind="iro-appointed",
            due=due,
            overdue=due < today,
            title="IRO appointed: first footprint note",
            detail=f"{days} working days after becoming looked after on {_dmy(start)}; "
            "done by a footprint note (F5) or the first review",
            link=f"child:{child}:timeline",
            key=f"iro-appointed-{child}-{start}",
        )
    )


def _midpoint_item(
    case: ChildCase, point: Midpoint | None, data: DiaryData, today: date, items: list[AgendaItem]
) -> None:
    """In the diary from two weeks before the mid-point until a mid-point note is made."""
    if point is None:
        return
    done = data.midpoint_notes.get(case.child.child_ref)
    if done is not None and done >= point.since:
        return
    if today < point.due - timedelta(days=MIDPOINT_SHOWN_DAYS_BEFORE):
        return
    items.append(
        AgendaItem(
            child=case.child.child_ref,
            child_name=case.child.display_name,
            kind="midpoint",
            due=point.due,
            overdue=point.due < today,
            title="Mid-point monitoring check",
            detail=f"halfway between {_dmy(point.since)} and the deadline {_dmy(point.deadline)}",
            link=f"midpoint:{case.child.child_ref}",
            key=f"midpoint-{case.child.child_ref}-{point.since}",
        )
    )


def _decision_items(data: DiaryData, names: dict[str, str], today: date) -> list[AgendaItem]:
    return [
        AgendaItem(
            child=d.child_ref,
            child_name=names.get(d.child_ref),
            kind="decision",
            due=d.due_date,
            overdue=d.is_overdue(today),
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


def _post_review_items(
    data: DiaryData, names: dict[str, str], rulebook: Rulebook, today: date
) -> list[AgendaItem]:
    """After the review (handbook 3.70-3.71): each task is a deadline until done."""
    items = []
    for review in data.recorded:
        deadlines = post_review_deadlines(review.completed, review.decisions_sent, rulebook)
        done = {
            "decisions_sent": review.decisions_sent,
            "record_sent": review.record_sent,
            "care_plan_updated": review.care_plan_updated,
            "manager_response": review.manager_response,
        }
        for task, label in POST_REVIEW_TASKS.items():
            if done[task] is not None:
                continue
            items.append(
                AgendaItem(
                    child=review.child_ref,
                    child_name=names.get(review.child_ref),
                    kind="post-review",
                    due=deadlines[task],
                    overdue=deadlines[task] < today,
                    title=label,
                    detail=f"after the review completed on {_dmy(review.completed)}",
                    link=f"review:{review.review_id}",
                    key=f"postreview-{review.review_id}-{task}",
                )
            )
    return items


def _between_items(data: DiaryData, names: dict[str, str], today: date) -> list[AgendaItem]:
    items = [
        AgendaItem(
            child=f.child_ref,
            child_name=names.get(f.child_ref),
            kind="follow-up",
            due=f.due,
            overdue=f.due < today,
            title="Follow up a footprint note",
            detail=f.kind.replace("_", " "),
            link=f"note:{f.note_id}",
            key=f"followup-{f.note_id}",
        )
        for f in data.follow_ups
    ]
    items += [
        AgendaItem(
            child=s.child_ref,
            child_name=names.get(s.child_ref),
            kind="escalation",
            due=s.response_due,
            overdue=s.response_due < today,
            title=f"Response due: {s.stage_name}",
            detail="dispute resolution",
            link=f"escalation:{s.escalation_id}",
            key=f"escalation-{s.escalation_id}-{s.stage_name}",
        )
        for s in data.escalation_stages
    ]
    return items


def build_agenda(
    data: DiaryData, rulebook: Rulebook, today: date, days: int | None = None
) -> list[AgendaItem]:
    """Every dated item, overdue first, then by due date and time.

    With `days`, items due after today + days are left out; overdue items always stay.
    """
    names = {c.child.child_ref: c.child.display_name for c in data.cases}
    items: list[AgendaItem] = []
    for case in data.cases:
        _case_items(case, data, rulebook, today, items)
    items += _decision_items(data, names, today)
    items += _appointment_items(data, names, today)
    items += _post_review_items(data, names, rulebook, today)
    items += _between_items(data, names, today)
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


# Statutory review deadlines (CPPCR 2010 reg 33; Jersey handbook 3.23) and an
# adjourned review's 20 WD completion (handbook 3.25) are the deadlines the law sets:
# within each diary section they come before decisions, checks and appointments.
STATUTORY_KINDS = ("review", "adjourned-review")
SECTIONS = ("Overdue", "Today", "This week", "Next four weeks", "Later")


def diary_order(items: list[AgendaItem], today: date) -> list[AgendaItem]:
    """Section by section; statutory review deadlines first in each, then by date."""
    return sorted(
        items,
        key=lambda i: (
            SECTIONS.index(section(i, today)),
            i.kind not in STATUTORY_KINDS,
            i.due,
            i.time or "",
            i.child or "",
            i.kind,
            i.title,
        ),
    )


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
