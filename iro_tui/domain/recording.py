"""Recording a review: what was decided, who will do it, by when, and when we meet next.

Every rule here refuses in plain words and names the field:
- PN0 only under 4, PN1-7 from the 4th birthday (SSDA903 REVIEW_CODE).
- A series of meetings completes within 20 WD of the first (IRO Handbook 3.24);
  an adjourned review within 20 WD of the date it was scheduled (3.25).
- A review held after its statutory deadline needs a lateness reason.
- The permanence plan is an essential matter from the 2nd review on (3.38).
- Every decision has an owner and a due date on or after the review.
- The next review date is checked against the deadline this review creates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict, Field

from iro_tui.domain.calendar import age_on
from iro_tui.domain.checklist import check_advocate
from iro_tui.domain.codes import PARTICIPATION_MEANING, ParticipationCode
from iro_tui.domain.deadlines import (
    Disruption,
    ReviewDeadline,
    next_review_deadline,
    pending_disruptions,
)
from iro_tui.domain.fields import FieldProblem, FieldProblems, every_problem
from iro_tui.domain.history import review_history
from iro_tui.domain.models import ChildCase, Review
from iro_tui.domain.rulebook import Rulebook

# IRO Handbook 3.38: the essential matters a review considers.
ESSENTIAL_MATTERS: dict[str, str] = {
    "changes": "Changes since the last review",
    "last_decisions": "Whether the last review's decisions were implemented",
    "legal_status": "Legal status",
    "permanence": "The permanence plan",
    "contact": "Contact arrangements",
    "placement": "Whether the placement meets the child's needs",
    "education": "Education and the PEP",
    "leisure": "Leisure",
    "health": "Health",
    "identity": "Identity: culture, language, religion, disability",
    "support": "Advice and support arrangements",
    "leaving_care": "Preparation for leaving care",
    "wishes": "Whether the SW has established the child's wishes",
    "visits": "Whether the SW visits at the statutory intervals",
    "timeliness": "Whether plans were acted on in time",
}
ATTENDANCE = {"attended": "Attended", "sent_views": "Sent their views", "apologies": "Apologies"}
QUICK_PICKS = {
    "10wd": "10 working days",
    "20wd": "20 working days",
    "4w": "4 weeks",
    "3m": "3 months",
    "next": "Before the next review",
}


class Attendee(BaseModel):
    # defer_build: each model's validator is built on its first use, not on import;
    # the diary's first paint validates few of them (issue 12, start-up).
    model_config = ConfigDict(frozen=True, str_strip_whitespace=True, defer_build=True)
    name: str = Field(min_length=1)
    role: str = Field(min_length=1)
    attendance: Literal["attended", "sent_views", "apologies"]
    person_id: int | None = None


class DecisionDraft(BaseModel):
    model_config = ConfigDict(frozen=True, str_strip_whitespace=True, defer_build=True)
    text: str = ""
    owner_name: str = ""
    owner_role: str = ""
    owner_person_id: int | None = None
    due_date: date | None = None

    def problems(self, held: date | None) -> str | None:
        if not self.text:
            return "say what must happen"
        if not self.owner_name or not self.owner_role:
            return f"'{self.text}' has no owner: name the person and their role"
        if self.due_date is None:
            return f"'{self.text}' has no due date"
        if held and self.due_date < held:
            return (
                f"'{self.text}' is due {self.due_date:%d/%m/%Y}, before the review on "
                f"{held:%d/%m/%Y}"
            )
        return None


def quick_due(pick: str, held: date, next_review: date | None, rulebook: Rulebook) -> date:
    """A decision's due date from a quick pick, on the rulebook's calendar."""
    return quick_due_explained(pick, held, next_review, rulebook)[0]


def quick_due_explained(
    pick: str, held: date, next_review: date | None, rulebook: Rulebook
) -> tuple[date, str | None]:
    """The due date of a quick pick, and why it moved if it did.

    "4 weeks" and "3 months" are calendar periods and can land on a weekend or a
    bank holiday of the rulebook's calendar; nobody can be held to a task on
    Christmas Day, so the date moves on to the next working day and says so
    ("25/12/2026 is Christmas Day: moved to 29/12/2026"). The working-day picks
    already land on working days.
    """
    from iro_tui.domain.calendar import add_months

    calendar = rulebook.calendar
    if pick in ("4w", "3m"):
        landed = held + timedelta(weeks=4) if pick == "4w" else add_months(held, 3)
        due = landed
        while not calendar.is_working_day(due):
            due += timedelta(days=1)
        if due == landed:
            return due, None
        why = calendar.bank_holiday_name(landed) or f"a {landed:%A}"
        return due, f"{landed:%d/%m/%Y} is {why}: moved to {due:%d/%m/%Y}"
    return _quick_working_day(pick, held, next_review, rulebook), None


def typed_due_notes(due: date, next_review: date | None, rulebook: Rulebook) -> list[str]:
    """What is worth saying of a due date the IRO typed, not to refuse it: a day off
    (the quick picks move off one and say so; a typed 31/08/2026, the Summer bank
    holiday, went by without a word), and a date after the next review."""
    notes = []
    calendar = rulebook.calendar
    if (off := calendar.day_off(due)) is not None:
        before = calendar.add_working_days(due, -1)
        notes.append(
            f"{due:%d/%m/%Y} is {off}: the last working day before it is {before:%d/%m/%Y}"
        )
    if next_review is not None and due > next_review:
        notes.append(
            f"due {due:%d/%m/%Y}, after the next review on {next_review:%d/%m/%Y}: "
            "it will still be open then"
        )
    return notes


def _quick_working_day(pick: str, held: date, next_review: date | None, rulebook: Rulebook) -> date:
    calendar = rulebook.calendar
    if pick == "10wd":
        return calendar.add_working_days(held, 10)
    if pick == "20wd":
        return calendar.add_working_days(held, 20)
    if pick == "next":
        if next_review is None:
            raise FieldProblem("quick", "no next review date is set: set it first, or type a date")
        # The last working day before the next review, so it is done by then.
        return calendar.add_working_days(next_review, -1)
    raise FieldProblem("quick", f"'{pick}' is not a quick pick")


def review_number(case: ChildCase, held: date, rulebook: Rulebook) -> int | None:
    """Which review of the period a review held on `held` is (None: the store lacks the
    earlier history to say; domain/history.py)."""
    earlier = case.model_copy(
        update={"reviews": tuple(r for r in case.reviews if not r.held_date or r.held_date < held)}
    )
    history = review_history(earlier, rulebook)
    return history.next_number if history else None


def notes_on_holding(
    case: ChildCase, held: date, rulebook: Rulebook, said: str = "Held on"
) -> list[str]:
    """What a review held on `held` does not do, in words; not a refusal, since the
    review itself was held and must be recorded (or, with `said="Booked for"`, may be
    booked: an extra review may rightly come sooner).

    A review sooner than 4 weeks after an adoptive placement disrupted does not
    satisfy the disruption review (AAR 2005 reg 36; Jersey handbook 3.56).
    """
    return [
        f"{said} {held:%d/%m/%Y}, sooner than 4 weeks after the adoptive placement ended "
        f"on {disruption.ended:%d/%m/%Y}: it does not count as the disruption review, "
        f"which must still be held between {disruption.earliest:%d/%m/%Y} and "
        f"{disruption.latest:%d/%m/%Y} (AAR 2005 reg 36; Jersey handbook 3.56)."
        for disruption in disruptions_waiting(case, held, rulebook)
        if disruption.ended <= held < disruption.earliest
    ]


def disruptions_waiting(case: ChildCase, day: date, rulebook: Rulebook) -> list[Disruption]:
    """Disruptions of an adoptive placement in the current period of care whose review
    no review held before `day` satisfied."""
    period = case.current_period()
    if period is None:
        return []
    held_before = [d for d in case.held_reviews if d < day]
    return pending_disruptions(list(period.episodes), held_before, rulebook)


def notes_on_booking(case: ChildCase, day: date, rulebook: Rulebook) -> list[str]:
    """What to check about a review booked for `day`, in words: not refusals. A day
    sooner than 4 weeks after an adoptive placement ended (notes_on_holding), and a
    weekend or bank holiday of the rulebook's calendar (a date typed wrong, more often
    than a meeting that day)."""
    notes = notes_on_holding(case, day, rulebook, said="Booked for")
    if (what := rulebook.calendar.day_off(day)) is not None:
        notes.append(f"{day:%d/%m/%Y} is {what}: check the date with those attending.")
    return notes


def notes_on_views(record: ReviewRecord, name: str) -> list[str]:
    """PN4 or PN7 (the child's views did not reach the review) with views written down:
    not refused (a view typed as "chose not to say" is a fair record), but said, since
    the annual report counts the review as one where the child did not contribute."""
    code = record.participation_code
    if code not in (ParticipationCode.PN4, ParticipationCode.PN7) or not record.child_views:
        return []
    return [
        f"{code.value} ({PARTICIPATION_MEANING[code]}) says {name}'s views did not reach the "
        "review, but views are written down: if they did, the code that says how (PN1-PN3, "
        "PN5, PN6) counts them in the annual report."
    ]


# Reviews this close together are more likely one review recorded twice, or a
# mistyped date, than two meetings (the shortest interval in either rulebook is 20 WD).
CLOSE_REVIEWS_DAYS = 28


def notes_on_close_reviews(case: ChildCase, held: date, review_id: int | None) -> list[str]:
    """Other held reviews of the child within CLOSE_REVIEWS_DAYS of `held`, in words;
    not a refusal (an extra review may rightly follow a significant change), but a
    review recorded twice counts twice in the annual report. `review_id`: the review
    being saved, not counted against itself."""
    notes = []
    for r in case.reviews:
        if r.status != "held" or r.held_date is None or (review_id and r.id == review_id):
            continue
        apart = (r.held_date - held).days
        if abs(apart) <= CLOSE_REVIEWS_DAYS:
            side = "after" if apart > 0 else "before"
            days = f"{abs(apart)} day{'s' * (abs(apart) != 1)} {side}"
            when = "the same day as" if apart == 0 else days
            notes.append(
                f"Another review of this child is recorded as held on {r.held_date:%d/%m/%Y}, "
                f"{when} this one: check the dates (a review recorded twice counts twice)."
            )
    return notes


def notes_on_decisions(decisions: Sequence[DecisionDraft], case: ChildCase) -> list[str]:
    """Decisions due on or after the 18th birthday, in words; not a refusal (a task may
    rightly run on into leaving care), but the child is no longer looked after then and
    the IRO no longer reviews it: it belongs in the pathway plan (domain.md, "Turning 18").
    Counted, not quoted: a notification never carries what was typed about a child."""
    eighteen = case.child.eighteenth_birthday
    late = [d for d in decisions if d.due_date and d.due_date >= eighteen]
    if not late:
        return []
    which = "1 decision is" if len(late) == 1 else f"{len(late)} decisions are"
    return [
        f"{which} due on or after the 18th birthday ({eighteen:%d/%m/%Y}), when the "
        "child leaves care and the IRO no longer reviews it: check it belongs in the "
        "pathway plan."
    ]


def deadline_after(case: ChildCase, held: date, rulebook: Rulebook) -> ReviewDeadline | None:
    """The statutory deadline that holding a review on `held` would create."""
    reviews = (*case.reviews, Review(status="held", held_date=held))
    return next_review_deadline(case.model_copy(update={"reviews": reviews}), rulebook)


def turns_18_before_next_review(case: ChildCase, held: date, rulebook: Rulebook) -> date | None:
    """The 18th birthday, when no statutory review falls due after the one held on
    `held` because the child turns 18 first (next_review_deadline gives none then): the
    last review before leaving care, which the letter and the record say."""
    eighteen = case.child.eighteenth_birthday
    # The longest gap between reviews is 6 months: a birthday further off is not why.
    if eighteen > held + relativedelta(months=6):
        return None
    before = tuple(r for r in case.reviews if r.held_date is None or r.held_date < held)
    on_file = case.model_copy(update={"reviews": before})
    return eighteen if deadline_after(on_file, held, rulebook) is None else None


@dataclass(frozen=True)
class AfterTheReview:
    """What the letter and the record say comes after the review held on a day."""

    booked: date | None = None  # the next review, already booked
    final_between: tuple[date, date] | None = None  # the final review before 18, to come
    last_before_18: date | None = None  # the 18th birthday, when this was the last review
    # The next review's statutory deadline, when none is booked: "not set" and "we will
    # agree the date soon" gave no date, though the law sets the latest (an adversarial
    # check).
    due_by: date | None = None


def after_the_review(case: ChildCase, held: date, rulebook: Rulebook) -> AfterTheReview:
    """The next meeting after the review held on `held`: a review already booked; else,
    when no statutory review falls due before 18 (turns_18_before_next_review), the
    final review before 18 (City of London protocol: 4-6 weeks before the birthday)
    while this review came before its window, or none, this being the last. A letter
    said "your last review" to a 17-year-old whose final review was booked."""
    # Never one on or after the 18th birthday: no looked-after review then (domain.md),
    # and a letter told a young person "your next review will be" after it.
    eighteenth = case.child.eighteenth_birthday
    booked = min(
        (
            r.scheduled_date
            for r in case.reviews
            if r.status == "planned" and r.scheduled_date and held < r.scheduled_date < eighteenth
        ),
        default=None,
    )
    eighteen = turns_18_before_next_review(case, held, rulebook)
    if booked is not None:
        return AfterTheReview(booked=booked)
    if eighteen is None:
        deadline = deadline_after(case, held, rulebook)
        return AfterTheReview(due_by=deadline.due if deadline else None)
    opens, due = rulebook.leaving_care.final_review_window(eighteen)
    if held < opens:
        return AfterTheReview(final_between=(opens, due))
    return AfterTheReview(last_before_18=eighteen)


class ReviewRecord(BaseModel):
    """A review as recorded; `check` applies the rules against the child's case."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True, defer_build=True)
    status: Literal["held", "adjourned", "cancelled"] = "held"
    held_date: date | None = None
    scheduled_date: date | None = None
    venue: str | None = None
    series: bool = False
    completed_date: date | None = None
    adjourned_reason: str | None = None
    cancelled_reason: str | None = None
    participation_code: ParticipationCode | None = None
    late_reason: str | None = None
    child_views: str | None = None
    parents_views: str | None = None
    carers_views: str | None = None
    advocacy_offered: bool | None = None  # None: not recorded
    advocacy_wanted: bool | None = None
    advocate_name: str | None = None
    seen_alone: bool | None = None
    matters: dict[str, str] = Field(default_factory=dict)
    attendees: list[Attendee] = Field(default_factory=list)
    decisions: list[DecisionDraft] = Field(default_factory=list)
    next_review_date: date | None = None
    next_review_reason: str | None = None

    @property
    def completion(self) -> date | None:
        """When the review was completed: the last meeting of a series, or the day an
        adjourned review was completed, else the day it was held. The post-review
        timescales count from it: given for an adjourned review, it was kept only for a
        series, and the decisions were then due to be sent days early."""
        return self.completed_date or self.held_date


def check_completing(record: ReviewRecord, begun: date, rulebook: Rulebook) -> None:
    """The completion of a review adjourned on `begun` is recorded as held that day
    (handbook 3.27): changed to a later day, the next deadline counted from it, and a
    review begun in time and completed late went unremarked (an adversarial check). Not
    completed within the 20 working days, it is the review held on the day it was, late
    (_check_held_date says so): that day is taken (it was refused both ways)."""
    if record.status != "held" or record.held_date in (None, begun):
        return
    limit = rulebook.reviews.adjournment_completion.after(begun, rulebook.calendar)
    if record.held_date > limit:
        return
    raise FieldProblem(
        "held_date",
        f"an adjourned review is recorded as held on the day it began, {begun:%d/%m/%Y} "
        "(handbook 3.27): the day it was completed goes in 'Completed on'",
    )


def adjourned_to_complete(case: ChildCase) -> Review | None:
    """The latest review adjourned and not yet completed (no review held on or after
    the day it began): what `r` records next, as held on that day (handbook 3.27)."""
    held = max(
        (r.held_date for r in case.reviews if r.status == "held" and r.held_date), default=None
    )
    waiting = [
        r
        for r in case.reviews
        if r.status == "adjourned"
        and r.scheduled_date is not None
        and (held is None or held < r.scheduled_date)
    ]
    return max(waiting, key=lambda r: r.scheduled_date or date.min, default=None)


def _check_not_held(record: ReviewRecord, today: date) -> None:
    """A cancelled review says why; an adjourned one says why, keeps its date and is
    completed within 20 WD (handbook 3.25)."""
    if record.status == "cancelled":
        if not record.cancelled_reason:
            raise FieldProblem("cancelled_reason", "say why the review was cancelled")
        return
    problems: dict[str, str] = {}
    if not record.adjourned_reason:
        problems["adjourned_reason"] = "say why the review was adjourned"
    if record.scheduled_date is None:
        problems["scheduled_date"] = (
            "an adjourned review keeps the date it was scheduled for: give it"
        )
    elif record.scheduled_date > today:
        # A review is adjourned at its meeting: one "adjourned" on a day to come was
        # listed as to be completed weeks ahead, beside the deadline it misses.
        problems["scheduled_date"] = (
            "a review is adjourned at its meeting, on or before today: to move a meeting "
            "still to come, reschedule its booking (s on the child)"
        )
    if record.held_date is not None and record.held_date != record.scheduled_date:
        # It keeps the day it sat (handbook 3.27): a "Held on" unlike it was dropped
        # without a word, and the 20 working days counted from the other day.
        problems["held_date"] = (
            "an adjourned review keeps the day it sat: make 'Held on' "
            "and 'Scheduled for' that day"
            + (
                f" ({record.scheduled_date:%d/%m/%Y}, or the day it sat if not that)"
                if record.scheduled_date
                else ""
            )
        )
    if record.completed_date is not None:
        # Handbook 3.25, 3.27: completed within 20 WD, and recorded then, as held on the
        # day it began (r on the child opens it so). A completion given here was kept
        # as the review's, before the day it began.
        problems["completed_date"] = (
            "an adjourned review is not completed yet: leave this blank, and once it is, "
            "record it as held (r on the child), with the day it was completed"
        )
    if problems:
        raise FieldProblems(problems)


def _check_held_date(
    record: ReviewRecord, case: ChildCase, rulebook: Rulebook, today: date
) -> date:
    """The day it was held (not in the future, nor before the child was in care); a
    series completed within 20 WD."""
    held = record.held_date
    if held is None:
        raise FieldProblem("held_date", "give the date the review was held")
    if held > today:
        raise FieldProblem("held_date", "a review cannot be recorded before it is held")
    # 01/01/2005 was saved for a child born in 2008 (as PN0, "under 4 at the review").
    if held < case.child.dob:
        raise FieldProblem(
            "held_date",
            f"the child was born on {case.child.dob:%d/%m/%Y}: a review is held while they "
            "are in care",
        )
    periods = case.periods()
    if periods and periods[0].start_known and held < periods[0].start:
        raise FieldProblem(
            "held_date",
            f"the child came into care on {periods[0].start:%d/%m/%Y}: a review is held "
            "while they are in care",
        )
    if record.series:
        # Handbook 3.24: the first meeting is the review date; complete within 20 WD.
        if record.completed_date is None:
            raise FieldProblem(
                "completed_date", "give the date the last meeting of the series was held"
            )
        limit = rulebook.reviews.series_completion.after(held, rulebook.calendar)
        if record.completed_date < held:
            raise FieldProblem("completed_date", "the series cannot end before it began")
        if record.completed_date > limit:
            raise FieldProblem(
                "completed_date",
                f"a series of meetings must be completed "
                f"within 20 working days of the first, by "
                f"{limit:%d/%m/%Y}",
            )
    elif record.completed_date is not None:
        # An adjourned review completed (handbook 3.25, 3.27): recorded as held on the
        # day it began, completed within 20 WD of it. Beyond them it was not completed
        # as adjourned, and the review is the one held that later day, late.
        limit = rulebook.reviews.adjournment_completion.after(held, rulebook.calendar)
        if record.completed_date < held:
            raise FieldProblem(
                "completed_date",
                f"a review is completed on or after the day it began, {held:%d/%m/%Y}",
            )
        if record.completed_date > limit:
            raise FieldProblem(
                "completed_date",
                f"an adjourned review is completed within 20 working days of the day it "
                f"began, by {limit:%d/%m/%Y}: if it was not, record the review as held on "
                "the day it was completed, with the reason it was late",
            )
        if record.completed_date >= (eighteen := case.child.eighteenth_birthday):
            raise FieldProblem(
                "completed_date",
                f"{case.child.display_name} turned 18 on {eighteen:%d/%m/%Y} and left care: "
                "a looked-after review is completed before then",
            )
    if record.completed_date is not None and record.completed_date > today:
        raise FieldProblem(
            "completed_date",
            f"{record.completed_date:%d/%m/%Y} is after today: give the day it was completed",
        )
    return held


# How the recording form names the child in the attendance list (screens/recording_lists.py).
CHILD_ROLE = "Child"
ATTENDED_CODES = frozenset(
    {ParticipationCode.PN1, ParticipationCode.PN2, ParticipationCode.PN3, ParticipationCode.PN4}
)
ABSENT_CODES = frozenset({ParticipationCode.PN5, ParticipationCode.PN6, ParticipationCode.PN7})
# The codes that say the child's views reached the review, spoken, signed, through an
# advocate or in writing: the record holds them (PN4 and PN7 say they did not).
VIEWS_CODES = frozenset(
    {
        ParticipationCode.PN1,
        ParticipationCode.PN2,
        ParticipationCode.PN3,
        ParticipationCode.PN5,
        ParticipationCode.PN6,
    }
)


def _check_participation(record: ReviewRecord, case: ChildCase, held: date) -> None:
    """A PN code that fits the child's age on the day: PN0 under 4, PN1-7 from 4."""
    code = record.participation_code
    if code is None:
        raise FieldProblem("participation_code", "choose how the child took part (PN code)")
    fits_age(code, case, held)
    _attended_as_coded(record, case, code)


def fits_age(code: ParticipationCode, case: ChildCase, held: date) -> None:
    """PN0 under 4, PN1-7 from 4 (FieldProblem on participation_code)."""
    age = age_on(case.child.dob, held)
    if code == ParticipationCode.PN0 and age >= 4:
        raise FieldProblem(
            "participation_code",
            f"PN0 is only for children under 4; {case.child.display_name} was {age}",
        )
    if code != ParticipationCode.PN0 and age < 4:
        raise FieldProblem(
            "participation_code",
            f"{code.value} ({PARTICIPATION_MEANING[code]}) is for children aged 4 or over: use PN0",
        )


def _attended_as_coded(record: ReviewRecord, case: ChildCase, code: ParticipationCode) -> None:
    # PN1-PN4: the child physically attended; PN5-PN7: they did not (SSDA903 guidance,
    # REVIEW_CODE). The code and the attendance list say the same, or the 903 return
    # and the annual report's "attended" figures say something the record does not.
    there = any(a.role == CHILD_ROLE and a.attendance == "attended" for a in record.attendees)
    name, meaning = case.child.display_name, PARTICIPATION_MEANING[code]
    problems: dict[str, str] = {}
    if code in ATTENDED_CODES and not there:
        problems["participation_code"] = (
            f"{code.value} ({meaning}) says {name} was at the review: add them to "
            "Attendance as attended, or choose the code for a review they did not attend"
        )
    if code in ABSENT_CODES and there:
        problems["participation_code"] = (
            f"{code.value} ({meaning}) says {name} was not at the review, but Attendance "
            "has them attending: choose PN1-PN4, or change their attendance"
        )
    if code in VIEWS_CODES and not record.child_views:
        problems["child_views"] = (
            f"{code.value} ({meaning}) says {name}'s views reached the review: write them "
            "here, or choose PN4 or PN7"
        )
    if problems:
        raise FieldProblems(problems)


def _check_what_was_covered(
    record: ReviewRecord, case: ChildCase, rulebook: Rulebook, held: date
) -> None:
    """Why it was late (if it was), permanence from the 2nd review, decisions complete."""
    current = next_review_deadline(case, rulebook)
    problems: dict[str, str] = {}
    # A stand-in deadline (the store lacks the child's earlier history) cannot make a
    # review late: the annual report counts it as "not known" (domain/history.py).
    if current and not current.history_missing and held > current.due and not record.late_reason:
        problems["late_reason"] = (
            f"the review was due by {current.due:%d/%m/%Y}: say why it was late"
        )
    if review_number(case, held, rulebook) != 1 and not record.matters.get("permanence"):
        problems["matter_permanence"] = (
            "from the 2nd review the permanence plan must be considered: add a note"
        )
    # The first decision in error (the list shows one message under it).
    decided = (problem for d in record.decisions if (problem := d.problems(held)))
    if first := next(decided, None):
        problems["decisions"] = first
    if problems:
        raise FieldProblems(problems)


def _check_next_review(record: ReviewRecord, held: date, created: ReviewDeadline | None) -> None:
    """The next review after this one, and a reason when it is past the statutory deadline."""
    if record.next_review_date is None:
        return
    if record.next_review_date <= held:
        raise FieldProblem("next_review_date", "the next review must be after this one")
    if created and record.next_review_date > created.due and not record.next_review_reason:
        raise FieldProblem(
            "next_review_reason",
            f"{record.next_review_date:%d/%m/%Y} is after the statutory "
            f"deadline {created.due:%d/%m/%Y} ({created.basis}): choose an "
            "earlier date or give the reason",
        )


def check_record(
    record: ReviewRecord,
    case: ChildCase,
    rulebook: Rulebook,
    today: date,
    putting_right: bool = False,
) -> ReviewDeadline | None:
    """Raise FieldProblems naming every part of the record in error, by field (once the
    held date itself is right: the other rules are counted from it); return the deadline
    the review creates. One a save, the attendance contradiction showed only after the
    missing views were put right."""
    if record.status in ("cancelled", "adjourned"):
        # The advocate too: an adjourned review's first sitting named one for a child
        # who wanted none, saved without a word (an adversarial check).
        every_problem(
            lambda: _check_not_held(record, today),
            lambda: check_advocate(record.advocacy_wanted, record.advocate_name),
        )
        return None
    held = _check_held_date(record, case, rulebook, today)
    created = deadline_after(case, held, rulebook)
    # A review on file put right (`putting_right`: a date mistyped) is not held to what
    # recording one asks (attendance as coded, views, the permanence plan): one from a
    # 903 return has only its day and code, and could not be put right at all.
    covered = (
        ()
        if putting_right
        else (
            lambda: _check_participation(record, case, held),
            lambda: _check_what_was_covered(record, case, rulebook, held),
        )
    )
    every_problem(
        *covered,
        lambda: _check_next_review(record, held, created),
        lambda: check_advocate(record.advocacy_wanted, record.advocate_name),
        lambda: _check_before_18(record, case),
    )
    return created


def _check_before_18(record: ReviewRecord, case: ChildCase) -> None:
    eighteen = case.child.eighteenth_birthday
    if record.next_review_date and record.next_review_date >= eighteen:
        # No looked-after review on or after 18 (domain.md, "Turning 18").
        raise FieldProblem(
            "next_review_date",
            f"{case.child.display_name} turns 18 on {eighteen:%d/%m/%Y} and leaves care: "
            "a review then is no looked-after review; leave this blank, or book the final "
            "review before then",
        )


# --- after the review: IRO Handbook 3.70-3.71, timescales from the rulebook ---------
POST_REVIEW_TASKS = {
    "decisions_sent": "Decisions sent to the SW and team manager",
    "record_sent": "Full record sent",
    "care_plan_updated": "Care plan updated by the SW",
    "manager_response": "Senior manager's response to the decisions",
}


def post_review_deadlines(
    completed: date, decisions_sent: date | None, rulebook: Rulebook
) -> dict[str, date]:
    """Each task's deadline, counted in working days from the review's completion.

    The manager's objection runs from *receiving* the decisions: from the day they
    were sent, or from the decisions' own deadline while not yet sent. Jersey: 10 WD
    (handbook 3.71); England: 5 days (City of London 2016/17, 5.1; see england.toml).
    """
    post, calendar = rulebook.post_review, rulebook.calendar
    decisions_due = calendar.add_working_days(completed, post.decisions_sent)
    return {
        "decisions_sent": decisions_due,
        "record_sent": calendar.add_working_days(completed, post.record_sent),
        "care_plan_updated": calendar.add_working_days(completed, post.care_plan_updated),
        "manager_response": post.manager_objection.after(decisions_sent or decisions_due, calendar),
    }
