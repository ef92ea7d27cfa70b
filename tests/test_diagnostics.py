"""The fault log says where iro-tui failed, and nothing of the child."""

import stat

from iro_tui import __main__ as cli
from iro_tui.diagnostics import log_fault
from iro_tui.domain.fields import FieldProblem, parse_ui_date


def test_a_fault_is_logged_by_type_and_place_never_by_message(tmp_path, monkeypatch):
    monkeypatch.setenv("IRO_TUI_LOG_DIR", str(tmp_path / "logs"))
    try:
        parse_ui_date("Amira Secretname", "dob")
    except FieldProblem as error:
        path = log_fault(error)
    text = path.read_text()
    assert "FieldProblem" in text and "fields.py:" in text and "parse_ui_date" in text
    assert "Amira" not in text and "Secretname" not in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_the_cli_names_the_log_on_an_unexpected_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("IRO_TUI_LOG_DIR", str(tmp_path / "logs"))

    def broken(argv):
        raise RuntimeError("Amira Secretname's review")

    monkeypatch.setattr(cli, "run", broken)
    assert cli.main(["agenda"]) == cli.EXIT_UNEXPECTED
    err = capsys.readouterr().err
    assert "unexpected error (RuntimeError)" in err and "Secretname" not in err
    assert str(tmp_path / "logs" / "faults.log") in err
    logged = (tmp_path / "logs" / "faults.log").read_text()
    assert "RuntimeError" in logged and "Secretname" not in logged


def test_a_log_that_cannot_be_written_is_not_a_second_failure(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("IRO_TUI_LOG_DIR", str(blocker / "logs"))  # a file, not a folder
    assert log_fault(RuntimeError("x")) is None
