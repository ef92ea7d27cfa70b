"""The command palette (ctrl+p): go anywhere, open any child, by typing."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from iro_tui.safe_text import plain

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from iro_tui.app import IroApp


# The screens' names as the IRO knows them, before each of their keys in the palette.
SCREEN_NAMES = {
    "DiaryScreen": "Diary",
    "CaseloadScreen": "Caseload",
    "ChildScreen": "Child",
    "ChecklistScreen": "Checklist",
    "RecordingScreen": "Recording",
    "MidpointScreen": "Mid-point check",
    "DriftScreen": "Drift tracker",
    "EscalationsScreen": "Escalations",
    "EscalationScreen": "Escalation",
    "ReportScreen": "Annual report",
    "SearchScreen": "Search",
    "DocumentPreview": "Preview",
}


def _own_actions(kind: type) -> set[str]:
    """The actions bound in iro-tui's own classes of a screen or widget, not those it
    inherits from Textual's (a table's cursor keys, an input's editing keys)."""
    found: set[str] = set()
    for cls in kind.__mro__:
        if cls.__module__.startswith("iro_tui."):
            for binding in cls.__dict__.get("BINDINGS", []):
                found.add(binding.action if isinstance(binding, Binding) else binding[1])
    return found


Command = tuple[str, Callable[[], object], str]  # name, what it does, its help line
# The score of a command found by its help line, not its name: after the name's hits.
ALSO_SAID = 0.05


