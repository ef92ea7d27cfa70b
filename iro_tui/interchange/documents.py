"""A recorded review as a document: a letter to the child, or the formal record.

Both are built as a list of blocks (headings, paragraphs, bullets, tables) and
then rendered as Markdown or as .docx with python-docx, so the two formats can
never say different things. `redact_address` leaves out the placement address
(IRO Handbook 3.69).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from iro_tui.domain.calendar import age_on
from iro_tui.domain.codes import LEGAL_STATUS_MEANING, PARTICIPATION_MEANING, PLACEMENT_MEANING
from iro_tui.domain.recording import ATTENDANCE, ESSENTIAL_MATTERS
from iro_tui.errors import BadInput
from iro_tui.interchange.files import check_target, write_atomically, write_text_atomically
from iro_tui.safe_text import markdown_text, plain

# The essential matters in words a child would use (Westminster's letters).
CHILD_WORDS = {
    "changes": "What has changed since we last met",
    "last_decisions": "What we said would happen last time",
    "legal_status": "Why you are in care",
    "permanence": "Where you will live in the long run",
    "contact": "Seeing your family and friends",
    "placement": "Where you live now",
    "education": "School or college",
    "leisure": "Things you enjoy doing",
    "health": "Your health",
    "identity": "Who you are: your culture, language and faith",
    "support": "Help and advice",
    "leaving_care": "Getting ready for when you leave care",
    "wishes": "Your wishes and feelings",
    "visits": "Visits from your social worker",
    "timeliness": "Whether things happened on time",
}


@dataclass(frozen=True)
class Block:
    kind: str  # h1, h2, p, bullets, table
    text: str = ""
    items: tuple = ()
    headers: tuple = ()


def _d(value: str | None) -> str:
    return date.fromisoformat(value).strftime("%A %d %B %Y") if value else "not set"


def _first_name(owner: str) -> str:
    return owner.split()[0] if owner else owner


def letter_blocks(data: dict[str, Any], redact: bool) -> list[Block]:
    child, review = data["child"], data["review"]
    name = child["preferred_name"] or child["given_name"] or "there"
    age = data["age"]
    blocks = [Block("h1", f"Your review on {_d(review['held_date'])}")]
    if not redact and data["address"]:
        blocks.append(Block("p", f"To {name}, {data['address']}"))
    blocks.append(Block("p", f"Dear {name},"))
    if age < 8:
        blocks.append(
            Block(
                "p",
                "This letter is about your review meeting. A grown-up you "
                "trust can read it with you.",
            )
        )
    else:
        blocks.append(
            Block(
                "p",
                "Thank you for your review. This letter tells you what we "
                "talked about, what you told us, what will happen next, who "
                "will do it and by when, and when we will meet again.",
            )
        )
    if review["venue"]:
        blocks.append(Block("p", f"We met at {review['venue']}."))
    talked = [
        f"{CHILD_WORDS.get(k, ESSENTIAL_MATTERS.get(k, k))}: {note}"
        for k, note in data["matters"].items()
    ]
    if talked:
        blocks += [Block("h2", "What we talked about"), Block("bullets", items=tuple(talked))]
    blocks.append(Block("h2", "What you told us"))
    blocks.append(
        Block(
            "p",
            review["child_views"]
            or (
                "You did not share your views this time. You can always tell me, "
                "your social worker or your advocate what you think."
            ),
        )
    )
    if data["decisions"]:
        blocks.append(Block("h2", "What will happen, who will do it, and by when"))
        blocks.append(
            Block(
                "bullets",
                items=tuple(
                    f"{d['text']}. {_first_name(d['owner_name'])} ({d['owner_role']}) "
                    f"will do this by {_d(d['due_date'])}."
                    for d in data["decisions"]
                ),
            )
        )
    blocks.append(Block("h2", "When we meet next"))
    blocks.append(
        Block(
            "p",
            f"Your next review will be on {_d(review['next_review_date'])}."
            if review["next_review_date"]
            else "We will agree the date of your next review soon.",
        )
    )
    blocks.append(
        Block(
            "p",
            "If you are unhappy about anything, you can talk to me, your "
            "social worker or your advocate, or make a complaint. You have a "
            "right to an advocate to help you say what you think.",
        )
    )
    blocks.append(Block("p", f"From {data['iro_name']}, your Independent Reviewing Officer"))
    return blocks


def formal_blocks(data: dict[str, Any], redact: bool) -> list[Block]:
    child, review, episode = data["child"], data["review"], data["episode"]
    name = " ".join(p for p in (child["given_name"], child["family_name"]) if p)
    details = [
        ("Child", f"{name} (ID {child['child_ref']})"),
        ("Date of birth", f"{_d(child['dob'])} (age {data['age']} at the review)"),
        (
            "Legal status",
            f"{episode['ls']}: {LEGAL_STATUS_MEANING.get(episode['ls'], '')}" if episode else "",
        ),
        (
            "Placement",
            f"{episode['place']}: {PLACEMENT_MEANING.get(episode['place'], '')}" if episode else "",
        ),
        (
            "Review held",
            _d(review["held_date"])
            + (f"; a series completed {_d(review['completed_date'])}" if review["series"] else ""),
        ),
        ("Venue", review["venue"] or ""),
        (
            "Participation",
            f"{review['participation_code']}: "
            f"{PARTICIPATION_MEANING.get(review['participation_code'], '')}"
            if review["participation_code"]
            else "",
        ),
        ("Independent Reviewing Officer", data["iro_name"]),
    ]
    if not redact:
        details.insert(4, ("Placement address", data["address"] or "not recorded"))
    if review["late_reason"]:
        details.append(("Why the review was late", review["late_reason"]))
    blocks = [
        Block("h1", "Record of the statutory review"),
        Block("table", headers=("", ""), items=tuple(details)),
    ]
    blocks.append(Block("h2", "Attendance"))
    blocks.append(
        Block(
            "table",
            headers=("Name", "Role", "Attendance"),
            items=tuple(
                (a["name"], a["role"], ATTENDANCE[a["attendance"]]) for a in data["attendees"]
            ),
        )
        if data["attendees"]
        else Block("p", "No attendance recorded.")
    )
    blocks.append(Block("h2", "Views"))
    for label, key in (
        ("The child", "child_views"),
        ("Parents", "parents_views"),
        ("Carers", "carers_views"),
    ):
        blocks.append(Block("p", f"{label}: {review[key] or 'not recorded'}"))
    if data["consultations"]:
        blocks.append(Block("h2", "Consultation before the review"))
        blocks.append(
            Block(
                "table",
                headers=("Date", "Who", "How", "Views"),
                items=tuple(
                    (
                        _d(c["consulted_date"]),
                        c["consultee"],
                        c["method"].replace("_", " "),
                        c["views"],
                    )
                    for c in data["consultations"]
                ),
            )
        )
    blocks.append(Block("h2", "The essential matters"))
    blocks.append(
        Block(
            "table",
            headers=("Matter", "Note"),
            items=tuple((ESSENTIAL_MATTERS.get(k, k), note) for k, note in data["matters"].items()),
        )
        if data["matters"]
        else Block("p", "None recorded.")
    )
    blocks.append(Block("h2", "Decisions"))
    blocks.append(
        Block(
            "table",
            headers=("Decision", "Owner", "Role", "Due by"),
            items=tuple(
                (d["text"], d["owner_name"], d["owner_role"], _d(d["due_date"]))
                for d in data["decisions"]
            ),
        )
        if data["decisions"]
        else Block("p", "No decisions.")
    )
    blocks.append(Block("h2", "Next review"))
    blocks.append(
        Block(
            "p",
            _d(review["next_review_date"])
            + (
                f" (later than the statutory deadline: {review['next_review_reason']})"
                if review["next_review_reason"]
                else ""
            ),
        )
    )
    return blocks


def to_markdown(blocks: list[Block]) -> str:
    # Every text is escaped (safe_text.markdown_text): a name, a view or a decision
    # that looks like Markdown (a heading, a link, a remote image, HTML) is shown as
    # the words typed, never acted on. The structure comes only from the blocks.
    md = markdown_text
    lines: list[str] = []
    for b in blocks:
        if b.kind == "h1":
            lines += [f"# {md(b.text)}", ""]
        elif b.kind == "h2":
            lines += [f"## {md(b.text)}", ""]
        elif b.kind == "p":
            lines += [md(b.text), ""]
        elif b.kind == "bullets":
            # A line break inside an item is indented, so it stays in that item.
            lines += [f"- {md(item)}".replace("\n", "\n  ") for item in b.items] + [""]
        elif b.kind == "table":
            cells = lambda row: "| " + " | ".join(md(str(c)).replace("\n", " ") for c in row) + " |"  # noqa: E731
            lines += [cells(b.headers), cells(["---"] * len(b.headers))]
            lines += [cells(row) for row in b.items] + [""]
    return "\n".join(lines)


def to_docx(blocks: list[Block], path: Path) -> None:
    from docx import Document  # imported here: slow, and only needed for .docx

    # python-docx writes text as text (no markup), but refuses control characters
    # (XML cannot hold them): `plain` strips them and any terminal escapes.
    document = Document()
    for b in blocks:
        if b.kind in ("h1", "h2"):
            document.add_heading(plain(b.text), level=1 if b.kind == "h1" else 2)
        elif b.kind == "p":
            document.add_paragraph(plain(b.text))
        elif b.kind == "bullets":
            for item in b.items:
                document.add_paragraph(plain(item), style="List Bullet")
        elif b.kind == "table":
            table = document.add_table(rows=1, cols=len(b.headers))
            table.style = "Table Grid"
            for cell, header in zip(table.rows[0].cells, b.headers, strict=True):
                cell.text = plain(header)
            for row in b.items:
                for cell, value in zip(table.add_row().cells, row, strict=True):
                    cell.text = plain(str(value))
    document.save(str(path))


def gather(store, review_id: int) -> dict[str, Any]:
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
        "child": child,
        "review": review,
        "age": age_on(record.case.child.dob, held),
        "matters": review["matters"],
        "attendees": review["attendees"],
        "decisions": review["decisions"],
        "consultations": review["consultations"],
        "episode": episode.model_dump(mode="json") if episode else None,
        "address": placement.address if placement else None,
        "iro_name": store.get_setting("iro_name") or "your Independent Reviewing Officer",
    }


def write_review_document(
    store, review_id: int, path: Path, fmt: str, style: str, redact_address: bool
) -> Path:
    if fmt not in ("md", "docx"):
        raise BadInput(f"format '{fmt}' is not md or docx")
    if style not in ("letter", "formal"):
        raise BadInput(f"style '{style}' is not letter or formal")
    path = check_target(path, "document")
    data = gather(store, review_id)
    blocks = (letter_blocks if style == "letter" else formal_blocks)(data, redact_address)
    if fmt == "md":
        write_text_atomically(path, to_markdown(blocks))
    else:
        write_atomically(path, lambda temp: to_docx(blocks, temp))
    return path
