"""What is on one child's file, read back for the child screen: their reviews (and who
was consulted before one), the IRO's footprint notes, progress on decisions,
significant changes notified and the stages of any escalation. (Missing episodes are
the 903's own: `models.MissingEpisode`.)

Frozen dataclasses that the store builds from its rows (store/child_history.py), with dates
as `date`s. Nothing here is validated again on the way out: the forms that wrote these
rows validated them (domain/between.py, domain/recording.py) and the schema's CHECKs
hold them, so opening a child with years of notes pays no pydantic cost per row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from iro_tui.domain.between import NoteKind, ProgressState, Stage
from iro_tui.domain.codes import ParticipationCode
from iro_tui.domain.models import ReviewStatus


@dataclass(frozen=True)
class ReviewOnFile:
    """One review: booked (planned), held, adjourned or cancelled. What the reviews tab
    lists, what the checklist and the recording screen start from, and the dates the
    after-the-review form shows (the views and matters recorded at it are the review
    record's: store/reviews.py `load_recorded`)."""

    id: int
    status: ReviewStatus
    scheduled_date: date | None
    scheduled_time: str | None
    venue: str | None
    held_date: date | None
    participation_code: ParticipationCode | None
    late_booking_reason: str | None  # booked after the statutory deadline: why
    late_reason: str | None  # held after its deadline: why
    cancelled_reason: str | None
    review_number: int | None  # of the period of care, when known (domain/history.py)
    seen_alone: bool | None
    advocacy_offered: bool | None
    advocacy_wanted: bool | None
    advocate_name: str | None
    # After the review (handbook 3.70-3.71); recorded in iro-tui only, so a review
    # imported from a 903 return has none of these.
    completed_date: date | None
    decisions_sent_date: date | None
    record_sent_date: date | None
    care_plan_updated_date: date | None
    manager_response: Literal["agreed", "objected"] | None
    manager_response_date: date | None


ConsulteeRole = Literal["child", "parent", "carer", "social_worker", "professional", "other"]
ConsultationMethod = Literal[
    "face_to_face", "phone", "text", "booklet", "advocate", "app", "email", "video"
]


@dataclass(frozen=True)
class ConsultationOnFile:
    """Someone consulted before a review, and the views they gave (the checklist's log;
    the letter to the child quotes the child's own)."""

    consulted_date: date
    consultee: str  # the name as recorded
    consultee_role: ConsulteeRole
    method: ConsultationMethod
    views: str


@dataclass(frozen=True)
class NoteOnFile:
    """A footprint note: the IRO's record of a visit, a contact or an alert."""

    id: int
    note_date: date
    kind: NoteKind
    text: str
    follow_up_date: date | None


@dataclass(frozen=True)
class ProgressOnFile:
    """A progress update on one of the child's decisions, with the decision's words."""

    decision_text: str
    recorded_date: date
    state: ProgressState
    note: str
    decision_id: int | None = None  # which decision (the Decisions tab's line says its last)


@dataclass(frozen=True)
class ChangeOnFile:
    """A significant change the social worker notified (IRO Handbook 3.74-3.77)."""

    category: str  # a key of domain.between.SIGNIFICANT_CHANGES
    notified_date: date
    detail: str
    review_needed: bool | None  # None: not decided when it was recorded


@dataclass(frozen=True)
class StageOnFile:
    """One stage of one of the child's escalations. A skipped stage has no date of its
    own, so the timeline places it on the day the escalation was opened."""

    stage: Stage
    escalation_opened: date
    escalation_id: int  # Enter on the timeline opens the escalation

    @property
    def day(self) -> date:
        return self.stage.opened_date or self.escalation_opened
