"""The domain and the store stay headless: importing them never loads textual."""

import subprocess
import sys
from pathlib import Path


def test_domain_and_store_do_not_import_textual():
    code = (
        "import sys, iro_tui.domain.agenda, iro_tui.domain.deadlines, iro_tui.store, "
        "iro_tui.interchange.import903; "
        "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_domain_does_not_import_sqlite():
    code = "import sys, iro_tui.domain.agenda; print('sqlite3' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_the_layer_contracts_hold_over_every_module():
    # pyproject.toml [tool.importlinter]: the domain pure, SQL only in store/, the store
    # and interchange headless, and the layer order screens > interchange > store > domain.
    lint = Path(sys.executable).with_name("lint-imports")
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run([str(lint)], capture_output=True, text=True, cwd=root)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout
