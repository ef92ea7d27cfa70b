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


def test_views_written_down_under_a_code_that_says_none_reached_the_review_are_said():
    """PN4 (attended, did not contribute) or PN7 with views typed: the annual report
    counts the review as one where the child did not contribute; said, not refused."""
    from iro_tui.domain.recording import ReviewRecord, notes_on_views

    def record(code, views):
        return ReviewRecord(held_date=d("2026-06-01"), participation_code=code, child_views=views)

    [note] = notes_on_views(record("PN4", "I want to stay here"), "Dawit")
    assert note.startswith("PN4 (attended but did not contribute) says Dawit's views did not")
    assert notes_on_views(record("PN7", "Likes football"), "Dawit")[0].startswith("PN7 (")
    assert notes_on_views(record("PN4", None), "Dawit") == []
    assert notes_on_views(record("PN1", "I want to stay here"), "Dawit") == []
