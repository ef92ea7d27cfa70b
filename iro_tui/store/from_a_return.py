"""A 903 return written over what the store already holds.

A return is the council's record of one collection year; the store also holds what the
IRO wrote in the app and what later returns said. Rules, each from importing real
returns in turn (a re-import of 2025-26 after 2026-27 put a child who had left care back
on the diary; a 2026-27 return turned a review the IRO recorded as PN6, views sent by
text, into PN1):

- a value the store holds is never blanked: a return whose year ended before an
  episode did shows it still open;
- a return older than one already imported only fills in what the store lacks;
- a review the IRO recorded in the app (completed, or with views written down) keeps its
  participation code;
- every value a return changed, and every one kept where it differs, is said, by child.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from iro_tui.domain.fields import counted
from iro_tui.domain.models import Child, Episode, MissingEpisode, Review
from iro_tui.store.from_rows import EPISODE_COLUMNS
from iro_tui.store.reviews import cancelled_once_held
from iro_tui.store.store import Store, _iso, _row

# What a review recorded in the app has and one from a return never does.
RECORDED_IN_THE_APP = (
    "completed_date IS NOT NULL OR child_views IS NOT NULL OR parents_views IS NOT NULL "
    "OR carers_views IS NOT NULL"
)
LISTED = 10  # differences named one by one; the rest are counted


@dataclass
class Differences:
    """What one import changed in the store, and what it left where it differs."""

    older: bool  # an older return than one already imported: it only fills in
    changed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    # Rows the store did not hold (children, episodes, reviews, missing), and reviews
    # numbered now.
    added: int = 0
    # A return's own reviews this one leaves out, cancelled ("100107 on 04/12/2025").
    cancelled: list[str] = field(default_factory=list)

    @property
    def nothing_new(self) -> bool:
        return not self.added and not self.changed and not self.cancelled

    def notices(self) -> list[str]:
        said = []
        if self.changed:
            said.append(_listed("changed by this return", self.changed))
        if self.kept:
            why = (
                ""  # said first (import903.write_903)
                if self.older
                else " (a return never blanks what the store holds, nor changes a review "
                "recorded in the app)"
            )
            said.append(_listed(f"kept as the store holds it{why}", self.kept))
        return said


def _listed(heading: str, lines: list[str]) -> str:
    more = len(lines) - LISTED
    return (
        f"{heading}, {counted(len(lines), 'value')}:\n  "
        + "\n  ".join(lines[:LISTED])
        + (f"\n  and {more} more" if more > 0 else "")
    )


# A column by its name in the return's files, and in words where the name alone is terse.
IN_THE_RETURN = {
    "ethnicity": "ETHNIC",
    "dec": "DEC (ended)",
    "rec": "REC (reason ended)",
    "participation_code": "REVIEW_CODE (participation)",
}


def _shown(value: Any) -> str:
    if value is None:
        return "blank"
    try:
        return f"{date.fromisoformat(value):%d/%m/%Y}" if isinstance(value, str) else str(value)
    except ValueError:
        return value


def _merge(
    store: Store,
    table: str,
    row_id: int,
    row: dict[str, Any],
    differences: Differences,
    what: str,
    protected: frozenset[str] = frozenset(),
) -> None:
    """Write `row`'s values over the stored row's by the rules above; `protected`:
    columns the store keeps whenever it has a value."""
    columns = list(row)
    stored = store.conn.execute(
        f"SELECT {', '.join(columns)} FROM {table} WHERE id = ?", [row_id]
    ).fetchone()
    update = {}
    for column, old, new in zip(columns, stored, row.values(), strict=True):
        if old == new:
            continue
        name = IN_THE_RETURN.get(column, column.upper())
        if old is not None and (new is None or differences.older or column in protected):
            differences.kept.append(f"{what}: {name} {_shown(old)} (the return: {_shown(new)})")
            continue
        update[column] = new
        differences.changed.append(f"{what}: {name} {_shown(old)} to {_shown(new)}")
    if update:
        store._update(table, row_id, update)


def merge_child(
    store: Store, child: Child, columns: tuple[str, ...], differences: Differences
) -> int:
    """The child's row: inserted when new, else the return's `columns` merged."""
    existing = store.child_id(child.child_ref)
    if existing is None:
        differences.added += 1
        return store.upsert_child(child, columns)
    row = _row(child, columns)
    _merge(store, "children", existing, row, differences, f"child {child.child_ref}")
    return existing


def merge_episode(
    store: Store, child_ref: str, child_id: int, episode: Episode, differences: Differences
) -> None:
    """An episode, known by the day it began."""
    row = _row(episode, EPISODE_COLUMNS)
    found = store.conn.execute(
        "SELECT id FROM episodes WHERE child_id = ? AND decom = ?", [child_id, row["decom"]]
    ).fetchone()
    if found is None:
        differences.added += 1
        store.upsert_episode(child_id, episode)
        return
    what = f"child {child_ref}, episode from {episode.decom:%d/%m/%Y}"
    _merge(store, "episodes", found[0], row, differences, what)


def merge_held_review(
    store: Store, child_ref: str, child_id: int, review: Review, differences: Differences
) -> bool:
    """A held review, known by the day it was held: its participation code. True when
    the store did not hold it as held, and now does."""
    held = _iso(review.held_date)
    found = store.conn.execute(
        f"SELECT id, {RECORDED_IN_THE_APP} FROM reviews "
        "WHERE child_id = ? AND status = 'held' AND held_date = ?",
        [child_id, held],
    ).fetchone()
    if found is None:
        if (struck := cancelled_once_held(store.conn, child_id, review.held_date)) is not None:
            differences.kept.append(
                f"child {child_ref}, review of {review.held_date:%d/%m/%Y}: cancelled in the "
                f"app ({struck}), not held again by a return"
            )
            return False
        differences.added += 1
        store.upsert_held_review(child_id, review)
        return True
    code = review.participation_code.value if review.participation_code else None
    what = f"child {child_ref}, review of {review.held_date:%d/%m/%Y}"
    if found[1]:
        what += " recorded in the app"
    protected = frozenset({"participation_code"} if found[1] else ())
    _merge(store, "reviews", found[0], {"participation_code": code}, differences, what, protected)
    return False


def cancel_reviews_left_out(
    store: Store,
    child_ref: str,
    child_id: int,
    in_return: set[date],
    year: tuple[date, date],
    differences: Differences,
) -> None:
    """Cancel the child's reviews of the return's year that came from an earlier return
    and that this one, which holds every review of its year, leaves out: a date put right
    in a corrected return was kept beside the wrong one, and the deadline counted on
    from the later of the two, past the law's until the IRO cancelled it by hand; the
    903 export sent both (adversarial checks). Cancelled, not deleted: Enter on it on the
    child's Reviews tab puts it back as held, whole. A review recorded in the app is the
    IRO's, and is only said (import903._reviews_not_in_the_return). Called only when
    the return brought the child a review the store did not hold (the day put right): an
    old return imported again, its stale day kept cancelled, must not cancel the right
    one in turn."""
    rows = store.conn.execute(
        "SELECT id, held_date FROM reviews WHERE child_id = ? AND status = 'held' "
        f"AND held_date BETWEEN ? AND ? AND NOT ({RECORDED_IN_THE_APP})",
        [child_id, _iso(year[0]), _iso(year[1])],
    ).fetchall()
    for review_id, held in rows:
        day = date.fromisoformat(held)
        if day in in_return:
            continue
        store.conn.execute(
            "UPDATE reviews SET status = 'cancelled', scheduled_date = held_date, "
            "held_date = NULL, participation_code = NULL, review_number = NULL, "
            "cancelled_reason = ? WHERE id = ?",
            [
                f"Not in the {year[0].year}-{year[1]:%y} 903 return imported later, which "
                "holds every review of its year (its date put right?)",
                review_id,
            ],
        )
        differences.cancelled.append(f"{child_ref} on {day:%d/%m/%Y}")


def merge_missing(
    store: Store, child_ref: str, child_id: int, missing: MissingEpisode, differences: Differences
) -> None:
    """A missing or away-from-placement episode, known by the day it began (an older
    return gave it no end, and the end the store held was blanked)."""
    row = {
        "missing": missing.missing.value,
        "mis_start": _iso(missing.start),
        "mis_end": _iso(missing.end),
    }
    found = store.conn.execute(
        "SELECT id FROM missing_episodes WHERE child_id = ? AND mis_start = ?",
        [child_id, row["mis_start"]],
    ).fetchone()
    if found is None:
        differences.added += 1
        store.upsert_missing(child_id, missing)
        return
    what = f"child {child_ref}, missing from {missing.start:%d/%m/%Y}"
    _merge(store, "missing_episodes", found[0], row, differences, what)


def held_reviews_between(
    store: Store, child_id: int, first: date, last: date
) -> list[tuple[date, bool]]:
    """A child's held reviews from `first` to `last`: each day, and whether it was
    recorded in the app (a return's own rows are not)."""
    rows = store.conn.execute(
        f"SELECT held_date, {RECORDED_IN_THE_APP} FROM reviews WHERE child_id = ? "
        "AND status = 'held' AND held_date BETWEEN ? AND ? ORDER BY held_date",
        [child_id, _iso(first), _iso(last)],
    ).fetchall()
    return [(date.fromisoformat(day), bool(in_app)) for day, in_app in rows]
