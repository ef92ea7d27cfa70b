"""Find schema.sql: inside the installed wheel, or at the top of a source checkout."""

from importlib import resources
from pathlib import Path


def schema_text() -> str:
    packaged = resources.files("iro_tui.store").joinpath("schema.sql")
    if packaged.is_file():
        return packaged.read_text()
    return (Path(__file__).resolve().parents[2] / "schema.sql").read_text()


def statements(script: str) -> list[str]:
    """Split a script into statements, so they can run inside one transaction.

    sqlite3's executescript() commits first, which would break all-or-nothing.
    """
    found, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3_complete(buffer):
            if buffer.strip():
                found.append(buffer.strip())
            buffer = ""
    if buffer.strip() and not buffer.strip().startswith("--"):
        found.append(buffer.strip())
    return found


def sqlite3_complete(text: str) -> bool:
    import sqlite3

    return sqlite3.complete_statement(text)
