"""mypy is clean over iro_tui, with the configuration in pyproject.toml [tool.mypy]
(which lists, as a to-do, the modules whose errors are still ignored)."""

import subprocess
import sys
from pathlib import Path


def test_mypy_finds_no_type_errors():
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "iro_tui"], capture_output=True, text=True, cwd=root
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
