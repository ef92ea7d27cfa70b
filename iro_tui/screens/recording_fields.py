"""The fields of the recording screen, in the order they are shown: the meeting,
participation, views, the essential matters and the next review."""

from __future__ import annotations

from iro_tui.domain.recording import ESSENTIAL_MATTERS
from iro_tui.screens.form_options import PARTICIPATION_OPTIONS, PERSON_NAME_LENGTH
from iro_tui.widgets.form import YES_NO, FormField

MEETING = [
    FormField(
        "status",
        "What happened",
        "select",
        [("Held", "held"), ("Adjourned", "adjourned"), ("Cancelled", "cancelled")],
        required=True,
    ),
    FormField("held_date", "Held on (the first meeting, for a series)", "date"),
    FormField("scheduled_date", "Scheduled for (the date it keeps if adjourned)", "date"),
    FormField("venue", "Venue"),
    FormField("series", "Held as a series of meetings", "check"),
    FormField(
        "completed_date",
        "Completed on (a series' last meeting; an adjourned review's end)",
        "date",
        hint="Within 20 working days (handbook 3.24-3.25).",
    ),
    FormField("adjourned_reason", "Why it was adjourned", "area"),
    FormField("cancelled_reason", "Why it was cancelled", "area"),
    FormField("late_reason", "Why it was held after the statutory deadline", "area"),
]
PARTICIPATION = [
    FormField(
        "participation_code",
        "How the child took part (PN code)",
        "select",
        PARTICIPATION_OPTIONS,
    ),
    # Yes or No, blank while not recorded: a tick box left alone recorded No, and the
    # annual report counts "not recorded" apart (domain/annual.py).
    FormField("seen_alone", "The IRO spoke with the child alone", "select", YES_NO),
    FormField("advocacy_offered", "Advocacy explained and offered", "select", YES_NO),
    FormField("advocacy_wanted", "The child wants an advocate", "select", YES_NO),
    FormField("advocate_name", "Advocate", max_length=PERSON_NAME_LENGTH),
]
VIEWS = [
    FormField(
        "child_views",
        "The child's views",
        "area",
        hint="In their own words where you can: the letter to the child quotes them.",
    ),
    FormField("parents_views", "The parents' views", "area"),
    FormField("carers_views", "The carers' views", "area"),
]
MATTERS = [FormField(f"matter_{key}", label) for key, label in ESSENTIAL_MATTERS.items()]
NEXT = [
    FormField("next_review_date", "Next review on", "date"),
    FormField("next_review_reason", "Reason, if after the statutory deadline", "area"),
]
FIELDS = MEETING + PARTICIPATION + VIEWS + MATTERS + NEXT
