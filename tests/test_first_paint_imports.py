"""Start-up loads only what the diary's first paint needs (issue 12: first paint).

The screens and forms opened later, the CLI's commands, sqlite_utils (writes), the
documents and calendar exports load on first use. These tests run the real command
line in a fresh process and look at sys.modules when the diary has painted: what is
named here must not be there yet (nor the named models' validators built). A behaviour
check, not a timing.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

# Each is loaded on first use, after the diary's first paint.
NOT_BEFORE_FIRST_PAINT = (
    # writes go through sqlite_utils (store.py, Store.db); the diary reads through the
    # connection alone. sqlite_utils brings click and pluggy with it.
    "sqlite_utils",
    "click",
    "pluggy",
    # the CLI's commands (cli/__init__.py), loaded only when a command runs
    "iro_tui.cli.store_commands",
    "iro_tui.progress",
    # what a screen asks for, and the forms that answer it (form_opening.py)
    "iro_tui.screens.requests",
    "iro_tui.screens.forms",
    "iro_tui.screens.between_forms",
    "iro_tui.widgets.form",
    "iro_tui.store.changes",
    # the lock and passphrase screens (a plain store opens without them)
    "iro_tui.screens.lock",
    # every other screen
    "iro_tui.screens.caseload",
    "iro_tui.screens.child",
    "iro_tui.screens.recording",
    "iro_tui.screens.checklist",
    "iro_tui.screens.drift",
    "iro_tui.screens.search",
    "iro_tui.screens.report",
    "iro_tui.screens.settings",
    "iro_tui.screens.escalations",
    "iro_tui.screens.help",
    "iro_tui.screens.document_preview",
    "iro_tui.screens.midpoint",
    # exports, documents and the annual report
    "iro_tui.interchange",
    "docx",
    "icalendar",
    "iro_tui.domain.report",
    "iro_tui.domain.annual",
    "iro_tui.demo",
)

# Models whose validators are built on first use (defer_build), which the diary's first
# paint does not validate: the review record, notes, progress, people, placements.
NOT_BUILT_BEFORE_FIRST_PAINT = (
    "iro_tui.domain.recording.ReviewRecord",
    "iro_tui.domain.recording.Attendee",
    "iro_tui.domain.recording.DecisionDraft",
    "iro_tui.domain.between.FootprintNote",
    "iro_tui.domain.between.ProgressUpdate",
    "iro_tui.domain.between.SignificantChange",
    "iro_tui.domain.records.Person",
    "iro_tui.domain.records.PlacementDetails",
)

# The app as `iro-tui --db PATH --today DAY` starts it (__main__.main), headless: App.run
# becomes a Pilot run that reports the modules loaded once the diary has painted.
PROBE = r"""
import asyncio, gc, json, sys
from pydantic import BaseModel
from textual.app import App
import iro_tui.__main__ as cli

