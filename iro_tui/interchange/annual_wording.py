"""The annual report in words: each section's title, its figures' labels, a sentence
for the draft and how it was counted (so the IRO can defend every number).

The counting is the domain's (domain/annual.py); this module only words the counts.
The report screen, the Markdown draft (annual_markdown.py) and the JSON all show the
sections built here, so they say the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from iro_tui.domain.annual import (
    AGE_BANDS,
    NOT_RECORDED,
    TURNED_18,
    ReportWindow,
    Tally,
    YearCounts,
    as_at_for,
    count_year,
)
from iro_tui.domain.between import INFORMAL_STAGE, THEMES
from iro_tui.domain.codes import LEGAL_STATUS_MEANING, PARTICIPATION_MEANING, REC_MEANING
from iro_tui.domain.report import (
    AnnualReport,
    Figure,
    Progress,
    ReportYear,
    Section,
    share_text,
    spoken,
)
from iro_tui.domain.rulebook import Rulebook
from iro_tui.store.annual import load_annual_inputs

if TYPE_CHECKING:
    from iro_tui.store.store import Store


def build_annual_report(
    store: Store, year: ReportYear, today: date, progress: Progress | None = None
) -> AnnualReport:
    """Read the store and count the year; `progress(done, total)` after each child."""
    window = ReportWindow(year.start, as_at_for(year, today))  # a future year is refused here
    counts = count_year(load_annual_inputs(store, window), year, today, store.rulebook(), progress)
    return report_in_words(counts)


def report_in_words(counts: YearCounts) -> AnnualReport:
    """The counted year as the report's sections, in the order the report reads."""
    t, rb, as_at = counts.tally, counts.rulebook, counts.as_at
    sections = (
        _caseload(t, as_at),
        *_reviews(t, rb, as_at),
        *_children_heard(t),
        _between_reviews(t),
        _decisions(t, as_at),
        _records_sent(t, rb, as_at),
        *_escalations(t, rb),
        *_year_end_caseload(t),
        _periods_of_care_ended(t),
    )
    return AnnualReport(counts.year, as_at, rb.name, sections)


# --- figures from counts -----------------------------------------------------------
def _fixed(t: Tally, section: str, spec: list[tuple[str, str, str | None]]) -> tuple[Figure, ...]:
    """Figures in a set order; `of` names the figure (in the same section) they are out of."""
    return tuple(
        Figure(key, label, t[(section, key)], t[(section, of)] if of else None)
        for key, label, of in spec
    )


def _named(
    t: Tally, section: str, labels: dict[str, str], of: int, keep_all: bool = True
) -> tuple[Figure, ...]:
    """Figures named by what they count: known ones in order, then others by size."""
    keys = [k for k in labels if keep_all or t[(section, k)]]
    others = sorted(
        (k for k in t.keys_of(section) if k not in labels), key=lambda k: (-t[(section, k)], k)
    )
    return tuple(
        Figure(k, labels.get(k, k), t[(section, k)], of)
        for k in keys + others
        if keep_all or t[(section, k)]
    )


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _share(count: int, of: int) -> str:
    shown = share_text(count, of)
    return f"{count} of {of}" + (f" ({shown})" if shown else "")


# --- the sections --------------------------------------------------------------------
def _caseload(t: Tally, as_at: date) -> Section:
    """Children looked after in the year and on its last day."""
    return Section(
        "caseload",
        "Children looked after",
        _fixed(
            t,
            "caseload",
            [
                ("during_year", "Looked after at some time in the year", None),
                ("at_year_end", f"Looked after on {as_at:%d/%m/%Y}", None),
                ("started", "Periods of care started", None),
                ("ended", "Periods of care ended", None),
            ],
        ),
        f"{_plural(t[('caseload', 'during_year')], 'child was', 'children were')} looked "
        f"after during the year and {t[('caseload', 'at_year_end')]} on {spoken(as_at)}; "
        f"{_plural(t[('caseload', 'started')], 'period of care', 'periods of care')} began "
        f"and {t[('caseload', 'ended')]} ended."
        # "0 children were looked after" read as a year without children, not a year the
        # store holds nothing for.
        + (
            " The store holds no child looked after in this year: import its 903 return, "
            "or record the children, for figures."
            if not t[("caseload", "during_year")]
            else ""
        ),
        ("A child who came into care twice counts twice in 'started'.",),
    )


