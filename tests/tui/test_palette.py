"""The command palette (ctrl+p) reaches every action: the places, and every key of the
screen it was opened on, footer or not, each with its key (commands.py)."""

import pytest

from iro_tui.screens.drift import DriftScreen
from iro_tui.screens.escalations import EscalationsScreen

from .helpers import palette_choice, run, until


async def choose(app, pilot, typed: str, offered: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*typed)
    await until(pilot, lambda: palette_choice(app).startswith(offered), offered)
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.parametrize(
    ("typed", "offered", "screen"),
    [
        ("drift", "Go to the drift tracker", DriftScreen),
        ("escal", "Go to the escalations", EscalationsScreen),
    ],
)
def test_the_palette_goes_to_the_drift_tracker_and_the_escalations(
    demo, today, typed, offered, screen
):
    async def scenario(app, pilot):
        await choose(app, pilot, typed, offered)
        assert isinstance(app.screen, screen)

    run(scenario, demo, today)


def test_the_palette_offers_the_screen_s_keys_left_off_its_footer(demo, today):
    """The diary's footer has no room for E, R, n, a, o or x at 80 columns: the palette
    names each with its key, and runs it."""
    said = {}

    async def scenario(app, pilot):
        from iro_tui.commands import IroCommands

        provider = IroCommands(app.screen)
        names = [name for name, _, _ in provider._commands()]
        said["names"] = names
        said["helps"] = {name: help_text for name, _, help_text in provider._commands()}
        await choose(app, pilot, "diary: month", "Diary: Month (v)")
        assert app.screen.query_one("#month-view").display

    run(scenario, demo, today)
    names, helps = said["names"], said["helps"]
    # The diary's own keys, by name and key.
    for hidden in ("Diary: Appt (a)", "Diary: Refresh (^r)", "Diary: Month (v)"):
        assert hidden in names, hidden
    # The app's places, once each, with the diary's key in their help.
    for place, key in (
        ("Go to the escalations", "(E on the diary)"),
        ("Annual report figures", "(R on the diary)"),
        ("Export the diary as a calendar (.ics)", "(x on the diary)"),
        ("Settings", "(o on the diary)"),
    ):
        assert helps[place].endswith(key), place
    assert "Diary: Escalations (E)" not in names and "Diary: Settings (o)" not in names
    # The palette's own key is not offered in itself.
    assert not any("palette" in name.lower() for name in names)


def test_the_palette_offers_an_escalation_s_skip_stage(demo, today):
    """Skip stage is left off the escalation's footer at 80 columns."""
    escalation = demo.conn.execute("SELECT min(id) FROM escalations").fetchone()[0]
    said = {}

    async def scenario(app, pilot):
        from iro_tui.commands import IroCommands

        app.open_link(f"escalation:{escalation}")
        await pilot.pause()
        said["names"] = [name for name, _, _ in IroCommands(app.screen)._commands()]

    run(scenario, demo, today)
    assert "Escalation: Skip stage (s)" in said["names"]


def test_the_palette_opens_on_the_screen_s_keys_then_the_places(demo, today):
    """Before anything is typed it showed five places: a tester read it as offering none
    of the screen's keys."""
    from textual.command import CommandList

    found = {}

    async def scenario(app, pilot):
        app.open_child("100101")
        await pilot.pause()
        await pilot.press("5")  # the Reviews tab: its booked review
        await pilot.press("c")  # the checklist
        await pilot.pause()
        await pilot.press("ctrl+p")

        def shown() -> list[str]:
            results = app.screen.query_one(CommandList)
            return [
                str(results.get_option_at_index(i).prompt).split("\n")[0]
                for i in range(results.option_count)
            ]

        await until(
            pilot,
            lambda: {"Checklist: Done (d)", "Go to the diary"} <= set(shown()),
            "the palette's list",
        )
        found["shown"] = shown()

    run(scenario, demo, today)
    shown = found["shown"]
    assert shown[:2] == ["Checklist: Item (⏎)", "Checklist: Done (d)"]
    assert shown.index("Checklist: Back (esc)") < shown.index("Go to the diary")
    # Textual's own list (Keys, Maximize, Screenshot) is not above it; Theme and Quit are
    # in iro-tui's.
    assert "Keys" not in shown and "Change the theme" in shown and "Quit" in shown
    assert "Checklist: Consult (c)" in shown and "Checklist: Advocacy (v)" in shown
    assert "Go to the drift tracker" in shown and "Settings" in shown
    assert not any(name.startswith("Open ") for name in shown)


