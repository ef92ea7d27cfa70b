"""Before and after in the same conditions: another revision's code against this tree's.

    python bench/before_after.py [--before main] [--stores DIR] [--runs 5]

On a shared machine a figure taken an hour ago says little; this runs both revisions on
the same stores, interleaved run by run: first paint of the diary (demo and 1,000
children) against the minimal app, and build_agenda on freshly loaded data (median of
the warm calls, and the first call in the process, when the calendar is cold). The
stores come from `run.py` (built once into --stores). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from run import TODAY, first_paint, store_path  # noqa: E402

AGENDA = r"""
import statistics, sys, time
from datetime import date
import iro_tui
assert iro_tui.__file__.startswith(sys.argv[2]), iro_tui.__file__
from iro_tui.domain.agenda import build_agenda
from iro_tui.store import open_store
from iro_tui.store.records import load_diary
today = date.fromisoformat(sys.argv[3])
store = open_store(sys.argv[1])
rulebook = store.rulebook()
times = []
for _ in range(4):
    data = load_diary(store, today)
    start = time.perf_counter()
    build_agenda(data, rulebook, today)
    times.append((time.perf_counter() - start) * 1000)
print(times[0], statistics.median(times[1:]))
"""


def agenda_ms(tree: Path, store: Path) -> tuple[float, float]:
    out = subprocess.run(
        [sys.executable, "-c", AGENDA, str(store), str(tree), TODAY.isoformat()],
        env={**os.environ, "PYTHONPATH": str(tree)},
        cwd=tree,  # `python -c` puts the current folder first on sys.path
        capture_output=True,
        text=True,
        check=True,
    )
    first, warm = (float(x) for x in out.stdout.split())
    return first, warm


def main() -> None:
    parser = argparse.ArgumentParser(description="iro-tui: before and after, interleaved")
    parser.add_argument("--before", default="main", help="a git revision (default main)")
    parser.add_argument("--stores", type=Path, default=Path("/tmp/iro-tui-bench"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    demo, big = store_path(args.stores, None), store_path(args.stores, 1000)
    with tempfile.TemporaryDirectory() as tmp:
        before = Path(tmp)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", args.before], capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(before)], input=archive, check=True)
        trees = {"before": before, "after": ROOT}

        def iro(tree: Path, db: Path) -> str:
            # From the tree's own folder: `-m` puts the current folder first on sys.path.
            return (
                f"cd {tree} && env PYTHONPATH={tree} {sys.executable} -m iro_tui "
                f"--db {db} --today {TODAY}"
            )

        marker = "in the next 4 weeks"
        targets = {"minimal": (f"{sys.executable} {ROOT / 'bench' / 'minimal_app.py'}", "Row 30")}
        for name, tree in trees.items():
            targets[f"demo, {name}"] = (iro(tree, demo), marker)
            targets[f"1000, {name}"] = (iro(tree, big), marker)
        paint = first_paint(targets, args.runs)
        print("| first paint | median | / minimal app |\n|---|---|---|")
        for name, seconds in paint.items():
            print(f"| {name} | {seconds * 1000:.0f} ms | {seconds / paint['minimal']:.2f}x |")

        found: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
        for _ in range(args.runs):
            for name, tree in trees.items():
                found[name].append(agenda_ms(tree, big))
        print("\n| build_agenda, 1,000 children | first call | warm, median |\n|---|---|---|")
        for name, pairs in found.items():
            first = statistics.median(p[0] for p in pairs)
            warm = statistics.median(p[1] for p in pairs)
            print(
                f"| {name} ({args.before if name == 'before' else 'this tree'}) "
                f"| {first:.0f} ms | {warm:.0f} ms |"
            )


if __name__ == "__main__":
    main()
