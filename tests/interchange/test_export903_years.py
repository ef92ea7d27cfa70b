"""The 903 export follows the rules of the collection year asked for: SEX coding, MOTHER
and reviews for short breaks, the UASC home postcode, and placement codes by year."""

import csv
from datetime import date

import pytest

from iro_tui.__main__ import main
from iro_tui.domain.codes import placement_valid_in
from iro_tui.interchange.export903 import uasc_in_distance_window, uasc_in_year

from ..conftest import store_contents
from .real903 import TODAY, write_return
from .test_export903 import validate


@pytest.fixture
def db(tmp_path, capsys):
    """The fictional one-year return of real903.py, imported."""
    path = tmp_path / "s.sqlite"
    folder = write_return(tmp_path / "in")
    assert main(["--today", TODAY, "--db", str(path), "--plain", "import-903", str(folder)]) == 0
    capsys.readouterr()
    return path


def export(db, year, out, capsys) -> tuple[int, str]:
    code = main(["--db", str(db), "export", "903", "--year", str(year), "--out", str(out)])
    return code, capsys.readouterr().err


def read(out, name) -> list[list[str]]:
    with (out / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))[1:]


def sql(db, statement, *params):
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        conn.execute(statement, params)
        conn.commit()
    finally:
        conn.close()


def test_sex_is_1_or_2_before_2024_25_and_a_letter_from_then(db, tmp_path, capsys):
    # DfE rule 101: 2023-24 (year 2024) takes 1/2 only; 2024-25 (year 2025) takes M/F/U.
    assert export(db, 2024, tmp_path / "y2024", capsys)[0] == 0
    assert [(r[0], r[1]) for r in read(tmp_path / "y2024", "header.csv")] == [("200001", "2")]
    assert export(db, 2025, tmp_path / "y2025", capsys)[0] == 0
    header = read(tmp_path / "y2025", "header.csv")
    assert [(r[0], r[1]) for r in header] == [("200001", "F"), ("200002", "M")]
    # The UASC file codes SEX the same way as the Header (DfE internal check INT21).
    assert read(tmp_path / "y2025", "uasc.csv") == [["200002", "M", "03/02/2009", "03/02/2027"]]


def test_sex_not_known_cannot_go_in_a_return_before_2024_25(db, tmp_path, capsys):
    sql(db, "UPDATE children SET sex = 'U' WHERE child_ref = '200001'")
    before = store_contents(db)
    code, err = export(db, 2024, tmp_path / "y2024", capsys)
    assert code == 2
    assert err == (
        "iro-tui: the 903 return was not written; child 200001: sex not known: the 2023-24 "
        "return takes only 1 (male) or 2 (female) (DfE rule 101 before 2024-25)\n"
    )
    assert not (tmp_path / "y2024").exists()
    assert store_contents(db) == before
    assert export(db, 2026, tmp_path / "y2026", capsys)[0] == 0
    assert read(tmp_path / "y2026", "header.csv")[0][:2] == ["200001", "U"]


def test_a_girl_looked_after_only_for_short_breaks_needs_no_mother_and_has_no_reviews(
    db, tmp_path, capsys
):
    # 200004: only V3 episodes, MOTHER not recorded, a review on 08/05/2025. Rule 393
    # does not ask her MOTHER; rule 399 wants no MOTHER, REVIEW or REVIEW_CODE.
    assert export(db, 2026, tmp_path / "a", capsys)[0] == 0
    header = {r[0]: r for r in read(tmp_path / "a", "header.csv")}
    assert header["200004"][5] == ""
    assert [r[0] for r in read(tmp_path / "a", "reviews.csv")] == []
    # A MOTHER recorded in the app is left out of her return all the same.
    sql(db, "UPDATE children SET mother = 0 WHERE child_ref = '200004'")
    assert export(db, 2026, tmp_path / "b", capsys)[0] == 0
    assert {r[0]: r[5] for r in read(tmp_path / "b", "header.csv")}["200004"] == ""
    # A girl with any other legal status in the year still needs it (rule 393).
    sql(db, "UPDATE episodes SET ls = 'V2' WHERE decom = '2025-05-06'")
    sql(db, "UPDATE children SET mother = NULL WHERE child_ref = '200004'")
    code, err = export(db, 2026, tmp_path / "c", capsys)
    assert code == 2
    assert "child 200004: whether she is a mother (903 MOTHER) is not recorded" in err


