"""Table cells are plain text (issue 13).

Textual's DataTable parses a str cell as content markup, so a child named
"[bold]Ayla" (or a note holding "[link=...]") would be shown styled, or as a link,
instead of as typed. Every str cell is shown literally instead, and without control
characters or terminal escapes (safe_text.plain). Installed once, by the app.
The app never puts markup in a str cell: styled cells are rich Text objects.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.widgets import _data_table

from iro_tui.safe_text import plain

_markup_formatter = _data_table.default_cell_formatter


def plain_cell_formatter(obj: object, wrap: bool = True, height: int = 0) -> RenderableType:
    if isinstance(obj, str):
        return Text(plain(obj), no_wrap=not wrap, end="")
    if isinstance(obj, Text) and not obj.plain.isprintable():
        obj = Text(plain(obj.plain), style=obj.style, no_wrap=obj.no_wrap, end="")
    return _markup_formatter(obj, wrap, height)


def install() -> None:
    _data_table.default_cell_formatter = plain_cell_formatter
