"""A fault log for diagnosing a problem in the field, with no child's details in it.

An IRO who meets "unexpected error" can send this file to whoever supports them. It
holds the version, the exception's type and where in iro-tui's code it happened (file,
line, function): never the exception's message, arguments or local values, which
could quote a child's name, a decision or a view (brief: "never write personal data
to logs").
"""

from __future__ import annotations

import os
import traceback
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

LOG_ENV_VAR = "IRO_TUI_LOG_DIR"
MAX_BYTES = 256 * 1024  # keep one old file beside the current one


def log_path() -> Path:
    folder = os.environ.get(LOG_ENV_VAR) or platformdirs.user_log_dir("iro-tui", appauthor=False)
    return Path(folder) / "faults.log"


def describe_fault(error: BaseException) -> str:
    """Type and code locations only: nothing that came from the store or the user."""
    from iro_tui import __version__

    frames = traceback.extract_tb(error.__traceback__)
    where = [
        f"  {Path(f.filename).name}:{f.lineno} in {f.name}"
        for f in frames
        if "iro_tui" in f.filename or f is frames[-1]
    ]
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return "\n".join([f"{stamp} iro-tui {__version__}: {type(error).__name__}", *where]) + "\n"


def log_fault(error: BaseException) -> Path | None:
    """Append the fault to the log (0600); never raises: a full disk must not hide
    the first problem behind a second."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if path.exists() and path.stat().st_size > MAX_BYTES:
            path.replace(path.with_suffix(".log.1"))
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as log:
            log.write(describe_fault(error))
    except OSError:
        return None
    return path
