"""Every form keeps what is typed in it as a draft until it is saved or discarded, and
gives it back when the same form opens again. Only notes and decisions did: a
consultation's views, an escalation's issue or a new child's details typed at a
placement were lost to a flat battery or a kill."""

from iro_tui.form_opening import draft_key
from iro_tui.screens.requests import EditProfile, Escalate
from iro_tui.widgets.form import FormModal

from .helpers import count, fill, run, until

DRAFTS = "SELECT count(*) FROM form_drafts WHERE form LIKE 'form:%'"


def _left_unsaved(demo, open_it, **typed):
    """A scenario: the form opened, `typed` filled in, its draft kept, and the app gone
    without a word (the battery: nothing saved, nothing asked)."""

    async def typing(app, pilot):
        kept = count(demo, DRAFTS)
        await open_it(app, pilot)
        await pilot.pause()
        fill(app, **typed)
        await until(pilot, lambda: count(demo, DRAFTS) == kept + 1, "the draft kept")
        app.exit()

    return typing


def _booking_of(demo, child_ref: str) -> int:
    """The child's booked review."""
    return demo.conn.execute(
        "SELECT r.id FROM reviews r JOIN children c ON c.id = r.child_id "
        "WHERE c.child_ref = ? AND r.status = 'planned'",
        [child_ref],
    ).fetchone()[0]


def _consulting(review_id: int):
    """Opening the consultation form on the review's checklist."""

    async def consult(app, pilot):
        app.open_review(review_id)
        await pilot.pause()
        await pilot.press("c")

    return consult


def _profile_left_unsaved(demo):
    async def profile(app, pilot):
        app.open_form(EditProfile("100113"))

    return _left_unsaved(demo, profile, preferred_name="Lei")


def _intake_left_unsaved(demo):
    async def intake(app, pilot):
        await pilot.press("n")

    return _left_unsaved(demo, intake, given_name="Amara", family_name="Jones")


def test_a_profile_half_typed_is_given_back_after_the_app_is_gone(demo, today):
    seen = {}

    typing = _profile_left_unsaved(demo)

    async def again(app, pilot):
        app.open_form(EditProfile("100113"))
        await pilot.pause()
        seen["box"] = app.screen.query_one("#field-preferred_name").value
        seen["said"] = [str(n.message) for n in app._notifications]
        seen["screen"] = type(app.screen).__name__
        await pilot.press("f2")
        await pilot.pause()
        seen["closed"] = not isinstance(app.screen, FormModal)

    run(typing, demo, today)
    preferred = "SELECT preferred_name FROM children WHERE child_ref = '100113'"
    assert demo.conn.execute(preferred).fetchone()[0] != "Lei"  # not saved by the kill
    run(again, demo, today)
    assert seen["box"] == "Lei"
    assert any(m.startswith("What was typed here before is back") for m in seen["said"])
    assert seen["closed"]
    assert demo.conn.execute(preferred).fetchone()[0] == "Lei"
    assert count(demo, DRAFTS) == 0  # saved: the draft goes


def test_a_draft_is_given_back_only_to_the_same_form_about_the_same_child(demo, today):
    assert draft_key(EditProfile("100113"), demo) != draft_key(EditProfile("100114"), demo)
    assert draft_key(Escalate("100107", (3,)), demo) != draft_key(Escalate("100107", (4,)), demo)
    seen = {}

    async def scenario(app, pilot):
        app.open_form(EditProfile("100113"))
        await pilot.pause()
        fill(app, preferred_name="Lei")
        await until(pilot, lambda: count(demo, DRAFTS) == 1, "the draft kept")
        await pilot.press("escape")  # asks: discard?
        await pilot.pause()
        await pilot.press("n")  # keep editing
        await pilot.pause()
        app.open_form(EditProfile("100114"))
        await pilot.pause()
        seen["other"] = app.screen.query_one("#field-preferred_name").value

    run(scenario, demo, today)
    assert seen["other"] != "Lei"


def test_a_new_child_half_typed_is_given_back_and_discarding_it_leaves_nothing(demo, today):
    seen = {}

    typing = _intake_left_unsaved(demo)

    async def again(app, pilot):
        await pilot.press("n")
        await pilot.pause()
        seen["name"] = app.screen.query_one("#field-family_name").value
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # discard
        await pilot.pause()

    run(typing, demo, today)
    run(again, demo, today)
    assert seen["name"] == "Jones"
    assert count(demo, DRAFTS) == 0


