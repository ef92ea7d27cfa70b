"""Reading without validating again gives what validating gave (store/from_rows.py).

On the demo, on the fixture 903 returns (a full history and a council's one-year
return) and on a small authority written by bench/make_store.py, every row the store
reads into a record is also put through `model_validate`, as the store did before:
the two must be equal, with every field of the same type and the same fields set.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from iro_tui.demo import ANCHOR, build_demo
from iro_tui.domain.models import Child, ChildCase, Episode, Review
from iro_tui.domain.records import Appointment, Decision, PlacementDetails
from iro_tui.interchange.import903 import import_903
from iro_tui.paths import fixtures_dir
from iro_tui.store import Store, from_rows, open_store
from iro_tui.store.records import (
    APPOINTMENT_SQL,
    DECISION_SQL,
    current_placements,
    load_appointments,
    load_decisions,
)

BENCH = Path(__file__).resolve().parents[2] / "bench"


def same(fast: object, slow: object, where: str = "") -> None:
    """Equal, of the same type, field by field (and item by item) down the tree."""
    assert type(fast) is type(slow), f"{where}: {type(fast)} is not {type(slow)}"
    assert fast == slow, where
    if isinstance(fast, BaseModel):
        assert isinstance(slow, BaseModel)
        assert fast.model_fields_set == slow.model_fields_set, where
        assert hash(fast) == hash(slow), where
        assert repr(fast) == repr(slow), where
        for name in type(fast).model_fields:
            same(getattr(fast, name), getattr(slow, name), f"{where}.{name}")
    elif isinstance(fast, tuple | list):
        assert isinstance(slow, tuple | list)
        for n, (a, b) in enumerate(zip(fast, slow, strict=True)):
            same(a, b, f"{where}[{n}]")


def validated_cases(store: Store, child_id: int | None = None) -> list[ChildCase]:
    """Store.load_cases as it was: every row through model_validate."""
    one, where, params = child_id is not None, "", []
    if one:
        where, params = " WHERE child_id = ?", [child_id]
    child_where = " WHERE id = ?" if one else ""
    children = {
        row.pop("id"): Child.model_validate(row)
        for row in store.db.query(
            f"SELECT id, {', '.join(from_rows.CHILD_COLUMNS)} FROM children{child_where}", params
        )
    }
    episodes: dict[int, list[Episode]] = defaultdict(list)
    for row in store.db.query(
        f"SELECT child_id, {', '.join(from_rows.EPISODE_COLUMNS)} FROM episodes{where} "
        "ORDER BY decom",
        params,
    ):
        episodes[row.pop("child_id")].append(Episode.model_validate(row))
    reviews: dict[int, list[Review]] = defaultdict(list)
    for row in store.db.query(
        "SELECT id, child_id, status, scheduled_date, scheduled_time, venue, held_date, "
        f"participation_code, review_number AS number FROM reviews{where}",
        params,
    ):
        reviews[row.pop("child_id")].append(Review.model_validate(row))
    additional: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for cid, notified, required_by in store.conn.execute(
        "SELECT s.child_id, s.notified_date, r.scheduled_date FROM significant_changes s "
        "JOIN reviews r ON r.id = s.review_id WHERE s.review_needed = 1"
        + (" AND s.child_id = ?" if one else ""),
        params,
    ):
        additional[cid].append((date.fromisoformat(notified), date.fromisoformat(required_by)))
    cases = [
        ChildCase(
            child=child,
            episodes=tuple(episodes[cid]),
            reviews=tuple(reviews[cid]),
            additional_reviews=tuple(additional[cid]),
        )
        for cid, child in children.items()
    ]
    return sorted(cases, key=lambda c: c.child.child_ref)


def _demo(tmp_path: Path) -> Store:
    return build_demo(tmp_path / "demo.sqlite", ANCHOR)


def _imported(folder: str):
    def make(tmp_path: Path) -> Store:
        store = open_store(tmp_path / "s.sqlite")
        import_903(store, fixtures_dir() / folder, ANCHOR)
        return store

    return make


def _authority(tmp_path: Path) -> Store:
    sys.path.insert(0, str(BENCH))
    try:
        from make_store import build
    finally:
        sys.path.remove(str(BENCH))
    build(14, tmp_path / "authority.sqlite", date(2026, 6, 1))
    return open_store(tmp_path / "authority.sqlite")


STORES = {
    "demo": _demo,
    "903": _imported("903"),
    "903-oneyear": _imported("903-oneyear"),
    "authority": _authority,
}


@pytest.fixture(params=list(STORES))
def filled(request, tmp_path, monkeypatch):
    """A store of every kind, whose rows must all be read the quick way (so that what
    the tests compare with validation is that way, not validation itself)."""

    def validated(model, columns, row):
        raise AssertionError(f"{model.__name__} {row} was validated again")

    monkeypatch.setattr(from_rows, "validated", validated)
    store = STORES[request.param](tmp_path)
    yield store
    store.close()


def test_every_case_is_as_validated(filled):
    expected = validated_cases(filled)
    assert len(expected) == filled.conn.execute("SELECT count(*) FROM children").fetchone()[0]
    assert sum(len(c.reviews) for c in expected) > 0
    same(filled.load_cases(), expected, "everyone")
    for child_id, child in filled.load_children().items():
        same(filled.load_cases(child_id), validated_cases(filled, child_id), child.child_ref)
        same(filled.load_children(child_id)[child_id], child, child.child_ref)
        same(
            filled.load_episodes(child.child_ref),
            list(validated_cases(filled, child_id)[0].episodes),
            child.child_ref,
        )


def test_decisions_appointments_and_placements_are_as_validated(filled):
    decisions = [
        Decision.model_validate(r) for r in filled.db.query(DECISION_SQL + " ORDER BY due_date")
    ]
    same(load_decisions(filled), decisions, "decisions")
    same(
        load_decisions(filled, open_only=True),
        [d for d in decisions if d.status == "open"],
        "open decisions",
    )
    appointments = [
        Appointment.model_validate(r)
        for r in filled.db.query(APPOINTMENT_SQL + " ORDER BY appt_date, start_time")
    ]
    same(load_appointments(filled), appointments, "appointments")
    placements = current_placements(filled)
    for ref, details in placements.items():
        [row] = filled.db.query(
            "SELECT provider_name, carer_name, address, area, out_of_area, phone "
            "FROM placements p JOIN episodes e ON e.id = p.episode_id "
            "JOIN children c ON c.id = e.child_id WHERE c.child_ref = ? "
            "AND e.decom = (SELECT max(decom) FROM episodes WHERE child_id = e.child_id)",
            [ref],
        )
        same(details, PlacementDetails.model_validate(row), ref)


def test_the_records_behave_as_validated_ones(demo):
    case = demo.load_cases()[0]
    with pytest.raises(ValidationError):
        case.child.given_name = "Changed"  # type: ignore[misc]
    other = demo.load_cases()[1].child
    fields = set(case.child.model_fields_set)
    copy = case.child.model_copy(update={"given_name": "Changed"})
    assert copy.given_name == "Changed" and case.child.given_name != "Changed"
    # Records of a model share one set of the fields set (all of them): a copy with
    # changes has its own, and the others' stays as it was.
    assert case.child.model_fields_set == other.model_fields_set == fields
    assert copy.model_fields_set == fields
    assert Child.model_validate(case.child.model_dump()) == case.child


# Rows a hand or another program might have written: each builder must give exactly
# what model_validate gives (the same record, or a ValidationError).
CHILD = dict(
    zip(
        from_rows.CHILD_COLUMNS,
        ("K1", "Amy", "Lee", None, "2012-01-02", "F", "WBRI", None, 0, None, "English", 0)
        + ("", 1, None, None, 1, "2026-06-01"),
        strict=True,
    )
)
ODD_CHILDREN = [
    {},
    {"given_name": "  Amy "},
    {"child_ref": " K1"},
    {"child_ref": "K123456789X"},
    {"child_ref": ""},
    {"dob": "20120102"},
    {"dob": "2012-W01-1"},
    {"dob": "2012-02-30"},
    {"sex": "X"},
    {"sex": " F"},
    {"mother": 2},
    {"mother": None, "mc_dob": "2030-01-01"},
    {"interpreter_needed": None},
    {"red_list": "1"},
    {"upn": 12345},
    {"joined_on": None},
    {"joined_on": "2026-02-30"},
]
EPISODE = dict(
    zip(
        from_rows.EPISODE_COLUMNS,
        ("2024-01-05", "S", "C2", "N1", "U1", "PR1", None, None, None, "AB1 2CD", None, None),
        strict=True,
    )
)
ODD_EPISODES = [
    {},
    {"place": "H5"},
    {"place": "ZZ"},
    {"dec": "2024-02-01", "rec": "E11"},
    {"dec": "2024-02-01"},
    {"dec": "2023-12-01", "rec": "E11"},
    {"rne": "s"},
    {"home_post": " AB1 2CD "},
    {"decom": None},
]
REVIEW = dict(
    zip(
        from_rows.REVIEW_COLUMNS,
        (7, "held", None, None, None, "2025-10-06", "PN1", 2),
        strict=True,
    )
)
ODD_REVIEWS = [
    {},
    {"status": "planned", "held_date": None, "scheduled_date": "2026-07-01"},
    {"status": "planned", "scheduled_date": None},
    {"status": "held", "held_date": None},
    {"status": "booked"},
    {"number": 0},
    {"number": "2"},
    {"participation_code": "PN9"},
    {"venue": "School "},
    {"id": None},
]


def _outcome(build, model, row: dict):
    try:
        return build(tuple(row.values()))
    except ValidationError as exc:
        return ("refused", model.__name__, str(exc))


@pytest.mark.parametrize(
    ("build", "model", "base", "change"),
    [(from_rows.child, Child, CHILD, c) for c in ODD_CHILDREN]
    + [(from_rows.episode, Episode, EPISODE, c) for c in ODD_EPISODES]
    + [(from_rows.review, Review, REVIEW, c) for c in ODD_REVIEWS],
)
def test_an_unexpected_value_gets_what_validation_gives(build, model, base, change):
    row = {**base, **change}
    fast = _outcome(build, model, row)
    slow = _outcome(lambda values: model.model_validate(row), model, row)
    same(fast, slow, str(change))
