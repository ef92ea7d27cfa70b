"""The child screen and its forms, driven by keys and checked in the store."""

import io
from datetime import date

import pytest
from textual.widgets import DataTable, Static, TabbedContent

from iro_tui.domain.agenda import build_agenda
from iro_tui.screens.child import ChildScreen
from iro_tui.screens.diary import DiaryScreen
from iro_tui.store.records import load_child, load_diary
from iro_tui.widgets.confirm import Confirm
from iro_tui.widgets.form import FormModal

from ..conftest import store_contents
from .helpers import SIZE, count, error_of, fill, on_row, palette_choice, rows, run, until


def agenda_for(store, today, child, kind="review"):
    items = build_agenda(load_diary(store, today), store.rulebook(), today)
    return [i for i in items if i.child == child and i.kind == kind]


def test_a_child_comes_into_care_and_the_first_deadline_appears(demo, today):
    async def scenario(app, pilot):
        await pilot.press("n")
        assert isinstance(app.screen, FormModal)
        fill(
            app,
            child_ref="100120",
            given_name="Yared",
            family_name="Tsegay",
            dob="12/02/2010",
            sex="M",
            uasc=True,
            first_language="Tigrinya",
            decom="01/06/2026",
            ls="V2",
            cin="N8",
            place="U6",
            place_provider="PR4",
            carer_name="Ms Hana Bekele",
            area="Croydon",
            out_of_area=True,
        )
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen) and app.screen.child_ref == "100120"
        assert app.screen.query_one("TabbedContent").active == "reviews"
        banner = str(app.screen.query_one("#child-banner", Static).render())
        # Mon 1 Jun 2026 + 20 WD, no bank holiday on the way: Mon 29 Jun 2026.
        assert "1st review due 29/06/2026" in banner

    run(scenario, demo, today)
    episode = demo.conn.execute(
        "SELECT e.rne, e.ls, e.place, e.decom, p.carer_name, p.out_of_area FROM episodes e "
        "JOIN children c ON c.id = e.child_id LEFT JOIN placements p ON p.episode_id = e.id "
        "WHERE c.child_ref = '100120'"
    ).fetchall()
    assert episode == [("S", "V2", "U6", "2026-06-01", "Ms Hana Bekele", 1)]
    [deadline] = agenda_for(demo, today, "100120")
    assert (deadline.due, deadline.title) == (date(2026, 6, 29), "1st review due")


def test_invalid_intake_is_explained_by_field_and_nothing_is_saved(demo, today):
    before = store_contents(demo.path)

    async def scenario(app, pilot):
        await pilot.press("n")
        fill(
            app,
            child_ref="100199",
            given_name="Test",
            family_name="",
            dob="31/02/2015",
            decom="01/06/2026",
        )
        await pilot.press("f2")
        assert isinstance(app.screen, FormModal)
        assert error_of(app, "family_name") == "Family name is required"
        fill(app, family_name="Child", sex="M", ls="V2", cin="N8", place="U6")
        await pilot.press("f2")
        assert error_of(app, "dob") == "'31/02/2015' is not a real date"
        fill(app, dob="12/02/2010", decom="01/06/2027")
        await pilot.press("f2")
        assert error_of(app, "decom") == (
            "01/06/2027 is after today: record a child coming into care on or after the day"
        )
        fill(app, decom="01/06/2026", child_ref="ab 12")
        await pilot.press("f2")
        assert error_of(app, "child_ref") == (
            "the 903 child ID is letters and digits only: no spaces or marks"
        )
        fill(app, child_ref="10010199999")
        await pilot.press("f2")
        assert error_of(app, "child_ref") == (
            "Child ID (903 CHILD) is 11 characters long: at most 10 fit here"
        )
        # An ID in use is said on the first save, with the form's other problems (it
        # was said only once every required box was filled).
        fill(app, child_ref="100101", given_name="")
        await pilot.press("f2")
        assert error_of(app, "child_ref") == (
            "child ID 100101 is already in use: if it is the same child coming into care again, "
            "open them (ctrl+p, their name) and press n"
        )
        assert error_of(app, "given_name") == "Given name is required"
        assert error_of(app, "dob") == ""  # fixed errors go away
        await pilot.press("escape")
        assert isinstance(app.screen, Confirm)  # unsaved changes: ask first
        await pilot.press("y")
        assert isinstance(app.screen, DiaryScreen)

    run(scenario, demo, today)
    assert store_contents(demo.path) == before


def test_snapshot_form_with_a_validation_error(snap_compare, demo, today):
    from iro_tui.__main__ import make_app
    from iro_tui.domain.clock import FixedClock

    async def wrong_date(pilot):
        await pilot.press("c", "enter", "enter", "b")
        fill(pilot.app, scheduled_date="30/02/2026")
        await pilot.press("f2")

    assert snap_compare(
        make_app(demo, FixedClock(today)), terminal_size=SIZE, run_before=wrong_date
    )


def test_booking_after_the_deadline_needs_a_reason(demo, today):
    reviews_before = count(demo, "SELECT count(*) FROM reviews")

    async def scenario(app, pilot):
        app.open_child("100107")  # Samir: statutory deadline Thu 4 Jun 2026
        await pilot.pause()
        await pilot.press("b")
        fill(app, scheduled_date="11/06/2026", scheduled_time="10:00", venue="Foster home")
        await pilot.press("f2")
        assert isinstance(app.screen, FormModal)
        assert error_of(app, "late_reason") == (
            "11/06/2026 is after the statutory deadline 04/06/2026: book an earlier date, "
            "or give the reason it must be late"
        )
        assert count(demo, "SELECT count(*) FROM reviews") == reviews_before
        fill(app, late_reason="Samir is sitting exams until 10 June")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen)
        await pilot.press("5")  # the Reviews tab, filled when it is shown
        await pilot.pause()
        booked = rows(app.screen.query_one("#reviews-table", DataTable))[0]
        assert booked[:4] == ["11/06/2026", "booked", "10:00", "Foster home"]

    run(scenario, demo, today)
    row = demo.conn.execute(
        "SELECT status, scheduled_date, late_booking_reason FROM reviews WHERE id = "
        "(SELECT max(id) FROM reviews)"
    ).fetchone()
    assert row == ("planned", "2026-06-11", "Samir is sitting exams until 10 June")
    [deadline] = agenda_for(demo, today, "100107")
    assert (deadline.due, deadline.scheduled) == (date(2026, 6, 4), date(2026, 6, 11))


def test_a_late_reason_on_a_booking_in_time_is_refused_not_recorded(demo, today):
    """A date typed after the deadline with its reason, then put right: the reason was
    kept as why the review is late, and carried on to the review held."""
    before = store_contents(demo.path)

    async def scenario(app, pilot):
        app.open_child("100107")  # Samir: statutory deadline Thu 4 Jun 2026
        await pilot.pause()
        await pilot.press("b")
        fill(
            app,
            scheduled_date="03/06/2026",
            late_reason="Social worker on leave\nuntil 10 June",
        )
        await pilot.press("f2")
        assert isinstance(app.screen, FormModal)
        assert error_of(app, "late_reason") == (
            "03/06/2026 is within the statutory deadline 04/06/2026: no reason is needed; "
            "clear this box (a reason here is recorded as why the review is late)"
        )
        assert store_contents(demo.path) == before
        fill(app, late_reason="")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen)

    run(scenario, demo, today)
    row = demo.conn.execute(
        "SELECT scheduled_date, late_booking_reason FROM reviews WHERE id = "
        "(SELECT max(id) FROM reviews)"
    ).fetchone()
    assert row == ("2026-06-03", None)


