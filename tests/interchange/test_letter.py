"""The letter to the child on the demo's three fully recorded reviews: one per age
band, in different words, the child's own words quoted, never a bare "Yes", signed
with the IRO's name and how to reach them; the formal record in handbook order."""

import pytest

from iro_tui.domain.recording import ESSENTIAL_MATTERS
from iro_tui.interchange.documents import review_blocks, to_markdown


def held_review(store, child_ref, held):
    return store.conn.execute(
        "SELECT r.id FROM reviews r JOIN children c ON c.id = r.child_id "
        "WHERE c.child_ref = ? AND r.held_date = ?",
        (child_ref, held),
    ).fetchone()[0]


def letter(store, child_ref, held, style="letter"):
    blocks, warnings = review_blocks(store, held_review(store, child_ref, held), style, True)
    return to_markdown(blocks), warnings


DAWIT, TYLER, JAYDEN = ("100101", "2026-02-05"), ("100114", "2026-02-12"), ("100115", "2026-03-05")


def test_each_age_band_gets_its_own_words(demo):
    teen, _ = letter(demo, *DAWIT)  # 16
    middle, _ = letter(demo, *TYLER)  # 11
    young, _ = letter(demo, *JAYDEN)  # 3
    assert "I am independent of your social worker" in teen
    assert "you can see what is written about you." in teen
    assert "check that your plan is right for you" in middle
    assert "someone on your side" in middle
    assert "check that the grown-ups look after you well" in young
    assert "A grown-up you trust can read this letter with you" in young
    # Genuinely different: no band's opening paragraph appears in another's letter.
    assert "grown-ups" not in teen and "grown-ups" not in middle
    assert "apply to the court" not in middle and "apply to the court" not in young


def test_only_a_child_on_a_care_order_is_told_they_can_apply_to_end_it(demo):
    """Dawit is accommodated under s20 (V2): he was told "if you are on a care order you
    can apply to the court to end it". Under a full care order (C2) he is told he can."""
    accommodated, _ = letter(demo, *DAWIT)
    assert "care order" not in accommodated
    with demo.transaction():
        demo.conn.execute(
            "UPDATE episodes SET ls = 'C2' WHERE child_id = "
            "(SELECT id FROM children WHERE child_ref = ?)",
            [DAWIT[0]],
        )
    on_an_order, _ = letter(demo, *DAWIT)
    assert (
        "you can see what is written about you; and, as you are on a care order, you can "
        "apply to the court to end it." in on_an_order
    )


def test_the_childs_own_words_are_quoted_and_attributed(demo):
    teen, _ = letter(demo, *DAWIT)
    assert "You told us: “I like my foster family." in teen
    middle, _ = letter(demo, *TYLER)
    assert "“I like living with Joanna." in middle
    # Consultation before the meeting, in the child's words, with how and when.
    assert "Before the meeting (face to face," in middle and "you said: “I am happy" in middle
    # Under 4 (PN0): what the IRO saw, not put in the child's mouth.
    young, _ = letter(demo, *JAYDEN)
    assert "When we met, I saw this: Jayden played" in young
    assert "You told us" not in young


@pytest.mark.parametrize("who", [DAWIT, TYLER, JAYDEN])
def test_never_a_bare_yes_or_no(demo, who):
    text, _ = letter(demo, *who)
    for line in text.splitlines():
        tail = line.rsplit(":", 1)[-1].strip().lower().rstrip(".")
        assert tail not in {"yes", "no", "n/a"}, line
    # "Yes" against "placement" became a sentence; Dawit's "No" on timeliness is said
    # plainly: left out, the letter read as if all was well (an adversarial check).
    assert "where you live now" in text
    no_on_time = (
        "Whether things happened on time: we talked about this, and something needs to change."
    )
    assert (no_on_time in text) == (who == DAWIT)


def test_signed_with_the_name_and_how_to_reach_them(demo):
    text, warnings = letter(demo, *DAWIT)
    assert "From Sam Okoro, your Independent Reviewing Officer" in text
    assert "ring me on 020 7946 0321 or email me at sam.okoro@example.invalid" in text
    assert "your Independent Reviewing Officer, your Independent" not in text
    # Only that Dawit reads Tigrinya best (nothing about the name or how to reach them).
    assert warnings == [LANGUAGE]


LANGUAGE = (
    "The child's first language is Tigrinya and an interpreter is needed: the letter is in "
    "English, so have it translated, or read it with the child and an interpreter."
)


