"""The diary's first frame: what it showed, kept in the store for the next opening.

Working the diary out takes the domain's models, the bank-holiday calendars and every
child's case (on a whole authority, ~1 s before anything shows). So when the app quits
it keeps what the diary shows (screens/diary_frame.py: the heading, the summary and the
first page of rows, as text) for today and the next days, and the next opening paints
that at once, then works the diary out as always and draws it again.

A frame is shown only when nothing it came from can have changed since:
- the day it was worked out for is today (the clock's);
- the store is as it was: the schema version and the last audit row are the same.
  Every table the diary reads is audited (store/audit.py), in the same transaction as
  the change, whichever connection wrote it, so any change since moves the last row;
- iro-tui's code is the same (a fingerprint of its files: a new version, or a change
  to any file in a working copy, works the diary out afresh).

It is read here through the driver alone, before the domain, pydantic and the store's
own code load (that is the point of it), and it lives inside the store, so an encrypted store keeps
it encrypted and it goes nowhere the store does not.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from iro_tui.store.driver import roll_back, sqlite3, waiting_at_most
from iro_tui.store.failures import unwritable


def frame_days(today: date) -> list[date]:
    """The days always kept a frame for on quitting: today (opened again later on) and
    the next day, and on a Friday or a Saturday the Monday too (opened after the weekend).
    Each other day is worked out afresh (~0.25 s on a whole authority), so not more."""
    days = [today, today + timedelta(days=1)]
    if today.weekday() in (4, 5):  # Friday, Saturday
        days.append(today + timedelta(days=7 - today.weekday()))
    return days


# The rest of the coming week is kept too while quitting stays quick: on an IRO's own
# caseload (17-70 children) a day costs ~20-40 ms, and the diary then opens at once
# after a bank-holiday weekend or a week away; on a whole authority there is no time
# left for it, and those days are worked out on opening, as before.
LATER_DAYS_SECONDS = 0.3


def later_days(today: date) -> list[date]:
    """The days of the coming week that frame_days leaves out, nearest first."""
    always = set(frame_days(today))
    coming = (today + timedelta(days=n) for n in range(1, 8))
    return [day for day in coming if day not in always]


def code_fingerprint() -> str:
    """Every file of iro-tui's package by name, size and time written: any change to
    the code (or its data files, like the rulebooks) gives another fingerprint; and the
    `holidays` package's own, whose bank holidays the deadlines count with (an upgrade
    that adds one moves its files), found without importing it."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    holidays = importlib.util.find_spec("holidays")
    if holidays is not None and holidays.origin:
        stat = os.stat(holidays.origin)
        digest.update(f"holidays\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")):
                continue
            stat = os.stat(os.path.join(folder, name))
            relative = os.path.relpath(os.path.join(folder, name), package)
            digest.update(f"{relative}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def basis(conn: sqlite3.Connection) -> str | None:
    """What a frame worked out now is worked out from; None when that cannot be told
    (no audit trail to read), and then no frame is kept or shown."""
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        last = conn.execute("SELECT max(id) FROM audit").fetchone()[0]
    except sqlite3.DatabaseError:
        return None
    return f"schema {version}; audit {last or 0}; code {code_fingerprint()}"


def read_frame(conn: sqlite3.Connection, today: date) -> dict[str, Any] | None:
    """Today's frame, if it was worked out from the store and code as they are now."""
    now = basis(conn)
    if now is None:
        return None
    try:
        row = conn.execute(
            "SELECT frame FROM diary_frames WHERE day = ? AND basis = ?", [today.isoformat(), now]
        ).fetchone()
    except sqlite3.DatabaseError:  # a store before v7, or unreadable: no frame
        return None
    if row is None:
        return None
    try:
        frame = json.loads(row[0])
    except ValueError:
        return None
    return frame if isinstance(frame, dict) else None


def read_frame_at(path: Path, today: date) -> dict[str, Any] | None:
    """Today's frame from the plain store at `path`, read-only, before the app opens
    it; None when there is none to show (or the file cannot be read: the app then
    opens the store as always, and says what is wrong)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1.0)
    except (sqlite3.Error, ValueError, OSError):
        return None
    try:
        return read_frame(conn, today)
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def save_frames(conn: sqlite3.Connection, worked_out_from: str, frames: dict[date, Any]) -> None:
    """Replace the kept frames with `frames`, all worked out from `worked_out_from`
    (basis(), read before the diary was), in one transaction. A cache: a busy store
    (another window writing) is not waited for, and any failure leaves the frames as
    they were, which then no longer match and are not shown. Raises StoreUnwritable
    when the store says no."""
    rows = [(day.isoformat(), worked_out_from, json.dumps(frame)) for day, frame in frames.items()]
    try:
        with waiting_at_most(conn, 200):
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("DELETE FROM diary_frames")
                conn.executemany(
                    "INSERT INTO diary_frames (day, basis, frame) VALUES (?, ?, ?)", rows
                )
                conn.execute("COMMIT")
            except BaseException:
                roll_back(conn)  # a full disk may have ended it already
                raise
    except sqlite3.OperationalError as exc:
        raise unwritable(exc) from None
