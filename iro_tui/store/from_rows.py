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

from collections.abc import Sequence
from datetime import date
from typing import Any

from iro_tui.domain.built import built
from iro_tui.domain.models import Child, ChildCase, Episode, Review
from iro_tui.domain.records import Appointment, Decision, PlacementDetails
from iro_tui.store.row_values import (
    CIN,
    FLAGS,
    LS,
    PARTICIPATION,
    PLACE,
    PROVIDER,
    REASON_PLACE_CHANGE,
    REC,
    RNE,
    SEX,
    NeedsValidation,
    as_code,
    as_day,
    as_flag,
    as_required_day,
    as_required_text,
    as_text,
    as_whole,
    validated,
)

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
    "joined_on",
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
        joined_on,
    ) = row
    try:
        ref = as_required_text(child_ref)
        if len(ref) > 10:
            raise NeedsValidation
        values = {
            "child_ref": ref,
            "dob": as_required_day(dob),
            "sex": SEX[sex],
            "ethnicity": as_text(ethnicity),
            "upn": as_text(upn),
            "mother": as_flag(mother),
            "mc_dob": as_day(mc_dob),
            "given_name": as_text(given_name),
            "family_name": as_text(family_name),
            "preferred_name": as_text(preferred_name),
            "first_language": as_text(first_language),
            "interpreter_needed": FLAGS[interpreter_needed],
            "communication_needs": as_text(communication_needs),
            "uasc": FLAGS[uasc],
            "uasc_ceased": as_day(uasc_ceased),
            "disability": as_text(disability),
            "red_list": FLAGS[red_list],
            "joined_on": as_day(joined_on),
        }
    except (NeedsValidation, ValueError, KeyError, TypeError):
        return validated(Child, CHILD_COLUMNS, row)
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
            "decom": as_required_day(decom),
            "rne": RNE[rne],
            "ls": LS[ls],
            "cin": CIN[cin],
            "place": PLACE[place],
            "place_provider": as_code(PROVIDER, provider),
            "dec": as_day(dec),
            "rec": as_code(REC, rec),
            "reason_place_change": as_code(REASON_PLACE_CHANGE, reason),
            "home_post": as_text(home_post),
            "pl_post": as_text(pl_post),
            "urn": as_text(urn),
        }
        ended = values["dec"]
        # Episode's own check (the model raises its words for these).
        if (ended is None) != (values["rec"] is None) or (
            ended is not None and ended < values["decom"]
        ):
            raise NeedsValidation
    except (NeedsValidation, ValueError, KeyError, TypeError):
        return validated(Episode, EPISODE_COLUMNS, row)
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
            raise NeedsValidation
        if (number is not None and (type(number) is not int or number < 1)) or (
            review_id is not None and type(review_id) is not int
        ):
            raise NeedsValidation
        scheduled_date, held_date = as_day(scheduled), as_day(held)
        # Review's own check (the model raises its words for these).
        if (status == "held" and held_date is None) or (
            status == "planned" and scheduled_date is None
        ):
            raise NeedsValidation
        values = {
            "id": review_id,
            "status": status,
            "scheduled_date": scheduled_date,
            "scheduled_time": None if scheduled_time is None else as_text(scheduled_time),
            "venue": None if venue is None else as_text(venue),
            "held_date": held_date,
            "participation_code": None if code is None else PARTICIPATION[code],
            "number": number,
        }
    except (NeedsValidation, ValueError, KeyError, TypeError):
        return validated(Review, REVIEW_COLUMNS, row)
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
            raise NeedsValidation
        values = {
            "id": as_whole(decision_id),
            "child_ref": as_text(child_ref),
            "text": as_required_text(text),
            "owner_name": as_required_text(owner),
            "owner_role": as_required_text(role),
            "made_date": as_required_day(made),
            "due_date": as_required_day(due),
            "status": status,
            "completed_date": as_day(completed),
        }
        if values["child_ref"] is None:
            raise NeedsValidation
    except (NeedsValidation, ValueError, KeyError, TypeError):
        return validated(Decision, DECISION_COLUMNS, row)
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
            raise NeedsValidation
        values = {
            "id": as_whole(appointment_id),
            "kind": kind,
            "title": as_required_text(title),
            "appt_date": as_required_day(day),
            "start_time": as_text(start),
            "end_time": as_text(end),
            "place": as_text(place),
            "child_ref": as_text(child_ref),
            "notes": as_text(notes),
        }
        # Appointment's own check: an end needs a start, and comes after it.
        if end and (not start or end <= start):
            raise NeedsValidation
    except (NeedsValidation, ValueError, KeyError, TypeError):
        return validated(Appointment, APPOINTMENT_COLUMNS, row)
    return built(Appointment, values)


PLACEMENT_COLUMNS = ("provider_name", "carer_name", "address", "area", "out_of_area", "phone")


def placement(row: Sequence[Any]) -> PlacementDetails:
    """PlacementDetails from its columns in PLACEMENT_COLUMNS order."""
    provider_name, carer_name, address, area, out_of_area, phone = row
    try:
        values = {
            "provider_name": as_text(provider_name),
            "carer_name": as_text(carer_name),
            "address": as_text(address),
            "area": as_text(area),
            "out_of_area": FLAGS[out_of_area],
            "phone": as_text(phone),
        }
    except (NeedsValidation, ValueError, KeyError, TypeError):
        return validated(PlacementDetails, PLACEMENT_COLUMNS, row)
    return built(PlacementDetails, values)
