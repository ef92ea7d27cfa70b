"""The diary: opens on the demo with a fixed clock and shouts what is overdue."""

from datetime import date, timedelta
from pathlib import Path

from textual.binding import Binding
from textual.widgets import ContentSwitcher, Static

from iro_tui.screens.child import ChildScreen
from iro_tui.screens.diary import DiaryScreen
from iro_tui.screens.help import HelpScreen
from iro_tui.widgets.agenda_table import AgendaTable
from iro_tui.widgets.month import MonthCalendar

from .helpers import SIZE, rows, run


def test_the_diary_lists_overdue_first_then_today_the_next_7_days(demo, today):
    async def scenario(app, pilot):
        assert isinstance(app.screen, DiaryScreen)
        table = app.screen.query_one("#agenda", AgendaTable)
        shown = rows(table)
        headings = [r[0] for r in shown if r[1] == ""]
        assert headings == ["OVERDUE", "TODAY", "NEXT 7 DAYS", "NEXT FOUR WEEKS"]
        review = next(r for r in shown if "Ahmad Rahimi (100102)" in r and "Statutory review" in r)
        assert review[:2] == ["5 days overdue", "27/05/2026"]
        # Everything before the TODAY heading is overdue, and only that.
        today_at = shown.index(["TODAY", "", "", "reviews first,", "then by date"])
        assert all(r[0].endswith("overdue") for r in shown[1:today_at])
        assert not any(r[0].endswith("overdue") for r in shown[today_at + 1 :])
        # Amber within 5 WD: Kidane's review meeting on Fri 5 Jun, its time before the text.
        meeting = next(r for r in shown if "Review meeting at Guildhall" in r[4])
        assert meeting[:2] == ["in 4 days", "05/06/2026"]
        assert meeting[4].startswith("14:00 Review meeting")
        summary = str(app.screen.query_one("#summary", Static).render())
        # 5 decisions, Ahmad's review, 2 mid-point checks and 1 escalation response.
        assert summary.startswith("9 OVERDUE")

    run(scenario, demo, today)


def test_enter_opens_the_child_on_the_place_it_is_dealt_with(demo, today):
    async def scenario(app, pilot):
        table = app.screen.query_one("#agenda", AgendaTable)
        target = next(i for i, item in enumerate(table.items) if item.kind == "review")
        table.move_cursor(row=table.get_row_index(f"item-{target}"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen)
        assert app.screen.child_ref == "100102"
        assert app.screen.query_one("TabbedContent").active == "reviews"

    run(scenario, demo, today)


def test_the_month_view_says_a_bank_holiday(demo):
    """Mon 31/08/2026 read "Monday 31/08/2026: nothing due", as any other day."""
    seen = []

    async def scenario(app, pilot):
        await pilot.press("v")
        for key in ("right", "right", "right", "right"):  # Thu 27/08 to Mon 31/08
            await pilot.press(key)
        seen.append(str(app.screen.query_one("#day-title", Static).render()))
        await pilot.press("right")
        seen.append(str(app.screen.query_one("#day-title", Static).render()))

    run(scenario, demo, date(2026, 8, 27))
    assert seen[0].startswith("Monday 31/08/2026, a bank holiday (Late Summer Bank Holiday): ")
    assert seen[1].startswith("Tuesday 01/09/2026: ")


def test_the_month_view_moves_with_the_arrows_and_lists_the_day(demo, today):
    async def scenario(app, pilot):
        await pilot.press("v")
        calendar = app.screen.query_one(MonthCalendar)
        assert app.screen.focused is calendar and calendar.selected == today
        await pilot.press("right", "right", "right", "right")  # Fri 5 Jun
        assert str(calendar.selected) == "2026-06-05"
        title = str(app.screen.query_one("#day-title", Static).render())
        assert title == "Friday 05/06/2026: 3 items"
        day = rows(app.screen.query_one("#day-items", AgendaTable))
        assert {r[2] for r in day} == {
            "Minh Nguyen (100106)",
            "Kidane Berhe (100108)",
            "Amanuel Tekle (100111)",
        }
        await pilot.press("down")  # a week later
        assert str(calendar.selected) == "2026-06-12"
        await pilot.press("pagedown")
        assert str(calendar.selected) == "2026-07-12"
        await pilot.press("v")
        assert app.screen.focused.id == "agenda"
        # Escape leaves the month view too (only v did), and does nothing on the agenda.
        await pilot.press("v")
        assert app.screen.focused is calendar
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.focused.id == "agenda"
        assert app.screen.query_one("ContentSwitcher").current == "agenda-view"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("ContentSwitcher").current == "agenda-view"

    run(scenario, demo, today)


def test_f1_opens_help_and_escape_closes_it_and_q_quits(demo, today):
    async def scenario(app, pilot):
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, DiaryScreen)
        await pilot.press("q")
        await pilot.pause()

    app = run(scenario, demo, today)
    assert app.return_code == 0


