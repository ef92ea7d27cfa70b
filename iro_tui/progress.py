"""Long work off the main thread, with progress on the terminal (the CLI's worker).

The work runs in a worker thread; the main thread only draws progress, so Ctrl-C
stays responsive and the count moves while the work goes on. Progress goes to
stderr and only on a terminal, so `--json > file` stays clean.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TextIO, TypeVar

from iro_tui.domain.report import Progress

T = TypeVar("T")


def run_with_progress(work: Callable[[Progress], T], what: str, stream: TextIO | None = None) -> T:
    stream = stream or sys.stderr
    shown = stream.isatty()
    state = {"done": 0, "total": 0}
    outcome: dict[str, object] = {}

    def progress(done: int, total: int) -> None:
        state.update(done=done, total=total)

    def worker() -> None:
        try:
            outcome["result"] = work(progress)
        except BaseException as exc:  # handed to the main thread, which decides
            outcome["error"] = exc

    thread = threading.Thread(target=worker, name=f"iro-tui {what}", daemon=True)
    thread.start()
    while thread.is_alive():
        thread.join(0.1)
        if shown and state["total"]:
            stream.write(f"\r{what}: {state['done']} of {state['total']} children")
            stream.flush()
    if shown and state["total"]:
        stream.write("\r\033[K")
        stream.flush()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["result"]  # type: ignore[return-value]
