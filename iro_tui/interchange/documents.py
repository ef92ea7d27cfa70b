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
from typing import TYPE_CHECKING, Any

from iro_tui.domain.calendar import age_on
from iro_tui.domain.codes import LEGAL_STATUS_MEANING, PARTICIPATION_MEANING, PLACEMENT_MEANING
from iro_tui.domain.recording import ATTENDANCE, ESSENTIAL_MATTERS
from iro_tui.errors import BadInput
from iro_tui.interchange.files import check_target, write_atomically, write_text_atomically
from iro_tui.safe_text import markdown_text, plain

if TYPE_CHECKING:
    from iro_tui.store.store import Store

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


# A note that is only a tick ("Yes", "n/a") says nothing to a child: the letter turns
# it into a sentence (below) or leaves it out; the formal record keeps it as typed.
BARE_NOTES = frozenset(
    {"yes", "y", "no", "n", "n/a", "na", "none", "nil", "-", "ok", "done", "tbc", "not applicable"}
)


def is_bare(note: str | None) -> bool:
    return not note or note.strip().lower().rstrip(".!") in BARE_NOTES


# What a "Yes" against a matter means, said to a child under 8 and to an older child.
YES_SENTENCES: dict[str, tuple[str | None, str]] = {
    "last_decisions": (
        "The grown-ups did the things they promised last time.",
        "The things we agreed at your last review have been done.",
    ),
    "legal_status": (None, "We checked that the legal arrangements for your care are still right."),
    "permanence": (
        "We talked about where you will grow up.",
        "We talked about your long-term plan.",
    ),
    "contact": (
        "You will keep seeing your family as planned.",
        "Your arrangements for seeing family and friends are working.",
    ),
    "placement": (
        "Everyone agreed that where you live now is a good home for you.",
        "We agreed that where you live now meets your needs.",
    ),
    "education": ("You have a plan to help you at school.", "Your education plan is up to date."),
    "leisure": ("You are doing things you enjoy.", "You have time for the things you enjoy."),
    "health": ("You have had your health check.", "Your health needs are being looked after."),
    "identity": (
        "People are helping you learn about where you come from.",
        "Your culture, language and faith are being respected.",
    ),
    "support": ("You know who to ask for help.", "You know where to get help and advice."),
    "leaving_care": (None, "We talked about getting you ready for when you leave care."),
    "wishes": (
        "Your social worker has asked you what you want and how you feel.",
        "Your social worker has made sure they know your wishes and feelings.",
    ),
    "visits": (
        "Your social worker has been coming to see you.",
        "Your social worker has been visiting you as often as they should.",
    ),
    "timeliness": (None, "The plans for you have been carried out on time."),
}


def age_band(age: int) -> str:
    """Westminster writes the record as a letter the child can read: the words
    depend on the age (under 8, 8-12, 13 and over)."""
    return "young" if age < 8 else "middle" if age < 13 else "teen"


def _talked_about(data: dict[str, Any], band: str) -> list[str]:
    """Each essential matter in handbook order: a real note under the child's
    heading, a bare "Yes" as a sentence, anything else bare left out."""
    lines = []
    for key in ESSENTIAL_MATTERS:
        note = (data["matters"].get(key) or "").strip()
        if not is_bare(note):
            lines.append(f"{CHILD_WORDS[key]}: {note}")
        elif note.lower().rstrip(".!") in ("yes", "y"):
            sentence = YES_SENTENCES.get(key, (None, None))[0 if band == "young" else 1]
            if sentence:
                lines.append(sentence)
    return lines


def _views_given(review: dict[str, Any]) -> str:
    """Who passed on the child's words (SSDA903 participation codes)."""
    code = review.get("participation_code")
    if code in ("PN2", "PN5"):
        return "Your advocate told us that you said"
    if code == "PN6":
        return "You sent us your views. You said"
    return "You told us"


def _own_words(data: dict[str, Any], band: str) -> list[Block]:
    """The child's views in their own words, quoted and attributed; never a bare yes."""
    review, blocks = data["review"], []
    views = (review["child_views"] or "").strip()
    if not is_bare(views) and review.get("participation_code") == "PN0":
        # PN0: under 4, views observed rather than said; not put in quotation marks.
        blocks.append(Block("p", f"When we met, I saw this: {views}"))
    elif not is_bare(views):
        blocks.append(Block("p", f"{_views_given(review)}: “{views}”"))
    for c in data["consultations"]:
        if c["consultee_role"] == "child" and not is_bare(c["views"]):
            how = c["method"].replace("_", " ")
            when = date.fromisoformat(c["consulted_date"]).strftime("%d %B")
            blocks.append(
                Block("p", f"Before the meeting ({how}, {when}) you said: “{c['views'].strip()}”")
            )
    if not blocks:
        blocks.append(
            Block(
                "p",
                {
                    "young": "You did not tell us what you think this time. You can tell "
                    "your carer or your social worker, and they will tell me.",
                    "middle": "You did not share your views this time. You can always tell "
                    "me, your social worker or an advocate what you think.",
                    "teen": "We did not hear your views this time. They matter: you can "
                    "tell me, your social worker or an advocate at any time, and I will "
                    "make sure they are heard before any decision about you.",
                }[band],
            )
        )
    return blocks