def _reviews(t: Tally, rb: Rulebook, as_at: date) -> Iterable[Section]:
    """Reviews held, on time or late and why, deadlines passed with none, and the
    participation codes."""
    held, not_held = t[("reviews", "held")], t[("reviews", "not_held")]
    not_reviewed = t[("reviews", "not_reviewed")]
    yield Section(
        "reviews",
        "Reviews held and their timeliness",
        _fixed(
            t,
            "reviews",
            [
                ("held", "Reviews held", None),
                ("on_time", "Held on time", "held"),
                ("late", "Held late", "held"),
                ("not_known", "Not known: earlier reviews not in the store", "held"),
                ("children", "Children reviewed", None),
                ("not_held", f"Deadlines passed with no review held by {as_at:%d/%m/%Y}", None),
                (
                    "not_reviewed",
                    "In care 6 months or more of the year, no review held",
                    None,
                ),
            ],
        ),
        f"{_plural(held, 'review was', 'reviews were')} held for "
        f"{_plural(t[('reviews', 'children')], 'child', 'children')}; "
        f"{_share(t[('reviews', 'on_time')], held)} on time"
        + (
            f"; {t[('reviews', 'not_known')]} could not be judged (earlier reviews are "
            "not in the store)"
            if t[("reviews", "not_known")]
            else ""
        )
        + (
            f". {_plural(not_held, 'statutory deadline', 'statutory deadlines')} passed in "
            f"the year with no review held by {spoken(as_at)}"
            if not_held
            else ". No statutory deadline known to the store passed without a review"
            if not_reviewed
            else ". No statutory deadline passed without a review"
        )
        + (
            f"; {_plural(not_reviewed, 'child', 'children')} in care 6 months or more of "
            f"the year had no review in it."
            if not_reviewed
            else "."
        ),
        (
            f"On time: held on or before the statutory deadline ({rb.name}) that applied "
            "the day before. Red-list local policy is not counted.",
            "Not known: the first review in the store for a child long in care (a 903 "
            "import holds only the years imported), so it cannot be judged.",
            "Passed with no review: a deadline in the year not met by a review, still "
            "outstanding or passed before the child left care or turned 18; a deadline "
            "counted from history the store lacks is left out.",
            "With no review: in care without a break for 6 months or more of the year, "
            "and no review held in it; reviews are at most 6 months apart, so a deadline "
            "passed unmet, whatever history the store lacks.",
        ),
    )
    late = t[("reviews", "late")]
    yield Section(
        "late_reasons",
        "Why late reviews were late",
        _named(t, "late_reasons", {}, late, keep_all=False),
        f"{_plural(late, 'review was', 'reviews were')} late." if late else "No review was late.",
        ("Reasons as the IRO recorded them when recording the review.",),
    )
    pn_labels = {k: f"{k} {v}" for k, v in PARTICIPATION_MEANING.items()}
    yield Section(
        "participation",
        "Participation in reviews (PN codes)",
        _named(t, "participation", {**pn_labels, NOT_RECORDED: "Not recorded"}, held),
        f"Participation codes for the {_plural(held, 'review', 'reviews')} held.",
        ("SSDA903 participation codes; each review counts once.",),
    )


