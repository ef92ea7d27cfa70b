"""Everyone's open decisions after a write: only those the audit trail names are read
again (store/open_decisions.py), and the list is what a fresh read gives."""

from __future__ import annotations

from datetime import timedelta

import pytest

from iro_tui.domain.records import Decision
from iro_tui.store import Store
from iro_tui.store.records import load_decisions

from ..conftest import another_window, mark_done


def open_now(store: Store) -> list[Decision]:
    return load_decisions(store, open_only=True)


def fresh(store: Store) -> list[Decision]:
    return load_decisions(Store(store.conn, store.path), open_only=True)


def test_a_decision_done_leaves_and_every_other_is_the_record_read_before(demo, today):
    before = open_now(demo)
    done = before[0]
    mark_done(demo, done, today)
    after = open_now(demo)
    assert after == fresh(demo)
    assert done.id not in {d.id for d in after}
    kept = {d.id: d for d in before}
    assert all(d is kept[d.id] for d in after)  # not read again


def test_another_windows_decisions_are_read_and_ties_keep_one_order(demo, today):
    open_now(demo)
    with another_window(demo.path) as other:
        due = (today + timedelta(days=3)).isoformat()
        child_id = other.child_id("100102")
        for text in ("Second visit", "First visit"):  # made in this order, due the same day
            other.conn.execute(
                "INSERT INTO decisions (child_id, text, owner_name, owner_role, made_date, "
                "due_date) VALUES (?, ?, 'Jo Bell', 'social_worker', ?, ?)",
                [child_id, text, today.isoformat(), due],
            )
    after = open_now(demo)
    assert after == fresh(demo)
    same_day = [d.text for d in after if d.due_date.isoformat() == due]
    assert same_day[-2:] == ["Second visit", "First visit"]  # by id on the same day


def test_a_childs_new_reference_is_read_for_all_their_decisions(demo, today):
    before = open_now(demo)
    theirs = [d.id for d in before if d.child_ref == "100102"]
    assert theirs
    with another_window(demo.path) as other:
        other.conn.execute("UPDATE children SET child_ref = '900102' WHERE child_ref = '100102'")
    after = open_now(demo)
    assert after == fresh(demo)
    assert {d.id for d in after if d.child_ref == "900102"} == set(theirs)


def test_a_read_inside_a_transaction_is_not_kept(demo, today):
    open_now(demo)
    with pytest.raises(RuntimeError), demo.transaction():
        demo.conn.execute("UPDATE decisions SET status = 'dropped' WHERE status = 'open'")
        assert open_now(demo) == []
        raise RuntimeError("rolled back")
    assert open_now(demo) == fresh(demo) != []
