"""Search across notes, decisions and reviews: LIKE with the typed text escaped."""

from datetime import date

from iro_tui.store.search import like_pattern, search


def test_like_pattern_escapes_the_wildcards():
    assert like_pattern("50%_a\\b") == "%50\\%\\_a\\\\b%"


def test_search_finds_notes_decisions_and_review_fields_case_blind(demo):
    hits = search(demo, "esol")
    assert [(h.child_ref, h.kind, h.on, h.tab) for h in hits] == [
        ("100101", "note", date(2026, 4, 14), "timeline"),
        ("100102", "decision", date(2025, 11, 27), "decisions"),
    ]
    assert hits[1].text == "Arrange ESOL college place for September"
    venue = search(demo, "committee room")
    assert [(h.child_ref, h.kind, h.label, h.tab) for h in venue] == [
        ("100108", "review", "review: venue", "reviews")
    ]


def test_wildcards_typed_mean_themselves(demo):
    assert search(demo, "%") == [] and search(demo, "_") == []
    demo.conn.execute(
        "UPDATE footprint_notes SET text = 'Rent up 50% this year' WHERE id = "
        "(SELECT min(id) FROM footprint_notes)"
    )
    assert [h.text for h in search(demo, "50%")] == ["Rent up 50% this year"]
    assert search(demo, "5_%") == []
    assert search(demo, "   ") == []
