"""The mid-point check: halfway between the last review held and the next deadline, and
only between reviews. Every date is counted by hand in the comment beside it."""

from iro_tui.domain.between import midpoint
from iro_tui.domain.rulebook import load_rulebook
from tests.domain.builders import case, d, episode

ENGLAND = load_rulebook("england")


def test_halfway_from_the_last_review_to_the_next_deadline_rounding_down():
    # In care 05/01/2026; 1st review 30/01/2026; the 2nd is due 3 months later,
    # 30/04/2026 (a Thursday, a working day). 30/01 -> 30/04 is 90 days: halfway is
    # 45 days on, 16/03/2026.
    child = case(episode("2026-01-05"), held=["2026-01-30"])
    point = midpoint(child, ENGLAND)
    assert point is not None
    assert (point.since, point.deadline, point.due) == (
        d("2026-01-30"),
        d("2026-04-30"),
        d("2026-03-16"),
    )


def test_a_later_review_halfway_across_a_month_end():
    # 2nd review 31/03/2026 (after a 1st on 15/01/2026): the next is due 6 months on,
    # 30/09/2026 (no 31 September: the month's last day, a Wednesday). 31/03 -> 30/09 is
    # 183 days: halfway is 91 days on (183 // 2), 30/06/2026.
    child = case(episode("2025-12-20"), held=["2026-01-15", "2026-03-31"])
    point = midpoint(child, ENGLAND)
    assert point is not None
    assert (point.deadline, point.due) == (d("2026-09-30"), d("2026-06-30"))


def test_no_midpoint_before_the_first_review():
    # In care 01/05/2026, no review yet: the 1st is due within 20 working days. Halfway
    # to it (17/05/2026) was shown as an overdue mid-point check, beside the review itself.
    assert midpoint(case(episode("2026-05-01")), ENGLAND) is None


def test_no_midpoint_for_a_child_whose_reviews_are_not_in_the_store():
    # A 903 return's child in care since 2023 (not its start: RNE P), no review on file:
    # the overdue review is the thing to do, not a check halfway to it.
    assert midpoint(case(episode("2023-04-01", rne="P")), ENGLAND) is None


def test_the_midpoint_counts_from_the_latest_period_of_care_only():
    # Left care 01/03/2026 after a review on 15/01/2026; back in care 01/05/2026, no
    # review in this period yet: no mid-point (the old period's review does not count).
    child = case(
        episode("2025-12-20", dec="2026-03-01", rec="E11"),
        episode("2026-05-01"),
        held=["2026-01-15"],
    )
    assert midpoint(child, ENGLAND) is None
