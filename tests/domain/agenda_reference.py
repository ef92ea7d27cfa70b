"""The agenda computed the straightforward way, as iro_tui/domain/agenda.py did before
issue 12 made it fast: every helper asks the case again (periods, held reviews, the
deadline), every item is a validated pydantic model. Kept only so that
test_agenda_equivalence.py can check the fast agenda shows exactly the same items.
Do not "fix" it to match: it is the yardstick.
"""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict

from iro_tui.domain.agenda import DiaryData
from iro_tui.domain.between import NOTE_KINDS
from iro_tui.domain.calendar import eighteenth_birthday
from iro_tui.domain.checklist import ChecklistEntry, checklist_lines, readiness
from iro_tui.domain.deadlines import day_off_words, next_review_deadline
from iro_tui.domain.models import ChildCase
from iro_tui.domain.recording import POST_REVIEW_TASKS, post_review_deadlines
from iro_tui.domain.records import role_in_words
from iro_tui.domain.rulebook import Rulebook


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
    left_care: bool = False  # the child is not in care and has no review deadline
    until: str | None = None  # an appointment's end time

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


def _in_current_period(case: ChildCase) -> bool:
    period = case.current_period()
    return period is not None and not period.ended


def booked_reviews(case: ChildCase):
    """Planned reviews after the last one held in this period, earliest first."""
    period = case.current_period()
    if period is None:
        return []
    held = case.held_reviews_in(period)
    after = held[-1].held_date if held else period.start
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
    if deadline is not None and (
        deadline.unless_no_break_by is None or today <= deadline.unless_no_break_by
    ):
        off = day_off_words(deadline.due, rulebook.calendar)
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
                detail=deadline.basis + (f" · {off}" if off else ""),
                scheduled=booked_review(case),
                link=f"child:{child}:reviews",
                key=f"deadline-{child}",
            )
        )
    return items


def _booking_items(
    case: ChildCase,
    rulebook: Rulebook,
    today: date,
    checklists: dict[int, dict[str, ChecklistEntry]],
) -> list[AgendaItem]:
    if not _in_current_period(case):
        return []
    child, name = case.child.child_ref, case.child.display_name
    items = []
    for review in booked_reviews(case):
        meeting = review.scheduled_date
        if meeting >= case.child.eighteenth_birthday:
            # A behaviour, not a speed-up: a booking on or after the 18th birthday is no
            # looked-after review (agenda_items.booking_items).
            items.append(
                AgendaItem(
                    child=child,
                    child_name=name,
                    kind="booked-review",
                    due=meeting,
                    overdue=meeting < today,
                    title="Review booked on or after the 18th birthday: cancel it",
                    detail=f"turns 18 on {case.child.eighteenth_birthday:%d/%m/%Y}: no "
                    "looked-after review then; k on the child cancels the booking",
                    time=review.scheduled_time,
                    scheduled=meeting,
                    link=f"review:{review.id}",
                    key=f"review-{review.id}",
                )
            )
            continue
        where = f" at {review.venue}" if review.venue else ""
        passed = meeting < today
        lines = checklist_lines(meeting, checklists.get(review.id, {}), rulebook)
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
                    detail=f"{offset} working days before the review on {meeting:%d/%m/%Y}",
                    scheduled=meeting,
                    link=f"review:{review.id}",
                    key=f"prereview-{review.id}-{line.spec.key}",
                )
            )
    return items


