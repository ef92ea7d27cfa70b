"""The app on a store opened on a full disk: read-only and saying why, with every screen
that reads working, though no second connection can open the store meanwhile."""

from pathlib import Path

import pytest
from textual.widgets import Input

from iro_tui.demo import ANCHOR
from iro_tui.domain.report import ReportYear
from iro_tui.interchange.annual_wording import build_annual_report
from iro_tui.interchange.import903 import import_903
from iro_tui.screens.lock import LockScreen
from iro_tui.screens.report import ReportScreen
from iro_tui.store import open_store

from ..conftest import FIXTURE_903, store_contents
from .full_disk import open_as_on_a_full_disk
from .helpers import error_of, fill
from .test_lock import PASS, IdleClock, run_app, screen_text


def test_the_diary_opens_read_only_saying_the_disk_is_full_and_makes_no_backup(
    demo, today, monkeypatch
):
    demo.close()
    store = open_as_on_a_full_disk(demo.path, monkeypatch)
    seen = {}

    async def scenario(app, pilot):
        await app.workers.wait_for_complete()
        await pilot.pause()
        seen["title"] = app.title
        seen["said"] = [n.message for n in app._notifications]
        seen["diary"] = screen_text(app)

    run_app(scenario, today, store, make_backups=True)
    store.close()
    assert seen["title"] == "iro-tui (read-only)"
    assert seen["said"] == [
        "Read-only: the disk was full when the store was opened: free some space, then "
        "open iro-tui again to save. Nothing can be saved here (exports are still written)."
    ]
    assert "OVERDUE" in seen["diary"]
    # No room for one, and the IRO was told the disk is full: not a second warning.
    assert not Path(f"{demo.path}.backups").exists()


def test_the_annual_report_is_counted_on_the_app_s_own_connection(demo, today, monkeypatch):
    expected = build_annual_report(demo, ReportYear(2025), today)
    demo.close()
    store = open_as_on_a_full_disk(demo.path, monkeypatch)
    seen = {}

    async def scenario(app, pilot):
        await pilot.press("R")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        seen["report"] = app.screen.report
        seen["said"] = [n.message for n in app._notifications]

    run_app(scenario, today, store)
    store.close()
    assert seen["report"] == expected
    assert not any("busy" in said for said in seen["said"])


