"""Mixed into the App: the idle lock, opening the store behind a passphrase screen,
and backups on open and daily. Kept out of app.py so the App stays small."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.timer import Timer

from iro_tui.app_base import KeepsADraft, StoreOwner
from iro_tui.idle import IdleWatch, idle_minutes_setting
from iro_tui.letting_go import lets_go_when_done

if TYPE_CHECKING:
    from iro_tui.store.connect import IntegrityCheck

IDLE_CHECK_SECONDS = 10.0
BACKUP_CHECK_SECONDS = 3600.0  # daily backups: checked hourly while the app is open
# Actions that stay usable while locked: everything else (the palette, F5, F1 ...)
# would show or change what the lock hides. Tab and shift+Tab move between the lock
# screen's own boxes (a creating store's passphrase, typed twice).
WHILE_LOCKED = frozenset({"unlock", "leave", "quit", "help", "focus_next", "focus_previous"})
# Why the session is read-only when the integrity check fails (said on each refused write).
NOT_CHECKED = "the store failed its integrity check when it was opened"


class Locking(StoreOwner):
    """The App's side of the lock. Expects `store`, `clock`, `idle_now` and
    `make_backups` on the App."""

    # Set by IroApp.__init__ (declared here, not assigned).
    idle_now: Callable[[], float]
    make_backups: bool

    idle: IdleWatch | None = None
    integrity_check: IntegrityCheck | None = None  # under way in a worker, or done

    def start_guarded(self, show_first: Callable[[], None]) -> None:
        """Open the store (asking for its passphrase first if needed), then show the
        first screen."""
        gate: tuple[str, Path] | None = getattr(self, "store_gate", None)
        if self.store is not None or gate is None:
            self._store_ready(show_first)
            return
        kind, path = gate
        if kind == "plain":
            # A plain store whose diary was kept from the last opening: the app has
            # painted that frame (app.py), and opens the store straight after it.
            self.keys_waiting = []
            self.call_after_refresh(self._open_behind_first_frame, path, show_first)
            return

        def opened(store: object) -> None:
            from iro_tui.store.store import Store

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

    # Keys pressed while the store opens behind the diary's first frame: answered once
    # it is open, in order (a key then could reach an action that needs the store).
    keys_waiting: list[events.Key] | None = None

    def _open_behind_first_frame(self, path: Path, show_first: Callable[[], None]) -> None:
        from iro_tui.errors import IroError
        from iro_tui.safe_text import plain
        from iro_tui.security_cli import open_cli_store

        try:
            self.store = open_cli_store(path, for_app=True)
        except IroError as error:
            # As the command line says it when it opens the store before the app.
            self.exit(return_code=2, message="iro-tui: " + " ".join(plain(str(error)).split()))
            return
        waiting, self.keys_waiting = self.keys_waiting or [], None
        self._store_ready(show_first)
        for key in waiting:
            self.post_message(events.Key(key.key, key.character))

    def _store_ready(self, show_first: Callable[[], None]) -> None:
        store = self.opened_store()
        self.idle = IdleWatch(
            idle_minutes_setting(store.get_setting("idle_lock_minutes")), self.idle_now
        )
        self.set_interval(IDLE_CHECK_SECONDS, self.lock_if_idle)
        if store.held_alone:
            self._room_watch = self.set_interval(IDLE_CHECK_SECONDS, self.say_if_room_again)
        show_first()
        if store.checked:
            self._start_backups()
        else:
            # The integrity check reads the whole store (seconds on a whole
            # authority): after the first paint, in a worker; the backups wait for it.
            self.call_after_refresh(self._check_store)

    _room_watch: Timer | None = None

    def say_if_room_again(self) -> None:
        """On a store opened on a full disk (held alone, read-only until it is opened
        again): said once, when space has been freed, so the IRO need not guess when."""
        from iro_tui.store.room import disk_is_full

        if self._room_watch is None or disk_is_full(self.opened_store().path):
            return
        self._room_watch.stop()
        self._room_watch = None
        self.notify(
            "There is room on the disk again: quit (q) and open iro-tui again to save.",
            title="Room again",
            timeout=30,
        )

    def _start_backups(self) -> None:
        # Not on a full disk (a store held alone, connect.py): no room for a backup, and
        # the IRO has been told the disk is full.
        if self.make_backups and not self.opened_store().held_alone:
            self.backup_if_due(on_open=True)
            self.set_interval(BACKUP_CHECK_SECONDS, self.backup_if_due)

    # An unexpected failure is explained by the app in a modal, which then treats the
    # store as failing the check (app.on_worker_state_changed).
    @work(thread=True, exclusive=True, exit_on_error=False, group="integrity")
    @lets_go_when_done
    def _check_store(self) -> None:
        """SQLite's integrity check, on a connection of its own (never the app's,
        which the screens use meanwhile)."""
        from iro_tui.errors import BadStore, StoreDamaged
        from iro_tui.store.connect import IntegrityCheck

        store = self.opened_store()
        check = self.integrity_check = IntegrityCheck(store.path, store.passphrase)
        try:
            check.run()
        except BadStore as exc:
            if check.stopped:
                return  # the app is quitting
            from iro_tui.diagnostics import log_fault

            log_fault(exc)  # for support: where, never the message (it names the store)
            title = (
                "The store is damaged"
                if isinstance(exc, StoreDamaged)
                else "The store could not be checked"
            )
            self.call_from_thread(self.stop_writing, title, str(exc))
            return
        self.call_from_thread(self._store_passed_check)

    def _store_passed_check(self) -> None:
        self.opened_store().checked = True
        self._start_backups()

    def stop_writing(self, title: str = "", problem: str = "") -> None:
        """The store is damaged, or could not be checked: nothing more is written to
        it this session and no backup is made (a damaged store must never be backed
        up over good backups). Says so in a modal, unless there is no `problem` (an
        unexpected failure, which the app has explained already)."""
        from iro_tui.store.session_lock import make_read_only

        make_read_only(self.opened_store(), NOT_CHECKED)
        self.title = "iro-tui (read-only: the store failed its check)"
        if not problem:
            return
        from iro_tui.widgets.problem import Problem

        self.push_screen(
            Problem(
                title,
                f"{problem[:1].upper()}{problem[1:]}.\n\nSo that nothing is lost, this "
                "iro-tui is now read-only: nothing more is saved in this store, and no "
                "backup is made of it, so the backups you have stay as they are.",
            )
        )

    def stop_checking(self) -> None:
        """On quitting: a check under way is stopped rather than waited for."""
        if self.integrity_check is not None:
            self.integrity_check.stop()

    @property
    def locked(self) -> bool:
        if self.store is None:
            # Behind the diary's first frame the store is opening, not locked: the
            # keys shown are the diary's (and they wait for it: on_event).
            gate: tuple[str, Path] | None = getattr(self, "store_gate", None)
            return gate is None or gate[0] != "plain"
        # Asked on every key's binding check, from the first paint on: screens/lock.py
        # is not imported for it. No lock screen can be showing before that module is
        # loaded, as the lock screens are made only by its classes.
        lock_screens = sys.modules.get("iro_tui.screens.lock")
        if lock_screens is None:
            return False
        kinds = lock_screens.LockScreen | lock_screens.UnlockScreen | lock_screens.CreateStoreScreen
        # Anywhere on the stack, not only on top: help (F1) opened over the lock screen
        # offered the palette, and its places and children went straight past the lock.
        return any(isinstance(screen, kinds) for screen in self.screen_stack)

    async def on_event(self, event: events.Event) -> None:
        if self.keys_waiting is not None and self.store is None:
            if isinstance(event, events.Key):
                self.keys_waiting.append(event)
                return
            if isinstance(event, events.MouseEvent):
                return  # a click on a footer key would reach an action with no store
        if self.idle is not None and isinstance(event, events.Key | events.MouseDown):
            self.idle.touch()
        await super().on_event(event)

    def apply_settings(self) -> None:
        super().apply_settings()
        if self.idle is not None:
            # A shorter lock set before leaving the laptop must not wait for a restart.
            self.idle.minutes = idle_minutes_setting(
                self.opened_store().get_setting("idle_lock_minutes")
            )

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
        # A laptop left locked is often shut down, not quit: the next opening still
        # paints the diary at once.
        self.keep_diary_frames()

        def unlocked(_: None) -> None:
            if self.idle is not None:
                self.idle.touch()

        self.push_screen(LockScreen(self.opened_store()), unlocked)

    def keep_diary_frames(self) -> None:
        """The diary for today and the next days, kept for the next opening to paint at
        once (screens/diary_frame.py). Only a cache: a store that cannot take it now
        (read-only, busy, full) keeps none, and the next opening works the diary out
        before it shows, as it always did."""
        store = self.store
        if store is None or store.read_only or self.locked:
            return
        from iro_tui.errors import IroError
        from iro_tui.screens.diary_frame import keep_frames
        from iro_tui.store.diary_frames import LATER_DAYS_SECONDS, frame_days, later_days

        today = self.clock.today()
        try:
            keep_frames(store, frame_days(today), later_days(today), LATER_DAYS_SECONDS)
        except IroError:
            pass  # the store said no (busy, full): nothing lost, the diary is worked out
        except Exception as error:  # noqa: BLE001 - quitting or locking never stops on a cache
            from iro_tui.diagnostics import log_fault

            log_fault(error)  # where, never the message

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.locked and action not in WHILE_LOCKED:
            return False
        return super().check_action(action, parameters)

    def backup_if_due(self, on_open: bool = False) -> None:
        from iro_tui.store.backup import backup_due

        store = self.opened_store()
        if not store.checked:
            return  # never a backup of a store not known to be whole
        if on_open or backup_due(store.path, self.clock.today()):
            from iro_tui.store.backup import backups_dir
            from iro_tui.store.room import no_room_for_a_backup

            if why := no_room_for_a_backup(store.path, backups_dir(store.path)):
                if not self._said_no_room_for_a_backup:  # hourly checks: said once
                    self._said_no_room_for_a_backup = True
                    self.notify(why, title="Backup not made", severity="warning", timeout=10)
                return
            self._backup()

    _said_no_room_for_a_backup = False

    @work(thread=True, exclusive=True, exit_on_error=False, group="backup")
    @lets_go_when_done
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
