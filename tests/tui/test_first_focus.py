"""A form or page opens with the focus on its first box, moved there once. Left to
Textual, the focus went first to the scrolling form around the boxes and then to the
box: each move restyles every widget of the form (0.2 s of opening the review-recording
form; issue 12)."""

from textual.widget import Widget

from iro_tui.screens.checklist import ChecklistScreen
from iro_tui.screens.midpoint import MidpointScreen
from iro_tui.screens.recording import RecordingScreen
from iro_tui.widgets.form import FormModal

from .helpers import run, until


def test_each_form_and_page_focuses_its_first_box_and_nothing_before_it(demo, today, monkeypatch):
    focused: list[str] = []
    watch = Widget.watch_has_focus

    def noted(widget, has_focus: bool) -> None:
        if has_focus:
            focused.append(f"{type(widget).__name__}#{widget.id}")
        watch(widget, has_focus)

    monkeypatch.setattr(Widget, "watch_has_focus", noted)
    planned = demo.conn.execute(
        "SELECT id FROM reviews WHERE status = 'planned' ORDER BY id LIMIT 1"
    ).fetchone()[0]

    async def opened(app, pilot, open_it, screen_type, first: str) -> None:
        focused.clear()
        open_it()
        await pilot.pause()
        # On a busy machine Pilot's pause can return before the form's first focus (it
        # takes a process starved of CPU for an idle one): wait for it, then look at
        # every move the focus made on the way.
        await until(pilot, lambda: bool(focused), f"the focus on {first}")
        await pilot.pause()  # and any move after it
        assert isinstance(app.screen, screen_type)
        assert focused == [first], focused
        assert app.focused is not None and app.focused.id == first.split("#")[1]
        await pilot.press("escape")
        await pilot.pause()

    async def scenario(app, pilot):
        app.open_child("100107")
        await pilot.pause()
        await opened(
            app,
            pilot,
            lambda: app.record_review("100107", None),
            RecordingScreen,
            "TypedAheadSelect#field-status",
        )
        if isinstance(app.screen, FormModal):  # leaving asked about the draft
            await pilot.press("enter")
            await pilot.pause()
        await opened(
            app,
            pilot,
            lambda: app.screen.action_book(),
            FormModal,
            "OneLineInput#field-scheduled_date",
        )
        await opened(
            app,
            pilot,
            lambda: app.open_link("midpoint:100102"),
            MidpointScreen,
            "Checkbox#field-activity_reviewed",
        )
        await opened(
            app, pilot, lambda: app.open_review(planned), ChecklistScreen, "FitTable#checklist"
        )

    run(scenario, demo, today)
