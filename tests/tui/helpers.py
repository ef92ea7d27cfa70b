"""Driving the app under Pilot."""

import asyncio
import time

from textual.widgets import Checkbox, DataTable, Input, Select, TextArea

from iro_tui.__main__ import make_app
from iro_tui.domain.clock import FixedClock

SIZE = (120, 40)


def run(scenario, store, today, size=SIZE):
    """Run `scenario(app, pilot)` in the app on `store` with a fixed today."""

    async def main():
        app = make_app(store, FixedClock(today))
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await scenario(app, pilot)
        return app

    return asyncio.run(main())


async def until(pilot, condition, what: str, timeout: float = 20.0) -> None:
    """Pause until `condition()` holds. A timer (the half-second autosave) or a worker
    (the palette's search) is done when a busy machine lets it: a fixed pause that is
    long enough when the tests run alone is not when they run in parallel."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {what}")
        await pilot.pause(0.05)


def palette_choice(app) -> str:
    """The command palette's highlighted hit ('' while it is still searching)."""
    from textual.command import CommandList

    results = app.screen.query_one(CommandList)
    if results.highlighted is None:
        return ""
    return str(results.get_option_at_index(results.highlighted).prompt)


def fill(app, **values):
    """Set form fields by key, as a user would by typing or choosing."""
    for key, value in values.items():
        widget = app.screen.query_one(f"#field-{key}")
        if isinstance(widget, TextArea):
            widget.text = value
        elif isinstance(widget, Checkbox):
            widget.value = bool(value)
        elif isinstance(widget, Select):
            widget.value = value
        else:
            assert isinstance(widget, Input)
            widget.value = value


def error_of(app, key):
    """The error shown under field `key` ('' if it has none: a field's error line is
    made the first time it has one)."""
    found = app.screen.query(f"#error-{key}")
    return str(found.first().render()) if found else ""


def rows(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def count(store, sql, *params):
    return store.conn.execute(sql, params).fetchone()[0]


async def on_row(app, pilot, child_ref: str, tab: str, table_id: str, row: str) -> DataTable:
    """The child's screen on the tab of key `tab`, the cursor of its table `#table_id` on
    the row keyed `row`, or else on the first row whose cells hold the text `row`."""
    app.open_child(child_ref)
    await pilot.pause()
    await pilot.press(tab)
    await pilot.pause()
    table = app.screen.query_one(f"#{table_id}", DataTable)
    keys = [key.value for key in table.rows]
    found = row if row in keys else next(k for k in keys if row in str(table.get_row(k)))
    table.move_cursor(row=table.get_row_index(found))
    await pilot.pause()
    return table
