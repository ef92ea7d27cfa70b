"""The Store: typed reads and writes over one SQLite connection.

Every public write method runs in one transaction (`self.transaction()`), and the
audit triggers record it in that same transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from iro_tui.domain.models import Child, ChildCase, Episode, MissingEpisode, Review
from iro_tui.domain.rulebook import Rulebook, load_rulebook, with_local_settings
from iro_tui.domain.settings import DEFAULTS
from iro_tui.errors import ChangedElsewhere, StoreUnwritable
from iro_tui.store import from_rows
from iro_tui.store.case_changes import audit_mark, children_changed_since
from iro_tui.store.driver import roll_back, sqlite3, waiting_at_most
from iro_tui.store.failures import file_identity, moved_away, unwritable
from iro_tui.store.from_rows import CHILD_COLUMNS, EPISODE_COLUMNS

if TYPE_CHECKING:
    import sqlite_utils
    from sqlite_utils.db import Table

    from iro_tui.store.open_decisions import OpenDecisions

T = TypeVar("T")
# domain/settings.py lists every setting and its default (rulebook england,
# idle_lock_minutes 5, calendar_full_names no).
DEFAULT_SETTINGS = DEFAULTS


# How long a write the app makes on its own waits for another writer (waiting_briefly).
BRIEF_WAIT_MS = 100


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _row(model: BaseModel, columns: Iterable[str]) -> dict[str, Any]:
    # getattr, not model_dump: the columns are plain fields, and an import calls this
    # for every row of a large file.
    row = {}
    for column in columns:
        value = getattr(model, column)
        row[column] = _iso(value.value if hasattr(value, "value") else value)
    return row


def inserted_id(table: Table) -> int:
    """The id of the row `table.insert(...)` just wrote: every table's key is an
    INTEGER PRIMARY KEY `id`, so anything else is a bug, said here and not later."""
    return _row_id(table.name, table.last_pk)


def _row_id(table: str, row_id: object) -> int:
    if not isinstance(row_id, int):
        raise TypeError(f"no id for the row just inserted into {table} ({row_id!r})")
    return row_id


@dataclass(frozen=True)
class _Everyone:
    """Every child and case, as read at one generation of the store (and the audit
    trail's latest row before it was read, see store/case_changes.py)."""

    children: Mapping[int, Child]
    cases: tuple[ChildCase, ...]
    by_id: Mapping[int, ChildCase]
    audit_mark: int | None


# More changed rows than this since the last read (an import, a merge) and everyone is
# read again rather than child by child.
MOST_ROWS_READ_BY_CHILD = 200


class Store:
    passphrase: str | None = None  # set by open_store for an encrypted store (backups)

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        # What sqlite_utils.Database(conn) set when it was made here; it is made on
        # first use now (`db`), so this stays on from the start as before.
        conn.execute("PRAGMA recursive_triggers = ON")
        # Set when another iro-tui holds the store, or the app found it damaged:
        # writes are refused (query_only), and `read_only_because` says why.
        self.read_only = False
        self.read_only_because = ""
        # False while SQLite's integrity check is still to run (open_store's
        # defer_check: the app runs it after first paint); no backup is made until then.
        self.checked = True
        # Opened on a full disk (connect.py): this connection holds the file to itself,
        # so nothing else may open it meanwhile (a second connection would wait in vain).
        self.held_alone = False
        # Audit triggers found missing or altered on open, and recreated (connect.py).
        self.audit_repairs: list[str] = []
        # What shared() keeps: name -> (the generation it was read at, what was read);
        # and how many times everyone's cases were read (tests count reads, not time).
        self._kept: dict[str, tuple[tuple[int, int], Any]] = {}
        self.reads = 0
        self._last_everyone: _Everyone | None = None
        # Everyone's open decisions as last read (store/open_decisions.py).
        self.last_open_decisions: OpenDecisions | None = None
        # The file this connection opened, to tell when it is moved or deleted under it.
        self._identity = file_identity(path)

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite_utils over the connection, for writes and the reads that use it.
        Imported on first use: it (and click, pluggy) is ~0.1 s of start-up, and the
        diary's first paint reads through `conn` alone."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    @property
    def why_read_only(self) -> str:
        """Why nothing can be saved (a read-only store): the reason it was made so, or,
        with none given, what SQLite found on opening (a read-only file or folder)."""
        from iro_tui.store.session_lock import CANNOT_WRITE

        return self.read_only_because or CANNOT_WRITE

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """All or nothing: nested calls join the outer transaction as savepoints.

        The outer one is BEGIN IMMEDIATE: it takes the write lock first, waiting up
        to the busy timeout for another writer, instead of failing at once when a
        read upgrades to a write under a plain BEGIN. A failure outside the data
        (busy, full, read-only, disk error) is rolled back and raised as
        StoreUnwritable, in plain words.
        """
        if self.conn.in_transaction:
            with self.db.atomic() as db:
                yield db
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise unwritable(exc, self.read_only_because) from None
        if self.moved():
            self._rollback()
            raise StoreUnwritable(moved_away(self.path))
        try:
            yield self.db
        except BaseException as exc:
            self._rollback()
            if isinstance(exc, sqlite3.OperationalError):
                raise unwritable(exc, self.read_only_because) from None
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            self._rollback()
            raise unwritable(exc, self.read_only_because) from None

    @contextmanager
    def waiting_briefly(self) -> Iterator[None]:
        """Writes within wait at most BRIEF_WAIT_MS for another writer, not the busy
        timeout's 5 s: for what the app writes on its own, every half second, while the
        IRO types (a draft). Waiting the 5 s on the main thread held the screen still,
        keys unanswered, for as long as another program held the store, 5 s at a time
        (an adversarial check). A refused draft stays on screen and is tried again."""
        with waiting_at_most(self.conn, BRIEF_WAIT_MS):
            yield

    def moved(self) -> bool:
        """Whether the store file was moved, renamed or deleted since it was opened."""
        return self._identity is not None and file_identity(self.path) != self._identity

    def _rollback(self) -> None:
        roll_back(self.conn)  # a full disk may have ended the transaction already

    # --- no lost update ---------------------------------------------------------
    def change_mark(self, table: str, row_id: int | None) -> int:
        """The last audit row of one record: every write is audited, so a form that
        notes this when it reads can tell, when it saves, whether another window
        (or the CLI) changed the record in between."""
        if row_id is None:
            return 0
        row = self.conn.execute(
            "SELECT max(id) FROM audit WHERE table_name = ? AND row_id = ?", (table, row_id)
        ).fetchone()
        return row[0] or 0

    def refuse_if_changed(self, table: str, row_id: int | None, mark: int, what: str) -> None:
        """Call inside the saving transaction (which holds the write lock)."""
        if self.change_mark(table, row_id) != mark:
            raise ChangedElsewhere(
                f"{what} was changed elsewhere (another iro-tui window or a command) "
                "since this form opened; nothing was saved. Close it (your text is "
                "still here to copy) and open it again to see the change"
            )

    def saving_unchanged(
        self, table: str, row_id: int | None, what: str, save: Callable[..., T]
    ) -> Callable[..., T]:
        """`save`, refused with ChangedElsewhere if the record changed after now.

        A form wraps its save with this when it reads the record, so two windows
        editing one child cannot silently undo each other (the last save wins only
        if nothing changed in between)."""
        mark = self.change_mark(table, row_id)

        def guarded(*args: Any, **kwargs: Any) -> T:
            with self.transaction():
                self.refuse_if_changed(table, row_id, mark, what)
                return save(*args, **kwargs)

        return guarded

    def generation(self) -> tuple[int, int]:
        """Changes when anything in the store may have changed: every row this connection
        wrote (rolled back ones too, which only costs a needless reload), and every commit
        by another connection (PRAGMA data_version). Screens compare it to skip reloads."""
        return self.conn.total_changes, self.conn.execute("PRAGMA data_version").fetchone()[0]

    def shared(self, name: str, read: Callable[[], T]) -> T:
        """What `read()` returns, read once and kept until the store changes (its
        generation), for every screen that asks: give it immutable values only (frozen
        records in tuples), or copy them on the way out.

        Inside a transaction nothing is kept: its rows may yet be rolled back, which
        leaves the generation as it was."""
        if self.conn.in_transaction:
            return read()
        # Taken before reading: a commit elsewhere during the read changes the
        # generation, so the next ask reads again.
        mark = self.generation()
        kept = self._kept.get(name)
        if kept is not None and kept[0] == mark:
            value: T = kept[1]
            return value
        value = read()
        self._kept[name] = (mark, value)
        return value

    # --- settings -------------------------------------------------------------
    def get_setting(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else DEFAULT_SETTINGS.get(key)

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.table("settings").upsert({"key": key, "value": value}, pk="key")

    def set_settings(self, values: dict[str, str | None]) -> None:
        """Several settings in one transaction; None removes one (back to its default)."""
        with self.transaction() as db:
            for key, value in values.items():
                if value is None:
                    db.execute("DELETE FROM settings WHERE key = ?", [key])
                else:
                    db.table("settings").upsert({"key": key, "value": value}, pk="key")

    def rulebook(self) -> Rulebook:
        """The rulebook in force, with the authority's local settings (the DRP ladder)."""
        return with_local_settings(
            load_rulebook(self.get_setting("rulebook") or "england"),
            drp_ladder=self.get_setting("drp_ladder"),
        )

    # --- children and their cases ---------------------------------------------
    def child_ref_of(self, child_id: int) -> str | None:
        """A child's 903 ID from the store's own id (which an ID put right keeps)."""
        row = self.conn.execute(
            "SELECT child_ref FROM children WHERE id = ?", [child_id]
        ).fetchone()
        return row[0] if row else None

    def child_id(self, child_ref: str) -> int | None:
        row = self.conn.execute(
            "SELECT id FROM children WHERE child_ref = ?", (child_ref,)
        ).fetchone()
        return row[0] if row else None

    def child_refs(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT child_ref FROM children")}

    def load_children(self, child_id: int | None = None) -> dict[int, Child]:
        """Every child by id, or just one. Children are records, frozen: the
        dictionary is the caller's own, the records may be shared (see load_cases)."""
        if child_id is None:
            return dict(self._everyone().children)
        return self._read_children(child_id)

    def _read_children(self, child_id: int | None) -> dict[int, Child]:
        where, params = (" WHERE id = ?", [child_id]) if child_id is not None else ("", [])
        rows = self.conn.execute(
            f"SELECT id, {', '.join(CHILD_COLUMNS)} FROM children{where}", params
        )
        return {row[0]: from_rows.child(row[1:]) for row in rows}

    def child_names(self) -> dict[str, str]:
        """child_ref -> the name to show, without loading anyone's whole case."""
        return {c.child_ref: c.display_name for c in self.load_children().values()}

    def load_cases(self, child_id: int | None = None) -> list[ChildCase]:
        """Every child with their episodes and reviews, in child_ref order; or just one.

        Everyone's cases are read once and shared until the store changes (its
        generation: any write here, any commit elsewhere), so the diary, the caseload
        and the drift tracker do not each read the whole authority. The records are
        frozen and the list is the caller's own, so no screen can change another's."""
        if child_id is not None:
            return self._read_cases(child_id)
        return list(self._everyone().cases)

    def _everyone(self) -> _Everyone:
        return self.shared("everyone", self._read_everyone)

    def _read_everyone(self) -> _Everyone:
        """Everyone's cases: after a write, only the children it touched are read again
        (store/case_changes.py); the rest are the records of the last read."""
        self.reads += 1
        # Inside a transaction the rows (and audit rows) read may yet be rolled back, and
        # their ids used again by the next write: nothing read then is built upon.
        writing = self.conn.in_transaction
        mark = audit_mark(self.conn)
        last = None if writing else self._last_everyone
        changed = (
            None
            if last is None
            else children_changed_since(self.conn, last.audit_mark, MOST_ROWS_READ_BY_CHILD)
        )
        if last is None or changed is None:
            children = self._read_children(None)
            cases = self._cases_of(children, None)
            id_of = {child.child_ref: child_id for child_id, child in children.items()}
            by_id = {id_of[case.child.child_ref]: case for case in cases}
        else:
            children, by_id = self._read_again(last, changed)
            cases = sorted(by_id.values(), key=lambda c: c.child.child_ref)
        everyone = _Everyone(children, tuple(cases), by_id, mark)
        if not writing:
            self._last_everyone = everyone
        return everyone

    def _read_again(
        self, last: _Everyone, changed: set[int]
    ) -> tuple[dict[int, Child], dict[int, ChildCase]]:
        """The last read's children and cases by id, with the `changed` ones read afresh
        (a child no longer there was deleted)."""
        children, by_id = dict(last.children), dict(last.by_id)
        for child_id in changed:
            found = self._read_cases(child_id)
            if found:
                [by_id[child_id]] = found
                children[child_id] = found[0].child
            else:
                by_id.pop(child_id, None)
                children.pop(child_id, None)
        return children, by_id

    def _read_cases(self, child_id: int) -> list[ChildCase]:
        return self._cases_of(self._read_children(child_id), child_id)

    def _cases_of(self, children: dict[int, Child], child_id: int | None) -> list[ChildCase]:
        one, where, params = child_id is not None, "", []
        if one:
            where, params = " WHERE child_id = ?", [child_id]
        episodes: dict[int, list[Episode]] = defaultdict(list)
        for row in self.conn.execute(
            f"SELECT child_id, {', '.join(EPISODE_COLUMNS)} FROM episodes{where} ORDER BY decom",
            params,
        ):
            episodes[row[0]].append(from_rows.episode(row[1:]))
        reviews: dict[int, list[Review]] = defaultdict(list)
        for row in self.conn.execute(
            "SELECT child_id, id, status, scheduled_date, scheduled_time, venue, held_date, "
            f"participation_code, review_number AS number FROM reviews{where}",
            params,
        ):
            reviews[row[0]].append(from_rows.review(row[1:]))
        additional: dict[int, list[tuple[date, date]]] = defaultdict(list)
        for cid, notified, required_by in self.conn.execute(
            "SELECT s.child_id, s.notified_date, r.scheduled_date FROM significant_changes s "
            "JOIN reviews r ON r.id = s.review_id WHERE s.review_needed = 1"
            + (" AND s.child_id = ?" if one else ""),
            params,
        ):
            additional[cid].append((date.fromisoformat(notified), date.fromisoformat(required_by)))
        cases = [
            from_rows.child_case(
                child,
                tuple(episodes[cid]),
                tuple(reviews[cid]),
                tuple(additional[cid]),
            )
            for cid, child in children.items()
        ]
        return sorted(cases, key=lambda c: c.child.child_ref)

    def load_episodes(self, child_ref: str) -> list[Episode]:
        rows = self.conn.execute(
            f"SELECT {', '.join(EPISODE_COLUMNS)} FROM episodes e JOIN children c "
            "ON c.id = e.child_id WHERE c.child_ref = ? ORDER BY decom",
            [child_ref],
        )
        return [from_rows.episode(r) for r in rows]

    # Plain statements for the per-row upserts of an import: sqlite-utils' insert and
    # update re-read the schema (table and view names, columns) on every call, which
    # made a large 903 import take minutes (bench/import_big.py). The column names
    # come from this module, never from a file.
    def _insert(self, table: str, row: dict[str, Any]) -> int:
        columns, marks = ", ".join(row), ", ".join("?" * len(row))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
        return _row_id(table, self.conn.execute(sql, list(row.values())).lastrowid)

    def _update(self, table: str, row_id: int, row: dict[str, Any]) -> None:
        assignments = ", ".join(f"{column} = ?" for column in row)
        sql = f"UPDATE {table} SET {assignments} WHERE id = ?"
        self.conn.execute(sql, [*row.values(), row_id])

    @contextmanager
    def _one_write(self) -> Iterator[None]:
        """A transaction of its own, or none inside an import's: each upsert is one
        lookup and one statement, which SQLite already applies whole, so a savepoint
        per row would only slow a large import."""
        if self.conn.in_transaction:
            yield
        else:
            with self.transaction():
                yield

    def upsert_child(self, child: Child, columns: tuple[str, ...] = CHILD_COLUMNS) -> int:
        """Insert the child, or update only `columns` of the one with the same CHILD id.

        An import passes just the columns its files carry, so what the IRO recorded
        in the app (names, language, red list) survives a re-import.
        """
        row = _row(child, set(columns) | {"child_ref"})
        existing = self.child_id(child.child_ref)
        with self._one_write():
            if existing is None:
                if child.joined_on is not None:  # the day of the import that brings them
                    row["joined_on"] = _iso(child.joined_on)
                return self._insert("children", row)
            self._update("children", existing, row)
            return existing

    def upsert_episode(self, child_id: int, episode: Episode) -> int:
        row = {"child_id": child_id, **_row(episode, EPISODE_COLUMNS)}
        with self._one_write():
            found = self.conn.execute(
                "SELECT id FROM episodes WHERE child_id = ? AND decom = ?",
                (child_id, row["decom"]),
            ).fetchone()
            if found:
                self._update("episodes", found[0], row)
                return found[0]
            return self._insert("episodes", row)

    def upsert_held_review(self, child_id: int, review: Review) -> int:
        """A review from the 903: held on a date, with a participation code."""
        row = {
            "child_id": child_id,
            "status": "held",
            "held_date": _iso(review.held_date),
            "participation_code": review.participation_code.value
            if review.participation_code
            else None,
        }
        with self._one_write():
            found = self.conn.execute(
                "SELECT id FROM reviews WHERE child_id = ? AND status = 'held' AND held_date = ?",
                (child_id, row["held_date"]),
            ).fetchone()
            if found:
                self._update("reviews", found[0], row)
                return found[0]
            return self._insert("reviews", row)

    def number_held_reviews(self, child_id: int, numbers: dict[date, int]) -> int:
        """Which review of its period each held review (by date) was, where not said yet;
        how many were numbered now."""
        numbered = 0
        with self._one_write():
            for held, number in numbers.items():
                numbered += self.conn.execute(
                    "UPDATE reviews SET review_number = ? WHERE child_id = ? AND status = 'held'"
                    " AND held_date = ? AND review_number IS NULL",
                    (number, child_id, _iso(held)),
                ).rowcount
        return numbered

    def upsert_missing(self, child_id: int, missing: MissingEpisode) -> None:
        row = {
            "child_id": child_id,
            "missing": missing.missing.value,
            "mis_start": _iso(missing.start),
            "mis_end": _iso(missing.end),
        }
        with self._one_write():
            found = self.conn.execute(
                "SELECT id FROM missing_episodes WHERE child_id = ? AND mis_start = ?",
                (child_id, row["mis_start"]),
            ).fetchone()
            if found:
                self._update("missing_episodes", found[0], row)
            else:
                self._insert("missing_episodes", row)

    # --- generic helpers for records that have no domain logic yet -------------
    def insert(self, table: str, row: dict[str, Any]) -> int:
        with self.transaction() as db:
            return inserted_id(db.table(table).insert({k: _iso(v) for k, v in row.items()}))

    def audit_rows(self, table: str | None = None) -> list[dict[str, Any]]:
        sql, params = "SELECT * FROM audit", []
        if table:
            sql, params = sql + " WHERE table_name = ?", [table]
        return list(self.db.query(sql + " ORDER BY id", params))
