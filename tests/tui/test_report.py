"""The annual report screen: counted in a worker, bar charts, years, the saved draft."""

import io

from rich.console import Console
from textual.widgets import ProgressBar, Static

from iro_tui.domain.report import ReportYear
from iro_tui.interchange.annual_wording import build_annual_report
from iro_tui.screens.report import ReportScreen, bar
from tests.tui.helpers import SIZE, error_of, fill, palette_choice, run, until


def shown_text(app, selector: str) -> str:
    """What a Static shows, as plain text at the test terminal's width."""
    console = Console(width=SIZE[0], file=io.StringIO(), record=True, color_system=None)
    console.print(app.screen.query_one(selector, Static).content)
    return console.export_text()


async def settle(app, pilot):
    await app.workers.wait_for_complete()
    await pilot.pause()


def test_bars_are_drawn_in_eighths_of_a_cell():
    assert bar(1.0, 4) == "████"
    assert bar(0.5, 4) == "██"
    assert bar(1 / 32, 4) == "▏"  # one eighth of one cell: a small share still shows
    assert bar(0.0, 4) == ""
    assert bar(1.7, 4) == "████"  # never longer than the chart


def test_R_on_the_diary_counts_the_last_year_in_a_worker(demo, today):
    expected = build_annual_report(demo, ReportYear(2025), today)

    async def scenario(app, pilot):
        await pilot.press("R")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        assert screen.report == expected  # the screen shows what the CLI prints
        assert not screen.query_one("#report-progress", ProgressBar).display
        heading = shown_text(app, "#report-heading")
        assert "Annual report 2025-26" in heading and "the whole year" in heading
        body = shown_text(app, "#report-sections")
        held_line = next(line for line in body.splitlines() if "Held on time" in line)
        assert "38" in held_line and "95%" in held_line and "█" in held_line
        assert "Interpreter not available on the booked date" in body
        for case in demo.load_cases():  # no child is named on the report
            assert case.child.family_name not in body

    run(scenario, demo, today)


def test_on_an_80_column_terminal_the_numbers_stay(demo, today):
    async def scenario(app, pilot):
        await pilot.press("R")
        await settle(app, pilot)
        body = shown_text(app, "#report-sections")
        lines = body.splitlines()
        held = next(line for line in lines if "Held on time" in line)
        assert " 38 " in held and "95%" in held and "█" in held
        charted = [line.rstrip() for line in lines if "█" in line]
        assert max(len(line) for line in charted) <= 76  # the tables fit the scroll area

    run(scenario, demo, today, size=(80, 30))


def test_years_move_back_and_forward_but_not_past_today(demo, today):
    async def scenario(app, pilot):
        await pilot.press("R")
        await settle(app, pilot)
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert app.screen.report.year == ReportYear(2024)
        assert app.screen.report.count("reviews", "held") == 19
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(app, pilot)
        report = app.screen.report
        assert report.year == ReportYear(2026) and report.as_at == today
        assert "NOT OVER: counted to 1 June 2026" in shown_text(app, "#report-heading")
        await pilot.press("right_square_bracket")  # 2027-28 has not started
        await settle(app, pilot)
        assert app.screen.report.year == ReportYear(2026)
        assert any("2027-28 has not started yet" in str(n.message) for n in app._notifications)

    run(scenario, demo, today)


def test_s_saves_the_markdown_draft(demo, today, tmp_path):
    target = tmp_path / "figures.md"

    async def scenario(app, pilot):
        await pilot.press("R")
        await settle(app, pilot)
        await pilot.press("s")
        await pilot.pause()
        fill(app, file=str(tmp_path / "missing" / "figures.md"))
        await pilot.press("f2")
        await pilot.pause()
        assert "does not exist" in error_of(app, "file")
        assert not (tmp_path / "missing").exists()
        fill(app, file=str(target))
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)

    run(scenario, demo, today)
    text = target.read_text(encoding="utf-8")
    # The demo names its authority (Settings), which heads the report.
    assert text.startswith("# City of London: IRO annual report 2025-26: the figures")
    assert "| Held on time | 38 | 95% |" in text
    assert "| PN1 attended and spoke for themselves | 32 | 80% |" in text


