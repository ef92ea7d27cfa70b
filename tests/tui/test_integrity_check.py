"""The app's integrity check (issue 12): after the first paint, in a worker on a
connection of its own. The on-open backup waits for it; a damaged store is said in a
modal naming the latest backup, is never backed up, and refuses every write."""

import asyncio
import threading
from datetime import datetime

import pytest

from iro_tui.__main__ import make_app
from iro_tui.diagnostics import log_path
from iro_tui.domain.clock import FixedClock
from iro_tui.screens.child import ChildScreen
from iro_tui.screens.diary import DiaryScreen
from iro_tui.store import backup, connect, open_store
from iro_tui.store.driver import sqlite3
from iro_tui.widgets.form import FormModal
from iro_tui.widgets.problem import Problem

from ..conftest import damage_table
from .helpers import SIZE, error_of, fill, until


def run_app(scenario, store, today):
    async def main():
        app = make_app(store, FixedClock(today), make_backups=True)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await scenario(app, pilot)
        return app

    return asyncio.run(main())


@pytest.fixture
def demo_path(tmp_path, today):
    from iro_tui.demo import build_demo

    path = tmp_path / "iro.sqlite"
    build_demo(path, today).close()
    return path


def test_the_app_paints_then_checks_the_store_then_makes_the_on_open_backup(
    demo_path, today, monkeypatch
):
    store = open_store(demo_path, defer_check=True)
    assert not store.checked
    release, checked_on = threading.Event(), []
    really_check = connect.IntegrityCheck.run

    def held_check(check):
        release.wait(30)
        checked_on.append(threading.current_thread() is threading.main_thread())
        really_check(check)

    monkeypatch.setattr(connect.IntegrityCheck, "run", held_check)

    async def scenario(app, pilot):
        assert isinstance(app.screen, DiaryScreen)  # painted while the check waits
        await pilot.pause(0.3)
        assert backup.list_backups(demo_path) == [] and not store.checked
        release.set()
        await until(pilot, lambda: backup.list_backups(demo_path), "the on-open backup")
        assert store.checked and checked_on == [False]  # in a worker thread
        assert not store.read_only

    run_app(scenario, store, today)
    store.close()


def test_a_damaged_store_is_said_in_a_modal_never_backed_up_and_refuses_writes(demo_path, today):
    store = open_store(demo_path)
    made = backup.make_backup(store, datetime(2026, 5, 31, 9))
    store.close()
    damage_table(demo_path, "audit")  # a page the diary does not read
    before = demo_path.read_bytes()
    store = open_store(demo_path, defer_check=True)

    async def scenario(app, pilot):
        await until(pilot, lambda: isinstance(app.screen, Problem), "the damage explained")
        problem = app.screen
        assert problem.title_text == "The store is damaged"
        assert f"The store {demo_path} is damaged" in problem.explanation
        assert f"the latest backup is {made}: restore it with" in problem.explanation
        assert "read-only" in problem.explanation and "no backup is made" in problem.explanation
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DiaryScreen)
        assert store.read_only and "read-only" in app.title
        # A write is refused in plain words, and what was typed stays.
        app.open_child("100113")
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen)
        await pilot.press("e")
        fill(app, preferred_name="Lei")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        refusal = error_of(app, "form")
        assert "read-only, because the store failed its integrity check" in refusal
        assert "nothing was saved" in refusal
        # The hourly check makes no backup either.
        app.backup_if_due()
        await pilot.pause(0.3)

    run_app(scenario, store, today)
    store.close()
    assert backup.list_backups(demo_path) == [made]
    assert demo_path.read_bytes() == before
    # The fault log says where, never the store's path or a child's details.
    log = log_path().read_text(encoding="utf-8")
    assert "StoreDamaged" in log and "_check_store" in log
    assert str(demo_path) not in log and "100113" not in log


def test_an_unexpected_failure_of_the_check_is_explained_and_the_app_stops_writing(
    demo_path, today, monkeypatch
):
    store = open_store(demo_path, defer_check=True)

    def broken_check(check):
        raise RuntimeError("a bug in the check")

    monkeypatch.setattr(connect.IntegrityCheck, "run", broken_check)

    async def scenario(app, pilot):
        await until(pilot, lambda: isinstance(app.screen, Problem), "the failure explained")
        assert app.screen.title_text.startswith("The store could not be checked")
        assert "a bug" not in app.screen.explanation  # the type only
        assert store.read_only and not store.checked
        app.backup_if_due(on_open=True)
        await pilot.pause(0.3)

    run_app(scenario, store, today)
    store.close()
    assert backup.list_backups(demo_path) == []


def test_a_damaged_page_met_before_the_check_names_the_latest_backup(demo_path, today):
    store = open_store(demo_path)
    made = backup.make_backup(store, datetime(2026, 5, 31, 9))
    app = make_app(store, FixedClock(today))
    malformed = sqlite3.DatabaseError("database disk image is malformed")
    said = app.in_words(malformed)
    store.close()
    assert said.startswith(f"the store {demo_path} is damaged")
    assert f"the latest backup is {made}" in said
    assert app.in_words(KeyError("a child's name")) == "KeyError"
