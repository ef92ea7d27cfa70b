"""Boxes of several lines (a note, the child's views, a decision) under paste and undo."""

from textual import events
from textual.widgets import TextArea

from .helpers import run

PARAGRAPH = ("The carer says the contact went well and he slept after it. " * 8) + "\r"


def test_undoing_a_paste_that_ends_in_a_new_line_takes_it_away_and_the_app_stays(demo, today):
    """A paste ending in a new line, then ctrl+z: Textual's undo measured the cursor on a
    line it had just taken away (ValueError) and the app closed, in a footprint note and
    in a review's decision (found by an adversarial check)."""
    seen = {}

    async def scenario(app, pilot):
        await pilot.press("f5")
        await pilot.pause()
        note = app.screen.query_one("#field-text", TextArea)
        note.focus()
        await pilot.pause()
        app.post_message(events.Paste(PARAGRAPH))  # as the terminal hands a paste over
        await pilot.pause()
        seen["pasted"] = note.text
        await pilot.press("ctrl+z")
        await pilot.pause()
        seen["undone"] = (note.text, type(app.screen).__name__)
        await pilot.press("ctrl+y")
        await pilot.pause()
        seen["redone"] = note.text

    app = run(scenario, demo, today, size=(80, 24))
    assert app.return_code is None  # not stopped on an unexpected error
    assert seen["pasted"].startswith("The carer says") and seen["pasted"].endswith("\n")
    assert seen["undone"] == ("", "FormModal")
    assert seen["redone"] == seen["pasted"]
