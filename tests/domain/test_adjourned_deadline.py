"""An adjourned review keeps the date it was scheduled for and is completed within 20
working days (domain.md, "The review meeting"; IRO Handbook 3.25, 3.27). Begun on or
before its deadline, it is late only when that completion is missed.

The hand count: from Wed 20/05/2026, 20 working days, the Spring bank holiday Mon
25/05/2026 left out: 21, 22, 26, 27, 28, 29 May (6), 1-5 June (11), 8-12 June (16),
15, 16, 17, 18 June (20): Thu 18/06/2026.
"""

from datetime import date

from iro_tui.domain.agenda import build_agenda
from iro_tui.domain.agenda_types import DiaryData
from iro_tui.domain.deadlines import next_review_deadline
from iro_tui.domain.models import Review
from iro_tui.domain.rulebook import load_rulebook

from .builders import case, d, episode

ENGLAND = load_rulebook("england")


def adjourned(on: str, held=("2025-05-20", "2025-11-20")):
    """In care since 06/01/2025, the 1st review 20/05/2025... the last 20/11/2025: the
    next due Wed 20/05/2026; a review adjourned on `on`."""
    c = case(episode("2025-01-06"), held=list(held))
    return c.model_copy(
        update={"reviews": (*c.reviews, Review(id=9, status="adjourned", scheduled_date=d(on)))}
    )


def diary(c, today):
    items = build_agenda(DiaryData(cases=[c]), ENGLAND, today)
    return [
        (i.kind, i.due, i.overdue, i.title)
        for i in items
        if i.kind in ("review", "adjourned-review")
    ]


def test_a_review_adjourned_on_its_deadline_is_due_by_its_completion():
    deadline = next_review_deadline(adjourned("2026-05-20"), ENGLAND)
    assert (deadline.due, deadline.adjourned_on) == (date(2026, 6, 18), date(2026, 5, 20))
    assert deadline.basis.startswith("adjourned on 20/05/2026 within its deadline of 20/05/2026")
    # A week after the meeting nothing is overdue: one item, the completion's.
    assert diary(adjourned("2026-05-20"), date(2026, 5, 27)) == [
        ("review", date(2026, 6, 18), False, "Adjourned review due")
    ]
    # The completion missed: shouted.
    assert diary(adjourned("2026-05-20"), date(2026, 6, 19))[0][1:3] == (date(2026, 6, 18), True)


def test_a_review_adjourned_after_its_deadline_was_late_when_it_began():
    """Begun on Thu 21/05/2026, a day after the deadline: the deadline stands, overdue,
    and the completion (Fri 19/06/2026) is listed too."""
    assert next_review_deadline(adjourned("2026-05-21"), ENGLAND).due == date(2026, 5, 20)
    assert diary(adjourned("2026-05-21"), date(2026, 5, 27)) == [
        ("review", date(2026, 5, 20), True, "Review due"),
        ("adjourned-review", date(2026, 6, 19), False, "Complete the adjourned review"),
    ]


def test_once_completed_the_review_counts_from_the_day_it_began():
    """Recorded as held on 20/05/2026, the day it began: 6 months on, 20/11/2026."""
    completed = adjourned("2026-05-20", held=("2025-05-20", "2025-11-20", "2026-05-20"))
    deadline = next_review_deadline(completed, ENGLAND)
    assert (deadline.due, deadline.adjourned_on) == (date(2026, 11, 20), None)


def test_an_adjournment_in_an_earlier_period_of_care_covers_nothing():
    """Adjourned on 10/12/2025, then care ended 15/12/2025 and began again 05/01/2026:
    the new period's 1st review is due within 20 working days, Mon 02/02/2026."""
    c = case(
        episode("2025-06-02", dec="2025-12-15", rec="E13"),
        episode("2026-01-05"),
        held=["2025-06-27"],
    )
    c = c.model_copy(
        update={
            "reviews": (
                *c.reviews,
                Review(id=9, status="adjourned", scheduled_date=d("2025-12-10")),
            )
        }
    )
    deadline = next_review_deadline(c, ENGLAND)
    assert (deadline.due, deadline.adjourned_on) == (date(2026, 2, 2), None)


def test_an_adjourned_review_is_completed_before_the_18th_birthday():
    """18 on Wed 08/07/2026, adjourned on Fri 26/06/2026: 20 working days would be
    24/07/2026, after the birthday, and the item vanished from the diary on it (an
    adversarial check). It is due by the day before, Tue 07/07/2026."""
    c = case(episode("2025-01-06"), held=["2025-06-27", "2025-12-26"], dob="2008-07-08")
    c = c.model_copy(
        update={
            "reviews": (
                *c.reviews,
                Review(id=9, status="adjourned", scheduled_date=d("2026-06-26")),
            )
        }
    )
    deadline = next_review_deadline(c, ENGLAND)
    assert (deadline.due, deadline.adjourned_on) == (date(2026, 7, 7), date(2026, 6, 26))
