"""The checklist, recording and after-the-review rules, hand-computed."""

import pytest
from pydantic import ValidationError

from iro_tui.domain.checklist import CHECKLIST_BY_KEY, ChecklistEntry, checklist_lines, readiness
from iro_tui.domain.fields import FieldProblem
from iro_tui.domain.recording import (
    Attendee,
    DecisionDraft,
    ReviewRecord,
    check_record,
    post_review_deadlines,
    quick_due,
    quick_due_explained,
)
from iro_tui.domain.rulebook import load_rulebook

from .builders import case, d, episode

ENGLAND, JERSEY = load_rulebook("england"), load_rulebook("jersey")


def test_checklist_deadlines_count_back_across_easter():
    # Review Thu 16 Apr 2026. Back: 15 (1), 14 (2), 13 (3) -> PEP/health/SW report
    # (England 3 WD) Mon 13 Apr; 10 WD: 10, 9, 8, 7 (7), [6 Easter Mon, 3 Good Fri],
    # 2, 1 Apr, 31 Mar (10) -> Tue 31 Mar; 15 WD: 30, 27, 26, 25, 24 Mar (15) -> Tue 24 Mar.
    lines = {line.spec.key: line.deadline for line in checklist_lines(d("2026-04-16"), {}, ENGLAND)}
    assert lines["pep"] == lines["health_assessment"] == lines["sw_report"] == d("2026-04-13")
    assert lines["consultation_sent"] == d("2026-03-31")
    assert lines["sw_conversation"] == lines["venue_invitations"] == d("2026-03-24")
    assert lines["seen_alone"] == d("2026-04-16")
    # Jersey: SW report 5 WD before: 15, 14, 13, [6 and 3 Apr holidays] 10, 9 Apr.
    jersey = {line.spec.key: line.deadline for line in checklist_lines(d("2026-04-16"), {}, JERSEY)}
    assert jersey["sw_report"] == d("2026-04-09")


def test_readiness_counts_done_late_and_overdue():
    entries = {
        "sw_conversation": ChecklistEntry(
            item="sw_conversation", state="done", done_date=d("2026-03-27")
        ),  # due 24 Mar: late
        "venue_invitations": ChecklistEntry(
            item="venue_invitations", state="done", done_date=d("2026-03-20")
        ),
        "pep": ChecklistEntry(item="pep", state="not_applicable", reason="Not in school"),
    }
    lines = checklist_lines(d("2026-04-16"), entries, ENGLAND)
    # On 1 Apr the consultation (due 31 Mar) is overdue; nothing else yet.
    # Not applicable is said apart: "3 of 11 done" counted the PEP as done.
    assert readiness(lines, d("2026-04-01")) == (
        "2 of 11 done, 1 not applicable, 1 late, 1 overdue"
    )


def test_a_checklist_entry_explains_what_is_missing():
    with pytest.raises(ValidationError, match="say when it was done"):
        ChecklistEntry(item="pep", state="done")
    with pytest.raises(ValidationError, match="say why it does not apply"):
        ChecklistEntry(item="pep", state="not_applicable")
    assert "pep" in CHECKLIST_BY_KEY


