"""The diary's sections by day: the next 7 days hold every row "in 7 days" or sooner,
the next four weeks every row "in 28 days" or sooner, and the summary counts what the
headings hold. Cut a day short, a Jersey child's 1st review (28 days after care began)
was not in the diary on their first day, and a row "in 7 days" stood outside "the next
7 days"."""

from datetime import date

import pytest

from iro_tui.domain.agenda import AgendaItem, section

MONDAY = date(2026, 6, 1)


def due_on(day: date) -> AgendaItem:
    return AgendaItem(
        child="T1",
        child_name="Test",
        kind="decision",
        due=day,
        overdue=day < MONDAY,
        title="A decision",
        detail="",
        link="",
        key=f"k-{day}",
    )


@pytest.mark.parametrize(
    ("day", "heading"),
    [
        (date(2026, 5, 29), "Overdue"),
        (date(2026, 6, 1), "Today"),
        (date(2026, 6, 2), "Next 7 days"),
        (date(2026, 6, 8), "Next 7 days"),  # in 7 days: next Monday
        (date(2026, 6, 9), "Next four weeks"),
        (date(2026, 6, 29), "Next four weeks"),  # in 28 days (a Jersey 1st review)
        (date(2026, 6, 30), "Later"),
    ],
)
def test_each_day_falls_in_its_section(day, heading):
    assert section(due_on(day), MONDAY) == heading


def test_the_summary_counts_seven_days_and_shows_four_weeks():
    from iro_tui.screens.diary_frame import diary_view

    days = [date(2026, 6, d) for d in (1, 8, 9, 29, 30)]
    view = diary_view([due_on(d) for d in days], "England", MONDAY)
    assert view.summary == (
        "Nothing overdue · 2 due in the next 7 days · 4 items in the next 4 weeks"
    )
    assert [i.due for i in view.shown] == days[:4]
