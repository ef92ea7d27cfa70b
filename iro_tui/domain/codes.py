"""The national SSDA903 codes, as enums, with their meanings in plain words.

Source: DfE SSDA903 guidance for 2025/26, as summarised in shared/domain.md.
"""

from enum import StrEnum
from typing import TypeVar, overload

T = TypeVar("T")


class Sex(StrEnum):
    MALE = "M"
    FEMALE = "F"
    UNKNOWN = "U"


class ReasonNewEpisode(StrEnum):
    STARTED = "S"
    LEGAL_STATUS = "L"
    PLACEMENT_AND_CARER = "P"
    PLACEMENT_SAME_CARER = "T"
    LEGAL_AND_PLACEMENT_SAME_CARER = "U"
    LEGAL_PLACEMENT_AND_CARER = "B"


RNE_MEANING = {
    "S": "started to be looked after",
    "L": "legal status changed",
    "P": "placement and carer changed",
    "T": "placement changed, same carer",
    "U": "legal status and placement changed, same carer",
    "B": "legal status, placement and carer changed",
}


class LegalStatus(StrEnum):
    C1 = "C1"
    C2 = "C2"
    D1 = "D1"
    E1 = "E1"
    V2 = "V2"
    V3 = "V3"
    V4 = "V4"
    L1 = "L1"
    L2 = "L2"
    L3 = "L3"
    J1 = "J1"
    J2 = "J2"
    J3 = "J3"


LEGAL_STATUS_MEANING = {
    "C1": "interim care order",
    "C2": "full care order",
    "D1": "freeing order",
    "E1": "placement order",
    "V2": "s20 accommodation",
    "V3": "short breaks (single placement)",
    "V4": "short breaks (series of placements)",
    "L1": "police protection",
    "L2": "emergency protection order",
    "L3": "child assessment order",
    "J1": "remand",
    "J2": "PACE transfer",
    "J3": "youth rehabilitation order with residence",
}

SHORT_BREAK_STATUSES = frozenset({"V3", "V4"})
AUTHORISED_FOR_ADOPTION_STATUSES = frozenset({"D1", "E1"})


class CategoryOfNeed(StrEnum):
    N1 = "N1"
    N2 = "N2"
    N3 = "N3"
    N4 = "N4"
    N5 = "N5"
    N6 = "N6"
    N7 = "N7"
    N8 = "N8"


class Placement(StrEnum):
    A3 = "A3"
    A4 = "A4"
    A5 = "A5"
    A6 = "A6"
    K1 = "K1"
    K2 = "K2"
    K3 = "K3"
    P1 = "P1"
    P3 = "P3"
    R1 = "R1"
    R2 = "R2"
    R3 = "R3"
    R5 = "R5"
    S1 = "S1"
    T0 = "T0"
    T1 = "T1"
    T2 = "T2"
    T3 = "T3"
    T4 = "T4"
    U1 = "U1"
    U2 = "U2"
    U3 = "U3"
    U4 = "U4"
    U5 = "U5"
    U6 = "U6"
    Z11 = "Z11"
    Z12 = "Z12"
    Z13 = "Z13"
    Z14 = "Z14"


class RetiredPlacement(StrEnum):
    """Placement codes of earlier collection years, kept so history imports as it was
    recorded. The DfE validator's code list (rule 146) has them up to 2024-25 and
    drops them from 2025-26 (csc-validator-be-903, rules/lac2022_23/rule_146.py,
    lac2024_25/rule_146.py, lac2025_26/rule_146.py). A new episode typed in the app
    uses `Placement` only."""

    H5 = "H5"
    P2 = "P2"
    Z1 = "Z1"


PLACED_FOR_ADOPTION = frozenset({"A3", "A4", "A5", "A6"})


class _CodeMeanings(dict[str, str]):
    """The current codes (what a form offers when iterated), whose lookup also knows the
    retired ones, so a screen showing an old episode never fails on its code."""

    def __init__(self, current: dict[str, str], retired: dict[str, str]) -> None:
        super().__init__(current)
        self.retired = retired

    def __missing__(self, code: str) -> str:
        return self.retired.get(code, "code not in the 903 lists")

    # dict.get's own three signatures, so the override keeps its types.
    @overload
    def get(self, code: str, default: None = None, /) -> str | None: ...
    @overload
    def get(self, code: str, default: str, /) -> str: ...
    @overload
    def get(self, code: str, default: T, /) -> str | T: ...
    def get(self, code: str, default: object = None, /) -> object:
        return self[code] if code in self or code in self.retired else default


