"""Tables keep their key columns at 80x24 and up; one way to show days and dates;
footers fit with F1; w acts only on a visibly selected held review."""

import asyncio
import re
from datetime import date

import pytest
from textual.app import App
from textual.widgets import DataTable, Footer, Static, TabbedContent
from textual.widgets._footer import FooterKey

from iro_tui.domain.agenda import AgendaItem, diary_order
from iro_tui.screens.caseload import CaseloadScreen
from iro_tui.screens.child import ChildScreen
from iro_tui.screens.document_preview import DocumentPreview
from iro_tui.screens.drift import DriftScreen
from iro_tui.widgets.agenda_table import AgendaTable
from iro_tui.widgets.fit_table import FitTable
from iro_tui.widgets.form import FormModal
from iro_tui.widgets.paged_table import PAGE, PagedTable

from .helpers import count, fill, rows, run

NARROW = (80, 24)


class OnePagedTable(App[None]):
    """A PagedTable alone, for what the table does by itself."""

    def compose(self):
        yield PagedTable(cursor_type="row")


def a_thousand_children(table: PagedTable) -> list[str]:
    """The table filled with a thousand rows, keyed child-0000 to child-0999."""
    table.add_column("Name", key="name")
    keys = [f"child-{n:04}" for n in range(1000)]
    table.fill((((k,), {"key": k}) for k in keys), keys=keys)
    return keys


ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def widths(table: FitTable) -> dict[str, int]:
    return {key.value: column.get_render_width(table) for key, column in table.columns.items()}


def assert_fits(table: FitTable, whole: tuple[str, ...]) -> None:
    """The table is no wider than its room, and the `whole` columns are uncut."""
    room = table.size.width - table.scrollbar_size_vertical  # only while it shows
    assert sum(widths(table).values()) <= room
    for key in whole:
        longest = max(
            len(str(table.get_cell_at((row, table.get_column_index(key)))))
            for row in range(table.row_count)
        )
        assert table.columns[next(k for k in table.columns if k.value == key)].width >= longest


def screen_text(screen) -> str:
    """Every cell and every line of text on the screen, as the user reads it."""
    parts = [str(w.render()) for w in screen.query(Static)]
    for table in screen.query(DataTable):
        parts += [" ".join(r) for r in rows(table)]
    return "\n".join(parts)


def test_the_diary_keeps_date_days_and_kind_and_still_shows_what_at_80x24(demo, today):
    async def scenario(app, pilot):
        table = app.screen.query_one("#agenda", AgendaTable)
        assert_fits(table, ("days", "when", "kind"))
        assert widths(table)["what"] >= 10  # the What column is there, cut with …
        shown = rows(table)
        decision = next(r for r in shown if r[3] == "Decision")
        assert decision[0] == "143 days overdue" and decision[1] == "09/01/2026"
        assert decision[4].startswith("Refer for CAMHS")  # the cell holds the whole text
        # The line under the table shows the selected item in full.
        detail = str(app.screen.query_one("#agenda-detail", Static).render())
        assert "27/05/2026 (5 days overdue) · Ahmad Rahimi (100102) · Statutory review" in detail

    run(scenario, demo, today, size=NARROW)


def test_statutory_reviews_lead_each_diary_section(demo, today):
    async def scenario(app, pilot):
        table = app.screen.query_one("#agenda", AgendaTable)
        shown = rows(table)
        # The overdue statutory review sits above the 143-day-old decision.
        assert shown[0][0] == "OVERDUE"
        assert shown[1][:4] == [
            "5 days overdue",
            "27/05/2026",
            "Ahmad Rahimi (100102)",
            "Statutory review",
        ]
        assert shown[2][:2] == ["143 days overdue", "09/01/2026"]
        # Next 7 days: Samir's and Minh's review deadlines before Tuesday's pre-review tasks.
        week = shown.index(["NEXT 7 DAYS", "", "", "reviews first,", "then by date"])
        assert [r[3] for r in shown[week + 1 : week + 3]] == ["Statutory review"] * 2
        assert shown[week + 3][1] == "02/06/2026"

    run(scenario, demo, today, size=NARROW)


