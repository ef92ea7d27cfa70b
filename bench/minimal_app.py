"""The yardstick: a minimal Textual app (Header, a 50-row DataTable, Footer).

First paint of the diary is measured against this app in the same run, so a slow or
busy machine moves both and the ratio stays meaningful. `MinimalWithScreens` is the same
app with one more screen, the same three widgets, opened with `o` and closed with Escape:
the yardstick for the iro-tui steps that open or close a screen (bench/pilot_probe.py).
"""

from textual.app import App
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header


def fill(table: DataTable) -> None:
    table.add_columns("Due", "Child", "What", "Detail")
    for row in range(50):
        table.add_row(f"0{row % 9 + 1}/06/2026", f"Child {row}", "Review due", f"Row {row}")


def three_widgets():
    yield Header()
    yield DataTable()
    yield Footer()


class Minimal(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self):
        yield from three_widgets()

    def on_mount(self) -> None:
        fill(self.query_one(DataTable))


class Another(Screen[None]):
    BINDINGS = [("escape", "app.pop_screen", "Back")]

    def compose(self):
        yield from three_widgets()

    def on_mount(self) -> None:
        fill(self.query_one(DataTable))


class MinimalWithScreens(Minimal):
    """A new screen each time, as a Textual app usually opens one."""

    BINDINGS = [("q", "quit", "Quit"), ("o", "open", "Open")]

    def action_open(self) -> None:
        self.push_screen(Another())


if __name__ == "__main__":
    Minimal().run()
