"""The footer shows the keys that work here and now, and is built again only when they
change (widgets/footer.py): a change of focus that leaves the keys as they were keeps the
very keys on show."""

from textual.widgets._footer import FooterKey

from iro_tui.screens.caseload import CaseloadScreen
from iro_tui.screens.recording import RecordingScreen
from iro_tui.widgets.footer import SteadyFooter

from .helpers import run


def on_show(app) -> list[tuple[str, str, bool]]:
    footer = app.screen.query_one(SteadyFooter)
    return [(k.key, k.description, k.disabled) for k in footer.query(FooterKey)]


def should_show(app) -> list[tuple[str, str, bool]]:
    """What Textual's Footer would show: the first shown key of each action, in the
    screen's order, then the command palette's key."""
    screen = app.screen
    first: dict[str, tuple[str, str, bool]] = {}
    palette = None
    for key, (_node, binding, enabled, _tip) in screen.active_bindings.items():
        if key == app.COMMAND_PALETTE_BINDING:
            palette = (binding.key, binding.description, not enabled)
        if binding.show and binding.action not in first:
            first[binding.action] = (binding.key, binding.description, not enabled)
    return [*first.values(), *([palette] if palette else [])]


def test_the_footer_follows_the_keys_and_is_not_rebuilt_when_they_stay(demo, today):
    async def scenario(app, pilot):
        assert on_show(app) == should_show(app)  # the diary
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CaseloadScreen)
        on_filter = on_show(app)
        assert on_filter == should_show(app)
        await pilot.press("down")  # from the filter to the list: other keys
        await pilot.pause()
        assert on_show(app) == should_show(app) != on_filter
        await pilot.press("enter", "r")  # a child, then record a review
        await pilot.pause()
        if not isinstance(app.screen, RecordingScreen):  # a draft or a booked review
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, RecordingScreen)
        assert on_show(app) == should_show(app)
        footer = app.screen.query_one(SteadyFooter)
        await pilot.press("tab")  # the first box to the next: the same keys
        await pilot.pause()
        keys = list(footer.query(FooterKey))
        focused = app.focused
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is not focused
        assert list(footer.query(FooterKey)) == keys  # the very same keys, not rebuilt
        assert on_show(app) == should_show(app)
        await pilot.press("escape")  # back to the child: its own keys again
        await pilot.pause()
        assert on_show(app) == should_show(app)

    run(scenario, demo, today)


def test_a_tab_s_keys_are_relabelled_in_place_and_are_what_footer_would_show(demo, today):
    """Each of the child's tabs has its own keys: the same number of them is relabelled
    in place (issue 12), and must still be what Textual's Footer would build."""
    seen = {}

    async def scenario(app, pilot):
        app.open_child("100102")
        await pilot.pause()
        await pilot.pause()
        before = list(app.screen.query_one(SteadyFooter).query(FooterKey))
        for tab in "264":
            await pilot.press(tab)
            await pilot.pause()
            await pilot.pause()
            seen[tab] = (on_show(app), should_show(app))
        seen["same widgets"] = list(app.screen.query_one(SteadyFooter).query(FooterKey)) == before

    run(scenario, demo, today)
    for tab in "264":
        shown, expected = seen[tab]
        assert shown == expected, tab
    assert seen["6"][0][:2] == [("enter", "Update", False), ("E", "Escalate", False)]
    assert seen["same widgets"]
