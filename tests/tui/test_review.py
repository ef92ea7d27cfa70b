"""Preparing for, chairing and recording a review on a demo child, end to end."""

from datetime import date

import pytest
from textual.widgets import DataTable, Input, Select, Static

from iro_tui.domain.agenda import build_agenda
from iro_tui.domain.checklist import ChecklistEntry
from iro_tui.screens.checklist import ChecklistScreen
from iro_tui.screens.child import ChildScreen
from iro_tui.screens.recording import RecordingScreen
from iro_tui.screens.requests import AfterReview
from iro_tui.store.records import load_diary
from iro_tui.store.reviews import save_checklist_entry
from iro_tui.widgets.form import FormModal

from ..conftest import store_contents
from .helpers import SIZE, count, error_of, fill, rows, run, until

MEETING_DAY = date(2026, 6, 5)  # Kidane's booked review (the demo's Fri 5 Jun)
TYPED_DRAFT = "SELECT count(*) FROM review_drafts WHERE payload LIKE '%Tyler wants%'"


def booking_of(store, child_ref):
    return store.conn.execute(
        "SELECT r.id FROM reviews r JOIN children c ON c.id = r.child_id "
        "WHERE c.child_ref = ? AND r.status = 'planned' ORDER BY scheduled_date",
        (child_ref,),
    ).fetchone()[0]


def person_id(store, child_ref, name):
    return str(
        store.conn.execute(
            "SELECT p.id FROM people p JOIN children c ON c.id = p.child_id "
            "WHERE c.child_ref = ? AND p.name = ?",
            (child_ref, name),
        ).fetchone()[0]
    )


async def open_recording(app, pilot, child_ref: str) -> None:
    """The review-recording form for `child_ref`, opened from the child's screen."""
    app.open_child(child_ref)
    await pilot.pause()
    await pilot.press("r")
    await pilot.pause()
    assert isinstance(app.screen, RecordingScreen)


def next_deadline_said(app) -> str:
    """What the recording form says of the next statutory deadline."""
    return str(app.screen.query_one("#next-deadline", Static).render())


async def add_decision(app, pilot, **values):
    await pilot.press("f4")
    assert isinstance(app.screen, FormModal)
    fill(app, **values)
    await pilot.press("f2")
    await pilot.pause()


def test_record_a_whole_review_on_kidane(demo):
    review_id = booking_of(demo, "100108")
    tom = person_id(demo, "100108", "Tom Ellery")  # his social worker

    async def scenario(app, pilot):
        app.open_review(review_id)
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        # SW report, care plan, PEP, health: done today; seen alone n/a is refused
        # without a reason, then saved with one.
        table = app.screen.query_one("#checklist", DataTable)
        for row in (3, 4, 5, 6):
            table.move_cursor(row=row)
            await pilot.press("d")
        table.move_cursor(row=7)
        await pilot.press("enter")
        fill(app, state="not_applicable", reason="")
        await pilot.press("f2")
        assert error_of(app, "reason") == "say why it does not apply"
        fill(app, reason="Kidane asked for his key worker to stay")
        await pilot.press("f2")
        await pilot.pause()
        banner = str(app.screen.query_one("#checklist-banner").render())
        # Four done 3 days after 2 Jun; seen alone not applicable, said apart.
        assert banner.endswith("7 of 11 done, 1 not applicable, 4 late")
        await pilot.press("c")
        fill(
            app,
            consultee="Kidane Berhe",
            consultee_role="child",
            method="face_to_face",
            consulted_date="03/06/2026",
            views="Wants to stay with his carer and start college",
        )
        await pilot.press("f2")
        await pilot.pause()
        assert rows(app.screen.query_one("#consultations", DataTable))[0][:4] == [
            "03/06/2026",
            "Kidane Berhe",
            "Child",
            "Face to face",
        ]
        await pilot.press("v")
        fill(
            app,
            advocacy_offered="yes",
            advocacy_wanted="yes",
            advocate_name="A. Mensah",
            seen_alone="yes",
        )
        await pilot.press("f2")
        await pilot.pause()

        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RecordingScreen)
        fill(
            app,
            participation_code="PN1",
            child_views="He likes his carer and wants to go to college in September.",
            carers_views="Settled; needs help with bus fares.",
            matter_placement="Meets his needs; carer experienced with UASC.",
            matter_education="College place for ESOL to be found.",
            matter_health="Initial health assessment done; dental check due.",
            next_review_date="03/09/2026",
        )
        for name, role, attendance in (
            ("", "", "attended"),
            ("Ms Hana Bekele", "Interpreter", "attended"),
        ):
            await pilot.press("f3")
            if name:
                fill(app, other_name=name, other_role=role, attendance=attendance)
            else:
                fill(app, person="child", attendance=attendance)
            await pilot.press("f2")
            await pilot.pause()
        await add_decision(
            app, pilot, text="Find an ESOL college place for September", person=tom, quick="4w"
        )
        await add_decision(
            app,
            pilot,
            text="Book a dental check",
            other_name="Ms Joanna Pike",
            other_role="Carer",
            due_date="30/06/2026",
        )
        await add_decision(app, pilot, text="Apply for a bus pass", person=tom, quick="10wd")
        assert len(rows(app.screen.query_one("#decisions", DataTable))) == 3
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen | ChildScreen)
        said.extend(str(n.message) for n in app._notifications)

    said: list[str] = []
    run(scenario, demo, MEETING_DAY)
    # What the checklist still lacked is said once the review is held (it was saved
    # without a word, and the diary no longer lists a held review's checklist).
    assert [n for n in said if n.startswith("Recorded with")] == [
        "Recorded with 2 checklist items not done: Rights explained: complaints, advocacy, "
        "discharge of an order; Legal status reviewed: is it still right? If it matters, "
        "say why in a footprint note (F5)."
    ]

    review = demo.conn.execute(
        "SELECT status, held_date, completed_date, participation_code, child_views, "
        "advocate_name, seen_alone, next_review_date FROM reviews WHERE id = ?",
        (review_id,),
    ).fetchone()
    assert review == (
        "held",
        "2026-06-05",
        "2026-06-05",
        "PN1",
        "He likes his carer and wants to go to college in September.",
        "A. Mensah",
        1,
        "2026-09-03",
    )
    assert count(demo, "SELECT count(*) FROM attendance WHERE review_id = ?", review_id) == 2
    assert count(demo, "SELECT count(*) FROM review_matters WHERE review_id = ?", review_id) == 3
    assert count(demo, "SELECT count(*) FROM consultations WHERE review_id = ?", review_id) == 1
    # Eight from the checklist, and "advocacy" ticked by recording advocacy as offered
    # (seen alone stays "not applicable", as recorded on the checklist, with its reason).
    assert count(demo, "SELECT count(*) FROM checklist_items WHERE review_id = ?", review_id) == 9
    assert demo.conn.execute(
        "SELECT state, done_date FROM checklist_items WHERE review_id = ? AND item = 'advocacy'",
        (review_id,),
    ).fetchone() == ("done", "2026-06-05")
    assert demo.conn.execute(
        "SELECT state FROM checklist_items WHERE review_id = ? AND item = 'seen_alone'",
        (review_id,),
    ).fetchone() == ("not_applicable",)
    assert count(demo, "SELECT count(*) FROM review_drafts") == 0
    decisions = demo.conn.execute(
        "SELECT text, owner_name, due_date FROM decisions WHERE review_id = ? ORDER BY due_date",
        (review_id,),
    ).fetchall()
    # 10 WD from Fri 5 Jun: 8-12 (5), 15-19 Jun (10) -> Fri 19 Jun; 4 weeks -> Fri 3 Jul.
    assert decisions == [
        ("Apply for a bus pass", "Tom Ellery", "2026-06-19"),
        ("Book a dental check", "Ms Joanna Pike", "2026-06-30"),
        ("Find an ESOL college place for September", "Tom Ellery", "2026-07-03"),
    ]

    items = build_agenda(load_diary(demo, MEETING_DAY), demo.rulebook(), MEETING_DAY)
    kidane = [(i.kind, i.due.isoformat(), i.title) for i in items if i.child == "100108"]
    # The 1st review deadline (9 Jun) is gone; the 2nd is 3 months after the 1st as
    # held: 5 Sep 2026, and the next review is booked for 3 Sep.
    assert ("review", "2026-09-05", "2nd review due") in kidane
    assert not any(k == "review" and due == "2026-06-09" for k, due, _ in kidane)
    assert ("booked-review", "2026-09-03", "Review meeting") in kidane
    assert {("decision", "2026-06-19"), ("decision", "2026-06-30"), ("decision", "2026-07-03")} <= {
        (k, due) for k, due, _ in kidane
    }
    # After the review: decisions to the SW/TM within 5 WD -> Fri 12 Jun.
    assert ("post-review", "2026-06-12", "Decisions sent to the SW and team manager") in kidane


