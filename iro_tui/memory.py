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

Only the app run from the command line does this: the tests run hundreds of apps in one
process, and an app frozen and then closed would never be collected.
"""

from __future__ import annotations

import gc


def settle_after_first_paint() -> None:
    """Objects alive now are left out of every later full collection (see module)."""
    gc.freeze()
