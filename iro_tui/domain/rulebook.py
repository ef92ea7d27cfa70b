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
    short_breaks_series_lapses: Interval  # no break begun this long after one ended: over
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
    """Working days after the review is completed; the manager's objection runs from
    receiving the decisions, in the rulebook's own unit (England 5 days, Jersey 10 WD)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    decisions_sent: int
    record_sent: int
    care_plan_updated: int
    manager_objection: Interval


class LeavingCare(BaseModel):
    """The final review falls in a window: no earlier than `earliest` and no later than
    `latest` weeks before the 18th birthday (City of London protocol: 4-6 weeks)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    final_review_weeks_before_18: int  # the latest: 4 weeks before
    final_review_earliest_weeks_before_18: int  # the window opens: 6 weeks before
    final_pathway_plan_working_days_before_18: int

    def final_review_window(self, birthday: date) -> tuple[date, date]:
        """(opens, due): the days the final review before `birthday` (the 18th) falls
        between, both inclusive."""
        return (
            birthday - timedelta(weeks=self.final_review_earliest_weeks_before_18),
            birthday - timedelta(weeks=self.final_review_weeks_before_18),
        )

    @model_validator(mode="after")
    def _window(self) -> LeavingCare:
        if self.final_review_earliest_weeks_before_18 < self.final_review_weeks_before_18:
            raise ValueError("the final review window must open before it closes")
        return self


class Escalation(BaseModel):
    """The formal dispute resolution ladder (handbook 6.2: 20 WD in all).

    The seeds name only the ladder's ends (team manager ... Cafcass) and give no
    per-stage figure, so stage names and each stage's response time are local
    settings (`drp_ladder`) that override these defaults; `fit_warning` says when
    the stages, run in full, cannot fit inside the formal total.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    formal_total_working_days: int
    stage_response_working_days: int  # each stage's, unless stage_working_days says
    stages: list[str]
    stage_working_days: list[int] | None = None  # one per stage, from a local ladder

    @model_validator(mode="after")
    def _one_figure_per_stage(self) -> Escalation:
        if not self.stages:
            raise ValueError("the dispute resolution ladder needs at least one stage")
        if self.stage_working_days is not None and len(self.stage_working_days) != len(self.stages):
            raise ValueError("give one response time per stage of the ladder")
        return self

    def working_days_for(self, stage_name: str) -> int:
        """The response time of a stage; the informal step and any stage no longer on
        the ladder (renamed since it opened) take the rulebook's default."""
        if self.stage_working_days is not None and stage_name in self.stages:
            return self.stage_working_days[self.stages.index(stage_name)]
        return self.stage_response_working_days

    def ladder(self) -> list[tuple[str, int]]:
        return [(name, self.working_days_for(name)) for name in self.stages]

    def ladder_working_days(self) -> int:
        return sum(days for _, days in self.ladder())

    def fit_warning(self) -> str | None:
        """Handbook 6.2: the formal process takes no more than 20 WD in total. A ladder
        whose stages add up to more cannot be climbed in full within that time."""
        total, allowed = self.ladder_working_days(), self.formal_total_working_days
        if total <= allowed:
            return None
        figures = {days for _, days in self.ladder()}
        # "1 stages x 25 working days" (an adversarial check): one stage is its days alone.
        sums = (
            "its one stage takes"
            if len(self.stages) == 1
            else f"{len(self.stages)} stages x {figures.pop()} working days ="
            if len(figures) == 1
            else f"{len(self.stages)} stages of "
            + " + ".join(str(d) for _, d in self.ladder())
            + " ="
        )
        return (
            f"The dispute resolution ladder cannot fit: {sums} {total} working days, more "
            f"than the {allowed} the formal process may take (handbook 6.2). Set the "
            "authority's ladder in Settings (o on the diary) or with "
            '`iro-tui config set drp_ladder "Stage=days; ..."`.'
        )

    def with_local_ladder(self, text: str | None) -> Escalation:
        """The rulebook's ladder overridden by the `drp_ladder` setting, when set."""
        if not text:
            return self
        stages = parse_drp_ladder(text)
        return self.model_copy(
            update={
                "stages": [name for name, _ in stages],
                "stage_working_days": [days for _, days in stages],
            }
        )


def parse_drp_ladder(text: str) -> list[tuple[str, int]]:
    """`Team manager=3; Head of service=5; Cafcass referral=5` -> stages in order.

    Raises BadInput naming the stage that is wrong and why.
    """
    stages: list[tuple[str, int]] = []
    parts = [p.strip() for p in text.split(";")]
    if not any(parts):
        raise BadInput('drp_ladder needs at least one stage, e.g. "Team manager=5"')
    for number, part in enumerate(parts, start=1):
        if not part:
            raise BadInput(f"drp_ladder stage {number} is empty: remove the extra ';'")
        name, sep, days = (p.strip() for p in part.rpartition("="))
        if not sep or not name:
            raise BadInput(
                f"drp_ladder stage {number} '{part}' needs a name and its response time in "
                'working days, e.g. "Team manager=5"'
            )
        if not days.isdigit() or int(days) < 1:
            raise BadInput(
                f"drp_ladder stage {number} '{name}': '{days}' is not a whole number of "
                "working days (1 or more)"
            )
        if name in (n for n, _ in stages):
            raise BadInput(f"drp_ladder names '{name}' twice: each stage needs its own name")
        stages.append((name, int(days)))
    return stages


def describe_drp_ladder(escalation: Escalation) -> str:
    """The ladder in the form `config set drp_ladder` takes."""
    return "; ".join(f"{name}={days}" for name, days in escalation.ladder())


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


def with_local_settings(rulebook: Rulebook, drp_ladder: str | None = None) -> Rulebook:
    """The rulebook with the authority's local figures applied (domain.md: "an
    authority can choose one and override local figures, such as ... the DRP ladder")."""
    if not drp_ladder:
        return rulebook
    return rulebook.model_copy(
        update={"escalation": rulebook.escalation.with_local_ladder(drp_ladder)}
    )


@cache
def load_rulebook(key: str) -> Rulebook:
    if key not in RULEBOOK_KEYS:
        raise BadInput(f"unknown rulebook '{key}': choose one of {', '.join(RULEBOOK_KEYS)}")
    text = resources.files("iro_tui.domain.rulebooks").joinpath(f"{key}.toml").read_text()
    return Rulebook.model_validate(tomllib.loads(text))