def _children_heard(t: Tally) -> Iterable[Section]:
    """The children's views, and who was consulted before the review."""
    held = t[("reviews", "held")]
    aged = t[("views", "children_4_plus")]
    yield Section(
        "views",
        "Children's views",
        _fixed(
            t,
            "views",
            [
                ("children_4_plus", "Children aged 4 or over at a review", None),
                ("contributed", "Contributed their views", "children_4_plus"),
            ],
        ),
        f"Of the {_plural(aged, 'child', 'children')} aged 4 or over at a review, "
        f"{_share(t[('views', 'contributed')], aged)} contributed their views.",
        ("Contributed: PN1, PN2, PN3, PN5 or PN6 at one or more reviews in the year.",),
    )
    yield Section(
        "consultation",
        "Consultation before the review",
        (
            Figure(
                "consulted",
                "Reviews with consultation before the meeting",
                t[("consultation", "consulted")],
                held,
            ),
            *_fixed(
                t,
                "consultation",
                [
                    ("reviews_4_plus", "Reviews of children aged 4 or over", None),
                    ("child_consulted", "The child was consulted", "reviews_4_plus"),
                    ("seen_alone", "The IRO saw the child alone", "reviews_4_plus"),
                    ("seen_alone_not_recorded", "Seen alone not recorded", "reviews_4_plus"),
                ],
            ),
        ),
        f"Consultation was logged before {_share(t[('consultation', 'consulted')], held)} "
        f"reviews; the IRO saw the child alone before "
        f"{_share(t[('consultation', 'seen_alone')], t[('consultation', 'reviews_4_plus')])} "
        "reviews of children aged 4 or over.",
        ("Consulted: someone's views logged on or before the review day.",),
    )


def _between_reviews(t: Tally) -> Section:
    """Mid-point checks and footprint notes between reviews."""
    return Section(
        "between",
        "Between reviews: mid-point checks and footprint",
        (
            *_fixed(
                t,
                "between",
                [
                    ("midpoints_due", "Mid-point checks due", None),
                    ("midpoints_done", "Mid-point checks done", "midpoints_due"),
                ],
            ),
            Figure(
                "children_with_footprint",
                "Children with a footprint note in the year",
                t[("between", "children_with_footprint")],
                t[("caseload", "during_year")],
            ),
        ),
        "Mid-point checks done: "
        f"{_share(t[('between', 'midpoints_done')], t[('between', 'midpoints_due')])}.",
        (
            "Due: halfway between a review (or coming into care) and its deadline, "
            "if no review came first. Done: a mid-point note before the next review.",
            *(
                (
                    f"{_plural(joined, 'child', 'children')} joined the caseload in the year "
                    "(taken over, or imported): checks due before they joined are not "
                    "counted (they were the previous IRO's).",
                )
                if (joined := t[("between", "joined_in_year")])
                else ()
            ),
        ),
    )


def _decisions(t: Tally, as_at: date) -> Section:
    """The review decisions and how they stood at the year's end."""
    made = t[("decisions", "made")]
    return Section(
        "decisions",
        "Review decisions",
        _fixed(
            t,
            "decisions",
            [
                ("made", "Decisions made", None),
                ("done_on_time", "Completed on time", "made"),
                ("done_late", "Completed late", "made"),
                ("open", "Still open", "made"),
                ("open_overdue", "Open and overdue", "made"),
                ("dropped", "No longer needed", "made"),
                ("earlier_open_overdue", "Made in earlier years, open and overdue", None),
            ],
        ),
        f"{_plural(made, 'decision was', 'decisions were')} made; "
        f"{_share(t[('decisions', 'done_on_time')], made)} completed on time; "
        f"{t[('decisions', 'open_overdue')]} open and overdue on {spoken(as_at)}"
        + (
            f", and {t[('decisions', 'earlier_open_overdue')]} more made in earlier years."
            if t[("decisions", "earlier_open_overdue")]
            else "."
        ),
        (
            f"Open and done as they stood on {as_at:%d/%m/%Y}.",
            "Made in earlier years: decisions of earlier reviews still open and past their "
            "timescale that day; not counted in the year's decisions made.",
        ),
    )


