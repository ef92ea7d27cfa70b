"""The caseload: filter as you type, sort, include children who left care, open a child."""

from textual.widgets import DataTable, Input, Static

from iro_tui.screens.caseload import CaseloadScreen
from iro_tui.screens.child import ChildScreen

from .helpers import SIZE, rows, run


def names(app) -> list[str]:
    return [r[0] for r in rows(app.screen.query_one(DataTable))]


def test_caseload_filters_sorts_toggles_and_opens(demo, today):
    async def scenario(app, pilot):
        await pilot.press("c")
        assert isinstance(app.screen, CaseloadScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 16  # in care; Bereket has left
        # Sorted by days to the statutory review: the overdue child first, with the date.
        first = rows(table)[0]
        assert first[:5] == [
            "Ahmad Rahimi",
            "100102",
            "27/05/2026",
            "5 days overdue",
            "3 (3 overdue)",
        ]
        assert first[9] == "Brent"  # Area joins at 120 columns; Out of area at 140

        assert isinstance(app.screen.focused, Input)  # filter as you type
        await pilot.press(*"leila")
        assert names(app) == ["Leila Ahmadi"]
        app.screen.query_one(Input).value = "10011"  # by ID prefix
        await pilot.pause()
        assert len(names(app)) == 7  # 100110-100116; 100117 has left care
        app.screen.query_one(Input).value = ""
        await pilot.pause()
        await pilot.press("down")  # from the box to the list
        assert isinstance(app.screen.focused, DataTable)

        await pilot.press("l")
        assert "Bereket Haile (left care)" in names(app)
        await pilot.press("ctrl+f")
        assert isinstance(app.screen.focused, Input)
        await pilot.press("enter")
        assert isinstance(app.screen.focused, DataTable)
        await pilot.press("l")
        assert "Bereket Haile (left care)" not in names(app)

        await pilot.press("s")  # next column after "Due": open decisions
        status = str(app.screen.query_one("#count", Static).render())
        assert "sorted by Decisions ↑" in status
        await pilot.press("S")
        assert names(app)[0] == "Ahmad Rahimi"  # 3 open decisions, the most
        assert "sorted by Decisions ↓" in str(app.screen.query_one("#count", Static).render())

        # The selection stays on the child it was on (Leila, from the filter) through
        # the sort; the first row is Ahmad's.
        table = app.screen.query_one(DataTable)
        assert table.get_row_at(table.cursor_row)[0].plain == "Leila Ahmadi"
        table.move_cursor(row=0)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen) and app.screen.child_ref == "100102"
        await pilot.press("escape")
        assert isinstance(app.screen, CaseloadScreen)

    run(scenario, demo, today)


def test_snapshot_caseload(snap_compare, demo, today):
    from iro_tui.__main__ import make_app
    from iro_tui.domain.clock import FixedClock

    async def steady_cursor(pilot):
        # The filter box's cursor blinks on a timer: the picture must not depend on when.
        # it is taken.
        await pilot.press("c")
        await pilot.pause()
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await pilot.pause()

    assert snap_compare(
        make_app(demo, FixedClock(today)), terminal_size=SIZE, run_before=steady_cursor
    )


def test_a_child_whose_next_review_falls_after_18_shows_the_final_review(demo, today):
    # Mohamed Abdi (100104), born 08/07/2008: his 6-monthly review would fall after his
    # 18th birthday (08/07/2026), so there is no statutory deadline; the final review is
    # due 4 weeks before it, 10/06/2026 (window from 27/05/2026), 9 days after today.
    async def scenario(app, pilot):
        await pilot.press("c")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        row = table.get_row("100104")
        columns = [c.value for c in table.columns]
        cells = dict(zip(columns, (str(c) for c in row), strict=True))
        assert cells["review_due"] == "10/06/2026"
        assert cells["days_to_review"] == "in 9 days"

    run(scenario, demo, today)


def test_a_child_with_no_period_of_care_on_file_is_not_in_care_never_left_care(tmp_path):
    """A 903 return's header row alone (900006): the caseload said "(left care)", the
    child's own screen "not in care". Both now say not in care."""
    from datetime import date

    from iro_tui.__main__ import main
    from iro_tui.paths import fixtures_dir
    from iro_tui.store import open_store

    path = tmp_path / "oneyear.sqlite"
    args = ["--db", str(path), "--today", "2026-04-15", "--plain", "import-903"]
    assert main([*args, str(fixtures_dir() / "903-oneyear")]) == 0
    store = open_store(path)
    (given, family) = store.conn.execute(
        "SELECT given_name, family_name FROM children WHERE child_ref = '900006'"
    ).fetchone()
    shown = " ".join(p for p in (given, family) if p) or "Child 900006"

    async def scenario(app, pilot):
        await pilot.press("c", "down", "l")
        names = [r[0] for r in rows(app.screen.query_one(DataTable))]
        assert f"{shown} (not in care)" in names
        assert not any(n.startswith(shown) and "left care" in n for n in names)

    run(scenario, store, date(2026, 4, 15))
    store.close()


def test_enter_in_the_filter_opens_the_one_child_it_found(demo, today):
    async def scenario(app, pilot):
        await pilot.press("c")
        await pilot.press(*"dawit")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen) and app.screen.child_ref == "100101"
        await pilot.press("escape")
        await pilot.pause()
        # Several found: Enter goes to the list, to choose.
        app.screen.query_one(Input).value = "10011"
        await pilot.pause()
        await pilot.press("enter")
        assert isinstance(app.screen, CaseloadScreen)
        assert isinstance(app.screen.focused, DataTable)

    run(scenario, demo, today)


