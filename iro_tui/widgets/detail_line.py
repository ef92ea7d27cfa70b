"""The selected row in full, under a table that cuts long text (the diary, the drift
tracker, a child's decisions).

It is given a fixed height in app.tcss (three lines), and redrawn without a layout. Its
height used to follow the text, so a cursor move onto or off a long item resized the table
above it: a layout of the screen and a repaint of every row, twice as long as a plain cursor
move on a whole authority's diary (about one move in four, measured for issue 12). A fixed
height also keeps the table still while the cursor moves.

The text is what was typed (a decision, a note), so it is never read as markup: "[mum]"
would vanish and "[/b]" would stop the screen with an error.
"""

from __future__ import annotations

from textual.visual import VisualType
from textual.widgets import Static

from iro_tui.safe_text import plain


class DetailLine(Static):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(markup=False, id=id)

    def show(self, content: VisualType) -> None:
        """Show `content`, laying the screen out again only if the height can change."""
        height = self.styles.height
        fixed = height is not None and height.is_cells
        self.update(plain(content) if isinstance(content, str) else content, layout=not fixed)
