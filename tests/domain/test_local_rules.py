"""Issue 11, the rules outside the review-deadline engine, hand-computed under both
rulebooks: the manager's objection, the DRP ladder, the final review before 18, the
IRO's appointment, the red-list suggestion, and each rule's exact boundary.

Each expected date was counted on a calendar; the comment shows the count. Every
boundary is tested on both sides, so moving it by one day fails a test.
"""

from datetime import date

import pytest

from iro_tui.domain.agenda import SOON_WORKING_DAYS, AgendaItem, DiaryData, build_agenda, urgency
from iro_tui.domain.between import red_list_suggestion, response_due
from iro_tui.domain.checklist import ChecklistEntry, checklist_lines
from iro_tui.domain.deadlines import next_review_deadline
from iro_tui.domain.fields import FieldProblem
from iro_tui.domain.recording import (
    Attendee,
    ReviewRecord,
    check_record,
    post_review_deadlines,
)
from iro_tui.domain.rulebook import (
    Interval,
    describe_drp_ladder,
    load_rulebook,
    parse_drp_ladder,
    with_local_settings,
)
from iro_tui.errors import BadInput

from .builders import case, d, episode

ENGLAND, JERSEY = load_rulebook("england"), load_rulebook("jersey")
BOTH = pytest.mark.parametrize("rulebook", [ENGLAND, JERSEY], ids=["england", "jersey"])


# --- the manager's objection to the decisions ------------------------------------------
def test_the_figures_and_their_units():
    # England: "within 5 days" (City of London 2016/17, 5.1), calendar days;
    # Jersey 3.71: "within ten working days of receiving them".
    assert ENGLAND.post_review.manager_objection == Interval(days=5)
    assert JERSEY.post_review.manager_objection == Interval(working_days=10)
    # Decisions sent: England 5 WD (Cambridgeshire 2018/19, 3.12); Jersey 15 WD (3.70).
    assert (ENGLAND.post_review.decisions_sent, JERSEY.post_review.decisions_sent) == (5, 15)


def test_england_manager_has_five_calendar_days_across_the_spring_bank_holiday():
    # Decisions sent Fri 22 May 2026: + 5 days = Wed 27 May (Mon 25 May, a bank
    # holiday, counts like any day); 10 WD would have been 5 Jun.
    due = post_review_deadlines(d("2026-05-20"), d("2026-05-22"), ENGLAND)["manager_response"]
    assert due == d("2026-05-27")


def test_the_manager_s_window_is_in_the_diary_until_it_closes_then_the_decisions_stand():
    # Decisions sent Fri 22 May 2026: the manager may object by Wed 27 May. With no
    # response recorded the item shows to that day, and leaves after it: a window for
    # an objection is not a task, and it stayed "overdue" for years.
    from iro_tui.domain.agenda import RecordedReview

    data = DiaryData(
        cases=[],
        recorded=[
            RecordedReview(
                "C1",
                7,
                d("2026-05-20"),
                decisions_sent=d("2026-05-22"),
                record_sent=d("2026-05-22"),
                care_plan_updated=d("2026-05-22"),
            )
        ],
    )

    def shown(today):
        return [(i.title, i.due) for i in build_agenda(data, ENGLAND, d(today))]

    window = [("Senior manager's response to the decisions", d("2026-05-27"))]
    assert shown("2026-05-22") == window
    assert shown("2026-05-27") == window
    assert shown("2026-05-28") == []


def test_england_manager_counts_from_the_decisions_deadline_while_unsent_across_a_month_end():
    # Completed Fri 22 May 2026; decisions due 5 WD: 26, 27, 28, 29 May, Mon 1 Jun.
    # Not yet sent: the manager's 5 days run from 1 Jun -> Sat 6 Jun.
    due = post_review_deadlines(d("2026-05-22"), None, ENGLAND)
    assert (due["decisions_sent"], due["manager_response"]) == (d("2026-06-01"), d("2026-06-06"))


