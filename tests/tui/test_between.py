"""Between reviews: footprint, mid-point, drift, significant changes, escalations."""

import json
from datetime import date

import pytest
from textual.widgets import DataTable, Input

from iro_tui.__main__ import main
from iro_tui.domain.agenda import build_agenda
from iro_tui.screens.drift import DriftScreen
from iro_tui.screens.escalations import EscalationScreen, EscalationsScreen
from iro_tui.screens.midpoint import MidpointScreen
from iro_tui.screens.requests import Escalate
from iro_tui.store.records import load_diary
from iro_tui.widgets.form import FormModal

from ..conftest import store_contents
from .helpers import SIZE, count, error_of, fill, rows, run, until


def agenda(store, today):
    return build_agenda(load_diary(store, today), store.rulebook(), today)


def test_quick_note_from_anywhere_sets_the_last_footprint(demo, today):
    async def scenario(app, pilot):
        await pilot.press("f5")
        assert isinstance(app.screen, FormModal)
        fill(app, child_ref="100112", kind="visit", text="", note_date="01/06/2026")
        await pilot.press("f2")
        assert error_of(app, "text") == "Note is required"
        fill(app, text="Visited Faisal at college.", follow_up_date="08/06/2026")
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        faisal = next(r for r in rows(app.screen.query_one(DataTable)) if r[1] == "100112")
        assert faisal[8] == "01/06/2026"  # Last footprint, at 120 columns

    run(scenario, demo, today)
    follow = [
        (i.kind, i.due.isoformat())
        for i in agenda(demo, today)
        if i.child == "100112" and i.kind == "follow-up"
    ]
    assert follow == [("follow-up", "2026-06-08")]


def test_f5_on_a_list_suggests_its_row_s_child_and_chooses_no_kind(demo, today):
    """F5 on the diary's "Callum Reid · Mid-point check" row offered no child and a
    "Visit to the child" the IRO never chose (the annual report counts visits)."""
    from iro_tui.widgets.agenda_table import AgendaTable

    found = {}

    async def scenario(app, pilot):
        table = app.screen.query_one(AgendaTable)
        table.focus()
        at = next(i for i, r in enumerate(rows(table)) if "Callum Reid" in r[2])
        table.move_cursor(row=at)
        await pilot.pause()
        child = table.selected_item().child
        await pilot.press("f5")
        assert isinstance(app.screen, FormModal)
        found["child"] = (child, app.screen.query_one("#field-child_ref").value)
        assert app.screen.query_one("#field-kind").is_blank()
        fill(app, text="Called the carer.")
        await pilot.press("f2")
        assert "Kind" in error_of(app, "kind")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")  # discard
        await pilot.pause()
        app.open_child("100101")
        await pilot.pause()
        await pilot.press("f5")
        assert isinstance(app.screen, FormModal)
        found["title"] = app.screen.form_title

    run(scenario, demo, today)
    child, chosen = found["child"]
    assert chosen == child and child
    assert found["title"] == "A footprint note · Dawit Tesfay (100101)"


def test_a_corrected_note_keeps_the_original_in_the_audit(demo, today):
    note_id, written = demo.conn.execute(
        "SELECT id, note_date FROM footprint_notes "
        "WHERE kind = 'visit' AND text LIKE 'Visited Dawit%'"
    ).fetchone()

    async def scenario(app, pilot):
        app.open_child("100101", "timeline")
        await pilot.pause()
        table = app.screen.query_one("#timeline-table", DataTable)
        table.focus()
        table.move_cursor(row=table.get_row_index(f"note:{note_id}"))
        await pilot.press("enter")
        await pilot.pause()
        # The note's date is shown as every date is, day first, not as stored.
        shown = app.screen.query_one("#field-note_date", Input).value
        assert shown == date.fromisoformat(written).strftime("%d/%m/%Y")
        fill(app, text="Visited Dawit at his foster home; settled, enjoying ESOL and football.")
        await pilot.press("f2")
        await pilot.pause()

    run(scenario, demo, today)
    last = demo.audit_rows("footprint_notes")[-1]
    assert last["action"] == "update" and last["row_id"] == note_id
    assert json.loads(last["before"])["text"].endswith("enjoying ESOL.")
    assert json.loads(last["after"])["text"].endswith("and football.")


def test_a_midpoint_check_writes_the_note_and_the_updates_together(demo, today):
    assert any(i.kind == "midpoint" and i.child == "100102" for i in agenda(demo, today))

    async def scenario(app, pilot):
        app.open_link("midpoint:100102")
        await pilot.pause()
        assert isinstance(app.screen, MidpointScreen)
        ids = [d.id for d in app.screen.open_decisions]
        assert len(ids) == 3
        fill(
            app,
            activity_reviewed=True,
            care_plan_reviewed=True,
            **{
                f"state_{ids[0]}": "at_risk",
                f"note_{ids[0]}": "CAMHS waiting list",
                f"state_{ids[1]}": "overdue",
                f"state_{ids[2]}": "done",
            },
            queries="Asked the TM when the CAMHS referral will be sent.",
        )
        before = store_contents(demo.path)
        await pilot.press("f2")
        await pilot.pause()
        # All three were due before today (09/01, 27/02 and 29/05/2026): past its
        # timescale and not done, a decision is not "at risk" but overdue.
        assert isinstance(app.screen, MidpointScreen)
        assert error_of(app, f"state_{ids[0]}") == (
            "it was due on 09/01/2026, 143 days ago, and is not done: choose Overdue (and "
            "escalate if it is drifting), or Done with the date it was done"
        )
        assert store_contents(demo.path) == before
        fill(app, **{f"state_{ids[0]}": "overdue"})
        await pilot.press("f2")
        await pilot.pause()
        # Done on the day it was: the check recorded today (an adversarial check).
        assert error_of(app, f"done_{ids[2]}") == "say when it was done"
        assert store_contents(demo.path) == before
        fill(app, **{f"done_{ids[2]}": "28/05/2026"})
        await pilot.press("f2")
        await pilot.pause()
        assert not isinstance(app.screen, MidpointScreen)

    run(scenario, demo, today)
    assert demo.conn.execute(
        "SELECT d.completed_date FROM decisions d JOIN decision_progress p "
        "ON p.decision_id = d.id WHERE p.state = 'done'"
    ).fetchall() == [("2026-05-28",)]
    note = demo.conn.execute(
        "SELECT kind, note_date, text FROM footprint_notes WHERE kind = "
        "'midpoint' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert note[:2] == ("midpoint", "2026-06-01")
    assert "Care plan reviewed." in note[2] and "Asked the TM" in note[2]
    states = demo.conn.execute(
        "SELECT d.text, p.state, p.note, d.status FROM decision_progress p JOIN decisions d "
        "ON d.id = p.decision_id ORDER BY p.id"
    ).fetchall()
    assert [s[1] for s in states] == ["overdue", "overdue", "done"]
    assert states[0][2] == "CAMHS waiting list" and states[2][3] == "done"
    assert not any(i.kind == "midpoint" and i.child == "100102" for i in agenda(demo, today))


def test_an_untouched_midpoint_check_is_refused_and_blank_decisions_are_not_updated(demo, today):
    """Saved untouched, a check read "NOT reviewed" twice, marked every decision "on
    track", and cleared the overdue mid-point from the diary."""

    async def scenario(app, pilot):
        app.open_link("midpoint:100102")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MidpointScreen)
        ids = [d.id for d in screen.open_decisions]
        # No progress is chosen for the IRO.
        assert all(screen.query_one(f"#field-state_{i}").is_blank() for i in ids)
        before = store_contents(demo.path)
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen is screen
        assert error_of(app, "activity_reviewed").startswith("nothing is recorded yet")
        assert store_contents(demo.path) == before
        # A note on a decision with no progress chosen is said, not dropped.
        fill(app, **{f"note_{ids[1]}": "SW chasing CAMHS"})
        await pilot.press("f2")
        await pilot.pause()
        assert error_of(app, f"state_{ids[1]}") == "choose its progress for the note"
        assert store_contents(demo.path) == before
        # One decision checked: only it is updated, and only it is in the note.
        fill(app, **{f"state_{ids[1]}": "overdue"})
        await pilot.press("f2")
        await pilot.pause()
        assert not isinstance(app.screen, MidpointScreen)
        said = [n.message for n in app._notifications]
        assert "Mid-point check saved, with 1 decision update" in said

    run(scenario, demo, today)
    updates = demo.conn.execute("SELECT state, note FROM decision_progress").fetchall()
    assert updates == [("overdue", "SW chasing CAMHS")]
    text = demo.conn.execute(
        "SELECT text FROM footprint_notes WHERE kind = 'midpoint' ORDER BY id DESC LIMIT 1"
    ).fetchone()[0]
    assert text.count(": ") == 1 and ": overdue (SW chasing CAMHS)." in text