CASES = {
    "PN0 for a 12-year-old": (
        "100114",
        {"participation_code": "PN0", "matter_permanence": "Long-term fostering"},
        "participation_code",
        "PN0 is only for children under 4; Tyler Brooks was 12",
    ),
    "next review after the deadline without a reason": (
        "100114",
        {
            "participation_code": "PN7",
            "matter_permanence": "Long-term fostering",
            "next_review_date": "14/12/2026",
        },
        "next_review_reason",
        "14/12/2026 is after the statutory deadline 05/12/2026",
    ),
    "series completed past 20 WD": (
        "100114",
        {
            "participation_code": "PN1",
            "matter_permanence": "Long-term fostering",
            "series": True,
            "completed_date": "06/07/2026",
        },
        # 20 WD from Fri 5 Jun 2026: 8-12, 15-19, 22-26, 29 Jun-3 Jul -> Fri 3 Jul.
        "completed_date",
        "within 20 working days of the first, by 03/07/2026",
    ),
    "PN1 with the child not in the attendance list": (
        "100114",
        {"participation_code": "PN1", "matter_permanence": "Long-term fostering"},
        "participation_code",
        "PN1 (attended and spoke for themselves) says Tyler Brooks was at the review",
    ),
    "PN6 with none of the child's views": (
        "100114",
        {"participation_code": "PN6", "matter_permanence": "Long-term fostering"},
        "child_views",
        "PN6 (absent, conveyed views by text, writing, phone or app) says Tyler Brooks's views "
        "reached the review",
    ),
    "no permanence plan at a later review": (
        "100114",
        {"participation_code": "PN7"},
        "matter_permanence",
        "the permanence plan must be considered",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_broken_rule_is_refused_next_to_its_field_and_nothing_saved(demo, case):
    child_ref, values, field, message = CASES[case]
    before = store_contents(demo.path)

    async def scenario(app, pilot):
        app.record_review(child_ref, None)
        await pilot.pause()
        fill(app, held_date="05/06/2026", **values)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, RecordingScreen)
        assert message in error_of(app, field)
        app.screen.autosave()  # the draft is not the record: drop it to compare
        from iro_tui.store.reviews import discard_draft

        discard_draft(app.store, child_ref)

    run(scenario, demo, MEETING_DAY)
    assert store_contents(demo.path) == before


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"text": "Dental check", "due_date": "30/06/2026"}, "a decision needs an owner"),
        (
            {
                "text": "Dental check",
                "other_name": "Ms Pike",
                "other_role": "Carer",
                "due_date": "01/06/2026",
            },
            "before the review on 05/06/2026",
        ),
        (
            {"text": "Dental check", "other_name": "Ms Pike", "other_role": "Carer"},
            "a decision needs a date",
        ),
        (  # said above the form, with no box named; now under the quick pick
            {"text": "Dental check", "other_name": "Ms Pike", "other_role": "Carer"}
            | {"quick": "next"},
            "no next review date is set: set it first, or type a date",
        ),
        (  # the pick won, and the date typed was dropped without a word
            {"text": "Dental check", "other_name": "Ms Pike", "other_role": "Carer"}
            | {"quick": "4w", "due_date": "30/06/2026"},
            "a quick pick is chosen too: choose one or the other",
        ),
    ],
)
def test_a_decision_without_an_owner_or_a_good_date_is_refused(demo, values, message):
    async def scenario(app, pilot):
        app.record_review("100114", None)
        await pilot.pause()
        fill(app, held_date="05/06/2026")
        await pilot.press("f4")
        fill(app, **values)
        await pilot.press("f2")
        assert isinstance(app.screen, FormModal)
        problems = [str(e.render()) for e in app.screen.query(".field-error") if e.display]
        assert any(message in p for p in problems), problems
        await pilot.press("escape")
        await pilot.pause()
        if not isinstance(app.screen, RecordingScreen):
            await pilot.press("y")  # discard the refused decision
        assert app.screen.decisions == []

    run(scenario, demo, MEETING_DAY)
    assert count(demo, "SELECT count(*) FROM decisions WHERE text = 'Dental check'") == 0


def test_a_decision_s_missing_owner_and_date_are_said_at_once_each_under_its_box(demo):
    found = {}

    async def scenario(app, pilot):
        app.record_review("100114", None)
        await pilot.pause()
        fill(app, held_date="05/06/2026")
        await pilot.press("f4")
        fill(app, text="Dental check")
        await pilot.press("f2")
        assert isinstance(app.screen, FormModal)
        found["both"] = (error_of(app, "person"), error_of(app, "due_date"))
        # A new owner's name without their role: said under Their role.
        fill(app, other_name="Ms Pike", due_date="30/06/2026")
        await pilot.press("f2")
        assert isinstance(app.screen, FormModal)
        found["role"] = error_of(app, "other_role")
        # Someone from the list and a typed owner too: which is meant is asked.
        fill(app, person=person_id(demo, "100114", "Tom Ellery"))
        await pilot.press("f2")
        assert isinstance(app.screen, FormModal)
        found["both_owners"] = error_of(app, "other_name")
        fill(app, person=Select.NULL, other_role="Carer")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, RecordingScreen)
        found["decisions"] = [(d.owner_name, d.owner_role) for d in app.screen.decisions]

    run(scenario, demo, MEETING_DAY)
    assert found["both"] == (
        "a decision needs an owner: choose one, or give a name and a role",
        "a decision needs a date: pick one",
    )
    assert found["role"] == "give their role (social worker, carer, school...)"
    assert found["both_owners"] == "choose someone from the list or type a new one, not both"
    assert found["decisions"] == [("Ms Pike", "Carer")]


def test_the_advocacy_form_keeps_not_recorded_until_answered(demo, today):
    """Saved untouched, three tick boxes recorded "offered: no · wanted: no · seen alone:
    no" where nothing had been recorded."""
    review_id = booking_of(demo, "100101")
    before = store_contents(demo.path)

    async def scenario(app, pilot):
        app.open_review(review_id)
        await pilot.pause()
        await pilot.press("v")
        assert isinstance(app.screen, FormModal)
        for key in ("advocacy_offered", "advocacy_wanted", "seen_alone"):
            assert app.screen.query_one(f"#field-{key}").is_blank()
        await pilot.press("f2")
        assert isinstance(app.screen, FormModal)
        assert error_of(app, "advocacy_offered") == "nothing is recorded yet: answer what you know"
        assert store_contents(demo.path) == before
        # An advocate named for a child who wants none was saved without a word.
        fill(app, advocacy_offered="yes", advocacy_wanted="no", advocate_name="A. Mensah")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        assert error_of(app, "advocate_name") == (
            "the child does not want an advocate (answered No): leave the advocate blank, "
            "or answer Yes"
        )
        assert store_contents(demo.path) == before
        app.screen.query_one("#field-advocacy_wanted", Select).clear()
        fill(app, advocate_name="", seen_alone="no")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)

    run(scenario, demo, today)
    row = demo.conn.execute(
        "SELECT advocacy_offered, advocacy_wanted, seen_alone FROM reviews WHERE id = ?",
        [review_id],
    ).fetchone()
    assert row == (1, None, 0)


def test_a_draft_is_offered_back_and_can_be_continued(demo):
    async def scenario(app, pilot):
        app.record_review("100114", None)
        await pilot.pause()
        fill(app, child_views="Tyler wants more time with his brother")
        await until(pilot, lambda: count(demo, TYPED_DRAFT) == 1, "autosaved")  # every 0.5 s
        await pilot.press("escape")
        await pilot.pause()
        assert [n.message for n in app._notifications if "Draft kept" in n.message]
        app.record_review("100114", None)
        await pilot.pause()
        await pilot.press("y")  # continue the draft
        await pilot.pause()
        assert isinstance(app.screen, RecordingScreen)
        assert app.screen.query_one("#field-child_views").text == (
            "Tyler wants more time with his brother"
        )

    run(scenario, demo, MEETING_DAY)


def test_opening_the_form_and_leaving_without_typing_keeps_no_draft(demo):
    """A form opened and left untouched is not a draft: the next opening must not ask
    to continue one, and the store is not written (the boxes say "changed" as they are
    filled with what the form opens with, before anything is typed)."""

    async def scenario(app, pilot):
        before = store_contents(demo.path)
        await open_recording(app, pilot, "100114")
        recording = app.screen
        await pilot.pause(1.2)  # two ticks of the half-second autosave
        assert recording.autosave()
        assert store_contents(demo.path) == before
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, RecordingScreen)
        assert not [n for n in app._notifications if "Draft kept" in n.message]
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RecordingScreen)  # no "continue the draft?"

    run(scenario, demo, MEETING_DAY)
    assert count(demo, "SELECT count(*) FROM review_drafts") == 0


