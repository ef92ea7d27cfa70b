"""A locked, full or read-only store never closes the app: the problem is shown, what
was typed stays on screen, and a retry saves it (issue 13)."""

from iro_tui.screens.recording import RecordingScreen
from iro_tui.store import open_store
from iro_tui.store.changes import update_profile
from iro_tui.store.driver import sqlite3  # the store's own errors, as SQLCipher raises them
from iro_tui.store.session_lock import make_read_only
from iro_tui.widgets.confirm import Confirm
from iro_tui.widgets.form import FormModal

from ..conftest import store_contents
from .helpers import count, error_of, fill, run, until
from .test_review import MEETING_DAY, TYPED_DRAFT


class FullDisk:
    """The store's connection, failing every commit as a full disk does."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn, self.full = conn, True

    def execute(self, sql, *args):
        if self.full and sql.strip().upper() == "COMMIT":
            raise sqlite3.OperationalError("database or disk is full")
        return self._conn.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._conn, name)


def fill_the_disk(store) -> FullDisk:
    disk = FullDisk(store.conn)
    store.conn = store.db.conn = disk
    return disk


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def refused(app) -> bool:
    return any("open in another iro-tui" in m for m in messages(app))


def test_a_full_disk_keeps_the_form_open_with_what_was_typed_and_a_retry_saves(demo, today):
    async def scenario(app, pilot):
        app.open_child("100113")
        await pilot.pause()
        await pilot.press("e")
        fill(app, preferred_name="Lei")
        disk = fill_the_disk(demo)
        before = store_contents(demo.path)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        assert "the disk is full" in error_of(app, "form")
        assert "nothing was saved" in error_of(app, "form")
        assert app.screen.query_one("#field-preferred_name").value == "Lei"
        assert store_contents(demo.path) == before
        disk.full = False  # space freed: the same form saves
        await pilot.press("f2")
        await pilot.pause()
        assert not isinstance(app.screen, FormModal)

    app = run(scenario, demo, today)
    assert app.return_code in (0, None)
    preferred = "SELECT preferred_name FROM children WHERE child_ref = '100113'"
    assert demo.conn.execute(preferred).fetchone()[0] == "Lei"


def test_the_half_second_autosave_on_a_full_disk_keeps_the_draft_and_retries(demo, monkeypatch):
    ticks = []
    autosave = RecordingScreen.autosave

    def counted(screen):
        ticks.append(screen)
        return autosave(screen)

    monkeypatch.setattr(RecordingScreen, "autosave", counted)

    async def scenario(app, pilot):
        app.record_review("100114", None)
        await pilot.pause()
        disk = fill_the_disk(demo)
        fill(app, child_views="Tyler wants more time with his brother")
        ticks.clear()
        await until(pilot, lambda: len(ticks) >= 2, "two autosave ticks")
        await pilot.pause()
        assert isinstance(app.screen, RecordingScreen)
        shown = [m for m in messages(app) if m.startswith("Draft not saved: the disk is full")]
        assert len(shown) == 1  # shown once, not at every tick
        assert count(demo, TYPED_DRAFT) == 0
        # Said on the screen as well, for as long as it lasts (the notice fades).
        line = app.screen.query_one("#draft-problem")
        assert line.display and "Draft not saved: the disk is full" in str(line.render())
        await pilot.press("escape")  # leaving would lose it: asked first
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, RecordingScreen)
        assert app.screen.query_one("#field-child_views").text.startswith("Tyler wants")
        disk.full = False
        await until(pilot, lambda: "The draft is saved again" in messages(app), "saved again")
        assert count(demo, TYPED_DRAFT) == 1
        assert not app.screen.query_one("#draft-problem").display

    run(scenario, demo, MEETING_DAY)


def test_a_read_only_store_while_recording_says_why_and_quitting_asks_first(demo):
    async def scenario(app, pilot):
        app.record_review("100114", None)
        await pilot.pause()
        make_read_only(demo)  # SQLite itself refuses the writes (SQLITE_READONLY)
        fill(app, child_views="Tyler wants more time with his brother")
        await until(pilot, lambda: refused(app), "the refused draft explained")
        await pilot.press("q")  # quitting would lose the unsaved draft: asked first
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        # It says the draft does not hold the text, never that "the draft is kept".
        question = app.screen.question
        assert "what you typed since is not saved anywhere" in question
        assert "draft is kept" not in question
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, RecordingScreen)
        assert app.screen.query_one("#field-child_views").text.startswith("Tyler wants")

    run(scenario, demo, MEETING_DAY)
    assert count(demo, TYPED_DRAFT) == 0


def test_two_windows_on_one_child_the_second_save_does_not_undo_the_first(demo, today):
    other_window = open_store(demo.path)

    async def scenario(app, pilot):
        app.open_child("100113")
        await pilot.pause()
        await pilot.press("e")
        update_profile(other_window, "100113", {"preferred_name": "Lala"})
        fill(app, preferred_name="Lei")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        assert "changed elsewhere" in error_of(app, "form")

    run(scenario, demo, today)
    preferred = "SELECT preferred_name FROM children WHERE child_ref = '100113'"
    assert demo.conn.execute(preferred).fetchone()[0] == "Lala"
    other_window.close()


def test_a_store_moved_while_open_refuses_saves_until_it_is_back(demo, today, tmp_path):
    """Moved (or deleted) under the app, the store took saves, said "saved", and left
    them in a write-ahead log beside where it had been: lost once a new store was made
    there. A save is now refused, the form kept, until the file is back."""
    import os

    moved = tmp_path / "moved.sqlite"

    async def scenario(app, pilot):
        app.open_child("100113")
        await pilot.pause()
        await pilot.press("e")
        fill(app, preferred_name="Lei")
        os.rename(demo.path, moved)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        message = error_of(app, "form")
        assert f"the store file is no longer at {demo.path}" in message
        assert "nothing was saved" in message
        assert app.screen.query_one("#field-preferred_name").value == "Lei"
        os.rename(moved, demo.path)  # put back: the same form saves
        await pilot.press("f2")
        await pilot.pause()
        assert not isinstance(app.screen, FormModal)

    run(scenario, demo, today)
    preferred = "SELECT preferred_name FROM children WHERE child_ref = '100113'"
    assert demo.conn.execute(preferred).fetchone()[0] == "Lei"


def test_a_note_typed_while_another_program_holds_the_store_says_so_and_is_kept_after(demo, today):
    """Each half-second draft waited the busy timeout's 5 s on the main thread while
    another program held the store: keys came in bursts, 5 s apart (an adversarial
    check). A draft now waits a moment, says on the form that it is not kept, and is
    kept once the store is free."""
    other = sqlite3.connect(demo.path, isolation_level=None)
    drafts = "SELECT count(*) FROM form_drafts"

    async def scenario(app, pilot):
        await pilot.press("f5")
        await pilot.pause()
        other.execute("BEGIN IMMEDIATE")  # another program writing
        fill(app, text="Rang the carer: contact went well")
        line = app.screen.query_one("#draft-problem")
        await until(pilot, lambda: line.display, "the refused draft said on the form")
        assert "Not kept as a draft: the store is busy" in str(line.render())
        other.execute("ROLLBACK")
        await until(pilot, lambda: not line.display, "the draft kept once the store is free")
        assert count(demo, drafts) == 1

    try:
        run(scenario, demo, today)
    finally:
        other.close()
    assert demo.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_a_draft_does_not_wait_for_another_writer_as_a_save_does(demo):
    import time

    from iro_tui.errors import StoreUnwritable
    from iro_tui.store.form_drafts import StoredDraft

    other = sqlite3.connect(demo.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        try:
            StoredDraft(demo, "note:100113").save({"text": "typed"})
        except StoreUnwritable as refused:
            said = str(refused)
        waited = time.monotonic() - started
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert (
        said == "the store is busy: another iro-tui or program is writing to it; nothing was saved"
    )
    assert waited < 2.5  # not the 5 s an IRO's own save waits
    assert demo.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
