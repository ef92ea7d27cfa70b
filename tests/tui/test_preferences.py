"""The theme chosen is remembered between runs, outside the store."""

import json

from iro_tui.preferences import CONFIG_ENV_VAR, load_preferences, preferences_path

from .helpers import run


def test_the_theme_chosen_is_used_next_time(demo, today):
    async def choose(app, pilot):
        assert app.theme == "textual-dark"
        app.theme = "nord"
        await pilot.pause()

    run(choose, demo, today)
    assert json.loads(preferences_path().read_text()) == {"theme": "nord"}

    async def reopen(app, pilot):
        assert app.theme == "nord"

    run(reopen, demo, today)


def test_a_damaged_or_unknown_preference_is_ignored(demo, today):
    path = preferences_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"theme": "no-such-theme"}')

    async def scenario(app, pilot):
        assert app.theme == "textual-dark"

    run(scenario, demo, today)
    path.write_text("{not json")
    assert load_preferences() == {}
    run(scenario, demo, today)


def test_the_preferences_follow_the_override_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(CONFIG_ENV_VAR, str(tmp_path))
    assert preferences_path() == tmp_path / "preferences.json"
