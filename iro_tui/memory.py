"""The cyclic garbage collector and a whole authority's heap (issue 12).

On 1,000 children the app holds a few hundred thousand objects for the whole session:
modules, classes, the diary's widgets, everyone's cases and agenda. Python's full
collection walks every one of them each time it runs, which it did about every fourth
screen switch, for 200-480 ms each (`bench/`, 36 full collections in two rounds of the
Pilot probe). What is alive at the first paint lives until quitting, so it is moved out
of the collector's way once (gc.freeze): each full collection then walks only what came
after it, ~1/3 cheaper, and the peak memory is the same (screen switches ~10% quicker on
average). The price: the collector counts only what came after as old, so in work that
makes many objects at once (the annual report's worker) full passes come more often; its
figures took the same to ~20% more CPU (four runs each, noisy). Raising the collector's
thresholds instead (fewer full collections) was faster still but held 20-45 MiB more
garbage, past the 150 MiB goal, so the thresholds stay Python's.

Before the first paint the collector does not run at all. Start-up makes objects by the
hundred thousand (imports, then everyone's cases and agenda) and frees almost none: on
1,000 children, 371 collections took 170-220 ms of the diary's first paint and found 2,399
objects. Reference counting still frees what start-up drops, and the peak memory was the
same (92-93 MiB both ways). The collector runs again, with Python's thresholds, from the
first paint on. Behind the passphrase screen it runs while the app waits for the passphrase
(that may be an hour), and is held from the store's opening to the diary's first paint.

Tried and withdrawn (issue 12, tenth round): a full pass whenever the IRO had pressed
nothing for 2 s after pressing keys. It took the collector's own passes out of the steps
(on 1,000 children, 11 passes and 1.1-1.2 s within two rounds of every step, down to 2 of
~10 ms), but a pass holds the interpreter for 0.1-0.4 s, Textual's input thread cannot read
keys meanwhile, and an Esc pressed during it was read late, with the next key, as alt+key:
both keys lost (found by an adversarial check, 4 times in 4). A key lost is worse than a
slow one.

Only the app run from the command line does this: the tests run hundreds of apps in one
process, and an app frozen and then closed would never be collected.
"""

from __future__ import annotations

import gc


def hold_collector_until_first_paint() -> None:
    """No collection during start-up (see module); settle_after_first_paint ends it."""
    gc.disable()


def release_collector() -> None:
    """The collector runs again (the app stopped before its first paint, or has quit)."""
    gc.enable()


def settle_after_first_paint() -> None:
    """Objects alive now are left out of every later full collection, and the collector
    runs again (see module)."""
    gc.freeze()
    release_collector()


def settle_after_warm_up() -> None:
    """The screens' modules loaded after the first paint (warm_up.py) live all session
    too: out of every later full collection, as what was alive at the first paint."""
    gc.freeze()
