"""After the first paint, load the screens the IRO opens next while they read the diary.

Start-up loads only what the diary's first paint needs (issue 12, tests/
test_first_paint_imports.py): the other screens, the forms and sqlite_utils load on first
use. So the first caseload, child or form of a session paid for loading its code too: on
1,000 children the first child opened spent ~0.1 s importing sqlite_utils alone. Here they
load once the diary is on screen, most likely first, one module per step on a timer: a key
pressed meanwhile is handled between two steps, so it waits for at most one module.

On the app's own thread, not a worker's: two threads importing modules that import each
other can each be handed the other's half-loaded module, and a screen would fail to open.

Only the command line's app warms up (IroApp's `settle_memory`): tests build hundreds of
apps and count what each loads.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

# Most likely opened first. Not the annual report, the exports or the documents: opened
# rarely, and large.
MODULES: tuple[str, ...] = (
    "iro_tui.screens.caseload",
    "iro_tui.screens.child",
    "sqlite_utils",  # the child screen's reads and every write (Store.db)
    "iro_tui.screens.drift",
    "iro_tui.screens.search",
    "iro_tui.widgets.form",
    "iro_tui.screens.forms",
    "iro_tui.screens.between_forms",
    "iro_tui.store.changes",
    "iro_tui.screens.requests",
    "iro_tui.screens.recording",
    "iro_tui.screens.checklist",
    "iro_tui.screens.midpoint",
    "iro_tui.screens.escalations",
    "iro_tui.screens.help",
)

# The pause before the first step, and between steps (seconds).
FIRST_STEP_AFTER = 0.5
BETWEEN_STEPS = 0.05


def warm_up(
    call_later: Callable[[float, Callable[[], None]], object],
    modules: tuple[str, ...] = MODULES,
    done: Callable[[], None] = lambda: None,
) -> None:
    """Import `modules` one at a time, each `BETWEEN_STEPS` after the last (the first
    `FIRST_STEP_AFTER` from now), through `call_later(delay, step)`, then call `done`."""
    remaining = list(modules)

    def step() -> None:
        if not remaining:
            done()
            return
        try:
            importlib.import_module(remaining.pop(0))
        except Exception:  # noqa: BLE001 - only loading early: the screen's own import says what failed
            remaining.clear()
        call_later(BETWEEN_STEPS, step)

    call_later(FIRST_STEP_AFTER, step)
