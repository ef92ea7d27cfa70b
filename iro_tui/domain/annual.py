"""The IRO's annual report figures (IRO Handbook 7.11; domain.md "The annual report").

Everything is counted over one April-March year, up to `as_at`: the year's last day,
or today while the year is still running. This module counts; the report's words
(titles, sentences, and a note on how each figure was counted, so the IRO can defend
every number) are in interchange/annual_wording.py. How the figures are counted:

- A review is *on time* when held on or before the statutory deadline that applied
  the day before it was held: the same engine as the diary (deadlines.py), run on the
  child's history as it stood then. The local red-list policy is left out, as the
  national measure is the statutory timescale.
- *Contributed views*: PN1, PN2, PN3, PN5 or PN6 (PN4 attended without contributing,
  PN7 did not take part, PN0 is under 4): SSDA903 guidance on participation codes.
- A *mid-point check* is due halfway between a review (or becoming looked after) and
  the deadline it set (between.py), when that day falls in the year, the child is
  still looked after and no review has come first; it is done when a mid-point note
  is written after that review and before the next.
- Records are timed from the review's completion, with the rulebook's post-review
  working days (recording.py: post_review_deadlines).
- The year-end caseload is the children looked after on `as_at`; age bands are the
  DfE's ("Children looked after in England" statistics).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from iro_tui.domain.between import INFORMAL_STAGE, Stage
from iro_tui.domain.calendar import age_on
from iro_tui.domain.codes import CONTINUES_IN_CARE
from iro_tui.domain.deadlines import next_review_deadline
from iro_tui.domain.history import reviews_not_judged
from iro_tui.domain.models import ChildCase, Episode
from iro_tui.domain.recording import post_review_deadlines
from iro_tui.domain.report import Progress, ReportYear
from iro_tui.domain.rulebook import Rulebook
from iro_tui.errors import BadInput

CONTRIBUTED_VIEWS = frozenset({"PN1", "PN2", "PN3", "PN5", "PN6"})
AGE_BANDS: tuple[tuple[str, str, int, int], ...] = (
    ("under_1", "Under 1", 0, 0),
    ("1_4", "1 to 4", 1, 4),
    ("5_9", "5 to 9", 5, 9),
    ("10_15", "10 to 15", 10, 15),
    ("16_17", "16 and 17", 16, 17),
)
NOT_RECORDED = "not recorded"
TURNED_18 = "turned 18"  # a period of care ended at 18 with no leaving recorded
# A mid-point check falls halfway between a cycle's start and the deadline it set. The
# longest interval in either rulebook is six months (England: Care Planning Regs 2010
# reg 33(2)(c), short breaks and adoption likewise; Jersey: Handbook 3.23), so a check
# due in the year belongs to a cycle that began at most ~3 months before it. A year of
# look-back is that with room to spare; older cycles cannot have a check in the year.
MIDPOINT_LOOKBACK = timedelta(days=366)


# --- what the report reads, per child ---------------------------------------------
@dataclass(frozen=True)
class HeldReview:
    held: date
    participation: str | None = None
    late_reason: str | None = None
    seen_alone: bool | None = None
    completed: date | None = None  # recorded in iro-tui (903 imports have none)
    decisions_sent: date | None = None
    record_sent: date | None = None
    consulted: tuple[tuple[date, str], ...] = ()  # (date, consultee role)


@dataclass(frozen=True)
class EscalationFacts:
    kind: str  # informal / formal (an informal challenge may go on up the ladder)
    theme: str
    opened: date
    resolved: date | None = None
    outcome: str | None = None
    stages: tuple[Stage, ...] = ()


class DecisionFacts(NamedTuple):
    """What the report counts of a decision: not its words (a whole authority has
    ~100,000 decisions; the report reads only the year's, and only these dates)."""

    made: date
    due: date
    status: str  # open / done / dropped
    completed: date | None = None  # done on, or (dropped) the day it was said no longer needed


@dataclass(frozen=True)
class ReportWindow:
    """The days a year's report reads: the year to `as_at`, and for the mid-point
    checks the cycles that began up to MIDPOINT_LOOKBACK before it. The store loads
    only these, so a decade's history costs what one year does."""

    start: date
    as_at: date

    @property
    def cycles_from(self) -> date:
        return self.start - MIDPOINT_LOOKBACK


@dataclass(frozen=True)
class ChildYear:
    case: ChildCase
    reviews: tuple[HeldReview, ...] = ()
    decisions: tuple[DecisionFacts, ...] = ()
    note_dates: tuple[date, ...] = ()
    midpoint_notes: tuple[date, ...] = ()
    escalations: tuple[EscalationFacts, ...] = ()
    out_of_area: tuple[tuple[date, bool], ...] = ()  # (episode DECOM, placed out of area)


# --- the child's history as it stood on a day ----------------------------------------
def case_as_of(case: ChildCase, day: date) -> ChildCase:
    """The case as known at the end of `day`: later episodes, reviews and directions
    unknown, episodes ending later still open. Red list off (statutory measure)."""
    episodes = tuple(
        e if e.dec is None or e.dec <= day else e.model_copy(update={"dec": None, "rec": None})
        for e in case.episodes
        if e.decom <= day
    )
    reviews = tuple(
        r
        for r in case.reviews
        if r.status == "held" and r.held_date is not None and r.held_date <= day
    )
    additional = tuple(a for a in case.additional_reviews if a[0] <= day)
    return case.model_copy(
        update={
            "child": case.child.model_copy(update={"red_list": False}),
            "episodes": episodes,
            "reviews": reviews,
            "additional_reviews": additional,
        }
    )


def deadline_when_held(case: ChildCase, held: date, rulebook: Rulebook) -> date | None:
    """The statutory deadline the review held on `held` had to meet (None: none applied)."""
    deadline = next_review_deadline(case_as_of(case, held - timedelta(days=1)), rulebook)
    return deadline.due if deadline else None


def looked_after_between(case: ChildCase, start: date, end: date) -> bool:
    """In care on at least one day of [start, end], and under 18 that day."""
    return last_day_in_care(case, start, end) is not None


def last_day_in_care(case: ChildCase, start: date, end: date) -> date | None:
    """The last day in [start, end] the child was looked after and under 18."""
    last_child_day = case.child.eighteenth_birthday - timedelta(days=1)
    found = None
    for ep in case.episodes:
        first = max(ep.decom, start)
        last = min(end, last_child_day, ep.dec - timedelta(days=1) if ep.dec else end)
        if first <= last and (found is None or last > found):
            found = last
    return found


# --- counting ------------------------------------------------------------------------
class Tally:
    """Counts keyed (section, figure). Fixed figures have a short key; figures named
    by what they count (a late reason, a stage, an outcome) use that as the key."""

    def __init__(self) -> None:
        self.counts: Counter[tuple[str, str]] = Counter()

    def add(self, section: str, key: str, n: int = 1) -> None:
        self.counts[(section, key)] += n

    def __getitem__(self, item: tuple[str, str]) -> int:
        return self.counts[item]

    def keys_of(self, section: str) -> list[str]:
        return [k for s, k in self.counts if s == section]

    def update(self, other: Tally) -> None:
        self.counts.update(other.counts)


def _count_reviews(
    child: ChildYear,
    history: tuple[ChildCase, frozenset[date]],
    span: tuple[ReportYear, date],
    rb: Rulebook,
    t: Tally,
) -> None:
    (case, unknown), (year, as_at) = history, span
    seen_4_plus = contributed = False
    for review in child.reviews:
        if not (year.start <= review.held <= as_at):
            continue
        t.add("reviews", "held")
        if review.held in unknown:
            t.add("reviews", "not_known")
        else:
            deadline = deadline_when_held(case, review.held, rb)
            if deadline is None or review.held <= deadline:
                t.add("reviews", "on_time")
            else:
                t.add("reviews", "late")
                t.add("late_reasons", (review.late_reason or "").strip() or NOT_RECORDED)
        t.add("participation", review.participation or NOT_RECORDED)
        aged_4_plus = age_on(case.child.dob, review.held) >= 4
        if aged_4_plus:
            seen_4_plus = True
            contributed |= review.participation in CONTRIBUTED_VIEWS
            t.add("consultation", "reviews_4_plus")
            if review.seen_alone is True:
                t.add("consultation", "seen_alone")
            elif review.seen_alone is None:
                t.add("consultation", "seen_alone_not_recorded")
            if any(d <= review.held and role == "child" for d, role in review.consulted):
                t.add("consultation", "child_consulted")
        if any(d <= review.held for d, _ in review.consulted):
            t.add("consultation", "consulted")
        _count_records(review, as_at, rb, t)
    if any(year.start <= r.held <= as_at for r in child.reviews):
        t.add("reviews", "children")
    if seen_4_plus:
        t.add("views", "children_4_plus")
        if contributed:
            t.add("views", "contributed")


def _count_not_held(case: ChildCase, span: tuple[ReportYear, date], rb: Rulebook, t: Tally) -> None:
    """A statutory deadline that fell in the year with no review held by it: still
    outstanding on `as_at`, or passed before the child left care (or turned 18) without
    one. Counted only where the store is sure of the deadline: a stand-in for history it
    lacks (domain/history.py) is left out, as the diary says it may be early. Counted
    only reviews held, "1 of 1 on time" read as a good year with fifteen reviews missed."""
    year, as_at = span
    last = last_day_in_care(case, year.start, as_at)
    if last is None:
        return
    deadline = next_review_deadline(case_as_of(case, last), rb)
    if deadline is None or deadline.history_missing or deadline.due < year.start:
        return
    # Still in care on as_at: passed once as_at is after it (a review on the day is on
    # time). Left care (or 18) by as_at: passed if it fell on a day still in care.
    passed = deadline.due < as_at if last == as_at else deadline.due <= last
    if passed:
        t.add("reviews", "not_held")


def _count_not_reviewed(
    child: ChildYear, span: tuple[ReportYear, date], rb: Rulebook, t: Tally
) -> None:
    """A child in care without a break for 6 months or more of the year (under 18) with
    no review held in it: whatever history the store lacks, a deadline passed unmet while
    they were in care, as reviews are at most 6 months apart. A one-year return's child
    with no review all year, whose deadline counts from history the store lacks (left out
    of _count_not_held), read as "No statutory deadline passed without a review"."""
    year, as_at = span
    if any(year.start <= r.held <= as_at for r in child.reviews):
        return
    last_child_day = child.case.child.eighteenth_birthday - timedelta(days=1)
    for began, ended in _unbroken_care(child.case.episodes):
        first = max(began, year.start)
        # The day an episode ends (DEC) is the first day out of care.
        last = min(ended - timedelta(days=1) if ended else as_at, as_at, last_child_day)
        if first <= last and rb.reviews.later.after(first, rb.calendar) <= last:
            t.add("reviews", "not_reviewed")
            return


def _unbroken_care(episodes: tuple[Episode, ...]) -> list[tuple[date, date | None]]:
    """(first day, day it ended or None) of each run of episodes, one following on the
    day the one before ended."""
    runs: list[tuple[date, date | None]] = []
    for ep in episodes:
        if runs and runs[-1][1] == ep.decom:
            runs[-1] = (runs[-1][0], ep.dec)
        else:
            runs.append((ep.decom, ep.dec))
    return runs


def _count_records(review: HeldReview, as_at: date, rb: Rulebook, t: Tally) -> None:
    if review.completed is None:
        t.add("records", "not_recorded")
        return
    t.add("records", "completed")
    due = post_review_deadlines(review.completed, review.decisions_sent, rb)
    for task, sent in (("decisions", review.decisions_sent), ("record", review.record_sent)):
        deadline = due[f"{task}_sent"]
        if sent is not None and sent <= as_at:
            t.add("records", f"{task}_on_time" if sent <= deadline else f"{task}_late")
        elif deadline < as_at:
            t.add("records", f"{task}_overdue")
        else:
            t.add("records", f"{task}_not_yet_due")


def _open_on(decision: DecisionFacts, as_at: date) -> bool:
    """Open as it stood on `as_at`: done, or said no longer needed, only after it. A
    decision dropped in June changed the figures of the year that ended in March."""
    done = decision.completed
    return decision.status == "open" or (done is not None and done > as_at)


def _count_decisions(child: ChildYear, year: ReportYear, as_at: date, t: Tally) -> None:
    for decision in child.decisions:
        if decision.made < year.start:
            # Made in an earlier year and still open on as_at (the store reads those
            # only): overdue ones are drift the year carried, not counted as made in it.
            if _open_on(decision, as_at) and decision.due < as_at:
                t.add("decisions", "earlier_open_overdue")
            continue
        if decision.made > as_at:
            continue
        t.add("decisions", "made")
        done = decision.completed
        if _open_on(decision, as_at):
            t.add("decisions", "open")
            if decision.due < as_at:
                t.add("decisions", "open_overdue")
        elif decision.status == "dropped":
            t.add("decisions", "dropped")
        elif done is not None:
            t.add("decisions", "done_on_time" if done <= decision.due else "done_late")


def _cycle_starts(case: ChildCase) -> list[date]:
    starts = {p.start for p in case.periods()}
    return sorted(starts | set(case.held_reviews))


def _count_midpoints(
    child: ChildYear, case: ChildCase, span: tuple[ReportYear, date], rb: Rulebook, t: Tally
) -> None:
    year, as_at = span
    joined = case.child.joined_on
    if joined is not None and year.start < joined <= as_at:
        t.add("between", "joined_in_year")  # the report says why their checks are fewer
    starts = _cycle_starts(case)
    ends: list[date | None] = [*starts[1:], None] if starts else []  # a Header-only child
    window = ReportWindow(year.start, as_at)
    for since, until in zip(starts, ends, strict=True):
        if since < window.cycles_from or since > as_at:
            continue  # its check (halfway to a deadline after it) cannot fall in the year
        deadline = next_review_deadline(case_as_of(case, since), rb)
        if deadline is None:
            continue
        due = since + timedelta(days=(deadline.due - since).days // 2)
        if not (year.start <= due <= as_at) or (until is not None and until <= due):
            continue
        if not case.looked_after_on(due):
            continue
        if joined is not None and due < joined:
            continue  # before the child joined this IRO's caseload: not theirs to make
        t.add("between", "midpoints_due")
        end = min(until, as_at) if until else as_at
        if any(since < n <= end for n in child.midpoint_notes):
            t.add("between", "midpoints_done")


def _count_escalations(child: ChildYear, year: ReportYear, as_at: date, t: Tally) -> None:
    for esc in child.escalations:
        if not (year.start <= esc.opened <= as_at):
            continue
        t.add("escalations", "opened")
        reached = [
            s
            for s in esc.stages
            if not s.skipped and s.opened_date is not None and s.opened_date <= as_at
        ]
        formal = any(s.stage_name != INFORMAL_STAGE for s in reached)
        t.add("escalations", "formal" if formal else "informal")
        t.add("escalation_themes", esc.theme)
        top = max(reached, key=lambda s: s.stage_no).stage_name if reached else NOT_RECORDED
        t.add("escalation_stages", top)
        if esc.resolved is not None and esc.resolved <= as_at:
            t.add("escalations", "resolved")
            t.add("escalation_outcomes", (esc.outcome or "").strip() or NOT_RECORDED)
        else:
            t.add("escalation_outcomes", "Not resolved yet")


def _age_band(age: int) -> str:
    for key, _, low, high in AGE_BANDS:
        if low <= age <= high:
            return key
    return "16_17"


def _count_caseload(child: ChildYear, year: ReportYear, as_at: date, t: Tally) -> None:
    case = child.case
    if looked_after_between(case, year.start, as_at):
        t.add("caseload", "during_year")
        if any(year.start <= n <= as_at for n in child.note_dates):
            t.add("between", "children_with_footprint")
    for ep in case.episodes:
        if ep.rne == "S" and year.start <= ep.decom <= as_at:
            t.add("caseload", "started")
        if ep.dec is not None and year.start <= ep.dec <= as_at and ep.rec != CONTINUES_IN_CARE:
            t.add("caseload", "ended")
            t.add("ended_reasons", str(ep.rec))
    # Care ends at 18 (domain.md "Turning 18"). With no leaving recorded (the episode
    # still open on as_at), the child left the caseload without being counted as a
    # period ended: "16 in the year, 1 started, 0 ended, 14 on the last day".
    eighteen = case.child.eighteenth_birthday
    if year.start <= eighteen <= as_at:
        at_17 = case.episode_on(eighteen - timedelta(days=1))
        if at_17 is not None and (at_17.dec is None or at_17.dec > as_at):
            t.add("caseload", "ended")
            t.add("ended_reasons", TURNED_18)
    episode = case.episode_on(as_at)
    if episode is None or not case.looked_after_on(as_at):
        return
    t.add("caseload", "at_year_end")
    t.add("year_end_legal", str(episode.ls))
    t.add("year_end_age", _age_band(age_on(case.child.dob, as_at)))
    uasc = case.child.uasc and (case.child.uasc_ceased is None or case.child.uasc_ceased > as_at)
    t.add("year_end_uasc", "uasc" if uasc else "not_uasc")
    area = dict(child.out_of_area).get(episode.decom)
    t.add("year_end_area", NOT_RECORDED if area is None else ("out" if area else "in"))


def count_child(child: ChildYear, year: ReportYear, as_at: date, rulebook: Rulebook) -> Tally:
    tally = Tally()
    # One rule with the diary's engine for history the store lacks (domain/history.py).
    history = (child.case, reviews_not_judged(child.case, rulebook))
    _count_caseload(child, year, as_at, tally)
    _count_reviews(child, history, (year, as_at), rulebook, tally)
    _count_not_held(child.case, (year, as_at), rulebook, tally)
    _count_not_reviewed(child, (year, as_at), rulebook, tally)
    _count_decisions(child, year, as_at, tally)
    _count_midpoints(child, history[0], (year, as_at), rulebook, tally)
    _count_escalations(child, year, as_at, tally)
    return tally


def as_at_for(year: ReportYear, today: date) -> date:
    """The report counts to the year's end, or to today while the year runs."""
    if today < year.start:
        raise BadInput(f"{year.label} has not started yet (it starts {year.start:%d/%m/%Y})")
    return min(year.end, today)


@dataclass(frozen=True)
class YearCounts:
    """The year's figures as counted, before they are put into words (interchange/
    annual_wording.py words them for the screen, the Markdown draft and the JSON)."""

    year: ReportYear
    as_at: date
    rulebook: Rulebook
    tally: Tally


def count_year(
    children: Iterable[ChildYear],
    year: ReportYear,
    today: date,
    rulebook: Rulebook,
    progress: Progress | None = None,
) -> YearCounts:
    """Count every child, reporting progress after each."""
    as_at = as_at_for(year, today)
    children = list(children)
    tally = Tally()
    for done, child in enumerate(children, start=1):
        tally.update(count_child(child, year, as_at, rulebook))
        if progress:
            progress(done, len(children))
    return YearCounts(year, as_at, rulebook, tally)
