"""The agenda: everything with a date, in one list, overdue first.

Issue 2 gives every child in care one `review` item; later kinds (pre-review,
decision, midpoint, birthday, appointment, escalation) join the same list.
"""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict

from iro_tui.domain.deadlines import next_review_deadline
from iro_tui.domain.models import ChildCase
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
        return data


def booked_review(case: ChildCase) -> date | None:
    """The earliest booked (planned) review after the last one held in this period."""
    start = case.current_period_start
    if start is None:
        return None
    held = [d for d in case.held_reviews if d >= start]
    after = held[-1] if held else start
    booked = [
        r.scheduled_date
        for r in case.reviews
        if r.status == "planned" and r.scheduled_date and r.scheduled_date >= after
    ]
    return min(booked) if booked else None


def review_items(cases: list[ChildCase], rulebook: Rulebook, today: date) -> list[AgendaItem]:
    items = []
    for case in cases:
        deadline = next_review_deadline(case, rulebook)
        if deadline is None:
            continue
        scheduled = booked_review(case)
        items.append(
            AgendaItem(
                child=case.child.child_ref,
                child_name=case.child.display_name,
                kind="review",
                due=deadline.due,
                # Deadlines are inclusive: a review held on its deadline is on time.
                overdue=deadline.due < today,
                title=f"{deadline.rule.capitalize()} due",
                detail=deadline.basis,
                scheduled=scheduled,
            )
        )
    return items


def build_agenda(
    cases: list[ChildCase], rulebook: Rulebook, today: date, days: int | None = None
) -> list[AgendaItem]:
    """Every dated item, overdue first, then by due date.

    With `days`, items due after today + days are left out; overdue items are always kept.
    """
    items = review_items(cases, rulebook, today)
    if days is not None:
        horizon = today + timedelta(days=days)
        items = [i for i in items if i.overdue or i.due <= horizon]
    return sorted(items, key=lambda i: (not i.overdue, i.due, i.child or "", i.kind))
