"""The command palette (ctrl+p): go anywhere, open any child, by typing."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from iro_tui.safe_text import plain

if TYPE_CHECKING:
    from iro_tui.app import IroApp


class IroCommands(Provider):
    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        # Loaded when the palette is first used, not before the diary's first paint.
        from iro_tui.screens.requests import AddAppointment, BookReview

        # The palette runs on IroApp (its COMMANDS). Provider.app says App[object],
        # which IroApp (an App[None]) is not to mypy; app.py imports this module, so
        # the type is named for mypy only.
        app = cast("IroApp", self.app)
        found: list[tuple[str, Callable[[], object], str]] = [
            ("Go to the diary", app.action_diary, "Everything that is due"),
            ("Go to the caseload", app.action_caseload, "Every child"),
            (
                "Search notes, decisions and reviews",
                app.action_search,
                "Find a word across every child's record (/)",
            ),
            ("A child comes into care", app.action_new_child, "Add a child and their episode"),
            (
                "Write a footprint note",
                app.action_quick_note,
                "A note on any child's record, from anywhere (F5)",
            ),
            (
                "Add an appointment",
                partial(app.open_form, AddAppointment()),
                "A visit, meeting or journey",
            ),
            (
                "Annual report figures",
                app.action_annual_report,
                "Reviews, participation, decisions, escalations: April to March",
            ),
            (
                "Settings",
                app.action_settings,
                "Your name and contact, the authority, ONS code, rulebook, idle lock",
            ),
            (
                "Export the diary as a calendar (.ics)",
                app.action_export_calendar,
                "For Outlook or any calendar",
            ),
        ]
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

    async def discover(self) -> Hits:
        for name, command, help_text in self._commands()[:5]:
            yield DiscoveryHit(name, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, command, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlighted(matcher, name), command, text=name, help=help_text)


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
