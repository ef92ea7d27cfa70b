"""Search across notes, decisions and reviews: LIKE with the typed text escaped."""

from datetime import date

from iro_tui.store.search import like_pattern, search


def test_like_pattern_escapes_the_wildcards():
    assert like_pattern("50%_a\\b") == "%50\\%\\_a\\\\b%"


def test_search_finds_notes_decisions_and_review_fields_case_blind(demo):
    hits = search(demo, "esol")
    assert [(h.child_ref, h.kind, h.on, h.tab) for h in hits] == [
        ("100101", "note", date(2026, 4, 14), "timeline"),
        # Dawit's fully recorded review of 5 Feb 2026: two essential matters and the
        # carers' views mention ESOL.
        ("100101", "matter", date(2026, 2, 5), "reviews"),
        ("100101", "matter", date(2026, 2, 5), "reviews"),
        ("100101", "review", date(2026, 2, 5), "reviews"),
        ("100102", "decision", date(2025, 11, 27), "decisions"),
    ]
    assert [h.label for h in hits[1:4]] == [
        "review: changes",
        "review: education",
        "review: carers' views",
    ]
    assert hits[4].text == "Arrange ESOL college place for September"
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


def test_a_phrase_in_quotation_marks_is_searched_for_without_them(demo):
    """Typed as a search box elsewhere takes a phrase, "committee room" found nothing:
    the marks were searched for too (an adversarial check)."""
    plain = search(demo, "committee room")
    assert plain
    for quoted in ('"committee room"', "“committee room”", "'committee room'"):
        assert search(demo, quoted) == plain, quoted
    assert search(demo, '"') == []