def test_jersey_manager_has_ten_working_days_across_the_spring_bank_holiday():
    # Sent Fri 22 May 2026: [25 May holiday] 26, 27, 28, 29 (4), 1-5 Jun (9), Mon 8 Jun.
    due = post_review_deadlines(d("2026-05-20"), d("2026-05-22"), JERSEY)["manager_response"]
    assert due == d("2026-06-08")


# --- the dispute resolution ladder (handbook 6.2) --------------------------------------
@BOTH
def test_the_default_ladder_cannot_fit_twenty_working_days(rulebook):
    # Six stages of 5 WD = 30 > 20: the app says so until the authority sets its own.
    warning = rulebook.escalation.fit_warning()
    assert warning and "6 stages x 5 working days = 30" in warning and "20" in warning
    assert rulebook.escalation.ladder_working_days() == 30


@BOTH
def test_a_local_ladder_of_exactly_twenty_fits_and_twenty_one_does_not(rulebook):
    fits = with_local_settings(rulebook, "Team manager=5; Head of service=5; Director=5; Cafcass=5")
    assert fits.escalation.ladder_working_days() == 20
    assert fits.escalation.fit_warning() is None
    over = with_local_settings(rulebook, "Team manager=6; Head of service=5; Director=5; Cafcass=5")
    warning = over.escalation.fit_warning()
    assert warning and "4 stages of 6 + 5 + 5 + 5 = 21 working days" in warning
    # Everything else in the rulebook is untouched.
    assert fits.reviews == rulebook.reviews and fits.calendar == rulebook.calendar
    assert fits.escalation.stages == ["Team manager", "Head of service", "Director", "Cafcass"]


def test_each_stage_answers_in_its_own_working_days_across_christmas():
    ladder = "Team manager=2; Service manager=4; Cafcass referral=3"
    england = with_local_settings(ENGLAND, ladder)
    jersey = with_local_settings(JERSEY, ladder)
    # Opened Thu 24 Dec 2026. England and Jersey both keep Fri 25 Dec, Mon 28 Dec
    # (Boxing Day, Sat 26, observed) and Fri 1 Jan. Team manager 2 WD: 29, Wed 30 Dec.
    for rulebook in (england, jersey):
        assert response_due(d("2026-12-24"), rulebook, "Team manager") == d("2026-12-30")
        # Service manager 4 WD: 29, 30, 31 Dec, [1 Jan] Mon 4 Jan 2027.
        assert response_due(d("2026-12-24"), rulebook, "Service manager") == d("2027-01-04")
    # A stage not on the local ladder (the informal step) keeps the rulebook's 5 WD:
    # 29, 30, 31 Dec, 4, Tue 5 Jan.
    assert response_due(d("2026-12-24"), england) == d("2027-01-05")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Team manager", "stage 1 'Team manager' needs a name and its response time"),
        ("Team manager=5; Director=0", "stage 2 'Director': '0' is not a whole number"),
        ("Team manager=five", "'five' is not a whole number of working days"),
        ("Team manager=5;; Director=5", "stage 2 is empty"),
        ("Director=5; Director=3", "names 'Director' twice"),
        ("=5", "needs a name"),
        (" ; ", "needs at least one stage"),
    ],
)
def test_a_bad_ladder_is_refused_naming_the_stage(text, message):
    with pytest.raises(BadInput, match=message):
        parse_drp_ladder(text)


def test_the_ladder_reads_back_in_the_form_it_is_set():
    local = with_local_settings(ENGLAND, " Team manager = 3 ;Director=4")
    assert describe_drp_ladder(local.escalation) == "Team manager=3; Director=4"
    assert describe_drp_ladder(ENGLAND.escalation).startswith("Team manager=5; Service manager=5")


# --- agenda items: the final review before 18 and the IRO's appointment ---------------
def agenda(c, rulebook, today, **data):
    return [i for i in build_agenda(DiaryData(cases=[c], **data), rulebook, today)]


