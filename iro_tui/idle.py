"""When to lock the app: after `idle_lock_minutes` (default 5) without a key.

Pure and clock-injected, so a test can move time on; screens/lock.py shows the lock.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from iro_tui.errors import BadInput

DEFAULT_MINUTES = 5


def parse_idle_minutes(text: str) -> int:
    """The setting as typed: whole minutes, 1 to a day, or 0 for never (one rule, in
    domain/settings.py, for the command line and the settings screen)."""
    from iro_tui.domain.fields import FieldProblem
    from iro_tui.domain.settings import check_setting

    try:
        return int(check_setting("idle_lock_minutes", text))
    except FieldProblem as problem:
        raise BadInput(problem.message) from None


def idle_minutes_setting(value: str | None) -> int:
    """The stored setting; a missing or unreadable one is the default."""
    try:
        return parse_idle_minutes(value) if value is not None else DEFAULT_MINUTES
    except BadInput:
        return DEFAULT_MINUTES


class IdleWatch:
    """Time since the last key, on an injected monotonic clock (seconds)."""

    def __init__(self, minutes: int, now: Callable[[], float] = time.monotonic) -> None:
        self.minutes = minutes
        self.now = now
        self.last_activity = now()

    def touch(self) -> None:
        self.last_activity = self.now()

    def due(self) -> bool:
        return self.minutes > 0 and self.now() - self.last_activity >= self.minutes * 60