def test_a_decision_update_has_no_progress_chosen_for_the_iro(demo, today):
    async def scenario(app, pilot):
        await pilot.press("d")
        line = app.screen.selected()
        await pilot.press("enter")
        assert isinstance(app.screen, FormModal)
        # The child is named: the drift tracker's line is behind the form.
        ref = line.decision.child_ref
        assert app.screen.form_title == (
            f"Update · {line.child_name} ({ref}): {line.decision.text}"
        )
        assert app.screen.query_one("#field-state").is_blank()
        before = store_contents(demo.path)
        fill(app, note="Chased the SW")
        await pilot.press("f2")
        assert isinstance(app.screen, FormModal)
        assert error_of(app, "state")
        assert store_contents(demo.path) == before

    run(scenario, demo, today)


def test_a_decision_not_yet_due_cannot_be_said_overdue(demo, today):
    """Overdue was saved of a decision due in 18 days; the drift tracker and the
    mid-point note then read it as overdue. Dawit's college place is due Fri 10/07/2026:
    39 days after Mon 01/06/2026."""
    said = {}

    async def scenario(app, pilot):
        app.open_child("100101", "decisions")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        before = store_contents(demo.path)
        fill(app, state="overdue")
        await pilot.press("f2")
        await pilot.pause()
        said["error"] = error_of(app, "state")
        said["unchanged"] = store_contents(demo.path) == before
        fill(app, state="at_risk", note="College not replied")
        await pilot.press("f2")
        await pilot.pause()

    run(scenario, demo, today)
    assert said["error"] == (
        "it is due on 10/07/2026, in 39 days: not overdue yet; choose At risk if it may not "
        "be done in time"
    )
    assert said["unchanged"]
    assert demo.conn.execute("SELECT state, note FROM decision_progress").fetchall() == [
        ("at_risk", "College not replied")
    ]


def test_at_risk_shows_in_the_drift_tracker_and_on_the_decisions_tab(demo, today):
    """Marked at risk, the IRO's early word of drift, a decision read as any other: the
    tracker read no progress, and the child's Decisions tab said "open"."""
    from iro_tui.domain.between import ProgressUpdate
    from iro_tui.store import between

    [(decision_id,)] = demo.conn.execute(
        "SELECT d.id FROM decisions d JOIN children c ON c.id = d.child_id "
        "WHERE c.child_ref = '100101' AND d.status = 'open'"
    ).fetchall()
    between.update_decision(
        demo,
        ProgressUpdate(
            decision_id=decision_id,
            state="at_risk",
            note="College not replied",
            recorded_date=date(2026, 5, 28),
        ),
    )
    seen = {}

    async def scenario(app, pilot):
        await pilot.press("d")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        found = [r for r in rows(table) if r[0].strip().startswith("Find a college place")]
        seen["row"] = found
        table.move_cursor(row=[r[0] for r in rows(table)].index(found[0][0]))
        await pilot.pause()
        seen["detail"] = str(app.screen.query_one("#drift-detail").render())
        app.open_child("100101", "decisions")
        await pilot.pause()
        seen["tab"] = rows(app.screen.query_one("#decisions-table", DataTable))

    run(scenario, demo, today)
    assert [r[3] for r in seen["row"]] == ["in 39 days, at risk"]
    assert "· at risk on 28/05/2026: College not replied" in seen["detail"]
    assert [r[2] for r in seen["tab"] if r[2].startswith("open")] == ["open, at risk"]


def test_a_failed_midpoint_save_writes_nothing(demo, today, monkeypatch):
    from iro_tui.domain.between import FootprintNote, ProgressUpdate
    from iro_tui.errors import BadInput
    from iro_tui.store import between

    before = store_contents(demo.path)
    decisions = [
        r[0]
        for r in demo.conn.execute(
            "SELECT d.id FROM decisions d JOIN children c ON c.id = d.child_id "
            "WHERE c.child_ref = '100102'"
        )
    ]
    updates = [
        ProgressUpdate(decision_id=decisions[0], state="on_track", recorded_date=today),
        ProgressUpdate(decision_id=999999, state="on_track", recorded_date=today),
    ]
    note = FootprintNote(note_date=today, kind="midpoint", text="check", today=today)
    with pytest.raises(BadInput, match="no longer exists"):
        between.save_midpoint(demo, "100102", note, updates)
    assert store_contents(demo.path) == before


def test_the_drift_tracker_matches_the_hand_count(demo, today):
    async def scenario(app, pilot):
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DriftScreen)
        shown = [r for r in rows(app.screen.query_one(DataTable)) if r[3]]
        # Open decisions in the demo on 1 Jun 2026, days overdue counted by hand:
        # CAMHS 9 Jan (143), pathway plan 27 Feb (94), solicitor 4 Mar (89),
        # life-story 15 May (17), ESOL 29 May (3); then five not yet due (Dawit's
        # college place, made at his fully recorded review, is due 10 Jul).
        overdue = [(r[0].strip(), int(r[3].split()[0])) for r in shown if r[3].endswith("overdue")]
        assert sorted(overdue, key=lambda x: -x[1]) == [
            ("Refer for CAMHS assessment of sleep and low mood", 143),
            ("Pathway plan to be completed with Ahmad", 94),
            ("Immigration solicitor to confirm asylum interview date", 89),
            ("Life-story work to begin with Tyler", 17),
            ("Arrange ESOL college place for September", 3),
        ]
        assert len(shown) == 10
        # Grouped by owner: Tom Ellery's group (most overdue) comes first.
        assert rows(app.screen.query_one(DataTable))[0][0] == "Tom Ellery"
        await pilot.press("g")
        assert rows(app.screen.query_one(DataTable))[0][0] == "Ahmad Rahimi"
        # An overdue decision is one key away from an escalation.
        await pilot.press("E")  # the first decision is selected, not the heading
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        issue = app.screen.query_one("#field-issue").text
        assert issue.startswith("Decision 'Refer for CAMHS") and "143 days overdue" in issue
        fill(app, theme="needs_rights")
        await pilot.press("f2")
        await pilot.pause()

    run(scenario, demo, today)
    linked = demo.conn.execute(
        "SELECT d.text FROM escalation_decisions x JOIN decisions d ON d.id = x.decision_id"
    ).fetchall()
    assert linked == [("Refer for CAMHS assessment of sleep and low mood",)]