def test_the_diary_lists_a_form_left_unsaved_and_enter_goes_where_it_opens(demo, today):
    """An unsaved note was listed under Today; any other form's draft was given back only
    to an IRO who remembered to open that form again."""
    from iro_tui.widgets.agenda_table import AgendaTable

    seen = {}

    typing = _profile_left_unsaved(demo)

    async def again(app, pilot):
        table = app.screen.query_one("#agenda", AgendaTable)
        found = [
            (key.value, row)
            for key, row in ((k, table.get_row(k)) for k in table.rows)
            if any("Finish the form" in str(cell) for cell in row)
        ]
        seen["rows"] = [[str(cell) for cell in row] for _, row in found]
        table.move_cursor(row=table.get_row_index(found[0][0]))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        seen["opened"] = app.screen.form_title  # the form itself, its draft back
        seen["box"] = app.screen.query_one("#field-preferred_name").value

    run(typing, demo, today)
    run(again, demo, today)
    (row,) = seen["rows"]
    assert "Leila Ahmadi (100113)" in row
    assert any(cell.startswith("Finish the form: ") for cell in row)
    assert seen["opened"] == "Profile of Leila Ahmadi"
    assert seen["box"] == "Lei"


def test_the_intake_left_unsaved_is_listed_and_enter_opens_it_with_what_was_typed(demo, today):
    seen = {}

    typing = _intake_left_unsaved(demo)

    async def again(app, pilot):
        from iro_tui.domain.agenda import build_agenda
        from iro_tui.store.records import load_diary

        items = build_agenda(load_diary(demo, today), demo.rulebook(), today)
        (item,) = [i for i in items if i.kind == "form-draft"]
        seen["item"] = (item.title, item.child, item.link, item.due)
        app.open_link(item.link)
        await pilot.pause()
        seen["name"] = app.screen.query_one("#field-family_name").value

    run(typing, demo, today)
    run(again, demo, today)
    assert seen["item"] == (
        "Finish the form: A child comes into care, or joins your caseload",
        None,
        "draft:form:intake",
        today,
    )
    assert seen["name"] == "Jones"


def test_a_draft_s_key_is_what_the_form_is_about_not_what_it_opened_with(demo):
    """An escalation's issue said "94 days overdue" one day and "95" the next, and an
    appointment's day was the diary row it was asked from: each made a key of its own,
    and the draft was never given back."""
    from datetime import date

    from iro_tui.screens.requests import AddAppointment

    assert draft_key(Escalate("100107", (3,), "94 days overdue"), demo) == draft_key(
        Escalate("100107", (3,), "95 days overdue"), demo
    )
    assert draft_key(AddAppointment("100107", date(2026, 3, 4)), demo) == draft_key(
        AddAppointment("100107", date(2026, 6, 1)), demo
    )


def test_a_child_s_drafts_follow_them_when_their_id_is_put_right_and_no_one_else_gets_them(
    demo, today
):
    """Ahmad's profile half typed, his ID put right (#), and a new child given his old ID:
    the new child's profile opened with Ahmad's names and was saved over theirs."""
    from iro_tui.store.changes import change_child_ref

    seen = {}

    async def typing(app, pilot):
        app.open_form(EditProfile("100102"))
        await pilot.pause()
        fill(app, preferred_name="Ahmo")
        await until(pilot, lambda: count(demo, DRAFTS) == 1, "the draft kept")
        app.exit()

    async def again(app, pilot):
        app.open_form(EditProfile("200777"))
        await pilot.pause()
        seen["his"] = app.screen.query_one("#field-preferred_name").value
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        app.open_form(EditProfile("100102"))
        await pilot.pause()
        seen["theirs"] = app.screen.query_one("#field-given_name").value

    run(typing, demo, today)
    change_child_ref(demo, "100102", "200777")
    with demo.transaction():
        demo.conn.execute(
            "INSERT INTO children (child_ref, given_name, family_name, sex, dob) "
            "VALUES ('100102', 'Newkid', 'Other', 'M', '2015-01-01')"
        )
    run(again, demo, today)
    assert seen["his"] == "Ahmo"
    assert seen["theirs"] == "Newkid"


