"""The idle lock and the passphrase screens, under Pilot with an injected idle clock."""

import asyncio
import html
import re

from textual.widgets import Input

from iro_tui.__main__ import make_app
from iro_tui.demo import ANCHOR
from iro_tui.domain.clock import FixedClock
from iro_tui.interchange.import903 import import_903
from iro_tui.screens.lock import CreateStoreScreen, LockScreen, UnlockScreen
from iro_tui.store import crypto, open_store

from ..conftest import FIXTURE_903
from .helpers import SIZE, fill

PASS = "correct horse battery"


class IdleClock:
    """Monotonic seconds that a test moves on by hand."""

    def __init__(self) -> None:
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds


def run_app(scenario, today, store=None, **options):
    async def main():
        app = make_app(store, FixedClock(today), **options)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await scenario(app, pilot)
        return app

    return asyncio.run(main())


def screen_text(app) -> str:
    """The text on the screen, as a user would read it (from the screenshot SVG)."""
    svg = app.export_screenshot()
    runs = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    return html.unescape("".join(runs)).replace("\xa0", " ")


def encrypted_store(tmp_path, idle_lock_minutes: str):
    """An encrypted store of the 903 fixture's children, locking after so many minutes."""
    store = open_store(tmp_path / "iro.sqlite", PASS)
    import_903(store, FIXTURE_903, ANCHOR)
    store.set_setting("idle_lock_minutes", idle_lock_minutes)
    return store


def test_idle_lock_hides_everything_and_keeps_what_was_typed(tmp_path, today):
    store = encrypted_store(tmp_path, "5")
    clock = IdleClock()

    async def scenario(app, pilot):
        await pilot.press("f5")
        await pilot.pause()
        form = app.screen
        fill(app, child_ref="100112")
        app.screen.query_one("#field-text").focus()
        await pilot.press(*"Seen")
        assert app.screen.query_one("#field-text").text == "Seen"
        clock.seconds += 299  # the last key was 299 s ago: not yet
        app.lock_if_idle()
        await pilot.pause()
        assert app.screen is form
        clock.seconds += 1
        app.lock_if_idle()
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        shown = screen_text(app)
        assert "Seen" not in shown and "100112" not in shown and "footprint" not in shown
        assert "is locked" in shown
        # The palette and the note key would reach the caseload: refused while locked.
        await pilot.press("ctrl+p", "f5")
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        # Enter on the empty box: SQLCipher's own error for an empty key quit the app
        # from here, the note on screen with it (an adversarial check).
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        assert "Type the passphrase, then press Enter." in screen_text(app)
        await pilot.press(*"wrongpass", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        assert "does not open" in screen_text(app)
        app.screen.query_one("#lock-passphrase", Input).value = PASS
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is form
        assert app.screen.query_one("#field-text").text == "Seen"  # nothing typed is lost
        # Unlocking counts as activity: the clock starts again.
        app.lock_if_idle()
        await pilot.pause()
        assert app.screen is form

    run_app(scenario, today, store, idle_now=clock)
    store.close()


def test_a_shorter_idle_lock_saved_in_settings_applies_at_once(tmp_path, today):
    from iro_tui.screens.settings import SettingsForm

    store = encrypted_store(tmp_path, "30")
    clock = IdleClock()

    async def scenario(app, pilot):
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, SettingsForm)
        fill(app, idle_lock_minutes="2")
        await pilot.press("f2")
        await pilot.pause()
        assert not isinstance(app.screen, SettingsForm)
        clock.seconds += 119  # two minutes, not thirty, since the last key (F2)
        app.lock_if_idle()
        await pilot.pause()
        assert not isinstance(app.screen, LockScreen)
        clock.seconds += 1
        app.lock_if_idle()
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)

    run_app(scenario, today, store, idle_now=clock)
    assert store.get_setting("idle_lock_minutes") == "2"
    store.close()


def test_a_plain_store_locks_with_a_key_and_says_it_is_not_encrypted(demo, today):
    clock = IdleClock()

    async def scenario(app, pilot):
        diary = app.screen
        clock.seconds += 5 * 60  # the default, 5 minutes
        app.lock_if_idle()
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        shown = screen_text(app)
        assert "not encrypted" in shown and "Enter" in shown
        assert "Dawit" not in shown
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is diary

    run_app(scenario, today, demo, idle_now=clock)


def test_idle_lock_minutes_setting_and_zero_for_never(demo, today):
    clock = IdleClock()
    demo.set_setting("idle_lock_minutes", "0")

    async def scenario(app, pilot):
        clock.seconds += 24 * 3600
        app.lock_if_idle()
        await pilot.pause()
        assert not isinstance(app.screen, LockScreen)

    run_app(scenario, today, demo, idle_now=clock)
    demo.set_setting("idle_lock_minutes", "1")

    async def one_minute(app, pilot):
        clock.seconds += 59
        app.lock_if_idle()
        await pilot.pause()
        assert not isinstance(app.screen, LockScreen)
        clock.seconds += 1
        app.lock_if_idle()
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)

    run_app(one_minute, today, demo, idle_now=clock)


