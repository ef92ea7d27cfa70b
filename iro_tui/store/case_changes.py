"""Which children's cases changed since an earlier read, from the audit trail.

After any write the store's generation moves and everyone's cases are read again: a
whole authority's ~17,000 episode and review rows, after one footprint note. A case is
made only from the children, episodes, reviews and significant_changes tables, and the
audit triggers (store/audit.py) write a row for every insert, update and delete of
them in the same transaction, whichever connection writes (this window, the command
line, a second window). So the audit rows after the last read name every row that
changed since, and from them the children whose cases need reading again; every other
case is the very same record as before, which also lets the agenda reuse its items.

Lean audit rows (store/audit.py) hold no values for an insert and only the changed
columns for an update: the child is found from the row as it is now, and from the row
as it was when an update moved it to another child or a delete removed it.
"""

from __future__ import annotations

import json
from collections import defaultdict

from iro_tui.store.driver import sqlite3

CASE_TABLES = ("children", "episodes", "reviews", "significant_changes")


def audit_mark(conn: sqlite3.Connection) -> int | None:
    """The latest audit row: read before the cases, so a commit made during the read
    is after the mark and read again next time (never missed). None if the audit
    trail cannot be read (a damaged store opens read-only and its diary must still
    show: everyone is then read in full each time, as without this module)."""
    try:
        row = conn.execute("SELECT max(id) FROM audit").fetchone()
    except sqlite3.DatabaseError:
        return None
    return int(row[0] or 0)


def _audit_rows_after(
    conn: sqlite3.Connection, mark: int | None, tables: tuple[str, ...], most: int
) -> list[tuple[str, int, str | None]] | None:
    """(table, row id, row before) of each audit row after `mark` for `tables`; None
    when that cannot be told (no mark, an unreadable audit trail) or when more than
    `most` rows changed (an import: reading everything is then quicker)."""
    if mark is None:
        return None
    try:
        # `+table_name`: the rows after the mark, by the audit's own id. Left to itself
        # SQLite used the index on table_name and walked every audit row of these tables
        # ever written (4-11 ms on a whole authority's store, on every read after a write).
        rows = conn.execute(
            "SELECT table_name, row_id, before FROM audit WHERE id > ? AND +table_name IN "
            f"({', '.join('?' * len(tables))}) LIMIT ?",
            [mark, *tables, most + 1],
        ).fetchall()
    except sqlite3.DatabaseError:
        return None
    return None if len(rows) > most else rows


def children_changed_since(
    conn: sqlite3.Connection, mark: int | None, most: int
) -> set[int] | None:
    """The ids of children whose cases may differ from what was read at `mark`; None
    when that cannot be told (see _audit_rows_after)."""
    rows = _audit_rows_after(conn, mark, CASE_TABLES, most)
    if rows is None:
        return None
    changed: set[int] = set()
    row_ids: dict[str, set[int]] = defaultdict(set)
    for table, row_id, before in rows:
        if table == "children":
            changed.add(row_id)
            continue
        row_ids[table].add(row_id)
        if before is not None:
            # A delete (the whole row) or an update that moved the row to another child.
            was = json.loads(before).get("child_id")
            if was is not None:
                changed.add(int(was))
    for table, ids in row_ids.items():
        marks = ", ".join("?" * len(ids))
        found = conn.execute(f"SELECT child_id FROM {table} WHERE id IN ({marks})", list(ids))
        changed.update(child_id for (child_id,) in found)
    return changed


def rows_changed_since(
    conn: sqlite3.Connection, mark: int | None, table: str, most: int
) -> set[int] | None:
    """The ids of `table`'s rows inserted, updated or deleted since `mark`; None when
    that cannot be told (see _audit_rows_after), or when any child's own row changed (a
    child's reference, or a child removed, changes what every row of theirs is read as:
    read them all again)."""
    rows = _audit_rows_after(conn, mark, (table, "children"), most)
    if rows is None or any(name == "children" for name, _row, _before in rows):
        return None
    changed = {int(row_id) for _name, row_id, _before in rows}
    for _name, _row, before in rows:
        # An update that gave a row another id names the id it had in `before`.
        was = json.loads(before).get("id") if before is not None else None
        if was is not None:
            changed.add(int(was))
    return changed