def test_a_significant_change_needing_a_review_books_it_and_moves_the_deadline(demo, today):
    before = [i for i in agenda(demo, today) if i.child == "100112" and i.kind == "review"]
    assert before[0].due == date(2026, 10, 16)

    async def scenario(app, pilot):
        app.open_child("100112")
        await pilot.pause()
        await pilot.press("i")
        fill(
            app,
            category="semi_independent",
            notified_date="01/06/2026",
            detail="SW proposes a move to supported lodgings",
            review_needed=False,
            decision_reason="Faisal is settled",
        )
        await pilot.press("f2")
        assert "requires a review before this change" in error_of(app, "review_needed")
        # After the statutory deadline (16/10/2026) it would be late: said, not saved.
        snapshot = store_contents(demo.path)
        fill(app, review_needed=True, review_by="19/10/2026")
        await pilot.press("f2")
        assert error_of(app, "review_by").startswith(
            "the statutory deadline is 16/10/2026: book the review by then"
        )
        assert store_contents(demo.path) == snapshot
        fill(app, review_by="15/06/2026")
        await pilot.press("f2")
        await pilot.pause()

    run(scenario, demo, today)
    items = [
        (i.kind, i.due.isoformat(), i.title)
        for i in agenda(demo, today)
        if i.child == "100112" and i.kind in ("review", "booked-review")
    ]
    assert ("review", "2026-06-15", "Additional review due") in items
    assert ("booked-review", "2026-06-15", "Review meeting") in items
    assert (
        count(demo, "SELECT count(*) FROM footprint_notes WHERE kind = 'significant_change'") == 1
    )


def test_an_escalation_through_two_stages_and_a_skip(demo):
    may = date(2026, 6, 1)

    async def opened(app, pilot):
        app.open_child("100107")
        await pilot.pause()
        await pilot.press("E")
        fill(
            app,
            kind="formal",
            theme="legal_status",
            opened_date="01/06/2026",
            issue="No date for the asylum interview after 3 months",
        )
        await pilot.press("f2")
        await pilot.pause()

    run(opened, demo, may)
    escalation_id = demo.conn.execute("SELECT max(id) FROM escalations").fetchone()[0]

    async def moved_on(app, pilot):
        app.open_link(f"escalation:{escalation_id}")
        await pilot.pause()
        await pilot.press("p")
        fill(app, response="The TM will chase the Home Office", response_date="03/06/2026")
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("n")
        fill(app, opened_date="04/06/2026")
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("s")
        fill(app, skip_reason="Urgent: the interview is imminent", opened_date="09/06/2026")
        await pilot.press("f2")
        await pilot.pause()
        # The skipped stage's line gives the IRO's reason, never as that manager's reply.
        table = app.screen.query_one(DataTable)
        at = next(i for i, r in enumerate(rows(table)) if "(skipped)" in r[0])
        assert rows(table)[at][3] == "Not asked: Urgent: the interview is imminent"
        # Cut in the table at 80 columns, the stage is said in full under it.
        table.move_cursor(row=at)
        await pilot.pause()
        detail = str(app.screen.query_one("#stage-detail").render())
        assert (
            detail == "3. Head of service (skipped) · Not asked: Urgent: the interview is imminent"
        )

    run(moved_on, demo, date(2026, 6, 9))
    stages = demo.conn.execute(
        "SELECT stage_no, stage_name, opened_date, response_due, skipped FROM "
        "escalation_stages WHERE escalation_id = ? ORDER BY stage_no",
        (escalation_id,),
    ).fetchall()
    # 5 WD responses (June 2026 has no bank holiday): 1 Jun -> 8 Jun; 4 Jun -> 11 Jun;
    # stage 3 skipped; stage 4 opened 9 Jun -> 16 Jun.
    assert stages == [
        (1, "Team manager", "2026-06-01", "2026-06-08", 0),
        (2, "Service manager", "2026-06-04", "2026-06-11", 0),
        (3, "Head of service", None, None, 1),
        (4, "Assistant director", "2026-06-09", "2026-06-16", 0),
    ]
    waiting = [
        (i.kind, i.due.isoformat())
        for i in agenda(demo, date(2026, 6, 9))
        if i.child == "100107" and i.kind == "escalation"
    ]
    # The stage now asked only: stage 2, moved on from unanswered, is not waited for (it
    # stayed in the diary, as every stage passed over did: five for one dispute).
    # And the formal process's own end, 20 WD from its first formal stage (handbook 6.2):
    # Mon 01/06 -> Mon 29/06/2026.
    assert waiting == [("escalation", "2026-06-16"), ("escalation", "2026-06-29")]

    async def warned(app, pilot):
        app.open_link(f"escalation:{escalation_id}")
        await pilot.pause()
        warning = str(app.screen.query_one("#escalation-warning").render())
        # Stage 4 opened Tue 9 Jun, its reply due in 5 WD: Tue 16 Jun, 14 days ago.
        late_reply, formal = warning.split("\n")
        assert late_reply == (
            "The reply to stage 4 (Assistant director) was due 16/06/2026: 14 days overdue."
        )
        # 1 Jun + 20 WD = Mon 29 Jun; on Tue 30 Jun it has taken 21.
        assert formal.startswith("The formal process has taken 21 working days")
        assert "due 29/06/2026" in formal
        # The head names the child, not only their ID.
        assert "Samir Haddad (100107)" in str(app.screen.query_one("#escalation-head").render())
        await pilot.press("escape")
        await pilot.press("escape")
        app.push_screen(EscalationsScreen())
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        at = next(i for i, r in enumerate(rows(table)) if "100107" in r[0])
        assert rows(table)[at][-1] == "late reply, over 20 WD"
        table.move_cursor(row=at)
        await pilot.pause()
        # Cut in the table at 80 columns, the escalation is said in full under it.
        assert str(app.screen.query_one("#escalation-detail").render()) == (
            "Samir Haddad (100107) · formal · Legal status · opened 01/06/2026 · "
            "stage 4. Assistant director · reply due 16/06/2026, 14 days overdue · over 20 WD · "
            "No date for the asylum interview after 3 months"
        )

    run(warned, demo, date(2026, 6, 30))

    async def quiet(app, pilot):
        app.open_link(f"escalation:{escalation_id}")
        await pilot.pause()
        assert isinstance(app.screen, EscalationScreen)
        # The late reply only: no word of the 20 working days.
        warning = str(app.screen.query_one("#escalation-warning").render())
        assert warning == (
            "The reply to stage 4 (Assistant director) was due 16/06/2026: 13 days overdue."
        )

    run(quiet, demo, date(2026, 6, 29))  # the 20th working day itself: in time


def test_a_stage_gone_above_without_a_reply_says_so_and_p_names_its_stage(demo):
    """Skipped past, a stage with no reply read as open, and late, for ever; and p's
    form did not say which stage's reply it was for."""
    seen = {}

    async def opened(app, pilot):
        app.open_child("100107")
        await pilot.pause()
        await pilot.press("E")
        fill(
            app,
            kind="formal",
            theme="legal_status",
            opened_date="01/06/2026",
            issue="No date for the asylum interview after 3 months",
        )
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()

    run(opened, demo, date(2026, 6, 1))
    escalation_id = demo.conn.execute("SELECT max(id) FROM escalations").fetchone()[0]

    async def later(app, pilot):
        app.open_link(f"escalation:{escalation_id}")
        await pilot.pause()
        # Stage 1 (Team manager, reply due 08/06) has none; stage 2 opens on 09/06.
        await pilot.press("n")
        fill(app, opened_date="09/06/2026")
        await pilot.press("f2")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        seen["first"] = rows(table)[0]
        await pilot.press("p")
        await pilot.pause()
        seen["title"] = app.screen.form_title

    run(later, demo, date(2026, 6, 20))
    assert seen["first"][0] == "1. Team manager"
    assert seen["first"][3] == "No reply: went to 2. Service manager on 09/06/2026"
    assert seen["title"] == "The response of stage 2, Service manager, opened 09/06/2026"


