"""Working days and calendar arithmetic for a rulebook's bank-holiday calendar.

domain.md, "Rulebooks": "within N working days of date D" means the Nth working day
after D, with D itself day 0. A working day is Monday to Friday and not a bank
holiday. "N months after D" is calendar months clamped to the month's end
(30 Nov + 3 months = 28 Feb), which is what dateutil.relativedelta does.
"""

from __future__ import annotations

import importlib.util
import sys
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, cached_property, lru_cache
from pathlib import Path

import holidays
from dateutil.relativedelta import relativedelta

# The two calendars the rulebooks use, each loaded from its own file in holidays.
# Why: holidays.country_holidays(), like any import under holidays.countries, first
# runs holidays/countries/__init__.py, which imports all ~250 countries: 150-250 ms
# of the app's first paint (measured for issue 12), against ~15 ms for these two.
# Any other country, or a holidays whose files have moved, goes through the registry
# (tests/domain/test_calendar.py checks both ways give the same days).
OWN_FILES = {"GB": ("united_kingdom", "UnitedKingdom"), "JE": ("jersey", "Jersey")}


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
        return country_holidays(self.country, self.subdivision)

    def is_bank_holiday(self, day: date) -> bool:
        return day in self._holidays

    def bank_holiday_name(self, day: date) -> str | None:
        return self._holidays.get(day)

    def bank_holiday_in_brackets(self, day: date) -> str | None:
        """The name, to be put in brackets: "Boxing Day, observed", not "(Boxing Day
        (observed))"."""
        name = self.bank_holiday_name(day)
        return name.replace(" (", ", ").replace(")", "") if name else None

    def day_off(self, day: date) -> str | None:
        """What `day` is when it is not a working day, in words ("a Saturday", "a bank
        holiday (Easter Monday)", "a Saturday and a bank holiday (Liberation Day)")."""
        if self.is_working_day(day):
            return None
        holiday = self.bank_holiday_in_brackets(day)
        weekend = f"a {day:%A}" if day.weekday() >= 5 else ""
        if holiday is None:
            return weekend
        return (
            f"{weekend} and a bank holiday ({holiday})"
            if weekend
            else f"a bank holiday ({holiday})"
        )

    # Memoised: the diary, the caseload and the annual report ask the same questions of
    # a whole authority thousands of times. The calendar is frozen, so an answer never
    # goes stale.
    @lru_cache(maxsize=65536)  # noqa: B019 - a handful of calendars live for the process
    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and not self.is_bank_holiday(day)

    @cached_property
    def _years(self) -> dict[int, tuple[date, ...]]:
        return {}

    def _weekday_holidays(self, year: int) -> tuple[date, ...]:
        """The year's bank holidays that fall Monday to Friday, in date order (the
        others never change a count of working days)."""
        found = self._years.get(year)
        if found is None:
            self.is_bank_holiday(date(year, 1, 1))  # holidays fills in a year when asked
            found = tuple(sorted(d for d in self._holidays if d.year == year and d.weekday() < 5))
            self._years[year] = found
        return found

    def _holidays_after(self, start: date, end: date) -> int:
        """Weekday bank holidays after `start` up to and including `end`."""
        count = 0
        for year in range(start.year, end.year + 1):
            days = self._weekday_holidays(year)
            count += bisect_right(days, end) - bisect_right(days, start)
        return count

    @lru_cache(maxsize=65536)  # noqa: B019
    def add_working_days(self, start: date, count: int) -> date:
        """The `count`th working day after `start` (start is day 0); negative counts go back.

        Counted in whole weeks, not day by day: jump `count` weekdays, then on again by
        as many weekdays as there were bank holidays in the stretch just jumped, until a
        stretch holds none. The result is the day a day-by-day count reaches
        (tests/domain/test_workdays.py checks both ways agree).
        """
        day, remaining = start, abs(count)
        while remaining:
            if count > 0:
                end = _weekdays_after(day, remaining)
                remaining = self._holidays_after(day, end)  # in (day, end]
            else:
                end = _weekdays_before(day, remaining)
                # in [end, day): the same as (end - 1 day, day - 1 day]
                remaining = self._holidays_after(end - _DAY, day - _DAY)
            day = end
        return day

    @lru_cache(maxsize=65536)  # noqa: B019
    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 if end <= start)."""
        if end <= start:
            return 0
        return _weekdays_upto(end) - _weekdays_upto(start) - self._holidays_after(start, end)


_DAY = timedelta(days=1)


def _weekdays_after(day: date, count: int) -> date:
    """The `count`th weekday (Monday to Friday) after `day`, count > 0."""
    weekday = day.weekday()
    if weekday > 4:  # from a weekend day, as from the Friday before it
        day -= timedelta(days=weekday - 4)
        weekday = 4
    weeks, rest = divmod(count, 5)
    days = weeks * 7 + rest + (2 if weekday + rest > 4 else 0)
    return day + timedelta(days=days)


def _weekdays_before(day: date, count: int) -> date:
    """The `count`th weekday before `day`, count > 0."""
    weekday = day.weekday()
    if weekday > 4:  # from a weekend day, as from the Monday after it
        day += timedelta(days=7 - weekday)
        weekday = 0
    weeks, rest = divmod(count, 5)
    days = weeks * 7 + rest + (2 if weekday - rest < 0 else 0)
    return day - timedelta(days=days)


def _weekdays_upto(day: date) -> int:
    """Weekdays from 1 January of year 1 (a Monday) up to and including `day`."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


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


def country_holidays(country: str, subdivision: str | None) -> holidays.HolidayBase:
    """holidays.country_holidays, without importing every country for GB and JE."""
    known = OWN_FILES.get(country)
    if known is not None:
        try:
            return _country_class(*known)(subdiv=subdivision)
        except (OSError, ImportError, AttributeError, TypeError):
            pass  # not where it was in holidays 0.109: the registry finds it
    return holidays.country_holidays(country, subdiv=subdivision)


@cache
def _country_class(module: str, name: str) -> type[holidays.HolidayBase]:
    path = Path(holidays.__file__).parent / "countries" / f"{module}.py"
    spec = importlib.util.spec_from_file_location(f"iro_tui.domain._holidays_{module}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"no {path}")
    loaded = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = loaded
    try:
        spec.loader.exec_module(loaded)
    except BaseException:
        del sys.modules[spec.name]
        raise
    found = getattr(loaded, name)
    if not (isinstance(found, type) and issubclass(found, holidays.HolidayBase)):
        raise TypeError(f"{name} in {path} is not a holidays calendar")
    return found
