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
from typing import Any

from iro_tui.interchange.import903 import import_903
from iro_tui.interchange.ssda903.cells import DATE_PATTERN, parse_date
from iro_tui.paths import fixtures_dir
from iro_tui.store import Store, open_store
from iro_tui.store.demo_extras import load_demo_extras

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


DATE_KEYS = ("dob", "decom", "response_due")


def _shift_dates(value: Any, shift: timedelta, key: str = "") -> Any:
    """Every date in the demo extras (keys ending _date, and a few named ones),
    moved by `shift`; placements are keyed by their episode's DECOM."""
    if isinstance(value, dict):
        return {
            (_shift_dates(k, shift, "decom") if key == "placements" else k): _shift_dates(
                v, shift, k
            )
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_shift_dates(item, shift, key) for item in value]
    if isinstance(value, str) and (key.endswith("_date") or key in DATE_KEYS):
        return (date.fromisoformat(value) + shift).isoformat()
    return value


def build_demo(path: Path, today: date) -> Store:
    """A fresh store at `path` holding the demo caseload, dated relative to `today`."""
    source = fixtures_dir()
    shift = demo_shift(today)
    store = open_store(path)
    with tempfile.TemporaryDirectory(prefix="iro-demo-903-") as tmp:
        _shift_903_folder(source / "903", Path(tmp), shift)
        import_903(store, Path(tmp), today)
    extras = json.loads((source / "demo.json").read_text(encoding="utf-8"))
    load_demo_extras(store, _shift_dates(extras, shift))
    return store


def demo_store(today: date) -> Store:
    """The demo in a new temporary folder, so the real store is never touched."""
    folder = Path(tempfile.mkdtemp(prefix="iro-tui-demo-"))
    return build_demo(folder / "demo.sqlite", today)
