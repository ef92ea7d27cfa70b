"""903 files as councils' systems really write them: accepted when only the shape
differs; refused, with every problem listed, when the data is wrong."""

import sqlite3

import pytest

from iro_tui.__main__ import main
from iro_tui.domain.codes import PLACEMENT_MEANING

from ..conftest import store_contents
from .real903 import (
    RETURN_903,
    TODAY,
    iso_dates,
    shuffled_with_extras,
    with_duplicates,
    with_other_903_files,
    write_return,
)


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(["--today", TODAY, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def what_was_stored(db) -> dict[str, list[tuple]]:
    """The 903 facts in the store, without row ids, for comparing two imports."""
    conn = sqlite3.connect(db)
    try:
        return {
            "children": conn.execute(
                "SELECT child_ref, sex, dob, ethnicity, upn, mother, mc_dob, uasc, uasc_ceased "
                "FROM children ORDER BY child_ref"
            ).fetchall(),
            "episodes": conn.execute(
                "SELECT c.child_ref, decom, rne, ls, cin, place, place_provider, dec, rec, "
                "reason_place_change, home_post, pl_post, urn FROM episodes e "
                "JOIN children c ON c.id = e.child_id ORDER BY 1, 2"
            ).fetchall(),
            "reviews": conn.execute(
                "SELECT c.child_ref, held_date, participation_code, review_number FROM reviews r "
                "JOIN children c ON c.id = r.child_id ORDER BY 1, 2"
            ).fetchall(),
        }
    finally:
        conn.close()


# The files hold 200001's reviews from 20/09/2023 on, as a case-management system's
# export of every review does: taken as holding each from 01/04/2023. Said first.
OVER_YEARS = (
    "its reviews run from 20/09/2023 to 08/05/2025, over more than one collection year (a "
    "return holds one, 1 April to 31 March): taken as holding every review from 01/04/2023, "
    "and as the 2025-26 return: a 2024-25 return imported after it only fills in what the "
    "store lacks"
)
# 200002 (S, 15/01/2025) and 200004 (S, 06/05/2025) came into care since: the files
# hold all their reviews, which are numbered (domain/history.py, numbers_in_a_return).
NUMBERED = (
    "read as the 2025-26 return (01/04/2025 to 31/03/2026): it holds every review from "
    "01/04/2023, so the reviews of 2 children whose care began since are numbered from "
    "the 1st"
)
# 200003 is in the Header only: said on every import of it, before the numbering.
NO_EPISODE = (
    "1 child with no episode, so not in care and with no deadline: 200003 (an Episodes "
    "row missing from the return?)"
)


@pytest.fixture
def plain_import(tmp_path, capsys):
    """The return as the DfE writes it, imported: what every variant must match."""
    db = tmp_path / "plain.sqlite"
    code, out, err = run(
        capsys, "--db", str(db), "--plain", "import-903", str(write_return(tmp_path / "p"))
    )
    assert (code, err) == (0, "")
    assert out == (
        "imported 4 children (4 new), 4 episodes, 6 reviews, 0 missing episodes\n"
        + OVER_YEARS
        + "\n"
        + NO_EPISODE
        + "\n"
        + NUMBERED
        + "\n"
    )
    return what_was_stored(db)


def test_the_plain_return_imports_every_child_as_written(plain_import):
    assert [c[0] for c in plain_import["children"]] == ["200001", "200002", "200003", "200004"]
    # No S episode for 200001 (in care before the year); an old code kept as history.
    assert [(e[0], e[1], e[2], e[5]) for e in plain_import["episodes"]] == [
        ("200001", "2023-03-10", "P", "H5"),
        ("200001", "2025-03-31", "P", "K3"),
        ("200002", "2025-01-15", "S", "U6"),
        ("200004", "2025-05-06", "S", "U6"),
    ]
    assert plain_import["children"][2][:3] == ("200003", "M", "2016-08-20")  # Header only


VARIANTS = {
    "UTF-8 BOM and CRLF line ends": (lambda t: t, {"bom": True, "crlf": True}, []),
    "ISO dates": (iso_dates, {}, []),
    "columns in another order, with extra columns": (
        shuffled_with_extras,
        {},
        [
            f"{name}: ignored columns that are not in the 903 {table} file: EXTRACT_DATE, LA_NAME"
            for name, table in (
                ("episodes.csv", "Episodes"),
                ("header.csv", "Header"),
                ("reviews.csv", "Reviews"),
                ("uasc.csv", "UASC"),
            )
        ],
    ),
    "rows repeated word for word": (
        with_duplicates,
        {},
        [
            "episodes.csv: dropped 2 rows repeating an earlier row exactly (lines 6, 7)",
            "reviews.csv: dropped 1 row repeating an earlier row exactly (line 3)",
        ],
    ),
    "the rest of the 903 return beside it": (
        with_other_903_files,
        {},
        [
            "skipped the 903 files iro-tui does not use: DoLo.csv (DoLo), ad1.csv (AD1), "
            "oc2.csv (OC2), oc3.csv (OC3), placed_for_adoption.csv (PlacedAdoption), "
            "previous_permanence.csv (PrevPerm), sw_episodes.csv (SWEpisodes)"
        ],
    ),
}


@pytest.mark.parametrize("variant", VARIANTS, ids=list(VARIANTS))
def test_a_real_world_variant_imports_the_same_facts(variant, plain_import, tmp_path, capsys):
    reshape, options, notices = VARIANTS[variant]
    folder = write_return(tmp_path / "v", reshape(RETURN_903), **options)
    db = tmp_path / "v.sqlite"
    code, out, err = run(capsys, "--db", str(db), "--plain", "import-903", str(folder))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "imported 4 children (4 new), 4 episodes, 6 reviews, 0 missing episodes"
    assert lines[1:] == [*notices, OVER_YEARS, NO_EPISODE, NUMBERED]
    assert what_was_stored(db) == plain_import


def test_every_retired_placement_code_imports_and_reads_in_words(tmp_path, capsys):
    tables = {n: [list(r) for r in rows] for n, rows in RETURN_903.items()}
    tables["episodes.csv"][2][5] = "p2"  # any case, as codes are elsewhere
    tables["episodes.csv"][3][5] = "Z1"
    db = tmp_path / "s.sqlite"
    folder = write_return(tmp_path / "old", tables)
    assert run(capsys, "--db", str(db), "--plain", "import-903", str(folder))[0] == 0
    places = [e[5] for e in what_was_stored(db)["episodes"]]
    assert places == ["H5", "P2", "Z1", "U6"]
    assert PLACEMENT_MEANING["P2"].startswith("independent living")
    assert PLACEMENT_MEANING["Z1"] == "other placement (code used until 2024-25)"
    # Offered to no one: a form lists current codes only.
    assert not {"H5", "P2", "Z1"} & set(PLACEMENT_MEANING)
    # The whole app reads them back without failing: agenda, and the child's lines.
    assert main(["--db", str(db), "--today", TODAY, "agenda", "--json"]) == 0


def broken_return() -> dict[str, list[list[str]]]:
    """Seven different problems across three files, one of each kind."""
    t = {n: [list(r) for r in rows] for n, rows in RETURN_903.items()}
    t["header.csv"][2][1] = "X"  # line 3: SEX
    t["episodes.csv"][1][5] = '=HYPERLINK("http://x")'  # line 2: formula in PLACE
    t["episodes.csv"][3][1] = "31/02/2025"  # line 4: no such date
    t["episodes.csv"][4][3] = "Q9"  # line 5: unknown legal status
    t["reviews.csv"][2][2] = "20/09/2025"  # line 3: after today
    t["reviews.csv"].append(["200001", "12/05/2010", "12/09/2024", "PN7"])  # line 8: clash
    t["reviews.csv"].append(["-200009", "12/05/2010", "12/09/2024", "PN7"])  # line 9
    return t


EVERY_PROBLEM = [
    "episodes.csv line 2, column PLACE: starts with '=', which a spreadsheet would run as "
    "a formula; no 903 field starts so",
    "episodes.csv line 4, column DECOM: '31/02/2025' is not a real date",
    "episodes.csv line 5, column LS: 'Q9' is not a known legal status (LS) code",
    "header.csv line 3, column SEX: 'X' is not a known sex code (M, F, U, or 1/2)",
    "reviews.csv line 3, column REVIEW: the review is dated 20/09/2025, after today "
    "(01/06/2025): only reviews already held can be imported",
    "reviews.csv line 8, column REVIEW_CODE: a second review for child 200001 on 12/09/2024 "
    "(line 4) with a different participation code: keep the right one",
    "reviews.csv line 9, column CHILD: starts with '-', which a spreadsheet would run as "
    "a formula; no 903 field starts so",
]


def test_every_problem_is_listed_and_an_existing_store_is_unchanged(tmp_path, capsys):
    db = tmp_path / "s.sqlite"
    assert (
        run(capsys, "--db", str(db), "--plain", "import-903", str(write_return(tmp_path / "ok")))[0]
        == 0
    )
    before = store_contents(db)
    folder = write_return(tmp_path / "bad", broken_return())

    code, out, err = run(capsys, "--db", str(db), "--plain", "import-903", str(folder))

    assert code == 2 and out == ""
    assert err.splitlines() == [
        "iro-tui: 7 problems, so nothing was imported:",
        *(f"  {p}" for p in EVERY_PROBLEM),
    ]
    assert store_contents(db) == before


def test_a_refused_import_into_a_new_path_creates_no_file_and_no_folder(tmp_path, capsys):
    db = tmp_path / "new folder" / "s.sqlite"
    folder = write_return(tmp_path / "bad", broken_return())
    code, _, err = run(capsys, "--db", str(db), "--plain", "import-903", str(folder))
    assert code == 2 and "7 problems" in err
    assert not db.parent.exists()


def test_a_long_list_is_cut_at_50_but_every_problem_is_counted(tmp_path, capsys):
    t = {n: [list(r) for r in rows] for n, rows in RETURN_903.items()}
    t["reviews.csv"] += [["200001", "12/05/2010", f"{d:02d}/13/2024", "PN1"] for d in range(1, 29)]
    t["reviews.csv"] += [["200001", "12/05/2010", f"{d:02d}/01/2026", "PN1"] for d in range(1, 31)]
    db = tmp_path / "s.sqlite"
    code, _, err = run(
        capsys, "--db", str(db), "--plain", "import-903", str(write_return(tmp_path / "b", t))
    )
    lines = err.splitlines()
    assert code == 2
    assert lines[0] == "iro-tui: 58 problems, so nothing was imported:"
    assert len(lines) == 1 + 50 + 1
    assert lines[1] == "  reviews.csv line 8, column REVIEW: '01/13/2024' is not a real date"
    assert lines[-1] == (
        "  and 8 more (58 problems in all; iro-tui import-903 DIR --problems FILE.csv writes "
        "every one to a file)"
    )
    assert not db.exists()


def test_every_problem_is_written_to_the_file_asked_for_and_no_other_file_is_written_over(
    tmp_path, capsys
):
    """A council's raw return with thousands of problems could be seen 50 at a time: 45
    rounds of import and fix (an adversarial check). --problems writes every one."""
    import csv

    t = {n: [list(r) for r in rows] for n, rows in RETURN_903.items()}
    t["reviews.csv"] += [["200001", "12/05/2010", f"{d:02d}/13/2024", "PN1"] for d in range(1, 29)]
    t["reviews.csv"] += [["200001", "12/05/2010", f"{d:02d}/01/2026", "PN1"] for d in range(1, 31)]
    folder = write_return(tmp_path / "b", t)
    db, listed = tmp_path / "s.sqlite", tmp_path / "problems.csv"
    code, _, err = run(
        capsys, "--db", str(db), "--plain", "import-903", str(folder), "--problems", str(listed)
    )
    assert code == 2
    assert err.splitlines()[-1] == f"  and 8 more (58 problems in all: every one is in {listed})"
    with listed.open(encoding="utf-8-sig", newline="") as f:
        written = list(csv.reader(f))
    assert written[0] == ["file", "line", "column", "problem"]
    assert len(written) == 1 + 58
    assert listed.stat().st_mode & 0o777 == 0o600  # it names children by their IDs
    assert written[1] == ["reviews.csv", "8", "REVIEW", "'01/13/2024' is not a real date"]
    assert written[-1][:3] == ["reviews.csv", "65", "REVIEW"]
    assert not db.exists()
    # Run again, its own file is written over; one of the return's files never is.
    run(capsys, "--db", str(db), "--plain", "import-903", str(folder), "--problems", str(listed))
    assert len(listed.read_text(encoding="utf-8-sig").splitlines()) == 1 + 58
    reviews = folder / "reviews.csv"
    before = reviews.read_bytes()
    code, _, err = run(
        capsys, "--db", str(db), "--plain", "import-903", str(folder), "--problems", str(reviews)
    )
    assert code == 2
    lines = err.splitlines()
    # Refused twice over, each said: the import (its problems listed), and the file.
    assert lines[0] == "iro-tui: 58 problems, so nothing was imported:"
    assert lines[-1] == (
        f"  (the problems were not written to a file: {reviews} is already there and is not "
        "a list of import problems: give another name)"
    )
    assert reviews.read_bytes() == before


def test_a_clean_import_leaves_the_problems_file_listing_none(tmp_path, capsys):
    """The list an earlier refused run wrote still named every problem after the return
    was put right and imported (an adversarial check)."""
    db, listed, other = tmp_path / "s.sqlite", tmp_path / "problems.csv", tmp_path / "mine.csv"
    bad = write_return(tmp_path / "bad", broken_return())
    assert (
        run(capsys, "--db", str(db), "--plain", "import-903", str(bad), "--problems", str(listed))[
            0
        ]
        == 2
    )
    assert len(listed.read_text(encoding="utf-8-sig").splitlines()) == 1 + 7
    good = write_return(tmp_path / "ok")
    code, out, _ = run(
        capsys, "--db", str(db), "--plain", "import-903", str(good), "--problems", str(listed)
    )
    assert code == 0
    assert f"no problems: {listed} lists none now" in out
    assert listed.read_text(encoding="utf-8-sig").splitlines() == ["file,line,column,problem"]
    # A file of the IRO's own is left as it was, and the import said to have been made.
    other.write_text("my notes\n")
    code, out, _ = run(
        capsys, "--db", str(db), "--plain", "import-903", str(good), "--problems", str(other)
    )
    assert code == 0 and "no problems, so no list written" in out
    assert other.read_text() == "my notes\n"


def test_a_file_not_recognised_says_which_columns_it_lacks(tmp_path, capsys):
    t = dict(RETURN_903)
    t["episodes.csv"] = [["CHILD", "DECOM", "RNE_CODE"] + t["episodes.csv"][0][3:]] + t[
        "episodes.csv"
    ][1:]
    t["notes.csv"] = [["something", "else"], ["1", "2"]]
    folder = write_return(tmp_path / "b", t)
    code, _, err = run(
        capsys, "--db", str(tmp_path / "s.sqlite"), "--plain", "import-903", str(folder)
    )
    assert code == 2
    assert err == (
        f"iro-tui: {folder}: no Episodes file found (recognised by its header row); "
        "episodes.csv: not recognised: nearest is the 903 Episodes file, which also needs "
        "RNE; its header has RNE_CODE (for RNE?), which no 903 file has\n"
    )
    # Beside a complete return, an unknown file is only a notice.
    del t["episodes.csv"]
    folder = write_return(tmp_path / "ok", {**RETURN_903, "notes.csv": t["notes.csv"]})
    code, out, _ = run(
        capsys, "--db", str(tmp_path / "s.sqlite"), "--plain", "import-903", str(folder)
    )
    assert code == 0
    assert out.splitlines()[1] == (
        "ignored notes.csv: not a 903 file: its header row matches none of them"
    )


def test_a_review_after_the_injected_today_is_refused(tmp_path, capsys):
    folder = write_return(tmp_path / "r")
    db = tmp_path / "s.sqlite"
    code, _, err = main_with_today(capsys, "2025-05-07", db, folder)
    assert code == 2
    # 200004's short break ended on 09/05/2025: an episode after today is refused too
    # (one starting after today was imported without a word).
    assert err == (
        "iro-tui: 2 problems, so nothing was imported:\n"
        "  episodes.csv line 5, column DEC: the episode ends on 09/05/2025, after today "
        "(07/05/2025): only what has happened can be imported\n"
        "  reviews.csv line 7, column REVIEW: the review is dated 08/05/2025, after "
        "today (07/05/2025): only reviews already held can be imported\n"
    )
    assert not db.exists()
    assert main_with_today(capsys, "2025-05-09", db, folder)[0] == 0


def main_with_today(capsys, today, db, folder):
    code = main(["--today", today, "--db", str(db), "--plain", "import-903", str(folder)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_header_row_repeated_differently_is_refused_not_merged(tmp_path, capsys):
    t = {n: [list(r) for r in rows] for n, rows in RETURN_903.items()}
    t["header.csv"].append(["200003", "M", "20/08/2016", "WBRI", "UN1", "", ""])
    code, _, err = run(
        capsys,
        "--db",
        str(tmp_path / "s.sqlite"),
        "--plain",
        "import-903",
        str(write_return(tmp_path, t)),
    )
    assert code == 2
    assert err == (
        "iro-tui: header.csv line 6, column CHILD: child 200003 appears twice in the "
        "Header, differently (also line 4)\n"
    )


def test_a_file_saved_in_a_windows_code_page_is_named_with_its_line(tmp_path, capsys):
    folder = write_return(tmp_path / "r")
    text = (folder / "header.csv").read_text(encoding="utf-8")
    (folder / "header.csv").write_bytes(text.replace("WOTH", "WOTH,Zoë", 1).encode("cp1252"))
    code, _, err = run(
        capsys, "--db", str(tmp_path / "s.sqlite"), "--plain", "import-903", str(folder)
    )
    assert code == 2
    assert err == (
        "iro-tui: header.csv line 4: a character here is not UTF-8 text: the file was saved "
        "in another encoding (save it from the spreadsheet as 'CSV UTF-8')\n"
    )
    assert not (tmp_path / "s.sqlite").exists()


@pytest.mark.parametrize(
    "text",
    ["05/03/2024", "5/3/2024", "2024-03-05", "2024-03-05 00:00:00", "05/03/2024 00:00"],
)
def test_the_date_forms_that_exports_use(text):
    from datetime import date

    from iro_tui.interchange.ssda903.cells import parse_date

    assert parse_date(text) == date(2024, 3, 5)


@pytest.mark.parametrize("text", ["2024-03-05 09:30", "03-05-2024", "5/3/24", "2024/03/05"])
def test_a_date_with_a_time_of_day_or_a_short_year_is_refused(text):
    from iro_tui.interchange.ssda903.cells import parse_date

    with pytest.raises(ValueError, match="is not a date in the form dd/mm/YYYY"):
        parse_date(text)


def test_stray_trailing_commas_carry_nothing_and_are_accepted(plain_import, tmp_path, capsys):
    t = {n: [list(r) for r in rows] for n, rows in RETURN_903.items()}
    t["header.csv"][0].append("")  # an unnamed last column
    for row in t["header.csv"][1:]:
        row.append("")
    t["reviews.csv"][1] += ["", ""]  # more cells than the header, all empty
    db = tmp_path / "s.sqlite"
    code, out, err = run(
        capsys, "--db", str(db), "--plain", "import-903", str(write_return(tmp_path, t))
    )
    assert (code, err) == (0, "")
    assert out.splitlines()[1:] == [OVER_YEARS, NO_EPISODE, NUMBERED]  # nothing else said
    assert what_was_stored(db) == plain_import
    t["reviews.csv"][1][-1] = "x"  # a surplus cell with something in it is refused
    code, _, err = run(
        capsys, "--db", str(db), "--plain", "import-903", str(write_return(tmp_path / "b", t))
    )
    assert err == "iro-tui: reviews.csv line 2: has 6 fields but the header has 4\n"


def test_an_overlap_with_an_episode_already_stored_says_it_is_the_stores(tmp_path, capsys):
    """A later return correcting an episode's start (15/01 to 17/01/2025) was refused as
    "episodes overlap: the episode from 15/01/2025 is still open": an episode nowhere in
    the file, and no word of where it came from or what to do."""
    db = tmp_path / "s.sqlite"
    assert (
        run(capsys, "--db", str(db), "--plain", "import-903", str(write_return(tmp_path / "a")))[0]
        == 0
    )
    t = {n: [list(r) for r in rows] for n, rows in RETURN_903.items()}
    t["episodes.csv"][3][1] = "17/01/2025"
    before = what_was_stored(db)
    code, _, err = run(
        capsys, "--db", str(db), "--plain", "import-903", str(write_return(tmp_path / "b", t))
    )
    assert code == 2
    assert err == (
        "iro-tui: episodes.csv line 4, column DECOM: episodes overlap: the episode from "
        "15/01/2025 already in the store is still open, after this one starts on 17/01/2025 "
        "(an earlier return or the app recorded it: an import adds and updates episodes "
        "by their start date, so it cannot move that one; give its start as stored)\n"
    )
    assert what_was_stored(db) == before


def test_a_table_saved_as_text_is_named_when_its_table_is_missing(tmp_path, capsys):
    """episodes.txt beside the .csv files: "no Episodes file found", the .txt unnamed."""
    folder = write_return(tmp_path / "r")
    (folder / "episodes.csv").rename(folder / "episodes.txt")
    code, _, err = run(
        capsys, "--db", str(tmp_path / "s.sqlite"), "--plain", "import-903", str(folder)
    )
    assert code == 2
    assert err == (
        f"iro-tui: {folder}: no Episodes file found (recognised by its header row); only "
        ".csv files are read, not episodes.txt\n"
    )


def test_a_future_review_is_said_even_when_its_childs_header_row_is_wrong(tmp_path, capsys):
    """A formula in a Header cell hid the same child's review dated after today: fixed,
    the next run found that one."""
    t = {n: [list(r) for r in rows] for n, rows in RETURN_903.items()}
    t["header.csv"][1][3] = "=1+1"  # 200001's ETHNIC
    t["reviews.csv"][1][2] = "10/01/2027"  # 200001's first review, after today
    folder = write_return(tmp_path / "r", t)
    code, _, err = run(
        capsys, "--db", str(tmp_path / "s.sqlite"), "--plain", "import-903", str(folder)
    )
    assert code == 2
    lines = err.splitlines()
    assert lines[0] == "iro-tui: 2 problems, so nothing was imported:"
    assert lines[1].startswith("  header.csv line 2, column ETHNIC: starts with '='")
    assert lines[2].startswith(
        "  reviews.csv line 2, column REVIEW: the review is dated 10/01/2027, after today"
    )
