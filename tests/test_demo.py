"""The demo is alive whenever it is opened: dates shift by whole weeks from the anchor."""

from datetime import date

import pytest

from iro_tui.demo import ANCHOR, build_demo, demo_shift
from iro_tui.domain.agenda import build_agenda
from iro_tui.store.records import load_diary


@pytest.mark.parametrize("today", [date(2026, 11, 22), date(2027, 3, 3), date(2025, 1, 6)])
def test_the_demo_diary_is_alive_on_any_day(tmp_path, today):
    store = build_demo(tmp_path / "d.sqlite", today)
    items = build_agenda(load_diary(store, today), store.rulebook(), today, days=28)
    shift = demo_shift(today)
    assert shift.days % 7 == 0 and abs((ANCHOR + shift - today).days) <= 3
    assert any(i.overdue for i in items)
    assert sum(not i.overdue for i in items) >= 4
    # Weekdays survive the shift: a booked review stays on a weekday.
    booked = [
        date.fromisoformat(r[0])
        for r in store.conn.execute("SELECT scheduled_date FROM reviews WHERE status = 'planned'")
    ]
    assert booked and all(day.weekday() < 5 for day in booked)
    store.close()


def test_the_demo_holds_what_the_mission_describes(demo, today):
    cases = demo.load_cases()
    in_care = [c for c in cases if c.looked_after_on(today)]
    uasc_boys = [c for c in in_care if c.child.uasc and c.child.sex == "M"]
    assert len(cases) == 17 and len(in_care) == 16 and len(uasc_boys) >= 12
    assert [c.child.sex for c in in_care].count("F") == 1
    assert any(e.ls == "C2" for c in in_care for e in c.episodes[-1:])
    assert (
        demo.conn.execute("SELECT count(*) FROM missing_episodes WHERE mis_end IS NULL").fetchone()[
            0
        ]
        == 1
    )
    overdue = demo.conn.execute(
        "SELECT count(*) FROM decisions WHERE status = 'open' AND due_date < ?", [today.isoformat()]
    ).fetchone()[0]
    assert overdue >= 3


def test_every_demo_date_moves_together(tmp_path):
    """At a non-zero shift, nested dates (checklists, escalation stages, placements
    keyed by DECOM) move with everything else."""
    store = build_demo(tmp_path / "d.sqlite", date(2026, 11, 22))
    shift = demo_shift(date(2026, 11, 22))
    assert shift.days > 0
    opened, due = store.conn.execute(
        "SELECT opened_date, response_due FROM escalation_stages"
    ).fetchone()
    assert date.fromisoformat(opened) == date(2026, 5, 20) + shift
    assert date.fromisoformat(due) == date(2026, 5, 28) + shift
    done = {r[0] for r in store.conn.execute("SELECT done_date FROM checklist_items")}
    assert (date(2026, 5, 13) + shift).isoformat() in done
    # Every episode's placement details found their episode by its shifted DECOM.
    assert (
        store.conn.execute("SELECT count(*) FROM placements").fetchone()[0]
        == store.conn.execute("SELECT count(*) FROM episodes").fetchone()[0]
        == 22
    )
    store.close()
