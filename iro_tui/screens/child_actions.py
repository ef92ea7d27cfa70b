"""The child screen's actions: the keys that open a form, a checklist, a letter or
another screen about this child."""

from __future__ import annotations

from textual.widgets import DataTable, TabbedContent

from iro_tui.domain.agenda import booked_reviews
from iro_tui.domain.recording import adjourned_to_complete
from iro_tui.screens.child_tabs import ChildTabs
from iro_tui.screens.requests import (
    AddAppointment,
    AfterReview,
    BackIntoCare,
    BookReview,
    CancelBooking,
    ChangeEpisode,
    EditEpisode,
    EditPerson,
    EditPlacement,
    EditProfile,
    Escalate,
    FormRequested,
    LeaveCare,
    NumberReview,
    Reschedule,
    SignificantChange,
    UpdateDecision,
)
from iro_tui.widgets.fit_table import FitTable, key_text


class ChildActions(ChildTabs):
    """What the keys of ChildScreen do (its bindings and help are in child.py)."""

    def action_tab(self, tab: str) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = tab
        self._fill(tab)
        # The number key says where the IRO wants to be: the keys go there too, so the
        # arrows and Enter work on the tab's table at once, without a Tab press first.
        tables = tabs.get_pane(tab).query(DataTable)
        if tables:
            tables.first().focus()

    def _booked_review_id(self, adjourned: bool = False) -> int | None:
        """The booking chosen on the Reviews tab, else the next one. With `adjourned`
        (what `r` records), a review adjourned and not yet completed is chosen as a
        booking is, and comes before the next booking: its completion is recorded as held
        on the day it began (handbook 3.27), and `r` had offered a new review held today
        (the next deadline then counted from today, weeks late)."""
        self._fill("reviews")
        table = self.query_one("#reviews-table", DataTable)
        booked = booked_reviews(self.record.case)
        waiting = adjourned_to_complete(self.record.case) if adjourned else None
        ids = {r.id for r in booked} | ({waiting.id} if waiting else set())
        if table.row_count and self.query_one(TabbedContent).active == "reviews":
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if key and int(key) in ids:
                return int(key)
        if waiting is not None:
            return waiting.id
        return booked[0].id if booked else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The booking's keys (c, s, k) and those of a child in care (b, m, l) stay on, and
        # say why they cannot be used now (_not_now): hidden, they did nothing and said
        # nothing, though F1 listed them.
        if not hasattr(self, "record"):
            return True
        if action == "red_list":
            return bool(getattr(self, "red_list_reason", None))
        return True

    def _not_now(self, action: str) -> bool:
        """Say, and answer True, when `action` cannot be used for this child now. Not in
        care comes first: "b books one", said of a child who had left care, sent the IRO
        to b, which said they were not in care."""
        case = self.record.case
        in_care = case.looked_after_on(self.today)
        if action in ("reschedule", "cancel_booking", "checklist"):
            if booked_reviews(case):
                return False
            said = "No review is booked for this child" + (": b books one" if in_care else "")
            self.app.notify(said, severity="warning")
            return True
        if action in ("book", "leave_care", "change_episode") and not in_care:
            under_18 = self.today < case.child.eighteenth_birthday
            ended = not case.episodes or case.episodes[-1].dec is not None
            self.app.notify(
                f"{case.child.display_name} is not in care today"
                + (": n records them coming into care" if ended and under_18 else ""),
                severity="warning",
            )
            return True
        if action == "back_into_care" and in_care:
            self.app.notify(
                f"{case.child.display_name} is in care: m records a move or new legal status",
                severity="warning",
            )
            return True
        return False

    def action_midpoint(self) -> None:
        case = self.record.case
        period = case.current_period()
        if period is None or not case.held_reviews_in(period):
            # Monitoring is between reviews (domain/between.py midpoint): the check opened
            # worded "since the last review", with no mid-point, for a child with none.
            self.app.notify(
                "No review held yet in this period of care: the mid-point check follows the "
                "1st review",
                severity="warning",
            )
            return
        self.app.open_link(f"midpoint:{self.child_ref}")

    def action_edit_profile(self) -> None:
        self.post_message(FormRequested(EditProfile(self.child_ref)))

    def _selected_review(self) -> int | None:
        self._fill("reviews")
        table = self.query_one("#reviews-table", DataTable)
        if not table.row_count:
            return None
        return int(key_text(table.coordinate_to_cell_key(table.cursor_coordinate).row_key))

    def action_checklist(self) -> None:
        review_id = None if self._not_now("checklist") else self._booked_review_id()
        if review_id is not None:
            self.app.open_review(review_id)

    def action_record(self) -> None:
        self.app.record_review(self.child_ref, self._booked_review_id(adjourned=True))

    def _selected_held_review(self, doing: str) -> int | None:
        """The recorded review the user can see selected, or None with the reason why.

        Refused before any form opens: a letter or record written from a review the
        user did not pick (or from a booking, which has nothing in it) is worse than none.
        """
        tabs = self.query_one(TabbedContent)
        if tabs.active != "reviews":
            tabs.active = "reviews"
            self.app.notify(
                f"Choose the recorded review on this tab, then press the key again to {doing}.",
                severity="warning",
            )
            return None
        review_id = self._selected_review()
        review = next((r for r in self.record.reviews if r.id == review_id), None)
        if review is None or review.status != "held":
            status = {"planned": "booked"}.get(review.status, review.status) if review else ""
            self.app.notify(
                f"The selected review is {status}, not held: choose a held review to {doing}."
                if review
                else f"There is no review to {doing}.",
                title="Not done",
                severity="error",
            )
            return None
        return review_id

    def action_after_review(self) -> None:
        review_id = self._selected_held_review("record what was sent after it")
        if review_id is not None:
            self.post_message(FormRequested(AfterReview(review_id)))

    def action_document(self) -> None:
        review_id = self._selected_held_review("write it as a letter or the formal record")
        if review_id is not None:
            self.app.preview_document(review_id)

    def action_number_review(self) -> None:
        self.action_tab("reviews")
        review_id = self._selected_review()
        if review_id is None:
            self.app.notify("There is no review to number yet", severity="warning")
            return
        self.post_message(FormRequested(NumberReview(self.child_ref, review_id)))

    def action_significant_change(self) -> None:
        self.post_message(FormRequested(SignificantChange(self.child_ref)))

    def action_escalate(self) -> None:
        # On the Decisions tab, about the open decision chosen there, as from the drift
        # tracker; elsewhere, an issue of the IRO's own words.
        decision = None
        if self.query_one(TabbedContent).active == "decisions":
            key = self.query_one("#decisions-table", FitTable).cursor_key()
            decision = next(
                (d for d in self.record.decisions if str(d.id) == key and d.status == "open"),
                None,
            )
        request = Escalate.about(decision, self.today) if decision else Escalate(self.child_ref)
        self.post_message(FormRequested(request))

    def action_edit_placement(self) -> None:
        self.post_message(FormRequested(EditPlacement(self.child_ref)))

    def action_add_person(self) -> None:
        self.post_message(FormRequested(EditPerson(self.child_ref)))

    def action_book(self) -> None:
        if not self._not_now("book"):
            self.post_message(FormRequested(BookReview(self.child_ref)))

    def action_reschedule(self) -> None:
        review_id = None if self._not_now("reschedule") else self._booked_review_id()
        if review_id is not None:
            self.post_message(FormRequested(Reschedule(self.child_ref, review_id)))

    def action_cancel_booking(self) -> None:
        review_id = None if self._not_now("cancel_booking") else self._booked_review_id()
        if review_id is not None:
            self.post_message(FormRequested(CancelBooking(review_id)))

    def action_change_episode(self) -> None:
        if not self._not_now("change_episode"):
            self.post_message(FormRequested(ChangeEpisode(self.child_ref)))

    def action_leave_care(self) -> None:
        if not self._not_now("leave_care"):
            self.post_message(FormRequested(LeaveCare(self.child_ref)))

    def action_change_id(self) -> None:
        from iro_tui.screens.forms import child_id_form

        old = self.child_ref

        def renamed(new: str | None) -> None:
            if new and new != old:
                # The screen is the child's by their ID: opened again under the new one.
                self.app.notify(f"Child ID {old} is now {new}")
                self.app.pop_screen()
                self.app.open_child(new)

        self.app.push_screen(child_id_form(self.store, old), renamed)

    def action_back_into_care(self) -> None:
        if not self._not_now("back_into_care"):
            self.post_message(FormRequested(BackIntoCare(self.child_ref)))

    def action_add_appointment(self) -> None:
        self.post_message(FormRequested(AddAppointment(self.child_ref)))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "episodes":
            # An episode's 903 placement details (an earlier one's had no form at all).
            event.stop()
            episodes = self.record.case.episodes
            index = key_text(event.row_key)
            if index.isdigit() and int(index) < len(episodes):
                episode = episodes[int(index)]
                self.post_message(FormRequested(EditEpisode(self.child_ref, episode.decom)))
            return
        if event.data_table.id == "timeline-table":
            event.stop()
            link = self.timeline_links.get(key_text(event.row_key), "")
            kind, _, rest = link.partition(":")
            if kind == "tab":  # a review or a decision: its row on its own tab
                tab, _, row = rest.partition(":")
                self.action_tab(tab)
                self.query_one(f"#{tab}-table", FitTable).keep_row(row)
            elif link:
                self.app.open_link(link)
            return
        if event.data_table.id == "decisions-table":
            event.stop()
            decision = next(d for d in self.record.decisions if str(d.id) == event.row_key.value)
            # No longer needed too: an update puts it back on the list (one said so by
            # mistake could not be put right). Done stays done (store/between.py).
            if decision.status == "done":
                self.app.notify(
                    "This decision is done: a new need is a new decision at the next review",
                    severity="warning",
                )
            elif decision.id is not None:  # stored: it has its id
                self.post_message(
                    FormRequested(UpdateDecision(decision.id, decision.text, decision.child_ref))
                )
            return
        if event.data_table.id == "reviews-table":
            # A review held opens to be put right (a date mistyped: the store said to
            # "open it from the Reviews tab", and nothing opened); an adjourned one, to
            # be completed. A booking is recorded with r, its checklist opened with c.
            event.stop()
            review = next(
                (r for r in self.record.reviews if str(r.id) == event.row_key.value), None
            )
            if review is None:
                return
            if review.status in ("held", "adjourned"):
                self.app.record_review(self.child_ref, review.id)
            elif review.status == "cancelled" and review.id is not None:
                from iro_tui.store.reviews import held_before_cancelled

                if held_before_cancelled(self.store.conn, review.id):
                    # Held, then cancelled as recorded in error: opened to put it back.
                    self.app.record_review(self.child_ref, review.id)
                else:
                    self.app.notify(
                        "This booking was cancelled: b books another review",
                        title="Nothing to open",
                    )
            else:
                # Enter said nothing on a booking (an adversarial check): say its keys.
                when = review.scheduled_date
                self.app.notify(
                    f"This review is booked{f' for {when:%d/%m/%Y}' if when else ''}: r "
                    "records it once held, s moves it, k cancels it, c opens its checklist",
                    title="A booking",
                )
            return
        if event.data_table.id == "people-table":
            event.stop()
            person = next(p for p in self.record.people if str(p.id) == event.row_key.value)
            self.post_message(FormRequested(EditPerson(self.child_ref, person)))