def test_diary_order_puts_statutory_deadlines_first_within_each_section():
    today = date(2026, 6, 1)

    def item(kind, due, overdue=False):
        return AgendaItem(
            child="1", child_name="A", kind=kind, due=due, overdue=overdue, title=kind
        )

    old_decision = item("decision", date(2026, 1, 9), True)
    late_review = item("review", date(2026, 5, 27), True)
    adjourned = item("adjourned-review", date(2026, 5, 29), True)
    pre = item("pre-review", date(2026, 6, 2))
    review = item("review", date(2026, 6, 5))
    later = item("review", date(2026, 6, 20))
    ordered = diary_order([later, pre, review, old_decision, adjourned, late_review], today)
    assert ordered == [late_review, adjourned, old_decision, review, pre, later]


def test_the_caseload_shows_the_next_review_date_and_days_at_80x24(demo, today):
    async def scenario(app, pilot):
        await pilot.press("c")
        assert isinstance(app.screen, CaseloadScreen)
        table = app.screen.query_one(FitTable)
        labels = [str(c.label) for c in table.columns.values()]
        # As help says: the name, the next review, the days and the decisions; Legal
        # joins at 100 columns (at 80 it left names 13 columns: "Chloe Nether…").
        assert labels == ["Name", "ID", "Review by", "Due", "Decisions"]
        assert_fits(table, ("name", "child_ref", "review_due", "days_to_review", "open_decisions"))
        shown = rows(table)
        assert shown[0][:5] == [
            "Ahmad Rahimi",
            "100102",
            "27/05/2026",
            "5 days overdue",
            "3 (3 overdue)",
        ]
        assert shown[1][2:4] == ["04/06/2026", "in 3 days"]

    run(scenario, demo, today, size=NARROW)


def test_a_list_that_fits_its_height_gives_the_scrollbars_room_to_its_columns(demo, today):
    """The demo's 16 children fit 120x40: no scrollbar, so no room kept for one, and
    every name whole (two columns kept empty cut four names; the names then shared the
    room left with the areas, and still lost two). A shorter window brings
    the scrollbar, and its room, back: the columns never run under it."""

    async def scenario(app, pilot):
        await pilot.press("c")
        table = app.screen.query_one(FitTable)
        await pilot.pause()
        assert table.row_count + table.header_height <= table.size.height
        assert not table.show_vertical_scrollbar
        # Every name whole: the Name column is as wide as the longest (the area, after
        # it, is the one cut when room runs short).
        assert widths(table)["name"] >= max(len(row[0]) for row in rows(table)) + 2
        assert sum(widths(table).values()) > table.size.width - 2
        await pilot.resize_terminal(120, 14)
        await pilot.pause()
        assert table.show_vertical_scrollbar
        assert sum(widths(table).values()) <= table.size.width - table.scrollbar_size_vertical
        assert not table.show_horizontal_scrollbar

    run(scenario, demo, today, size=(120, 40))


def test_the_drift_tracker_keeps_owner_due_and_days_at_80x24(demo, today):
    async def scenario(app, pilot):
        await pilot.press("d")
        assert isinstance(app.screen, DriftScreen)
        table = app.screen.query_one(FitTable)
        assert_fits(table, ("due", "days"))
        await pilot.press("g")  # by child: the owner gets a column, sharing the room
        table = app.screen.query_one(FitTable)
        assert_fits(table, ("due", "days"))
        # The decision and its owner share what the dates leave: kept whole, a long owner
        # left a whole authority's decisions 11 columns ("Book the an…").
        shared = widths(table)
        assert abs(shared["decision"] - shared["owner"]) <= 1 and shared["decision"] >= 18
        shown = rows(table)
        assert shown[1][2:] == ["09/01/2026", "143 days overdue"]
        assert "Refer for CAMHS assessment of sleep and low mood".startswith(
            shown[1][0].strip().removesuffix("…")
        )
        assert "Tom Ellery (Social worker)".startswith(shown[1][1].removesuffix("…"))
        detail = str(app.screen.query_one("#drift-detail", Static).render())
        assert detail.startswith("Refer for CAMHS assessment of sleep and low mood · Tom Ellery")
        assert "due 09/01/2026 (143 days overdue)" in detail

    run(scenario, demo, today, size=NARROW)


