"""Before and after in the same conditions: another revision's code against this tree's.

    python bench/before_after.py [--before main] [--stores DIR] [--runs 5]
                                 [--only paint,agenda,reads,pilot,calls]

On a shared machine a figure taken an hour ago says little; this runs both revisions on
the same stores, interleaved run by run: first paint of the diary (demo and 1,000
children) against the minimal app; build_agenda on freshly loaded data (median of
the warm calls, and the first call in the process, when the calendar is cold); the
reads of the diary and the caseload on 1,000 children, cold (a new Store on the same
connection) and again with nothing written since; and the Pilot steps of
bench/pilot_probe.py (this tree's, on each revision's code), with the peak memory of that
process. `--only calls` counts each Pilot step's Python calls instead of timing it: the
same on every run of the same code, so one run shows a change of work on a busy machine.

The stores come from `run.py` (built once into --stores). Each revision opens the
store of its own schema version (`authority-1000-v5.sqlite` for a v5 revision): the
same data, as a later version's store is an upgraded copy of the earlier one. Prints
figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from run import DIARY_PAINTED, TODAY, first_paint, store_path  # noqa: E402

AGENDA = r"""
import statistics, sys, time
from datetime import date
import iro_tui
assert iro_tui.__file__.startswith(sys.argv[2]), iro_tui.__file__
from iro_tui.domain.agenda import build_agenda
from iro_tui.store import Store, open_store
from iro_tui.store.records import load_diary
today = date.fromisoformat(sys.argv[3])
store = open_store(sys.argv[1])
rulebook = store.rulebook()
times = []
for _ in range(4):
    # Freshly read: a new Store on the connection keeps nothing from the last load.
    data = load_diary(Store(store.conn, store.path), today)
    start = time.perf_counter()
    build_agenda(data, rulebook, today)
    times.append((time.perf_counter() - start) * 1000)
print(times[0], statistics.median(times[1:]))
"""


READS = r"""
import json, statistics, sys, time
from datetime import date
import iro_tui
assert iro_tui.__file__.startswith(sys.argv[2]), iro_tui.__file__
from iro_tui.domain.caseload import caseload_rows
from iro_tui.store import Store, open_store
from iro_tui.store.records import current_placements, last_footprints, load_decisions, load_diary
today = date.fromisoformat(sys.argv[3])
store = open_store(sys.argv[1])
rulebook = store.rulebook()

def caseload(reader):
    return caseload_rows(reader.load_cases(), current_placements(reader),
        load_decisions(reader, open_only=True), last_footprints(reader), rulebook, today)

def ms(fn, fresh):
    times = []
    for _ in range(5):
        reader = Store(store.conn, store.path) if fresh else store
        start = time.perf_counter()
        fn(reader)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)

load_diary(store, today)  # the diary's load at start-up
print(json.dumps({
    "load_cases": ms(lambda s: s.load_cases(), True),
    "load_diary": ms(lambda s: load_diary(s, today), True),
    "caseload rows": ms(caseload, True),
    "load_cases, shared": ms(lambda s: s.load_cases(), False),
    "load_diary, shared": ms(lambda s: load_diary(s, today), False),
    "caseload rows, shared": ms(caseload, False),
}))
"""


def tree_version(tree: Path) -> int:
    """The schema version a tree's code writes (its schema.sql)."""
    found = re.search(r"PRAGMA user_version\s*=\s*(\d+)", (tree / "schema.sql").read_text())
    assert found, tree
    return int(found.group(1))


