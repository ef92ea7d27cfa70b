"""The diary's first frame: kept on quitting, painted at the next opening before the
store opens, and drawn exactly as the diary worked out straight after draws it."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

from rich.text import Text

from iro_tui.__main__ import make_app
from iro_tui.domain.clock import FixedClock
from iro_tui.errors import BadStore
from iro_tui.locking import Locking
from iro_tui.screens.caseload import CaseloadScreen
from iro_tui.screens.diary import DiaryScreen
from iro_tui.screens.diary_frame import first_frame, keep_frames
from iro_tui.store import diary_frames
from iro_tui.store.diary_frames import frame_days, read_frame, read_frame_at
from iro_tui.widgets.agenda_table import AgendaTable

from .helpers import SIZE, run


def drawn(app) -> dict:
    """What the diary shows, cell by cell with its style, and where the cursor is."""
    screen = app.screen
    assert isinstance(screen, DiaryScreen)
    table = screen.query_one("#agenda", AgendaTable)

    def cell(value: object) -> tuple:
        if isinstance(value, Text):
            return value.plain, str(value.style), value.justify, value.overflow
        return (str(value),)

    return {
        "subtitle": screen.sub_title,
        "summary": str(screen.query_one("#summary").render()),
        "overdue": screen.query_one("#summary").has_class("has-overdue"),
        "rows": [
            (str(key.value), [cell(value) for value in table.get_row_at(index)])
            for index, key in enumerate(table.rows)
        ],
        "cursor": table.cursor_row,
        "detail": str(screen.query_one("#agenda-detail").render()),
    }


def open_on_frame(path, day: date, scenario, before_open=None):
    """The app as the command line starts it on a plain store with a kept frame for
    `day`: the frame first, the store opened after. `before_open(app)` runs while the
    frame shows and the store is not open yet."""
    frame = first_frame(read_frame_at(path, day))
    assert frame is not None, "no frame kept for that day"

    async def main():
        app = make_app(None, FixedClock(day), store_gate=("plain", path), first_frame=frame)
        opening = Locking._open_behind_first_frame

        def open_after_looking(self, *args):
            if before_open is not None:
                before_open(self)
            return opening(self, *args)

        Locking._open_behind_first_frame = open_after_looking  # type: ignore[method-assign]
        try:
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                await scenario(app, pilot)
        finally:
            Locking._open_behind_first_frame = opening  # type: ignore[method-assign]
        return app

    return asyncio.run(main())


def frame_and_diary(path, day: date) -> tuple[dict, dict]:
    """What the kept frame for `day` draws, and what the diary worked out then draws."""
    seen: dict = {}

    def look(app) -> None:
        assert app.store is None  # the frame shows before the store is open
        assert app.screen.query_one("#agenda", AgendaTable).items == []
        seen["frame"] = drawn(app)

    async def scenario(app, pilot):
        assert app.store is not None
        assert app.screen.first_frame is None  # worked out now
        assert app.screen.query_one("#agenda", AgendaTable).items  # its items selectable
        seen["worked out"] = drawn(app)

    open_on_frame(path, day, scenario, before_open=look)
    return seen["frame"], seen["worked out"]


def test_the_kept_frame_is_drawn_as_the_diary_worked_out_draws_it(demo, today):
    # Today (a Monday), a bank holiday (the spring bank holiday, Mon 25/05/2026: its
    # amber counts working days over it) and a month's last working day (Fri 29/05).
    days = [today, date(2026, 5, 25), date(2026, 5, 29)]
    keep_frames(demo, days)
    demo.conn.commit()
    for day in days:
        frame, worked_out = frame_and_diary(demo.path, day)
        assert frame["rows"], f"an empty frame on {day}"
        assert frame == worked_out, f"the frame differs from the diary on {day}"


def test_keys_pressed_while_the_store_opens_are_answered_once_it_is_open(demo, today):
    keep_frames(demo, [today])
    demo.conn.commit()
    frame = first_frame(read_frame(demo.conn, today))

    async def main():
        app = make_app(None, FixedClock(today), store_gate=("plain", demo.path), first_frame=frame)
        opening = Locking._open_behind_first_frame
        held: list = []
        Locking._open_behind_first_frame = lambda self, *args: held.append(args)  # type: ignore[method-assign]
        try:
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                assert held and app.store is None
                await pilot.press("c")  # the caseload, before there is a store to read it
                await pilot.pause()
                assert isinstance(app.screen, DiaryScreen)
                opening(app, *held[0])
                await pilot.pause()
                await pilot.pause()
                assert isinstance(app.screen, CaseloadScreen)
        finally:
            Locking._open_behind_first_frame = opening  # type: ignore[method-assign]

    asyncio.run(main())


def test_quitting_keeps_the_frames_the_next_opening_paints(demo, today, monkeypatch):
    monkeypatch.setattr(diary_frames, "LATER_DAYS_SECONDS", 0.0)  # no time for later days
    shown: dict = {}

    async def scenario(app, pilot):
        shown["diary"] = drawn(app)
        await pilot.press("q")
        await pilot.pause()

    run(scenario, demo, today)
    kept = demo.conn.execute("SELECT day FROM diary_frames ORDER BY day").fetchall()
    assert [date.fromisoformat(d) for (d,) in kept] == frame_days(today)

    async def reopened(app, pilot):
        pass

    seen: dict = {}
    open_on_frame(demo.path, today, reopened, before_open=lambda app: seen.update(frame=drawn(app)))
    assert seen["frame"] == shown["diary"]


def test_with_time_to_spare_quitting_keeps_the_coming_week(demo, today, monkeypatch):
    """A small caseload's quit keeps every day of the coming week: opened after a
    bank-holiday weekend or a week away, the diary shows at once, and as worked out."""
    monkeypatch.setattr(diary_frames, "LATER_DAYS_SECONDS", 60.0)

    async def scenario(app, pilot):
        await pilot.press("q")
        await pilot.pause()

    run(scenario, demo, today)
    kept = [date.fromisoformat(d) for (d,) in demo.conn.execute("SELECT day FROM diary_frames")]
    assert sorted(kept) == [today + timedelta(days=n) for n in range(8)]
    # Tuesday after the week's end, with the Monday (01/06/2026 + 8) not kept: worked out.
    back = today + timedelta(days=4)  # Friday 05/06/2026
    frame, worked_out = frame_and_diary(demo.path, back)
    assert frame["rows"] and frame == worked_out


def test_a_write_after_the_frame_was_kept_means_it_is_not_shown(demo, today):
    from iro_tui.__main__ import _kept_diary
    from iro_tui.cli.parser import build_parser

    keep_frames(demo, [today])
    demo.conn.commit()
    args = build_parser().parse_args(["--db", str(demo.path)])
    assert _kept_diary(args, FixedClock(today)) is not None
    demo.set_setting("iro_name", "Sam Okoro-Bell")  # any change: the frame is stale
    assert _kept_diary(args, FixedClock(today)) is None
    # Nor on another day, nor for an encrypted store (it opens behind its passphrase).
    keep_frames(demo, [today])
    demo.conn.commit()
    assert _kept_diary(args, FixedClock(date(2026, 6, 2))) is None


def test_a_read_only_window_keeps_no_frame(demo, today):
    async def scenario(app, pilot):
        await pilot.press("q")
        await pilot.pause()

    async def main():
        app = make_app(demo, FixedClock(today), read_only=True)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(main())
    assert demo.conn.execute("SELECT count(*) FROM diary_frames").fetchone()[0] == 0


def test_a_store_that_will_not_open_behind_the_frame_ends_the_app_with_why(
    demo, today, monkeypatch
):
    import iro_tui.security_cli

    keep_frames(demo, [today])
    demo.conn.commit()

    def refuse(path, plain=False, for_app=False):
        raise BadStore(f"cannot open the store {path}: the store file is damaged")

    monkeypatch.setattr(iro_tui.security_cli, "open_cli_store", refuse)

    async def scenario(app, pilot):
        pass

    app = open_on_frame(demo.path, today, scenario)
    assert app.return_code == 2
    assert app.store is None


def test_the_encrypted_store_paints_its_kept_frame_once_unlocked(tmp_path, today):
    """Behind the passphrase screen the store opens first; the frame kept in it (it is
    encrypted with the rest) is drawn at once and the diary worked out after."""
    from textual.widgets import Input

    from iro_tui.interchange.import903 import import_903
    from iro_tui.store import open_store

    from ..conftest import FIXTURE_903

    passphrase = "correct horse battery"
    path = tmp_path / "secret.sqlite"
    store = open_store(path, passphrase)
    import_903(store, FIXTURE_903, today)
    keep_frames(store, [today])
    store.conn.commit()
    expected = first_frame(read_frame(store.conn, today))
    assert expected is not None and expected.rows
    store.close()
    seen: dict = {}
    refresh = DiaryScreen.action_refresh

    def look_then_refresh(screen):
        seen.setdefault("frame", drawn(screen.app))
        return refresh(screen)

    async def main():
        app = make_app(None, FixedClock(today), store_gate=("encrypted", path))
        DiaryScreen.action_refresh = look_then_refresh  # type: ignore[method-assign]
        try:
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                app.screen.query_one(Input).value = passphrase
                await pilot.press("enter")
                await pilot.pause()
                await pilot.pause()
                assert isinstance(app.screen, DiaryScreen)
                assert app.screen.first_frame is None  # worked out after the frame
                assert app.screen.query_one("#agenda", AgendaTable).items
                seen["worked out"] = drawn(app)
        finally:
            DiaryScreen.action_refresh = refresh  # type: ignore[method-assign]
        app.store.close()

    asyncio.run(main())
    assert seen["frame"]["summary"] == expected.summary
    assert seen["frame"] == seen["worked out"]


def diary_drawn_without_a_frame(store, day: date) -> dict:
    seen: dict = {}

    async def scenario(app, pilot):
        seen["diary"] = drawn(app)

    run(scenario, store, day)
    return seen["diary"]


def keep_altered_frame(store, day: date, alter) -> None:
    """Today's frame, changed by `alter(frame)`, kept as if worked out from the store
    as it is: what a frame gone wrong would look like."""
    import json

    from iro_tui.store.diary_frames import basis, save_frames

    keep_frames(store, [day])
    (text,) = store.conn.execute(
        "SELECT frame FROM diary_frames WHERE day = ?", [day.isoformat()]
    ).fetchone()
    frame = json.loads(text)
    alter(frame)
    save_frames(store.conn, basis(store.conn), {day: frame})
    store.conn.commit()


def count_refills(monkeypatch) -> list:
    cleared: list = []
    clear = AgendaTable.clear

    def counted(table, *args, **kwargs):
        if table.id == "agenda":
            cleared.append(table)
        return clear(table, *args, **kwargs)

    monkeypatch.setattr(AgendaTable, "clear", counted)
    return cleared


def test_rows_the_frame_drew_right_are_kept_not_drawn_again(demo, today, monkeypatch):
    keep_frames(demo, [today])
    demo.conn.commit()
    cleared = count_refills(monkeypatch)
    frame, worked_out = frame_and_diary(demo.path, today)
    assert len(cleared) == 1  # the frame's own filling; the diary kept its rows
    assert frame == worked_out


def test_a_frame_unlike_the_diary_is_replaced_by_the_diary(demo, today, monkeypatch):
    expected = diary_drawn_without_a_frame(demo, today)

    def wrong_day(frame):
        frame["rows"][1][1] = -12  # "12 days overdue": a cell the diary does not say

    keep_altered_frame(demo, today, wrong_day)
    cleared = count_refills(monkeypatch)
    frame, worked_out = frame_and_diary(demo.path, today)
    assert "12 days overdue" in str(frame["rows"][1])
    assert len(cleared) == 2  # the frame's filling, then the diary's own
    assert worked_out == expected


def test_a_frame_shorter_than_the_diarys_first_page_is_completed(demo, today):
    expected = diary_drawn_without_a_frame(demo, today)

    def short(frame):
        frame["rows"] = frame["rows"][:-5]

    keep_altered_frame(demo, today, short)
    frame, worked_out = frame_and_diary(demo.path, today)
    assert len(frame["rows"]) == len(expected["rows"]) - 5
    assert worked_out == expected


def test_locking_when_idle_keeps_the_frames_too(demo, today):
    """A laptop locked on idle is often shut down rather than quit."""
    from iro_tui.screens.lock import LockScreen

    async def scenario(app, pilot):
        app.lock()
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)

    run(scenario, demo, today)
    kept = {date.fromisoformat(d) for (d,) in demo.conn.execute("SELECT day FROM diary_frames")}
    # The days always kept, and as many more of the coming week as there was time for.
    assert set(frame_days(today)) <= kept <= {today + timedelta(days=n) for n in range(8)}
    assert read_frame(demo.conn, today) is not None  # and they match the store as it is


def test_a_damaged_frame_is_not_drawn(demo, today):
    """Rows with one key twice, or keys agenda_rows never makes, would stop the table:
    such a frame is no frame (the diary is worked out before it shows)."""
    import json

    keep_frames(demo, [today])
    (text,) = demo.conn.execute("SELECT frame FROM diary_frames").fetchone()
    kept = json.loads(text)
    assert first_frame(kept) is not None
    twice = json.loads(text)
    twice["rows"][2][0] = twice["rows"][1][0]
    assert first_frame(twice) is None
    numbers = json.loads(text)
    numbers["rows"] = [[1, 2, 3, 4, 5, 6, "later", False] for _ in range(3)]
    assert first_frame(numbers) is None
    not_an_index = json.loads(text)
    not_an_index["rows"][1][0] = "item-x"
    assert first_frame(not_an_index) is None


def test_a_frames_text_is_shown_as_written_and_its_detail_line_said_again(demo, today):
    """A kept summary is text, not markup; and the line under the table is the item's
    own once the diary is worked out, even when the frame's rows are kept as drawn."""
    expected = diary_drawn_without_a_frame(demo, today)

    def odd(frame):
        frame["summary"] = "[/bold] not markup"
        frame["details"] = {key: ["not what the item says", False] for key in frame["details"]}

    keep_altered_frame(demo, today, odd)
    frame, worked_out = frame_and_diary(demo.path, today)
    assert frame["summary"] == "[/bold] not markup"
    assert frame["detail"] == "not what the item says"
    assert worked_out == expected