def test_the_decisions_tab_keeps_due_and_status_and_the_row_after_a_write(demo, today):
    """The decision and its owner share what is left, as in the drift tracker: the owner
    kept whole left the decision 12 columns at 80 ("Refer for C…", an adversarial check)."""

    async def scenario(app, pilot):
        app.open_child("100102", "decisions")
        await pilot.pause()
        table = app.screen.query_one("#decisions-table", FitTable)
        table.focus()
        assert_fits(table, ("due", "days", "status"))
        widths = {key.value: column.width for key, column in table.columns.items()}
        assert abs(widths["decision"] - widths["owner"]) <= 1 and widths["decision"] >= 18
        await pilot.press("down")  # the second decision, Pathway plan
        picked = table.cursor_key()
        assert picked != table.coordinate_to_cell_key((0, 0)).row_key.value
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        fill(app, state="overdue", note="Chased the SW by email")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen)
        assert (
            count(demo, "SELECT count(*) FROM decision_progress WHERE decision_id = ?", picked) == 1
        )
        # The table was refilled from the store, and the cursor is still on that decision.
        assert app.screen.query_one("#decisions-table", FitTable).cursor_key() == picked

    run(scenario, demo, today, size=NARROW)


def test_w_refuses_up_front_unless_a_held_review_is_visibly_selected(demo, today):
    async def scenario(app, pilot):
        app.open_child("100105", "profile")  # Arben: a booked review and two held
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        # Not on the Reviews tab: it opens the tab and asks to choose; no form.
        assert isinstance(app.screen, ChildScreen)
        assert app.screen.query_one(TabbedContent).active == "reviews"
        table = app.screen.query_one("#reviews-table", FitTable)
        table.move_cursor(row=0)  # the booked review, first
        assert rows(table)[0][1] == "booked"
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen)  # refused before any form
        messages = [n.message for n in app._notifications]
        assert messages[-1] == (
            "The selected review is booked, not held: choose a held review to write it "
            "as a letter or the formal record."
        )
        held = next(i for i, r in enumerate(rows(table)) if r[1] == "held")
        table.move_cursor(row=held)
        selected = table.cursor_key()
        await pilot.press("w")
        await pilot.pause()
        # The selected held review's letter, previewed before anything is saved.
        assert isinstance(app.screen, DocumentPreview)
        assert str(app.screen.review_id) == selected

    run(scenario, demo, today)


SCREENS = {
    "diary": [],
    "caseload": ["c", "down"],
    "child": ["c", "down", "enter"],
    "recording": ["c", "down", "enter", "r"],
    "drift": ["d"],
    "escalations": ["E"],
    "escalation": ["E", "enter"],
    "search": ["slash"],
}


def planned_review(store) -> int:
    return store.conn.execute(
        "SELECT id FROM reviews WHERE status = 'planned' ORDER BY id LIMIT 1"
    ).fetchone()[0]


# Screens opened the way their links open them (a diary item, a child's review).
OPENED = {
    "checklist": lambda app: app.open_review(planned_review(app.store)),
    "midpoint": lambda app: app.open_link("midpoint:100102"),
    "report": lambda app: app.action_annual_report(),
    "letter": lambda app: app.open_child("100102", "reviews"),
}


SCREEN_OF = ("ChecklistScreen", "MidpointScreen", "ReportScreen", "DocumentPreview")


