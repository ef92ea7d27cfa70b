"""Loading what the demo's 903 files do not carry (names, people, placements,
bookings, decisions, notes, escalations, appointments), in one transaction.

The dates arrive already shifted by demo.py; this module only writes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlite_utils

from iro_tui.domain.between import response_due
from iro_tui.store.changes import _episode_id
from iro_tui.store.store import Store, inserted_id


def load_demo_extras(store: Store, extras: dict[str, Any]) -> None:
    rulebook = store.rulebook()
    with store.transaction() as db:
        # The demo's IRO has had these children all along (their mid-point notes are in
        # demo.json): not joined on the day of the import, as a caseload new to iro-tui is.
        db.execute("UPDATE children SET joined_on = NULL")
        for key, value in extras.get("settings", {}).items():
            db.table("settings").upsert({"key": key, "value": value}, pk="key")
        for ref, child in extras["children"].items():
            child_id = store.child_id(ref)
            if child_id is None:
                raise ValueError(f"demo.json: no child {ref} in the demo's 903 files")
            db.table("children").update(child_id, child.get("profile", {}))
            for person in child.get("people", []):
                db.table("people").insert({"child_id": child_id, **person})
            for decom, details in child.get("placements", {}).items():
                db.table("placements").insert(
                    {"episode_id": _episode_id(store, child_id, decom), **details}
                )
            for table in ("reviews", "decisions", "footprint_notes"):
                for row in child.get(table, []):
                    row = dict(row)
                    checklist = row.pop("checklist", [])
                    row_id = inserted_id(db.table(table).insert({"child_id": child_id, **row}))
                    for item in checklist:
                        db.table("checklist_items").insert({"review_id": row_id, **item})
            for details in child.get("held_reviews", []):
                _add_review_details(store, db, child_id, details)
            for escalation in child.get("escalations", []):
                row = dict(escalation)
                stages = row.pop("stages")
                escalation_id = inserted_id(
                    db.table("escalations").insert({"child_id": child_id, **row})
                )
                for stage in stages:
                    stage = dict(stage)
                    # Counted here, after the demo's dates have moved by whole weeks: a
                    # shifted fixed date can cross a bank holiday and become 6 WD.
                    stage["response_due"] = response_due(
                        date.fromisoformat(stage["opened_date"]), rulebook
                    ).isoformat()
                    db.table("escalation_stages").insert({"escalation_id": escalation_id, **stage})
        # Every demo decision was made at the child's review held that day: link it,
        # so the review's record lists its decisions.
        db.execute(
            "UPDATE decisions SET review_id = (SELECT r.id FROM reviews r "
            "WHERE r.child_id = decisions.child_id AND r.status = 'held' "
            "AND r.held_date = decisions.made_date) WHERE review_id IS NULL"
        )
        for appointment in extras.get("appointments", []):
            row = dict(appointment)
            if "child" in row:
                row["child_id"] = store.child_id(row.pop("child"))
            db.table("appointments").insert(row)


def _add_review_details(
    store: Store, db: sqlite_utils.Database, child_id: int, details: dict[str, Any]
) -> None:
    """What the IRO recorded about a review the 903 file brought in, found by its date."""
    row = dict(details)
    consultations = row.pop("consultations", [])
    attendees = row.pop("attendees", [])
    matters = row.pop("matters", {})
    found = store.conn.execute(
        "SELECT id FROM reviews WHERE child_id = ? AND status = 'held' AND held_date = ?",
        (child_id, row["held_date"]),
    ).fetchone()
    if found is None:
        raise ValueError(f"demo.json: no held review on {row['held_date']}")
    db.table("reviews").update(found[0], row)
    for consultation in consultations:
        db.table("consultations").insert({"review_id": found[0], **consultation})
    for attendee in attendees:
        db.table("attendance").insert({"review_id": found[0], **attendee})
    for matter, note in matters.items():
        db.table("review_matters").insert({"review_id": found[0], "matter": matter, "note": note})
