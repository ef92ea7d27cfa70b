"""903 import: all or nothing, errors that name file, line and column."""

from datetime import date

import pytest

from iro_tui.__main__ import main
from iro_tui.demo import ANCHOR
from iro_tui.interchange.import903 import import_903
from iro_tui.interchange.ssda903.problems import ImportRefused

from ..conftest import FIXTURE_903, store_contents


def edit(folder, name, line_no, old, new):
    """Replace `old` with `new` on 1-based line `line_no` of a CSV file."""
    path = folder / name
    lines = path.read_text().splitlines()
    assert old in lines[line_no - 1], f"{old!r} not on line {line_no}: {lines[line_no - 1]}"
    lines[line_no - 1] = lines[line_no - 1].replace(old, new, 1)
    path.write_text("\n".join(lines) + "\n")


def append(folder, name, row):
    with (folder / name).open("a") as handle:
        handle.write(row + "\n")


@pytest.fixture
def loaded(tmp_path, capsys):
    """A store that already holds the demo import, so 'unchanged' means something."""
    db = tmp_path / "s.sqlite"
    # --plain: 'unchanged' is checked with the standard library's sqlite3.
    assert main(["--db", str(db), "--plain", "import-903", str(FIXTURE_903)]) == 0
    capsys.readouterr()
    return db


BAD_INPUT = {
    "impossible date": (
        lambda f: edit(f, "episodes.csv", 2, "04/11/2024", "31/02/2024"),
        "episodes.csv line 2, column DECOM: '31/02/2024' is not a real date",
    ),
    "date in the wrong form": (
        lambda f: edit(f, "reviews.csv", 3, "20/02/2025", "20-02-2025"),
        "reviews.csv line 3, column REVIEW: '20-02-2025' is not a date in the form dd/mm/YYYY "
        "(or YYYY-MM-DD)",
    ),
    "unknown legal status": (
        lambda f: edit(f, "episodes.csv", 2, ",V2,", ",Z9,"),
        "episodes.csv line 2, column LS: 'Z9' is not a known legal status (LS) code",
    ),
    "unknown participation code": (
        lambda f: edit(f, "reviews.csv", 2, "PN1", "PN9"),
        "reviews.csv line 2, column REVIEW_CODE: 'PN9' is not a known participation (PN) code",
    ),
    "child in Reviews but not in Header": (
        lambda f: append(f, "reviews.csv", "999999,14/09/2009,01/03/2026,PN1"),
        "reviews.csv line 65, column CHILD: child 999999 is in Reviews but not in the Header",
    ),
    "date of birth mismatch": (
        lambda f: edit(f, "reviews.csv", 2, "14/09/2009", "15/09/2009"),
        "reviews.csv line 2, column DOB: 15/09/2009 does not match the Header's date of birth "
        "14/09/2009 for child 100101",
    ),
    "overlapping episodes": (
        lambda f: append(
            f, "episodes.csv", "100101,01/06/2025,P,V2,N8,U6,PR4,,,CARPL,EC2V 7HH,EN1 3XA,XXXXXXX"
        ),
        "episodes.csv line 24, column DECOM: episodes overlap: the episode from 04/11/2024 "
        "is still open, after the next one starts on 01/06/2025",
    ),
    "malformed row": (
        lambda f: append(f, "header.csv", "100199,M,01/01/2010"),
        "header.csv line 19: has 3 fields but the header has 7",
    ),
    "date of birth after today": (
        lambda f: edit(f, "header.csv", 2, "14/09/2009", "14/09/2031"),
        "header.csv line 2, column DOB: the date of birth 14/09/2031 is after today "
        f"({date.today():%d/%m/%Y})",
    ),
    "required field empty": (
        lambda f: edit(f, "header.csv", 2, "14/09/2009", ""),
        "header.csv line 2, column DOB: is empty but required",
    ),
    "PN0 for an 11-year-old": (
        lambda f: edit(f, "reviews.csv", 51, "PN1", "PN0"),
        "reviews.csv line 51, column REVIEW_CODE: PN0 is only for children under 4; "
        "this child was 11 at the review",
    ),
    "PN1 for a 2-year-old": (
        lambda f: edit(f, "reviews.csv", 53, "PN0", "PN1"),
        "reviews.csv line 53, column REVIEW_CODE: PN1 is only for children aged 4 or over; "
        "this child was 2 at the review (use PN0)",
    ),
    "review before the child was born": (
        lambda f: edit(f, "reviews.csv", 2, "28/11/2024", "28/11/2008"),
        "reviews.csv line 2, column REVIEW: the review is dated 28/11/2008, before the "
        "child's date of birth (14/09/2009)",
    ),
    "a column twice in the header": (
        lambda f: (f / "episodes.csv").write_text(
            "".join(
                line.rstrip("\n") + (",RNE\n" if n == 0 else ",S\n")
                for n, line in enumerate((f / "episodes.csv").read_text().splitlines(True))
            )
        ),
        "episodes.csv line 1: the header row has RNE twice: keep one column of each name",
    ),
    "episode that ends before it starts": (
        lambda f: edit(f, "episodes.csv", 3, "10/03/2025,X1", "10/03/2022,X1"),
        "episodes.csv line 3, column DEC: the episode ends (DEC) before it starts (DECOM)",
    ),
}


