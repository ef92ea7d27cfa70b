"""What the App's mixins (locking.py, navigation.py) share: the store the App owns,
which is open once the passphrase screen has done its work, and the clock."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from textual.app import App

    from iro_tui.domain.clock import Clock
    from iro_tui.store.store import Store

    # For mypy, a mixin is the App it is mixed into (super() calls, screens, timers);
    # at run time it is a plain class, and IroApp lists App after the mixins.
    _AppBase = App[None]
else:
    _AppBase = object


class StoreOwner(_AppBase):
    """The App's store and clock, as the mixins see them."""

    # Set by IroApp.__init__ (declared here, not assigned). `store` is None until the
    # passphrase screen has opened it (locking.py).
    store: Store | None
    clock: Clock

    def opened_store(self) -> Store:
        """The store, once open: the screens and the verbs run only after the
        passphrase screen, so None here is a mistake in the code, not the user's."""
        if self.store is None:
            raise RuntimeError("the store is not open yet")
        return self.store


@runtime_checkable
class KeepsADraft(Protocol):
    """A screen that saves a draft as it goes (the review being recorded): flushed
    before quitting or locking, and `draft_problem` says why the store last refused it
    ("" if it did not)."""

    draft_problem: str

    def autosave(self) -> bool: ...
