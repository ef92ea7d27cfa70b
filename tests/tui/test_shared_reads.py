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
