"""After a write, the agenda reuses each unchanged child's items and works out only
what changed (domain/agenda.py `_cases_items`; the store hands back the same case
records for children no write touched, store/case_changes.py). Reuse must never show
a stale item: after each kind of write the agenda reads, it equals an agenda worked out
from scratch, and the write visibly changed it (so a reuse that kept the old items
would fail here).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from iro_tui.domain import agenda as agenda_module
from iro_tui.domain import caseload as caseload_module
from iro_tui.domain import deadlines
from iro_tui.domain.agenda import AgendaItem, build_agenda
from iro_tui.domain.between import FootprintNote
from iro_tui.domain.booking import Booking
from iro_tui.domain.caseload import caseload_rows
from iro_tui.domain.checklist import ChecklistEntry
from iro_tui.domain.codes import Sex
from iro_tui.domain.models import Child, Episode
from iro_tui.domain.per_child import PerChild
from iro_tui.store import Store
from iro_tui.store.between import add_note
from iro_tui.store.changes import book_review
from iro_tui.store.records import current_placements, last_footprints, load_decisions, load_diary
from iro_tui.store.reviews import save_checklist_entry


def agenda(store: Store, today: date) -> list[AgendaItem]:
    """What the diary shows: reusing the last build's items where nothing changed."""
    return build_agenda(load_diary(store, today), store.rulebook(), today)


def from_scratch(store: Store, today: date) -> list[AgendaItem]:
    return build_agenda(load_diary(store, today), store.rulebook(), today, reuse=False)


def keys(items: list[AgendaItem], child: str) -> set[str]:
    return {i.key for i in items if i.child == child}


def note(day: date, kind: str = "visit") -> FootprintNote:
    return FootprintNote(note_date=day, kind=kind, text="Seen at home.", today=day)  # type: ignore[arg-type]


def test_each_write_the_agenda_reads_is_seen_as_a_build_from_scratch_sees_it(demo, today):
    before = agenda(demo, today)
    assert before == from_scratch(demo, today)

    # A review booked: the case itself changes (a new review row).
    review_id = book_review(
        demo, Booking(child_ref="100102", scheduled_date=today + timedelta(days=30), today=today)
    )
    after_booking = agenda(demo, today)
    assert after_booking == from_scratch(demo, today)
    assert f"review-{review_id}" in keys(after_booking, "100102")
    assert f"review-{review_id}" not in keys(before, "100102")

    # A checklist item ticked: the case is unchanged, only its checklist.
    save_checklist_entry(
        demo, review_id, ChecklistEntry(item="sw_report", state="done", done_date=today)
    )
    after_tick = agenda(demo, today)
    assert after_tick == from_scratch(demo, today)
    assert f"prereview-{review_id}-sw_report" in keys(after_booking, "100102")
    assert f"prereview-{review_id}-sw_report" not in keys(after_tick, "100102")

    # A mid-point note: only the child's latest mid-point note changes.
    assert "midpoint-100116-2026-01-15" in keys(after_tick, "100116")
    add_note(demo, "100116", note(today, "midpoint"))
    after_midpoint = agenda(demo, today)
    assert after_midpoint == from_scratch(demo, today)
    assert "midpoint-100116-2026-01-15" not in keys(after_midpoint, "100116")


def test_a_first_footprint_note_ends_the_iro_appointed_item(demo, today):
    # A child new to care, with no review and no note yet: the IRO is to be appointed.
    child_id = demo.upsert_child(Child(child_ref="900010", dob=date(2016, 2, 3), sex=Sex.FEMALE))
    demo.upsert_episode(
        child_id,
        Episode.model_validate(
            {"decom": today - timedelta(days=2), "rne": "S", "ls": "C2", "cin": "N1", "place": "U1"}
        ),
    )
    first = agenda(demo, today)
    assert any(i.kind == "iro-appointed" for i in first if i.child == "900010")

    # Only the child's latest footprint note changes; the case is the same.
    add_note(demo, "900010", note(today))
    after = agenda(demo, today)
    assert after == from_scratch(demo, today)
    assert not any(i.kind == "iro-appointed" for i in after if i.child == "900010")


def test_a_new_day_or_rulebook_works_everything_out_again(demo, today):
    agenda(demo, today)
    tomorrow = today + timedelta(days=1)
    assert agenda(demo, tomorrow) == from_scratch(demo, tomorrow)
    england = agenda(demo, tomorrow)

    demo.set_setting("rulebook", "jersey")
    jersey = agenda(demo, tomorrow)
    assert jersey == from_scratch(demo, tomorrow)
    assert jersey != england


