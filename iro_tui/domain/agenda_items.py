"""The agenda's items, kind by kind: each builder appends or returns the items of one
kind, with the date rule it follows (domain/agenda.py puts them together).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from iro_tui.domain.agenda_types import AgendaItem, DiaryData
from iro_tui.domain.between import MIDPOINT_SHOWN_DAYS_BEFORE, NOTE_KINDS, Midpoint, formal_end
from iro_tui.domain.checklist import ChecklistEntry, checklist_lines, readiness
from iro_tui.domain.deadlines import adjourned_complete_by
from iro_tui.domain.history import ReviewHistory
from iro_tui.domain.models import ChildCase, PeriodOfCare, Review
from iro_tui.domain.recording import POST_REVIEW_TASKS, post_review_deadlines
from iro_tui.domain.records import role_in_words
from iro_tui.domain.rulebook import Rulebook


@lru_cache(maxsize=16384)
def _dmy(day: date) -> str:
    """Day/month/year, as the details say it; memoised, as strftime costs more than the
    rest of an item and a whole authority's diary names the same days thousands of times."""
    return day.strftime("%d/%m/%Y")


def booking_items(
    child: str,
    name: str,
    booked: list[Review],
    rulebook: Rulebook,
    today: date,
    checklists: dict[int, dict[str, ChecklistEntry]],
    items: list[AgendaItem],
    eighteenth: date | None = None,
) -> None:
    """Each booking, with the checklist items it still needs. `eighteenth`: the child's
    18th birthday. A booking on or after it (made before a date of birth was put right,
    or imported) is no looked-after review (domain.md, "Turning 18"): said so, with
    no checklist work; it had been listed as any other meeting, its tasks after the
    young person left care, and the letter promised it."""
    for review in booked:
        meeting = review.scheduled_date
        if meeting is None:  # a booking always has its date (agenda._booked_after)
            continue
        if eighteenth is not None and meeting >= eighteenth:
            items.append(
                AgendaItem(
                    child=child,
                    child_name=name,
                    kind="booked-review",
                    due=meeting,
                    overdue=meeting < today,
                    title="Review booked on or after the 18th birthday: cancel it",
                    detail=f"turns 18 on {_dmy(eighteenth)}: no looked-after review then; "
                    "k on the child cancels the booking",
                    time=review.scheduled_time,
                    scheduled=meeting,
                    link=f"review:{review.id}",
                    key=f"review-{review.id}",
                )
            )
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
        on_the_day = _dmy(meeting)
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
                    detail=f"{offset} working days before the review on {on_the_day}",
                    scheduled=meeting,
                    link=f"review:{review.id}",
                    key=f"prereview-{review.id}-{line.spec.key}",
                )
            )


def adjourned_items(
    case: ChildCase,
    held_ever: list[date],
    rulebook: Rulebook,
    today: date,
    items: list[AgendaItem],
    as_deadline: date | None = None,
) -> None:
    """An adjourned review must be completed within 20 WD of the date it was scheduled
    (IRO Handbook 3.25); it stays in the diary until a review is held on or after it.
    `as_deadline`: the day of the one the review deadline is already the completion of
    (deadlines._adjourned), listed once, as that deadline."""
    latest_held = held_ever[-1] if held_ever else None
    for review in case.reviews:
        if review.status != "adjourned" or review.scheduled_date is None:
            continue
        if review.scheduled_date == as_deadline:
            continue
        if latest_held is not None and latest_held >= review.scheduled_date:
            continue
        due = adjourned_complete_by(case, review.scheduled_date, rulebook)
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


def birthday_items(
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


def final_review_window(
    case: ChildCase, held_ever: list[date], rulebook: Rulebook, today: date
) -> tuple[date, date] | None:
    """City of London protocol: the final review is held 4-6 weeks before the 18th
    birthday. (opens, due) while it is still to be held; None once a review is held
    inside that window or later (before 18), or after the 18th birthday. A review held
    earlier than 6 weeks before does not count as the final one."""
    birthday = case.child.eighteenth_birthday
    if birthday < today:
        return None
    opens, due = rulebook.leaving_care.final_review_window(birthday)
    if any(opens <= held < birthday for held in held_ever):
        return None
    return opens, due


def final_review_items(
    case: ChildCase, held_ever: list[date], rulebook: Rulebook, today: date, items: list[AgendaItem]
) -> None:
    window = final_review_window(case, held_ever, rulebook, today)
    if window is None:
        return
    opens, due = window
    birthday, leaving = case.child.eighteenth_birthday, rulebook.leaving_care
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


def iro_appointed_items(
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
    footprint note (any kind, e.g. the introduction to the SW) or a review held. Not
    for a child who joined this IRO's caseload after it fell due (taken over, or
    imported, as midpoint_item): it was shouted overdue, the appointment before theirs."""
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
    joined = case.child.joined_on
    if joined is not None and due < joined:
        return
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


def midpoint_item(
    case: ChildCase, point: Midpoint | None, data: DiaryData, today: date, items: list[AgendaItem]
) -> None:
    """In the diary from two weeks before the mid-point until a mid-point note is made;
    not one that fell due before the child joined this IRO's caseload (taken over, or
    imported): each showed overdue, the previous IRO's to have made."""
    if point is None:
        return
    joined = case.child.joined_on
    if joined is not None and point.due < joined:
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


