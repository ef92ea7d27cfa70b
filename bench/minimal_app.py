"""The yardstick: a minimal Textual app (Header, a 50-row DataTable, Footer).

First paint of the diary is measured against this app in the same run, so a slow or
busy machine moves both and the ratio stays meaningful.
"""

from textual.app import App
from textual.widgets import DataTable, Footer, Header


class Minimal(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self):
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Due", "Child", "What", "Detail")
        for row in range(50):
            table.add_row(f"0{row % 9 + 1}/06/2026", f"Child {row}", "Review due", f"Row {row}")


if __name__ == "__main__":
    Minimal().run()