def test_booking_names_a_disruption_s_window_and_a_weekend_after_saving(demo, today):
    """An adoptive placement that ended: the form says when its review is held before
    the day is chosen; a day sooner, or a Saturday, is said after saving (booked, since
    an extra review may rightly come sooner)."""
    from iro_tui.domain.episodes import EpisodeChange
    from iro_tui.store.changes import change_episode

    def move(day, place, carer_changed):
        current = demo.load_episodes("100107")[-1]
        change_episode(
            demo,
            "100107",
            EpisodeChange(
                current=current,
                change_date=date.fromisoformat(day),
                ls=current.ls,
                place=place,
                carer_changed=carer_changed,
                reason_place_change="CARPL",
                today=today,
            ),
            None,
        )

    move("2026-04-20", "A6", True)  # placed for adoption
    move("2026-05-20", "U4", True)  # the placement ends: held 17 Jun-1 Jul 2026

    async def scenario(app, pilot):
        app.open_child("100107")
        await pilot.pause()
        await pilot.press("b")
        intro = str(app.screen.query_one(".form-intro").render())
        assert (
            "The adoptive placement ended on 20/05/2026: its review is held between "
            "17/06/2026 and 01/07/2026, not sooner." in intro
        )
        fill(app, scheduled_date="13/06/2026", late_reason="Carers away until 12 June")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen)
        said = [str(n.message) for n in app._notifications]
        assert any(
            m.startswith("Booked for 13/06/2026, sooner than 4 weeks after the adoptive")
            for m in said
        ), said
        assert "13/06/2026 is a Saturday: check the date with those attending." in said

    run(scenario, demo, today)
    row = demo.conn.execute(
        "SELECT status, scheduled_date FROM reviews WHERE id = (SELECT max(id) FROM reviews)"
    ).fetchone()
    assert row == ("planned", "2026-06-13")


# Kidane's booking in the demo: its time and venue.
KIDANE_KEPT = {"scheduled_time": "14:00", "venue": "Guildhall, Committee Room 3"}
KIDANE_WHEN = " 14:00 at Guildhall, Committee Room 3"


def test_reschedule_and_cancel_keep_a_reason_and_never_move_the_deadline(demo, today):
    async def scenario(app, pilot):
        app.open_child("100108")  # Kidane: booked Fri 5 Jun, deadline Tue 9 Jun
        await pilot.pause()
        await pilot.press("s")
        # The booking being moved is named, and its time and venue kept (they were blank).
        intro = str(app.screen.query_one(".form-intro").render())
        assert intro.startswith(f"Booked now for Fri 05/06/2026{KIDANE_WHEN}. ")
        kept = {k: app.screen.query_one(f"#field-{k}").value for k in KIDANE_KEPT}
        assert kept == KIDANE_KEPT
        fill(
            app,
            scheduled_date="08/06/2026",
            scheduled_time="11:00",
            reschedule_reason="Interpreter unavailable on 5 June",
        )
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen)
        await pilot.press("k")
        intro = str(app.screen.query_one(".form-intro").render())
        assert intro.startswith("Cancels the review booked for Mon 08/06/2026 11:00")
        # Not "Save" and "Cancel" on the form that cancels.
        buttons = [str(b.label) for b in app.screen.query("Button")]
        assert buttons == ["Cancel the review (F2)", "Keep it (Esc)"]
        words = {k: a.binding.description for k, a in app.screen.active_bindings.items()}
        assert (words["f2"], words["escape"]) == ("Cancel the review", "Keep it")  # footer
        await pilot.press("f2")
        assert error_of(app, "reason") == "Why is the review cancelled? is required"
        fill(app, reason="Kidane is unwell")
        await pilot.press("f2")
        await pilot.pause()

    run(scenario, demo, today)
    kidane = demo.child_id("100108")
    history = demo.conn.execute(
        "SELECT status, scheduled_date, cancelled_reason FROM reviews WHERE child_id = ? "
        "ORDER BY id",
        (kidane,),
    ).fetchall()
    assert history == [
        (
            "cancelled",
            "2026-06-05",
            "Rescheduled from 05/06/2026 to 08/06/2026: Interpreter unavailable on 5 June",
        ),
        ("cancelled", "2026-06-08", "Kidane is unwell"),
    ]
    [deadline] = agenda_for(demo, today, "100108")
    assert (deadline.due, deadline.scheduled) == (date(2026, 6, 9), None)


def test_a_reschedule_carries_the_work_done_for_the_review(demo, today):
    """Ticks, consultations and advocacy answers stayed on the cancelled booking: the new
    one read "0 of 11 done, 3 overdue", the SW spoken to overdue again."""
    from iro_tui.domain.booking import Booking
    from iro_tui.domain.checklist import ChecklistEntry
    from iro_tui.store.changes import reschedule_review
    from iro_tui.store.records import load_diary
    from iro_tui.store.reviews import add_consultation, load_checklist, save_checklist_entry

    old = demo.conn.execute(
        "SELECT r.id FROM reviews r JOIN children c ON c.id = r.child_id "
        "WHERE c.child_ref = '100108' AND r.status = 'planned'"
    ).fetchone()[0]
    done = ChecklistEntry(item="sw_conversation", state="done", done_date=date(2026, 5, 20))
    save_checklist_entry(demo, old, done)
    add_consultation(
        demo,
        old,
        {
            "consultee": "Kidane Berhe",
            "consultee_role": "child",
            "method": "face_to_face",
            "consulted_date": date(2026, 5, 28),
            "views": "Wants to stay",
        },
    )
    with demo.transaction():
        demo.conn.execute("UPDATE reviews SET advocacy_offered = 1 WHERE id = ?", [old])
    booking = Booking(child_ref="100108", scheduled_date=date(2026, 6, 8), today=today)
    new = reschedule_review(demo, old, booking, "Interpreter unavailable")
    assert load_checklist(demo, new)["sw_conversation"].done_date == date(2026, 5, 20)
    assert load_checklist(demo, old) == {}
    assert demo.conn.execute(
        "SELECT count(*) FROM consultations WHERE review_id = ?", [new]
    ).fetchone() == (1,)
    assert demo.conn.execute(
        "SELECT advocacy_offered FROM reviews WHERE id = ?", [new]
    ).fetchone() == (1,)
    data = load_diary(demo, today)
    assert data.checklists[new]["sw_conversation"].state == "done"