def test_midpoint_and_escalation_items_in_agenda_json(demo, today, capsys):
    assert (
        main(["--db", str(demo.path), "agenda", "--today", "2026-06-01", "--days", "7", "--json"])
        == 0
    )
    items = json.loads(capsys.readouterr().out)
    # 100111: last review 5 Mar 2026, deadline 5 Sep: 184 days, mid-point +92 = 5 Jun.
    # 100102: last review 27 Nov 2025, deadline 27 May: 181 days, +90 = 25 Feb.
    midpoints = {i["child"]: i["due"] for i in items if i["kind"] == "midpoint"}
    # 100116: last review 15 Jan 2026; his foster move is no automatic review (handbook
    # 3.74-3.76), so the deadline is 15 Jul: 181 days, +90 = 15 Apr.
    assert midpoints == {"100102": "2026-02-25", "100116": "2026-04-15", "100111": "2026-06-05"}
    # Informal challenge opened Wed 20 May 2026: 5 WD, skipping 25 May -> Thu 28 May.
    escalations = [(i["child"], i["due"], i["overdue"]) for i in items if i["kind"] == "escalation"]
    assert escalations == [("100102", "2026-05-28", True)]


@pytest.mark.parametrize("press", [["d"], ["E", "enter"]], ids=["drift", "escalation"])
def test_snapshots_between_reviews(snap_compare, demo, today, press):
    from iro_tui.__main__ import make_app
    from iro_tui.domain.clock import FixedClock

    assert snap_compare(make_app(demo, FixedClock(today)), terminal_size=SIZE, press=press)


def test_snapshot_midpoint_form(snap_compare, demo, today):
    from iro_tui.__main__ import make_app
    from iro_tui.domain.clock import FixedClock

    async def open_midpoint(pilot):
        pilot.app.open_link("midpoint:100102")
        await pilot.pause()

    assert snap_compare(
        make_app(demo, FixedClock(today)), terminal_size=SIZE, run_before=open_midpoint
    )


def test_snapshot_child_timeline(snap_compare, demo, today):
    from iro_tui.__main__ import make_app
    from iro_tui.domain.clock import FixedClock

    async def open_timeline(pilot):
        pilot.app.open_child("100116", "timeline")
        await pilot.pause()

    assert snap_compare(
        make_app(demo, FixedClock(today)), terminal_size=SIZE, run_before=open_timeline
    )


def test_an_informal_challenge_goes_on_to_the_formal_ladder(demo):
    from iro_tui.store import between

    escalation_id = demo.conn.execute("SELECT id FROM escalations").fetchone()[0]
    between.escalate(demo, escalation_id, date(2026, 6, 2), demo.rulebook())
    escalation = between.load_escalation(demo, escalation_id)
    assert escalation.kind == "formal"
    assert [
        (s.stage_no, s.stage_name, s.opened_date, s.response_due) for s in escalation.stages
    ] == [
        (1, "Informal challenge to the SW or team manager", date(2026, 5, 20), date(2026, 5, 28)),
        (2, "Team manager", date(2026, 6, 2), date(2026, 6, 9)),
    ]
    from iro_tui.domain.between import formal_deadline

    # The 20 WD run from the formal start, 2 Jun: 3-5 (3), 8-12, 15-19, 22-26 (18),
    # 29, 30 Jun (20).
    assert formal_deadline(escalation.stages, demo.rulebook()) == date(2026, 6, 30)
    for day in range(3, 8):
        between.escalate(demo, escalation_id, date(2026, 6, day), demo.rulebook())
    names = [s.stage_name for s in between.load_escalation(demo, escalation_id).stages]
    assert names[-1] == "Cafcass referral"
    with pytest.raises(Exception, match="last stage of the ladder"):
        between.escalate(demo, escalation_id, date(2026, 6, 8), demo.rulebook())


def test_the_escalation_screens_warn_while_the_ladder_cannot_fit_20_wd(demo, today):
    escalation_id = demo.conn.execute("SELECT id FROM escalations").fetchone()[0]

    async def look(app, pilot):
        app.push_screen(EscalationsScreen())
        await pilot.pause()
        summary = str(app.screen.query_one("#escalations-summary").render())
        app.open_link(f"escalation:{escalation_id}")
        await pilot.pause()
        ladder = app.screen.query_one("#ladder-warning")
        return summary, ladder.display, str(ladder.render())

    seen = {}

    async def default(app, pilot):
        seen["default"] = await look(app, pilot)

    run(default, demo, today)
    summary, shown, text = seen["default"]
    # The rulebook's placeholder ladder: 6 stages x 5 WD = 30 > 20 (handbook 6.2).
    assert "6 stages x 5 working days = 30" in summary
    assert shown and "cannot fit" in text

    demo.set_setting("drp_ladder", "Team manager=5; Head of service=5; Director=5; Cafcass=5")

    async def local(app, pilot):
        seen["local"] = await look(app, pilot)

    run(local, demo, today)
    summary, shown, _ = seen["local"]
    assert "cannot fit" not in summary and not shown
    # The next stage opened answers in the local ladder's own time: the informal
    # challenge goes on to "Team manager" (5 WD) opened Tue 2 Jun -> Tue 9 Jun.
    from iro_tui.store import between

    demo.set_setting("drp_ladder", "Team manager=2; Director=18")
    between.escalate(demo, escalation_id, date(2026, 6, 2), demo.rulebook())
    stage = between.load_escalation(demo, escalation_id).stages[-1]
    # 2 WD: 3, Thu 4 Jun 2026.
    assert (stage.stage_name, stage.response_due) == ("Team manager", date(2026, 6, 4))


def test_a_decision_is_not_done_before_it_was_made_nor_given_a_done_date_without_done(demo, today):
    """The drift tracker's update form: a done date before the review that made the
    decision, or a done date with Progress left 'On track' (it was dropped without a
    word), is refused at the date's box, and nothing is written."""
    from datetime import timedelta

    from iro_tui.domain.fields import format_ui_date

    async def scenario(app, pilot):
        await pilot.press("d")
        decision = app.screen.selected().decision
        made = date.fromisoformat(
            demo.conn.execute(
                "SELECT made_date FROM decisions WHERE id = ?", [decision.id]
            ).fetchone()[0]
        )
        await pilot.press("enter")
        assert isinstance(app.screen, FormModal)
        before = store_contents(demo.path)

        fill(app, state="overdue", completed_date=format_ui_date(made))
        await pilot.press("f2")
        assert isinstance(app.screen, FormModal)
        assert "Progress 'Done'" in error_of(app, "completed_date")
        assert store_contents(demo.path) == before

        # Past its timescale and not done, it is not "on track" (saved so, 143 days over).
        fill(app, state="on_track", completed_date="")
        await pilot.press("f2")
        assert isinstance(app.screen, FormModal)
        assert error_of(app, "state").startswith(f"it was due on {decision.due_date:%d/%m/%Y}")
        assert store_contents(demo.path) == before

        fill(app, state="done", completed_date=format_ui_date(made - timedelta(days=1)))
        await pilot.press("f2")
        assert isinstance(app.screen, FormModal)
        assert f"made on {format_ui_date(made)}" in error_of(app, "completed_date")
        assert store_contents(demo.path) == before

        fill(app, completed_date=format_ui_date(made))  # the day it was made will do
        await pilot.press("f2")
        assert not isinstance(app.screen, FormModal)
        status, completed = demo.conn.execute(
            "SELECT status, completed_date FROM decisions WHERE id = ?", [decision.id]
        ).fetchone()
        assert (status, completed) == ("done", made.isoformat())

    run(scenario, demo, today)


