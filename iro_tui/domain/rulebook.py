"""Rulebooks are data: TOML files beside this module, validated by pydantic.

An authority chooses one (setting `rulebook`) and may tighten its local figures;
no code path hard-codes a statutory figure.
"""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from iro_tui.domain.calendar import WorkingDayCalendar, add_months
from iro_tui.errors import BadInput

RULEBOOK_KEYS = ("england", "jersey")


class Interval(BaseModel):
    """A period such as 20 working days, 28 days, 4 weeks or 3 months: exactly one unit."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    working_days: int | None = None
    days: int | None = None
    weeks: int | None = None
    months: int | None = None

    @model_validator(mode="after")
    def _exactly_one_unit(self) -> Interval:
        units = [
            v for v in (self.working_days, self.days, self.weeks, self.months) if v is not None
        ]
        if len(units) != 1:
            raise ValueError("an interval needs exactly one of working_days, days, weeks, months")
        return self

    def after(self, start: date, calendar: WorkingDayCalendar) -> date:
        if self.working_days is not None:
            return calendar.add_working_days(start, self.working_days)
        if self.days is not None:
            return start + timedelta(days=self.days)
        if self.weeks is not None:
            return start + timedelta(weeks=self.weeks)
        return add_months(start, self.months or 0)

    def describe(self) -> str:
        for unit, label in (
            ("working_days", "working days"),
            ("days", "days"),
            ("weeks", "weeks"),
            ("months", "months"),
        ):
            value = getattr(self, unit)
            if value is not None:
                return f"{value} {label}"
        return ""


class ReviewIntervals(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    first: Interval
    second: Interval
    second_counts_from: Literal["first_review", "became_looked_after"]
    later: Interval
    short_breaks_first: Interval
    short_breaks_later: Interval
    authorised_for_adoption_first: Interval
    authorised_for_adoption_later: Interval
    placed_for_adoption_first: Interval
    placed_for_adoption_second: Interval
    placed_for_adoption_later: Interval
    disruption_earliest: Interval
    disruption_latest: Interval
    red_list: Interval
    series_completion: Interval
    adjournment_completion: Interval


class PreReviewOffsets(BaseModel):
    """Working days before the booked review date."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    sw_conversation: int
    consultation_sent: int
    sw_report: int
    pep: int
    health_assessment: int


class PostReviewTimescales(BaseModel):
    """Working days after the review is completed."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    decisions_sent: int
    record_sent: int
    care_plan_updated: int
    manager_objection: int


class LeavingCare(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    final_review_weeks_before_18: int
    final_pathway_plan_working_days_before_18: int


class Escalation(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    formal_total_working_days: int
    stage_response_working_days: int
    stages: list[str]


class Appointment(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    iro_appointed_working_days: int


class Rulebook(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    key: str
    name: str
    calendar_country: str
    calendar_subdivision: str | None = None
    reviews: ReviewIntervals
    pre_review: PreReviewOffsets
    post_review: PostReviewTimescales
    leaving_care: LeavingCare
    escalation: Escalation
    appointment: Appointment

    @property
    def calendar(self) -> WorkingDayCalendar:
        return _calendar(self.calendar_country, self.calendar_subdivision)


@cache
def _calendar(country: str, subdivision: str | None) -> WorkingDayCalendar:
    return WorkingDayCalendar(country, subdivision)


@cache
def load_rulebook(key: str) -> Rulebook:
    if key not in RULEBOOK_KEYS:
        raise BadInput(f"unknown rulebook '{key}': choose one of {', '.join(RULEBOOK_KEYS)}")
    text = resources.files("iro_tui.domain.rulebooks").joinpath(f"{key}.toml").read_text()
    return Rulebook.model_validate(tomllib.loads(text))
