"""FitTable draws a one-line cell itself (widgets/cell_lines.py), faster than DataTable's
three layers of Rich. What it draws must be what DataTable draws, segment for segment:
every cell of every table on the demo's screens, and cells of every kind a table here
could be given, with and without the cursor and the mouse over them."""

import asyncio

from rich.text import Text
from textual.app import App
from textual.widgets import DataTable

from iro_tui.widgets.fit_table import FitTable, clip

from .helpers import run


def differences(table: FitTable) -> tuple[int, list[str]]:
    """How many cells were compared, and those FitTable draws unlike DataTable."""
    base = table.rich_style
    widths = [column.get_render_width(table) for column in table.columns.values()]
    compared, wrong = 0, []
    for row in range(table.row_count):
        for column, width in enumerate(widths):
            for cursor, hover in ((False, False), (True, False), (False, True), (True, True)):
                table._cell_render_cache.clear()
                ours = table._render_cell(row, column, base, width, cursor, hover)
                table._cell_render_cache.clear()
                theirs = DataTable._render_cell(table, row, column, base, width, cursor, hover)
                compared += 1
                if ours != theirs:
                    wrong.append(f"{table.id} row {row} column {column}: {ours!r} != {theirs!r}")
    return compared, wrong


def test_every_cell_on_the_demo_screens_is_drawn_as_datatable_draws_it(demo, today):
    checked: dict[str, int] = {}

    def check(app) -> None:
        for table in app.screen.query(FitTable):
            compared, wrong = differences(table)
            assert wrong == [], wrong[:3]
            checked[f"{type(app.screen).__name__}#{table.id}"] = compared

    async def scenario(app, pilot):
        check(app)  # the diary
        await pilot.press("c")
        await pilot.pause()
        check(app)  # the caseload
        await pilot.press("down", "enter")
        await pilot.pause()
        for tab in "123456789":
            await pilot.press(tab)
            await pilot.pause()
            check(app)  # each of the child's tabs
        await pilot.press("escape", "escape", "d")
        await pilot.pause()
        check(app)  # the drift tracker

    for size in ((120, 40), (80, 24)):  # at 80 columns long texts end in an ellipsis
        run(scenario, demo, today, size=size)
    screens = {"DiaryScreen#agenda", "CaseloadScreen#caseload", "DriftScreen#drift"}
    assert screens <= set(checked), checked
    assert sum(1 for name in checked if name.startswith("ChildScreen")) >= 4, checked
    assert all(checked.values()), checked


class Cells(App[None]):
    def compose(self):
        yield FitTable(id="cells", flexible=("long",))

    def on_mount(self) -> None:
        table = self.query_one(FitTable)
        table.add_column("Short", key="short")
        table.add_column("Long", key="long")
        wide = "Łukasz 張偉 café 🙂 naïve"
        styled = Text("due ")
        styled.append("3 days overdue", style="bold red")
        for index, (short, long) in enumerate(
            [
                ("plain", "a short line"),
                ("", ""),
                ("[b]markup[/b]", "[red]a string with markup[/red] and more " * 4),
                (clip("clipped"), clip("a long decision that will not fit in its column " * 3)),
                (styled, Text("right", justify="right")),
                (Text("centre", justify="center"), Text("crop " * 30, overflow="crop")),
                (Text("fold " * 30, overflow="fold", no_wrap=False), clip(wide * 4)),
                (wide, Text("tab\there", style="italic")),
                (Text("two\nlines"), 42),
            ]
        ):
            table.add_row(short, long, key=str(index))


def test_cells_of_every_kind_are_drawn_as_datatable_draws_them():
    async def main():
        for width in (30, 60, 120):
            app = Cells()
            async with app.run_test(size=(width, 16)) as pilot:
                await pilot.pause()
                table = app.query_one(FitTable)
                compared, wrong = differences(table)
                assert compared == 9 * 2 * 4
                assert wrong == [], wrong[:3]

    asyncio.run(main())


def test_a_refill_that_moves_the_rows_draws_each_cell_for_its_new_place():
    """A cell's text is kept by what it holds (DrawnTexts), so a refill in another order
    draws it from what was kept: it must still be drawn for its new row, as DataTable
    draws it there (the mouse finds a row by what its cells say of their place)."""

    async def main():
        app = Cells()
        async with app.run_test(size=(60, 16)) as pilot:
            await pilot.pause()
            table = app.query_one(FitTable)
            rows = [
                ([table.get_cell(key, "short"), table.get_cell(key, "long")], key.value)
                for key in list(table.rows)
            ]
            assert differences(table)[1] == []
            table.clear()
            for cells, key in reversed(rows):
                table.add_row(*cells, key=key)
            table.fit()
            await pilot.pause()
            kept = dict(table._texts._kept)
            compared, wrong = differences(table)
            assert compared == 9 * 2 * 4
            assert wrong == [], wrong[:3]
            # Drawn from what was kept: no text was drawn again for the new order.
            assert table._texts._kept.keys() == kept.keys()
            assert all(table._texts._kept[key][1] is drawn for key, (_, drawn) in kept.items())
            first = table._render_cell(0, 0, table.rich_style, 10)[0]
            assert first[0].style.meta["row"] == 0
            assert table.get_row_at(0)[0] == rows[-1][0][0]

    asyncio.run(main())
