"""The placement and legal status forms (screens/forms.py): a change of episode,
leaving care, the details of the current placement."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from iro_tui.domain.codes import (
    PLACED_FOR_ADOPTION,
    PLACEMENT_MEANING,
    SHORT_BREAK_STATUSES,
    PlacementProvider,
)
from iro_tui.domain.episodes import BackIntoCare, EpisodeChange, LeavingCare
from iro_tui.domain.fields import ofsted_urn, phone_number, uk_postcode
from iro_tui.domain.records import PlacementDetails
from iro_tui.errors import BadInput
from iro_tui.screens.form_options import (
    CIN_OPTIONS,
    HOME_POST_HINT,
    LS_OPTIONS,
    MOVE_OPTIONS,
    PERSON_NAME_LENGTH,
    PLACE_OPTIONS,
    PROVIDER_OPTIONS,
    REC_OPTIONS,
    URN_HINT,
    home_postcode,
    placement_postcode,
    placement_urn,
)
from iro_tui.store import Store, changes, records
from iro_tui.widgets.form import FormField, FormModal


def _move_hint(place: str) -> str:
    """What a move from `place` sets going (domain.md's rulebook table). The hint named
    six reasons as "a disruption" whatever the placement; a foster move with one of them
    rightly adds no review, and an adoptive one ends in a disruption for any reason."""
    if place in PLACED_FOR_ADOPTION:
        return (
            f"{place} is an adoptive placement: ending it, for any reason, is a disruption, "
            "with a review no sooner than 4 weeks and no later than 6 weeks after."
        )
    return (
        "A move from this placement adds no review of itself: it is a significant change, "
        "and the IRO decides whether to convene one. A move to an adoptive placement "
        "(A3-A6) starts its own reviews: the 1st within 4 weeks."
    )


def _details_typed(values: dict) -> PlacementDetails:
    """The placement's details (not the 903's) taken out of a form's values."""
    return PlacementDetails(
        carer_name=values.pop("carer_name"),
        area=values.pop("area"),
        out_of_area=values.pop("out_of_area"),
    )


def episode_change_form(
    store: Store, child_ref: str, today: date, prefill: dict | None = None
) -> FormModal[str]:
    current = records.current_episode(store, child_ref)
    place_options = PLACE_OPTIONS
    if current.place.value not in PLACEMENT_MEANING:
        # A code of an earlier year (imported history) is shown as it is, so the form
        # opens; saving asks for a current code (domain/episodes.py takes only those).
        code = current.place.value
        place_options = [(f"{code}: {PLACEMENT_MEANING[code]}", code), *PLACE_OPTIONS]
    fields = [
        FormField("change_date", "Date of the change", "date", required=True),
        FormField("ls", "Legal status", "select", LS_OPTIONS, required=True),
        FormField("place", "Placement type", "select", place_options, required=True),
        FormField("place_provider", "Placement provider", "select", PROVIDER_OPTIONS),
        FormField("carer_changed", "The carer changes too", "check"),
        FormField(
            "reason_place_change",
            "Reason for a placement change",
            "select",
            MOVE_OPTIONS,
            hint=_move_hint(current.place.value),
        ),
        FormField(
            "pl_post",
            "New placement postcode",
            placeholder="like EN1 3XA",
            check=placement_postcode,
        ),
        FormField("urn", "New placement's Ofsted URN", hint=URN_HINT, check=placement_urn),
        FormField("carer_name", "Carer", max_length=PERSON_NAME_LENGTH),
        FormField("area", "Placement area"),
        FormField("out_of_area", "Placed out of area", "check"),
    ]

    def save(values: dict) -> str:
        details = _details_typed(values)
        change = EpisodeChange(current=current, today=today, **values)
        placement_details = details if change.placement_changed else None
        changes.change_episode(store, child_ref, change, placement_details)
        return child_ref

    return FormModal(
        "Change of placement or legal status",
        fields,
        save,
        {
            "change_date": today,
            "ls": current.ls.value,
            "place": current.place.value,
            "place_provider": current.place_provider.value if current.place_provider else None,
            **(prefill or {}),
        },
        intro="Closes the current episode (X1) and opens a new one. This does "
        "not restart the review cycle.",
    )


