"""The bad-input corpus: for every CLI command, several bad inputs. Each one exits 2
with exactly one true plain line on stderr (never "unexpected error", never a
traceback) and leaves the store row-for-row as it was (issue 13)."""

import errno
import os
import sqlite3
from pathlib import Path

import pytest

from iro_tui.__main__ import main

from .conftest import FIXTURE_903, store_contents

MISSING = "/nonexistent-iro-folder"

# {dir}: an empty folder; {file}: an ordinary file; {link}: a symbolic link to a file;
# {rdir}: a folder holding 903 files broken as the case says.
CORPUS = [
    # the global options
    (["--today", "9999-12-31", "agenda"], "'9999-12-31' is out of range"),
    (["--today", "0001-01-01", "agenda"], "'0001-01-01' is out of range"),
    (["--today", "yesterday", "agenda"], "'yesterday' is not a date in the form YYYY-MM-DD"),
    (["--db", "{dir}", "agenda"], "is a folder; give the path of a store file"),
    (["--db", "{file}", "agenda"], "is not an iro-tui store"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    # agenda
    (["agenda", "--days", "1000000000"], "1000000000 days is too far ahead: at most 3660"),
    (["agenda", "--days", "-3"], "'-3' is not a whole number of days"),
    (["agenda", "--days", "soon"], "'soon' is not a whole number of days"),
    (["agenda", "--today", "9999-12-31"], "'9999-12-31' is out of range"),
    (["agenda", "--today", "2026-02-30"], "'2026-02-30' is not a date"),
    # config
    (["config"], "the following arguments are required"),
    (["config", "get", "colour"], "invalid choice: 'colour'"),
    (["config", "set", "rulebook", "wales"], "unknown rulebook 'wales'"),
    (["config", "set", "calendar_full_names", "maybe"], "must be one of yes, no"),
    (["config", "set", "iro_name", "   "], "Your name (signs letters to children) cannot be empty"),
    # import-903
    (["import-903", MISSING], "is not a folder of 903 CSV files"),
    (["import-903", "{file}"], "is not a folder of 903 CSV files"),
    (["import-903", "{dir}"], "no Header, Episodes, Reviews file found"),
    (["import-903", "{rdir:latin1}"], "header.csv line 2: a character here is not UTF-8 text"),
    (["import-903", "{rdir:bad_sex}"], "header.csv line 2, column SEX: 'X' is not a known sex"),
    (["import-903", "{rdir:short_row}"], "reviews.csv line 2: has 3 fields but the header has 4"),
    # export ics
    (["export", "ics", "{dir}"], "is a folder: give a file name"),
    (["export", "ics", f"{MISSING}/diary.ics"], f"the folder {MISSING} does not exist"),
    (["export", "ics", "/dev/null"], "/dev/null is a device or special file"),
    # A name longer than the disk allows (255 bytes) stopped the app with an OSError.
    (["export", "ics", "{dir}/" + "a" * 300 + ".ics"], "File name too long"),
    (["export", "ics", "{link}"], "is a symbolic link: give the path of an ordinary file"),
    # export 903
    (["export", "903", "--year", "99999", "--out", "{dir}"], "'99999' is not a collection year"),
    (["export", "903", "--year", "2025-27", "--out", "{dir}"], "'2025-27' is not a collection"),
    (["export", "903", "--year", "twenty", "--out", "{dir}"], "'twenty' is not a collection"),
    (["export", "903", "--year", "2026"], "the following arguments are required: --out"),
    (["export", "903", "--year", "2026", "--out", "{file}"], "is a file: give a folder"),
    (["export", "903", "--year", "2026", "--out", f"{MISSING}/r"], f"{MISSING} does not exist"),
    (["export", "903", "--year", "2026", "--out", "{rdir:link}"], "header.csv is a symbolic"),
    # export review
    (
        [
            "export",
            "review",
            "99999999999999999999999",
            "--format",
            "md",
            "--style",
            "letter",
            "--out",
            "{dir}/r.md",
        ],
        "is not a review number",
    ),
    (
        ["export", "review", "1", "--format", "pdf", "--style", "letter", "--out", "{dir}/r.md"],
        "invalid choice: 'pdf'",
    ),
    # Markdown written into a file named .docx would not open in Word.
    (
        ["export", "review", "1", "--format", "md", "--style", "letter", "--out", "{dir}/r.docx"],
        "r.docx ends .docx but --format is md: give a name ending .md, or --format docx",
    ),
    (
        ["export", "review", "1", "--format", "md", "--style", "letter", "--out", "{dir}"],
        "is a folder: give a file name",
    ),
    (
        [
            "export",
            "review",
            "1",
            "--format",
            "md",
            "--style",
            "letter",
            "--out",
            f"{MISSING}/r.md",
        ],
        f"the folder {MISSING} does not exist",
    ),
    (
        ["export", "review", "1", "--format", "md", "--style", "letter", "--out", "{link}"],
        "is a symbolic link",
    ),
    (
        ["export", "review", "99999", "--format", "md", "--style", "letter", "--out", "{dir}/r.md"],
        "there is no review 99999 in this store",
    ),
    # report annual
    (["report", "annual", "--year", "2025"], "'2025' is not a report year: write it like"),
    (["report", "annual", "--year", "2099-00"], "2099-00 has not started yet"),
    (["report", "annual", "--out", "{dir}"], "is a folder: give a file name"),
    (["report", "annual", "--out", "{dir}/" + "r" * 300 + ".md"], "File name too long"),
    (["report", "annual", "--out", f"{MISSING}/r.md"], f"the folder {MISSING} does not exist"),
    # locate
    (["locate", "extra"], "unrecognized arguments: extra"),
]


def broken_903(folder: Path, how: str) -> Path:
    for source in FIXTURE_903.iterdir():
        (folder / source.name).write_bytes(source.read_bytes())
    header = folder / "header.csv"
    if how == "latin1":
        header.write_bytes(
            header.read_bytes().replace(b"100101,M", "100101,M\u00e9".encode("latin-1"))
        )
    elif how == "bad_sex":
        header.write_text(header.read_text().replace("100101,M,", "100101,X,", 1))
    elif how == "short_row":
        reviews = folder / "reviews.csv"
        lines = reviews.read_text().splitlines()
        reviews.write_text("\n".join([lines[0], "100101,14/09/2009,28/11/2024", *lines[2:]]))
    elif how == "link":
        header.unlink()
        header.symlink_to(folder / "episodes.csv")
    return folder


def place(arg: str, tmp_path: Path) -> str:
    if arg == "{dir}" or arg.startswith("{dir}/"):
        folder = tmp_path / "empty"
        folder.mkdir(exist_ok=True)
        return arg.replace("{dir}", str(folder))
    if arg == "{file}":
        path = tmp_path / "plain.txt"
        path.write_text("not a store, not a folder\n")
        return str(path)
    if arg == "{link}":
        target = tmp_path / "precious.txt"
        target.write_text("keep me\n")
        link = tmp_path / "link.out"
        link.symlink_to(target)
        return str(link)
    if arg.startswith("{rdir:"):
        how = arg[6:-1]
        folder = tmp_path / f"903-{how}"
        folder.mkdir()
        return str(broken_903(folder, how))
    return arg


@pytest.fixture
def db(tmp_path, capsys):
    path = tmp_path / "s.sqlite"
    assert main(["--db", str(path), "--plain", "import-903", str(FIXTURE_903)]) == 0
    capsys.readouterr()
    return path


def refused(capsys, db: Path, argv: list[str]) -> str:
    """Run with the store at `db`; assert exit 2 and one plain line; return it."""
    before = store_contents(db)
    code = main(["--db", str(db), *argv])
    out, err = capsys.readouterr()
    assert code == 2, (argv, out, err)
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert err.startswith("iro-tui: ") and "unexpected" not in err and "Traceback" not in err
    assert store_contents(db) == before
    return err


@pytest.mark.parametrize(("argv", "message"), CORPUS, ids=[" ".join(a) for a, _ in CORPUS])
def test_bad_input_exits_2_with_one_true_line_and_changes_nothing(
    db, tmp_path, capsys, argv, message
):
    argv = [place(arg, tmp_path) for arg in argv]
    err = refused(capsys, db, argv)
    assert message in err, err
    if (tmp_path / "precious.txt").exists():
        assert (tmp_path / "precious.txt").read_text() == "keep me\n"
        assert (tmp_path / "link.out").is_symlink()


def test_an_unreadable_csv_is_named(db, tmp_path, capsys, monkeypatch):
    (tmp_path / "903").mkdir()
    folder = broken_903(tmp_path / "903", "as it is")
    real_open = Path.open

    def open_(self, *args, **kwargs):
        if self.name == "episodes.csv":  # as chmod 000 does for anyone but root
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_)
    err = refused(capsys, db, ["import-903", str(folder)])
    assert err == "iro-tui: episodes.csv: cannot be read (Permission denied)\n"


