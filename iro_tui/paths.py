"""Where the store lives: --db PATH, else $IRO_TUI_DB, else the platform's data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_VAR = "IRO_TUI_DB"


def default_store_path() -> Path:
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir("iro-tui", appauthor=False)) / "iro.sqlite"


def resolve_store_path(cli_path: str | None) -> Path:
    """The store's own path, links followed: the lock that keeps a second iro-tui off an
    open store, and the backups folder, are named from it. Through a link to the open
    store, a passphrase change went ahead beside the app (which then called its store
    damaged) and changed none of the backups."""
    return (Path(cli_path).expanduser() if cli_path else default_store_path()).resolve()


def fixtures_dir() -> Path:
    """The demo caseload: packaged in the wheel, or at the top of a source checkout."""
    packaged = Path(__file__).resolve().parent / "_fixtures"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[1] / "fixtures"


# The folder a file was last saved to in this run of the app. Kept in memory only, never
# written down: a folder may be named after a child ("Documents/Amina Yusuf").
_last_saved_in: Path | None = None


def export_folder() -> Path:
    """Where files the user asks for go by default: the folder the last one went to in
    this run (each save box began again at Documents, however many letters were saved
    elsewhere), else Documents, or home if there is none (a fresh Linux laptop often has
    no ~/Documents, and a default that fails is no help)."""
    if _last_saved_in is not None and _last_saved_in.is_dir():
        return _last_saved_in
    documents = Path(platformdirs.user_documents_dir())
    return documents if documents.is_dir() else Path.home()


def saved_in(path: Path) -> None:
    """Note the folder of a file just written at the user's asking (export_folder)."""
    global _last_saved_in
    _last_saved_in = path.parent