def _adjourned_items(case: ChildCase, rulebook: Rulebook, today: date) -> list[AgendaItem]:
    """An adjourned review must be completed within 20 WD of the date it was scheduled
    (IRO Handbook 3.25); it stays in the diary until a review is held on or after it."""
    items = []
    # A behaviour, not a speed-up (issue 12 left this file alone): a review adjourned
    # within its deadline is that deadline, listed once (deadlines._adjourned).
    deadline = next_review_deadline(case, rulebook)
    as_deadline = deadline.adjourned_on if deadline is not None else None
    for review in case.reviews:
        if review.status != "adjourned" or review.scheduled_date is None:
            continue
        if review.scheduled_date == as_deadline:
            continue
        if any(held >= review.scheduled_date for held in case.held_reviews):
            continue
        due = min(
            rulebook.reviews.adjournment_completion.after(review.scheduled_date, rulebook.calendar),
            case.child.eighteenth_birthday - timedelta(days=1),
        )
        items.append(
            AgendaItem(
                child=case.child.child_ref,
                child_name=case.child.display_name,
                kind="adjourned-review",
                due=due,
                overdue=due < today,
                title="Complete the adjourned review",
                detail=f"adjourned on {review.scheduled_date:%d/%m/%Y}; record it as held on "
                "that date, completed within 20 working days",
                link=f"child:{case.child.child_ref}:reviews",
                key=f"adjourned-{review.id}",
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


def _final_review_items(case: ChildCase, rulebook: Rulebook, today: date) -> list[AgendaItem]:
    """City of London protocol: the final review is held 4-6 weeks before the 18th
    birthday. Done when a review is held inside that window or later (before 18);
    a review held earlier than 6 weeks before does not count as the final one."""
    if not _in_current_period(case):
        return []
    birthday = eighteenth_birthday(case.child.dob)
    if birthday < today:
        return []
    leaving = rulebook.leaving_care
    opens = birthday - timedelta(weeks=leaving.final_review_earliest_weeks_before_18)
    due = birthday - timedelta(weeks=leaving.final_review_weeks_before_18)
    if any(opens <= held < birthday for held in case.held_reviews):
        return []
    child = case.child.child_ref
    return [
        AgendaItem(
            child=child,
            child_name=case.child.display_name,
            kind="final-review",
            due=due,
            # Inclusive like every deadline: a final review held on `due` is on time.
            overdue=due < today,
            title="Final review before 18",
            detail=f"between {opens:%d/%m/%Y} and {due:%d/%m/%Y}: "
            f"{leaving.final_review_earliest_weeks_before_18}-"
            f"{leaving.final_review_weeks_before_18} weeks before the 18th birthday on "
            f"{birthday:%d/%m/%Y}",
            link=f"child:{child}:reviews",
            key=f"final-review-{child}",
        )
    ]


def _iro_appointed_items(
    case: ChildCase, data: DiaryData, rulebook: Rulebook, today: date
) -> list[AgendaItem]:
    """The IRO is appointed within 5 WD of the child becoming looked after (Jersey
    handbook 7.2, adopted as practice). The store is this IRO's caseload, so what
    marks it done is the IRO's first act on the case in this period of care: a
    footprint note (any kind, e.g. the introduction to the SW) or a review held."""
    period = case.current_period()
    if period is None or period.ended or not case.looked_after_on(today):
        return []
    if not period.start_known:
        return []  # the store lacks the start of care (domain/history.py): no date to count
    start = period.start
    if case.held_reviews_in(period):
        return []
    noted = data.last_notes.get(case.child.child_ref)
    if noted is not None and noted >= start:
        return []
    days = rulebook.appointment.iro_appointed_working_days
    due = rulebook.calendar.add_working_days(start, days)
    if case.child.joined_on is not None and due < case.child.joined_on:
        return []  # due before this IRO had the child
    child = case.child.child_ref
    return [
        AgendaItem(
            child=child,
            child_name=case.child.display_name,
            kind="iro-appointed",
            due=due,
            overdue=due < today,
            title="IRO appointed: first footprint note",
            detail=f"{days} working days after becoming looked after on {start:%d/%m/%Y}; "
            "done by a footprint note (F5) or the first review",
            link=f"child:{child}:timeline",
            key=f"iro-appointed-{child}-{start}",
        )
    ]


def _decision_items(data: DiaryData, names: dict[str, str], today: date) -> list[AgendaItem]:
    return [
        AgendaItem(
            child=d.child_ref,
            child_name=names.get(d.child_ref),
            kind="decision",
            due=d.due_date,
            overdue=d.due_date < today,
            title=d.text,
            detail=f"{d.owner_name} ({role_in_words(d.owner_role)})",
            link=f"child:{d.child_ref}:decisions:{d.id}",
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
            until=a.end_time,
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
            if task == "manager_response" and deadlines[task] < today:
                continue  # the window for an objection closed: the decisions stand
            items.append(
                AgendaItem(
                    child=review.child_ref,
                    child_name=names.get(review.child_ref),
                    kind="post-review",
                    due=deadlines[task],
                    overdue=deadlines[task] < today,
                    title=label,
                    detail=f"after the review completed on {review.completed:%d/%m/%Y}",
                    link=f"review:{review.review_id}",
                    key=f"postreview-{review.review_id}-{task}",
                )
            )
    return items


def _midpoint_items(
    case: ChildCase, data: DiaryData, rulebook: Rulebook, today: date
) -> list[AgendaItem]:
    """In the diary from two weeks before the mid-point until a mid-point note is made."""
    from iro_tui.domain.between import MIDPOINT_SHOWN_DAYS_BEFORE, midpoint

    point = midpoint(case, rulebook)
    if point is None:
        return []
    if case.child.joined_on is not None and point.due < case.child.joined_on:
        return []  # before the child joined this IRO's caseload
    done = data.midpoint_notes.get(case.child.child_ref)
    if done is not None and done >= point.since:
        return []
    if today < point.due - timedelta(days=MIDPOINT_SHOWN_DAYS_BEFORE):
        return []
    return [
        AgendaItem(
            child=case.child.child_ref,
            child_name=case.child.display_name,
            kind="midpoint",
            due=point.due,
            overdue=point.due < today,
            title="Mid-point monitoring check",
            detail=f"halfway between {point.since:%d/%m/%Y} and the deadline "
            f"{point.deadline:%d/%m/%Y}",
            link=f"midpoint:{case.child.child_ref}",
            key=f"midpoint-{case.child.child_ref}-{point.since}",
        )
    ]


def _between_items(
    data: DiaryData, names: dict[str, str], rulebook: Rulebook, today: date
) -> list[AgendaItem]:
    items = [
        AgendaItem(
            child=f.child_ref,
            child_name=names.get(f.child_ref),
            kind="follow-up",
            due=f.due,
            overdue=f.due < today,
            title="Follow up a footprint note",
            detail=NOTE_KINDS.get(f.kind, f.kind),
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
    # A behaviour, not a speed-up: an open formal dispute's 20 working days (handbook 6.2).
    for ref, escalation_id, started in data.formal_disputes:
        ends = rulebook.calendar.add_working_days(
            started, rulebook.escalation.formal_total_working_days
        )
        items.append(
            AgendaItem(
                child=ref,
                child_name=names.get(ref),
                kind="escalation",
                due=ends,
                overdue=ends < today,
                title="Formal dispute: to be resolved",
                detail=f"begun {started:%d/%m/%Y}: the formal process takes no more than "
                f"{rulebook.escalation.formal_total_working_days} working days (handbook 6.2)",
                link=f"escalation:{escalation_id}",
                key=f"formal-{escalation_id}",
            )
        )
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
        items += _review_items(case, rulebook, today)
        items += _booking_items(case, rulebook, today, data.checklists)
        items += _birthday_items(case, rulebook, today)
        items += _final_review_items(case, rulebook, today)
        items += _iro_appointed_items(case, data, rulebook, today)
        items += _adjourned_items(case, rulebook, today)
        if _in_current_period(case) and case.looked_after_on(today):
            items += _midpoint_items(case, data, rulebook, today)
    items += _decision_items(data, names, today)
    items += _appointment_items(data, names, today)
    items += _post_review_items(data, names, rulebook, today)
    items += _between_items(data, names, rulebook, today)
    # A child neither in care today nor with a review deadline has left care.
    for case in data.cases:
        ref = case.child.child_ref
        if case.looked_after_on(today) or any(i.child == ref and i.kind == "review" for i in items):
            continue
        items = [i.model_copy(update={"left_care": True}) if i.child == ref else i for i in items]
    if days is not None:
        horizon = today + timedelta(days=days)
        items = [i for i in items if i.overdue or i.due <= horizon]
    return sorted(
        items, key=lambda i: (not i.overdue, i.due, i.time or "", i.child or "", i.kind, i.title)
    )
