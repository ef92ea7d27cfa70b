"""The diary, the caseload and the drift tracker share one read of everyone's cases."""

from iro_tui.screens.caseload import CaseloadScreen
from iro_tui.screens.diary import DiaryScreen
from iro_tui.screens.drift import DriftScreen

from .helpers import run


def test_switching_screens_reads_the_authority_once(demo, today):
    async def scenario(app, pilot):
        assert isinstance(app.screen, DiaryScreen)
        reads = demo.reads
        await pilot.press("c")
        assert isinstance(app.screen, CaseloadScreen)
        await pilot.press("escape")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DriftScreen)
        assert demo.reads == reads  # the diary read them; the others shared that

    run(scenario, demo, today)


def test_the_caseload_is_counted_once_until_something_is_written(demo, today):
    """Back and forth between the diary and the caseload shares one set of rows; a
    note written in between is in the next caseload (its last footprint is today)."""
    from iro_tui.domain.between import FootprintNote
    from iro_tui.store.between import add_note

    async def scenario(app, pilot):
        await pilot.press("c")
        await pilot.pause()
        first = app.screen.rows
        await pilot.press("escape", "c")
        await pilot.pause()
        assert isinstance(app.screen, CaseloadScreen)
        assert app.screen.rows is first
        await pilot.press("escape")
        add_note(
            demo,
            "100101",
            FootprintNote(note_date=today, kind="visit", text="Visited.", today=today),
        )
        await pilot.press("c")
        await pilot.pause()
        assert app.screen.rows is not first
        dawit = next(r for r in app.screen.rows if r.child_ref == "100101")
        assert dawit.last_footprint == today
        assert next(r for r in first if r.child_ref == "100101").last_footprint != today

    run(scenario, demo, today)