def test_post_review_deadlines_follow_the_rulebook():
    # Completed Thu 17 Dec 2026. Holidays: Fri 25 Dec, Mon 28 Dec (Boxing Day
    # observed), Fri 1 Jan. WD: 18 (1), 21-24 (5), 29, 30, 31 (8), 4 Jan (9), 5 (10),
    # 6, 7, 8 (13), 11-15 (18), 18 (19), Tue 19 Jan (20).
    england = post_review_deadlines(d("2026-12-17"), None, ENGLAND)
    assert england["decisions_sent"] == d("2026-12-24")  # 5 WD
    assert england["care_plan_updated"] == d("2027-01-05")  # 10 WD
    assert england["record_sent"] == d("2027-01-19")  # 20 WD
    # England: the manager's disagreement within 5 (calendar) days of receiving the
    # decisions (City of London 2016/17, 5.1): sent Mon 21 Dec -> Sat 26 Dec; a count
    # of days does not roll past the weekend or Boxing Day.
    assert post_review_deadlines(d("2026-12-17"), d("2026-12-21"), ENGLAND)[
        "manager_response"
    ] == d("2026-12-26")
    # Jersey 3.71: 10 WD from receiving them: sent Mon 21 Dec -> 22, 23, 24, [25 Dec,
    # 28 Dec holidays] 29, 30, 31 Dec, [1 Jan] 4, 5, 6, 7 Jan (10).
    assert post_review_deadlines(d("2026-12-17"), d("2026-12-21"), JERSEY)["manager_response"] == d(
        "2027-01-07"
    )
    # Jersey: decisions within 15 WD (same holidays that winter): 8, 11, 12 Jan (15).
    assert post_review_deadlines(d("2026-12-17"), None, JERSEY)["decisions_sent"] == d("2027-01-12")


def test_quick_picks_for_a_decision():
    held = d("2026-03-26")  # Thu before Easter
    assert quick_due("10wd", held, None, ENGLAND) == d("2026-04-13")  # skips 3 and 6 Apr
    assert quick_due("4w", held, None, ENGLAND) == d("2026-04-23")
    # 30 Nov + 3 months clamps to Sat 28 Feb 2026: moved on to Mon 2 Mar.
    assert quick_due("3m", d("2025-11-30"), None, ENGLAND) == d("2026-03-02")
    assert quick_due("next", held, d("2026-09-25"), ENGLAND) == d("2026-09-24")
    with pytest.raises(FieldProblem, match="no next review date is set: set it first"):
        quick_due("next", held, None, ENGLAND)


def test_a_quick_pick_on_a_non_working_day_moves_on_and_says_why():
    # Fri 27 Nov 2026 + 4 weeks = Fri 25 Dec; 26 Sat, 27 Sun, 28 Mon (Boxing Day
    # substitute, England): the next working day is Tue 29 Dec.
    assert quick_due_explained("4w", d("2026-11-27"), None, ENGLAND) == (
        d("2026-12-29"),
        "25/12/2026 is Christmas Day: moved to 29/12/2026",
    )
    # Mon 9 Mar 2026 + 4 weeks = Easter Monday 6 Apr (England, not Jersey's list alone).
    assert quick_due_explained("4w", d("2026-03-09"), None, ENGLAND) == (
        d("2026-04-07"),
        "06/04/2026 is Easter Monday: moved to 07/04/2026",
    )
    # Jersey: 9 Mar + 4 weeks is Easter Monday there too.
    assert quick_due_explained("4w", d("2026-03-09"), None, JERSEY)[0] == d("2026-04-07")
    # 25 Jan + 3 months = Sat 25 Apr 2026: a weekend, named as such.
    assert quick_due_explained("3m", d("2026-01-25"), None, ENGLAND) == (
        d("2026-04-27"),
        "25/04/2026 is a Saturday: moved to 27/04/2026",
    )
    # A working day stays put and says nothing; working-day picks never move.
    assert quick_due_explained("4w", d("2026-03-26"), None, ENGLAND) == (d("2026-04-23"), None)
    assert quick_due_explained("10wd", d("2026-03-26"), None, ENGLAND) == (d("2026-04-13"), None)


TEN_YEAR_OLD = case(episode("2025-12-15"), held=["2026-01-08"], dob="2016-01-05")
TODAY = d("2026-05-01")