def test_a_draft_put_back_as_the_form_opened_is_not_kept(demo):
    """Typed (and autosaved), then put back as it was: there is nothing to continue."""

    async def scenario(app, pilot):
        await open_recording(app, pilot, "100114")
        fill(app, child_views="Tyler wants more time with his brother")
        await until(pilot, lambda: count(demo, TYPED_DRAFT) == 1, "autosaved")
        fill(app, child_views="")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, RecordingScreen)
        assert not [n for n in app._notifications if "Draft kept" in n.message]

    run(scenario, demo, MEETING_DAY)
    assert count(demo, "SELECT count(*) FROM review_drafts") == 0


def test_a_recorded_review_leaves_no_draft_behind(demo):
    """The autosave timer can tick after F2 has saved the record and before the screen
    has gone: that tick must not write the draft back, or the next recording for the
    child offers a review already recorded."""

    async def scenario(app, pilot):
        app.record_review("100114", None)
        await pilot.pause()
        recording = app.screen
        fill(
            app,
            held_date="05/06/2026",
            participation_code="PN7",
            matter_permanence="Long-term fostering",
        )
        await pilot.pause()
        recording.action_save()
        assert recording.autosave()  # the timer's tick, before the screen has gone
        await pilot.pause()
        assert not isinstance(app.screen, RecordingScreen)

    run(scenario, demo, MEETING_DAY)
    assert (
        count(
            demo,
            "SELECT count(*) FROM reviews r JOIN children c ON c.id = r.child_id "
            "WHERE c.child_ref = '100114' AND r.status = 'held' "
            "AND r.held_date = '2026-06-05'",
        )
        == 1
    )
    assert count(demo, "SELECT count(*) FROM review_drafts") == 0


def test_snapshot_checklist_part_done_one_late(snap_compare, demo):
    from iro_tui.__main__ import make_app
    from iro_tui.domain.clock import FixedClock

    review_id = booking_of(demo, "100108")
    save_checklist_entry(
        demo, review_id, ChecklistEntry(item="sw_report", state="done", done_date=date(2026, 6, 3))
    )
    save_checklist_entry(
        demo,
        review_id,
        ChecklistEntry(item="pep", state="not_applicable", reason="Not yet on a school roll"),
    )

    async def open_checklist(pilot):
        pilot.app.open_review(review_id)
        await pilot.pause()

    assert snap_compare(
        make_app(demo, FixedClock(date(2026, 6, 3))), terminal_size=SIZE, run_before=open_checklist
    )


def test_snapshot_recording_screen(snap_compare, demo):
    from iro_tui.__main__ import make_app
    from iro_tui.domain.clock import FixedClock

    async def open_recording(pilot):
        pilot.app.record_review("100108", booking_of(demo, "100108"))
        await pilot.pause()

    assert snap_compare(
        make_app(demo, FixedClock(MEETING_DAY)), terminal_size=SIZE, run_before=open_recording
    )


def test_readiness_shows_on_the_child_and_in_the_diary(demo, today):
    async def scenario(app, pilot):
        agenda = app.screen.query_one("#agenda")
        meeting = next(i for i in agenda.items if i.kind == "booked-review" and i.child == "100108")
        assert meeting.detail == "Checklist 3 of 11 done"
        app.open_child("100108", "reviews")
        await pilot.pause()
        deadline = str(app.screen.query_one("#deadline").render())
        assert "Booked for Fri 05/06/2026: checklist 3 of 11 done" in deadline

    run(scenario, demo, today)


def test_after_the_review_dates_leave_the_diary_when_done(demo):
    from iro_tui.domain.recording import ReviewRecord

    review_id = save_review_record_for_test(demo, ReviewRecord)

    async def scenario(app, pilot):
        app.open_form(AfterReview(review_id))
        await pilot.pause()
        fill(app, decisions_sent_date="12/06/2026", record_sent_date="01/06/2026")
        await pilot.press("f2")
        assert error_of(app, "record_sent_date") == "that is before the review was completed"
        fill(app, record_sent_date="", manager_response="agreed")
        await pilot.press("f2")
        assert error_of(app, "manager_response_date") == "give the date of the response"
        fill(app, manager_response_date="15/06/2026")
        await pilot.press("f2")
        await pilot.pause()

    run(scenario, demo, date(2026, 6, 16))
    items = build_agenda(load_diary(demo, date(2026, 6, 16)), demo.rulebook(), date(2026, 6, 16))
    left = sorted(
        (i.title, i.due.isoformat(), i.overdue)
        for i in items
        if i.kind == "post-review" and i.child == "100114"
    )
    # Held Fri 5 Jun: record within 20 WD -> 3 Jul; care plan 10 WD -> Fri 19 Jun.
    assert left == [
        ("Care plan updated by the SW", "2026-06-19", False),
        ("Full record sent", "2026-07-03", False),
    ]


def test_the_after_review_form_says_every_problem_at_once_and_a_date_needs_its_answer(demo):
    """A response date with no answer was saved, and the deadline for the senior
    manager's response left the diary with nothing recorded; three wrong dates took
    three saves to see. The review was completed Fri 05/06/2026."""
    from iro_tui.domain.recording import ReviewRecord

    review_id = save_review_record_for_test(demo, ReviewRecord)
    before = store_contents(demo.path)
    said = {}

    async def scenario(app, pilot):
        app.open_form(AfterReview(review_id))
        await pilot.pause()
        fill(
            app,
            decisions_sent_date="01/06/2026",
            record_sent_date="20/06/2026",
            care_plan_updated_date="04/06/2026",
            manager_response_date="11/06/2026",
        )
        await pilot.press("f2")
        await pilot.pause()
        for key in (
            "decisions_sent_date",
            "record_sent_date",
            "care_plan_updated_date",
            "manager_response",
        ):
            said[key] = error_of(app, key)
        fill(
            app,
            decisions_sent_date="12/06/2026",
            record_sent_date="",
            care_plan_updated_date="",
            manager_response="agreed",
        )
        await pilot.press("f2")
        await pilot.pause()
        said["response before decisions"] = error_of(app, "manager_response_date")

    run(scenario, demo, date(2026, 6, 16))
    assert said["decisions_sent_date"] == "that is before the review was completed"
    assert said["record_sent_date"] == "that date is in the future"
    assert said["care_plan_updated_date"] == "that is before the review was completed"
    assert said["manager_response"] == "say whether the manager agreed or objected"
    assert said["response before decisions"] == (
        "that is before the decisions were sent (12/06/2026): the manager responds to them"
    )
    assert store_contents(demo.path) == before


def test_the_after_review_form_shows_dates_already_recorded_as_the_iro_writes_them(demo):
    """Reopened, it shows 12/06/2026, not the store's 2026-06-12 (issue 15)."""
    from textual.widgets import Input

    from iro_tui.domain.recording import ReviewRecord
    from iro_tui.store.reviews import save_review_fields

    review_id = save_review_record_for_test(demo, ReviewRecord)
    save_review_fields(demo, review_id, {"decisions_sent_date": date(2026, 6, 12)})
    shown = {}

    async def scenario(app, pilot):
        app.open_form(AfterReview(review_id))
        await pilot.pause()
        for key in ("decisions_sent_date", "record_sent_date"):
            shown[key] = app.screen.query_one(f"#field-{key}", Input).value

    run(scenario, demo, date(2026, 6, 16))
    assert shown == {"decisions_sent_date": "12/06/2026", "record_sent_date": ""}


def save_review_record_for_test(store, record_type):
    from iro_tui.store.reviews import save_review_record

    record = record_type(
        held_date=date(2026, 6, 5),
        participation_code="PN1",
        matters={"permanence": "Long-term fostering"},
    )
    return save_review_record(store, "100114", None, record)


def test_an_adjourned_review_must_be_completed_within_20_working_days(demo):
    review_id = booking_of(demo, "100108")

    async def scenario(app, pilot):
        app.record_review("100108", review_id)
        await pilot.pause()
        fill(app, status="adjourned", adjourned_reason="")
        await pilot.press("f2")
        assert error_of(app, "adjourned_reason") == "say why the review was adjourned"
        fill(app, adjourned_reason="The interpreter did not arrive")
        await pilot.press("f2")
        await pilot.pause()
        assert not isinstance(app.screen, RecordingScreen)

    run(scenario, demo, MEETING_DAY)
    assert demo.conn.execute(
        "SELECT status, scheduled_date, adjourned_reason, held_date FROM reviews WHERE id = ?",
        (review_id,),
    ).fetchone() == ("adjourned", "2026-06-05", "The interpreter did not arrive", None)
    items = build_agenda(load_diary(demo, MEETING_DAY), demo.rulebook(), MEETING_DAY)
    # Fri 5 Jun + 20 WD (no bank holiday in June) = Fri 3 Jul 2026. Begun within its
    # deadline (Tue 09/06/2026) and recorded, once completed, as held on its day, the
    # review is late only if not completed by then: that is its deadline, listed once
    # (it was also listed as overdue from 10/06).
    assert [
        (i.kind, i.due.isoformat(), i.title)
        for i in items
        if i.child == "100108" and i.kind in ("review", "adjourned-review")
    ] == [("review", "2026-07-03", "Adjourned 1st review due")]


