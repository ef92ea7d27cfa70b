"""Reads for the annual report: every child's history, in a few queries.

Given the report's window (domain/annual.py ReportWindow) only what the year can count
is read: the year's held reviews, decisions, notes and escalations, and mid-point notes
back to the earliest cycle that can have a check in the year. A store holding a decade
then costs about what one year does (issue 12: ~100,000 decisions, ~200,000 notes).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from iro_tui.domain.annual import (
    ChildYear,
    DecisionFacts,
    EscalationFacts,
    HeldReview,
    ReportWindow,
)
from iro_tui.store.between import load_escalations
from iro_tui.store.store import Store

# Every day a store can hold, for checks that the window loses nothing.
EVERYTHING = ReportWindow(date(1900, 1, 1), date(9999, 12, 31))


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _flag(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def _held_reviews(store: Store, window: ReportWindow) -> dict[str, list[HeldReview]]:
    span = [window.start.isoformat(), window.as_at.isoformat()]
    consulted: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for review_id, day, role in store.conn.execute(
        "SELECT k.review_id, k.consulted_date, k.consultee_role FROM consultations k "
        "JOIN reviews r ON r.id = k.review_id WHERE r.held_date BETWEEN ? AND ?",
        span,
    ):
        consulted[review_id].append((date.fromisoformat(day), role))
    found: dict[str, list[HeldReview]] = defaultdict(list)
    for row in store.db.query(
        "SELECT c.child_ref, r.id, r.held_date, r.participation_code, r.late_reason, "
        "r.seen_alone, r.completed_date, r.decisions_sent_date, r.record_sent_date "
        "FROM reviews r JOIN children c ON c.id = r.child_id WHERE r.status = 'held' "
        "AND r.held_date BETWEEN ? AND ? ORDER BY r.held_date",
        span,
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


def _decisions(store: Store, window: ReportWindow) -> dict[str, list[DecisionFacts]]:
    found: dict[str, list[DecisionFacts]] = defaultdict(list)
    # Each decision as it stood on as_at. Done stays done, from its day. Otherwise its
    # last update up to as_at says whether it was no longer needed then (schema v9): one
    # dropped in June, or dropped and put back on the list since, moved the figures of a
    # year that ended in March. A decision dropped with no such update (an older store's)
    # counts as dropped throughout.
    for ref, made, due, status, completed in store.conn.execute(
        "SELECT child_ref, made_date, due_date, CASE WHEN status = 'done' THEN 'done' "
        "WHEN dropped_then IS NOT NULL OR (status = 'dropped' AND NOT dropped_ever) "
        "THEN 'dropped' ELSE 'open' END, "
        "CASE WHEN status = 'done' THEN completed_date ELSE dropped_then END FROM ("
        "SELECT c.child_ref, d.made_date, d.due_date, d.status, d.completed_date, "
        "CASE WHEN d.status != 'done' THEN (SELECT CASE WHEN p.state = 'dropped' THEN "
        "p.recorded_date END FROM decision_progress p WHERE p.decision_id = d.id AND "
        "p.recorded_date <= ? ORDER BY p.recorded_date DESC, p.id DESC LIMIT 1) END "
        "AS dropped_then, "
        "CASE WHEN d.status = 'dropped' THEN EXISTS (SELECT 1 FROM decision_progress p "
        "WHERE p.decision_id = d.id AND p.state = 'dropped') END AS dropped_ever "
        "FROM decisions d JOIN children c ON c.id = d.child_id WHERE d.made_date <= ? "
        # The year's decisions, and earlier ones that may still have been open at its end.
        "AND (d.made_date >= ? OR d.status != 'done' OR d.completed_date > ?)) "
        "ORDER BY due_date",
        [window.as_at.isoformat()] * 2 + [window.start.isoformat(), window.as_at.isoformat()],
    ):
        found[ref].append(
            DecisionFacts(
                date.fromisoformat(made), date.fromisoformat(due), status, _day(completed)
            )
        )
    return found


def _notes(
    store: Store, window: ReportWindow
) -> tuple[dict[str, list[date]], dict[str, list[date]]]:
    every: dict[str, list[date]] = defaultdict(list)
    midpoint: dict[str, list[date]] = defaultdict(list)
    for ref, day, kind in store.conn.execute(
        "SELECT c.child_ref, n.note_date, n.kind FROM footprint_notes n "
        "JOIN children c ON c.id = n.child_id "
        "WHERE n.note_date BETWEEN ? AND ? AND (n.kind = 'midpoint' OR n.note_date >= ?) "
        "ORDER BY n.note_date",
        [window.cycles_from.isoformat(), window.as_at.isoformat(), window.start.isoformat()],
    ):
        day_ = date.fromisoformat(day)
        if day_ >= window.start:
            every[ref].append(day_)
        if kind == "midpoint":
            midpoint[ref].append(day_)
    return every, midpoint


def _out_of_area(store: Store) -> dict[str, list[tuple[date, bool]]]:
    found: dict[str, list[tuple[date, bool]]] = defaultdict(list)
    for ref, decom, out in store.conn.execute(
        "SELECT c.child_ref, e.decom, p.out_of_area FROM placements p "
        "JOIN episodes e ON e.id = p.episode_id JOIN children c ON c.id = e.child_id"
    ):
        found[ref].append((date.fromisoformat(decom), bool(out)))
    return found


def load_annual_inputs(store: Store, window: ReportWindow = EVERYTHING) -> list[ChildYear]:
    """One ChildYear per child, holding what `window` can count (the report decides
    what falls in the year)."""
    reviews = _held_reviews(store, window)
    decisions = _decisions(store, window)
    notes, midpoints = _notes(store, window)
    escalations = defaultdict(list)
    for escalation in load_escalations(store):
        if not (window.start <= escalation.opened_date <= window.as_at):
            continue
        escalations[escalation.child_ref].append(
            EscalationFacts(
                kind=escalation.kind,
                theme=escalation.theme,
                opened=escalation.opened_date,
                resolved=escalation.resolved_date,
                outcome=escalation.outcome,
                stages=tuple(escalation.stages),
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