@pytest.mark.parametrize(
    "keys", [*SCREENS.values(), *OPENED.values()], ids=[*SCREENS.keys(), *OPENED.keys()]
)
def test_footers_fit_80_columns_with_f1_and_no_stray_characters(demo, today, keys):
    async def scenario(app, pilot):
        if callable(keys):
            keys(app)
            await pilot.pause()
            if app.screen.query("#reviews-table"):  # the child's reviews: preview a letter
                await pilot.press("w")
        else:
            await pilot.press(*keys)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        if callable(keys):
            assert type(app.screen).__name__ in SCREEN_OF, type(app.screen).__name__
        footer = app.screen.query_one(Footer)
        keys_shown = [k for k in footer.query(FooterKey) if "-command-palette" not in k.classes]
        palette = footer.query_one("FooterKey.-command-palette")
        assert "f1" in [k.key for k in keys_shown]
        # Every key ends before the palette key starts: nothing runs under it.
        assert max(k.region.right for k in keys_shown) <= palette.region.x

    run(scenario, demo, today, size=NARROW)


def test_no_iso_dates_and_overdue_said_one_way_on_every_screen(demo, today):
    async def scenario(app, pilot):
        seen = {}
        seen["diary"] = screen_text(app.screen)
        await pilot.press("c")
        seen["caseload"] = screen_text(app.screen)
        await pilot.press("escape", "d")
        seen["drift"] = screen_text(app.screen)
        await pilot.press("escape")
        for tab in ("profile", "legal", "reviews", "decisions", "timeline"):
            app.open_child("100102", tab)
            await pilot.pause()
            seen[tab] = screen_text(app.screen)
            await pilot.press("escape")
        app.open_review(67)  # Kidane's booked review: its checklist
        await pilot.pause()
        seen["checklist"] = screen_text(app.screen)
        for name, text in seen.items():
            assert not ISO_DATE.search(text), name
            assert not re.search(r"(?<![\d/])-\d+\b", text), name  # no negative days
            assert "UTC" not in text, name
        for name in ("diary", "caseload", "drift", "decisions"):
            assert re.search(r"\b\d+ days? overdue\b", seen[name]), name

    run(scenario, demo, today)


async def _decisions_tab(pilot):
    pilot.app.open_child("100102", "decisions")
    await pilot.pause()


async def _people_tab(pilot):
    pilot.app.open_child("100102", "people")
    await pilot.pause()


SNAPSHOTS = {
    "diary": {"press": []},
    "caseload": {"press": ["c"]},
    "drift": {"press": ["d"]},
    "decisions": {"run_before": _decisions_tab},
    "people": {"run_before": _people_tab},
}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("screen", SNAPSHOTS.keys())
def test_snapshot_tables(snap_compare, demo, today, screen, size):
    from iro_tui.__main__ import make_app
    from iro_tui.domain.clock import FixedClock

    assert snap_compare(make_app(demo, FixedClock(today)), terminal_size=size, **SNAPSHOTS[screen])


# Screens with a table that can be longer than the terminal: the keys that open it, and
# the table. "l" on the caseload adds the children who left care (more rows than fit).
LONG_TABLES = {
    "diary": ([], "#agenda"),
    "caseload": (["c", "down", "l"], "#caseload"),
    "drift": (["d"], "#drift"),
    "search": (["slash", *"the", "down"], "#search-results"),
    "child timeline": (["c", "down", "enter", "7"], "#timeline-table"),
    "child reviews": (["c", "down", "enter", "5"], "#reviews-table"),
}


async def long_table_on_show(app, pilot, screen: str) -> DataTable:
    """The screen of LONG_TABLES opened, and its table given the focus."""
    keys, table_id = LONG_TABLES[screen]
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    table = app.screen.query_one(table_id, DataTable)
    table.focus()
    return table


@pytest.mark.parametrize(
    ("screen", "size"),
    [
        *((screen, (80, 16)) for screen in LONG_TABLES if screen != "child reviews"),
        # Under the deadline's two lines; 12 rows high, so the demo's reviews are more
        # than fit (the tab scrolled as well as its table, and End went to a hidden row).
        ("child reviews", (80, 12)),
    ],
)
def test_a_long_table_scrolls_inside_its_screen_which_never_scrolls(demo, today, screen, size):
    """On a short terminal the table scrolls within its room: the screen itself never
    scrolls to make room for it (on 1,000 children the caseload's filter box and count
    scrolled off as soon as the list had the focus)."""

    async def scenario(app, pilot):
        table = await long_table_on_show(app, pilot, screen)
        for _ in range(40):
            await pilot.press("down")
        await pilot.pause()
        assert app.screen.scroll_offset == (0, 0)
        # Nothing between the table and the screen scrolls either (a tab's pane).
        assert all(a.scroll_offset == (0, 0) for a in table.ancestors if a is not app)
        assert table.region.bottom <= app.size.height - 1  # above the footer
        assert table.row_count + table.header_height > table.size.height, "too short a test"
        # The row under the cursor is in view.
        top = table.scroll_y + table.header_height
        assert top <= table.cursor_row + table.header_height < table.scroll_y + table.size.height

    run(scenario, demo, today, size=size)


