"""The fast agenda (issue 12) shows exactly the items the straightforward one did.

agenda_reference.py keeps the agenda as it was computed before: every helper asking
the case again, every item a validated model. Both run on the demo, on the fixture
903 returns (a full history and a council's one-year return) and on a small
whole-authority store built by bench/make_store.py, each on several days, and must
give the same items, field for field, in the same order.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from iro_tui.demo import ANCHOR, build_demo
from iro_tui.domain.agenda import AgendaItem, build_agenda
from iro_tui.interchange.import903 import import_903
from iro_tui.paths import fixtures_dir
from iro_tui.store import open_store
from iro_tui.store.records import load_diary
from tests.domain import agenda_reference

BENCH = Path(__file__).resolve().parents[2] / "bench"
FIELDS = AgendaItem._fields
DAYS = [ANCHOR + timedelta(days=n) for n in (-400, -90, -1, 0, 1, 30, 200, 700)]


def fields(item) -> tuple:
    return tuple(getattr(item, name) for name in FIELDS)


def same_agenda(store, days: list[date]) -> int:
    """Both agendas on each day, and on the due dates of the first day's items (where
    overdue turns, and a deadline falls on today); the number of items compared."""
    rulebook = store.rulebook()
    first = agenda_reference.build_agenda(load_diary(store, days[0]), rulebook, days[0])
    dues = sorted({i.due for i in first})
    days = days + dues[:: max(1, len(dues) // 25)]
    compared = 0
    for today in days:
        data = load_diary(store, today)
        for horizon in (None, 28):
            fast = [fields(i) for i in build_agenda(data, rulebook, today, horizon)]
            slow = [
                fields(i) for i in agenda_reference.build_agenda(data, rulebook, today, horizon)
            ]
            assert fast == slow, f"the agendas differ on {today} (days={horizon})"
            compared += len(fast)
    return compared


def test_the_demo(tmp_path):
    store = build_demo(tmp_path / "demo.sqlite", ANCHOR)
    assert same_agenda(store, DAYS) > 100
    store.close()


@pytest.mark.parametrize("folder", ["903", "903-oneyear"])
def test_the_fixture_903_returns(tmp_path, folder):
    store = open_store(tmp_path / "s.sqlite")
    import_903(store, fixtures_dir() / folder, ANCHOR)
    assert same_agenda(store, DAYS) > 10
    store.close()


def test_a_small_authority_with_years_of_history(tmp_path):
    """Moves, adoption, short breaks, adjourned reviews, checklists, decisions, notes:
    bench/make_store.py writes them through the store as the app would."""
    sys.path.insert(0, str(BENCH))
    try:
        from make_store import build
    finally:
        sys.path.remove(str(BENCH))
    today = date(2026, 6, 1)
    build(14, tmp_path / "authority.sqlite", today)
    store = open_store(tmp_path / "authority.sqlite")
    assert same_agenda(store, [today, today - timedelta(days=500), today + timedelta(days=60)])
    store.close()
