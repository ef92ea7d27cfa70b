"""One child's timeline, in the words the child screen shows: everything recorded about
the child, newest first. Wording lives beside the screen that shows it; the records it
reads are the domain's (issue 15)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from iro_tui.domain.between import NOTE_KINDS, PROGRESS, SIGNIFICANT_CHANGES
from iro_tui.domain.caseload import ChildRecord
from iro_tui.domain.codes import (
    LEGAL_STATUS_MEANING,
    PLACEMENT_MEANING,
    RNE_MEANING,
    MissingType,
)


@dataclass(frozen=True)
class TimelineEntry:
    day: date
    kind: str
    text: str
    # Where Enter takes you: "note:ID" corrects a note, "escalation:ID" and
    # "appointment:ID" open them (app.open_link); "tab:TAB:ROW" is a row of another of
    # the child's tabs (a review on Reviews, a decision on Decisions).
    link: str = ""


def timeline(record: ChildRecord) -> list[TimelineEntry]:
    """Everything recorded about the child, newest first."""
    entries: list[TimelineEntry] = []
    for ep in record.case.episodes:
        what = RNE_MEANING[ep.rne.value]
        entries.append(
            TimelineEntry(
                ep.decom,
                "episode",
                (
                    f"{what.capitalize()}: {LEGAL_STATUS_MEANING[ep.ls.value]}, "
                    f"{PLACEMENT_MEANING[ep.place.value]} ({ep.place.value})"
                ),
            )
        )
        if ep.left_care and ep.dec is not None and ep.rec is not None:
            entries.append(TimelineEntry(ep.dec, "left care", f"Left care ({ep.rec.value})"))
    for review in record.reviews:
        if review.status == "held" and review.held_date is not None:
            code = review.participation_code or ""
            entries.append(
                TimelineEntry(
                    review.held_date,
                    "review",
                    f"Review held {code}".strip(),
                    link=f"tab:reviews:{review.id}",
                )
            )
        elif review.status == "cancelled" and review.scheduled_date:
            entries.append(
                TimelineEntry(
                    review.scheduled_date,
                    "review",
                    f"Review cancelled: {review.cancelled_reason or ''}",
                    link=f"tab:reviews:{review.id}",
                )
            )
        elif review.status == "adjourned" and review.scheduled_date:
            # Its first sitting, to be completed (it was missing while cancelled ones
            # showed: an adversarial check).
            entries.append(
                TimelineEntry(
                    review.scheduled_date,
                    "review",
                    "Review adjourned, to be completed",
                    link=f"tab:reviews:{review.id}",
                )
            )
    for decision in record.decisions:
        on_tab = f"tab:decisions:{decision.id}"
        entries.append(
            TimelineEntry(
                decision.made_date,
                "decision",
                f"Decision: {decision.text} ({decision.owner_name})",
                link=on_tab,
            )
        )
        if decision.completed_date:
            entries.append(
                TimelineEntry(
                    decision.completed_date,
                    "decision",
                    f"Decision done: {decision.text}",
                    link=on_tab,
                )
            )
    for update in record.progress:
        entries.append(
            TimelineEntry(
                update.recorded_date,
                "decision update",
                f"{update.decision_text}: {PROGRESS.get(update.state, update.state).lower()}"
                + (f" ({update.note})" if update.note else ""),
                # Enter did nothing on it: now it goes to its decision.
                link=f"tab:decisions:{update.decision_id}" if update.decision_id else "",
            )
        )
    for change in record.changes:
        decided = "review needed" if change.review_needed else "no review needed"
        entries.append(
            TimelineEntry(
                change.notified_date,
                "significant change",
                f"{SIGNIFICANT_CHANGES.get(change.category, change.category)}: {change.detail} "
                f"({decided})",
            )
        )
    for on_file in record.escalation_stages:
        stage = on_file.stage
        what = "skipped" if stage.skipped else "opened"
        entries.append(
            TimelineEntry(
                on_file.day,
                "escalation",
                f"{stage.stage_name} {what}"
                + (
                    f"; response due {stage.response_due:%d/%m/%Y}"
                    if stage.response_due and not stage.response_date
                    else ""
                ),
                link=f"escalation:{on_file.escalation_id}",
            )
        )
        if stage.response_date:
            entries.append(
                TimelineEntry(
                    stage.response_date,
                    "escalation",
                    f"Response at {stage.stage_name}: {stage.response}",
                    link=f"escalation:{on_file.escalation_id}",
                )
            )
    for note in record.notes:
        entries.append(
            TimelineEntry(
                note.note_date,
                "note",
                f"{NOTE_KINDS.get(note.kind, note.kind)}: {note.text}"
                + (f" (follow up {note.follow_up_date:%d/%m/%Y})" if note.follow_up_date else ""),
                link=f"note:{note.id}",
            )
        )
    for missing in record.missing:
        kind = "Missing" if missing.missing == MissingType.MISSING else "Away without authorisation"
        entries.append(
            TimelineEntry(missing.start, "missing", kind + ("" if missing.end else " (still)"))
        )
    for appt in record.appointments:
        entries.append(
            TimelineEntry(appt.appt_date, "appointment", appt.title, link=f"appointment:{appt.id}")
        )
    return sorted(entries, key=lambda e: e.day, reverse=True)
