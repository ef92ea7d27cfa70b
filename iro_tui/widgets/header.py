"""The header, its title fitted to the terminal's width.

The diary's header reads "iro-tui · not encrypted — Mon 01/06/2026 · England (CPPCR 2010
reg 33)": at 80 columns Textual cut it to "England (CPPCR 201…". Where the whole line does
not fit, the parts in brackets (a rulebook's citation; Settings and F1 say it in full) go
first, so what is left reads whole: the day and the rulebook in force.
"""

from __future__ import annotations

import re

from textual import events
from textual.content import Content
from textual.widgets import Header
from textual.widgets._header import HeaderTitle

# Textual's header keeps 8 columns for its icon and 10 for the clock's space.
HEADER_EDGES = 18
_BRACKETED = re.compile(r" \([^()]*\)")
_BETWEEN = " — "


def fitted(title: str, sub_title: str, room: int) -> str:
    """`sub_title` as said beside `title` in `room` columns: whole if it fits, else
    without its bracketed parts (what still does not fit, the header cuts with '…')."""
    if len(title) + len(_BETWEEN) + len(sub_title) <= room:
        return sub_title
    return _BRACKETED.sub("", sub_title)


class FittedHeader(Header):
    def format_title(self) -> Content:
        sub_title = self.screen_sub_title
        if self.size.width > 0:
            sub_title = fitted(self.screen_title, sub_title, self.size.width - HEADER_EDGES)
        return self.app.format_title(self.screen_title, sub_title)

    def on_resize(self, event: events.Resize) -> None:
        # Textual formats the title again when it changes, not when the width does.
        self.query_one(HeaderTitle).update(self.format_title())
