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


def test_a_review_followed_by_a_later_one_leaves_its_paperwork_off_the_diary(demo):
    """A review held in June and typed in in December, after the September one, put its
    three tasks 175 days overdue at the top of the diary; a decade of history, hundreds.
    The later review's own tasks stand, and the earlier's stay on its own screen."""
    from datetime import date

    from iro_tui.domain.agenda import build_agenda
    from iro_tui.store.records import load_diary, load_recorded_reviews

    today = date(2026, 6, 1)
    # Samir (100107): reviews held 21/08/2025 (id 28) and 04/12/2025 (id 29), with
    # nothing sent after either.
    with demo.transaction():
        demo.conn.execute(
            "UPDATE reviews SET decisions_sent_date = NULL, record_sent_date = NULL, "
            "care_plan_updated_date = NULL, manager_response_date = NULL, "
            "manager_response = NULL WHERE id IN (28, 29)"
        )
    assert {r.review_id for r in load_recorded_reviews(demo) if r.child_ref == "100107"} == {29}
    keys = {i.key for i in build_agenda(load_diary(demo, today), demo.rulebook(), today)}
    assert {"postreview-29-decisions_sent", "postreview-29-record_sent"} <= keys
    assert not [k for k in keys if k.startswith("postreview-28-")]
