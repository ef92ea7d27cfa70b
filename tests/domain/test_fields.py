"""One rule for 'not in the future', used by every form and model."""

from datetime import date

import pytest

from iro_tui.domain.fields import FieldProblem, not_after_today

TODAY = date(2026, 6, 1)


def test_today_and_before_are_accepted():
    not_after_today("held_date", TODAY, TODAY)
    not_after_today("held_date", date(2026, 5, 31), TODAY)


def test_tomorrow_is_refused_on_the_field_in_words():
    with pytest.raises(FieldProblem) as refused:
        not_after_today("response_date", date(2026, 6, 2), TODAY)
    assert (refused.value.field, refused.value.message) == (
        "response_date",
        "that date is in the future",
    )
    with pytest.raises(FieldProblem, match="the date of birth is in the future"):
        not_after_today("dob", date(2027, 1, 1), TODAY, what="the date of birth")


def test_counted_says_one_in_the_singular():
    from iro_tui.domain.fields import counted

    assert counted(1, "item") == "1 item"
    assert counted(0, "item") == "0 items"
    assert counted(12, "open decision") == "12 open decisions"
    assert (counted(1, "child", "children"), counted(17, "child", "children")) == (
        "1 child",
        "17 children",
    )


def test_a_text_too_long_is_said_in_plain_words_not_pydantic_s():
    import pytest
    from pydantic import ValidationError

    from iro_tui.domain.fields import problems_by_field
    from iro_tui.domain.models import Child

    with pytest.raises(ValidationError) as error:
        Child(child_ref="10010199999", dob="2012-01-01", sex="F")
    assert problems_by_field(error.value) == {
        "child_ref": "11 characters long: at most 10 fit here"
    }