def test_an_error_shows_under_its_field_and_hint_and_goes_when_put_right(demo):
    """A field's error line is made when it first has something to say: under the
    box and the field's hint, and hidden again once the field is put right."""

    async def scenario(app, pilot):
        await open_recording(app, pilot, "100114")
        assert not app.screen.query(".field-error").filter("#error-completed_date")
        fill(app, held_date="05/06/2026", completed_date="31/02/2026")
        await pilot.press("f2")
        await pilot.pause()
        assert error_of(app, "completed_date") == "'31/02/2026' is not a real date"
        box = app.screen.query_one("#field-completed_date")
        form = box.parent.children
        after = form[form.index(box) + 1 : form.index(box) + 3]
        assert [w.has_class("field-hint") for w in after] == [True, False]
        assert after[1].id == "error-completed_date" and after[1].display
        fill(app, completed_date="", next_review_date="31/13/2026")
        await pilot.pause()
        # Gone as soon as the box is changed, before saving again.
        assert not app.screen.query_one("#error-completed_date").display
        await pilot.press("f2")
        await pilot.pause()
        assert not app.screen.query_one("#error-completed_date").display
        assert "not a real date" in error_of(app, "next_review_date")
        assert isinstance(app.screen, RecordingScreen)

    run(scenario, demo, MEETING_DAY)
    assert count(demo, "SELECT count(*) FROM reviews WHERE held_date = '2026-06-05'") == 0


def test_recording_says_when_a_review_is_too_soon_after_an_adoptive_placement_disrupts(demo):
    from iro_tui.domain.episodes import EpisodeChange
    from iro_tui.store.changes import change_episode
    from iro_tui.store.records import current_episode

    # 100115 (placement order since 20 Apr 2026) is placed for adoption with new carers
    # (A4) on 1 May and removed to foster carers on Wed 20 May 2026 (LAREQ): the 28th
    # day is 17 Jun. (A5, with the current foster carers, keeps the carer: rule 217.)
    for day, place, reason in (("2026-05-01", "A4", None), ("2026-05-20", "U4", "LAREQ")):
        change = EpisodeChange(
            current=current_episode(demo, "100115"),
            change_date=date.fromisoformat(day),
            ls="E1",
            place=place,
            place_provider="PR1",
            carer_changed=True,
            reason_place_change=reason or "CARPL",
            today=date(2026, 6, 20),
        )
        change_episode(demo, "100115", change, None)

    async def scenario(app, pilot):
        await open_recording(app, pilot, "100115")
        fill(app, held_date="16/06/2026")
        await pilot.pause()
        text = next_deadline_said(app)
        assert "does not count as the disruption review" in text
        assert "between 17/06/2026 and 01/07/2026" in text
        fill(app, held_date="17/06/2026")
        await pilot.pause()
        assert "disruption review" not in next_deadline_said(app)

    run(scenario, demo, date(2026, 6, 20))


def test_the_next_deadline_follows_the_held_date_and_only_the_held_date(demo, today):

    async def scenario(app, pilot):
        await open_recording(app, pilot, "100114")  # Tyler, 11: reviews go on
        fill(app, held_date="01/06/2026")
        await pilot.pause()
        # 6 months after a review held on Mon 1 June 2026 (CPPCR 2010 reg 33(2)(b)).
        assert next_deadline_said(app).startswith(
            "Held on 01/06/2026, the next statutory deadline is Tue 01/12/2026"
        )
        # Typing elsewhere leaves it as it is (it is worked out again, not redrawn).
        app.screen.query_one("#field-venue", Input).focus()
        await pilot.press(*"Foster home")
        await pilot.pause()
        assert app.screen.query_one("#field-venue", Input).value.endswith("Foster home")
        assert next_deadline_said(app).startswith(
            "Held on 01/06/2026, the next statutory deadline is Tue 01/12/2026"
        )
        fill(app, held_date="")
        await pilot.pause()
        assert next_deadline_said(app) == ""
        fill(app, held_date="02/06/2026")
        await pilot.pause()
        assert next_deadline_said(app).startswith(
            "Held on 02/06/2026, the next statutory deadline is Wed 02/12/2026"
        )

    run(scenario, demo, today)


@pytest.mark.parametrize(
    ("day", "offered"),
    [
        (date(2026, 6, 1), "01/06/2026"),  # before the booked Fri 5 Jun: held early, today
        (MEETING_DAY, "05/06/2026"),  # on the day
        (date(2026, 6, 8), "05/06/2026"),  # written up the Monday after: the booked day
    ],
)
def test_a_booked_review_offers_its_day_as_held_on_only_once_it_has_come(demo, day, offered):
    async def scenario(app, pilot):
        await open_recording(app, pilot, "100108")  # Kidane, booked for Fri 5 Jun
        assert app.screen.review_id == booking_of(demo, "100108")
        assert app.screen.query_one("#field-held_date", Input).value == offered
        assert app.screen.query_one("#field-scheduled_date", Input).value == "05/06/2026"

    run(scenario, demo, day)


def test_a_refused_participation_code_goes_from_under_its_box_once_another_is_chosen(demo):
    async def scenario(app, pilot):
        await open_recording(app, pilot, "100108")  # Kidane, 15
        fill(app, participation_code="PN0")
        await pilot.press("f2")
        await pilot.pause()
        assert "only for children under 4" in error_of(app, "participation_code")
        fill(app, participation_code="PN1")
        await pilot.pause()
        assert not app.screen.query_one("#error-participation_code").display
        assert isinstance(app.screen, RecordingScreen)  # nothing saved until F2

    run(scenario, demo, MEETING_DAY)


def test_every_box_label_of_the_recording_form_shows_whole_at_80x24(demo):
    """At 80 columns a label cut short hid what the box is for ("...an adjourned
    review's completio")."""
    from textual.widgets import Label

    async def scenario(app, pilot):
        await open_recording(app, pilot, "100114")
        room = app.screen.query_one("#recording").scrollable_content_region
        labels = list(app.screen.query(Label))
        assert len(labels) > 20
        for label in labels:
            text = str(label.render())
            assert label.region.x + len(text) <= room.right, text

    run(scenario, demo, MEETING_DAY, size=(80, 24))


def test_a_long_decision_leaves_its_owner_and_due_date_in_view_at_80x24(demo):
    """The recording's decisions list: a long decision pushed the owner and the due date
    off the right edge, even at 120 columns; its words now end in '…' instead."""
    tom = person_id(demo, "100108", "Tom Ellery")
    long_text = (
        "Arrange a joint meeting with the college, the virtual school and the carer "
        "to agree a transport plan for the autumn term"
    )

    async def scenario(app, pilot):
        await open_recording(app, pilot, "100108")
        await add_decision(app, pilot, text=long_text, person=tom, due_date="30/06/2026")
        table = app.screen.query_one("#decisions", DataTable)
        await pilot.pause()
        widths = {k.value: c.get_render_width(table) for k, c in table.columns.items()}
        assert sum(widths.values()) <= table.size.width
        assert widths["due"] >= len("30/06/2026") + 2
        assert widths["owner"] >= len("Tom Ellery (Social worker)") + 2
        assert widths["decision"] < len(long_text)  # cut, with the rest in view
        assert rows(table)[0][0] == long_text  # the words are all kept

    run(scenario, demo, MEETING_DAY, size=(80, 24))


def test_a_second_review_held_the_same_day_is_refused_and_nothing_saved(demo):
    """Recorded once, the review of 05/06/2026 is not recorded again from a new
    recording: its post-review deadlines would show twice in the diary, and the annual
    report would count two reviews."""
    from iro_tui.domain.recording import ReviewRecord

    save_review_record_for_test(demo, ReviewRecord)
    before = store_contents(demo.path)

    async def scenario(app, pilot):
        app.record_review("100114", None)
        await pilot.pause()
        fill(
            app,
            held_date="05/06/2026",
            participation_code="PN7",
            matter_permanence="Long-term fostering",
        )
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, RecordingScreen)
        assert error_of(app, "held_date") == (
            "a review of this child held on 05/06/2026 is already recorded: open it from "
            "the Reviews tab to change it, or check the date"
        )
        app.screen.autosave()  # the draft is not the record: drop it to compare
        from iro_tui.store.reviews import discard_draft

        discard_draft(app.store, "100114")

    run(scenario, demo, MEETING_DAY)
    assert store_contents(demo.path) == before


def test_the_checklist_says_the_selected_item_in_full_under_it(demo, today):
    """At 80 columns the table cuts the items' names: two read "IRO speaks wi…"."""
    review_id = booking_of(demo, "100101")  # Dawit: booked Wed 22/07/2026

    async def scenario(app, pilot):
        app.open_link(f"review:{review_id}")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        table = app.screen.query_one("#checklist", DataTable)
        at = [r[0] for r in rows(table)].index(
            next(r[0] for r in rows(table) if r[0].startswith("IRO speaks with the child"))
        )
        table.move_cursor(row=at)
        await pilot.pause()
        assert str(app.screen.query_one("#checklist-detail").render()) == (
            "IRO speaks with the child alone (or observes a baby) · by Wed 22/07/2026 · not done"
        )

    run(scenario, demo, today, size=(80, 24))


