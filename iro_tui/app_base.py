"""What the App's mixins (locking.py, navigation.py, form_opening.py) share: the store
the App owns, which is open once the passphrase screen has done its work, and the clock."""

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

    def apply_settings(self) -> None:
        """Settings just saved on the settings screen, in force at once rather than at
        the next opening (locking.py adds the idle lock)."""
        self.apply_keymap()

    def apply_keymap(self) -> None:
        """The IRO's own keys (setting `keymap`, names as F1 shows them). A name that
        is no key's is said once, after the diary shows; the rest still apply."""
        from iro_tui.domain.settings import parse_keymap

        text = self.store.get_setting("keymap") if self.store else None
        mapping = parse_keymap(text) if text else {}
        self.set_keymap(mapping)
        if mapping:
            self.call_after_refresh(self._say_unknown_keys, set(mapping))

    def _say_unknown_keys(self, names: set[str]) -> None:
        from iro_tui.screens.help import binding_names

        unknown = sorted(names - binding_names(type(self)))
        if unknown:
            self.notify(
                f"Your keys: {', '.join(unknown)} is not the name of a key (F1 lists them); "
                "the others apply.",
                severity="warning",
                timeout=10,
            )


@runtime_checkable
class KeepsADraft(Protocol):
    """A screen that saves a draft as it goes (the review being recorded): flushed
    before quitting or locking, and `draft_problem` says why the store last refused it
    ("" if it did not)."""

    draft_problem: str

    def autosave(self) -> bool: ...

    def keep_now(self) -> bool: ...

    def unsaved_text(self) -> str | None: ...
