"""The code checks that run with the tests: mypy over iro_tui (configuration in
pyproject.toml [tool.mypy]), and ruff's lint and format over the code, tests and
benches ([tool.ruff]). A type error, a lint or an unformatted file fails `make test`."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, cwd=ROOT)


def test_mypy_finds_no_type_errors():
    result = run("mypy", "iro_tui")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


@pytest.mark.parametrize(
    "command",
    [
        ("ruff", "check", "iro_tui", "tests", "bench"),
        ("ruff", "format", "--check", "iro_tui", "tests", "bench"),
    ],
    ids=["lint", "format"],
)
def test_ruff_is_clean(command):
    result = run(*command)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