class IroCommands(Provider):
    @property
    def iro_app(self) -> IroApp:
        # The palette runs on IroApp (its COMMANDS). Provider.app says App[object],
        # which IroApp (an App[None]) is not to mypy; app.py imports this module, so
        # the type is named for mypy only.
        return cast("IroApp", self.app)

    def _commands(self) -> list[Command]:
        return [*self._places(), *self._screen_keys(), *self._children()]

    def _places(self) -> list[Command]:
        # Loaded when the palette is first used, not before the diary's first paint.
        from iro_tui.screens.requests import AddAppointment

        app = self.iro_app
        return [
            # The key that does the same, where there is one, ends each line's help.
            ("Go to the diary", app.action_diary, "Everything that is due (Esc back to it)"),
            ("Go to the caseload", app.action_caseload, "Every child (c on the diary)"),
            (
                "Go to the drift tracker",
                app.action_drift,
                "Every open decision across the caseload, drifting first (d on the diary)",
            ),
            (
                "Go to the escalations",
                app.action_escalations,
                "Every open escalation and the stage it is at (E on the diary)",
            ),
            (
                "Search notes, decisions and reviews",
                app.action_search,
                "Find a word across every child's record (/)",
            ),
            (
                "A child comes into care",
                app.action_new_child,
                "Add a child and their episode (n on the diary)",
            ),
            (
                "Write a footprint note",
                app.action_quick_note,
                "A note on any child's record, from anywhere (F5)",
            ),
            (
                "Add an appointment",
                partial(app.open_form, AddAppointment()),
                "A visit, meeting or journey (a on the diary)",
            ),
            (
                "Annual report figures",
                app.action_annual_report,
                "Reviews, participation, decisions, escalations: April to March (R on the diary)",
            ),
            (
                "Settings",
                app.action_settings,
                "Your name and contact, the authority, ONS code, rulebook, idle lock "
                "(o on the diary)",
            ),
            (
                "Export the diary as a calendar (.ics)",
                app.action_export_calendar,
                "For Outlook or any calendar (x on the diary)",
            ),
            (
                "Back up to a memory stick",
                app.action_backup_elsewhere,
                "A copy of the encrypted store off the laptop, in a folder you choose",
            ),
            (
                "Import a 903 return",
                app.action_import_return,
                "The council's SSDA903 CSV files: checked, then imported (i on the diary)",
            ),
            ("Help for this screen", app.action_help, "Every key of the screen you are on (F1)"),
            ("Change the theme", app.action_change_theme, "Colours; remembered for next time"),
            ("Quit", app.action_quit, "Leave iro-tui; everything is saved (q)"),
        ]

    def _children(self) -> list[Command]:
        """Each child to open, and to book a review for while in care."""
        from iro_tui.screens.requests import BookReview

        app = self.iro_app
        found: list[Command] = []
        for case in app.opened_store().load_cases():
            child = case.child
            label = plain(f"{child.display_name} ({child.child_ref})")
            found.append(
                (
                    f"Open {label}",
                    partial(app.open_child, child.child_ref),
                    "The child's whole record",
                )
            )
            if case.looked_after_on(app.clock.today()):
                found.append(
                    (
                        f"Book a review for {label}",
                        partial(app.open_form, BookReview(child.child_ref)),
                        "Book a review",
                    )
                )
        return found

    def _screen_keys(self) -> list[Command]:
        """Every key of the screen the palette was opened on, footer or not, as
        "Screen: what it does (key)": a key left off a narrow footer is found here by
        its name (Skip stage, Delete an appointment, Refresh), as F1 lists it."""
        app, screen = self.app, self.screen
        kind = type(screen).__name__
        where = SCREEN_NAMES.get(kind, kind.removesuffix("Screen"))
        # The app's actions listed among the places, each saying its key: a screen's key
        # for one of them (the diary's d, E, R...) is not listed twice.
        places = {getattr(command, "__name__", "") for _, command, _ in self._places()}
        found: list[Command] = []
        seen: set[str] = set()
        blocked_by_typing = getattr(screen, "typing_blocks", lambda action: False)
        for node, binding, enabled, tooltip in [
            *screen.active_bindings.values(),
            *self._typing_keys(blocked_by_typing),
        ]:
            action = binding.action
            # The screen's own keys and its own widgets' (the caseload list's Sort): not
            # Textual's widgets' (cursor and editing keys), nor the app's (listed above).
            if (
                node is app
                or action not in _own_actions(type(node))
                or not enabled
                or not binding.description
                or action in seen
                or (action.startswith("app.") and "action_" + action[4:] in places)
                or action.endswith(("command_palette", "copy_text"))
                or action.rpartition(".")[2].startswith("focus_")  # Tab, shift+Tab
            ):
                continue
            seen.add(action)
            key = app.get_key_display(binding)
            name = plain(f"{where}: {binding.description} ({key})")
            run: Callable[[], object] = partial(app.run_action, action, node)
            if node is screen and blocked_by_typing(action):
                # Its key is off while the box has the focus (and run_action asks the
                # screen): the action itself is run, as pressing the key elsewhere would.
                run = getattr(screen, f"action_{action}")
            found.append((name, run, plain(tooltip or binding.description)))
        return found

    def _typing_keys(
        self, blocked: Callable[[str], bool]
    ) -> list[tuple[DOMNode, Binding, bool, str | None]]:
        """The screen's letter keys that are off while a box it has takes letters (the
        caseload's Sort while its filter has the focus; `blocked` says which): left out
        of its bindings then, they were "No matches found" here, though F1 listed them.
        Run from here, they type nothing."""
        screen = self.screen
        return [
            (screen, binding, True, binding.tooltip)
            for cls in type(screen).__mro__
            for binding in cls.__dict__.get("BINDINGS", [])
            if isinstance(binding, Binding) and blocked(binding.action)
        ]

    async def discover(self) -> Hits:
        # On opening, before anything is typed: this screen's keys, then the places (a
        # child is found by typing their name). It showed five places only, so a tester
        # read the palette as offering none of the screen's keys.
        for name, command, help_text in self._screen_keys() + self._places():
            yield DiscoveryHit(name, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        words = query.lower().split()
        for name, command, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlighted(matcher, name), command, text=name, help=help_text)
            elif words and all(word in help_text.lower() for word in words):
                # Found by what it does, in its words: "letter" is Document (w), "leave
                # care" is Leaves (l). Every word typed, as typed, so a short query does
                # not match every long line; below any hit on the name itself.
                yield Hit(ALSO_SAID, Content(name), command, text=name, help=help_text)


def highlighted(matcher: Matcher, name: str) -> Content:
    """The hit as written, its matched letters highlighted as Matcher.highlight does.
    That reads the hit as markup: a child named "[bold]Ayla" showed in bold, and one
    whose name held "[/b]" stopped the palette's search with MarkupError."""
    content = Content(name)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, name)
    for offset in offsets:
        if not name[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
