"""What the diary shows, as text: worked out once for the screen and for the frame kept
for the next opening (store/diary_frames.py), so the two cannot differ.

The diary on screen (screens/diary.py) and its first frame are drawn from the same
`DiaryView` and the same rows (widgets/agenda_table.agenda_rows). A frame holds the
heading, the summary line and the first page of rows, with the line under the table
for each of them: what shows before any key is pressed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import TYPE_CHECKING, Any

from iro_tui.domain.clock import FOUR_WEEKS_DAYS, WEEK_DAYS
from iro_tui.domain.fields import counted
from iro_tui.widgets.agenda_table import KIND_LABEL, PAGE, AgendaRow, AgendaTable, agenda_rows
from iro_tui.widgets.when import day, days_phrase

if TYPE_CHECKING:
    from iro_tui.domain.agenda import AgendaItem
    from iro_tui.domain.calendar import WorkingDayCalendar
    from iro_tui.store.store import Store

# The diary's table shows what is overdue and the next four weeks, today the first day
# of them (its summary says so; agenda_types.section heads them).
SHOWN_DAYS = FOUR_WEEKS_DAYS  # days after today
# A frame's layout; a frame of another is not shown (nor is one of other code anyway:
# the basis names the code, store/diary_frames.py).
# 3: the 4 weeks' count leaves the overdue out; 4, 5: "Next 7 days" heads the week;
# 6: the week and the 4 weeks hold "in 7 days" and "in 28 days" again
FRAME_VERSION = 6
URGENCIES = frozenset({"overdue", "soon", "later", "section"})  # widgets/agenda_table.py


@dataclass(frozen=True)
class DiaryView:
    subtitle: str  # the day and the rulebook, in the header
    summary: str  # "3 OVERDUE · 5 due in the next 7 days · 40 items in the next 4 weeks"
    has_overdue: bool
    shown: list[AgendaItem]  # the table's items, section by section


def diary_view(everything: list[AgendaItem], rulebook_name: str, today: date) -> DiaryView:
    from iro_tui.domain.agenda import diary_order

    upcoming = [i for i in everything if i.overdue or i.days_left(today) <= SHOWN_DAYS]
    # The children in care first: on a whole authority 917 of "3419 OVERDUE" were open
    # decisions of children who left care, some years ago, listed last under their own
    # heading (the drift tracker counted them apart already).
    gone = sum(item.overdue and item.left_care for item in upcoming)
    overdue = sum(item.overdue for item in upcoming) - gone
    # The coming ones of children in care too, as the overdue: "505 due in the next 7
    # days" held a whole authority's tasks of children gone, listed apart under LEFT CARE
    # (an adversarial check).
    in_care = [item for item in upcoming if not item.left_care and not item.overdue]
    this_week = sum(0 <= item.days_left(today) <= WEEK_DAYS for item in in_care)
    # Each part counts apart: "5 OVERDUE · ... · 18 items in the next 4 weeks" held the
    # five in the 18, and only 13 rows stood under the next four weeks.
    summary = " · ".join(
        [
            (f"{overdue} OVERDUE" if overdue else "Nothing overdue")
            + (f" ({gone} more, left care)" if gone else ""),
            f"{this_week} due in the next 7 days",
            f"{counted(len(in_care), 'item')} in the next 4 weeks",
        ]
    )
    return DiaryView(
        f"{today:%a %d/%m/%Y} · {rulebook_name}", summary, overdue > 0, diary_order(upcoming, today)
    )


def detail_of(item: AgendaItem, today: date) -> tuple[str, bool]:
    """The line under the table for `item`, in full, and whether it is shouted (bold)."""
    parts = [
        f"{day(item.due)} ({days_phrase(item.days_left(today))})",
        AgendaTable.child_label(item),
        KIND_LABEL.get(item.kind, item.kind),
        AgendaTable.what(item),
        item.detail,
    ]
    return " · ".join(p for p in parts if p), item.overdue


def make_frame(
    view: DiaryView, today: date, calendar: WorkingDayCalendar, keymap: str = ""
) -> dict[str, Any]:
    """The first page of the diary as text (JSON-ready), and the IRO's own keys."""
    rows = list(islice(agenda_rows(view.shown, today, calendar, sections=True), PAGE))
    return {
        "version": FRAME_VERSION,
        "keymap": keymap,
        "subtitle": view.subtitle,
        "summary": view.summary,
        "has_overdue": view.has_overdue,
        "rows": [list(row) for row in rows],
        "details": {
            row.key: detail_of(view.shown[int(row.key.removeprefix("item-"))], today)
            for row in rows
            if row.is_item
        },
    }


