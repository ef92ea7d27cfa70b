"""The review as the formal record: the child's details, attendance, views, the
essential matters in IRO Handbook 3.38 order, the decisions and the next review."""

from __future__ import annotations

from typing import Any

from iro_tui.domain.codes import LEGAL_STATUS_MEANING, PARTICIPATION_MEANING, PLACEMENT_MEANING
from iro_tui.domain.recording import ATTENDANCE, ESSENTIAL_MATTERS, AfterTheReview
from iro_tui.domain.records import role_in_words
from iro_tui.interchange.blocks import Block, written_date


def _details(data: dict[str, Any], redact: bool) -> list[tuple[str, str]]:
    """The child, the placement, the review and the IRO: the table the record opens with."""
    child, review, episode = data["child"], data["review"], data["episode"]
    name = " ".join(p for p in (child["given_name"], child["family_name"]) if p)
    details = [
        ("Child", f"{name} (ID {child['child_ref']})"),
        ("Date of birth", f"{written_date(child['dob'])} (age {data['age']} at the review)"),
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
            written_date(review["held_date"])
            + (
                f"; a series completed {written_date(review['completed_date'])}"
                if review["series"]
                else ""
            ),
        ),
        # Often the placement itself: left out with its address.
        ("Venue", "left out with the placement address" if redact else review["venue"] or ""),
        (
            "Participation",
            f"{review['participation_code']}: "
            f"{PARTICIPATION_MEANING.get(review['participation_code'], '')}"
            if review["participation_code"]
            else "",
        ),
        # The child's voice (handbook 3.33-3.36): seen alone, and advocacy offered and
        # wanted, recorded at the review; the record left them out.
        ("Seen alone by the IRO", _answer(review.get("seen_alone"))),
        ("Advocacy", _advocacy(review)),
        ("Independent Reviewing Officer", data["iro_name"] or "name not set"),
    ]
    contact = " · ".join(c for c in (data.get("iro_phone"), data.get("iro_email")) if c)
    if contact:
        details.append(("Contact the IRO", contact))
    if not redact:
        details.insert(4, ("Placement address", data["address"] or "not recorded"))
    if review["late_reason"]:
        details.append(("Why the review was late", review["late_reason"]))
    return details


def _answer(flag: int | bool | None) -> str:
    return "not recorded" if flag is None else "yes" if flag else "no"


def _advocacy(review: dict[str, Any]) -> str:
    """'offered; wanted: Ms A Advocate', as recorded."""
    offered, wanted = review.get("advocacy_offered"), review.get("advocacy_wanted")
    if offered is None and wanted is None and not review.get("advocate_name"):
        return "not recorded"
    parts = [f"offered: {_answer(offered)}", f"wanted by the child: {_answer(wanted)}"]
    if review.get("advocate_name"):
        parts.append(f"advocate: {review['advocate_name']}")
    return "; ".join(parts)


def _attendance(data: dict[str, Any]) -> list[Block]:
    """Who came, in what role, and how they took part."""
    return [
        Block("h2", "Attendance"),
        Block(
            "table",
            headers=("Name", "Role", "Attendance"),
            items=tuple(
                (a["name"], role_in_words(a["role"] or ""), ATTENDANCE[a["attendance"]])
                for a in data["attendees"]
            ),
        )
        if data["attendees"]
        else Block("p", "No attendance recorded."),
    ]


def _views(data: dict[str, Any]) -> list[Block]:
    """The child's, parents' and carers' views, and who was consulted before."""
    blocks: list[Block] = []
    review = data["review"]
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
                        written_date(c.consulted_date),
                        c.consultee,
                        c.method.replace("_", " "),
                        c.views,
                    )
                    for c in data["consultations"]
                ),
            )
        )
    return blocks


def _essential_matters(data: dict[str, Any]) -> list[Block]:
    """The essential matters discussed (IRO Handbook 3.38)."""
    return [
        Block("h2", "The essential matters"),
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
        else Block("p", "None recorded."),
    ]


def _decisions(data: dict[str, Any]) -> list[Block]:
    """Each decision with its owner and the date it is due by."""
    return [
        Block("h2", "Decisions"),
        Block(
            "table",
            headers=("Decision", "Owner", "Role", "Due by"),
            items=tuple(
                (
                    d["text"],
                    d["owner_name"],
                    role_in_words(d["owner_role"]),
                    written_date(d["due_date"]),
                )
                for d in data["decisions"]
            ),
        )
        if data["decisions"]
        else Block("p", "No decisions."),
    ]


def _next_review(data: dict[str, Any]) -> list[Block]:
    """The next review's date, and why it is after the deadline if it is."""
    review, after = data["review"], data.get("after") or AfterTheReview()
    if not review["next_review_date"] and after.booked:
        said = f"{written_date(after.booked)} (booked)"
    elif not review["next_review_date"] and after.final_between:
        opens, due = after.final_between
        said = (
            f"The final review before 18, between {written_date(opens)} and "
            f"{written_date(due)}: not yet booked"
        )
    elif not review["next_review_date"] and after.last_before_18:
        said = (
            f"None: the child turns 18 on {written_date(after.last_before_18)}, before "
            "another review falls due (the last review before leaving care)"
        )
    elif not review["next_review_date"] and after.due_by:
        said = f"Not yet booked: due by {written_date(after.due_by)} at the latest"
    else:
        said = written_date(review["next_review_date"]) + (
            f" (later than the statutory deadline: {review['next_review_reason']})"
            if review["next_review_reason"]
            else ""
        )
    return [Block("h2", "Next review"), Block("p", said)]


def formal_blocks(data: dict[str, Any], redact: bool) -> list[Block]:
    """The review as the formal record: every section, in the record's order."""
    # The child's line heads the table of details: a table of label and value has no
    # headers of its own, and blank ones drew an empty first row.
    child, *details = _details(data, redact)
    return [
        Block("h1", "Record of the statutory review"),
        Block("table", headers=tuple(child), items=tuple(details)),
        *_attendance(data),
        *_views(data),
        *_essential_matters(data),
        *_decisions(data),
        *_next_review(data),
    ]
