"""Times each screen switch and keystroke on one store, driving the app with Pilot.

    python bench/pilot_probe.py --db STORE [--today 2026-06-01] [--repeat 5] [--calls]

Prints one JSON object: step name -> list of milliseconds, plus the peak memory of the
process (MiB) after visiting every screen. Run by bench/run.py in a fresh process.

With --calls, each step's figure is instead the number of Python function calls it made
(cProfile): the same on every run of the same code, where a shared machine moves the
milliseconds by a third from one run to the next. It counts work, not waiting.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import json
import os
import pstats
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path

# The iro-tui to probe: IRO_TREE (bench/before_after.py times another revision's code
# with this probe), else the tree this file is in.
sys.path.insert(0, os.environ.get("IRO_TREE") or str(Path(__file__).resolve().parent.parent))


class CollectorInSteps:
    """The garbage collector's passes made while a step was being timed, by generation:
    how many, and their milliseconds (a full pass is generation 2)."""

    def __init__(self) -> None:
        self.timing = False
        self.started: float | None = None
        self.passes: dict[int, list[float]] = defaultdict(lambda: [0, 0.0])

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self.started = time.perf_counter() if self.timing else None
        elif self.started is not None:
            found = self.passes[info["generation"]]
            found[0] += 1
            found[1] += (time.perf_counter() - self.started) * 1000
            self.started = None


COLLECTOR = CollectorInSteps()
gc.callbacks.append(COLLECTOR)


def peak_memory_kib() -> int:
    """This process's own peak memory. On Linux, getrusage's ru_maxrss carries over an
    exec: a probe started by bench/run.py after it had loaded the 3,000-child store for
    the scaling figures reported that store's ~260 MiB as its own. /proc's VmHWM is the
    peak of this program alone."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure(calls: bool) -> Callable[[], float]:
    """Start measuring one step; the function returned ends it and gives its figure:
    milliseconds, or with `calls` the Python function calls made meanwhile."""
    COLLECTOR.timing = True
    if not calls:
        start = time.perf_counter()

        def stop() -> float:
            COLLECTOR.timing = False
            return (time.perf_counter() - start) * 1000

        return stop
    profile = cProfile.Profile()
    profile.enable()

    def end() -> float:
        profile.disable()
        COLLECTOR.timing = False
        return float(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]

    return end


async def until_painted(app, key: str, screen: str) -> None:
    """Press `key` and return once `screen` is on top and has been painted, without
    waiting, as Pilot's press does, for the whole process to be idle: a worker started by
    the screen (the annual report's count) is not part of opening it."""
    app.simulate_key(key)
    while type(app.screen).__name__ != screen:
        await asyncio.sleep(0.001)
    painted = asyncio.Event()
    app.screen.call_after_refresh(painted.set)
    await painted.wait()