def test_a_booking_offers_the_last_working_day_by_a_weekend_deadline(demo):
    """Amanuel's deadline is Sat 05/09/2026: the form offered that Saturday (warning of it
    only once saved). It offers Fri 04/09/2026."""
    seen = {}

    async def scenario(app, pilot):
        app.open_child("100111")
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        seen["offered"] = app.screen.query_one("#field-scheduled_date").value
        seen["intro"] = str(app.screen.query_one(".form-intro").render())

    run(scenario, demo, date(2026, 8, 27))
    assert seen["intro"].startswith("Statutory deadline: Sat 05/09/2026")
    assert seen["offered"] == "04/09/2026"


def test_the_reviews_tab_says_the_selected_review_in_full(demo, today):
    """At 80 columns a reschedule's reason read "Rescheduled fro…", with nothing under
    the table to read it whole."""
    from iro_tui.domain.booking import Booking
    from iro_tui.store.changes import reschedule_review

    first = demo.conn.execute(
        "SELECT r.id FROM reviews r JOIN children c ON c.id = r.child_id "
        "WHERE c.child_ref = '100108' AND r.status = 'planned'"
    ).fetchone()[0]
    booking = Booking(child_ref="100108", scheduled_date=date(2026, 6, 8), today=today)
    reschedule_review(demo, first, booking, "Interpreter unavailable on 5 June")
    seen = {}

    async def scenario(app, pilot):
        app.open_child("100108", "reviews")
        await pilot.pause()
        table = app.screen.query_one("#reviews-table")
        table.move_cursor(row=table.get_row_index(str(first)))
        await pilot.pause()
        seen["line"] = str(app.screen.query_one("#review-detail").render())

    run(scenario, demo, today, size=(80, 24))
    assert seen["line"] == (
        "05/06/2026 14:00 · cancelled · Guildhall, Committee Room 3 · Rescheduled from "
        "05/06/2026 to 08/06/2026: Interpreter unavailable on 5 June"
    )


def test_add_edit_and_delete_an_appointment(demo, today):
    def appointments():
        return demo.conn.execute(
            "SELECT kind, title, appt_date, start_time, end_time, place FROM appointments "
            "WHERE title LIKE 'Panel%'"
        ).fetchall()

    async def scenario(app, pilot):
        await pilot.press("a")
        fill(
            app,
            kind="meeting",
            title="Panel",
            appt_date="03/06/2026",
            start_time="14:00",
            end_time="13:00",
            place="Guildhall",
        )
        await pilot.press("f2")
        assert error_of(app, "end_time") == "the end time must be after the start time"
        assert appointments() == []
        fill(app, end_time="15:30")
        await pilot.press("f2")
        await pilot.pause()
        assert appointments() == [("meeting", "Panel", "2026-06-03", "14:00", "15:30", "Guildhall")]

        table = app.screen.query_one("#agenda")
        index = next(i for i, item in enumerate(table.items) if item.title == "Panel")
        table.move_cursor(row=table.get_row_index(f"item-{index}"))
        await pilot.press("enter")
        assert isinstance(app.screen, FormModal)
        fill(app, title="Panel (fostering)", start_time="14:30")
        await pilot.press("f2")
        await pilot.pause()
        assert appointments() == [
            ("meeting", "Panel (fostering)", "2026-06-03", "14:30", "15:30", "Guildhall")
        ]

        table = app.screen.query_one("#agenda")
        index = next(i for i, item in enumerate(table.items) if item.title.startswith("Panel"))
        table.move_cursor(row=table.get_row_index(f"item-{index}"))
        await pilot.press("delete")
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        assert len(appointments()) == 1
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert appointments() == []

    run(scenario, demo, today)
    actions = [r["action"] for r in demo.audit_rows("appointments")][-3:]
    assert actions == ["insert", "update", "delete"]


def test_a_move_adds_an_episode_with_the_right_rne_and_keeps_the_cycle(demo, today):
    async def scenario(app, pilot):
        app.open_child("100101")
        await pilot.pause()
        await pilot.press("m")
        fill(
            app,
            change_date="01/06/2026",
            place="U6",
            carer_changed=True,
            reason_place_change="CARPL",
            carer_name="Mr and Mrs Osei",
            area="Enfield",
            out_of_area=True,
        )
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen)

    before = agenda_for(demo, today, "100101")[0].due
    run(scenario, demo, today)
    episodes = [
        (e.decom.isoformat(), e.rne.value, e.dec and e.dec.isoformat(), e.rec and e.rec.value)
        for e in demo.load_episodes("100101")
    ]
    assert episodes == [("2024-11-04", "S", "2026-06-01", "X1"), ("2026-06-01", "P", None, None)]
    assert agenda_for(demo, today, "100101")[0].due == before  # the cycle did not restart


def test_a_legal_status_change_alone_is_rne_l(demo, today):
    async def scenario(app, pilot):
        app.open_child("100115")
        await pilot.pause()
        await pilot.press("m")
        fill(app, change_date="01/06/2026", ls="C2")
        await pilot.press("f2")
        await pilot.pause()

    run(scenario, demo, today)
    assert demo.load_episodes("100115")[-1].rne.value == "L"


def test_leaving_care_removes_the_deadlines(demo, today):
    async def scenario(app, pilot):
        app.open_child("100112")
        await pilot.pause()
        await pilot.press("l")
        assert "Under 18: a review is held before a child leaves care (handbook 3.77)." in str(
            app.screen.query_one(".form-intro").render()
        )
        fill(app, leave_date="01/03/2024", rec="E13")
        await pilot.press("f2")
        assert error_of(app, "leave_date") == (
            "the child cannot leave before the current episode began (18/03/2024)"
        )
        fill(app, leave_date="01/06/2026")
        await pilot.press("f2")
        await pilot.pause()
        banner = str(app.screen.query_one("#child-banner", Static).render())
        assert "not in care" in banner
        # Faisal is 17: leaving care under 18 has a review first (handbook 3.77), said.
        said = [str(n.message) for n in app._notifications]
        assert any(
            m.startswith("Left care before 18 (")
            and "a review is held before a child leaves care under 18 (handbook 3.77)" in m
            for m in said
        ), said
        # b (and c, s, k, m, l) say why not, rather than nothing at all; not "b books
        # one" of a child not in care, whom b refuses.
        for key in "bslmkc":
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, ChildScreen), key
        said = [str(n.message) for n in app._notifications]
        name = app.screen.record.case.child.display_name
        assert said.count(f"{name} is not in care today: n records them coming into care") == 3
        assert said.count("No review is booked for this child") == 3
        assert not [m for m in said if "b books one" in m]

    assert agenda_for(demo, today, "100112")
    run(scenario, demo, today)
    items = build_agenda(load_diary(demo, today), demo.rulebook(), today)
    assert [i for i in items if i.child == "100112"] == []


