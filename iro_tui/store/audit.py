"""Audit triggers, generated from the schema so no table can be written unaudited.

Each insert, update and delete writes a row to `audit` inside the same transaction as
the change itself, so an edit and its trail are committed or lost together. The trail
is kept lean (on a whole authority's store it was most of the file) without losing
anything: an insert records when, which table and which row (the values are in the row
itself); an update records only the columns that changed, before and after, and an
update that changes nothing records nothing; a delete records the whole row as it was.
Reading the updates back from a row's current values gives every earlier version.
"""

from __future__ import annotations

from iro_tui.store.driver import roll_back, sqlite3

# review_drafts and form_drafts hold autosaves of a review or a note in progress:
# auditing every keystroke would bury the trail; what is saved from them is audited.
# diary_frames is a cache of what the diary showed (store/diary_frames.py), worked out
# from audited rows; keyed by the last audit row, so auditing it would also make every
# frame stale on being saved.
UNAUDITED = frozenset({"audit", "review_drafts", "form_drafts", "diary_frames"})


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


def _changed_of(columns: list[str], alias: str) -> str:
    """A JSON object of the columns an update changed, as they were in `alias`."""
    picks = " UNION ALL ".join(
        f"SELECT '{c}' AS k, {alias}.{c} AS v WHERE OLD.{c} IS NOT NEW.{c}" for c in columns
    )
    return f"(SELECT json_group_object(k, v) FROM ({picks}))"


def trigger_statements(conn: sqlite3.Connection) -> list[str]:
    """DROP and CREATE statements for every audited table's three triggers."""
    statements = [
        f"DROP TRIGGER IF EXISTS {name}"
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit_%'"
        )
    ]
    for table in audited_tables(conn):
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
        old = _json_of(conn, table, "OLD")
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
        statements += [
            f"CREATE TRIGGER audit_{table}_insert AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO audit (table_name, row_id, action) "
            f"VALUES ('{table}', NEW.rowid, 'insert'); END",
            f"CREATE TRIGGER audit_{table}_update AFTER UPDATE ON {table} "
            f"WHEN {changed} BEGIN "
            f"INSERT INTO audit (table_name, row_id, action, before, after) "
            f"VALUES ('{table}', NEW.rowid, 'update', {_changed_of(columns, 'OLD')}, "
            f"{_changed_of(columns, 'NEW')}); END",
            f"CREATE TRIGGER audit_{table}_delete AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO audit (table_name, row_id, action, before) "
            f"VALUES ('{table}', OLD.rowid, 'delete', {old}); END",
        ]
    return statements


def _expected_triggers(conn: sqlite3.Connection) -> dict[str, str]:
    creates = [s for s in trigger_statements(conn) if s.startswith("CREATE TRIGGER")]
    return {sql.split()[2]: sql for sql in creates}


def trigger_problems(conn: sqlite3.Connection) -> list[str]:
    """Checked on open: every audited table has its three triggers exactly as
    generated, and no other trigger exists (one could quietly delete or rewrite
    audit rows). One phrase per problem, [] when all is well."""
    expected = _expected_triggers(conn)
    found = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    problems = [f"{name} is missing" for name in expected if name not in found]
    problems += [
        f"{name} was altered"
        for name, sql in found.items()
        if name in expected and sql != expected[name]
    ]
    problems += [f"{name} is not iro-tui's" for name in found if name not in expected]
    return problems


def recreate_triggers(conn: sqlite3.Connection) -> None:
    """Drop every trigger and create the audit ones afresh, in one transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
            conn.execute(f'DROP TRIGGER IF EXISTS "{name}"')
        for sql in _expected_triggers(conn).values():
            conn.execute(sql)
        conn.execute("COMMIT")
    except BaseException:
        roll_back(conn)  # a full disk may have ended it already
        raise