def test_the_frame_is_drawn_with_the_iros_own_keys(demo, today):
    demo.set_setting("keymap", "diary.caseload=k")
    keep_frames(demo, [today])
    demo.conn.commit()
    seen: dict = {}

    def look(app) -> None:
        assert app.store is None
        seen["frame"] = {key: b.binding.action for key, b in app.screen.active_bindings.items()}

    async def scenario(app, pilot):
        seen["diary"] = {key: b.binding.action for key, b in app.screen.active_bindings.items()}
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, CaseloadScreen)

    open_on_frame(demo.path, today, scenario, before_open=look)
    assert seen["frame"].get("k") == "app.caseload" and "c" not in seen["frame"]
    assert seen["frame"] == seen["diary"]


def test_a_second_window_reads_the_frame_again_after_asking(demo, today, monkeypatch):
    """The read-only question may wait while the other window writes: the diary painted
    is then worked out first, never the frame kept before that write."""
    import iro_tui.__main__ as cli

    keep_frames(demo, [today])
    demo.conn.commit()

    def asked_while_the_other_window_wrote(lock, path) -> bool:
        demo.set_setting("rulebook", "jersey")  # the other window, meanwhile
        return False  # "y": read-only

    made: dict = {}

    class NotRun:
        return_code = 0
        store = None
        title = ""

        def run(self):
            pass

    def make_app(store, clock, **options):
        made.update(options)
        return NotRun()

    monkeypatch.setattr(cli, "_alone_or_read_only", asked_while_the_other_window_wrote)
    monkeypatch.setattr(cli, "make_app", make_app)
    assert cli.main(["--db", str(demo.path), "--today", today.isoformat()]) == 0
    assert made["store_gate"] == ("plain", demo.path)
    assert made["read_only"] is True
    assert made["first_frame"] is None


def test_the_frames_summary_is_there_before_the_first_layout(demo, today, monkeypatch):
    """The summary line ("N OVERDUE · ...") is composed with the screen: set after it
    mounted, it missed the first write to the terminal (Textual drops the frame laid out
    while the app mounts, then writes what changed since), and came ~25 ms after the rows."""
    keep_frames(demo, [today])
    demo.conn.commit()
    at_mount: list[str] = []
    mount = DiaryScreen.on_mount

    def look_then_mount(screen):
        at_mount.append(str(screen.query_one("#summary").render()))
        return mount(screen)

    monkeypatch.setattr(DiaryScreen, "on_mount", look_then_mount)

    async def scenario(app, pilot):
        pass

    frame = first_frame(read_frame_at(demo.path, today))
    assert frame is not None and "OVERDUE" in frame.summary
    open_on_frame(demo.path, today, scenario)
    assert at_mount[0] == frame.summary
