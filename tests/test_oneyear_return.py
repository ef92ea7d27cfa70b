"""A council's one-year 903 return (fixtures/903-oneyear), imported as an IRO would.

Most children came into care before the year began, so the return carries no RNE=S
episode for them (DfE rule 357) and only the year's reviews. Today is Wed 15/04/2026.
Every figure below is counted by hand from the fixture's three files.
"""

import json

import pytest

from iro_tui.__main__ import main
from iro_tui.paths import fixtures_dir

ONE_YEAR = fixtures_dir() / "903-oneyear"
TODAY = "2026-04-15"


@pytest.fixture
def db(tmp_path, capsys):
    path = tmp_path / "oneyear.sqlite"
    assert main(["--db", str(path), "--today", TODAY, "--plain", "import-903", str(ONE_YEAR)]) == 0
    capsys.readouterr()
    return path


def run_json(capsys, db, *args):
    assert main(["--db", str(db), "--today", TODAY, *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_every_child_in_care_has_exactly_one_review_deadline_with_its_reason(db, capsys):
    items = run_json(capsys, db, "agenda", "--json", "--days", "400")
    reviews = [i for i in items if i["kind"] == "review"]
    by_child = {i["child"]: i for i in reviews}
    assert len(reviews) == len(by_child)  # one each
    got = {c: (i["due"], i["overdue"], i["title"], i["detail"]) for c, i in by_child.items()}
    assert got == {
        # No S episode; reviews 12/05 and 06/11/2025: 6 months after 06/11/2025.
        "900001": (
            "2026-05-06",
            False,
            "Review due",
            "6 months after the last review on 06/11/2025 (earlier reviews are not in the store)",
        ),
        # A move (P) then a same-carer move (T), no S: 30/12/2025 + 6 months.
        "900002": (
            "2026-06-30",
            False,
            "Review due",
            "6 months after the last review on 30/12/2025 (earlier reviews are not in the store)",
        ),
        # No S and no review all year: 6 months from the earliest episode, 31/08/2024,
        # is 28/02/2025 (month end): long overdue, and it says why it counts from there.
        "900003": (
            "2025-02-28",
            True,
            "Review due (earlier history not in the store)",
            "earlier history not in the store: counted as 6 months from the earliest "
            "episode known, 31/08/2024",
        ),
        # In care from Mon 02/06/2025: 1st 27/06, 2nd 25/09, 3rd 20/03/2026 -> 20/09/2026.
        "900004": (
            "2026-09-20",
            False,
            "Review due",
            # A Sunday: the last working day before it is said too.
            "6 months after the last review on 20/03/2026 · 20/09/2026 is a Sunday: the last "
            "working day before it is Fri 18/09/2026",
        ),
        # In care since 10/01/2024 but the first review in the store is 14/05/2025, after
        # the latest lawful 2nd review (07/02/2024 + 3 months = 07/05/2024): earlier
        # reviews are missing, so 10/11/2025 + 6 months, not 3.
        "900005": (
            "2026-05-10",
            False,
            "Review due",
            "6 months after the last review on 10/11/2025 (earlier reviews are not in the store)"
            " · 10/05/2026 is a Sunday: the last working day before it is Fri 08/05/2026",
        ),
        # In care from Mon 15/12/2025; 1st review held 16/01/2026 (late: due Thu 15/01/2026
        # after Christmas, Boxing Day and New Year's Day); 2nd within 3 months of it.
        "900010": (
            "2026-04-16",
            False,
            "2nd review due",
            "3 months after the 1st review on 16/01/2026",
        ),
    }
    # 900006 is in the Header only (never in care here); 900007 left care (E11).
    assert "900006" not in by_child and "900007" not in by_child


def test_the_annual_report_counts_the_return_by_hand(db, capsys):
    report = run_json(capsys, db, "report", "annual", "--year", "2025-26", "--json")
    figures = {(s["key"], f["key"]): f["count"] for s in report["sections"] for f in s["figures"]}
    # Looked after in the year: 900001-5, 900007, 900010 (not the Header-only 900006);
    # on 31/03/2026 all but 900007; begun: 900004 and 900010; ended: 900007 (X1 is not).
    assert figures[("caseload", "during_year")] == 7
    assert figures[("caseload", "at_year_end")] == 6
    assert figures[("caseload", "started")] == 2
    assert figures[("caseload", "ended")] == 1
    # 11 reviews. Not known (first in the store, earlier history missing): 900001's
    # 12/05, 900002's 15/07, 900005's 14/05, 900007's 10/06. Late: 900010's 16/01/2026.
    # On time: 900001 06/11, 900002 30/12, 900004 x3, 900005 10/11.
    assert figures[("reviews", "held")] == 11
    assert figures[("reviews", "not_known")] == 4
    assert figures[("reviews", "late")] == 1
    assert figures[("reviews", "on_time")] == 6
    assert figures[("participation", "PN1")] == 7


def test_the_markdown_draft_is_written_for_the_same_store(db, capsys, tmp_path):
    out = tmp_path / "report.md"
    assert main(["--db", str(db), "--today", TODAY, "report", "annual", "--out", str(out)]) == 0
    text = out.read_text()
    assert "2025-26" in text and "could not be judged" in text
    assert "900003" not in text  # no child is named


def test_the_import_names_a_child_with_no_episode(tmp_path, capsys):
    """900006 has a Header row and no episode: imported, not in care, no deadline, and
    found only with `l` on the caseload. The import says so."""
    path = tmp_path / "s.sqlite"
    assert main(["--db", str(path), "--today", TODAY, "--plain", "import-903", str(ONE_YEAR)]) == 0
    out = capsys.readouterr().out
    assert (
        "1 child with no episode, so not in care and with no deadline: 900006 (an Episodes "
        "row missing from the return?)" in out.splitlines()
    )
    # Imported again, the store holds the same: said again, as nothing has changed.
    assert main(["--db", str(path), "--today", TODAY, "import-903", str(ONE_YEAR)]) == 0
    assert "with no episode" in capsys.readouterr().out
