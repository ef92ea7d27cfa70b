"""Every rule of domain.md's rulebook table, hand-computed, under both rulebooks.

Each expected date was counted by hand on a calendar; the comment shows the count.
"""

import pytest

from iro_tui.domain.deadlines import next_review_deadline
from iro_tui.domain.rulebook import load_rulebook

from .builders import case, d, episode

ENGLAND = load_rulebook("england")
JERSEY = load_rulebook("jersey")


def due(c, rulebook=ENGLAND):
    deadline = next_review_deadline(c, rulebook)
    return deadline.due if deadline else None


class TestFirstReview:
    def test_england_across_christmas_2025(self):
        # LAC Mon 15 Dec 2025. WD: 16,17,18,19,22,23,24 (7); 25,26 Dec holidays;
        # 29,30,31 (10); 1 Jan holiday; 2,5,6,7,8,9,12,13,14 (19); Thu 15 Jan (20).
        assert due(case(episode("2025-12-15"))) == d("2026-01-15")

    def test_england_across_easter_2026(self):
        # LAC Wed 25 Mar 2026. WD: 26,27,30,31,1 Apr,2 (6); Good Friday 3 Apr and
        # Easter Monday 6 Apr skipped; 7,8,9,10 (10); 13-17 (15); 20-24 -> Fri 24 Apr (20).
        # (A GB calendar without ENG would wrongly give Thu 23 Apr.)
        assert due(case(episode("2026-03-25"))) == d("2026-04-24")

    def test_jersey_is_28_calendar_days(self):
        # 15 Dec 2025 + 28 days = 12 Jan 2026 (bank holidays do not matter).
        assert due(case(episode("2025-12-15")), JERSEY) == d("2026-01-12")

    def test_first_review_label_and_basis(self):
        deadline = next_review_deadline(case(episode("2025-12-15")), ENGLAND)
        assert deadline.rule == "1st review"
        assert "20 working days after becoming looked after on 15/12/2025" == deadline.basis


class TestSecondReview:
    def test_england_three_months_after_the_first_clamped_from_30_november(self):
        # 1st review held 30 Nov 2025; + 3 months = 28 Feb 2026 (no 30 Feb).
        c = case(episode("2025-11-03"), held=["2025-11-30"])
        assert due(c) == d("2026-02-28")

    def test_jersey_four_months_after_becoming_looked_after(self):
        # LAC 31 Oct 2025; + 4 months = 28 Feb 2026, whenever the 1st review was.
        c = case(episode("2025-10-31"), held=["2025-11-20"])
        assert due(c, JERSEY) == d("2026-02-28")

    def test_a_late_first_review_england_counts_from_the_date_held(self):
        # 1st review was due 15 Jan 2026 but held late on 22 Jan; 2nd = 22 Apr 2026.
        c = case(episode("2025-12-15"), held=["2026-01-22"])
        assert due(c) == d("2026-04-22")

    def test_a_late_first_review_jersey_still_counts_from_becoming_looked_after(self):
        c = case(episode("2025-12-15"), held=["2026-01-22"])
        assert due(c, JERSEY) == d("2026-04-15")


class TestLaterReviews:
    @pytest.mark.parametrize("rulebook", [ENGLAND, JERSEY], ids=["england", "jersey"])
    def test_six_months_from_31_august(self, rulebook):
        c = case(episode("2025-03-03"), held=["2025-03-27", "2025-06-19", "2025-08-31"])
        assert due(c, rulebook) == d("2026-02-28")

    def test_six_months_from_31_august_into_a_leap_february(self):
        c = case(episode("2027-03-01"), held=["2027-03-25", "2027-06-17", "2027-08-31"])
        assert due(c) == d("2028-02-29")

    def test_an_additional_review_restarts_the_count_from_the_day_held(self):
        # An IRO-directed review on 2 Apr 2026 counts like any other review.
        c = case(
            episode("2025-03-03"), held=["2025-03-27", "2025-06-19", "2025-12-11", "2026-04-02"]
        )
        assert due(c) == d("2026-10-02")


class TestNewPeriodOfCare:
    def test_re_entry_restarts_the_cycle_england(self):
        # Left care 30 Jun 2025; new period from Wed 1 Apr 2026. WD: 2 Apr (1);
        # 3 and 6 Apr holidays; 7-10 (5); 13-17 (10); 20-24 (15); 27-30 (19); Fri 1 May (20).
        c = case(
            episode("2024-01-08", dec="2025-06-30", rec="E13"),
            episode("2026-04-01"),
            held=["2024-02-01", "2024-04-25", "2024-10-17", "2025-04-10"],
        )
        assert due(c) == d("2026-05-01")
        assert next_review_deadline(c, ENGLAND).rule == "1st review"

    def test_re_entry_restarts_the_cycle_jersey(self):
        c = case(
            episode("2024-01-08", dec="2025-06-30", rec="E13"),
            episode("2026-04-01"),
            held=["2024-02-01", "2025-04-10"],
        )
        assert due(c, JERSEY) == d("2026-04-29")  # 1 Apr + 28 days

    def test_a_child_who_has_left_care_has_no_deadline(self):
        c = case(episode("2024-01-08", dec="2025-06-30", rec="E13"), held=["2024-02-01"])
        assert due(c) is None


