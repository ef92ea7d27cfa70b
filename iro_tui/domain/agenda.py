"""The agenda: everything with a date, in one list, overdue first.

Kinds: `review` (the statutory deadline: one per child in care), `booked-review`
(the meeting), `pre-review` (checklist deadlines counted back from a booked
review), `decision`, `birthday`, `pathway-plan` and `final-review` (turning 18),
`iro-appointed` (a child new to care), `appointment`, `draft` (a review record begun
and not saved).

A whole authority (1,000 children, ten years of history) gives ~12,000 items on
every reload of the diary, so each case's periods of care, review history and
deadline are worked out once and shared by all of its items, and an item is a
plain named tuple rather than a validated model: the agenda builds it from dates
the domain computed, not from anything typed in.
"""

from __future__ import annotations

from datetime import date, timedelta

from iro_tui.domain.agenda_items import (
    adjourned_items,
    appointment_items,
    between_items,
    birthday_items,
    booking_items,
    decision_items,
    draft_items,
    final_review_items,
    iro_appointed_items,
    midpoint_item,
    post_review_items,
)
from iro_tui.domain.agenda_types import (
    SECTIONS,
    SOON_WORKING_DAYS,
    STATUTORY_KINDS,
    AgendaItem,
    DiaryData,
    EscalationStage,
    FollowUp,
    RecordedReview,
    diary_order,
    section,
    urgency,
)
from iro_tui.domain.between import midpoint_of
from iro_tui.domain.caseload import left_care
from iro_tui.domain.deadlines import (
    day_off_words,
    deadline_from_history,
    remember_deadline,
    standing_on,
)
from iro_tui.domain.history import review_history
from iro_tui.domain.models import ChildCase, Review
from iro_tui.domain.per_child import PerChild
from iro_tui.domain.rulebook import Rulebook

__all__ = [
    "SECTIONS",
    "SOON_WORKING_DAYS",
    "STATUTORY_KINDS",
    "AgendaItem",
    "DiaryData",
    "EscalationStage",
    "FollowUp",
    "RecordedReview",
    "booked_review",
    "booked_reviews",
    "build_agenda",
    "in_agenda_order",
    "diary_order",
    "section",
    "urgency",
]


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
    in_period = period is not None and not period.ended
    # The period's review history, for a child in care: most of a whole authority's
    # children left care years ago, and no deadline is worked out from theirs (a
    # short-break series between breaks has its own, from the series).
    history = review_history(case, rulebook, periods) if in_period else None
    # The statutory deadline (domain/deadlines.py).
    deadline = deadline_from_history(case, rulebook, periods, history)
    if history is None and deadline is not None:
        history = review_history(case, rulebook, periods)  # between short breaks
    # Reviews held in any period of care, earliest first.
    held_ever = sorted([r.held_date for r in case.reviews if r.status == "held" and r.held_date])
    booked: list[Review] = []
    if period is not None and history is not None:
        # Planned reviews after the last one held in this period, earliest first.
        booked = _booked_after(case, history.held[-1] if history.held else period.start)

    remember_deadline(case, rulebook, deadline)  # for the caseload, opened next
    deadline = standing_on(deadline, today)  # none once a short-break series has lapsed
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
                detail=deadline.basis
                + (
                    (" · " + off) if (off := day_off_words(deadline.due, rulebook.calendar)) else ""
                ),
                scheduled=booked[0].scheduled_date if booked else None,
                link=f"child:{child}:reviews",
                key=f"deadline-{child}",
            )
        )
    if in_period:
        booking_items(
            child,
            name,
            booked,
            rulebook,
            today,
            data.checklists,
            items,
            case.child.eighteenth_birthday,
        )
        birthday_items(case, rulebook, today, items)
        final_review_items(case, held_ever, rulebook, today, items)
        if period is not None and history is not None:  # always so in a period of care
            iro_appointed_items(case, period, history, data, rulebook, today, items)
    adjourned_items(
        case, held_ever, rulebook, today, items, deadline.adjourned_on if deadline else None
    )
    if in_period and case.looked_after_on(today):
        midpoint_item(case, midpoint_of(deadline, history), data, today, items)


# Each child's own items from the last build (domain/per_child.py).
_items_of_child: PerChild[tuple[AgendaItem, ...]] = PerChild()


def _case_inputs(case: ChildCase, data: DiaryData) -> tuple[object, ...]:
    """Everything besides the case, the rulebook and today that _case_items reads for
    this child: keep in step with it (tests/domain/test_agenda_reuse.py checks the two
    against a build from scratch after each kind of write)."""
    ref, checklists = case.child.child_ref, data.checklists
    return (
        data.last_notes.get(ref),
        data.midpoint_notes.get(ref),
        tuple((r.id, checklists[r.id]) for r in case.reviews if r.id in checklists),
    )


def _cases_items(data: DiaryData, rulebook: Rulebook, today: date, reuse: bool) -> list[AgendaItem]:
    """Every child's own items. A child whose case and inputs are as in the last build
    (the same rulebook and day) gets that build's items back: after one note, one child
    of a thousand has anything new to work out."""

    def work_out(case: ChildCase) -> tuple[AgendaItem, ...]:
        found: list[AgendaItem] = []
        _case_items(case, data, rulebook, today, found)
        return tuple(found)

    if reuse:
        each = _items_of_child.answers(
            data.cases, rulebook, today, work_out, lambda case: _case_inputs(case, data)
        )
    else:
        each = [work_out(case) for case in data.cases]
    return [item for items in each for item in items]


def _left_care(items: list[AgendaItem], gone: set[str]) -> list[AgendaItem]:
    """Items of children who have left care (domain/caseload.py, left_care), marked: a
    whole authority's diary opened with years of open decisions of children long gone,
    above the reviews due. The other kinds are built marked (agenda_items.py, `gone`)."""
    if not gone:
        return items
    return [i._replace(left_care=True) if i.child in gone else i for i in items]


def in_agenda_order(items: list[AgendaItem]) -> list[AgendaItem]:
    """Overdue first, then by due date and time (the command line's and the calendar's
    order; the diary has its own, agenda_types.diary_order)."""
    return sorted(
        items, key=lambda i: (not i.overdue, i.due, i.time or "", i.child or "", i.kind, i.title)
    )


def build_agenda(
    data: DiaryData,
    rulebook: Rulebook,
    today: date,
    days: int | None = None,
    reuse: bool = True,
    ordered: bool = True,
) -> list[AgendaItem]:
    """Every dated item, overdue first, then by due date and time.

    With `days`, items due after today + days are left out; overdue items always stay.
    `reuse=False` works every child out afresh (the tests' reference). `ordered=False`
    leaves them in no order, for a caller that orders what it shows: the diary sorts its
    own rows (diary_order), and sorting a whole authority's 12,000 items first was a
    tenth of building them.
    """
    names = {c.child.child_ref: c.child.display_name for c in data.cases}
    items = _cases_items(data, rulebook, today, reuse)
    # After the children's own items, which leave each deadline where left_care finds it.
    gone = left_care(data.cases, rulebook, today)
    items = _left_care(items, gone)
    items += decision_items(data, names, today, gone)
    items += appointment_items(data, names, today, gone)
    items += post_review_items(data, names, rulebook, today, gone)
    items += between_items(data, names, rulebook, today, gone)
    items += draft_items(data, names, today, gone)
    if days is not None:
        horizon = today + timedelta(days=days)
        items = [i for i in items if i.overdue or i.due <= horizon]
    return in_agenda_order(items) if ordered else items
