"""Importing a 903 return from the app (i on the diary, or the palette): an IRO who
does not use the command line had no way to import the council's return."""

import shutil
from pathlib import Path

from iro_tui.__main__ import make_app
from iro_tui.domain.clock import FixedClock

from ..conftest import store_contents
from .helpers import fill, palette_choice, run, until

ONE_YEAR = Path(__file__).resolve().parents[2] / "fixtures" / "903-oneyear"


async def _import_ends(pilot) -> None:
    """F2, and the import's worker done (it runs off the main thread)."""
    await pilot.press("f2")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _screen_text(app) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query("Static"))


def test_a_return_is_imported_and_what_it_did_is_said_and_the_diary_shows_it(demo, today, tmp_path):
    folder = tmp_path / "return"
    shutil.copytree(ONE_YEAR, folder)
    seen = {}

    async def scenario(app, pilot):
        seen["before"] = str(app.screen.query_one("#summary").render())
        await pilot.press("i")
        await pilot.pause()
        assert app.screen.query_one("#field-folder").has_focus
        fill(app, folder=str(folder))
        await _import_ends(pilot)
        seen["outcome"] = _screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        seen["after"] = str(app.screen.query_one("#summary").render())

    run(scenario, demo, today)
    assert "Imported" in seen["outcome"]
    assert "imported 8 children (8 new), 8 episodes, 11 reviews" in seen["outcome"]
    assert {"900001", "900010"} <= demo.child_refs()
    # 900010 came into care on 05/01/2026 with no review since: overdue on 01/06/2026.
    assert seen["before"] != seen["after"]
    assert int(seen["after"].split()[0]) > int(seen["before"].split()[0])


def test_a_refused_return_lists_its_problems_and_nothing_changes(demo, today, folder_903):
    _swallowing(folder_903)
    before = store_contents(demo.path)
    seen = {}

    async def scenario(app, pilot):
        await pilot.press("i")
        await pilot.pause()
        fill(app, folder=str(folder_903))
        await _import_ends(pilot)
        seen["outcome"] = _screen_text(app)

    run(scenario, demo, today)
    assert "Nothing was imported" in seen["outcome"]
    assert "episodes.csv line 2, column URN: a quotation mark opens a cell" in seen["outcome"]
    assert store_contents(demo.path) == before


def test_a_folder_that_is_not_there_is_said_under_its_box(demo, today, tmp_path):
    seen = {}

    async def scenario(app, pilot):
        await pilot.press("i")
        await pilot.pause()
        fill(app, folder=str(tmp_path / "nowhere"))
        await pilot.press("enter")
        await pilot.pause()
        seen["form"] = type(app.screen).__name__
        seen["error"] = str(app.screen.query_one("#error-folder").render())

    run(scenario, demo, today)
    assert seen["form"] == "ImportForm"
    assert seen["error"] == f"{tmp_path / 'nowhere'} is not a folder of 903 CSV files"


def test_the_footer_says_what_f2_does_here(demo, today):
    """The button said "Import (F2)" over a footer saying "f2 Save"."""
    seen = {}

    async def scenario(app, pilot):
        await pilot.press("i")
        await pilot.pause()
        seen["f2"] = [
            active.binding.description
            for key, active in app.screen.active_bindings.items()
            if key == "f2"
        ]

    run(scenario, demo, today)
    assert seen["f2"] == ["Import"]


def test_the_palette_finds_the_import(demo, today):
    seen = {}

    async def scenario(app, pilot):
        await pilot.press("ctrl+p")
        await pilot.press(*"import a 903")
        await until(pilot, lambda: palette_choice(app), "the palette's first hit")
        seen["hit"] = palette_choice(app)
        await pilot.press("enter")
        await pilot.pause()
        seen["title"] = _screen_text(app).splitlines()[0]

    run(scenario, demo, today)
    assert seen["hit"].splitlines()[0] == "Import a 903 return"
    assert seen["title"] == "Import a 903 return"


def _swallowing(folder: Path) -> None:
    """A quotation mark opened on episodes line 2 and closed at the end of line 5."""
    lines = (folder / "episodes.csv").read_text().splitlines(keepends=True)
    lines[1] = lines[1].replace(",XXXXXXX\n", ',"XXXXXXX\n')
    lines[4] = lines[4].replace(",XXXXXXX\n", ',XXXXXXX"\n')
    (folder / "episodes.csv").write_text("".join(lines))


