"""A DataTable filled a page at a time, the next page as the cursor nears the end.

A whole authority has a thousand children and thousands of open decisions: adding every
row on each keystroke of the caseload filter, or on opening the drift tracker, cost
seconds. Rows past the first page are added as they are reached; counts and order are
those of the whole list.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from typing import Any

from textual.widgets import DataTable

PAGE = 200


class PagedTable(DataTable):
    def fill(self, rows: Iterable[tuple[tuple[Any, ...], dict[str, Any]]]) -> None:
        """Replace the rows: each is (cells, add_row keyword arguments such as key)."""
        self.clear()
        self._pending = iter(rows)
        self._add_page()

    def _add_page(self) -> None:
        for cells, options in islice(self._pending, PAGE):
            self.add_row(*cells, **options)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # Not stopped: the screen may listen too.
        if getattr(self, "_pending", None) is not None and event.cursor_row >= self.row_count - 20:
            self._add_page()
