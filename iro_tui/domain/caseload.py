"""The caseload at a glance. Pure computation (the timeline's wording is beside the
child screen that shows it: screens/child_timeline.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from iro_tui.domain.agenda_items import final_review_window
from iro_tui.domain.calendar import age_on
from iro_tui.domain.child_history import (
    ChangeOnFile,
    NoteOnFile,
    ProgressOnFile,
    ReviewOnFile,
    StageOnFile,
)
from iro_tui.domain.deadlines import (
    ReviewDeadline,
    known_review_deadline,
    next_review_deadline,
    standing_on,
)
from iro_tui.domain.models import Child, ChildCase, MissingEpisode
from iro_tui.domain.per_child import PerChild
from iro_tui.domain.records import Appointment, Decision, Person, PlacementDetails
from iro_tui.domain.rulebook import Rulebook


@dataclass(frozen=True)
class CaseloadRow:
    child_ref: str
    name: str
    age: int
    in_care: bool
    legal_status: str
    placement: str
    area: str
    out_of_area: bool | None
    days_to_review: int | None
    review_due: date | None
    open_decisions: int
    overdue_decisions: int
    last_footprint: date | None
    # False for a child with no period of care on file (a 903 header row alone): not
    # in care, but never said to have left it.
    ever_in_care: bool = True
    # On the caseload by a short-break series between its breaks: no episode today.
    between_breaks: bool = False
    # The name as a list of children is sorted: family name first, as on every council
    # list (sorted by the shown "Given Family", the caseload read in first-name order).
    sort_name: str = ""
    # On the red list (reviews at least every 3 months): marked before the name.
    red_list: bool = False

    @property
    def status(self) -> str:
        """Said after the name: why a child is or is not on the caseload in care."""
        if self.in_care:
            return " (between short breaks)" if self.between_breaks else ""
        return " (left care)" if self.ever_in_care else " (not in care)"


def _sort_name(child: Child) -> str:
    """Family name, then the name the child goes by, case folded."""
    given = child.preferred_name or child.given_name or ""
    return f"{child.family_name or ''} {given} {child.child_ref}".casefold().strip()


@dataclass(frozen=True)
class ChildRecord:
    """Everything about one child, for the child screen."""

    case: ChildCase
    people: list[Person] = field(default_factory=list)
    placements: dict[date, PlacementDetails] = field(default_factory=dict)  # by episode DECOM
    reviews: list[ReviewOnFile] = field(default_factory=list)  # newest first
    decisions: list[Decision] = field(default_factory=list)
    notes: list[NoteOnFile] = field(default_factory=list)  # newest first
    missing: list[MissingEpisode] = field(default_factory=list)  # latest first
    appointments: list[Appointment] = field(default_factory=list)
    progress: list[ProgressOnFile] = field(default_factory=list)  # decision updates
    changes: list[ChangeOnFile] = field(default_factory=list)  # significant changes
    escalation_stages: list[StageOnFile] = field(default_factory=list)

    def missing_periods(self) -> list[tuple[date, date | None]]:
        """903 Missing episodes as (start, end or None while still missing)."""
        return [(m.start, m.end) for m in self.missing]

    def current_placement(self) -> PlacementDetails | None:
        if not self.case.episodes:
            return None
        return self.placements.get(self.case.episodes[-1].decom)


def caseload_rows(
    cases: list[ChildCase],
    placements: dict[str, PlacementDetails],
    decisions: list[Decision],
    last_notes: dict[str, date],
    rulebook: Rulebook,
    today: date,
) -> list[CaseloadRow]:
    rows = []
    # One pass over the decisions, not one per child: linear in the caseload.
    open_by_child: dict[str, list[Decision]] = {}
    for d in decisions:
        if d.status == "open":
            open_by_child.setdefault(d.child_ref, []).append(d)
    # After a write, only the children it touched have their deadline worked out again.
    dues = _review_due.answers(
        cases, rulebook, today, lambda case: _next_review_due(case, rulebook, today)
    )
    for case, (in_care, review_due) in zip(cases, dues, strict=True):
        ref = case.child.child_ref
        current = case.episodes[-1] if case.episodes else None
        details = placements.get(ref)
        open_decisions = open_by_child.get(ref, [])
        rows.append(
            CaseloadRow(
                child_ref=ref,
                name=case.child.display_name,
                sort_name=_sort_name(case.child),
                age=age_on(case.child.dob, today),
                in_care=in_care,
                legal_status=current.ls.value if current else "",
                placement=current.place.value if current else "",
                area=(details.area or "") if details else "",
                out_of_area=details.out_of_area if details else None,
                days_to_review=(review_due - today).days if review_due else None,
                review_due=review_due,
                open_decisions=len(open_decisions),
                overdue_decisions=sum(d.is_overdue(today) for d in open_decisions),
                last_footprint=last_notes.get(ref),
                ever_in_care=current is not None,
                between_breaks=in_care and not case.looked_after_on(today),
                red_list=case.child.red_list,
            )
        )
    return rows


_review_due: PerChild[tuple[bool, date | None]] = PerChild()


def final_review_first(
    case: ChildCase, deadline: ReviewDeadline | None, rulebook: Rulebook, today: date
) -> date | None:
    """The last day of the final review before 18 when it comes before the statutory
    `deadline` (or there is none): the diary shouts it overdue from then, and the
    caseload and the child's header said "in 15 days" for the later deadline, or none."""
    if not case.looked_after_on(today):
        return None
    window = final_review_window(case, case.held_reviews, rulebook, today)
    if window is None or (deadline is not None and window[1] >= deadline.due):
        return None
    return window[1]


def _next_review_due(case: ChildCase, rulebook: Rulebook, today: date) -> tuple[bool, date | None]:
    """Whether the child is in care today, and when the next review is due: the
    statutory deadline, or the final review before 18 when that comes first (or when,
    the next deadline falling after 18, there is none), so the caseload never shows a
    blank for a child about to leave care."""
    in_care = case.looked_after_on(today)
    deadline = standing_on(known_review_deadline(case, rulebook), today)
    final = final_review_first(case, deadline, rulebook, today)
    if deadline is not None:
        # A standing statutory deadline keeps the child on the caseload: a short-break
        # series between breaks has no episode today, and its overdue 1st review was seen
        # only with "left care" shown (deadlines.py gives none once care has ended).
        return True, final or deadline.due
    return in_care, final


def left_care(cases: list[ChildCase], rulebook: Rulebook, today: date) -> set[str]:
    """The children who have left care: not looked after today, and with no standing
    review deadline (a short-break series between breaks has one, and keeps the child on
    the caseload: _next_review_due). The drift tracker lists their decisions last."""
    return {
        case.child.child_ref
        for case in cases
        if not case.looked_after_on(today)
        and standing_on(known_review_deadline(case, rulebook), today) is None
    }


def deadline_for(record: ChildRecord, rulebook: Rulebook, today: date) -> ReviewDeadline | None:
    """The child's statutory deadline standing today (deadlines.standing_on)."""
    return standing_on(next_review_deadline(record.case, rulebook), today)
