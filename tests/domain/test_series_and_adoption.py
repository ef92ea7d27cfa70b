"""Issue 11, the engine's rules: short-break series, authorised for adoption until
placed, and the disruption of an adoptive placement. Hand-computed under both
rulebooks; each boundary is tested on both sides.
"""

import pytest

from iro_tui.domain.agenda import DiaryData, build_agenda
from iro_tui.domain.caseload import left_care
from iro_tui.domain.deadlines import next_review_deadline, standing_on
from iro_tui.domain.recording import disruptions_waiting, notes_on_booking, notes_on_holding
from iro_tui.domain.rulebook import load_rulebook

from .builders import case, d, episode

ENGLAND, JERSEY = load_rulebook("england"), load_rulebook("jersey")
BOTH = pytest.mark.parametrize("rulebook", [ENGLAND, JERSEY], ids=["england", "jersey"])


def deadline(c, rulebook):
    found = next_review_deadline(c, rulebook)
    return (found.due, found.rule) if found else None


def brk(start, end=None):
    """One short break (V3), its own period of care in the 903."""
    return episode(start, ls="V3", dec=end, rec="E8" if end else None)


# --- short breaks: one series (CPPCR 2010 reg 48; Jersey handbook 4.2) -----------------
@BOTH
def test_the_first_review_counts_from_the_first_break_of_the_series(rulebook):
    # Breaks 30 Nov-2 Dec 2025 and from 9 Jan 2026: the series began Sun 30 Nov 2025;
    # + 3 months = 28 Feb 2026 (no 30 Feb), not 9 Apr (3 months after the 2nd break).
    in_break = case(brk("2025-11-30", "2025-12-02"), brk("2026-01-09"))
    assert deadline(in_break, rulebook) == (d("2026-02-28"), "1st review")


@BOTH
def test_the_deadline_stays_alive_between_breaks(rulebook):
    between = case(brk("2025-11-30", "2025-12-02"), brk("2026-01-09", "2026-01-11"))
    found = next_review_deadline(between, rulebook)
    assert (found.due, found.rule) == (d("2026-02-28"), "1st review")
    assert "between short breaks" in found.basis
    # It is in the diary like any child's deadline, although not in care today.
    items = build_agenda(DiaryData(cases=[between]), rulebook, d("2026-02-01"))
    assert [(i.kind, i.due) for i in items if i.kind == "review"] == [("review", d("2026-02-28"))]


@BOTH
def test_then_six_months_from_the_last_review_while_breaks_go_on(rulebook):
    # Reviewed Fri 20 Feb 2026; a break 6-8 Mar; between breaks: 20 Aug 2026.
    c = case(
        brk("2025-11-30", "2025-12-02"),
        brk("2026-01-09", "2026-01-11"),
        brk("2026-03-06", "2026-03-08"),
        held=["2026-02-20"],
    )
    assert deadline(c, rulebook) == (d("2026-08-20"), "review")


@BOTH
def test_between_breaks_a_deadline_after_the_series_lapses_stands_until_it_lapses(rulebook):
    # Reviewed 20 Feb 2026 -> due 20 Aug. Last break ended 20 Feb: the series lapses
    # 6 months later, 20 Aug, so the deadline stands (on the day: inclusive).
    alive = case(
        brk("2025-11-30", "2025-12-02"), brk("2026-02-18", "2026-02-20"), held=["2026-02-20"]
    )
    assert deadline(alive, rulebook) == (d("2026-08-20"), "review")
    assert next_review_deadline(alive, rulebook).unless_no_break_by is None
    # Last break ended 19 Feb: lapses 19 Aug, before the 20 Aug deadline: the review is
    # due only if another break begins by 19 Aug. Until then the deadline is shown with
    # that condition (domain.md: "its deadline stays alive between breaks"); after it,
    # with no break, the arrangement is over and none is due.
    lapsed = case(
        brk("2025-11-30", "2025-12-02"), brk("2026-02-17", "2026-02-19"), held=["2026-02-20"]
    )
    found = next_review_deadline(lapsed, rulebook)
    assert (found.due, found.rule) == (d("2026-08-20"), "review")
    assert found.unless_no_break_by == d("2026-08-19")
    assert "due if another break begins by 19/08/2026" in found.basis
    assert standing_on(found, d("2026-08-19")) is found
    assert standing_on(found, d("2026-08-20")) is None
    for today, shown in (("2026-06-10", [d("2026-08-20")]), ("2026-08-19", [d("2026-08-20")])):
        items = build_agenda(DiaryData(cases=[lapsed]), rulebook, d(today))
        assert [i.due for i in items if i.kind == "review"] == shown, today
    items = build_agenda(DiaryData(cases=[lapsed]), rulebook, d("2026-08-20"))
    assert [i for i in items if i.kind == "review"] == []
    # The caseload keeps the child while the deadline stands, then lists them as gone.
    assert left_care([lapsed], rulebook, d("2026-08-19")) == set()
    assert left_care([lapsed], rulebook, d("2026-08-20")) == {lapsed.child.child_ref}
    again = case(
        brk("2025-11-30", "2025-12-02"),
        brk("2026-02-17", "2026-02-19"),
        brk("2026-08-19"),
        held=["2026-02-20"],
    )
    assert deadline(again, rulebook) == (d("2026-08-20"), "review")


