"""The forms a screen can ask for, each a request carrying exactly what its form needs.

A screen posts `FormRequested(request)`; it bubbles to the App, which builds the form
and says what was saved (form_opening.py). Each request is its own type, so mypy checks
every field where it is made and where it is read, and a request with no form is a
type error there (`assert_never`), not a KeyError in the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypeAlias

from textual.message import Message

from iro_tui.domain.fields import counted

if TYPE_CHECKING:
    from iro_tui.domain.records import Decision, Person


# The child's record and placement (child_forms.py, placement_forms.py).
@dataclass(frozen=True)
class EditProfile:
    child_ref: str


@dataclass(frozen=True)
class EditPlacement:
    child_ref: str


@dataclass(frozen=True)
class EditPerson:
    """Add someone around the child, or (with `person`) change what is held on them."""

    child_ref: str
    person: Person | None = None


@dataclass(frozen=True)
class ChangeEpisode:
    child_ref: str


@dataclass(frozen=True)
class LeaveCare:
    child_ref: str


@dataclass(frozen=True)
class BackIntoCare:
    child_ref: str


@dataclass(frozen=True)
class EditEpisode:
    """An episode's placement details the 903 return needs (Enter on the Legal tab)."""

    child_ref: str
    decom: date


# Reviews and appointments (review_forms.py).
@dataclass(frozen=True)
class BookReview:
    child_ref: str


@dataclass(frozen=True)
class Reschedule:
    child_ref: str
    review_id: int


@dataclass(frozen=True)
class CancelBooking:
    review_id: int


@dataclass(frozen=True)
class AfterReview:
    """What was sent after a held review, and when."""

    review_id: int


@dataclass(frozen=True)
class NumberReview:
    child_ref: str
    review_id: int


@dataclass(frozen=True)
class AddAppointment:
    """A new appointment, about a child or not, on `day` (today if None)."""

    child_ref: str | None = None
    day: date | None = None


@dataclass(frozen=True)
class EditAppointment:
    appointment_id: int


# Between reviews (between_forms.py).
@dataclass(frozen=True)
class WriteNote:
    """A footprint note; the child is chosen in the form when `child_ref` is None,
    `suggested` (the row the IRO was on) chosen for them to change."""

    child_ref: str | None
    suggested: str | None = None


@dataclass(frozen=True)
class CorrectNote:
    note_id: int


@dataclass(frozen=True)
class UpdateDecision:
    decision_id: int
    text: str
    child_ref: str | None = None  # named in the form's title


@dataclass(frozen=True)
class SignificantChange:
    child_ref: str


@dataclass(frozen=True)
class Escalate:
    """Open an escalation, from the child (nothing chosen) or from overdue decisions."""

    child_ref: str
    decision_ids: tuple[int, ...] = ()
    issue: str = ""

    @classmethod
    def about(cls, decision: Decision, today: date) -> Escalate:
        """An escalation about one decision (stored, so it has its id), its issue said:
        the same from the drift tracker and from the child's Decisions tab, where `E`
        had ignored the decision chosen and left the issue blank and unlinked."""
        late = (today - decision.due_date).days
        # Not "was due" of one still to come (an adversarial check).
        when = (
            f"was due {decision.due_date:%d/%m/%Y} and is {counted(late, 'day')} overdue."
            if late > 0
            else f"is due {decision.due_date:%d/%m/%Y}"
            + (" (today)." if late == 0 else f" (in {counted(-late, 'day')}).")
        )
        issue = f"Decision '{decision.text}' ({decision.owner_name}) {when}"
        ids = (decision.id,) if decision.id is not None else ()
        return cls(decision.child_ref, ids, issue)


@dataclass(frozen=True)
class NextStage:
    escalation_id: int


@dataclass(frozen=True)
class SkipStage:
    escalation_id: int


@dataclass(frozen=True)
class RecordResponse:
    escalation_id: int


@dataclass(frozen=True)
class Resolve:
    escalation_id: int


FormRequest: TypeAlias = (
    EditProfile
    | EditPlacement
    | EditPerson
    | ChangeEpisode
    | LeaveCare
    | BackIntoCare
    | EditEpisode
    | BookReview
    | Reschedule
    | CancelBooking
    | AfterReview
    | NumberReview
    | AddAppointment
    | EditAppointment
    | WriteNote
    | CorrectNote
    | UpdateDecision
    | SignificantChange
    | Escalate
    | NextStage
    | SkipStage
    | RecordResponse
    | Resolve
)


class FormRequested(Message):
    """Open the form for `request`: posted by a screen, handled by the App."""

    def __init__(self, request: FormRequest) -> None:
        super().__init__()
        self.request = request
        self.origin: object = None  # the screen that asked (IroScreen.on_form_requested)
