"""History the store lacks: a one-year 903 return, a caseload typed in mid-cycle.

Every date below is counted by hand in the comment beside it. The rule under test
(domain/history.py): a child in care always has a deadline; missing history never
makes a deadline later than the law's; a review whose number is not known counts as
a later review (6 months) unless it may be a late 1st review, and is never judged late.
"""

from datetime import date

import pytest

from iro_tui.domain.annual import deadline_when_held
from iro_tui.domain.deadlines import next_review_deadline
from iro_tui.domain.history import review_history, reviews_not_judged
from iro_tui.domain.models import Review
from iro_tui.domain.recording import review_number
from iro_tui.domain.rulebook import load_rulebook
from tests.domain.builders import case, d, episode

ENGLAND = load_rulebook("england")
JERSEY = load_rulebook("jersey")
BOTH = pytest.mark.parametrize("rulebook", [ENGLAND, JERSEY], ids=["england", "jersey"])


def numbered(child, held: str, number: int):
    review = Review(status="held", held_date=d(held), number=number)
    return child.model_copy(update={"reviews": (*child.reviews, review)})


@BOTH
def test_no_start_and_no_review_counts_six_months_from_the_earliest_episode(rulebook):
    # A placement change on 31/08/2024 is all the store knows (no RNE=S episode).
    # 31 Aug + 6 months = 28 Feb 2025 (clamped to the month's end).
    child = case(episode("2024-08-31", rne="P"))
    deadline = next_review_deadline(child, rulebook)
    assert deadline.due == date(2025, 2, 28)
    assert deadline.history_missing
    assert deadline.review_number is None
    assert "earlier history not in the store" in deadline.basis
    assert "31/08/2024" in deadline.basis


@BOTH
def test_no_start_with_a_review_counts_six_months_from_it(rulebook):
    # Review held 31/08/2025 -> 28/02/2026, not the 3 months of a 2nd review.
    child = case(episode("2024-04-01", rne="L"), held=["2025-08-31"])
    deadline = next_review_deadline(child, rulebook)
    assert deadline.due == date(2026, 2, 28)
    assert deadline.rule == "review" and deadline.review_number is None
    assert not deadline.history_missing
    assert "earlier reviews are not in the store" in deadline.basis


def test_a_review_before_the_earliest_episode_still_counts_when_the_start_is_unknown():
    # The store's earliest episode (a move on 01/06/2025) began after the review of
    # 15/05/2025, which belongs to the same period: 15/05/2025 + 6 months = 15/11/2025.
    child = case(episode("2025-06-01", rne="P"), held=["2025-05-15"])
    assert next_review_deadline(child, ENGLAND).due == date(2025, 11, 15)


def test_england_a_first_review_held_by_its_deadline_is_the_1st():
    # In care from Mon 06/01/2025: 1st review due 20 WD later, Mon 03/02/2025 (no bank
    # holiday in January after New Year's Day). Held that day: the 1st, on time; the 2nd
    # within 3 months of it (reg 33(2)(b)), 03/05/2025.
    on_time = case(episode("2025-01-06"), held=["2025-02-03"])
    deadline = next_review_deadline(on_time, ENGLAND)
    assert (deadline.rule, deadline.due, deadline.review_number) == (
        "2nd review",
        date(2025, 5, 3),
        2,
    )
    assert reviews_not_judged(on_time, ENGLAND) == frozenset()


def test_england_a_later_first_review_in_the_store_may_be_the_1st_so_3_months_follow():
    # The same start; the first review in the store held after 03/02/2025 is a late 1st
    # or a later review whose predecessors the store lacks. The latest lawful 2nd review
    # is 03/02 + 3 months = 03/05/2025, the 3rd 03/05 + 6 months = 03/11/2025. Held by
    # then, it may be the 1st: the next by 3 months after it, the earlier reading, and
    # it is not judged.
    for held, due in [
        ("2025-02-04", date(2025, 5, 4)),
        ("2025-05-04", date(2025, 8, 4)),  # the day after the latest lawful 2nd review
        ("2025-11-03", date(2026, 2, 3)),
    ]:
        child = case(episode("2025-01-06"), held=[held])
        deadline = next_review_deadline(child, ENGLAND)
        assert (deadline.rule, deadline.due, deadline.review_number) == ("review", due, None)
        assert deadline.history_missing
        assert deadline.basis == (
            f"3 months after the review on {d(held):%d/%m/%Y}, counted as the 1st: earlier "
            "reviews may not be in the store (say which review it was with u on the child's "
            "Reviews tab)"
        )
        assert reviews_not_judged(child, ENGLAND) == {d(held)}
    # Held after 03/11/2025 it cannot be a 1st review held before a 2nd and 3rd were
    # due: earlier reviews are missing, and the next is 6 months after it, 04/05/2026.
    far = case(episode("2025-01-06"), held=["2025-11-04"])
    deadline = next_review_deadline(far, ENGLAND)
    assert (deadline.rule, deadline.due) == ("review", date(2026, 5, 4))
    assert "earlier reviews are not in the store" in deadline.basis
    assert review_history(far, ENGLAND).possibly_first is False


def test_england_the_review_after_one_that_may_be_the_1st_is_judged_only_when_both_agree():
    # First in the store 04/05/2025 (may be the 1st): the next was due by 04/08/2025 as
    # a 2nd review, by 04/11/2025 as a later one. Held 01/08/2025: on time either way,
    # judged. Held 01/10/2025: late as a 2nd, on time as a later one: not judged. Held
    # 05/11/2025: late either way, judged (late).
    for held, judged in [("2025-08-01", True), ("2025-10-01", False), ("2025-11-05", True)]:
        child = case(episode("2025-01-06"), held=["2025-05-04", held])
        assert (d(held) not in reviews_not_judged(child, ENGLAND)) is judged
        # After two reviews the next is 6 months after the last whichever they were.
        assert next_review_deadline(child, ENGLAND).rule == "review"