def final_review(c, rulebook, today):
    return [i for i in agenda(c, rulebook, today) if i.kind == "final-review"]


@BOTH
def test_final_review_is_due_four_weeks_before_18_window_from_six(rulebook):
    # 18 on Sun 28 Feb 2027: - 4 weeks = Sun 31 Jan 2027 (across the month end), the
    # window opens - 6 weeks = Sun 17 Jan 2027 (City of London protocol).
    c = case(episode("2024-01-08"), held=["2026-08-20"], dob="2009-02-28")
    [item] = final_review(c, rulebook, d("2026-12-01"))
    assert (item.due, item.overdue) == (d("2027-01-31"), False)
    assert "between 17/01/2027 and 31/01/2027" in item.detail


@BOTH
def test_final_review_due_on_a_bank_holiday_stays_there(rulebook):
    # 18 on Mon 22 Jun 2026: - 4 weeks = Mon 25 May, the Spring bank holiday in both
    # calendars; a count of weeks does not move off it.
    c = case(episode("2024-01-08"), held=["2026-01-08"], dob="2008-06-22")
    [item] = final_review(c, rulebook, d("2026-05-01"))
    assert item.due == d("2026-05-25")


@BOTH
def test_final_review_boundaries(rulebook):
    dob, due, opens = "2009-02-28", d("2027-01-31"), d("2027-01-17")
    base = case(episode("2024-01-08"), held=["2026-08-20"], dob=dob)
    # Deadlines are inclusive: on the day it is due it is not overdue; the day after it is.
    assert not final_review(base, rulebook, due)[0].overdue
    assert final_review(base, rulebook, d("2027-02-01"))[0].overdue
    # A review on the day the window opens is the final review; the day before is not.
    on_open = case(episode("2024-01-08"), held=["2026-08-20", str(opens)], dob=dob)
    assert final_review(on_open, rulebook, d("2027-01-20")) == []
    early = case(episode("2024-01-08"), held=["2026-08-20", "2027-01-16"], dob=dob)
    assert len(final_review(early, rulebook, d("2027-01-20"))) == 1
    # Held late, on 1 Feb 2027 (before 18): done, it leaves the diary.
    late = case(episode("2024-01-08"), held=["2026-08-20", "2027-02-01"], dob=dob)
    assert final_review(late, rulebook, d("2027-02-02")) == []


def test_no_final_review_item_for_a_child_who_has_left_care():
    c = case(episode("2024-01-08", dec="2026-10-01", rec="E13"), dob="2009-02-28")
    assert final_review(c, ENGLAND, d("2026-12-01")) == []


def appointed(c, rulebook, today, **data):
    return [i for i in agenda(c, rulebook, today, **data) if i.kind == "iro-appointed"]


@BOTH
def test_iro_appointed_within_five_working_days_across_christmas(rulebook):
    # Looked after Wed 23 Dec 2026: 24 (1), [25, 28 Dec] 29 (2), 30 (3), 31 (4),
    # [1 Jan] Mon 4 Jan 2027 (5), in both calendars (Jersey handbook 7.2).
    c = case(episode("2026-12-23"), dob="2012-03-01")
    [item] = appointed(c, rulebook, d("2026-12-23"))
    assert item.due == d("2027-01-04")
    assert not appointed(c, rulebook, d("2027-01-04"))[0].overdue  # on the day: on time
    assert appointed(c, rulebook, d("2027-01-05"))[0].overdue


@BOTH
def test_iro_appointed_is_done_by_a_footprint_note_or_a_review_in_this_period(rulebook):
    c = case(episode("2026-12-23"), dob="2012-03-01")
    today = d("2027-01-06")
    # A note on the day the child came into care counts; one the day before does not
    # (it belongs to before this period of care).
    assert appointed(c, rulebook, today, last_notes={"T1": d("2026-12-23")}) == []
    assert len(appointed(c, rulebook, today, last_notes={"T1": d("2026-12-22")})) == 1
    held = case(episode("2026-12-23"), held=["2027-01-05"], dob="2012-03-01")
    assert appointed(held, rulebook, today) == []


