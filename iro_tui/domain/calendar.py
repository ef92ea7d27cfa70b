"""Working days and calendar arithmetic for a rulebook's bank-holiday calendar.

domain.md, "Rulebooks": "within N working days of date D" means the Nth working day
after D, with D itself day 0. A working day is Monday to Friday and not a bank
holiday. "N months after D" is calendar months clamped to the month's end
(30 Nov + 3 months = 28 Feb), which is what dateutil.relativedelta does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property, lru_cache

import holidays
from dateutil.relativedelta import relativedelta


@dataclass(frozen=True)
class WorkingDayCalendar:
    """Bank holidays of one jurisdiction: ("GB", "ENG") for England, ("JE", None) for Jersey."""

    country: str
    subdivision: str | None = None

    def __post_init__(self) -> None:
        # holidays' GB without a subdivision leaves out Easter Monday and the
        # August bank holiday, which are English holidays: never allow it.
        if self.country in ("GB", "UK") and not self.subdivision:
            raise ValueError("the GB calendar needs a subdivision, e.g. subdiv='ENG'")

    @cached_property
    def _holidays(self) -> holidays.HolidayBase:
        return holidays.country_holidays(self.country, subdiv=self.subdivision)

    def is_bank_holiday(self, day: date) -> bool:
        return day in self._holidays

    def bank_holiday_name(self, day: date) -> str | None:
        return self._holidays.get(day)

    # Memoised: the diary, the caseload and the annual report ask the same questions of
    # a whole authority thousands of times, and each answer steps day by day through
    # the holidays table. The calendar is frozen, so an answer never goes stale.
    @lru_cache(maxsize=65536)  # noqa: B019 - a handful of calendars live for the process
    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and not self.is_bank_holiday(day)

    @lru_cache(maxsize=65536)  # noqa: B019
    def add_working_days(self, start: date, count: int) -> date:
        """The `count`th working day after `start` (start is day 0); negative counts go back."""
        step = 1 if count >= 0 else -1
        remaining = abs(count)
        day = start
        while remaining:
            day += timedelta(days=step)
            if self.is_working_day(day):
                remaining -= 1
        return day

    @lru_cache(maxsize=65536)  # noqa: B019
    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 if end <= start)."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count


@lru_cache(maxsize=65536)  # pure, and asked for every child's deadline on each reload
def add_months(start: date, months: int) -> date:
    """Calendar months, clamped to the month's end (31 Aug + 6 months = 28/29 Feb)."""
    return start + relativedelta(months=months)


def eighteenth_birthday(dob: date) -> date:
    """The day the child turns 18.

    A child born on 29 February turns 18 on 1 March in a common year: Family Law
    Reform Act 1969 s.9 (an age is attained at the start of the anniversary of
    birth), which English practice reads as 1 March. Choosing the later day keeps
    a review that would otherwise vanish a day early.
    """
    if dob.month == 2 and dob.day == 29:
        try:
            return dob.replace(year=dob.year + 18)
        except ValueError:
            return date(dob.year + 18, 3, 1)
    return dob.replace(year=dob.year + 18)


def age_on(dob: date, day: date) -> int:
    """Whole years of age on `day`."""
    years = day.year - dob.year
    if (day.month, day.day) < (dob.month, dob.day):
        years -= 1
    return years
