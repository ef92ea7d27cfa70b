"""A child who left care comes back into care (n on their screen): a new period of care,
whose reviews begin again at the 1st, or the next of a series of short breaks, whose
deadline goes on (domain.md's rulebook table). It could be recorded only by importing a
903 return: typed in again, the child was refused as "child ID already in use"."""

from datetime import date

from pydantic import ValidationError
from textual.widgets import Static

from iro_tui.domain.agenda import build_agenda
from iro_tui.domain.codes import CategoryOfNeed, LegalStatus, Placement
from iro_tui.domain.episodes import BackIntoCare
from iro_tui.domain.fields import problems_by_field
from iro_tui.domain.models import Episode
from iro_tui.screens.child import ChildScreen
from iro_tui.store.records import load_diary
from iro_tui.widgets.form import FormModal

from ..conftest import store_contents
from .helpers import error_of, fill, run


def reviews_due(store, today, child):
    items = build_agenda(load_diary(store, today), store.rulebook(), today)
    return [(i.due, i.title) for i in items if i.child == child and i.kind == "review"]


def episodes_of(store, child):
    return store.conn.execute(
        "SELECT e.decom, e.rne, e.ls, e.place, e.dec, e.rec, p.carer_name FROM episodes e "
        "JOIN children c ON c.id = e.child_id LEFT JOIN placements p ON p.episode_id = e.id "
        "WHERE c.child_ref = ? ORDER BY e.decom",
        (child,),
    ).fetchall()


def test_a_child_who_left_care_comes_back_and_their_1st_review_is_due(demo, today):
    """Bereket (100117) left care on 16/03/2026. Back on Wed 20/05/2026: the 1st review
    of the new period is due 20 WD later (CPPCR 2010 reg 33(2)(a)), the Spring bank
    holiday Mon 25/05 skipped: 21, 22 May (1-2), 26-29 May (3-6), 1-5 Jun (7-11),
    8-12 Jun (12-16), 15-18 Jun (17-20): Thu 18/06/2026."""
    assert reviews_due(demo, today, "100117") == []
    seen = {}

    async def scenario(app, pilot):
        app.open_child("100117")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        seen["intro"] = str(app.screen.query_one(".form-intro").render())
        # Not the next short break: the legal status is chosen, not carried over.
        await pilot.press("f2")
        seen["legal status"] = error_of(app, "ls")
        fill(app, decom="10/03/2026", ls="V2", cin="N8", place="U4")
        await pilot.press("f2")
        seen["too early"] = error_of(app, "decom")
        fill(app, decom="16/03/2026")
        await pilot.press("f2")
        seen["the same day"] = error_of(app, "decom")
        fill(app, decom="20/05/2026", place="U4", carer_name="Ms Selam Tesfaye")
        await pilot.press("f2")
        await pilot.pause()
        seen["screen"] = app.screen
        seen["banner"] = str(app.screen.query_one("#child-banner", Static).render())

    run(scenario, demo, today)
    assert seen["intro"] == (
        "Left care on 16/03/2026. A new period of care: its reviews begin again at the 1st."
    )
    assert (
        seen["too early"]
        == seen["the same day"]
        == (
            "the child was in care until 16/03/2026: a new period of care begins on a later day "
            "(DfE rule 431)"
        )
    )
    assert seen["legal status"] != ""
    assert isinstance(seen["screen"], ChildScreen)
    assert "in care · 1st review due 18/06/2026" in seen["banner"]
    assert episodes_of(demo, "100117")[-1] == (
        "2026-05-20",
        "S",
        "V2",
        "U4",
        None,
        None,
        "Ms Selam Tesfaye",
    )
    assert reviews_due(demo, today, "100117") == [(date(2026, 6, 18), "1st review due")]


def test_n_on_a_child_in_care_says_m_and_changes_nothing(demo, today):
    before = store_contents(demo.path)
    said = []

    async def scenario(app, pilot):
        app.open_child("100101")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        said.extend(str(n.message) for n in app._notifications)
        assert isinstance(app.screen, ChildScreen)

    run(scenario, demo, today)
    assert any(m.endswith("is in care: m records a move or new legal status") for m in said)
    assert store_contents(demo.path) == before


