"""A screen asks for a form by posting a typed request (screens/requests.py); the App
opens that form for the child or review the request names, or says why it cannot."""

import pytest

from iro_tui.screens.child import ChildScreen
from iro_tui.screens.diary import DiaryScreen
from iro_tui.screens.requests import (
    CorrectNote,
    EditAppointment,
    EditProfile,
    FormRequested,
    Reschedule,
)
from iro_tui.widgets.form import FormModal
from tests.tui.helpers import fill, run
from tests.tui.test_review import booking_of


def test_a_request_posted_by_a_screen_opens_its_form_for_the_review_it_names(demo, today):
    review_id = booking_of(demo, "100108")  # Kidane: booked Fri 5 Jun

    async def scenario(app, pilot):
        # From the diary, not Kidane's screen: the request carries the child and review.
        assert isinstance(app.screen, DiaryScreen)
        app.screen.post_message(FormRequested(Reschedule("100108", review_id)))
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        assert app.screen.form_title == "Reschedule the review of Kidane Berhe"
        fill(
            app,
            scheduled_date="08/06/2026",
            scheduled_time="11:00",
            reschedule_reason="Interpreter unavailable on 5 June",
        )
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, DiaryScreen)
        assert [n.message for n in app._notifications] == [
            "Review rescheduled; the old date is kept as cancelled"
        ]

    run(scenario, demo, today)
    status = demo.conn.execute("SELECT status FROM reviews WHERE id = ?", (review_id,))
    assert status.fetchone() == ("cancelled",)
    assert booking_of(demo, "100108") != review_id


def test_a_request_names_its_own_child_whichever_screen_posts_it(demo, today):
    async def scenario(app, pilot):
        app.open_child("100101")
        await pilot.pause()
        assert isinstance(app.screen, ChildScreen)
        app.screen.post_message(FormRequested(EditProfile("100108")))
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        assert app.screen.form_title == "Profile of Kidane Berhe"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("e")  # the child screen's own key: this child's profile
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        assert app.screen.form_title.startswith("Profile of Dawit")

    run(scenario, demo, today)


@pytest.mark.parametrize(
    ("request_", "reason"),
    [
        (CorrectNote(999_999), "that note no longer exists"),
        (EditAppointment(999_999), "that appointment no longer exists"),
    ],
)
def test_a_request_whose_form_cannot_be_built_is_refused_and_opens_nothing(
    demo, today, request_, reason
):
    async def scenario(app, pilot):
        app.screen.post_message(FormRequested(request_))
        await pilot.pause()
        assert isinstance(app.screen, DiaryScreen)
        said = [(n.title, n.message, n.severity) for n in app._notifications]
        assert said == [("Not done", reason, "error")]

    run(scenario, demo, today)
