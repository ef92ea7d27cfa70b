"""The forms of the caseload and diary: each a field list and a save function.

Save functions validate with the domain's models and write with store/changes.py,
so a form never computes a deadline or touches SQL itself.

The forms live by subject in child_forms.py, review_forms.py and placement_forms.py
(their choices in form_options.py); this module gathers them under one name.
"""

from __future__ import annotations

from iro_tui.screens.child_forms import child_id_form, intake_form, person_form, profile_form
from iro_tui.screens.placement_forms import (
    back_into_care_form,
    episode_change_form,
    episode_details_form,
    leave_care_form,
    placement_form,
)
from iro_tui.screens.review_forms import (
    after_review_form,
    appointment_form,
    booking_form,
    cancel_form,
    document_form,
    review_number_form,
)

__all__ = [
    "after_review_form",
    "appointment_form",
    "booking_form",
    "cancel_form",
    "child_id_form",
    "document_form",
    "episode_change_form",
    "intake_form",
    "leave_care_form",
    "back_into_care_form",
    "episode_details_form",
    "person_form",
    "placement_form",
    "profile_form",
    "review_number_form",
]