# Year 2026 (2025-26): rule 406's window is 2025-26, 2024-25 and 2023-24, so a UASC
# status that ceased on or after 1 April 2023 still means no distance (no HOME_POST).
UASC_CEASED = {
    "still UASC (ceases at 18, in 2027)": ("2027-02-03", True, ""),
    "ceased in 2024-25": ("2024-06-01", False, ""),
    "ceased on 1 April 2023, the first day of the window": ("2023-04-01", False, ""),
    "ceased on 31 March 2023, the day before it": ("2023-03-31", False, "EC2V 7HH"),
}


@pytest.mark.parametrize("case", UASC_CEASED, ids=list(UASC_CEASED))
def test_the_uasc_home_postcode_is_kept_where_rule_406_allows(case, db, tmp_path, capsys):
    ceased, in_uasc_file, home_post = UASC_CEASED[case]
    sql(db, "UPDATE children SET uasc_ceased = ? WHERE child_ref = '200002'", ceased)
    assert export(db, 2026, tmp_path / "out", capsys)[0] == 0
    episodes = {r[0]: r for r in read(tmp_path / "out", "episodes.csv")}
    assert episodes["200002"][10] == home_post
    assert episodes["200002"][11] == "N22 8LE"
    uasc = [r[0] for r in read(tmp_path / "out", "uasc.csv")]
    # DfE rule 104: the UASC file holds only children whose status had not ceased
    # before the year began.
    assert uasc == (["200002"] if in_uasc_file else [])


def test_uasc_windows_by_hand():
    from iro_tui.domain.models import Child

    child = Child(child_ref="1", dob=date(2008, 5, 1), sex="M", uasc=True)
    ceased = child.model_copy(update={"uasc_ceased": date(2023, 4, 1)})
    assert uasc_in_year(child, 2026) and uasc_in_distance_window(child, 2026)
    assert not uasc_in_year(ceased, 2026) and uasc_in_distance_window(ceased, 2026)
    assert uasc_in_year(ceased, 2024)  # ceased during 2023-24: in that year's file
    assert not uasc_in_distance_window(ceased, 2027)  # 2024-25 is then the window's start
    never = Child(child_ref="2", dob=date(2008, 5, 1), sex="M")
    assert not uasc_in_year(never, 2026) and not uasc_in_distance_window(never, 2026)


def test_placement_codes_by_collection_year():
    # DfE rule 146's code lists: H5, P2, Z1 up to 2024-25; K3 from 2024-25 (the
    # validator's 2024-25 list spells it "k3", its rules 221 and 371 use "K3");
    # Z11-Z14 from 2025-26.
    assert placement_valid_in("H5", 2025) and not placement_valid_in("H5", 2026)
    assert placement_valid_in("Z1", 2019) and not placement_valid_in("Z1", 2026)
    assert not placement_valid_in("K3", 2024) and placement_valid_in("K3", 2025)
    assert not placement_valid_in("Z11", 2025) and placement_valid_in("Z14", 2026)
    assert placement_valid_in("U4", 2016) and placement_valid_in("U4", 2030)


def test_an_old_code_in_a_year_that_no_longer_has_it_is_named(db, tmp_path, capsys):
    # The H5 placement runs on past 1 April 2025 into 2025-26.
    sql(db, "UPDATE episodes SET decom = '2025-04-10' WHERE place = 'K3'")
    sql(db, "UPDATE episodes SET dec = '2025-04-10' WHERE place = 'H5'")
    code, err = export(db, 2026, tmp_path / "out", capsys)
    assert code == 2
    assert err == (
        "iro-tui: the 903 return was not written; child 200001: the placement from "
        "10/03/2023 is H5, a code the DfE stopped using after 2024-25: the 2025-26 "
        "return cannot take it (DfE rule 146)\n"
    )
    assert export(db, 2025, tmp_path / "y2025", capsys)[0] == 0  # still fine in 2024-25


