"""Search: / anywhere (and the palette) finds text; Enter opens the child's tab."""

from textual.widgets import Input, TabbedContent

from iro_tui.screens.child import ChildScreen
from iro_tui.screens.search import SearchScreen
from iro_tui.widgets.fit_table import FitTable

from .helpers import rows, run


def test_slash_searches_and_enter_opens_the_child_on_the_right_tab(demo, today):
    async def scenario(app, pilot):
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        assert isinstance(app.screen.focused, Input)
        await pilot.press(*"camhs")
        await pilot.pause()
        shown = rows(app.screen.query_one(FitTable))
        assert shown == [
            [
                "Ahmad Rahimi (100102)",
                "Decision",
                "27/11/2025",
                "decision",
                "Refer for CAMHS assessment of sleep and low mood",
            ]
        ]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen) and app.screen.child_ref == "100102"
        assert app.screen.query_one(TabbedContent).active == "decisions"

    run(scenario, demo, today)


def test_search_is_in_the_palette_and_says_when_nothing_is_found(demo, today):
    async def scenario(app, pilot):
        await pilot.press("ctrl+p")
        await pilot.press(*"search notes")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"zzqx")
        await pilot.pause()
        assert str(app.screen.query_one("#search-count").render()).startswith(
            "Nothing found in notes, decisions or reviews. A child by name or ID: the caseload"
        )
        assert app.screen.query_one(FitTable).row_count == 0

    run(scenario, demo, today)


def test_at_its_limit_the_search_says_there_may_be_more(demo, today, monkeypatch):
    """The search shows the newest LIMIT hits: "200 found" read as the whole count."""
    import iro_tui.screens.search as screen

    real = screen.search
    monkeypatch.setattr(screen, "LIMIT", 2)
    monkeypatch.setattr(screen, "search", lambda store, text: real(store, text, limit=2))

    async def scenario(app, pilot):
        await pilot.press("slash", *"the")
        await pilot.pause()
        assert app.screen.query_one(FitTable).row_count == 2
        count = str(app.screen.query_one("#search-count").render())
        assert count == "The newest 2 shown; there may be more: type more to narrow it."

    run(scenario, demo, today)


def test_enter_on_a_result_lands_on_the_decision_or_note_found(demo, today):
    """It opened the Decisions tab on its first row: a decision found sat among a decade
    of others (an adversarial check on a whole authority)."""
    seen = {}

    async def find(app, pilot, words: str, tab: str) -> str | None:
        await pilot.press("slash")
        await pilot.press(*words)
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen)
        assert app.screen.query_one(TabbedContent).active == tab
        table = app.screen.query_one(f"#{tab}-table", FitTable)
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        return key

    async def scenario(app, pilot):
        # Samir's done decision, listed after his open one.
        seen["decision"] = await find(app, pilot, "bank account", "decisions")
        seen["note"] = await find(app, pilot, "decisions on track", "timeline")

    from iro_tui.store.search import search

    run(scenario, demo, today)
    assert seen["decision"] == "7"
    first = search(demo, "decisions on track")[0]  # the newest such note, the first row
    assert first.kind == "note" and seen["note"] == first.row


def test_slash_on_a_drop_down_of_the_review_record_is_not_search(demo, today):
    """A date typed with the focus one box out, on a drop-down: its '/' opened Search
    over the review record (an adversarial check). On the diary, '/' still searches."""
    from textual.widgets import Select

    from iro_tui.screens.recording import RecordingScreen

    seen = {}

    async def scenario(app, pilot):
        app.open_child("100102")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        if not isinstance(app.screen, RecordingScreen):  # a draft offered: start afresh
            await pilot.press("right", "enter")
            await pilot.pause()
        seen["on a drop-down"] = isinstance(app.screen.focused, Select)
        await pilot.press(*"01/06")
        await pilot.pause()
        seen["record"] = type(app.screen).__name__
        await pilot.press("escape")
        await pilot.pause()
        while len(app.screen_stack) > 2:
            app.pop_screen()
            await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        seen["diary"] = type(app.screen).__name__

    run(scenario, demo, today)
    assert seen["on a drop-down"] and seen["record"] == "RecordingScreen"
    assert seen["diary"] == SearchScreen.__name__


def test_ctrl_f_in_the_search_box_selects_its_text_to_type_over(demo, today):
    seen = {}

    async def scenario(app, pilot):
        await pilot.press("slash", *"Garside", "ctrl+f", *"visit")
        await pilot.pause()
        seen["box"] = app.screen.query_one(Input).value

    run(scenario, demo, today)
    assert seen["box"] == "visit"
