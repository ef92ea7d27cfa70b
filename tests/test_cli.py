"""The command line: agenda, config, locate, and errors as one plain line."""

import json
import shutil
import subprocess
import sys

import pytest

from iro_tui.__main__ import main
from iro_tui.store import open_store

from .conftest import FIXTURE_903, store_contents


@pytest.fixture
def db(tmp_path, capsys):
    path = tmp_path / "s.sqlite"
    # --plain: these tests compare stores with the standard library's sqlite3.
    assert main(["--db", str(path), "--plain", "import-903", str(FIXTURE_903)]) == 0
    capsys.readouterr()
    return path


def agenda(capsys, db, *args) -> list[dict]:
    assert main(["--db", str(db), "agenda", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_agenda_json_has_one_exact_review_item_per_child_in_care(db, capsys):
    items = agenda(capsys, db, "--today", "2026-06-01", "--days", "400")
    reviews = {i["child"]: i for i in items if i["kind"] == "review"}
    # Hand-checked against the fixtures (England):
    assert reviews["100102"] == {
        "child": "100102",
        "kind": "review",
        "due": "2026-05-27",
        "overdue": True,
        "title": "Review due",
        "detail": "6 months after the last review on 27/11/2025",
    }
    # Newly in care, LAC Mon 11 May 2026: 20 WD skipping the Spring bank holiday
    # (25 May) lands on Tue 9 Jun.
    assert reviews["100108"]["due"] == "2026-06-09"
    assert reviews["100108"]["title"] == "1st review due"
    # An unplanned move from foster care (CREQB, 6 May) is no automatic review
    # (handbook 3.74-3.76): 6 months after the last review, 15 Jan -> 15 Jul 2026.
    assert reviews["100116"]["due"] == "2026-07-15"
    assert reviews["100115"]["due"] == "2026-07-20"  # placement order 20 Apr + 3 months
    assert "100104" not in reviews  # next review would fall after his 18th birthday
    assert "100117" not in reviews  # left care
    assert len(reviews) == 15
    assert [i["child"] for i in items if i["kind"] == "review" and i["overdue"]] == ["100102"]
    assert items[0]["overdue"]  # overdue first


def test_agenda_follows_the_jersey_rulebook(db, capsys):
    assert main(["--db", str(db), "config", "set", "rulebook", "jersey"]) == 0
    assert main(["--db", str(db), "config", "get", "rulebook"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "jersey"
    items = agenda(capsys, db, "--today", "2026-06-01", "--days", "400")
    reviews = {i["child"]: i["due"] for i in items}
    # Newly in care 11 May 2026: Jersey allows 28 calendar days -> 8 Jun.
    assert reviews["100108"] == "2026-06-08"
    # 2nd review of a child who came into care 17 Nov 2025: Jersey counts 4 months
    # from becoming looked after... he has had two reviews, so 6 months from 5 Mar.
    assert reviews["100111"] == "2026-09-05"


def test_days_limits_the_agenda_but_overdue_items_always_show(db, capsys):
    # The 903 alone has no bookings, decisions or appointments: reviews and birthdays.
    # Mid-point checks are left out here: the 903 alone carries no footprint notes.
    items = agenda(capsys, db, "--today", "2026-06-01", "--days", "0")
    others = [(i["child"], i["kind"], i["overdue"]) for i in items if i["kind"] != "midpoint"]
    # 100108 came into care Mon 11 May 2026 and the 903 alone carries no footprint
    # note nor review: the IRO's appointment was due 5 WD later, 12-15, Mon 18 May,
    # before the return was imported (the day the child joined the caseload): not
    # shouted, as a mid-point check then is not (agenda_items.iro_appointed_items).
    assert others == [("100102", "review", True)]
    assert all(i["overdue"] for i in items)
    items = agenda(capsys, db, "--today", "2026-06-01", "--days", "9")
    # 100104 turns 18 on Wed 8 Jul 2026; 20 WD before, counted back: 7, 6, 3, 2, 1 Jul,
    # 30, 29, 26, 25, 24, 23, 22, 19, 18, 17, 16, 15, 12, 11 Jun (19), Wed 10 Jun (20).
    # His final review (City of London: 4-6 weeks before 18) is due by 8 Jul - 4 weeks.
    assert [(i["child"], i["kind"], i["due"]) for i in items if i["kind"] != "midpoint"] == [
        ("100102", "review", "2026-05-27"),
        ("100107", "review", "2026-06-04"),
        ("100108", "review", "2026-06-09"),
        ("100104", "final-review", "2026-06-10"),
        ("100104", "pathway-plan", "2026-06-10"),
    ]


def test_a_booked_review_adds_scheduled_without_moving_the_deadline(tmp_path, today, capsys):
    from iro_tui.demo import build_demo

    path = tmp_path / "demo.sqlite"
    build_demo(path, today).close()
    items = agenda(capsys, path, "--today", today.isoformat(), "--days", "14")
    kidane = next(i for i in items if i["child"] == "100108" and i["kind"] == "review")
    assert (kidane["due"], kidane["scheduled"]) == ("2026-06-09", "2026-06-05")
    meeting = next(i for i in items if i["child"] == "100108" and i["kind"] == "booked-review")
    assert (meeting["due"], meeting["time"]) == ("2026-06-05", "14:00")
    # Pre-review deadlines count back from Fri 5 Jun: SW report, care plan, PEP and
    # health 3 WD before = Tue 2 Jun; the SW conversation, venue and consultation are
    # done; items due on the day itself (seen alone, rights...) are not diary items.
    pre = sorted(
        (i["title"], i["due"])
        for i in items
        if i["child"] == "100108" and i["kind"] == "pre-review"
    )
    assert pre == [
        ("Care plan received and current", "2026-06-02"),
        ("Latest health assessment / health plan received", "2026-06-02"),
        ("Personal Education Plan (PEP) received", "2026-06-02"),
        ("SW report received", "2026-06-02"),
    ]


def test_readable_agenda_marks_overdue(db, capsys):
    assert main(["--db", str(db), "agenda", "--today", "2026-06-01", "--days", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "OVERDUE  2026-05-27     -5  100102    review         Review due" in lines
    samir = next(line for line in lines if "100107    review" in line)
    assert samir.startswith("         2026-06-04      3")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["agenda", "--today", "2026-13-01"], "'2026-13-01' is not a date in the form YYYY-MM-DD"),
        (["agenda", "--days", "soon"], "'soon' is not a whole number of days"),
        (["config", "set", "rulebook", "wales"], "unknown rulebook 'wales'"),
        (["import-903", "/nonexistent/folder"], "is not a folder of 903 CSV files"),
    ],
)
def test_bad_input_is_one_plain_line_and_exit_2(db, capsys, argv, message):
    before = store_contents(db)
    assert main(["--db", str(db), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert store_contents(db) == before


def test_a_bad_store_is_exit_2(tmp_path, capsys):
    bad = tmp_path / "bad.sqlite"
    bad.write_text("not a database")
    assert main(["--db", str(bad), "agenda"]) == 2
    assert "not an iro-tui store" in capsys.readouterr().err


def test_locate_follows_db_then_env(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("IRO_TUI_DB", str(tmp_path / "env.sqlite"))
    assert main(["locate"]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "env.sqlite")
    assert main(["--db", str(tmp_path / "cli.sqlite"), "locate"]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "cli.sqlite")
    assert not (tmp_path / "env.sqlite").exists()


def test_the_installed_command_runs(tmp_path):
    exe = shutil.which("iro-tui") or str(
        __import__("pathlib").Path(sys.executable).with_name("iro-tui")
    )
    open_store(tmp_path / "x.sqlite").close()
    result = subprocess.run(
        [exe, "--db", str(tmp_path / "x.sqlite"), "agenda", "--json"],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "IRO_TUI_PASSPHRASE": "a passphrase"},
    )
    assert result.returncode == 0 and json.loads(result.stdout) == []
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "iro_tui",
            "--db",
            str(tmp_path / "x.sqlite"),
            "agenda",
            "--days",
            "x",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_version_is_the_package_version(capsys):
    from iro_tui import __version__

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"iro-tui {__version__}"


MISTYPED_DB_COMMANDS = {
    "agenda": ["agenda", "--json"],
    "config get": ["config", "get", "rulebook"],
    "config set": ["config", "set", "rulebook", "jersey"],
    "export ics": ["export", "ics", "{tmp}/diary.ics"],
    "export 903": ["export", "903", "--year", "2026", "--out", "{tmp}/return"],
    "export review": [
        "export",
        "review",
        "1",
        "--format",
        "md",
        "--style",
        "letter",
        "--out",
        "{tmp}/r.md",
    ],
    "report annual": ["report", "annual", "--json"],
}


@pytest.mark.parametrize("command", MISTYPED_DB_COMMANDS, ids=list(MISTYPED_DB_COMMANDS))
def test_a_mistyped_db_path_creates_nothing_and_says_so(command, tmp_path, capsys):
    db = tmp_path / "Documnets" / "iro.sqlite"  # the folder is mistyped too
    args = [a.replace("{tmp}", str(tmp_path)) for a in MISTYPED_DB_COMMANDS[command]]
    assert main(["--db", str(db), *args]) == 2
    assert capsys.readouterr().err == (
        f"iro-tui: no store at {db}: check the path, or run import-903 / open the app "
        "to create one\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_the_default_store_is_not_created_by_a_command_either(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("IRO_TUI_DB", str(tmp_path / "iro.sqlite"))
    assert main(["agenda"]) == 2
    assert "no store at" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_import_903_creates_the_store_when_the_files_are_good(tmp_path, capsys):
    db = tmp_path / "new" / "iro.sqlite"
    assert main(["--db", str(db), "--plain", "import-903", str(FIXTURE_903)]) == 0
    assert capsys.readouterr().out.startswith("imported 17 children (17 new)")
    assert main(["--db", str(db), "config", "get", "rulebook"]) == 0


def test_the_drp_ladder_is_a_local_setting_with_a_warning_when_it_cannot_fit(db, capsys):
    # The rulebook's default: six stages of 5 WD = 30, more than handbook 6.2's 20.
    assert main(["--db", str(db), "config", "get", "drp_ladder"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Team manager=5; Service manager=5; Head of service=5")
    assert "6 stages x 5 working days = 30" in err and "warning" in err
    ladder = "Team manager=3; Service manager = 4; Director=5; Cafcass referral=8"
    assert main(["--db", str(db), "config", "set", "drp_ladder", ladder]) == 0
    out, err = capsys.readouterr()
    assert out == "drp_ladder = Team manager=3; Service manager=4; Director=5; Cafcass referral=8\n"
    assert err == ""  # 3 + 4 + 5 + 8 = 20: it fits
    assert (
        main(["--db", str(db), "config", "set", "drp_ladder", "Team manager=13; Director=8"]) == 0
    )
    assert "2 stages of 13 + 8 = 21 working days" in capsys.readouterr().err


def test_a_bad_drp_ladder_is_refused_and_nothing_changes(db, capsys):
    before = store_contents(db)
    assert main(["--db", str(db), "config", "set", "drp_ladder", "Team manager=5; Director"]) == 2
    err = capsys.readouterr().err
    assert "drp_ladder stage 2 'Director' needs a name and its response time" in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert store_contents(db) == before


def test_the_readable_agenda_marks_a_task_of_a_child_who_left_care(demo, capsys):
    """The JSON said left_care; the text mixed a whole authority's tasks of children long
    gone in with the rest, unmarked (an adversarial check). Bereket (100117) left care on
    16/03/2026 with a decision from his last review still open."""
    from .conftest import decision_of_a_child_who_left_care

    decision_of_a_child_who_left_care(demo)
    assert main(["--db", str(demo.path), "agenda", "--today", "2026-06-01"]) == 0
    lines = capsys.readouterr().out.splitlines()
    [his] = [line for line in lines if "Plan the return home" in line]
    assert his.startswith("OVERDUE ") and his.endswith("Plan the return home (left care)")
    assert not [line for line in lines if "(left care)" in line and "100117" not in line]


def test_a_ladder_of_one_stage_too_long_is_said_in_words(db, capsys):
    """ "1 stages x 25 working days" (an adversarial check)."""
    assert main(["--db", str(db), "config", "set", "drp_ladder", "Team manager=25"]) == 0
    err = capsys.readouterr().err
    assert "cannot fit: its one stage takes 25 working days, more than the 20" in err
