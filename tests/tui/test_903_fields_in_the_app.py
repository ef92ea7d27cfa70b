"""What the 903 return needs of a child typed in the app, given in the app: the UPN,
ethnicity and MOTHER on the profile (e), a placement's Ofsted URN and the home postcode
on the intake (n), a return to care and a move (m). The export refused a child typed in,
saying "give the child's UPN" with nowhere to give it; a move to a children's home took
the foster home's postcode and URN (DfE rule 242)."""

from datetime import date

from iro_tui.interchange.export903 import problems_of
from iro_tui.store.records import load_child

from ..conftest import store_contents
from .helpers import error_of, fill, run


def test_the_profile_takes_the_upn_ethnicity_and_mother_and_refuses_a_bad_upn(demo, today):
    seen = {}

    async def scenario(app, pilot):
        app.open_child("100113")  # Leila Ahmadi, 14
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        before = store_contents(demo.path)
        fill(app, upn="S123456789012")  # S is never a UPN's letter (DfE rule 168)
        await pilot.press("f2")
        await pilot.pause()
        seen["error"] = error_of(app, "upn")
        seen["unchanged"] = store_contents(demo.path) == before
        fill(app, upn="b12345678901 2", ethnicity="MWBA", mother="no")
        await pilot.press("f2")
        await pilot.pause()

    run(scenario, demo, today)
    assert seen["error"] == (
        "'S123456789012' is not a UPN: it never begins with I, O or S (DfE rule 168)"
    )
    assert seen["unchanged"]
    child = load_child(demo, "100113").case.child
    assert (child.upn, child.ethnicity, child.mother) == ("B123456789012", "MWBA", False)
    assert not [p for p in problems_of(load_child(demo, "100113").case) if "UPN" in p]


def test_a_child_typed_in_gives_the_urn_and_home_postcode_of_their_episode(demo, today):
    async def scenario(app, pilot):
        await pilot.press("n")
        await pilot.pause()
        fill(
            app,
            child_ref="100130",
            given_name="Nia",
            family_name="Boateng",
            dob="12/02/2012",
            sex="F",
            decom="01/06/2026",
            no_review_yet=True,
            ls="C1",
            cin="N1",
            place="K2",
            pl_post="EN1 3XA",
            urn="sc123456",
            home_post="ec2v7hh",
        )
        await pilot.press("f2")
        await pilot.pause()

    run(scenario, demo, today)
    [episode] = demo.load_episodes("100130")
    assert (episode.pl_post, episode.urn, episode.home_post) == ("EN1 3XA", "SC123456", "EC2V 7HH")


def test_a_move_to_a_new_placement_takes_its_own_postcode_and_urn_not_the_last(demo, today):
    """Dawit (100101) is with foster carers (U6, URN XXXXXXX). Moved to a children's
    home with no postcode or URN typed, the new episode has none (the export then asks
    for them), where it took the foster home's."""
    [first] = demo.load_episodes("100101")
    assert first.urn == "XXXXXXX" and first.pl_post

    async def move(app, pilot):
        app.open_child("100101")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        fill(app, change_date="20/05/2026", place="K2", reason_place_change="CREQO")
        await pilot.press("f2")
        await pilot.pause()

    run(move, demo, today)
    moved = demo.load_episodes("100101")[-1]
    assert (moved.place.value, moved.pl_post, moved.urn) == ("K2", None, None)
    said = problems_of(load_child(demo, "100101").case)
    assert "the placement from 20/05/2026 has no postcode" in " ".join(said)


def test_a_change_of_legal_status_alone_keeps_the_placements_postcode_and_urn(demo, today):
    [first] = demo.load_episodes("100101")

    async def legal(app, pilot):
        app.open_child("100101")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        fill(app, change_date="25/05/2026", ls="C2")
        await pilot.press("f2")
        await pilot.pause()

    run(legal, demo, today)
    latest = demo.load_episodes("100101")[-1]
    assert latest.rne.value == "L"
    assert (latest.pl_post, latest.urn, latest.home_post) == (
        first.pl_post,
        first.urn,
        first.home_post,
    )
    assert date(2026, 5, 25) == latest.decom


def test_a_boys_profile_does_not_ask_whether_she_is_a_mother(demo, today):
    seen = {}

    async def scenario(app, pilot):
        app.open_child("100101")  # Dawit
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        seen["mother"] = bool(app.screen.query("#field-mother"))
        seen["upn"] = bool(app.screen.query("#field-upn"))

    run(scenario, demo, today)
    assert seen == {"mother": False, "upn": True}