def test_a_refusal_is_explained_and_the_app_carries_on(demo, today, monkeypatch):
    import iro_tui.store.records as records  # the diary reads through it
    from iro_tui.errors import BadStore

    def unreadable(store, day):
        raise BadStore("the store cannot be read just now")

    async def scenario(app, pilot):
        before = app.screen.query_one("#agenda").row_count
        monkeypatch.setattr(records, "load_diary", unreadable)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, DiaryScreen)
        assert [n.message for n in app._notifications] == ["the store cannot be read just now"]
        assert app.screen.query_one("#agenda").row_count == before
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)

    run(scenario, demo, today)


def test_snapshot_diary_agenda(snap_compare, demo, today):
    from iro_tui.__main__ import make_app
    from iro_tui.domain.clock import FixedClock

    assert snap_compare(make_app(demo, FixedClock(today)), terminal_size=SIZE)


def test_snapshot_diary_month(snap_compare, demo, today):
    from iro_tui.__main__ import make_app
    from iro_tui.domain.clock import FixedClock

    assert snap_compare(
        make_app(demo, FixedClock(today)),
        terminal_size=SIZE,
        press=["v", "right", "right", "right", "right"],
    )


def test_f1_lists_every_key_active_on_the_screen_from_its_bindings(demo, today):
    async def scenario(app, pilot):
        await pilot.press("f1")
        text = app.screen.text
        keys = text.split("## Every key on this screen", 1)[1]
        # The screen's own keys, the hidden ones too (n is left off the footer for room),
        # and the app's keys that work from anywhere.
        for line in (
            "Refresh: Recompute the diary",
            "New child",
            "Settings: Your name and contact",
            "Note: A footprint note on any child, from anywhere",
            "Search: Search notes, decisions and reviews",
        ):
            assert line in keys, line
        # One row per key, each with the key as the app shows it.
        assert f"| {app.get_key_display(Binding('ctrl+r', 'x'))} | Refresh" in keys
        await pilot.press("escape")
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("f1")
        keys = app.screen.text.split("## Every key on this screen", 1)[1]
        # Typing in the caseload's filter box: s, l and ctrl+f are text, not keys.
        assert "Sort" not in keys and "Refresh" not in keys
        await pilot.press("escape", "down", "f1")
        keys = app.screen.text.split("## Every key on this screen", 1)[1]
        assert "Filter: Filter by name or ID" in keys and "Sort: Sort by the next column" in keys

    run(scenario, demo, today)


def test_the_header_names_the_screen_on_show_after_going_back(demo, today):
    from textual.widgets import Header

    async def scenario(app, pilot):
        def header() -> str:
            return app.screen.query_one(Header).screen_sub_title

        assert header() == "Mon 01/06/2026 · England (CPPCR 2010 reg 33)"
        await pilot.press("E")  # escalations: nothing changes in the store
        await pilot.pause()
        assert header() == "Escalations"
        await pilot.press("escape", "c")
        await pilot.pause()
        assert header() == "Caseload"
        await pilot.press("escape")
        await pilot.pause()
        # Back on the diary with nothing changed (so it does not reload): its own title.
        assert header() == "Mon 01/06/2026 · England (CPPCR 2010 reg 33)"

    run(scenario, demo, today)


def test_delete_acts_only_on_an_appointment(demo, today):
    """The delete key is for appointments; on a statutory deadline it does nothing
    (and after the cursor has been on an appointment and left, still nothing)."""
    from iro_tui.screens.diary import DiaryScreen
    from iro_tui.widgets.confirm import Confirm

    async def scenario(app, pilot):
        table = app.screen.query_one("#agenda")
        kinds = [item.kind for item in table.items]
        appointment = table.get_row_index(f"item-{kinds.index('appointment')}")
        other = table.get_row_index(f"item-{kinds.index('review')}")
        table.move_cursor(row=appointment)
        await pilot.pause()
        table.move_cursor(row=other)
        await pilot.pause()
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, DiaryScreen)
        table.move_cursor(row=appointment)
        await pilot.pause()
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")

    run(scenario, demo, today)


