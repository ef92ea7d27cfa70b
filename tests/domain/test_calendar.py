"""Working days in England & Wales and in Jersey, hand-counted on a calendar."""

from datetime import date

import pytest

from iro_tui.domain.calendar import WorkingDayCalendar, add_months, age_on, eighteenth_birthday

ENGLAND = WorkingDayCalendar("GB", "ENG")
JERSEY = WorkingDayCalendar("JE")


def test_gb_without_a_subdivision_is_refused():
    # holidays' bare GB calendar omits Easter Monday: it must never be used.
    with pytest.raises(ValueError, match="subdiv"):
        WorkingDayCalendar("GB")


def test_easter_monday_2026_is_a_bank_holiday_in_england():
    assert not ENGLAND.is_working_day(date(2026, 4, 6))
    assert not ENGLAND.is_working_day(date(2026, 4, 3))  # Good Friday
    assert ENGLAND.is_working_day(date(2026, 4, 7))


def test_liberation_day_is_a_holiday_in_jersey_only():
    # 9 May 2025 was a Friday: a Jersey holiday, an ordinary day in England.
    assert not JERSEY.is_working_day(date(2025, 5, 9))
    assert ENGLAND.is_working_day(date(2025, 5, 9))


def test_day_zero_is_the_start_date():
    # Mon 1 Jun 2026 + 1 WD = Tue 2 Jun; + 5 WD = Mon 8 Jun.
    assert ENGLAND.add_working_days(date(2026, 6, 1), 1) == date(2026, 6, 2)
    assert ENGLAND.add_working_days(date(2026, 6, 1), 5) == date(2026, 6, 8)
    assert ENGLAND.add_working_days(date(2026, 6, 1), 0) == date(2026, 6, 1)


def test_counting_across_christmas_2026_with_boxing_day_observed():
    # Thu 24 Dec 2026 +1 WD: 25 (Fri), 26-27 weekend, 28 (Boxing Day observed) -> Tue 29 Dec.
    assert ENGLAND.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)


def test_counting_backwards_skips_the_easter_weekend():
    # 3 WD before Thu 9 Apr 2026: Wed 8 (1), Tue 7 (2), [Mon 6, Fri 3 holidays] Thu 2 (3).
    assert ENGLAND.add_working_days(date(2026, 4, 9), -3) == date(2026, 4, 2)


def test_months_clamp_to_the_end_of_the_month():
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)  # leap year


def test_a_leap_day_child_turns_18_on_1_march_in_a_common_year():
    assert eighteenth_birthday(date(2008, 2, 29)) == date(2026, 3, 1)
    assert eighteenth_birthday(date(2010, 2, 28)) == date(2028, 2, 28)
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


@pytest.mark.parametrize(("country", "subdivision"), [("GB", "ENG"), ("JE", None)])
def test_the_two_calendars_loaded_from_their_files_are_the_registrys(country, subdivision):
    import holidays

    from iro_tui.domain.calendar import country_holidays

    ours = country_holidays(country, subdivision)
    registry = holidays.country_holidays(country, subdiv=subdivision)
    assert type(ours).__module__.startswith("iro_tui.")  # not through the registry
    for year in range(1990, 2051):
        ours.get(date(year, 1, 1))  # holidays fills in a year when asked
        registry.get(date(year, 1, 1))
    assert len(ours) > 500 and sorted(ours.items()) == sorted(registry.items())


def test_a_calendar_that_has_moved_is_found_through_the_registry(monkeypatch):
    from iro_tui.domain import calendar

    monkeypatch.setitem(calendar.OWN_FILES, "JE", ("no_such_module", "Jersey"))
    found = calendar.country_holidays("JE", None)
    assert date(2025, 5, 9) in found  # Liberation Day
    assert not type(found).__module__.startswith("iro_tui.")


def test_the_first_calendar_does_not_import_every_country():
    import subprocess
    import sys

    probe = (
        "import sys; from datetime import date; "
        "from iro_tui.domain.calendar import WorkingDayCalendar as W; "
        "assert not W('GB', 'ENG').is_working_day(date(2026, 4, 6)); "
        "assert not W('JE').is_working_day(date(2025, 5, 9)); "
        "print('holidays.countries' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_day_off_names_an_observed_holiday_without_brackets_in_brackets():
    """ "a bank holiday (Boxing Day (observed))" read with brackets in brackets."""
    from datetime import date

    from iro_tui.domain.rulebook import load_rulebook

    calendar = load_rulebook("england").calendar
    assert calendar.day_off(date(2026, 12, 28)) == "a bank holiday (Boxing Day, observed)"
    assert calendar.day_off(date(2026, 12, 26)) == "a Saturday and a bank holiday (Boxing Day)"
    assert calendar.day_off(date(2026, 12, 29)) is None
