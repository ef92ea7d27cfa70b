"""Records built from rows read before, handed out again when the row is unchanged.

After any write the store's generation moves and everyone's cases are read again (a
whole authority: ~30,000 episode and review rows). Most rows are exactly as they were,
so rather than build a new record from each, the store hands back the frozen record it
built from the same row last time. Unchanged children then come back as the very same
ChildCase objects, which is what lets the agenda reuse each child's items (see
domain/agenda.py) instead of working out 12,000 of them again after one note.

A record is only reused for a row equal to the one it was built from, column for
column, so nothing read can be stale; records are frozen, so sharing them is safe.
Only what the latest read used is kept: the table never grows beyond one read.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R", bound=Hashable)


class Reuse:
    """One read's worth of records by (kind, row): `read()` opens a read, `made()`
    hands out a kept record or makes one, `done()` keeps what this read used."""

    def __init__(self) -> None:
        self._kept: dict[tuple[str, Hashable], Any] = {}
        self._used: dict[tuple[str, Hashable], Any] = {}

    def read(self) -> None:
        self._used = {}

    def made(self, kind: str, row: R, make: Callable[[R], T]) -> T:
        """make(row), or the record it made from an equal row in the last read."""
        key = (kind, row)
        record = self._used.get(key)
        if record is None:
            record = self._kept.get(key)
            if record is None:
                record = make(row)
            self._used[key] = record
        value: T = record
        return value

    def done(self) -> None:
        self._kept, self._used = self._used, {}


class _NoReuse(Reuse):
    """For reads of one child: every record made afresh, nothing kept."""

    def made(self, kind: str, row: R, make: Callable[[R], T]) -> T:
        return make(row)


NO_REUSE: Reuse = _NoReuse()
