"""One meaning of 'overdue' for decisions and escalation responses."""

from datetime import date

from iro_tui.domain.between import Stage
from iro_tui.domain.records import Decision

TODAY = date(2026, 6, 1)


def decision(due: date, status: str = "open") -> Decision:
    return Decision(
        child_ref="100101",
        text="Refer for CAMHS",
        owner_name="Tom Ellery",
        owner_role="social_worker",
        made_date=date(2026, 1, 1),
        due_date=due,
        status=status,
    )


def test_a_decision_is_overdue_only_when_open_and_past_its_due_date():
    assert decision(date(2026, 5, 31)).is_overdue(TODAY)
    assert not decision(TODAY).is_overdue(TODAY)  # due today is not yet late
    assert not decision(date(2026, 5, 31), status="done").is_overdue(TODAY)
    assert not decision(date(2026, 5, 31), status="dropped").is_overdue(TODAY)


def test_a_response_is_late_only_while_still_awaited():
    waiting = Stage(1, "Team manager", opened_date=date(2026, 5, 1), response_due=date(2026, 5, 8))
    assert waiting.response_late(TODAY)
    assert not waiting.response_late(date(2026, 5, 8))
    answered = Stage(
        1,
        "Team manager",
        opened_date=date(2026, 5, 1),
        response_due=date(2026, 5, 8),
        response_date=date(2026, 5, 20),
    )
    assert not answered.response_late(TODAY)
    skipped = Stage(1, "Team manager", opened_date=date(2026, 5, 1), skipped=True)
    assert not skipped.response_late(TODAY)
