"""Search across footprint notes, decisions (and their progress notes) and reviews.

A plain substring search with LIKE (case-insensitive for ASCII, as SQLite's LIKE
is): the IRO types a word they remember, a caseload holds a few thousand rows at
most, and LIKE needs no extra index to keep in step with every write. The typed
text is escaped, so '%' and '_' mean themselves. Nothing searched for is logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from iro_tui.store.store import Store

ESCAPE = "\\"
LIMIT = 200

# Review fields worth finding, with the words the screen shows for each.
REVIEW_FIELDS = {
    "child_views": "child's views",
    "parents_views": "parents' views",
    "carers_views": "carers' views",
    "venue": "venue",
    "late_booking_reason": "why booked late",
    "late_reason": "why held late",
    "adjourned_reason": "why adjourned",
    "cancelled_reason": "why cancelled",
    "next_review_reason": "next review",
}


@dataclass(frozen=True)
class SearchHit:
    child_ref: str
    child_name: str
    kind: str  # "note", "decision", "progress", "review", "matter"
    label: str  # what the text is, in words: "footprint note", "child's views"…
    on: date | None
    text: str
    tab: str  # where the child screen shows it: "timeline", "decisions", "reviews"
    # Its row on that tab (the key the tab's table gives it): Enter lands on it, not on
    # the tab's first row (a decision found sat among a decade of others).
    row: str | None = None


def like_pattern(text: str) -> str:
    """'50%' finds '50%', not every text with '50' in it."""
    escaped = text.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")
    return f"%{escaped}%"


def _sql() -> str:
    child = "c.child_ref, c.given_name, c.family_name, c.preferred_name"
    like = f"LIKE :pattern ESCAPE '{ESCAPE}'"
    # Each hit's last column is its row's key on its tab (screens/child_tabs.py): a note
    # is keyed by its link on the timeline, a decision and a review by their ids.
    parts = [
        f"SELECT {child}, 'note', 'footprint note', n.note_date, n.text, 'timeline', "
        "'note:' || n.id "
        f"FROM footprint_notes n JOIN children c ON c.id = n.child_id WHERE n.text {like}",
        f"SELECT {child}, 'decision', 'decision', d.made_date, d.text, 'decisions', d.id "
        f"FROM decisions d JOIN children c ON c.id = d.child_id WHERE d.text {like}",
        f"SELECT {child}, 'progress', 'decision progress', p.recorded_date, "
        "d.text || ': ' || p.note, 'decisions', d.id FROM decision_progress p "
        "JOIN decisions d ON d.id = p.decision_id JOIN children c ON c.id = d.child_id "
        f"WHERE p.note {like}",
        f"SELECT {child}, 'matter', 'review: ' || m.matter, "
        "COALESCE(r.held_date, r.scheduled_date), m.note, 'reviews', r.id "
        "FROM review_matters m "
        "JOIN reviews r ON r.id = m.review_id JOIN children c ON c.id = r.child_id "
        f"WHERE m.note {like}",
    ]
    # Column names come from REVIEW_FIELDS above, never from the user.
    parts += [
        f"SELECT {child}, 'review', '{column}', "
        f"COALESCE(r.held_date, r.scheduled_date), r.{column}, 'reviews', r.id "
        f"FROM reviews r JOIN children c ON c.id = r.child_id WHERE r.{column} {like}"
        for column in REVIEW_FIELDS
    ]
    return " UNION ALL ".join(parts) + " ORDER BY 7 DESC LIMIT :limit"


def _name(ref: str, given: str | None, family: str | None, preferred: str | None) -> str:
    name = " ".join(p for p in (preferred or given, family) if p)
    return name or f"Child {ref}"


QUOTES = "\"'“”‘’"


def search(store: Store, text: str, limit: int = LIMIT) -> list[SearchHit]:
    """Every note, decision and review text containing `text`, newest first."""
    text = text.strip()
    if len(text) > 1 and text[0] in QUOTES and text[-1] in QUOTES:
        # A phrase in quotation marks, as a search box elsewhere takes it: the marks
        # were searched for too, and "CAMHS referral" found nothing.
        text = text[1:-1].strip()
    if not text:
        return []
    rows = store.conn.execute(_sql(), {"pattern": like_pattern(text), "limit": limit})
    return [
        SearchHit(
            child_ref=ref,
            child_name=_name(ref, given, family, preferred),
            kind=kind,
            label=(
                f"review: {REVIEW_FIELDS[label]}" if kind == "review" else label.replace("_", " ")
            ),
            on=date.fromisoformat(on) if on else None,
            text=found,
            tab=tab,
            row=None if row is None else str(row),
        )
        for ref, given, family, preferred, kind, label, on, found, tab, row in rows
    ]
