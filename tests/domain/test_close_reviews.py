"""A review recorded within 4 weeks of another held review is said after saving (a
review recorded twice, or a mistyped date, counts twice in the annual report)."""

from iro_tui.domain.models import Review
from iro_tui.domain.recording import notes_on_close_reviews
from tests.domain.builders import case, d, episode


def test_a_review_29_days_from_another_says_nothing_28_days_is_said():
    c = case(episode("2025-01-06"), held=["2026-06-01"])
    assert notes_on_close_reviews(c, d("2026-06-30"), None) == []  # 29 days after
    assert notes_on_close_reviews(c, d("2026-05-03"), None) == []  # 29 days before
    [after] = notes_on_close_reviews(c, d("2026-06-29"), None)
    assert after == (
        "Another review of this child is recorded as held on 01/06/2026, 28 days before "
        "this one: check the dates (a review recorded twice counts twice)."
    )
    [before] = notes_on_close_reviews(c, d("2026-05-29"), None)
    assert "held on 01/06/2026, 3 days after this one" in before


def test_the_review_being_saved_again_is_not_counted_against_itself():
    c = case(episode("2025-01-06"))
    c = c.model_copy(update={"reviews": (Review(id=7, status="held", held_date=d("2026-06-01")),)})
    assert notes_on_close_reviews(c, d("2026-06-02"), 7) == []
    assert len(notes_on_close_reviews(c, d("2026-06-02"), 8)) == 1


def test_booked_and_adjourned_reviews_are_not_held_reviews():
    c = case(episode("2025-01-06"), booked=["2026-06-05"])
    assert notes_on_close_reviews(c, d("2026-06-01"), None) == []