@BOTH
def test_a_break_beginning_after_the_series_lapsed_starts_a_new_series(rulebook):
    # Break 2-4 Jan 2026: the series lapses Sat 4 Jul 2026. A break on 4 Jul is the
    # same series (1st review 2 Jan + 3 months = 2 Apr, overdue); on 5 Jul a new one
    # (5 Jul + 3 months = Mon 5 Oct 2026).
    same = case(brk("2026-01-02", "2026-01-04"), brk("2026-07-04"))
    assert deadline(same, rulebook) == (d("2026-04-02"), "1st review")
    new = case(brk("2026-01-02", "2026-01-04"), brk("2026-07-05"))
    assert deadline(new, rulebook) == (d("2026-10-05"), "1st review")


def test_a_move_to_full_time_care_starts_the_ordinary_cycle():
    # Short breaks, reviewed 20 Feb 2026; full-time care (V2, a new period) from Mon
    # 14 Dec 2026. England 20 WD: 15-18 (4), 21-24 (8), [25, 28 Dec], 29, 30, 31 (11),
    # [1 Jan], 4-8 (16), 11, 12, 13, Thu 14 Jan 2027 (20). Jersey: + 28 days = 11 Jan.
    c = case(
        brk("2025-11-30", "2025-12-02"),
        brk("2026-11-20", "2026-11-22"),
        episode("2026-12-14", ls="V2"),
        held=["2026-02-20"],
    )
    assert deadline(c, ENGLAND) == (d("2027-01-14"), "1st review")
    assert deadline(c, JERSEY) == (d("2027-01-11"), "1st review")


@BOTH
def test_a_break_that_becomes_full_time_care_counts_from_the_start_of_that_break(rulebook):
    # A break from Mon 1 Jun 2026 turns into a care order (RNE L, C2) on 3 Jun: ordinary
    # care from 1 Jun. England 20 WD: 2-5 (4), 8-12 (9), 15-19 (14), 22-26 (19), Mon
    # 29 Jun (20); Jersey 1 Jun + 28 days = Mon 29 Jun.
    c = case(
        brk("2026-03-02", "2026-03-04"),
        episode("2026-06-01", ls="V3", dec="2026-06-03", rec="X1"),
        episode("2026-06-03", rne="L", ls="C2"),
    )
    assert deadline(c, rulebook) == (d("2026-06-29"), "1st review")


# --- authorised for adoption: the rule stops once placed --------------------------------
AUTHORISED = (
    episode("2025-05-19", ls="C1", dec="2026-04-20", rec="X1"),
    episode("2026-04-20", rne="L", ls="E1", dec=None),
)
REVIEWS = ["2025-06-12", "2025-09-11", "2026-03-05"]


@BOTH
def test_authorised_not_placed_three_months_from_the_authority(rulebook):
    c = case(*AUTHORISED, held=REVIEWS, dob="2022-11-14")
    assert deadline(c, rulebook) == (d("2026-07-20"), "adoption review")


@BOTH
def test_once_placed_the_authority_rule_stops(rulebook):
    # Placed with adopters (A5, RNE P) Wed 15 Jul 2026: the 4-week rule, 12 Aug, wins;
    # the authority's 20 Jul no longer applies (6-monthly cycle: 5 Sep).
    placed = (
        episode("2025-05-19", ls="C1", dec="2026-04-20", rec="X1"),
        episode("2026-04-20", rne="L", ls="E1", dec="2026-07-15", rec="X1"),
        episode("2026-07-15", rne="P", ls="E1", place="A5"),
    )
    c = case(*placed, held=REVIEWS, dob="2022-11-14")
    assert deadline(c, rulebook) == (d("2026-08-12"), "adoption review")


# --- disruption of an adoptive placement (AAR 2005 reg 36; Jersey 3.56) ----------------
def adoptive(disrupted_by="P", reason="LAREQ", held=()):
    # In care 2 Jun 2025; placed for adoption (A5) Mon 2 Mar 2026; the placement ends
    # Fri 24 Apr 2026 with the child removed to foster carers (U4).
    return case(
        episode("2025-06-02", ls="C1", dec="2026-03-02", rec="X1"),
        episode(
            "2026-03-02", rne="U", ls="E1", place="A5", dec="2026-04-24", rec="X1", reason=reason
        ),
        episode("2026-04-24", rne=disrupted_by, ls="E1", place="U4"),
        held=["2025-06-26", "2025-09-25", "2026-03-26", *held],
        dob="2023-01-10",
    )


