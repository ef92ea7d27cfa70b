"""A child comes into care, moves, changes legal status, or leaves care.

Each is an episode in the 903 shape. The RNE code of a new episode follows from
what changed (SSDA903 guidance, RNE; domain.md "The national data standard").
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from iro_tui.domain.calendar import age_on, eighteenth_birthday
from iro_tui.domain.codes import (
    AUTHORISED_FOR_ADOPTION_STATUSES,
    CONTINUES_IN_CARE,
    LEGAL_STATUS_MEANING,
    PLACED_FOR_ADOPTION,
    SHORT_BREAK_STATUSES,
    CategoryOfNeed,
    LegalStatus,
    Placement,
    PlacementProvider,
    ReasonEpisodeCeased,
    ReasonNewEpisode,
    ReasonPlaceChange,
    Sex,
)
from iro_tui.domain.fields import (
    FieldProblem,
    every_problem,
    not_after_today,
    ofsted_urn,
    uk_postcode,
)
from iro_tui.domain.models import ChildCase, Episode, Review
from iro_tui.domain.rulebook import Rulebook

# Placed for adoption with the current foster carers (A3 with consent, A5 under a
# placement order): the 903's RNE for it is S, T or U, never a change of carer.
WITH_CURRENT_CARERS = frozenset({Placement("A3"), Placement("A5")})


def child_id_problem(child_ref: str) -> None:
    """The 903's CHILD: up to 10 letters and digits ("ab 12" was saved, and the return
    then written with it). Raises FieldProblem."""
    if not child_ref.isascii() or not child_ref.isalnum():
        raise FieldProblem(
            "child_ref", "the 903 child ID is letters and digits only: no spaces or marks"
        )


class CareBegins(BaseModel):
    """The episode a child starts to be looked after with (RNE S), as typed: on the
    intake, or coming back into care. Its postcodes and URN as the 903 takes them
    ("NOTAPOSTCODE" was saved, and shown, and written to the 903 return)."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)
    decom: date
    ls: LegalStatus
    cin: CategoryOfNeed
    place: Placement
    place_provider: PlacementProvider | None = None
    pl_post: str | None = None
    home_post: str | None = None
    urn: str | None = None

    _postcode = field_validator("pl_post")(lambda text: uk_postcode("pl_post", text))
    _home = field_validator("home_post")(lambda text: uk_postcode("home_post", text))
    _urn = field_validator("urn")(lambda text: ofsted_urn("urn", text))

    def first_episode(self) -> Episode:
        return Episode(
            decom=self.decom,
            rne=ReasonNewEpisode.STARTED,
            ls=self.ls,
            cin=self.cin,
            place=self.place,
            place_provider=self.place_provider,
            home_post=self.home_post,
            pl_post=self.pl_post,
            urn=self.urn,
        )


