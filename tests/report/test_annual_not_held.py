"""Annual report: statutory deadlines that passed with no review held, and what else a
year carried that the figures of reviews held left out (a walk-through found a year
reading "1 of 1 (100%) on time" with fifteen reviews missed).

England, the year 2025-26 (1 April 2025 - 31 March 2026). Hand-counted:
- M01, in care since 01/01/2024, reviewed 10/03/2025 (the 5th): next due 10/09/2025,
  in the year; none held by 31/03/2026: passed with no review.
- M02, in care since 01/01/2024, reviewed 10/03/2025 (the 5th), reviewed late on
  20/09/2025: held late, not "not held"; next due 20/03/2026, held 19/03/2026: on time.
- M03, born 15/11/2007, in care since 01/01/2024, reviewed 10/03/2025 (the 5th): next
  due 10/09/2025, before the 18th birthday on 15/11/2025, never held; care ended at 18
  with no leaving recorded: passed with no review, and a period ended ("turned 18").
- M04, in care since Wed 03/12/2025, 1st review due 20 WD later, Mon 05/01/2026
  (25, 26 Dec and 1 Jan skipped), held 31/12/2025; the 2nd due 3 months after it,
  31/03/2026, the year's last day: a review that day would be on time, so not passed.
  (A review on 30/09/2025 would not do: 6 months after it is 30/03/2026.)
- M05, in care from a one-year return's earliest episode 01/07/2024 (not its start),
  no review in the store: the stand-in deadline (6 months, 01/01/2025) is before the
  year, and one the store is not sure of anyway: not counted.
- M06, taken over on 01/02/2026 (joined_on), in care since 01/01/2024, reviewed
  05/01/2026 (the 5th): next due 05/07/2026, not in the year.
"""

from __future__ import annotations

from datetime import date

import pytest

from iro_tui.domain.annual import count_year
from iro_tui.domain.report import ReportYear
from iro_tui.interchange.annual_wording import build_annual_report

from .test_annual_figures import Builder, d, figures

YEAR = ReportYear(2025)


@pytest.fixture
def missed(store):
    b = Builder(store)
    for ref, dob, reviews in (
        ("M01", "2012-01-01", [("2025-03-10", 5)]),
        ("M02", "2012-01-01", [("2025-03-10", 5), ("2025-09-20", 6), ("2026-03-19", 7)]),
        ("M03", "2007-11-15", [("2025-03-10", 5)]),
        ("M06", "2012-01-01", [("2026-01-05", 5)]),
    ):
        child = b.child(ref, dob)
        b.episode(child, "2024-01-01")
        for held, number in reviews:
            b.review(child, held, "PN1", review_number=number)
    m04 = b.child("M04", "2012-01-01")
    b.episode(m04, "2025-12-03")
    b.review(m04, "2025-12-31", "PN1", review_number=1)
    m05 = b.child("M05", "2012-01-01")
    b.episode(m05, "2024-07-01", rne="P")  # not the start of care: a one-year return
    with store.transaction() as db:
        db.execute("UPDATE children SET joined_on = '2026-02-01' WHERE child_ref = 'M06'")
    return store


def test_deadlines_passed_with_no_review_are_counted(missed):
    report = build_annual_report(missed, YEAR, date(2026, 6, 1))
    reviews = figures(report, "reviews")
    assert reviews["not_held"] == (2, None)  # M01 and M03
    assert reviews["late"] == (1, reviews["held"][0])  # M02 on 20/09/2025
    assert report.section("reviews").summary.endswith(
        "2 statutory deadlines passed in the year with no review held by 31 March 2026; "
        "3 children in care 6 months or more of the year had no review in it."
    )


def test_a_child_in_care_all_year_with_no_review_is_counted_whatever_history_is_missing(
    missed,
):
    """M05's deadline counts from history the store lacks (a one-year return), so it is
    left out of "passed with no review"; in care all year with no review, a deadline
    passed unmet. M01 (all year) and M03 (until 18 on 15/11/2025, 7 months) too; M02,
    M04 and M06 had reviews in the year."""
    report = build_annual_report(missed, YEAR, date(2026, 6, 1))
    assert figures(report, "reviews")["not_reviewed"] == (3, None)


def test_under_six_months_in_care_in_the_year_with_no_review_is_not_counted(store):
    # In care from Mon 01/09/2025 to 28/02/2026 (X1, then E11 on 01/03: out of care that
    # day), no review: the 1st was due and missed (counted where the store is sure), but
    # the figure for 6 months or more in care does not count it.
    b = Builder(store)
    child = b.child("S01", "2012-01-01")
    b.episode(child, "2025-09-01", dec="2025-12-01", rec="X1")
    b.episode(child, "2025-12-01", rne="L", dec="2026-03-01", rec="E11")
    report = build_annual_report(store, YEAR, date(2026, 6, 1))
    assert figures(report, "reviews")["not_reviewed"] == (0, None)
    # One day longer (in care on 01/03/2026, 6 months on), and it is counted: the run of
    # two episodes is unbroken.
    with store.transaction() as db:
        db.execute("UPDATE episodes SET dec = '2026-03-02' WHERE dec = '2026-03-01'")
    report = build_annual_report(store, YEAR, date(2026, 6, 1))
    assert figures(report, "reviews")["not_reviewed"] == (1, None)


