"""The child's forms (screens/forms.py): a child comes into care, their profile, the
people around them."""

from __future__ import annotations

from datetime import date

from iro_tui.domain import episodes
from iro_tui.domain.calendar import age_on
from iro_tui.domain.episodes import child_id_problem
from iro_tui.domain.fields import (
    FieldProblem,
    email_address,
    not_after_today,
    phone_number,
    upn,
)
from iro_tui.domain.records import PERSON_ROLES, Person
from iro_tui.domain.rulebook import Rulebook
from iro_tui.screens.form_options import (
    CIN_OPTIONS,
    ETHNICITY_OPTIONS,
    HOME_POST_HINT,
    LS_OPTIONS,
    PERSON_NAME_LENGTH,
    PLACE_OPTIONS,
    PROVIDER_OPTIONS,
    REVIEW_NUMBER_OPTIONS,
    SEX_OPTIONS,
    URN_HINT,
    home_postcode,
    not_in_the_future,
    placement_postcode,
    placement_urn,
    upn_check,
)
from iro_tui.store import Store, changes, records
from iro_tui.widgets.form import YES_NO, FormField, FormModal

# Each part of a name at most (a 156-character name took three lines of every heading at
# 80x24); longer than any child's name in the seeds' authorities by far.
NAME_LENGTH = 40


# "Which review was it", when the IRO taking a child over cannot tell.
NOT_KNOWN = "Not known"


def _which_review_hint(rulebook: Rulebook) -> str:
    """What the number sets, in the rulebook's own terms: the hint said England's "3
    months after a 1st" under Jersey's rulebook, whose 2nd review counts from care."""
    rules = rulebook.reviews
    second = (
        f"{rules.second.describe()} after a 1st"
        if rules.second_counts_from == "first_review"
        else f"{rules.second.describe()} after becoming looked after"
    )
    return (
        f"The 1st, 2nd... of this period of care; it sets the next deadline (the 2nd "
        f"{second}, later ones {rules.later.describe()} after the last; not known: as the "
        "2nd while it may have been the 1st). Short breaks (V3/V4): "
        f"{rules.short_breaks_later.describe()} after any review held."
    )


# A date of birth for her child before she was this old is taken for a slip of the keys
# (the day after her own birth was accepted).
YOUNGEST_MOTHER = 10


def _mother_makes_sense(values: dict, dob: date, today: date) -> None:
    """A mother's child's date of birth is given (DfE rule 611), and only for a mother."""
    mother, born = values["mother"], values.get("mc_dob")
    if born is not None:
        not_after_today("mc_dob", born, today, what="her child's date of birth")
    if mother and born is None:
        raise FieldProblem("mc_dob", "give her child's date of birth (the 903 asks it of a mother)")
    if born is not None and not mother:
        raise FieldProblem("mc_dob", "only a mother's child has a date of birth here: clear it")
    if born is not None and born <= dob:
        raise FieldProblem("mc_dob", "her child cannot be born before her")
    if born is not None and age_on(dob, born) < YOUNGEST_MOTHER:
        raise FieldProblem(
            "mc_dob", f"she was {age_on(dob, born)} on that date: check her child's date of birth"
        )


def free_child_id(store: Store, text: str) -> None:
    """A child ID of the 903's shape that no child in the store has (FieldProblem)."""
    child_id_problem(text)
    changes.child_id_free(store, text.strip())


def child_id_form(store: Store, child_ref: str) -> FormModal[str]:
    """The child's 903 ID, put right (changes.change_child_ref)."""

    def save(values: dict) -> str:
        new = values["child_ref"].strip()
        changes.change_child_ref(store, child_ref, new)
        return new

    return FormModal(
        f"The 903 child ID of {records.load_child(store, child_ref).case.child.display_name}",
        [
            FormField(
                "child_ref",
                "Child ID (903 CHILD)",
                required=True,
                max_length=10,
                check=lambda text: (
                    None if text.strip() == child_ref else free_child_id(store, text)
                ),
            )
        ],
        save,
        {"child_ref": child_ref},
        intro="The council's ID for the child, as its 903 return gives it. A return imported "
        "later finds the child by it: an ID typed wrong would make a second child.",
    )