def record(**changes) -> ReviewRecord:
    base = dict(
        held_date=d("2026-04-08"),
        participation_code="PN1",
        child_views="I want to stay with my carers.",
        matters={"permanence": "Long-term fostering with the current carers"},
        decisions=[
            DecisionDraft(
                text="PEP meeting",
                owner_name="Grace Okafor",
                owner_role="Social worker",
                due_date=d("2026-05-08"),
            )
        ],
        attendees=[
            Attendee(name="Child T1", role="Child", attendance="attended"),
            Attendee(name="Grace Okafor", role="SW", attendance="attended"),
        ],
        next_review_date=d("2026-07-01"),
    )
    return ReviewRecord(**{**base, **changes})


def child_as(attendance: str | None) -> list[Attendee]:
    """The social worker, and the child as `attendance` (None: not on the list)."""
    found = [Attendee(name="Grace Okafor", role="SW", attendance="attended")]
    if attendance:
        found.insert(0, Attendee(name="Child T1", role="Child", attendance=attendance))
    return found


@pytest.mark.parametrize("code", ["PN1", "PN2", "PN3", "PN4"])
@pytest.mark.parametrize("attendance", [None, "sent_views", "apologies"])
def test_a_code_for_a_child_who_attended_needs_them_attending(code, attendance):
    with pytest.raises(FieldProblem, match="was at the review: add them to Attendance") as found:
        check_record(
            record(participation_code=code, attendees=child_as(attendance)),
            TEN_YEAR_OLD,
            ENGLAND,
            TODAY,
        )
    assert found.value.field == "participation_code"
    assert f"{code} (" in str(found.value) and "Child T1" in str(found.value)


@pytest.mark.parametrize("code", ["PN5", "PN6", "PN7"])
def test_a_code_for_a_child_who_did_not_attend_refuses_them_attending(code):
    with pytest.raises(FieldProblem, match="was not at the review, but Attendance has them"):
        check_record(
            record(participation_code=code, attendees=child_as("attended")),
            TEN_YEAR_OLD,
            ENGLAND,
            TODAY,
        )
    for absent in (None, "sent_views", "apologies"):
        check_record(
            record(participation_code=code, attendees=child_as(absent)),
            TEN_YEAR_OLD,
            ENGLAND,
            TODAY,
        )


def test_a_good_record_creates_the_next_deadline():
    created = check_record(record(), TEN_YEAR_OLD, ENGLAND, TODAY)
    assert created.due == d("2026-10-08") and created.rule == "review"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"participation_code": "PN0"}, "participation_code", "PN0 is only for children under 4"),
        (
            {
                "decisions": [
                    DecisionDraft(
                        text="Dentist", owner_name="", owner_role="", due_date=d("2026-05-08")
                    )
                ]
            },
            "decisions",
            "'Dentist' has no owner",
        ),
        (
            {
                "decisions": [
                    DecisionDraft(
                        text="Dentist",
                        owner_name="Ms Pike",
                        owner_role="Carer",
                        due_date=d("2026-04-01"),
                    )
                ]
            },
            "decisions",
            "'Dentist' is due 01/04/2026, before the review on 08/04/2026",
        ),
        (
            {"next_review_date": d("2026-11-02")},
            "next_review_reason",
            "02/11/2026 is after the statutory deadline 08/10/2026",
        ),
        # Series from Wed 8 Apr: 20 WD -> 9, 10 (2) ... 5 May? 4 May is a bank holiday:
        # 13-17 (7), 20-24 (12), 27-30, 1 May (17), 5, 6, 7 May (20) -> Thu 7 May.
        (
            {"series": True, "completed_date": d("2026-05-08")},
            "completed_date",
            "within 20 working days of the first, by 07/05/2026",
        ),
        ({"matters": {}}, "matter_permanence", "the permanence plan must be considered"),
        ({"held_date": d("2026-05-02")}, "held_date", "cannot be recorded before it is held"),
    ],
)
def test_each_broken_rule_is_refused_by_field(changes, field, message):
    with pytest.raises(FieldProblem) as refused:
        check_record(
            record(**changes),
            TEN_YEAR_OLD,
            ENGLAND,
            d("2026-05-10") if field != "held_date" else TODAY,
        )
    assert refused.value.field == field and message in refused.value.message


