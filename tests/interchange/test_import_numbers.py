"""A 903 return holds every review of its year (1 April to 31 March): a child whose care
began in the year has all their reviews in it, so an import numbers them from the 1st
(domain/history.py, numbers_in_a_return). A child whose care began before the year may
have reviews the return lacks: their first review in the store is not numbered, and may
be a late 1st review (the 2nd review's deadline, 3 months, follows it while that is the
earlier). Every date below is counted by hand in the comment beside it.
"""

import json
import sqlite3

from iro_tui.__main__ import main
from iro_tui.interchange.ssda903.tables import TABLES

from .real903 import write_return


def a_return(*children: tuple[str, str, list[str]]) -> dict[str, list[list[str]]]:
    """(child, start of care (RNE=S), review dates) for each child, born 05/05/2012."""
    return {
        "header.csv": [list(TABLES["Header"])]
        + [[c, "F", "05/05/2012", "WBRI", "A123456789012", "", ""] for c, _, _ in children],
        "episodes.csv": [list(TABLES["Episodes"])]
        + [
            [c, start, "S", "C2", "N1", "U4", "PR1", "", "", "", "", "", ""]
            for c, start, _ in children
        ],
        "reviews.csv": [list(TABLES["Reviews"])]
        + [[c, "05/05/2012", held, "PN1"] for c, _, reviews in children for held in reviews],
    }


def run(capsys, db, today, *args) -> str:
    assert main(["--db", str(db), "--today", today, "--plain", *args]) == 0
    return capsys.readouterr().out


def deadlines(capsys, db, today) -> dict[str, dict]:
    out = run(capsys, db, today, "agenda", "--json", "--days", "400")
    return {i["child"]: i for i in json.loads(out) if i["kind"] == "review"}


def numbers(db) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT c.child_ref, r.held_date, r.review_number FROM reviews r "
            "JOIN children c ON c.id = r.child_id ORDER BY 1, 2"
        ).fetchall()
    finally:
        conn.close()


def test_a_child_whose_care_began_in_the_year_has_their_reviews_numbered(tmp_path, capsys):
    # The latest date is 15/12/2025: the 2025-26 return (01/04/2025 to 31/03/2026).
    # 700013 came into care Tue 01/04/2025; the 1st review was due 20 WD later (Good
    # Friday 18/04 and Easter Monday 21/04 are bank holidays): Thu 01/05/2025. Held
    # 15/12/2025, it is still the 1st (the return holds every review of the year): the
    # 2nd is due 3 months after it, 15/03/2026 (reg 33(2)(b)).
    # 700014 came into care before the year (Mon 06/01/2025): not numbered.
    db = tmp_path / "s.sqlite"
    folder = write_return(
        tmp_path / "r",
        a_return(
            ("700013", "01/04/2025", ["15/12/2025"]),
            ("700014", "06/01/2025", ["01/05/2025", "30/10/2025"]),
        ),
    )
    out = run(capsys, db, "2026-01-10", "import-903", str(folder))
    assert out.splitlines()[1] == (
        "read as the 2025-26 return (01/04/2025 to 31/03/2026): it holds every review of "
        "its year, so the reviews of 1 child whose care began in it are numbered from the 1st"
    )
    assert numbers(db) == [
        ("700013", "2025-12-15", 1),
        ("700014", "2025-05-01", None),
        ("700014", "2025-10-30", None),
    ]
    due = deadlines(capsys, db, "2026-01-10")
    assert (due["700013"]["title"], due["700013"]["due"]) == ("2nd review due", "2026-03-15")
    # 700014: 1st review due Mon 03/02/2025; the 01/05/2025 review may be a late 1st, so
    # not numbered; the next (30/10/2025) is a later review whichever: 30/04/2026.
    assert due["700014"]["due"] == "2026-04-30"
    # The annual report judges 700013's review late (the deadline it had to meet is
    # known); 700014's first is not known, nor its second (30/10/2025: late as a 2nd,
    # due by 01/08/2025; on time as a later review, due by 01/11/2025).
    report = json.loads(
        run(capsys, db, "2026-01-10", "report", "annual", "--year", "2025-26", "--json")
    )
    figures = {(s["key"], f["key"]): f["count"] for s in report["sections"] for f in s["figures"]}
    assert figures[("reviews", "held")] == 3
    assert figures[("reviews", "late")] == 1
    assert figures[("reviews", "not_known")] == 2


def test_a_first_review_after_the_years_start_may_be_a_late_1st(tmp_path, capsys):
    # The only dates: care from Mon 05/01/2026 and a review on 20/05/2026: the 2026-27
    # return, which began after the care did, so the review is not numbered. 1st review
    # due 20 WD after 05/01/2026: Mon 02/02/2026; the latest lawful 2nd review 02/05/2026
    # and 3rd 02/11/2026. Held 20/05/2026, it may be the 1st: the next by 3 months after
    # it, 20/08/2026, not the 6 months (20/11/2026) that would be late were it the 1st.
    db = tmp_path / "s.sqlite"
    folder = write_return(tmp_path / "r", a_return(("620001", "05/01/2026", ["20/05/2026"])))
    out = run(capsys, db, "2026-06-01", "import-903", str(folder))
    assert "numbered" not in out
    item = deadlines(capsys, db, "2026-06-01")["620001"]
    assert item["due"] == "2026-08-20"
    assert item["detail"] == (
        "3 months after the review on 20/05/2026, counted as the 1st: earlier reviews may "
        "not be in the store (say which review it was with u on the child's Reviews tab)"
    )


