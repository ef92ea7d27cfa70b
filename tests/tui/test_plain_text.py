"""On screen, typed or imported text is shown as written: Rich/Textual markup in a
name is not styling, and terminal escapes never reach the terminal (issue 13)."""

from textual.widgets import DataTable, _data_table

from iro_tui.screens.caseload import CaseloadScreen
from iro_tui.store.changes import update_profile
from iro_tui.widgets.form import FormModal

from .helpers import error_of, fill, run

NAME = "[bold]Ayla[/bold] [link=https://evil.example]x[/link]"


def test_a_name_with_markup_shows_literally_in_tables_banners_and_messages(demo, today):
    update_profile(demo, "100113", {"preferred_name": NAME, "disability": "\x1b[2Jgone"})

    async def scenario(app, pilot):
        await pilot.press("c")
        assert isinstance(app.screen, CaseloadScreen)
        table = app.screen.query_one(DataTable)
        app.screen.query_one("Input").value = "100113"
        await pilot.pause()
        name = table.get_row_at(0)[0]
        cell = _data_table.default_cell_formatter(name)  # what the table draws
        assert cell.plain.startswith(NAME)
        assert not any("bold" in str(s.style) or "link" in str(s.style) for s in cell.spans)
        assert "[bold]Ayla[/bold]" in app.export_screenshot()  # as written, on screen
        app.open_child("100113")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        fill(app, given_name="")
        await pilot.press("f2")
        await pilot.pause()
        assert "Given name is required" in error_of(app, "given_name")
        app.notify("no child [red]X[/red] here \x1b[31m")
        await pilot.pause()
        notes = [str(n.message) for n in app._notifications]
        assert "no child [red]X[/red] here " in notes
        svg = app.export_screenshot()
        assert "\x1b" not in svg

    run(scenario, demo, today)


# A closing tag with nothing open is what stopped a screen: Textual raised MarkupError.
TYPED = "Mum [dad] says [/b] no"


def test_typed_brackets_show_as_typed_in_questions_banners_and_headings(demo, today):
    from datetime import timedelta

    from iro_tui.domain.records import Appointment
    from iro_tui.screens.checklist import ChecklistScreen
    from iro_tui.screens.escalations import EscalationScreen
    from iro_tui.screens.midpoint import MidpointScreen
    from iro_tui.store.changes import save_appointment
    from iro_tui.widgets.confirm import Confirm

    save_appointment(
        demo, Appointment(kind="visit", title=TYPED, appt_date=today + timedelta(days=1))
    )
    planned, child_ref = demo.conn.execute(
        "SELECT r.id, c.child_ref FROM reviews r JOIN children c ON c.id = r.child_id "
        "WHERE r.status = 'planned' ORDER BY r.id LIMIT 1"
    ).fetchone()
    update_profile(demo, child_ref, {"communication_needs": TYPED})
    update_profile(demo, "100102", {"preferred_name": TYPED})
    with demo.conn:
        escalation_id = demo.conn.execute("SELECT id FROM escalations").fetchone()[0]
        demo.conn.execute("UPDATE escalations SET issue = ? WHERE id = ?", [TYPED, escalation_id])

    def text_of(app, selector: str) -> str:
        return str(app.screen.query_one(selector).render())

    async def scenario(app, pilot):
        table = app.screen.query_one("#agenda", DataTable)
        for _ in range(table.row_count):  # down to the appointment, due tomorrow
            item = table.selected_item()
            if item is not None and item.title == TYPED:
                break
            await pilot.press("down")
        else:
            raise AssertionError("the appointment is not in the diary")
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert f"'{TYPED}'" in text_of(app, ".form-title")
        await pilot.press("n")

        app.open_link(f"escalation:{escalation_id}")
        await pilot.pause()
        assert isinstance(app.screen, EscalationScreen)
        assert TYPED in text_of(app, "#escalation-head").splitlines()

        app.open_link("midpoint:100102")
        await pilot.pause()
        assert isinstance(app.screen, MidpointScreen)
        assert text_of(app, "#midpoint-banner").startswith(f"Mid-point check · {TYPED} Rahimi")

        app.open_review(planned)
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        assert f" · {TYPED}\n" in text_of(app, "#child-needs")

    run(scenario, demo, today)


