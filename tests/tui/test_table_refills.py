"""A table is refilled only when what it would show differs from what it shows (issue
12): a write made while another screen is on top is still there on the way back, and
a return with nothing changed leaves the table as it was."""

from datetime import timedelta

from textual.widgets import DataTable

from iro_tui.domain.between import FootprintNote, ProgressUpdate
from iro_tui.domain.records import Appointment
from iro_tui.screens.caseload import CaseloadScreen
from iro_tui.screens.child import ChildScreen
from iro_tui.screens.diary import DiaryScreen
from iro_tui.screens.drift import DriftScreen
from iro_tui.store.between import add_note, update_decision
from iro_tui.store.changes import save_appointment
from iro_tui.widgets.agenda_table import AgendaTable
from iro_tui.widgets.month import MonthCalendar
from iro_tui.widgets.paged_table import PagedTable
from iro_tui.widgets.when import day

from .helpers import rows, run


def test_back_on_the_caseload_a_note_written_meanwhile_shows(demo, today):
    async def scenario(app, pilot):
        await pilot.press("c", "down")
        assert isinstance(app.screen, CaseloadScreen)
        table = app.screen.query_one(PagedTable)
        assert str(table.get_cell("100101", "last_footprint")) != day(today)
        table.move_cursor(row=table.get_row_index("100101"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen)
        add_note(
            demo,
            "100101",
            FootprintNote(note_date=today, kind="visit", text="Visited.", today=today),
        )
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CaseloadScreen)
        assert str(table.get_cell("100101", "last_footprint")) == day(today)
        assert table.cursor_key() == "100101"  # still on the child it was on

    run(scenario, demo, today)


def test_back_on_the_caseload_with_nothing_changed_it_is_not_refilled(demo, today):
    async def scenario(app, pilot):
        await pilot.press("c", "down")
        table = app.screen.query_one(PagedTable)
        before = rows(table)
        fills = []
        original = table.fill

        def counted(*args, **kwargs):
            fills.append(1)
            original(*args, **kwargs)

        table.fill = counted
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CaseloadScreen)
        # Loaded again (as after a write elsewhere) to the same rows: left as it is.
        app.screen.load()
        await pilot.pause()
        assert fills == []
        assert rows(table) == before

    run(scenario, demo, today)


def test_back_on_the_diary_an_appointment_added_meanwhile_shows(demo, today):
    when = today + timedelta(days=3)

    async def scenario(app, pilot):
        assert isinstance(app.screen, DiaryScreen)
        await pilot.press("v", "v")  # the month view, made when first shown, and back
        await pilot.press("c")
        assert isinstance(app.screen, CaseloadScreen)
        save_appointment(
            demo, Appointment(kind="other", title="Panel about placements", appt_date=when)
        )
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DiaryScreen)
        agenda = app.screen.query_one("#agenda", AgendaTable)
        assert any("Panel about placements" in row[4] for row in rows(agenda))
        calendar = app.screen.query_one(MonthCalendar)
        on_the_day = [item for item in app.screen.items if item.due == when]
        assert any(item.title == "Panel about placements" for item in on_the_day)
        assert calendar.by_day[when] == on_the_day  # the month counts it too

    run(scenario, demo, today)


def test_back_on_the_drift_tracker_a_decision_done_meanwhile_has_gone(demo, today):
    async def scenario(app, pilot):
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DriftScreen)
        line = app.screen.selected()
        assert line is not None and line.decision.id is not None
        table = app.screen.query_one(DataTable)
        assert any(row[0].strip() == line.decision.text for row in rows(table))
        await pilot.press("f1")
        await pilot.pause()
        update_decision(
            demo,
            ProgressUpdate(
                decision_id=line.decision.id,
                state="done",
                recorded_date=today,
                completed_date=today,
            ),
        )
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DriftScreen)
        assert not any(row[0].strip() == line.decision.text for row in rows(table))

    run(scenario, demo, today)


def _count_calls(monkeypatch, table, method: str) -> list[int]:
    calls: list[int] = []
    original = getattr(table, method)

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(table, method, counted)
    return calls


def test_the_diary_and_the_drift_tracker_reloaded_unchanged_are_not_refilled(
    demo, today, monkeypatch
):
    async def scenario(app, pilot):
        agenda = app.screen.query_one("#agenda", AgendaTable)
        await pilot.press("v", "v")  # the month view, made when first shown, and back
        day_items = app.screen.query_one("#day-items", AgendaTable)
        before = rows(agenda)
        clears = _count_calls(monkeypatch, agenda, "clear")
        day_clears = _count_calls(monkeypatch, day_items, "clear")
        agenda.move_cursor(row=0)  # a section heading
        app.screen.action_refresh()
        await pilot.pause()
        assert clears == [] and day_clears == []
        assert rows(agenda) == before
        assert agenda.cursor_row == 1  # off the heading, to the first item, as a refill does

        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DriftScreen)
        table = app.screen.query_one(PagedTable)
        await pilot.press("down", "down")
        kept, before = table.cursor_row, rows(table)
        fills = _count_calls(monkeypatch, table, "fill")
        app.screen.load()
        await pilot.pause()
        assert fills == []
        assert rows(table) == before and table.cursor_row == kept
        await pilot.press("g")  # grouped by child: different rows, so refilled
        assert fills == [1]

    run(scenario, demo, today)


def test_a_paged_table_s_rows_added_a_page_at_once_are_those_add_row_leaves():
    """PagedTable adds a page's rows in one go (issue 12: add_row's bookkeeping for each
    row was a fifth of a caseload sort). What it leaves must be what add_row leaves, row
    for row, so a Textual upgrade that changes the table's insides fails here first."""
    import asyncio

    import pytest
    from textual.app import App
    from textual.widgets.data_table import DuplicateKey

    cells = [((f"Child {n}", f"1{n:05}", n), {"key": f"1{n:05}"}) for n in range(250)]
    seen = {}

    class Both(App[None]):
        def compose(self):
            yield PagedTable(id="paged", cursor_type="row")
            yield DataTable(id="plain", cursor_type="row")

        def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
            seen.setdefault(event.data_table.id, []).append(event.cursor_row)

    def state(table):
        order = [table.coordinate_to_cell_key((i, 0)).row_key.value for i in range(table.row_count)]
        data = {k.value: {c.value: v for c, v in row.items()} for k, row in table._data.items()}
        shape = {k.value: (r.height, r.label, r.auto_height) for k, r in table.rows.items()}
        return order, data, shape, table.cursor_coordinate, table.get_row_at(230)

    async def main():
        app = Both()
        async with app.run_test(size=(80, 24)) as pilot:
            paged, plain = app.query_one("#paged", PagedTable), app.query_one("#plain", DataTable)
            for table in (paged, plain):
                for label in ("Name", "ID", "N"):
                    table.add_column(label, key=label.lower())
            paged.fill(iter(cells), keys=[options["key"] for _, options in cells])
            paged.keep_row("100230")  # three pages more, fitted once
            for row, options in cells:
                plain.add_row(*row, **options)
            plain.move_cursor(row=230)
            await pilot.pause()
            seen["states"] = state(paged), state(plain)
            with pytest.raises(DuplicateKey):
                paged._append(iter([(("Again", "100007", 7), {"key": "100007"})]))

    asyncio.run(main())
    paged_state, plain_state = seen["states"]
    assert paged_state[0][:3] == ["100000", "100001", "100002"]
    assert paged_state == plain_state
    assert seen["paged"][0] == seen["plain"][0] == 0  # the first row highlighted, as ever