def test_an_import_never_renumbers_a_review_the_iro_numbered(tmp_path, capsys):
    db = tmp_path / "s.sqlite"
    folder = write_return(
        tmp_path / "r", a_return(("700013", "01/04/2025", ["02/05/2025", "15/07/2025"]))
    )
    run(capsys, db, "2026-01-10", "import-903", str(folder))
    assert [n for _, _, n in numbers(db)] == [1, 2]
    conn = sqlite3.connect(db)
    conn.execute("UPDATE reviews SET review_number = 3 WHERE held_date = '2025-07-15'")
    conn.commit()
    conn.close()
    out = run(capsys, db, "2026-01-10", "import-903", str(folder))  # the same return again
    assert "numbered" not in out
    assert [n for _, _, n in numbers(db)] == [1, 3]


def test_two_years_returns_together_number_a_1st_review_a_year_late(tmp_path, capsys):
    """Care from Tue 01/04/2025, no review in the 2025-26 return (the 1st, due 20 WD
    later on Thu 01/05/2025 with Easter between, is overdue), then a review on Tue
    05/05/2026 in the 2026-27 return. Held after a 3rd review would have been due, it
    was read as a later one: 6 months on, 05/11/2026. The two returns hold every review
    since care began, so it is the 1st, and the 2nd is due 3 months on, 05/08/2026."""
    db = tmp_path / "s.sqlite"
    # A second child keeps each return's latest date in its own year.
    first = write_return(
        tmp_path / "r1",
        a_return(("300005", "01/04/2025", []), ("300006", "02/04/2025", ["31/03/2026"])),
    )
    second = write_return(
        tmp_path / "r2",
        a_return(
            ("300005", "01/04/2025", ["05/05/2026"]), ("300006", "02/04/2025", ["31/03/2027"])
        ),
    )
    run(capsys, db, "2026-04-01", "import-903", str(first))
    assert deadlines(capsys, db, "2026-04-01")["300005"]["title"] == "1st review due"
    out = run(capsys, db, "2027-04-01", "import-903", str(second))
    assert out.splitlines()[1] == (
        "read as the 2026-27 return (01/04/2026 to 31/03/2027): with the returns before it, "
        "the store holds every review from 01/04/2025, so the reviews of 1 child whose care "
        "began since are numbered from the 1st"
    )
    assert numbers(db)[:1] == [("300005", "2026-05-05", 1)]
    item = deadlines(capsys, db, "2027-04-01")["300005"]
    assert (item["title"], item["due"]) == ("2nd review due", "2026-08-05")


def test_files_whose_reviews_run_over_two_years_say_the_year_read_and_number_both(tmp_path, capsys):
    """An extract taken on 20/04/2026: the 2025-26 year's reviews and one of 15/04/2026.
    It was read as the 2026-27 return without a word, and the reviews of a child whose
    care began in 2025-26 went unnumbered ("earlier history not in the store").

    700015 came into care Mon 02/06/2025. The 1st review was due 20 WD later, Mon
    30/06/2025 (no bank holiday between); held Tue 15/07/2025, late, it is still the
    1st: the extract holds every review since 01/04/2025. The 2nd, 3 months after the
    1st (reg 33(2)(b)), was due Wed 15/10/2025 and held then; the 3rd is due 6 months
    after it, Wed 15/04/2026: held that day. The next is due Thu 15/10/2026."""
    db = tmp_path / "s.sqlite"
    folder = write_return(
        tmp_path / "r",
        a_return(("700015", "02/06/2025", ["15/07/2025", "15/10/2025", "15/04/2026"])),
    )
    out = run(capsys, db, "2026-04-20", "import-903", str(folder))
    assert out.splitlines()[1:] == [
        "its reviews run from 15/07/2025 to 15/04/2026, over more than one collection year "
        "(a return holds one, 1 April to 31 March): taken as holding every review from "
        "01/04/2025, and as the 2026-27 return: a 2025-26 return imported after it only "
        "fills in what the store lacks",
        "read as the 2026-27 return (01/04/2026 to 31/03/2027): it holds every review from "
        "01/04/2025, so the reviews of 1 child whose care began since are numbered from "
        "the 1st",
    ]
    assert numbers(db) == [
        ("700015", "2025-07-15", 1),
        ("700015", "2025-10-15", 2),
        ("700015", "2026-04-15", 3),
    ]
    due = deadlines(capsys, db, "2026-04-20")
    assert due["700015"]["due"] == "2026-10-15"