@BOTH
@pytest.mark.parametrize("reason", ["LAREQ", "CARPL", "APPRR", None])
def test_a_disrupted_adoptive_placement_needs_a_review_by_six_weeks_whatever_the_reason(
    rulebook, reason
):
    # 24 Apr + 6 weeks = Fri 5 Jun 2026 (across the Spring bank holiday and the month
    # end; weeks are calendar weeks), earlier than 6 months after 26 Mar (26 Sep).
    assert deadline(adoptive(reason=reason), rulebook) == (d("2026-06-05"), "disruption review")


@BOTH
def test_a_review_on_the_28th_day_satisfies_it_the_27th_does_not(rulebook):
    # 24 Apr is day 0; the 28th day, exactly 4 weeks, is Fri 22 May 2026.
    on_27th = adoptive(held=["2026-05-21"])
    assert deadline(on_27th, rulebook) == (d("2026-06-05"), "disruption review")
    on_28th = adoptive(held=["2026-05-22"])
    assert deadline(on_28th, rulebook) == (d("2026-11-22"), "review")


@BOTH
def test_recording_a_review_too_soon_after_the_disruption_says_so(rulebook):
    c = adoptive()
    [note] = notes_on_holding(c, d("2026-05-21"), rulebook)
    assert "does not count as the disruption review" in note
    assert "between 22/05/2026 and 05/06/2026" in note
    assert notes_on_holding(c, d("2026-05-22"), rulebook) == []
    assert notes_on_holding(c, d("2026-06-05"), rulebook) == []


@BOTH
def test_booking_a_review_sooner_than_four_weeks_after_a_disruption_says_so(rulebook):
    # Ended Fri 24 Apr 2026: the review is held between Fri 22 May and Fri 5 Jun.
    c = adoptive()
    [note] = notes_on_booking(c, d("2026-05-21"), rulebook)  # a Thursday
    assert note.startswith("Booked for 21/05/2026, sooner than 4 weeks after the adoptive")
    assert "between 22/05/2026 and 05/06/2026" in note
    assert notes_on_booking(c, d("2026-05-22"), rulebook) == []
    [disruption] = disruptions_waiting(c, d("2026-05-01"), rulebook)
    assert (disruption.earliest, disruption.latest) == (d("2026-05-22"), d("2026-06-05"))


def test_booking_a_weekend_or_bank_holiday_says_which():
    c = adoptive(held=["2026-05-22"])  # the disruption review held: nothing else to say
    assert notes_on_booking(c, d("2026-06-13"), ENGLAND) == [
        "13/06/2026 is a Saturday: check the date with those attending."
    ]
    # Mon 31 Aug 2026 is a bank holiday in both, named by each calendar.
    assert notes_on_booking(c, d("2026-08-31"), ENGLAND) == [
        "31/08/2026 is a bank holiday (Late Summer Bank Holiday): check the date with those "
        "attending."
    ]
    assert notes_on_booking(c, d("2026-08-31"), JERSEY) == [
        "31/08/2026 is a bank holiday (Summer Bank Holiday): check the date with those attending."
    ]
    assert notes_on_booking(c, d("2026-06-12"), ENGLAND) == []  # a Friday
    assert notes_on_booking(c, d("2026-04-06"), JERSEY) == [
        "06/04/2026 is a bank holiday (Easter Monday): check the date with those attending."
    ]


@BOTH
@pytest.mark.parametrize("rne", ["T", "U"])
def test_the_same_carers_keeping_the_child_as_foster_carers_is_a_disruption(rulebook, rne):
    # A5 to U4 with the same carers (RNE T, or U with a new legal status): the placement
    # for adoption has ended, "for any reason" (domain.md): by 6 weeks, Fri 5 Jun 2026.
    # It read 6 months after the last review (26 Sep): only a new carer counted.
    assert deadline(adoptive(disrupted_by=rne), rulebook) == (d("2026-06-05"), "disruption review")


@BOTH
def test_a_change_of_legal_status_alone_in_an_adoptive_placement_is_no_disruption(rulebook):
    # E1 to D1 (RNE L) while placed (A5): the child stays placed for adoption.
    c = case(
        episode("2025-06-02", ls="C1", dec="2026-03-02", rec="X1"),
        episode("2026-03-02", rne="U", ls="E1", place="A5", dec="2026-04-24", rec="X1"),
        episode("2026-04-24", rne="L", ls="D1", place="A5"),
        held=["2025-06-26", "2025-09-25", "2026-03-26"],
        dob="2023-01-10",
    )
    found = deadline(c, rulebook)
    assert found is not None and found[1] != "disruption review"