def test_editing_the_profile_keeps_the_original_in_the_audit_trail(demo, today):
    async def scenario(app, pilot):
        app.open_child("100113")
        await pilot.pause()
        await pilot.press("e")
        fill(app, preferred_name="Lei", red_list=True)
        await pilot.press("f2")
        await pilot.pause()
        banner = str(app.screen.query_one("#child-banner", Static).render())
        assert banner.startswith("Lei Ahmadi") and "RED LIST" in banner

    run(scenario, demo, today)
    import json

    last = demo.audit_rows("children")[-1]
    assert last["action"] == "update"
    assert json.loads(last["before"])["preferred_name"] is None
    assert json.loads(last["after"])["preferred_name"] == "Lei"
    # Red list tightens the deadline: last review 29 Jan 2026 + 3 months = 29 Apr 2026.
    [deadline] = agenda_for(demo, today, "100113")
    assert deadline.due == date(2026, 4, 29) and deadline.overdue


def test_add_a_person_around_the_child(demo, today):
    async def scenario(app, pilot):
        app.open_child("100103")
        await pilot.pause()
        await pilot.press("4", "p")
        fill(app, role="independent_visitor", name="", phone="07700 900123")
        await pilot.press("f2")
        assert error_of(app, "name") == "Name is required"
        # A number or address that cannot be one is said (both were kept: an
        # adversarial check), with the name's problem, and nothing is saved.
        people = count(demo, "SELECT count(*) FROM people")
        fill(app, name="Ruth Ambrose", phone="not a phone ☎", email="bad@")
        await pilot.press("f2")
        assert error_of(app, "phone").startswith("'not a phone ☎' is not a phone number")
        assert error_of(app, "email") == "'bad@' is not an email address (name@example.org)"
        assert count(demo, "SELECT count(*) FROM people") == people
        fill(app, phone="07700 900123", email="ruth.ambrose@example.org")
        await pilot.press("f2")
        await pilot.pause()
        people = rows(app.screen.query_one("#people-table", DataTable))
        assert ["Independent visitor", "Ruth Ambrose"] in [p[:2] for p in people]

    run(scenario, demo, today)


def test_snapshot_child_screen(snap_compare, demo, today):
    from iro_tui.__main__ import make_app
    from iro_tui.domain.clock import FixedClock

    assert snap_compare(
        make_app(demo, FixedClock(today)), terminal_size=SIZE, press=["c", "enter", "enter", "5"]
    )


def test_edit_the_current_placement_details(demo, today):
    async def scenario(app, pilot):
        app.open_child("100109")
        await pilot.pause()
        await pilot.press("3", "t")
        fill(app, carer_name="Mr Kofi Mensah", phone="020 7946 0555", address="")
        await pilot.press("f2")
        await pilot.pause()
        shown = app.screen.record.current_placement()  # what the screen was rebuilt from
        assert (shown.carer_name, shown.phone) == ("Mr Kofi Mensah", "020 7946 0555")

    run(scenario, demo, today)
    row = demo.conn.execute(
        "SELECT p.carer_name, p.phone, p.address FROM placements p JOIN episodes e "
        "ON e.id = p.episode_id JOIN children c ON c.id = e.child_id "
        "WHERE c.child_ref = '100109'"
    ).fetchone()
    assert row == ("Mr Kofi Mensah", "020 7946 0555", None)


def test_the_palette_opens_a_child_by_name_and_f1_is_screen_help(demo, today):
    from iro_tui.screens.help import HelpScreen

    async def scenario(app, pilot):
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"leila")
        await until(pilot, lambda: "Open Leila" in palette_choice(app), "Leila offered")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen) and app.screen.child_ref == "100113"
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.text.startswith("# A child")
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"book a review for samir")  # Samir has none booked
        await until(pilot, lambda: "Book a review for Samir" in palette_choice(app), "offered")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        assert app.screen.form_title == "Book a review for Samir Haddad"

    run(scenario, demo, today)


def test_red_list_is_suggested_for_a_missing_child_and_set_only_by_r(demo, today):
    from iro_tui.store.changes import update_profile

    # 100106 has been missing since 20 May 2026 (903 Missing, no end). Off the red
    # list, the child screen suggests it; nothing is set until the IRO presses R.
    update_profile(demo, "100106", {"red_list": False})
    audited = len(demo.audit_rows("children"))

    async def scenario(app, pilot):
        app.open_child("100106")
        await pilot.pause()
        banner = str(app.screen.query_one("#child-banner", Static).render())
        assert "Red list suggested: missing since 20/05/2026" in banner
        assert count(demo, "SELECT red_list FROM children WHERE child_ref = '100106'") == 0
        await pilot.press("ctrl+l")
        await pilot.pause()
        banner = str(app.screen.query_one("#child-banner", Static).render())
        assert "RED LIST" in banner and "suggested" not in banner
        assert app.screen.check_action("red_list", ()) is False  # nothing left to accept

    run(scenario, demo, today)
    assert count(demo, "SELECT red_list FROM children WHERE child_ref = '100106'") == 1
    assert len(demo.audit_rows("children")) == audited + 1  # the IRO's change, audited


def test_no_red_list_suggestion_without_a_reason(demo, today):
    async def scenario(app, pilot):
        app.open_child("100107")
        await pilot.pause()
        banner = str(app.screen.query_one("#child-banner", Static).render())
        assert "suggested" not in banner
        await pilot.press("R")  # hidden and does nothing here
        await pilot.pause()

    run(scenario, demo, today)
    assert count(demo, "SELECT red_list FROM children WHERE child_ref = '100107'") == 0


def test_a_number_key_puts_the_keys_on_that_tabs_table(demo, today):
    """4 then Enter opens the first person, with no Tab press between: the tab's table
    has the focus, so the arrows and Enter reach it. 6 puts it on the decisions."""

    async def scenario(app, pilot):
        app.open_child("100101")
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        people = app.screen.query_one("#people-table", DataTable)
        assert app.focused is people
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, FormModal), "the person's form")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ChildScreen), "back on the child")
        await pilot.press("6")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#decisions-table", DataTable)
        await pilot.press("1")  # the profile has no table: the focus stays put, no error
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen)

    run(scenario, demo, today)


def test_every_tab_label_shows_in_full_at_80x24_whichever_tab_is_on(demo, today):
    """At 80 columns the tab bar fits: it never scrolls and cuts a label."""
    from textual.widgets import Tab

    async def scenario(app, pilot):
        app.open_child("100102")
        await pilot.pause()
        for key in "17":
            await pilot.press(key)
            await pilot.pause()
            tabs = list(app.screen.query(Tab))
            assert [str(t.label) for t in tabs][:2] == ["1 Profile", "2 Legal"]
            for tab in tabs:
                assert tab.region.width == tab.outer_size.width > 0, str(tab.label)
                assert tab.region.right <= 80

    run(scenario, demo, today, size=(80, 24))


