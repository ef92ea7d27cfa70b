"""Agenda and annual report timings on a 70-child caseload (a full-time IRO's upper figure).

Builds the demo, then copies its children to reach 70, and times loading the
cases, computing the agenda and counting the annual report. Prints figures; asserts nothing.
"""

import tempfile
import time
from datetime import date
from pathlib import Path

from iro_tui.demo import build_demo
from iro_tui.domain.agenda import build_agenda
from iro_tui.domain.report import ReportYear
from iro_tui.interchange.annual_wording import build_annual_report
from iro_tui.store.records import load_diary

TODAY = date(2026, 6, 1)

with tempfile.TemporaryDirectory() as tmp:
    store = build_demo(Path(tmp) / "bench.sqlite", TODAY)
    with store.transaction() as db:
        originals = list(db.query("SELECT * FROM children"))
        for copy in range(1, 4):
            for child in originals:
                old_id = child["id"]
                row = {**child, "child_ref": f"{child['child_ref']}{copy}"}
                row.pop("id")
                new_id = db["children"].insert(row).last_pk
                for table in ("episodes", "reviews"):
                    for rec in db.query(f"SELECT * FROM {table} WHERE child_id = ?", [old_id]):
                        rec.pop("id")
                        db[table].insert({**rec, "child_id": new_id})
    count = store.conn.execute("SELECT count(*) FROM children").fetchone()[0]

    def timed(fn, repeat=20):
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            result = fn()
            best = min(best, time.perf_counter() - start)
        return best, result

    load, data = timed(lambda: load_diary(store, TODAY))
    rulebook = store.rulebook()
    compute, items = timed(lambda: build_agenda(data, rulebook, TODAY))
    print(f"children            {count}")
    print(f"load_diary          {load * 1000:6.1f} ms  (best of 20)")
    print(f"build_agenda        {compute * 1000:6.1f} ms  ({len(items)} items)")
    annual, report = timed(lambda: build_annual_report(store, ReportYear(2025), TODAY), repeat=5)
    held = report.count("reviews", "held")
    print(f"annual report       {annual * 1000:6.1f} ms  (2025-26, {held} reviews; best of 5)")
    store.close()
