"""Booking, rescheduling and cancelling a review meeting.

A booking never moves the statutory deadline (domain.md, "The review cycle" 4):
the deadline is computed from held reviews only. A booking after the deadline is
allowed only with a recorded reason, so the lateness is explained on the file.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, model_validator

from iro_tui.domain.deadlines import ReviewDeadline
from iro_tui.domain.fields import FieldProblem


class Booking(BaseModel):
    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)

    child_ref: str
    scheduled_date: date
    scheduled_time: str | None = None
    venue: str | None = None
    late_reason: str | None = None
    today: date
    deadline: date | None = None  # the statutory deadline in force
    eighteenth_birthday: date | None = None  # the child leaves care then

    @model_validator(mode="after")
    def _lawful(self) -> Booking:
        if self.scheduled_date < self.today:
            raise FieldProblem(
                "scheduled_date",
                "a booking cannot be in the past: record a "
                "review that was held from the review screen",
            )
        if self.eighteenth_birthday and self.scheduled_date >= self.eighteenth_birthday:
            # No looked-after review on or after 18 (domain.md, "Turning 18"): the
            # final review before 18 falls before the birthday.
            raise FieldProblem(
                "scheduled_date",
                f"the child turns 18 on {self.eighteenth_birthday:%d/%m/%Y} and leaves care: "
                "book the final review before then",
            )
        if self.deadline and self.scheduled_date > self.deadline and not self.late_reason:
            raise FieldProblem(
                "late_reason",
                f"{self.scheduled_date:%d/%m/%Y} is after the statutory deadline "
                f"{self.deadline:%d/%m/%Y}: book an earlier date, or give the reason it "
                "must be late",
            )
        if self.late_reason and (self.deadline is None or self.scheduled_date <= self.deadline):
            # Kept, it was recorded as why the review is late, and carried on to the review
            # held, for a meeting within its deadline (a date typed late, then put right).
            within = (
                f"{self.scheduled_date:%d/%m/%Y} is within the statutory deadline "
                f"{self.deadline:%d/%m/%Y}"
                if self.deadline
                else "no statutory review is due"
            )
            raise FieldProblem(
                "late_reason",
                f"{within}: no reason is needed; clear this box (a reason here is recorded "
                "as why the review is late)",
            )
        return self


def lateness_warning(deadline: ReviewDeadline | None, day: date) -> str | None:
    """Plain words for a booking after the deadline, or None if it is in time."""
    if deadline is None or day <= deadline.due:
        return None
    late = (day - deadline.due).days
    return (
        f"This is {late} day{'s' * (late != 1)} after the statutory deadline "
        f"({deadline.due:%a %d/%m/%Y}, {deadline.basis})."
    )


class Cancellation(BaseModel):
    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)
    reason: str

    @model_validator(mode="after")
    def _has_reason(self) -> Cancellation:
        if not self.reason:
            raise FieldProblem("reason", "say why the review is cancelled")
        return self