def test_the_palette_finds_the_report(demo, today):
    async def scenario(app, pilot):
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"annual report")
        await until(pilot, lambda: "Annual report" in palette_choice(app), "the report offered")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReportScreen)
        assert app.screen.report.year == ReportYear(2025)

    run(scenario, demo, today)


def test_snapshot_report_screen(snap_compare, demo, today):
    from iro_tui.__main__ import make_app
    from iro_tui.domain.clock import FixedClock

    async def open_report(pilot):
        await pilot.press("R")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(
        make_app(demo, FixedClock(today)), terminal_size=SIZE, run_before=open_report
    )


def test_an_unexpected_failure_while_counting_is_shown_and_the_app_carries_on(
    demo, today, monkeypatch, tmp_path
):
    import iro_tui.interchange.annual_wording as annual
    from iro_tui.diagnostics import LOG_ENV_VAR
    from iro_tui.widgets.problem import Problem

    monkeypatch.setenv(LOG_ENV_VAR, str(tmp_path))

    def broken(*args, **kwargs):
        raise KeyError("Dawit Tesfay")  # a message that quotes a child

    monkeypatch.setattr(annual, "build_annual_report", broken)

    async def scenario(app, pilot):
        await pilot.press("R")
        for _ in range(50):
            await pilot.pause(0.05)
            if isinstance(app.screen, Problem):
                break
        assert app.is_running and isinstance(app.screen, Problem)
        shown = f"{app.screen.title_text} {app.screen.explanation}"
        assert "The annual report could not be counted" in shown and "KeyError" in shown
        assert "Dawit" not in shown
        await pilot.press("enter")
        assert isinstance(app.screen, ReportScreen)
        assert "not counted (ctrl+r to try again)" in shown_text(app, "#report-heading")

    run(scenario, demo, today)
    log = (tmp_path / "faults.log").read_text()
    assert "KeyError" in log and "Dawit" not in log


def test_the_report_counts_an_encrypted_store(tmp_path, today, monkeypatch):
    """The worker opens its own connection: with the app store's passphrase, not the
    environment's (a passphrase typed at the lock screen is in no variable)."""
    from iro_tui.store import open_store

    monkeypatch.delenv("IRO_TUI_PASSPHRASE", raising=False)
    store = open_store(tmp_path / "locked.sqlite", "correct horse battery 2026")

    async def scenario(app, pilot):
        await pilot.press("R")
        await settle(app, pilot)
        heading = shown_text(app, "#report-heading")
        assert "Annual report 2025-26" in heading and "passphrase" not in heading
        assert app.screen.report is not None

    run(scenario, store, today)


def test_the_count_moves_the_bar_at_most_ten_times_a_second_and_never_waits(
    demo, today, monkeypatch
):
    """A thousand children's steps handed to the screen one by one, each waited for,
    made the count six times slower on a whole authority: the worker now posts how far
    it has gone at most every tenth of a second, and always posts the end."""
    import threading

    import iro_tui.interchange.annual_wording as wording

    real = wording.build_annual_report
    posted: list[tuple[int, int]] = []
    waited = threading.Event()

    def count(store, year, today, progress=None):
        assert threading.current_thread() is not threading.main_thread()
        for done in range(1, 1001):  # a thousand children, counted in no time
            progress(done, 1000)
        waited.set()  # every step returned without waiting for the screen
        return real(store, year, today)

    monkeypatch.setattr(wording, "build_annual_report", count)
    shown = ReportScreen.on_report_screen_counting

    def seen(screen, message):
        posted.append((message.done, message.total))
        shown(screen, message)

    monkeypatch.setattr(ReportScreen, "on_report_screen_counting", seen)

    async def scenario(app, pilot):
        await pilot.press("R")
        await settle(app, pilot)
        assert waited.is_set()
        assert posted[-1] == (1000, 1000)  # the end is always shown
        assert 2 <= len(posted) <= 5, posted  # not a thousand
        assert app.screen.report is not None

    run(scenario, demo, today)


