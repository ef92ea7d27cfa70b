"""A closed screen is let go of: nothing keeps it, its widgets or their drawn lines alive
after it is closed (iro_tui/letting_go.py). Before, each annual report opened stayed in
memory through its worker's pool thread, and every header and text box of every screen
ever opened through the App's watchers; on a whole authority the Pilot probe's peak
memory grew with every round of screens."""

from __future__ import annotations

import gc
import weakref

from iro_tui.screens.report import ReportScreen
from tests.tui.helpers import run


async def _settled(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause(0.1)  # the screen under it has been drawn: it lets go then
    gc.collect()


def test_an_annual_report_closed_is_let_go_of_with_its_worker_done(demo, today):
    kept: dict[str, weakref.ref] = {}

    async def scenario(app, pilot):
        await pilot.press("R")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        kept["report"] = weakref.ref(app.screen)
        kept["bar"] = weakref.ref(app.screen.query_one("#report-progress"))
        await pilot.press("escape")
        await _settled(app, pilot)
        assert type(app.screen).__name__ == "DiaryScreen"
        assert kept["report"]() is None, "the closed report is still in memory"
        assert kept["bar"]() is None

    run(scenario, demo, today)


def test_the_recording_forms_boxes_and_headers_are_let_go_of_when_it_closes(demo, today):
    kept: list[weakref.ref] = []
    drawn: list[weakref.ref] = []

    async def scenario(app, pilot):
        for key in ("c", "down", "enter", "r"):
            await pilot.press(key)
            await pilot.pause()
        if type(app.screen).__name__ == "Confirm":  # a draft from the demo: start again
            await pilot.press("right", "enter")
            await pilot.pause()
        assert type(app.screen).__name__ == "RecordingScreen"
        boxes = list(app.screen.query("TextArea")) + list(app.screen.query("Header"))
        assert len(boxes) >= 7
        kept.extend(weakref.ref(box) for box in boxes)
        drawn.extend(weakref.ref(box._styles_cache) for box in boxes)
        del boxes  # only the weak references: the test keeps nothing alive itself
        await pilot.press("escape")
        await pilot.pause()
        if type(app.screen).__name__ == "Confirm":
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("escape", "escape")
        await _settled(app, pilot)
        assert type(app.screen).__name__ == "DiaryScreen"
        alive = [ref() for ref in kept if ref() is not None]
        assert alive == [], f"closed widgets still in memory: {alive}"
        # What each had drawn (its lines), kept by Textual's memo of background styles.
        assert [ref for ref in drawn if ref() is not None] == []
        # And the App lists no closed widget among those watching its title or theme.
        watching = getattr(app, "__watchers", {})
        closed = [node for watchers in watching.values() for node, _ in watchers if node._closing]
        assert closed == []

    run(scenario, demo, today)
