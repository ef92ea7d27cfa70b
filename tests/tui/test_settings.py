"""The settings screen: the same settings as `iro-tui config`, each refused value
explained next to its box, one transaction, kept in the audit trail (issue 14)."""

import pytest

from iro_tui.__main__ import main, make_app
from iro_tui.domain.clock import FixedClock
from iro_tui.domain.fields import FieldProblem
from iro_tui.domain.settings import check_setting
from iro_tui.screens.settings import SettingsForm
from iro_tui.store import open_store
from tests.tui.helpers import error_of, fill, palette_choice, run, until


@pytest.mark.parametrize(
    "key, value, why",
    [
        ("ons_code", "E0900001", "not an ONS code"),
        ("ons_code", "City", "letter (E for England) and eight digits"),
        ("idle_lock_minutes", "1441", "from 0 (never lock) to 1440"),
        ("drp_ladder", "Team manager=5; Director", "stage 2 'Director' needs a name"),
        ("idle_lock_minutes", "five", "the minutes before the screen locks must be a whole number"),
        ("iro_email", "sam.example.org", "not an email address"),
        ("iro_phone", "call me", "not a phone number"),
        ("rulebook", "wales", "unknown rulebook 'wales'"),
        ("calendar_full_names", "maybe", "yes, no"),
        ("iro_name", "   ", "cannot be empty"),
        ("keymap", "caseload.filter=ctrl+g; refresh", "key 2 'refresh' is not name=key"),
        ("keymap", "diary.refresh=control g", "key 1 'diary.refresh=control g'"),
    ],
)
def test_a_bad_value_is_refused_with_the_reason(key, value, why):
    with pytest.raises(FieldProblem) as refused:
        check_setting(key, value)
    assert refused.value.field == key
    assert why in refused.value.message


def test_good_values_are_tidied():
    assert check_setting("ons_code", " e09000001 ") == "E09000001"
    assert check_setting("idle_lock_minutes", "07") == "7"
    assert check_setting("idle_lock_minutes", "0") == "0"  # never lock
    assert check_setting("drp_ladder", "Team manager = 5;Director=15") == (
        "Team manager=5; Director=15"
    )
    assert check_setting("keymap", " caseload.filter = Ctrl+G ;diary.refresh=f9;") == (
        "caseload.filter=ctrl+g; diary.refresh=f9"
    )


def test_your_own_keys_apply_and_a_name_that_is_no_key_is_said(demo, today, monkeypatch):
    import iro_tui.store.records as records  # the diary reads through it

    demo.set_setting("keymap", "diary.refresh=f9; diary.no_such_key=f8")
    loads = []
    real = records.load_diary
    monkeypatch.setattr(records, "load_diary", lambda *a: loads.append(1) or real(*a))

    async def scenario(app, pilot):
        await pilot.pause()
        assert [n.message for n in app._notifications] == [
            "Your keys: diary.no_such_key is not the name of a key (F1 lists them); "
            "the others apply."
        ]
        before = len(loads)
        await pilot.press("ctrl+r")  # no longer refresh: the IRO moved it to F9
        await pilot.pause()
        assert len(loads) == before
        await pilot.press("f9")
        await pilot.pause()
        assert len(loads) == before + 1

    run(scenario, demo, today)


def test_idle_lock_defaults_to_five_minutes(store):
    assert store.get_setting("idle_lock_minutes") == "5"


