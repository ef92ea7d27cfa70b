import pytest

from iro_tui.domain.rulebook import Interval, load_rulebook
from iro_tui.errors import BadInput


def test_both_rulebooks_load_with_their_figures():
    england, jersey = load_rulebook("england"), load_rulebook("jersey")
    assert england.reviews.first == Interval(working_days=20)
    assert jersey.reviews.first == Interval(days=28)
    assert england.pre_review.sw_report == 3 and jersey.pre_review.sw_report == 5
    assert england.post_review.decisions_sent == 5 and jersey.post_review.decisions_sent == 15
    assert england.escalation.formal_total_working_days == 20
    assert len(england.escalation.stages) == 6
    assert (england.calendar_country, england.calendar_subdivision) == ("GB", "ENG")
    assert jersey.calendar_country == "JE"


def test_an_unknown_rulebook_is_refused_in_plain_words():
    with pytest.raises(BadInput, match="unknown rulebook 'wales'"):
        load_rulebook("wales")


def test_an_interval_has_exactly_one_unit():
    with pytest.raises(ValueError, match="exactly one"):
        Interval(days=3, months=1)
