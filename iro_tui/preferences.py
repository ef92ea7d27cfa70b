"""The user's look-and-feel choices (the theme), kept between runs.

A small JSON file in the platform's config folder ($IRO_TUI_CONFIG_DIR overrides it,
which the tests use). It holds no child's details, only names of Textual themes, so
it lives outside the encrypted store; a file that is missing, unreadable or not ours
is ignored, and a full disk only means the choice is not remembered.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import platformdirs

CONFIG_ENV_VAR = "IRO_TUI_CONFIG_DIR"


def preferences_path() -> Path:
    folder = os.environ.get(CONFIG_ENV_VAR) or platformdirs.user_config_dir(
        "iro-tui", appauthor=False
    )
    return Path(folder) / "preferences.json"


def load_preferences() -> dict[str, str]:
    try:
        data = json.loads(preferences_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}


def save_preference(key: str, value: str) -> bool:
    """Write atomically (a kill mid-write leaves the old file); False if it could not."""
    path = preferences_path()
    data = load_preferences() | {key: value}
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial = path.with_suffix(".json.partial")
        partial.write_text(json.dumps(data, indent=2), encoding="utf-8")
        partial.replace(path)
    except OSError:
        return False
    return True