def test_a_decision_may_be_owned_by_the_child_or_by_the_iro(demo):
    found = {}

    async def scenario(app, pilot):
        app.record_review("100114", None)
        await pilot.pause()
        fill(app, held_date="05/06/2026")
        await add_decision(app, pilot, text="Register with a GP", person="child", quick="4w")
        await add_decision(
            app, pilot, text="Write to the head of service", person="iro", quick="4w"
        )
        found["owners"] = [(d.owner_name, d.owner_role) for d in app.screen.decisions]

    run(scenario, demo, MEETING_DAY)
    # The demo's IRO is Sam Okoro (Settings).
    assert found["owners"] == [("Tyler Brooks", "Child"), ("Sam Okoro", "IRO")]


def test_the_child_is_on_the_attendance_list_once_and_a_chosen_person_is_not_also_typed(demo):
    found = {}

    async def scenario(app, pilot):
        app.record_review("100114", None)
        await pilot.pause()
        await pilot.press("f3")
        await pilot.press("f2")  # no one given
        found["nobody"] = error_of(app, "person")
        fill(app, person="child", attendance="sent_views")
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("f3")
        fill(app, person="child", attendance="attended")
        await pilot.press("f2")
        assert isinstance(app.screen, FormModal)
        found["twice"] = error_of(app, "person")
        fill(app, other_name="Bob Smith")
        await pilot.press("f2")
        found["both"] = error_of(app, "other_name")
        await pilot.press("escape")
        await pilot.pause()
        if not isinstance(app.screen, RecordingScreen):
            await pilot.press("y")  # discard
            await pilot.pause()
        found["list"] = [(a.name, a.attendance) for a in app.screen.attendees]

    run(scenario, demo, MEETING_DAY)
    assert found["twice"] == (
        "Tyler Brooks is on the list already: remove that row (F6) to change it"
    )
    assert found["both"] == "choose someone from the list or type a new one, not both"
    assert found["nobody"] == "choose someone from the list, or give a name and a role"
    assert found["list"] == [("Tyler Brooks", "sent_views")]


def test_seen_alone_and_advocacy_stay_not_recorded_until_answered(demo):
    """Tick boxes left alone recorded No; the annual report counts "not recorded" apart."""
    from iro_tui.widgets.form import display_value

    async def scenario(app, pilot):
        app.record_review("100114", None)
        await pilot.pause()
        for key in ("seen_alone", "advocacy_offered", "advocacy_wanted"):
            assert app.screen.query_one(f"#field-{key}", Select).is_blank()
        fill(
            app,
            held_date="05/06/2026",
            participation_code="PN7",
            matter_permanence="Long-term fostering",
            advocacy_offered="yes",
            advocacy_wanted="no",
            advocate_name="A. Mensah",
        )
        await pilot.press("f2")
        await pilot.pause()
        assert error_of(app, "advocate_name").startswith("the child does not want an advocate")
        fill(app, advocate_name="")
        await pilot.press("f2")
        await pilot.pause()
        assert not isinstance(app.screen, RecordingScreen)

    run(scenario, demo, MEETING_DAY)
    row = demo.conn.execute(
        "SELECT seen_alone, advocacy_offered, advocacy_wanted FROM reviews r JOIN children c "
        "ON c.id = r.child_id WHERE c.child_ref = '100114' AND r.held_date = '2026-06-05'"
    ).fetchone()
    assert row == (None, 1, 0)
    # A draft kept from the tick boxes (True/False) opens as Yes/No.
    assert (display_value("select", True), display_value("select", False)) == ("yes", "no")


def test_d_on_a_checklist_item_already_done_keeps_its_day(demo, today):
    """`d` put today over the day an item was done: done on 12/05/2026 read "done LATE"
    on 01/06/2026, a record of compliance changed without a word."""
    from iro_tui.domain.checklist import ChecklistEntry
    from iro_tui.store.reviews import load_checklist, save_checklist_entry

    review_id = booking_of(demo, "100108")  # Kidane: booked Fri 05/06/2026
    seen = {}

    async def scenario(app, pilot):
        app.open_review(review_id)
        await pilot.pause()
        table = app.screen.query_one("#checklist", DataTable)
        table.move_cursor(row=3)
        await pilot.pause()
        key = seen["key"] = app.screen._selected_key()
        save_checklist_entry(
            demo, review_id, ChecklistEntry(item=key, state="done", done_date=date(2026, 5, 12))
        )
        app.screen.load()
        await pilot.pause()
        table.move_cursor(row=3)
        await pilot.press("d")
        await pilot.pause()
        seen["said"] = [str(n.message) for n in app._notifications]

    run(scenario, demo, today)
    assert any(
        "this item is already done on 12/05/2026: Enter changes it" in m for m in seen["said"]
    ), seen["said"]
    kept = load_checklist(demo, review_id)[seen["key"]]
    assert (kept.state, kept.done_date) == ("done", date(2026, 5, 12))


def test_a_checklist_date_before_care_and_a_pasted_name_are_refused(demo, today):
    """ "Done on 01/01/1990" was saved for Kidane's SW report, and a 5,000-character paste
    as his advocate's name, which then filled the checklist's summary line."""
    before = store_contents(demo.path)

    async def scenario(app, pilot):
        app.open_review(booking_of(demo, "100108"))
        await pilot.pause()
        table = app.screen.query_one("#checklist", DataTable)
        table.move_cursor(row=3)
        await pilot.press("enter")
        fill(app, state="done", done_date="01/01/1990")
        await pilot.press("f2")
        await pilot.pause()
        assert error_of(app, "done_date") == (
            "that date is before the child came into care (11/05/2026)"
        )
        await pilot.press("escape")
        await pilot.press("y")  # discard
        await pilot.pause()
        await pilot.press("v")
        fill(app, advocacy_offered="yes", advocate_name="I want to stay in Hackney " * 200)
        await pilot.press("f2")
        await pilot.pause()
        assert error_of(app, "advocate_name") == (
            "Advocate is 5199 characters long: at most 80 fit here"  # stripped
        )

    run(scenario, demo, today)
    assert store_contents(demo.path) == before


def test_a_record_begun_and_not_saved_is_in_the_diary_until_finished(demo):
    """A draft kept by autosave (the app closed, the battery ran out) was found only by
    pressing r on that child again: nothing in the diary said a record was unfinished."""
    from iro_tui.screens.diary import DiaryScreen

    seen = {}

    async def scenario(app, pilot):
        app.record_review("100114", None)
        await pilot.pause()
        fill(app, child_views="Tyler wants more time with his brother")
        await until(pilot, lambda: count(demo, TYPED_DRAFT) == 1, "autosaved")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DiaryScreen)
        table = app.screen.query_one(DataTable)
        drafts = [i for i in table.items if i.kind == "draft"]
        seen["drafts"] = [(i.child, i.due, i.title, i.link) for i in drafts]
        # First under Today, above the day's reviews and tasks.
        of_today = [i for i in table.items if not i.overdue and i.due == MEETING_DAY]
        seen["first today"] = (of_today[0].kind, len(of_today) > 1)
        # Enter on it offers the draft back, as r on the child does.
        row = next(
            n
            for n, key in enumerate(table.rows)
            if key.value == f"item-{table.items.index(drafts[0])}"
        )
        table.move_cursor(row=row)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")  # continue the draft
        await pilot.pause()
        seen["carried on"] = app.screen.query_one("#field-child_views").text

    run(scenario, demo, MEETING_DAY)
    assert seen["drafts"] == [
        ("100114", MEETING_DAY, "Finish recording the review", "record:100114")
    ]
    assert seen["carried on"] == "Tyler wants more time with his brother"
    assert seen["first today"] == ("draft", True)


def test_a_consultation_dated_before_care_is_refused_and_a_long_owner_named_plainly(demo):
    """A consultation of Kidane (in care from 11/05/2026) dated 01/01/2010 was saved; an
    owner's name too long read "Or a new owner: name is 200 characters long"."""
    said = {}

    async def scenario(app, pilot):
        app.open_review(booking_of(demo, "100108"))
        await pilot.pause()
        await pilot.press("c")
        fill(
            app,
            consultee="Kidane Berhe",
            consultee_role="child",
            method="face_to_face",
            consulted_date="01/01/2010",
        )
        await pilot.press("f2")
        await pilot.pause()
        said["consulted"] = error_of(app, "consulted_date")
        await pilot.press("escape")
        await pilot.press("y")  # discard
        await pilot.pause()
        app.record_review("100114", None)
        await pilot.pause()
        fill(app, held_date="05/06/2026")
        await pilot.press("f4")
        fill(app, text="Dental check", other_name="M" * 200, other_role="Carer", quick="4w")
        await pilot.press("f2")
        await pilot.pause()
        said["owner"] = error_of(app, "other_name")

    run(scenario, demo, MEETING_DAY)
    assert said == {
        "consulted": "that date is before the child came into care (11/05/2026)",
        "owner": "Name is 200 characters long: at most 80 fit here",
    }
    assert count(demo, "SELECT count(*) FROM consultations WHERE consulted_date < '2011'") == 0