def test_a_deadline_on_the_last_day_counted_has_not_passed(missed):
    # Counted on 31/03/2026 itself: M04's deadline is that day, still in time.
    counts = count_year([], YEAR, d("2026-03-31"), missed.rulebook())
    assert counts.as_at == d("2026-03-31")
    report = build_annual_report(missed, YEAR, d("2026-03-31"))
    assert figures(report, "reviews")["not_held"] == (2, None)


def test_care_ending_at_18_with_no_leaving_recorded_is_a_period_ended(missed):
    report = build_annual_report(missed, YEAR, date(2026, 6, 1))
    assert figures(report, "caseload")["ended"] == (1, None)
    assert figures(report, "ended_reasons") == {"turned 18": (1, 1)}
    [turned] = report.section("ended_reasons").figures
    assert turned.label == "Turned 18 (no leaving recorded)"


def test_a_child_joined_in_the_year_is_said_under_the_mid_point_checks(missed):
    report = build_annual_report(missed, YEAR, date(2026, 6, 1))
    notes = report.section("between").notes
    assert (
        "1 child joined the caseload in the year (taken over, or imported): checks due "
        "before they joined are not counted (they were the previous IRO's)." in notes
    )


def test_nothing_missed_is_said_so(store):
    b = Builder(store)
    child = b.child("N01", "2012-01-01")
    b.episode(child, "2024-01-01")
    b.review(child, "2025-03-10", "PN1", review_number=5)
    b.review(child, "2025-09-09", "PN1", review_number=6)
    b.review(child, "2026-03-05", "PN1", review_number=7)  # next due 05/09/2026
    report = build_annual_report(store, YEAR, date(2026, 6, 1))
    assert figures(report, "reviews")["not_held"] == (0, None)
    assert report.section("reviews").summary.endswith(
        "No statutory deadline passed without a review."
    )


def test_a_decision_no_longer_needed_counts_so_from_the_day_it_was_said(store):
    """Three decisions of 2025-26 said no longer needed on 01/06/2026 changed that
    year's figures ("open and overdue" 3 to 1) after it had ended: counted as they
    stood on 31/03/2026, they were open and overdue then."""
    b = Builder(store)
    child = b.child("D01", "2012-01-01")
    b.episode(child, "2024-01-01")
    b.decision(child, "2025-06-01", "2025-09-01", status="dropped")  # said so in June 2026
    b.decision(child, "2025-06-01", "2025-10-01", status="dropped")  # said so in Jan 2026
    b.decision(child, "2025-06-01", "2025-11-01", status="dropped")  # an older store's: no day
    ids = [r[0] for r in store.conn.execute("SELECT id FROM decisions ORDER BY id")]
    for decision_id, day in ((ids[0], "2026-06-01"), (ids[1], "2026-01-15")):
        store.insert(
            "decision_progress",
            {"decision_id": decision_id, "recorded_date": day, "state": "dropped", "note": "Moved"},
        )
    report = build_annual_report(store, YEAR, date(2026, 6, 1))
    decisions = figures(report, "decisions")
    assert decisions["made"] == (3, None)
    assert decisions["dropped"] == (2, 3)  # January's, and the one with no day
    assert decisions["open"] == (1, 3)
    assert decisions["open_overdue"] == (1, 3)
    # In 2026-27 the June one was no longer needed: not open, not overdue, not made then.
    later = figures(build_annual_report(store, ReportYear(2026), date(2026, 12, 1)), "decisions")
    assert later["earlier_open_overdue"] == (0, None)


def test_a_decision_put_back_on_the_list_after_the_year_counts_as_it_stood_then(store):
    """Dropped on 15/01/2026, put back on the list on 01/06/2026: on 31/03/2026 it was
    no longer needed, and the closed year says so still."""
    b = Builder(store)
    child = b.child("D02", "2012-01-01")
    b.episode(child, "2024-01-01")
    b.decision(child, "2025-06-01", "2025-09-01")  # open now: put back on 01/06/2026
    [(decision_id,)] = store.conn.execute("SELECT id FROM decisions").fetchall()
    for day, state in (("2026-01-15", "dropped"), ("2026-06-01", "overdue")):
        store.insert(
            "decision_progress",
            {"decision_id": decision_id, "recorded_date": day, "state": state, "note": "Why"},
        )
    closed = figures(build_annual_report(store, YEAR, date(2026, 6, 1)), "decisions")
    assert (closed["dropped"], closed["open"]) == ((1, 1), (0, 1))
    # In 2026-27 it is open again and overdue, made in an earlier year.
    later = figures(build_annual_report(store, ReportYear(2026), date(2026, 12, 1)), "decisions")
    assert later["earlier_open_overdue"] == (1, None)