def in_tree(tree: Path, *args: str) -> str:
    return subprocess.run(
        [sys.executable, *args],
        env={**os.environ, "PYTHONPATH": str(tree)},
        cwd=tree,  # `python -c` puts the current folder first on sys.path
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def reads_ms(tree: Path, store: Path) -> dict[str, float]:
    return json.loads(in_tree(tree, "-c", READS, str(store), str(tree), TODAY.isoformat()))


def pilot_steps(tree: Path, store: Path, repeat: int, calls: bool = False) -> dict:
    # This tree's probe for both revisions: the same steps, timed the same way.
    os.environ["IRO_TREE"] = str(tree)
    out = in_tree(
        tree,
        str(ROOT / "bench" / "pilot_probe.py"),
        "--db",
        str(store),
        "--today",
        TODAY.isoformat(),
        "--repeat",
        str(repeat),
        *(["--calls"] if calls else []),
    )
    return json.loads(out.strip().splitlines()[-1])


def calls_table(
    trees: dict[str, Path], stores: dict[str, tuple[Path, Path]], repeat: int, label: dict[str, str]
) -> None:
    """The Python calls each Pilot step makes (median over the rounds of one run each):
    the same on every run of the same code, so one run tells a change of work apart
    from a busy machine."""
    found = {
        name: pilot_steps(tree, stores[name][1], repeat, calls=True) for name, tree in trees.items()
    }
    print(
        "\n| Pilot step, 1,000 children: Python calls | "
        + " | ".join(label.values())
        + " | after / before |"
    )
    print("|---" * (len(trees) + 2) + "|")
    for step, values in found["after"]["timings"].items():
        after = statistics.median(values)
        before_values = found["before"]["timings"].get(step)
        before = statistics.median(before_values) if before_values else None
        cells = [f"{before:,.0f}" if before else "", f"{after:,.0f}"]
        ratio = f"{after / before:.2f}" if before else ""
        print(f"| {step} | " + " | ".join(cells) + f" | {ratio} |")


def agenda_ms(tree: Path, store: Path) -> tuple[float, float]:
    out = in_tree(tree, "-c", AGENDA, str(store), str(tree), TODAY.isoformat())
    first, warm = (float(x) for x in out.split())
    return first, warm


def main() -> None:
    parser = argparse.ArgumentParser(description="iro-tui: before and after, interleaved")
    parser.add_argument("--before", default="main", help="a git revision (default main)")
    parser.add_argument("--stores", type=Path, default=Path("/tmp/iro-tui-bench"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--only",
        help="some parts, comma-separated: paint, agenda, reads, pilot, calls (default all but "
        "calls)",
    )
    parser.add_argument("--pilot-repeat", type=int, default=2, help="rounds per Pilot run")
    args = parser.parse_args()
    parts = set(args.only.split(",")) if args.only else {"paint", "agenda", "reads", "pilot"}
    with tempfile.TemporaryDirectory() as tmp:
        before = Path(tmp)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", args.before], capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(before)], input=archive, check=True)
        trees = {"before": before, "after": ROOT}
        # Both trees compiled to bytecode, as `make` has done since issue 12's seventh
        # round: on a machine where Python may not write it (PYTHONDONTWRITEBYTECODE),
        # an uncompiled tree compiles every module again at each start.
        for tree in trees.values():
            subprocess.run(
                [sys.executable, "-m", "compileall", "-q", str(tree / "iro_tui")], check=True
            )
        # Each tree on the stores of its own schema version (this tree's are upgraded
        # copies of the earlier ones when missing).
        stores = {
            name: (
                store_path(args.stores, None, tree_version(tree) if name == "before" else None),
                store_path(args.stores, 1000, tree_version(tree) if name == "before" else None),
            )
            for name, tree in trees.items()
        }
        for name, (demo, big) in stores.items():
            for path in (demo, big):
                if not path.exists():
                    raise SystemExit(f"bench: no store {path} for {name}; run bench/run.py there")
        label = {"before": f"before ({args.before})", "after": "after (this tree)"}
        if "paint" in parts:
            paint_table(trees, stores, args.runs)
        if "agenda" in parts:
            found: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
            for _ in range(args.runs):
                for name, tree in trees.items():
                    found[name].append(agenda_ms(tree, stores[name][1]))
            print("\n| build_agenda, 1,000 children | first call | warm, median |\n|---|---|---|")
            for name, pairs in found.items():
                first = statistics.median(p[0] for p in pairs)
                warm = statistics.median(p[1] for p in pairs)
                print(f"| {label[name]} | {first:.0f} ms | {warm:.0f} ms |")
        if "reads" in parts:
            reads: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
            for _ in range(args.runs):
                for name, tree in trees.items():
                    reads[name].append(reads_ms(tree, stores[name][1]))
            measures = list(reads["after"][0])
            print(
                "\n| reads, 1,000 children (median ms) | "
                + " | ".join(measures)
                + " |\n"
                + "|---" * (len(measures) + 1)
                + "|"
            )
            for name, runs in reads.items():
                cells = [f"{statistics.median(r[m] for r in runs):.0f}" for m in measures]
                print(f"| {label[name]} | " + " | ".join(cells) + " |")
        if "pilot" in parts:
            pilot_table(trees, stores, args.runs, args.pilot_repeat, label)
        if "calls" in parts:
            calls_table(trees, stores, args.pilot_repeat, label)


def paint_table(trees: dict[str, Path], stores: dict[str, tuple[Path, Path]], runs: int) -> None:
    def iro(tree: Path, db: Path) -> str:
        # From the tree's own folder: `-m` puts the current folder first on sys.path.
        return (
            f"cd {tree} && env PYTHONPATH={tree} {sys.executable} -m iro_tui "
            f"--db {db} --today {TODAY}"
        )

    marker = DIARY_PAINTED
    targets = {"minimal": (f"{sys.executable} {ROOT / 'bench' / 'minimal_app.py'}", "Row 30")}
    for name, tree in trees.items():
        demo, big = stores[name]
        targets[f"demo, {name}"] = (iro(tree, demo), marker)
        targets[f"1000, {name}"] = (iro(tree, big), marker)
    paint = first_paint(targets, runs)
    print("| first paint | median | / minimal app |\n|---|---|---|")
    for name, seconds in paint.items():
        print(f"| {name} | {seconds * 1000:.0f} ms | {seconds / paint['minimal']:.2f}x |")


def pilot_table(
    trees: dict[str, Path],
    stores: dict[str, tuple[Path, Path]],
    runs: int,
    repeat: int,
    label: dict[str, str],
) -> None:
    """p50 and p95 of each Pilot step over every run, and the median peak memory."""
    steps: dict[str, dict[str, list[float]]] = {name: {} for name in trees}
    peaks: dict[str, list[float]] = {name: [] for name in trees}
    for _ in range(runs):
        for name, tree in trees.items():
            probe = pilot_steps(tree, stores[name][1], repeat)
            for step, values in probe["timings"].items():
                steps[name].setdefault(step, []).extend(values)
            peaks[name].append(probe["peak_mib"])
    print("\n| Pilot step, 1,000 children | " + " | ".join(label.values()) + " |")
    print("|---" * (len(trees) + 1) + "|")
    for step in steps["after"]:
        cells = []
        for name in trees:
            values = sorted(steps[name].get(step, []))
            if not values:
                cells.append("")
                continue
            p50 = statistics.median(values)
            p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
            cells.append(f"p50 {p50:.0f} / p95 {p95:.0f} ms")
        print(f"| {step} | " + " | ".join(cells) + " |")
    cells = [f"{statistics.median(peaks[name]):.0f} MiB" for name in trees]
    print("| peak memory (median) | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
