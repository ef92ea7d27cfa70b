"""What was worked out for each child last time, given back while nothing it came from
has changed.

After a write the diary and the caseload work out every child's deadlines again (a
whole authority: 1,000 children, 10 years of reviews), though one child changed at
most. The store hands back the very same case record for each child no write touched
(store/case_changes.py), so each child's answer is kept with the case, rulebook and
day it came from, and any other inputs; it is given back only when all are the same
(the same record, or an equal one) and worked out afresh otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

from iro_tui.domain.models import ChildCase
from iro_tui.domain.rulebook import Rulebook

T = TypeVar("T")


@dataclass(frozen=True)
class _Last(Generic[T]):
    rulebook: Rulebook | None = None
    today: date | None = None
    by_child: dict[str, tuple[ChildCase, object, T]] = field(default_factory=dict)


class PerChild(Generic[T]):
    """One kind of per-child answer, kept from its last round (see the module)."""

    def __init__(self) -> None:
        # Swapped whole at the end of each round, never changed in place, so a round in
        # a worker thread and one on screen cannot see each other half done.
        self._last: _Last[T] = _Last()

    def answers(
        self,
        cases: list[ChildCase],
        rulebook: Rulebook,
        today: date,
        work_out: Callable[[ChildCase], T],
        inputs: Callable[[ChildCase], object] = lambda case: None,
    ) -> list[T]:
        """work_out(case) for each case in order, or its last answer when the case (by
        identity or equality), `inputs(case)`, the rulebook and the day are unchanged.
        `inputs` must name everything besides those that work_out reads; it is only
        compared (==), so it may hold dicts."""
        last = self._last
        same_rules = last.today == today and last.rulebook is not None
        same_rules = same_rules and (last.rulebook is rulebook or last.rulebook == rulebook)
        kept = last.by_child if same_rules else {}
        by_child: dict[str, tuple[ChildCase, object, T]] = {}
        found: list[T] = []
        for case in cases:
            ref, given = case.child.child_ref, inputs(case)
            before = kept.get(ref)
            if (
                before is not None
                and (before[0] is case or before[0] == case)
                and before[1] == given
            ):
                answer = before[2]
            else:
                answer = work_out(case)
            by_child[ref] = (case, given, answer)
            found.append(answer)
        self._last = _Last(rulebook, today, by_child)
        return found