def test_enter_on_the_timeline_goes_to_what_the_row_is_about(demo, today):
    """A review row shows that review on Reviews, a decision row that decision on
    Decisions, an escalation row opens the escalation (a note row corrects the note:
    tests/tui/test_between.py)."""
    from iro_tui.screens.escalations import EscalationScreen

    record = load_child(demo, "100102")
    held = next(r for r in record.reviews if r.status == "held" and r != record.reviews[0])
    decision = record.decisions[-1]

    async def go_to(app, pilot, what: str) -> None:
        app.open_child("100102", "timeline")
        await until(pilot, lambda: isinstance(app.screen, ChildScreen), "the child")
        await pilot.press("7")
        table = app.screen.query_one("#timeline-table", DataTable)
        links = app.screen.timeline_links
        key = next(k for k, link in links.items() if link == what)
        table.move_cursor(row=table.get_row_index(key))
        await pilot.press("enter")
        await pilot.pause()

    async def scenario(app, pilot):
        await go_to(app, pilot, f"tab:reviews:{held.id}")
        reviews = app.screen.query_one("#reviews-table", DataTable)
        assert app.focused is reviews
        assert reviews.coordinate_to_cell_key(reviews.cursor_coordinate).row_key.value == str(
            held.id
        )
        await go_to(app, pilot, f"tab:decisions:{decision.id}")
        decisions = app.screen.query_one("#decisions-table", DataTable)
        assert app.focused is decisions
        assert decisions.coordinate_to_cell_key(decisions.cursor_coordinate).row_key.value == str(
            decision.id
        )
        escalation_id = record.escalation_stages[0].escalation_id
        await go_to(app, pilot, f"escalation:{escalation_id}")
        await until(pilot, lambda: isinstance(app.screen, EscalationScreen), "the escalation")

    run(scenario, demo, today)


def test_only_the_tab_on_show_is_filled_until_another_is_shown(demo, today):
    """Ten years of a child's history is hundreds of rows: opening a child fills the tab
    on show, and each other tab when it is first shown (issue 12)."""

    async def scenario(app, pilot):
        app.open_child("100107")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ChildScreen)
        shown = screen.query_one(TabbedContent).active
        for tab in ("reviews", "decisions", "timeline"):
            if tab != shown:
                assert screen.query_one(f"#{tab}-table", DataTable).row_count == 0, tab
        await pilot.press("7")  # the timeline
        await pilot.pause()
        timeline = screen.query_one("#timeline-table", DataTable)
        assert timeline.row_count > 0 and timeline.has_focus
        assert screen.query_one("#reviews-table", DataTable).row_count == 0
        await pilot.press("5")
        await pilot.pause()
        dates = [row[0] for row in rows(screen.query_one("#reviews-table", DataTable))]
        held = demo.conn.execute(
            "SELECT count(*) FROM reviews r JOIN children c ON c.id = r.child_id "
            "WHERE c.child_ref = '100107'"
        ).fetchone()[0]
        assert len(dates) == held > 0

    run(scenario, demo, today)


def test_a_long_tab_scrolls_in_its_table_and_never_moves_the_screen(demo, today):
    # Forty more decisions: more rows than the decisions tab has room for at either size.
    with demo.conn:
        child_id = demo.child_id("100102")
        demo.conn.executemany(
            "INSERT INTO decisions (child_id, text, owner_name, owner_role, made_date, "
            "due_date) VALUES (?, ?, 'Tom Ellery', 'social_worker', '2026-05-01', ?)",
            [(child_id, f"Decision number {n}", f"2026-07-{n % 28 + 1:02d}") for n in range(40)],
        )

    for size in ((80, 24), (120, 40)):

        async def scenario(app, pilot):
            app.open_child("100102")
            await pilot.pause()
            for tab in "6712345":
                await pilot.press(tab)
                await pilot.pause()
                screen = app.screen
                assert isinstance(screen, ChildScreen)
                # Textual's tabs are as tall as their content: the long table overflowed
                # the screen by a line, which scrolled the banner off the top.
                assert screen.max_scroll_y == 0 and screen.scroll_y == 0, tab
                banner = screen.query_one("#child-banner", Static)
                assert banner.region.y == 1 and "Ahmad" in str(banner.render()), tab
            await pilot.press("6")
            await pilot.pause()
            table = app.screen.query_one("#decisions-table", DataTable)
            detail = app.screen.query_one("#decision-detail")
            assert table.row_count == 43 and table.max_scroll_y > 0  # it scrolls itself
            assert detail.region.bottom == app.screen.size.height - 1  # just above the footer

        run(scenario, demo, today, size=size)


def test_the_reviews_tab_gives_the_final_review_before_18_when_no_statutory_one_is_due(demo, today):
    """Mohamed turns 18 on 08/07/2026: his next statutory review would fall after it, so
    none is due, but the final review (4-6 weeks before 18) is; the caseload gives its
    date, and the child's Reviews tab said only "No statutory review is due"."""

    async def scenario(app, pilot):
        app.open_child("100104", "reviews")
        await pilot.pause()
        said = str(app.screen.query_one("#deadline", Static).render())
        assert said.startswith(
            "No statutory review falls due before the 18th birthday on 08/07/2026. "
            "Final review before 18: between Wed 27/05/2026 and Wed 10/06/2026 (in 9 days)."
        )

    run(scenario, demo, today)


def test_b_on_a_child_already_booked_says_so_and_books_nothing(demo, today):
    """Kidane is booked for Fri 05/06/2026: a second booking sat beside it, with two
    meetings and two checklists in the diary, and s, k and c reached only the first."""
    before = store_contents(demo.path)

    async def scenario(app, pilot):
        app.open_child("100108")
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen)
        said = [str(n.message) for n in app._notifications]
        assert any(
            "a review is already booked for 05/06/2026: on the child's screen, move it "
            "with s (reschedule), cancel it with k, or record it with r if it was held" in m
            for m in said
        ), said

    run(scenario, demo, today)
    assert store_contents(demo.path) == before


def test_the_placement_tab_names_the_provider_code_in_words(demo, today):
    """The code alone said nothing ("Independent fostering agency (PR4)"), and with no
    provider's name typed the tab read " (PR1)"."""

    async def scenario(app, pilot):
        app.open_child("100107")
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        from rich.console import Console

        console = Console(width=120, record=True, file=io.StringIO())
        console.print(app.screen.query_one("#placement-body", Static).content)
        body = console.export_text()
        provider = next((line for line in body.splitlines() if "Provider" in line), body)
        # Samir's placement is with an independent fostering agency: PR4, private.
        assert demo.load_episodes("100107")[-1].place_provider.value == "PR4"
        assert provider.split(maxsplit=1)[1].strip().endswith("(PR4: private)"), provider

    run(scenario, demo, today)


def test_a_provider_with_no_name_is_its_code_in_words(demo):
    from iro_tui.screens.child_tabs import _provider

    episode = demo.load_episodes("100107")[-1]
    assert _provider(None, episode) == "PR4: private"
    assert _provider("", episode) == "PR4: private"
    assert _provider("Hearth Fostering", episode) == "Hearth Fostering (PR4: private)"
    assert _provider("Hearth Fostering", episode.model_copy(update={"place_provider": None})) == (
        "Hearth Fostering"
    )


