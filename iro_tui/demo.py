"""Build the fictional demo caseload in a fresh store, with its dates made current.

fixtures/ holds 903 CSVs and demo.json (what the 903 does not carry), all dated
around ANCHOR. The demo shifts every date by whole weeks so that ANCHOR lands on
the week of today: weekdays are kept, and the diary is alive whenever it is opened.
"""

from __future__ import annotations

import csv
import json
import tempfile
from datetime import date, timedelta
from pathlib import Path

from iro_tui.interchange.import903 import import_903
from iro_tui.interchange.ssda903 import DATE_PATTERN, parse_date
from iro_tui.paths import fixtures_dir
from iro_tui.store import Store, open_store

# The day the fixtures were written for; tests use it as their fixed today.
ANCHOR = date(2026, 6, 1)


def demo_shift(today: date) -> timedelta:
    return timedelta(weeks=round((today - ANCHOR).days / 7))


def _shift_903_date(cell: str, shift: timedelta) -> str:
    if not DATE_PATTERN.match(cell):
        return cell
    return (parse_date(cell) + shift).strftime("%d/%m/%Y")


def _shift_903_folder(source: Path, target: Path, shift: timedelta) -> None:
    for path in sorted(source.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        shifted = [rows[0]] + [
            [
                (parse_date(cell) + shift).strftime("%d/%m/%Y")
                if DATE_PATTERN.match(cell)
                else cell
                for cell in row
            ]
            for row in rows[1:]
        ]
        with (target / path.name).open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerows(shifted)


def _shift_value(key: str, value, shift: timedelta):
    if isinstance(value, str) and (
        key.endswith("_date") or key in ("dob", "decom", "response_due")
    ):
        return (date.fromisoformat(value) + shift).isoformat()
    return value


def _apply_extras(store: Store, extras: dict, shift: timedelta) -> None:
    """Names, people, placements, bookings, decisions and appointments, in one transaction."""
    with store.transaction() as db:
        for ref, child in extras["children"].items():
            child_id = store.child_id(ref)
            db["children"].update(child_id, child.get("profile", {}))
            for person in child.get("people", []):
                db["people"].insert({"child_id": child_id, **person})
            for decom, details in child.get("placements", {}).items():
                decom = _shift_value("decom", decom, shift)
                episode_id = db.execute(
                    "SELECT id FROM episodes WHERE child_id = ? AND decom = ?", [child_id, decom]
                ).fetchone()[0]
                db["placements"].insert({"episode_id": episode_id, **details})
            for table in ("reviews", "decisions", "footprint_notes"):
                for row in child.get(table, []):
                    shifted = {k: _shift_value(k, v, shift) for k, v in row.items()}
                    checklist = shifted.pop("checklist", [])
                    row_id = db[table].insert({"child_id": child_id, **shifted}).last_pk
                    for item in checklist:
                        db["checklist_items"].insert(
                            {
                                "review_id": row_id,
                                **{k: _shift_value(k, v, shift) for k, v in item.items()},
                            }
                        )
            for escalation in child.get("escalations", []):
                row = {k: _shift_value(k, v, shift) for k, v in escalation.items()}
                stages = row.pop("stages")
                escalation_id = db["escalations"].insert({"child_id": child_id, **row}).last_pk
                for stage in stages:
                    db["escalation_stages"].insert(
                        {
                            "escalation_id": escalation_id,
                            **{k: _shift_value(k, v, shift) for k, v in stage.items()},
                        }
                    )
        for appointment in extras.get("appointments", []):
            row = {k: _shift_value(k, v, shift) for k, v in appointment.items()}
            if "child" in row:
                row["child_id"] = store.child_id(row.pop("child"))
            db["appointments"].insert(row)


def build_demo(path: Path, today: date) -> Store:
    """A fresh store at `path` holding the demo caseload, dated relative to `today`."""
    source = fixtures_dir()
    shift = demo_shift(today)
    store = open_store(path)
    with tempfile.TemporaryDirectory(prefix="iro-demo-903-") as tmp:
        _shift_903_folder(source / "903", Path(tmp), shift)
        import_903(store, Path(tmp))
    extras = json.loads((source / "demo.json").read_text(encoding="utf-8"))
    _apply_extras(store, extras, shift)
    return store


def demo_store(today: date) -> Store:
    """The demo in a new temporary folder, so the real store is never touched."""
    folder = Path(tempfile.mkdtemp(prefix="iro-tui-demo-"))
    return build_demo(folder / "demo.sqlite", today)