def test_a_consultation_half_typed_is_given_back_and_the_diary_opens_its_checklist(demo, today):
    """The checklist's forms opened apart from the others and kept no draft: a child's
    views typed at a placement were lost to a flat battery (an adversarial check)."""
    from iro_tui.domain.agenda import build_agenda
    from iro_tui.screens.checklist import ChecklistScreen
    from iro_tui.store.records import load_diary

    review_id = _booking_of(demo, "100104")
    seen = {}

    consult = _consulting(review_id)

    async def again(app, pilot):
        items = build_agenda(load_diary(demo, today), demo.rulebook(), today)
        (item,) = [i for i in items if i.kind == "form-draft"]
        seen["item"] = (item.title, item.link)
        app.open_link(item.link)
        await pilot.pause()
        await pilot.pause()
        # The consultation form itself, over its checklist (it opened the checklist alone,
        # on its first item, with nothing said of the draft).
        seen["screen"] = type(app.screen_stack[-2])
        seen["views"] = app.screen.query_one("#field-views").text

    run(_left_unsaved(demo, consult, views="Wants to stay with his carers"), demo, today)
    run(again, demo, today)
    assert seen["item"] == (
        "Finish the form: Consultation",
        f"draft:form:Checklist:review {review_id}:consultation",
    )
    assert seen["screen"] is ChecklistScreen
    assert seen["views"] == "Wants to stay with his carers"


def test_a_draft_gives_back_what_was_typed_and_leaves_the_rest_as_the_store_has_it_now(demo, today):
    """Given back whole, a profile half typed before an import put back the language the
    import had since changed, and F2 saved it over the import's."""
    from iro_tui.store.changes import update_profile

    seen = {}

    async def again(app, pilot):
        app.open_form(EditProfile("100113"))
        await pilot.pause()
        seen["preferred"] = app.screen.query_one("#field-preferred_name").value
        seen["language"] = app.screen.query_one("#field-first_language").value
        await pilot.press("f2")
        await pilot.pause()

    run(_profile_left_unsaved(demo), demo, today)
    update_profile(demo, "100113", {"first_language": "Tigrinya"})  # since, elsewhere
    run(again, demo, today)
    assert (seen["preferred"], seen["language"]) == ("Lei", "Tigrinya")
    saved = "SELECT preferred_name, first_language FROM children WHERE child_ref = '100113'"
    assert demo.conn.execute(saved).fetchone() == ("Lei", "Tigrinya")


def test_a_date_left_as_offered_comes_back_as_it_was_not_as_the_new_today(demo, today):
    """A consultation typed on the 1st with When left at its offered 01/06/2026, reopened
    on the 3rd, said 03/06/2026, and F2 would have saved the wrong day."""
    from datetime import timedelta

    review_id = _booking_of(demo, "100104")
    seen = {}

    consult = _consulting(review_id)

    async def again(app, pilot):
        app.open_review(review_id)
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        seen["when"] = app.screen.query_one("#field-consulted_date").value

    run(_left_unsaved(demo, consult, views="Wants to stay"), demo, today)
    run(again, demo, today + timedelta(days=2))
    assert seen["when"] == f"{today:%d/%m/%Y}"


def test_a_draft_whose_booking_was_cancelled_can_be_read_and_thrown_away_from_the_diary(
    demo, today
):
    """A reschedule half typed, then the booking cancelled: its form could never open
    again, and the draft stayed in the diary, its words out of reach (an adversarial
    re-test). Delete on its row says what was typed and throws it away."""
    from iro_tui.screens.requests import Reschedule
    from iro_tui.store.changes import cancel_review
    from iro_tui.widgets.agenda_table import AgendaTable
    from iro_tui.widgets.confirm import Confirm

    review_id = _booking_of(demo, "100104")
    seen = {}

    async def reschedule(app, pilot):
        app.open_form(Reschedule("100104", review_id))

    async def again(app, pilot):
        table = app.screen.query_one("#agenda", AgendaTable)
        index = next(i for i, item in enumerate(table.items) if item.kind == "form-draft")
        table.move_cursor(row=table.get_row_index(f"item-{index}"))
        await pilot.pause()
        seen["selected"] = app.screen._selected().kind
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        seen["question"] = app.screen.question
        await pilot.press("y")
        await pilot.pause()

    run(_left_unsaved(demo, reschedule, reschedule_reason="Carer on leave"), demo, today)
    cancel_review(demo, review_id, "Child unwell")
    run(again, demo, today)
    assert seen["selected"] == "form-draft"
    assert "What was typed in it: Carer on leave" in seen["question"]
    assert count(demo, DRAFTS) == 0


