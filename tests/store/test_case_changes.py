"""After a write, only the children it touched are read again (store/case_changes.py).

Everyone's cases are read once and shared until the store changes; after a change the
audit trail names the rows written since the last read, and only those children's
cases are read afresh. Each test checks the store's answer against a read of
everyone from scratch (a new Store on the same file), so a child left stale fails.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from iro_tui.domain.codes import Sex
from iro_tui.domain.models import Child, ChildCase, Episode
from iro_tui.store import Store
from iro_tui.store import store as store_module

from ..conftest import another_window


def cases(store: Store) -> dict[str, ChildCase]:
    return {c.child.child_ref: c for c in store.load_cases()}


def from_scratch(store: Store) -> dict[str, ChildCase]:
    return cases(Store(store.conn, store.path))


def episode(day: date, rne: str = "P") -> Episode:
    return Episode.model_validate(
        {"decom": day, "rne": rne, "ls": "C2", "cin": "N1", "place": "U1"}
    )


def test_a_write_to_one_child_reads_only_that_child_again(demo, today):
    first = cases(demo)
    demo.upsert_episode(demo.child_id("100102"), episode(today))
    second = cases(demo)
    assert second == from_scratch(demo)
    assert second["100102"].episodes[-1].decom == today
    assert second["100102"] is not first["100102"]
    # Every other child's case is the very record read before.
    assert all(second[ref] is case for ref, case in first.items() if ref != "100102")


def test_a_write_to_no_case_table_keeps_every_case(demo, today):
    first = cases(demo)
    reads = demo.reads
    demo.set_setting("rulebook", "england")  # a write (the generation moves), to no case
    second = cases(demo)
    assert demo.reads == reads + 1
    assert all(second[ref] is case for ref, case in first.items())


def test_changes_by_another_connection_are_read(demo, today, tmp_path):
    cases(demo)
    with another_window(demo.path) as other:
        # An episode added, one child's review moved, and a child's name changed.
        other.upsert_episode(other.child_id("100103"), episode(today))
        other.conn.execute(
            "UPDATE reviews SET scheduled_date = ? WHERE child_id = ? AND status = 'planned'",
            [(today + timedelta(days=3)).isoformat(), other.child_id("100101")],
        )
        other.conn.execute("UPDATE children SET given_name = 'Renamed' WHERE child_ref = '100104'")
    after = cases(demo)
    assert after == from_scratch(demo)
    assert after["100104"].child.given_name == "Renamed"
    assert after["100103"].episodes[-1].decom == today


def test_a_row_moved_to_another_child_changes_both(demo, today):
    cases(demo)
    giver, taker = demo.child_id("100105"), demo.child_id("100106")
    [(episode_id,)] = demo.conn.execute(
        "SELECT id FROM episodes WHERE child_id = ? ORDER BY decom DESC LIMIT 1", [giver]
    ).fetchall()
    with demo.transaction():
        demo.conn.execute("UPDATE episodes SET child_id = ? WHERE id = ?", [taker, episode_id])
    assert cases(demo) == from_scratch(demo)


def test_a_deleted_child_leaves_and_a_new_child_comes(demo, today):
    cases(demo)
    gone = demo.child_id("100117")
    with demo.transaction():
        for table in ("episodes", "reviews", "significant_changes"):
            demo.conn.execute(f"DELETE FROM {table} WHERE child_id = ?", [gone])
        for table in ("footprint_notes", "people", "appointments", "decisions"):
            demo.conn.execute(f"DELETE FROM {table} WHERE child_id = ?", [gone])
        demo.conn.execute("DELETE FROM children WHERE id = ?", [gone])
    demo.upsert_child(Child(child_ref="900020", dob=date(2015, 5, 5), sex=Sex.MALE))
    after = cases(demo)
    assert after == from_scratch(demo)
    assert "100117" not in after and "900020" in after
    assert "100117" not in demo.child_names()


def test_a_rolled_back_write_then_another_is_read(demo, today):
    """A read inside a transaction sees audit rows that a rollback then removes, and
    whose ids the next write uses again: nothing read inside one is built upon."""
    cases(demo)

    class Undo(Exception):
        pass

    with pytest.raises(Undo), demo.transaction():
        demo.upsert_episode(demo.child_id("100108"), episode(today))
        assert cases(demo)["100108"].episodes[-1].decom == today
        raise Undo
    assert cases(demo) == from_scratch(demo)
    demo.upsert_episode(demo.child_id("100109"), episode(today))
    after = cases(demo)
    assert after == from_scratch(demo)
    assert after["100109"].episodes[-1].decom == today
    assert after["100108"].episodes[-1].decom != today


def test_many_changes_read_everyone_again(demo, today, monkeypatch):
    monkeypatch.setattr(store_module, "MOST_ROWS_READ_BY_CHILD", 1)
    first = cases(demo)
    demo.upsert_episode(demo.child_id("100110"), episode(today))
    demo.upsert_episode(demo.child_id("100111"), episode(today))
    after = cases(demo)
    assert after == from_scratch(demo)
    # Read from scratch: no record is carried over.
    assert not any(after[ref] is case for ref, case in first.items())
