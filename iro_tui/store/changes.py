"""Writes made from the screens. Each function is one transaction, audited."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from iro_tui.domain.booking import Booking
from iro_tui.domain.episodes import (
    BackIntoCare,
    EpisodeChange,
    Intake,
    LeavingCare,
    child_id_problem,
)
from iro_tui.domain.fields import FieldProblem
from iro_tui.domain.models import Episode
from iro_tui.domain.records import Appointment, Person, PlacementDetails
from iro_tui.errors import BadInput
from iro_tui.store.store import Store, _iso, inserted_id

PROFILE_FIELDS = (
    "given_name",
    "family_name",
    "preferred_name",
    "ethnicity",
    "upn",
    "mother",
    "mc_dob",
    "first_language",
    "interpreter_needed",
    "communication_needs",
    "uasc",
    "disability",
    "red_list",
)


def _child_id(store: Store, child_ref: str) -> int:
    child_id = store.child_id(child_ref)
    if child_id is None:
        raise BadInput(f"there is no child {child_ref} in this store")
    return child_id


def _episode_id(store: Store, child_id: int, decom: date | str) -> int:
    return store.conn.execute(
        "SELECT id FROM episodes WHERE child_id = ? AND decom = ?", (child_id, _iso(decom))
    ).fetchone()[0]


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    return {k: _iso(v.value if hasattr(v, "value") else v) for k, v in row.items()}


def child_id_free(store: Store, child_ref: str) -> None:
    """Raise FieldProblem when a child in the store has this ID."""
    if store.child_id(child_ref) is not None:
        # The same child coming (back) into care is recorded on their own screen.
        raise FieldProblem(
            "child_ref",
            f"child ID {child_ref} is already in use: if it is the same child coming "
            "into care again, open them (ctrl+p, their name) and press n",
        )


def change_child_ref(store: Store, old: str, new: str) -> None:
    """The child's 903 ID, put right: a return imported later matches children by it,
    and an ID typed wrong at the intake (or a stray key over the one suggested) could not
    be changed, so the council's return would make a second child. What is kept under
    the ID (a note or a decision being typed) goes with it."""
    child_id_problem(new)
    if new == old:
        return
    child_id_free(store, new)
    from iro_tui.store.form_drafts import QuickNoteDrafts
    from iro_tui.store.reviews import decision_draft_key  # it imports this module

    child_id = _child_id(store, old)
    with store.transaction() as db:
        db.table("children").update(child_id, {"child_ref": new})
        for key in (QuickNoteDrafts.key_for, decision_draft_key):
            db.execute("UPDATE form_drafts SET form = ? WHERE form = ?", [key(new), key(old)])
        db.execute(
            "UPDATE form_drafts SET payload = json_set(payload, '$.child_ref', ?) "
            "WHERE json_extract(payload, '$.child_ref') = ?",
            [new, old],
        )


def add_child(store: Store, intake: Intake) -> int:
    """A child comes into care: the child, the first episode (RNE S) and the placement;
    for a child taken over mid-cycle, their last review held (and its number)."""
    child_id_free(store, intake.child_ref)
    with store.transaction() as db:
        child_id = inserted_id(
            db.table("children").insert(
                _clean(
                    intake.model_dump(
                        include={
                            "child_ref",
                            "given_name",
                            "family_name",
                            "dob",
                            "sex",
                            "uasc",
                            "first_language",
                            "interpreter_needed",
                        }
                    )
                )
                # Joined this IRO's caseload today (the intake's injected day).
                | {"joined_on": intake.today.isoformat()}
            )
        )
        episodes = intake.episodes()
        for episode in episodes:
            store.upsert_episode(child_id, episode)
        if (review := intake.last_held_review()) is not None:
            db.table("reviews").insert(
                {
                    "child_id": child_id,
                    "status": "held",
                    "held_date": _iso(review.held_date),
                    "scheduled_date": _iso(review.held_date),
                    "review_number": review.number,
                }
            )
        details = PlacementDetails(
            carer_name=intake.carer_name, area=intake.area, out_of_area=intake.out_of_area
        )
        _save_placement(store, child_id, episodes[-1].decom, details)  # the one now
    return child_id


def _save_placement(
    store: Store, child_id: int, decom: date | str, details: PlacementDetails
) -> None:
    episode_id = _episode_id(store, child_id, decom)
    row = {"episode_id": episode_id, **_clean(details.model_dump())}
    found = store.conn.execute(
        "SELECT id FROM placements WHERE episode_id = ?", (episode_id,)
    ).fetchone()
    if found:
        store.db.table("placements").update(found[0], row)
    else:
        store.db.table("placements").insert(row)


def save_placement_details(
    store: Store, child_ref: str, decom: date, details: PlacementDetails
) -> None:
    with store.transaction():
        _save_placement(store, _child_id(store, child_ref), decom, details)


def update_profile(store: Store, child_ref: str, changes: dict[str, Any]) -> None:
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise BadInput(f"cannot change {', '.join(sorted(unknown))} here")
    with store.transaction() as db:
        db.table("children").update(_child_id(store, child_ref), _clean(changes))


def change_episode(
    store: Store, child_ref: str, change: EpisodeChange, details: PlacementDetails | None
) -> None:
    """A move or a change of legal status: close the episode (X1), open the next."""
    closed, new = change.episodes()
    with store.transaction():
        child_id = _child_id(store, child_ref)
        store.upsert_episode(child_id, closed)
        store.upsert_episode(child_id, new)
        if details is not None:
            _save_placement(store, child_id, new.decom, details)


def leave_care(store: Store, child_ref: str, leaving: LeavingCare) -> None:
    with store.transaction():
        store.upsert_episode(_child_id(store, child_ref), leaving.closed_episode())


def save_episode_details(
    store: Store, child_ref: str, episode: Episode, details: dict[str, Any]
) -> None:
    """An episode's placement provider, postcodes and URN, as the 903 return needs them
    (an episode before an adoptive placement, made by the intake, had none, and no form
    could give them: the export refused the child for good)."""
    allowed = {"place_provider", "pl_post", "home_post", "urn"}
    if set(details) - allowed:
        raise BadInput(f"cannot change {', '.join(sorted(set(details) - allowed))} here")
    with store.transaction():
        store.upsert_episode(_child_id(store, child_ref), episode.model_copy(update=details))


def back_into_care(
    store: Store, child_ref: str, back: BackIntoCare, details: PlacementDetails
) -> None:
    """The child is looked after again: the new episode (RNE S) and its placement."""
    episode = back.episode()
    with store.transaction():
        child_id = _child_id(store, child_ref)
        store.upsert_episode(child_id, episode)
        _save_placement(store, child_id, episode.decom, details)


def save_person(store: Store, child_ref: str, person: Person) -> int:
    row = _clean(person.model_dump(exclude={"id"}))
    with store.transaction() as db:
        if person.id is None:
            return inserted_id(
                db.table("people").insert({"child_id": _child_id(store, child_ref), **row})
            )
        db.table("people").update(person.id, row)
        return person.id


def book_review(store: Store, booking: Booking) -> int:
    """A new booking; the work done for a booking of the same review cancelled lately
    (within 3 months of this one, no review held since) comes with it: cancelled (the
    child in hospital) and booked again, its checklist read "0 of 11 done", and its
    record's draft went on to record the cancelled review."""
    with store.transaction() as db:
        child_id = _child_id(store, booking.child_ref)
        new_id = inserted_id(
            db.table("reviews").insert(
                {
                    "child_id": child_id,
                    "status": "planned",
                    "scheduled_date": _iso(booking.scheduled_date),
                    "scheduled_time": booking.scheduled_time,
                    "venue": booking.venue,
                    "late_booking_reason": booking.late_reason or None,
                }
            )
        )
        earlier = store.conn.execute(
            "SELECT r.id FROM reviews r WHERE r.child_id = ? AND r.status = 'cancelled' "
            "AND r.scheduled_date >= date(?, '-3 months') AND NOT EXISTS (SELECT 1 FROM "
            "reviews h WHERE h.child_id = r.child_id AND h.status = 'held' "
            "AND h.held_date >= r.scheduled_date) ORDER BY r.id DESC LIMIT 1",
            [child_id, _iso(booking.scheduled_date)],
        ).fetchone()
        if earlier is not None:
            _carry_work(store, earlier[0], new_id)
        return new_id


