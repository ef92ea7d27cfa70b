"""A held review recorded in error, or one whose date a corrected 903 return put right,
is cancelled from the child's Reviews tab (Enter on it, status Cancelled, saying why).

The store had kept both reviews of a date moved by a corrected return, counted both, and
the deadline counted on from the stale one, with no way in the app to say which was wrong;
and an old return imported again would bring a cancelled review back as held."""

import shutil
from datetime import date

from iro_tui.domain.agenda import build_agenda
from iro_tui.interchange.import903 import import_903
from iro_tui.paths import fixtures_dir
from iro_tui.screens.recording import RecordingScreen
from iro_tui.store.records import load_diary

from .helpers import count, fill, on_row, run, until

ONE_YEAR = fixtures_dir() / "903-oneyear"  # 900001: reviews held 12/05/2025, 06/11/2025
AUTUMN = date(2026, 10, 1)
HELD = (
    "SELECT held_date FROM reviews r JOIN children c ON c.id = r.child_id WHERE "
    "c.child_ref = '900001' AND r.status = 'held' ORDER BY held_date"
)


def corrected_return(tmp_path):
    """The 2025-26 return with 900001's review of 06/11/2025 put right to 04/11/2025."""
    folder = tmp_path / "corrected"
    shutil.copytree(ONE_YEAR, folder)
    reviews = folder / "reviews.csv"
    reviews.write_text(
        reviews.read_text().replace("900001,14/02/2011,06/11/2025", "900001,14/02/2011,04/11/2025")
    )
    return folder


def review_due(store):
    items = build_agenda(load_diary(store, AUTUMN), store.rulebook(), AUTUMN)
    return [i.due for i in items if i.child == "900001" and i.kind == "review"]


def test_a_review_a_corrected_return_moved_is_cancelled_and_stays_so(store, tmp_path):
    import_903(store, ONE_YEAR, AUTUMN)
    said = import_903(store, corrected_return(tmp_path), AUTUMN).notices
    assert any("900001 on 06/11/2025" in n and "now cancelled" in n for n in said), said
    # The stale day is cancelled by the return that put it right: the deadline counts 6
    # months from 04/11/2025, a Monday and the Early May bank holiday: months are calendar
    # months, not moved off a holiday (domain.md, "Deadlines").
    assert [r for (r,) in store.conn.execute(HELD)] == ["2025-05-12", "2025-11-04"]
    assert review_due(store) == [date(2026, 5, 4)]
    stale = store.conn.execute(
        "SELECT r.id FROM reviews r JOIN children c ON c.id = r.child_id WHERE "
        "c.child_ref = '900001' AND r.scheduled_date = '2025-11-06'"
    ).fetchone()[0]
    assert store.conn.execute(
        "SELECT status, held_date, cancelled_reason, review_number FROM reviews WHERE id = ?",
        [stale],
    ).fetchone() == (
        "cancelled",
        None,
        "Not in the 2025-26 903 return imported later, which holds every review of its year "
        "(its date put right?)",
        None,
    )
    seen = {}

    async def scenario(app, pilot):
        # Enter on it offers to put it back (it was held after all).
        await on_row(app, pilot, "900001", "5", "reviews-table", str(stale))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RecordingScreen)
        seen["banner"] = str(app.screen.query_one("#recording-banner").render())

    run(scenario, store, AUTUMN)
    assert "the review held on 06/11/2025, cancelled since: to put it back" in seen["banner"]

    # The corrected return again says nothing is left out; the old one again does not
    # bring the cancelled review back as held, and says it kept it cancelled.
    assert not any(
        "not in this one" in n
        for n in import_903(store, corrected_return(tmp_path / "again"), AUTUMN).notices
    )
    said = import_903(store, ONE_YEAR, AUTUMN).notices
    # Nor does it cancel the right day in turn (it brought no day the store lacked):
    # that day, not in it, is said.
    assert [r for (r,) in store.conn.execute(HELD)] == ["2025-05-12", "2025-11-04"]
    assert any("not in this one" in n and "900001 on 04/11/2025" in n for n in said), said
    assert any(
        "900001, review of 06/11/2025: cancelled in the app (Not in the 2025-26 903 return "
        "imported later" in n
        for n in said
    ), said


def test_a_booking_cancelled_is_not_taken_for_a_review_recorded_in_error(store, tmp_path):
    """Only a review once held is kept cancelled: a booking cancelled on a day a return
    then says a review was held is the return's to add."""
    import_903(store, ONE_YEAR, AUTUMN)
    child_id = store.child_id("900001")
    with store.transaction():
        store.conn.execute(
            "INSERT INTO reviews (child_id, status, scheduled_date, cancelled_reason) "
            "VALUES (?, 'cancelled', '2025-11-04', 'SW off sick')",
            [child_id],
        )
    import_903(store, corrected_return(tmp_path), AUTUMN)
    assert "2025-11-04" in [r for (r,) in store.conn.execute(HELD)]