@dataclass(frozen=True)
class FirstFrame:
    """A kept frame, read back and checked."""

    subtitle: str
    summary: str
    has_overdue: bool
    rows: list[AgendaRow]
    details: dict[str, tuple[str, bool]]
    # The IRO's own keys (setting `keymap`) when it was kept: the footer drawn with the
    # frame names them. A change to them is a write, so a frame shown has them as now.
    keymap: str = ""

    def keymap_mapping(self) -> dict[str, str]:
        """The IRO's own keys as the app sets them; none if the text is not a keymap
        (the store's own check says so once it is open: StoreOwner.apply_keymap)."""
        from iro_tui.domain.settings import parse_keymap
        from iro_tui.errors import BadInput

        try:
            return parse_keymap(self.keymap) if self.keymap else {}
        except BadInput:
            return {}


def _well_made(row: AgendaRow) -> bool:
    """A row as agenda_rows makes it: an item keyed by its index, or a section."""
    if row.urgency == "section":
        return row.key.startswith("section-") and row.days_left is None
    index = row.key.removeprefix("item-")
    well = row.urgency in URGENCIES and row.days_left is not None
    return well and row.key.startswith("item-") and index.isdigit()


def first_frame(kept: dict[str, Any] | None) -> FirstFrame | None:
    """A kept frame as the diary draws it; None for none, or for one in another layout
    or damaged (the diary is then worked out before it shows, as without a frame)."""
    if not kept or kept.get("version") != FRAME_VERSION:
        return None
    try:
        rows = [
            AgendaRow(
                key=str(row[0]),
                days_left=None if row[1] is None else int(row[1]),
                when=str(row[2]),
                child=str(row[3]),
                kind=str(row[4]),
                what=str(row[5]),
                urgency=str(row[6]),
            )
            for row in kept["rows"]
        ]
        if not all(_well_made(row) for row in rows):
            return None
        if len({row.key for row in rows}) != len(rows):  # a table's rows have one key each
            return None
        details = {str(k): (str(v[0]), bool(v[1])) for k, v in kept["details"].items()}
        keymap = kept.get("keymap")
        return FirstFrame(
            str(kept["subtitle"]),
            str(kept["summary"]),
            bool(kept["has_overdue"]),
            rows,
            details,
            str(keymap) if keymap else "",
        )
    except (KeyError, TypeError, IndexError, AttributeError):
        return None


def keep_frames(
    store: Store, days: list[date], later: list[date] | None = None, seconds: float = 0.0
) -> None:
    """Work out and keep the diary's frame for each of `days` (today first), from the
    store as it is now (app.py, on quitting; store/diary_frames.frame_days), then for
    each of `later` while the whole stays within `seconds` (a day is expected to take
    as long as the last one did: the first reuses the screens' work and costs less)."""
    from iro_tui.domain.agenda import build_agenda
    from iro_tui.store.diary_frames import basis, save_frames
    from iro_tui.store.records import load_diary

    # Read before the diary: a commit by another window in between then makes these
    # frames stale (not shown), never shown as newer than they are.
    worked_out_from = basis(store.conn)
    if worked_out_from is None or store.moved():
        return  # a moved store's log would keep them apart from it (store/failures.py)
    rulebook = store.rulebook()
    keymap = store.get_setting("keymap") or ""
    frames = {}
    started = last = time.monotonic()
    for on in [*days, *(later or [])]:
        now = time.monotonic()
        if on not in days and now - started + (now - last) > seconds:
            break
        last = now
        # Today's agenda reuses each unchanged child's items (domain/per_child.py);
        # another day's is worked out afresh, leaving today's kept for the screens.
        data = load_diary(store, on)
        everything = build_agenda(data, rulebook, on, reuse=on == days[0], ordered=False)
        view = diary_view(everything, rulebook.name, on)
        frames[on] = make_frame(view, on, rulebook.calendar, keymap)
    save_frames(store.conn, worked_out_from, frames)
