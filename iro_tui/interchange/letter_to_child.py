"""The review as a letter to the child, in words for their age (Westminster's letters:
under 8, 8-12, 13 and over): the child's own words quoted and attributed, a bare "Yes"
turned into a sentence, signed with the IRO's name and how to reach them."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from iro_tui.domain.recording import ESSENTIAL_MATTERS, VIEWS_CODES, AfterTheReview
from iro_tui.domain.records import role_in_words
from iro_tui.interchange.blocks import Block, written_date

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
    heading, a bare "Yes" as a sentence, a bare "No" said plainly, anything else bare
    left out. A "No" was left out too: a child whose placement did not meet their
    needs was sent a letter that read as if all was well (an adversarial check)."""
    lines = []
    for key in ESSENTIAL_MATTERS:
        note = (data["matters"].get(key) or "").strip()
        answer = note.lower().rstrip(".!")
        if not is_bare(note):
            lines.append(f"{CHILD_WORDS[key]}: {note}")
        elif answer in ("yes", "y"):
            sentence = YES_SENTENCES.get(key, (None, None))[0 if band == "young" else 1]
            if sentence:
                lines.append(sentence)
        elif answer in ("no", "n"):
            lines.append(
                f"{CHILD_WORDS[key]}: we talked about this, and something needs to change."
            )
    return lines


# How the child's words reached the review (SSDA903 participation codes): said before
# quoting them, and in thanks when they were not written down.
_HOW_GIVEN = {
    "PN2": ("Your advocate told us that you said", "letting your advocate tell us what you think"),
    "PN5": ("Your advocate told us that you said", "letting your advocate tell us what you think"),
    "PN6": ("You sent us your views. You said", "sending us your views"),
}
_TOLD_US = ("You told us", "telling us what you think")


def _views_given(review: dict[str, Any]) -> str:
    """Who passed on the child's words."""
    return _HOW_GIVEN.get(review.get("participation_code") or "", _TOLD_US)[0]


# Quotation marks a whole quotation may come typed in: the letter puts its own round it.
QUOTES = {'"': '"', "“": "”", "'": "'", "‘": "’", "«": "»"}


def unquoted(words: str) -> str:
    """The words without quotation marks round the whole of them (typed so, they were
    quoted twice: “"I want to stay"”)."""
    words = words.strip()
    if len(words) > 1 and QUOTES.get(words[0]) == words[-1]:
        inner = words[1:-1]
        # An apostrophe within a word ("can't") is not a quotation mark.
        bare = re.sub(r"(?<=\w)['’](?=\w)", "", inner)
        if words[0] not in bare and words[-1] not in bare:  # not "a" and "b"
            return inner.strip()
    return words


def gave_views(review: dict[str, Any]) -> bool:
    """The participation code says the child's views reached the review."""
    return review.get("participation_code") in {c.value for c in VIEWS_CODES}


def _how_given(review: dict[str, Any]) -> str:
    """How they gave their views, to thank them for it."""
    return _HOW_GIVEN.get(review.get("participation_code") or "", _TOLD_US)[1]


def _own_words(data: dict[str, Any], band: str) -> list[Block]:
    """The child's views in their own words, quoted and attributed; never a bare yes."""
    review, blocks = data["review"], []
    views = unquoted(review["child_views"] or "")
    if not is_bare(views) and review.get("participation_code") == "PN0":
        # PN0: under 4, views observed rather than said; not put in quotation marks.
        blocks.append(Block("p", f"When we met, I saw this: {views}"))
    elif not is_bare(views):
        blocks.append(Block("p", f"{_views_given(review)}: “{views}”"))
    for c in data["consultations"]:
        if c.consultee_role == "child" and not is_bare(c.views):
            how = c.method.replace("_", " ")
            when = c.consulted_date.strftime("%d %B")
            blocks.append(
                Block("p", f"Before the meeting ({how}, {when}) you said: “{unquoted(c.views)}”")
            )
    if not blocks and gave_views(review):
        # The code says the child's views reached the review, but they are not written
        # down (a review from a 903 return): never "we did not hear your views" to a
        # child who gave them; the preview asks for them (documents.document_warnings).
        blocks.append(Block("p", f"Thank you for {_how_given(review)} at your review."))
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


