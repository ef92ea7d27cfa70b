"""Driving the app under Pilot."""

import asyncio

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
    return str(app.screen.query_one(f"#error-{key}").render())


def rows(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def count(store, sql, *params):
    return store.conn.execute(sql, params).fetchone()[0]
