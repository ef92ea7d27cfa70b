"""The header's title fits the width: at 80 columns the rulebook's citation goes rather
than the rulebook being cut (widgets/header.py)."""

from textual.widgets._header import HeaderTitle

from iro_tui.widgets.header import fitted

from .helpers import run

DIARY = "Mon 01/06/2026 · England (CPPCR 2010 reg 33)"


def test_a_title_that_fits_is_whole_and_one_that_does_not_loses_its_brackets():
    assert fitted("iro-tui", DIARY, 80) == DIARY
    assert fitted("iro-tui · not encrypted", DIARY, 62) == "Mon 01/06/2026 · England"
    # Exactly the room: whole ("iro-tui" 7 + " — " 3 + 44).
    assert fitted("iro-tui", DIARY, 54) == DIARY
    assert fitted("iro-tui", DIARY, 53) == "Mon 01/06/2026 · England"


def test_the_diary_header_at_80_columns_then_120_then_80(demo, today):
    def title(app) -> str:
        return str(app.screen.query_one(HeaderTitle).render())

    async def scenario(app, pilot):
        app.title = "iro-tui · not encrypted"  # as the command line opens a plain store
        await pilot.pause()
        assert title(app).endswith(f"{today:%a %d/%m/%Y} · England")
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert title(app).endswith(f"{today:%a %d/%m/%Y} · England (CPPCR 2010 reg 33)")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert title(app).endswith(" · England")

    run(scenario, demo, today, size=(80, 24))
