"""The choices the forms offer (screens/forms.py), shared by its form modules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from iro_tui.domain.codes import (
    ETHNICITY_MEANING,
    LEGAL_STATUS_MEANING,
    PARTICIPATION_MEANING,
    PLACEMENT_MEANING,
    REC_MEANING,
    RPC_MEANING,
    CategoryOfNeed,
    PlacementProvider,
    ReasonEpisodeCeased,
    ReasonPlaceChange,
)
from iro_tui.domain.fields import (
    not_after_today,
    ofsted_urn,
    ordinal,
    parse_ui_date,
    uk_postcode,
    upn,
)
from iro_tui.store import Store

# A person's name or role, and a decision's words, at most: a 5,000-character paste was
# saved as an advocate's name and filled the checklist's summary line, and as a decision.
PERSON_NAME_LENGTH = 80
ROLE_LENGTH = 60
DECISION_LENGTH = 600

SEX_OPTIONS = [("Male", "M"), ("Female", "F"), ("Not known", "U")]
LS_OPTIONS = [(f"{code}: {meaning}", code) for code, meaning in LEGAL_STATUS_MEANING.items()]
PLACE_OPTIONS = [(f"{code}: {meaning}", code) for code, meaning in PLACEMENT_MEANING.items()]
CIN_MEANING = {
    "N1": "abuse or neglect",
    "N2": "child's disability",
    "N3": "parental illness or disability",
    "N4": "family in acute stress",
    "N5": "family dysfunction",
    "N6": "socially unacceptable behaviour",
    "N7": "low income",
    "N8": "absent parenting",
}
CIN_OPTIONS = [(f"{c.value}: {CIN_MEANING[c.value]}", c.value) for c in CategoryOfNeed]
PROVIDER_MEANING = {
    "PR0": "parent",
    "PR1": "own authority",
    "PR2": "another authority",
    "PR3": "other public",
    "PR4": "private",
    "PR5": "voluntary",
}
PROVIDER_OPTIONS = [(f"{p.value}: {PROVIDER_MEANING[p.value]}", p.value) for p in PlacementProvider]
# Each reason in words as well as its code: the codes alone (E11...E4B) said nothing.
REC_OPTIONS = [
    (
        f"{code.value}: {REC_MEANING[code.value]}" if code.value in REC_MEANING else code.value,
        code.value,
    )
    for code in ReasonEpisodeCeased
    if code.value != "X1"
]
REVIEW_NUMBER_OPTIONS = [(f"{ordinal(n)} review", str(n)) for n in range(1, 21)]
MOVE_OPTIONS = [(f"{r.value}: {RPC_MEANING[r.value]}", r.value) for r in ReasonPlaceChange]


def child_options(store: Store) -> list[tuple[str, str]]:
    return sorted(
        (f"{c.child.display_name} ({c.child.child_ref})", c.child.child_ref)
        for c in store.load_cases()
    )


PARTICIPATION_OPTIONS = [
    (f"{code}: {meaning}", code) for code, meaning in PARTICIPATION_MEANING.items()
]
ETHNICITY_OPTIONS = [(f"{code}: {meaning}", code) for code, meaning in ETHNICITY_MEANING.items()]


def home_postcode(text: str) -> object:
    """The home postcode's check (903 HOME_POST: where the child lived before care; the
    DfE measures the placement's distance from it, rules 392a and 392b)."""
    return uk_postcode("home_post", text)


def placement_urn(text: str) -> object:
    """The placement's Ofsted URN check (903 URN): domain/fields.ofsted_urn."""
    return ofsted_urn("urn", text)


def upn_check(text: str) -> object:
    """The child's UPN check (903 UPN, DfE rule 168): domain/fields.upn."""
    return upn("upn", text)


# The 903 fields an app-entered child needs for the return (the export refused such a
# child, and no form could give them): the intake, a return to care, and a move.
URN_HINT = "XXXXXXX when the placement has none of its own (as with foster carers)"
HOME_POST_HINT = "Where the child lived before care (the DfE measures the distance from it)"


def placement_postcode(text: str) -> object:
    """A placement postcode's check, said with the form's own problems on the first save
    (it came only once every other box was filled): domain/fields.uk_postcode."""
    return uk_postcode("pl_post", text)


def not_in_the_future(key: str, today: date, what: str) -> Callable[[str], object]:
    """A date box's check that the day has happened, said with the form's own problems
    on the first save: a date of birth next year was said only a save later, once every
    required box was filled (the record's own check, domain/fields.not_after_today)."""

    def check(text: str) -> object:
        not_after_today(key, parse_ui_date(text, key), today, what=what)
        return None

    return check
