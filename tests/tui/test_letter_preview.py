"""`w` shows the letter as it will read, says what is missing, and `s` saves it;
checklist ticks from the child's voice; an unplanned move offers the move form;
a quick pick on a bank holiday says it moved (issue 14)."""

from datetime import date

import pytest
from textual.widgets import DataTable

from iro_tui.__main__ import make_app
from iro_tui.domain.clock import FixedClock
from iro_tui.screens.child import ChildScreen
from iro_tui.screens.document_preview import DocumentPreview
from iro_tui.screens.requests import SignificantChange
from iro_tui.widgets.confirm import Confirm
from iro_tui.widgets.form import FormModal
from tests.interchange.test_letter import DAWIT, held_review
from tests.tui.helpers import count, error_of, fill, run


def test_w_on_a_held_review_previews_the_letter_then_s_saves_it(demo, today, tmp_path):
    review_id = held_review(demo, *DAWIT)
    out = tmp_path / "letter"

    async def scenario(app, pilot):
        app.open_child("100101", "reviews")
        await pilot.pause()
        table = app.screen.query_one("#reviews-table", DataTable)
        table.move_cursor(row=table.get_row_index(str(review_id)))
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, DocumentPreview)
        assert "Dear Dawit," in app.screen.markdown
        assert "From Sam Okoro" in app.screen.markdown
        # Only that Dawit reads Tigrinya best.
        said = str(app.screen.query_one("#preview-warnings").render())
        assert said.startswith("Before you send it: The child's first language is Tigrinya")
        await pilot.press("t")  # the formal record
        assert "Record of the statutory review" in app.screen.markdown
        await pilot.press("t")
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        fill(app, format="md", file=str(out))
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen)

    run(scenario, demo, today)
    text = (tmp_path / "letter.md").read_text()
    assert "Dear Dawit," in text and "Foster home, Enfield (address" not in text


async def save_dialog(app, pilot, review_id: int) -> None:
    """The review's letter previewed (w) and its save form opened (s)."""
    app.open_child("100101", "reviews")
    await pilot.pause()
    table = app.screen.query_one("#reviews-table", DataTable)
    table.move_cursor(row=table.get_row_index(str(review_id)))
    await pilot.press("w")
    await pilot.pause()
    await pilot.press("s")
    await pilot.pause()


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("{folder}", "review-{id}-letter.docx"),
        ("{folder}/", "review-{id}-letter.docx"),
        # The format's extension is added, never put in place of a dotted part of the name.
        ("{folder}/Dawit.Tesfay", "Dawit.Tesfay.docx"),
        ("{folder}/Dawit.md", "Dawit.docx"),
    ],
)
def test_a_folder_typed_for_the_file_saves_the_letter_inside_it(
    demo, today, tmp_path, typed, written
):
    """/tmp/letters was saved as /tmp/letters.docx, beside the folder, not in it."""
    review_id = held_review(demo, *DAWIT)
    folder = tmp_path / "letters"
    folder.mkdir()

    async def scenario(app, pilot):
        await save_dialog(app, pilot, review_id)
        fill(app, format="docx", file=typed.format(folder=folder))
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen)

    run(scenario, demo, today)
    assert [p.name for p in folder.iterdir()] == [written.format(id=review_id)]
    assert not list(tmp_path.glob("letters.*"))  # nothing beside it


def test_a_letter_already_saved_is_replaced_only_when_saved_again(demo, today, tmp_path):
    """Saving twice to one name replaced the first file, with its address, silently."""
    review_id = held_review(demo, *DAWIT)
    earlier = tmp_path / "letter.md"
    earlier.write_text("an earlier letter, with the address")

    async def scenario(app, pilot):
        await save_dialog(app, pilot, review_id)
        fill(app, format="md", file=str(earlier))
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        assert error_of(app, "file") == (
            f"letter.md is already in {tmp_path}: save again (F2) to replace it, or give "
            "another name"
        )
        assert earlier.read_text() == "an earlier letter, with the address"
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen)

    run(scenario, demo, today)
    assert "Dear Dawit," in earlier.read_text()


def test_w_on_a_booked_review_refuses_before_any_form(demo, today):
    async def scenario(app, pilot):
        app.preview_document(
            demo.conn.execute("SELECT id FROM reviews WHERE status = 'planned'").fetchone()[0]
        )
        await pilot.pause()
        assert not isinstance(app.screen, (DocumentPreview, FormModal))

    run(scenario, demo, today)


def test_the_preview_says_the_name_is_missing_before_saving(demo, today):
    demo.set_settings({"iro_name": None})

    async def scenario(app, pilot):
        app.preview_document(held_review(demo, *DAWIT))
        await pilot.pause()
        warning = app.screen.query_one("#preview-warnings")
        assert warning.display and "Your name is not set" in str(warning.render())
        await pilot.press("o")  # settings, from the preview
        await pilot.pause()
        fill(app, iro_name="Sam Okoro")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, DocumentPreview)
        assert "Your name is not set" not in str(app.screen.query_one("#preview-warnings").render())
        assert "From Sam Okoro" in app.screen.markdown

    run(scenario, demo, today)


