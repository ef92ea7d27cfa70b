"""Domain records built from rows the store wrote, without validating them again.

Every write goes through a validated model and the schema's CHECK constraints, so
reading a whole authority back through `model_validate` (21,000 records for 1,000
children) checked again what was checked when it was written, and was most of the
cost of opening the caseload. Here each column is converted explicitly (an ISO date
by `date.fromisoformat`, a code by a lookup in its enum) and the record is built
directly, as pydantic's `model_construct` does, but without its per-field overhead
(it is slower than validating).

A value these conversions do not expect (whitespace a model would strip, a date not
written as YYYY-MM-DD, an unknown code, an empty required text, dates a model's own
check refuses) sends that row through `model_validate` instead, so a row a hand or
another program wrote gives exactly what it gave before: the same record, or the
same error. tests/store/test_from_rows.py holds every builder equal, field for field
and type for type, to `model_validate` on the same rows. Writes are not affected.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel

from iro_tui.domain.codes import (
    CategoryOfNeed,
    LegalStatus,
    ParticipationCode,
    Placement,
    PlacementProvider,
    ReasonEpisodeCeased,
    ReasonNewEpisode,
    ReasonPlaceChange,
    RetiredPlacement,
    Sex,
)
from iro_tui.domain.models import Child, ChildCase, Episode, Review
from iro_tui.domain.records import Appointment, Decision, PlacementDetails

M = TypeVar("M", bound=BaseModel)
_set = object.__setattr__


class _Validate(Exception):
    """This row needs the model's own validation."""


# The fields set of every record built here: all of its model's. One set per model,
# shared: a set per record was over half of what a whole authority's cases take in
# memory (15 of 27 MiB on 1,000 children). Sharing is safe because the records are
# frozen (pydantic adds to a record's set only on assignment, which they refuse) and
# model_copy gives the copy a copy of the set before adding to it.
_ALL_FIELDS: dict[type[BaseModel], set[str]] = {}


def built(model: type[M], values: dict[str, Any]) -> M:
    """`model` holding `values` (every field, already of its type), as
    `model_construct` builds it, for a fraction of its cost."""
    record = object.__new__(model)
    _set(record, "__dict__", values)
    fields = _ALL_FIELDS.get(model)
    if fields is None:
        fields = _ALL_FIELDS[model] = set(model.model_fields)
    _set(record, "__pydantic_fields_set__", fields)
    _set(record, "__pydantic_extra__", None)
    _set(record, "__pydantic_private__", None)
    return record


# --- one column's value ---------------------------------------------------------------
def _text(value: Any) -> str | None:
    # Records strip surrounding whitespace; a value that has some goes the long way.
    if value is None:
        return None
    if type(value) is not str or value.strip() != value:
        raise _Validate
    return value


def _required_text(value: Any) -> str:
    if value is None or value == "":
        raise _Validate
    text = _text(value)
    assert text is not None
    return text


# Each day read once per process: ten years of a whole authority name a few thousand
# days tens of thousands of times (dates are immutable, so records may share them).
_DAYS: dict[Any, date | None] = {None: None}


def _day(value: Any) -> date | None:
    try:
        return _DAYS[value]
    except KeyError:
        pass
    except TypeError:  # unhashable: not a day as the store writes one
        raise _Validate from None
    if type(value) is not str or len(value) != 10 or value[4] != "-" or value[7] != "-":
        raise _Validate
    day = date.fromisoformat(value)
    if len(_DAYS) < 100_000:
        _DAYS[value] = day
    return day


def _required_day(value: Any) -> date:
    day = _day(value)
    if day is None:
        raise _Validate
    return day


_FLAGS = {0: False, 1: True}


def _flag(value: Any) -> bool | None:
    return None if value is None else _FLAGS[value]


def _whole(value: Any) -> int | None:
    if value is not None and type(value) is not int:
        raise _Validate
    return value


def _codes(*enums: type[StrEnum]) -> dict[str, Any]:
    # The first enum wins a value two share (none do), as pydantic's union tries them.
    found: dict[str, Any] = {}
    for enum in reversed(enums):
        found.update({member.value: member for member in enum})
    return found


_SEX = _codes(Sex)
_RNE = _codes(ReasonNewEpisode)
_LS = _codes(LegalStatus)
_CIN = _codes(CategoryOfNeed)
_PLACE = _codes(Placement, RetiredPlacement)
_PROVIDER = _codes(PlacementProvider)
_REC = _codes(ReasonEpisodeCeased)
_REASON_PLACE_CHANGE = _codes(ReasonPlaceChange)
_PARTICIPATION = _codes(ParticipationCode)