def _records_sent(t: Tally, rb: Rulebook, as_at: date) -> Section:
    """Decisions and records sent within the rulebook's working days."""
    post = rb.post_review
    completed = t[("records", "completed")]
    return Section(
        "records",
        "Records sent within timescale",
        _fixed(
            t,
            "records",
            [
                ("completed", "Reviews recorded in iro-tui", None),
                (
                    "decisions_on_time",
                    f"Decisions sent within {post.decisions_sent} WD",
                    "completed",
                ),
                ("decisions_late", "Decisions sent late", "completed"),
                ("decisions_overdue", "Decisions not sent, overdue", "completed"),
                ("decisions_not_yet_due", "Decisions not sent, not yet due", "completed"),
                ("record_on_time", f"Record sent within {post.record_sent} WD", "completed"),
                ("record_late", "Record sent late", "completed"),
                ("record_overdue", "Record not sent, overdue", "completed"),
                ("record_not_yet_due", "Record not sent, not yet due", "completed"),
                ("not_recorded", "Reviews with no completion date (imported)", None),
            ],
        ),
        f"Decisions went out within {post.decisions_sent} working days after "
        f"{_share(t[('records', 'decisions_on_time')], completed)} reviews, and the full "
        f"record within {post.record_sent} working days after "
        f"{_share(t[('records', 'record_on_time')], completed)}.",
        (
            f"Working days from the review's completion ({rb.name}), as they stood on "
            f"{as_at:%d/%m/%Y}: one sent after that day counts as not sent.",
        ),
    )


def _escalations(t: Tally, rb: Rulebook) -> Iterable[Section]:
    """Escalations raised, by theme, highest stage and outcome."""
    opened = t[("escalations", "opened")]
    yield Section(
        "escalations",
        "Escalations and disputes",
        _fixed(
            t,
            "escalations",
            [
                ("opened", "Escalations opened", None),
                ("informal", "Stayed at the informal stage", "opened"),
                ("formal", "Went to the formal process", "opened"),
                ("resolved", "Resolved", "opened"),
            ],
        ),
        f"The IRO raised {_plural(opened, 'escalation', 'escalations')}: "
        f"{t[('escalations', 'formal')]} went to the formal dispute resolution process and "
        f"{t[('escalations', 'resolved')]} resolved.",
    )
    yield Section(
        "escalation_themes", "Escalations by theme", _named(t, "escalation_themes", THEMES, opened)
    )
    stage_labels = {s: s for s in [INFORMAL_STAGE, *rb.escalation.stages]}
    yield Section(
        "escalation_stages",
        "Escalations by highest stage reached",
        _named(t, "escalation_stages", stage_labels, opened, keep_all=False),
    )
    yield Section(
        "escalation_outcomes",
        "Escalations by outcome",
        _named(t, "escalation_outcomes", {}, opened, keep_all=False),
    )


def _year_end_caseload(t: Tally) -> Iterable[Section]:
    """The children looked after on the year's last day, four ways."""
    at_end = t[("caseload", "at_year_end")]
    legal = {k: f"{k} {v}" for k, v in LEGAL_STATUS_MEANING.items()}
    yield Section(
        "year_end_legal",
        "Year-end caseload by legal status",
        _named(t, "year_end_legal", legal, at_end, keep_all=False),
    )
    yield Section(
        "year_end_age",
        "Year-end caseload by age",
        _named(t, "year_end_age", {k: label for k, label, _, _ in AGE_BANDS}, at_end),
        notes=("Age on the day; the DfE's bands.",),
    )
    yield Section(
        "year_end_uasc",
        "Year-end caseload: unaccompanied asylum-seeking children",
        _named(t, "year_end_uasc", {"uasc": "UASC", "not_uasc": "Not UASC"}, at_end),
    )
    yield Section(
        "year_end_area",
        "Year-end caseload: where children live",
        _named(
            t,
            "year_end_area",
            {"in": "In the authority's area", "out": "Out of area", NOT_RECORDED: "Not recorded"},
            at_end,
        ),
    )


def _periods_of_care_ended(t: Tally) -> Section:
    """Why periods of care ended."""
    ended = t[("caseload", "ended")]
    rec = {k: f"{k} {v}" for k, v in REC_MEANING.items()}
    rec[TURNED_18] = "Turned 18 (no leaving recorded)"
    return Section(
        "ended_reasons",
        "Why periods of care ended",
        _named(t, "ended_reasons", rec, ended, keep_all=False),
    )
