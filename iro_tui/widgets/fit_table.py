"""A DataTable that fits its width: the key columns (dates, days, owner, status)
keep their whole width; the long-text columns share what is left and end in an
ellipsis, so a long decision never pushes the owner or the due date off screen."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Offset, Region
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey, StringKey

from iro_tui.widgets.cell_lines import DrawnTexts, styled_cell

MIN_FLEXIBLE = 8  # below this a truncated text says nothing; the table scrolls instead


def _width(value: object) -> int:
    if isinstance(value, Text):
        return value.cell_len
    return cell_len(str(value))


def clip(value: object, style: str = "") -> Text:
    """A cell that ends in '…' when its column is too narrow, never folding to a new line."""
    # A cell is one line: the lines of a text typed or pasted on several are joined (the
    # first alone was shown, cut at the column's edge with no '…').
    text = (
        value.copy()
        if isinstance(value, Text)
        else Text(" ".join(str(value).splitlines()), style=style)
    )
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text


def key_text(key: StringKey) -> str:
    """The text of a row or column key. Every table here gives each row and column
    its key, so a key without text is a mistake in the code."""
    if key.value is None:
        raise ValueError("a table row or column was added without its key")
    return key.value


class FitTable(DataTable):
    """Columns named in `flexible` (by key) shrink to fit; every other column keeps
    the width of its widest cell. Call `fit()` after filling the table."""

    def __init__(
        self,
        *args: Any,
        flexible: tuple[str, ...] = (),
        in_order: bool = False,
        enough: dict[str, int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.flexible = flexible
        # With `in_order`, the flexible columns are whole in their order, left to right,
        # as far as the room goes (the caseload's names before its areas); without it,
        # they share the room. `enough`: the width at which a column in order has what
        # it needs and leaves the rest to the next (the checklist's items are told apart
        # by 48 columns; beyond that, room for the IRO's note).
        self.in_order = in_order
        self.enough = enough or {}
        self._texts = DrawnTexts()

    # Whether the columns have been fitted to a width the layout gave the table.
    _fitted = False
    # Whether rows have been drawn: the table's size has settled (see scroll_to_region).
    _drawn = False
    # What the table was last filled to show (already_shows).
    _filled_from: object = None

    def already_shows(self, shown: object) -> bool:
        """True when `shown`, everything a refill would draw from (the rows, the columns,
        the day, the theme...), is what the table was last filled from: the refill, and
        drawing every visible cell again, can be skipped (back from a form whose write
        changed nothing here). Otherwise it is noted for the refill that follows."""
        if self.columns and shown == self._filled_from:
            return True
        self._filled_from = shown
        return False

    def on_resize(self, event: events.Resize) -> None:
        self.fit()
        if self.row_count:
            # A shorter window keeps the cursor's row in view: DataTable left it below the
            # bottom edge until the next key.
            self.call_after_refresh(self._scroll_cursor_into_view)

    def render_line(self, y: int) -> Strip:
        # A table filled before its first layout (every screen's table, on opening it) has
        # columns fitted to no width; its cells drawn then were drawn again, at the fitted
        # widths, a moment later: a whole screen of cells, a tenth of a second on a whole
        # authority's caseload. Until then its first frame shows only its background.
        if not self._fitted:
            return Strip.blank(self.size.width, self.rich_style)
        self._drawn = True
        return super().render_line(y)

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        # A body cell of one line of text is drawn here (see cell_lines.py): its text is
        # kept by content, wherever a refill moves it, and the cell, styled for its place,
        # under DataTable's own key; anything else is DataTable's to draw.
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if (
            row_key is None
            or column_key is None
            or row_index < self.fixed_rows
            or column_index < self.fixed_columns
        ):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        cache_key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        drawn = self._cell_render_cache.get(cache_key)
        if drawn is not None:
            return drawn
        if self.rows[row_key].height == 1:
            component_style, post_style = self._get_styles_to_render_cell(
                False,
                False,
                False,
                hover,
                cursor,
                self.show_cursor,
                self._show_hover_cursor,
                self.cursor_foreground_priority == "css",
                self.cursor_background_priority == "css",
            )
            pre_style = (
                base_style
                + Style.from_meta({"row": row_index, "column": column_index})
                + component_style
            )
            text = self._texts.get(
                self.app.console,
                self._data[row_key].get(column_key),
                self._get_row_renderables(row_index)[1][column_index],
                width - 2 * self.cell_padding,
            )
            if text is not None:
                drawn = styled_cell(text, self.cell_padding, pre_style, post_style)
                self._cell_render_cache[cache_key] = drawn
                return drawn
        return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        # DataTable measures every cell of every new row (Rich's measure, the slowest part
        # of filling a whole authority's caseload or a child's ten-year timeline) only to
        # widen auto-width columns and size auto-height rows. Once fit() has given every
        # column its width, and no row is auto-height or labelled, that measuring changes
        # nothing: only the table's size is worked out.
        if self.columns and not any(column.auto_width for column in self.columns.values()):
            rows = self.rows
            if not any(
                row.auto_height or row.label is not None
                for key in new_rows
                if (row := rows.get(key)) is not None
            ):
                new_rows = ()
        super()._update_dimensions(new_rows)

    # Home and End go to the first and the last row, as in any list (DataTable has them
    # scroll sideways, which a table that fits its width never needs), as ctrl+Home and
    # ctrl+End do.
    def action_scroll_home(self) -> None:
        if self.cursor_type == "row":
            self.action_scroll_top()
        else:
            super().action_scroll_home()

    def action_scroll_end(self) -> None:
        if self.cursor_type == "row":
            self.action_scroll_bottom()
        else:
            super().action_scroll_end()

    def action_scroll_bottom(self) -> None:
        self.add_every_row()
        super().action_scroll_bottom()

    def action_scroll_top(self) -> None:
        super().action_scroll_top()
        # The first row under a heading, as on opening: a heading selects nothing, and
        # the line under the table went blank.
        if self.row_count > 1 and self.is_heading(self.cursor_key()):
            self.move_cursor(row=1)

    # Headings: rows that name a group (the drift tracker's "group-...") or a section
    # (the diary's, whose items are "item-N"). Overridden where the keys say otherwise.
    def is_heading(self, row_key: str | None) -> bool:
        return row_key is not None and row_key.startswith("group-")

    def add_every_row(self) -> None:
        """A table that adds its rows a page at a time adds the rest (End: the last row)."""

    def rows_to_come(self) -> bool:
        """Whether rows are still to be added (a table filled a page at a time)."""
        return False

    def may_scroll(self) -> bool:
        """Whether the rows, with those still to come, are taller than the table (its
        height not known yet counts as taller: the room is kept until it is)."""
        if self.rows_to_come():
            return True
        tall = self.header_height if self.show_header else 0
        for row in self.rows.values():
            tall += max(row.height, 1)
            if tall > self.size.height:
                return True
        return tall > self.size.height

    def keep_row(self, row_key: str | None) -> None:
        """After a refill, put the cursor back on the row it was on (if still there)."""
        if row_key is None:
            return
        try:
            self.move_cursor(row=self.get_row_index(row_key))
        except Exception:  # noqa: BLE001 - the row has gone (done, deleted): stay where we are
            return

    def cursor_key(self) -> str | None:
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def fit(self) -> None:
        if not self._fitted and self.size.width > 0:
            self._fitted = True
            self.refresh()
        if not self.columns:
            return
        padding = 2 * self.cell_padding
        # The vertical scrollbar's room is kept only when the rows will not all fit the
        # table's height: a short list (the demo's caseload at 120x40) had names cut
        # beside an empty gutter. The columns are fitted again whenever the rows or the
        # height change (fill, a page, on_resize), so the bar never shows without room.
        available = self.size.width
        if self.may_scroll():
            available -= self.styles.scrollbar_size_vertical
        # Each column's widest cell (or its label). Read straight from the rows' cells:
        # get_cell per cell hashed its keys again, a good part of a 200-row refit.
        natural = {key: _width(column.label) for key, column in self.columns.items()}
        for cells in self._data.values():
            for key, value in cells.items():
                width = _width(value)
                if width > natural[key]:
                    natural[key] = width
        fixed = sum(
            natural[key] + padding for key in self.columns if key.value not in self.flexible
        )
        flexible = [key for key in self.columns if key.value in self.flexible]
        room = available - fixed - padding * len(flexible)
        widths = dict(natural)
        if flexible and available > 0 and self.in_order:
            # Each its least first, then each in turn as much more as it needs.
            for key in flexible:
                widths[key] = min(natural[key], MIN_FLEXIBLE)
                room -= widths[key]
            for key in flexible:
                enough = min(natural[key], self.enough.get(key_text(key), natural[key]))
                more = max(0, min(enough - widths[key], room))
                widths[key] += more
                room -= more
            for key in flexible:  # room left after each has enough: the rest of each
                more = max(0, min(natural[key] - widths[key], room))
                widths[key] += more
                room -= more
        elif flexible and available > 0:
            # Share the room; a column that needs less than its share gives the rest away.
            wanted = sorted(flexible, key=lambda k: natural[k])
            for index, key in enumerate(wanted):
                share = room // (len(wanted) - index)
                # Never wider than its widest cell, never cut below MIN_FLEXIBLE.
                widths[key] = min(natural[key], max(MIN_FLEXIBLE, share))
                room -= widths[key]
        changed = False
        for key, column in self.columns.items():
            if column.auto_width or column.width != widths[key]:
                column.auto_width, column.width = False, widths[key]
                changed = True
        if changed:
            self._require_update_dimensions = True
            self._clear_caches()
            self.refresh()
        self._settle()

    def _settle(self) -> None:
        # DataTable works out its size when next idle, and until then defers moving to the
        # cursor's row until after a frame: a refill that keeps the cursor on its row (a
        # sort, a filter letter, a write) drew a whole screen of rows where the table was
        # scrolled before, then scrolled and drew them all again. Every column has its
        # width once fitted (_update_dimensions measures nothing), so the size is worked
        # out now and the cursor's row is scrolled to before anything is drawn. Not before
        # the table's first rows are drawn: until then its height may still change, and
        # DataTable's wait keeps the scroll to the cursor until it has (scrolled to fit a
        # table two rows high, the diary would hide its first heading).
        if self._drawn and self._require_update_dimensions:
            self._require_update_dimensions = False
            new_rows = self._new_rows.copy()
            self._new_rows.clear()
            self._update_dimensions(new_rows)

    def scroll_to_region(self, region: Region, *args: Any, **kwargs: Any) -> Offset:
        # DataTable scrolls to its cursor after the next frame: that frame draws the rows
        # at the old place, a whole screen of them after a refill, only for them to be
        # drawn again where the cursor is. With the table's size worked out (_settle),
        # the scroll happens now (not before the first rows are drawn, as above). Animated
        # scrolls are left as they are.
        if self._drawn and not self._require_update_dimensions and not kwargs.get("animate"):
            kwargs["immediate"] = True
        return super().scroll_to_region(region, *args, **kwargs)
