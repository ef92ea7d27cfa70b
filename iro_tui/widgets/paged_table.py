"""A DataTable filled a page at a time, the next page as the cursor nears the end.

A whole authority has a thousand children and thousands of open decisions: adding every
row on each keystroke of the caseload filter, or on opening the drift tracker, cost
seconds. Rows past the first page are added as they are reached; counts and order are
those of the whole list. Each page refits the columns (see FitTable).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice, zip_longest
from typing import Any

from textual.widgets import DataTable
from textual.widgets.data_table import DuplicateKey, Row, RowKey

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

    def _add_page(self, rows: int | None = PAGE, fit: bool = True) -> bool:
        """Add the next page (or, `rows` None, every row left); False when there was
        nothing left to add. `fit` False leaves the columns to be fitted by the caller."""
        added = self._append(islice(getattr(self, "_pending", ()), rows))
        if fit:
            self.fit()
        return added

    def _append(self, rows: Iterable[tuple[tuple[Any, ...], dict[str, Any]]]) -> bool:
        """Add rows at the bottom as DataTable.add_row does, its bookkeeping done once for
        the page rather than once a row: add_row works out the column order twice and
        sets the cursor (a reactive, validated and watched) for every row, ~70 µs a row,
        and keeping the caseload's selected child through a sort adds hundreds of rows
        (`tests/tui/test_table_refills.py` holds this to what add_row leaves). A row of
        its own height or label, or the first of an empty table (whose cursor is then
        highlighted), goes through add_row."""
        columns = [column.key for column in self.ordered_columns]
        locations, data, table_rows = self._row_locations, self._data, self.rows
        added = False
        for cells, options in rows:
            if not self.row_count or set(options) - {"key"}:
                self.add_row(*cells, **options)
                added = True
                continue
            row_key = RowKey(options.get("key"))
            if row_key in locations:
                raise DuplicateKey(f"The row key {row_key!r} already exists.")
            if len(cells) > len(columns):
                raise ValueError("More values provided than there are columns.")
            locations[row_key] = len(table_rows)
            data[row_key] = dict(zip_longest(columns, cells))
            table_rows[row_key] = Row(row_key, 1, None, False)
            self._new_rows.add(row_key)
            added = True
        if added:
            self._require_update_dimensions = True
            self.cursor_coordinate = self.cursor_coordinate  # as add_row: kept in range
            self._update_count += 1
            self.check_idle()
        return added

    def keep_row(self, row_key: str | None) -> None:
        """After a refill, put the cursor back on its row, adding pages until it is
        reached (a write on row 450 must not send the IRO back to the top). The columns
        are fitted once, after the last page: each fit reads every row added so far, and
        fitting page by page read the first rows five times to reach row 450 (a third of
        a sort's time on a whole authority's caseload, profiled)."""
        if row_key is None or row_key not in getattr(self, "_keys", ()):
            return
        added = False
        while row_key not in self.rows and self._add_page(fit=False):
            added = True
        if added:
            self.fit()
        super().keep_row(row_key)

    def add_every_row(self) -> None:
        self._add_page(rows=None)  # fitted once, not once a page

    def rows_to_come(self) -> bool:
        return len(getattr(self, "_keys", ())) > self.row_count

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # Not stopped: the screen may listen too.
        if getattr(self, "_pending", None) is not None and event.cursor_row >= self.row_count - 20:
            self._add_page()