def test_an_import_is_refused_under_its_form_at_once(demo, today, monkeypatch, folder_903):
    demo.close()
    before = store_contents(demo.path)
    store = open_as_on_a_full_disk(demo.path, monkeypatch)
    seen = {}

    async def scenario(app, pilot):
        await pilot.press("i")
        await pilot.pause()
        fill(app, folder=str(folder_903))
        await pilot.press("f2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        seen["form"] = type(app.screen).__name__
        seen["error"] = error_of(app, "form")

    run_app(scenario, today, store)
    store.close()
    assert seen["form"] == "ImportForm"  # still open, the folder as typed
    assert seen["error"] == (
        "this iro-tui is read-only, because the disk was full when the store was opened: "
        "free some space, then open iro-tui again to save; nothing was saved"
    )
    assert store_contents(demo.path) == before


def test_the_idle_lock_lets_the_iro_back_in_with_the_passphrase(tmp_path, monkeypatch):
    """The lock checked a passphrase by opening the store anew, which a store held alone
    never lets happen: the IRO was locked out of their caseload."""
    made = open_store(tmp_path / "iro.sqlite", PASS)
    import_903(made, FIXTURE_903, ANCHOR)
    made.set_setting("idle_lock_minutes", "5")
    made.close()
    store = open_as_on_a_full_disk(made.path, monkeypatch, PASS)
    clock = IdleClock()
    seen = {}

    async def scenario(app, pilot):
        clock.seconds += 300
        app.lock_if_idle()
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        await pilot.press(*"wrongpass", "enter")
        await pilot.pause()
        seen["wrong"] = screen_text(app)
        assert isinstance(app.screen, LockScreen)
        app.screen.query_one("#lock-passphrase", Input).value = PASS
        await pilot.press("enter")
        await pilot.pause()
        seen["after"] = type(app.screen).__name__

    run_app(scenario, ANCHOR, store, idle_now=clock)
    store.close()
    assert "That passphrase does not open the store" in seen["wrong"]
    assert seen["after"] == "DiaryScreen"


def test_a_form_says_before_anything_is_typed_that_it_cannot_be_saved(demo, today, monkeypatch):
    """In a read-only iro-tui a note was typed whole, and refused only at F2: it went
    with the form."""
    demo.close()
    store = open_as_on_a_full_disk(demo.path, monkeypatch)
    seen = {}

    async def scenario(app, pilot):
        await pilot.press("f5")
        await pilot.pause()
        seen["form"] = "\n".join(str(line.render()) for line in app.screen.query("#form-read-only"))

    run_app(scenario, today, store)
    store.close()
    assert (
        "Nothing typed here can be saved: this iro-tui is read-only, because the disk was "
        "full when the store was opened: free some space, then open iro-tui again to save."
    ) in " ".join(seen["form"].split())


def test_the_review_record_says_so_too(demo, today, monkeypatch):
    from .test_review import open_recording

    demo.close()
    store = open_as_on_a_full_disk(demo.path, monkeypatch)
    seen = {}

    async def scenario(app, pilot):
        await open_recording(app, pilot, "100102")
        seen["line"] = str(app.screen.query_one("#form-read-only").render())

    run_app(scenario, today, store)
    store.close()
    assert seen["line"].startswith("Nothing typed here can be saved: this iro-tui is read-only")


def test_the_review_record_is_not_kept_as_a_draft_but_leaving_still_asks(demo, today, monkeypatch):
    """Each key typed in the review record said "Draft not saved ... iro-tui keeps
    trying", in a session that never could, and the notice stayed after leaving."""
    from iro_tui.widgets.confirm import Confirm

    from .test_review import open_recording

    demo.close()
    store = open_as_on_a_full_disk(demo.path, monkeypatch)
    seen = {}

    async def scenario(app, pilot):
        await open_recording(app, pilot, "100102")
        app.screen.query_one("#field-venue").focus()
        await pilot.press(*"Foster home")
        await pilot.pause(1.2)  # two of the half-second autosaves
        seen["said"] = [n.message for n in app._notifications]
        seen["line"] = str(app.screen.query_one("#draft-problem").render())
        await pilot.press("escape")
        await pilot.pause()
        seen["asked"] = isinstance(app.screen, Confirm)
        seen["question"] = getattr(app.screen, "question", "")

    run_app(scenario, today, store)
    store.close()
    assert not any("Draft not saved" in said for said in seen["said"])
    assert seen["line"] == ""
    assert seen["asked"]  # what was typed does not go without a word
    assert seen["question"] == (
        "Nothing typed here can be saved (this iro-tui is read-only, because the disk was "
        "full when the store was opened: free some space, then open iro-tui again to save; "
        "nothing was saved). Leave, and lose what was typed?"
    )


def test_a_form_in_a_writable_iro_tui_says_nothing_of_it(demo, today):
    seen = {}

    async def scenario(app, pilot):
        await pilot.press("f5")
        await pilot.pause()
        seen["lines"] = len(app.screen.query("#form-read-only"))

    run_app(scenario, today, demo)
    assert seen["lines"] == 0


def test_a_second_iro_tui_is_told_the_first_holds_the_store_alone(demo, monkeypatch):
    """It waited five seconds and said "the store is busy: another iro-tui or program is
    writing to it", of a store the first could not write to."""
    import shutil
    import time

    from iro_tui.errors import HeldAloneElsewhere

    demo.close()
    first = open_as_on_a_full_disk(demo.path, monkeypatch)
    full = shutil.disk_usage(demo.path.parent)._replace(free=4096)
    monkeypatch.setattr(shutil, "disk_usage", lambda path: full)
    started = time.monotonic()
    try:
        with pytest.raises(HeldAloneElsewhere) as refused:
            open_store(demo.path, defer_check=True)
    finally:
        first.close()
    assert time.monotonic() - started < 2  # not after SQLite's five seconds' wait
    assert str(refused.value) == (
        f"cannot open the store {demo.path}: another iro-tui has it open, and holds it alone "
        "because the disk is full: read it there, or quit that one (or free some space) and "
        "open it again"
    )


def test_a_disk_nearly_full_is_said_on_opening(demo, today, monkeypatch):
    """After a crash SQLite's index is left beside the store, so on a full disk it opened
    as ever, tried a backup, and refused the first save."""
    import shutil

    room = shutil.disk_usage(demo.path.parent)
    monkeypatch.setattr(shutil, "disk_usage", lambda path: room._replace(free=2_100_000))
    seen = {}

    async def scenario(app, pilot):
        seen["said"] = [n.message for n in app._notifications]
        seen["title"] = app.title

    run_app(scenario, today, demo)
    assert seen["said"] == [
        "The disk holding the store has only 2.1 MB free: a save may be refused until some "
        "space is freed."
    ]
    assert "read-only" not in seen["title"]  # a save may yet fit


def test_a_disk_with_room_says_nothing_of_it(demo, today):
    seen = {}

    async def scenario(app, pilot):
        seen["said"] = [n.message for n in app._notifications]

    run_app(scenario, today, demo)
    assert seen["said"] == []


def test_no_backup_takes_the_last_room_on_a_disk_nearly_full(demo, today, monkeypatch):
    """A backup made at 0.5 MB free left 0.1 MB, and the next save was refused."""
    import shutil

    room = shutil.disk_usage(demo.path.parent)
    monkeypatch.setattr(shutil, "disk_usage", lambda path: room._replace(free=2_100_000))
    seen = {}

    async def scenario(app, pilot):
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.backup_if_due(on_open=True)  # the hourly check, again: said once
        seen["said"] = [(n.title, n.message) for n in app._notifications]

    run_app(scenario, today, demo, make_backups=True)
    size = demo.path.stat().st_size / 1e6
    assert seen["said"][1:] == [
        (
            "Backup not made",
            f"the disk has 2.1 MB free, and a backup needs {size:.1f} MB with 8 MB kept for "
            "saves: free some space",
        )
    ]
    assert not Path(f"{demo.path}.backups").exists()


def test_a_full_disk_is_said_full_not_zero_megabytes_free(demo, today, monkeypatch):
    import shutil

    room = shutil.disk_usage(demo.path.parent)
    monkeypatch.setattr(shutil, "disk_usage", lambda path: room._replace(free=20_000))
    seen = {}

    async def scenario(app, pilot):
        seen["said"] = [n.message for n in app._notifications]

    run_app(scenario, today, demo)
    assert seen["said"] == [
        "The disk holding the store is full: saves are refused until some space is freed."
    ]


def test_a_review_draft_a_crash_left_is_in_the_diary_on_a_full_disk(demo, today, monkeypatch):
    """Hidden as a read-only window's are (the other window's, being typed there): on a
    full disk there is no other window, and the draft was the IRO's own, from a crash."""
    from iro_tui.store.reviews import save_draft

    fields = {"status": "held", "held_date": "01/06/2026", "venue": "Foster home"}
    save_draft(demo, "100102", None, {"fields": fields, "attendees": [], "decisions": []})
    demo.close()
    store = open_as_on_a_full_disk(demo.path, monkeypatch)
    seen = {}

    async def scenario(app, pilot):
        seen["diary"] = screen_text(app)

    run_app(scenario, today, store)
    store.close()
    assert "Finish recording the review" in seen["diary"]


def test_an_encrypted_store_s_second_window_is_refused_before_any_question(
    tmp_path, monkeypatch, capsys
):
    """It asked "Open it read-only?", then the passphrase, and only then said the first
    window held the store alone."""
    import shutil

    import iro_tui.__main__ as cli
    from iro_tui.__main__ import main

    made = open_store(tmp_path / "iro.sqlite", PASS)
    made.close()
    first = open_as_on_a_full_disk(made.path, monkeypatch, PASS)
    full = shutil.disk_usage(made.path.parent)._replace(free=4096)
    monkeypatch.setattr(shutil, "disk_usage", lambda path: full)
    monkeypatch.delenv("IRO_TUI_PASSPHRASE", raising=False)
    asked = []
    monkeypatch.setattr(cli, "_answer", lambda question: asked.append(question) or "y")

    def started(*args, **options):
        raise AssertionError("the app was started, to ask for the passphrase")

    monkeypatch.setattr(cli, "make_app", started)
    try:
        code = main(["--db", str(made.path)])
    finally:
        first.close()
    assert code == 2
    assert "another iro-tui has it open, and holds it alone" in capsys.readouterr().err
    assert asked == []


def test_room_freed_on_the_disk_is_said_once(demo, today, monkeypatch):
    import shutil

    demo.close()
    store = open_as_on_a_full_disk(demo.path, monkeypatch)
    room = shutil.disk_usage(demo.path.parent)
    free = {"bytes": 4096}
    monkeypatch.setattr(shutil, "disk_usage", lambda path: room._replace(free=free["bytes"]))
    seen = {}

    def said(app):
        return [n.message for n in app._notifications if n.title == "Room again"]

    async def scenario(app, pilot):
        app.say_if_room_again()  # the ten-second check, still full
        await pilot.pause()
        seen["full"] = said(app)
        free["bytes"] = 500_000_000
        app.say_if_room_again()
        app.say_if_room_again()
        await pilot.pause()
        seen["room"] = said(app)

    run_app(scenario, today, store)
    store.close()
    assert seen["full"] == []
    assert seen["room"] == [
        "There is room on the disk again: quit (q) and open iro-tui again to save."
    ]


def test_an_export_s_form_in_a_read_only_iro_tui_says_nothing_of_it_and_writes(
    demo, today, monkeypatch, tmp_path
):
    """An export writes a file, not the store: its form said "Nothing typed here can be
    saved" though it saves as ever."""
    demo.close()
    store = open_as_on_a_full_disk(demo.path, monkeypatch)
    target = tmp_path / "diary.ics"
    seen = {}

    async def scenario(app, pilot):
        await pilot.press("x")
        await pilot.pause()
        seen["lines"] = len(app.screen.query("#form-read-only"))
        fill(app, file=str(target))
        await pilot.press("f2")
        await app.workers.wait_for_complete()
        await pilot.pause()

    run_app(scenario, today, store)
    store.close()
    assert seen["lines"] == 0
    assert target.read_text().startswith("BEGIN:VCALENDAR")


def test_a_read_only_iro_tui_shows_a_review_draft_without_offering_to_discard_it(
    demo, today, monkeypatch
):
    """ "Start again, discarding it" was offered, of another window's record (or a crash's),
    and refused at once: nothing can be discarded here."""
    from iro_tui.screens.recording import RecordingScreen
    from iro_tui.store.reviews import save_draft

    fields = {"status": "held", "held_date": "01/06/2026", "venue": "Foster home"}
    save_draft(demo, "100102", None, {"fields": fields, "attendees": [], "decisions": []})
    demo.close()
    store = open_as_on_a_full_disk(demo.path, monkeypatch)
    seen = {}

    async def scenario(app, pilot):
        app.record_review("100102", None)
        await pilot.pause()
        seen["screen"] = type(app.screen).__name__
        if isinstance(app.screen, RecordingScreen):
            seen["venue"] = app.screen.query_one("#field-venue").value

    run_app(scenario, today, store)
    store.close()
    assert seen == {"screen": "RecordingScreen", "venue": "Foster home"}
