"""Reads for the annual report: every child's history, in a few queries."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from iro_tui.domain.annual import ChildYear, EscalationFacts, HeldReview
from iro_tui.store.between import load_escalations
from iro_tui.store.records import load_decisions
from iro_tui.store.store import Store


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _flag(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def _held_reviews(store: Store) -> dict[str, list[HeldReview]]:
    consulted: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for review_id, day, role in store.conn.execute(
        "SELECT review_id, consulted_date, consultee_role FROM consultations"
    ):
        consulted[review_id].append((date.fromisoformat(day), role))
    found: dict[str, list[HeldReview]] = defaultdict(list)
    for row in store.db.query(
        "SELECT c.child_ref, r.id, r.held_date, r.participation_code, r.late_reason, "
        "r.seen_alone, r.completed_date, r.decisions_sent_date, r.record_sent_date "
        "FROM reviews r JOIN children c ON c.id = r.child_id WHERE r.status = 'held' "
        "ORDER BY r.held_date"
    ):
        found[row["child_ref"]].append(
            HeldReview(
                held=date.fromisoformat(row["held_date"]),
                participation=row["participation_code"],
                late_reason=row["late_reason"],
                seen_alone=_flag(row["seen_alone"]),
                completed=_day(row["completed_date"]),
                decisions_sent=_day(row["decisions_sent_date"]),
                record_sent=_day(row["record_sent_date"]),
                consulted=tuple(consulted[row["id"]]),
            )
        )
    return found


def _notes(store: Store) -> tuple[dict[str, list[date]], dict[str, list[date]]]:
    every: dict[str, list[date]] = defaultdict(list)
    midpoint: dict[str, list[date]] = defaultdict(list)
    for ref, day, kind in store.conn.execute(
        "SELECT c.child_ref, n.note_date, n.kind FROM footprint_notes n "
        "JOIN children c ON c.id = n.child_id ORDER BY n.note_date"
    ):
        every[ref].append(date.fromisoformat(day))
        if kind == "midpoint":
            midpoint[ref].append(date.fromisoformat(day))
    return every, midpoint


def _out_of_area(store: Store) -> dict[str, list[tuple[date, bool]]]:
    found: dict[str, list[tuple[date, bool]]] = defaultdict(list)
    for ref, decom, out in store.conn.execute(
        "SELECT c.child_ref, e.decom, p.out_of_area FROM placements p "
        "JOIN episodes e ON e.id = p.episode_id JOIN children c ON c.id = e.child_id"
    ):
        found[ref].append((date.fromisoformat(decom), bool(out)))
    return found


def load_annual_inputs(store: Store) -> list[ChildYear]:
    """One ChildYear per child; the report decides what falls in the year."""
    reviews = _held_reviews(store)
    decisions = defaultdict(list)
    for decision in load_decisions(store):
        decisions[decision.child_ref].append(decision)
    notes, midpoints = _notes(store)
    escalations = defaultdict(list)
    for row in load_escalations(store):
        escalations[row["child_ref"]].append(
            EscalationFacts(
                kind=row["kind"],
                theme=row["theme"],
                opened=date.fromisoformat(row["opened_date"]),
                resolved=_day(row["resolved_date"]),
                outcome=row["outcome"],
                stages=tuple(row["stages"]),
            )
        )
    areas = _out_of_area(store)
    found = []
    for case in store.load_cases():
        ref = case.child.child_ref
        found.append(
            ChildYear(
                case=case,
                reviews=tuple(reviews[ref]),
                decisions=tuple(decisions[ref]),
                note_dates=tuple(notes[ref]),
                midpoint_notes=tuple(midpoints[ref]),
                escalations=tuple(escalations[ref]),
                out_of_area=tuple(areas[ref]),
            )
        )
    return found
