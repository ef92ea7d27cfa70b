"""The footer of keys, built again only when the keys it would show have changed.

Textual's Footer throws its keys away and builds them again whenever the screen's
bindings may have changed: every change of focus, every screen shown again, every
refresh of the bindings. Each rebuild mounts a widget per key and styles each twice.
Opening the review-recording form rebuilt it about ten times with the same keys, a tenth
of its opening time; moving between a form's boxes rebuilt it on every Tab. This footer
works out what it would show (each key, its label, whether it is enabled, its tooltip,
its group) and rebuilds only when that differs from what it shows.

At 80 columns a screen's own keys come first: the keys every screen has (a note on any
child, quit) give way when they would run past the right edge, where they were cut off
and squeezed the palette's key ("^p pal ette"). F1 and the palette still list them.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# The actions whose keys give way first, in this order, when the footer is too narrow.
# (The app's own, bound on the app: iro_tui/app.py.)
GIVE_WAY = ("quick_note", "quit")


class SteadyFooter(Footer):
    # What the keys on show were built from (None: nothing built yet).
    _built_from: Hashable = None

    def _keys_to_show(self) -> Hashable:
        """Everything Footer.compose reads to build its keys, in its order."""
        app = self.app
        palette = app.COMMAND_PALETTE_BINDING if self.show_command_palette else None
        return (
            self.compact,
            palette if app.ENABLE_COMMAND_PALETTE else None,
            tuple(
                (
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    binding.group,
                    binding.tooltip,
                    enabled,
                    tooltip,
                )
                for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
                if binding.show or key == palette
            ),
        )

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        if not self.is_attached:
            return
        shown = self._keys_to_show()
        if shown == self._built_from:
            return
        built = self._built_from
        self._built_from = shown
        if not self._relabel(built, shown):
            await self.recompose()
        self._widths = {}
        self.call_after_refresh(self._make_room)

    def _relabel(self, built: Hashable, shown: Hashable) -> bool:
        """Give the keys on show their new keys and labels in place, when only those
        have changed: the same number of keys, no group, one key an action. Each of the
        child's tabs shows its own keys, and building them again (a widget mounted and
        styled per key) was two-fifths of a tab's change (issue 12). False: rebuild."""
        if not isinstance(built, tuple) or not isinstance(shown, tuple):
            return False
        if built[:2] != shown[:2] or len(built[2]) != len(shown[2]):
            return False
        palette = shown[1]
        new = [k for k in shown[2] if k[0] != palette]
        actions = [k[3] for k in new]
        if any(k[4] is not None for k in new) or len(set(actions)) != len(actions):
            return False
        keys = [k for k in self.query(FooterKey) if not k.has_class("-command-palette")]
        if len(keys) != len(new):
            return False
        for widget, (key, display, description, action, _group, _tip, enabled, tip) in zip(
            keys, new, strict=True
        ):
            widget.key, widget.key_display = key, display
            widget.description, widget.action = description, action
            widget._disabled = not enabled
            widget.set_class(not enabled, "-disabled")
            widget.tooltip = tip or None
            widget.display = True
            widget.refresh(layout=True)
        return True

    # Each key's width with its margin, measured once laid out (a key's width does not
    # change with the terminal's).
    _widths: dict[FooterKey, int] = {}

    def on_resize(self, _event: Resize) -> None:
        self.call_after_refresh(self._make_room)

    def _make_room(self) -> None:
        """Hide the keys that give way, in turn, until the rest fit; show them again when
        there is room."""
        if not self.is_attached:
            return
        keys = list(self.query(FooterKey))
        if not self._widths:
            if any(not k.display for k in keys) or any(k.size.width == 0 for k in keys):
                return
            self._widths = {k: k.outer_size.width + k.styles.margin.width for k in keys}
        palette = [k for k in keys if k.has_class("-command-palette")]
        room = self.size.width - sum(self._widths.get(k, 0) for k in palette)
        rest = [k for k in keys if k not in palette]
        needed = sum(self._widths.get(k, 0) for k in rest)
        hidden = set()
        for action in GIVE_WAY:
            if needed <= room:
                break
            for k in rest:
                if k.action.removeprefix("app.") == action and k not in hidden:
                    hidden.add(k)
                    needed -= self._widths.get(k, 0)
        for k in rest:
            if k.display == (k in hidden):
                k.display = k not in hidden
