"""What load_child reads back for the child screen: typed records with real dates, in
the order the screen lists them (issue 15: no ISO text reaches a screen)."""

from dataclasses import FrozenInstanceError, fields
from datetime import date

import pytest

from iro_tui.domain.between import Stage
from iro_tui.domain.child_history import (
    ChangeOnFile,
    NoteOnFile,
    ProgressOnFile,
    StageOnFile,
)
from iro_tui.domain.codes import MissingType, ParticipationCode
from iro_tui.domain.models import Child, MissingEpisode
from iro_tui.errors import BadInput
from iro_tui.store.records import load_child
from iro_tui.store.reviews import load_review


@pytest.fixture
def amani(store):
    """One child with a little of everything on file, written out of date order."""
    child_id = store.upsert_child(Child(child_ref="200001", dob=date(2012, 3, 4), sex="F"))
    insert = store.insert
    insert(
        "reviews",
        {
            "child_id": child_id,
            "status": "held",
            "held_date": date(2025, 9, 1),
            "participation_code": "PN1",
        },
    )
    insert(
        "reviews",
        {
            "child_id": child_id,
            "status": "planned",
            "scheduled_date": date(2026, 3, 2),
            "scheduled_time": "10:00",
            "venue": "Carers' home",
            "late_booking_reason": "Carer on leave",
        },
    )
    insert(
        "reviews",
        {
            "child_id": child_id,
            "status": "cancelled",
            "scheduled_date": date(2025, 12, 1),
            "cancelled_reason": "Child unwell",
        },
    )
    insert(
        "footprint_notes",
        {
            "child_id": child_id,
            "note_date": date(2025, 10, 1),
            "kind": "visit",
            "text": "Visited at home",
        },
    )
    insert(
        "footprint_notes",
        {
            "child_id": child_id,
            "note_date": date(2026, 1, 31),
            "kind": "sw_contact",
            "text": "Rang the SW",
            "follow_up_date": date(2026, 2, 2),
        },
    )
    insert(
        "missing_episodes",
        {
            "child_id": child_id,
            "missing": "A",
            "mis_start": date(2025, 11, 3),
            "mis_end": date(2025, 11, 4),
        },
    )
    insert(
        "missing_episodes", {"child_id": child_id, "missing": "M", "mis_start": date(2026, 2, 1)}
    )
    decision_id = insert(
        "decisions",
        {
            "child_id": child_id,
            "text": "Book a dentist",
            "owner_name": "Ms Cole",
            "owner_role": "social_worker",
            "made_date": date(2025, 9, 1),
            "due_date": date(2025, 12, 1),
        },
    )
    insert(
        "decision_progress",
        {
            "decision_id": decision_id,
            "recorded_date": date(2025, 11, 1),
            "state": "at_risk",
            "note": "No dentist taking on",
        },
    )
    insert(
        "significant_changes",
        {
            "child_id": child_id,
            "category": "sw_change",
            "notified_date": date(2026, 1, 5),
            "detail": "New SW",
            "review_needed": 0,
            "decision_reason": "Plan unchanged",
        },
    )
    escalation_id = insert(
        "escalations",
        {
            "child_id": child_id,
            "kind": "formal",
            "theme": "permanence",
            "issue": "Drift",
            "opened_date": date(2026, 1, 12),
        },
    )
    insert(
        "escalation_stages",
        {
            "escalation_id": escalation_id,
            "stage_no": 1,
            "stage_name": "Team manager",
            "skipped": 1,
            "skip_reason": "Manager away",
        },
    )
    insert(
        "escalation_stages",
        {
            "escalation_id": escalation_id,
            "stage_no": 2,
            "stage_name": "Service manager",
            "opened_date": date(2026, 1, 14),
            "response_due": date(2026, 1, 21),
        },
    )
    return load_child(store, "200001")