def test_the_cli_refuses_a_key_name_that_is_no_keys_and_clears_with_an_empty_value(
    tmp_path, capsys
):
    db = tmp_path / "s.sqlite"
    open_store(db).close()
    config = ["--db", str(db), "config"]
    assert main([*config, "set", "keymap", "caseload.filter=ctrl+g"]) == 0
    capsys.readouterr()
    # A typo in a name is refused, naming it; nothing changes.
    assert main([*config, "set", "keymap", "caseload.filtr=ctrl+g; diary.refresh=f9"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'caseload.filtr' is not the name of a key" in err
    # So is a key no terminal sends: it would bind nothing, and the filter's key be lost.
    assert main([*config, "set", "keymap", "caseload.filter=notakey"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'notakey' (for caseload.filter) is not a key" in err
    store = open_store(db)
    assert store.get_setting("keymap") == "caseload.filter=ctrl+g"
    store.close()
    # Empty, as emptying the box in Settings: the usual keys.
    assert main([*config, "set", "keymap", ""]) == 0
    assert capsys.readouterr().out == "keymap cleared: the usual keys\n"
    assert main([*config, "get", "keymap"]) == 0
    assert capsys.readouterr().out == "\n"
    store = open_store(db)
    assert store.get_setting("keymap") is None
    store.close()


def test_the_cli_sets_the_new_settings_and_refuses_a_bad_ons_code(tmp_path, capsys):
    db = tmp_path / "s.sqlite"
    open_store(db).close()  # commands never create a store (only import-903 and the app)
    assert main(["--db", str(db), "config", "set", "ons_code", "E09000001"]) == 0
    assert main(["--db", str(db), "config", "set", "iro_phone", "020 7946 0000"]) == 0
    assert main(["--db", str(db), "config", "set", "idle_lock_minutes", "10"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "config", "set", "ons_code", "X1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'X1' is not an ONS code" in err
    assert main(["--db", str(db), "config", "get", "ons_code"]) == 0
    assert capsys.readouterr().out == "E09000001\n"
    assert main(["--db", str(db), "config", "get", "idle_lock_minutes"]) == 0
    assert capsys.readouterr().out == "10\n"


@pytest.mark.parametrize(
    ("key", "known"),
    [
        ("x", True),
        ("5", True),
        ("f9", True),
        ("f24", True),
        ("ctrl+g", True),
        ("ctrl+shift+f5", True),
        ("pageup", True),
        ("slash", True),
        ("question_mark", True),
        ("notakey", False),
        ("f25", False),
        ("control+g", False),
        ("ctrl+", False),
    ],
)
def test_a_key_is_one_a_terminal_can_send(key, known):
    from iro_tui.screens.help import is_key

    assert is_key(key) is known


def test_settings_refuses_your_own_key_that_is_no_key_next_to_the_box(demo, today):
    async def scenario(app, pilot):
        await pilot.press("o")
        await pilot.pause()
        fill(app, keymap="caseload.filter=ctrl+g; diary.refresh=notakey")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, SettingsForm)  # refused: still open
        assert "'notakey' (for diary.refresh) is not a key" in error_of(app, "keymap")
        fill(app, keymap="caseload.filtr=ctrl+g")
        await pilot.press("f2")
        await pilot.pause()
        assert "'caseload.filtr' is not the name of a key" in error_of(app, "keymap")
        fill(app, keymap="diary.refresh=f9")
        await pilot.press("f2")
        await pilot.pause()
        assert not isinstance(app.screen, SettingsForm)

    run(scenario, demo, today)
    assert demo.get_setting("keymap") == "diary.refresh=f9"


def test_o_on_the_diary_opens_settings_and_saves_them_audited(demo, today):
    async def scenario(app, pilot):
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, SettingsForm)
        fill(
            app,
            iro_name="Alex Morgan",
            iro_phone="020 7946 0999",
            iro_email="sam.okoro@example.invalid",
            ons_code="E0900001",  # one digit short
            idle_lock_minutes="2000",
        )
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, SettingsForm)  # refused: still open
        assert "not an ONS code" in error_of(app, "ons_code")
        assert "from 0 (never lock) to 1440" in error_of(app, "idle_lock_minutes")
        assert demo.get_setting("iro_name") == "Sam Okoro"  # nothing saved
        fill(app, ons_code="E09000001", idle_lock_minutes="10", rulebook="jersey")
        await pilot.press("f2")
        await pilot.pause()
        assert not isinstance(app.screen, SettingsForm)

    before = len(demo.audit_rows("settings"))
    run(scenario, demo, today)
    assert demo.get_setting("iro_name") == "Alex Morgan"
    assert demo.get_setting("iro_email") == "sam.okoro@example.invalid"
    assert demo.get_setting("ons_code") == "E09000001"
    assert demo.get_setting("idle_lock_minutes") == "10"
    assert demo.get_setting("rulebook") == "jersey"
    changed = demo.audit_rows("settings")[before:]
    # Only what changed is written (name, phone, lock, rulebook), each audited.
    # The audit names the row (an insert's values are the row itself: see store/audit.py).
    key_of = dict(demo.conn.execute("SELECT rowid, key FROM settings").fetchall())
    assert {key_of[row["row_id"]] for row in changed} == {
        "iro_name",
        "iro_phone",
        "idle_lock_minutes",
        "rulebook",
    }


def test_settings_from_the_palette(demo, today):
    async def scenario(app, pilot):
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"settings")
        await until(pilot, lambda: palette_choice(app).startswith("Settings"), "settings offered")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SettingsForm)

    run(scenario, demo, today)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_settings(snap_compare, demo, today, size):
    demo.set_setting("iro_name", "Sam Okoro")
    demo.set_setting("authority_name", "City of London")
    app = make_app(demo, FixedClock(today))
    assert snap_compare(app, terminal_size=size, press=["o"])


def test_f1_in_settings_explains_them(demo, today):
    from iro_tui.screens.help import HelpScreen

    async def scenario(app, pilot):
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "ONS code" in app.screen.text

    run(scenario, demo, today)
