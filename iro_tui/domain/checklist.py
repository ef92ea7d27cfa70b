"""The pre-review checklist: eleven items, each with its own deadline.

Deadlines count back in working days from the booked review date (domain.md,
"Before each review"; IRO Handbook 3.15-3.16, 3.47-3.48). Items to be done
"before the review" are due on the review day itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, model_validator

from iro_tui.domain.calendar import WorkingDayCalendar
from iro_tui.domain.fields import FieldProblem, not_after_today
from iro_tui.domain.rulebook import PreReviewOffsets, Rulebook

ChecklistState = Literal["not_done", "done", "not_applicable"]


@dataclass(frozen=True)
class ChecklistItemSpec:
    key: str
    label: str
    offset: str | None  # a field of Rulebook.pre_review, or None: due on the review day


CHECKLIST: tuple[ChecklistItemSpec, ...] = (
    ChecklistItemSpec(
        "sw_conversation",
        "IRO speaks with the SW; first language and interpreter established",
        "sw_conversation",
    ),
    ChecklistItemSpec(
        "venue_invitations", "Venue and invitation list agreed with the child", "sw_conversation"
    ),
    ChecklistItemSpec(
        "consultation_sent",
        "Consultation documents sent to the child, parents, carers and others",
        "consultation_sent",
    ),
    ChecklistItemSpec("sw_report", "SW report received", "sw_report"),
    ChecklistItemSpec("care_plan", "Care plan received and current", "sw_report"),
    ChecklistItemSpec("pep", "Personal Education Plan (PEP) received", "pep"),
    ChecklistItemSpec(
        "health_assessment", "Latest health assessment / health plan received", "health_assessment"
    ),
    ChecklistItemSpec("seen_alone", "IRO speaks with the child alone (or observes a baby)", None),
    ChecklistItemSpec("advocacy", "Advocacy explained; whether the child wants an advocate", None),
    ChecklistItemSpec(
        "rights", "Rights explained: complaints, advocacy, discharge of an order", None
    ),
    ChecklistItemSpec("legal_status", "Legal status reviewed: is it still right?", None),
)
CHECKLIST_BY_KEY = {spec.key: spec for spec in CHECKLIST}


def _deadlines(rulebook: Rulebook, review_date: date) -> tuple[date, ...]:
    """Every item's deadline for a review on `review_date`, in CHECKLIST's order: so many
    working days before it (the rulebook's pre_review offsets), or the day itself.
    Kept per offsets, calendar and date (all frozen, so the key): the diary lists the
    checklist of every booked review on a whole authority, and many fall on the same
    days (a tenth of building the agenda, counted item by item)."""
    return _deadlines_for(rulebook.pre_review, rulebook.calendar, review_date)


@lru_cache(maxsize=4096)
def _deadlines_for(
    offsets: PreReviewOffsets, calendar: WorkingDayCalendar, review_date: date
) -> tuple[date, ...]:
    return tuple(
        review_date
        if spec.offset is None
        else calendar.add_working_days(review_date, -getattr(offsets, spec.offset))
        for spec in CHECKLIST
    )


class ChecklistEntry(BaseModel):
    """What the IRO records against one item."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)
    item: str
    state: ChecklistState = "not_done"
    done_date: date | None = None
    reason: str | None = None
    note: str | None = None
    today: date | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ChecklistEntry:
        if self.item not in CHECKLIST_BY_KEY:
            raise FieldProblem("item", f"'{self.item}' is not a checklist item")
        if self.state == "done":
            if self.done_date is None:
                raise FieldProblem("done_date", "say when it was done")
            if self.today:
                not_after_today("done_date", self.done_date, self.today)
        if self.state == "not_applicable" and not self.reason:
            raise FieldProblem("reason", "say why it does not apply")
        return self


class ChecklistLine(NamedTuple):
    """One item of one review's checklist. A named tuple, not a frozen dataclass: the
    diary builds eleven for every booked review of a whole authority, and a frozen
    dataclass's __init__ costs three times as much."""

    spec: ChecklistItemSpec
    deadline: date
    entry: ChecklistEntry

    @property
    def late(self) -> bool:
        """Done, but after its deadline."""
        done = self.entry.done_date
        return self.entry.state == "done" and done is not None and done > self.deadline

    def overdue(self, today: date) -> bool:
        """Not done, and the deadline has passed."""
        return self.entry.state == "not_done" and self.deadline < today


# An item nothing is recorded against: built once, not once per review per item (the
# diary lists the checklist of every booked review in an authority). Frozen, so shared.
NOT_DONE = {spec.key: ChecklistEntry(item=spec.key) for spec in CHECKLIST}


def checklist_lines(
    review_date: date, entries: dict[str, ChecklistEntry], rulebook: Rulebook
) -> list[ChecklistLine]:
    return [
        ChecklistLine(spec, deadline, entries.get(spec.key) or NOT_DONE[spec.key])
        for spec, deadline in zip(CHECKLIST, _deadlines(rulebook, review_date), strict=True)
    ]


def readiness(lines: list[ChecklistLine], today: date) -> str:
    """'7 of 11 done, 1 not applicable, 2 late, 1 overdue'. Not-applicable items were
    counted as done ("5 of 11 done" with one of the five not applicable)."""
    done = not_applicable = late = overdue = 0
    for line in lines:  # one pass (each booked review of a whole authority's diary)
        state = line.entry.state
        if state == "not_done":
            overdue += line.deadline < today
        elif state == "not_applicable":
            not_applicable += 1
        else:
            done += 1
            if line.entry.done_date is not None:
                late += line.entry.done_date > line.deadline
    parts = [f"{done} of {len(lines)} done"]
    if not_applicable:
        parts.append(f"{not_applicable} not applicable")
    if late:
        parts.append(f"{late} late")
    if overdue:
        parts.append(f"{overdue} overdue")
    return ", ".join(parts)


def notes_on_checklist(entries: dict[str, ChecklistEntry]) -> list[str]:
    """Said after a booked review is recorded as held with items of its checklist not
    done: not a refusal (the review was held), but what was not ready for it is then
    said nowhere, as the diary lists a checklist only until its review is held."""
    left = [
        spec.label
        for spec in CHECKLIST
        if (entry := entries.get(spec.key)) is None or entry.state == "not_done"
    ]
    if not left:
        return []
    # Three named at most: all nine covered half of an 80x24 screen for 15 s.
    shown = SHOWN_LEFT_UNDONE
    listed = "; ".join(left[:shown]) + (
        f"; and {len(left) - shown} more" if len(left) > shown else ""
    )
    return [
        f"Recorded with {len(left)} checklist item{'s' * (len(left) != 1)} not done: "
        + listed
        + ("" if listed.endswith("?") else ".")
        + " If it matters, say why in a footprint note (F5)."
    ]


SHOWN_LEFT_UNDONE = 3  # notes_on_checklist


def check_advocate(wanted: bool | None, advocate_name: str | None) -> None:
    """An advocate named for a child who does not want one is a contradiction the annual
    report would count both ways (an adversarial check: saved without a word)."""
    if wanted is False and advocate_name and advocate_name.strip():
        raise FieldProblem(
            "advocate_name",
            "the child does not want an advocate (answered No): leave the advocate blank, "
            "or answer Yes",
        )
