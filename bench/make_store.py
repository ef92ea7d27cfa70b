"""A whole authority's store: N children with up to 10 years of history.

    python bench/make_store.py --children 1000 --out /tmp/authority.sqlite [--today 2026-06-01]

Every row is written through the store's own write functions (iro_tui/store/), so the
audit trail, the transactions and the shapes are the app's own: children come into care,
move, change legal status and leave; reviews are held about every six months with
decisions that get progress updates and are done (a few drift); the IRO leaves footprint
notes twice a month, does the mid-point check, records significant changes, escalates,
sends the records after each review and keeps appointments. Every name is invented and
the seed is fixed, so the same N gives the same store.

Each child is written inside one outer transaction (the store's functions join it as
savepoints), which is what keeps 1,000 children to minutes.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from iro_tui.domain.between import FootprintNote, ProgressUpdate, SignificantChange  # noqa: E402
from iro_tui.domain.booking import Booking  # noqa: E402
from iro_tui.domain.calendar import add_months, eighteenth_birthday  # noqa: E402
from iro_tui.domain.checklist import ChecklistEntry  # noqa: E402
from iro_tui.domain.deadlines import next_review_deadline  # noqa: E402
from iro_tui.domain.episodes import EpisodeChange, Intake, LeavingCare  # noqa: E402
from iro_tui.domain.recording import Attendee, DecisionDraft, ReviewRecord  # noqa: E402
from iro_tui.domain.records import Appointment, Person, PlacementDetails  # noqa: E402
from iro_tui.store import open_store  # noqa: E402
from iro_tui.store.between import (  # noqa: E402
    add_note,
    escalate,
    follow_up_done,
    open_escalation,
    record_response,
    record_significant_change,
    resolve_escalation,
    save_midpoint,
    update_decision,
)
from iro_tui.store.changes import (  # noqa: E402
    add_child,
    book_review,
    change_episode,
    leave_care,
    save_appointment,
    save_person,
)
from iro_tui.store.records import load_child  # noqa: E402
from iro_tui.store.reviews import (  # noqa: E402
    save_checklist_entry,
    save_review_fields,
    save_review_record,
)

GIVEN = (
    "Amara Ben Chloe Dylan Ellie Finn Grace Harvey Isla Jack Kai Lola Mason Nia Oscar Priya "
    "Quinn Ruby Sami Tia Umar Violet Wren Xander Yasmin Zac Aiden Bea Caleb Daisy Ezra Freya "
    "Gabe Hana Idris Jada Kofi Layla Milo Nell Omar Poppy Reuben Sienna Theo Uma Vinnie Willa"
).split()
FAMILY = (
    "Ashdown Brackley Corran Dunmore Elston Farrow Gilmore Hatherley Ingleby Jessop Kettering "
    "Lowther Marlow Netherby Orcutt Pelham Quarry Renshaw Stainton Thornbury Upwood Varley "
    "Whitcombe Yarrow Ashgrove Bellamy Carrick Dalby Everett Fenwick Garside Holloway Ibbotson"
).split()
WORKERS = (
    "Morgan Pike, Alex Rowe, Sam Tilly, Jo Vance, Chris Wold, Pat Yates, Robin Ames, Kim Beale"
).split(", ")
LANGUAGES = ("English",) * 8 + ("Arabic", "Tigrinya", "Dari", "Polish", "Somali")
ETHNIC = ("WBRI", "WBRI", "WBRI", "MWBC", "BAFR", "AOTH", "WOTH", "OOTH")
DECISION_TEXTS = (
    "Update the care plan with the new contact arrangements",
    "Arrange a dental check",
    "Refer to CAMHS for an assessment",
    "Complete the PEP with the designated teacher",
    "Arrange life-story work",
    "Explore family and friends carers",
    "Book the annual health assessment",
    "Apply for a passport",
    "Arrange sibling contact every month",
    "Complete the pathway needs assessment",
    "Confirm the school place for September",
    "Arrange an advocate for the child",
)
NOTE_KINDS = ("visit", "sw_contact", "sw_contact", "email", "carer_parent_contact", "other")
CHANGES = ("sw_change", "contact_change", "health_event", "complaint", "missing", "exclusion")
STABLE_PLACES = ("U1", "U2", "U3", "U4", "U5", "U6", "K2", "R1")
PROVIDERS = ("PR1", "PR2", "PR3", "PR4", "PR5")
MOVE_REASONS = ("CARPL", "CREQB", "CHILD", "LAREQ", "PLACE", "OTHER")
LEAVE_REASONS = ("E13", "E4A", "E8", "E41")
ADULT_LEAVE = "E17"  # aged 18


def _jitter(rng: random.Random, day: date, low: int, high: int) -> date:
    return day + timedelta(days=rng.randint(low, high))


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


class Authority:
    def __init__(self, store, today: date, seed: int) -> None:
        self.store = store
        self.today = today
        self.rng = random.Random(seed)
        self.rulebook = store.rulebook()
        self.start = date(today.year - 10, today.month, 1)

    def child(self, number: int) -> None:
        rng, today = self.rng, self.today
        ref = str(200000 + number)
        # More children came in early in the window than late, so most carry years of history.
        span = (today - timedelta(days=30) - self.start).days
        decom = _weekday(self.start + timedelta(days=int(span * rng.random() ** 2)))
        age_in = rng.randint(0, 15)
        dob = decom - timedelta(days=age_in * 365 + rng.randint(1, 360))
        turns_18 = eighteenth_birthday(dob)
        leaves = turns_18 - timedelta(days=1) if turns_18 <= today else None
        if leaves is None and rng.random() < 0.12:  # home, adopted, special guardianship
            leaves = _weekday(_jitter(rng, decom, 200, max(201, (today - decom).days - 1)))
            leaves = min(leaves, today)
        end = leaves or today
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        language = rng.choice(LANGUAGES)
        intake = Intake(
            child_ref=ref,
            given_name=given,
            family_name=family,
            dob=dob,
            sex=rng.choice("MF"),
            uasc=language != "English" and age_in >= 14,
            first_language=language,
            interpreter_needed=language != "English" and rng.random() < 0.6,
            decom=decom,
            ls="C2" if age_in < 14 else rng.choice(("V2", "C2")),
            cin=rng.choice(("N1", "N1", "N2", "N4", "N8")),
            place=rng.choice(STABLE_PLACES),
            place_provider=rng.choice(PROVIDERS),
            pl_post="EN1 3XA",
            carer_name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
            area="Elsewhere Borough" if rng.random() < 0.4 else "Home Borough",
            out_of_area=rng.random() < 0.4,
            today=decom,
        )
        store = self.store
        with store.transaction():
            add_child(store, intake)
            people = self._people(ref, family)
            episode = intake.episodes()[-1]
            moves = sorted(
                _weekday(_jitter(rng, decom, 60, max(61, (end - decom).days - 1)))
                for _ in range(rng.randint(0, max(0, (end - decom).days // 700)))
            )
            for move in dict.fromkeys(m for m in moves if decom < m < end):
                change = EpisodeChange(
                    current=episode,
                    change_date=move,
                    ls=episode.ls,
                    place=rng.choice(STABLE_PLACES),
                    place_provider=rng.choice(PROVIDERS),
                    carer_changed=True,
                    reason_place_change=rng.choice(MOVE_REASONS),
                    pl_post="EN2 6AB",
                    today=move,
                )
                details = PlacementDetails(
                    carer_name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
                    area="Home Borough",
                )
                change_episode(store, ref, change, details)
                episode = change.episodes()[1]
            self._reviews(ref, dob, decom, end, leaves is not None, people)
            self._footprints(ref, decom, end)
            if rng.random() < 0.3:
                self._escalation(ref, decom, end)
            if leaves is not None:
                rec = ADULT_LEAVE if leaves == turns_18 - timedelta(days=1) else None
                leave_care(
                    store,
                    ref,
                    LeavingCare(
                        current=episode,
                        leave_date=leaves,
                        rec=rec or rng.choice(LEAVE_REASONS),
                        today=leaves,
                    ),
                )
            else:
                self._appointments(ref)

    def _people(self, ref: str, family: str) -> list[tuple[str, str]]:
        rng = self.rng
        people = [
            (rng.choice(WORKERS), "social_worker"),
            (rng.choice(WORKERS), "team_manager"),
            (f"{rng.choice(GIVEN)} {family}", "parent"),
            (f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}", "carer"),
        ]
        for name, role in people:
            save_person(self.store, ref, Person(role=role, name=name, phone="01632 960000"))
        return people

    def _reviews(self, ref, dob, decom, end, leaves, people) -> None:
        rng, store, calendar = self.rng, self.store, self.rulebook.calendar
        held = _weekday(calendar.add_working_days(decom, rng.randint(12, 19)))
        number, booked_id = 1, None
        while held < end:
            following = _weekday(
                add_months(held, 3 if number == 1 else 6) - timedelta(days=rng.randint(3, 20))
            )
            age = (held - dob).days // 365
            late = rng.random() < 0.04
            if late:
                held = held + timedelta(days=rng.randint(1, 9))
            decisions = [
                DecisionDraft(
                    text=rng.choice(DECISION_TEXTS),
                    owner_name=name,
                    owner_role=role,
                    due_date=held + timedelta(days=rng.choice((14, 28, 42, 60, 90, 120))),
                )
                for name, role in (people[rng.randrange(len(people))] for _ in range(5))
            ]
            record = ReviewRecord(
                held_date=held,
                scheduled_date=held,
                venue="Placement",
                participation_code="PN0" if age < 4 else rng.choice(("PN1", "PN1", "PN3", "PN5")),
                late_reason="The social worker was ill" if late else None,
                child_views="Happy where they live; wants more time with their brother.",
                advocacy_offered=True,
                seen_alone=age >= 4,
                matters={"changes": "Settled", "permanence": "Long-term fostering"}
                if number > 1
                else {"changes": "First review"},
                attendees=[
                    Attendee(name=name, role=role, attendance="attended") for name, role in people
                ],
                decisions=decisions,
                next_review_date=following if following < end or not leaves else None,
            )
            review_id = save_review_record(store, ref, booked_id, record)
            self._progress(review_id, held)
            completed = held
            if completed + timedelta(days=40) < self.today or rng.random() < 0.5:
                if rng.random() < 0.985:  # a few records never went out: the backlog
                    sent = calendar.add_working_days(completed, rng.randint(2, 6))
                    save_review_fields(
                        store,
                        review_id,
                        {
                            "decisions_sent_date": sent,
                            "record_sent_date": calendar.add_working_days(completed, 15),
                            "care_plan_updated_date": calendar.add_working_days(completed, 9),
                            "manager_response": "agreed",
                            "manager_response_date": calendar.add_working_days(sent, 3),
                        },
                    )
            booked_id = store.conn.execute(
                "SELECT id FROM reviews WHERE child_id = ? AND status = 'planned' "
                "ORDER BY id DESC LIMIT 1",
                (store.child_id(ref),),
            ).fetchone()
            booked_id = booked_id[0] if booked_id else None
            held, number = following, number + 1
        if booked_id is not None and not leaves:
            for item, state in (("sw_conversation", "done"), ("consultation_sent", "not_done")):
                save_checklist_entry(
                    store,
                    booked_id,
                    ChecklistEntry(
                        item=item,
                        state=state,
                        done_date=self.today - timedelta(days=3) if state == "done" else None,
                    ),
                )
        elif not leaves and self.rng.random() < 0.5:
            # As the booking form does: against the deadline in force, with a reason
            # only when the day is after it (a reason for a booking in time is refused).
            day = self.today + timedelta(days=self.rng.randint(5, 60))
            deadline = next_review_deadline(load_child(store, ref).case, store.rulebook())
            due = deadline.due if deadline else None
            book_review(
                store,
                Booking(
                    child_ref=ref,
                    scheduled_date=day,
                    today=self.today,
                    deadline=due,
                    late_reason=(
                        "Booked after the deadline to suit the family"
                        if due is not None and day > due
                        else None
                    ),
                ),
            )

    def _progress(self, review_id: int, held: date) -> None:
        rng, store = self.rng, self.store
        rows = store.conn.execute(
            "SELECT id, due_date FROM decisions WHERE review_id = ?", (review_id,)
        ).fetchall()
        for decision_id, due in rows:
            due = date.fromisoformat(due)
            day = held
            for _ in range(rng.randint(1, 3)):
                day = day + timedelta(days=rng.randint(7, 30))
                if day >= self.today:
                    return
                update_decision(
                    store,
                    ProgressUpdate(
                        decision_id=decision_id,
                        state=rng.choice(("on_track", "on_track", "at_risk")),
                        note="Spoke to the social worker",
                        recorded_date=day,
                    ),
                )
            finished = due + timedelta(days=rng.randint(-10, 20))
            if finished < self.today and rng.random() < 0.96:  # the rest drift
                update_decision(
                    store,
                    ProgressUpdate(
                        decision_id=decision_id,
                        state="done",
                        recorded_date=max(finished, day),
                        completed_date=max(finished, day),
                    ),
                )

    def _footprints(self, ref: str, decom: date, end: date) -> None:
        rng, store = self.rng, self.store
        day = decom
        while True:
            day = day + timedelta(days=rng.randint(5, 15))
            if day >= end:
                break
            kind = rng.choice(NOTE_KINDS)
            follow = rng.random() < 0.1
            note = FootprintNote(
                note_date=day,
                kind=kind,
                text="Spoke about school and contact; nothing of concern.",
                follow_up_date=day + timedelta(days=14) if follow else None,
                today=day,
            )
            if rng.random() < 0.08:
                save_midpoint(
                    store,
                    ref,
                    note.model_copy(update={"kind": "midpoint", "follow_up_date": None}),
                    [],
                )
                continue
            note_id = add_note(store, ref, note)
            if follow and day + timedelta(days=30) < self.today:
                follow_up_done(store, note_id)
            if rng.random() < 0.03:
                record_significant_change(
                    store,
                    ref,
                    SignificantChange(
                        category=rng.choice(CHANGES),
                        notified_date=day,
                        detail="Told by the social worker",
                        review_needed=False,
                        decision_reason="The care plan still meets the child's needs",
                        today=day,
                    ),
                )

    def _escalation(self, ref: str, decom: date, end: date) -> None:
        rng, store = self.rng, self.store
        opened = _weekday(_jitter(rng, decom, 30, max(31, (end - decom).days - 1)))
        if opened >= self.today:
            return
        escalation_id = open_escalation(
            store,
            ref,
            {
                "kind": "informal",
                "theme": rng.choice(("permanence", "legal_status", "needs_rights")),
                "issue": "The permanence plan has drifted since the last review",
                "opened_date": opened,
            },
            self.rulebook,
        )
        replied = opened + timedelta(days=rng.randint(3, 10))
        if replied >= self.today:
            return
        record_response(store, escalation_id, "Plan agreed at panel", replied, None)
        if rng.random() < 0.3 and replied + timedelta(days=2) < self.today:
            escalate(store, escalation_id, replied + timedelta(days=2), self.rulebook)
            replied = replied + timedelta(days=rng.randint(4, 9))
            if replied >= self.today:
                return
            record_response(store, escalation_id, "Agreed", replied, "Resolved at stage 1")
        resolved = replied + timedelta(days=2)
        if resolved < self.today:
            resolve_escalation(store, escalation_id, resolved, "Agreed plan in place")

    def _appointments(self, ref: str) -> None:
        rng = self.rng
        for weeks in (-4, 2):
            day = _weekday(self.today + timedelta(weeks=weeks, days=rng.randint(0, 6)))
            save_appointment(
                self.store,
                Appointment(
                    kind="visit",
                    title="Visit at the placement",
                    appt_date=day,
                    start_time=f"{rng.randint(9, 16):02d}:00",
                    child_ref=ref,
                ),
            )


def build(children: int, out: Path, today: date, seed: int = 12) -> float:
    if out.exists():
        raise SystemExit(f"{out} exists: give a new file")
    started = time.perf_counter()
    store = open_store(out)
    # A bench store, not the IRO's: losing it to a power cut costs a rebuild only.
    store.conn.execute("PRAGMA synchronous = OFF")
    authority = Authority(store, today, seed)
    for number in range(1, children + 1):
        authority.child(number)
        if number % 100 == 0:
            print(f"  {number} children  {time.perf_counter() - started:6.0f} s", file=sys.stderr)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 6, 1))
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    seconds = build(args.children, args.out, args.today, args.seed)
    print(f"built {args.children} children in {seconds:.0f} s: {args.out}")


if __name__ == "__main__":
    main()