def _code(codes: Mapping[str, Any], value: Any) -> Any:
    return None if value is None else codes[value]


def _slow(model: type[M], columns: Sequence[str], row: Sequence[Any]) -> M:
    return model.model_validate(dict(zip(columns, row, strict=True)))


# --- children -------------------------------------------------------------------------
CHILD_COLUMNS = (
    "child_ref",
    "given_name",
    "family_name",
    "preferred_name",
    "dob",
    "sex",
    "ethnicity",
    "upn",
    "mother",
    "mc_dob",
    "first_language",
    "interpreter_needed",
    "communication_needs",
    "uasc",
    "uasc_ceased",
    "disability",
    "red_list",
)


def child(row: Sequence[Any]) -> Child:
    """A Child from its columns in CHILD_COLUMNS order."""
    (
        child_ref,
        given_name,
        family_name,
        preferred_name,
        dob,
        sex,
        ethnicity,
        upn,
        mother,
        mc_dob,
        first_language,
        interpreter_needed,
        communication_needs,
        uasc,
        uasc_ceased,
        disability,
        red_list,
    ) = row
    try:
        ref = _required_text(child_ref)
        if len(ref) > 10:
            raise _Validate
        values = {
            "child_ref": ref,
            "dob": _required_day(dob),
            "sex": _SEX[sex],
            "ethnicity": _text(ethnicity),
            "upn": _text(upn),
            "mother": _flag(mother),
            "mc_dob": _day(mc_dob),
            "given_name": _text(given_name),
            "family_name": _text(family_name),
            "preferred_name": _text(preferred_name),
            "first_language": _text(first_language),
            "interpreter_needed": _FLAGS[interpreter_needed],
            "communication_needs": _text(communication_needs),
            "uasc": _FLAGS[uasc],
            "uasc_ceased": _day(uasc_ceased),
            "disability": _text(disability),
            "red_list": _FLAGS[red_list],
        }
    except (_Validate, ValueError, KeyError, TypeError):
        return _slow(Child, CHILD_COLUMNS, row)
    return built(Child, values)


# --- episodes -------------------------------------------------------------------------
EPISODE_COLUMNS = (
    "decom",
    "rne",
    "ls",
    "cin",
    "place",
    "place_provider",
    "dec",
    "rec",
    "reason_place_change",
    "home_post",
    "pl_post",
    "urn",
)


def episode(row: Sequence[Any]) -> Episode:
    """An Episode from its columns in EPISODE_COLUMNS order."""
    decom, rne, ls, cin, place, provider, dec, rec, reason, home_post, pl_post, urn = row
    try:
        values = {
            "decom": _required_day(decom),
            "rne": _RNE[rne],
            "ls": _LS[ls],
            "cin": _CIN[cin],
            "place": _PLACE[place],
            "place_provider": _code(_PROVIDER, provider),
            "dec": _day(dec),
            "rec": _code(_REC, rec),
            "reason_place_change": _code(_REASON_PLACE_CHANGE, reason),
            "home_post": _text(home_post),
            "pl_post": _text(pl_post),
            "urn": _text(urn),
        }
        ended = values["dec"]
        # Episode's own check (the model raises its words for these).
        if (ended is None) != (values["rec"] is None) or (
            ended is not None and ended < values["decom"]
        ):
            raise _Validate
    except (_Validate, ValueError, KeyError, TypeError):
        return _slow(Episode, EPISODE_COLUMNS, row)
    return built(Episode, values)


# --- reviews --------------------------------------------------------------------------
# As Store.load_cases selects them: review_number is the model's `number`.
REVIEW_COLUMNS = (
    "id",
    "status",
    "scheduled_date",
    "scheduled_time",
    "venue",
    "held_date",
    "participation_code",
    "number",
)
REVIEW_STATUSES = frozenset({"planned", "held", "adjourned", "cancelled"})