def test_the_drift_tracker_counts_one_open_decision_in_the_singular(demo, today):
    from iro_tui.store.records import load_decisions

    from ..conftest import mark_done

    for decision in load_decisions(demo, open_only=True)[1:]:
        mark_done(demo, decision, today)

    async def scenario(app, pilot):
        await pilot.press("d")
        summary = str(app.screen.query_one("#drift-summary").render())
        assert summary.startswith("1 open decision · ")  # not "1 open decisions"

    run(scenario, demo, today)


def test_the_drift_tracker_lists_a_left_care_child_s_decisions_last_and_says_so(demo, today):
    """On a whole authority, years-old decisions of children who had left care led it."""
    from ..conftest import decision_of_a_child_who_left_care

    # Bereket (100117) left care on 16/03/2026; a decision from his last review, long due.
    decision_of_a_child_who_left_care(demo)
    shown = {}

    async def scenario(app, pilot):
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("g")  # grouped by child
        await pilot.pause()
        shown["rows"] = rows(app.screen.query_one(DataTable))
        shown["summary"] = str(app.screen.query_one("#drift-summary").render())

    run(scenario, demo, today)
    # His group is last, though his decision is the most overdue (243 days).
    assert shown["rows"][-2][0] == "Bereket Haile (left care)"
    assert shown["rows"][-1][0].strip() == "Plan the return home"
    # Said in the Days column, never cut (at 80 columns the child's "left care" was):
    # not "243 days overdue", as if it were drift on a child in care.
    assert shown["rows"][-1][3] == "left care"
    # The in-care counts apart from his: "15 open · 6 overdue · 1 of children who left
    # care" counted his decision in the first and not the second.
    open_in_care = demo.conn.execute(
        "SELECT count(*) FROM decisions d JOIN children c ON c.id = d.child_id "
        "WHERE d.status = 'open' AND c.child_ref != '100117'"
    ).fetchone()[0]
    assert shown["summary"].startswith(f"{open_in_care} open decisions in care · ")
    assert shown["summary"].endswith(
        " · 1 more of children who left care, listed last · grouped by child"
    )


def test_a_late_reply_is_said_late_and_no_resolution_comes_before_the_dispute(demo):
    """A reply received after its deadline showed only its date; a dispute could be
    resolved on a day before its own stages and replies."""

    async def scenario(app, pilot):
        app.open_child("100107")
        await pilot.pause()
        await pilot.press("E")
        fill(
            app,
            kind="informal",
            theme="legal_status",
            opened_date="21/05/2026",
            issue="No date for the asylum interview",
        )
        await pilot.press("f2")
        await pilot.pause()
        escalation_id = demo.conn.execute("SELECT max(id) FROM escalations").fetchone()[0]
        app.open_link(f"escalation:{escalation_id}")
        await pilot.pause()
        # Thu 21/05 + 5 WD, the Spring bank holiday (Mon 25/05) not counted: Fri 29/05.
        await pilot.press("p")
        fill(app, response="The TM will chase the Home Office", response_date="01/06/2026")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, EscalationScreen)
        assert rows(app.screen.query_one(DataTable))[0][4] == "01/06/2026 late"
        assert "(received 01/06/2026, late: due 29/05/2026)" in str(
            app.screen.query_one("#stage-detail").render()
        )
        before = store_contents(demo.path)
        await pilot.press("v")
        fill(app, resolved_date="25/05/2026", outcome="Interview booked")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        assert error_of(app, "resolved_date") == (
            "it had a reply from stage 1 (Informal challenge to the SW or team manager) on "
            "01/06/2026: it cannot be resolved before that"
        )
        assert store_contents(demo.path) == before
        fill(app, resolved_date="01/06/2026")
        await pilot.press("f2")
        await pilot.pause()
        assert not isinstance(app.screen, FormModal)

    run(scenario, demo, date(2026, 6, 2))
    assert demo.conn.execute(
        "SELECT resolved_date FROM escalations ORDER BY id DESC LIMIT 1"
    ).fetchone() == ("2026-06-01",)


def test_a_second_escalation_about_one_decision_is_refused(demo, today):
    """Two informal challenges about Ahmad's CAMHS referral ran side by side, each with
    its own reply due, and nothing said the first was open."""
    import pytest as _pytest

    from iro_tui.errors import BadInput
    from iro_tui.store import between

    values = {
        "kind": "informal",
        "theme": "needs_rights",
        "issue": "CAMHS referral not sent",
        "opened_date": date(2026, 5, 20),
    }
    first = between.open_escalation(demo, "100102", values, demo.rulebook(), [3])
    before = store_contents(demo.path)
    with _pytest.raises(BadInput) as refused:
        between.open_escalation(
            demo, "100102", {**values, "opened_date": today}, demo.rulebook(), [3]
        )
    assert str(refused.value) == (
        "an informal challenge about this decision is already open (since 20/05/2026): move "
        "it on to its next stage (n on it, from E on the diary) rather than open another"
    )
    assert store_contents(demo.path) == before
    # Its next stage is named before it is opened.
    assert between.next_stage_name(demo, first, skip=False) == "Team manager"
    assert between.next_stage_name(demo, first, skip=True) == "Service manager"
    between.resolve_escalation(demo, first, today, "Referral sent")
    between.open_escalation(demo, "100102", {**values, "opened_date": today}, demo.rulebook(), [3])


def test_the_drift_tracker_says_when_a_decision_is_under_escalation(demo, today):
    """Nothing on the tracker said a decision was already escalated: it was escalated
    again."""
    from iro_tui.store import between

    values = {"kind": "informal", "theme": "needs_rights", "issue": "CAMHS referral not sent"}
    between.open_escalation(
        demo, "100102", {**values, "opened_date": date(2026, 5, 20)}, demo.rulebook(), [3]
    )

    async def scenario(app, pilot):
        await pilot.press("d")
        await pilot.pause()
        screen = app.screen
        table = screen.query_one(DataTable)
        for row in range(table.row_count):
            table.move_cursor(row=row)
            await pilot.pause()
            line = screen.selected()
            if line is None:
                continue
            detail = str(screen.query_one("#drift-detail").render())
            under = "under an open informal challenge since 20/05/2026" in detail
            assert under is (line.decision.id == 3), detail

    run(scenario, demo, today)


