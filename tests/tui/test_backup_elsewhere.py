"""A backup off the laptop from the app (the palette), as `iro-tui backup --to`."""

from iro_tui.interchange.import903 import import_903
from iro_tui.store import crypto, open_store
from iro_tui.widgets.form import FormModal

from ..conftest import FIXTURE_903
from .helpers import error_of, fill, palette_choice, run, until
from .test_lock import PASS


async def open_the_backup_form(app, pilot) -> str:
    await pilot.press("ctrl+p")
    await pilot.press(*"memory stick")
    await until(pilot, lambda: palette_choice(app), "the palette's first hit")
    hit = palette_choice(app).splitlines()[0]
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, FormModal)
    return hit


def test_the_palette_backs_an_encrypted_store_up_to_a_stick(tmp_path, today):
    store = open_store(tmp_path / "iro.sqlite", PASS)
    import_903(store, FIXTURE_903, today)
    stick = tmp_path / "stick"
    stick.mkdir()
    seen = {}

    async def scenario(app, pilot):
        seen["hit"] = await open_the_backup_form(app, pilot)
        seen["button"] = str(app.screen.query_one("#save").label)
        fill(app, folder=str(stick))
        await pilot.press("f2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        seen["closed"] = not isinstance(app.screen, FormModal)
        seen["said"] = [n.message for n in app._notifications]

    run(scenario, store, today)
    children = store.child_refs()
    store.close()
    assert seen["hit"] == "Back up to a memory stick"
    assert seen["button"] == "Back up (F2)"
    (made,) = stick.glob("iro-*.sqlite")
    # The test's stick is a folder on the store's disk: made, and said not to be off it.
    assert seen["closed"] and seen["said"] == [
        f"Backed up to {made} (on the store's own disk, so it goes with the laptop: use a "
        "memory stick)"
    ]
    assert crypto.store_kind(made) == "encrypted"
    copy = open_store(made, PASS)
    try:
        assert copy.child_refs() == children
    finally:
        copy.close()


def refused_under_the_box(store, today, folder) -> dict:
    """F2 on the form with `folder` typed: the form, and what is said under the box."""
    seen = {}

    async def scenario(app, pilot):
        await open_the_backup_form(app, pilot)
        seen["empty"] = app.screen.query_one("#field-folder").value
        fill(app, folder=str(folder))
        await pilot.press("f2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        seen["form"] = type(app.screen).__name__
        seen["error"] = error_of(app, "folder")

    run(scenario, store, today)
    return seen


def test_a_plain_store_is_refused_under_the_form(demo, today, tmp_path):
    seen = refused_under_the_box(demo, today, tmp_path)
    assert seen["form"] == "FormModal"
    assert seen["error"] == (
        f"{demo.path} is not encrypted, so it is not copied off the laptop: encrypt it first "
        "(`iro-tui encrypt`, with iro-tui closed), then back it up (nothing was written)"
    )
    assert list(tmp_path.glob("iro-*.sqlite")) == []


def test_a_stick_not_plugged_in_is_said_under_its_box(tmp_path, today):
    store = open_store(tmp_path / "iro.sqlite", PASS)
    gone = tmp_path / "unplugged"
    seen = refused_under_the_box(store, today, gone)
    store.close()
    assert seen["error"] == f"there is no folder {gone} to back up to (nothing was written)"
    assert not gone.exists()


def test_a_file_given_for_the_folder_is_said_to_be_a_file(tmp_path, today):
    """It was said to be "no folder ...: is the stick in?", which sent the IRO the wrong
    way."""
    store = open_store(tmp_path / "iro.sqlite", PASS)
    afile = tmp_path / "afile"
    afile.write_text("x")
    seen = refused_under_the_box(store, today, afile)
    store.close()
    assert seen["empty"] == ""  # not a folder on the laptop's own disk, F2 at once
    assert seen["error"] == f"{afile} is a file, not a folder to back up to (nothing was written)"
    assert afile.read_text() == "x"


def test_a_folder_is_read_as_typed_quoted_or_dragged_in(tmp_path, monkeypatch):
    """A folder dragged into a terminal comes with its spaces escaped ("my\\ stick"),
    and was refused as a folder not there; the import's Folder box reads it the same."""
    from iro_tui.interchange.files import typed_folder

    monkeypatch.setenv("HOME", str(tmp_path))
    stick = tmp_path / "my stick"
    assert typed_folder(f"  {tmp_path}/my\\ stick ") == stick
    assert typed_folder(f'"{stick}"') == stick
    assert typed_folder("'~/my stick'") == stick