class Intake(CareBegins):
    """A child who starts to be looked after (RNE S)."""

    child_ref: str = Field(min_length=1, max_length=10)
    given_name: str = Field(min_length=1)
    family_name: str = Field(min_length=1)
    dob: date
    sex: Sex
    uasc: bool = False
    first_language: str | None = None
    interpreter_needed: bool = False
    carer_name: str | None = None
    area: str | None = None
    out_of_area: bool = False
    # A placement for adoption (A3-A6): the day it began, which its reviews count from
    # (4 weeks, then 3 months), and the placement before it when that was after care
    # began. Without them it was taken to have begun with care: a child placed two weeks
    # ago was given 6 months from their last review, not 4 weeks from the placement.
    placed_on: date | None = None
    placed_before: Placement | None = None
    # Authorised for adoption (D1 freeing order, E1 placement order), not yet placed: the
    # day of the order, which the reviews count from (the 1st within 3 months), and the
    # legal status before it when that was after care began. Without them the order was
    # taken to date from care: a child under an order of two weeks ago, reviewed since
    # care began, was given 6 months from that review, not 3 from the order.
    authorised_on: date | None = None
    ls_before: LegalStatus | None = None
    # Taking over a child already in care: their last review, and which it was.
    last_review: date | None = None
    last_review_number: int | None = Field(default=None, ge=1, le=99)
    # The IRO said they do not know which review it was (not merely left it blank).
    last_review_number_not_known: bool = False
    no_review_yet: bool = False
    today: date
    # The 1st review's deadline under the rulebook, from `decom`: set by the form so
    # that a child long in care is not given a first review years overdue by mistake.
    first_review_due: date | None = None

    @model_validator(mode="after")
    def _makes_sense(self) -> Intake:
        """Every part's problem at once, each under its box: a day in care to come, or a
        last review before care, was said only once the boxes above it were right (an
        adversarial check)."""
        every_problem(
            lambda: child_id_problem(self.child_ref),
            self._dates_make_sense,
            self._history_makes_sense,
            self._adoption_makes_sense,
            self._authority_makes_sense,
        )
        return self

    def _dates_make_sense(self) -> None:
        not_after_today("dob", self.dob, self.today, what="the date of birth")
        if self.decom < self.dob:
            raise FieldProblem("decom", "the child cannot come into care before they were born")
        if self.decom > self.today:
            raise FieldProblem(
                "decom",
                f"{self.decom:%d/%m/%Y} is after today: record a child coming into care on or "
                "after the day",
            )
        if self.decom >= eighteenth_birthday(self.dob):
            raise FieldProblem(
                "decom",
                f"the child was {age_on(self.dob, self.decom)} on that "
                "date: only a child under 18 can be looked after",
            )

    def _authority_makes_sense(self) -> None:
        authorised = (
            self.ls in AUTHORISED_FOR_ADOPTION_STATUSES and self.place not in PLACED_FOR_ADOPTION
        )
        if self.authorised_on is None:
            if authorised and self.decom < self.today:
                raise FieldProblem(
                    "authorised_on",
                    f"give the day of the {LEGAL_STATUS_MEANING[self.ls]} (the day care began, if "
                    "so): until the child is placed, the adoption reviews count from it",
                )
        elif not authorised:
            raise FieldProblem(
                "authorised_on",
                "only for a child authorised for adoption (D1 or E1) and not placed with "
                "adopters: leave it blank",
            )
        elif self.authorised_on < self.decom:
            raise FieldProblem("authorised_on", "that is before the child came into care")
        else:
            not_after_today("authorised_on", self.authorised_on, self.today)
        later = self.authorised_on is not None and self.authorised_on > self.decom
        if later and self.ls_before is None:
            raise FieldProblem(
                "ls_before", "choose the legal status the child had before the order"
            )
        if later and self.ls_before in AUTHORISED_FOR_ADOPTION_STATUSES:
            raise FieldProblem(
                "ls_before",
                "the status before the order, not D1 or E1: the reviews count from the "
                "first order, so give its day as the day care began if it came with care",
            )
        if not later and self.ls_before is not None:
            raise FieldProblem(
                "ls_before",
                "only for a child authorised for adoption after care began: leave it blank",
            )

    def _adoption_makes_sense(self) -> None:
        adoptive = self.place in PLACED_FOR_ADOPTION
        if self.placed_on is None:
            if adoptive and self.decom < self.today:
                raise FieldProblem(
                    "placed_on",
                    "give the day the child was placed with the adopters (the day care "
                    "began, if so): the adoption reviews count from it",
                )
        elif not adoptive:
            raise FieldProblem(
                "placed_on", "only for a placement for adoption (A3-A6): leave it blank"
            )
        elif self.placed_on < self.decom:
            raise FieldProblem("placed_on", "that is before the child came into care")
        else:
            not_after_today("placed_on", self.placed_on, self.today)
        later = self.placed_on is not None and self.placed_on > self.decom
        if later and self.placed_before is None:
            raise FieldProblem(
                "placed_before", "choose the placement the child had before the adopters'"
            )
        if not later and self.placed_before is not None:
            raise FieldProblem(
                "placed_before",
                "only for a child placed with the adopters after care began: leave it blank",
            )

    def _history_makes_sense(self) -> None:
        """The last review of a child taken over mid-cycle (issue: never a deadline
        earlier than the law's because history is missing, unless the IRO confirms it)."""
        if self.last_review is not None:
            if self.no_review_yet:
                raise FieldProblem(
                    "no_review_yet", "a last review is given: untick 'no review held yet'"
                )
            # On short breaks (V3/V4) each break is an episode of its own, and the series
            # one arrangement whose reviews go on from break to break (domain.md rulebook
            # table; CPPCR 2010 reg 48): a child taken over mid-series had their last
            # review in an earlier break, before the one that began their care here.
            if self.last_review < self.decom and self.ls not in SHORT_BREAK_STATUSES:
                raise FieldProblem(
                    "last_review", "the last review cannot be before the child came into care"
                )
            if self.last_review < self.dob:
                raise FieldProblem("last_review", "that is before the child was born")
            not_after_today("last_review", self.last_review, self.today)
            if self.last_review_number is None and not self.last_review_number_not_known:
                # It sets the next deadline (domain/history.py): never guessed for the IRO.
                raise FieldProblem(
                    "last_review_number",
                    "say which review it was, or choose 'Not known': it sets the next "
                    "deadline (3 months after a 1st review, 6 after a later one)",
                )
        elif self.last_review_number is not None or self.last_review_number_not_known:
            raise FieldProblem("last_review", "give the date of that review")
        elif (
            self.first_review_due is not None
            and self.first_review_due < self.today
            and not self.no_review_yet
        ):
            raise FieldProblem(
                "last_review",
                f"in care since {self.decom:%d/%m/%Y}, the 1st review was due by "
                f"{self.first_review_due:%d/%m/%Y}: give the last review held, or tick "
                "'no review held yet'",
            )

    def last_held_review(self) -> Review | None:
        if self.last_review is None:
            return None
        return Review(status="held", held_date=self.last_review, number=self.last_review_number)

    def episodes(self) -> list[Episode]:
        """The period of care as typed: one episode from the day care began, or two when
        the child was placed with the adopters later (the move recorded as `m` would:
        the first closed X1 with the reason on it, DfE rules 225 and 233), or was
        authorised for adoption later (the order a change of legal status, RNE L)."""
        current = self.first_episode()
        if self.authorised_on is not None and self.ls_before is not None:
            # The order changed the legal status, not the placement (903 RNE L).
            before = current.model_copy(
                update={
                    "ls": self.ls_before,
                    "dec": self.authorised_on,
                    "rec": ReasonEpisodeCeased(CONTINUES_IN_CARE),
                }
            )
            order = current.model_copy(
                update={"decom": self.authorised_on, "rne": ReasonNewEpisode.LEGAL_STATUS}
            )
            return [before, order]
        if self.placed_on is None or self.placed_on == self.decom or self.placed_before is None:
            return [current]
        before = Episode(
            decom=self.decom,
            rne=ReasonNewEpisode.STARTED,
            ls=self.ls,
            cin=self.cin,
            home_post=self.home_post,
            place=self.placed_before,
            dec=self.placed_on,
            rec=ReasonEpisodeCeased(CONTINUES_IN_CARE),
            # Placed with adopters as the care plan said (903 REASON_PLACE_CHANGE).
            reason_place_change=ReasonPlaceChange.CARPL,
        )
        # A3 and A5 are placements for adoption with the current foster carers: the
        # placement changes, not the carer (DfE rule 217: S, T or U; it wrote P).
        rne = (
            ReasonNewEpisode.PLACEMENT_SAME_CARER
            if self.place in WITH_CURRENT_CARERS
            else ReasonNewEpisode.PLACEMENT_AND_CARER
        )
        placed = current.model_copy(update={"decom": self.placed_on, "rne": rne})
        return [before, placed]