@pytest.mark.parametrize("screen", ["caseload", "drift"])
def test_a_shorter_window_keeps_the_cursors_row_in_view(demo, today, screen):

    async def scenario(app, pilot):
        table = await long_table_on_show(app, pilot, screen)
        table.move_cursor(row=table.row_count - 1)
        await pilot.pause()
        await pilot.resize_terminal(80, 12)
        await pilot.pause()
        assert table.row_count > table.size.height
        top = table.scroll_y + table.header_height
        assert top <= table.cursor_row + table.header_height < table.scroll_y + table.size.height

    run(scenario, demo, today, size=(80, 40))


def test_the_escalations_list_fits_80_columns_and_end_reaches_its_last_row(demo, today):
    async def scenario(app, pilot):
        await pilot.press("E", "a")  # every escalation, the resolved too
        await pilot.pause()
        table = app.screen.query_one("#escalations", FitTable)
        assert table.row_count == 3
        assert_fits(table, ("opened", "due"))
        table.focus()
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == 2
        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0

    run(scenario, demo, today, size=NARROW)


def test_home_in_the_drift_tracker_selects_the_first_decision_not_its_heading(demo, today):
    async def scenario(app, pilot):
        await pilot.press("d")
        await pilot.pause()
        table = app.screen.query_one("#drift", FitTable)
        opened_on = table.cursor_key()
        assert opened_on.startswith("decision-")
        await pilot.press("end", "home")
        await pilot.pause()
        assert table.cursor_key() == opened_on
        assert str(app.screen.query_one("#drift-detail").render()).strip()

    run(scenario, demo, today)


def test_home_and_end_go_to_the_first_and_the_very_last_row():
    """End is the last row of all, not of the pages added so far."""

    async def main():
        app = OnePagedTable()
        async with app.run_test(size=(80, 24)) as pilot:
            table = app.query_one(PagedTable)
            a_thousand_children(table)
            table.focus()
            await pilot.pause()
            assert table.row_count == PAGE
            await pilot.press("end")
            await pilot.pause()
            assert table.row_count == 1000 and table.cursor_key() == "child-0999"
            assert table.scroll_y == table.max_scroll_y > 0
            await pilot.press("home")
            await pilot.pause()
            assert table.cursor_key() == "child-0000" and table.scroll_y == 0

    asyncio.run(main())


def test_end_in_the_diary_reaches_its_last_item(demo, today):
    async def scenario(app, pilot):
        table = app.screen.query_one("#agenda", AgendaTable)
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == table.row_count - 1
        assert table.selected_item() == table.items[-1]
        await pilot.press("home")
        await pilot.pause()
        # The first item, not the OVERDUE heading over it (which selects nothing).
        assert table.cursor_row == 1 and table.selected_item() == table.items[0]
        await pilot.press("f1")
        await pilot.pause()
        assert "Home and End the first and the last row" in app.screen.text

    run(scenario, demo, today)


def test_a_paged_table_pages_on_to_a_kept_row_but_not_for_one_that_has_gone():
    async def main():
        app = OnePagedTable()
        async with app.run_test(size=(80, 24)) as pilot:
            table = app.query_one(PagedTable)
            keys = a_thousand_children(table)
            assert table.row_count == PAGE  # one page until it is needed
            table.keep_row("child-gone")  # filtered out: nothing to look for
            assert table.row_count == PAGE
            table.keep_row("child-0450")  # a row further down: paged on to it
            await pilot.pause()
            assert table.cursor_key() == "child-0450" and table.row_count < len(keys)

    asyncio.run(main())


