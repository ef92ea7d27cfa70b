"""The Store: typed reads and writes over one SQLite connection.

Every public write method runs in one transaction (`self.transaction()`), and the
audit triggers record it in that same transaction.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import sqlite_utils

from iro_tui.domain.models import Child, ChildCase, Episode, MissingEpisode, Review
from iro_tui.domain.rulebook import Rulebook, load_rulebook
from iro_tui.domain.settings import DEFAULTS

CHILD_COLUMNS = (
    "child_ref",
    "given_name",
    "family_name",
    "preferred_name",
    "dob",
    "sex",
    "ethnicity",
    "upn",
    "mother",
    "mc_dob",
    "first_language",
    "interpreter_needed",
    "communication_needs",
    "uasc",
    "uasc_ceased",
    "disability",
    "red_list",
)
EPISODE_COLUMNS = (
    "decom",
    "rne",
    "ls",
    "cin",
    "place",
    "place_provider",
    "dec",
    "rec",
    "reason_place_change",
    "home_post",
    "pl_post",
    "urn",
)

# domain/settings.py lists every setting and its default (rulebook england,
# idle_lock_minutes 5, calendar_full_names no).
DEFAULT_SETTINGS = DEFAULTS


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _row(model, columns) -> dict[str, Any]:
    data = model.model_dump(include=set(columns))
    return {k: _iso(v.value if hasattr(v, "value") else v) for k, v in data.items()}


class Store:
    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self.db = sqlite_utils.Database(conn)

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """All or nothing: nested calls join the outer transaction as savepoints."""
        with self.db.atomic() as db:
            yield db

    # --- settings -------------------------------------------------------------
    def get_setting(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else DEFAULT_SETTINGS.get(key)

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db["settings"].upsert({"key": key, "value": value}, pk="key")

    def set_settings(self, values: dict[str, str | None]) -> None:
        """Several settings in one transaction; None removes one (back to its default)."""
        with self.transaction() as db:
            for key, value in values.items():
                if value is None:
                    db.execute("DELETE FROM settings WHERE key = ?", [key])
                else:
                    db["settings"].upsert({"key": key, "value": value}, pk="key")

    def rulebook(self) -> Rulebook:
        return load_rulebook(self.get_setting("rulebook") or "england")

    # --- children and their cases ---------------------------------------------
    def child_id(self, child_ref: str) -> int | None:
        row = self.conn.execute(
            "SELECT id FROM children WHERE child_ref = ?", (child_ref,)
        ).fetchone()
        return row[0] if row else None

    def child_refs(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT child_ref FROM children")}

    def load_children(self) -> dict[int, Child]:
        rows = self.db.query(f"SELECT id, {', '.join(CHILD_COLUMNS)} FROM children")
        return {row.pop("id"): Child.model_validate(row) for row in rows}

    def child_names(self) -> dict[str, str]:
        """child_ref -> the name to show, without loading anyone's whole case."""
        return {c.child_ref: c.display_name for c in self.load_children().values()}

    def load_cases(self) -> list[ChildCase]:
        """Every child with their episodes and reviews, in child_ref order."""
        children = self.load_children()
        episodes: dict[int, list[Episode]] = defaultdict(list)
        for row in self.db.query(
            f"SELECT child_id, {', '.join(EPISODE_COLUMNS)} FROM episodes ORDER BY decom"
        ):
            episodes[row.pop("child_id")].append(Episode.model_validate(row))
        reviews: dict[int, list[Review]] = defaultdict(list)
        for row in self.db.query(
            "SELECT id, child_id, status, scheduled_date, scheduled_time, venue, held_date, "
            "participation_code FROM reviews"
        ):
            reviews[row.pop("child_id")].append(Review.model_validate(row))
        additional: dict[int, list[tuple[date, date]]] = defaultdict(list)
        for child_id, notified, required_by in self.conn.execute(
            "SELECT s.child_id, s.notified_date, r.scheduled_date FROM significant_changes s "
            "JOIN reviews r ON r.id = s.review_id WHERE s.review_needed = 1"
        ):
            additional[child_id].append(
                (date.fromisoformat(notified), date.fromisoformat(required_by))
            )
        cases = [
            ChildCase(
                child=child,
                episodes=tuple(episodes[cid]),
                reviews=tuple(reviews[cid]),
                additional_reviews=tuple(additional[cid]),
            )
            for cid, child in children.items()
        ]
        return sorted(cases, key=lambda c: c.child.child_ref)

    def load_episodes(self, child_ref: str) -> list[Episode]:
        rows = self.db.query(
            f"SELECT {', '.join(EPISODE_COLUMNS)} FROM episodes e JOIN children c "
            "ON c.id = e.child_id WHERE c.child_ref = ? ORDER BY decom",
            [child_ref],
        )
        return [Episode.model_validate(r) for r in rows]

    def upsert_child(self, child: Child, columns: tuple[str, ...] = CHILD_COLUMNS) -> int:
        """Insert the child, or update only `columns` of the one with the same CHILD id.

        An import passes just the columns its files carry, so what the IRO recorded
        in the app (names, language, red list) survives a re-import.
        """
        row = _row(child, set(columns) | {"child_ref"})
        existing = self.child_id(child.child_ref)
        with self.transaction() as db:
            if existing is None:
                return db["children"].insert(row).last_pk
            db["children"].update(existing, row)
            return existing

    def upsert_episode(self, child_id: int, episode: Episode) -> int:
        row = {"child_id": child_id, **_row(episode, EPISODE_COLUMNS)}
        with self.transaction() as db:
            found = self.conn.execute(
                "SELECT id FROM episodes WHERE child_id = ? AND decom = ?",
                (child_id, row["decom"]),
            ).fetchone()
            if found:
                db["episodes"].update(found[0], row)
                return found[0]
            return db["episodes"].insert(row).last_pk

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
        with self.transaction() as db:
            found = self.conn.execute(
                "SELECT id FROM reviews WHERE child_id = ? AND status = 'held' AND held_date = ?",
                (child_id, row["held_date"]),
            ).fetchone()
            if found:
                db["reviews"].update(found[0], row)
                return found[0]
            return db["reviews"].insert(row).last_pk

    def upsert_missing(self, child_id: int, missing: MissingEpisode) -> None:
        row = {
            "child_id": child_id,
            "missing": missing.missing.value,
            "mis_start": _iso(missing.start),
            "mis_end": _iso(missing.end),
        }
        with self.transaction() as db:
            found = self.conn.execute(
                "SELECT id FROM missing_episodes WHERE child_id = ? AND mis_start = ?",
                (child_id, row["mis_start"]),
            ).fetchone()
            if found:
                db["missing_episodes"].update(found[0], row)
            else:
                db["missing_episodes"].insert(row)

    # --- generic helpers for records that have no domain logic yet -------------
    def insert(self, table: str, row: dict[str, Any]) -> int:
        with self.transaction() as db:
            return db[table].insert({k: _iso(v) for k, v in row.items()}).last_pk

    def audit_rows(self, table: str | None = None) -> list[dict[str, Any]]:
        sql, params = "SELECT * FROM audit", []
        if table:
            sql, params = sql + " WHERE table_name = ?", [table]
        return list(self.db.query(sql + " ORDER BY id", params))
