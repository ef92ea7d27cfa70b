"""One column's value, as the store wrote it, for store/from_rows.py: each converter
returns the value a model would hold, or raises NeedsValidation for anything it does
not expect (the row then goes through the model's own validation). Records are built
from them by domain/built.py."""

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

M = TypeVar("M", bound=BaseModel)


class NeedsValidation(Exception):
    """This row needs the model's own validation."""


# --- one column's value ---------------------------------------------------------------
def as_text(value: Any) -> str | None:
    # Records strip surrounding whitespace; a value that has some goes the long way.
    if value is None:
        return None
    if type(value) is not str or value.strip() != value:
        raise NeedsValidation
    return value


def as_required_text(value: Any) -> str:
    if value is None or value == "":
        raise NeedsValidation
    text = as_text(value)
    assert text is not None
    return text


# Each day read once per process: ten years of a whole authority name a few thousand
# days tens of thousands of times (dates are immutable, so records may share them).
_DAYS: dict[Any, date | None] = {None: None}


def as_day(value: Any) -> date | None:
    try:
        return _DAYS[value]
    except KeyError:
        pass
    except TypeError:  # unhashable: not a day as the store writes one
        raise NeedsValidation from None
    if type(value) is not str or len(value) != 10 or value[4] != "-" or value[7] != "-":
        raise NeedsValidation
    day = date.fromisoformat(value)
    if len(_DAYS) < 100_000:
        _DAYS[value] = day
    return day


def as_required_day(value: Any) -> date:
    day = as_day(value)
    if day is None:
        raise NeedsValidation
    return day


FLAGS = {0: False, 1: True}


def as_flag(value: Any) -> bool | None:
    return None if value is None else FLAGS[value]


def as_whole(value: Any) -> int | None:
    if value is not None and type(value) is not int:
        raise NeedsValidation
    return value


def code_map(*enums: type[StrEnum]) -> dict[str, Any]:
    # The first enum wins a value two share (none do), as pydantic's union tries them.
    found: dict[str, Any] = {}
    for enum in reversed(enums):
        found.update({member.value: member for member in enum})
    return found


SEX = code_map(Sex)
RNE = code_map(ReasonNewEpisode)
LS = code_map(LegalStatus)
CIN = code_map(CategoryOfNeed)
PLACE = code_map(Placement, RetiredPlacement)
PROVIDER = code_map(PlacementProvider)
REC = code_map(ReasonEpisodeCeased)
REASON_PLACE_CHANGE = code_map(ReasonPlaceChange)
PARTICIPATION = code_map(ParticipationCode)


def as_code(codes: Mapping[str, Any], value: Any) -> Any:
    return None if value is None else codes[value]


def validated(model: type[M], columns: Sequence[str], row: Sequence[Any]) -> M:
    return model.model_validate(dict(zip(columns, row, strict=True)))
