"""The annual report on a whole authority, as the IRO sees it in a real terminal (tmux).

    python bench/report_in_terminal.py [--stores DIR] [--runs 5] [--before REV]

From R on the diary: how long until the report screen shows ("counting..."), and until
its figures show. Pilot cannot time this: it waits for the app to be idle, and the app is
not idle while the count, in its worker, moves the progress bar. Each run opens a fresh
copy of the 1,000-child store and waits for the integrity check after first paint to end
first. With --before, another revision's code (checked out in a temporary worktree) runs
interleaved, on the same store. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from run import TODAY, store_path  # noqa: E402

MAIN = "import sys; sys.path.insert(0, sys.argv.pop(1)); from iro_tui.__main__ import main; main()"


def screen_of(tmux: list[str]) -> str:
    return subprocess.run(
        [*tmux, "capture-pane", "-p", "-t", "report"], capture_output=True, text=True
    ).stdout


def until(tmux: list[str], seen, timeout: float = 120.0) -> float:
    start = time.perf_counter()
    while not seen(screen_of(tmux)):
        if time.perf_counter() - start > timeout:
            raise RuntimeError("not within the timeout")
        time.sleep(0.02)
    return time.perf_counter() - start


def once(code: Path, store: Path, work: Path) -> tuple[float, float]:
    copy = work / "report.sqlite"
    shutil.copyfile(store, copy)
    tmux = ["tmux", "-L", f"iro-report-{os.getpid()}"]
    command = f"{sys.executable} -c '{MAIN}' {code} --db {copy} --today {TODAY}"
    subprocess.run(
        [*tmux, "new-session", "-d", "-s", "report", "-x", "120", "-y", "40", command],
        check=True,
    )
    try:
        until(tmux, lambda s: "in the next 4 weeks" in s)
        time.sleep(5)  # the integrity check after first paint (~3 s on this store)
        subprocess.run([*tmux, "send-keys", "-t", "report", "R"], check=True)
        start = time.perf_counter()
        until(tmux, lambda s: "Annual report" in s)
        shown = time.perf_counter() - start
        until(tmux, lambda s: "Annual report" in s and "counting" not in s and "year" in s)
        return shown, time.perf_counter() - start
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stores", type=Path, default=Path("/tmp/iro-tui-bench"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before", help="a git revision to run interleaved")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        raise SystemExit("bench: tmux is needed to time the report in a real terminal")
    store = store_path(args.stores, 1000)
    if not store.exists():
        raise SystemExit(f"bench: no {store}: run bench/run.py first, which builds it")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        codes = {"this tree": ROOT}
        if args.before:
            before = work / "before"
            subprocess.run(
                [
                    "git",
                    "-C",
                    str(ROOT),
                    "worktree",
                    "add",
                    "-q",
                    "--detach",
                    str(before),
                    args.before,
                ],
                check=True,
            )
            codes = {f"before ({args.before})": before, **codes}
        try:
            found: dict[str, list[tuple[float, float]]] = {name: [] for name in codes}
            for _ in range(args.runs):
                for name, code in codes.items():
                    found[name].append(once(code, store, work))
        finally:
            if args.before:
                subprocess.run(
                    ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(work / "before")]
                )
    print(f"Annual report on 1,000 children, from R on the diary ({args.runs} runs, median):")
    for name, times in found.items():
        shown = statistics.median(t[0] for t in times) * 1000
        figures = statistics.median(t[1] for t in times) * 1000
        print(f"  {name:>22}: screen shown {shown:5.0f} ms, figures shown {figures:6.0f} ms")


if __name__ == "__main__":
    main()
