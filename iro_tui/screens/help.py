"""F1: help for the screen the user is on.

The screen's own words (its HELP text) come first; then every key that works on it
right now, read from Textual's active bindings, so the list can never fall out of
step with the code (a key added, renamed or disabled shows here at once).
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def keys_on(screen: Screen) -> str:
    """A Markdown table of the keys active on `screen`: the screen's and the app's
    own bindings (a focused widget's cursor keys are left to the screen's text)."""
    app = screen.app
    rows = []
    for key, active in screen.active_bindings.items():
        if not isinstance(active.node, (Screen, App)) or not active.binding.description:
            continue
        shown = app.get_key_display(active.binding)
        what = active.binding.description
        if active.tooltip and active.tooltip != what:
            what += f": {active.tooltip}"
        if not active.enabled:
            what += " (not available here just now)"
        rows.append((shown or key, what, active.binding.id or ""))
    if not rows:
        return ""
    lines = [
        "## Every key on this screen",
        "",
        "*name*: to choose your own key, Settings (`o` on the diary), *Your own keys*.",
        "",
        "| key | does | name |",
        "|---|---|---|",
    ]
    lines += [f"| {_cell(shown)} | {_cell(what)} | {name} |" for shown, what, name in rows]
    return "\n".join(lines)


def binding_names(app_class: type[App]) -> set[str]:
    """Every binding's name (its id) in the app and its screens, for the keymap setting."""
    import importlib
    import pkgutil

    import iro_tui.screens

    for module in pkgutil.iter_modules(iro_tui.screens.__path__):
        importlib.import_module(f"iro_tui.screens.{module.name}")
    names: set[str] = set()
    pending: list[type] = [Screen, app_class]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        for binding in getattr(cls, "BINDINGS", []):
            if isinstance(binding, Binding) and binding.id:
                names.add(binding.id)
    return names


def help_text(screen: Screen) -> str:
    own = getattr(screen, "HELP", None) or ""
    return "\n\n".join(part for part in (own, keys_on(screen)) if part) or "No help here yet."


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="help.close", tooltip="Close help"),
    ]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown(self.text)
