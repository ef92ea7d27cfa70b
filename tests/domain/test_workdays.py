"""Working-day arithmetic in whole weeks (issue 12) agrees with counting day by day.

The calendar jumps weeks and then makes up the bank holidays it jumped over; here
every answer is checked against the definition in domain.md ("the Nth working day
after D, with D itself day 0"), counted one day at a time, in England and Jersey,
forwards and back, across Christmas, Easter and the one-off holidays (2022's
jubilee and state funeral, the 2023 coronation).
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from iro_tui.domain.calendar import WorkingDayCalendar

CALENDARS = [WorkingDayCalendar("GB", "ENG"), WorkingDayCalendar("JE")]
days = st.dates(min_value=date(1995, 1, 1), max_value=date(2065, 12, 31))


def step_working_days(calendar: WorkingDayCalendar, start: date, count: int) -> date:
    step = timedelta(days=1 if count >= 0 else -1)
    remaining, day = abs(count), start
    while remaining:
        day += step
        if calendar.is_working_day(day):
            remaining -= 1
    return day


def step_between(calendar: WorkingDayCalendar, start: date, end: date) -> int:
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += calendar.is_working_day(day)
    return count


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(CALENDARS), days, st.integers(min_value=-300, max_value=300))
def test_adding_working_days_agrees_with_a_day_by_day_count(calendar, start, count):
    assert calendar.add_working_days(start, count) == step_working_days(calendar, start, count)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(CALENDARS), days, st.integers(min_value=-40, max_value=400))
def test_working_days_between_agrees_with_a_day_by_day_count(calendar, start, length):
    end = start + timedelta(days=length)
    assert calendar.working_days_between(start, end) == step_between(calendar, start, end)


def test_every_start_around_the_holidays_of_2020_to_2027():
    """Each day of eight years, each count from -25 to 25 (the rulebooks' range)."""
    for calendar in CALENDARS:
        day = date(2020, 1, 1)
        while day < date(2028, 1, 1):
            for count in range(-25, 26):
                assert calendar.add_working_days(day, count) == step_working_days(
                    calendar, day, count
                ), (calendar, day, count)
            day += timedelta(days=1)


def test_one_off_holidays_are_skipped():
    england = CALENDARS[0]
    # Thu 2 Jun 2022 (spring bank holiday) and Fri 3 Jun (the jubilee): Wed 1 + 1 WD
    # is Mon 6 Jun. Mon 19 Sep 2022 (the state funeral): Fri 16 + 1 WD is Tue 20 Sep.
    assert england.add_working_days(date(2022, 6, 1), 1) == date(2022, 6, 6)
    assert england.add_working_days(date(2022, 9, 16), 1) == date(2022, 9, 20)
    # Mon 8 May 2023 (the coronation): Fri 5 May + 1 WD is Tue 9 May.
    assert england.add_working_days(date(2023, 5, 5), 1) == date(2023, 5, 9)
    assert england.working_days_between(date(2022, 5, 31), date(2022, 6, 6)) == 2
