"""A child on a short-break series is on the caseload between breaks while the series
lives: their 1st review was overdue in the diary and missing from the caseload, seen
only with "left care" shown."""

from iro_tui.domain.caseload import caseload_rows
from iro_tui.domain.rulebook import load_rulebook

from .builders import case, d, episode

ENGLAND = load_rulebook("england")


def brk(start, end):
    return episode(start, ls="V3", dec=end, rec="E8")


def row_of(c, today):
    [row] = caseload_rows([c], {}, [], {}, ENGLAND, d(today))
    return row


def test_between_breaks_the_child_is_on_the_caseload_with_the_series_deadline():
    # Breaks 5-7 Jun and 12-14 Sep 2025; no review: the series began Thu 5 Jun 2025, its
    # 1st review due within 3 months, Fri 5 Sep 2025 (domain.md; CPPCR 2010 reg 48).
    c = case(brk("2025-06-05", "2025-06-07"), brk("2025-09-12", "2025-09-14"), dob="2014-03-01")
    row = row_of(c, "2025-10-01")  # between breaks
    assert row.in_care and row.between_breaks
    assert row.review_due == d("2025-09-05") and row.days_to_review == -26


def test_during_a_break_the_child_is_in_care_as_any_other():
    c = case(brk("2025-06-05", "2025-06-07"), brk("2025-09-12", "2025-09-14"), dob="2014-03-01")
    row = row_of(c, "2025-09-13")
    assert row.in_care and not row.between_breaks


def test_a_child_whose_care_ended_has_left_care():
    c = case(episode("2024-01-08", dec="2025-02-03", rec="E11"), dob="2014-03-01")
    row = row_of(c, "2025-10-01")
    assert not row.in_care and row.review_due is None


def test_left_care_is_neither_in_care_nor_between_breaks():
    from iro_tui.domain.caseload import left_care

    between = case(brk("2025-06-05", "2025-06-07"), brk("2025-09-12", "2025-09-14"))
    gone = case(episode("2024-01-08", dec="2025-02-03", rec="E11"), dob="2014-03-01")
    gone = gone.model_copy(update={"child": gone.child.model_copy(update={"child_ref": "T2"})})
    here = case(episode("2025-01-06"), dob="2014-03-01")
    here = here.model_copy(update={"child": here.child.model_copy(update={"child_ref": "T3"})})
    assert left_care([between, gone, here], ENGLAND, d("2025-10-01")) == {"T2"}
