"""One 903 cell's text to what it means: a date, a code, a flag (or a plain reason why not)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from enum import StrEnum

from iro_tui.domain.codes import (
    ETHNICITY_MEANING,
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
)
from iro_tui.domain.episodes import child_id_problem
from iro_tui.domain.fields import (
    OFSTED_URN,
    OFSTED_URN_SHAPE,
    UPN,
    UPN_SHAPE,
    FieldProblem,
    uk_postcode,
)

# The DfE's form, dd/mm/YYYY; the demo shifts dates it finds in this form.
DATE_PATTERN = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
# What case-management systems write instead: d/m/YYYY (a file saved from Excel) and
# ISO YYYY-MM-DD (a database export), either perhaps with a midnight time.
_MIDNIGHT = r"(?:[ T]00:00(?::00(?:\.0+)?)?)?"
_DMY = re.compile(rf"^(\d{{1,2}})/(\d{{1,2}})/(\d{{4}}){_MIDNIGHT}$")
_ISO = re.compile(rf"^(\d{{4}})-(\d{{2}})-(\d{{2}}){_MIDNIGHT}$")
# The DfE codes SEX as 1 (male) / 2 (female) before 2024-25, M/F/U from then on.
SEX_CODES = {"M": "M", "F": "F", "U": "U", "1": "M", "2": "F"}
# A cell a spreadsheet would run as a formula (CSV injection). No 903 field starts with
# one of these: ids, codes, dates, postcodes and URNs are letters and digits.
FORMULA_STARTS = ("=", "+", "-", "@")


def parse_date(text: str) -> date:
    match = _DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise ValueError(f"'{text}' is not a date in the form dd/mm/YYYY (or YYYY-MM-DD)")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"'{text}' is not a real date") from None


def _code(enum: type[StrEnum], what: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        try:
            return enum(text.upper()).value
        except ValueError:
            raise ValueError(f"'{text}' is not a known {what} code") from None

    return parse


def _placement(text: str) -> str:
    # Codes of earlier collection years are history, not mistakes (see RetiredPlacement).
    code = text.upper()
    if code in RetiredPlacement.__members__:
        return code
    return _code(Placement, "placement type (PLACE)")(text)


def _sex(text: str) -> str:
    if text.upper() not in SEX_CODES:
        raise ValueError(f"'{text}' is not a known sex code (M, F, U, or 1/2)")
    return SEX_CODES[text.upper()]


def _ethnicity(text: str) -> str:
    if text.upper() not in ETHNICITY_MEANING:
        raise ValueError(f"'{text}' is not a known ethnicity code")
    return text.upper()


def _mother(text: str) -> bool:
    if text not in ("0", "1"):
        raise ValueError(f"'{text}' should be 1 (the child is a mother) or 0")
    return text == "1"


def _shaped(pattern: str, what: str, upper: bool = True) -> Callable[[str], str]:
    """A cell of a set shape (an id, a postcode), refused in words when not in it: a
    postcode "not a postcode!!" and a URN "hello world" were imported as written."""
    shape = re.compile(pattern)

    def parse(text: str) -> str:
        value = text.upper() if upper else text
        if not shape.fullmatch(value):
            raise ValueError(f"'{text}' is not {what}")
        return value

    return parse


CHILD_ID_LENGTH = 10  # the 903's CHILD


def _child_id(text: str) -> str:
    """CHILD: the council's own id for the child, as the intake takes it."""
    try:
        child_id_problem(text)
    except FieldProblem as problem:
        raise ValueError(f"'{text}': {problem.message}") from None
    if len(text) > CHILD_ID_LENGTH:
        raise ValueError(f"'{text}' is {len(text)} characters: the 903 child ID is 10 at most")
    return text


_upn = _shaped(UPN.pattern, f"a UPN: {UPN_SHAPE}")

# A postcode's first half (its district), which some exports give alone.
_POSTCODE_DISTRICT = re.compile(r"[A-Z]{1,2}\d[A-Z\d]?")


def _postcode(text: str) -> str:
    """A UK postcode written as the app's forms write it (domain/fields.uk_postcode), or
    its first half alone."""
    if _POSTCODE_DISTRICT.fullmatch(text.upper()):
        return text.upper()
    try:
        return uk_postcode("", text) or text
    except FieldProblem:
        raise ValueError(
            f"'{text}' is not a postcode (e.g. EC2V 7HH, or its first half EC2V)"
        ) from None


_urn = _shaped(OFSTED_URN.pattern, OFSTED_URN_SHAPE)


# column -> (model field, parser, required)
FIELDS: dict[str, tuple[str, Callable[[str], object], bool]] = {
    "CHILD": ("child_ref", _child_id, True),
    "SEX": ("sex", _sex, True),
    "DOB": ("dob", parse_date, True),
    "ETHNIC": ("ethnicity", _ethnicity, False),
    "UPN": ("upn", _upn, False),
    "MOTHER": ("mother", _mother, False),
    "MC_DOB": ("mc_dob", parse_date, False),
    "DECOM": ("decom", parse_date, True),
    "RNE": ("rne", _code(ReasonNewEpisode, "reason for new episode (RNE)"), True),
    "LS": ("ls", _code(LegalStatus, "legal status (LS)"), True),
    "CIN": ("cin", _code(CategoryOfNeed, "category of need (CIN)"), True),
    "PLACE": ("place", _placement, True),
    "PLACE_PROVIDER": ("place_provider", _code(PlacementProvider, "placement provider"), False),
    "DEC": ("dec", parse_date, False),
    "REC": ("rec", _code(ReasonEpisodeCeased, "reason episode ceased (REC)"), False),
    "REASON_PLACE_CHANGE": (
        "reason_place_change",
        _code(ReasonPlaceChange, "reason for placement change"),
        False,
    ),
    "HOME_POST": ("home_post", _postcode, False),
    "PL_POST": ("pl_post", _postcode, False),
    "URN": ("urn", _urn, False),
    "REVIEW": ("held_date", parse_date, True),
    "REVIEW_CODE": ("participation_code", _code(ParticipationCode, "participation (PN)"), True),
    "DUC": ("uasc_ceased", parse_date, False),
    "MISSING": ("missing", _code(MissingType, "missing (M or A)"), True),
    "MIS_START": ("start", parse_date, True),
    "MIS_END": ("end", parse_date, False),
}
# The field a model-level error belongs to, so it can be named as a column.
MODEL_ERROR_COLUMN = {"Episodes": "DEC", "Missing": "MIS_END"}
