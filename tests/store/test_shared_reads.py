"""Everyone's cases are read once and shared until the store changes (Store.load_cases).

The diary, the caseload and the drift tracker each asked for the whole authority; now
the second asker gets what the first read, unless anything was written in between, on
this connection or by another one (the command line, a second window).
"""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from iro_tui.domain.codes import Sex
from iro_tui.domain.models import Child, Episode
from iro_tui.store import open_store
from iro_tui.store.records import load_decisions, load_diary

from ..conftest import mark_done


def refs(store) -> list[str]:
    return [case.child.child_ref for case in store.load_cases()]


def test_two_loads_without_a_write_share_one_read(demo, today):
    first = demo.load_cases()
    reads = demo.reads
    second = demo.load_cases()
    names = demo.child_names()
    diary = load_diary(demo, today)
    assert demo.reads == reads  # nothing read the tables again
    assert all(a is b for a, b in zip(first, second, strict=True))
    assert all(a is b for a, b in zip(first, diary.cases, strict=True))
    assert names == {c.child.child_ref: c.child.display_name for c in first}
    # Each caller has its own list: what one does to it, no other sees.
    second.clear()
    diary.cases.pop()
    assert demo.load_cases() == first
    # And the records in it are frozen.
    with pytest.raises(ValidationError):
        first[0].child.given_name = "Changed"  # type: ignore[misc]


def test_a_write_is_seen_by_the_next_load(demo):
    before = refs(demo)
    reads = demo.reads
    child_id = demo.upsert_child(Child(child_ref="900001", dob=date(2015, 3, 4), sex=Sex.FEMALE))
    assert "900001" in refs(demo) and "900001" not in before
    assert demo.reads == reads + 1
    demo.upsert_episode(
        child_id,
        Episode.model_validate(
            {"decom": "2026-01-05", "rne": "S", "ls": "C2", "cin": "N1", "place": "U1"}
        ),
    )
    [case] = [c for c in demo.load_cases() if c.child.child_ref == "900001"]
    assert [e.decom for e in case.episodes] == [date(2026, 1, 5)]
    assert demo.child_names()["900001"] == "Child 900001"


def test_a_commit_by_another_connection_is_seen(demo, tmp_path):
    before = refs(demo)
    other = open_store(demo.path)
    try:
        other.upsert_child(Child(child_ref="900002", dob=date(2014, 1, 1), sex=Sex.MALE))
    finally:
        other.close()
    assert refs(demo) == sorted([*before, "900002"])


def test_what_a_rolled_back_write_showed_is_not_kept(demo):
    before = refs(demo)

    class Undo(Exception):
        pass

    with pytest.raises(Undo), demo.transaction():
        demo.upsert_child(Child(child_ref="900003", dob=date(2013, 1, 1), sex=Sex.MALE))
        assert "900003" in refs(demo)  # inside the transaction, it is there
        raise Undo
    assert refs(demo) == before
    # Once outside, loads are shared again.
    reads = demo.reads
    assert refs(demo) == before
    assert demo.reads == reads


def test_one_childs_case_is_always_read_afresh(demo):
    child_id = demo.child_id(refs(demo)[0])
    assert child_id is not None
    reads = demo.reads
    [one] = demo.load_cases(child_id)
    assert demo.reads == reads  # not the whole authority
    assert one == next(c for c in demo.load_cases() if c.child == one.child)


def test_everyones_open_decisions_are_shared_until_one_is_done(demo, today):
    first = load_decisions(demo, open_only=True)
    assert first and all(d.status == "open" for d in first)
    again = load_decisions(demo, open_only=True)
    assert again is not first and all(a is b for a, b in zip(first, again, strict=True))
    # One child's are read afresh (the child screen), not taken from the shared list.
    ref = first[0].child_ref
    assert load_decisions(demo, ref) == [d for d in load_decisions(demo) if d.child_ref == ref]
    done = first[0]
    mark_done(demo, done, today)
    after = load_decisions(demo, open_only=True)
    assert done.id not in {d.id for d in after}
    assert len(after) == len(first) - 1