def test_the_final_review_before_18_shows_where_it_is_due_first(demo, today):
    """Dawit, made to turn 18 on Thu 20/08/2026: his statutory review is due Wed
    05/08/2026, but the final review before 18 (4-6 weeks before) by Thu 23/07/2026.
    The diary shouted the final review overdue from its end while the caseload and the
    child's header named only the statutory deadline ("in 15 days")."""
    from textual.widgets import DataTable

    with demo.transaction() as db:
        db.execute("UPDATE children SET dob = '2008-08-20' WHERE child_ref = '100101'")
    seen = {}

    async def scenario(app, pilot):
        app.open_child("100101")
        await pilot.pause()
        seen["banner"] = str(app.screen.query_one("#child-banner", Static).content)
        await pilot.press("escape")
        await pilot.press("c")
        await pilot.pause()
        seen["row"] = next(r for r in rows(app.screen.query_one(DataTable)) if r[1] == "100101")

    run(scenario, demo, today)
    assert "review due 05/08/2026 (in 65 days)" in seen["banner"]
    assert seen["banner"].endswith(" · final review before 18 by 23/07/2026 (in 52 days)")
    assert seen["row"][2:4] == ["23/07/2026", "in 52 days"]
    [final] = agenda_for(demo, today, "100101", kind="final-review")
    assert final.due == date(2026, 7, 23)


def test_the_legal_tab_says_the_selected_episode_in_full_under_the_table(demo, today):
    """At 80 columns the placement was cut mid-word, or off to the right: the line under
    the table gives the episode with every code in words."""
    from textual.widgets import DataTable

    seen = []

    async def scenario(app, pilot):
        app.open_child("100115")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        app.screen.query_one("#episodes", DataTable).focus()
        await pilot.pause()
        seen.append(str(app.screen.query_one("#episode-detail").render()))
        await pilot.press("down")
        await pilot.pause()
        seen.append(str(app.screen.query_one("#episode-detail").render()))

    run(scenario, demo, today, size=(80, 24))
    assert seen[0] == (
        "20/04/2026 to now · L: legal status changed · E1: placement order · U6: foster "
        "care: not long-term or FFA · PR1: own authority"
    )
    assert seen[1].startswith("19/05/2025 to 20/04/2026 · S: started to be looked after")
    assert seen[1].endswith(" · X1: a new episode followed, in care")


def test_a_decision_no_longer_needed_says_why_and_can_be_put_right(demo, today):
    """The reason was on the timeline only, cut at 80 columns; and Enter on a decision
    no longer needed did nothing, so one marked so by mistake stayed so. Put back on
    the list, it says why; a decision done stays done."""
    seen = {}

    async def scenario(app, pilot):
        app.open_child("100101")  # Dawit: one decision open, one done
        await pilot.pause()
        await pilot.press("6")
        await pilot.pause()
        table = app.screen.query_one("#decisions-table", DataTable)
        table.focus()
        open_one = next(d for d in app.screen.record.decisions if d.status == "open")
        table.move_cursor(row=[r.key.value for r in table.ordered_rows].index(str(open_one.id)))
        key = str(open_one.id)
        await pilot.press("enter")
        fill(app, state="dropped", note="Moved to a placement with CAMHS on site")
        await pilot.press("f2")
        await pilot.pause()
        table.move_cursor(row=[r.key.value for r in table.ordered_rows].index(key))
        await pilot.pause()
        seen["line"] = str(app.screen.query_one("#decision-detail").render())
        seen["status"] = rows(table)[table.cursor_row][2]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        seen["intro"] = str(app.screen.query_one(".form-intro").render())
        fill(app, state="at_risk")  # due 10/07/2026: not overdue yet
        await pilot.press("f2")
        await pilot.pause()
        assert error_of(app, "note") == "say why it is needed again"
        fill(app, note="Marked by mistake: the referral is still needed")
        await pilot.press("f2")
        await pilot.pause()
        seen["key"] = key
        # Done stays done: Enter says so, and opens nothing.
        done = next(d for d in app.screen.record.decisions if d.status == "done")
        table.move_cursor(row=[r.key.value for r in table.ordered_rows].index(str(done.id)))
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, FormModal)
        seen["said"] = [str(n.message) for n in app._notifications]

    run(scenario, demo, today)
    assert seen["status"] == "not needed"
    assert seen["line"].endswith(
        " · no longer needed on 01/06/2026: Moved to a placement with CAMHS on site"
        " · Enter puts it back on the list"
    )
    assert seen["intro"].startswith("No longer needed since 01/06/2026: an update other")
    assert demo.conn.execute(
        "SELECT status, completed_date FROM decisions WHERE id = ?", [int(seen["key"])]
    ).fetchone() == ("open", None)
    assert "This decision is done: a new need is a new decision at the next review" in seen["said"]


def test_the_move_form_gives_each_reason_for_the_move_in_words(demo, today):
    """The reasons a placement changed were the bare codes (CARPL, CREQB...)."""
    from iro_tui.domain.codes import ReasonPlaceChange

    seen = {}

    async def scenario(app, pilot):
        app.open_child("100107")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        select = app.screen.query_one("#field-reason_place_change")
        seen["options"] = {
            value: str(label) for label, value in select._options if isinstance(value, str)
        }

    run(scenario, demo, today)
    assert set(seen["options"]) == {r.value for r in ReasonPlaceChange}
    assert seen["options"]["CREQB"] == "CREQB: the carer asked to end it: the child's behaviour"
    assert all(
        label.startswith(f"{code}: ") and len(label) > len(code) + 3
        for code, label in seen["options"].items()
    )


def test_the_move_form_says_what_a_move_from_this_placement_sets_going(demo, today):
    """It named six reasons "a disruption" for every child: a foster move with one of them
    adds no review, and leaving an adoptive placement is one for any reason."""
    from iro_tui.screens.placement_forms import _move_hint

    hints = []

    async def scenario(app, pilot):
        app.open_child("100107")  # a foster placement (U6)
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        hints.extend(str(h.render()) for h in app.screen.query(".field-hint"))

    run(scenario, demo, today)
    assert (
        "A move from this placement adds no review of itself: it is a significant change, "
        "and the IRO decides whether to convene one. A move to an adoptive placement "
        "(A3-A6) starts its own reviews: the 1st within 4 weeks." in hints
    )
    assert not [h for h in hints if "disruption" in h]
    assert _move_hint("A5") == (
        "A5 is an adoptive placement: ending it, for any reason, is a disruption, with a "
        "review no sooner than 4 weeks and no later than 6 weeks after."
    )


def test_m_opens_the_mid_point_check_and_a_tab_link_focuses_its_table(demo, today):
    """The mid-point check was reached only from its diary row: no key on the child, and
    "mid-point" found nothing in the palette. Opened on a tab (a diary link), Enter on its
    table did nothing until Tab was pressed: the tabs had the keys."""
    from iro_tui.screens.midpoint import MidpointScreen

    async def scenario(app, pilot):
        app.open_link("child:100102:decisions")
        await pilot.pause()
        await pilot.pause()
        assert app.focused is app.screen.query_one("#decisions-table")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("M")
        await pilot.pause()
        assert isinstance(app.screen, MidpointScreen)
        await pilot.press("escape")
        await pilot.pause()
        # Kidane has had no review yet: the check follows the 1st, and M says so.
        app.open_child("100108")
        await pilot.pause()
        await pilot.press("M")
        await pilot.pause()
        assert not isinstance(app.screen, MidpointScreen)
        assert any(
            "the mid-point check follows the 1st review" in str(n.message)
            for n in app._notifications
        )
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"mid-point")
        await until(pilot, lambda: palette_choice(app).startswith("Child: Mid-point (M)"), "M")

    run(scenario, demo, today)


