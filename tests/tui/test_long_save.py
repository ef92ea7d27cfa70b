"""A save whose last part takes seconds runs off the main thread (widgets/form.LongSave):
a whole authority's calendar held the screen still for 3-4 s, keys unanswered."""

import threading
from pathlib import Path

from iro_tui.errors import BadInput
from iro_tui.widgets.form import FormField, FormModal, LongSave

from .helpers import fill, run, until


def _form(work) -> FormModal:
    def save(values: dict) -> LongSave[str]:
        return LongSave("Writing the file", lambda: work(values["name"]), "name")

    return FormModal("A slow file", [FormField("name", "Name", required=True)], save)


class SlowWork:
    """A long save's work that waits for the test to let it end."""

    def __init__(self) -> None:
        self.go_on, self.began = threading.Event(), threading.Event()

    def __call__(self, name: str) -> str:
        self.began.set()
        assert self.go_on.wait(20), "the test did not let the work finish"
        return f"Wrote {name}"

    async def begun(self, app, pilot, closed: list) -> FormModal:
        """The form pushed, "diary" typed, F2 pressed, and the work under way."""
        app.push_screen(_form(self), closed.append)
        await pilot.pause()
        form = app.screen
        fill(app, name="diary")
        await pilot.press("f2")
        await until(pilot, self.began.is_set, "the slow part begun")
        return form


def test_the_slow_part_runs_while_the_app_answers_keys(demo, today):
    slow = SlowWork()
    closed: list = []

    async def scenario(app, pilot):
        form = await slow.begun(app, pilot, closed)
        # Under way: the form says so, and it is still open.
        await pilot.pause()
        assert app.screen is form
        working = str(form.query_one("#form-working").render())
        assert working == "Writing the file…" and form.query_one("#form-working").display
        # The app answers keys meanwhile; F2 starts nothing more, Esc does not close it.
        await pilot.press("f2", "escape")
        await pilot.pause()
        assert app.screen is form and closed == []
        assert "Writing the file: a moment" in " ".join(str(n.message) for n in app._notifications)
        slow.go_on.set()
        await until(pilot, lambda: closed != [], "the form closed with the work's result")
        assert closed == ["Wrote diary"]

    run(scenario, demo, today)


def test_a_refusal_of_the_slow_part_is_shown_and_the_form_stays_open(demo, today):
    tries: list[str] = []
    closed: list = []

    def work(name: str) -> str:
        tries.append(name)
        if name == "full":
            raise BadInput("the disk is full: nothing was written")
        return f"Wrote {name}"

    async def scenario(app, pilot):
        app.push_screen(_form(work), closed.append)
        await pilot.pause()
        form = app.screen
        fill(app, name="full")
        await pilot.press("f2")
        await until(pilot, lambda: form.long_save is None and tries, "the refusal")
        await pilot.pause()
        assert app.screen is form and closed == []
        error = form.query_one("#error-name")
        assert error.display and "the disk is full" in str(error.render())
        assert not form.query_one("#form-working").display
        # Tried again with another name, it is written and the form closes.
        fill(app, name="elsewhere")
        await pilot.press("f2")
        await until(pilot, lambda: closed != [], "the second try")
        assert closed == ["Wrote elsewhere"] and tries == ["full", "elsewhere"]

    run(scenario, demo, today)


def test_the_calendar_is_written_off_the_main_thread(demo, today, tmp_path):
    """`x`: the diary is read on the main thread, the file written by the worker."""
    writers: list[str] = []
    from iro_tui.interchange import ics

    real = ics.write_ics

    def watched(*args, **kwargs):
        writers.append(threading.current_thread().name)
        return real(*args, **kwargs)

    ics.write_ics = watched
    try:

        async def scenario(app, pilot):
            await pilot.press("x")
            await pilot.pause()
            fill(app, file=str(tmp_path / "diary.ics"))
            await pilot.press("f2")
            await app.workers.wait_for_complete()
            await until(pilot, lambda: type(app.screen).__name__ == "DiaryScreen", "closed")
            notes = " ".join(str(n.message) for n in app._notifications)
            assert f"events to {tmp_path / 'diary.ics'}" in notes

        run(scenario, demo, today)
    finally:
        ics.write_ics = real
    assert writers and writers[0] != threading.main_thread().name
    written = Path(tmp_path / "diary.ics").read_text()
    assert written.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in written


