"""The annual report reads only its year's window (store/annual.py), and the window
loses nothing: every figure is the same as counted from the whole history.

A decade's store (bench/make_store.py, 1,000 children) gave identical figures for
every year 2016-17 to 2026-27 with the window and without it when this was written;
these tests keep that true on the demo and on a hand-built store."""

from __future__ import annotations

from datetime import date

import pytest

from iro_tui.demo import build_demo
from iro_tui.domain.annual import ReportWindow, as_at_for, count_year
from iro_tui.domain.report import ReportYear
from iro_tui.store.annual import EVERYTHING, load_annual_inputs
from tests.report.test_annual_figures import COUNTED_ON, Builder, year_store  # noqa: F401


def tallies(store, today: date, years: range) -> list[tuple[dict, dict]]:
    everything = load_annual_inputs(store, EVERYTHING)
    pairs = []
    for first in years:
        year = ReportYear(first)
        window = ReportWindow(year.start, as_at_for(year, today))
        windowed = load_annual_inputs(store, window)
        whole = count_year(everything, year, today, store.rulebook()).tally.counts
        part = count_year(windowed, year, today, store.rulebook()).tally.counts
        pairs.append((dict(whole), dict(part)))
    return pairs


def test_the_window_loses_no_figure_on_the_hand_built_store(year_store):  # noqa: F811
    for whole, part in tallies(year_store, COUNTED_ON, range(2019, 2027)):
        assert part == whole


def test_the_window_loses_no_figure_on_the_demo(tmp_path):
    today = date(2026, 6, 1)
    store = build_demo(tmp_path / "demo.sqlite", today)
    pairs = tallies(store, today, range(2012, 2027))
    assert any(whole.get(("reviews", "held")) for whole, _ in pairs)  # reviews to count
    for whole, part in pairs:
        assert part == whole


def test_a_midpoint_note_written_before_the_year_still_counts(store):
    """Reviewed 10/02/2025; the next is due by 10/08/2025 (6 months, reg 33(2)(c)), so
    its mid-point check falls on 11/05/2025, inside 2025-26. The IRO wrote the
    mid-point note early, on 20/03/2025, before the year began: it is done."""
    b = Builder(store)
    child = b.child("W01", "2012-05-05")
    b.episode(child, "2023-01-09")
    for held in ("2023-02-06", "2023-05-04", "2023-11-02", "2024-05-01", "2024-10-30"):
        b.review(child, held, "PN1")
    b.review(child, "2025-02-10", "PN1")
    b.note(child, "2025-03-20")
    b.review(child, "2025-08-07", "PN1")
    year = ReportYear(2025)
    window = ReportWindow(year.start, as_at_for(year, COUNTED_ON))
    counts = count_year(load_annual_inputs(store, window), year, COUNTED_ON, store.rulebook())
    # Mid-points due in the year: 11/05/2025 (done early) and 07/11/2025 (not done).
    assert counts.tally[("between", "midpoints_due")] == 2
    assert counts.tally[("between", "midpoints_done")] == 1


@pytest.mark.parametrize("first", [2024, 2025])
def test_only_the_years_decisions_and_notes_are_read(year_store, first):  # noqa: F811
    year = ReportYear(first)
    window = ReportWindow(year.start, as_at_for(year, COUNTED_ON))
    for child in load_annual_inputs(year_store, window):
        # The year's decisions, and earlier ones not done by its end.
        for d in child.decisions:
            assert d.made <= window.as_at
            if d.made < window.start:
                assert d.status != "done" or (
                    d.completed is not None and d.completed > window.as_at
                )
        assert all(window.start <= n <= window.as_at for n in child.note_dates)
        assert all(window.cycles_from <= n <= window.as_at for n in child.midpoint_notes)
        assert all(window.start <= r.held <= window.as_at for r in child.reviews)
        assert all(window.start <= e.opened <= window.as_at for e in child.escalations)