def test_the_month_view_is_made_when_first_shown_and_follows_the_diary_after(demo, today):
    from iro_tui.domain.records import Appointment
    from iro_tui.store.changes import save_appointment

    async def scenario(app, pilot):
        screen = app.screen
        assert screen.month is None  # not made for a diary opened and never switched
        await pilot.press("v")
        assert screen.month is not None and screen.focused is screen.month
        assert screen.month.by_day[today]  # counted from the diary's items
        await pilot.press("v")
        assert screen.focused is screen.query_one("#agenda")
        # After a write the month view, made already, counts what the diary shows now.
        when = today + timedelta(days=9)
        save_appointment(demo, Appointment(kind="other", title="Panel", appt_date=when))
        screen.action_refresh()
        await pilot.pause()
        assert "Panel" in [i.title for i in screen.month.by_day[when]]
        await pilot.press("v")
        assert screen.query_one(ContentSwitcher).current == "month-view"

    run(scenario, demo, today)


def lines_shown(app) -> list[str]:
    """The screen's lines as the user reads them (from the screenshot)."""
    import html
    import re

    svg = app.export_screenshot()
    rows: dict[str, list[str]] = {}
    for y, text in re.findall(r'<text[^>]*y="([\d.]+)"[^>]*>(.*?)</text>', svg, flags=re.S):
        rows.setdefault(y, []).append(html.unescape(text).replace("\xa0", " "))
    return ["".join(parts) for _, parts in sorted(rows.items(), key=lambda r: float(r[0]))]


def test_the_month_view_shows_every_week_and_the_day_chosen_at_80x24(demo, today):
    """Two lines a week and the rules between weeks needed ~22 rows: at 80x24 the month
    stopped after its third week, and the day chosen could be out of sight."""
    from iro_tui.widgets.month import MonthCalendar

    async def scenario(app, pilot):
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen.focused, MonthCalendar)
        await pilot.press("down", "down", "down", "down")  # Mon 29 June, the last week
        await pilot.pause()
        shown = "\n".join(lines_shown(app))
        week = next(line for line in shown.splitlines() if "│ 29" in line or "│29" in line)
        assert "30" in week  # the month's last week, Monday 29 and Tuesday 30
        assert "Monday 29/06/2026: nothing due" in shown  # the day chosen, under the month
        assert "June 2026" in shown

    run(scenario, demo, today, size=(80, 24))


def test_the_month_view_follows_the_terminals_height_and_a_sixth_week(demo, today):
    """Taller, the weeks take two lines each; shorter, one. A month of six weeks after one
    of five shows its sixth (the grid kept the last month's height)."""

    def grid(app) -> list[str]:
        """The month's weeks, the rules between them and its bottom edge: the lines
        above the chosen day's title ("Saturday 01/08/2026: ...") drawn in the box."""
        import re

        shown = lines_shown(app)
        title = next(i for i, line in enumerate(shown) if re.match(r"\w+day \d\d/", line))
        return [line for line in shown[:title] if line.startswith(("│", "├", "└"))]

    async def scenario(app, pilot):
        await pilot.press("v")
        await pilot.pause()
        assert not any("items" in line for line in grid(app))  # a week a line
        await pilot.resize_terminal(80, 40)
        await pilot.pause()
        assert any("3 items" in line for line in grid(app))  # two lines a week
        await pilot.press("pagedown", "pagedown")  # August 2026: six weeks, to the 6th Sep
        await pilot.pause()
        weeks = grid(app)
        assert any("31" in line and "│" in line for line in weeks)
        assert weeks[-1].startswith("└")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        weeks = grid(app)
        assert not any("items" in line for line in weeks)
        assert any("31" in line for line in weeks) and weeks[-1].startswith("└")

    run(scenario, demo, today, size=(80, 24))