# The DfE's wording for the retired codes (SSDA903 guidance up to 2024-25).
RETIRED_PLACEMENT_MEANING = {
    "H5": "semi-independent living, not subject to Children's Homes Regulations "
    "(code used until 2024-25)",
    "P2": "independent living, e.g. a flat, lodgings, bedsit or B&B (code used until 2024-25)",
    "Z1": "other placement (code used until 2024-25)",
}

# Collection years (ending 31 March) in which a placement code is valid, for codes that
# have not always been there. K3 arrived in 2024-25 (the validator's 2024-25 list has it,
# as "k3"); Z11-Z14 replaced Z1 in 2025-26; H5, P2 and Z1 end with 2024-25 (rule 146).
PLACEMENT_YEARS: dict[str, tuple[int | None, int | None]] = {
    "H5": (None, 2025),
    "P2": (None, 2025),
    "Z1": (None, 2025),
    "K3": (2025, None),
    **{f"Z1{i}": (2026, None) for i in (1, 2, 3, 4)},
}


def placement_valid_in(code: str, year: int) -> bool:
    """Whether the DfE takes this PLACE code in the return for the year ending March `year`."""
    first, last = PLACEMENT_YEARS.get(code, (None, None))
    return (first is None or year >= first) and (last is None or year <= last)


PLACEMENT_MEANING = {
    # Each code of a family says how it differs from the others (SSDA903 guidance, PLACE):
    # the IRO picks one of them, and the return tells them apart. A3/A5 are with the
    # current foster carers, A4/A6 not (the DfE validator's rules 217 and 335); U1/U4 are
    # long-term fostering (its rule 384: never for a short break).
    "A3": "placed for adoption with consent, with the current foster carers",
    "A4": "placed for adoption with consent, not with the current foster carers",
    "A5": "placed for adoption with a placement order, with the current foster carers",
    "A6": "placed for adoption with a placement order, not with the current foster carers",
    "K1": "secure children's home",
    "K2": "children's home",
    "K3": "supported accommodation",
    "P1": "placed with parents",
    "P3": "residential employment",
    "R1": "residential care home",
    "R2": "NHS/health provision",
    "R3": "family centre / mother and baby",
    "R5": "young offender institution",
    "S1": "residential school",
    "T0": "temporary move, any kind",
    "T1": "temporary: in hospital",
    "T2": "temporary: child on holiday",
    "T3": "temporary: while the foster carer is on holiday",
    "T4": "temporary: 7 days or less, any other reason",
    "U1": "foster care with family or friends: long-term",
    "U2": "foster care with family or friends who are approved adopters (FFA)",
    "U3": "foster care with family or friends: not long-term or FFA",
    "U4": "foster care: long-term",
    "U5": "foster care with approved adopters (FFA or concurrent planning)",
    "U6": "foster care: not long-term or FFA",
    **{f"Z1{i}": "other placement" for i in (1, 2, 3, 4)},
}
PLACEMENT_MEANING = _CodeMeanings(PLACEMENT_MEANING, RETIRED_PLACEMENT_MEANING)


class PlacementProvider(StrEnum):
    PR0 = "PR0"
    PR1 = "PR1"
    PR2 = "PR2"
    PR3 = "PR3"
    PR4 = "PR4"
    PR5 = "PR5"


class ReasonEpisodeCeased(StrEnum):
    X1 = "X1"
    E11 = "E11"
    E12 = "E12"
    E13 = "E13"
    E14 = "E14"
    E15 = "E15"
    E16 = "E16"
    E17 = "E17"
    E2 = "E2"
    E3 = "E3"
    E4A = "E4A"
    E4B = "E4B"
    E41 = "E41"
    E45 = "E45"
    E46 = "E46"
    E47 = "E47"
    E48 = "E48"
    E5 = "E5"
    E6 = "E6"
    E7 = "E7"
    E8 = "E8"
    E9 = "E9"