def test_the_next_short_break_keeps_the_series_deadline(store):
    """A V3 series: the first break began Tue 01/12/2026, ended 04/12/2026. Its 1st
    review is due 3 months after the first break (domain.md: short breaks): 01/03/2027.
    The next break, from Sun 10/01/2027, goes on with the series: still 01/03/2027, and
    not 20 WD from 10/01 as a new period of care would be (08/02/2027)."""
    from iro_tui.domain.episodes import LeavingCare, intake
    from iro_tui.store import changes, records

    changes.add_child(
        store,
        intake(
            {
                "child_ref": "300001",
                "given_name": "Amani",
                "family_name": "Okafor",
                "dob": date(2014, 3, 3),
                "sex": "F",
                "decom": date(2026, 12, 1),
                "ls": "V3",
                "cin": "N1",
                "place": "U6",
            },
            date(2026, 12, 1),
            store.rulebook(),
        ),
    )
    current = records.current_episode(store, "300001")
    changes.leave_care(
        store,
        "300001",
        LeavingCare(
            current=current, leave_date=date(2026, 12, 4), rec="E4A", today=date(2026, 12, 4)
        ),
    )
    assert reviews_due(store, date(2026, 12, 5), "300001")[0][0] == date(2027, 3, 1)

    async def scenario(app, pilot):
        app.open_child("300001")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert "The next short break (V3 or V4) goes on with the series" in str(
            app.screen.query_one(".form-intro").render()
        )
        fill(app, decom="10/01/2027")
        await pilot.press("f2")
        await pilot.pause()

    run(scenario, store, date(2027, 1, 10))
    assert [e[:4] for e in episodes_of(store, "300001")] == [
        ("2026-12-01", "S", "V3", "U6"),
        ("2027-01-10", "S", "V3", "U6"),
    ]
    assert reviews_due(store, date(2027, 1, 10), "300001")[0][0] == date(2027, 3, 1)


def _back(**overrides):
    last = Episode(
        decom=date(2025, 1, 6),
        rne="S",
        ls=LegalStatus("C2"),
        cin=CategoryOfNeed("N1"),
        place=Placement("U4"),
        dec=date(2026, 3, 16),
        rec="E13",
    )
    values = {
        "last": last,
        "dob": date(2009, 6, 10),
        "decom": date(2026, 5, 20),
        "ls": "C2",
        "cin": "N1",
        "place": "U4",
        "today": date(2026, 6, 1),
    } | overrides
    return BackIntoCare(**values)


def test_coming_back_is_refused_while_in_care_in_the_future_or_at_18():
    import pytest

    assert _back().episode().rne == "S"
    in_care = _back().last.model_copy(update={"dec": None, "rec": None})
    cases = [
        ({"last": in_care}, "form", "the child is in care: m records a move or new legal status"),
        ({"decom": date(2026, 6, 2)}, "decom", "that date is in the future"),
        ({"decom": date(2026, 3, 15)}, "decom", "in care until 16/03/2026"),
        ({"dob": date(2008, 5, 20)}, "decom", "only a child under 18 can be looked after"),
    ]
    for overrides, field, words in cases:
        with pytest.raises(ValidationError) as raised:
            _back(**overrides)
        [(said_of, said)] = problems_by_field(raised.value).items()
        assert said_of == field and words in said, overrides


def _on_breaks(store, child_ref="300002"):
    from iro_tui.domain.episodes import intake
    from iro_tui.store import changes

    values = {
        "child_ref": child_ref,
        "given_name": "Amani",
        "family_name": "Okafor",
        "dob": date(2014, 3, 3),
        "sex": "F",
        "decom": date(2026, 12, 1),
        "ls": "V3",
        "cin": "N1",
        "place": "U6",
    }
    changes.add_child(store, intake(values, date(2026, 12, 1), store.rulebook()))


def test_the_end_of_a_short_break_says_the_series_goes_on(store):
    """The leave-care form said "Their review deadlines leave the diary" of a short
    break, whose deadline rightly stays, and asked for a review before leaving care."""
    _on_breaks(store)
    seen = {}

    async def scenario(app, pilot):
        app.open_child("300002")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        seen["intro"] = str(app.screen.query_one(".form-intro").render())
        fill(app, leave_date="04/12/2026", rec="E4A")
        await pilot.press("f2")
        await pilot.pause()
        seen["said"] = [str(n.message) for n in app._notifications]

    run(scenario, store, date(2026, 12, 4))
    assert seen["intro"] == (
        "The end of a short break: the series' review deadline stays in the diary between "
        "breaks, and n on the child's screen records the next break."
    )
    assert not [m for m in seen["said"] if "3.77" in m]
    assert reviews_due(store, date(2026, 12, 5), "300002")[0][0] == date(2027, 3, 1)


def test_leaving_care_with_no_review_held_says_so_in_plain_words(store):
    from iro_tui.domain.episodes import LeavingCare, intake, notes_on_leaving
    from iro_tui.store import changes, records

    values = {
        "child_ref": "300003",
        "given_name": "Jonah",
        "family_name": "Price",
        "dob": date(2012, 1, 9),
        "sex": "M",
        "decom": date(2026, 11, 2),
        "ls": "V2",
        "cin": "N1",
        "place": "U6",
    }
    changes.add_child(store, intake(values, date(2026, 11, 2), store.rulebook()))
    current = records.current_episode(store, "300003")
    leaving = LeavingCare(
        current=current, leave_date=date(2026, 11, 20), rec="E13", today=date(2026, 11, 20)
    )
    [note] = notes_on_leaving(records.load_child(store, "300003").case, leaving)
    assert "(handbook 3.77), and no review has been held. If none was held" in note


