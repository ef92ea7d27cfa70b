"""The names of the forms a screen can ask the app to open (navigation.py)."""

from typing import Literal

# The forms a screen can ask for, by name: a Literal, so a misspelt name is a type error
# in the test run (mypy), not a KeyError in the field.
FormKind = Literal[
    "profile",
    "placement",
    "person",
    "book",
    "reschedule",
    "cancel",
    "episode",
    "leave",
    "after",
    "review_number",
]
BetweenFormKind = Literal[
    "note",
    "correct_note",
    "decision",
    "change",
    "escalate",
    "next_stage",
    "skip_stage",
    "response",
    "resolve",
]