@pytest.mark.parametrize(
    ("argv", "target"),
    [
        (["export", "ics", "{out}/diary.ics"], "{out}/diary.ics"),
        (["report", "annual", "--out", "{out}/report.md"], "{out}/report.md"),
        (["export", "903", "--year", "2026", "--out", "{out}"], "the 903 return to {out}"),
    ],
)
@pytest.mark.parametrize(
    ("failure", "words"),
    [(errno.EACCES, "Permission denied"), (errno.ENOSPC, "No space left on device")],
    ids=["read-only folder", "full disk"],
)
def test_exports_into_a_read_only_folder_or_a_full_disk_are_refused(
    db, tmp_path, capsys, monkeypatch, argv, target, failure, words
):
    out = tmp_path / "out"
    out.mkdir()

    def fail(*args, **kwargs):
        raise OSError(failure, os.strerror(failure))

    # What a read-only folder or a full disk does to the first file written there.
    monkeypatch.setattr("tempfile.mkstemp", fail)
    monkeypatch.setattr(Path, "write_text", fail)
    argv = [a.replace("{out}", str(out)) for a in argv]
    err = refused(capsys, db, argv)
    assert target.replace("{out}", str(out)) in err and words in err
    assert list(out.iterdir()) == []


def test_a_903_return_not_written_leaves_no_empty_folder_it_made(db, tmp_path, capsys, monkeypatch):
    """Its folder was left behind, empty, as if the return were in it."""
    out = tmp_path / "return"

    def fail(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Path, "write_text", fail)
    err = refused(capsys, db, ["export", "903", "--year", "2026", "--out", str(out)])
    assert f"could not write the 903 return to {out}: No space left on device" in err
    assert not out.exists()


