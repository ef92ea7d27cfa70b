"""Dates, times and 'days' as every screen shows them: one way, everywhere.

- a date is dd/mm/YYYY (the way 903 returns and council forms write it);
- a stored time (UTC in the store, for the audit) is shown in the laptop's local time;
- days to a deadline read "in 5 days", "today" or "3 days overdue" (red), never a
  negative number that means overdue on one screen and days left on another.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from rich.text import Text

DATE = "%d/%m/%Y"


def day(value: date | None) -> str:
    return f"{value:{DATE}}" if value else ""


def local_time(stored: str) -> str:
    """A timestamp from the store (ISO, UTC if it names no zone) as local dd/mm/YYYY HH:MM."""
    moment = datetime.fromisoformat(stored)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return f"{moment.astimezone():{DATE} %H:%M}"


def days_phrase(days_left: int) -> str:
    if days_left < 0:
        return f"{-days_left} day{'s' * (days_left != -1)} overdue"
    if days_left == 0:
        return "today"
    return f"in {days_left} day{'s' * (days_left != 1)}"


def days_cell(days_left: int, overdue_style: str, style: str = "") -> Text:
    """'3 days overdue' in the overdue style (red, bold), else 'in 5 days' / 'today'."""
    return Text(
        days_phrase(days_left), style=overdue_style if days_left < 0 else style, justify="right"
    )