def test_a_mother_gives_her_childs_date_of_birth(demo, today):
    """'She is a mother: Yes' was taken with no date of birth for her child, and the
    export wrote a return the DfE refuses (rule 611)."""
    seen = {}

    async def scenario(app, pilot):
        app.open_child("100113")  # Leila, 16
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        fill(app, mother="yes")
        await pilot.press("f2")
        await pilot.pause()
        seen["error"] = error_of(app, "mc_dob")
        fill(app, mc_dob="03/02/2027")
        await pilot.press("f2")
        await pilot.pause()
        seen["future"] = error_of(app, "mc_dob")
        fill(app, mc_dob="21/01/2010")  # the day after her own birth
        await pilot.press("f2")
        await pilot.pause()
        seen["young"] = error_of(app, "mc_dob")
        fill(app, mc_dob="03/02/2026")
        await pilot.press("f2")
        await pilot.pause()

    run(scenario, demo, today)
    assert seen["error"] == "give her child's date of birth (the 903 asks it of a mother)"
    assert seen["future"] == "her child's date of birth is in the future"
    assert seen["young"] == "she was 0 on that date: check her child's date of birth"
    child = load_child(demo, "100113").case.child
    assert (child.mother, child.mc_dob) == (True, date(2026, 2, 3))


def test_the_export_names_a_shared_upn_un1_at_school_age_and_a_mother_with_no_child_dob(
    demo, tmp_path, capsys
):
    """Each was written, and the DfE refuses it (rules 444, 209 and 611)."""
    from iro_tui.__main__ import main
    from iro_tui.store import changes

    changes.update_profile(demo, "100103", {"upn": "W201400014100"})  # 100101's
    changes.update_profile(demo, "100104", {"upn": "UN1"})  # born 08/07/2008
    changes.update_profile(demo, "100113", {"mother": True})
    out = tmp_path / "return"
    code = main(["--db", str(demo.path), "export", "903", "--year", "2026", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert "children 100101, 100103: the same UPN W201400014100 (DfE rule 444)" in err
    assert "child 100104: UN1 says the child is under school age" in err
    assert "child 100113: she is a mother, but her child's date of birth (903 MC_DOB)" in err
    assert "child 100115: UN1" not in err  # Jayden was 1 on 31/08/2024: under school age


def test_a_move_to_adopters_who_are_the_foster_carers_keeps_the_carer(demo, today):
    """A3 and A5 are placements for adoption with the current foster carers: a changed
    carer was taken, and the 903 got an RNE the DfE refuses (rule 217)."""
    seen = {}

    async def scenario(app, pilot):
        app.open_child("100115")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        fill(
            app,
            change_date="20/05/2026",
            ls="E1",
            place="A5",
            carer_changed=True,
            reason_place_change="CARPL",
        )
        await pilot.press("f2")
        await pilot.pause()
        seen["error"] = error_of(app, "carer_changed")

    run(scenario, demo, today)
    assert seen["error"] == (
        "A5 is a placement for adoption with the current foster carers: the carer does not "
        "change (DfE rule 217)"
    )


def test_a_review_typed_in_at_the_intake_is_given_its_participation_code(
    demo, today, tmp_path, capsys
):
    """The last review held, typed at the intake, had no PN code: the export wrote it
    blank (DfE rule 167) and iro-tui's own import refused that return. The export now
    names it, and u on the review takes the code, checked against the child's age."""
    from iro_tui.__main__ import main

    async def intake(app, pilot):
        await pilot.press("n")
        await pilot.pause()
        fill(
            app,
            child_ref="100131",
            given_name="Kofi",
            family_name="Mensah",
            dob="12/02/2012",
            sex="M",
            decom="06/01/2025",
            last_review="19/12/2025",
            last_review_number="2",
            ls="C2",
            cin="N1",
            place="U4",
            pl_post="EN1 3XA",
            urn="XXXXXXX",
            home_post="EC2V 7HH",
        )
        await pilot.press("f2")
        await pilot.pause()

    run(intake, demo, today)
    from iro_tui.store import changes

    changes.update_profile(demo, "100131", {"upn": "A123456789099", "ethnicity": "BAFR"})
    out = tmp_path / "return"
    assert main(["--db", str(demo.path), "export", "903", "--year", "2026", "--out", str(out)]) == 2
    assert (
        "child 100131: the review of 19/12/2025 has no participation code"
        in capsys.readouterr().err
    )
    [(review_id,)] = demo.conn.execute(
        "SELECT r.id FROM reviews r JOIN children c ON c.id = r.child_id "
        "WHERE c.child_ref = '100131' AND r.status = 'held'"
    ).fetchall()
    seen = {}

    async def number(app, pilot):
        from iro_tui.screens.requests import NumberReview

        app.open_form(NumberReview("100131", review_id))
        await pilot.pause()
        fill(app, participation_code="PN0")
        await pilot.press("f2")
        await pilot.pause()
        seen["too old"] = error_of(app, "participation_code")
        fill(app, participation_code="PN1")
        await pilot.press("f2")
        await pilot.pause()

    run(number, demo, today)
    assert seen["too old"] == "PN0 is only for children under 4; Kofi Mensah was 13"
    assert demo.conn.execute(
        "SELECT participation_code, review_number FROM reviews WHERE id = ?", (review_id,)
    ).fetchone() == ("PN1", 2)


def test_the_export_names_a_held_review_with_no_participation_code(demo, tmp_path, capsys):
    from iro_tui.__main__ import main

    with demo.transaction():
        demo.conn.execute(
            "UPDATE reviews SET participation_code = NULL WHERE id = (SELECT r.id FROM "
            "reviews r JOIN children c ON c.id = r.child_id WHERE c.child_ref = '100102' "
            "AND r.status = 'held' AND r.held_date = '2025-11-27')"
        )
    out = tmp_path / "return"
    code = main(["--db", str(demo.path), "export", "903", "--year", "2026", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert (
        "child 100102: the review of 27/11/2025 has no participation code (903 REVIEW_CODE): "
        "u on it in the child's Reviews tab"
    ) in err


def test_an_earlier_placement_is_given_its_postcode_and_urn_from_the_legal_tab(demo, today):
    """An episode before an adoptive placement, made by the intake, had no postcode or
    URN, and no form could give them: the export refused the child for good."""
    from textual.widgets import DataTable

    [first] = demo.load_episodes("100101")
    with demo.transaction():
        demo.conn.execute(
            "UPDATE episodes SET pl_post = NULL, urn = NULL WHERE child_id = "
            "(SELECT id FROM children WHERE child_ref = '100101')"
        )
    said = [p for p in problems_of(load_child(demo, "100101").case) if "Legal tab" in p]
    assert len(said) == 2
    seen = {}

    async def scenario(app, pilot):
        app.open_child("100101", "legal")
        await pilot.pause()
        table = app.screen.query_one("#episodes", DataTable)
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        seen["title"] = app.screen.form_title
        fill(app, pl_post="not one")
        await pilot.press("f2")
        await pilot.pause()
        seen["error"] = error_of(app, "pl_post")
        fill(app, pl_post="n22 8le", urn="sc123456")
        await pilot.press("f2")
        await pilot.pause()

    run(scenario, demo, today)
    assert seen["title"].startswith("The placement from 04/11/2024 to now: U6")
    assert seen["error"] == "'not one' is not a UK postcode (one like EN1 3XA)"
    [episode] = demo.load_episodes("100101")
    assert (episode.pl_post, episode.urn) == ("N22 8LE", "SC123456")
    # Its dates and codes are as they were.
    assert (episode.decom, episode.place, episode.rne) == (first.decom, first.place, first.rne)
    assert not [p for p in problems_of(load_child(demo, "100101").case) if "Legal tab" in p]
    assert demo.audit_rows("episodes")[-1]["action"] == "update"


def test_the_profile_and_placement_tabs_show_what_the_return_takes(demo, today):
    seen = {}

    async def scenario(app, pilot):
        app.open_child("100113")  # Leila: UPN Y201401215112, not a mother
        await pilot.pause()
        seen["profile"] = _text_of(app.screen.query_one("#profile-body").content)
        await pilot.press("3")
        await pilot.pause()
        seen["placement"] = _text_of(app.screen.query_one("#placement-body").content)

    run(scenario, demo, today)
    assert "UPN" in seen["profile"] and "Y201401215112" in seen["profile"]
    assert "Mother" in seen["profile"]
    assert "Ofsted URN" in seen["placement"] and "Home postcode" in seen["placement"]


def _text_of(renderable) -> str:
    import io

    from rich.console import Console

    console = Console(width=120, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def test_a_review_cannot_be_numbered_before_the_ones_held_before_it(demo, today):
    """Leila's review of 01/05/2025 is her 1st (care began 07/04/2025; held within 20
    working days). Her later reviews were each taken as "the 1st" without a word, and a
    false overdue 2nd review followed."""
    from iro_tui.screens.requests import NumberReview

    ids = dict(
        demo.conn.execute(
            "SELECT r.held_date, r.id FROM reviews r JOIN children c ON c.id = r.child_id "
            "WHERE c.child_ref = '100113' AND r.status = 'held'"
        ).fetchall()
    )
    before = store_contents(demo.path)
    seen = {}

    async def scenario(app, pilot):
        app.open_form(NumberReview("100113", ids["2026-01-29"]))
        await pilot.pause()
        fill(app, review_number="1")
        await pilot.press("f2")
        await pilot.pause()
        seen["error"] = error_of(app, "review_number")
        seen["unchanged"] = store_contents(demo.path) == before
        fill(app, review_number="3")
        await pilot.press("f2")
        await pilot.pause()

    run(scenario, demo, today)
    assert seen["error"] == (
        "the review of 01/05/2025, before this one, was the 1st: this one comes after it"
    )
    assert seen["unchanged"]
    assert demo.conn.execute(
        "SELECT review_number FROM reviews WHERE id = ?", (ids["2026-01-29"],)
    ).fetchone() == (3,)


def test_u_takes_the_participation_code_without_a_made_up_number(demo, today):
    """Which review it was was required: to give the 903's participation code an IRO who
    did not know put "8th", and the deadlines counted on from it."""
    from iro_tui.screens.requests import NumberReview

    async def intake(app, pilot):
        await pilot.press("n")
        await pilot.pause()
        fill(
            app,
            child_ref="100132",
            given_name="George",
            family_name="Asante",
            dob="12/02/2011",
            sex="M",
            decom="06/01/2024",
            last_review="10/11/2025",
            last_review_number="Not known",
            ls="C2",
            cin="N1",
            place="U4",
        )
        await pilot.press("f2")
        await pilot.pause()

    run(intake, demo, today)
    [(review_id,)] = demo.conn.execute(
        "SELECT r.id FROM reviews r JOIN children c ON c.id = r.child_id "
        "WHERE c.child_ref = '100132' AND r.status = 'held'"
    ).fetchall()
    seen = {}

    async def code_only(app, pilot):
        app.open_form(NumberReview("100132", review_id))
        await pilot.pause()
        await pilot.press("f2")  # nothing chosen
        await pilot.pause()
        seen["nothing"] = error_of(app, "review_number")
        fill(app, participation_code="PN1")
        await pilot.press("f2")
        await pilot.pause()

    run(code_only, demo, today)
    assert seen["nothing"] == "say which review it was, or how the child took part"
    assert demo.conn.execute(
        "SELECT participation_code, review_number FROM reviews WHERE id = ?", (review_id,)
    ).fetchone() == ("PN1", None)


def test_a_childs_id_typed_wrong_is_put_right_and_what_is_kept_goes_with_it(demo, today):
    """The 903 ID could not be changed after the intake: a later return, which finds a
    child by it, would make a second child. A note being typed is kept under the ID."""
    from iro_tui.screens.child import ChildScreen
    from iro_tui.store.form_drafts import load_form_draft, save_form_draft

    save_form_draft(demo, "note:100114", {"child_ref": "100114", "text": "Tyler rang"})
    seen = {}

    async def scenario(app, pilot):
        app.open_child("100114")
        await pilot.pause()
        await pilot.press("number_sign")
        await pilot.pause()
        fill(app, child_ref="100101")  # Dawit's
        await pilot.press("f2")
        await pilot.pause()
        seen["taken"] = error_of(app, "child_ref")
        fill(app, child_ref="T100114")
        await pilot.press("f2")
        await pilot.pause()
        seen["screen"] = app.screen
        seen["ref"] = getattr(app.screen, "child_ref", None)

    run(scenario, demo, today)
    assert seen["taken"].startswith("child ID 100101 is already in use")
    assert isinstance(seen["screen"], ChildScreen) and seen["ref"] == "T100114"
    assert demo.child_id("100114") is None and demo.child_id("T100114") is not None
    assert load_form_draft(demo, "note:100114") is None
    assert load_form_draft(demo, "note:T100114") == {"child_ref": "T100114", "text": "Tyler rang"}
    assert demo.audit_rows("children")[-1]["action"] == "update"