def test_snapshot_import_refused(snap_compare, demo, today, folder_903):
    _swallowing(folder_903)

    async def refused(pilot):
        await pilot.press("i")
        await pilot.pause()
        fill(pilot.app, folder=str(folder_903))
        await _import_ends(pilot)

    assert snap_compare(
        make_app(demo, FixedClock(today)), terminal_size=(80, 24), run_before=refused
    )


def test_a_long_list_of_problems_scrolls_inside_its_page(demo, today, folder_903):
    """120 problems: the page showed what fitted, and PageDown and End moved nothing."""
    from textual.containers import VerticalScroll

    lines = (folder_903 / "episodes.csv").read_text().splitlines()
    broken = [lines[0]] + [line.replace(",S,", ",Q,") for line in lines[1:]] * 3
    (folder_903 / "episodes.csv").write_text("\n".join(broken) + "\n")
    seen = {}

    async def scenario(app, pilot):
        await pilot.press("i")
        await pilot.pause()
        fill(app, folder=str(folder_903))
        await _import_ends(pilot)
        scroll = app.screen.query_one("#import-outcome-text", VerticalScroll)
        seen["room"] = scroll.region.height < scroll.virtual_size.height
        await pilot.press("end")
        await pilot.pause()
        seen["scrolled"] = scroll.scroll_y > 0
        seen["inside"] = scroll.region.bottom <= app.size.height

    run(scenario, demo, today, size=(80, 24))
    assert seen == {"room": True, "scrolled": True, "inside": True}


def test_the_same_return_again_says_nothing_changed_and_the_folder_is_offered_again(
    demo, today, tmp_path
):
    folder = tmp_path / "return"
    shutil.copytree(ONE_YEAR, folder)
    seen = []

    async def scenario(app, pilot):
        for _ in range(2):
            await pilot.press("i")
            await pilot.pause()
            seen.append(app.screen.query_one("#field-folder").value)
            fill(app, folder=str(folder))
            await _import_ends(pilot)
            seen.append(_screen_text(app).splitlines()[0])
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        seen.append(app.screen.query_one("#field-folder").value)

    run(scenario, demo, today)
    assert seen[1] == "Imported"
    assert seen[3] == "Already in the store: nothing changed"
    assert seen[2] == seen[4] == str(folder)  # the folder last imported from, offered


def test_the_import_runs_off_the_main_thread_and_the_diary_reads_it(demo, today, tmp_path):
    """A whole authority's return takes seconds: the app answered no key meanwhile."""
    import threading

    from iro_tui.interchange import import903

    folder = tmp_path / "return"
    shutil.copytree(ONE_YEAR, folder)
    writers: list[str] = []
    real = import903.write_903

    def watched(store, batch):
        writers.append(threading.current_thread().name)
        return real(store, batch)

    import903.write_903 = watched
    seen = {}
    try:

        async def scenario(app, pilot):
            seen["before"] = str(app.screen.query_one("#summary").render())
            await pilot.press("i")
            await pilot.pause()
            fill(app, folder=str(folder))
            await _import_ends(pilot)
            await pilot.press("escape")
            await pilot.pause()
            seen["after"] = str(app.screen.query_one("#summary").render())

        run(scenario, demo, today)
    finally:
        import903.write_903 = real
    assert writers and writers[0] != threading.main_thread().name
    assert "900010" in demo.child_refs()
    # Written on the worker's connection, read by the app's: 900010 is overdue.
    assert int(seen["after"].split()[0]) > int(seen["before"].split()[0])


def test_an_app_open_read_only_imports_nothing(demo, today, tmp_path):
    """Open in another iro-tui: the worker's own connection refuses as the app's does."""
    from iro_tui.store.session_lock import make_read_only

    folder = tmp_path / "return"
    shutil.copytree(ONE_YEAR, folder)
    before = store_contents(demo.path)
    make_read_only(demo)
    seen = {}

    async def scenario(app, pilot):
        await pilot.press("i")
        await pilot.pause()
        fill(app, folder=str(folder))
        await _import_ends(pilot)
        seen["screen"] = type(app.screen).__name__
        seen["said"] = str(app.screen.query_one("#error-folder").render())

    run(scenario, demo, today)
    assert store_contents(demo.path) == before
    assert seen["screen"] == "ImportForm"
    assert "read-only, because the store is open in another iro-tui" in seen["said"]
