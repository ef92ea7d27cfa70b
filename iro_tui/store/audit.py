"""Audit triggers, generated from the schema so no table can be written unaudited.

Each insert, update and delete writes a row to `audit` (when, which table and row,
before and after as JSON) inside the same transaction as the change itself, so an
edit and its trail are committed or lost together.
"""

from __future__ import annotations

from iro_tui.store.driver import sqlite3

# review_drafts holds autosaves of a review in progress: auditing every keystroke
# would bury the trail; the saved review itself is audited.
UNAUDITED = frozenset({"audit", "review_drafts"})


def audited_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    return [name for (name,) in rows if name not in UNAUDITED]


def _json_of(conn: sqlite3.Connection, table: str, alias: str) -> str:
    columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
    pairs = ", ".join(f"'{c}', {alias}.{c}" for c in columns)
    return f"json_object({pairs})"


def trigger_statements(conn: sqlite3.Connection) -> list[str]:
    """DROP and CREATE statements for every audited table's three triggers."""
    statements = [
        f"DROP TRIGGER IF EXISTS {name}"
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit_%'"
        )
    ]
    for table in audited_tables(conn):
        new, old = _json_of(conn, table, "NEW"), _json_of(conn, table, "OLD")
        statements += [
            f"CREATE TRIGGER audit_{table}_insert AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO audit (table_name, row_id, action, after) "
            f"VALUES ('{table}', NEW.rowid, 'insert', {new}); END",
            f"CREATE TRIGGER audit_{table}_update AFTER UPDATE ON {table} BEGIN "
            f"INSERT INTO audit (table_name, row_id, action, before, after) "
            f"VALUES ('{table}', NEW.rowid, 'update', {old}, {new}); END",
            f"CREATE TRIGGER audit_{table}_delete AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO audit (table_name, row_id, action, before) "
            f"VALUES ('{table}', OLD.rowid, 'delete', {old}); END",
        ]
    return statements