def test_a_child_with_no_episode_comes_into_care_with_n_on_their_screen(store):
    """A 903 Header row with no Episodes row: the intake refused the child as "in use",
    and n on their screen said "import their 903 episodes"."""

    with store.transaction() as db:
        db.table("children").insert(
            {"child_ref": "900006", "dob": "2013-04-02", "sex": "F", "given_name": "Ama"}
        )
    seen = {}

    async def scenario(app, pilot):
        app.open_child("900006")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        seen["intro"] = str(app.screen.query_one(".form-intro").render())
        fill(app, decom="01/06/2026", ls="C2", cin="N1", place="U4")
        await pilot.press("f2")
        await pilot.pause()

    run(scenario, store, date(2026, 6, 1))
    assert seen["intro"].startswith("Not in care in the store yet (a 903 Header row with no")
    assert [e[:3] for e in episodes_of(store, "900006")] == [("2026-06-01", "S", "C2")]
    # Mon 01/06/2026 + 20 WD, no bank holiday on the way: Mon 29/06/2026.
    assert reviews_due(store, date(2026, 6, 1), "900006") == [(date(2026, 6, 29), "1st review due")]


def test_n_on_a_young_person_of_18_says_so_and_opens_nothing(demo):
    """Bereket (100117) turns 18 on 17/09/2026: the form opened, and refused every day."""
    said = []

    async def scenario(app, pilot):
        app.open_child("100117")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        said.extend(str(n.message) for n in app._notifications)
        assert isinstance(app.screen, ChildScreen)

    run(scenario, demo, date(2026, 10, 1))
    assert "Bereket Haile is 18 or over: only a child under 18 is looked after" in said


def test_leaving_again_names_the_last_review_of_this_period_only(demo, today):
    """Back in care on 20/05/2026, leaving on 01/06: "the last review held was on
    04/12/2025" named a review of the period before."""
    from iro_tui.domain.episodes import LeavingCare, notes_on_leaving
    from iro_tui.store import changes, records
    from iro_tui.store.records import load_child

    last = records.load_child(demo, "100117").case.episodes[-1]
    back = BackIntoCare(
        last=last,
        dob=date(2008, 9, 17),
        decom=date(2026, 5, 20),
        ls="V2",
        cin="N8",
        place="U6",
        today=date(2026, 5, 20),
    )
    from iro_tui.domain.records import PlacementDetails

    changes.back_into_care(demo, "100117", back, PlacementDetails())
    current = records.current_episode(demo, "100117")
    leaving = LeavingCare(current=current, leave_date=today, rec="E13", today=today)
    [note] = notes_on_leaving(load_child(demo, "100117").case, leaving)
    assert "and no review has been held" in note


def test_snapshot_back_into_care_form(snap_compare, demo, today):
    from iro_tui.__main__ import make_app
    from iro_tui.domain.clock import FixedClock

    async def opened(pilot):
        pilot.app.open_child("100117")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()

    assert snap_compare(
        make_app(demo, FixedClock(today)), terminal_size=(80, 24), run_before=opened
    )


def test_a_child_typed_in_on_short_breaks_is_told_each_break_is_an_episode(demo, today):
    """Left open, one break typed in ran for a year (DfE rules 365 and 367)."""
    said = []

    async def scenario(app, pilot):
        await pilot.press("n")
        await pilot.pause()
        fill(
            app,
            child_ref="100140",
            given_name="Zara",
            family_name="Idowu",
            dob="12/02/2015",
            sex="F",
            decom="29/05/2026",
            no_review_yet=True,
            ls="V3",
            cin="N1",
            place="U4",
        )
        await pilot.press("f2")
        await pilot.pause()
        said.extend(str(n.message) for n in app._notifications)

    run(scenario, demo, today)
    assert (
        "Short breaks: each break is an episode of its own. When this one ends, l on the "
        "child's screen; when the next begins, n"
    ) in said


def test_coming_back_after_an_age_assessment_of_18_says_so_first(store):
    """E15 (assessed 18 or over): the DfE refuses an episode after it (rule 437)."""
    from iro_tui.domain.episodes import LeavingCare, intake
    from iro_tui.store import changes, records

    values = {
        "child_ref": "300004",
        "given_name": "Samuel",
        "family_name": "Tesfaye",
        "dob": date(2010, 1, 1),
        "sex": "M",
        "decom": date(2026, 5, 1),
        "ls": "V2",
        "cin": "N8",
        "place": "U6",
    }
    changes.add_child(store, intake(values, date(2026, 5, 1), store.rulebook()))
    current = records.current_episode(store, "300004")
    changes.leave_care(
        store,
        "300004",
        LeavingCare(
            current=current, leave_date=date(2026, 5, 20), rec="E15", today=date(2026, 5, 20)
        ),
    )
    seen = {}

    async def scenario(app, pilot):
        app.open_child("300004")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        seen["intro"] = str(app.screen.query_one(".form-intro").render())

    run(scenario, store, date(2026, 6, 1))
    assert "an age assessment finding them 18 or over (E15)" in seen["intro"]