def test_esc_on_continue_keeps_the_draft_and_a_draft_follows_its_booking(demo, today):
    """Esc on "Continue it?" threw the draft away (it meant "Start again"). A draft kept
    before a reschedule gave back the old date and saved it over the booking; one of a
    booking cancelled and booked again recorded the cancelled review as held."""
    from iro_tui.domain.booking import Booking
    from iro_tui.store.changes import book_review, cancel_review, reschedule_review
    from iro_tui.store.reviews import load_checklist, save_checklist_entry, save_draft

    first = booking_of(demo, "100108")  # Kidane, Fri 05/06/2026
    save_checklist_entry(
        demo, first, ChecklistEntry(item="pep", state="done", done_date=date(2026, 5, 28))
    )
    fields = {"status": "held", "held_date": "01/06/2026", "scheduled_date": "05/06/2026"}
    save_draft(demo, "100108", first, {"fields": fields, "attendees": [], "decisions": []})
    moved = reschedule_review(
        demo, first, Booking(child_ref="100108", scheduled_date=date(2026, 6, 8), today=today), "x"
    )
    seen = {}

    async def scenario(app, pilot):
        app.record_review("100108", moved)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        seen["after esc"] = type(app.screen).__name__
        seen["drafts"] = count(demo, "SELECT count(*) FROM review_drafts")
        app.record_review("100108", moved)
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        seen["booked"] = app.screen.query_one("#field-scheduled_date").value
        seen["review"] = app.screen.review_id

    run(scenario, demo, today)
    assert seen["after esc"] == "DiaryScreen" and seen["drafts"] == 1
    assert (seen["booked"], seen["review"]) == ("08/06/2026", moved)
    # Cancelled (in hospital) and booked again: the work and the draft come along.
    cancel_review(demo, moved, "Kidane in hospital")
    again = book_review(
        demo, Booking(child_ref="100108", scheduled_date=date(2026, 6, 12), today=today)
    )
    assert load_checklist(demo, again)["pep"].state == "done"
    assert demo.conn.execute("SELECT review_id FROM review_drafts").fetchone() == (again,)

    async def carry_on(app, pilot):
        app.record_review("100108", None)  # from the diary's row: no booking named
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        seen["carried to"] = app.screen.review_id

    run(carry_on, demo, today)
    assert seen["carried to"] == again


def test_a_reschedule_to_the_same_day_and_time_is_refused(demo, today):
    async def scenario(app, pilot):
        app.open_child("100108")
        await pilot.pause()
        await pilot.press("s")
        fill(app, scheduled_date="05/06/2026", reschedule_reason="Same day")
        await pilot.press("f2")
        await pilot.pause()
        assert error_of(app, "scheduled_date") == (
            "that is the day and time already booked: change one"
        )

    before = store_contents(demo.path)
    run(scenario, demo, today)
    assert store_contents(demo.path) == before


def test_a_decision_half_typed_in_a_record_is_kept_with_it(demo):
    """A kill while a decision was being typed (F4) lost it; the rest of the record was
    kept. Started again, the decision goes with the record's draft."""
    kept = "SELECT count(*) FROM form_drafts WHERE form = 'decision:100114'"
    seen = {}

    async def typing(app, pilot):
        app.record_review("100114", None)
        await pilot.pause()
        fill(app, child_views="Tyler wants more time with his brother")
        await until(pilot, lambda: count(demo, TYPED_DRAFT) == 1, "record kept")
        await pilot.press("f4")
        fill(app, text="Arrange contact with his brother every")
        await until(pilot, lambda: count(demo, kept) == 1, "decision kept")

    async def again(app, pilot):
        app.record_review("100114", None)
        await pilot.pause()
        await pilot.press("y")  # continue the record
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        seen["decision"] = app.screen.query_one("#field-text").text

    async def start_again(app, pilot):
        app.record_review("100114", None)
        await pilot.pause()
        await pilot.press("n")  # start again, discarding it
        await pilot.pause()

    run(typing, demo, MEETING_DAY)
    run(again, demo, MEETING_DAY)
    assert seen["decision"] == "Arrange contact with his brother every"
    run(start_again, demo, MEETING_DAY)
    assert count(demo, kept) == 0


def test_a_continued_draft_takes_the_venue_of_the_booking_it_is_for_now(demo, today):
    """Cancelled and booked again at school, the draft gave back the cancelled booking's
    venue and saved it on the held review; with no booking left, it gave the cancelled
    one's day and venue."""
    from iro_tui.domain.booking import Booking
    from iro_tui.store.changes import book_review, cancel_review
    from iro_tui.store.reviews import save_draft

    first = booking_of(demo, "100108")  # Kidane, Fri 05/06/2026, Guildhall, Committee Room 3
    fields = {
        "status": "held",
        "held_date": "01/06/2026",
        "scheduled_date": "05/06/2026",
        "venue": "Guildhall, Committee Room 3",
        "child_views": "He wants to stay",
    }
    save_draft(demo, "100108", first, {"fields": fields, "attendees": [], "decisions": []})
    cancel_review(demo, first, "Interpreter unavailable")
    seen = []

    async def carry_on(app, pilot):
        app.record_review("100108", None)
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        seen.append(
            {k: app.screen.query_one(f"#field-{k}").value for k in ("scheduled_date", "venue")}
            | {"views": app.screen.query_one("#field-child_views").text}
        )

    run(carry_on, demo, today)  # no booking left
    booking = Booking(
        child_ref="100108", scheduled_date=date(2026, 6, 8), venue="School", today=today
    )
    book_review(demo, booking)
    run(carry_on, demo, today)
    assert seen == [
        {"scheduled_date": "", "venue": "", "views": "He wants to stay"},
        {"scheduled_date": "08/06/2026", "venue": "School", "views": "He wants to stay"},
    ]


def test_the_review_just_recorded_is_selected_on_the_reviews_tab(demo):
    """After recording, the Reviews tab kept its cursor on an older review, and `w`
    wrote that review's letter ("Your review on Thursday 04 December 2025")."""
    review_id = booking_of(demo, "100105")  # Arben: booked 16/06/2026, two reviews held
    seen = {}

    async def scenario(app, pilot):
        app.open_child("100105", "reviews")
        await pilot.pause()
        table = app.screen.query_one("#reviews-table", DataTable)
        keys = [key.value for key in table.rows]
        table.move_cursor(row=next(n for n, key in enumerate(keys) if key != str(review_id)))
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        fill(
            app,
            held_date="16/06/2026",
            participation_code="PN1",
            child_views="He wants to stay where he is.",
            matter_placement="Meets his needs.",
            matter_permanence="Long-term fostering.",
            next_review_date="10/12/2026",
        )
        await pilot.press("f3")
        fill(app, person="child", attendance="attended")
        await pilot.press("f2")
        await pilot.pause()
        await add_decision(
            app,
            pilot,
            text="Chase the Home Office",
            other_name="Ms Lee",
            other_role="SW",
            quick="4w",
        )
        await pilot.press("f2")
        await pilot.pause()
        seen["screen"] = type(app.screen).__name__
        seen["selected"] = app.screen.query_one("#reviews-table").cursor_key()

    run(scenario, demo, date(2026, 6, 16))
    assert demo.conn.execute("SELECT status FROM reviews WHERE id = ?", [review_id]).fetchone() == (
        "held",
    )
    assert seen == {"screen": "ChildScreen", "selected": str(review_id)}


def test_the_reasons_for_an_adjourned_or_cancelled_review_show_only_for_one(demo):
    """On a review held, both boxes took Tab stops, and were typed into by mistake."""
    seen = {}

    def shown(app) -> tuple[bool, bool]:
        return tuple(
            app.screen.query_one(f"#field-{key}").display
            for key in ("adjourned_reason", "cancelled_reason")
        )

    async def scenario(app, pilot):
        await open_recording(app, pilot, "100108")
        seen["held"] = shown(app)
        fill(app, status="adjourned")
        await pilot.pause()
        seen["adjourned"] = shown(app)
        fill(app, status="cancelled")
        await pilot.pause()
        seen["cancelled"] = shown(app)

    run(scenario, demo, MEETING_DAY)
    assert seen == {
        "held": (False, False),
        "adjourned": (True, False),
        "cancelled": (False, True),
    }