def models(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from models(sub)

import os
import iro_tui.screens.diary as diary
import iro_tui.warm_up
# Loading the next screens waits half a second after the first paint (warm_up.py): this
# probe reads the first paint itself, so not at all here unless asked.
WARM = os.environ.get("PROBE_WARM_UP") == "1"
if not WARM:
    iro_tui.warm_up.FIRST_STEP_AFTER = 3600.0
collecting_at_mount = []
mount = diary.DiaryScreen.on_mount
def on_mount(self):
    collecting_at_mount.append(gc.isenabled())
    return mount(self)
diary.DiaryScreen.on_mount = on_mount

def to_first_paint(app, *args, **kwargs):
    async def drive():
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            frozen_at_paint = gc.get_freeze_count()
            if WARM:
                # A key pressed while the next screens load is answered.
                await pilot.press("c")
                await pilot.pause()
                assert type(app.screen).__name__ == "CaseloadScreen", app.screen
                await pilot.press("escape")
                for _ in range(300):
                    if app.warmed_up:
                        break
                    await pilot.pause(0.1)
                await pilot.press("d")
                await pilot.pause()
            print(json.dumps({
                "warmed_up": app.warmed_up,
                "frozen_more": gc.get_freeze_count() - frozen_at_paint,
                "collecting": [*collecting_at_mount, gc.isenabled()],
                "screen": type(app.screen).__name__,
                "rows": None if WARM else app.screen.query_one("#agenda").row_count,
                "frozen": gc.get_freeze_count(),
                "loaded": sorted(sys.modules),
                "built": sorted(
                    f"{model.__module__}.{model.__name__}"
                    for model in models(BaseModel)
                    if model.__pydantic_complete__
                ),
            }))
    asyncio.run(drive())

App.run = to_first_paint
sys.exit(cli.main(sys.argv[1:]))
"""


def loaded(modules: list[str], name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in modules)


def run_probe(probe: str, demo, today, **env: str) -> dict:
    """The real command line on the demo's store, in a fresh process, with `probe` in
    charge of App.run: what it printed last, as JSON."""
    import os

    result = subprocess.run(
        [sys.executable, "-c", probe, "--db", str(demo.path), "--today", today.isoformat()],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_diary_paints_without_the_screens_forms_and_commands_opened_later(demo, today):
    demo.close()  # the app opens the store itself, as from the command line
    painted = run_probe(PROBE, demo, today)
    # The probe saw the diary with the demo's agenda on it, through the whole app.
    assert painted["screen"] == "DiaryScreen"
    assert painted["rows"] > 0
    assert loaded(painted["loaded"], "iro_tui.screens.diary")
    early = [name for name in NOT_BEFORE_FIRST_PAINT if loaded(painted["loaded"], name)]
    assert early == [], f"loaded before the diary's first paint: {early}"
    # The rulebook's models are built (the diary counts with it); the others wait.
    assert "iro_tui.domain.rulebook.Rulebook" in painted["built"]
    built = [name for name in NOT_BUILT_BEFORE_FIRST_PAINT if name in painted["built"]]
    assert built == [], f"built before the diary's first paint: {built}"
    # What lives all session is out of the garbage collector's full passes (memory.py).
    assert painted["frozen"] > 10_000  # ~80,000 objects on the demo
    # The collector was off while the diary was worked out, and runs again after.
    assert painted["collecting"] == [False, True]


def test_after_the_first_paint_the_next_screens_load_while_the_diary_is_read(demo, today):
    demo.close()
    warmed = run_probe(PROBE, demo, today, PROBE_WARM_UP="1")
    assert warmed["warmed_up"] is True
    assert warmed["screen"] == "DriftScreen"  # opened after: the app still answers
    from iro_tui.warm_up import MODULES

    assert [name for name in MODULES if name not in warmed["loaded"]] == []
    # What they loaded lives all session: out of the collector's full passes (memory.py).
    assert warmed["frozen_more"] > 10_000
    # Not the rarely opened and large: the exports, documents and annual report.
    assert not loaded(warmed["loaded"], "iro_tui.interchange")
    assert not loaded(warmed["loaded"], "iro_tui.domain.annual")


def test_the_collector_runs_again_when_the_app_stops_before_its_first_paint(tmp_path):
    import gc

    from iro_tui.__main__ import main

    not_a_store = tmp_path / "notes.sqlite"
    not_a_store.write_text("a shopping list, not an iro-tui store\n")
    assert gc.isenabled()
    assert main(["--db", str(not_a_store)]) == 2
    assert gc.isenabled()


def test_an_app_built_for_a_test_leaves_the_garbage_collector_alone(demo, today):
    # Hundreds of apps run in one test process: one frozen and then closed would never
    # be collected, so only the command line's app settles its memory.
    import gc

    from iro_tui.__main__ import make_app
    from iro_tui.domain.clock import FixedClock

    before = gc.get_freeze_count()
    app = make_app(demo, FixedClock(today))

    async def paint() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert type(app.screen).__name__ == "DiaryScreen"

    asyncio.run(paint())
    assert gc.get_freeze_count() == before


def test_the_command_line_parser_needs_no_rulebook():
    # `iro-tui --help`, `--version`, `locate`: the parser names the settings
    # (domain/settings.py) but needs neither the rulebook nor its bank holidays.
    code = (
        "import sys; from iro_tui.cli.parser import build_parser; build_parser(); "
        "print([m for m in ('holidays', 'iro_tui.domain.rulebook', 'iro_tui.store', "
        "'textual') if m in sys.modules])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr


# An encrypted store: the app asks for the passphrase on its own screen first.
GATE_PROBE = r"""
import asyncio, gc, json, sys
from textual.app import App
from textual.widgets import Input
import iro_tui.__main__ as cli
import iro_tui.screens.diary as diary
import iro_tui.warm_up
iro_tui.warm_up.FIRST_STEP_AFTER = 3600.0
seen = {}
mount = diary.DiaryScreen.on_mount
def on_mount(self):
    seen["at_diary_mount"] = gc.isenabled()
    return mount(self)
diary.DiaryScreen.on_mount = on_mount

def unlock_then_paint(app, *args, **kwargs):
    async def drive():
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            seen["asked_on"] = type(app.screen).__name__
            seen["while_asking"] = gc.isenabled()
            app.screen.query_one(Input).value = PASSPHRASE
            await pilot.press("enter")
            await pilot.pause()
            seen["then"] = type(app.screen).__name__
            seen["after_first_paint"] = gc.isenabled()
            print(json.dumps(seen))
    asyncio.run(drive())

PASSPHRASE = sys.argv.pop()
App.run = unlock_then_paint
sys.exit(cli.main(sys.argv[1:]))
"""


def test_behind_the_passphrase_the_collector_runs_until_the_store_opens(tmp_path, today):
    from iro_tui.store import open_store

    path = tmp_path / "iro.sqlite"
    open_store(path, "correct horse battery").close()
    result = subprocess.run(
        [sys.executable, "-c", GATE_PROBE, "--db", str(path), "--today", today.isoformat()]
        + ["correct horse battery"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    # The passphrase may be typed an hour later: no collector held off meanwhile.
    assert (seen["asked_on"], seen["while_asking"]) == ("UnlockScreen", True)
    assert seen["then"] == "DiaryScreen"
    assert (seen["at_diary_mount"], seen["after_first_paint"]) == (False, True)


# The first paint from a frame kept at the last quit (store/diary_frames.py): what is
# loaded when the frame has painted, before the store opens (Locking opens it next).
FRAME_PROBE = r"""
import asyncio, json, sys
from textual.app import App
import iro_tui.__main__ as cli
import iro_tui.locking as locking
import iro_tui.warm_up
iro_tui.warm_up.FIRST_STEP_AFTER = 3600.0
seen = {}
opening = locking.Locking._open_behind_first_frame
def look_then_open(self, *args):
    seen["loaded"] = sorted(sys.modules)
    seen["frame_rows"] = self.screen.query_one("#agenda").row_count
    return opening(self, *args)
locking.Locking._open_behind_first_frame = look_then_open

def to_first_paint(app, *args, **kwargs):
    async def drive():
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.pause()
            seen["items"] = len(app.screen.items)
    asyncio.run(drive())
    print(json.dumps(seen))

App.run = to_first_paint
sys.exit(cli.main(sys.argv[1:]))
"""

# Not needed to paint a kept frame: the domain (its models, the rules, the calendars and
# the bank holidays they count with), pydantic, and the store's reading and writing.
NOT_BEFORE_A_KEPT_FRAME = (
    "pydantic",
    "holidays",
    "dateutil",
    "sqlite_utils",
    "iro_tui.domain.models",
    "iro_tui.domain.agenda",
    "iro_tui.domain.calendar",
    "iro_tui.domain.rulebook",
    "iro_tui.store.store",
    "iro_tui.store.records",
    "iro_tui.store.connect",
)


def test_a_kept_frame_paints_before_the_domain_and_the_store_load(demo, today):
    from iro_tui.screens.diary_frame import keep_frames
    from iro_tui.store.diary_frames import frame_days

    keep_frames(demo, frame_days(today))
    demo.close()
    seen = run_probe(FRAME_PROBE, demo, today)
    assert seen["frame_rows"] > 0  # the frame painted, from the store, before it opened
    early = [name for name in NOT_BEFORE_A_KEPT_FRAME if loaded(seen["loaded"], name)]
    assert early == [], f"loaded before the kept frame painted: {early}"
    assert seen["items"] > 0  # then the diary was worked out, as always
