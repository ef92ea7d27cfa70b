"""A recorded review as a document: a letter to the child, or the formal record.

Both are built as a list of blocks (letter_to_child.py, formal_record.py) and then
rendered as Markdown or as .docx (blocks.py), so the two formats can never say
different things. `redact_address` leaves out the placement address (IRO Handbook
3.69). This module gathers what the document needs from the store and writes it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iro_tui.domain.calendar import age_on
from iro_tui.domain.recording import after_the_review
from iro_tui.errors import BadInput
from iro_tui.interchange.blocks import Block, to_docx, to_markdown
from iro_tui.interchange.files import check_target, write_atomically, write_text_atomically
from iro_tui.interchange.formal_record import formal_blocks
from iro_tui.interchange.letter_to_child import gave_views, is_bare, letter_blocks

if TYPE_CHECKING:
    from iro_tui.store.store import Store

__all__ = ["Block", "gather", "review_blocks", "to_markdown", "write_review_document"]


def gather(store: Store, review_id: int) -> dict[str, Any]:
    from iro_tui.store.records import load_child
    from iro_tui.store.reviews import child_ref_of_review, load_recorded

    review = load_recorded(store, review_id)
    if review["status"] != "held":
        raise BadInput(f"review {review_id} has not been held, so there is no record to write")
    record = load_child(store, child_ref_of_review(store, review_id))
    held = date.fromisoformat(review["held_date"])
    episode = next((e for e in reversed(record.case.episodes) if e.decom <= held), None)
    placement = record.placements.get(episode.decom) if episode else None
    child = record.case.child.model_dump(mode="json")
    return {
        # What comes next: a review booked, the final review before 18, or none (the
        # letter said "we will agree the date of your next review soon" to a child whose
        # last review it was, and "your last review" to one whose final review was booked).
        "after": after_the_review(record.case, held, store.rulebook()),
        "child": child,
        "review": review,
        "age": age_on(record.case.child.dob, held),
        "matters": review["matters"],
        "attendees": review["attendees"],
        "decisions": review["decisions"],
        "consultations": review["consultations"],
        "episode": episode.model_dump(mode="json") if episode else None,
        "address": placement.address if placement else None,
        "iro_name": store.get_setting("iro_name"),
        "iro_phone": store.get_setting("iro_phone"),
        "iro_email": store.get_setting("iro_email"),
    }


def document_warnings(data: dict[str, Any], style: str) -> list[str]:
    """What to put right before sending: said in the app before the file is saved."""
    warnings = []
    if not data.get("iro_name"):
        warnings.append(
            "Your name is not set, so the letter cannot be signed by you: press o on the "
            "diary (Settings) or run `iro-tui config set iro_name NAME`."
        )
    review = data["review"]
    if gave_views(review) and is_bare(review.get("child_views") or ""):
        warnings.append(
            f"The child's views are not written down, though {review['participation_code']} "
            "says they gave them (a review from a 903 return holds none): the letter thanks "
            "them without "
            "quoting them, so check it says enough before you send it."
        )
    if style == "letter" and not (data.get("iro_phone") or data.get("iro_email")):
        warnings.append(
            "Your phone and email are not set, so the letter cannot say how to reach you "
            "(Settings)."
        )
    child = data["child"]
    language = (child.get("first_language") or "").strip()
    if style == "letter" and (
        child.get("interpreter_needed") or (language and language.lower() != "english")
    ):
        # The letter is written in English: for a child who reads another language best
        # (an unaccompanied child, often), a letter they cannot read says nothing.
        first = f"The child's first language is {language}" if language else "The child"
        needs = " and an interpreter is needed" if child.get("interpreter_needed") else ""
        warnings.append(
            f"{first}{needs}: the letter is in English, so have it translated, or read it "
            "with the child and an interpreter."
        )
    return warnings


def review_blocks(
    store: Store, review_id: int, style: str, redact_address: bool
) -> tuple[list[Block], list[str]]:
    """(blocks, warnings) for one review: what the preview shows and the file holds."""
    if style not in ("letter", "formal"):
        raise BadInput(f"style '{style}' is not letter or formal")
    data = gather(store, review_id)
    blocks = (letter_blocks if style == "letter" else formal_blocks)(data, redact_address)
    return blocks, document_warnings(data, style)


def write_review_document(
    store: Store, review_id: int, path: Path, fmt: str, style: str, redact_address: bool
) -> Path:
    if fmt not in ("md", "docx"):
        raise BadInput(f"format '{fmt}' is not md or docx")
    if style not in ("letter", "formal"):
        raise BadInput(f"style '{style}' is not letter or formal")
    path = check_target(path, "document")
    blocks, _ = review_blocks(store, review_id, style, redact_address)
    if fmt == "md":
        write_text_atomically(path, to_markdown(blocks))
    else:
        write_atomically(path, lambda temp: to_docx(blocks, temp))
    return path
