"""The footer of keys, built again only when the keys it would show have changed.

Textual's Footer throws its keys away and builds them again whenever the screen's
bindings may have changed: every change of focus, every screen shown again, every
refresh of the bindings. Each rebuild mounts a widget per key and styles each twice.
Opening the review-recording form rebuilt it about ten times with the same keys, a tenth
of its opening time; moving between a form's boxes rebuilt it on every Tab. This footer
works out what it would show (each key, its label, whether it is enabled, its tooltip,
its group) and rebuilds only when that differs from what it shows.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.screen import Screen
from textual.widgets import Footer


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
        self._built_from = shown
        await self.recompose()
