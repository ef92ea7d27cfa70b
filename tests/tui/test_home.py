"""The app opens on the demo with a fixed clock and shouts what is overdue."""

import asyncio

from textual.widgets import DataTable, Static

from iro_tui.__main__ import make_app
from iro_tui.domain.clock import FixedClock
from iro_tui.screens.help import HelpScreen
from iro_tui.screens.home import HomeScreen

SIZE = (110, 30)


def run(coro):
    return asyncio.run(coro)


def test_the_home_screen_lists_the_agenda_overdue_first(demo, today):
    async def scenario():
        app = make_app(demo, FixedClock(today))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            table = app.screen.query_one(DataTable)
            rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
            assert rows[0][:4] == [
                "OVERDUE",
                "Ahmad Rahimi (100102)",
                "Review due",
                "Wed 27 May 2026",
            ]
            assert rows[0][4].strip() == "-5"
            assert all(row[0] == "" for row in rows[1:])
            assert ["Kidane Berhe (100108)", "1st review due", "Tue 09 Jun 2026"] == rows[3][1:4]
            assert rows[3][5] == "Fri 05 Jun"  # booked, deadline unmoved
            summary = str(app.screen.query_one("#summary", Static).render())
            assert summary.startswith("1 OVERDUE")
            assert app.screen.query_one("#summary").has_class("has-overdue")

    run(scenario())


def test_f1_opens_help_and_escape_closes_it_and_q_quits(demo, today):
    async def scenario():
        app = make_app(demo, FixedClock(today))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f1")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            assert isinstance(app.screen, HomeScreen)
            await pilot.press("q")
            await pilot.pause()
        assert app.return_code == 0

    run(scenario())


def test_a_refusal_is_explained_and_the_app_carries_on(demo, today, monkeypatch):
    from iro_tui.errors import BadStore

    def unreadable():
        raise BadStore("the store cannot be read just now")

    async def scenario():
        app = make_app(demo, FixedClock(today))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            rows_before = app.screen.query_one(DataTable).row_count
            monkeypatch.setattr(demo, "load_cases", unreadable)
            await pilot.press("r")
            await pilot.pause()
            assert app.is_running and isinstance(app.screen, HomeScreen)
            assert [n.message for n in app._notifications] == ["the store cannot be read just now"]
            assert app.screen.query_one(DataTable).row_count == rows_before
            monkeypatch.undo()
            await pilot.press("f1")  # still responsive
            assert isinstance(app.screen, HelpScreen)

    run(scenario())


def test_snapshot_of_the_home_screen(snap_compare, demo, today):
    assert snap_compare(make_app(demo, FixedClock(today)), terminal_size=SIZE)