def test_reviews_are_typed_and_newest_first_by_the_day_held_or_booked(amani):
    assert [(r.status, r.held_date or r.scheduled_date) for r in amani.reviews] == [
        ("planned", date(2026, 3, 2)),
        ("cancelled", date(2025, 12, 1)),
        ("held", date(2025, 9, 1)),
    ]
    booked, cancelled, held = amani.reviews
    assert (
        booked.scheduled_date,
        booked.scheduled_time,
        booked.venue,
        booked.late_booking_reason,
        booked.held_date,
        booked.participation_code,
        booked.completed_date,
        booked.seen_alone,
    ) == (date(2026, 3, 2), "10:00", "Carers' home", "Carer on leave", None, None, None, None)
    assert cancelled.cancelled_reason == "Child unwell"
    assert held.participation_code is ParticipationCode.PN1
    assert isinstance(held.id, int)


def test_notes_and_missing_episodes_are_newest_first_with_dates(amani):
    assert amani.notes == [
        NoteOnFile(
            amani.notes[0].id, date(2026, 1, 31), "sw_contact", "Rang the SW", date(2026, 2, 2)
        ),
        NoteOnFile(amani.notes[1].id, date(2025, 10, 1), "visit", "Visited at home", None),
    ]
    assert amani.missing == [
        MissingEpisode(missing=MissingType.MISSING, start=date(2026, 2, 1)),
        MissingEpisode(missing=MissingType.AWAY, start=date(2025, 11, 3), end=date(2025, 11, 4)),
    ]
    assert amani.missing_periods() == [
        (date(2026, 2, 1), None),
        (date(2025, 11, 3), date(2025, 11, 4)),
    ]


def test_progress_changes_and_escalation_stages_carry_dates(amani, store):
    [(escalation_id,)] = store.conn.execute("SELECT id FROM escalations").fetchall()
    [(decision_id,)] = store.conn.execute(
        "SELECT id FROM decisions WHERE text = 'Book a dentist'"
    ).fetchall()
    assert amani.progress == [
        ProgressOnFile(
            "Book a dentist", date(2025, 11, 1), "at_risk", "No dentist taking on", decision_id
        )
    ]
    assert amani.changes == [ChangeOnFile("sw_change", date(2026, 1, 5), "New SW", False)]
    skipped, opened = amani.escalation_stages
    assert skipped == StageOnFile(
        Stage(1, "Team manager", skipped=True, skip_reason="Manager away"),
        escalation_opened=date(2026, 1, 12),
        escalation_id=escalation_id,  # Enter on the timeline opens it
    )
    assert opened.escalation_id == escalation_id
    # A skipped stage has no date of its own: it sits on the day the escalation opened.
    assert skipped.day == date(2026, 1, 12)
    assert opened.stage.response_due == date(2026, 1, 21)
    assert opened.day == date(2026, 1, 14)


def test_no_iso_text_reaches_the_screen(amani):
    """Every field that the schema stores as a date comes back as a `date`."""
    for on_file in [*amani.reviews, *amani.notes, *amani.progress, *amani.changes]:
        for f in fields(on_file):
            value = getattr(on_file, f.name)
            if f.name.endswith("_date"):
                assert value is None or isinstance(value, date), (f.name, value)
    with pytest.raises(FrozenInstanceError):
        amani.reviews[0].status = "held"


def test_the_timeline_words_them_from_the_typed_records(amani):
    from iro_tui.screens.child_timeline import timeline

    # The booked review is not history yet; the participation code reads "PN1", not
    # the enum's name; the skipped stage sits on the day the escalation opened.
    assert [(e.day, e.kind, e.text) for e in timeline(amani)] == [
        (date(2026, 2, 1), "missing", "Missing (still)"),
        (
            date(2026, 1, 31),
            "note",
            "Contact with the SW or team manager: Rang the SW (follow up 02/02/2026)",
        ),
        (date(2026, 1, 14), "escalation", "Service manager opened; response due 21/01/2026"),
        (date(2026, 1, 12), "escalation", "Team manager skipped"),
        (
            date(2026, 1, 5),
            "significant change",
            "A change of social worker: New SW (no review needed)",
        ),
        (date(2025, 12, 1), "review", "Review cancelled: Child unwell"),
        (date(2025, 11, 3), "missing", "Away without authorisation"),
        (date(2025, 11, 1), "decision update", "Book a dentist: at risk (No dentist taking on)"),
        (date(2025, 10, 1), "note", "Visit to the child: Visited at home"),
        (date(2025, 9, 1), "review", "Review held PN1"),
        (date(2025, 9, 1), "decision", "Decision: Book a dentist (Ms Cole)"),
    ]