def intake_form(store: Store, today: date) -> FormModal[str]:
    fields = [
        FormField(
            "child_ref",
            "Child ID (903 CHILD)",
            required=True,
            hint="The council's ID for the child; a free one is suggested.",
            max_length=10,  # the 903's CHILD
            # Said with the form's own problems, not after them: an ID in use was said
            # only once every required box was filled.
            check=lambda text: free_child_id(store, text),
        ),
        FormField("given_name", "Given name", required=True, max_length=NAME_LENGTH),
        FormField("family_name", "Family name", required=True, max_length=NAME_LENGTH),
        FormField(
            "dob",
            "Date of birth",
            "date",
            required=True,
            check=not_in_the_future("dob", today, "the date of birth"),
        ),
        FormField("sex", "Sex", "select", SEX_OPTIONS, required=True),
        FormField("uasc", "Unaccompanied asylum-seeking child", "check"),
        FormField("first_language", "First language"),
        FormField("interpreter_needed", "Needs an interpreter", "check"),
        FormField(
            "decom",
            "In care since",
            "date",
            required=True,
            hint="The day this period of care began: for a child already in care, "
            "that first day, not today.",
        ),
        FormField(
            "last_review",
            "Last review held on",
            "date",
            hint="For a child already in care: the latest review held before you took over "
            "(on short breaks, it may be in an earlier break of the series).",
            check=not_in_the_future("last_review", today, "that date"),
        ),
        FormField(
            "last_review_number",
            "Which review was it",
            "select",
            [*REVIEW_NUMBER_OPTIONS, (NOT_KNOWN, NOT_KNOWN)],
            hint=_which_review_hint(store.rulebook()),
        ),
        FormField("no_review_yet", "No review held yet in this period of care", "check"),
        FormField("ls", "Legal status now", "select", LS_OPTIONS, required=True),
        FormField("cin", "Category of need", "select", CIN_OPTIONS, required=True),
        FormField("place", "Placement type now", "select", PLACE_OPTIONS, required=True),
        FormField(
            "placed_on",
            "Placed with the adopters on",
            "date",
            hint="A placement for adoption (A3-A6) only: the day it began (the day care "
            "began, if so). Its reviews count from it: 4 weeks, then 3 months.",
        ),
        FormField(
            "placed_before",
            "Placement before the adopters'",
            "select",
            PLACE_OPTIONS,
            hint="Only when the child was placed with the adopters after care began.",
        ),
        FormField(
            "authorised_on",
            "Placement or freeing order made on",
            "date",
            hint="Authorised for adoption (E1 or D1), not yet placed, only: the day of the "
            "order (the day care began, if so). Its reviews count from it: within 3 months.",
        ),
        FormField(
            "ls_before",
            "Legal status before the order",
            "select",
            LS_OPTIONS,
            hint="Only when the order was made after care began.",
        ),
        FormField("place_provider", "Placement provider", "select", PROVIDER_OPTIONS),
        FormField("carer_name", "Carer", max_length=PERSON_NAME_LENGTH),
        FormField("area", "Placement area (local authority)"),
        FormField("out_of_area", "Placed out of area", "check"),
        FormField(
            "pl_post", "Placement postcode", placeholder="like EN1 3XA", check=placement_postcode
        ),
        FormField("urn", "Placement's Ofsted URN", hint=URN_HINT, check=placement_urn),
        FormField("home_post", "Home postcode", hint=HOME_POST_HINT, check=home_postcode),
    ]

    def save(values: dict) -> str:
        number = values.pop("last_review_number")
        values["last_review_number_not_known"] = number == NOT_KNOWN
        values["last_review_number"] = int(number) if number and number != NOT_KNOWN else None
        child = episodes.intake(values, today, store.rulebook())
        changes.add_child(store, child)
        return child.child_ref

    return FormModal(
        "A child comes into care, or joins your caseload",
        fields,
        save,
        {"child_ref": records.suggest_child_ref(store)},
        intro="Creates the child and their period of care (903 RNE S). For a child "
        "already in care, give the day care began and their last review, so the next "
        "deadline counts from it.",
    )


def profile_form(store: Store, child_ref: str, today: date) -> FormModal[str]:
    child = records.load_child(store, child_ref).case.child
    fields = [
        FormField("given_name", "Given name", required=True, max_length=NAME_LENGTH),
        FormField("family_name", "Family name", required=True, max_length=NAME_LENGTH),
        FormField("preferred_name", "Preferred name", max_length=NAME_LENGTH),
        FormField("first_language", "First language"),
        FormField("interpreter_needed", "Needs an interpreter", "check"),
        FormField("communication_needs", "Communication needs", "area"),
        FormField("uasc", "Unaccompanied asylum-seeking child", "check"),
        FormField("disability", "Disability"),
        FormField("red_list", "Red list (reviewed at least every 3 months)", "check"),
        # What the 903 return needs that only an import could give (the export refused
        # a child typed in here, and said to give the UPN, with nowhere to give it).
        FormField("ethnicity", "Ethnicity (903)", "select", ETHNICITY_OPTIONS),
        FormField(
            "upn",
            "Unique pupil number (903 UPN)",
            hint="UN1 under school age, UN2 never at school in England, UN3 educated "
            "outside England, UN4 lost, UN5 not yet issued",
            check=upn_check,
        ),
    ]
    if child.sex.value == "F":  # the 903 asks it of a girl (DfE rule 393)
        fields.append(
            FormField(
                "mother",
                "She is a mother (903 MOTHER)",
                "select",
                YES_NO,
                hint="Asked of a girl in care (DfE rule 393)",
            )
        )
        fields.append(FormField("mc_dob", "Her child's date of birth (903 MC_DOB)", "date"))

    def save(values: dict) -> str:
        values["upn"] = upn("upn", values.get("upn"))
        if "mother" in values:
            values["mother"] = {"yes": True, "no": False}.get(values["mother"] or "")
            _mother_makes_sense(values, child.dob, today)
        changes.update_profile(store, child_ref, values)
        return child_ref

    save = store.saving_unchanged("children", store.child_id(child_ref), "this profile", save)
    initial = child.model_dump()
    initial["mother"] = None if child.mother is None else "yes" if child.mother else "no"
    return FormModal(f"Profile of {child.display_name}", fields, save, initial)


def person_form(store: Store, child_ref: str, person: Person | None = None) -> FormModal[int]:
    fields = [
        FormField(
            "role", "Role", "select", list((v, k) for k, v in PERSON_ROLES.items()), required=True
        ),
        FormField("name", "Name", required=True, max_length=PERSON_NAME_LENGTH),
        FormField("relationship", "Relationship to the child"),
        FormField("organisation", "Organisation"),
        FormField("phone", "Phone", check=lambda text: phone_number("phone", text)),
        FormField("email", "Email", check=lambda text: email_address("email", text)),
        FormField("address", "Address"),
        FormField("active", "Still involved", "check"),
    ]

    def save(values: dict) -> int:
        return changes.save_person(
            store, child_ref, Person(id=person.id if person else None, **values)
        )

    if person is not None:
        save = store.saving_unchanged("people", person.id, "this person", save)

    initial = person.model_dump() if person else {"active": True}
    return FormModal(
        "Edit person" if person else "Add a person around the child", fields, save, initial
    )
