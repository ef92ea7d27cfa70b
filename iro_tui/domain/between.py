"""Between reviews: the IRO's footprint, the mid-point check, drift, significant
changes and escalation (IRO Handbook 2.11, 3.74-3.82, chapter 6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from iro_tui.domain.deadlines import ReviewDeadline, next_review_deadline
from iro_tui.domain.fields import FieldProblem, format_ui_date, not_after_today
from iro_tui.domain.history import ReviewHistory, review_history
from iro_tui.domain.models import ChildCase
from iro_tui.domain.records import Decision
from iro_tui.domain.rulebook import Rulebook

NOTE_KINDS = {
    "visit": "Visit to the child",
    "sw_contact": "Contact with the SW or team manager",
    "carer_parent_contact": "Contact with a carer or parent",
    "email": "Email",
    "midpoint": "Mid-point monitoring",
    "significant_change": "A significant change notified",
    "manager_alert": "An alert to a manager",
    "other": "Other",
}
NoteKind = Literal[
    "visit",
    "sw_contact",
    "carer_parent_contact",
    "email",
    "midpoint",
    "significant_change",
    "manager_alert",
    "other",
]
PROGRESS = {
    "on_track": "On track",
    "at_risk": "At risk",
    "overdue": "Overdue",
    "done": "Done",
    # Overtaken by events (a move, a new plan): it leaves the diary and the drift
    # tracker, counted as such in the annual report; the note says why.
    "dropped": "No longer needed",
}
ProgressState = Literal["on_track", "at_risk", "overdue", "done", "dropped"]
MIDPOINT_SHOWN_DAYS_BEFORE = 14  # in the diary from two weeks before the mid-point


class FootprintNote(BaseModel):
    # defer_build: each model's validator is built on its first use, not on import;
    # the diary's first paint validates few of them (issue 12, start-up).
    model_config = ConfigDict(frozen=True, str_strip_whitespace=True, defer_build=True)
    note_date: date
    kind: NoteKind
    text: str = Field(min_length=1)
    follow_up_date: date | None = None
    today: date

    @model_validator(mode="after")
    def _dates(self) -> FootprintNote:
        if self.note_date > self.today:
            raise FieldProblem(
                "note_date",
                "a note records what has happened: not a future date (use a follow-up date)",
            )
        if self.follow_up_date and self.follow_up_date < self.note_date:
            raise FieldProblem("follow_up_date", "the follow-up cannot be before the note")
        return self


@dataclass(frozen=True)
class Midpoint:
    due: date
    since: date  # the last review held
    deadline: date


def midpoint(case: ChildCase, rulebook: Rulebook) -> Midpoint | None:
    """Halfway between the last review held and the next deadline.

    Westminster/Rotherham practice of mid-point monitoring *between reviews* (domain.md,
    "Between reviews"); an odd number of days rounds down, so the check is never late.
    None until a review has been held in this period of care: before the first review
    (due within 20 working days) there is no care plan reviewed to monitor, and a child
    whose reviews are not in the store (a 903 return's child, one typed in mid-cycle)
    has the review itself to hold, which the diary shows.
    """
    return midpoint_of(next_review_deadline(case, rulebook), review_history(case, rulebook))


def midpoint_of(deadline: ReviewDeadline | None, history: ReviewHistory | None) -> Midpoint | None:
    """`midpoint`, from the deadline and review history the diary has worked out already."""
    if deadline is None or history is None or not history.held:
        return None
    since = history.held[-1]
    return Midpoint(since + timedelta(days=(deadline.due - since).days // 2), since, deadline.due)


def state_against_timescale(state: ProgressState, due: date | None, on: date) -> str | None:
    """Why `state` cannot be said, on `on`, of a decision due `due` and not done: past
    its timescale it is neither on track nor only at risk (the drift tracker and the
    mid-point note read these words; "On track" was saved for one 143 days overdue), and
    before it, not overdue."""
    if due is not None and state == "overdue" and on <= due:
        # Said of one due in 18 days: the drift tracker and the mid-point note then read
        # a decision as overdue that was not.
        left = (due - on).days
        when = "today" if left == 0 else f"in {left} day{'s' * (left != 1)}"
        return (
            f"it is due on {due:%d/%m/%Y}, {when}: not overdue yet; choose At risk if it "
            "may not be done in time"
        )
    if due is None or state not in ("on_track", "at_risk") or on <= due:
        return None
    days = (on - due).days
    return (
        f"it was due on {due:%d/%m/%Y}, {days} day{'s' * (days != 1)} ago, and is not done: "
        "choose Overdue (and escalate if it is drifting), or Done with the date it was done"
    )


class ProgressUpdate(BaseModel):
    """A progress note on a decision; `done` needs the date it was done. `due_date`,
    the decision's timescale, when known: past it, not "on track" (state_against_timescale)."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True, defer_build=True)
    decision_id: int
    state: ProgressState
    note: str = ""
    recorded_date: date
    completed_date: date | None = None
    due_date: date | None = None

    @model_validator(mode="after")
    def _done_has_a_date(self) -> ProgressUpdate:
        if (
            late := state_against_timescale(self.state, self.due_date, self.recorded_date)
        ) is not None:
            raise FieldProblem("state", late)
        if self.state == "done" and self.completed_date is None:
            raise FieldProblem("completed_date", "say when it was done")
        if self.state == "dropped" and not self.note:
            raise FieldProblem(
                "note", "say why the decision is no longer needed (it is kept on the file)"
            )
        if self.completed_date and self.state != "done":
            # Kept silently, the date was lost: only a decision done has a done date.
            raise FieldProblem(
                "completed_date", "a done date goes with Progress 'Done': set that, or clear it"
            )
        if self.completed_date:
            not_after_today("completed_date", self.completed_date, self.recorded_date)
        return self


def done_not_before_made(completed: date | None, made: date | None) -> None:
    """A decision is done on or after the day the review made it."""
    if completed and made and completed < made:
        raise FieldProblem(
            "completed_date",
            f"the decision was made on {format_ui_date(made)}: it cannot be done before that",
        )


# Beside the name of a child who has left care, in a drift group's heading.
LEFT_CARE_SUFFIX = " (left care)"


@dataclass(frozen=True)
class DriftLine:
    decision: Decision
    child_name: str  # "(left care)" added for a child who has left care
    days_overdue: int  # negative: days left
    left_care: bool = False


def drift(
    decisions: list[Decision],
    names: dict[str, str],
    today: date,
    left: frozenset[str] | set[str] = frozenset(),
) -> list[DriftLine]:
    """Every open decision, overdue first (most overdue at the top), then by due date;
    those of children in `left` (who have left care) after all the others, said so: on
    a whole authority they were years overdue and led the tracker."""
    lines = [
        DriftLine(
            d,
            names.get(d.child_ref, d.child_ref) + (LEFT_CARE_SUFFIX if d.child_ref in left else ""),
            (today - d.due_date).days,
            d.child_ref in left,
        )
        for d in decisions
        if d.status == "open"
    ]
    return sorted(lines, key=lambda line: (line.left_care, -line.days_overdue, line.child_name))


# --- the red list (Cambridgeshire IRO annual report 2018/19) ------------------------
SECURE_PLACEMENTS = frozenset({"K1"})  # 903 PLACE K1: secure children's home


def red_list_suggestion(
    case: ChildCase, missing: list[tuple[date, date | None]], today: date
) -> str | None:
    """Why this child should be on the red list, or None.

    Cambridgeshire reviews "red list" children (missing, or in secure accommodation)
    at least every 3 months. The app only suggests: putting a child on the red list
    tightens their review deadline, so the IRO decides (a key on the child screen),
    never the app. `missing` holds 903 Missing episodes as (start, end or None).
    """
    if case.child.red_list or not case.looked_after_on(today):
        return None
    reasons = []
    still_missing = [start for start, end in missing if start <= today and end is None]
    if still_missing:
        reasons.append(f"missing since {max(still_missing):%d/%m/%Y}")
    current = case.episode_on(today)
    if current is not None and current.place.value in SECURE_PLACEMENTS:
        reasons.append(f"in a secure children's home (K1) since {current.decom:%d/%m/%Y}")
    return "; ".join(reasons) or None


# --- significant changes (handbook 3.74-3.77) ---------------------------------------
SIGNIFICANT_CHANGES = {
    "care_plan_change": "A proposed change to the care plan",
    "decision_not_done": "A review decision not carried out in time",
    "contact_change": "A major change to contact arrangements",
    "sw_change": "A change of social worker",
    "safeguarding": "Safeguarding concerns or child protection enquiries",
    "complaint": "A complaint by or about the child",
    "unplanned_move": "An unplanned change of placement",
    "family_event": "A significant event in the child's family",
    "offence": "An offence, or a charge",
    "exclusion": "Exclusion from school",
    "missing": "Running away or going missing",
    "health_event": "A significant health event",
    "permanence_panel": "A permanence panel decision",
    # 3.77: a review is required *before* these changes.
    "leaving_care_under_18": "Leaving care before 18",
    "semi_independent": "A move to semi-independent living",
    "ks4_move": "A placement change that would disrupt education at Key Stage 4",
    "end_settled_placement": "Ending a long, settled placement",
}
REVIEW_BEFORE_CHANGE = frozenset(
    {"leaving_care_under_18", "semi_independent", "ks4_move", "end_settled_placement"}
)


class SignificantChange(BaseModel):
    model_config = ConfigDict(frozen=True, str_strip_whitespace=True, defer_build=True)
    category: str
    notified_date: date
    detail: str = ""
    review_needed: bool
    decision_reason: str | None = None
    review_by: date | None = None  # when "review needed": the date it is booked for
    today: date
    deadline: date | None = None  # the statutory deadline in force (as a Booking's)

    @model_validator(mode="after")
    def _decided(self) -> SignificantChange:
        if self.category not in SIGNIFICANT_CHANGES:
            raise FieldProblem("category", "choose a category from the handbook's list")
        not_after_today("notified_date", self.notified_date, self.today)
        if self.review_needed:
            if self.review_by is None:
                raise FieldProblem("review_by", "give the date of the additional review")
            if self.review_by < self.today:
                raise FieldProblem("review_by", "the review cannot be booked in the past")
            if self.deadline is not None and self.review_by > self.deadline:
                # Late, and nothing said so: a booking with b asks why it is late; this
                # form has no such box.
                raise FieldProblem(
                    "review_by",
                    f"the statutory deadline is {self.deadline:%d/%m/%Y}: book the review by "
                    "then (if it cannot be, book it with b on the child, which asks why it "
                    "is late)",
                )
        else:
            if self.category in REVIEW_BEFORE_CHANGE:
                raise FieldProblem(
                    "review_needed", "the handbook (3.77) requires a review before this change"
                )
            if not self.decision_reason:
                raise FieldProblem("decision_reason", "say why no review is needed (3.76)")
        return self


# --- escalation and dispute resolution (handbook ch. 6) -----------------------------
THEMES = {
    "permanence": "Permanence planning",
    "legal_status": "Legal status",
    "needs_rights": "Holistic needs or rights",
    "safeguarding": "Safeguarding",
    "professional_network": "The professional network",
}
INFORMAL_STAGE = "Informal challenge to the SW or team manager"


@dataclass(frozen=True)
class Stage:
    stage_no: int
    stage_name: str
    opened_date: date | None = None
    response_due: date | None = None
    response: str | None = None
    response_date: date | None = None
    outcome: str | None = None
    skipped: bool = False
    skip_reason: str | None = None

    @property
    def awaiting_response(self) -> bool:
        return self.opened_date is not None and not self.skipped and self.response_date is None

    @property
    def replied_late(self) -> bool:
        """The reply came, after its working-day deadline."""
        return (
            self.response_date is not None
            and self.response_due is not None
            and self.response_date > self.response_due
        )

    def response_late(self, today: date) -> bool:
        """Still waiting for a response whose working-day deadline has passed."""
        return (
            self.awaiting_response and self.response_due is not None and self.response_due < today
        )


@dataclass(frozen=True)
class Escalation:
    """An informal challenge or a formal dispute about one child, with its stages in
    order (handbook ch. 6)."""

    id: int
    child_ref: str
    kind: Literal["informal", "formal"]  # an informal one becomes formal when escalated
    theme: str  # a key of THEMES
    issue: str
    opened_date: date
    resolved_date: date | None
    outcome: str | None
    stages: list[Stage]
    decision_ids: list[int]  # the review decisions it is about, if any

    @property
    def current_stage(self) -> Stage | None:
        """The stage now asked: the last not skipped (one moved on from is not waited for)."""
        return next((s for s in reversed(self.stages) if not s.skipped), None)


def ladder(kind: str, rulebook: Rulebook) -> list[str]:
    """The stages: one informal step, or the authority's formal ladder (City of London;
    names and response times are local settings, `drp_ladder`)."""
    return [INFORMAL_STAGE] if kind == "informal" else list(rulebook.escalation.stages)


def response_due(opened: date, rulebook: Rulebook, stage_name: str = INFORMAL_STAGE) -> date:
    """The stage's response deadline: its own working days on the local ladder."""
    return rulebook.calendar.add_working_days(
        opened, rulebook.escalation.working_days_for(stage_name)
    )


def formal_deadline(stages: list[Stage], rulebook: Rulebook) -> date | None:
    """Handbook 6.2: the formal process takes no more than 20 WD from its first stage."""
    opened = [s.opened_date for s in stages if s.opened_date and s.stage_name != INFORMAL_STAGE]
    if not opened:
        return None
    return formal_end(min(opened), rulebook)


def formal_end(first_formal_day: date, rulebook: Rulebook) -> date:
    """The day a formal dispute begun on `first_formal_day` ends by (handbook 6.2)."""
    return rulebook.calendar.add_working_days(
        first_formal_day, rulebook.escalation.formal_total_working_days
    )


def formal_warning(
    kind: str, stages: list[Stage], resolved: date | None, today: date, rulebook: Rulebook
) -> str | None:
    if kind != "formal":
        return None
    deadline = formal_deadline(stages, rulebook)
    end = resolved or today
    if deadline and end > deadline:
        start = min(
            s.opened_date for s in stages if s.opened_date and s.stage_name != INFORMAL_STAGE
        )
        used = rulebook.calendar.working_days_between(start, end)
        return (
            f"The formal process has taken {used} working days: more than the "
            f"{rulebook.escalation.formal_total_working_days} allowed (handbook 6.2; "
            f"due {deadline:%d/%m/%Y})"
        )
    return None