def test_a_series_completed_on_the_20th_working_day_is_in_time():
    check_record(
        record(series=True, completed_date=d("2026-05-07")), TEN_YEAR_OLD, ENGLAND, d("2026-05-10")
    )


def test_a_late_review_needs_a_reason():
    late = case(episode("2025-12-15"), dob="2016-01-05")  # 1st review was due 15 Jan
    with pytest.raises(FieldProblem, match="was due by 15/01/2026"):
        check_record(
            record(held_date=d("2026-01-20"), matters={}, next_review_date=d("2026-04-15")),
            late,
            ENGLAND,
            TODAY,
        )
    created = check_record(
        record(
            held_date=d("2026-01-20"),
            matters={},
            next_review_date=d("2026-04-15"),
            late_reason="Child unwell",
        ),
        late,
        ENGLAND,
        TODAY,
    )
    assert created.due == d("2026-04-20")  # the 2nd counts from the late 1st, as held


@pytest.mark.parametrize("code", ["PN1", "PN2", "PN3", "PN5", "PN6"])
def test_a_code_saying_the_child_s_views_reached_the_review_needs_them(code):
    there = "attended" if code in ("PN1", "PN2", "PN3") else None
    with pytest.raises(FieldProblem, match="views reached the review: write them") as found:
        check_record(
            record(participation_code=code, child_views="", attendees=child_as(there)),
            TEN_YEAR_OLD,
            ENGLAND,
            TODAY,
        )
    assert found.value.field == "child_views"


@pytest.mark.parametrize(("code", "there"), [("PN4", "attended"), ("PN7", None)])
def test_pn4_and_pn7_need_no_views(code, there):
    check_record(
        record(participation_code=code, child_views="", attendees=child_as(there)),
        TEN_YEAR_OLD,
        ENGLAND,
        TODAY,
    )


def test_a_next_review_on_or_after_the_18th_birthday_is_refused():
    # Turning 18 on Sat 1 Aug 2026: a next review that day or later is no looked-after one.
    c = case(episode("2025-12-15"), held=["2026-01-08"], dob="2008-08-01")
    with pytest.raises(FieldProblem, match="turns 18 on 01/08/2026 and leaves care") as found:
        check_record(record(next_review_date=d("2026-08-01")), c, ENGLAND, TODAY)
    assert found.value.field == "next_review_date"
    check_record(record(next_review_date=d("2026-07-31")), c, ENGLAND, TODAY)


def test_every_rule_broken_is_said_at_once_by_field():
    """PN5 with the child attending and no views: the attendance contradiction showed only
    after the views were written, one problem a save."""
    bad = record(
        participation_code="PN5",
        child_views="",
        attendees=child_as("attended"),
        matters={},
        next_review_date=d("2026-04-01"),
    )
    with pytest.raises(FieldProblem) as found:
        check_record(bad, TEN_YEAR_OLD, ENGLAND, TODAY)
    problems = found.value.by_field()
    assert set(problems) == {
        "participation_code",
        "child_views",
        "matter_permanence",
        "next_review_date",
    }
    assert "was not at the review" in problems["participation_code"]
    assert problems["next_review_date"] == "the next review must be after this one"


@pytest.mark.parametrize(
    ("held", "said"),
    [
        # 01/01/2005 was saved for a child born in 2008, as PN0 "under 4 at the review".
        ("2005-01-01", "the child was born on 05/01/2016: a review is held while they are"),
        ("2025-12-14", "the child came into care on 15/12/2025: a review is held while they"),
    ],
)
def test_a_review_held_before_the_child_was_in_care_is_refused(held, said):
    with pytest.raises(FieldProblem, match=said) as found:
        check_record(
            record(held_date=d(held), participation_code="PN0"), TEN_YEAR_OLD, ENGLAND, TODAY
        )
    assert found.value.field == "held_date"