@pytest.mark.parametrize("case", BAD_INPUT, ids=list(BAD_INPUT))
def test_bad_input_exits_2_names_the_place_and_changes_nothing(case, loaded, folder_903, capsys):
    break_it, message = BAD_INPUT[case]
    break_it(folder_903)
    before = store_contents(loaded)

    code = main(["--db", str(loaded), "--plain", "import-903", str(folder_903)])

    err = capsys.readouterr().err
    assert code == 2
    assert err == f"iro-tui: {message}\n"
    assert store_contents(loaded) == before


def test_a_folder_without_a_header_file_is_refused(folder_903, store):
    (folder_903 / "header.csv").unlink()
    with pytest.raises(Exception, match="no Header file found"):
        import_903(store, folder_903, ANCHOR)
    assert store.child_refs() == set()


def test_files_are_recognised_by_header_row_not_name(folder_903, store):
    for path in folder_903.glob("*.csv"):
        path.rename(folder_903 / f"LA123_{path.stem.upper()}_2026.CSV")
    (folder_903 / "notes.csv").write_text("something,else\n1,2\n")
    summary = import_903(store, folder_903, ANCHOR)
    assert summary.children == 17 and summary.episodes == 22 and summary.reviews == 63
    assert summary.ignored == ("notes.csv",)


def test_the_import_writes_what_the_files_say(store):
    import_903(store, FIXTURE_903, ANCHOR)
    cases = {c.child.child_ref: c for c in store.load_cases()}
    assert len(cases) == 17
    ahmad = cases["100102"]
    assert str(ahmad.child.dob) == "2008-10-03" and ahmad.child.uasc
    assert [e.place.value for e in ahmad.episodes] == ["U6", "U6"]
    assert [e.rec.value if e.rec else None for e in ahmad.episodes] == ["X1", None]
    assert str(ahmad.held_reviews[-1]) == "2025-11-27"
    missing = store.conn.execute(
        "SELECT missing, mis_start, mis_end FROM missing_episodes m JOIN children c "
        "ON c.id = m.child_id WHERE child_ref = '100106'"
    ).fetchall()
    assert missing == [("M", "2026-05-20", None)]


def test_importing_again_updates_instead_of_duplicating(store, folder_903):
    import_903(store, FIXTURE_903, ANCHOR)
    # The IRO added a name in the app; the next 903 import must keep it.
    child_id = store.child_id("100101")
    store.conn.execute("UPDATE children SET given_name = 'Dawit' WHERE id = ?", (child_id,))
    store.conn.commit()
    edit(
        folder_903,
        "episodes.csv",
        2,
        "04/11/2024,S,V2,N8,U6,PR4,,,",
        "04/11/2024,S,V2,N8,U6,PR4,01/05/2026,E13,",
    )
    summary = import_903(store, folder_903, ANCHOR)
    assert summary.new_children == 0
    counts = [
        store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("children", "episodes", "reviews")
    ]
    assert counts == [17, 22, 63]
    dawit = next(c for c in store.load_cases() if c.child.child_ref == "100101")
    assert dawit.child.given_name == "Dawit"
    assert str(dawit.episodes[0].dec) == "2026-05-01"


def test_sex_may_be_given_as_the_dfe_digits(folder_903, store):
    edit(folder_903, "header.csv", 2, "100101,M,", "100101,1,")
    edit(folder_903, "header.csv", 14, "100113,F,", "100113,2,")
    import_903(store, folder_903, ANCHOR)
    sexes = dict(store.conn.execute("SELECT child_ref, sex FROM children"))
    assert (sexes["100101"], sexes["100113"]) == ("M", "F")


def test_a_review_before_the_child_s_first_episode_is_imported_and_said(folder_903, store):
    # Child 100101's first episode on file starts 04/11/2024; a review dated 01/10/2024
    # may be a mistyped date, or the earlier episode may be missing from the return.
    append(folder_903, "reviews.csv", "100101,14/09/2009,01/10/2024,PN1")
    summary = import_903(store, folder_903, ANCHOR)
    assert summary.reviews == 64
    assert (
        "reviews.csv line 65: the review of 01/10/2024 is before child 100101's first "
        "period of care on file (04/11/2024): imported; check its date"
    ) in summary.notices
    held = store.conn.execute(
        "SELECT count(*) FROM reviews r JOIN children c ON c.id = r.child_id "
        "WHERE c.child_ref = '100101' AND r.held_date = '2024-10-01'"
    ).fetchone()[0]
    assert held == 1