def test_a_booking_after_the_deadline_is_said_late_in_the_diary():
    """A booking made in time falls after the deadline when the rulebook changes (England's
    20 WD after Mon 11/05/2026 is Tue 09/06, Jersey's 28 days Mon 08/06), and the diary
    showed it without a word."""
    from datetime import date

    from iro_tui.domain.agenda import AgendaItem

    def line(due: date) -> str:
        item = AgendaItem(
            child="100108",
            child_name="Kidane",
            kind="review",
            due=due,
            overdue=False,
            title="1st review due",
            detail="",
            scheduled=date(2026, 6, 9),
        )
        return AgendaTable.what(item)

    assert line(date(2026, 6, 9)) == "1st review due · booked 09/06/2026"  # on the day: in time
    assert line(date(2026, 6, 8)) == "1st review due · booked 09/06/2026: late"


def test_the_calendar_saved_without_its_extension_gets_it(demo, today, tmp_path):
    """`x` with a name typed without .ics wrote a file no calendar would open by name."""
    from .helpers import fill

    async def scenario(app, pilot):
        await pilot.press("x")
        await pilot.pause()
        fill(app, file=str(tmp_path / "my-diary"))
        await pilot.press("f2")
        await pilot.pause()

    run(scenario, demo, today)
    assert [p.name for p in tmp_path.glob("my-diary*")] == ["my-diary.ics"]


def test_the_summary_counts_the_overdue_apart_from_the_next_four_weeks(demo, today):
    """ "5 OVERDUE · ... · 18 items in the next 4 weeks" held the five in the 18: only 13
    rows stood under the next four weeks."""
    from iro_tui.domain.agenda import build_agenda
    from iro_tui.store.records import load_diary

    items = build_agenda(load_diary(demo, today), demo.rulebook(), today)
    overdue = sum(i.overdue for i in items)
    ahead = sum(not i.overdue and i.days_left(today) <= 28 for i in items)
    assert overdue > 0
    seen = {}

    async def scenario(app, pilot):
        seen["summary"] = str(app.screen.query_one("#summary").render())

    run(scenario, demo, today)
    assert seen["summary"].startswith(f"{overdue} OVERDUE · ")
    assert seen["summary"].endswith(f" · {ahead} items in the next 4 weeks")


def test_the_next_save_box_begins_where_the_last_file_went(demo, today, tmp_path):
    """Each save box began at Documents, however many files had been saved elsewhere.
    The folder is kept for the app's run only: it may be named after a child."""
    from .helpers import fill

    folder = tmp_path / "letters"
    folder.mkdir()
    offered = []

    async def scenario(app, pilot):
        await pilot.press("x")
        await pilot.pause()
        offered.append(app.screen.query_one("#field-file").value)
        fill(app, file=str(folder / "my-diary"))
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        offered.append(app.screen.query_one("#field-file").value)

    run(scenario, demo, today)
    assert not offered[0].startswith(str(folder))
    assert offered[1] == str(folder / "iro-diary.ics")
    # Nothing of it is written down: not in the preferences nor the fault log.
    import os

    for kept in ("IRO_TUI_CONFIG_DIR", "IRO_TUI_LOG_DIR"):
        files = [p for p in Path(os.environ[kept]).rglob("*") if p.is_file()]
        assert not [p for p in files if str(folder) in p.read_text(errors="ignore")]


def test_a_section_heading_says_what_the_section_holds(demo, today):
    """The line under the table stood empty on a heading (a cursor stop)."""

    seen = {}

    async def scenario(app, pilot):
        table = app.screen.query_one("#agenda", AgendaTable)
        heading = table.get_row_index("section-Next 7 days")
        table.move_cursor(row=heading)
        await pilot.pause()
        seen["line"] = str(app.screen.query_one("#agenda-detail").render())
        seen["rows"] = sum(1 for i in table.items if 1 <= i.days_left(today) <= 7 and not i.overdue)

    run(scenario, demo, today)
    assert seen["line"] == (
        f"Next 7 days: {seen['rows']} items, statutory reviews first, then by date"
    )


def test_a_new_appointment_is_never_put_on_a_day_gone_by(demo, today):
    """`a` on an overdue row offered that row's day (09/01/2026), and the appointment
    saved there was seen nowhere: the diary lists appointments from today on (an
    adversarial check). It offers today; a day gone by is refused and nothing saved."""
    from iro_tui.widgets.form import FormModal

    from .helpers import count, error_of, fill

    appointments = "SELECT count(*) FROM appointments"

    async def scenario(app, pilot):
        table = app.screen.query_one("#agenda", AgendaTable)
        assert table.selected_item().overdue  # the diary opens on its oldest overdue row
        before = count(demo, appointments)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        assert app.screen.query_one("#field-appt_date").value == "01/06/2026"
        fill(app, title="Visit Ahmad", appt_date="31/05/2026")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        assert "31/05/2026 has passed" in error_of(app, "appt_date")
        assert count(demo, appointments) == before
        fill(app, appt_date="01/06/2026")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, DiaryScreen)
        assert count(demo, appointments) == before + 1
        assert "Visit Ahmad" in [i.title for i in app.screen.items]

    run(scenario, demo, today)


