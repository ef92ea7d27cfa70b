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


MODIFIERS = ("ctrl", "shift", "alt", "super", "meta")


def is_key(key: str) -> bool:
    """Whether a terminal can send `key` as Textual names it: x, 5, f9, ctrl+g, pageup,
    slash, question_mark. A name Textual does not know binds nothing, silently."""
    from textual.keys import KEY_NAME_REPLACEMENTS, Keys, key_to_character

    *modifiers, base = key.split("+")
    if not base or any(modifier not in MODIFIERS for modifier in modifiers):
        return False
    if len(base) == 1:
        return True
    named = {k.value.split("+")[-1] for k in Keys if not k.value.startswith("<")}
    return (
        base in named
        or base in KEY_NAME_REPLACEMENTS.values()
        or key_to_character(base) is not None
    )


def keymap_problem(app_class: type[App], keymap: str) -> str | None:
    """What is wrong with the IRO's own keys (already name=key pairs: parse_keymap), in
    plain words, or None. Names F1 does not list, then keys no terminal sends."""
    from iro_tui.domain.settings import parse_keymap

    mapping = parse_keymap(keymap)
    known = binding_names(app_class)
    unknown = [name for name in mapping if name not in known]
    if unknown:
        return (
            f"{', '.join(repr(n) for n in unknown)} "
            f"{'is not the name of a key' if len(unknown) == 1 else 'are not names of keys'}"
            ": F1 in the app lists them, like caseload.filter"
        )
    bad = [f"'{key}' (for {name})" for name, key in mapping.items() if not is_key(key)]
    if bad:
        return (
            f"{', '.join(bad)} {'is not a key' if len(bad) == 1 else 'are not keys'}: "
            "a letter or digit, f1-f24, a name like pageup or slash, with ctrl+ or alt+ "
            "before it if you like"
        )
    return None


IN_A_LIST = (
    "In a list: ↑ ↓ move, PageUp and PageDown a screen at a time, Home and End the "
    "first and the last row."
)


def help_text(screen: Screen) -> str:
    from textual.widgets import DataTable

    own = getattr(screen, "HELP", None) or ""
    lists = IN_A_LIST if screen.query(DataTable) else ""
    return "\n\n".join(part for part in (own, lists, keys_on(screen)) if part) or (
        "No help here yet."
    )


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