def leave_care_form(
    store: Store, child_ref: str, today: date, warn: Callable[[str], object] | None = None
) -> FormModal[str]:
    """`warn(text)`: says, after saving, what leaving care under 18 asks for (3.77)."""
    from iro_tui.domain.episodes import notes_on_leaving

    current = records.current_episode(store, child_ref)
    if current.dec is not None:
        raise BadInput("this child is not in care")
    fields = [
        FormField("leave_date", "Left care on", "date", required=True),
        FormField("rec", "Reason (903 REC)", "select", REC_OPTIONS, required=True),
    ]

    def save(values: dict) -> str:
        leaving = LeavingCare(current=current, today=today, **values)
        case = records.load_child(store, child_ref).case
        changes.leave_care(store, child_ref, leaving)
        if warn is not None:
            for note in notes_on_leaving(case, leaving):
                warn(note)
        return child_ref

    case = records.load_child(store, child_ref).case
    if current.ls.value in SHORT_BREAK_STATUSES:
        # A break ending is not the end of the arrangement: its deadline stays (domain.md).
        intro = (
            "The end of a short break: the series' review deadline stays in the diary "
            "between breaks, and n on the child's screen records the next break."
        )
    else:
        intro = "Their review deadlines leave the diary. Any reason but X1 ends the period of care."
    if today < case.child.eighteenth_birthday and current.ls.value not in SHORT_BREAK_STATUSES:
        # Said before saving too: afterwards is too late to hold the review first.
        intro += " Under 18: a review is held before a child leaves care (handbook 3.77)."
    return FormModal("The child leaves care", fields, save, {"leave_date": today}, intro=intro)


def back_into_care_form(store: Store, child_ref: str, today: date) -> FormModal[str]:
    """A child who left care is looked after again (BackIntoCare): a new period of care,
    or the next of a series of short breaks."""
    record = records.load_child(store, child_ref)
    case = record.case
    last = case.episodes[-1] if case.episodes else None
    if case.looked_after_on(today) or (last is not None and last.dec is None):
        raise BadInput(
            f"{case.child.display_name} is in care: m records a move or new legal status"
        )
    if today >= case.child.eighteenth_birthday:
        raise BadInput(
            f"{case.child.display_name} is 18 or over: only a child under 18 is looked after"
        )
    fields = [
        FormField("decom", "Came into care on", "date", required=True),
        FormField("ls", "Legal status", "select", LS_OPTIONS, required=True),
        FormField("cin", "Category of need", "select", CIN_OPTIONS, required=True),
        FormField("place", "Placement type", "select", PLACE_OPTIONS, required=True),
        FormField("place_provider", "Placement provider", "select", PROVIDER_OPTIONS),
        FormField(
            "pl_post", "Placement postcode", placeholder="like EN1 3XA", check=placement_postcode
        ),
        FormField("urn", "Placement's Ofsted URN", hint=URN_HINT, check=placement_urn),
        FormField("home_post", "Home postcode", hint=HOME_POST_HINT, check=home_postcode),
        FormField("carer_name", "Carer", max_length=PERSON_NAME_LENGTH),
        FormField("area", "Placement area"),
        FormField("out_of_area", "Placed out of area", "check"),
    ]

    def save(values: dict) -> str:
        details = _details_typed(values)
        back = BackIntoCare(last=last, dob=case.child.dob, today=today, **values)
        changes.back_into_care(store, child_ref, back, details)
        return child_ref

    on_breaks = last is not None and last.ls.value in SHORT_BREAK_STATUSES
    before = (
        f"Left care on {last.dec:%d/%m/%Y}. "
        if last is not None and last.dec is not None
        else "Not in care in the store yet (a 903 Header row with no episode). "
    )
    if last is not None and last.rec is not None and last.rec.value == "E15":
        # The DfE refuses an episode after one ended so (rule 437): said before saving.
        before += (
            "That period ended with an age assessment finding them 18 or over (E15): "
            "record a return only if that finding has been overturned. "
        )
    intro = before + (
        "The next short break (V3 or V4) goes on with the series: its review deadlines "
        "carry on. Any other legal status starts a new period of care, and its reviews "
        "begin again at the 1st."
        if on_breaks
        else "A new period of care: its reviews begin again at the 1st."
    )
    initial: dict[str, object] = {"decom": today}
    if last is not None:
        initial["home_post"] = last.home_post  # the child's home: as it was
    if last is not None and on_breaks:
        # The next short break goes on as the last: its codes are offered. A return to
        # care after leaving it is a new decision, chosen as at the intake (a preselected
        # code is saved by an IRO who never looked at it: widgets/form.field_widget).
        place = last.place.value if last.place.value in PLACEMENT_MEANING else None
        initial |= {
            "ls": last.ls.value,
            "cin": last.cin.value,
            "place": place,
            "place_provider": last.place_provider.value if last.place_provider else None,
        }
    return FormModal("Back into care", fields, save, initial, intro=intro)


