"""Screens that stand between a passer-by and the caseload.

- `LockScreen`: after `idle_lock_minutes` without a key (see iro_tui/idle.py). It is a
  full Screen, not a modal, so nothing of the screens below shows through; they stay
  on the stack as they were, with whatever was typed in them.
- `UnlockScreen`: on start, the passphrase of an encrypted store, before the diary.
- `CreateStoreScreen`: on start with no store yet: create one, and choose its
  passphrase (typed twice).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from iro_tui.errors import IroError
from iro_tui.widgets.footer import SteadyFooter
from iro_tui.widgets.typing_ahead import TYPING_AHEAD

if TYPE_CHECKING:
    from iro_tui.store.store import Store

_CSS = """
LockScreen, UnlockScreen, CreateStoreScreen { align: center middle; background: $background; }
#lock-box { width: 72; height: auto; border: round $primary; padding: 1 2; }
#lock-box Input { margin-top: 1; }
.lock-error { color: $error; height: auto; }
"""


class LockScreen(Screen[None]):
    """The idle lock. An encrypted store asks for its passphrase; a plain one has
    none to ask, so Enter unlocks (and the screen says the store is not encrypted)."""

    DEFAULT_CSS = _CSS
    AUTO_FOCUS = "#lock-passphrase"
    BINDINGS = [
        Binding("enter", "unlock", "Unlock", id="lock.unlock", tooltip="Unlock iro-tui"),
    ]
    HELP = "iro-tui locked itself after a while without a key. Unlock to carry on."

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.encrypted = store.passphrase is not None

    def compose(self) -> ComposeResult:
        with Vertical(id="lock-box"):
            yield Static("[b]iro-tui is locked[/b]")
            if self.encrypted:
                yield Static("Type the store's passphrase to carry on where you were.")
                yield Input(password=True, id="lock-passphrase", placeholder="passphrase")
            else:
                yield Static(
                    "This store is not encrypted, so there is no passphrase to ask: "
                    "press Enter to carry on where you were. (`iro-tui encrypt` "
                    "protects it with a passphrase.)"
                )
            yield Static("", id="lock-error", classes="lock-error")
        yield SteadyFooter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_unlock()

    def action_unlock(self) -> None:
        if self.encrypted:
            from iro_tui.store.crypto import unlocks

            field = self.query_one("#lock-passphrase", Input)
            if not field.value:
                self.query_one("#lock-error", Static).update(
                    "Type the passphrase, then press Enter."
                )
                return
            try:
                opens = unlocks(self.store, field.value)
            except IroError as exc:  # the store cannot be read to tell: said as it is
                field.value = ""
                self.query_one("#lock-error", Static).update(Text(str(exc)))
                return
            if not opens:
                field.value = ""
                self.query_one("#lock-error", Static).update(
                    "That passphrase does not open the store. Try again."
                )
                return
        self.dismiss(None)


class UnlockScreen(Screen["object | None"]):
    """On start: the passphrase of an encrypted store. Dismisses with the open Store."""

    DEFAULT_CSS = _CSS
    AUTO_FOCUS = "#lock-passphrase"
    BINDINGS = [
        Binding("escape", "leave", "Quit", id="unlock.quit", tooltip="Leave iro-tui"),
    ]
    HELP = "The store is encrypted: type its passphrase to open it."

    def __init__(self, store_path: Path) -> None:
        super().__init__()
        self.store_path = store_path

    def compose(self) -> ComposeResult:
        with Vertical(id="lock-box"):
            yield Static(Text.assemble(("Open the store ", "bold"), str(self.store_path)))
            yield Static("It is encrypted: type its passphrase.")
            yield Input(password=True, id="lock-passphrase", placeholder="passphrase")
            yield Static("", id="lock-error", classes="lock-error")
        yield SteadyFooter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        from iro_tui.store import open_store

        try:
            # Checked whole after the diary shows (locking.py), not before.
            store = open_store(self.store_path, event.value, defer_check=True)
        except IroError as exc:
            event.input.value = ""
            self.query_one("#lock-error", Static).update(Text(str(exc)))  # never markup
            return
        self.dismiss(store)

    def action_leave(self) -> None:
        self.dismiss(None)


class CreateStoreScreen(Screen["object | None"]):
    """On start with no store: ask before creating one, then its passphrase, twice."""

    DEFAULT_CSS = _CSS
    AUTO_FOCUS = "#lock-passphrase"
    BINDINGS = [
        *TYPING_AHEAD,  # the passphrase and its repeat typed ahead went into one box
        Binding("escape", "leave", "Quit", id="create.quit", tooltip="Leave without a store"),
    ]
    HELP = (
        "There is no store here yet. Choose a passphrase (at least 8 characters) to create "
        "an encrypted one; it cannot be recovered if forgotten, so keep it safe."
    )

    def __init__(self, store_path: Path) -> None:
        super().__init__()
        self.store_path = store_path

    def compose(self) -> ComposeResult:
        with Vertical(id="lock-box"):
            yield Static(Text.assemble(("No store at ", "bold"), f"{self.store_path}."))
            yield Static(
                "Create one? Choose a passphrase to encrypt it (at least 8 characters), "
                "then type it again. Escape leaves without creating anything."
            )
            yield Input(password=True, id="lock-passphrase", placeholder="passphrase")
            yield Input(password=True, id="lock-again", placeholder="the same again")
            yield Static("", id="lock-error", classes="lock-error")
        yield SteadyFooter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "lock-passphrase":
            self.query_one("#lock-again", Input).focus()
            return
        first = self.query_one("#lock-passphrase", Input)
        again = self.query_one("#lock-again", Input)
        error = self.query_one("#lock-error", Static)
        if first.value != again.value:
            again.value = ""
            error.update("The two passphrases differ: type the second one again.")
            return
        from iro_tui.store import open_store
        from iro_tui.store.crypto import check_passphrase

        try:
            check_passphrase(first.value)
            store = open_store(self.store_path, first.value)
        except IroError as exc:
            first.value = again.value = ""
            first.focus()
            error.update(Text(str(exc)))  # it may quote a path: never markup
            return
        self.dismiss(store)

    def action_leave(self) -> None:
        self.dismiss(None)