class TestChangesThatDoNotRestart:
    def test_a_planned_placement_change_keeps_the_cycle(self):
        # 1st review 29 Jan 2026; a planned move (CARPL) on 10 Mar does not restart:
        # the 2nd review is still due 3 months after the 1st, 29 Apr 2026.
        c = case(
            episode("2026-01-05", dec="2026-03-10", rec="X1", reason="CARPL"),
            episode("2026-03-10", rne="P"),
            held=["2026-01-29"],
        )
        assert due(c) == d("2026-04-29")

    def test_a_legal_status_change_keeps_the_cycle(self):
        c = case(
            episode("2025-03-03", ls="C1", dec="2025-09-01", rec="X1"),
            episode("2025-09-01", rne="L", ls="C2"),
            held=["2025-03-27", "2025-06-19", "2025-12-11"],
        )
        assert due(c) == d("2026-06-11")

    @pytest.mark.parametrize("rulebook", [ENGLAND, JERSEY], ids=["england", "jersey"])
    def test_an_unplanned_foster_move_is_no_automatic_review(self, rulebook):
        # Carer asked for the move (CREQB) on 10 Mar 2026: a significant change the IRO
        # decides on (handbook 3.74-3.76), not a disruption review; the 2nd review
        # stays 29 Apr (England: 3 months after 29 Jan) / 5 May (Jersey: 4 months
        # after 5 Jan).
        c = case(
            episode("2026-01-05", dec="2026-03-10", rec="X1", reason="CREQB"),
            episode("2026-03-10", rne="P"),
            held=["2026-01-29"],
        )
        deadline = next_review_deadline(c, rulebook)
        assert deadline.rule == "2nd review"
        assert deadline.due == (d("2026-04-29") if rulebook is ENGLAND else d("2026-05-05"))

    def test_a_review_held_after_the_disruption_satisfies_it(self):
        c = case(
            episode("2026-01-05", dec="2026-03-10", rec="X1", reason="CREQB"),
            episode("2026-03-10", rne="P"),
            held=["2026-01-29", "2026-04-01"],
        )
        assert due(c) == d("2026-10-01")


class TestShortBreaks:
    @pytest.mark.parametrize("rulebook", [ENGLAND, JERSEY], ids=["england", "jersey"])
    def test_first_within_three_months_of_the_first_short_break(self, rulebook):
        # First short break 30 Nov 2025 + 3 months = 28 Feb 2026 (clamped).
        assert due(case(episode("2025-11-30", ls="V3")), rulebook) == d("2026-02-28")

    def test_then_every_six_months(self):
        c = case(episode("2025-11-30", ls="V4"), held=["2026-02-20"])
        assert due(c) == d("2026-08-20")