def test_a_diary_decision_opens_the_child_on_that_decision(demo, today):
    """Enter on Ahmad's 3rd decision in the diary opened his Decisions tab on the first
    row, and Enter there updated another decision."""
    from iro_tui.domain.agenda import build_agenda
    from iro_tui.store.records import load_diary

    items = build_agenda(load_diary(demo, today), demo.rulebook(), today)
    ahmads = [i for i in items if i.child == "100102" and i.kind == "decision"]
    last = ahmads[-1]
    assert last.link == f"child:100102:decisions:{last.key.removeprefix('decision-')}"
    seen = {}

    async def scenario(app, pilot):
        app.open_link(last.link)
        await pilot.pause()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        seen["title"] = app.screen.form_title

    run(scenario, demo, today)
    assert seen["title"].endswith(f": {last.title}")
    assert len(ahmads) > 1 and ahmads[0].title != last.title


def test_the_reviews_tab_says_a_deadline_on_a_weekend_and_the_working_day_before(demo, today):
    """Amanuel's next review is due Sat 05/09/2026: the tab named the Saturday alone."""
    seen = {}

    async def scenario(app, pilot):
        app.open_child("100111", "reviews")
        await pilot.pause()
        seen["text"] = str(app.screen.query_one("#deadline", Static).render())

    run(scenario, demo, today)
    assert "Statutory deadline: Sat 05/09/2026" in seen["text"]
    assert (
        "05/09/2026 is a Saturday: the last working day before it is Fri 04/09/2026."
        in seen["text"]
    )


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_the_legal_tab_fits_its_width_and_marks_what_it_cuts(demo, today, size):
    """The Placement column ran off the right edge with no '…' (at 120 columns), and at
    80 only 'Pl' of its heading showed; the line under the table says it all."""
    seen = {}

    async def scenario(app, pilot):
        app.open_child("100102", "legal")
        await pilot.pause()
        table = app.screen.query_one("#episodes", DataTable)
        seen["fits"] = table.virtual_size.width <= table.size.width
        seen["place"] = [str(c) for c in table.get_column_at(4)]
        seen["heading"] = [str(c.label) for c in table.columns.values()]

    run(scenario, demo, today, size=size)
    assert seen["fits"]
    assert seen["heading"][-2:] == ["Ended", "Moved"]
    assert all(cell.startswith("U6: fost") for cell in seen["place"]), seen["place"]


def test_the_booking_form_gives_the_final_review_before_18_when_no_statutory_one_is_due(
    demo, today
):
    """Mohamed turns 18 on 08/07/2026 and no statutory review falls due before it: the
    booking form said "No statutory review is due for this child", beside a child
    screen giving the final review before 18 (an adversarial check)."""
    from iro_tui.screens.requests import BookReview
    from iro_tui.store.changes import cancel_review
    from iro_tui.widgets.form import FormModal

    booked = demo.conn.execute(
        "SELECT r.id FROM reviews r JOIN children c ON c.id = r.child_id "
        "WHERE c.child_ref = '100104' AND r.status = 'planned'"
    ).fetchone()[0]
    cancel_review(demo, booked, "the young person is unwell")
    demo.conn.commit()

    async def scenario(app, pilot):
        app.open_form(BookReview("100104"))
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        said = " ".join(str(w.render()) for w in app.screen.query(".form-intro"))
        assert "No statutory review falls due before the 18th birthday on 08/07/2026." in said
        assert "Final review before 18: between Wed 27/05/2026 and Wed 10/06/2026" in said

    run(scenario, demo, today)


def test_a_review_held_before_the_day_booked_shows_its_own_day_time_and_reason(demo, today):
    """Booked for Wed 10/06/2026 10:00 (late, the interpreter), held on Mon 01/06: the
    Reviews tab gave the held review the booking's 10:00 and the booking's late reason,
    and the checklist, back from recording, read as the booking still to come (an
    adversarial check)."""
    from iro_tui.domain.booking import Booking
    from iro_tui.screens.checklist import ChecklistScreen
    from iro_tui.store.changes import book_review

    review_id = book_review(
        demo,
        Booking(
            child_ref="100102",
            scheduled_date=date(2026, 6, 10),
            scheduled_time="10:00",
            late_reason="Interpreter (Dari) not free before",
            today=today,
            deadline=date(2026, 5, 27),  # Ahmad's review was due 27/05/2026
        ),
    )

    async def scenario(app, pilot):
        app.open_review(review_id)
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        checklist = app.screen
        # Recorded as held on 01/06 (as the recording screen writes it), then back.
        demo.conn.execute(
            "UPDATE reviews SET status = 'held', held_date = '2026-06-01', "
            "late_reason = 'Interpreter availability' WHERE id = ?",
            [review_id],
        )
        demo.conn.commit()
        checklist.load()
        banner = str(checklist.query_one("#checklist-banner", Static).render())
        assert "review held Mon 01/06/2026 (booked for Wed 10/06/2026 10:00)" in banner
        app.open_child("100102", "reviews")
        await pilot.pause()
        table = app.screen.query_one("#reviews-table", DataTable)
        row = [str(cell) for cell in table.get_row(str(review_id))]
        assert row[:3] == ["01/06/2026", "held", ""]
        assert row[5] == "Interpreter availability"

    run(scenario, demo, today)


def test_the_reviews_tab_says_a_booking_after_the_18th_birthday_is_none(demo, today):
    """Kenji (100104) turns 18 on Wed 08/07/2026. A booking for 20/07/2026, as an import
    or a date of birth put right leaves one, was shown as "Booked for ... checklist"."""
    child_id = demo.conn.execute("SELECT id FROM children WHERE child_ref = '100104'").fetchone()[0]
    with demo.transaction():
        demo.conn.execute(
            "DELETE FROM reviews WHERE child_id = ? AND status = 'planned'", [child_id]
        )
        demo.conn.execute(
            "INSERT INTO reviews (child_id, status, scheduled_date) VALUES (?, 'planned', ?)",
            [child_id, "2026-07-20"],
        )
    seen = {}

    async def scenario(app, pilot):
        app.open_child("100104")
        await pilot.pause()
        await pilot.press("5")
        await pilot.pause()
        seen["text"] = str(app.screen.query_one("#deadline", Static).render())

    run(scenario, demo, today)
    assert (
        "Booked for 20/07/2026, on or after the 18th birthday (08/07/2026): no looked-after "
        "review then; k cancels it." in seen["text"]
    )
    assert "checklist" not in seen["text"]