def test_a_review_needed_sooner_brings_the_booked_one_forward_not_a_second(demo, today):
    """Arben (100105) has a review booked for Tue 16/06/2026. A change needing a review by
    Fri 05/06 added a second booking beside it, and the diary showed both meetings."""
    from iro_tui.domain.between import SignificantChange
    from iro_tui.store import between

    def booked():
        return demo.conn.execute(
            "SELECT r.id, r.scheduled_date FROM reviews r JOIN children c ON c.id = r.child_id "
            "WHERE c.child_ref = '100105' AND r.status = 'planned'"
        ).fetchall()

    assert booked() == [(66, "2026-06-16")]
    change = SignificantChange(
        category="semi_independent",
        notified_date=today,
        detail="Move to supported lodgings proposed",
        review_needed=True,
        review_by=date(2026, 6, 5),
        today=today,
    )
    between.record_significant_change(demo, "100105", change)
    assert booked() == [(66, "2026-06-05")]
    note = demo.conn.execute(
        "SELECT text FROM footprint_notes ORDER BY id DESC LIMIT 1"
    ).fetchone()[0]
    assert note.endswith("(the review booked for 16/06/2026 brought forward to 05/06/2026)")
    [item] = [i for i in agenda(demo, today) if i.child == "100105" and i.kind == "review"]
    assert (item.due, item.title) == (date(2026, 6, 5), "Additional review due")
    # Needed later than the booking: the booking stands, and is the one.
    later = change.model_copy(update={"review_by": date(2026, 6, 12)})
    between.record_significant_change(demo, "100105", later)
    assert booked() == [(66, "2026-06-05")]


def test_esc_on_a_mid_point_check_asks_before_losing_what_was_written(demo, today):
    """Esc left the check at once: every decision's progress and note were lost."""
    from iro_tui.widgets.confirm import Confirm

    async def scenario(app, pilot):
        app.open_link("midpoint:100102")
        await pilot.pause()
        screen = app.screen
        ids = [d.id for d in screen.open_decisions]
        fill(app, **{f"state_{ids[0]}": "overdue", f"note_{ids[0]}": "CAMHS still waiting"})
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert app.screen.question == (
            "The mid-point check is not saved yet. Leave it and lose it?"
        )
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one(f"#field-note_{ids[0]}").value == "CAMHS still waiting"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, MidpointScreen)
        # Untouched, Esc simply leaves.
        app.open_link("midpoint:100102")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, MidpointScreen | Confirm)

    run(scenario, demo, today)


def test_a_decision_no_longer_needed_says_why_and_leaves_the_diary_and_tracker(demo, today):
    """Overtaken by events (a move, a new plan): the annual report counted decisions "no
    longer needed", but nothing could record one, so it stayed overdue for years."""
    from iro_tui.domain.agenda import build_agenda
    from iro_tui.store.records import load_diary

    chosen = []

    async def scenario(app, pilot):
        await pilot.press("d")
        decision = app.screen.selected().decision
        chosen.append(decision)
        await pilot.press("enter")
        before = store_contents(demo.path)
        fill(app, state="dropped")
        await pilot.press("f2")
        assert isinstance(app.screen, FormModal)
        assert error_of(app, "note") == (
            "say why the decision is no longer needed (it is kept on the file)"
        )
        assert store_contents(demo.path) == before
        fill(app, note="Ahmad moved to a placement with CAMHS support on site")
        await pilot.press("f2")
        await pilot.pause()
        assert not isinstance(app.screen, FormModal)
        assert decision.id not in {line.decision.id for line in app.screen.lines}

    run(scenario, demo, today)
    [decision] = chosen
    assert demo.conn.execute(
        "SELECT status, completed_date FROM decisions WHERE id = ?", [decision.id]
    ).fetchone() == ("dropped", None)
    assert demo.conn.execute(
        "SELECT state, note FROM decision_progress WHERE decision_id = ? ORDER BY id DESC",
        [decision.id],
    ).fetchone() == ("dropped", "Ahmad moved to a placement with CAMHS support on site")
    items = build_agenda(load_diary(demo, today), demo.rulebook(), today)
    assert f"decision-{decision.id}" not in {i.key for i in items}


def test_a_midpoint_check_can_say_a_decision_is_no_longer_needed_with_why(demo, today):
    async def scenario(app, pilot):
        app.open_link("midpoint:100102")
        await pilot.pause()
        ids = [d.id for d in app.screen.open_decisions]
        fill(app, care_plan_reviewed=True, **{f"state_{ids[1]}": "dropped"})
        before = store_contents(demo.path)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, MidpointScreen)
        assert error_of(app, f"note_{ids[1]}") == "say why it is no longer needed"
        assert store_contents(demo.path) == before
        fill(app, **{f"note_{ids[1]}": "Pathway plan replaced by the leaving-care plan"})
        await pilot.press("f2")
        await pilot.pause()
        assert not isinstance(app.screen, MidpointScreen)

    run(scenario, demo, today)
    assert demo.conn.execute(
        "SELECT p.state, d.status FROM decision_progress p JOIN decisions d "
        "ON d.id = p.decision_id ORDER BY p.id DESC LIMIT 1"
    ).fetchone() == ("dropped", "dropped")
    note = demo.conn.execute(
        "SELECT text FROM footprint_notes WHERE kind = 'midpoint' ORDER BY id DESC LIMIT 1"
    ).fetchone()[0]
    assert "no longer needed (Pathway plan replaced by the leaving-care plan)." in note


def test_a_note_or_an_escalation_dated_before_the_child_was_in_care_is_refused(demo, today):
    """A note dated 01/01/2005 and an escalation opened 01/01/2000 were saved: the diary
    then opened on "9639 days overdue". Kidane came into care on 11/05/2026."""
    before = store_contents(demo.path)

    async def scenario(app, pilot):
        await pilot.press("f5")
        fill(app, child_ref="100108", kind="visit", text="Visited.", note_date="01/01/2005")
        await pilot.press("f2")
        await pilot.pause()
        assert error_of(app, "note_date") == (
            "that date is before the child came into care (11/05/2026)"
        )
        await pilot.press("escape")
        await pilot.press("y")  # discard
        await pilot.pause()
        app.open_form(Escalate("100108"))
        await pilot.pause()
        fill(app, kind="informal", theme="needs_rights", issue="PEP late", opened_date="01/01/2000")
        await pilot.press("f2")
        await pilot.pause()
        assert error_of(app, "opened_date") == (
            "that date is before the child came into care (11/05/2026)"
        )

    run(scenario, demo, today)
    assert store_contents(demo.path) == before


def test_a_note_being_typed_is_kept_and_given_back_after_the_app_stops(demo, today):
    """A note typed at a placement was lost to a flat battery: the form kept nothing
    until F2. Now what is typed is kept every half second and given back."""
    drafts = "SELECT count(*) FROM form_drafts"
    said = {}

    async def typing(app, pilot):
        await pilot.press("f5")
        fill(app, child_ref="100112", kind="visit", text="Visited Faisal at college; he")
        await until(pilot, lambda: count(demo, drafts) == 1, "kept")
        # The app stops here, the note unsaved (a kill, a flat battery).

    async def again(app, pilot):
        # F5 on another child's row gives that child's note, never Faisal's.
        await pilot.press("f5")
        await pilot.pause()
        said["elsewhere"] = app.screen.query_one("#field-text").text
        await pilot.press("escape")
        await pilot.pause()
        # On Faisal's row (or his screen, or the diary's "Finish the footprint note").
        app.screen.query_one("#agenda").move_cursor(row=faisal_row(app))
        await pilot.press("f5")
        await pilot.pause()
        said["text"] = app.screen.query_one("#field-text").text
        said["child"] = app.screen.query_one("#field-child_ref").value
        said["told"] = [str(n.message) for n in app._notifications]
        # Typing goes on where it stopped (the date had the focus, selected, and the
        # next key replaced it).
        await pilot.press(*" is settled.")
        said["typed on"] = app.screen.query_one("#field-text").text
        await pilot.press("f2")
        await pilot.pause()

    def faisal_row(app):
        table = app.screen.query_one("#agenda")
        return next(
            table.get_row_index(f"item-{n}")
            for n, item in enumerate(table.items)
            if item.child == "100112"
        )

    run(typing, demo, today)
    assert (
        count(demo, "SELECT count(*) FROM footprint_notes WHERE text LIKE 'Visited Faisal%'") == 0
    )
    run(again, demo, today)
    assert said["elsewhere"] == ""
    assert said["text"] == "Visited Faisal at college; he"
    assert said["typed on"] == "Visited Faisal at college; he is settled."
    assert said["child"] == "100112"
    assert "What was typed here before is back, not yet saved" in said["told"][0]
    assert count(demo, drafts) == 0  # saved: the draft goes
    assert (
        count(demo, "SELECT count(*) FROM footprint_notes WHERE text LIKE '%he is settled.'") == 1
    )