def _opening(data: dict[str, Any], band: str, name: str, redact: bool) -> list[Block]:
    """The heading, who it is to, and who the IRO is, in words for the child's age."""
    review = data["review"]
    iro = data.get("iro_name")
    held = written_date(review["held_date"])
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
    # The venue is often the placement ("carers' home, 14 Acacia Road"): it goes with
    # the address, which a letter copied to a parent may not disclose.
    if review["venue"] and not redact:
        blocks.append(Block("p", f"We met at {review['venue']}."))
    return blocks


def _what_happens_next(data: dict[str, Any], band: str) -> list[Block]:
    """The decisions: what, who (first name) and by when; a month for a young child."""
    if not data["decisions"]:
        return []
    heading = {
        "young": "What will happen next",
        "middle": "What will happen, who will do it, and by when",
        "teen": "What was decided, who will do it, and by when",
    }[band]
    if band == "young":
        items = tuple(
            f"{d['text']}. {_who_will(d, roles=False)} do this by "
            f"{date.fromisoformat(d['due_date']):%B %Y}."
            for d in data["decisions"]
        )
    else:
        items = tuple(
            f"{d['text']}. {_who_will(d)} do this by {written_date(d['due_date'])}."
            for d in data["decisions"]
        )
    return [Block("h2", heading), Block("bullets", items=items)]


def _who_will(decision: dict[str, Any], roles: bool = True) -> str:
    """Who will do it, as the letter speaks: "You will" to the child who owns it, "I
    will" for the IRO ("Ahmad (Child) will do this" read as about someone else)."""
    role = decision["owner_role"]
    if role == "Child":
        return "You will"
    if role == "IRO":
        return "I will"
    # The whole name, as typed: its first word was "Mr" for "Mr and Mrs Adeyemi", and
    # "Coram" for "Coram Voice advocate (A. Mensah)".
    name = decision["owner_name"]
    return f"{name} ({role_in_words(role)}) will" if roles else f"{name} will"


def _closing(data: dict[str, Any], band: str) -> list[Block]:
    """When we meet next, the child's rights, how to reach the IRO, and the signature."""
    review, after = data["review"], data.get("after") or AfterTheReview()
    if review["next_review_date"]:
        next_time = f"Your next review will be on {written_date(review['next_review_date'])}."
    elif after.booked:
        next_time = f"Your next review will be on {written_date(after.booked)}."
    elif after.final_between:
        opens, due = after.final_between
        next_time = (
            "Your last review before you turn 18 will be between "
            f"{written_date(opens)} and {written_date(due)}: we will agree the date soon."
        )
    elif after.last_before_18:
        next_time = (
            "This was your last review before you turn 18 on "
            f"{written_date(after.last_before_18)}. Your social worker and your personal "
            "adviser will keep working with you on your pathway plan as you leave care, and "
            "you can still contact me until then."
        )
    elif after.due_by:
        next_time = (
            f"Your next review will be by {written_date(after.due_by)} at the latest: we "
            "will agree the date soon."
        )
    else:
        next_time = "We will agree the date of your next review soon."
    return [
        Block("h2", "When we meet next"),
        Block("p", next_time),
        Block(
            "p",
            {
                "young": "If you are worried or sad about anything, tell a grown-up you "
                "trust. They can ask me to come and see you.",
                "middle": "If you are unhappy about anything, you can talk to me, your "
                "social worker or your carer, or make a complaint. You have a right to "
                "an advocate: someone on your side who helps you say what you think.",
                "teen": "Your rights: you can have an advocate to help you have your say; "
                "you can make a complaint about your care; "
                + (
                    "you can see what is written about you; and, as you are on a care "
                    "order, you can apply to the court to end it. "
                    if _on_a_care_order(data)
                    else "and you can see what is written about you. "
                )
                + "If you disagree with anything in this letter, tell me.",
            }[band],
        ),
        Block("p", _how_to_reach(data)),
        Block("p", _signature(data)),
    ]


def _on_a_care_order(data: dict[str, Any]) -> bool:
    """Under a care order (903 LS C1 interim, C2 full) on the day of the review: only
    then is applying to end it the child's right to be told of. A child accommodated
    under s20 (V2) was told "if you are on a care order you can apply to the court"."""
    episode = data.get("episode") or {}
    return episode.get("ls") in ("C1", "C2")


def letter_blocks(data: dict[str, Any], redact: bool) -> list[Block]:
    """The review as a letter to the child, in words for their age (Westminster)."""
    child = data["child"]
    name = child["preferred_name"] or child["given_name"] or "there"
    band = age_band(data["age"])
    blocks = _opening(data, band, name, redact)
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
    blocks += _what_happens_next(data, band)
    blocks += _closing(data, band)
    return blocks