def episode_details_form(store: Store, child_ref: str, decom: date) -> FormModal[str]:
    """An episode's placement details the 903 return needs, for any episode: the
    provider, the placement's postcode and Ofsted URN, and the home postcode. Its dates,
    codes and reasons stay as recorded (a move, leaving or coming back says those)."""
    case = records.load_child(store, child_ref).case
    episode = next((e for e in case.episodes if e.decom == decom), None)
    if episode is None:
        raise BadInput(f"there is no episode from {decom:%d/%m/%Y} for this child")
    fields = [
        FormField("place_provider", "Placement provider", "select", PROVIDER_OPTIONS),
        FormField(
            "pl_post", "Placement postcode", placeholder="like EN1 3XA", check=placement_postcode
        ),
        FormField("urn", "Placement's Ofsted URN", hint=URN_HINT, check=placement_urn),
        FormField("home_post", "Home postcode", hint=HOME_POST_HINT, check=home_postcode),
    ]

    def save(values: dict) -> str:
        details = {
            "place_provider": PlacementProvider(values["place_provider"])
            if values["place_provider"]
            else None,
            "pl_post": uk_postcode("pl_post", values["pl_post"]),
            "urn": ofsted_urn("urn", values["urn"]),
            "home_post": uk_postcode("home_post", values["home_post"]),
        }
        changes.save_episode_details(store, child_ref, episode, details)
        return child_ref

    until = f"{episode.dec:%d/%m/%Y}" if episode.dec else "now"
    return FormModal(
        f"The placement from {decom:%d/%m/%Y} to {until}: "
        f"{episode.place.value}, {PLACEMENT_MEANING.get(episode.place.value, '')}",
        fields,
        save,
        {
            "place_provider": episode.place_provider.value if episode.place_provider else None,
            "pl_post": episode.pl_post,
            "urn": episode.urn,
            "home_post": episode.home_post,
        },
        intro="What the 903 return needs of this placement. Its dates and codes stay as "
        "recorded: m records a move, l leaving care.",
    )


def placement_form(store: Store, child_ref: str) -> FormModal[str]:
    """The details of the current placement that the 903 does not carry."""
    record = records.load_child(store, child_ref)
    if not record.case.episodes:
        raise BadInput("this child has no placement yet")
    decom = record.case.episodes[-1].decom
    fields = [
        FormField("provider_name", "Provider"),
        FormField("carer_name", "Carer", max_length=PERSON_NAME_LENGTH),
        FormField(
            "address",
            "Address",
            hint="Left out of copies of the record on request (handbook 3.69).",
        ),
        FormField("area", "Area (local authority)"),
        FormField("out_of_area", "Placed out of area", "check"),
        FormField("phone", "Phone", check=lambda text: phone_number("phone", text)),
    ]

    def save(values: dict) -> str:
        changes.save_placement_details(store, child_ref, decom, PlacementDetails(**values))
        return child_ref

    current = record.current_placement()
    return FormModal(
        f"Placement since {decom:%d/%m/%Y}",
        fields,
        save,
        current.model_dump() if current else {},
        intro="A move to a new placement is a new episode: use m instead.",
    )