def review(row: Sequence[Any]) -> Review:
    """A Review from its columns in REVIEW_COLUMNS order."""
    review_id, status, scheduled, scheduled_time, venue, held, code, number = row
    try:
        if type(status) is not str or status not in REVIEW_STATUSES:
            raise _Validate
        if (number is not None and (type(number) is not int or number < 1)) or (
            review_id is not None and type(review_id) is not int
        ):
            raise _Validate
        scheduled_date, held_date = _day(scheduled), _day(held)
        # Review's own check (the model raises its words for these).
        if (status == "held" and held_date is None) or (
            status == "planned" and scheduled_date is None
        ):
            raise _Validate
        values = {
            "id": review_id,
            "status": status,
            "scheduled_date": scheduled_date,
            "scheduled_time": None if scheduled_time is None else _text(scheduled_time),
            "venue": None if venue is None else _text(venue),
            "held_date": held_date,
            "participation_code": None if code is None else _PARTICIPATION[code],
            "number": number,
        }
    except (_Validate, ValueError, KeyError, TypeError):
        return _slow(Review, REVIEW_COLUMNS, row)
    return built(Review, values)


def child_case(
    person: Child,
    episodes: tuple[Episode, ...],
    reviews: tuple[Review, ...],
    additional: tuple[tuple[date, date], ...],
) -> ChildCase:
    """A ChildCase of records built above; `episodes` already in date order (the
    model sorts them; the store reads them ORDER BY decom)."""
    return built(
        ChildCase,
        {
            "child": person,
            "episodes": episodes,
            "reviews": reviews,
            "additional_reviews": additional,
        },
    )


# --- what the diary and the caseload show beside the deadlines ------------------------
DECISION_COLUMNS = (
    "id",
    "child_ref",
    "text",
    "owner_name",
    "owner_role",
    "made_date",
    "due_date",
    "status",
    "completed_date",
)
DECISION_STATUSES = frozenset({"open", "done", "dropped"})


def decision(row: Sequence[Any]) -> Decision:
    """A Decision from its columns in DECISION_COLUMNS order."""
    decision_id, child_ref, text, owner, role, made, due, status, completed = row
    try:
        if type(status) is not str or status not in DECISION_STATUSES:
            raise _Validate
        values = {
            "id": _whole(decision_id),
            "child_ref": _text(child_ref),
            "text": _required_text(text),
            "owner_name": _required_text(owner),
            "owner_role": _required_text(role),
            "made_date": _required_day(made),
            "due_date": _required_day(due),
            "status": status,
            "completed_date": _day(completed),
        }
        if values["child_ref"] is None:
            raise _Validate
    except (_Validate, ValueError, KeyError, TypeError):
        return _slow(Decision, DECISION_COLUMNS, row)
    return built(Decision, values)


APPOINTMENT_COLUMNS = (
    "id",
    "kind",
    "title",
    "appt_date",
    "start_time",
    "end_time",
    "place",
    "notes",
    "child_ref",
)
APPOINTMENT_KINDS = frozenset({"visit", "meeting", "conference", "travel", "other"})


def appointment(row: Sequence[Any]) -> Appointment:
    """An Appointment from its columns in APPOINTMENT_COLUMNS order."""
    appointment_id, kind, title, day, start, end, place, notes, child_ref = row
    try:
        if type(kind) is not str or kind not in APPOINTMENT_KINDS:
            raise _Validate
        values = {
            "id": _whole(appointment_id),
            "kind": kind,
            "title": _required_text(title),
            "appt_date": _required_day(day),
            "start_time": _text(start),
            "end_time": _text(end),
            "place": _text(place),
            "child_ref": _text(child_ref),
            "notes": _text(notes),
        }
        # Appointment's own check: an end needs a start, and comes after it.
        if end and (not start or end <= start):
            raise _Validate
    except (_Validate, ValueError, KeyError, TypeError):
        return _slow(Appointment, APPOINTMENT_COLUMNS, row)
    return built(Appointment, values)


PLACEMENT_COLUMNS = ("provider_name", "carer_name", "address", "area", "out_of_area", "phone")


def placement(row: Sequence[Any]) -> PlacementDetails:
    """PlacementDetails from its columns in PLACEMENT_COLUMNS order."""
    provider_name, carer_name, address, area, out_of_area, phone = row
    try:
        values = {
            "provider_name": _text(provider_name),
            "carer_name": _text(carer_name),
            "address": _text(address),
            "area": _text(area),
            "out_of_area": _FLAGS[out_of_area],
            "phone": _text(phone),
        }
    except (_Validate, ValueError, KeyError, TypeError):
        return _slow(PlacementDetails, PLACEMENT_COLUMNS, row)
    return built(PlacementDetails, values)
