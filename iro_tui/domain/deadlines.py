"""The statutory review deadline engine.

Every rule in shared/domain.md's rulebook table lives here, with the figures taken
from the Rulebook (data) and the calendar arithmetic from calendar.py. The engine
returns the *latest lawful date* of the child's next review; when several rules
apply, the earliest of their deadlines wins (domain.md: "the next deadline is the
earliest that applies"; local policy may tighten, never loosen).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from iro_tui.domain.codes import (
    AUTHORISED_FOR_ADOPTION_STATUSES,
    DISRUPTION_REASONS,
    PLACED_FOR_ADOPTION,
    SHORT_BREAK_STATUSES,
    ReasonNewEpisode,
)
from iro_tui.domain.history import ReviewHistory, review_history
from iro_tui.domain.models import ChildCase, Episode
from iro_tui.domain.rulebook import Interval, Rulebook

PLACEMENT_CHANGES = frozenset(
    {
        ReasonNewEpisode.PLACEMENT_AND_CARER,
        ReasonNewEpisode.PLACEMENT_SAME_CARER,
        ReasonNewEpisode.LEGAL_AND_PLACEMENT_SAME_CARER,
        ReasonNewEpisode.LEGAL_PLACEMENT_AND_CARER,
    }
)


@dataclass(frozen=True)
class ReviewDeadline:
    """The latest lawful date of the next review, and the rule that set it."""

    due: date
    rule: str  # short label: "1st review", "2nd review", "adoption review", ...
    basis: str  # the reasoning in words, for the IRO and the audit of a late review
    review_number: int | None  # which review of the period is next (None: not known)
    counts_from: date  # the event the interval runs from (becoming looked after, a review...)
    # True when the deadline is a stand-in because the store lacks the child's earlier
    # history (domain/history.py): the basis says so, and the IRO can enter it.
    history_missing: bool = False


def _fmt(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _candidate(
    interval: Interval, start: date, rulebook: Rulebook, rule: str, since: str, number: int | None
) -> ReviewDeadline:
    due = interval.after(start, rulebook.calendar)
    basis = f"{interval.describe()} after {since} {_fmt(start)}"
    return ReviewDeadline(due, rule, basis, number, start)


def _run_start(episodes: list[Episode], belongs) -> date:
    """Start of the unbroken run of latest episodes for which `belongs(ep)` is true."""
    start = episodes[-1].decom
    for ep in reversed(episodes):
        if not belongs(ep):
            break
        start = ep.decom
    return start


def _cycle_candidate(history: ReviewHistory, rulebook: Rulebook) -> ReviewDeadline:
    """The ordinary cycle: 1st, 2nd and later reviews (domain.md rulebook table), with
    what the store lacks said in words (domain/history.py)."""
    rules, period = rulebook.reviews, history.period
    last, number = history.last_held, history.last_number
    if last is None and period.start_known:
        # England: CPPCR 2010 reg 33(2)(a), 20 WD; Jersey: handbook 3.23, 28 days.
        return _candidate(
            rules.first, period.start, rulebook, "1st review", "becoming looked after on", 1
        )
    if last is None:
        # No review in the store and the start of care not in it either (a one-year
        # 903 return, DfE rule 357): the child was in care before the earliest
        # episode known, so a review may have been held then; count a later review's
        # 6 months from it rather than a 1st review's 20 WD from a start we lack.
        due = rules.later.after(period.start, rulebook.calendar)
        basis = (
            f"earlier history not in the store: counted as {rules.later.describe()} from "
            f"the earliest episode known, {_fmt(period.start)}"
        )
        return ReviewDeadline(due, "review", basis, None, period.start, history_missing=True)
    if number == 1:
        # England: reg 33(2)(b), 3 months after the 1st review *as held*;
        # Jersey: handbook 3.23, 4 months after becoming looked after.
        if rules.second_counts_from == "first_review":
            return _candidate(rules.second, last, rulebook, "2nd review", "the 1st review on", 2)
        return _candidate(
            rules.second, period.start, rulebook, "2nd review", "becoming looked after on", 2
        )
    # England reg 33(2)(c); Jersey handbook 3.23: 6 months after the previous review.
    deadline = _candidate(
        rules.later,
        last,
        rulebook,
        "review",
        "the last review on",
        None if number is None else number + 1,
    )
    if number is None:
        deadline = replace(
            deadline, basis=f"{deadline.basis} (earlier reviews are not in the store)"
        )
    return deadline


def next_review_deadline(case: ChildCase, rulebook: Rulebook) -> ReviewDeadline | None:
    """The next statutory review deadline, or None if no review can fall due.

    None when the child is not in a period of care (never started, or the latest
    episode has ended with the child leaving care) or when the deadline would fall on
    or after the 18th birthday (domain.md: "No review falls due on or after the 18th
    birthday"). A child in care always has one, even when the store lacks the start
    of their care or their earlier reviews (domain/history.py says how it counts).
    """
    history = review_history(case, rulebook)
    if history is None or history.period.ended:
        return None
    period = history.period
    period_start = period.start
    episodes = list(period.episodes)
    current = period.current
    # A new period of care (RNE S) restarts the cycle: only reviews held in this
    # period count (domain.md: "A new period of care ... starts the cycle again").
    # Changes of placement or legal status (RNE P/T/L/U/B) do not restart it.
    reviews = list(history.held)
    rules = rulebook.reviews
    count = len(reviews)
    next_number = history.next_number
    candidates: list[ReviewDeadline] = []

    if current.ls in SHORT_BREAK_STATUSES:
        # Short breaks (V3/V4): 1st within 3 months of the first short break, then 6.
        if count == 0:
            candidates.append(
                _candidate(
                    rules.short_breaks_first,
                    period_start,
                    rulebook,
                    "1st review",
                    "the first short break on",
                    1,
                )
            )
        else:
            candidates.append(
                _candidate(
                    rules.short_breaks_later,
                    reviews[-1],
                    rulebook,
                    "review",
                    "the last review on",
                    next_number,
                )
            )
    else:
        candidates.append(_cycle_candidate(history, rulebook))

    if current.ls in AUTHORISED_FOR_ADOPTION_STATUSES:
        # Authorised for adoption, not yet placed (D1/E1): 1st within 3 months of the
        # authority, then 6 months (domain.md rulebook table).
        authorised = _run_start(episodes, lambda e: e.ls in AUTHORISED_FOR_ADOPTION_STATUSES)
        since = [d for d in reviews if d >= authorised]
        if not since:
            candidates.append(
                _candidate(
                    rules.authorised_for_adoption_first,
                    authorised,
                    rulebook,
                    "adoption review",
                    "authority to place for adoption on",
                    next_number,
                )
            )
        else:
            candidates.append(
                _candidate(
                    rules.authorised_for_adoption_later,
                    since[-1],
                    rulebook,
                    "adoption review",
                    "the last review on",
                    next_number,
                )
            )

    if current.place in PLACED_FOR_ADOPTION:
        # Placed for adoption (A3-A6): Adoption Agencies Regs 2005 reg 36 -
        # 1st within 4 weeks of placement, 2nd within 3 months, then 6 months.
        placed = _run_start(episodes, lambda e: e.place in PLACED_FOR_ADOPTION)
        since = [d for d in reviews if d >= placed]
        if not since:
            candidates.append(
                _candidate(
                    rules.placed_for_adoption_first,
                    placed,
                    rulebook,
                    "adoption review",
                    "placement for adoption on",
                    next_number,
                )
            )
        elif len(since) == 1:
            candidates.append(
                _candidate(
                    rules.placed_for_adoption_second,
                    since[0],
                    rulebook,
                    "adoption review",
                    "the 1st adoption review on",
                    next_number,
                )
            )
        else:
            candidates.append(
                _candidate(
                    rules.placed_for_adoption_later,
                    since[-1],
                    rulebook,
                    "adoption review",
                    "the last review on",
                    next_number,
                )
            )

    for ended, ep in zip(episodes, episodes[1:], strict=False):
        # Placement disruption: a review 4-6 weeks after an unplanned move, unless a
        # review has been held since the move (domain.md rulebook table). The 903
        # records REASON_PLACE_CHANGE on the episode that *ends* with X1 (DfE
        # validation rules 225 and 233); the move is the next episode's DECOM.
        if (
            ep.rne in PLACEMENT_CHANGES
            and ended.reason_place_change in DISRUPTION_REASONS
            and not any(d >= ep.decom for d in reviews)
        ):
            candidates.append(
                _candidate(
                    rules.disruption_latest,
                    ep.decom,
                    rulebook,
                    "disruption review",
                    "the unplanned move on",
                    next_number,
                )
            )

    for notified, required_by in case.additional_reviews:
        # IRO-directed / additional review (domain.md rulebook table; handbook 3.76):
        # due by the date the IRO set, until a review is held after the change; the
        # next deadline then counts from the review actually held.
        if not any(d >= notified for d in reviews):
            candidates.append(
                ReviewDeadline(
                    required_by,
                    "additional review",
                    f"directed by the IRO after a significant change notified on {_fmt(notified)}",
                    next_number,
                    notified,
                )
            )

    if case.child.red_list:
        # Local policy (Cambridgeshire 2018/19): red-list children at least every 3 months.
        start, since = (
            (reviews[-1], "the last review on")
            if reviews
            else (period_start, "becoming looked after on")
        )
        candidates.append(
            _candidate(rules.red_list, start, rulebook, "red-list review", since, next_number)
        )

    deadline = min(candidates, key=lambda c: c.due)
    if deadline.due >= case.child.eighteenth_birthday:
        return None
    return deadline
