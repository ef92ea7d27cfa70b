"""Validated domain records. Error messages are for a social worker, not a programmer."""

from __future__ import annotations

from datetime import date
from operator import attrgetter
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from iro_tui.domain.built import built
from iro_tui.domain.calendar import eighteenth_birthday
from iro_tui.domain.codes import (
    CONTINUES_IN_CARE,
    CategoryOfNeed,
    LegalStatus,
    MissingType,
    ParticipationCode,
    Placement,
    PlacementProvider,
    ReasonEpisodeCeased,
    ReasonNewEpisode,
    ReasonPlaceChange,
    RetiredPlacement,
    Sex,
)

ReviewStatus = Literal["planned", "held", "adjourned", "cancelled"]


class Record(BaseModel):
    # defer_build: each model's validator is built on its first use, not on import;
    # the diary's first paint validates few of them (issue 12, start-up).
    model_config = ConfigDict(frozen=True, str_strip_whitespace=True, defer_build=True)


class Child(Record):
    child_ref: str = Field(min_length=1, max_length=10)  # the 903 CHILD id
    dob: date
    sex: Sex
    ethnicity: str | None = None
    upn: str | None = None
    mother: bool | None = None  # 903 MOTHER: the child is a mother
    mc_dob: date | None = None  # 903 MC_DOB: her child's date of birth
    given_name: str | None = None
    family_name: str | None = None
    preferred_name: str | None = None
    first_language: str | None = None
    interpreter_needed: bool = False
    communication_needs: str | None = None
    uasc: bool = False
    uasc_ceased: date | None = None
    disability: str | None = None
    red_list: bool = False
    # The day the child joined this IRO's caseload (the intake, an import); None when
    # not known (a store from before v8, the demo).
    joined_on: date | None = None

    @property
    def display_name(self) -> str:
        name = " ".join(p for p in (self.preferred_name or self.given_name, self.family_name) if p)
        return name or f"Child {self.child_ref}"

    @property
    def initials(self) -> str:
        parts = [p for p in (self.given_name, self.family_name) if p]
        return "".join(p[0].upper() for p in parts) or "?"

    @property
    def eighteenth_birthday(self) -> date:
        return eighteenth_birthday(self.dob)


class Episode(Record):
    """One row of the 903 Episodes table: a period with one legal status and placement."""

    decom: date
    rne: ReasonNewEpisode
    ls: LegalStatus
    cin: CategoryOfNeed
    # A retired code (PLACE H5, P2, Z1) is history imported from an earlier year's 903;
    # an episode typed in the app takes a current code (domain/episodes.py).
    place: Placement | RetiredPlacement
    place_provider: PlacementProvider | None = None
    dec: date | None = None
    rec: ReasonEpisodeCeased | None = None
    reason_place_change: ReasonPlaceChange | None = None
    home_post: str | None = None
    pl_post: str | None = None
    urn: str | None = None

    @model_validator(mode="after")
    def _end_is_consistent(self) -> Episode:
        if self.dec is not None and self.dec < self.decom:
            raise ValueError("the episode ends (DEC) before it starts (DECOM)")
        if (self.dec is None) != (self.rec is None):
            raise ValueError("an episode that ends needs both DEC and REC, and an open one neither")
        return self

    @property
    def left_care(self) -> bool:
        return self.rec is not None and self.rec != CONTINUES_IN_CARE


class Review(Record):
    """A statutory review: booked (planned), held, adjourned or cancelled."""

    id: int | None = None
    status: ReviewStatus = "held"
    scheduled_date: date | None = None
    scheduled_time: str | None = None
    venue: str | None = None
    held_date: date | None = None
    participation_code: ParticipationCode | None = None
    # Which review of the period of care this was (1st, 2nd...), when the IRO said so
    # or the app recorded it; None for a review imported from a 903 return, which does
    # not carry the number (domain/history.py works it out where it can).
    number: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _dates_fit_status(self) -> Review:
        if self.status == "held" and self.held_date is None:
            raise ValueError("a held review needs the date it was held")
        if self.status == "planned" and self.scheduled_date is None:
            raise ValueError("a booked review needs a date")
        return self


class MissingEpisode(Record):
    missing: MissingType
    start: date
    end: date | None = None

    @model_validator(mode="after")
    def _end_after_start(self) -> MissingEpisode:
        if self.end is not None and self.end < self.start:
            raise ValueError("the missing episode ends before it starts")
        return self