def test_a_note_discarded_leaves_no_draft_and_one_child_s_is_not_another_s(demo, today):
    drafts = "SELECT form FROM form_drafts"

    async def scenario(app, pilot):
        app.open_child("100112")
        await pilot.pause()
        await pilot.press("f5")
        fill(app, kind="visit", text="Faisal's note")
        await until(pilot, lambda: count(demo, "SELECT count(*) FROM form_drafts") == 1, "kept")
        assert [r[0] for r in demo.conn.execute(drafts)] == ["note:100112"]
        await pilot.press("escape")  # leaves it kept: the form stays open, asking
        await pilot.press("y")  # discard
        await pilot.pause()
        assert count(demo, "SELECT count(*) FROM form_drafts") == 0
        await pilot.press("f5")
        fill(app, kind="visit", text="Faisal again")
        await until(pilot, lambda: count(demo, "SELECT count(*) FROM form_drafts") == 1, "kept")
        await pilot.press("escape")
        await pilot.press("n")  # keep editing
        await pilot.pause()
        # Another child's note form opens empty, whatever Faisal's draft holds.
        app.pop_screen()
        await pilot.pause()
        app.open_child("100111")
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        assert app.screen.query_one("#field-text").text == ""

    run(scenario, demo, today)


def test_an_unsaved_note_is_in_the_diary_and_enter_gives_it_back(demo, today):
    """A note kept as a draft was found only by pressing F5 again on the same child."""
    from iro_tui.screens.diary import DiaryScreen

    seen = {}

    async def typing(app, pilot):
        app.open_child("100112")
        await pilot.pause()
        await pilot.press("f5")
        fill(app, kind="visit", text="Faisal: settled at college")
        await until(pilot, lambda: count(demo, "SELECT count(*) FROM form_drafts") == 1, "kept")

    async def next_day(app, pilot):
        assert isinstance(app.screen, DiaryScreen)
        table = app.screen.query_one("#agenda")
        [item] = [i for i in table.items if i.kind == "note-draft"]
        seen["item"] = (item.child, item.title, item.link)
        table.move_cursor(row=table.get_row_index(f"item-{table.items.index(item)}"))
        await pilot.press("enter")
        await pilot.pause()
        seen["text"] = app.screen.query_one("#field-text").text

    run(typing, demo, today)
    run(next_day, demo, today)
    assert seen["item"] == ("100112", "Finish the footprint note", "note-draft:note:100112")
    assert seen["text"] == "Faisal: settled at college"


def test_a_read_only_window_does_not_give_back_the_other_window_s_note(demo, today):
    """A second window (read-only) filled its note form with the first window's unsaved
    note, "What was typed here before is back... F2 saves it", and listed it in its diary."""
    import asyncio

    from iro_tui.__main__ import make_app
    from iro_tui.domain.clock import FixedClock
    from iro_tui.store.form_drafts import save_form_draft

    save_form_draft(demo, "note:100112", {"kind": "visit", "text": "Being written elsewhere"})
    seen = {}

    async def main():
        app = make_app(demo, FixedClock(today), read_only=True)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            table = app.screen.query_one("#agenda")
            seen["listed"] = [i.kind for i in table.items if i.kind == "note-draft"]
            app.open_child("100112")
            await pilot.pause()
            await pilot.press("f5")
            await pilot.pause()
            seen["text"] = app.screen.query_one("#field-text").text

    asyncio.run(main())
    assert seen == {"listed": [], "text": ""}
    assert count(demo, "SELECT count(*) FROM form_drafts") == 1  # the other window's, kept


def test_the_drift_tracker_groups_children_by_id_and_owners_by_role_too(demo, today):
    """Three children called Ellie Corran were one group, headed by one ID; an owner
    was grouped by name alone, two people of one name under the first one's role."""
    from iro_tui.store import changes

    # Tyler Brooks (100114) renamed as Dawit Tesfay (100101): two children of one name.
    changes.update_profile(demo, "100114", {"given_name": "Dawit", "family_name": "Tesfay"})
    # Jayden's decision given to a carer who is also called Grace Okafor.
    with demo.transaction():
        demo.conn.execute(
            "UPDATE decisions SET owner_role = 'carer' WHERE child_id = "
            "(SELECT id FROM children WHERE child_ref = '100115')"
        )
    seen = {}

    def groups(app) -> dict[tuple[str, str], list[str]]:
        found: dict[tuple[str, str], list[str]] = {}
        heading = ("", "")
        for row in rows(app.screen.query_one(DataTable)):
            if not row[3]:  # a group's heading: the name, then the ID or role
                heading = (row[0], row[1])
                found[heading] = []
            else:
                found[heading].append(row[1])
        return found

    async def scenario(app, pilot):
        await pilot.press("d")
        await pilot.pause()
        seen["by owner"] = groups(app)
        await pilot.press("g")  # by child
        await pilot.pause()
        seen["by child"] = groups(app)

    run(scenario, demo, today)
    by_child = seen["by child"]
    assert by_child[("Dawit Tesfay", "100101")] == ["Grace Okafor (Social worker)"]
    assert by_child[("Dawit Tesfay", "100114")] == ["Grace Okafor (Social worker)"] * 2
    by_owner = seen["by owner"]
    assert by_owner[("Grace Okafor", "Carer")] == ["Jayden Clarke (100115)"]
    assert sorted(by_owner[("Grace Okafor", "Social worker")]) == [
        "Dawit Tesfay (100101)",
        "Dawit Tesfay (100114)",
        "Dawit Tesfay (100114)",
    ]


def test_an_owner_is_one_group_however_their_role_was_saved(demo, today):
    """An owner chosen in the recording form is saved "Social worker"; one imported, or
    from an older store, "social_worker": Grace Okafor was listed twice (an adversarial
    check)."""
    with demo.transaction():
        demo.conn.execute(
            "UPDATE decisions SET owner_role = 'Social worker', owner_name = 'Grace  Okafor' "
            "WHERE child_id = (SELECT id FROM children WHERE child_ref = '100114')"
        )
    seen = {}

    async def scenario(app, pilot):
        await pilot.press("d")
        await pilot.pause()
        seen["rows"] = rows(app.screen.query_one(DataTable))

    run(scenario, demo, today)
    headings = [(" ".join(row[0].split()), row[1]) for row in seen["rows"] if not row[3]]
    assert headings.count(("Grace Okafor", "Social worker")) == 1