def test_counting_leaves_the_apps_locks_on_the_store_so_other_programs_keep_its_log(demo, today):
    """The count opens its own connection. Reading the store's file header for it (and
    closing that handle) dropped every lock this process held on the store: another
    program reading it then deleted the write-ahead log on closing, and the app's
    writes went nowhere that program could see (found by an adversarial check)."""
    import subprocess
    import sys
    from pathlib import Path

    wal = Path(f"{demo.path}-wal")
    read_outside = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        "print(c.execute(\"SELECT value FROM settings WHERE key = 'iro_phone'\").fetchone()[0]);"
        " c.close()"
    )

    def outside() -> str:
        done = subprocess.run(
            [sys.executable, "-c", read_outside, str(demo.path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    async def scenario(app, pilot):
        await pilot.press("R")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen) and app.screen.report is not None
        outside()  # another program reads the store, and closes
        assert wal.exists()  # the app's write-ahead log is still there
        app.store.set_setting("iro_phone", "020 7946 0999")
        assert outside() == "020 7946 0999"  # and what the app writes is seen outside

    run(scenario, demo, today)


def test_a_resized_report_is_laid_out_as_one_opened_at_that_size(demo, today):
    """The figures are laid out once at the body's width: after a resize they are laid
    out again at the new width (they kept the old one: blank lines after the last)."""
    heights: dict[str, int] = {}

    async def open_report(app, pilot):
        await pilot.press("R")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()

    def sections(app):
        return app.screen.query_one("#report-sections", Static)

    async def fresh(app, pilot):
        await open_report(app, pilot)
        heights["fresh"] = sections(app).size.height

    async def resized(app, pilot):
        await open_report(app, pilot)
        heights["before"] = sections(app).size.height
        await pilot.resize_terminal(*SIZE)
        await until(pilot, lambda: sections(app).size.width == SIZE[0] - 4, "laid out anew")
        await pilot.pause()
        heights["resized"] = sections(app).size.height

    run(fresh, demo, today)
    run(resized, demo, today, size=(80, 24))
    assert heights["before"] > heights["fresh"]  # 80 columns wrap more
    assert heights["resized"] == heights["fresh"]


def test_the_years_stop_at_the_first_year_of_iros(demo, today):
    async def scenario(app, pilot):
        await pilot.press("R")
        await settle(app, pilot)
        app.screen.year = ReportYear(2005)
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert app.screen.report.year == ReportYear(2004)
        await pilot.press("left_square_bracket")  # 2003-04: before IROs began
        await settle(app, pilot)
        assert app.screen.report.year == ReportYear(2004)
        said = [str(n.message) for n in app._notifications]
        assert "There is no IRO annual report before 2004-05" in said

    run(scenario, demo, today)


def test_a_count_nobody_will_read_stops_at_the_next_child(demo, today, monkeypatch):
    """Closing the report, or asking for another year, while it counts stops that count:
    a thread cannot be stopped from outside, and six reports opened and closed at once
    on a whole authority counted side by side, past 200 MB."""
    import threading

    import iro_tui.interchange.annual_wording as wording

    real = wording.build_annual_report
    steps: dict[str, int] = {}
    finished: list[str] = []
    release = threading.Event()

    def count(store, year, today, progress=None):
        name = str(year.first)
        steps[name] = 0
        for done in range(1, 1001):  # a thousand children, each taking a moment
            progress(done, 1000)
            steps[name] = done
            release.wait(0.005)
        finished.append(name)
        return real(store, year, today)

    monkeypatch.setattr(wording, "build_annual_report", count)

    async def scenario(app, pilot):
        # Closed while counting.
        await pilot.press("R")
        await until(pilot, lambda: steps and max(steps.values()) >= 5, "the count under way")
        (first,) = steps
        await pilot.press("escape")
        await pilot.pause()
        await app.workers.wait_for_complete()
        stopped_at = steps[first]
        assert stopped_at < 1000 and finished == []
        await pilot.pause(0.2)
        assert steps[first] == stopped_at  # it has stopped, not merely slowed
        assert type(app.screen).__name__ == "DiaryScreen"
        # Another year asked for while counting: only that one is counted to the end.
        steps.clear()
        await pilot.press("R")
        await until(pilot, lambda: len(steps) == 1 and max(steps.values()) >= 5, "a count")
        (this_year,) = steps
        await pilot.press("left_square_bracket")
        await until(pilot, lambda: len(finished) == 1, "the earlier year counted", 60)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert this_year not in finished and steps[this_year] < 1000
        assert app.screen.report is not None  # the year asked for last is shown
        heading = app.screen.query_one("#report-heading").render().plain
        assert heading.startswith(f"Annual report {finished[0]}-"), heading

    run(scenario, demo, today)
