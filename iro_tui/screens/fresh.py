"""A screen loads once when it opens, and again on return only if the store changed.

Reloading on every return cost seconds on a whole authority's store. The mark is the
store's generation (every write on this connection, and any commit by another process
such as the command line) and today's date, so a return after any change, or after
midnight, still shows the truth.
"""

from __future__ import annotations

from typing import Any


def _mark(screen: Any) -> tuple:
    return (screen.app.store.generation(), screen.app.clock.today())


def remember(screen: Any) -> None:
    """Called as the screen loads: what it shows is as of now."""
    screen._fresh_mark = _mark(screen)


def changed(screen: Any) -> bool:
    """True (and remembered) when the store or today changed since the screen loaded."""
    mark = _mark(screen)
    if getattr(screen, "_fresh_mark", None) == mark:
        return False
    screen._fresh_mark = mark
    return True