class PeriodOfCare(Record):
    """The latest period of care the store knows of.

    `start_known` is False when the store lacks the RNE=S episode that began it: a
    one-year 903 return need not carry the start of a child's care (DfE validation
    rule 357), so `start` is then only the earliest episode known.
    """

    start: date
    start_known: bool
    episodes: tuple[Episode, ...]
    # Reviews of this period are those held after the previous period ended (or any,
    # when no earlier period is known): with the start unknown, a review held before
    # the earliest known episode may still belong to this period.
    reviews_after: date | None = None

    @property
    def current(self) -> Episode:
        return self.episodes[-1]

    @property
    def ended(self) -> bool:
        return self.episodes[-1].dec is not None and self.episodes[-1].rec != CONTINUES_IN_CARE

    def holds(self, day: date) -> bool:
        """Whether a review held on `day` belongs to this period."""
        if self.start_known:
            return day >= self.start
        return self.reviews_after is None or day > self.reviews_after


class ChildCase(Record):
    """Everything the deadline engine needs about one child."""

    child: Child
    episodes: tuple[Episode, ...] = ()
    reviews: tuple[Review, ...] = ()
    # IRO-directed additional reviews: (change notified on, review required by)
    additional_reviews: tuple[tuple[date, date], ...] = ()

    @field_validator("episodes")
    @classmethod
    def _sorted_episodes(cls, value: tuple[Episode, ...]) -> tuple[Episode, ...]:
        return tuple(sorted(value, key=lambda e: e.decom))

    def episode_on(self, day: date) -> Episode | None:
        """The episode covering `day` (it starts on or before it, ends after it)."""
        for ep in self.episodes:
            if ep.decom <= day and (ep.dec is None or day < ep.dec):
                return ep
        return None

    def looked_after_on(self, day: date) -> bool:
        """In care on `day`: an episode covers the day and the child is under 18."""
        return day < self.child.eighteenth_birthday and self.episode_on(day) is not None

    def periods(self) -> list[PeriodOfCare]:
        """The periods of care, oldest first.

        A period begins with an RNE=S episode, or with the first episode the store
        holds, or with the first episode after one that ended with the child leaving
        care (any REC but X1) or after a gap between episodes: the 903 then lacks the
        S episode, and the period's start is not known.
        """
        periods: list[PeriodOfCare] = []
        run: list[Episode] = []
        previous_end: date | None = None
        for ep in self.episodes:
            last = run[-1] if run else None
            begins = ep.rne == ReasonNewEpisode.STARTED or (
                last is not None
                and last.dec is not None
                and (last.dec < ep.decom or last.left_care)
            )
            if begins and run:
                periods.append(_period(run, previous_end))
                previous_end = run[-1].dec
                run = []
            run.append(ep)
        if run:
            periods.append(_period(run, previous_end))
        return periods

    def current_period(self) -> PeriodOfCare | None:
        periods = self.periods()
        return periods[-1] if periods else None

    @property
    def current_period_start(self) -> date | None:
        """Start of the latest period of care (its earliest known episode when the
        store lacks the RNE=S episode: see `current_period().start_known`)."""
        period = self.current_period()
        return period.start if period else None

    def episodes_in_current_period(self) -> list[Episode]:
        period = self.current_period()
        return list(period.episodes) if period else []

    def earliest_day(self) -> tuple[date, str]:
        """The earliest day anything of the IRO's about the child can be dated, and why:
        the day care began, where the store knows it, else their birth. A note, an
        escalation and a checklist item were saved dated 2000, 2005 and 1990."""
        periods = self.periods()
        if periods and periods[0].start_known:
            return periods[0].start, "the child came into care"
        return self.child.dob, "the child was born"

    def held_reviews_in(self, period: PeriodOfCare) -> list[Review]:
        """Held reviews that belong to `period`, earliest first."""
        held = [
            r
            for r in self.reviews
            if r.status == "held" and r.held_date is not None and period.holds(r.held_date)
        ]
        held.sort(key=_held_date)  # stable: reviews held the same day stay in store order
        return held

    @property
    def held_reviews(self) -> list[date]:
        return sorted(r.held_date for r in self.reviews if r.status == "held" and r.held_date)


_held_date = attrgetter("held_date")


def _period(run: list[Episode], previous_end: date | None) -> PeriodOfCare:
    # Built from episodes already valid, without validating them again: every child's
    # periods are worked out on each reload of the diary (domain/built.py).
    return built(
        PeriodOfCare,
        {
            "start": run[0].decom,
            "start_known": run[0].rne == ReasonNewEpisode.STARTED,
            "episodes": tuple(run),
            "reviews_after": previous_end,
        },
    )