# What the DfE validator (run with that year's rules) says of each return. 2024-25 is
# left out: its rule 146 lists "k3" in lower case, so it refuses every K3 placement.
# 2025-26: the short break (V3, foster care U6) has no URN, as rule 214 asks of every
# V3/V4 episode; the validator's 2025-26 rule 218 asks every U6 placement for one,
# whatever the legal status. The two cannot both be met; rule 214 is the one about
# short breaks.
VALIDATOR_SAYS = {2024: {}, 2026: {"218": 1}}


@pytest.mark.parametrize("year", VALIDATOR_SAYS)
def test_the_dfe_validator_of_that_year_accepts_the_return(year, db, tmp_path, capsys):
    out = tmp_path / "out"
    assert export(db, year, out, capsys)[0] == 0
    report = validate(out, year)
    assert report["issues"] == VALIDATOR_SAYS[year], report["messages"]


def test_several_problems_are_listed_one_a_line(capsys, monkeypatch):
    """27 problems joined by semicolons made one line no one could read."""
    from iro_tui.__main__ import _main
    from iro_tui.interchange import export903

    problems = ["child 200001: sex not known", "child 200002: no UPN", "child 200003: no DOB"]

    def refuse(argv):
        raise export903.ReturnRefused(problems)

    monkeypatch.setattr("iro_tui.__main__.run", refuse)
    assert _main(["export", "903"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "iro-tui: the 903 return was not written: 3 problems",
        *(f"  {p}" for p in problems),
    ]
    assert export903.ReturnRefused(problems[:1]).lines == [
        "the 903 return was not written; child 200001: sex not known"
    ]


def in_care_since_10_september(**values):
    """A girl typed in, in care since 10/09/2025 (C2, U4): the new-child form's values."""
    return {
        "family_name": "Owusu",
        "dob": date(2012, 3, 3),
        "sex": "F",
        "decom": date(2025, 9, 10),
        "ls": "C2",
        "cin": "N1",
        "place": "U4",
        "pl_post": "EN1 3XA",
        "urn": "XXXXXXX",
        "home_post": "EC2V 7HH",
        **values,
    }


def test_a_2nd_review_typed_in_for_care_begun_in_the_year_is_said_lacking_its_1st(
    demo, tmp_path, capsys
):
    """Care began 10/09/2025; the review of 15/12/2025 was typed in as the 2nd. The
    return lacked the 1st without a word, and imported back, the 2nd read as the 1st:
    its next review 3 months on (15/03/2026), not 6 (15/06/2026)."""
    from iro_tui.__main__ import main
    from iro_tui.domain.episodes import intake
    from iro_tui.store import changes

    values = in_care_since_10_september(
        child_ref="100150",
        given_name="Bella",
        place_provider="PR1",
        last_review=date(2025, 12, 15),
        last_review_number=2,
    )
    changes.add_child(demo, intake(values, date(2026, 1, 5), demo.rulebook()))
    changes.update_profile(
        demo, "100150", {"upn": "A123456789077", "ethnicity": "BAFR", "mother": False}
    )
    with demo.transaction():
        demo.conn.execute(
            "UPDATE reviews SET participation_code = 'PN1' WHERE child_id = "
            "(SELECT id FROM children WHERE child_ref = '100150')"
        )
    out = tmp_path / "return"
    code = main(["--db", str(demo.path), "export", "903", "--year", "2026", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 0
    assert (
        "iro-tui: warning: child 100150: the review of 15/12/2025 was the 2nd of the care "
        "that began 10/09/2025, but the store holds 0 reviews before it: the return lacks 1 "
        "review of its year"
    ) in err


def test_a_placement_with_no_provider_is_refused_by_the_export(demo, tmp_path, capsys):
    """An empty PLACE_PROVIDER was imported and sent on to the DfE, which refuses it for
    every placement but T0-T4 and Z1 (rule 178; an adversarial check)."""
    from iro_tui.__main__ import main
    from iro_tui.domain.episodes import intake
    from iro_tui.store import changes

    values = in_care_since_10_september(child_ref="100151", given_name="Ama", no_review_yet=True)
    changes.add_child(demo, intake(values, date(2025, 9, 12), demo.rulebook()))
    out = tmp_path / "return"
    code = main(["--db", str(demo.path), "export", "903", "--year", "2026", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert (
        "the placement from 10/09/2025 has no placement provider (PR0-PR5; DfE rule 178): "
        "Enter on it in the child's Legal tab"
    ) in err
    assert not out.exists()