class TestAdoption:
    def test_authorised_for_adoption_within_three_months_of_the_authority(self):
        # Placement order (E1) 20 Apr 2026: review by 20 Jul 2026, earlier than the
        # 6-monthly review due 5 Sep 2026.
        c = case(
            episode("2025-05-19", ls="C1", dec="2026-04-20", rec="X1"),
            episode("2026-04-20", rne="L", ls="E1"),
            held=["2025-06-12", "2025-09-11", "2026-03-05"],
            dob="2022-11-14",
        )
        deadline = next_review_deadline(c, ENGLAND)
        assert (deadline.due, deadline.rule) == (d("2026-07-20"), "adoption review")

    def test_placed_for_adoption_first_within_four_weeks(self):
        # Placed (A5) Mon 11 May 2026 + 4 weeks = Mon 8 Jun 2026; the cycle alone
        # would allow 19 Sep 2026: the earliest wins.
        c = case(
            episode("2025-06-02", ls="C1", dec="2026-05-11", rec="X1"),
            episode("2026-05-11", rne="U", ls="E1", place="A5"),
            held=["2025-06-26", "2025-09-25", "2026-03-19"],
            dob="2023-01-10",
        )
        assert due(c) == d("2026-06-08")
        assert due(c, JERSEY) == d("2026-06-08")

    def test_placed_for_adoption_second_within_three_months(self):
        c = case(
            episode("2025-06-02", ls="C1", dec="2026-05-11", rec="X1"),
            episode("2026-05-11", rne="U", ls="E1", place="A5"),
            held=["2025-06-26", "2025-09-25", "2026-03-19", "2026-06-04"],
            dob="2023-01-10",
        )
        assert due(c) == d("2026-09-04")

    def test_placed_for_adoption_then_six_monthly(self):
        c = case(
            episode("2025-06-02", ls="C1", dec="2026-05-11", rec="X1"),
            episode("2026-05-11", rne="U", ls="E1", place="A5"),
            held=["2025-06-26", "2025-09-25", "2026-03-19", "2026-06-04", "2026-08-27"],
            dob="2023-01-10",
        )
        assert due(c) == d("2027-02-27")

    def test_placed_when_care_began_a_3rd_review_typed_in_is_followed_by_six_months(self):
        """A child taken over mid-cycle, placed for adoption (A6) when care began on
        10/06/2025, whose 3rd review was 15/04/2026 (the earlier two are not in the store):
        the 15/04 review is at least the 3rd since the placement, so 6 months follow
        (15/10/2026), not the 2nd adoption review's 3 months "after the 1st" (15/07)."""
        from iro_tui.domain.models import Review

        c = case(episode("2025-06-10", ls="E1", place="A6"), dob="2023-01-10")
        c = c.model_copy(
            update={"reviews": (Review(status="held", held_date=d("2026-04-15"), number=3),)}
        )
        deadline = next_review_deadline(c, ENGLAND)
        assert (deadline.due, deadline.basis) == (
            d("2026-10-15"),
            "6 months after the last review on 15/04/2026",
        )

    def test_placed_when_care_began_a_1st_review_is_followed_by_three_months(self):
        from iro_tui.domain.models import Review

        c = case(episode("2025-06-10", ls="E1", place="A6"), dob="2023-01-10")
        c = c.model_copy(
            update={"reviews": (Review(status="held", held_date=d("2025-07-01"), number=1),)}
        )
        assert due(c) == d("2025-10-01")


class TestEighteenthBirthday:
    def test_no_review_when_the_deadline_falls_after_the_18th_birthday(self):
        # Last review 22 Jan 2026 -> 22 Jul 2026, after the 18th birthday on 8 Jul.
        c = case(episode("2024-01-08"), held=["2025-10-09", "2026-01-22"], dob="2008-07-08")
        assert due(c) is None

    def test_no_review_when_the_deadline_falls_on_the_18th_birthday(self):
        c = case(episode("2024-01-08"), held=["2025-10-09", "2026-01-08"], dob="2008-07-08")
        assert due(c) is None

    def test_a_review_the_day_before_the_18th_birthday_still_counts(self):
        c = case(episode("2024-01-08"), held=["2025-10-09", "2026-01-07"], dob="2008-07-08")
        assert due(c) == d("2026-07-07")

    def test_a_leap_day_child_keeps_a_review_due_on_28_february(self):
        # Born 29 Feb 2008: 18 on 1 Mar 2026, so a review due 28 Feb 2026 still stands.
        c = case(episode("2024-01-08"), held=["2025-03-01", "2025-08-31"], dob="2008-02-29")
        assert due(c) == d("2026-02-28")


class TestRedList:
    def test_red_list_children_are_reviewed_every_three_months(self):
        c = case(
            episode("2025-03-03"), held=["2025-03-27", "2025-06-19", "2026-03-05"], red_list=True
        )
        deadline = next_review_deadline(c, ENGLAND)
        assert (deadline.due, deadline.rule) == (d("2026-06-05"), "red-list review")

    def test_red_list_never_loosens_the_first_review(self):
        assert due(case(episode("2025-12-15"), red_list=True)) == d("2026-01-15")


def test_a_booking_never_moves_the_deadline():
    c = case(episode("2025-12-15"), booked=["2026-01-30"])
    assert due(c) == d("2026-01-15")


class TestAdditionalReview:
    def test_an_iro_directed_review_brings_the_deadline_forward(self):
        # Later reviews every 6 months: due 11 Jun 2026; a change notified on 2 Mar and
        # a review directed by 20 Mar: the earliest wins.
        c = case(episode("2025-03-03"), held=["2025-03-27", "2025-06-19", "2025-12-11"])
        c = c.model_copy(update={"additional_reviews": ((d("2026-03-02"), d("2026-03-20")),)})
        deadline = next_review_deadline(c, ENGLAND)
        assert (deadline.due, deadline.rule) == (d("2026-03-20"), "additional review")

    def test_once_held_the_cycle_counts_from_the_additional_review(self):
        c = case(
            episode("2025-03-03"), held=["2025-03-27", "2025-06-19", "2025-12-11", "2026-03-18"]
        )
        c = c.model_copy(update={"additional_reviews": ((d("2026-03-02"), d("2026-03-20")),)})
        assert due(c) == d("2026-09-18")