def test_a_new_period_of_care_needs_the_iro_again():
    # Left care 30 Jun 2025, back Wed 1 Apr 2026: reviews of the old period do not count.
    # 5 WD: 2 Apr (1), [3, 6 Apr Easter] 7, 8, 9 Apr (4), Fri 10 Apr (5).
    c = case(
        episode("2024-01-08", dec="2025-06-30", rec="E13"),
        episode("2026-04-01"),
        held=["2024-02-01"],
    )
    [item] = appointed(c, ENGLAND, d("2026-04-02"), last_notes={"T1": d("2025-06-01")})
    assert item.due == d("2026-04-10")


# --- the red list: suggested, never set ------------------------------------------------
def test_an_open_missing_episode_suggests_the_red_list():
    c = case(episode("2025-03-03"), dob="2010-05-05")
    missing = [(d("2026-04-11"), d("2026-04-12")), (d("2026-05-20"), None)]
    assert red_list_suggestion(c, missing, d("2026-06-01")) == "missing since 20/05/2026"
    # Missing from today itself counts; a closed episode, or one that starts after
    # today, suggests nothing.
    assert red_list_suggestion(c, [(d("2026-06-01"), None)], d("2026-06-01")) == (
        "missing since 01/06/2026"
    )
    assert red_list_suggestion(c, missing[:1], d("2026-06-01")) is None
    assert red_list_suggestion(c, [(d("2026-06-02"), None)], d("2026-06-01")) is None


def test_a_secure_placement_suggests_the_red_list():
    c = case(
        episode("2025-03-03", dec="2026-05-04", rec="X1"),
        episode("2026-05-04", rne="P", place="K1"),
        dob="2010-05-05",
    )
    reason = red_list_suggestion(c, [], d("2026-06-01"))
    assert reason == "in a secure children's home (K1) since 04/05/2026"
    # Not while still in the earlier placement, and not once on the red list.
    assert red_list_suggestion(c, [], d("2026-05-03")) is None
    on_list = c.model_copy(update={"child": c.child.model_copy(update={"red_list": True})})
    assert red_list_suggestion(on_list, [], d("2026-06-01")) is None


def test_no_suggestion_for_a_child_who_has_left_care():
    c = case(episode("2025-03-03", dec="2026-05-04", rec="E13"), dob="2010-05-05")
    assert red_list_suggestion(c, [(d("2026-04-20"), None)], d("2026-06-01")) is None


@BOTH
def test_once_accepted_the_red_list_review_is_three_months_from_the_last(rulebook):
    # Cambridgeshire 2018/19: last review Tue 31 Mar 2026 + 3 months = Tue 30 Jun 2026
    # (31 Jun does not exist), earlier than the 6-monthly 30 Sep.
    c = case(episode("2025-03-03"), held=["2025-03-27", "2025-06-19", "2026-03-31"])
    assert next_review_deadline(c, rulebook).due == d("2026-09-30")
    red = case(
        episode("2025-03-03"), held=["2025-03-27", "2025-06-19", "2026-03-31"], red_list=True
    )
    assert (next_review_deadline(red, rulebook).due, next_review_deadline(red, rulebook).rule) == (
        d("2026-06-30"),
        "red-list review",
    )


# --- boundaries (issue 11, item 8) -----------------------------------------------------
# 4th birthday Thu 9 Apr 2026; in care from Mon 16 Mar 2026, 1st review due (England)
# 20 WD: 17-20 (4), 23-27 (9), 30, 31 Mar, 1, 2 Apr (13), [3, 6 Apr], 7-10 (17),
# 13, 14, Wed 15 Apr (20); Jersey 16 Mar + 28 days = Mon 13 Apr.
TURNING_FOUR = case(episode("2026-03-16"), dob="2022-04-09")


