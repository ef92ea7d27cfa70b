"""Records the diary shows beside the statutory deadlines."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from iro_tui.domain.fields import FieldProblem

AppointmentKind = Literal["visit", "meeting", "conference", "travel", "other"]
APPOINTMENT_KINDS: dict[str, str] = {
    "visit": "Visit to a child",
    "meeting": "Meeting",
    "conference": "Conference",
    "travel": "Travel",
    "other": "Other",
}
PersonRole = Literal[
    "social_worker", "team_manager", "carer", "parent", "advocate", "independent_visitor", "other"
]
PERSON_ROLES: dict[str, str] = {
    "social_worker": "Social worker",
    "team_manager": "Team manager",
    "carer": "Carer",
    "parent": "Parent",
    "advocate": "Advocate",
    "independent_visitor": "Independent visitor",
    "other": "Other",
}
_ROLE_BY_WORDS = {words.lower(): words for words in PERSON_ROLES.values()}
# A decision's status in words (the child's Decisions tab).
DECISION_STATUS = {"open": "open", "done": "done", "dropped": "not needed"}


@lru_cache(maxsize=1024)  # the diary names the role of every open decision it lists
def role_in_words(role: str) -> str:
    """A decision owner's or a person's role as a person reads it, one way everywhere:
    "Social worker" for social_worker (an import, an older store) and for "social worker"
    typed; a role typed in words of its own ("Coram Voice advocate") as typed."""
    known = PERSON_ROLES.get(role) or _ROLE_BY_WORDS.get(role.strip().lower())
    return known if known else role.replace("_", " ")


class Record(BaseModel):
    # defer_build: each model's validator is built on its first use, not on import;
    # the diary's first paint validates few of them (issue 12, start-up).
    model_config = ConfigDict(frozen=True, str_strip_whitespace=True, defer_build=True)


class Appointment(Record):
    id: int | None = None
    kind: AppointmentKind
    title: str = Field(min_length=1)
    appt_date: date
    start_time: str | None = None
    end_time: str | None = None
    place: str | None = None
    child_ref: str | None = None
    notes: str | None = None

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> Appointment:
        if self.end_time and not self.start_time:
            raise FieldProblem("start_time", "give a start time as well as an end time")
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise FieldProblem("end_time", "the end time must be after the start time")
        return self


class Decision(Record):
    id: int | None = None
    child_ref: str
    text: str = Field(min_length=1)
    owner_name: str = Field(min_length=1)
    owner_role: str = Field(min_length=1)
    made_date: date
    due_date: date
    status: Literal["open", "done", "dropped"] = "open"
    completed_date: date | None = None

    def is_overdue(self, today: date) -> bool:
        """Open and past its due date: the one meaning of an overdue decision, used by
        the diary, the drift tracker, the child screen and the mid-point check."""
        return self.status == "open" and self.due_date < today


class Person(Record):
    id: int | None = None
    role: PersonRole
    name: str = Field(min_length=1)
    relationship: str | None = None
    organisation: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    active: bool = True
    notes: str | None = None


class PlacementDetails(Record):
    provider_name: str | None = None
    carer_name: str | None = None
    address: str | None = None
    area: str | None = None
    out_of_area: bool = False
    phone: str | None = None