def test_a_full_disk_under_the_store_is_said_plainly_not_a_bad_store(db, capsys, monkeypatch):
    from iro_tui.store import connect as connect_module

    real_connect = connect_module.connect

    def full(path, passphrase=None):
        conn = real_connect(path, passphrase)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLITE_FULL, as a full disk
        return conn

    monkeypatch.setattr(connect_module, "connect", full)
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM reviews")  # so the import has pages to add
    conn.commit()
    conn.close()
    err = refused(capsys, db, ["import-903", str(FIXTURE_903)])
    assert err == "iro-tui: the disk is full: free some space and try again; nothing was saved\n"


def test_a_read_only_store_is_said_plainly_not_a_bad_store(db, capsys, monkeypatch):
    from iro_tui.store import connect as connect_module

    real = connect_module.sqlite3.connect  # the store's driver (SQLCipher)

    def read_only(path, **kwargs):  # as a read-only file or folder opens
        return real(f"file:{path}?mode=ro", uri=True, **kwargs)

    monkeypatch.setattr(connect_module.sqlite3, "connect", read_only)
    err = refused(capsys, db, ["config", "set", "iro_name", "Sam Okafor"])
    assert "not an iro-tui store" not in err
    assert err == (
        "iro-tui: the store cannot be written: the file or its folder is read-only; "
        "nothing was saved\n"
    )


@pytest.mark.parametrize("command", [[], ["--plain", "import-903", str(FIXTURE_903)]])
def test_no_store_is_made_over_a_moved_stores_write_ahead_log(tmp_path, capsys, command):
    """A store moved or deleted while open leaves its log, holding its last saves, where it
    was. Making a new store there (the app's "Create one?", an import) lost them for good."""
    path = tmp_path / "iro.sqlite"
    log = tmp_path / "iro.sqlite-wal"
    log.write_bytes(b"the last saves" * 100)
    code = main(["--db", str(path), "--today", "2026-06-01", *command])
    err = capsys.readouterr().err
    assert code == 2
    assert err == (
        f"iro-tui: there is no store at {path}, but its write-ahead log iro.sqlite-wal is "
        "there: it may hold the last saves of the store, which was moved or deleted while "
        f"open. Put the store back at {path} to keep them (or, if you are sure they are not "
        "needed, move iro.sqlite-wal away) before a new store is made here\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["iro.sqlite-wal"]
    assert log.read_bytes() == b"the last saves" * 100


def test_restore_and_commands_say_so_where_a_moved_stores_log_remains(tmp_path, capsys):
    """`restore` put a backup where only a moved store's log remained: SQLite replayed the
    log into it (damaging it) and removed it, the last saves lost. Other commands said
    "no store ... open the app to create one", which the app then refused."""
    store = tmp_path / "iro.sqlite"
    assert main(["--db", str(store), "--plain", "import-903", str(FIXTURE_903)]) == 0
    assert main(["--db", str(store), "backup"]) == 0
    capsys.readouterr()
    (made,) = (store.parent / "iro.sqlite.backups").iterdir()
    store.unlink()
    log = tmp_path / "iro.sqlite-wal"
    log.write_bytes(b"the last saves" * 100)
    for command in (["restore", str(made), "--yes"], ["agenda"]):
        code = main(["--db", str(store), *command])
        err = capsys.readouterr().err
        assert code == 2, command
        assert "its write-ahead log iro.sqlite-wal is there" in err, command
    assert not store.exists() and log.read_bytes() == b"the last saves" * 100