# X1: the episode ends and a new one starts the same day; every other REC means
# the child left care (SSDA903 guidance, REC).
CONTINUES_IN_CARE = "X1"
REC_MEANING = {
    "E11": "adopted (application unopposed)",
    "E12": "adopted (consent dispensed with)",
    "E13": "left to live with someone without parental responsibility",
    "E14": "accommodation on remand ended",
    "E15": "age assessed as 18 or over",
    "E16": "moved abroad",
    "E17": "aged 18, stayed with carers (staying put)",
    "E2": "died",
    "E3": "care taken over by another authority",
    "E41": "child arrangements (residence) order",
    "E45": "special guardianship: former foster carers, relatives or friends",
    "E46": "special guardianship: former foster carers, not relatives or friends",
    "E47": "special guardianship: other carers, relatives or friends",
    "E48": "special guardianship: other carers, not relatives or friends",
    "E4A": "returned home as planned",
    "E4B": "returned home, not as planned",
    "E5": "independent living with formal support",
    "E6": "independent living without formal support",
    "E7": "residential care funded by adult social care",
    "E8": "care ended for another reason",
    "E9": "sentenced to custody",
}


# The reasons a placement changed, in words (SSDA903 guidance, REASON_PLACE_CHANGE): the
# move form listed the bare codes (CARPL, CREQB...).
RPC_MEANING = {
    "CARPL": "change to, or carrying out, the care plan",
    "CLOSE": "the provision resigned or closed",
    "ALLEG": "an allegation (s47)",
    "STAND": "concerns about standards of care",
    "APPRR": "the carer's approval removed",
    "CREQB": "the carer asked to end it: the child's behaviour",
    "CREQO": "the carer asked to end it: another reason",
    "CHILD": "the child asked to leave",
    "LAREQ": "the responsible authority asked to end it",
    "PLACE": "a change in the placement's status only",
    "CUSTOD": "custody arrangements",
    "OTHER": "other",
}


class ReasonPlaceChange(StrEnum):
    CARPL = "CARPL"
    CLOSE = "CLOSE"
    ALLEG = "ALLEG"
    STAND = "STAND"
    APPRR = "APPRR"
    CREQB = "CREQB"
    CREQO = "CREQO"
    CHILD = "CHILD"
    LAREQ = "LAREQ"
    PLACE = "PLACE"
    CUSTOD = "CUSTOD"
    OTHER = "OTHER"


# Placement moves that were not planned: the placement broke down or the provider
# ended it. They trigger the disruption review (domain.md rulebook table).
DISRUPTION_REASONS = frozenset({"CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO"})


class ParticipationCode(StrEnum):
    PN0 = "PN0"
    PN1 = "PN1"
    PN2 = "PN2"
    PN3 = "PN3"
    PN4 = "PN4"
    PN5 = "PN5"
    PN6 = "PN6"
    PN7 = "PN7"


PARTICIPATION_MEANING = {
    "PN0": "under 4 at the review",
    "PN1": "attended and spoke for themselves",
    "PN2": "attended, an advocate spoke for them",
    "PN3": "attended and conveyed views non-verbally",
    "PN4": "attended but did not contribute",
    "PN5": "absent, briefed an advocate",
    "PN6": "absent, conveyed views by text, writing, phone or app",
    "PN7": "absent, views not conveyed",
}


class MissingType(StrEnum):
    MISSING = "M"
    AWAY = "A"


ETHNICITY_MEANING = {
    "WBRI": "White British",
    "WIRI": "White Irish",
    "WIRT": "Traveller of Irish heritage",
    "WOTH": "Any other White background",
    "WROM": "Gypsy/Roma",
    "MWBC": "White and Black Caribbean",
    "MWBA": "White and Black African",
    "MWAS": "White and Asian",
    "MOTH": "Any other mixed background",
    "AIND": "Indian",
    "APKN": "Pakistani",
    "ABAN": "Bangladeshi",
    "AOTH": "Any other Asian background",
    "BCRB": "Black Caribbean",
    "BAFR": "Black African",
    "BOTH": "Any other Black background",
    "CHNE": "Chinese",
    "OOTH": "Any other ethnic group",
    "REFU": "Refused",
    "NOBT": "Information not yet obtained",
}
