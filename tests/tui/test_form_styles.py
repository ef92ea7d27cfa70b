"""The form's widgets' styles are read ahead (widgets/form.py, read_form_styles, called
once the app has warmed up): the first form of a session then reads none and parses
nothing again (it spent ~40 ms on a whole authority doing so)."""

from iro_tui.widgets.form import FormModal, read_form_styles

from .helpers import run


def test_a_form_opened_after_the_styles_are_read_reads_none(demo, today):
    seen = {}

    async def scenario(app, pilot):
        app.open_child("100114")  # the child's screen's own widgets, read as it opens
        await pilot.pause()
        read_form_styles(app)
        assert not app.stylesheet._require_parse  # parsed already
        seen["before"] = dict(app.stylesheet.source)
        await pilot.press("r")  # the review record: every kind of field
        await pilot.pause()
        seen["form"] = type(app.screen).__name__
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f5")  # a footprint note: a FormModal
        await pilot.pause()
        seen["modal"] = isinstance(app.screen, FormModal)
        seen["after"] = dict(app.stylesheet.source)

    run(scenario, demo, today)
    assert seen["form"] == "RecordingScreen" and seen["modal"]
    added = {key for key in seen["after"] if seen["after"][key] != seen["before"].get(key)}
    assert added == set()


def test_without_them_the_first_form_reads_its_widgets_styles(demo, today):
    """The test above can fail: with nothing read ahead, the first form adds sources."""
    seen = {}

    async def scenario(app, pilot):
        app.open_child("100114")
        await pilot.pause()
        seen["before"] = dict(app.stylesheet.source)
        await pilot.press("r")
        await pilot.pause()
        seen["after"] = dict(app.stylesheet.source)

    run(scenario, demo, today)
    assert len(seen["after"]) > len(seen["before"])
