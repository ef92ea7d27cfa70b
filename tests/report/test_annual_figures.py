"""Annual report figures on a small hand-built store, every figure counted by hand.

The year is 2025-26 (1 April 2025 - 31 March 2026), England rulebook, counted on
1 June 2026 so the whole year is in. Bank holidays that matter below (England):
Good Friday 18/04/2025, Easter Monday 21/04/2025, early May 05/05/2025, spring
26/05/2025, summer 25/08/2025.

Five fictional children:
- T01, aged 13, came into care 07/04/2025 (C1), care order 01/09/2025 (C2), placed
  out of area. 1st review due 20 WD after 07/04/2025 = 08/05/2025 (Easter and early
  May skipped); held 08/05/2025, on its deadline: on time. 2nd due 3 months later,
  08/08/2025; held 11/08/2025: late ("Child unwell"). 3rd due 6 months later,
  11/02/2026; held 10/02/2026: on time.
- T02, UASC, aged 17, in care since 09/01/2023, placed in area. The store holds only
  reviews from 02/06/2025 and 01/12/2025 (a 903 import of one year): the first cannot
  be judged; the second is 6 months after it at most (due 02/12/2025): on time.
- T03, aged 2, came into care 06/10/2025; 1st review due 03/11/2025 (20 WD), held
  that day; went home 15/01/2026 (E4A).
- T04 left care in February 2025: before the year, so in no figure.
- T05 turned 18 on 01/09/2025, red-listed; last review 20/03/2025, the next would
  fall after the 18th birthday so none was due: the final review on 14/07/2025 is on
  time (under the red-list policy it would have been due 20/06/2025: not counted).
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from iro_tui.domain.models import Child, Episode, Review
from iro_tui.domain.report import ReportYear, percent
from iro_tui.errors import BadInput
from iro_tui.interchange.annual_wording import build_annual_report

YEAR = ReportYear(2025)
COUNTED_ON = date(2026, 6, 1)


def d(text: str) -> date:
    return date.fromisoformat(text)


class Builder:
    def __init__(self, store) -> None:
        self.store = store

    def child(self, ref, dob, uasc=False, red_list=False) -> int:
        return self.store.upsert_child(
            Child(child_ref=ref, dob=d(dob), sex="M", uasc=uasc, red_list=red_list)
        )

    def episode(self, child_id, decom, rne="S", ls="V2", dec=None, rec=None, out=None) -> None:
        episode_id = self.store.upsert_episode(
            child_id,
            Episode(
                decom=d(decom),
                rne=rne,
                ls=ls,
                cin="N1",
                place="U3",
                place_provider="PR1",
                dec=d(dec) if dec else None,
                rec=rec,
            ),
        )
        if out is not None:
            self.store.insert("placements", {"episode_id": episode_id, "out_of_area": out})

    def review(self, child_id, held, code=None, **details) -> int:
        review_id = self.store.upsert_held_review(
            child_id, Review(status="held", held_date=d(held), participation_code=code)
        )
        if details:
            with self.store.transaction() as db:
                db["reviews"].update(review_id, details)
        return review_id

    def consulted(self, review_id, role, day) -> None:
        self.store.insert(
            "consultations",
            {
                "review_id": review_id,
                "consultee": role,
                "consultee_role": role,
                "method": "phone",
                "consulted_date": d(day),
            },
        )

    def decision(self, child_id, made, due, status="open", done=None) -> None:
        self.store.insert(
            "decisions",
            {
                "child_id": child_id,
                "text": "A decision",
                "owner_name": "A Worker",
                "owner_role": "social_worker",
                "made_date": d(made),
                "due_date": d(due),
                "status": status,
                "completed_date": d(done) if done else None,
            },
        )

    def note(self, child_id, day, kind="midpoint") -> None:
        self.store.insert(
            "footprint_notes",
            {"child_id": child_id, "note_date": d(day), "kind": kind, "text": "Checked."},
        )

    def escalation(self, child_id, kind, theme, opened, stages, resolved=None, outcome=None):
        escalation_id = self.store.insert(
            "escalations",
            {
                "child_id": child_id,
                "kind": kind,
                "theme": theme,
                "issue": "An issue",
                "opened_date": d(opened),
                "resolved_date": d(resolved) if resolved else None,
                "outcome": outcome,
            },
        )
        for number, (name, day, skipped) in enumerate(stages, start=1):
            self.store.insert(
                "escalation_stages",
                {
                    "escalation_id": escalation_id,
                    "stage_no": number,
                    "stage_name": name,
                    "opened_date": d(day) if day else None,
                    "skipped": int(skipped),
                    "skip_reason": "Emergency" if skipped else None,
                },
            )


@pytest.fixture
def year_store(store):
    b = Builder(store)

    t01 = b.child("T01", "2012-05-10")
    b.episode(t01, "2025-04-07", ls="C1", dec="2025-09-01", rec="X1", out=0)
    b.episode(t01, "2025-09-01", rne="L", ls="C2", out=1)
    first = b.review(
        t01,
        "2025-05-08",
        "PN1",
        seen_alone=1,
        completed_date="2025-05-08",
        decisions_sent_date="2025-05-15",  # due 15/05 (5 WD): on time, on the day
        record_sent_date="2025-06-06",  # due 06/06 (20 WD, spring bank holiday): on time
    )
    b.consulted(first, "child", "2025-05-01")
    b.review(
        t01,
        "2025-08-11",
        "PN6",
        seen_alone=0,
        late_reason="Child unwell",
        completed_date="2025-08-11",  # decisions due 18/08: never sent, overdue
        record_sent_date="2025-09-30",  # due 09/09 (summer bank holiday): late
    )
    b.review(t01, "2026-02-10", "PN2")  # no completion date: as if imported
    b.decision(t01, "2025-03-31", "2025-04-30")  # before the year: not made in it
    b.decision(t01, "2025-05-08", "2025-06-30", "done", "2025-06-20")  # on time
    b.decision(t01, "2025-05-08", "2025-07-31", "done", "2025-08-05")  # late
    b.decision(t01, "2025-08-11", "2025-10-31")  # open, overdue
    b.decision(t01, "2025-08-11", "2026-06-30")  # open, not yet due
    b.decision(t01, "2025-08-11", "2025-12-31", "dropped")
    b.decision(t01, "2026-02-10", "2026-03-20", "done", "2026-04-10")  # open at year end
    # Mid-points: 22/04/2025 (done 25/04), 23/06/2025 (not done), 11/11/2025 (done 12/11);
    # the next, 11/05/2026, is after the year.
    b.note(t01, "2025-04-25")
    b.note(t01, "2025-11-12")
    b.escalation(
        t01,
        "formal",
        "permanence",
        "2025-09-01",
        [
            ("Team manager", "2025-09-01", False),
            ("Service manager", None, True),
            ("Head of service", "2025-09-10", False),
        ],
        resolved="2025-09-20",
        outcome="Plan agreed",
    )
    b.escalation(
        t01, "informal", "safeguarding", "2025-03-15", [("Informal", "2025-03-15", False)]
    )  # before the year

    t02 = b.child("T02", "2008-06-15", uasc=True)
    b.episode(t02, "2023-01-09", out=0)
    early = b.review(t02, "2025-06-02", "PN7")
    b.consulted(early, "child", "2025-06-05")  # after the review: not "before"
    later = b.review(t02, "2025-12-01", "PN4", seen_alone=1)
    b.consulted(later, "carer", "2025-11-28")
    # Mid-points 01/09/2025 and 02/03/2026 (6-month cycles), neither done.
    b.note(t02, "2026-01-05", kind="visit")
    b.escalation(
        t02,
        "informal",
        "safeguarding",
        "2026-03-20",
        [("Informal challenge to the SW or team manager", "2026-03-20", False)],
    )

    t03 = b.child("T03", "2023-03-01")
    b.episode(t03, "2025-10-06", ls="C1", dec="2026-01-15", rec="E4A")
    b.review(
        t03,
        "2025-11-03",
        "PN0",
        completed_date="2025-11-03",
        decisions_sent_date="2025-11-05",  # due 10/11
        record_sent_date="2025-11-20",  # due 01/12
    )
    # Mid-points 20/10/2025 (not done) and 19/12/2025 (done 20/12).
    b.note(t03, "2025-12-20")

    t04 = b.child("T04", "2010-01-01")
    b.episode(t04, "2020-01-06", dec="2025-02-01", rec="E13")
    b.review(t04, "2024-12-01", "PN1")

    t05 = b.child("T05", "2007-09-01", red_list=True)
    b.episode(t05, "2024-06-03")
    for held in ("2024-06-28", "2024-09-26", "2025-03-20"):
        b.review(t05, held, "PN1")
    b.review(t05, "2025-07-14")  # no participation code recorded
    return store


@pytest.fixture
def report(year_store):
    return build_annual_report(year_store, YEAR, COUNTED_ON)


def figures(report, section: str) -> dict[str, tuple[int, int | None]]:
    return {f.key: (f.count, f.of) for f in report.section(section).figures}


def test_children_looked_after_in_and_at_the_end_of_the_year(report):
    assert report.as_at == date(2026, 3, 31) and report.complete
    # T01, T02, T03, T05 (T04 left before); at year end T01 and T02.
    assert figures(report, "caseload") == {
        "during_year": (4, None),
        "at_year_end": (2, None),
        "started": (2, None),  # T01, T03
        # T03, and T05 at 18 on 01/09/2025 with no leaving recorded (domain.md "Turning
        # 18"): left uncounted, the year's figures did not add up (4 - 1 != 2).
        "ended": (2, None),
    }
    assert figures(report, "ended_reasons") == {"E4A": (1, 2), "turned 18": (1, 2)}


def test_reviews_on_time_late_and_not_known(report):
    assert figures(report, "reviews") == {
        "held": (7, None),  # T01 x3, T02 x2, T03, T05
        "on_time": (5, 7),  # T01 08/05 and 10/02, T02 01/12, T03, T05
        "late": (1, 7),  # T01 11/08
        "not_known": (1, 7),  # T02 02/06
        "children": (4, None),
        "not_held": (0, None),  # every deadline in the year had its review (see below)
        "not_reviewed": (0, None),  # each child in care 6 months of the year was reviewed
    }
    assert figures(report, "late_reasons") == {"Child unwell": (1, 1)}


def test_participation_views_and_consultation(report):
    assert figures(report, "participation") == {
        "PN0": (1, 7),
        "PN1": (1, 7),
        "PN2": (1, 7),
        "PN3": (0, 7),
        "PN4": (1, 7),
        "PN5": (0, 7),
        "PN6": (1, 7),
        "PN7": (1, 7),
        "not recorded": (1, 7),
    }
    # Aged 4+: T01 (PN1, PN6, PN2: contributed), T02 (PN7, PN4: no), T05 (no code: no).
    assert figures(report, "views") == {"children_4_plus": (3, None), "contributed": (1, 3)}
    assert figures(report, "consultation") == {
        "consulted": (2, 7),  # T01 08/05 (child), T02 01/12 (carer)
        "reviews_4_plus": (6, None),
        "child_consulted": (1, 6),
        "seen_alone": (2, 6),  # T01 08/05, T02 01/12
        "seen_alone_not_recorded": (3, 6),  # T01 10/02, T02 02/06, T05
    }


def test_midpoint_checks_and_footprint(report):
    assert figures(report, "between") == {
        "midpoints_due": (7, None),  # T01 3, T02 2, T03 2
        "midpoints_done": (3, 7),  # T01 2, T03 1
        "children_with_footprint": (3, 4),  # T01, T02, T03
    }


def test_decisions_as_they_stood_at_year_end(report):
    assert figures(report, "decisions") == {
        "made": (6, None),
        "done_on_time": (1, 6),
        "done_late": (1, 6),
        "open": (3, 6),  # incl. one done only after 31 March
        "open_overdue": (2, 6),
        "dropped": (1, 6),
        # Made 31/03/2025, due 30/04/2025, still open: not made in the year, but drift the
        # year carried (it was in no figure at all).
        "earlier_open_overdue": (1, None),
    }


def test_records_sent_within_the_rulebook_timescales(report):
    assert figures(report, "records") == {
        "completed": (3, None),  # T01 x2, T03
        "decisions_on_time": (2, 3),
        "decisions_late": (0, 3),
        "decisions_overdue": (1, 3),
        "decisions_not_yet_due": (0, 3),
        "record_on_time": (2, 3),
        "record_late": (1, 3),
        "record_overdue": (0, 3),
        "record_not_yet_due": (0, 3),
        "not_recorded": (4, None),  # T01 10/02, T02 x2, T05
    }


def test_escalations_by_theme_stage_and_outcome(report):
    assert figures(report, "escalations") == {
        "opened": (2, None),
        "informal": (1, 2),
        "formal": (1, 2),
        "resolved": (1, 2),
    }
    assert figures(report, "escalation_themes") == {
        "permanence": (1, 2),
        "legal_status": (0, 2),
        "needs_rights": (0, 2),
        "safeguarding": (1, 2),
        "professional_network": (0, 2),
    }
    # The skipped Service manager stage does not count as reached.
    assert figures(report, "escalation_stages") == {
        "Informal challenge to the SW or team manager": (1, 2),
        "Head of service": (1, 2),
    }
    assert figures(report, "escalation_outcomes") == {
        "Plan agreed": (1, 2),
        "Not resolved yet": (1, 2),
    }


def test_year_end_caseload_profile(report):
    assert figures(report, "year_end_legal") == {"C2": (1, 2), "V2": (1, 2)}
    assert figures(report, "year_end_age") == {
        "under_1": (0, 2),
        "1_4": (0, 2),
        "5_9": (0, 2),
        "10_15": (1, 2),  # T01, 13
        "16_17": (1, 2),  # T02, 17
    }
    assert figures(report, "year_end_uasc") == {"uasc": (1, 2), "not_uasc": (1, 2)}
    # T01's placement for its C2 episode is out of area (the earlier one was in area).
    assert figures(report, "year_end_area") == {"in": (1, 2), "out": (1, 2), "not recorded": (0, 2)}


def test_a_year_still_running_counts_to_today(year_store):
    report = build_annual_report(year_store, YEAR, date(2025, 8, 31))
    assert report.as_at == date(2025, 8, 31) and not report.complete
    # By 31/08/2025: T01 08/05 and 11/08, T02 02/06, T05 14/07.
    assert report.count("reviews", "held") == 4
    # T01's 11/08 record is not due until 09/09; its decisions were due 18/08.
    assert report.count("records", "record_not_yet_due") == 1
    assert report.count("records", "decisions_overdue") == 1


def test_report_years_are_named_as_reports_name_them():
    assert ReportYear.parse("2025-26") == ReportYear.parse("2025/2026") == YEAR
    assert (YEAR.start, YEAR.end, YEAR.label) == (date(2025, 4, 1), date(2026, 3, 31), "2025-26")
    assert ReportYear(1999).label == "1999-00"
    assert ReportYear.last_ended(date(2026, 3, 31)) == ReportYear(2024)
    assert ReportYear.last_ended(date(2026, 4, 1)) == YEAR


@pytest.mark.parametrize("text", ["2003-04", "0001-02", "0000-01"])
def test_no_report_year_before_iros_began(text):
    # IROs began under the Adoption and Children Act 2002, s.118 (2004): a year before
    # that is refused in words (0001-02 stopped the command with an OverflowError).
    assert ReportYear.parse("2004-05") == ReportYear(2004)
    with pytest.raises(ValueError, match="before IROs began: the first report year is 2004-05"):
        ReportYear.parse(text)


def test_a_share_of_a_few_or_all_but_a_few_reads_as_such():
    """2 of 1417 read "1%", and on time, late and not known added up to 101%."""
    from iro_tui.domain.report import share_text

    assert (share_text(1411, 1417), share_text(4, 1417), share_text(2, 1417)) == (
        ">99%",
        "<1%",
        "<1%",
    )
    assert (share_text(1, 8), share_text(8, 8), share_text(0, 8), share_text(0, 0)) == (
        "13%",
        "100%",
        "0%",
        "",
    )
    assert (share_text(199, 200), share_text(1, 200)) == (">99%", "1%")  # 99.5 and 0.5, halves up


def test_percentages_round_halves_up():
    assert (percent(1, 8), percent(1, 3), percent(2, 3), percent(0, 0)) == (13, 33, 67, None)
    # Not all is never 100%, and some is never 0%: 1411 of 1417 is 99.6%, 6 of 1417 0.4%.
    assert (percent(1411, 1417), percent(6, 1417)) == (99, 1)
    assert (percent(1417, 1417), percent(0, 1417)) == (100, 0)


def test_a_year_not_started_is_refused(year_store):
    with pytest.raises(BadInput, match="2026-27 has not started yet"):
        build_annual_report(year_store, ReportYear(2026), date(2026, 3, 31))


def test_progress_is_reported_after_each_child(year_store):
    seen = []
    build_annual_report(
        year_store, YEAR, COUNTED_ON, lambda done, total: seen.append((done, total))
    )
    assert seen == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]


# --- the command line --------------------------------------------------------------
def report_cli(store, *argv: str) -> int:
    """`iro-tui --db STORE --today 2026-06-01 report annual ARGV...`"""
    from iro_tui.__main__ import main

    return main(["--db", str(store.path), "--today", "2026-06-01", "report", "annual", *argv])


def test_cli_json_gives_the_same_figures(year_store, capsys):
    import json

    assert report_cli(year_store, "--year", "2025-26", "--json") == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["year"] == "2025-26" and printed["as_at"] == "2026-03-31"
    reviews = next(s for s in printed["sections"] if s["key"] == "reviews")
    on_time = next(f for f in reviews["figures"] if f["key"] == "on_time")
    assert (on_time["count"], on_time["of"], on_time["percent"]) == (5, 7, 71)


def test_cli_writes_a_markdown_draft_without_children_named(year_store, tmp_path, capsys):
    year_store.set_setting("authority_name", "Anytown Council")
    out = tmp_path / "figures.md"
    assert report_cli(year_store, "--year", "2025/26", "--out", str(out)) == 0
    assert "wrote the 2025-26 annual report figures" in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Anytown Council: IRO annual report 2025-26: the figures\n")
    assert "| Held on time | 5 | 71% |" in text
    assert "| Child unwell | 1 | 100% |" in text
    assert "7 reviews were held for 4 children; 5 of 7 (71%) on time; 1 could not be" in text
    for ref in ("T01", "T02", "T03", "T05"):
        assert ref not in text
    assert not list(tmp_path.glob(".iro-*"))  # no temporary file left behind


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--year", "2025-27"], "'2025-27' is not a report year"),
        (["--year", "last year"], "'last year' is not a report year: write it like 2025-26"),
        (["--year", "2027-28"], "2027-28 has not started yet (it starts 01/04/2027)"),
        (["--out", "/no/such/folder/x.md"], "the folder /no/such/folder does not exist"),
    ],
)
def test_cli_bad_input_is_one_plain_line(year_store, capsys, argv, message):
    before = year_store.db.execute("SELECT count(*) FROM audit").fetchone()[0]
    code = report_cli(year_store, *argv)
    err = capsys.readouterr().err
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1
    assert year_store.db.execute("SELECT count(*) FROM audit").fetchone()[0] == before


def test_default_year_is_the_last_one_ended(year_store, capsys):
    assert report_cli(year_store) == 0
    assert "IRO annual report 2025-26" in capsys.readouterr().out


def test_typed_text_in_the_markdown_draft_is_never_markdown(year_store, tmp_path):
    # The authority's name and a late review's reason are as typed: a link or a remote
    # image there would be one in the draft the IRO pastes into their report.
    year_store.set_setting("authority_name", "Anytown [Council](http://evil.example/)")
    with year_store.conn:
        changed = year_store.conn.execute(
            "UPDATE reviews SET late_reason = ? WHERE late_reason = 'Child unwell'",
            ["Child ![unwell](http://evil.example/p.png) | at home"],
        ).rowcount
    assert changed == 1
    out = tmp_path / "figures.md"
    assert report_cli(year_store, "--year", "2025-26", "--out", str(out)) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Anytown \\[Council\\](http\\://evil.example/): IRO annual report")
    row = "| Child \\!\\[unwell\\](http\\://evil.example/p.png) \\| at home | 1 | 100% |"
    assert row in text.splitlines()
    assert not re.search(r"(?<!\\)\]\(", text)  # no link or image left to follow


def test_a_year_the_store_holds_no_child_for_says_so(year_store):
    """2004-05, before any data: "0 children were looked after" read as a year without
    children, not a year the store knows nothing of."""
    report = build_annual_report(year_store, ReportYear(2004), date(2026, 3, 31))
    caseload = next(s for s in report.sections if s.key == "caseload")
    assert caseload.figure("during_year").count == 0
    assert caseload.summary.endswith(
        "The store holds no child looked after in this year: import its 903 return, or "
        "record the children, for figures."
    )
    counted = build_annual_report(year_store, YEAR, COUNTED_ON)
    assert "holds no child" not in next(s for s in counted.sections if s.key == "caseload").summary