def moved_to_new_adopters(held=()):
    # In care Sat 1 Nov 2025, placed for adoption (A4) that day; a 1st adoption review
    # on 28 Nov 2025; on Thu 15 Jan 2026 the child moves straight to new prospective
    # adopters (A5, RNE P: a new carer).
    return case(
        episode("2025-11-01", ls="E1", place="A4", dec="2026-01-15", rec="X1", reason="CARPL"),
        episode("2026-01-15", rne="P", ls="E1", place="A5"),
        held=["2025-11-28", *held],
        dob="2015-06-01",
    )


@BOTH
def test_a_move_straight_to_new_adopters_starts_their_placement_s_four_weeks(rulebook):
    # Two rules apply: the new placement's 1st review within 4 weeks, 15 Jan + 28 days =
    # Thu 12 Feb 2026; the first placement's disruption review by 6 weeks, Thu 26 Feb.
    # The earlier is the deadline (it read 26 Feb: the two placements were counted as one).
    assert deadline(moved_to_new_adopters(), rulebook) == (d("2026-02-12"), "adoption review")


@BOTH
def test_after_the_new_placement_s_first_review_the_disruption_review_is_still_due(rulebook):
    # A review on Thu 5 Feb 2026 is the new placement's 1st (within 4 weeks) but sooner
    # than 4 weeks after the disruption (12 Feb): the disruption review stays due by
    # 26 Feb, before the 2nd adoption review (5 Feb + 3 months = 5 May).
    found = deadline(moved_to_new_adopters(held=["2026-02-05"]), rulebook)
    assert found == (d("2026-02-26"), "disruption review")
    # Held on 12 Feb (exactly 4 weeks after both): it satisfies both; the 2nd adoption
    # review follows within 3 months, Tue 12 May 2026.
    found = deadline(moved_to_new_adopters(held=["2026-02-12"]), rulebook)
    assert found == (d("2026-05-12"), "adoption review")


@BOTH
def test_the_same_adopters_changing_placement_type_keeps_the_placement_s_start(rulebook):
    # A4 to A5 with RNE T (the same carers): still the placement of 1 Nov 2025, whose 1st
    # review was 28 Nov; the 2nd is due within 3 months, Sat 28 Feb 2026 (in England the
    # ordinary 2nd review falls the same day). Counted from 15 Jan it would be 12 Feb.
    c = case(
        episode("2025-11-01", ls="E1", place="A4", dec="2026-01-15", rec="X1"),
        episode("2026-01-15", rne="T", ls="E1", place="A5"),
        held=["2025-11-28"],
        dob="2015-06-01",
    )
    assert deadline(c, rulebook)[0] == d("2026-02-28")


def test_a_booking_on_or_after_the_18th_birthday_is_refused():
    from datetime import date

    from pydantic import ValidationError

    from iro_tui.domain.booking import Booking

    common = dict(child_ref="T1", today=date(2026, 6, 1), eighteenth_birthday=d("2026-08-01"))
    with pytest.raises(ValidationError, match="turns 18 on 01/08/2026 and leaves care"):
        Booking(scheduled_date=d("2026-08-01"), **common)
    assert Booking(scheduled_date=d("2026-07-31"), **common).scheduled_date == d("2026-07-31")


def test_a_deadline_on_a_day_off_says_the_last_working_day_before_it():
    # Jersey, in care from Sat 11/04/2026: 1st review 28 days after, Sat 09/05/2026,
    # Liberation Day; the last working day before it is Fri 08/05/2026. The deadline
    # itself stands (a review on it is on time).
    from iro_tui.domain.deadlines import day_off_words

    c = case(episode("2026-04-11", ls="C2"))
    [item] = [
        i for i in build_agenda(DiaryData(cases=[c]), JERSEY, d("2026-05-05")) if i.kind == "review"
    ]
    assert item.due == d("2026-05-09")
    assert item.detail.endswith(
        " · 09/05/2026 is a Saturday and a bank holiday (Liberation Day): the last working "
        "day before it is Fri 08/05/2026"
    )
    # England's Easter Monday 06/04/2026: the Thursday before (Good Friday is one too).
    assert day_off_words(d("2026-04-06"), ENGLAND.calendar) == (
        "06/04/2026 is a bank holiday (Easter Monday): the last working day before it is "
        "Thu 02/04/2026"
    )
    assert day_off_words(d("2026-04-07"), ENGLAND.calendar) == ""
