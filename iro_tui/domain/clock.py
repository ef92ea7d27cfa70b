"""Today comes from a clock, never from date.today() in the rules.

Injected everywhere so that tests, snapshots and `--today` never depend on the
real date.
"""

from dataclasses import dataclass
from datetime import date
from typing import Protocol


class Clock(Protocol):
    def today(self) -> date: ...


class SystemClock:
    def today(self) -> date:
        return date.today()


@dataclass(frozen=True)
class FixedClock:
    fixed: date

    def today(self) -> date:
        return self.fixed


# The diary's next 7 days and next four weeks, today the first of them: on a Monday,
# "this week" ran to the next Monday, eight days, and the diary's summary counted it so.
WEEK_DAYS, FOUR_WEEKS_DAYS = 7, 28