def _how_to_reach(data: dict[str, Any]) -> str:
    phone, email = data.get("iro_phone"), data.get("iro_email")
    if phone and email:
        return f"You can ring me on {phone} or email me at {email}."
    if phone:
        return f"You can ring me on {phone}."
    if email:
        return f"You can email me at {email}."
    return "Your social worker or your carer can tell you how to reach me."


def _signature(data: dict[str, Any]) -> str:
    # Never "from your IRO, your IRO": the app warns before saving when the name is unset.
    name = data.get("iro_name")
    return (
        f"From {name}, your Independent Reviewing Officer"
        if name
        else ("From your Independent Reviewing Officer")
    )


def letter_blocks(data: dict[str, Any], redact: bool) -> list[Block]:
    """The review as a letter to the child, in words for their age (Westminster)."""
    child, review = data["child"], data["review"]
    name = child["preferred_name"] or child["given_name"] or "there"
    band = age_band(data["age"])
    iro = data.get("iro_name")
    held = _d(review["held_date"])
    blocks = [Block("h1", f"Your review on {held}")]
    if not redact and data["address"]:
        blocks.append(Block("p", f"To {name}, {data['address']}"))
    blocks.append(Block("p", f"Dear {name},"))
    me = f"I am {iro}. " if iro else ""
    intro = {
        "young": f"{me}I am your IRO. My job is to check that the grown-ups look after "
        f"you well. We had a meeting about you on {held}. A grown-up you trust can "
        "read this letter with you.",
        "middle": f"{me}I am your Independent Reviewing Officer (IRO). My job is to "
        "check that your plan is right for you and that people do what they promised. "
        f"Thank you for your review on {held}. This letter tells you what we talked "
        "about, what you told us, what will happen next, and when we will meet again.",
        "teen": f"{me}I am your Independent Reviewing Officer (IRO): I am independent of "
        "your social worker, and my job is to make sure your care plan is right for you "
        f"and is carried out. This letter is my record of your review on {held}, "
        "written for you. You can ask me for the full record at any time.",
    }[band]
    blocks.append(Block("p", intro))
    if review["venue"]:
        blocks.append(Block("p", f"We met at {review['venue']}."))
    blocks.append(
        Block(
            "h2",
            {"young": "What you told us", "middle": "What you told us", "teen": "Your views"}[band],
        )
    )
    blocks += _own_words(data, band)
    talked = _talked_about(data, band)
    if talked:
        blocks += [
            Block("h2", "What we talked about" if band != "teen" else "What the review looked at"),
            Block("bullets", items=tuple(talked)),
        ]
    if data["decisions"]:
        heading = {
            "young": "What will happen next",
            "middle": "What will happen, who will do it, and by when",
            "teen": "What was decided, who will do it, and by when",
        }[band]
        if band == "young":
            items = tuple(
                f"{d['text']}. {_first_name(d['owner_name'])} will do this by "
                f"{date.fromisoformat(d['due_date']):%B %Y}."
                for d in data["decisions"]
            )
        else:
            items = tuple(
                f"{d['text']}. {_first_name(d['owner_name'])} ({d['owner_role']}) "
                f"will do this by {_d(d['due_date'])}."
                for d in data["decisions"]
            )
        blocks += [Block("h2", heading), Block("bullets", items=items)]
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
            {
                "young": "If you are worried or sad about anything, tell a grown-up you "
                "trust. They can ask me to come and see you.",
                "middle": "If you are unhappy about anything, you can talk to me, your "
                "social worker or your carer, or make a complaint. You have a right to "
                "an advocate: someone on your side who helps you say what you think.",
                "teen": "Your rights: you can have an advocate to help you have your say; "
                "you can make a complaint about your care; you can see what is written "
                "about you; and if you are on a care order you can apply to the court to "
                "end it. If you disagree with anything in this letter, tell me.",
            }[band],
        )
    )
    blocks.append(Block("p", _how_to_reach(data)))
    blocks.append(Block("p", _signature(data)))
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
        ("Independent Reviewing Officer", data["iro_name"] or "name not set"),
    ]
    contact = " · ".join(c for c in (data.get("iro_phone"), data.get("iro_email")) if c)
    if contact:
        details.append(("Contact the IRO", contact))
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
            # IRO Handbook 3.38 order, whatever order they were stored in.
            items=tuple(
                (label, data["matters"][key])
                for key, label in ESSENTIAL_MATTERS.items()
                if data["matters"].get(key)
            ),
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
    if style == "letter" and not (data.get("iro_phone") or data.get("iro_email")):
        warnings.append(
            "Your phone and email are not set, so the letter cannot say how to reach you "
            "(Settings)."
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