def test_a_letter_to_a_child_who_reads_english_best_has_no_language_warning(demo):
    """Dawit reads Tigrinya best and needs an interpreter: a letter in English only said
    nothing of it. With English his first language, nothing is said."""
    with demo.transaction():
        demo.conn.execute(
            "UPDATE children SET first_language = 'English', interpreter_needed = 0 "
            "WHERE child_ref = ?",
            [DAWIT[0]],
        )
    _, warnings = letter(demo, *DAWIT)
    assert warnings == []
    formal = letter(demo, *DAWIT, style="formal")[1]
    assert LANGUAGE not in formal


def test_no_name_set_is_said_before_saving_and_never_signed_twice(demo):
    demo.set_settings({"iro_name": None, "iro_phone": None, "iro_email": None})
    text, warnings = letter(demo, *DAWIT)
    assert "From your Independent Reviewing Officer" in text
    assert "Reviewing Officer, your Independent Reviewing Officer" not in text
    assert any("Your name is not set" in w for w in warnings)
    assert any("phone and email are not set" in w for w in warnings)


def test_the_formal_record_lists_the_matters_in_handbook_order(demo):
    whole, _ = letter(demo, *DAWIT, style="formal")
    text = whole.split("## The essential matters")[1].split("## Decisions")[0]
    labels = [label for label in ESSENTIAL_MATTERS.values() if f"| {label} |" in text]
    assert len(labels) == 15
    positions = [text.index(f"| {label} |") for label in labels]
    assert positions == sorted(positions)
    assert "Sam Okoro" in whole and "020 7946 0321" in whole
    # The decisions made at the review are in its record.
    assert "Find a college place for September" in whole
    assert "No attendance recorded" not in whole


def test_a_decision_the_child_or_the_iro_owns_is_said_as_you_and_i(demo):
    """ "Ahmad (Child) will do this" read as about someone else."""
    from datetime import date

    from iro_tui.domain.recording import DecisionDraft, ReviewRecord
    from iro_tui.store.reviews import save_review_record

    record = ReviewRecord(
        held_date=date(2026, 6, 5),
        participation_code="PN7",
        matters={"permanence": "Long-term fostering"},
        decisions=[
            DecisionDraft(
                text="Register with a GP",
                owner_name="Tyler Brooks",
                owner_role="Child",
                due_date=date(2026, 7, 3),
            ),
            DecisionDraft(
                text="Write to the head of service",
                owner_name="Sam Okoro",
                owner_role="IRO",
                due_date=date(2026, 6, 19),
            ),
        ],
    )
    save_review_record(demo, "100114", None, record)
    text, _ = letter(demo, "100114", "2026-06-05")
    assert "Register with a GP. You will do this by Friday 03 July 2026." in text
    assert "Write to the head of service. I will do this by Friday 19 June 2026." in text
    assert "(Child)" not in text


def test_a_decision_owner_is_named_whole_and_a_role_in_words():
    """ "Mr and Mrs Adeyemi" read "Mr (carer) will do this", "Coram Voice advocate
    (A. Mensah)" read "Coram", and a role chosen from the people list read social_worker."""
    from iro_tui.interchange.letter_to_child import _who_will

    assert _who_will({"owner_name": "Mr and Mrs Adeyemi", "owner_role": "carer"}) == (
        "Mr and Mrs Adeyemi (Carer) will"
    )
    assert _who_will({"owner_name": "Grace Okafor", "owner_role": "social_worker"}) == (
        "Grace Okafor (Social worker) will"
    )
    assert _who_will(
        {"owner_name": "Coram Voice advocate (A. Mensah)", "owner_role": "Advocate"}
    ) == ("Coram Voice advocate (A. Mensah) (Advocate) will")
    assert _who_will({"owner_name": "Dr Shah", "owner_role": "CAMHS"}, roles=False) == (
        "Dr Shah will"
    )


def test_views_typed_in_quotation_marks_are_quoted_once():
    from iro_tui.interchange.letter_to_child import unquoted

    assert unquoted('"I want to stay with my carers"') == "I want to stay with my carers"
    assert unquoted("“I like it here”") == "I like it here"
    assert unquoted("  'Fine'  ") == "Fine"
    assert unquoted("'I can't go back'") == "I can't go back"
    assert unquoted("‘I won’t go’") == "I won’t go"
    # Quotation marks that are not round the whole stay as typed.
    assert unquoted('"Yes" and "no"') == '"Yes" and "no"'
    assert unquoted('I said "no"') == 'I said "no"'
