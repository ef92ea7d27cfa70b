"""A DataTable filled a page at a time, the next page as the cursor nears the end.

A whole authority has a thousand children and thousands of open decisions: adding every
row on each keystroke of the caseload filter, or on opening the drift tracker, cost
seconds. Rows past the first page are added as they are reached; counts and order are
those of the whole list. Each page refits the columns (see FitTable).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from typing import Any

from textual.widgets import DataTable

from iro_tui.widgets.fit_table import FitTable

PAGE = 100


class PagedTable(FitTable):
    def fill(
        self, rows: Iterable[tuple[tuple[Any, ...], dict[str, Any]]], keys: Iterable[str]
    ) -> None:
        """Replace the rows: each is (cells, add_row keyword arguments such as key).
        `keys` are every row's key, cheap to know before the cells are made, so that
        keeping a row that has gone (filtered out) never fills every page to look for it."""
        self.clear()
        self._keys = set(keys)
        self._pending = iter(rows)
        self._add_page()

    def _add_page(self, rows: int | None = PAGE) -> bool:
        """Add the next page (or, `rows` None, every row left); False when there was
        nothing left to add."""
        added = False
        for cells, options in islice(getattr(self, "_pending", ()), rows):
            self.add_row(*cells, **options)
            added = True
        self.fit()
        return added

    def keep_row(self, row_key: str | None) -> None:
        """After a refill, put the cursor back on its row, adding pages until it is
        reached (a write on row 450 must not send the IRO back to the top)."""
        if row_key is None or row_key not in getattr(self, "_keys", ()):
            return
        while row_key not in self.rows and self._add_page():
            pass
        super().keep_row(row_key)

    def add_every_row(self) -> None:
        self._add_page(rows=None)  # fitted once, not once a page

    def rows_to_come(self) -> bool:
        return len(getattr(self, "_keys", ())) > self.row_count

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # Not stopped: the screen may listen too.
        if getattr(self, "_pending", None) is not None and event.cursor_row >= self.row_count - 20:
            self._add_page()