def test_a_follow_up_is_marked_done_from_the_diary(demo):
    """Enter on "Follow up a footprint note" opened the note to correct, with no way to
    say the follow-up was done: it stayed overdue for ever (an adversarial check)."""
    from iro_tui.screens.diary import DiaryScreen

    later = date(2026, 6, 9)
    with demo.transaction():
        note_id = demo.conn.execute(
            "INSERT INTO footprint_notes (child_id, note_date, kind, text, follow_up_date) "
            "SELECT id, '2026-05-30', 'visit', 'Visited Callum', '2026-06-08' FROM children "
            "WHERE child_ref = '100103'"
        ).lastrowid
    seen = {}

    async def scenario(app, pilot):
        table = app.screen.query_one("#agenda", DataTable)
        target = next(i for i, item in enumerate(table.items) if item.key == f"followup-{note_id}")
        table.move_cursor(row=table.get_row_index(f"item-{target}"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        seen["intro"] = str(app.screen.query_one(".form-intro").render())
        fill(app, followed_up=True)
        await pilot.press("f2")
        await pilot.pause()
        seen["screen"] = app.screen

    run(scenario, demo, later)
    assert seen["intro"].endswith("Tick 'Followed up' once it is done.")
    assert isinstance(seen["screen"], DiaryScreen)
    assert not [i for i in agenda(demo, later) if i.key == f"followup-{note_id}"]
    assert demo.conn.execute(
        "SELECT text, follow_up_date, follow_up_done FROM footprint_notes WHERE id = ?",
        (note_id,),
    ).fetchone() == ("Visited Callum", "2026-06-08", 1)


def test_an_open_formal_dispute_s_20_working_days_stay_in_the_diary(demo):
    """Once its stage's response was recorded, an open formal dispute dropped out of the
    diary, and running past its 20 working days (handbook 6.2) was said only on its own
    screen (an adversarial check). Begun Fri 29/05/2026, it ends by Fri 26/06/2026 (20 WD,
    no bank holiday from 30/05 to 26/06), and is shouted overdue on Mon 29/06."""
    with demo.transaction():
        child_id = demo.conn.execute(
            "SELECT id FROM children WHERE child_ref = '100112'"
        ).fetchone()[0]
        escalation = demo.conn.execute(
            "INSERT INTO escalations (child_id, kind, theme, issue, opened_date) "
            "VALUES (?, 'formal', 'permanence', 'No permanence plan', '2026-05-29')",
            [child_id],
        ).lastrowid
        demo.conn.execute(
            "INSERT INTO escalation_stages (escalation_id, stage_no, stage_name, opened_date, "
            "response_due, response, response_date) VALUES (?, 1, 'Team manager', "
            "'2026-05-29', '2026-06-05', 'Will look at it', '2026-06-04')",
            [escalation],
        )
    late = date(2026, 6, 29)
    [formal] = [i for i in agenda(demo, late) if i.key == f"formal-{escalation}"]
    assert (formal.due, formal.overdue, formal.title) == (
        date(2026, 6, 26),
        True,
        "Formal dispute: to be resolved",
    )
    with demo.transaction():
        demo.conn.execute(
            "UPDATE escalations SET resolved_date = '2026-06-29', outcome = 'Agreed' WHERE id = ?",
            [escalation],
        )
    assert not [i for i in agenda(demo, late) if i.key == f"formal-{escalation}"]


def test_a_resolved_escalation_takes_nothing_more(demo, today):
    """Resolved, its keys opened its forms as if it were open, and Resolve again wrote a
    new outcome over the one recorded, unsaid (an adversarial check)."""
    from iro_tui.store import between

    first = demo.conn.execute("SELECT min(id) FROM escalations").fetchone()[0]
    between.resolve_escalation(demo, first, today, "Referral sent")
    before = store_contents(demo.path)
    said = []

    async def scenario(app, pilot):
        app.open_link(f"escalation:{first}")
        await pilot.pause()
        for key in ("v", "p", "n"):
            await pilot.press(key)
            await pilot.pause()
            said.append((type(app.screen).__name__, str(list(app._notifications)[-1].message)))

    run(scenario, demo, today)
    assert [screen for screen, _ in said] == ["EscalationScreen"] * 3
    assert said[0][1].startswith("Resolved on 01/06/2026: nothing more is recorded on it")
    assert store_contents(demo.path) == before


def test_escalating_names_the_child_s_escalations_still_open(demo, today):
    """A second challenge on the same problem, not linked to the decision, was opened
    without a word of the first (an adversarial check): said, not refused."""
    seen = {}

    async def scenario(app, pilot):
        app.open_child("100102")  # Ahmad: an informal challenge open since 20/05/2026
        await pilot.pause()
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        seen["intro"] = str(app.screen.query_one(".form-intro").render())

    run(scenario, demo, today)
    assert "Already open for this child: 1 (" in seen["intro"]
    assert "since 20/05/2026): if it is the same problem, move that one on" in seen["intro"]


def test_the_drift_tracker_shows_enter_in_its_footer_at_80_columns_and_it_updates(demo, today):
    """Enter, which updates the selected decision, was found only in F1: the footer
    showed g, E and Esc (an adversarial check)."""
    from textual.widgets._footer import FooterKey

    from iro_tui.widgets.footer import SteadyFooter

    seen = {}

    async def scenario(app, pilot):
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DriftScreen)
        footer = app.screen.query_one(SteadyFooter)
        seen["keys"] = [(k.key, k.description) for k in footer.query(FooterKey)]
        await pilot.press("enter")
        await pilot.pause()
        seen["form"] = isinstance(app.screen, FormModal) and app.screen.query_one("#field-state")

    run(scenario, demo, today, size=(80, 24))
    assert ("enter", "Update") in seen["keys"]
    assert seen["form"]


CAMHS = "Refer for CAMHS assessment of sleep and low mood"


def test_a_decision_done_late_says_how_late_on_the_decisions_tab(demo, today):
    """Done on 28/05/2026, the CAMHS referral due 09/01/2026 showed a blank Days cell,
    as if done in time (an adversarial check): 139 days late, counted by hand (22 days
    left of January, 28, 31, 30, then 28)."""
    seen = {}

    async def scenario(app, pilot):
        app.open_child("100102", "decisions")
        await pilot.pause()
        table = app.screen.query_one("#decisions-table", DataTable)
        table.move_cursor(row=[r[3] for r in rows(table)].index(CAMHS))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        fill(app, state="done", completed_date="28/05/2026")
        await pilot.press("f2")
        await pilot.pause()
        table = app.screen.query_one("#decisions-table", DataTable)
        seen["rows"] = rows(table)
        table.move_cursor(row=[r[3] for r in rows(table)].index(CAMHS))
        await pilot.pause()
        seen["detail"] = str(app.screen.query_one("#decision-detail").render())

    run(scenario, demo, today, size=(80, 24))
    [camhs] = [r for r in seen["rows"] if r[3] == CAMHS]
    assert (camhs[0], camhs[1].strip(), camhs[2]) == ("09/01/2026", "139 days late", "done")
    assert "due 09/01/2026 · done 28/05/2026 (139 days late)" in " ".join(seen["detail"].split())


def test_the_drift_tracker_says_what_a_group_heading_is(demo, today):
    """On a group's heading the line under the table went blank and Enter did nothing,
    unsaid (an adversarial check)."""
    from iro_tui.widgets.detail_line import DetailLine
    from iro_tui.widgets.paged_table import PagedTable

    seen = {}

    async def scenario(app, pilot):
        await pilot.press("d")
        await pilot.pause()
        table = app.screen.query_one(PagedTable)
        table.move_cursor(row=0)  # the first group's heading
        await pilot.pause()
        seen["heading"] = str(app.screen.query_one("#drift-detail", DetailLine).render())
        table.move_cursor(row=1)
        await pilot.pause()
        seen["decision"] = str(app.screen.query_one("#drift-detail", DetailLine).render())

    run(scenario, demo, today)
    assert seen["heading"].startswith("A group's heading: ↓ to its decisions")
    assert seen["decision"] and not seen["decision"].startswith("A group's heading")
