import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from iro_tui.demo import ANCHOR, build_demo
from iro_tui.paths import fixtures_dir
from iro_tui.store import open_store

FIXTURE_903 = fixtures_dir() / "903"


@pytest.fixture(autouse=True)
def _fault_log_in_tmp(tmp_path_factory, monkeypatch):
    """No test writes to the real user's fault log or preferences, or reads them."""
    monkeypatch.setenv("IRO_TUI_LOG_DIR", str(tmp_path_factory.mktemp("logs")))
    monkeypatch.setenv("IRO_TUI_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


@pytest.fixture(autouse=True)
def _no_folder_remembered(monkeypatch):
    """Each test's save boxes begin at the default folder, not one an earlier test in the
    same process saved to (paths.export_folder remembers it for the app's run)."""
    import iro_tui.paths

    monkeypatch.setattr(iro_tui.paths, "_last_saved_in", None)


@pytest.fixture(autouse=True)
def _steady_cursors(monkeypatch):
    """Cursors do not blink in tests: a snapshot taken a moment later on a busy machine
    (or a parallel worker) must look the same, so a focused box's cursor stays shown."""
    from textual.widgets import Input, TextArea

    def shown(widget) -> None:
        widget._cursor_visible = True

    monkeypatch.setattr(Input, "_toggle_cursor", shown)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", shown)


@pytest.fixture
def today() -> date:
    """The fixed today of every test: the demo's anchor, so the demo is unshifted."""
    return ANCHOR


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "store.sqlite")
    yield s
    s.close()


@pytest.fixture
def demo(tmp_path, today):
    s = build_demo(tmp_path / "demo.sqlite", today)
    yield s
    s.close()


@pytest.fixture
def folder_903(tmp_path) -> Path:
    """A writable copy of the demo's 903 files, to break in each test."""
    target = tmp_path / "903"
    shutil.copytree(FIXTURE_903, target)
    return target


@contextmanager
def another_window(path: Path) -> Iterator:
    """The store at `path` as another iro-tui window (or the command line) has it: what
    is written through it is committed at the end of the block, then it is closed."""
    other = open_store(path)
    try:
        yield other
        other.conn.commit()
    finally:
        other.close()


def mark_done(store, decision, today: date) -> None:
    """`decision` recorded as done today, through the store's own write."""
    from iro_tui.domain.between import ProgressUpdate
    from iro_tui.store.between import update_decision

    assert decision.id is not None
    update_decision(
        store,
        ProgressUpdate(
            decision_id=decision.id, state="done", recorded_date=today, completed_date=today
        ),
    )


def store_contents(path: Path) -> list[str]:
    """Every row of every table, for a row-for-row 'nothing changed' check."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def damage_table(path: Path, table: str) -> None:
    """A disk fault in one table: its root page overwritten. The header and the schema
    still read, so the store opens; SQLite's integrity check (or a read of that table)
    finds the damage. The store must be closed."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))
    finally:
        conn.close()
    with path.open("r+b") as handle:
        handle.seek((root[0] - 1) * page_size)
        handle.write(b"\xff" * page_size)


def decision_of_a_child_who_left_care(store) -> None:
    """Bereket (100117), who left care on 16/03/2026: a decision from his last review
    (01/09/2025), "Plan the return home", due 01/10/2025 and still open."""
    from iro_tui.domain.recording import DecisionDraft, ReviewRecord
    from iro_tui.store.reviews import save_review_record

    record = ReviewRecord(
        held_date=date(2025, 9, 1),
        participation_code="PN7",
        matters={"permanence": "Return home"},
        decisions=[
            DecisionDraft(
                text="Plan the return home",
                owner_name="Tom Ellery",
                owner_role="Social worker",
                due_date=date(2025, 10, 1),
            )
        ],
    )
    save_review_record(store, "100117", None, record, book_next=False)
