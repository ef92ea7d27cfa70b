"""Writing a recorded review: what the store refuses in plain words."""

import pytest

from iro_tui.domain.fields import FieldProblem
from iro_tui.domain.recording import ReviewRecord
from iro_tui.store.reviews import save_review_record


def test_a_held_review_without_its_date_is_refused_in_words_and_not_written(demo):
    reviews_before = demo.conn.execute("SELECT count(*) FROM reviews").fetchone()[0]
    with pytest.raises(FieldProblem) as refused:
        save_review_record(demo, "100101", None, ReviewRecord(participation_code="PN1"))
    assert refused.value.field == "held_date"
    assert demo.conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == reviews_before
