"""The diary keeps a left-care child's open tasks, said so, after those of children in
care; the final review before 18 is a statutory review, first in its section."""

from datetime import date

from iro_tui.domain.agenda import DiaryData, build_agenda, diary_order
from iro_tui.domain.models import Child, ChildCase
from iro_tui.domain.records import Decision
from iro_tui.domain.rulebook import load_rulebook

from .builders import case, d, episode

ENGLAND = load_rulebook("england")
TODAY = d("2026-06-01")


def child(ref: str, *episodes, dob: str = "2012-03-01") -> ChildCase:
    return ChildCase(child=Child(child_ref=ref, dob=d(dob), sex="M"), episodes=episodes, reviews=())


def decision(ref: str, due: date) -> Decision:
    return Decision(
        child_ref=ref,
        text="Refer for CAMHS",
        owner_name="Tom Ellery",
        owner_role="social_worker",
        made_date=date(2015, 1, 1),
        due_date=due,
        status="open",
    )


# L1 left care in 2016 (adopted) with a decision still open; C1 came into care in 2026.
GONE_AND_HERE = DiaryData(
    cases=[
        child("L1", episode("2015-01-05", dec="2016-03-01", rec="E11")),
        child("C1", episode("2026-01-05")),
    ],
    decisions=[decision("L1", d("2016-02-01")), decision("C1", d("2026-05-01"))],
)


def test_a_left_care_child_s_decisions_are_said_and_come_after_those_in_care():
    items = diary_order(build_agenda(GONE_AND_HERE, ENGLAND, TODAY), TODAY)
    overdue = [(i.child, i.kind, i.left_care) for i in items if i.overdue]
    # C1's 1st review (20 WD from Mon 5 Jan 2026: Mon 2 Feb) leads; then C1's other
    # items, though ten years younger than L1's decision, which is marked and last.
    assert overdue == [
        ("C1", "review", False),
        ("C1", "iro-appointed", False),
        ("C1", "decision", False),
        ("L1", "decision", True),
    ]
    assert build_agenda(GONE_AND_HERE, ENGLAND, TODAY)[0].as_json().get("left_care") is True


def test_the_final_review_before_18_leads_its_section_with_the_reviews():
    # Turning 18 on Sat 4 Jul 2026; last review Tue 10 Feb 2026, so the next (10 Aug)
    # would fall after 18: the final review before 18, due 4 weeks before the birthday
    # (Sat 6 Jun), is the child's statutory review, this week.
    leaving = case(episode("2025-06-02"), held=["2025-06-25", "2026-02-10"], dob="2008-07-04")
    other = child("C2", episode("2025-01-06"))
    data = DiaryData(cases=[leaving, other], decisions=[decision("C2", d("2026-06-03"))])
    week = [
        (i.kind, i.due)
        for i in diary_order(build_agenda(data, ENGLAND, TODAY), TODAY)
        if not i.overdue and i.due <= d("2026-06-08")
    ]
    assert week[:2] == [("final-review", d("2026-06-06")), ("decision", d("2026-06-03"))]


def test_the_diary_heads_a_section_s_left_care_tasks():
    """The "(left care)" beside a name was cut off at 80 columns: the tasks have a
    heading of their own under their section."""
    from iro_tui.widgets.agenda_table import LEFT_CARE, agenda_rows

    items = diary_order(build_agenda(GONE_AND_HERE, ENGLAND, TODAY), TODAY)
    rows = [(r.what, r.child) for r in agenda_rows(items, TODAY, ENGLAND.calendar, True)]
    at = rows.index((LEFT_CARE, ""))
    # Under OVERDUE: C1's items, then the heading, then L1's decision, the section's last.
    assert rows[at - 1] == ("Refer for CAMHS", "Child C1 (C1)")
    assert rows[at + 1] == ("Refer for CAMHS", "Child L1 (L1, left care)")
    assert [w for w, _ in rows[:at]].count("OVERDUE") == 1
    assert rows[at + 2][0] != "Refer for CAMHS" and rows[at + 2][1] != "Child L1 (L1, left care)"


def test_the_drift_tracker_puts_a_left_care_child_s_decisions_last_and_says_so():
    from iro_tui.domain.between import drift

    decisions = [decision("L1", d("2016-02-01")), decision("C1", d("2026-05-01"))]
    names = {"L1": "Child L1", "C1": "Child C1"}
    lines = drift(decisions, names, TODAY, {"L1"})
    assert [(ln.child_name, ln.left_care, ln.days_overdue) for ln in lines] == [
        ("Child C1", False, 31),
        ("Child L1 (left care)", True, 3773),
    ]
    # Without it, the most overdue leads, as before.
    assert [ln.decision.child_ref for ln in drift(decisions, names, TODAY)] == ["L1", "C1"]
