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


def children_changed_since(
    conn: sqlite3.Connection, mark: int | None, most: int
) -> set[int] | None:
    """The ids of children whose cases may differ from what was read at `mark`; None
    when that cannot be told (no mark, an unreadable audit trail) or when more than
    `most` rows changed (an import: reading everyone is then quicker)."""
    if mark is None:
        return None
    try:
        rows = conn.execute(
            "SELECT table_name, row_id, before FROM audit WHERE id > ? AND table_name IN "
            f"({', '.join('?' * len(CASE_TABLES))}) LIMIT ?",
            [mark, *CASE_TABLES, most + 1],
        ).fetchall()
    except sqlite3.DatabaseError:
        return None
    if len(rows) > most:
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