def first_review(held: str, code: str) -> ReviewRecord:
    # PN1-PN4 say the child attended: the attendance list says so too.
    there = [Attendee(name="Child", role="Child", attendance="attended")]
    attendees = there if code in ("PN1", "PN2", "PN3", "PN4") else []
    # PN1-PN3, PN5 and PN6 say the child's views reached the review: they are recorded.
    views = "" if code in ("PN0", "PN4", "PN7") else "Happy where I am."
    return ReviewRecord(
        held_date=d(held), participation_code=code, attendees=attendees, child_views=views
    )


@BOTH
def test_pn0_the_day_before_the_4th_birthday_and_pn1_on_it(rulebook):
    today = d("2026-04-10")
    check_record(first_review("2026-04-08", "PN0"), TURNING_FOUR, rulebook, today)
    with pytest.raises(FieldProblem, match="PN1 .* is for children aged 4 or over: use PN0"):
        check_record(first_review("2026-04-08", "PN1"), TURNING_FOUR, rulebook, today)
    check_record(first_review("2026-04-09", "PN7"), TURNING_FOUR, rulebook, today)
    with pytest.raises(FieldProblem, match="PN0 is only for children under 4"):
        check_record(first_review("2026-04-09", "PN0"), TURNING_FOUR, rulebook, today)


def test_pn_boundary_for_a_leap_day_child():
    # Born 29 Feb 2020: 4 on Thu 29 Feb 2024 (a leap year), so PN0 on 28 Feb, PN1 on 29.
    c = case(episode("2024-02-12"), dob="2020-02-29")
    check_record(first_review("2024-02-28", "PN0"), c, ENGLAND, d("2024-03-01"))
    check_record(first_review("2024-02-29", "PN1"), c, ENGLAND, d("2024-03-01"))
    with pytest.raises(FieldProblem, match="PN0 is only for children under 4"):
        check_record(first_review("2024-02-29", "PN0"), c, ENGLAND, d("2024-03-01"))


def item_due(due: date) -> AgendaItem:
    return AgendaItem(child="T1", child_name="T", kind="review", due=due, overdue=False, title="")


@BOTH
def test_amber_at_exactly_five_working_days(rulebook):
    # Today Fri 22 May 2026: 26, 27, 28, 29 May, Mon 1 Jun is the 5th WD (Mon 25 May,
    # the Spring bank holiday, is skipped in both calendars).
    assert SOON_WORKING_DAYS == 5
    today, calendar = d("2026-05-22"), rulebook.calendar
    assert urgency(item_due(d("2026-06-01")), today, calendar) == "soon"
    assert urgency(item_due(d("2026-06-02")), today, calendar) == "later"
    # Due on the bank holiday itself: 0 working days away -> amber, not overdue.
    assert urgency(item_due(d("2026-05-25")), today, calendar) == "soon"


@BOTH
def test_a_checklist_item_done_on_its_own_deadline_is_on_time(rulebook):
    # Review Thu 16 Apr 2026; the PEP is due 3 WD before: 15, 14, Mon 13 Apr.
    # The SW report: England 3 WD (13 Apr); Jersey 5 WD: 15, 14, 13, [6, 3 Apr] 10, Thu 9 Apr.
    report_due = d("2026-04-13") if rulebook is ENGLAND else d("2026-04-09")

    def line(key, done):
        entries = {key: ChecklistEntry(item=key, state="done", done_date=done)}
        return next(
            x for x in checklist_lines(d("2026-04-16"), entries, rulebook) if x.spec.key == key
        )

    assert line("pep", d("2026-04-13")).deadline == d("2026-04-13")
    assert not line("pep", d("2026-04-13")).late
    assert line("pep", d("2026-04-14")).late
    assert not line("sw_report", report_due).late
    assert line("sw_report", date.fromordinal(report_due.toordinal() + 1)).late
    # Not done: overdue only from the day after the deadline.
    empty = next(x for x in checklist_lines(d("2026-04-16"), {}, rulebook) if x.spec.key == "pep")
    assert not empty.overdue(d("2026-04-13")) and empty.overdue(d("2026-04-14"))