def test_the_summary_counts_the_overdue_of_children_who_left_care_apart(demo, today):
    """On a whole authority 917 of "3419 OVERDUE" were open decisions of children who
    left care, years ago, listed last under their own heading (an adversarial check):
    the headline counts the children in care, and the rest apart."""
    from iro_tui.domain.agenda import build_agenda
    from iro_tui.screens.diary_frame import diary_view
    from iro_tui.store.records import load_diary

    items = build_agenda(load_diary(demo, today), demo.rulebook(), today)
    overdue = [i for i in items if i.overdue]
    assert len(overdue) == 9 and not any(i.left_care for i in overdue)
    gone = {overdue[0].key, overdue[1].key}
    marked = [i._replace(left_care=True) if i.key in gone else i for i in items]
    ahead = sum(not i.overdue and i.days_left(today) <= 28 for i in items)
    view = diary_view(marked, "England", today)
    assert view.summary.startswith("7 OVERDUE (2 more, left care) · ")
    assert view.summary.endswith(f" · {ahead} items in the next 4 weeks")
    assert view.has_overdue
    only_gone = [i._replace(left_care=True) if i.overdue else i for i in items]
    view = diary_view(only_gone, "England", today)
    assert view.summary.startswith("Nothing overdue (9 more, left care) · ")
    assert not view.has_overdue
    # The coming ones too: two of this week's of a child who left care are not counted
    # in "due in the next 7 days", nor in the next 4 weeks (they were).
    week = [i for i in items if not i.overdue and i.days_left(today) <= 7]
    coming = {week[0].key, week[1].key}
    marked = [i._replace(left_care=True) if i.key in coming else i for i in items]
    view = diary_view(marked, "England", today)
    assert f" · {len(week) - 2} due in the next 7 days · " in view.summary
    assert view.summary.endswith(f" · {ahead - 2} items in the next 4 weeks")


def test_the_month_view_lists_a_day_in_the_diary_s_order(demo, today):
    """Thu 04/06/2026: Mohammed's (100107) statutory review comes before Dawit's (100101)
    decision due that day: the day was listed by child ID, a whole authority's review
    deadlines scattered through 250 rows (an adversarial check)."""
    child_id = demo.conn.execute("SELECT id FROM children WHERE child_ref = '100101'").fetchone()
    with demo.transaction():
        demo.conn.execute(
            "INSERT INTO decisions (child_id, text, owner_name, owner_role, made_date, "
            "due_date, status) VALUES (?, 'Ask the school about the trip', 'Grace Okafor', "
            "'social_worker', '2026-05-01', '2026-06-04', 'open')",
            child_id,
        )
    seen = {}

    async def scenario(app, pilot):
        await pilot.press("v")
        await pilot.press("right", "right", "right")
        await pilot.pause()
        seen["rows"] = rows(app.screen.query_one("#day-items", AgendaTable))

    run(scenario, demo, today)
    assert [(r[2][-7:-1], r[3]) for r in seen["rows"]][0] == ("100107", "Statutory review")


def test_t_goes_to_today_and_the_brackets_go_section_by_section(demo, today):
    """A whole authority's diary has thousands of overdue items before Today: it took
    213 PageDowns to reach it (an adversarial check)."""
    from iro_tui.domain.agenda_types import section
    from iro_tui.widgets.agenda_table import AgendaTable

    seen = []

    async def scenario(app, pilot):
        table = app.screen.query_one("#agenda", AgendaTable)
        for key in ("t", "right_square_bracket", "right_square_bracket", "left_square_bracket"):
            await pilot.press(key)
            await pilot.pause()
            item = table.selected_item()
            seen.append(section(item, today) if item else None)
        await pilot.press("v", "t")  # from the month view too: back to the agenda, Today
        await pilot.pause()
        item = table.selected_item()
        seen.append(section(item, today) if item else None)

    run(scenario, demo, today, size=(80, 24))
    assert seen == ["Today", "Next 7 days", "Next four weeks", "Next 7 days", "Today"]
