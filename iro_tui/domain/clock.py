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


# The diary's next 7 days and next four weeks: every item whose row says "in 7 days" or
# sooner, and "in 28 days" or sooner. Cut a day short, a Jersey child's 1st review, 28
# days after care began, was not in the diary on the day they came into care, and a
# row "in 7 days" stood outside "the next 7 days".
WEEK_DAYS, FOUR_WEEKS_DAYS = 7, 28