def test_typed_brackets_show_as_typed_in_form_labels_hints_and_choices(demo, today):
    """A form's labels, hints and choices are built from what was typed: a decision
    (the mid-point form), people's names (the consultation hint), a child's name (the
    child to choose for a note)."""
    from textual.widgets import Label, Select

    from iro_tui.domain.records import Person
    from iro_tui.screens.checklist import ChecklistScreen
    from iro_tui.screens.midpoint import MidpointScreen
    from iro_tui.store.changes import save_person

    planned, child_ref = demo.conn.execute(
        "SELECT r.id, c.child_ref FROM reviews r JOIN children c ON c.id = r.child_id "
        "WHERE r.status = 'planned' ORDER BY r.id LIMIT 1"
    ).fetchone()
    save_person(demo, child_ref, Person(role="social_worker", name=TYPED))
    update_profile(demo, "100102", {"preferred_name": TYPED})
    with demo.conn:
        demo.conn.execute(
            "UPDATE decisions SET text = ?, owner_name = ? WHERE id = (SELECT d.id FROM "
            "decisions d JOIN children c ON c.id = d.child_id WHERE c.child_ref = '100102' "
            "AND d.status = 'open' ORDER BY d.id LIMIT 1)",
            [TYPED, "[bold]Ayla[/bold]"],
        )

    async def scenario(app, pilot):
        app.open_link("midpoint:100102")
        await pilot.pause()
        assert isinstance(app.screen, MidpointScreen)
        labels = [str(label.render()) for label in app.screen.query(Label)]
        assert any(label.startswith(f"{TYPED} ([bold]Ayla[/bold], due ") for label in labels)
        await pilot.press("escape")

        app.open_review(planned)
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        hint = str(app.screen.query_one(".field-hint").render())
        assert TYPED in hint
        await pilot.press("escape", "escape")  # the form, then the checklist
        await pilot.pause()

        await pilot.press("f5")  # a note on any child: the child is chosen from a list
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        choice = app.screen.query_one("#field-child_ref", Select)
        choice.value = "100102"
        await pilot.pause()
        assert str(choice.query_one("#label").render()) == f"{TYPED} Rahimi (100102)"
        choice.focus()
        await pilot.press("enter")  # the list of children, open on the one chosen
        await pilot.pause()
        assert choice.expanded
        assert f"{TYPED} Rahimi (100102)" in app.export_screenshot().replace("&#160;", " ")

    run(scenario, demo, today)


def test_a_name_with_markup_is_offered_as_typed_in_the_palette(demo, today):
    from textual.command import Matcher

    from iro_tui.commands import highlighted
    from iro_tui.screens.child import ChildScreen

    from .helpers import palette_choice, until

    shown = highlighted(Matcher("ayla"), "Open [bold]Ayla[/bold]")
    assert shown.plain == "Open [bold]Ayla[/bold]"
    assert [(span.start, span.end) for span in shown.spans] == [
        (11, 12),
        (12, 13),
        (13, 14),
        (14, 15),
    ]  # "Ayla", as written
    update_profile(demo, "100102", {"preferred_name": TYPED})

    async def scenario(app, pilot):
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"open mum")
        await until(
            pilot,
            lambda: palette_choice(app).startswith(f"Open {TYPED} Rahimi (100102)"),
            "the child offered by name, as typed",
        )
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen) and app.screen.child_ref == "100102"
        header = str(app.screen.query_one("HeaderTitle").render())
        assert header.endswith(f" — {TYPED} Rahimi (100102)")  # Header: never markup

    run(scenario, demo, today)


def test_typed_brackets_show_as_typed_in_the_annual_report(demo, today):
    """An escalation's outcome, a late review's reason and a stage's name are figures'
    labels in the report: Rich tables read a str cell as markup."""
    import io

    from rich.console import Console
    from textual.widgets import Static

    from iro_tui.screens.report import ReportScreen

    with demo.conn:
        demo.conn.execute(
            "UPDATE escalations SET outcome = ? WHERE resolved_date IS NOT NULL", [TYPED]
        )
        demo.conn.execute(
            "UPDATE reviews SET late_reason = ? WHERE late_reason IS NOT NULL", ["[bold]late"]
        )
        demo.conn.execute(
            "UPDATE escalation_stages SET stage_name = ? WHERE stage_name = 'Service manager'",
            ["Head [dad] of service"],
        )

    async def scenario(app, pilot):
        await pilot.press("R")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen) and app.screen.report is not None
        console = Console(width=120, file=io.StringIO(), record=True, color_system=None)
        console.print(app.screen.query_one("#report-sections", Static).content)
        shown = console.export_text()
        assert TYPED in shown
        assert "[bold]late" in shown
        assert "Head [dad] of service" in shown

    run(scenario, demo, today)


def test_a_question_or_form_title_quoting_stored_text_carries_no_terminal_escape(demo, today):
    # Stored text bypassing the forms' own cleaning (an older store, an edit by hand)
    # must not reach the terminal from a question or a form's title.
    from iro_tui.widgets.confirm import Confirm
    from iro_tui.widgets.form import FormModal

    async def scenario(app, pilot):
        app.push_screen(Confirm("Delete the appointment 'Visit\x1b[2J Ayla'?"))
        await pilot.pause()
        assert str(app.screen.query_one(".form-title").render()) == (
            "Delete the appointment 'Visit Ayla'?"
        )
        await pilot.press("n")
        app.push_screen(
            FormModal("Note on \x1b]0;x\x07Ayla", [], lambda values: None, intro="a\x1bb")
        )
        await pilot.pause()
        assert str(app.screen.query_one(".form-title").render()) == "Note on Ayla"
        assert str(app.screen.query_one(".form-intro").render()) == "ab"
        assert "\x1b" not in app.export_screenshot()

    run(scenario, demo, today)