def test_a_held_review_cancelled_in_error_is_put_back_whole_from_the_reviews_tab(demo, today):
    """Cancelling a held review could not be undone (Enter on it did nothing), and the
    review recorded again left its three decisions and its after-review dates with the
    cancelled one: the diary then said each after-review task undone (an adversarial
    check). Now Enter opens it and Held puts it back; typing it again is refused."""
    import pytest

    from iro_tui.domain.fields import FieldProblem
    from iro_tui.domain.recording import ReviewRecord
    from iro_tui.store.reviews import save_review_record

    review = 9  # Ahmad's (100102) last review, held 27/11/2025, with 3 decisions
    row = "SELECT status, held_date, participation_code, review_number, completed_date, "
    row += "decisions_sent_date FROM reviews WHERE id = 9"
    as_held = demo.conn.execute(row).fetchone()
    assert as_held == ("held", "2025-11-27", "PN1", 5, "2025-11-27", "2025-12-01")
    bookings = "SELECT count(*) FROM reviews WHERE status = 'planned'"
    booked = count(demo, bookings)
    seen = {}

    async def open_it(app, pilot):
        await on_row(app, pilot, "100102", "5", "reviews-table", str(review))
        await pilot.press("enter")
        await pilot.pause()

    async def cancel(app, pilot):
        await open_it(app, pilot)
        fill(app, status="cancelled", cancelled_reason="Recorded against the wrong child")
        await pilot.press("f2")
        await pilot.pause()

    run(cancel, demo, today)
    assert demo.conn.execute(row).fetchone()[:3] == ("cancelled", None, None)
    # Recorded again on its day: refused, saying how to put it back.
    again = ReviewRecord(status="held", held_date=date(2025, 11, 27))
    with pytest.raises(FieldProblem) as refused:
        save_review_record(demo, "100102", None, again)
    assert refused.value.by_field()["held_date"] == (
        "the review held on 27/11/2025 was cancelled: to put it back, with its decisions, "
        "open it from the Reviews tab (Enter) and choose Held"
    )

    async def put_back(app, pilot):
        await open_it(app, pilot)
        seen["screen"] = type(app.screen).__name__
        seen["banner"] = str(app.screen.query_one("#recording-banner").render())
        fill(app, status="held")
        await pilot.press("f2")
        await pilot.pause()
        seen["said"] = [n.message for n in app._notifications]
        seen["back on"] = type(app.screen).__name__

    run(put_back, demo, today)
    assert seen["screen"] == "RecordingScreen"
    assert "the review held on 27/11/2025, cancelled since: to put it back" in seen["banner"]
    assert seen["back on"] == "ChildScreen"
    assert any(m.startswith("The review held on 27/11/2025 is held again") for m in seen["said"])
    assert not any("checklist items not done" in m for m in seen["said"]), seen["said"]
    assert demo.conn.execute(row).fetchone() == as_held
    assert count(demo, "SELECT count(*) FROM decisions WHERE review_id = 9") == 3
    assert count(demo, bookings) == booked  # no second booking of the next review


def test_enter_on_a_booking_says_what_its_keys_do(demo, today):
    """Enter (shown as Open on the Reviews tab) did nothing on a booking, without a word."""
    seen = {}

    async def scenario(app, pilot):
        await on_row(app, pilot, "100104", "5", "reviews-table", "booked")  # for 04/06/2026
        await pilot.press("enter")
        await pilot.pause()
        seen["said"] = [n.message for n in app._notifications]
        seen["screen"] = type(app.screen).__name__

    run(scenario, demo, today)
    assert seen["screen"] == "ChildScreen"
    assert (
        "This review is booked for 04/06/2026: r records it once held, s moves it, k cancels "
        "it, c opens its checklist"
    ) in seen["said"]


def test_enter_on_a_held_review_with_another_review_s_draft_asks_which(demo, today):
    """With a new review's record unsaved, Enter on a held review asked "Continue it?":
    yes opened the other review's draft, no threw it away (an adversarial check). It says
    which is which; no discards the draft and opens the review chosen."""
    from iro_tui.widgets.confirm import Confirm

    typed = "SELECT count(*) FROM review_drafts WHERE payload LIKE '%Samir wants%'"
    seen = {}

    async def scenario(app, pilot):
        app.record_review("100107", None)
        await pilot.pause()
        fill(app, child_views="Samir wants to stay at his school")
        await until(pilot, lambda: count(demo, typed) == 1, "autosaved")
        await pilot.press("escape")
        await pilot.pause()
        await on_row(app, pilot, "100107", "5", "reviews-table", "27/02/2025")
        await pilot.press("enter")
        await pilot.pause()
        seen["asked"] = isinstance(app.screen, Confirm) and app.screen.question
        await pilot.press("n")
        await pilot.pause()
        seen["screen"] = type(app.screen).__name__
        seen["banner"] = str(app.screen.query_one("#recording-banner").render())

    run(scenario, demo, today)
    assert "another review of this child is unsaved" in seen["asked"]
    assert "open the review of 27/02/2025?" in seen["asked"]
    assert seen["screen"] == "RecordingScreen"
    assert "putting right the review held on 27/02/2025" in seen["banner"]
    assert count(demo, typed) == 0


def test_recording_again_on_a_cancelled_review_s_day_is_said_with_the_other_problems(demo, today):
    """The day's refusal came only once every other box was right (an adversarial check)."""
    from iro_tui.domain.recording import ReviewRecord
    from iro_tui.store.reviews import save_review_record

    from .helpers import error_of

    save_review_record(
        demo,
        "100102",
        9,  # Ahmad's review held 27/11/2025
        ReviewRecord(
            status="cancelled",
            scheduled_date=date(2025, 11, 27),
            cancelled_reason="Recorded against the wrong child",
        ),
    )
    seen = {}

    async def scenario(app, pilot):
        app.record_review("100102", None)
        await pilot.pause()
        fill(app, status="held", held_date="27/11/2025", child_views="")
        await pilot.press("f2")
        await pilot.pause()
        seen["held_date"] = error_of(app, "held_date")
        seen["all"] = {
            w.id.removeprefix("error-"): str(w.render())
            for w in app.screen.query(".field-error")
            if w.id and str(w.render())
        }

    run(scenario, demo, today)
    assert seen["held_date"].startswith("the review held on 27/11/2025 was cancelled")
    assert set(seen["all"]) - {"held_date"}, seen["all"]  # said with the others, at once
