"""A decision due on or after the 18th birthday is said after the review is recorded
(not refused): the child leaves care that day and the IRO no longer reviews it."""

from iro_tui.domain.recording import DecisionDraft, notes_on_decisions
from tests.domain.builders import case, d, episode

# Born 10/07/2008: 18 on Fri 10/07/2026.
CHILD = case(episode("2025-01-06"), dob="2008-07-10")


def decision(due: str) -> DecisionDraft:
    return DecisionDraft(
        text="Find a college place", owner_name="Tom", owner_role="SW", due_date=d(due)
    )


def test_a_decision_due_the_day_before_18_says_nothing():
    assert notes_on_decisions([decision("2026-07-09")], CHILD) == []


def test_one_due_on_the_birthday_and_one_after_are_counted_never_quoted():
    (note,) = notes_on_decisions(
        [decision("2026-07-10"), decision("2026-09-01"), decision("2026-06-30")], CHILD
    )
    assert note.startswith("2 decisions are due on or after the 18th birthday (10/07/2026)")
    assert "college" not in note  # what was typed about the child is not notified
    (one,) = notes_on_decisions([decision("2027-01-01")], CHILD)
    assert one.startswith("1 decision is due")
