"""The annual report quotes the late reasons and escalation outcomes as recorded; one that
names a child is said (where, never the words) before the report is shared (an
adversarial check: "Ahmad Rahimi (100102) was in hospital" went in as written, under a
promise of "no child named")."""

from iro_tui.__main__ import main


def reported_with_late_reasons(demo, capsys, reason: str) -> tuple[str, str]:
    """The 2025-26 report's output and warnings, every late reason made `reason`."""
    with demo.transaction():
        demo.conn.execute(
            "UPDATE reviews SET late_reason = ? WHERE late_reason IS NOT NULL", [reason]
        )
    report = ["report", "annual", "--year", "2025-26"]
    assert main(["--db", str(demo.path), "--today", "2026-06-01", *report]) == 0
    return capsys.readouterr()


def test_a_quoted_reason_naming_a_child_is_said_on_stderr_by_where(demo, capsys):
    out, err = reported_with_late_reasons(demo, capsys, "Ahmad Rahimi (100102) was in hospital")
    assert "Ahmad Rahimi (100102) was in hospital" in out  # quoted as recorded
    assert err.startswith(
        "iro-tui: warning: a child is named in 'Why late reviews were late', row 1: reword "
        "it before sharing"
    )
    assert "Ahmad" not in err and "100102" not in err


def test_reasons_naming_no_child_raise_no_warning(demo, capsys):
    _, err = reported_with_late_reasons(demo, capsys, "The interpreter was ill")
    assert "warning" not in err
