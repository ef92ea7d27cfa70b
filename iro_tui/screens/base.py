"""The base of the caseload's screens: `self.app` typed as the IroApp it is, and the
store it has open."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from textual import getters

    from iro_tui.app import IroApp
    from iro_tui.store.store import Store


class IroScreen(Screen[None]):
    """A screen shown once the store is open (after the passphrase screen)."""

    if TYPE_CHECKING:
        # Textual's way to type `app` as the App subclass (textual.getters.app), for
        # mypy only: app.py imports the screens, so this module cannot import IroApp
        # at run time, where `app` stays Textual's own property.
        app = getters.app(IroApp)

    @property
    def store(self) -> Store:
        """The open store (raises if it were not open: a mistake in the code)."""
        return self.app.opened_store()