def test_the_work_ending_under_help_closes_the_form_once_help_is_closed(demo, today):
    """F1 during an import: the form's answer was given from under the help, which then
    closed instead of the form; Esc on the form gave its answer a second time and the app
    stopped (InvalidStateError). The boxes cannot be typed in meanwhile either: a folder
    typed on to showed, after, a folder that was not the one imported."""
    slow = SlowWork()
    closed: list = []

    async def scenario(app, pilot):
        form = await slow.begun(app, pilot, closed)
        box = form.query_one("#field-name")
        assert box.disabled
        await pilot.press(*"xyz")
        assert box.value == "diary"
        await pilot.press("f1")
        await pilot.pause()
        helped = app.screen
        assert helped is not form
        slow.go_on.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is helped and closed == []  # waits under the help
        await pilot.press("escape")  # the help closes; then the form, with its answer
        await until(pilot, lambda: closed != [], "the form closed")
        await pilot.pause()
        assert closed == ["Wrote diary"]
        assert form not in app.screen_stack

    app = run(scenario, demo, today)
    assert app.return_code is None


def test_a_key_as_the_form_leaves_does_not_answer_it_twice(demo, today):
    """Esc just as a calendar finished writing: the form had answered and was leaving, and
    answered a second time; the app stopped (InvalidStateError)."""
    closed: list = []

    async def scenario(app, pilot):
        form = FormModal(
            "A quick file", [FormField("name", "Name", required=True)], lambda v: v["name"]
        )
        app.push_screen(form, closed.append)
        await pilot.pause()
        fill(app, name="diary")
        form.action_save()  # answered; Textual pops the form a moment later
        form.action_cancel()  # the Esc typed in that moment
        form.action_save()
        await pilot.pause()
        assert form not in app.screen_stack

    app = run(scenario, demo, today)
    assert app.return_code is None
    assert closed == ["diary"]


def test_q_waits_for_a_long_save_under_way(demo, today):
    """q asked "Quit anyway and lose it?" of a calendar about to be written whole, or
    quit without a word: it now says the work is under way, and quits once asked again."""
    slow = SlowWork()
    closed: list = []

    async def scenario(app, pilot):
        form = await slow.begun(app, pilot, closed)
        form.query_one("#save").focus()
        await pilot.press("q")
        await pilot.pause()
        assert app.screen is form and app.return_code is None
        said = " ".join(str(n.message) for n in app._notifications)
        assert "Writing the file: a moment, then q quits." in said
        slow.go_on.set()
        await until(pilot, lambda: closed != [], "the form closed")
        await pilot.press("q")
        await pilot.pause()

    app = run(scenario, demo, today)
    assert closed == ["Wrote diary"] and app.return_code == 0


def test_a_long_save_refusing_a_named_box_says_so_under_it(demo, today):
    """A refusal naming its box (FieldProblem, not an IroError) stopped the worker, and
    the app said "Work in the background stopped" of a folder that could not be read."""
    from iro_tui.domain.fields import FieldProblem

    closed: list = []

    def work(name: str) -> str:
        raise FieldProblem("name", f"{name}: cannot be read")

    async def scenario(app, pilot):
        app.push_screen(_form(work), closed.append)
        await pilot.pause()
        form = app.screen
        fill(app, name="folder")
        await pilot.press("f2")
        await until(pilot, lambda: form.query_one("#error-name").display, "the refusal")
        assert "folder: cannot be read" in str(form.query_one("#error-name").render())
        assert app.screen is form and form.long_save is None
        assert not form.query_one("#field-name").disabled

    app = run(scenario, demo, today)
    assert closed == [] and app.return_code is None
