"""The base of the caseload's screens: `self.app` typed as the IroApp it is, and the
store it has open."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.screen import Screen

from iro_tui.letting_go import let_go_of_closed_screens

if TYPE_CHECKING:
    from textual import getters

    from iro_tui.app import IroApp
    from iro_tui.screens.requests import FormRequested
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

    _resumed = False  # shown at least once

    def on_form_requested(self, message: FormRequested) -> None:
        """Say which screen asked, as the request bubbles to the App (form_opening.py):
        one asked from a screen a form has covered since is not opened."""
        message.origin = self

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Pushed, a screen is told to work out the styles of every widget on it again,
        # though each was styled as it was mounted, just before (and every change of
        # class or focus since restyled its own): on the recording form's 140 widgets
        # that was a seventh of opening it. The first showing skips it; later ones (a
        # theme changed while the screen was covered) keep Textual's way. Textual calls
        # each class's own handler in turn, this one before Screen's: no super() here.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False
        # Back from another screen (or shown over one): the one closed lets go of the App
        # (letting_go.py), once it has been taken off, after this screen is drawn.
        self.app.call_after_refresh(let_go_of_closed_screens, self.app)
