"""Mixed into the App: opening the diary, the first screen. A kept frame of it is
painted before the store opens (screens/diary_frame.py); once the store is open
(locking.py, behind a passphrase if it has one) the diary is worked out, the IRO's own
keys applied, and the command line's app settles its memory and loads the screens
opened next (memory.py, warm_up.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from iro_tui.app_base import StoreOwner
from iro_tui.screens.diary import DiaryScreen

if TYPE_CHECKING:
    from collections.abc import Callable

    from iro_tui.screens.diary_frame import FirstFrame
    from iro_tui.store import Store


class OpensTheDiary(StoreOwner):
    # Set by IroApp.__init__ (declared here, not assigned).
    first_frame: FirstFrame | None
    open_read_only: bool
    settle_memory: bool
    warmed_up: bool

    if TYPE_CHECKING:

        def start_guarded(self, show_first: Callable[[], None]) -> None:
            """locking.py: open the store (behind its passphrase), then show_first()."""

    def open_diary(self) -> None:
        """The diary: its kept frame at once when there is one and the store is not open
        yet, its footer naming the IRO's own keys as kept with it; then the store."""
        if self.first_frame is not None and self.store is None:
            self.set_keymap(self.first_frame.keymap_mapping())
            self.push_screen(DiaryScreen(first_frame=self.first_frame))
        self.start_guarded(self._show_diary)

    def _show_diary(self) -> None:
        store = self.opened_store()
        if self.open_read_only and not store.read_only:
            from iro_tui.store.session_lock import make_read_only

            make_read_only(store)  # the store was opened behind the passphrase screen
        self.apply_keymap()
        if self.settle_memory:
            from iro_tui.memory import hold_collector_until_first_paint

            # Held since the process started, or (behind the passphrase) from now.
            hold_collector_until_first_paint()
        diary = self.screen if isinstance(self.screen, DiaryScreen) else None
        if diary is not None and diary.first_frame is not None:
            diary.action_refresh()  # its first frame has painted: now worked out
        else:
            self._push_diary(store)
        if self.settle_memory:
            from iro_tui.memory import settle_after_first_paint
            from iro_tui.warm_up import warm_up

            self.call_after_refresh(settle_after_first_paint)
            self.call_after_refresh(warm_up, self.set_timer, done=self._warmed_up)
        if store.read_only:
            self.title = "iro-tui (read-only)"
            self.notify(
                f"Read-only: {store.why_read_only}. Nothing can be saved "
                "here (exports are still written).",
                severity="warning",
                timeout=15,
            )
        else:
            from iro_tui.store.room import low_on_room

            # A crash leaves SQLite's index beside the store, so a store on a full disk
            # may open as ever, and refuse its first save: said now, not then.
            if low := low_on_room(store.path):
                self.notify(low, severity="warning", timeout=15)
        if store.audit_repairs:
            self.notify(
                f"The audit trail was repaired on open: {'; '.join(store.audit_repairs)} "
                "(recreated).",
                severity="warning",
                timeout=15,
            )

    def _push_diary(self, store: Store) -> None:
        """The diary: drawn at once from the frame kept for today if there is one (the
        store just opened behind the passphrase screen), and worked out straight after."""
        from iro_tui.screens.diary_frame import first_frame
        from iro_tui.store.diary_frames import read_frame

        frame = first_frame(read_frame(store.conn, self.clock.today()))
        diary = DiaryScreen(first_frame=frame)
        self.push_screen(diary)
        if frame is not None:
            self.call_after_refresh(diary.action_refresh)

    def _warmed_up(self) -> None:
        from iro_tui.memory import settle_after_warm_up

        settle_after_warm_up()
        self.warmed_up = True
