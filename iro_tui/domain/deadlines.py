"""The statutory review deadline engine.

Every rule in shared/domain.md's rulebook table lives here, with the figures taken
from the Rulebook (data) and the calendar arithmetic from calendar.py. The engine
returns the *latest lawful date* of the child's next review; when several rules
apply, the earliest of their deadlines wins (domain.md: "the next deadline is the
earliest that applies"; local policy may tighten, never loosen).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from iro_tui.domain.calendar import WorkingDayCalendar
from iro_tui.domain.codes import (
    AUTHORISED_FOR_ADOPTION_STATUSES,
    PLACED_FOR_ADOPTION,
    SHORT_BREAK_STATUSES,
    ReasonNewEpisode,
)
from iro_tui.domain.history import ReviewHistory, review_history, second_review_after
from iro_tui.domain.models import ChildCase, Episode, PeriodOfCare
from iro_tui.domain.rulebook import Interval, Rulebook

PLACEMENT_CHANGES = frozenset(
    {
        ReasonNewEpisode.PLACEMENT_AND_CARER,
        ReasonNewEpisode.PLACEMENT_SAME_CARER,
        ReasonNewEpisode.LEGAL_AND_PLACEMENT_SAME_CARER,
        ReasonNewEpisode.LEGAL_PLACEMENT_AND_CARER,
    }
)


# A move to new carers (RNE P or B). From an adoptive placement it is a disruption
# even when the next placement is for adoption too (pending_disruptions); a change of
# placement type with the same carers (T, U) is one only when the child is no longer
# placed for adoption, and a change of legal status alone (L) never is.
CARER_CHANGES = frozenset(
    {ReasonNewEpisode.PLACEMENT_AND_CARER, ReasonNewEpisode.LEGAL_PLACEMENT_AND_CARER}
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
    # Short breaks, between breaks, a deadline after the series lapses: it falls due only
    # if another break begins by this day (_series_deadline). None: no such condition.
    unless_no_break_by: date | None = None
    # The review began in time and was adjourned on this day: `due` is the day it must be
    # completed by (_adjourned). None: no review adjourned.
    adjourned_on: date | None = None


def standing_on(deadline: ReviewDeadline | None, today: date) -> ReviewDeadline | None:
    """`deadline`, unless it no longer stands on `today`: a short-break series that has
    lapsed with no further break (the arrangement is over) has none."""
    if deadline is None or deadline.unless_no_break_by is None:
        return deadline
    return deadline if today <= deadline.unless_no_break_by else None


@lru_cache(maxsize=16384)  # pure; strftime is the dearest step of a deadline's basis
def _fmt(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def day_off_words(due: date, calendar: WorkingDayCalendar) -> str:
    """Said of a deadline on a weekend or bank holiday: which, and the last working day
    before it ("" on a working day). The deadline stands (a review on it is on time);
    a Jersey deadline fell on Liberation Day, a Saturday, and nothing said so."""
    what = calendar.day_off(due)
    if what is None:
        return ""
    before = calendar.add_working_days(due, -1)
    return f"{_fmt(due)} is {what}: the last working day before it is {before:%a} {_fmt(before)}"


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


def _adoptive_placement_start(episodes: list[Episode]) -> date:
    """The day the child was placed with their present prospective adopters: the run of
    latest A3-A6 episodes, cut where the carer changed (RNE P or B). A move straight from
    one adoptive placement to new adopters is a new placement for adoption, with its own
    1st review within 4 weeks (AAR 2005 reg 36), as well as the disruption of the first
    (pending_disruptions): the next deadline is the earlier (domain.md: "the earliest
    that applies"). Counted as one run, the new placement's 4 weeks were never started."""
    start = episodes[-1].decom
    for ep in reversed(episodes):
        if ep.place not in PLACED_FOR_ADOPTION:
            break
        start = ep.decom
        if ep.rne in CARER_CHANGES:
            break
    return start


@dataclass(frozen=True)
class ShortBreakSeries:
    """A series of short breaks (V3/V4) seen as one arrangement (domain.md rulebook
    table; CPPCR 2010 reg 48; Jersey handbook 4.2)."""

    start: date  # the first placement day of the series
    held: tuple[date, ...]  # reviews held since it began
    between_breaks_since: date | None  # the last break ended on (None: in a break now)


def _is_short_breaks(period: PeriodOfCare) -> bool:
    return all(ep.ls in SHORT_BREAK_STATUSES for ep in period.episodes)


def short_break_series(
    case: ChildCase, rulebook: Rulebook, periods: list[PeriodOfCare] | None = None
) -> ShortBreakSeries | None:
    """The series the latest period of care belongs to, or None if it is not short
    breaks. Breaks belong to one series while each begins before the series lapses
    (rulebook `short_breaks_series_lapses` after the previous break ended).
    `periods`: the case's `periods()`, when the caller has them already."""
    if periods is None:
        periods = case.periods()
    if not periods or not _is_short_breaks(periods[-1]):
        return None
    lapses, calendar = rulebook.reviews.short_breaks_series_lapses, rulebook.calendar
    first = periods[-1]
    for earlier in reversed(periods[:-1]):
        ended = earlier.episodes[-1].dec
        if not _is_short_breaks(earlier) or ended is None:
            break
        if lapses.after(ended, calendar) < first.start:
            break  # too long without a break: the earlier series was over
        first = earlier
    latest = periods[-1]
    # A series whose first break in the store is the child's first care in it was taken
    # over mid-series (typed in at the intake, or from a return starting later): a
    # review held before that break was in an earlier break of the same series, and
    # the next counts from it (domain/episodes.py, Intake).
    since = first.start if first is not periods[0] else date.min
    return ShortBreakSeries(
        start=first.start,
        held=tuple(d for d in case.held_reviews if d >= since),
        between_breaks_since=latest.episodes[-1].dec if latest.ended else None,
    )


def _series_deadline(
    case: ChildCase, series: ShortBreakSeries, rulebook: Rulebook
) -> ReviewDeadline | None:
    """Short breaks: 1st within 3 months of the first placement of the series, then
    <= 6 months (reg 48; Jersey 4.2), alive between breaks while the series lasts."""
    rules, held = rulebook.reviews, series.held
    if not held:
        deadline = _candidate(
            rules.short_breaks_first,
            series.start,
            rulebook,
            "1st review",
            "the first short break of the series on",
            1,
        )
    else:
        deadline = _candidate(
            rules.short_breaks_later, held[-1], rulebook, "review", "the last review on", None
        )
    candidates = [deadline, *_additional(case, list(held), None)]
    if case.child.red_list:
        start, since = (
            (held[-1], "the last review on") if held else (series.start, "the first short break on")
        )
        candidates.append(
            _candidate(rules.red_list, start, rulebook, "red-list review", since, None)
        )
    deadline = min(candidates, key=lambda c: c.due)
    if series.between_breaks_since is not None:
        # Between breaks the deadline stays alive (domain.md rulebook table). One that
        # falls after the series lapses is due only if another break begins by then: with
        # none, the arrangement is over and no review falls due. Until that day it is
        # shown, with the condition (standing_on); hidden, the IRO had no notice of a review
        # due in weeks were the breaks to go on, as they usually do.
        lapses = rules.short_breaks_series_lapses.after(
            series.between_breaks_since, rulebook.calendar
        )
        if deadline.due > lapses:
            deadline = replace(
                deadline,
                basis=f"{deadline.basis} (between short breaks: due if another break "
                f"begins by {_fmt(lapses)}, when the series lapses)",
                unless_no_break_by=lapses,
            )
        else:
            deadline = replace(deadline, basis=f"{deadline.basis} (between short breaks)")
    if deadline.due >= case.child.eighteenth_birthday:
        return None
    return deadline


def _additional(
    case: ChildCase, reviews: list[date], next_number: int | None
) -> list[ReviewDeadline]:
    """IRO-directed / additional reviews (domain.md rulebook table; handbook 3.76): due
    by the date the IRO set, until a review is held after the change; the next
    deadline then counts from the review actually held."""
    return [
        ReviewDeadline(
            required_by,
            "additional review",
            f"directed by the IRO after a significant change notified on {_fmt(notified)}",
            next_number,
            notified,
        )
        for notified, required_by in case.additional_reviews
        if not any(d >= notified for d in reviews)
    ]


@dataclass(frozen=True)
class Disruption:
    """An adoptive placement that ended with the child returned or removed."""

    ended: date
    earliest: date  # a review before this day does not satisfy it
    latest: date


def pending_disruptions(
    episodes: list[Episode], reviews: list[date], rulebook: Rulebook
) -> list[Disruption]:
    """Disruptions of adoptive placements (A3-A6) still waiting for their review.

    The child is returned or removed for ANY reason (REASON_PLACE_CHANGE is not
    consulted): a review no sooner than 4 and no later than 6 weeks after (AAR 2005
    reg 36; Jersey handbook 3.56). Returned: the next placement is not for adoption,
    even with the same carers (RNE T or U: prospective adopters who keep the child as
    foster carers end the placement for adoption). Removed: the child moves to new
    carers (RNE P or B), for adoption or not. A review held sooner than 4 weeks after
    does not satisfy it. An unplanned move from a foster or other placement is no
    automatic review: it is a significant change and the IRO decides (3.74-3.76).
    """
    rules, calendar = rulebook.reviews, rulebook.calendar
    found = []
    for before, after in zip(episodes, episodes[1:], strict=False):
        if before.place in PLACED_FOR_ADOPTION and (
            after.rne in CARER_CHANGES or after.place not in PLACED_FOR_ADOPTION
        ):
            earliest = rules.disruption_earliest.after(after.decom, calendar)
            if not any(d >= earliest for d in reviews):
                found.append(
                    Disruption(
                        after.decom, earliest, rules.disruption_latest.after(after.decom, calendar)
                    )
                )
    return found


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
    if number is None and history.possibly_first and len(history.held) == 1:
        # The one review in the store may be a late 1st review (domain/history.py): the
        # 2nd review's deadline, when earlier and not already past when it was held.
        second = second_review_after(history, last, rulebook)
        if last < second < deadline.due:
            if rules.second_counts_from == "first_review":
                from_day, basis = last, f"after the review on {_fmt(last)}, counted as the 1st"
            else:
                from_day = period.start
                basis = (
                    f"after becoming looked after on {_fmt(from_day)}, counting the review "
                    f"on {_fmt(last)} as the 1st"
                )
            return ReviewDeadline(
                second,
                "review",
                f"{rules.second.describe()} {basis}: earlier reviews may not be in the store "
                "(say which review it was with u on the child's Reviews tab)",
                None,
                from_day,
                history_missing=True,
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
    periods = case.periods()
    return deadline_from_history(case, rulebook, periods, review_history(case, rulebook, periods))


# The last deadline worked out for each child, with the very case record and rulebook it
# came from. The diary works out every child's deadline on opening and after each write;
# the caseload, opened next, asks for the same ones, and working them out again cost a
# whole authority's first caseload ~75 ms. A deadline depends on the case and the
# rulebook alone, and the store hands back the very same case record while nothing about
# the child has changed (store/case_changes.py): only that same record counts here, so an
# answer is never taken from another record, even an equal one.
_last_deadline: dict[str, tuple[ChildCase, Rulebook, ReviewDeadline | None]] = {}


def remember_deadline(case: ChildCase, rulebook: Rulebook, deadline: ReviewDeadline | None) -> None:
    """Note `deadline` as next_review_deadline(case, rulebook) (worked out by the caller)."""
    _last_deadline[case.child.child_ref] = (case, rulebook, deadline)


def known_review_deadline(case: ChildCase, rulebook: Rulebook) -> ReviewDeadline | None:
    """next_review_deadline(case, rulebook), taken from the last one worked out for this
    very case record under this rulebook, if any."""
    kept = _last_deadline.get(case.child.child_ref)
    if kept is not None and kept[0] is case and (kept[1] is rulebook or kept[1] == rulebook):
        return kept[2]
    deadline = next_review_deadline(case, rulebook)
    remember_deadline(case, rulebook, deadline)
    return deadline


def deadline_from_history(
    case: ChildCase,
    rulebook: Rulebook,
    periods: list[PeriodOfCare],
    history: ReviewHistory | None,
) -> ReviewDeadline | None:
    """`next_review_deadline`, for a caller that has the case's `periods()` and
    `review_history()` already (the diary, which needs them for other items too)."""
    series = short_break_series(case, rulebook, periods)
    if series is not None:
        return _series_deadline(case, series, rulebook)
    if history is None or history.period.ended:
        return None
    period = history.period
    period_start = period.start
    episodes = list(period.episodes)
    # A new period of care (RNE S) restarts the cycle: only reviews held in this
    # period count (domain.md: "A new period of care ... starts the cycle again").
    # Changes of placement or legal status (RNE P/T/L/U/B) do not restart it.
    reviews = list(history.held)
    rules = rulebook.reviews
    next_number = history.next_number
    candidates: list[ReviewDeadline] = []

    # Short breaks are handled above (a series across periods of care). A period that
    # mixes short breaks and full-time care is ordinary care from its start: a move
    # from short breaks to full-time care can only bring the 1st review forward.
    candidates.append(_cycle_candidate(history, rulebook))

    candidates += _adoption_candidates(period, reviews, rulebook, next_number)
    for disruption in pending_disruptions(episodes, reviews, rulebook):
        candidates.append(
            _candidate(
                rules.disruption_latest,
                disruption.ended,
                rulebook,
                "disruption review",
                "the adoptive placement ended on",
                next_number,
            )
        )
    candidates += _additional(case, reviews, next_number)
    if case.child.red_list:
        candidates.append(_red_list_candidate(reviews, period_start, rulebook, next_number))

    deadline = min(candidates, key=lambda c: c.due)
    if deadline.due >= case.child.eighteenth_birthday:
        return None
    return _adjourned(case, deadline, period_start, reviews, rulebook)


def adjourned_complete_by(case: ChildCase, begun: date, rulebook: Rulebook) -> date:
    """The day a review adjourned on `begun` is to be completed by: within 20 working
    days (handbook 3.25), and before the 18th birthday, on or after which no
    looked-after review falls (domain.md): it was given a completion after it, and
    then vanished from the diary that day (an adversarial check)."""
    return min(
        rulebook.reviews.adjournment_completion.after(begun, rulebook.calendar),
        case.child.eighteenth_birthday - timedelta(days=1),
    )


def _adjourned(
    case: ChildCase,
    deadline: ReviewDeadline,
    period_start: date,
    reviews: list[date],
    rulebook: Rulebook,
) -> ReviewDeadline:
    """The deadline while a review begun in time stands adjourned. An adjourned review
    keeps the date it was scheduled for and must be completed within 20 working days
    (domain.md, "The review meeting"; IRO Handbook 3.25, 3.27): begun on or before its
    deadline, it is late only if that completion is missed, so the deadline is the
    completion's. The diary had shouted the review overdue the day after the meeting.
    One begun after its deadline was late when it began: the deadline stands."""
    since = reviews[-1] if reviews else None
    for review in case.reviews:
        begun = review.scheduled_date
        if review.status != "adjourned" or begun is None or begun > deadline.due:
            continue
        if begun < period_start or (since is not None and begun <= since):
            continue  # completed since (recorded as held on its day), or another period's
        complete_by = adjourned_complete_by(case, begun, rulebook)
        return replace(
            deadline,
            due=complete_by,
            rule=f"adjourned {deadline.rule}",
            basis=f"adjourned on {begun:%d/%m/%Y} within its deadline of "
            f"{deadline.due:%d/%m/%Y}: to be completed within 20 working days, and "
            "recorded as held on the day it began",
            adjourned_on=begun,
        )
    return deadline


def _adoption_candidates(
    period: PeriodOfCare, reviews: list[date], rulebook: Rulebook, next_number: int | None
) -> list[ReviewDeadline]:
    """The adoption timetable that applies to the current episode, if any."""
    rules, current, episodes = rulebook.reviews, period.current, list(period.episodes)
    candidates: list[ReviewDeadline] = []
    if current.ls in AUTHORISED_FOR_ADOPTION_STATUSES and current.place not in PLACED_FOR_ADOPTION:
        # Authorised for adoption, not yet placed (D1/E1): 1st within 3 months of the
        # authority, then 6 months (domain.md rulebook table). The rule stops once the
        # child is placed (A3-A6): the placed-for-adoption timetable takes over.
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
        placed = _adoptive_placement_start(episodes)
        since = [d for d in reviews if d >= placed]
        held = len(since)
        if since and placed <= period.start and next_number is not None:
            # Placed when care began: every review of the period followed the placement,
            # the ones before the store's too. A child typed in mid-cycle with a 3rd
            # review was given the 2nd adoption review's 3 months, "after the 1st".
            held = max(held, next_number - 1)
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
        elif held == 1:
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
    return candidates


def _red_list_candidate(
    reviews: list[date], period_start: date, rulebook: Rulebook, next_number: int | None
) -> ReviewDeadline:
    # Local policy (Cambridgeshire 2018/19): red-list children at least every 3 months.
    start, basis = (
        (reviews[-1], "the last review on")
        if reviews
        else (period_start, "becoming looked after on")
    )
    return _candidate(
        rulebook.reviews.red_list, start, rulebook, "red-list review", basis, next_number
    )