@lru_cache(maxsize=1024)
def _role(role: str) -> str:
    """role_in_words, kept: a whole authority's thousands of open decisions name a few
    dozen roles."""
    return role_in_words(role)


def decision_items(
    data: DiaryData, names: dict[str, str], today: date, gone: set[str]
) -> list[AgendaItem]:
    """Open decisions; `gone`: the children who have left care (agenda._left_care)."""
    return [
        AgendaItem(
            child=d.child_ref,
            child_name=names.get(d.child_ref),
            kind="decision",
            due=d.due_date,
            overdue=d.due_date < today,  # Decision.is_overdue, of an open one
            title=d.text,
            detail=f"{d.owner_name} ({_role(d.owner_role)})",
            link=f"child:{d.child_ref}:decisions:{d.id}",
            key=f"decision-{d.id}",
            left_care=d.child_ref in gone,
        )
        for d in data.decisions
        if d.status == "open"
    ]


def appointment_items(
    data: DiaryData, names: dict[str, str], today: date, gone: set[str]
) -> list[AgendaItem]:
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
            left_care=a.child_ref in gone,
        )
        for a in data.appointments
        if a.appt_date >= today
    ]


def post_review_items(
    data: DiaryData, names: dict[str, str], rulebook: Rulebook, today: date, gone: set[str]
) -> list[AgendaItem]:
    """After the review (handbook 3.70-3.71): each task is a deadline until done. The
    senior manager's response is a window for an objection, not a task: once it has
    closed with none recorded, the decisions stand and it leaves the diary (a whole
    authority's diary showed 231 of them overdue, some by ten years)."""
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
                continue  # no objection in time: the decisions stand
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
                    left_care=review.child_ref in gone,
                )
            )
    return items


def draft_items(
    data: DiaryData, names: dict[str, str], today: date, gone: set[str]
) -> list[AgendaItem]:
    """A review record or a footprint note begun and never saved (the app closed, the
    battery ran out): kept by autosave, but nothing said so until the IRO opened that
    form again."""
    return (
        [
            AgendaItem(
                child=ref,
                child_name=names.get(ref),
                kind="draft",
                due=today,
                overdue=False,
                title="Finish recording the review",
                detail="a record was begun and not saved: its draft is kept (Enter carries it on)",
                link=f"record:{ref}",
                key=f"draft-{ref}",
                left_care=ref in gone,
            )
            for ref in data.drafts
        ]
        + [
            AgendaItem(
                child=ref,
                child_name=names.get(ref) if ref else None,
                kind="note-draft",
                due=today,
                overdue=False,
                title="Finish the footprint note",
                detail="a note was begun and not saved: it is kept (Enter opens it)",
                link=f"note-draft:{form}",
                key=f"note-draft-{form}",
                left_care=ref in gone if ref else False,
            )
            for form, ref in data.note_drafts
        ]
        + [
            _form_draft_item(key, title, child, names, today)
            for key, title, child in data.form_drafts
        ]
    )


def _form_draft_item(
    key: str, title: str, child: str | None, names: dict[str, str], today: date
) -> AgendaItem:
    """Any other form begun and not saved (store/form_drafts.py): Enter opens that form
    again with what was typed (navigation.open_link, "draft:KEY"); Delete throws it away."""
    return AgendaItem(
        child=child,
        child_name=names.get(child) if child else None,
        kind="form-draft",
        due=today,
        overdue=False,
        title=f"Finish the form: {title}",
        detail="begun and not saved: what was typed is kept (Enter opens the form with it; "
        "Delete throws it away)",
        link=f"draft:{key}",
        key=f"form-draft-{key}",
    )


def between_items(
    data: DiaryData, names: dict[str, str], rulebook: Rulebook, today: date, gone: set[str]
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
            left_care=f.child_ref in gone,
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
            left_care=s.child_ref in gone,
        )
        for s in data.escalation_stages
    ]
    # The formal process ends within 20 WD of its first formal stage (handbook 6.2): an
    # open dispute past it dropped out of the diary once its stage's response came, and
    # running over was said only on its own screen (an adversarial check).
    items += [
        AgendaItem(
            child=ref,
            child_name=names.get(ref),
            kind="escalation",
            due=(ends := formal_end(started, rulebook)),
            overdue=ends < today,
            title="Formal dispute: to be resolved",
            detail=f"begun {_dmy(started)}: the formal process takes no more than "
            f"{rulebook.escalation.formal_total_working_days} working days (handbook 6.2)",
            link=f"escalation:{escalation_id}",
            key=f"formal-{escalation_id}",
            left_care=ref in gone,
        )
        for ref, escalation_id, started in data.formal_disputes
    ]
    return items
