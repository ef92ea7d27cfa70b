"""Mixed into the App: the idle lock, opening the store behind a passphrase screen,
and backups on open and daily. Kept out of app.py so the App stays small."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from textual import events, work

from iro_tui.app_base import KeepsADraft, StoreOwner
from iro_tui.idle import IdleWatch, idle_minutes_setting
from iro_tui.store.store import Store

IDLE_CHECK_SECONDS = 10.0
BACKUP_CHECK_SECONDS = 3600.0  # daily backups: checked hourly while the app is open
# Actions that stay usable while locked: everything else (the palette, F5, F1 ...)
# would show or change what the lock hides.
WHILE_LOCKED = frozenset({"unlock", "leave", "quit", "help"})


class Locking(StoreOwner):
    """The App's side of the lock. Expects `store`, `clock`, `idle_now` and
    `make_backups` on the App."""

    # Set by IroApp.__init__ (declared here, not assigned).
    idle_now: Callable[[], float]
    make_backups: bool

    idle: IdleWatch | None = None

    def start_guarded(self, show_first: Callable[[], None]) -> None:
        """Open the store (asking for its passphrase first if needed), then show the
        first screen."""
        gate: tuple[str, Path] | None = getattr(self, "store_gate", None)
        if self.store is not None or gate is None:
            self._store_ready(show_first)
            return
        kind, path = gate

        def opened(store: object) -> None:
            if store is None:
                self.exit()
                return
            # The screens' result type says only `object | None`; it is a Store.
            if not isinstance(store, Store):
                raise TypeError(f"the passphrase screen gave {store!r}, not a store")
            self.store = store
            self._store_ready(show_first)

        from iro_tui.screens.lock import CreateStoreScreen, UnlockScreen

        screen = CreateStoreScreen(path) if kind == "missing" else UnlockScreen(path)
        self.push_screen(screen, opened)

    def _store_ready(self, show_first: Callable[[], None]) -> None:
        self.idle = IdleWatch(
            idle_minutes_setting(self.opened_store().get_setting("idle_lock_minutes")),
            self.idle_now,
        )
        self.set_interval(IDLE_CHECK_SECONDS, self.lock_if_idle)
        if self.make_backups:
            self.backup_if_due(on_open=True)
            self.set_interval(BACKUP_CHECK_SECONDS, self.backup_if_due)
        show_first()

    @property
    def locked(self) -> bool:
        from iro_tui.screens.lock import CreateStoreScreen, LockScreen, UnlockScreen

        return self.store is None or isinstance(
            self.screen, LockScreen | UnlockScreen | CreateStoreScreen
        )

    async def on_event(self, event: events.Event) -> None:
        if self.idle is not None and isinstance(event, events.Key | events.MouseDown):
            self.idle.touch()
        await super().on_event(event)

    def lock_if_idle(self) -> None:
        """Lock when idle too long (called on a timer; tests call it after moving the
        injected clock on)."""
        if self.idle is None or self.locked or not self.idle.due():
            return
        self.lock()

    def lock(self) -> None:
        from iro_tui.screens.lock import LockScreen

        # Drafts first, as on quit: a review being recorded keeps its last keys.
        for screen in self.screen_stack:
            if isinstance(screen, KeepsADraft):
                screen.autosave()
        store = self.opened_store()
        encrypted = store.passphrase is not None

        def unlocked(_: None) -> None:
            if self.idle is not None:
                self.idle.touch()

        self.push_screen(LockScreen(Path(store.path), encrypted), unlocked)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.locked and action not in WHILE_LOCKED:
            return False
        return super().check_action(action, parameters)

    def backup_if_due(self, on_open: bool = False) -> None:
        from iro_tui.store.backup import backup_due

        if on_open or backup_due(self.opened_store().path, self.clock.today()):
            self._backup()

    @work(thread=True, exclusive=True, exit_on_error=False, group="backup")
    def _backup(self) -> None:
        from iro_tui.errors import IroError
        from iro_tui.store.backup import make_backup

        try:
            make_backup(self.opened_store(), datetime.now())
        except IroError as exc:
            # Says where and why (a full disk, a read-only folder), never what is in it.
            self.call_from_thread(
                self.notify, str(exc), title="Backup not made", severity="warning", timeout=10
            )