def test_at_80_columns_the_decision_and_its_owner_share_the_room(demo, today):
    """Kept whole, the owner ("Tom Ellery (Social worker)") took 26 columns and left the
    decision 12: "Refer for C…" (an adversarial check)."""
    seen = {}

    async def scenario(app, pilot):
        app.open_child("100102")
        await pilot.pause()
        await pilot.press("6")
        await pilot.pause()
        columns = app.screen.query_one("#decisions-table", DataTable).columns
        seen["widths"] = {key.value: column.width for key, column in columns.items()}

    run(scenario, demo, today, size=(80, 24))
    assert seen["widths"]["decision"] >= seen["widths"]["owner"] >= 8
    assert seen["widths"]["decision"] >= 18


def test_the_footer_shows_each_tab_s_own_keys_and_f1_at_80_columns(demo, today):
    """The footer showed Checklist, Record, Edit and Book on every tab: the Decisions
    tab's Enter (update) and E (escalate), the People tab's p, were found only in F1 (an
    adversarial check). Every key still works on every tab."""
    from textual.widgets._footer import FooterKey

    from iro_tui.widgets.footer import SteadyFooter
    from iro_tui.widgets.form import FormModal

    seen = {}

    async def scenario(app, pilot):
        app.open_child("100102")
        await pilot.pause()
        for key, tab in (("1", "profile"), ("2", "legal"), ("4", "people"), ("6", "decisions")):
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            seen[tab] = [
                (k.key, k.description)
                for k in app.screen.query_one(SteadyFooter).query(FooterKey)
                if k.display and k.region.right <= 80
            ]
        await pilot.press("E")  # escalate, shown here
        await pilot.pause()
        seen["escalate"] = isinstance(app.screen, FormModal)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("e")  # the profile's Edit, not shown here, still works
        await pilot.pause()
        seen["edit"] = isinstance(app.screen, FormModal)

    run(scenario, demo, today, size=(80, 24))
    assert seen["profile"][:4] == [
        ("e", "Edit"),
        ("c", "Checklist"),
        ("r", "Record"),
        ("b", "Book"),
    ]
    assert seen["legal"][:3] == [("enter", "Details"), ("m", "Move"), ("l", "Leaves")]
    assert seen["people"][:2] == [("enter", "Edit"), ("p", "Person")]
    assert seen["decisions"][:4] == [
        ("enter", "Update"),
        ("E", "Escalate"),
        ("c", "Checklist"),
        ("r", "Record"),
    ]
    for keys in (seen["profile"], seen["legal"], seen["people"], seen["decisions"]):
        assert ("escape", "Back") in keys and ("f1", "Help") in keys
    assert seen["escalate"] and seen["edit"]


def test_form_keys_typed_in_a_burst_open_one_form_not_a_stack(demo, today):
    """Letters typed on the child's screen in a burst (a name, typed where no box was)
    each asked for a form before the first was shown: six stacked, each to close (an
    adversarial check). The first key's form opens; the rest ask for nothing."""
    from textual import events

    from iro_tui.widgets.form import FormModal

    seen = {}

    async def scenario(app, pilot):
        app.open_child("100102")
        await pilot.pause()
        for letter in "lpea":  # leaves care, a person, the profile, an appointment
            app.post_message(events.Key(letter, letter))
        await pilot.pause()
        await pilot.pause()
        seen["stack"] = [type(s).__name__ for s in app.screen_stack]
        await pilot.press("escape")
        await pilot.pause()
        seen["after"] = type(app.screen).__name__
        await pilot.press("p")  # one key, one form, as ever
        await pilot.pause()
        seen["one"] = isinstance(app.screen, FormModal)

    run(scenario, demo, today, size=(80, 24))
    assert seen["stack"][-2:] == ["ChildScreen", "FormModal"]
    assert seen["after"] == "ChildScreen" and seen["one"]


def test_e_on_the_decisions_tab_escalates_the_decision_chosen_there(demo, today):
    """E on the Decisions tab opened a blank escalation, linked to nothing, whatever
    decision was chosen (the drift tracker's E says and links it; an adversarial check)."""
    from iro_tui.widgets.form import FormModal

    refer = demo.conn.execute(
        "SELECT d.id FROM decisions d JOIN children c ON c.id = d.child_id "
        "WHERE c.child_ref = '100102' AND d.text LIKE 'Refer for CAMHS%'"
    ).fetchone()[0]
    seen = {}

    async def scenario(app, pilot):
        await on_row(app, pilot, "100102", "6", "decisions-table", str(refer))
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        seen["issue"] = app.screen.query_one("#field-issue").text
        fill(app, theme="needs_rights")
        await pilot.press("f2")
        await pilot.pause()
        seen["back on"] = type(app.screen).__name__

    run(scenario, demo, today)
    assert seen["issue"].startswith("Decision 'Refer for CAMHS")
    assert seen["issue"].endswith("was due 09/01/2026 and is 143 days overdue.")
    assert seen["back on"] == "ChildScreen"
    assert demo.conn.execute("SELECT decision_id FROM escalation_decisions").fetchall() == [
        (refer,)
    ]


def test_the_people_tab_says_the_person_chosen_in_full_and_fits_80_columns(demo, today):
    """At 80 columns the People tab's phone and email were off the table's edge, cut
    with no mark ("City of London C"), and nothing under the table said them."""
    from iro_tui.widgets.detail_line import DetailLine

    seen = {}
    sw = demo.conn.execute(
        "SELECT p.id, p.name, p.phone, p.email FROM people p JOIN children c "
        "ON c.id = p.child_id WHERE c.child_ref = '100102' AND p.email IS NOT NULL "
        "AND p.phone IS NOT NULL ORDER BY p.id"
    ).fetchone()

    async def scenario(app, pilot):
        table = await on_row(app, pilot, "100102", "4", "people-table", str(sw[0]))
        seen["detail"] = str(app.screen.query_one("#person-detail", DetailLine).render())
        seen["room"] = table.size.width
        seen["used"] = sum(c.get_render_width(table) for c in table.columns.values())

    run(scenario, demo, today, size=(80, 24))
    assert sw[1] in seen["detail"]
    assert f"phone {sw[2]}" in seen["detail"] and sw[3] in seen["detail"]
    assert seen["used"] <= seen["room"]


def test_e_on_a_decision_still_to_come_says_it_is_due_not_was(demo, today):
    from iro_tui.domain.records import Decision
    from iro_tui.screens.requests import Escalate

    ahead = Decision(
        id=7,
        child_ref="100102",
        text="Find a college place",
        owner_name="Grace Okafor",
        owner_role="Social worker",
        made_date=date(2026, 5, 1),
        due_date=date(2026, 7, 10),
    )
    assert Escalate.about(ahead, today).issue == (
        "Decision 'Find a college place' (Grace Okafor) is due 10/07/2026 (in 39 days)."
    )
    assert Escalate.about(ahead, date(2026, 7, 11)).issue.endswith(
        "was due 10/07/2026 and is 1 day overdue."
    )
    assert Escalate.about(ahead, date(2026, 7, 10)).issue.endswith("is due 10/07/2026 (today).")
    assert Escalate.about(ahead, today).decision_ids == (7,)
