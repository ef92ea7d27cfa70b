"""The diary's sections by day: the next 7 days and the next four weeks each hold
exactly that many days, today the first (on Monday 01/06/2026, "This week" ran to the
next Monday, eight days, and the summary's "next 7 days" counted eight)."""

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
        (date(2026, 6, 7), "Next 7 days"),  # Sunday, the 7th day
        (date(2026, 6, 8), "Next four weeks"),  # next Monday: the 8th day
        (date(2026, 6, 28), "Next four weeks"),  # Sunday, the 28th day
        (date(2026, 6, 29), "Later"),
    ],
)
def test_each_day_falls_in_its_section(day, heading):
    assert section(due_on(day), MONDAY) == heading


def test_the_summary_counts_seven_days_and_shows_four_weeks():
    from iro_tui.screens.diary_frame import diary_view

    days = [date(2026, 6, d) for d in (1, 7, 8, 28, 29)]
    view = diary_view([due_on(d) for d in days], "England", MONDAY)
    assert view.summary == (
        "Nothing overdue · 2 due in the next 7 days · 4 items in the next 4 weeks"
    )
    assert [i.due for i in view.shown] == days[:4]