def intake(values: dict, today: date, rulebook: Rulebook) -> Intake:
    """The intake as typed, checked against the rulebook's 1st-review deadline."""
    decom = values.get("decom")
    # Short breaks' 1st review counts 3 months from the first break (domain.md): checked
    # against the general 20 WD (28 days in Jersey), a child on short breaks since 02/03
    # was told on 20/04 that their 1st review "was due by 30/03".
    first = (
        rulebook.reviews.short_breaks_first
        if values.get("ls") in SHORT_BREAK_STATUSES
        else rulebook.reviews.first
    )
    first_due = first.after(decom, rulebook.calendar) if decom else None
    return Intake(**values, today=today, first_review_due=first_due)


def reason_for_new_episode(
    legal_changed: bool, placement_changed: bool, carer_changed: bool
) -> ReasonNewEpisode:
    """The 903 RNE for a change that does not start a new period of care."""
    if not placement_changed:
        if carer_changed:
            raise FieldProblem("carer_changed", "a new carer means a new placement")
        if not legal_changed:
            raise FieldProblem(
                "form", "nothing has changed: change the legal status or the placement"
            )
        return ReasonNewEpisode.LEGAL_STATUS
    if legal_changed:
        return (
            ReasonNewEpisode.LEGAL_PLACEMENT_AND_CARER
            if carer_changed
            else ReasonNewEpisode.LEGAL_AND_PLACEMENT_SAME_CARER
        )
    return (
        ReasonNewEpisode.PLACEMENT_AND_CARER
        if carer_changed
        else ReasonNewEpisode.PLACEMENT_SAME_CARER
    )


