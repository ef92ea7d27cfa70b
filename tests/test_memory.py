"""The collector's full pass while the IRO reads (iro_tui/memory.py): once after keys
and a quiet moment, never while keys come, and it frees garbage frozen earlier."""

from __future__ import annotations

import gc
import weakref

from iro_tui.memory import QUIET_SECONDS, YOUNG_PASSES, IdleCollection, collect_and_freeze
from tests.test_first_paint_imports import run_probe


class Seconds:
    """A monotonic clock the test moves on."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_pass_runs_once_after_keys_and_a_quiet_moment():
    clock = Seconds()
    last_key = [clock.now]
    passes: list[float] = []
    made = [0]  # the keys below each make plenty
    collection = IdleCollection(
        lambda: last_key[0], clock, lambda: passes.append(clock.now), lambda: made[0]
    )

    def key() -> None:
        last_key[0] = clock.now
        made[0] += YOUNG_PASSES

    # No key since it started: nothing to collect after, however long it is quiet.
    clock.now += 600
    assert collection.check() is False
    # A key, then not yet quiet long enough.
    key()
    clock.now += QUIET_SECONDS - 0.1
    assert collection.check() is False
    # Quiet long enough: the pass, once.
    clock.now += 0.1
    assert collection.check() is True
    assert passes == [clock.now]
    clock.now += 600
    assert collection.check() is False
    assert passes == [clock.now - 600]

    # Keys again, a second apart: timed from the last of them.
    key()
    clock.now += 1.0
    key()
    clock.now += QUIET_SECONDS - 0.5
    assert collection.check() is False
    clock.now += 0.5
    assert collection.check() is True
    assert collection.passes == 2
    assert len(passes) == 2


def test_keys_that_made_little_wait_for_more_before_a_pass():
    """Moving along the diary makes few objects: no pass (~70 ms even on the demo) for it;
    what such keys made counts with the next keys'."""
    clock = Seconds()
    last_key = [clock.now]
    made = [0]
    passes: list[float] = []
    collection = IdleCollection(
        lambda: last_key[0], clock, lambda: passes.append(clock.now), lambda: made[0]
    )
    last_key[0] = clock.now
    made[0] += YOUNG_PASSES - 1
    clock.now += QUIET_SECONDS
    assert collection.check() is False
    clock.now += 60
    assert collection.check() is False  # looked at once; nothing new since
    last_key[0] = clock.now
    made[0] += 1  # with the earlier keys', enough
    clock.now += QUIET_SECONDS
    assert collection.check() is True
    assert passes == [clock.now]
    last_key[0] = clock.now
    clock.now += QUIET_SECONDS
    assert collection.check() is False  # nothing made since the pass


def test_garbage_frozen_earlier_is_freed_by_the_pass_and_what_is_left_frozen_again():
    class Screenish:
        other: Screenish

    parent, child = Screenish(), Screenish()
    parent.other, child.other = child, parent  # a cycle, as a widget and its parent
    gone = weakref.ref(parent)
    gc.freeze()
    try:
        del parent, child
        gc.collect()
        assert gone() is not None  # frozen: no pass of the collector's own reaches it
        collect_and_freeze()
        assert gone() is None
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


# The app as the command line starts it, headless (tests/test_first_paint_imports.py),
# with a short quiet time: no pass before a key, one after keys and a quiet moment.
PROBE = r"""
import asyncio, json, sys, time
from textual.app import App
import iro_tui.__main__ as cli
import iro_tui.memory as memory
import iro_tui.warm_up as warm_up

memory.QUIET_SECONDS = 0.4
memory.QUIET_CHECK_SECONDS = 0.1
memory.YOUNG_PASSES = 1  # opening the caseload makes more than one
warm_up.FIRST_STEP_AFTER = 0.01
warm_up.BETWEEN_STEPS = 0.01

def drive_app(app, *args, **kwargs):
    async def drive():
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            for _ in range(300):
                if app.warmed_up:
                    break
                await pilot.pause(0.1)
            await pilot.pause(1.0)
            before_keys = app.idle_collection.passes
            await pilot.press("c")
            await pilot.pause()
            caseload = type(app.screen).__name__
            await pilot.press("escape")
            await pilot.pause()
            during_keys = app.idle_collection.passes
            await pilot.pause(1.5)
            print(json.dumps({
                "warmed_up": app.warmed_up,
                "caseload": caseload,
                "before_keys": before_keys,
                "during_keys": during_keys,
                "after_quiet": app.idle_collection.passes,
                "frozen": memory.gc.get_freeze_count(),
                "not_frozen": sum(len(memory.gc.get_objects(g)) for g in range(3)),
                "screen": type(app.screen).__name__,
            }))
    asyncio.run(drive())

App.run = drive_app
sys.exit(cli.main(sys.argv[1:]))
"""


def test_the_command_lines_app_collects_once_the_iro_stops_pressing_keys(demo, today):
    demo.close()  # the app opens the store itself, as from the command line
    found = run_probe(PROBE, demo, today)
    assert found["warmed_up"] is True
    assert found["caseload"] == "CaseloadScreen"
    assert found["screen"] == "DiaryScreen"
    assert found["before_keys"] == 0  # nothing pressed yet: no pass
    assert found["during_keys"] == 0  # keys a moment apart: none between them
    assert found["after_quiet"] == 1
    # Everything alive at the pass was frozen again: the collector's own passes now
    # walk only what came after it.
    assert found["frozen"] > 10_000, found
    assert found["not_frozen"] < found["frozen"] / 20, found