def test_a_review_on_the_day_care_began_is_taken():
    # In care from 15/12/2025, a 1st review the same day (a series of one meeting).
    one = case(episode("2025-12-15"), dob="2016-01-05")
    taken = record(held_date=d("2025-12-15"), next_review_date=d("2026-03-01"))
    assert check_record(taken, one, ENGLAND, TODAY) is not None


def test_a_typed_due_date_on_a_day_off_or_after_the_next_review_is_said():
    """Typed, 31/08/2026 (England's Summer bank holiday) went by without a word, where a
    quick pick moves off a day off and says so. It is kept as typed, and said."""
    from iro_tui.domain.recording import typed_due_notes

    # Mon 31 Aug 2026, Summer bank holiday: the last working day before is Fri 28 Aug.
    assert typed_due_notes(d("2026-08-31"), None, ENGLAND) == [
        "31/08/2026 is a bank holiday (Late Summer Bank Holiday): the last working day "
        "before it is 28/08/2026"
    ]
    # Jersey's calendar names its own.
    assert typed_due_notes(d("2026-08-31"), None, JERSEY)[0].startswith(
        "31/08/2026 is a bank holiday (Summer Bank Holiday)"
    )
    # A working day says nothing.
    assert typed_due_notes(d("2026-08-28"), None, ENGLAND) == []
    # Sat 5 Sep 2026, after the next review on Thu 3 Sep.
    assert typed_due_notes(d("2026-09-05"), d("2026-09-03"), ENGLAND) == [
        "05/09/2026 is a Saturday: the last working day before it is 04/09/2026",
        "due 05/09/2026, after the next review on 03/09/2026: it will still be open then",
    ]
    assert typed_due_notes(d("2026-09-02"), d("2026-09-03"), ENGLAND) == []


def test_a_review_held_with_most_of_its_checklist_undone_names_three_and_counts_the_rest():
    """All nine named covered half of an 80x24 screen for 15 s (an adversarial check)."""
    from iro_tui.domain.checklist import CHECKLIST, notes_on_checklist

    (said,) = notes_on_checklist({})
    labels = [spec.label for spec in CHECKLIST]
    assert said.startswith(f"Recorded with {len(labels)} checklist items not done: ")
    assert "; ".join(labels[:3]) + f"; and {len(labels) - 3} more." in said
    assert labels[3] not in said
    assert said.endswith("If it matters, say why in a footprint note (F5).")


@pytest.mark.parametrize(
    ("status", "reasons"),
    [
        ("adjourned", {"adjourned_reason": "The SW was ill", "scheduled_date": d("2026-04-08")}),
        ("cancelled", {"cancelled_reason": "Placement moved the day before"}),
    ],
)
def test_an_advocate_for_a_child_who_wants_none_is_refused_however_the_review_went(status, reasons):
    """Refused on a held review only: an adjourned one saved it (an adversarial check)."""
    no_advocate = {"advocacy_wanted": False, "advocate_name": "Coram Voice (J. Bloggs)"}
    not_held = {**reasons, "status": status}
    if status == "adjourned":
        not_held["held_date"] = d("2026-04-08")
    with pytest.raises(FieldProblem) as refused:
        check_record(record(**not_held, **no_advocate), TEN_YEAR_OLD, ENGLAND, TODAY)
    assert refused.value.by_field() == {
        "advocate_name": "the child does not want an advocate (answered No): leave the "
        "advocate blank, or answer Yes"
    }
    # Without the reason too: both said at once.
    without = {k: v for k, v in not_held.items() if not k.endswith("_reason")}
    with pytest.raises(FieldProblem) as both:
        check_record(record(**without, **no_advocate), TEN_YEAR_OLD, ENGLAND, TODAY)
    assert set(both.value.by_field()) == {f"{status}_reason", "advocate_name"}
    assert check_record(record(**not_held), TEN_YEAR_OLD, ENGLAND, TODAY) is None
