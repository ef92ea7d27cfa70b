"""903 files broken in the ways a spreadsheet or a hand edit breaks them: a stray
quotation mark, another separator, another encoding, a workbook beside the return, and
cells that are not what their column holds. Each is refused where it is wrong, in words,
and nothing changes; or, where the shape alone differs, imported as the plain return."""

from __future__ import annotations

from ..conftest import store_contents
from .real903 import RETURN_903, write_return
from .test_import_real_world import run, what_was_stored


def _tables():
    return {n: [list(r) for r in rows] for n, rows in RETURN_903.items()}


def _import(capsys, db, folder):
    return run(capsys, "--db", str(db), "--plain", "import-903", str(folder))


def _imported_store(tmp_path, capsys):
    db = tmp_path / "s.sqlite"
    assert _import(capsys, db, write_return(tmp_path / "ok"))[0] == 0
    return db


def test_a_stray_quotation_mark_is_refused_where_it_opens_and_nothing_changes(tmp_path, capsys):
    """An opening quote on episodes line 2 closed at the end of line 4: the rows between
    became one URN cell, and two episodes were lost with a return code of 0."""
    db = _imported_store(tmp_path, capsys)
    before = store_contents(db)
    folder = write_return(tmp_path / "r")
    lines = (folder / "episodes.csv").read_text().splitlines(keepends=True)
    lines[1] = lines[1].replace(",SC000002\n", ',"SC000002\n')
    lines[3] = lines[3].replace(",XXXXXXX\n", ',XXXXXXX"\n')
    (folder / "episodes.csv").write_text("".join(lines))

    code, out, err = _import(capsys, db, folder)

    assert (code, out) == (2, "")
    assert err == (
        "iro-tui: episodes.csv line 2, column URN: a quotation mark opens a cell that runs "
        "on to line 4, taking in the rows between: a 903 cell holds no line break (remove "
        "the stray quotation mark)\n"
    )
    assert store_contents(db) == before


def test_a_quote_left_open_in_the_header_is_the_one_problem_said(tmp_path, capsys):
    """Left open, it runs to the end of the file: the children it swallowed were each
    said to be "in Episodes but not in the Header", and the Header's own problem came
    after them, at the wrong line."""
    folder = write_return(tmp_path / "r")
    text = (folder / "header.csv").read_text()
    # 200002's UPN, opening a quotation mark that is never closed.
    (folder / "header.csv").write_text(text.replace(",UN2,", ',"UN2,'))

    code, _, err = _import(capsys, tmp_path / "s.sqlite", folder)

    assert code == 2
    assert err == (
        "iro-tui: header.csv line 3, column UPN: a quotation mark opens a cell that runs on "
        "to the end of the file, taking in the rows between: a 903 cell holds no line break "
        "(remove the stray quotation mark)\n"
    )
    assert not (tmp_path / "s.sqlite").exists()


def test_a_file_separated_by_semicolons_or_tabs_is_named_with_why(tmp_path, capsys):
    for separator, name in ((";", "semicolons"), ("\t", "tabs")):
        folder = write_return(tmp_path / name)
        text = (folder / "header.csv").read_text()
        (folder / "header.csv").write_text(text.replace(",", separator))

        code, _, err = _import(capsys, tmp_path / "s.sqlite", folder)

        assert code == 2
        assert err == (
            f"iro-tui: {folder}: no Header file found (recognised by its header row); "
            f"header.csv: the 903 Header file, but its columns are separated by {name}, not "
            "commas (save it from the spreadsheet as 'CSV UTF-8 (comma delimited)')\n"
        )


def test_a_utf16_file_with_its_mark_imports_as_the_plain_return(tmp_path, capsys):
    plain = _imported_store(tmp_path, capsys)
    folder = write_return(tmp_path / "r")
    reviews = folder / "reviews.csv"
    reviews.write_bytes(reviews.read_text().encode("utf-16"))
    db = tmp_path / "u.sqlite"

    code, _, err = _import(capsys, db, folder)

    assert (code, err) == (0, "")
    assert what_was_stored(db) == what_was_stored(plain)


def test_a_workbook_saved_as_csv_beside_the_return_is_passed_over_with_a_notice(tmp_path, capsys):
    """It refused the whole return as "is not UTF-8 text"."""
    folder = write_return(tmp_path / "r")
    (folder / "extra.csv").write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x80\x81\xff\n\x90")
    db = tmp_path / "s.sqlite"

    code, out, err = _import(capsys, db, folder)

    assert (code, err) == (0, "")
    assert (
        "ignored extra.csv: not a 903 file: it is not text a CSV file holds (a spreadsheet's "
        "own file named .csv?)"
    ) in out.splitlines()
    assert len(what_was_stored(db)["episodes"]) == 4