@pytest.mark.parametrize("reuse", [True, False])
def test_the_agenda_of_a_store_is_the_same_either_way(demo, today, reuse):
    # Two stores in one process (a test run, the report's worker) share nothing stale:
    # the reuse is keyed on the cases and inputs themselves, not on the store.
    items = build_agenda(load_diary(demo, today), demo.rulebook(), today, reuse=reuse)
    assert items == from_scratch(demo, today)


def caseload(store: Store, today: date) -> list:
    return caseload_rows(
        store.load_cases(),
        current_placements(store),
        load_decisions(store, open_only=True),
        last_footprints(store),
        store.rulebook(),
        today,
    )


def test_the_caseload_works_out_again_the_child_a_write_touched(demo, today, monkeypatch):
    before = {row.child_ref: row for row in caseload(demo, today)}
    # Ahmad's latest review held a month earlier: his next deadline moves with it.
    child_id = demo.child_id("100102")
    with demo.transaction():
        demo.conn.execute(
            "UPDATE reviews SET held_date = date(held_date, '-30 days') WHERE id = "
            "(SELECT id FROM reviews WHERE child_id = ? AND status = 'held' "
            "ORDER BY held_date DESC LIMIT 1)",
            [child_id],
        )
    after = caseload(demo, today)
    monkeypatch.setattr(caseload_module, "_review_due", PerChild())
    monkeypatch.setattr(deadlines, "_last_deadline", {})
    assert after == caseload(demo, today)  # worked out from scratch
    moved = next(row for row in after if row.child_ref == "100102")
    assert moved.review_due is not None and before["100102"].review_due is not None
    assert moved.review_due < before["100102"].review_due


def test_the_diary_reads_the_checklists_of_booked_reviews_only(demo, today):
    """A held review's checklist is history: the agenda counts down to meetings still
    to come, so leaving the held ones out (75,000 entries at 3,000 children) changes
    nothing in it."""
    planned = {
        review_id
        for (review_id,) in demo.conn.execute("SELECT id FROM reviews WHERE status = 'planned'")
    }
    [held] = demo.conn.execute(
        "SELECT id FROM reviews WHERE status = 'held' ORDER BY held_date DESC LIMIT 1"
    ).fetchall()
    save_checklist_entry(demo, held[0], ChecklistEntry(item="pep", state="done", done_date=today))
    data = load_diary(demo, today)
    assert data.checklists and set(data.checklists) <= planned
    with_history = replace(
        data, checklists={**data.checklists, held[0]: {"pep": ChecklistEntry(item="pep")}}
    )
    rulebook = demo.rulebook()
    assert build_agenda(with_history, rulebook, today, reuse=False) == build_agenda(
        data, rulebook, today, reuse=False
    )


def test_the_caseload_takes_each_deadline_the_diary_worked_out_for_the_same_case(
    demo, today, monkeypatch
):
    """Opening the caseload after the diary does not work out every child's deadline
    again (domain/deadlines.py, known_review_deadline); a case record the diary did not
    see (a write, another read) is worked out afresh."""
    monkeypatch.setattr(deadlines, "_last_deadline", {})
    monkeypatch.setattr(caseload_module, "_review_due", PerChild())
    monkeypatch.setattr(agenda_module, "_items_of_child", PerChild())  # this store's diary
    worked_out: list[str] = []
    real = deadlines.next_review_deadline

    def counted(case, rulebook):
        worked_out.append(case.child.child_ref)
        return real(case, rulebook)

    monkeypatch.setattr(deadlines, "next_review_deadline", counted)
    agenda(demo, today)  # the diary: every child's deadline, remembered
    shown = caseload(demo, today)
    assert worked_out == []  # each taken from the diary's
    # The same as worked out afresh for every child.
    monkeypatch.setattr(caseload_module, "_review_due", PerChild())
    monkeypatch.setattr(deadlines, "_last_deadline", {})
    assert caseload(demo, today) == shown
    assert sorted(worked_out) == sorted(demo.child_refs())
    # A different record for one child (equal or not) is worked out for that record.
    worked_out.clear()
    case = next(c for c in demo.load_cases() if c.child.child_ref == "100102")
    earlier = [r for r in case.reviews if r.status == "held"][-1]
    moved = case.model_copy(
        update={
            "reviews": [
                r.model_copy(update={"held_date": r.held_date - timedelta(days=30)})
                if r is earlier
                else r
                for r in case.reviews
            ]
        }
    )
    rulebook = demo.rulebook()
    assert deadlines.known_review_deadline(moved, rulebook) == real(moved, rulebook)
    assert worked_out == ["100102"]
    assert deadlines.known_review_deadline(moved, rulebook).due < (
        deadlines.known_review_deadline(case, rulebook).due
    )
    assert worked_out == ["100102", "100102"]  # the first record again: not kept over
