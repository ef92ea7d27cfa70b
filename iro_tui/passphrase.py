"""Getting a passphrase on the command line: from IRO_TUI_PASSPHRASE (scripts, tests),
else asked on the terminal without echo. Without either, a command that needs one
stops with one plain line rather than wait for input that cannot come."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from iro_tui.errors import BadInput, BadStore
from iro_tui.store.crypto import check_passphrase

ENV_VAR = "IRO_TUI_PASSPHRASE"
NEW_ENV_VAR = "IRO_TUI_NEW_PASSPHRASE"  # `passphrase change` in a script


def from_env(name: str = ENV_VAR) -> str | None:
    return os.environ.get(name) or None


def on_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def existing(path: Path) -> str:
    """The passphrase of the encrypted store at `path`."""
    given = from_env()
    if given is not None:
        return given
    if not on_terminal():
        from iro_tui.store.backup import if_damaged_instead

        raise BadInput(
            f"{path} is encrypted: set {ENV_VAR} to its passphrase" + if_damaged_instead(path)
        )
    return getpass.getpass(f"Passphrase for {path}: ")


def new(path: Path, env_var: str = ENV_VAR, what: str = "the new store") -> str:
    """A new passphrase, typed twice on a terminal."""
    given = from_env(env_var)
    if given is not None:
        return _checked(given)
    if not on_terminal():
        plain = " (or give --plain for an unencrypted store)" if what == "the new store" else ""
        raise BadInput(
            f"no passphrase for {what} {path}: set {env_var}, or run on a terminal to be "
            f"asked{plain}"
        )
    first = _checked(getpass.getpass(f"Choose a passphrase for {what} {path}: "))
    if getpass.getpass("Type it again: ") != first:
        raise BadInput("the two passphrases differ; nothing was changed")
    return first


def _checked(passphrase: str) -> str:
    try:
        return check_passphrase(passphrase)
    except BadStore as exc:  # the store's rule, shown as bad input
        raise BadInput(str(exc)) from None


def confirm(question: str) -> bool:
    """y/N on a terminal; never assumed yes."""
    if not on_terminal():
        return False
    return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")
