"""What the store knows of a child's reviews in their period of care, and what it lacks.

A council's one-year 903 return carries only that year's reviews, and often not the
episode that began the child's care (DfE validation rule 357 allows this); an IRO
taking over a caseload types children in mid-cycle. The deadline engine (diary,
caseload, recording) and the annual report both ask this module which review of the
period each held review was, so "earlier history not in the store" is one rule, in
one place:

- A review the IRO numbered (recorded in the app, or typed in at intake) has that
  number, and the reviews after it count on from it. So has a review imported from a
  903 return whose year holds the start of the child's care: the return holds every
  review of its year, so the period's reviews are its 1st, 2nd... (numbers_in_a_return).
- Otherwise, with the start of care known (an RNE=S episode), the first review in the
  store is the 1st review if it was held by the 1st review's deadline. Held later, it
  may be a late 1st review or a later one whose predecessors the store lacks (a
  one-year return holds the episode that began the care, but not the reviews of the
  years before): its number is not known. Held by the latest lawful date of a 3rd
  review (each review held on its own deadline), it may be the 1st (`possibly_first`).
- With the start of care not known, no number is known.

A review whose number is not known counts as a later review: the next is due within
6 months of it (CPPCR 2010 reg 33(2)(c); Jersey handbook 3.23). Except that one that
may be the 1st is followed by the 2nd review's deadline when that is earlier (3 months
after it in England, reg 33(2)(b)): a deadline later than the law's is the one error a
diary must not make, and an early one only asks the IRO to say which review it was.
The first review in the store is never judged late or on time: the deadline it had to
meet is not in the store; nor is the next one when the two readings judge it apart.
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
    # The first review held may be the period's 1st, though its number is not known.
    possibly_first: bool = False

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


def first_review_due(start: date, rulebook: Rulebook) -> date:
    """The 1st review's deadline (CPPCR 2010 reg 33(2)(a), 20 WD; Jersey 3.23, 28 days)."""
    return rulebook.reviews.first.after(start, rulebook.calendar)


def latest_lawful_second_review(start: date, rulebook: Rulebook) -> date:
    """The 2nd review's deadline when the 1st is held on its own deadline."""
    rules, calendar = rulebook.reviews, rulebook.calendar
    from_day = (
        first_review_due(start, rulebook) if rules.second_counts_from == "first_review" else start
    )
    return rules.second.after(from_day, calendar)


def latest_lawful_third_review(start: date, rulebook: Rulebook) -> date:
    """The 3rd review's deadline when the 1st and 2nd are each held on their own."""
    return rulebook.reviews.later.after(
        latest_lawful_second_review(start, rulebook), rulebook.calendar
    )


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
    reviews = case.held_reviews_in(period)
    # held_reviews_in gives only reviews with a held date; said again for the type checker.
    held = [r.held_date for r in reviews if r.held_date is not None]
    numbers: list[int | None] = []
    possibly_first = False
    for i, (review, held_date) in enumerate(zip(reviews, held, strict=True)):
        previous = numbers[-1] if numbers else None
        if review.number is not None:
            number: int | None = review.number
        elif previous is not None:
            number = previous + 1
        elif i == 0 and period.start_known:
            number = 1 if held_date <= first_review_due(period.start, rulebook) else None
            possibly_first = number is None and held_date <= latest_lawful_third_review(
                period.start, rulebook
            )
        else:
            number = None
        numbers.append(number)
    return ReviewHistory(period, tuple(held), tuple(numbers), possibly_first)


def second_review_after(history: ReviewHistory, first: date, rulebook: Rulebook) -> date:
    """The 2nd review's deadline were the review held on `first` the period's 1st:
    3 months after it in England (CPPCR 2010 reg 33(2)(b)), 4 months after becoming
    looked after in Jersey (handbook 3.23)."""
    rules = rulebook.reviews
    from_day = first if rules.second_counts_from == "first_review" else history.period.start
    return rules.second.after(from_day, rulebook.calendar)


def _judged_apart(history: ReviewHistory, rulebook: Rulebook) -> frozenset[date]:
    """The review after one that may be the 1st, when it is late read one way (the 2nd
    review's deadline) and on time the other (a later review's 6 months)."""
    if not history.possibly_first or len(history.held) < 2 or history.numbers[1] is not None:
        return frozenset()
    first, second = history.held[0], history.held[1]
    as_second = second_review_after(history, first, rulebook)
    as_later = rulebook.reviews.later.after(first, rulebook.calendar)
    return frozenset({second}) if (second > as_second) != (second > as_later) else frozenset()


def reviews_not_judged(case: ChildCase, rulebook: Rulebook) -> frozenset[date]:
    """Held reviews, in every period of care, that cannot be judged on time or late."""
    unknown: set[date] = set()
    for period in case.periods():
        history = history_of(case, period, rulebook)
        unknown |= history.not_judged | _judged_apart(history, rulebook)
    return frozenset(unknown)


def numbers_in_a_return(case: ChildCase, year: tuple[date, date]) -> dict[date, int]:
    """Which review of the period each held review is, for a child in a 903 return of
    `year` (1 April to 31 March): a period of care that began in that year has every
    review it held up to the year's end in the return, so they are its 1st, 2nd... in
    order. Held date -> number; none for a period with any review already numbered
    (the IRO's word, or an earlier import's, stands)."""
    start, end = year
    numbers: dict[date, int] = {}
    for period in case.periods():
        if not period.start_known or not start <= period.start <= end:
            continue
        held = case.held_reviews_in(period)
        if any(r.number is not None for r in held):
            continue
        in_year = [r.held_date for r in held if r.held_date and r.held_date <= end]
        numbers.update({day: n for n, day in enumerate(in_year, 1)})
    return numbers
