"""On screen, typed or imported text is shown as written: Rich/Textual markup in a
name is not styling, and terminal escapes never reach the terminal (issue 13)."""

from textual.widgets import DataTable, _data_table

from iro_tui.screens.caseload import CaseloadScreen
from iro_tui.store.changes import update_profile
from iro_tui.widgets.form import FormModal

from .helpers import error_of, fill, run

NAME = "[bold]Ayla[/bold] [link=https://evil.example]x[/link]"


def test_a_name_with_markup_shows_literally_in_tables_banners_and_messages(demo, today):
    update_profile(demo, "100113", {"preferred_name": NAME, "disability": "\x1b[2Jgone"})

    async def scenario(app, pilot):
        await pilot.press("c")
        assert isinstance(app.screen, CaseloadScreen)
        table = app.screen.query_one(DataTable)
        app.screen.query_one("Input").value = "100113"
        await pilot.pause()
        name = table.get_row_at(0)[0]
        cell = _data_table.default_cell_formatter(name)  # what the table draws
        assert cell.plain.startswith(NAME)
        assert not any("bold" in str(s.style) or "link" in str(s.style) for s in cell.spans)
        assert "[bold]Ayla[/bold]" in app.export_screenshot()  # as written, on screen
        app.open_child("100113")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        fill(app, given_name="")
        await pilot.press("f2")
        await pilot.pause()
        assert "Given name is required" in error_of(app, "given_name")
        app.notify("no child [red]X[/red] here \x1b[31m")
        await pilot.pause()
        notes = [str(n.message) for n in app._notifications]
        assert "no child [red]X[/red] here " in notes
        svg = app.export_screenshot()
        assert "\x1b" not in svg

    run(scenario, demo, today)