class EpisodeChange(BaseModel):
    """A change of placement and/or legal status: closes the current episode with X1."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)
    current: Episode
    change_date: date
    ls: LegalStatus
    place: Placement
    place_provider: PlacementProvider | None = None
    carer_changed: bool = False
    reason_place_change: ReasonPlaceChange | None = None
    pl_post: str | None = None
    urn: str | None = None
    today: date

    _postcode = field_validator("pl_post")(lambda text: uk_postcode("pl_post", text))
    _urn = field_validator("urn")(lambda text: ofsted_urn("urn", text))

    @model_validator(mode="after")
    def _valid(self) -> EpisodeChange:
        if self.change_date <= self.current.decom:
            raise FieldProblem(
                "change_date",
                f"the change must be after the current episode "
                f"began ({self.current.decom:%d/%m/%Y})",
            )
        if self.change_date > self.today:
            raise FieldProblem("change_date", "record the change on or after the day it happens")
        if self.placement_changed and self.reason_place_change is None:
            raise FieldProblem("reason_place_change", "say why the placement changed")
        if self.carer_changed and self.place in WITH_CURRENT_CARERS:
            raise FieldProblem(
                "carer_changed",
                f"{self.place.value} is a placement for adoption with the current foster "
                "carers: the carer does not change (DfE rule 217)",
            )
        reason_for_new_episode(self.legal_changed, self.placement_changed, self.carer_changed)
        return self

    @property
    def legal_changed(self) -> bool:
        return self.ls != self.current.ls

    @property
    def placement_changed(self) -> bool:
        return (
            self.place != self.current.place
            or self.carer_changed
            or (self.pl_post or None) not in (None, self.current.pl_post)
        )

    def episodes(self) -> tuple[Episode, Episode]:
        """The current episode closed with X1, and the new one."""
        # The 903 records why the placement changed on the episode that ends (DfE
        # validation rules 225 and 233), not on the new one.
        closed = self.current.model_copy(
            update={
                "dec": self.change_date,
                "rec": ReasonEpisodeCeased(CONTINUES_IN_CARE),
                "reason_place_change": self.reason_place_change if self.placement_changed else None,
            }
        )
        rne = reason_for_new_episode(self.legal_changed, self.placement_changed, self.carer_changed)
        new = Episode(
            decom=self.change_date,
            rne=rne,
            ls=self.ls,
            cin=self.current.cin,
            place=self.place,
            place_provider=self.place_provider,
            home_post=self.current.home_post,
            # A new placement has its own postcode and URN, or none until given: a move
            # to a children's home took the foster home's postcode and XXXXXXX (DfE rule
            # 242). A change of legal status alone keeps the placement's.
            pl_post=self.pl_post
            if self.placement_changed
            else self.pl_post or self.current.pl_post,
            urn=self.urn if self.placement_changed else self.urn or self.current.urn,
        )
        return closed, new


class LeavingCare(BaseModel):
    model_config = ConfigDict(frozen=True)
    current: Episode
    leave_date: date
    rec: ReasonEpisodeCeased
    today: date

    @model_validator(mode="after")
    def _valid(self) -> LeavingCare:
        if self.rec == CONTINUES_IN_CARE:
            raise FieldProblem("rec", "X1 means the child stays in care: choose why they left")
        if self.leave_date < self.current.decom:
            raise FieldProblem(
                "leave_date",
                f"the child cannot leave before the current "
                f"episode began ({self.current.decom:%d/%m/%Y})",
            )
        if self.leave_date > self.today:
            raise FieldProblem("leave_date", "record leaving care on or after the day")
        return self

    def closed_episode(self) -> Episode:
        return self.current.model_copy(update={"dec": self.leave_date, "rec": self.rec})


class BackIntoCare(CareBegins):
    """A child who had left care is looked after again: a new episode starting to be
    looked after (RNE S). A new period of care, whose reviews begin again at the 1st
    (domain.md); or the next break of a short-break series, whose deadlines go on. It
    could be recorded only by importing a 903 return: a child typed in again was
    refused as "child ID already in use"."""

    # The child's latest episode, ended; None for a child the store has never had in
    # care (a 903 Header row with no Episodes row: the intake refused them as "in use").
    last: Episode | None
    dob: date
    today: date

    @model_validator(mode="after")
    def _valid(self) -> BackIntoCare:
        ended = self.last.dec if self.last is not None else None
        if self.last is not None and (ended is None or self.last.rec == CONTINUES_IN_CARE):
            raise FieldProblem("form", "the child is in care: m records a move or new legal status")
        # A new period of care begins after the day the last one ended (DfE rule 431): on
        # that very day it was taken for the same period, and the review held on it, in
        # the period just ended, counted as the new period's (6 months on, not the 1st
        # review within 20 working days).
        if ended is not None and self.decom <= ended:
            raise FieldProblem(
                "decom",
                f"the child was in care until {ended:%d/%m/%Y}: a new period of care "
                "begins on a later day (DfE rule 431)",
            )
        if self.decom < self.dob:
            raise FieldProblem("decom", "the child cannot come into care before they were born")
        not_after_today("decom", self.decom, self.today)
        if self.decom >= eighteenth_birthday(self.dob):
            raise FieldProblem(
                "decom",
                f"the child was {age_on(self.dob, self.decom)} on that date: only a child "
                "under 18 can be looked after",
            )
        return self

    def episode(self) -> Episode:
        return self.first_episode()


# Leaving care for these reasons is not a plan the IRO reviews first: a death, an age
# assessment (the young person is an adult), another authority taking the care over.
NO_REVIEW_BEFORE_LEAVING = frozenset({"E2", "E15", "E3"})


def notes_on_leaving(case: ChildCase, leaving: LeavingCare) -> list[str]:
    """Said after a child under 18 is recorded as leaving care: the Jersey handbook 3.77
    (adopted as practice) has a review held before a child leaves care under 18. Not a
    refusal: the IRO may record a departure that has already happened."""
    birthday = case.child.eighteenth_birthday
    if leaving.leave_date >= birthday or leaving.rec in NO_REVIEW_BEFORE_LEAVING:
        return []
    if leaving.current.ls.value in SHORT_BREAK_STATUSES:
        return []  # a short break ending as planned: the series goes on (domain.md)
    # Held in this period of care: one before an earlier return home is not the review
    # before this leaving ("the last review held was on 04/12/2025", of the last period).
    period = case.current_period()
    held = [
        d
        for d in case.held_reviews
        if d <= leaving.leave_date and (period is None or period.holds(d))
    ]
    last = (
        f"the last review held was on {max(held):%d/%m/%Y}" if held else "no review has been held"
    )
    return [
        f"Left care before 18 ({birthday:%d/%m/%Y}): a review is held before a child leaves "
        f"care under 18 (handbook 3.77), and {last}. If none was held about leaving, say why "
        "in a footprint note (F5)."
    ]
