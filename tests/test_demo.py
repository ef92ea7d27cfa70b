"""The demo is alive whenever it is opened: dates shift by whole weeks from the anchor."""

from datetime import date
from pathlib import Path

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
    # Counted after the shift: Wed 11 Nov 2026 + 5 WD = Wed 18 Nov (at the anchor,
    # 20 May + 5 WD crosses the 25 May bank holiday to 28 May: a week-shifted copy of
    # that date would be 6 WD).
    assert date.fromisoformat(due) == date(2026, 11, 18)
    done = {r[0] for r in store.conn.execute("SELECT done_date FROM checklist_items")}
    assert (date(2026, 5, 13) + shift).isoformat() in done
    # Every episode's placement details found their episode by its shifted DECOM.
    assert (
        store.conn.execute("SELECT count(*) FROM placements").fetchone()[0]
        == store.conn.execute("SELECT count(*) FROM episodes").fetchone()[0]
        == 22
    )
    store.close()


@pytest.mark.parametrize("today", [date(2026, 6, 1), date(2026, 11, 22), date(2026, 12, 21)])
def test_demo_escalation_responses_are_due_5_working_days_after_opening(tmp_path, today):
    from iro_tui.domain.rulebook import load_rulebook

    calendar = load_rulebook("england").calendar
    store = build_demo(tmp_path / "d.sqlite", today)
    stages = store.conn.execute("SELECT opened_date, response_due FROM escalation_stages")
    for opened, due in stages:
        assert (
            calendar.working_days_between(date.fromisoformat(opened), date.fromisoformat(due)) == 5
        )
        assert calendar.is_working_day(date.fromisoformat(due))
    store.close()


def test_the_demo_has_three_reviews_recorded_in_full(demo):
    """Every export of these shows a real record: attendance, views, matters,
    decisions linked to the review, and the IRO's name and contact."""
    from iro_tui.interchange.documents import gather

    full = [
        row[0]
        for row in demo.conn.execute(
            "SELECT r.id FROM reviews r WHERE r.status = 'held' "
            "AND EXISTS (SELECT 1 FROM attendance a WHERE a.review_id = r.id) "
            "AND EXISTS (SELECT 1 FROM review_matters m WHERE m.review_id = r.id) "
            "AND EXISTS (SELECT 1 FROM decisions d WHERE d.review_id = r.id) "
            "AND r.child_views IS NOT NULL"
        )
    ]
    assert len(full) >= 3
    ages = sorted(gather(demo, review_id)["age"] for review_id in full)
    assert ages[0] < 8 and any(8 <= a < 13 for a in ages) and ages[-1] >= 13
    assert demo.get_setting("iro_name") == "Sam Okoro"
    assert demo.get_setting("iro_phone") and demo.get_setting("iro_email")
    # Every demo decision hangs off the review that made it.
    assert (
        demo.conn.execute("SELECT count(*) FROM decisions WHERE review_id IS NULL").fetchone()[0]
        == 0
    )


def test_demo_keep_leaves_the_copy_to_reopen(tmp_path, monkeypatch, capsys):
    """`--demo --keep` keeps the throwaway copy and says where, so a newcomer can
    quit mid-review and reopen it with --db to see the draft offered back."""
    import tempfile

    from iro_tui.__main__ import main

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert main(["--demo", "--keep", "--today", "2026-06-01", "agenda", "--days", "1"]) == 0
    err = capsys.readouterr().err
    assert "The demo is kept at " in err
    path = err.split("The demo is kept at ")[1].split(":")[0]
    assert Path(path).is_file()
    assert main(["--db", path, "config", "get", "iro_name"]) == 0
    assert capsys.readouterr().out == "Sam Okoro\n"