def _planned_review_date(store: Store, review_id: int) -> str | None:
    """The booked date (as stored) of a review still only booked; refused otherwise."""
    row = store.conn.execute(
        "SELECT status, scheduled_date FROM reviews WHERE id = ?", (review_id,)
    ).fetchone()
    if row is None or row[0] != "planned":
        raise BadInput("only a booked review that has not been held can be changed")
    scheduled: str | None = row[1]
    return scheduled


def cancel_review(store: Store, review_id: int, reason: str) -> None:
    _planned_review_date(store, review_id)
    with store.transaction() as db:
        db.table("reviews").update(review_id, {"status": "cancelled", "cancelled_reason": reason})


# What the pre-review work recorded on the booking's own row (the checklist's `v`).
PREPARED_ON_THE_BOOKING = ("advocacy_offered", "advocacy_wanted", "advocate_name", "seen_alone")


def reschedule_review(store: Store, review_id: int, booking: Booking, reason: str) -> int:
    """The old booking is kept, cancelled with the reason; a new one is booked, and the
    work done for the review moves to it: the checklist, the consultations, the advocacy
    answers and a record's draft. A reschedule left them on the cancelled booking, and
    the SW spoken to, the reports received, read as overdue again."""
    booked = _planned_review_date(store, review_id)
    with store.transaction() as db:
        db.table("reviews").update(
            review_id,
            {
                "status": "cancelled",
                # In the day's words the IRO reads them in (it said 2026-09-04).
                "cancelled_reason": f"Rescheduled from "
                f"{date.fromisoformat(booked):%d/%m/%Y} to "
                f"{booking.scheduled_date:%d/%m/%Y}: {reason}"
                if booked
                else f"Rescheduled to {booking.scheduled_date:%d/%m/%Y}: {reason}",
            },
        )
        new_id = book_review(store, booking)
        _carry_work(store, review_id, new_id)
        return new_id


