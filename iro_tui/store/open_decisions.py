"""Everyone's open decisions, read again after a write only where it changed them.

The diary, the caseload and the drift tracker show every open decision: ~4,000 on a
whole authority, read again after every write (~35 ms, one footprint note as much as an
import). The audit triggers (store/audit.py) write a row for every insert, update and
delete of a decision, whichever connection writes, so the audit rows after the last read
name every decision that may differ: only those are read again, and every other one is
the very record read before. Everything is read in full when the trail cannot tell (as
for cases, store/case_changes.py): no earlier read, an unreadable trail, a read inside a
transaction, more than MOST_ROWS_READ_BY_CHILD changed rows, or a child's own row changed.

Either way the decisions come in one order, by due date and then by id, so a read after a
write and a full read list them alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from iro_tui.domain.records import Decision
from iro_tui.store import from_rows
from iro_tui.store.case_changes import audit_mark, rows_changed_since
from iro_tui.store.records import DECISION_SQL
from iro_tui.store.store import MOST_ROWS_READ_BY_CHILD

if TYPE_CHECKING:
    from iro_tui.store.store import Store

_OPEN_SQL = f"{DECISION_SQL} WHERE d.status = 'open'"


@dataclass(frozen=True)
class OpenDecisions:
    """Every open decision by id, as read when the audit trail's latest row was `mark`."""

    by_id: Mapping[int, Decision]
    mark: int | None


def open_decisions(store: Store) -> tuple[Decision, ...]:
    """Every open decision, by due date and then id."""
    conn = store.conn
    # Inside a transaction the rows (and audit rows) may yet be rolled back, and their
    # ids used again: nothing read then is kept or built upon.
    writing = conn.in_transaction
    mark = audit_mark(conn)
    last = None if writing else store.last_open_decisions
    changed = (
        None
        if last is None
        else rows_changed_since(conn, last.mark, "decisions", MOST_ROWS_READ_BY_CHILD)
    )
    if last is None or changed is None:
        by_id = dict(_by_id(_read(store, None)))
    else:
        by_id = dict(last.by_id)
        for decision_id in changed:
            by_id.pop(decision_id, None)  # done, deleted, or read again just below
        if changed:
            by_id.update(_by_id(_read(store, changed)))
    if not writing:
        store.last_open_decisions = OpenDecisions(by_id, mark)
    return tuple(sorted(by_id.values(), key=lambda d: (d.due_date, d.id or 0)))


def _by_id(decisions: list[Decision]) -> Iterable[tuple[int, Decision]]:
    for decision in decisions:
        if decision.id is None:  # read from the store, every decision has its row's id
            raise ValueError("a decision was read from the store without its id")
        yield decision.id, decision


def _read(store: Store, ids: Iterable[int] | None) -> list[Decision]:
    if ids is None:
        rows = store.conn.execute(_OPEN_SQL)
    else:
        wanted = sorted(ids)
        rows = store.conn.execute(
            f"{_OPEN_SQL} AND d.id IN ({', '.join('?' * len(wanted))})", wanted
        )
    return [from_rows.decision(row) for row in rows]
