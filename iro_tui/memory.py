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

From then on, a full pass runs when the IRO has pressed nothing for QUIET_SECONDS after
pressing something (IdleCollection): what was frozen is let back in, everything is
collected once, and what is left is frozen again. Without it, on 1,000 children the
collector's own full passes fell inside about one screen switch or keystroke in five, at
20-150 ms each (bench/pilot_probe.py --reading 2.5, two rounds of every step: 11 full
passes, 1.1-1.2 s in all); with it, 2 passes, 11-15 ms in all, the rest while the IRO
reads. A pass takes ~0.15-0.2 s on 1,000 children and ~65-85 ms on the demo (most of what it
walks is Textual's and the app's own code, whatever the caseload), and a key pressed during
it waits for it, so it runs only when the keys since the last one made enough to matter: at
least YOUNG_PASSES of the collector's middle-generation passes, where Python's own full pass
comes after ten. Moving along the diary makes few; opening screens makes many. Frozen
objects that become garbage (a screen closed since) are freed at the next such pass, not
kept for good.

Only the app run from the command line does this: the tests run hundreds of apps in one
process, and an app frozen and then closed would never be collected.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

# Seconds without a key, after keys, before the full pass runs; and how often to look.
QUIET_SECONDS = 2.0
QUIET_CHECK_SECONDS = 0.5
# The collector's generation-1 passes since the last full pass that make one worth it.
YOUNG_PASSES = 4


def young_passes() -> int:
    """The collector's generation-1 passes so far (each follows ~10 of generation 0)."""
    return int(gc.get_stats()[1]["collections"])


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


def collect_and_freeze() -> None:
    """One full pass over everything, frozen objects included, then what is left frozen
    again: garbage made of objects frozen earlier is freed here and nowhere else."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class IdleCollection:
    """The collector's full pass at the first quiet moment after keys (see module).

    `last_key` gives when the last key was pressed and `now` the time, both in seconds
    on one monotonic clock (locking.py's IdleWatch and the app's injected `idle_now`);
    `check` is called on a timer.
    """

    def __init__(
        self,
        last_key: Callable[[], float],
        now: Callable[[], float],
        collect: Callable[[], None] = collect_and_freeze,
        made: Callable[[], int] = young_passes,
    ) -> None:
        self.last_key = last_key
        self.now = now
        self.collect = collect
        self.made = made  # how much has been made: the collector's young passes so far
        self.collected_after = last_key()  # keys up to here have had their pass
        self.made_at_pass = made()
        self.passes = 0

    def check(self) -> bool:
        """Run the pass if keys came since the last one, none for QUIET_SECONDS, and
        they made at least YOUNG_PASSES' worth (see module)."""
        last = self.last_key()
        if last <= self.collected_after or self.now() - last < QUIET_SECONDS:
            return False
        self.collected_after = last  # these keys are looked at once
        made = self.made()
        if made - self.made_at_pass < YOUNG_PASSES:
            return False
        self.collect()
        self.made_at_pass = self.made()
        self.passes += 1
        return True
