"""Quitting with unsaved text asks first; in the long recording form the focus
follows the page keys, and a refused save takes the user to the field (issue 14)."""

from textual.widgets import Select, TextArea

from iro_tui.screens.recording import RecordingScreen
from iro_tui.screens.requests import WriteNote
from iro_tui.widgets.confirm import Confirm
from iro_tui.widgets.form import FormModal
from tests.tui.helpers import count, fill, run


def _in_view(screen, widget) -> bool:
    view = screen.query_one("#recording").content_region
    return bool(widget.region) and view.contains_region(widget.region)


def test_q_from_a_footprint_note_with_text_asks_and_keeps_the_text(demo, today):
    async def scenario(app, pilot):
        app.open_form(WriteNote("100101"))
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        fill(app, text="Phoned the carer about the school trip")
        # Focus on a button: `q` is not typed, it reaches the app.
        app.screen.query_one("#save").focus()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert "not saved" in str(app.screen.query_one(".form-title").render())
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        assert app.screen.query_one("#field-text", TextArea).text.startswith("Phoned the carer")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await pilot.pause()
        assert app._exit_renderables is not None or app.return_code is not None

    app = run(scenario, demo, today)
    assert app.return_code == 0
    # The note was never saved.
    assert count(demo, "SELECT count(*) FROM footprint_notes WHERE text LIKE 'Phoned%'") == 0


def test_q_with_nothing_typed_quits_at_once(demo, today):
    async def scenario(app, pilot):
        app.open_form(WriteNote("100101"))
        await pilot.pause()
        app.screen.query_one("#save").focus()
        await pilot.press("q")
        await pilot.pause()
        assert not isinstance(app.screen, Confirm)

    app = run(scenario, demo, today)
    assert app.return_code == 0


def test_q_in_the_recording_form_asks_and_keeps_the_text(demo, today):
    async def scenario(app, pilot):
        app.record_review("100114", None)
        await pilot.pause()
        assert isinstance(app.screen, RecordingScreen)
        fill(app, child_views="I want to stay with my carers")
        app.screen.query_one("#field-seen_alone", Select).focus()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert "not recorded yet" in str(app.screen.query_one(".form-title").render())
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, RecordingScreen)
        assert app.screen.query_one("#field-child_views", TextArea).text == (
            "I want to stay with my carers"
        )

    run(scenario, demo, today)


def test_page_down_moves_the_focus_into_view(demo, today):
    async def scenario(app, pilot):
        app.record_review("100114", None)
        await pilot.pause()
        screen = app.screen
        assert screen.focused.id == "field-status"
        for _ in range(3):
            await pilot.press("pagedown")
            await pilot.pause()
            assert screen.focused is not None
            assert _in_view(screen, screen.focused), screen.focused.id
        assert screen.focused.id != "field-status"
        below = screen.focused.id
        await pilot.press("pageup")
        await pilot.pause()
        assert _in_view(screen, screen.focused)
        assert screen.focused.id != below

    run(scenario, demo, today, size=(80, 24))


def test_a_refused_save_focuses_the_field_in_error_and_shows_it(demo, today):
    async def scenario(app, pilot):
        app.record_review("100114", None)
        await pilot.pause()
        screen = app.screen
        fill(app, held_date="01/01/2030")  # in the future: refused
        screen.query_one("#field-next_review_date").focus()
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        await pilot.pause()
        assert screen.focused.id == "field-held_date"
        assert _in_view(screen, screen.focused)
        assert _in_view(screen, screen.query_one("#error-held_date"))

    run(scenario, demo, today, size=(80, 24))
    assert count(demo, "SELECT count(*) FROM reviews WHERE held_date = '2030-01-01'") == 0


def test_the_discard_question_shows_its_own_keys_not_the_forms(demo, today):
    """The footer under "Discard your changes?" said "f2 Save", which did nothing there."""
    from textual.widgets._footer import FooterKey

    async def scenario(app, pilot):
        app.open_form(WriteNote("100101"))
        await pilot.pause()
        fill(app, text="Phoned the carer")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        shown = [
            (k.key, k.description)
            for k in app.screen.query(FooterKey)
            if k.region and not k.disabled
        ]
        assert ("y", "Yes") in shown and ("n", "No") in shown
        assert not any(description == "Save" for _, description in shown)

    run(scenario, demo, today)
