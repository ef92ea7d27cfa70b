"""The diary's kept frame (store/diary_frames.py) is read back only while nothing it was
worked out from has changed: the day, the store (by its audit trail) and the code."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest

from iro_tui.errors import StoreUnwritable
from iro_tui.store import diary_frames, open_store
from iro_tui.store.diary_frames import (
    basis,
    frame_days,
    later_days,
    read_frame,
    read_frame_at,
    save_frames,
)

from ..conftest import another_window, store_contents

FRAME = {"version": 1, "summary": "a frame"}


def keep(store, today: date, frame=FRAME) -> None:
    save_frames(store.conn, basis(store.conn), {today: frame})


def test_a_kept_frame_is_read_back_on_its_day_from_an_unchanged_store(demo, today):
    keep(demo, today)
    assert read_frame(demo.conn, today) == FRAME
    # Another day has no frame of its own: the diary is worked out for it.
    assert read_frame(demo.conn, today + timedelta(days=1)) is None
    # Read the way the command line reads it, before the app opens the store.
    demo.conn.commit()
    assert read_frame_at(demo.path, today) == FRAME


def test_any_change_to_the_store_since_makes_the_frame_stale(demo, today):
    keep(demo, today)
    # A setting (the rulebook) is audited like every table the diary reads.
    demo.set_setting("rulebook", "jersey")
    assert read_frame(demo.conn, today) is None


def test_a_change_made_in_another_window_makes_it_stale_too(demo, today):
    keep(demo, today)
    with another_window(demo.path) as other:
        other.conn.execute("UPDATE children SET given_name = 'Ahmed' WHERE child_ref = '100102'")
    assert read_frame(demo.conn, today) is None


def test_a_write_rolled_back_leaves_the_frame_good(demo, today):
    keep(demo, today)
    with pytest.raises(RuntimeError), demo.transaction() as db:
        db.execute("UPDATE children SET given_name = 'Ahmed' WHERE child_ref = '100102'")
        raise RuntimeError("the form's check failed")
    assert read_frame(demo.conn, today) == FRAME


def test_a_change_to_the_code_makes_it_stale(demo, today, monkeypatch):
    keep(demo, today)
    monkeypatch.setattr(diary_frames, "code_fingerprint", lambda: "another version")
    assert read_frame(demo.conn, today) is None


def test_the_code_fingerprint_follows_every_file_of_the_package(tmp_path, monkeypatch):
    before = diary_frames.code_fingerprint()
    assert before == diary_frames.code_fingerprint()  # steady while nothing changes
    # A package whose one file changes size gives another fingerprint.
    package = tmp_path / "iro_tui"
    (package / "store").mkdir(parents=True)
    module = package / "store" / "diary_frames.py"
    module.write_text("x = 1\n")
    (package / "domain.py").write_text("rule = 1\n")
    monkeypatch.setattr(diary_frames, "__file__", str(module))
    first = diary_frames.code_fingerprint()
    (package / "domain.py").write_text("rule = 12\n")
    assert diary_frames.code_fingerprint() != first


def test_saving_replaces_every_frame_kept_before(demo, today):
    keep(demo, today)
    save_frames(demo.conn, basis(demo.conn), {today + timedelta(days=1): {"version": 1}})
    assert read_frame(demo.conn, today) is None
    assert demo.conn.execute("SELECT count(*) FROM diary_frames").fetchone()[0] == 1


def test_frames_are_not_audited_and_saving_one_changes_no_record(demo, today, tmp_path):
    mark = demo.conn.execute("SELECT max(id) FROM audit").fetchone()[0]
    keep(demo, today)
    assert demo.conn.execute("SELECT max(id) FROM audit").fetchone()[0] == mark
    # What is kept, besides the frame, is row for row as before.
    demo.conn.commit()
    kept = [line for line in store_contents(demo.path) if "diary_frames" not in line]
    demo.conn.execute("DELETE FROM diary_frames")
    demo.conn.commit()
    assert [line for line in store_contents(demo.path) if "diary_frames" not in line] == kept


def test_a_busy_store_keeps_no_frame_and_says_so(demo, today):
    demo.conn.commit()
    other = open_store(demo.path)
    other.conn.execute("BEGIN IMMEDIATE")  # another window is writing
    try:
        with pytest.raises(StoreUnwritable, match="busy"):
            keep(demo, today)
    finally:
        other.conn.execute("ROLLBACK")
        other.close()
    assert read_frame(demo.conn, today) is None
    # The store's own wait for a writer is as it was (5 s).
    assert demo.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_no_frame_from_a_file_that_is_not_a_store_or_is_not_there(tmp_path, today):
    assert read_frame_at(tmp_path / "missing.sqlite", today) is None
    notes = tmp_path / "notes.sqlite"
    notes.write_text("a shopping list\n")
    assert read_frame_at(notes, today) is None
    assert not (tmp_path / "missing.sqlite").exists()  # nothing created


def test_no_frame_from_a_store_before_v7(tmp_path, today):
    from .test_migrations import OLD_SCHEMAS

    old = sqlite3.connect(tmp_path / "v6.sqlite")
    old.executescript((OLD_SCHEMAS / "v6.sql").read_text())
    old.close()
    assert read_frame_at(tmp_path / "v6.sqlite", today) is None


def test_the_days_kept_are_today_the_next_day_and_monday_after_a_weekend():
    thursday = date(2026, 12, 31)  # the year's end: the next day is in another year
    assert frame_days(thursday) == [thursday, date(2027, 1, 1)]
    friday = date(2027, 1, 1)
    assert frame_days(friday) == [friday, date(2027, 1, 2), date(2027, 1, 4)]
    saturday = date(2027, 1, 2)
    assert frame_days(saturday) == [saturday, date(2027, 1, 3), date(2027, 1, 4)]
    sunday = date(2027, 1, 3)
    assert frame_days(sunday) == [sunday, date(2027, 1, 4)]


def test_the_later_days_are_the_rest_of_the_coming_week():
    thursday = date(2026, 12, 31)
    assert later_days(thursday) == [date(2027, 1, d) for d in (2, 3, 4, 5, 6, 7)]
    friday = date(2027, 1, 1)  # Monday the 4th is kept always
    assert later_days(friday) == [date(2027, 1, d) for d in (3, 5, 6, 7, 8)]
    for day in (thursday, friday):
        assert sorted(frame_days(day) + later_days(day)) == [
            day + timedelta(days=n) for n in range(8)
        ]