def test_load_review_gives_the_after_the_review_dates_as_dates(store):
    child_id = store.upsert_child(Child(child_ref="200002", dob=date(2011, 5, 6), sex="M"))
    review_id = store.insert(
        "reviews",
        {
            "child_id": child_id,
            "status": "held",
            "held_date": date(2026, 2, 3),
            "completed_date": date(2026, 2, 4),
            "decisions_sent_date": date(2026, 2, 9),
            "manager_response": "agreed",
            "manager_response_date": date(2026, 2, 20),
            "seen_alone": 1,
            "advocacy_offered": 0,
            "review_number": 3,
        },
    )
    review = load_review(store, review_id)
    assert (review.status, review.held_date, review.completed_date) == (
        "held",
        date(2026, 2, 3),
        date(2026, 2, 4),
    )
    assert (review.decisions_sent_date, review.record_sent_date) == (date(2026, 2, 9), None)
    assert (review.manager_response, review.manager_response_date) == ("agreed", date(2026, 2, 20))
    assert (review.seen_alone, review.advocacy_offered, review.advocacy_wanted) == (
        True,
        False,
        None,
    )
    assert review.review_number == 3
    with pytest.raises(BadInput):
        load_review(store, review_id + 1)


def test_consultations_come_back_in_date_order_with_dates(store):
    from iro_tui.domain.child_history import ConsultationOnFile
    from iro_tui.store.reviews import add_consultation, load_consultations

    child_id = store.upsert_child(Child(child_ref="200003", dob=date(2013, 7, 8), sex="F"))
    review_id = store.insert(
        "reviews", {"child_id": child_id, "status": "planned", "scheduled_date": date(2026, 7, 1)}
    )
    for day, who, role, how, views in [
        (date(2026, 6, 20), "Ms Okafor", "carer", "phone", "Settled"),
        (date(2026, 6, 18), "Ama", "child", "booklet", "I want to stay"),
    ]:
        values = {"consulted_date": day, "consultee": who, "consultee_role": role, "method": how}
        add_consultation(store, review_id, {**values, "views": views})
    assert load_consultations(store, review_id) == [
        ConsultationOnFile(date(2026, 6, 18), "Ama", "child", "booklet", "I want to stay"),
        ConsultationOnFile(date(2026, 6, 20), "Ms Okafor", "carer", "phone", "Settled"),
    ]


def test_the_timeline_links_each_update_to_its_decision_and_lists_an_adjournment(amani, store):
    """Enter on a decision update did nothing (no link), and an adjourned review was not
    on the timeline while cancelled ones were (an adversarial check)."""
    from dataclasses import replace

    from iro_tui.screens.child_timeline import timeline

    dentist = next(d for d in amani.decisions if d.text == "Book a dentist")
    updates = [e for e in timeline(amani) if e.kind == "decision update"]
    assert [e.link for e in updates] == [f"tab:decisions:{dentist.id}"]
    held = next(r for r in amani.reviews if r.status == "held")
    adjourned = replace(
        held, id=999, status="adjourned", held_date=None, scheduled_date=date(2025, 9, 1)
    )
    with_it = replace(amani, reviews=[adjourned, *amani.reviews])
    assert (
        date(2025, 9, 1),
        "review",
        "Review adjourned, to be completed",
    ) in [(e.day, e.kind, e.text) for e in timeline(with_it)]
    assert "tab:reviews:999" in [e.link for e in timeline(with_it)]
