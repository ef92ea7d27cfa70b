"""One table cell drawn as one line, the same segments DataTable draws, in less than half
the time.

DataTable draws each cell through three layers of Rich (Styled around Padding around the
cell), each a generator that splits, crops and pads the line again. Every table here shows
one line of text per cell, so that layering does nothing but cost: on a whole authority's
caseload a screen of cells took ~80 ms to draw, and it is drawn again on every change of
focus, cursor row and screen. This draws a one-line text cell directly with the same Rich
calls underneath (wrap, join, render, pad) and the same styles in the same order, so the
segments are equal, value for value; tests/tui/test_cell_lines.py holds them equal for every
cell of every table on the demo's screens. Anything else (a header, a row label, a fixed
row or column, a cell that is not text or has a second line) is left to DataTable.

A cell's text, drawn, is kept by what it holds (DrawnTexts): each letter typed in the
caseload's filter refills the table, which moves rows to new places and empties
DataTable's own caches.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console

# What Text.__rich_console__ joins a cell's wrapped lines with.
_JOIN = Text("\n")


def cell_text(console: Console, cell: object, inner: int) -> list[Segment] | None:
    """The cell's text drawn `inner` wide (its width less its padding), in its own
    styles only, or None when it is not a single line of text and DataTable must draw
    it. The costly part of a cell (~15 of its ~17 µs), and the same wherever the cell
    is in the table: DrawnTexts keeps it."""
    if type(cell) is not Text or inner < 1:
        return None
    # As Text.__rich_console__ with the options DataTable gives a one-line row
    # (no_wrap=True, no justify or overflow of its own).
    lines = cell.wrap(
        console,
        inner,
        justify=cell.justify or "default",
        overflow=cell.overflow or "fold",
        tab_size=cell.tab_size or console.tab_size or 8,
        no_wrap=True if cell.no_wrap is None else cell.no_wrap,
    )
    if len(lines) != 1:
        return None
    drawn = list(_JOIN.join(lines).render(console, end=""))
    # Padding pads the text to its width with an unstyled space...
    return Segment.adjust_line_length(drawn, inner, style=Style.null(), pad=True)


def styled_cell(
    drawn: list[Segment], padding: int, pre_style: Style, post_style: Style
) -> list[list[Segment]]:
    """...and Styled lays pre_style under and post_style over every segment, padding too
    (pre_style holds the cell's place in the table, for the mouse: never kept apart from
    it)."""
    edge = pre_style + post_style if post_style else pre_style
    space = " " * padding
    line = [Segment(space, edge)] if padding else []
    for text, style, control in drawn:
        if control:
            line.append(Segment(text, None, control))
            continue
        layered = pre_style + style if style is not None else pre_style
        line.append(Segment(text, layered + post_style if post_style else layered))
    if padding:
        line.append(Segment(space, edge))
    return [line]


class DrawnTexts:
    """Cells' texts drawn at a width (cell_text), kept by what the cell holds, not by its
    place: a refill (each letter of the caseload's filter, a write, a new sort) moves rows
    to new places and empties DataTable's own caches, which key a cell by its row. A
    cell given as a string is kept by the string; one given as a Text by that very Text
    (the tables here make a cell's Text once and never change it after adding it: a
    changed cell is a new one). Anything else is drawn each time."""

    LIMIT = 8192  # a few screens of cells of every table: emptied, not grown, beyond it

    def __init__(self) -> None:
        self._kept: dict[tuple[object, int], tuple[object, list[Segment] | None]] = {}

    def get(
        self, console: Console, value: object, cell: object, inner: int
    ) -> list[Segment] | None:
        """`value`: the cell as added to the table; `cell`: as DataTable formats it."""
        if type(value) is str:
            key: tuple[object, int] = (value, inner)
        elif type(value) is Text:
            key = (id(value), inner)
        else:
            return cell_text(console, cell, inner)
        kept = self._kept.get(key)
        # A Text's id is kept with the Text itself, so it is never another's id reused.
        if kept is not None and (kept[0] is value or type(value) is str):
            return kept[1]
        drawn = cell_text(console, cell, inner)
        if len(self._kept) >= self.LIMIT:
            self._kept.clear()
        self._kept[key] = (value, drawn)
        return drawn
