"""Random runs of the writes an IRO makes, each followed by the reads the screens make.

After a write the store reads again only the children the audit trail names
(store/case_changes.py), and the agenda and the caseload work out again only the
children whose case or inputs changed (domain/per_child.py). Whatever the order of
writes, what they show must be what a read and a build from scratch show: the diary
must never be wrong about a deadline because something was kept. Seeds are fixed, so
a failure is repeatable.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from iro_tui.domain import caseload as caseload_module
from iro_tui.domain.agenda import build_agenda
from iro_tui.domain.between import FootprintNote, SignificantChange
from iro_tui.domain.booking import Booking
from iro_tui.domain.caseload import caseload_rows
from iro_tui.domain.checklist import CHECKLIST, ChecklistEntry
from iro_tui.domain.episodes import EpisodeChange, LeavingCare
from iro_tui.domain.per_child import PerChild
from iro_tui.errors import BadInput
from iro_tui.store import Store
from iro_tui.store.between import add_note, record_significant_change
from iro_tui.store.changes import book_review, change_episode, leave_care
from iro_tui.store.records import current_placements, last_footprints, load_decisions, load_diary
from iro_tui.store.reviews import save_checklist_entry

from ..conftest import another_window, mark_done


def shown(store: Store, today: date, reuse: bool) -> tuple[object, ...]:
    """The cases, the agenda and the caseload, as the screens get them (reuse) or
    worked out from scratch on a new Store (no kept read, no kept answer)."""
    kept = caseload_module._review_due
    if not reuse:
        store = Store(store.conn, store.path)
        caseload_module._review_due = PerChild()  # for this call only: see finally
    try:
        data = load_diary(store, today)
        rulebook = store.rulebook()
        return (
            data.cases,
            load_decisions(store, open_only=True),
            build_agenda(data, rulebook, today, reuse=reuse),
            caseload_rows(
                store.load_cases(),
                current_placements(store),
                load_decisions(store, open_only=True),
                last_footprints(store),
                rulebook,
                today,
            ),
        )
    finally:
        caseload_module._review_due = kept


def a_write(store: Store, rng: random.Random, today: date) -> None:
    """One of the writes an IRO makes, on a child picked at random."""
    ref = rng.choice(sorted(store.child_refs()))
    episodes = store.load_episodes(ref)
    current = episodes[-1] if episodes and episodes[-1].dec is None else None
    day = today - timedelta(days=rng.randint(0, 20))
    kind = rng.randrange(10)
    if kind == 0:
        note_kind = rng.choice(("visit", "midpoint", "email"))
        add_note(
            store, ref, FootprintNote(note_date=day, kind=note_kind, text="Seen.", today=today)
        )  # type: ignore[arg-type]
    elif kind == 1:
        when = today + timedelta(days=rng.randint(1, 60))
        book_review(store, Booking(child_ref=ref, scheduled_date=when, today=today))
    elif kind == 2:
        change = SignificantChange(
            category="health_event",
            notified_date=day,
            review_needed=True,
            review_by=today + timedelta(days=rng.randint(1, 30)),
            today=today,
        )
        record_significant_change(store, ref, change)
    elif kind == 3 and current is not None and current.decom < day:
        move = EpisodeChange(
            current=current,
            change_date=day,
            ls=current.ls,
            place=rng.choice(("U1", "U3", "K2")),  # type: ignore[arg-type]
            carer_changed=True,
            reason_place_change="CARPL",  # type: ignore[arg-type]
            today=today,
        )
        change_episode(store, ref, move, None)
    elif kind == 4 and current is not None and current.decom < day:
        leave = LeavingCare(current=current, leave_date=day, rec="E13", today=today)  # type: ignore[arg-type]
        leave_care(store, ref, leave)
    elif kind == 5:
        planned = store.conn.execute(
            "SELECT id FROM reviews WHERE status = 'planned' ORDER BY id"
        ).fetchall()
        if planned:
            entry = ChecklistEntry(item=rng.choice(CHECKLIST).key, state="done", done_date=today)
            save_checklist_entry(store, rng.choice(planned)[0], entry)
    elif kind == 6:
        open_ones = [d for d in load_decisions(store, open_only=True) if d.id is not None]
        if open_ones:
            mark_done(store, rng.choice(open_ones), today)
    elif kind == 7:
        # Another window or the command line: a name changed and a review moved.
        with another_window(store.path) as other:
            other.conn.execute(
                "UPDATE children SET preferred_name = ? WHERE child_ref = ?",
                [rng.choice(("Sam", "Ali", None)), ref],
            )
            other.conn.execute(
                "UPDATE reviews SET scheduled_date = ? WHERE id = (SELECT id FROM reviews "
                "WHERE status = 'planned' ORDER BY random() LIMIT 1)",
                [(today + timedelta(days=rng.randint(1, 40))).isoformat()],
            )
    elif kind == 8:
        # Another window: a decision made (due the same day as another, so order by id
        # counts), one moved to a new date, one dropped.
        with another_window(store.path) as other:
            due = (today + timedelta(days=rng.randint(-30, 30))).isoformat()
            other.conn.execute(
                "INSERT INTO decisions (child_id, text, owner_name, owner_role, made_date, "
                "due_date) VALUES (?, 'Arrange a visit', 'Jo Bell', 'social_worker', ?, ?)",
                [store.child_id(ref), min(due, today.isoformat()), due],
            )
            other.conn.execute(
                "UPDATE decisions SET due_date = ? WHERE id = (SELECT id FROM decisions "
                "WHERE status = 'open' AND made_date <= ? ORDER BY random() LIMIT 1)",
                [due, due],
            )
            other.conn.execute(
                "UPDATE decisions SET status = 'dropped' WHERE id = (SELECT id FROM decisions "
                "WHERE status = 'open' ORDER BY random() LIMIT 1)"
            )
    else:
        # A write that is rolled back: nothing of it may be kept.
        with pytest.raises(RuntimeError), store.transaction():
            store.conn.execute(
                "UPDATE reviews SET held_date = NULL, status = 'planned', "
                "scheduled_date = ? WHERE child_id = ?",
                [today.isoformat(), store.child_id(ref)],
            )
            shown(store, today, reuse=True)  # read inside the transaction
            raise RuntimeError("rolled back")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_what_the_screens_read_after_any_writes_is_what_a_fresh_read_gives(demo, today, seed):
    rng = random.Random(seed)
    shown(demo, today, reuse=True)
    for _ in range(25):
        try:
            a_write(demo, rng, today)
        except BadInput:
            pass  # refused, so nothing changed: what is shown must still agree
        assert shown(demo, today, reuse=True) == shown(demo, today, reuse=False)
