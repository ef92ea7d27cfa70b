"""The terminal closed (SIGHUP) or the system stopping the app (SIGTERM): what is typed
is kept as drafts at once, not at the next half-second draft (the last half second typed
before a terminal window was closed was lost: an adversarial check)."""

from iro_tui.screens.recording import RecordingScreen
from iro_tui.widgets.form import FormModal

from .helpers import count, fill, run

NOTE_DRAFT = "SELECT count(*) FROM form_drafts WHERE payload LIKE '%disclosed just now%'"
REVIEW_DRAFT = "SELECT count(*) FROM review_drafts WHERE payload LIKE '%football club%'"


def hung_up(demo, today, typing, draft) -> tuple[int, int]:
    """The drafts holding what `typing` typed, before the hang-up and after it."""
    seen = {}

    async def scenario(app, pilot):
        await typing(app, pilot)
        seen["before"] = count(demo, draft)  # the half-second timer has not run
        app.keep_drafts()  # as the app's SIGHUP and SIGTERM handlers do first
        seen["after"] = count(demo, draft)

    run(scenario, demo, today)
    return seen["before"], seen["after"]


def test_a_hang_up_keeps_a_review_being_recorded(demo, today):
    async def typing(app, pilot):
        app.open_child("100101")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RecordingScreen)
        fill(app, venue="Wants to join a football club")

    assert hung_up(demo, today, typing, REVIEW_DRAFT) == (0, 1)


def test_a_hang_up_keeps_a_footprint_note(demo, today):
    async def typing(app, pilot):
        app.open_child("100101")
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        fill(app, kind="visit", text="The child disclosed just now")

    assert hung_up(demo, today, typing, NOTE_DRAFT) == (0, 1)
