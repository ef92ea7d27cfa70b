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


def one_line_cell(
    console: Console,
    cell: object,
    width: int,
    padding: int,
    pre_style: Style,
    post_style: Style,
) -> list[list[Segment]] | None:
    """The cell drawn `width` wide with `padding` spaces each side, styled as DataTable
    styles it (`pre_style` under the cell's own styles, `post_style` over them), or None
    when it is not a single line of text and DataTable must draw it."""
    if type(cell) is not Text:
        return None
    inner = width - 2 * padding
    if inner < 1:
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
    drawn = Segment.adjust_line_length(drawn, inner, style=Style.null(), pad=True)
    # ...and Styled lays pre_style under and post_style over every segment, padding too.
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
