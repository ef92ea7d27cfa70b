"""A placement code of an earlier 903 year (imported history) never breaks a screen."""

from textual.widgets import DataTable, Select

from iro_tui.screens.child import ChildScreen
from iro_tui.widgets.form import FormModal

from ..conftest import store_contents
from .helpers import error_of, fill, rows, run


def test_a_retired_placement_code_shows_in_words_and_a_move_asks_for_a_current_one(demo, today):
    demo.conn.execute(
        "UPDATE episodes SET place = 'H5' WHERE child_id = "
        "(SELECT id FROM children WHERE child_ref = '100101')"
    )
    demo.conn.commit()
    seen = {}

    async def scenario(app, pilot):
        app.open_child("100101")
        await pilot.pause()
        await pilot.press("2")  # the Legal status tab, filled when shown
        await pilot.pause()
        seen["episodes"] = rows(app.screen.query_one("#episodes", DataTable))
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        assert app.screen.query_one("#field-place", Select).value == "H5"
        seen["before"] = store_contents(demo.path)
        await pilot.press("f2")
        await pilot.pause()
        seen["error"] = error_of(app, "place")
        seen["unchanged"] = store_contents(demo.path) == seen["before"]
        fill(app, place="K3", reason_place_change="CARPL", carer_changed=True)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen)

    run(scenario, demo, today)
    assert seen["episodes"][0][4].startswith("H5: semi-independent living")
    assert seen["error"] == "is not one of the allowed choices"
    assert seen["unchanged"]
    places = [e.place.value for e in demo.load_episodes("100101")]
    assert places == ["H5", "K3"]