def test_the_app_asks_for_the_passphrase_before_the_diary(tmp_path, today):
    from iro_tui.screens.diary import DiaryScreen

    path = tmp_path / "iro.sqlite"
    store = open_store(path, PASS)
    import_903(store, FIXTURE_903, ANCHOR)
    store.close()

    async def scenario(app, pilot):
        assert isinstance(app.screen, UnlockScreen) and app.store is None
        assert "100112" not in screen_text(app)
        await pilot.press("f5", "ctrl+p")  # nothing opens before the store does
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen)
        await pilot.press("enter")  # the empty box: it stopped on an "unexpected error"
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen) and app.store is None
        assert "no passphrase was given: type the store's passphrase" in screen_text(app)
        app.screen.query_one(Input).value = "not the passphrase"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen) and app.store is None
        assert "does not open" in screen_text(app)
        app.screen.query_one(Input).value = PASS
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DiaryScreen)
        # 1: the 903 fixture's overdue review on 1 June 2026 (its ten mid-point checks and
        # one IRO appointment fell due before the import brought the children to this
        # caseload, that day).
        assert app.store.passphrase == PASS and "1 OVERDUE" in screen_text(app)

    app = run_app(scenario, today, store_gate=("encrypted", path))
    app.store.close()


def test_the_app_asks_before_creating_a_store_and_takes_the_passphrase_twice(tmp_path, today):
    from iro_tui.screens.diary import DiaryScreen

    path = tmp_path / "new" / "iro.sqlite"

    async def scenario(app, pilot):
        assert isinstance(app.screen, CreateStoreScreen)
        assert "No store at" in screen_text(app) and "Create one?" in screen_text(app)
        first, again = app.screen.query(Input)
        first.value, again.value = PASS, PASS + "x"
        again.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CreateStoreScreen) and not path.exists()
        assert "differ" in screen_text(app)
        first.value, again.value = "short", "short"
        again.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "at least 8 characters" in screen_text(app) and not path.exists()
        # Typed as an IRO types it: the passphrase, Tab to the second box (Tab did
        # nothing here, and the second typing ran on in the first box), the same, Enter.
        first.value = again.value = ""
        first.focus()
        await pilot.press(*PASS, "tab", *PASS)
        assert (first.value, again.value) == (PASS, PASS)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DiaryScreen)

    app = run_app(scenario, today, store_gate=("missing", path))
    app.store.close()
    assert crypto.store_kind(path) == "encrypted" and crypto.passphrase_opens(path, PASS)


def test_q_behind_the_lock_names_no_child_and_a_note_is_kept(tmp_path, today):
    """q at the lock screen asked "“A footprint note · Samir Haddad (100107)” has
    changes... Quit anyway and lose it?": a child named over the lock, and a note said
    lost that is kept as a draft."""
    from iro_tui.widgets.confirm import Confirm

    store = encrypted_store(tmp_path, "5")
    clock = IdleClock()
    asked = {}

    async def scenario(app, pilot):
        app.open_child("100112")
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        fill(app, kind="visit", text="Seen at college")
        app.screen.query_one("#save").focus()
        await pilot.press("q")
        await pilot.pause()
        asked["open"] = str(app.screen.query_one(".form-title").render())
        await pilot.press("n")  # keep editing
        await pilot.pause()
        clock.seconds += 300
        app.lock_if_idle()
        await pilot.pause()
        await pilot.press("ctrl+q")  # q would be typed in the passphrase box
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        asked["locked"] = str(app.screen.query_one(".form-title").render())
        await pilot.press("y")
        await pilot.pause()

    run_app(scenario, today, store, idle_now=clock)
    assert asked["open"].startswith("“A footprint note · ")
    assert asked["open"].endswith(
        "is not saved yet: it is kept as a draft, given back when the form opens again. Quit now?"
    )
    assert asked["locked"] == "Something typed is kept as a draft. Quit now?"
    kept = store.conn.execute("SELECT payload FROM form_drafts WHERE form = 'note:100112'")
    assert "Seen at college" in kept.fetchone()[0]
    store.close()


def test_the_two_passphrases_typed_ahead_go_each_in_its_box(tmp_path, today):
    """Typed as one burst (a slow laptop): both landed in the first box, and the two
    "differed"."""
    from textual import events

    from iro_tui.screens.diary import DiaryScreen

    path = tmp_path / "iro.sqlite"

    async def scenario(app, pilot):
        first, again = app.screen.query(Input)
        first.focus()
        await pilot.pause()
        burst = [*PASS, "tab", *PASS]
        for key in burst:
            app.post_message(events.Key(key, "\t" if key == "tab" else key))
        await pilot.pause()
        await pilot.pause()
        assert (first.value, again.value) == (PASS, PASS)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DiaryScreen)

    app = run_app(scenario, today, store_gate=("missing", path))
    app.store.close()


def test_escape_leaves_without_creating_a_store(tmp_path, today):
    path = tmp_path / "iro.sqlite"

    async def scenario(app, pilot):
        await pilot.press("escape")
        await pilot.pause()

    app = run_app(scenario, today, store_gate=("missing", path))
    assert app.store is None and not path.exists()


def test_help_over_the_lock_screen_opens_no_way_past_it(tmp_path, today):
    """F1 on the lock screen, then ctrl+p: the help screen's palette offered "Go to the
    caseload" and every child, and choosing one left the lock behind, unlocked."""
    from iro_tui.screens.help import HelpScreen

    store = encrypted_store(tmp_path, "5")
    clock = IdleClock()

    async def scenario(app, pilot):
        clock.seconds += 300
        app.lock_if_idle()
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "locked" in screen_text(app)  # the lock screen's own help
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)  # no palette
        for key in ("c", "d", "f5", "slash"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen | LockScreen), key
        assert app.check_action("command_palette", ()) is False
        assert app.check_action("caseload", ()) is False
        shown = screen_text(app)
        assert "100112" not in shown and "Caseload" not in shown

    run_app(scenario, today, store, idle_now=clock)
    store.close()