def test_enter_on_a_kept_draft_opens_its_own_form_or_says_why_it_cannot(demo, today):
    """An escalation half typed from the drift tracker's decision: Enter on its diary row
    opened the child, whose own escalation form (no decision chosen) opened blank. A
    reschedule whose booking was since cancelled: Enter now says why it cannot open."""
    from iro_tui.screens.requests import Reschedule
    from iro_tui.store.changes import cancel_review

    decision = demo.conn.execute(
        "SELECT d.id FROM decisions d JOIN children c ON c.id = d.child_id "
        "WHERE c.child_ref = '100107' AND d.status = 'open'"
    ).fetchone()[0]
    review_id = _booking_of(demo, "100104")
    seen = {}

    async def escalate(app, pilot):
        app.open_form(Escalate("100107", (decision,), "Overdue by 89 days"))

    async def reschedule(app, pilot):
        app.open_form(Reschedule("100104", review_id))

    async def again(app, pilot):
        from iro_tui.domain.agenda import build_agenda
        from iro_tui.store.records import load_diary

        items = build_agenda(load_diary(demo, today), demo.rulebook(), today)
        links = {i.child: i.link for i in items if i.kind == "form-draft"}
        app.open_link(links["100107"])
        await pilot.pause()
        seen["issue"] = app.screen.query_one("#field-issue").text
        app.pop_screen()  # left as it is: its draft stays
        await pilot.pause()
        app.open_link(links["100104"])
        await pilot.pause()
        seen["said"] = [str(n.message) for n in app._notifications]
        seen["screen"] = type(app.screen).__name__

    run(_left_unsaved(demo, escalate, issue="Chased the SW twice"), demo, today)
    run(_left_unsaved(demo, reschedule, reschedule_reason="Carer on leave"), demo, today)
    cancel_review(demo, review_id, "Child unwell")
    run(again, demo, today)
    assert seen["issue"] == "Chased the SW twice"
    assert seen["screen"] == "DiaryScreen"  # not a form for a booking gone
    assert any(
        m.startswith(
            "that review is no longer booked (cancelled, moved or held); Delete on "
            "its row in the diary says what was typed and throws it away"
        )
        for m in seen["said"]
    )


def test_a_stored_date_left_alone_in_a_draft_is_the_store_s_as_it_is_now(demo, today):
    """The after-review form: only "Full record sent" typed; the care plan's date changed
    since (an import); F2 on the draft given back saved the draft's older date over it."""
    from iro_tui.screens.requests import AfterReview

    review_id = demo.conn.execute(
        "SELECT r.id FROM reviews r JOIN children c ON c.id = r.child_id "
        "WHERE c.child_ref = '100102' AND r.status = 'held' ORDER BY r.held_date DESC"
    ).fetchone()[0]
    seen = {}

    async def after(app, pilot):
        app.open_form(AfterReview(review_id))

    async def again(app, pilot):
        app.open_form(AfterReview(review_id))
        await pilot.pause()
        seen["care plan"] = app.screen.query_one("#field-care_plan_updated_date").value
        seen["record"] = app.screen.query_one("#field-record_sent_date").value

    run(_left_unsaved(demo, after, record_sent_date="20/12/2025"), demo, today)
    with demo.transaction():
        demo.conn.execute(
            "UPDATE reviews SET care_plan_updated_date = '2025-12-07' WHERE id = ?", [review_id]
        )
    run(again, demo, today)
    assert seen == {"care plan": "07/12/2025", "record": "20/12/2025"}


def test_a_saved_form_keeps_no_draft_while_it_closes(demo, today, monkeypatch):
    """Saved, the form leaves a moment later: the half-second draft keeping, firing in
    that moment, kept what was typed again, and the diary went on listing the booking
    as "Finish the form" (an adversarial check: a review booked, with a notice)."""
    from iro_tui.screens.requests import BookReview

    close = FormModal._close

    def close_then_tick(form, result):
        close(form, result)
        form.keep_draft()  # the half-second timer, firing before the form has left

    monkeypatch.setattr(FormModal, "_close", close_then_tick)

    async def scenario(app, pilot):
        booked = count(demo, "SELECT count(*) FROM reviews WHERE status = 'planned'")
        app.open_form(BookReview("100113"))
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormModal)
        fill(app, scheduled_date="15/06/2026")
        await until(pilot, lambda: count(demo, DRAFTS) == 1, "the draft kept")
        await pilot.press("f2")
        await pilot.pause()
        assert count(demo, "SELECT count(*) FROM reviews WHERE status = 'planned'") == booked + 1
        assert count(demo, DRAFTS) == 0

    run(scenario, demo, today)
