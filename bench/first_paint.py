"""Time from a cold start to the agenda on screen, on the demo caseload.

Runs `python -c` in a fresh process each time so imports are cold, and prints
the median of several runs. Not a test: it prints figures.
"""

import statistics
import subprocess
import sys

PROBE = r"""
import time
t0 = time.perf_counter()
import asyncio
from datetime import date
from iro_tui.__main__ import make_app
from iro_tui.demo import demo_store
from iro_tui.domain.clock import FixedClock
t_import = time.perf_counter()
store = demo_store(date(2026, 6, 1))
t_store = time.perf_counter()

async def main():
    app = make_app(store, FixedClock(date(2026, 6, 1)))
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#agenda")
        assert table.row_count > 0
        print(f"{t_import - t0:.3f} {t_store - t_import:.3f} {time.perf_counter() - t_store:.3f}")

asyncio.run(main())
"""

runs = []
for _ in range(5):
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    runs.append([float(x) for x in out.stdout.split()])
imports, build, paint = (statistics.median(col) for col in zip(*runs, strict=True))
print(f"imports           {imports * 1000:7.0f} ms")
print(f"build demo store  {build * 1000:7.0f} ms  (the --demo copy; a real store opens instead)")
print(f"mount to agenda   {paint * 1000:7.0f} ms")
print(f"first paint total {(imports + build + paint) * 1000:7.0f} ms  (median of {len(runs)})")