def test_cells_not_of_their_columns_shape_are_each_refused(tmp_path, capsys):
    """A UPN "banana", a postcode "not a postcode!!", a URN "hello world" and a child ID
    with a space were imported as written."""
    db = _imported_store(tmp_path, capsys)
    before = store_contents(db)
    t = _tables()
    t["header.csv"][1][4] = "banana"  # 200001's UPN
    t["header.csv"][3][4] = "S123456789012"  # 200003's: S is never a UPN's letter
    t["episodes.csv"][1][11] = "not a postcode!!"  # 200001's PL_POST
    t["episodes.csv"][2][12] = "hello world"  # 200001's URN
    t["episodes.csv"][3][10] = "EC2V, 7HH"  # 200002's HOME_POST
    t["header.csv"].append(["1001 01", "F", "01/01/2015", "WBRI", "UN1", "", ""])

    code, _, err = _import(capsys, db, write_return(tmp_path / "bad", t))

    assert code == 2
    assert err.splitlines() == [
        "iro-tui: 6 problems, so nothing was imported:",
        "  episodes.csv line 2, column PL_POST: 'not a postcode!!' is not a postcode (e.g. "
        "EC2V 7HH, or its first half EC2V)",
        "  episodes.csv line 3, column URN: 'hello world' is not an Ofsted URN (e.g. "
        "SC123456), or XXXXXXX when there is none",
        "  episodes.csv line 4, column HOME_POST: 'EC2V, 7HH' is not a postcode (e.g. "
        "EC2V 7HH, or its first half EC2V)",
        "  header.csv line 2, column UPN: 'banana' is not a UPN: a letter and 12 digits (or "
        "11 and a letter), or UN1-UN5 when not known",
        "  header.csv line 4, column UPN: 'S123456789012' is not a UPN: a letter and 12 "
        "digits (or 11 and a letter), or UN1-UN5 when not known",
        "  header.csv line 6, column CHILD: '1001 01': the 903 child ID is letters and "
        "digits only: no spaces or marks",
    ]
    assert store_contents(db) == before


def test_a_postcode_in_lower_case_or_without_its_space_is_accepted(tmp_path, capsys):
    t = _tables()
    t["episodes.csv"][1][10] = "ec2v 7hh"
    t["episodes.csv"][1][11] = "EC2Y8DS"
    t["episodes.csv"][2][11] = "EC2Y"  # the first half only
    db = tmp_path / "s.sqlite"

    code, _, err = _import(capsys, db, write_return(tmp_path / "r", t))

    assert (code, err) == (0, "")
    posts = [e[10:12] for e in what_was_stored(db)["episodes"] if e[0] == "200001"]
    assert posts == [("EC2V 7HH", "EC2Y 8DS"), ("EC2V 7HH", "EC2Y")]


def test_a_date_of_birth_making_a_child_18_in_care_is_refused(tmp_path, capsys):
    """14/09/1900 was imported: over an imported store it replaced the date of birth,
    and the child was 124 when their care began."""
    t = _tables()
    t["header.csv"][2][2] = "14/09/1900"  # 200002, in care from 15/01/2025
    t["reviews.csv"][5][1] = "14/09/1900"
    t["uasc.csv"][1][2] = "14/09/1900"
    code, _, err = _import(capsys, tmp_path / "new.sqlite", write_return(tmp_path / "a", t))
    assert code == 2
    assert err == (
        "iro-tui: episodes.csv line 4, column DECOM: the episode starts on 15/01/2025, when "
        "child 200002 was 18 or over (the Header's date of birth 14/09/1900: 18 on "
        "14/09/1918); check DOB and DECOM\n"
    )

    # Over a store holding the child's episodes, a return with the Header row alone.
    db = _imported_store(tmp_path, capsys)
    before = store_contents(db)
    only_header = {"header.csv": t["header.csv"], "episodes.csv": t["episodes.csv"][:1]}
    only_header["reviews.csv"] = t["reviews.csv"][:1]
    code, _, err = _import(capsys, db, write_return(tmp_path / "b", only_header))
    assert code == 2
    assert err == (
        "iro-tui: header.csv line 3, column DOB: with the date of birth 14/09/1900 the child "
        "was 18 on 14/09/1918, before the store's episode of care starting 15/01/2025\n"
    )
    assert store_contents(db) == before
