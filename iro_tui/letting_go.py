"""Letting go of a closed screen: three things in Textual kept one alive, with every widget
on it and every line drawn, after it was closed.

- A thread worker is run in the event loop's default executor and marked as the active
  worker (textual.worker.active_worker) in that pool thread's own context, which outlives
  the work: each pool thread kept the last worker it ran, and through it the worker's
  screen. Each annual report opened and closed stayed until its thread ran something
  else (five openings on 1,000 children, five report screens kept, ~7 MiB each).
- A widget that watches the App (a Header its title and sub-title, a text box the
  theme) is listed on the App, and Textual drops a closed widget from that list only when
  the watched value next changes, which the title and the theme almost never do: every
  header and text box of every screen ever opened stayed (7 text boxes and 5 headers a
  round of the Pilot probe, the recording form's boxes with everything typed in them).
- Textual memoises the two background styles of a widget's lines on its drawing cache
  (StylesCache.get_inner_outer, an lru_cache of 1,024 on a method, so keyed by the cache
  itself too): each of the last 1,024 widgets drawn kept its cache, and the lines last
  drawn in it, after the widget was gone (~157 widgets and ~2,000 lines a round).

Found by counting the objects alive after each round of opening and closing every screen
(issue 12: the Pilot probe's peak memory grew with every round, 141 MiB after two rounds
and 162 after five).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from textual._styles_cache import StylesCache
from textual.dom import DOMNode
from textual.worker import active_worker

P = ParamSpec("P")
R = TypeVar("R")


def lets_go_when_done(work: Callable[P, R]) -> Callable[P, R]:
    """A thread worker's work, which clears the pool thread's mark of it when it ends
    (put under @work(thread=True, ...)). Nothing reads the mark after the work: Textual
    sets it again before that thread's next work."""

    @wraps(work)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return work(*args, **kwargs)
        finally:
            active_worker.set(None)  # type: ignore[arg-type]  # the mark, gone

    return run


def let_go_of_closed_screens(app: DOMNode) -> None:
    """After a screen closes: drop the closed widgets from what watches the App, by the
    rule Textual applies when a watched value changes, and empty the memo of background
    styles (worked out again for each widget at its next drawing, a few microseconds)."""
    for watchers in getattr(app, "__watchers", {}).values():
        watchers[:] = [(node, callback) for node, callback in watchers if not node._closing]
    memo = getattr(StylesCache.get_inner_outer, "cache_clear", None)
    if memo is not None:  # as long as Textual keeps that memo
        memo()