def test_a_refilled_table_scrolls_to_the_kept_row_before_drawing_it_once(monkeypatch):
    """A sort keeps the cursor on its child, now 450 rows down: the table is scrolled there
    at once, and a screenful is drawn once, not first where it was and again there
    (issue 12: a third of the caseload's sort on a whole authority)."""

    def cells(keys):
        return (((k, "x"), {"key": k}) for k in keys)

    async def main():
        app = OnePagedTable()
        async with app.run_test(size=(80, 24)) as pilot:
            table = app.query_one(PagedTable)
            table.add_column("Name", key="name")
            table.add_column("Other", key="other")
            keys = [f"child-{n:04}" for n in range(1000)]
            table.fill(cells(keys), keys=keys)
            await pilot.pause()
            assert table.cursor_key() == "child-0000" and table.scroll_y == 0
            drawn: list[int] = []
            render_cell = FitTable._render_cell

            def counted(self, row_index, *args, **kwargs):
                drawn.append(row_index)
                return render_cell(self, row_index, *args, **kwargs)

            monkeypatch.setattr(FitTable, "_render_cell", counted)
            # Sorted the other way: the cursor's child is now 450 rows from the end.
            resorted = sorted(keys, key=lambda k: (k != "child-0000", k), reverse=True)
            resorted.remove("child-0000")
            resorted.insert(450, "child-0000")
            table.fill(cells(resorted), keys=resorted)
            table.keep_row("child-0000")
            # Scrolled before any frame is drawn.
            assert table.cursor_row == 450
            assert table.scroll_y <= 450 < table.scroll_y + table.size.height - 1
            await pilot.pause()
            assert table.cursor_key() == "child-0000"
            assert 450 in drawn
            rows_drawn = table.size.height - 1  # and the header, drawn as row -1
            assert len(drawn) == (rows_drawn + 1) * len(table.columns)

    asyncio.run(main())


def test_an_opened_table_draws_its_cells_once_at_the_fitted_widths(demo, today, monkeypatch):
    """A table filled before its first layout is not drawn at the widths fitted to no
    width and then again (issue 12): one screenful of cells on opening the caseload,
    showing the first child, not a blank table."""
    drawn: list[str | None] = []
    render_cell = FitTable._render_cell

    def counted(table, *args, **kwargs):
        drawn.append(table.id)
        return render_cell(table, *args, **kwargs)

    async def scenario(app, pilot):
        monkeypatch.setattr(FitTable, "_render_cell", counted)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CaseloadScreen)
        table = app.screen.query_one(FitTable)
        shown = min(table.row_count, table.size.height - 1) + 1  # the header too
        assert drawn.count("caseload") == shown * len(table.columns)
        first = table.get_row_at(0)[0].plain
        assert first in table.render_line(1).text

    run(scenario, demo, today)


def test_f5_works_on_the_recording_form_and_the_palette_offers_a_note(demo, today):
    """The recording form's footer leaves F5 out to fit 80 columns; the key still opens
    a footprint note there, and the palette names it."""
    from iro_tui.screens.recording import RecordingScreen

    from .helpers import palette_choice, until

    async def scenario(app, pilot):
        await pilot.press("c", "down", "enter", "r")
        await pilot.pause()
        assert isinstance(app.screen, RecordingScreen)
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        assert "note" in app.screen.form_title.lower()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RecordingScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"footprint")
        await until(pilot, lambda: "footprint note" in palette_choice(app), "note offered")

    run(scenario, demo, today, size=NARROW)


def test_a_cell_of_several_lines_is_one_line_ending_in_an_ellipsis_when_cut():
    """A reason pasted on two lines showed its first line only, cut at the column's edge
    with no '…' ("Social worker on leav")."""
    from iro_tui.widgets.fit_table import clip

    cell = clip("Social worker on leave\nuntil 10 June")
    assert cell.plain == "Social worker on leave until 10 June"
    assert (cell.no_wrap, cell.overflow) == (True, "ellipsis")