def _carry_work(store: Store, from_id: int, to_id: int) -> None:
    """The work done for one booking moved to the next (in the caller's transaction): the
    checklist, the consultations, the advocacy answers and a record's draft."""
    columns = ", ".join(PREPARED_ON_THE_BOOKING)
    prepared = store.conn.execute(
        f"SELECT {columns} FROM reviews WHERE id = ?", [from_id]
    ).fetchone()
    answers = dict(zip(PREPARED_ON_THE_BOOKING, prepared, strict=True))
    if any(value is not None for value in answers.values()):
        store.db.table("reviews").update(to_id, answers)
    for table in ("checklist_items", "consultations"):
        store.conn.execute(
            f"UPDATE {table} SET review_id = ? WHERE review_id = ?", [to_id, from_id]
        )
    # A record's draft goes along, with the new booking's day and venue where it had the
    # old one's (a continued draft gave back the cancelled booking's venue).
    from iro_tui.store.reviews import draft_for_booking

    for child_id, payload in store.conn.execute(
        "SELECT child_id, payload FROM review_drafts WHERE review_id = ?", [from_id]
    ).fetchall():
        moved = draft_for_booking(store, json.loads(payload), from_id, to_id)
        store.conn.execute(
            "UPDATE review_drafts SET review_id = ?, payload = ? WHERE child_id = ?",
            [to_id, json.dumps(moved), child_id],
        )


def save_appointment(store: Store, appointment: Appointment) -> int:
    row = _clean(appointment.model_dump(exclude={"id", "child_ref"}))
    row["child_id"] = _child_id(store, appointment.child_ref) if appointment.child_ref else None
    with store.transaction() as db:
        if appointment.id is None:
            return inserted_id(db.table("appointments").insert(row))
        db.table("appointments").update(appointment.id, row)
        return appointment.id


def delete_appointment(store: Store, appointment_id: int) -> None:
    with store.transaction() as db:
        db.table("appointments").delete(appointment_id)
