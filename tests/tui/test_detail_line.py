"""The line under a table that shows the selected row in full (widgets/detail_line.py):
typed text is shown as typed, and the table keeps its size as the cursor moves."""

from textual.widgets import DataTable, TabbedContent

from iro_tui.screens.child import ChildScreen
from iro_tui.screens.drift import DriftScreen
from iro_tui.screens.search import SearchScreen
from iro_tui.widgets.agenda_table import AgendaTable
from iro_tui.widgets.detail_line import DetailLine

from .helpers import run

# Square brackets are Textual markup: "[mum agrees]" would vanish as an unknown style,
# and "[/b]", a closing tag with nothing open, stopped the screen with an error.
TYPED = "Refer for CAMHS [mum agrees] assessment [/b] of sleep"


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector, DetailLine).render())


def test_brackets_in_a_decision_show_as_typed_in_drift_child_and_search(demo, today):
    with demo.conn:
        changed = demo.conn.execute(
            "UPDATE decisions SET text = ? WHERE text LIKE 'Refer for CAMHS%'", [TYPED]
        ).rowcount
    assert changed == 1

    async def scenario(app, pilot):
        await pilot.press("d")
        assert isinstance(app.screen, DriftScreen)
        assert shown(app, "#drift-detail").startswith(TYPED + " · Tom Ellery")

        await pilot.press("escape")
        app.open_child("100102")
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen)
        await pilot.press("6")
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "decisions"
        assert shown(app, "#decision-detail").startswith(TYPED + " · Tom Ellery · made")

        await pilot.press("escape", "slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"camhs")
        await pilot.pause()
        assert TYPED in shown(app, "#search-detail")
        assert TYPED in app.export_screenshot().replace("&#160;", " ")

    run(scenario, demo, today)


def test_the_diary_table_keeps_its_size_while_the_detail_changes_length(demo, today):
    async def scenario(app, pilot):
        table = app.screen.query_one("#agenda", AgendaTable)
        detail = app.screen.query_one("#agenda-detail", DetailLine)
        width = detail.content_size.width
        sizes, lengths = set(), set()
        for _ in range(min(table.row_count, 15)):
            sizes.add((table.size, detail.size))
            lengths.add(len(str(detail.render())) > width)
            await pilot.press("down")
            await pilot.pause()
        assert lengths == {True, False}, "the moves met both a short and a long detail"
        assert len(sizes) == 1, sizes
        assert detail.outer_size.height == 3
        assert isinstance(app.screen.focused, DataTable)

    run(scenario, demo, today, size=(80, 24))