def test_a_date_refused_from_its_own_box_is_replaced_by_the_next_date_typed(demo):
    """Enter in the date box with '31/09/2026': the box kept the focus and the cursor at
    the end, and the next date typed was added to it ("31/09/202630/06/2026", refused
    again as not a date). The wrong text is selected, as when saving moves to the box."""
    found = {}

    async def scenario(app, pilot):
        app.record_review("100114", None)
        await pilot.pause()
        fill(app, held_date="05/06/2026")
        await pilot.press("f4")
        await pilot.pause()
        fill(app, text="Dental check", other_name="Ms Pike", other_role="Carer")
        box = app.screen.query_one("#field-due_date")
        box.focus()
        await pilot.pause()
        await pilot.press(*"31/09/2026", "enter")
        await pilot.pause()
        found["said"] = error_of(app, "due_date")
        await pilot.press(*"30/06/2026")
        found["box"] = box.value
        await pilot.press("enter")
        await pilot.pause()
        found["decisions"] = [(d.text, d.due_date.isoformat()) for d in app.screen.decisions]

    run(scenario, demo, MEETING_DAY)
    assert "'31/09/2026' is not a real date" in found["said"]
    assert found["box"] == "30/06/2026"
    assert found["decisions"] == [("Dental check", "2026-06-30")]


def test_an_adjourned_review_keeps_what_was_typed_and_is_completed_as_held_on_its_day(demo):
    """Kidane's review of Fri 05/06/2026 is adjourned with his views, his attendance and a
    decision typed: they were dropped without a word (an adjourned review kept no
    decisions or attendance), then kept only in a draft that "Start again" threw away;
    and the completion opened blank, blanking the views and the reason on saving. On Fri
    19/06 `r` offered a new review held that day, and its next deadline counted from 19/06
    (adversarial checks). Now what the first sitting heard and decided is kept with the
    review, the decision live from 05/06; `r` opens its completion held on 05/06 and
    completed on 19/06, from it; the next deadline counts from 05/06 (the 1st review: 3
    months on, Sat 05/09/2026), the decisions sent 5 working days after the completion
    (Fri 26/06)."""
    review_id = booking_of(demo, "100108")
    tom = person_id(demo, "100108", "Tom Ellery")
    said: list[str] = []
    decision = "SELECT count(*) FROM decisions WHERE text LIKE 'Find an ESOL%'"

    async def adjourn(app, pilot):
        app.record_review("100108", review_id)
        await pilot.pause()
        fill(app, child_views="Wants to stay with his carer")
        await pilot.press("f3")
        fill(app, person="child", attendance="attended")
        await pilot.press("f2")
        await pilot.pause()
        await add_decision(
            app, pilot, text="Find an ESOL college place", person=tom, due_date="30/07/2026"
        )
        fill(app, status="adjourned", adjourned_reason="The interpreter did not arrive")
        await pilot.press("f2")
        await pilot.pause()
        assert not isinstance(app.screen, RecordingScreen)
        said.extend(str(n.message) for n in app._notifications)

    run(adjourn, demo, MEETING_DAY)
    assert said[-1] == (
        "Review adjourned: complete it by 03/07/2026, and record it then (r on the child) as "
        "held on 05/06/2026; what its first sitting heard and decided is kept with it"
    )
    assert demo.conn.execute(
        "SELECT made_date, status FROM decisions WHERE text LIKE 'Find an ESOL%'"
    ).fetchall() == [("2026-06-05", "open")]
    assert count(demo, "SELECT count(*) FROM attendance WHERE review_id = ?", review_id) == 1
    assert count(demo, "SELECT count(*) FROM review_drafts") == 0

    later = date(2026, 6, 19)
    seen = {}

    async def complete(app, pilot):
        app.open_child("100108")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RecordingScreen)
        seen["banner"] = str(app.screen.query_one("#recording-banner").render())
        seen["typed"] = {
            key: app.screen.query_one(f"#field-{key}").value
            for key in ("status", "held_date", "completed_date")
        }
        seen["views"] = app.screen.query_one("#field-child_views").text
        seen["reason"] = app.screen.query_one("#field-adjourned_reason").text
        seen["attendance"] = rows(app.screen.query_one("#attendance", DataTable))
        fill(app, held_date="08/06/2026", participation_code="PN1", matter_placement="Settled")
        await pilot.press("f2")
        await pilot.pause()
        seen["moved"] = error_of(app, "held_date")
        fill(app, held_date="05/06/2026")
        await pilot.press("f2")
        await pilot.pause()
        errors = [str(e.render()) for e in app.screen.query(".field-error") if e.display]
        assert not isinstance(app.screen, RecordingScreen), (errors, seen)

    run(complete, demo, later)
    assert "completing the review adjourned on 05/06/2026" in seen["banner"]
    assert seen["typed"] == {
        "status": "held",
        "held_date": "05/06/2026",
        "completed_date": "19/06/2026",
    }
    assert seen["views"] == "Wants to stay with his carer"
    assert seen["reason"] == "The interpreter did not arrive"
    assert len(seen["attendance"]) == 1
    assert seen["moved"].startswith(
        "an adjourned review is recorded as held on the day it began, 05/06/2026"
    )
    assert demo.conn.execute(
        "SELECT status, held_date, scheduled_date, completed_date, child_views, "
        "adjourned_reason FROM reviews WHERE id = ?",
        (review_id,),
    ).fetchone() == (
        "held",
        "2026-06-05",
        "2026-06-05",
        "2026-06-19",
        "Wants to stay with his carer",
        "The interpreter did not arrive",
    )
    assert count(demo, decision) == 1  # not made again
    assert count(demo, "SELECT count(*) FROM attendance WHERE review_id = ?", review_id) == 1
    items = build_agenda(load_diary(demo, later), demo.rulebook(), later)
    mine = {(i.kind, i.due) for i in items if i.child == "100108"}
    assert ("review", date(2026, 9, 5)) in mine
    assert not any(kind == "adjourned-review" for kind, _ in mine)
    sent = [i for i in items if i.child == "100108" and i.kind == "post-review"]
    assert min(i.due for i in sent) == date(2026, 6, 26)


def test_an_adjourned_review_s_day_and_completion_are_checked(demo):
    """Adjourned "on" a day to come, or given a completion, it was saved (listed as to be
    completed weeks ahead); and a completion beyond 20 working days, or before the day the
    review began, was kept (an adversarial check)."""
    review_id = booking_of(demo, "100108")
    seen = {}

    async def scenario(app, pilot):
        app.record_review("100108", review_id)
        await pilot.pause()
        fill(
            app,
            status="adjourned",
            adjourned_reason="Carer unwell",
            scheduled_date="20/07/2026",
            completed_date="01/01/2026",
        )
        await pilot.press("f2")
        await pilot.pause()
        seen["future"] = error_of(app, "scheduled_date")
        seen["completed"] = error_of(app, "completed_date")
        fill(
            app,
            status="held",
            held_date="05/06/2026",
            scheduled_date="05/06/2026",
            completed_date="06/07/2026",
            participation_code="PN1",
        )
        await pilot.press("f2")
        await pilot.pause()
        seen["too late"] = error_of(app, "completed_date")

    run(scenario, demo, date(2026, 7, 6))
    assert seen["future"].startswith("a review is adjourned at its meeting, on or before today")
    assert seen["completed"].startswith("an adjourned review is not completed yet")
    assert seen["too late"].startswith(
        "an adjourned review is completed within 20 working days of the day it began, by 03/07/2026"
    )
    assert demo.conn.execute(
        "SELECT status FROM reviews WHERE id = ?", (review_id,)
    ).fetchone() == ("planned",)


def test_the_focus_follows_the_view_only_to_a_box_whose_label_is_in_view(demo):
    """At 80x24 PageDown left the focus in the first box in view, its label just above
    the top edge: a date typed for the next review went into an essential matter (an
    adversarial check). With the view scrolled one line past a box's label, the focus
    goes to the next box whose label shows."""
    from textual.containers import VerticalScroll

    seen = {}

    async def scenario(app, pilot):
        await open_recording(app, pilot, "100114")
        screen = app.screen
        scroll = screen.query_one("#recording", VerticalScroll)
        box = screen.query_one("#field-matter_visits")
        siblings = list(box.parent.children)
        label = siblings[siblings.index(box) - 1]
        scroll.scroll_to(y=label.virtual_region.y + 1, animate=False, immediate=True)
        await pilot.pause()
        screen._focus_into_view()  # as PageDown and the mouse wheel do
        await pilot.pause()
        seen["focused"] = app.focused.id
        seen["box in view"] = screen._in_view(box)

    run(scenario, demo, MEETING_DAY, size=(80, 24))
    assert seen["box in view"]  # the box shows, its label does not: not focused
    assert seen["focused"] == "field-matter_timeliness"


def test_enter_on_continue_it_continues_the_draft(demo, today):
    """Enter answered "Start again, discarding it": the focus sat on that button, as on
    every question, where No loses nothing. Here No throws a review's draft away."""
    from iro_tui.store.reviews import save_draft

    first = booking_of(demo, "100108")
    fields = {"status": "held", "held_date": "01/06/2026", "child_views": "Keep this"}
    save_draft(demo, "100108", first, {"fields": fields, "attendees": [], "decisions": []})
    seen = {}

    async def scenario(app, pilot):
        app.record_review("100108", first)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        seen["screen"] = type(app.screen).__name__
        seen["views"] = app.screen.query_one("#field-child_views").text

    run(scenario, demo, today)
    assert seen == {"screen": "RecordingScreen", "views": "Keep this"}
    assert count(demo, "SELECT count(*) FROM review_drafts") == 1


