"""What the store knows of a child's reviews in their period of care, and what it lacks.

A council's one-year 903 return carries only that year's reviews, and often not the
episode that began the child's care (DfE validation rule 357 allows this); an IRO
taking over a caseload types children in mid-cycle. The deadline engine (diary,
caseload, recording) and the annual report both ask this module which review of the
period each held review was, so "earlier history not in the store" is one rule, in
one place:

- A review the IRO numbered (recorded in the app, or typed in at intake) has that
  number, and the reviews after it count on from it.
- Otherwise, with the start of care known (an RNE=S episode), the first review in the
  store is the 1st review if it was held no later than the latest lawful date of a
  2nd review (the 1st held on its own deadline, the 2nd on its own); held later than
  that, earlier reviews must be missing from the store and its number is not known.
- With the start of care not known, no number is known.

A review whose number is not known counts as a later review: the next is due within
6 months of it (CPPCR 2010 reg 33(2)(c); Jersey handbook 3.23), never at 3 months,
so missing history never makes a deadline earlier than the law's. It is never
judged late or on time: the deadline it had to meet is not in the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from iro_tui.domain.models import ChildCase, PeriodOfCare
from iro_tui.domain.rulebook import Rulebook


@dataclass(frozen=True)
class ReviewHistory:
    period: PeriodOfCare
    held: tuple[date, ...]  # reviews held in the period, earliest first
    numbers: tuple[int | None, ...]  # which review of the period each was (None: not known)

    @property
    def last_held(self) -> date | None:
        return self.held[-1] if self.held else None

    @property
    def last_number(self) -> int | None:
        return self.numbers[-1] if self.numbers else None

    @property
    def next_number(self) -> int | None:
        """The number of the next review, when the store knows it."""
        if not self.held:
            return 1 if self.period.start_known else None
        return None if self.last_number is None else self.last_number + 1

    @property
    def not_judged(self) -> frozenset[date]:
        """Reviews whose timeliness cannot be judged from the store: the first one it
        holds, unless it is known to be the 1st review of a period whose start is known
        (the deadline it had to meet counted from a review the store does not have)."""
        if not self.held:
            return frozenset()
        if self.period.start_known and self.numbers[0] == 1:
            return frozenset()
        return frozenset({self.held[0]})


def latest_lawful_second_review(start: date, rulebook: Rulebook) -> date:
    """The 2nd review's deadline when the 1st is held on its own deadline."""
    rules, calendar = rulebook.reviews, rulebook.calendar
    first_due = rules.first.after(start, calendar)
    from_day = first_due if rules.second_counts_from == "first_review" else start
    return rules.second.after(from_day, calendar)


def review_history(
    case: ChildCase, rulebook: Rulebook, periods: list[PeriodOfCare] | None = None
) -> ReviewHistory | None:
    """The current period's reviews and their numbers; None when never in care.

    `periods`: the case's `periods()`, when the caller has them already (the diary asks
    this of every child in an authority, and working out the periods walks every episode).
    """
    if periods is None:
        periods = case.periods()
    if not periods:
        return None
    return history_of(case, periods[-1], rulebook)


def history_of(case: ChildCase, period: PeriodOfCare, rulebook: Rulebook) -> ReviewHistory:
    # held_reviews_in gives only reviews with a held date; said again for the type checker.
    reviews = [r for r in case.held_reviews_in(period) if r.held_date is not None]
    held = [r.held_date for r in reviews if r.held_date is not None]
    numbers: list[int | None] = []
    for i, (review, held_date) in enumerate(zip(reviews, held, strict=True)):
        previous = numbers[-1] if numbers else None
        if review.number is not None:
            number: int | None = review.number
        elif previous is not None:
            number = previous + 1
        elif i == 0 and period.start_known:
            held_in_time = held_date <= latest_lawful_second_review(period.start, rulebook)
            number = 1 if held_in_time else None
        else:
            number = None
        numbers.append(number)
    return ReviewHistory(period, tuple(held), tuple(numbers))


def reviews_not_judged(case: ChildCase, rulebook: Rulebook) -> frozenset[date]:
    """Held reviews, in every period of care, that cannot be judged on time or late."""
    unknown: set[date] = set()
    for period in case.periods():
        unknown |= history_of(case, period, rulebook).not_judged
    return frozenset(unknown)