def test_s_after_the_window_narrows_past_the_sorted_column_goes_on(demo, today):
    """Sorted by Age at 120 columns, then the window made 80 wide (Age not shown): s
    stopped the app with a ValueError."""
    said = []

    async def scenario(app, pilot):
        await pilot.press("c")
        await pilot.press("down")
        for _ in range(3):  # Due -> Decisions -> Legal -> Age
            await pilot.press("s")
        said.append(str(app.screen.query_one("#count", Static).render()))
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.press("s")  # Place and Last footprint are not shown at 80: Name
        await pilot.pause()
        said.append(str(app.screen.query_one("#count", Static).render()))

    run(scenario, demo, today)
    assert "sorted by Age ↑" in said[0]
    assert "sorted by Name ↑" in said[1]


def test_sorted_by_name_the_caseload_is_in_family_name_order(demo, today):
    """Sorted by the name shown ("Given Family"), the list read in first-name order."""
    seen = {}

    async def scenario(app, pilot):
        await pilot.press("c")
        await pilot.press("down")
        await pilot.pause()
        screen = app.screen
        screen.sort_column("name")
        await pilot.pause()
        seen["names"] = names(app)

    run(scenario, demo, today)
    families = [n.split()[-1] for n in seen["names"]]
    assert families == sorted(families, key=str.casefold), seen["names"]
    assert seen["names"][:2] == ["Mohamed Abdi", "Leila Ahmadi"]


def test_a_child_on_the_red_list_is_marked_before_their_name_at_80_columns(demo, today):
    """Nothing on the caseload said who was on the red list, at any width."""
    from iro_tui.store.changes import update_profile

    on_it = "SELECT count(*) FROM children WHERE red_list = 1"
    assert demo.conn.execute(on_it).fetchone()[0] == 1  # Minh, in the demo
    update_profile(demo, "100108", {"red_list": True})  # Kidane
    seen = {}

    async def scenario(app, pilot):
        await pilot.press("c")
        await pilot.pause()
        seen["names"] = names(app)

    run(scenario, demo, today, size=(80, 24))
    marked = sorted(n for n in seen["names"] if n.startswith("RL "))
    assert marked == ["RL Kidane Berhe", "RL Minh Nguyen"], seen["names"]  # Minh's demo's
    assert "Kidane Berhe" not in seen["names"] and "Samir Haddad" in seen["names"]


def test_a_name_typed_on_the_list_goes_to_the_filter(demo, today):
    """Back from a child the list has the keys, and a name typed there was lost letter
    by letter (the 'l' of "Leila" showed the children who left care)."""
    seen = {}

    async def scenario(app, pilot):
        await pilot.press("c", "down")
        assert isinstance(app.screen.focused, DataTable)
        await pilot.press(*"Leila")
        await pilot.pause()
        seen["box"] = app.screen.query_one(Input).value
        seen["names"] = names(app)
        seen["count"] = str(app.screen.query_one("#count", Static).render())
        await pilot.press("down")  # to the list again, where l is the list's key
        await pilot.press("l")
        await pilot.pause()
        seen["then"] = str(app.screen.query_one("#count", Static).render())

    run(scenario, demo, today)
    assert seen["box"] == "Leila" and seen["names"] == ["Leila Ahmadi"]
    assert "including children who left care" not in seen["count"]
    assert "including children who left care" in seen["then"]


def test_a_name_typed_with_c_in_one_burst_and_a_new_one_on_the_list_are_the_filter(demo, today):
    """ "chath" typed in one burst opened the caseload with the box empty (the letters
    went to the diary's table); a name typed on the list was added to the old filter
    ("hathkai": nothing shown, and nothing said why)."""
    from textual import events

    seen = {}

    async def scenario(app, pilot):
        for letter in "cleila":
            app.post_message(events.Key(letter, letter))
        await pilot.pause()
        await pilot.pause()
        seen["burst"] = (type(app.screen).__name__, app.screen.query_one(Input).value)
        await pilot.press("down")  # to the list, Leila's row
        await pilot.press(*"Tyler")
        await pilot.pause()
        seen["new"] = app.screen.query_one(Input).value
        seen["names"] = names(app)

    run(scenario, demo, today)
    assert seen["burst"] == ("CaseloadScreen", "leila")
    assert seen["new"] == "Tyler" and seen["names"] == ["Tyler Brooks"]


def test_an_empty_list_says_why_and_ctrl_f_in_the_box_selects_to_type_over(demo, today):
    seen = {}

    async def scenario(app, pilot):
        await pilot.press("c", *"zzq")
        await pilot.pause()
        seen["count"] = str(app.screen.query_one("#count", Static).render())
        await pilot.press("ctrl+f", *"Tyler")
        await pilot.pause()
        seen["box"] = app.screen.query_one(Input).value

    run(scenario, demo, today)
    assert "0 shown" in seen["count"]
    assert "no name or ID has 'zzq': ctrl+f and type over it" in seen["count"]
    assert seen["box"] == "Tyler"


def test_a_name_typed_fast_on_the_list_keeps_every_letter(demo, today):
    """Typed at full speed the letters reached the list before the box had the focus:
    each replaced the last ("Tyler" became "r"), and its l was the list's key."""
    from textual import events

    seen = {}

    async def scenario(app, pilot):
        await pilot.press("c", "down")
        for letter in "Tyler":
            app.post_message(events.Key(letter, letter))
        await pilot.pause()
        await pilot.pause()
        seen["box"] = app.screen.query_one(Input).value
        seen["names"] = names(app)
        seen["count"] = str(app.screen.query_one("#count", Static).render())

    run(scenario, demo, today)
    assert seen["box"] == "Tyler" and seen["names"] == ["Tyler Brooks"]
    assert "including children who left care" not in seen["count"]