def test_going_to_the_diary_asks_before_dropping_a_half_written_note(demo, today):
    """The palette's "Go to the diary" closed the F5 note under it without a word."""
    from iro_tui.screens.diary import DiaryScreen
    from iro_tui.widgets.confirm import Confirm
    from iro_tui.widgets.form import FormModal

    from .helpers import fill

    before_notes = demo.conn.execute("SELECT count(*) FROM footprint_notes").fetchone()

    async def scenario(app, pilot):
        app.open_child("100113")
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        fill(app, text="Phoned the carer about the school trip")
        await choose(app, pilot, "diary", "Go to the diary")
        assert isinstance(app.screen, Confirm)
        # Kept as a draft, given back when the note form opens again (schema v10).
        assert app.screen.question.endswith(
            "is not saved yet: it is kept as a draft, given back when the form opens "
            "again. Go to the diary now?"
        )
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        assert app.screen.query_one("#field-text").text.startswith("Phoned the carer")
        # A screen opened over the note from the palette: Esc asks, and Keep editing
        # goes back to the note, which the caseload hid.
        await choose(app, pilot, "caseload", "Go to the caseload")
        assert type(app.screen).__name__ == "CaseloadScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        assert app.screen.query_one("#field-text").text.startswith("Phoned the carer")
        await choose(app, pilot, "diary", "Go to the diary")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, DiaryScreen)
        # Nothing half-written in the way: straight there.
        app.open_child("100113")
        await pilot.pause()
        await choose(app, pilot, "diary", "Go to the diary")
        assert isinstance(app.screen, DiaryScreen)

    run(scenario, demo, today)
    # No note saved; the one half written is kept as its child's draft.
    notes = "SELECT count(*) FROM footprint_notes"
    assert demo.conn.execute(notes).fetchone() == before_notes
    kept = demo.conn.execute("SELECT form FROM form_drafts").fetchall()
    assert kept == [("note:100113",)]


def test_the_caseload_s_sort_is_offered_while_its_filter_has_the_focus(demo, today):
    """With the filter box focused, `s` is a letter of a name, so the key is off; the
    palette then found nothing for "sort", though F1 listed it."""
    from iro_tui.screens.caseload import CaseloadScreen

    async def scenario(app, pilot):
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        assert type(screen.focused).__name__ == "Input"  # the filter
        sorted_by = screen.sort_by
        await choose(app, pilot, "sort", "Caseload: Sort (s)")
        assert app.screen is screen
        assert screen.sort_by != sorted_by  # sorted by the next column
        assert screen.query_one("Input").value == ""  # nothing typed into the filter

    run(scenario, demo, today)


@pytest.mark.parametrize(
    ("typed", "offered"),
    [
        ("letter", "Child: Document (w)"),
        ("significant", "Child: Change (i)"),
        ("leave care", "Child: Leaves (l)"),
    ],
)
def test_the_palette_finds_a_key_by_what_it_does(demo, today, typed, offered):
    """Only the short names were searched: "letter" found nothing (it is Document),
    nor "significant" (Change), nor "leave care" (Leaves)."""

    async def scenario(app, pilot):
        app.open_child("100101")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*typed)
        await until(pilot, lambda: palette_choice(app).startswith(offered), offered)

    run(scenario, demo, today)