def test_a_bad_file_is_explained_and_nothing_written(demo, today, tmp_path):
    async def scenario(app, pilot):
        app.preview_document(held_review(demo, *DAWIT))
        await pilot.pause()
        await pilot.press("s")
        fill(app, format="md", file=str(tmp_path / "no-such-folder" / "x"))
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        assert error_of(app, "file")

    run(scenario, demo, today)
    assert not (tmp_path / "no-such-folder").exists()


def test_advocacy_and_seen_alone_tick_the_checklist(demo, today):
    from iro_tui.screens.checklist import ChecklistScreen

    review_id = demo.conn.execute(
        "SELECT r.id FROM reviews r JOIN children c ON c.id = r.child_id "
        "WHERE c.child_ref = '100105' AND r.status = 'planned'"
    ).fetchone()[0]

    async def scenario(app, pilot):
        app.open_review(review_id)
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        await pilot.press("v")
        fill(app, advocacy_offered="yes", seen_alone="yes", advocate_name="Coram Voice")
        await pilot.press("f2")
        await pilot.pause()
        table = app.screen.query_one("#checklist", DataTable)
        shown = " ".join(str(c) for i in range(table.row_count) for c in table.get_row_at(i))
        assert "01/06/2026" in shown or "Mon 01 Jun" in shown or "done" in shown.lower()

    run(scenario, demo, today)
    ticked = dict(
        demo.conn.execute(
            "SELECT item, done_date FROM checklist_items WHERE review_id = ? AND state = 'done'",
            (review_id,),
        ).fetchall()
    )
    assert ticked["seen_alone"] == ticked["advocacy"] == today.isoformat()


def test_an_unplanned_move_offers_the_move_form_prefilled(demo, today):
    async def scenario(app, pilot):
        app.open_child("100112", "profile")
        await pilot.pause()
        app.open_form(SignificantChange("100112"))
        await pilot.pause()
        fill(
            app,
            category="unplanned_move",
            notified_date="29/05/2026",
            detail="Carer in hospital",
            decision_reason="Settled; the next review is soon enough",
        )
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        assert app.screen.form_title == "Change of placement or legal status"
        assert app.screen.raw_values()["change_date"] == "29/05/2026"
        assert app.screen.raw_values()["carer_changed"] is True

    run(scenario, demo, today)
    assert count(demo, "SELECT count(*) FROM significant_changes WHERE category = 'unplanned_move'")


def test_other_changes_ask_nothing(demo, today):
    async def scenario(app, pilot):
        app.open_form(SignificantChange("100112"))
        await pilot.pause()
        fill(
            app,
            category="exclusion",
            notified_date="29/05/2026",
            decision_reason="A one-day exclusion",
        )
        await pilot.press("f2")
        await pilot.pause()
        assert not isinstance(app.screen, (Confirm, FormModal))

    run(scenario, demo, today)


def test_a_quick_pick_on_christmas_day_moves_and_says_so(demo):
    from iro_tui.screens.recording import RecordingScreen

    async def scenario(app, pilot):
        app.record_review("100112", None)
        await pilot.pause()
        assert isinstance(app.screen, RecordingScreen)
        fill(app, held_date="27/11/2026")
        await pilot.press("f4")
        fill(app, text="Book the dentist", other_name="Ann Lee", other_role="Carer", quick="4w")
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen.decisions[0].due_date == date(2026, 12, 29)
        said = [n.message for n in app._notifications]
        assert "25/12/2026 is Christmas Day: moved to 29/12/2026" in said

    run(scenario, demo, date(2026, 11, 27))


def test_a_typed_due_date_on_a_bank_holiday_is_kept_and_said(demo):
    from iro_tui.screens.recording import RecordingScreen

    async def scenario(app, pilot):
        app.record_review("100112", None)
        await pilot.pause()
        assert isinstance(app.screen, RecordingScreen)
        fill(app, held_date="20/08/2026")
        await pilot.press("f4")
        fill(app, text="Book the dentist", other_name="Ann Lee", other_role="Carer")
        fill(app, due_date="31/08/2026")
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen.decisions[0].due_date == date(2026, 8, 31)
        said = [n.message for n in app._notifications]
        assert (
            "31/08/2026 is a bank holiday (Late Summer Bank Holiday): the last working day "
            "before it is 28/08/2026"
        ) in said

    run(scenario, demo, date(2026, 8, 20))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_letter_preview(snap_compare, demo, today, size):
    review_id = held_review(demo, *DAWIT)

    async def open_preview(pilot):
        pilot.app.preview_document(review_id)
        await pilot.pause()

    assert snap_compare(
        make_app(demo, FixedClock(today)), terminal_size=size, run_before=open_preview
    )


def test_a_file_name_too_long_is_refused_and_the_app_stays(demo, today, tmp_path):
    """300 letters stopped the app with an OSError (asking whether the file was there)."""
    review_id = held_review(demo, *DAWIT)

    async def scenario(app, pilot):
        await save_dialog(app, pilot, review_id)
        fill(app, format="md", file=str(tmp_path / ("y" * 300)))
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        assert "File name too long" in error_of(app, "file")

    run(scenario, demo, today)
    assert not list(tmp_path.glob("yyy*"))