def test_a_cancelled_review_keeps_no_completion_day(demo):
    """Cancelled with the completion day its form had offered, the day was kept (an
    adversarial check): only a review held is completed."""
    review_id = booking_of(demo, "100108")

    async def scenario(app, pilot):
        app.record_review("100108", review_id)
        await pilot.pause()
        fill(app, status="cancelled", cancelled_reason="Kidane in hospital")
        fill(app, completed_date="05/06/2026")
        await pilot.press("f2")
        await pilot.pause()
        assert not isinstance(app.screen, RecordingScreen)

    run(scenario, demo, MEETING_DAY)
    assert demo.conn.execute(
        "SELECT status, completed_date FROM reviews WHERE id = ?", (review_id,)
    ).fetchone() == ("cancelled", None)


def test_an_adjourned_review_not_completed_in_time_is_recorded_as_held_late(demo):
    """Kidane's review adjourned on Fri 05/06/2026 was not completed by Fri 03/07: on Mon
    06/07 it could be recorded neither as held on 05/06 (completed too late) nor on 06/07
    ("held on the day it began"), and stayed adjourned for ever (a re-test). It is the
    review held on 06/07, late, with its reason; and the first sitting's participation
    code comes back with it (it was dropped)."""
    review_id = booking_of(demo, "100108")

    async def adjourn(app, pilot):
        app.record_review("100108", review_id)
        await pilot.pause()
        fill(app, participation_code="PN1")
        fill(app, status="adjourned", adjourned_reason="Carer unwell", held_date="08/06/2026")
        await pilot.press("f2")
        await pilot.pause()
        said["moved"] = error_of(app, "held_date")
        fill(app, held_date="05/06/2026")
        await pilot.press("f2")
        await pilot.pause()
        assert not isinstance(app.screen, RecordingScreen)

    said = {}
    run(adjourn, demo, MEETING_DAY)
    assert said["moved"].startswith("an adjourned review keeps the day it sat")

    async def complete(app, pilot):
        app.open_child("100108")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        said["code"] = app.screen.query_one("#field-participation_code").value
        await pilot.press("f3")
        fill(app, person="child", attendance="attended")
        await pilot.press("f2")
        await pilot.pause()
        fill(app, child_views="Fine", matter_placement="Settled")
        fill(
            app,
            held_date="06/07/2026",
            completed_date="06/07/2026",
            late_reason="Adjourned on 05/06 and not completed in time: the carer was unwell",
        )
        await pilot.press("f2")
        await pilot.pause()
        errors = [str(e.render()) for e in app.screen.query(".field-error") if e.display]
        assert not isinstance(app.screen, RecordingScreen), errors

    run(complete, demo, date(2026, 7, 6))
    assert said["code"] == "PN1"
    assert demo.conn.execute(
        "SELECT status, held_date, completed_date FROM reviews WHERE id = ?", (review_id,)
    ).fetchone() == ("held", "2026-07-06", "2026-07-06")


def test_enter_on_a_held_review_puts_it_right(demo):
    """A held review's date mistyped could not be put right: saving another on its day
    said "open it from the Reviews tab to change it", and nothing opened there. Arben's
    (100105) review held on 18/12/2025 opens with what it recorded; moved to 17/12/2025,
    it keeps its number, its attendance once, its decisions once, and the next deadline
    counts from the new day (6 months: Wed 17/06/2026)."""
    seen = {}
    review_id = demo.conn.execute(
        "SELECT r.id FROM reviews r JOIN children c ON c.id = r.child_id WHERE "
        "c.child_ref = '100105' AND r.held_date = '2025-12-18'"
    ).fetchone()[0]
    before = demo.conn.execute(
        "SELECT review_number, participation_code, child_views FROM reviews WHERE id = ?",
        (review_id,),
    ).fetchone()
    attended = count(demo, "SELECT count(*) FROM attendance WHERE review_id = ?", review_id)
    decided = count(demo, "SELECT count(*) FROM decisions WHERE review_id = ?", review_id)

    async def scenario(app, pilot):
        app.open_child("100105")
        await pilot.pause()
        await pilot.press("5")
        await pilot.pause()
        table = app.screen.query_one("#reviews-table", DataTable)
        table.move_cursor(row=1)  # the review held on 18/12/2025
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RecordingScreen)
        seen["banner"] = str(app.screen.query_one("#recording-banner").render())
        seen["held"] = app.screen.query_one("#field-held_date").value
        seen["code"] = app.screen.query_one("#field-participation_code").value
        fill(app, held_date="17/12/2025")
        await pilot.press("f2")
        await pilot.pause()
        errors = [str(e.render()) for e in app.screen.query(".field-error") if e.display]
        assert not isinstance(app.screen, RecordingScreen), errors

    run(scenario, demo, date(2026, 6, 1))
    assert "putting right the review held on 18/12/2025" in seen["banner"]
    assert (seen["held"], seen["code"]) == ("18/12/2025", before[1])
    after = demo.conn.execute(
        "SELECT held_date, review_number, participation_code, child_views FROM reviews "
        "WHERE id = ?",
        (review_id,),
    ).fetchone()
    assert after == ("2025-12-17", *before)
    assert count(demo, "SELECT count(*) FROM attendance WHERE review_id = ?", review_id) == attended
    assert count(demo, "SELECT count(*) FROM decisions WHERE review_id = ?", review_id) == decided
    items = build_agenda(load_diary(demo, date(2026, 6, 1)), demo.rulebook(), date(2026, 6, 1))
    [due] = [i.due for i in items if i.child == "100105" and i.kind == "review"]
    assert due == date(2026, 6, 17)


def test_the_checklist_footer_shows_enter_for_an_item_at_80_columns(demo, today):
    """Enter, the one way to give an item another day than today, a note or "not
    applicable", was found only in F1; the footer keeps F1 with it at 80 columns."""
    from textual.widgets._footer import FooterKey

    from iro_tui.widgets.footer import SteadyFooter

    seen = {}

    async def scenario(app, pilot):
        app.open_review(booking_of(demo, "100108"))
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        keys = list(app.screen.query_one(SteadyFooter).query(FooterKey))
        seen["keys"] = [(k.key, k.description) for k in keys]
        seen["inside"] = all(k.region.right <= 80 for k in keys if k.key in ("enter", "f1"))
        await pilot.press("enter")
        await pilot.pause()
        seen["form"] = isinstance(app.screen, FormModal) and app.screen.query_one("#field-state")

    run(scenario, demo, today, size=(80, 24))
    assert ("enter", "Item") in seen["keys"] and ("f1", "Help") in seen["keys"]
    assert seen["inside"]
    assert seen["form"]


def test_a_reason_typed_against_done_is_refused_and_an_old_one_goes_quietly(demo, today):
    """A reason typed in "Why it does not apply" with the item Done was dropped without a
    word (an adversarial check). Typed, it is refused under its box and nothing changes;
    the reason kept from when the item did not apply goes quietly when it is now done."""
    from iro_tui.store.reviews import load_checklist

    review_id = booking_of(demo, "100108")
    save_checklist_entry(
        demo, review_id, ChecklistEntry(item="pep", state="not_applicable", reason="No school")
    )
    before = store_contents(demo.path)
    seen = {}

    async def scenario(app, pilot):
        app.open_review(review_id)
        await pilot.pause()
        table = app.screen.query_one("#checklist", DataTable)
        table.move_cursor(row=table.get_row_index("pep"))
        await pilot.press("enter")
        fill(app, state="done", done_date="01/06/2026", reason="Started at St Anne's")
        await pilot.press("f2")
        await pilot.pause()
        seen["error"] = error_of(app, "reason")
        seen["unchanged"] = store_contents(demo.path) == before
        fill(app, reason="No school")  # the one kept from before
        await pilot.press("f2")
        await pilot.pause()

    run(scenario, demo, today)
    assert seen["error"] == (
        "kept only for an item that does not apply: choose Not applicable, "
        "or put the words in the Note"
    )
    assert seen["unchanged"]
    kept = load_checklist(demo, review_id)["pep"]
    assert (kept.state, kept.done_date, kept.reason) == ("done", date(2026, 6, 1), None)


def test_the_review_record_says_the_final_review_before_18_by_its_day(demo, today):
    """For Mohamed, whose next review would fall after he turns 18, the child's header
    says "final review before 18 by 10/06/2026" and the review record said no date."""
    seen = {}

    async def scenario(app, pilot):
        await open_recording(app, pilot, "100104")
        seen["banner"] = str(app.screen.query_one("#recording-banner").render())

    run(scenario, demo, today)
    assert "final review before 18 by Wed 10/06/2026" in seen["banner"]
