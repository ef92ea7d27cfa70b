"""The annual report quotes the late reasons and escalation outcomes as recorded; one that
names a child is said (where, never the words) before the report is shared (an
adversarial check: "Ahmad Rahimi (100102) was in hospital" went in as written, under a
promise of "no child named")."""

from iro_tui.__main__ import main


def test_a_quoted_reason_naming_a_child_is_said_on_stderr_by_where(demo, capsys):
    with demo.transaction():
        demo.conn.execute(
            "UPDATE reviews SET late_reason = 'Ahmad Rahimi (100102) was in hospital' "
            "WHERE late_reason IS NOT NULL"
        )
    assert (
        main(
            [
                "--db",
                str(demo.path),
                "--today",
                "2026-06-01",
                "report",
                "annual",
                "--year",
                "2025-26",
            ]
        )
        == 0
    )
    out, err = capsys.readouterr()
    assert "Ahmad Rahimi (100102) was in hospital" in out  # quoted as recorded
    assert err.startswith(
        "iro-tui: warning: a child is named in 'Why late reviews were late', row 1: reword "
        "it before sharing"
    )
    assert "Ahmad" not in err and "100102" not in err


def test_reasons_naming_no_child_raise_no_warning(demo, capsys):
    with demo.transaction():
        demo.conn.execute(
            "UPDATE reviews SET late_reason = 'The interpreter was ill' "
            "WHERE late_reason IS NOT NULL"
        )
    assert (
        main(
            [
                "--db",
                str(demo.path),
                "--today",
                "2026-06-01",
                "report",
                "annual",
                "--year",
                "2025-26",
            ]
        )
        == 0
    )
    assert "warning" not in capsys.readouterr().err
