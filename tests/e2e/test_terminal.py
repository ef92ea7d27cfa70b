"""A real terminal: the installed iro-tui in tmux, driven by keys like a new user.

Open the demo, find a child from the caseload, book a review, quit, reopen the
same store, and see the booking still there.
"""

import json
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

# One worker runs these one after another (make test: -n auto --dist loadgroup), so two
# real terminals never compete with each other for the CPU.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("tmux")]
TMUX = shutil.which("tmux")
IRO_TUI = Path(sys.executable).with_name("iro-tui")


class Terminal:
    def __init__(self, command: list[str]) -> None:
        self.name = f"iro-e2e-{uuid.uuid4().hex[:8]}"
        # A private tmux server (-L): nothing else on the machine can kill or read it.
        self.tmux = [TMUX, "-L", self.name]
        subprocess.run(
            [
                *self.tmux,
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                "120",
                "-y",
                "40",
                " ".join(command),
            ],
            check=True,
        )

    def screen(self) -> str:
        result = subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        )
        return result.stdout

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")

    def keys(self, *keys: str, literal: bool = False) -> None:
        for key in keys:
            args = [*self.tmux, "send-keys", "-t", self.name] + (["-l"] if literal else []) + [key]
            subprocess.run(args, check=True)
            time.sleep(0.15)

    def type(self, text: str) -> None:
        self.keys(text, literal=True)

    # Keys typed straight after a Tab or an Enter that moves the focus are not safe on a
    # busy machine: Textual moves the focus only once that key has bubbled up to the
    # screen, and keys sent meanwhile still go to the box being left (seen as
    # '20/07/202610:30' in the date box, the time box empty). So wait to see the focus
    # move: into a text box the cursor follows it; onto a list or a button its line is
    # drawn differently.

    def cursor(self) -> tuple[int, int]:
        result = subprocess.run(
            [*self.tmux, "display-message", "-p", "-t", self.name, "#{cursor_x} #{cursor_y}"],
            capture_output=True,
            text=True,
        )
        x, y = result.stdout.split()
        return int(x), int(y)

    def tab_to(self, label: str, key: str = "Tab", timeout: float = 30.0) -> None:
        """Press Tab (or `key`) until the text box under `label` has the focus."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            lines = self.screen().splitlines()
            rows = [
                i + 1 for i, ln in enumerate(lines) if ln.strip(" │┃▊▎") in (label, f"{label} *")
            ]
            before = self.cursor()
            if before[1] in rows:
                return
            self.keys(key)
            # A list or a button on the way does not move the cursor: press again then.
            moved_by = time.monotonic() + 3
            while self.cursor() == before and time.monotonic() < moved_by:
                time.sleep(0.1)
        raise AssertionError(f"never reached the box {label!r}; the screen was:\n{self.screen()}")

    def styled_line(self, text: str) -> str:
        result = subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-e", "-t", self.name],
            capture_output=True,
            text=True,
        )
        return next((ln for ln in result.stdout.splitlines() if text in ln), "")

    def press_and_see_focus(self, key: str, text: str, timeout: float = 20.0) -> None:
        """Press `key` and wait until the line showing `text` (a list row, a button) is
        drawn differently, or scrolls into view: the focus has moved onto it."""
        before = self.styled_line(text)
        self.keys(key)
        deadline = time.monotonic() + timeout
        while self.styled_line(text) in (before, ""):
            if time.monotonic() > deadline:
                raise AssertionError(f"{key} never moved the focus to {text!r}")
            time.sleep(0.1)

    def alive(self) -> bool:
        return (
            subprocess.run(
                [*self.tmux, "has-session", "-t", self.name], capture_output=True
            ).returncode
            == 0
        )

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)


@pytest.fixture
def terminal():
    opened: list[Terminal] = []

    def start(*args: str) -> Terminal:
        term = Terminal([str(IRO_TUI), *args])
        opened.append(term)
        return term

    yield start
    for term in opened:
        term.close()


def open_child(term: Terminal, typed: str, name: str) -> None:
    term.wait_for("OVERDUE")
    term.keys("c")
    term.wait_for("Filter by name or ID")
    term.type(typed)
    term.wait_for("1 shown")
    term.press_and_see_focus("Enter", name)  # from the filter to the list
    term.keys("Enter")
    term.wait_for(f"{name} · ")


def open_dawit(term: Terminal) -> None:
    open_child(term, "dawit", "Dawit Tesfay")
    term.wait_for("Dawit Tesfay · 16 · in care")


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)")
def test_book_a_review_quit_reopen_and_see_it(terminal, tmp_path):
    store = tmp_path / "demo.sqlite"
    term = terminal("--demo", "--db", str(store), "--today", "2026-06-01")
    # Samir has no review booked (Dawit's is booked: a second is refused).
    open_child(term, "samir", "Samir Haddad")
    term.keys("b")
    term.wait_for("Book a review for Samir Haddad")
    term.type("03/06/2026")  # replaces the suggested date (selected on focus)
    term.wait_for("03/06/2026")
    term.tab_to("Time")
    term.type("10:30")
    term.wait_for("10:30")
    term.tab_to("Venue")
    term.type("Foster home, Enfield")
    term.wait_for("Foster home, Enfield")
    term.keys("F2")
    term.wait_for("Review booked")
    term.keys("q")
    deadline = time.monotonic() + 10
    while term.alive() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not term.alive(), "q did not quit"

    again = terminal("--db", str(store), "--today", "2026-06-01")
    open_child(again, "samir", "Samir Haddad")
    again.keys("5")
    # The venue is the last to settle: the table refits its columns once the tab shows,
    # and at 80 columns it may end in '…' (the date, status and time never do).
    screen = again.wait_for("Foster home")
    # The table's row (the line above it says "Booked for Wed 03/06/2026" too).
    row = next(line for line in screen.splitlines() if line.strip().startswith("03/06/2026"))
    assert "booked" in row and "10:30" in row and "Foster home" in row

    conn = sqlite3.connect(store)
    assert conn.execute(
        "SELECT scheduled_date, scheduled_time, venue FROM reviews WHERE status = 'planned' "
        "AND scheduled_date = '2026-06-03'"
    ).fetchall() == [("2026-06-03", "10:30", "Foster home, Enfield")]
    conn.close()


def saved_draft(store: Path) -> str:
    conn = sqlite3.connect(store)
    try:
        row = conn.execute("SELECT payload FROM review_drafts").fetchone()
    except sqlite3.OperationalError:  # busy, or the table not there yet
        row = None
    finally:
        conn.close()
    return row[0] if row else ""


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)")
def test_a_review_being_recorded_survives_a_kill(terminal, tmp_path):
    store = tmp_path / "demo.sqlite"
    term = terminal("--demo", "--db", str(store), "--today", "2026-06-01")
    open_dawit(term)
    term.keys("r")
    term.wait_for("Recording a review · Dawit Tesfay")
    term.tab_to("Venue")  # past the status, held on and scheduled for
    term.type("Dawit wants to join a football club")
    term.wait_for("Dawit wants to join a football club")
    # Autosave runs every half second: wait until it has, however busy the machine.
    deadline = time.monotonic() + 20
    while "football" not in saved_draft(store) and time.monotonic() < deadline:
        time.sleep(0.2)
    # A hard kill: no chance to tidy up.
    subprocess.run(["pkill", "-9", "-f", str(store)], check=False)
    time.sleep(0.5)

    conn = sqlite3.connect(store)
    payload = conn.execute("SELECT payload FROM review_drafts").fetchone()
    conn.close()
    assert payload, "no draft was saved before the kill"
    assert json.loads(payload[0])["fields"]["venue"] == "Dawit wants to join a football club"

    again = terminal("--db", str(store), "--today", "2026-06-01")
    open_dawit(again)
    again.keys("r")
    again.wait_for("Continue it?")
    again.keys("y")
    again.wait_for("Recording a review · Dawit Tesfay")
    again.wait_for("Dawit wants to join a football club")
    assert "Dawit wants to join a football club" in again.screen()


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)")
def test_the_annual_report_in_the_app_matches_the_command(terminal, tmp_path):
    store = tmp_path / "demo.sqlite"
    term = terminal("--demo", "--db", str(store), "--today", "2026-06-01")
    term.wait_for("OVERDUE")
    term.keys("R")
    term.wait_for("the whole year")
    deadline = time.monotonic() + 10
    held = ""
    while "%" not in held and time.monotonic() < deadline:  # the body paints after the heading
        held = next((ln for ln in term.screen().splitlines() if "Held on time" in ln), "")
        time.sleep(0.2)
    term.keys("q")

    printed = subprocess.run(
        [str(IRO_TUI), "--db", str(store), "--today", "2026-06-01", "report", "annual", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert printed.stderr == ""  # no progress noise when stderr is not a terminal
    reviews = next(s for s in json.loads(printed.stdout)["sections"] if s["key"] == "reviews")
    on_time = next(f for f in reviews["figures"] if f["key"] == "on_time")
    assert f" {on_time['count']} " in held and f"{on_time['percent']}%" in held and "█" in held


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)")
def test_quit_with_unsaved_text_asks_and_keeps_the_text(terminal, tmp_path):
    store = tmp_path / "demo.sqlite"
    term = terminal("--demo", "--db", str(store), "--today", "2026-06-01")
    open_dawit(term)
    term.keys("F5")
    term.wait_for("A footprint note")
    term.tab_to("Note")  # past the date and the kind
    term.type("Phoned the carer about the school trip")
    term.wait_for("Phoned the carer about the school trip")
    term.tab_to("Follow up on (appears in the diary)")
    term.press_and_see_focus("Tab", "Save (F2)")  # onto a button: q is not typed
    term.keys("q")
    term.wait_for("it is kept as a draft")  # given back at the next opening (schema v10)
    term.keys("n")
    time.sleep(0.5)
    assert term.alive(), "q quit with a note half typed"
    term.keys("BTab", "BTab", "BTab")  # back to the note: the text is still there
    term.wait_for("Phoned the carer about the school trip")
    term.keys("C-q")
    term.wait_for("Quit now?")
    term.keys("y")
    deadline = time.monotonic() + 10
    while term.alive() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not term.alive(), "yes did not quit"
    conn = sqlite3.connect(store)
    assert (
        conn.execute("SELECT count(*) FROM footprint_notes WHERE text LIKE 'Phoned%'").fetchone()[0]
        == 0
    )
    # Not saved, but not lost: kept as Dawit's note draft, for the next opening.
    kept = conn.execute("SELECT form, payload FROM form_drafts").fetchall()
    assert [form for form, _ in kept] == ["note:100101"]
    assert "Phoned the carer about the school trip" in kept[0][1]
    conn.close()


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)")
def test_closing_the_terminal_keeps_the_last_words_typed_and_lets_go_of_the_store(
    terminal, tmp_path
):
    """The terminal window closed (SIGHUP) just after the last words were typed: the app
    goes, and the words are kept. They were lost when typed in the half second before
    (a draft is kept every half second: tests/tui/test_hang_up.py pins that they are now
    kept at once, which a real terminal cannot time); and the app's own way out, taken
    on a hang-up, once waited for ever on the terminal gone, holding the store."""
    store = tmp_path / "demo.sqlite"
    term = terminal("--demo", "--db", str(store), "--today", "2026-06-01")
    open_dawit(term)
    term.keys("F5")
    term.wait_for("A footprint note")
    term.tab_to("Note")
    term.type("The child told me something important just now")
    term.close()  # the window closed: tmux hangs up on the app
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        running = subprocess.run(["pgrep", "-f", str(store)], capture_output=True).stdout
        if not running:
            break
        time.sleep(0.2)
    assert not running, "the app was still running after its terminal closed"
    conn = sqlite3.connect(store)
    kept = conn.execute("SELECT form, payload FROM form_drafts").fetchall()
    conn.close()
    assert [form for form, _ in kept] == ["note:100101"]
    assert "The child told me something important just now" in kept[0][1]


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)")
def test_the_read_only_question_does_not_show_what_is_typed(terminal, tmp_path):
    """Asked before the passphrase screen, "Open it read-only? [y/N]" showed a passphrase
    typed at it out of habit, in clear, on the terminal."""
    from iro_tui.store import open_store
    from iro_tui.store.session_lock import SessionLock

    path = tmp_path / "s.sqlite"
    open_store(path).close()
    first = SessionLock(path)
    assert first.acquire() is None  # another iro-tui has it
    try:
        # The shell keeps the pane after iro-tui exits, to read what it left there.
        term = terminal("--db", str(path), "; sleep 30")
        term.wait_for("Open it read-only? [y/N, not shown as you type]")
        term.type("correct horse battery")
        term.keys("Enter")
        screen = term.wait_for("close that one first")
        assert "correct horse" not in screen
    finally:
        first.release()