def test_jersey_a_late_first_review_may_be_the_1st_while_the_2nd_is_not_yet_due():
    # Jersey 3.23: 1st review within 28 days of becoming looked after on 31/01/2025
    # (28/02/2025); 2nd within 4 months of becoming looked after, 31/05/2025. Held
    # 15/04/2025, it may be a late 1st: the 2nd by 31/05/2025, counted from the start.
    late = case(episode("2025-01-31"), held=["2025-04-15"])
    deadline = next_review_deadline(late, JERSEY)
    assert deadline.due == date(2025, 5, 31)
    assert deadline.basis.startswith(
        "4 months after becoming looked after on 31/01/2025, counting the review on "
        "15/04/2025 as the 1st: earlier reviews may not be in the store"
    )
    # Held on or after 31/05/2025, the 2nd's deadline is not after it: 6 months after it
    # (01/06/2025 -> 01/12/2025; 31/05/2025 -> 30/11/2025, clamped).
    assert next_review_deadline(
        case(episode("2025-01-31"), held=["2025-06-01"]), JERSEY
    ).due == date(2025, 12, 1)
    assert next_review_deadline(
        case(episode("2025-01-31"), held=["2025-05-31"]), JERSEY
    ).due == date(2025, 11, 30)
    assert review_history(late, JERSEY).numbers == (None,)
    on_time = case(episode("2025-01-31"), held=["2025-02-28"])
    assert review_history(on_time, JERSEY).numbers == (1,)


@BOTH
def test_a_review_the_iro_numbered_counts_on_from_its_number(rulebook):
    # Taken over mid-cycle: in care since 01/03/2022, the 5th review held 30/09/2026.
    # 30/09/2026 + 6 months = 30/03/2027, the 6th review.
    child = numbered(case(episode("2022-03-01")), "2026-09-30", 5)
    deadline = next_review_deadline(child, rulebook)
    assert (deadline.due, deadline.rule, deadline.review_number) == (date(2027, 3, 30), "review", 6)
    # ... and the reviews held after it count on: 31/03/2027 is the 6th.
    later = child.model_copy(
        update={"reviews": (*child.reviews, Review(status="held", held_date=d("2027-03-31")))}
    )
    assert review_history(later, rulebook).numbers == (5, 6)


def test_a_late_first_review_the_iro_numbered_1_is_a_first_review():
    # In care since 06/01/2025 and the IRO says the review of 15/09/2025 was the 1st:
    # England reg 33(2)(b), the 2nd within 3 months of it, 15/12/2025; it is judged
    # (late), not "not known".
    child = numbered(case(episode("2025-01-06")), "2025-09-15", 1)
    deadline = next_review_deadline(child, ENGLAND)
    assert (deadline.rule, deadline.due) == ("2nd review", date(2025, 12, 15))
    assert reviews_not_judged(child, ENGLAND) == frozenset()


def test_periods_split_where_the_child_left_care_even_without_an_s_episode():
    # Left care 01/06/2019 (E11); the store's next episode is a move on 10/04/2023
    # with no S episode: a new period whose start is unknown. The 2019 review is not
    # part of it. 10/04/2023 + 6 months = 10/10/2023.
    child = case(
        episode("2019-01-01", dec="2019-06-01", rec="E11"),
        episode("2023-04-10", rne="P"),
        held=["2019-02-01"],
    )
    period = child.current_period()
    assert (period.start, period.start_known) == (date(2023, 4, 10), False)
    assert next_review_deadline(child, ENGLAND).due == date(2023, 10, 10)


def test_an_episode_ended_x1_with_no_successor_leaves_the_child_in_care():
    # X1 means "a new episode starts the same day": the child never left care, so the
    # child keeps a deadline: 01/04/2024 + 6 months = 01/10/2024.
    child = case(episode("2024-04-01", rne="L", dec="2025-03-31", rec="X1"))
    assert next_review_deadline(child, ENGLAND).due == date(2024, 10, 1)


def test_a_child_who_left_care_has_no_deadline_whatever_the_history():
    child = case(episode("2024-04-01", rne="L", dec="2025-03-31", rec="E11"))
    assert next_review_deadline(child, ENGLAND) is None


def test_the_annual_report_judges_only_what_the_store_can_judge():
    # Start unknown: the first review in the store (01/06/2025) is not judged; the next
    # (20/11/2025) had to be held by 01/06/2025 + 6 months = 01/12/2025: on time.
    child = case(episode("2024-04-01", rne="L"), held=["2025-06-01", "2025-11-20"])
    assert reviews_not_judged(child, ENGLAND) == {date(2025, 6, 1)}
    assert deadline_when_held(child, date(2025, 11, 20), ENGLAND) == date(2025, 12, 1)


def test_recording_numbers_the_review_from_the_history():
    # Known start, no review yet: the review being recorded is the 1st.
    fresh = case(episode("2025-01-06"))
    assert review_number(fresh, date(2025, 1, 30), ENGLAND) == 1
    assert (
        review_number(case(episode("2025-01-06"), held=["2025-01-30"]), d("2025-04-20"), ENGLAND)
        == 2
    )
    # Start unknown: the store cannot say.
    assert review_number(case(episode("2024-04-01", rne="L")), d("2025-06-01"), ENGLAND) is None
