"""The diary as an iCalendar file, for Outlook or any calendar.

A calendar syncs to places the store does not (phones, cloud accounts), so by
default a title names the child by initials and 903 ID only, and no free text
about the child goes in. The setting `calendar_full_names` = yes lifts that.
UIDs are stable (built from what the event is, not when it was exported), so
importing a newer export updates events instead of duplicating them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from iro_tui.domain.agenda import AgendaItem
from iro_tui.interchange.files import check_target, write_atomically
from iro_tui.safe_text import plain

if TYPE_CHECKING:
    from icalendar import Calendar

    from iro_tui.store.store import Store

# Every dated thing in the diary: a deadline left out of the calendar (a mid-point, an
# escalation's reply, a final review before 18) was missed by an IRO who works from it.
CALENDAR_KINDS = (
    "review",
    "booked-review",
    "pre-review",
    "decision",
    "appointment",
    "adjourned-review",
    "post-review",
    "midpoint",
    "follow-up",
    "escalation",
    "iro-appointed",
    "final-review",
    "pathway-plan",
    "birthday",
)
LONDON = ZoneInfo("Europe/London")
UID_DOMAIN = "iro-tui"
# Kinds whose title is only their label here: a meeting's title names its venue (often
# the placement), and a decision's is what was decided about the child.
LABEL_ONLY = {
    "review": "Review deadline",
    "booked-review": "Review meeting",
    "decision": "Decision due",
}


def _who(item: AgendaItem, initials: dict[str, str], full_names: bool) -> str:
    if not item.child:
        return ""
    name = item.child_name if full_names else initials.get(item.child, "?")
    # A child with no name on file (a 903 return carries none) is their ID alone.
    return f"{name} ({item.child})" if name and name != "?" else f"child {item.child}"


def event_title(item: AgendaItem, initials: dict[str, str], full_names: bool) -> str:
    who = _who(item, initials, full_names)
    if item.kind == "appointment" or not who:
        # The IRO's own words for their own appointment; the child by initials.
        return f"{item.title} – {who}" if who else item.title
    if item.kind == "decision" and full_names:
        return f"Decision due: {item.title} – {who}"
    if item.kind in LABEL_ONLY:
        return f"{LABEL_ONLY[item.kind]} – {who}"
    if item.kind == "pre-review":
        return f"Pre-review: {item.title} – {who}"
    # Every other title is the diary's own words (a mid-point check, a reply due...).
    return f"{item.title} – {who}"


def build_calendar(
    items: list[AgendaItem], initials: dict[str, str], full_names: bool, stamp: datetime
) -> Calendar:
    from icalendar import Calendar, Event  # imported here: rarely used, slow to import

    calendar = Calendar()
    calendar.add("prodid", "-//iro-tui//IRO diary//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "IRO diary")
    for item in items:
        if item.kind not in CALENDAR_KINDS:
            continue
        event = Event()
        event.add("uid", f"{item.key}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        # plain: imported text carries no control characters or escapes into a calendar.
        event.add("summary", plain(event_title(item, initials, full_names)))
        if item.time:
            start = datetime.combine(item.due, time.fromisoformat(item.time), tzinfo=LONDON)
            event.add("dtstart", start)
            if item.until:  # an appointment ends when it was set to
                end = datetime.combine(item.due, time.fromisoformat(item.until), tzinfo=LONDON)
            else:
                end = start + timedelta(hours=1, minutes=30 if item.kind == "booked-review" else 0)
            event.add("dtend", end)
        else:
            event.add("dtstart", item.due)
            event.add("dtend", item.due + timedelta(days=1))
        # Unless full names are on, no decision's text, and no child's appointment details:
        # it names where they are ("Foster home, Croydon") beside their initials. The
        # IRO's own appointment (a team meeting) keeps its place.
        private = item.kind == "decision" or (item.kind == "appointment" and item.child)
        if full_names or not private:
            event.add("description", plain(item.detail))
        event.add("categories", [item.kind])
        calendar.add_component(event)
    # Timed events carry TZID=Europe/London; RFC 5545 3.2.19 requires a VTIMEZONE
    # for every TZID used, or Outlook may read the times as UTC (an hour out in summer).
    calendar.add_missing_timezones()
    return calendar


def write_ics(
    items: list[AgendaItem], path: Path, initials: dict[str, str], full_names: bool, stamp: datetime
) -> int:
    """Write atomically (temp file, then rename): a crash never leaves half a file."""
    path = check_target(path, "calendar (a name ending .ics)")
    calendar = build_calendar(items, initials, full_names, stamp)
    write_atomically(path, lambda temp: temp.write_bytes(calendar.to_ical()))
    return sum(1 for i in items if i.kind in CALENDAR_KINDS)


@dataclass(frozen=True)
class DiaryCalendar:
    """What a calendar file is written from, read from the store first: writing it needs
    no store, so the app writes it off the main thread (~12,000 events on a whole
    authority take seconds in icalendar)."""

    items: list[AgendaItem]
    initials: dict[str, str]
    full_names: bool

    def write(self, path: Path, stamp: datetime) -> int:
        return write_ics(self.items, path, self.initials, self.full_names, stamp)


def diary_calendar(store: Store, today: date) -> DiaryCalendar:
    """Everything with a date from today's agenda (overdue included)."""
    from iro_tui.domain.agenda import build_agenda
    from iro_tui.store.records import load_diary

    data = load_diary(store, today)
    items = build_agenda(data, store.rulebook(), today)
    initials = {c.child.child_ref: c.child.initials for c in data.cases}
    full = (store.get_setting("calendar_full_names") or "no") == "yes"
    return DiaryCalendar(items, initials, full)


def export_diary(store: Store, today: date, path: Path, stamp: datetime) -> int:
    """Everything with a date from today's agenda (overdue included) to the file."""
    return diary_calendar(store, today).write(path, stamp)