def test_reviews_within_care_raise_no_such_notice(folder_903, store):
    summary = import_903(store, folder_903, ANCHOR)
    assert not [n for n in summary.notices if "first period of care" in n]


def test_an_x1_ending_followed_by_a_later_start_is_imported_and_said(folder_903, store):
    # X1: the next episode starts the same day. Nine days out of care begin a new period.
    edit(folder_903, "episodes.csv", 4, "100102,10/03/2025,P", "100102,19/03/2025,P")
    summary = import_903(store, folder_903, ANCHOR)
    assert (
        "episodes.csv line 3: child 100102's episode ends 10/03/2025 with REC X1 (stays in "
        "care), but the next starts 19/03/2025: the days between read as out of care; check "
        "the dates" in summary.notices
    )
    assert len(store.load_episodes("100102")) == 2


def test_episodes_that_follow_on_raise_no_x1_notice(store):
    summary = import_903(store, FIXTURE_903, ANCHOR)
    assert not [n for n in summary.notices if "X1" in n]


def test_an_empty_reviews_file_is_named_as_empty(folder_903, store):
    (folder_903 / "reviews.csv").write_text("")
    with pytest.raises(ImportRefused) as refused:
        import_903(store, folder_903, ANCHOR)
    assert (
        "no Reviews file found (recognised by its header row); "
        "reviews.csv: empty, with not even a header row" in str(refused.value)
    )


def test_an_x1_ending_with_no_episode_after_it_is_said(folder_903, store):
    path = folder_903 / "episodes.csv"
    path.write_text(
        "".join(r for r in path.read_text().splitlines(True) if "100102,10/03" not in r)
    )
    summary = import_903(store, folder_903, ANCHOR)
    assert (
        "episodes.csv line 3: child 100102's episode ends 10/03/2025 with REC X1 (stays in "
        "care), but no episode follows it: read as out of care from that day; check the "
        "return" in summary.notices
    )


def test_an_episode_after_leaving_care_must_begin_a_new_period(folder_903, store):
    """100117 left care on 16/03/2026 (E8). An episode after it with RNE P (a move) was
    imported, and read as the same period or a new one by the order returns came in:
    the next deadline 3 months apart (an adversarial check). DfE rules 432 and 431."""
    append(
        folder_903, "episodes.csv", "100117,20/04/2026,P,V2,N8,U6,PR4,,,,EC2V 7HH,EN1 3XA,XXXXXXX"
    )
    before = store_contents(store.path)
    with pytest.raises(ImportRefused) as refused:
        import_903(store, folder_903, ANCHOR)
    assert (
        "episodes.csv line 24, column RNE: the child left care on 16/03/2026 (REC E8): the "
        "next episode begins a new period of care, RNE S, not P (DfE rule 432)"
    ) in str(refused.value)
    edit(folder_903, "episodes.csv", 24, "100117,20/04/2026,P", "100117,16/03/2026,S")
    with pytest.raises(ImportRefused) as refused:
        import_903(store, folder_903, ANCHOR)
    assert (
        "episodes.csv line 24, column DECOM: the child left care on 16/03/2026 (REC E8): a "
        "new period of care begins on a later day (DfE rule 431)"
    ) in str(refused.value)
    assert store_contents(store.path) == before
    edit(folder_903, "episodes.csv", 24, "100117,16/03/2026,S", "100117,20/04/2026,S")
    import_903(store, folder_903, ANCHOR)
    assert [e.rne for e in store.load_episodes("100117")] == ["S", "S"]


def test_a_boy_recorded_as_a_mother_is_refused(folder_903, store):
    """DfE rule 174: the export wrote a return the validator refused (an adversarial
    check)."""
    edit(
        folder_903,
        "header.csv",
        2,
        "100101,M,14/09/2009,BAFR,W201400014100,,",
        "100101,M,14/09/2009,BAFR,W201400014100,1,01/02/2026",
    )
    with pytest.raises(ImportRefused) as refused:
        import_903(store, folder_903, ANCHOR)
    assert (
        "header.csv line 2, column MOTHER: the child is a boy (SEX): a mother, and her "
        "child's date of birth, are recorded of a girl only (DfE rule 174)"
    ) in str(refused.value)


def test_a_new_period_cannot_start_the_day_an_x1_episode_ends(folder_903, store):
    """X1 says care went on: an RNE S that day restarted the cycle and hid a 1st review
    already overdue (a re-test). DfE rule 431."""
    edit(folder_903, "episodes.csv", 4, "100102,10/03/2025,P", "100102,10/03/2025,S")
    with pytest.raises(ImportRefused) as refused:
        import_903(store, folder_903, ANCHOR)
    assert (
        "episodes.csv line 4, column RNE: the episode before ends 10/03/2025 with REC X1 "
        "(stays in care): one starting that day goes on with the same period, not RNE S, a "
        "new one (DfE rule 431)"
    ) in str(refused.value)
