"""The settings screen: who the IRO is, how to reach them, the authority and the rules.

The same settings as `iro-tui config get/set` (domain/settings.py checks both), saved
in one transaction; the store's audit trail keeps every change.
"""

from __future__ import annotations

from iro_tui.domain.fields import FieldProblem
from iro_tui.domain.settings import SETTINGS, check_setting
from iro_tui.screens.help import keymap_problem
from iro_tui.store import Store
from iro_tui.widgets.form import FormField, FormModal

HELP = """\
# Settings

What the app needs to know about you and your authority. The command line reads
and writes the same settings: `iro-tui config get KEY` and `iro-tui config set KEY VALUE`.

| setting | used for |
|---|---|
| Your name, phone, email | signing letters to children, and how they reach you |
| Authority | the head of the annual report |
| ONS code | the authority's code, a letter and eight digits (E09000001) |
| Rulebook | England (CPPCR 2010 reg 33) or Jersey (IRO Handbook 2013 3.23) deadlines |
| Idle lock | minutes without a key before the screen locks (0 never, up to 1440; 5 by default) |
| DRP ladder | your authority's formal dispute stages and their working days |
| Calendar names | full names in .ics exports, or initials and ID only (the default) |
| Your own keys | a key's name from F1 and the key you want, like `diary.refresh=f9` |

- **Tab** next box · **F2** save · **Esc** close without saving (asks if you changed anything).
- A box left empty goes back to its default (or to not set).
- Anything refused is explained next to its box, and nothing is saved until all is right.
"""


def _fields() -> list[FormField]:
    fields = []
    for s in SETTINGS:
        if s.choices:
            fields.append(
                FormField(s.key, s.label, "select", [(c, c) for c in s.choices], hint=s.hint)
            )
        else:
            fields.append(FormField(s.key, s.label, hint=s.hint, placeholder=s.default or ""))
    return fields


class SettingsForm(FormModal[int]):
    """A form of every setting; returns how many changed."""

    HELP = HELP

    def __init__(self, store: Store) -> None:
        self.store = store
        current = {s.key: store.get_setting(s.key) for s in SETTINGS}
        super().__init__(
            "Settings",
            _fields(),
            self._save,
            current,
            intro="Used in letters to children, the annual report and the deadlines. "
            "F1 explains each one.",
        )

    def _save(self, values: dict) -> int:
        problems: dict[str, str] = {}
        changes: dict[str, str | None] = {}
        for s in SETTINGS:
            typed = values[s.key]
            current = self.store.get_setting(s.key)
            if typed is None:
                value = None
            else:
                try:
                    value = check_setting(s.key, typed)
                except FieldProblem as problem:
                    problems[s.key] = problem.message
                    continue
                if s.key == "keymap" and (wrong := keymap_problem(type(self.app), value)):
                    problems[s.key] = wrong  # a key that would bind nothing, silently
                    continue
            if value != current and not (value is None and current == s.default):
                changes[s.key] = value
        if problems:
            raise _Problems(problems)
        self.store.set_settings(changes)
        return len(changes)

    def action_save(self) -> None:
        # Every refused box at once, each with its reason (not just the first).
        try:
            super().action_save()
        except _Problems as problems:
            self.show_problems(problems.by_field)


class _Problems(Exception):
    def __init__(self, by_field: dict[str, str]) -> None:
        super().__init__("settings refused")
        self.by_field = by_field
