"""The CLI's worker: work off the main thread, progress only on a terminal."""

import io
import time

import pytest

from iro_tui.errors import BadInput
from iro_tui.progress import run_with_progress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def slow_count(progress):
    for done in range(1, 4):
        progress(done, 3)
        time.sleep(0.15)
    return "counted"


def count_seen_on(screen: FakeTerminal):
    """Each step waits until the main thread has drawn it: a fixed sleep is not long
    enough on a busy machine."""

    def count(progress):
        for done in range(1, 4):
            progress(done, 3)
            deadline = time.monotonic() + 20
            while f"{done} of 3" not in screen.getvalue() and time.monotonic() < deadline:
                time.sleep(0.01)
        return "counted"

    return count


def test_progress_is_drawn_on_a_terminal_then_cleared():
    screen = FakeTerminal()
    assert run_with_progress(count_seen_on(screen), "counting", screen) == "counted"
    drawn = screen.getvalue()
    assert "\rcounting: 1 of 3 children" in drawn and "\rcounting: 3 of 3 children" in drawn
    assert drawn.endswith("\r\033[K")  # the line is wiped before the result prints


def test_nothing_is_drawn_when_not_a_terminal():
    piped = io.StringIO()
    assert run_with_progress(slow_count, "counting", piped) == "counted"
    assert piped.getvalue() == ""


def test_a_refusal_in_the_worker_reaches_the_caller():
    def refuses(progress):
        raise BadInput("child 100101: no UPN")

    with pytest.raises(BadInput, match="no UPN"):
        run_with_progress(refuses, "903 return", io.StringIO())