async def probe(
    db: Path, today: date, repeat: int, calls: bool = False, reading: float = 0.0
) -> dict:
    """`reading`: seconds between steps, as an IRO reads the screen before the next key
    (0: each key straight after the last is answered, as bench/run.py times them)."""
    from iro_tui.__main__ import make_app
    from iro_tui.domain.clock import FixedClock
    from iro_tui.store import open_store
    from iro_tui.store.reviews import discard_draft

    timings: dict[str, list[float]] = defaultdict(list)
    # The yardsticks, the same Pilot steps on the minimal app in this process: a
    # keystroke (the cursor down its table), and opening and closing a screen of the
    # same widgets (bench/minimal_app.py). First, in a process that has run nothing
    # else: after the iro-tui app's run, the minimal app's openings took ~1.5 times as
    # long (350-450 ms against 240-290 on the demo), which would flatter every opening.
    # (So Textual is imported before the iro-tui app starts: "diary mount" leaves it out.)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from minimal_app import MinimalWithScreens

    yardstick = MinimalWithScreens()
    yardstick.animation_level = "none"
    async with yardstick.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for _ in range(repeat * 5):
            for name, key in (
                ("minimal app: cursor down", "down"),
                ("minimal app: open a screen", "o"),
                ("minimal app: close a screen", "escape"),
            ):
                end = measure(calls)
                await pilot.press(key)
                await pilot.pause()
                timings[name].append(end())
        # Timed as the annual report's opening is (until_painted), for it.
        for _ in range(repeat * 5):
            end = measure(calls)
            await until_painted(yardstick, "o", "Another")
            timings["minimal app: open a screen, to its screen"].append(end())
            await pilot.press("escape")
            await pilot.pause()
    store = open_store(db)
    started = time.perf_counter()
    try:
        # As the command line runs it, alone in its process (iro_tui/memory.py).
        app = make_app(store, FixedClock(today), settle_memory=True)
    except TypeError:  # an older revision (bench/before_after.py)
        app = make_app(store, FixedClock(today))
    # Pilot's pause waits until the CPU is idle, so an animation (the tab underline
    # slides for ~0.3 s) would be counted as the keystroke's latency, though the new
    # tab is on screen at once. Both apps are measured without animations.
    app.animation_level = "none"
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        timings["diary mount (headless)"].append((time.perf_counter() - started) * 1000)
        # The steps start once the app has finished what it does after its first paint
        # (the store's integrity check; from issue 12's seventh round, loading the screens
        # opened next, warm_up.py), as they would for an IRO reading the diary first.
        settling = time.perf_counter()
        await app.workers.wait_for_complete()
        while not getattr(app, "warmed_up", True) and time.perf_counter() - settling < 60:
            await pilot.pause(0.05)
        timings["after the first paint: settled (headless)"].append(
            (time.perf_counter() - settling) * 1000
        )

        COLLECTOR.passes.clear()  # from here, the steps' own
        if calls:  # the start-up's times are not what this run measures
            for name in [name for name in timings if "(headless)" in name]:
                del timings[name]

        async def step(name: str, *keys: str, settle: bool = False) -> None:
            end = measure(calls)
            await pilot.press(*keys)
            await pilot.pause()
            if settle:
                await app.workers.wait_for_complete()
                await pilot.pause()
            timings[name].append(end())
            await asyncio.sleep(reading)

        def screen() -> str:
            return type(app.screen).__name__

        for _ in range(repeat):
            await step("diary: cursor down", "down")
            await step("caseload: open", "c")
            assert screen() == "CaseloadScreen", screen()
            for key in "ash":
                await step("caseload: filter keystroke", key)
            for _key in "ash":
                await step("caseload: filter keystroke", "backspace")
            await step("caseload: to the list", "down")
            await step("caseload: sort", "s")
            await step("child: open", "enter")
            assert screen() == "ChildScreen", screen()
            child_ref = app.screen.child_ref
            for key in "2345671":
                await step("child: tab", key)
            await step("recording: open", "r")
            if screen() == "Confirm":
                await step("recording: open", "right", "enter")
            assert screen() == "RecordingScreen", screen()
            await step("recording: leave", "escape")
            if screen() != "ChildScreen":
                await pilot.press("enter")
                await pilot.pause()
            discard_draft(store, child_ref)
            await step("child: back to caseload", "escape")
            await step("caseload: back to diary", "escape")
            assert screen() == "DiaryScreen", screen()
            await step("drift: open", "d")
            assert screen() == "DriftScreen", screen()
            await step("drift: group by", "g")
            await step("drift: cursor down", "down")
            await step("drift: back to diary", "escape")
            await step("month view: open", "v")
            for key in ("right", "down", "pagedown", "left"):
                await step("month view: move", key)
            await step("month view: close", "v")
            # The report's figures are counted in a worker, with progress on screen (the
            # target: issue 12). Pilot's press waits until the whole process is idle, the
            # worker's thread too, so opening is timed to the report's screen painted (as
            # the minimal app's "open a screen, to its screen"), and the count from there
            # to its end.
            end = measure(calls)
            await until_painted(app, "R", "ReportScreen")
            timings["annual report: open, to its screen"].append(end())
            end = measure(calls)  # the worker's thread is not profiled: its figure is time
            await app.workers.wait_for_complete()
            await pilot.pause()
            if not calls:
                timings["annual report: figures (worker)"].append(end())
            else:
                end()
            await asyncio.sleep(reading)
            await step("annual report: back to diary", "escape")
        in_steps = {str(g): found[:] for g, found in sorted(COLLECTOR.passes.items())}
    store.close()
    peak_kib = peak_memory_kib()
    return {
        "timings": timings,
        "peak_mib": peak_kib / 1024,
        "unit": "calls" if calls else "ms",
        # generation -> [passes, ms] of the collector within the app's timed steps
        "collector": in_steps,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 6, 1))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--calls", action="store_true", help="count each step's Python calls, not its time"
    )
    parser.add_argument(
        "--reading",
        type=float,
        default=0.0,
        help="seconds between steps, as an IRO reads before the next key (default 0)",
    )
    args = parser.parse_args()
    found = asyncio.run(probe(args.db, args.today, args.repeat, args.calls, args.reading))
    print(json.dumps(found))


if __name__ == "__main__":
    main()
