"""Write the SSDA903 return for a collection year (1 April to 31 March).

DfE conventions: dd/mm/YYYY, UTF-8, the exact header rows, the codes of
domain.md. Before anything is written, each child is checked for what the DfE's
own validator would refuse; problems are reported per child in plain words, and
no file is written until there are none.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from iro_tui.domain.calendar import age_on
from iro_tui.domain.codes import (
    SHORT_BREAK_STATUSES,
    RetiredPlacement,
    placement_valid_in,
)
from iro_tui.domain.fields import UPN, counted, ordinal, upn_why
from iro_tui.domain.models import Child, ChildCase, Episode, MissingEpisode
from iro_tui.domain.report import Progress
from iro_tui.errors import BadInput
from iro_tui.interchange.files import write_texts_together
from iro_tui.interchange.ssda903.tables import TABLES
from iro_tui.permissions import make_private_folder
from iro_tui.safe_text import plain

if TYPE_CHECKING:
    from iro_tui.store.store import Store

FILES = {
    "Header": "header.csv",
    "Episodes": "episodes.csv",
    "Reviews": "reviews.csv",
    "UASC": "uasc.csv",
    "Missing": "missing.csv",
}


# The first collection year (ending March 2025, i.e. 2024-25) whose SEX is M/F/U; before
# it, 1 (male) / 2 (female) and nothing else (DfE rule 101: csc-validator-be-903
# rules/lac2022_23/rule_101.py, unchanged for 2023-24; rules/lac2024_25/rule_101.py).
# Rule 393 follows: it looks for SEX "2" up to 2023-24 and "F" from 2024-25.
SEX_LETTERS_FROM = 2025
SEX_DIGITS = {"M": "1", "F": "2"}


def year_bounds(year: int) -> tuple[date, date]:
    """The collection year ending 31 March `year`."""
    return date(year - 1, 4, 1), date(year, 3, 31)


def year_label(year: int) -> str:
    return f"{year - 1}-{year % 100:02d}"


def sex_code(sex: str, year: int) -> str:
    return sex if year >= SEX_LETTERS_FROM else SEX_DIGITS[sex]


def _ever_uasc(child: Child) -> bool:
    return child.uasc or child.uasc_ceased is not None


def uasc_in_year(child: Child, year: int) -> bool:
    """UASC at some time in the year: the child goes in that year's UASC file. A status
    that ceased before the year began is not this year's (DfE rule 104: DUC must not be
    before the collection start)."""
    start, _ = year_bounds(year)
    return _ever_uasc(child) and (child.uasc_ceased is None or child.uasc_ceased >= start)


# Placements the DfE asks no URN of (rule 218): with parents, in residential employment
# or health provision, a young offender institution, the T codes and the Z1x "other".
NO_URN_PLACEMENTS = frozenset(
    {"P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z1", "Z11", "Z12", "Z13", "Z14"}
)


# Placements with no provider (DfE rule 178, csc-validator-be-903 rule_178: the T codes
# and Z1); every other placement names one (PR0-PR5).
NO_PROVIDER_PLACEMENTS = frozenset({"T0", "T1", "T2", "T3", "T4", "Z1"})


def uasc_in_distance_window(child: Child, year: int) -> bool:
    """UASC this year or in either of the two years before: then the DfE wants no
    placement distance, so no home postcode (rule 406: "<UASC> = '1' or <COLLECTION YEAR>
    - 1 <UASC> = '1' or <COLLECTION YEAR> - 2 <UASC> = '1'"). Outside that window the
    home postcode is required like any child's (rules 392a, 392b)."""
    window_start, _ = year_bounds(year - 2)
    return _ever_uasc(child) and (child.uasc_ceased is None or child.uasc_ceased >= window_start)


def _d(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _in_year(episode: Episode, start: date, end: date) -> bool:
    return episode.decom <= end and (episode.dec is None or episode.dec >= start)


@dataclass(frozen=True)
class Return903:
    files: dict[str, str]  # file name -> text
    children: int
    # Written, but worth saying: what the DfE will read otherwise than the IRO knows.
    warnings: tuple[str, ...] = ()


def only_short_breaks(episodes: list[Episode]) -> bool:
    """Looked after only under V3/V4 in the year: the DfE wants no MOTHER, REVIEW or
    REVIEW_CODE for the child (rule 399: raised only when all the child's episodes are
    V3 or V4), and does not demand MOTHER (rule 393 counts only other episodes)."""
    return bool(episodes) and all(e.ls.value in SHORT_BREAK_STATUSES for e in episodes)


def problems_of(case: ChildCase, year: int | None = None) -> list[str]:
    """What the DfE would refuse about this child in the return for `year`, in plain
    words (`year` None: the episodes of every year, with today's rules)."""
    child, found = case.child, []
    if year is None:
        episodes = list(case.episodes)
    else:
        start, end = year_bounds(year)
        episodes = [e for e in case.episodes if _in_year(e, start, end)]
    if not child.upn:
        found.append(
            "no UPN recorded: give the child's UPN, or a UN code explaining why "
            "there is none (UN1 for a child under school age; e on the child's screen)"
        )
    elif not UPN.fullmatch(child.upn):
        found.append(
            f"the UPN '{child.upn}' is not a UPN: {upn_why(child.upn)} (e on the child's screen)"
        )
    elif child.upn == "UN1" and year is not None and _school_age(child, year):
        found.append(
            "UN1 says the child is under school age, but they are of school age: give their "
            "UPN, or another UN code (DfE rule 209; e on the child's screen)"
        )
    if child.mother and child.mc_dob is None and not only_short_breaks(episodes):
        found.append(
            "she is a mother, but her child's date of birth (903 MC_DOB) is not recorded "
            "(DfE rule 611; e on the child's screen)"
        )
    if not child.ethnicity:
        found.append("no ethnicity recorded (e on the child's screen)")
    if year is not None and year < SEX_LETTERS_FROM and child.sex.value not in SEX_DIGITS:
        found.append(
            f"sex not known: the {year_label(year)} return takes only 1 (male) or "
            "2 (female) (DfE rule 101 before 2024-25)"
        )
    if child.sex.value == "F" and child.mother is None and not only_short_breaks(episodes):
        # DfE rule 393: for a girl in care, whether she is a mother must be recorded.
        found.append(
            "whether she is a mother (903 MOTHER) is not recorded (e on the child's screen)"
        )
    if year is not None and not only_short_breaks(episodes):
        start, end = year_bounds(year)
        # A review typed in at the intake has no code: written blank, the return was
        # refused by the DfE (rule 167) and by iro-tui's own import.
        found += [
            f"the review of {_d(r.held_date)} has no participation code (903 REVIEW_CODE): "
            "u on it in the child's Reviews tab"
            for r in case.reviews
            if r.status == "held"
            and r.held_date
            and start <= r.held_date <= end
            and r.participation_code is None
        ]
    no_distance = year is not None and uasc_in_distance_window(child, year)
    for e in episodes:
        short_break = e.ls.value in SHORT_BREAK_STATUSES
        if not e.pl_post and not short_break:
            found.append(
                f"the placement from {_d(e.decom)} has no postcode (DfE rules "
                "169 and 179 need it to find the placement's local authority): "
                "Enter on it in the child's Legal tab"
            )
        if not e.urn and not short_break and e.place.value not in NO_URN_PLACEMENTS:
            found.append(
                f"the placement from {_d(e.decom)} has no Ofsted URN: give it, or "
                "XXXXXXX when it has none (DfE rule 218): Enter on it in the child's Legal tab"
            )
        if not e.place_provider and e.place.value not in NO_PROVIDER_PLACEMENTS:
            # An empty provider was imported and sent on (an adversarial check).
            found.append(
                f"the placement from {_d(e.decom)} has no placement provider (PR0-PR5; "
                "DfE rule 178): Enter on it in the child's Legal tab"
            )
        if not e.home_post and not short_break and not no_distance and year is not None:
            found.append(
                f"the episode from {_d(e.decom)} has no home postcode (DfE rules 392a and "
                "392b measure the placement's distance from it): Enter on it in the child's "
                "Legal tab"
            )
        code = e.place.value
        if year is not None and not placement_valid_in(code, year):
            if code in RetiredPlacement.__members__:
                why = "a code the DfE stopped using after 2024-25"
            else:
                why = "a code the DfE did not use yet"
            found.append(
                f"the placement from {_d(e.decom)} is {code}, {why}: the "
                f"{year_label(year)} return cannot take it (DfE rule 146)"
            )
    return found


def _header_row(child: Child, year: int, short_breaks_only: bool) -> list[str]:
    return [
        child.child_ref,
        sex_code(child.sex.value, year),
        _d(child.dob),
        child.ethnicity or "",
        child.upn or "",
        # Rule 399: no MOTHER for a child looked after only under V3/V4.
        "" if child.mother is None or short_breaks_only else str(int(child.mother)),
        _d(child.mc_dob),
    ]


def _episode_rows(
    child: Child, episodes: list[Episode], year: int, end: date
) -> Iterator[list[str]]:
    no_distance = uasc_in_distance_window(child, year)
    for e in episodes:
        # DfE rule 406: no distance for a UASC child (this year or the two before),
        # so no home postcode (the distance is derived from HOME_POST to PL_POST).
        # Rule 398: no postcodes at all for a short break (V3/V4).
        short_break = e.ls.value in SHORT_BREAK_STATUSES
        home = "" if no_distance or short_break else (e.home_post or "")
        # An episode that ends after the year end is still open in this year's return
        # (DfE rules 385 and 388).
        ended = e.dec is not None and e.dec <= end
        yield [
            child.child_ref,
            _d(e.decom),
            e.rne.value,
            e.ls.value,
            e.cin.value,
            e.place.value,
            e.place_provider.value if e.place_provider else "",
            _d(e.dec) if ended else "",
            e.rec.value if ended and e.rec else "",
            e.reason_place_change.value if ended and e.reason_place_change else "",
            home,
            "" if short_break else (e.pl_post or ""),
            # Rule 214: no placement location (postcode or URN) for a short break.
            "" if short_break else (e.urn or ""),
        ]


def _reviews_held_rows(case: ChildCase, start: date, end: date) -> Iterator[list[str]]:
    for review in sorted(case.reviews, key=lambda r: r.held_date or date.min):
        held = review.held_date
        if review.status == "held" and held is not None and start <= held <= end:
            yield [
                case.child.child_ref,
                _d(case.child.dob),
                _d(held),
                review.participation_code.value if review.participation_code else "",
            ]


def _missing_rows(
    child: Child, missing: list[MissingEpisode], start: date, end: date
) -> Iterator[list[str]]:
    for m in missing:
        if m.start <= end and (m.end is None or m.end >= start):
            yield [
                child.child_ref,
                _d(child.dob),
                m.missing.value,
                _d(m.start),
                _d(m.end) if m.end else "",
            ]


def _add_child(
    rows: dict[str, list[list[str]]], case: ChildCase, missing: list[MissingEpisode], year: int
) -> None:
    """One child's rows in each file of the return for `year`."""
    start, end = year_bounds(year)
    child = case.child
    episodes = [e for e in case.episodes if _in_year(e, start, end)]
    short_breaks_only = only_short_breaks(episodes)
    rows["Header"].append(_header_row(child, year, short_breaks_only))
    rows["Episodes"] += _episode_rows(child, episodes, year, end)
    if not short_breaks_only:  # rule 399: no REVIEW or REVIEW_CODE for short breaks only
        rows["Reviews"] += _reviews_held_rows(case, start, end)
    if uasc_in_year(child, year):
        rows["UASC"].append(
            [child.child_ref, sex_code(child.sex.value, year), _d(child.dob), _d(child.uasc_ceased)]
        )
    rows["Missing"] += _missing_rows(child, missing, start, end)


def _csv_files(rows: dict[str, list[list[str]]]) -> dict[str, str]:
    files = {}
    for table, name in FILES.items():
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(TABLES[table])
        # plain: no control characters or terminal escapes in a file sent to the DfE.
        writer.writerows([plain(c) if isinstance(c, str) else c for c in r] for r in rows[table])
        files[name] = out.getvalue()
    return files


class ReturnRefused(BadInput):
    """Every child's problem that keeps the return from being written."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("the 903 return was not written; " + "; ".join(problems))

    @property
    def lines(self) -> list[str]:
        """One problem a line on the command line, as a refused import's: 27 problems
        joined by semicolons made one line no one could read."""
        if len(self.problems) == 1:
            return [self.message]
        return [f"the 903 return was not written: {len(self.problems)} problems", *self.problems]


def _school_age(child: Child, year: int) -> bool:
    """Four or more on 31 August before the collection year began (DfE rule 209: UN1,
    'under school age', is refused then)."""
    start, _ = year_bounds(year)
    return age_on(child.dob, date(start.year - 1, 8, 31)) >= 4


def _shared_upns(cases: list[ChildCase]) -> list[str]:
    """A UPN given to two children (DfE rule 444): a profile edit meant for one child
    that landed on another."""
    holders: dict[str, list[str]] = {}
    for case in cases:
        upn = case.child.upn
        if upn and UPN.fullmatch(upn) and not upn.startswith("UN"):
            holders.setdefault(upn, []).append(case.child.child_ref)
    return [
        f"children {', '.join(refs)}: the same UPN {upn} (DfE rule 444): one of them is wrong"
        for upn, refs in holders.items()
        if len(refs) > 1
    ]


def build_return(
    cases: list[ChildCase],
    missing: dict[str, list[MissingEpisode]],
    year: int,
    progress: Progress | None = None,
) -> Return903:
    start, end = year_bounds(year)
    chosen = [c for c in cases if any(_in_year(e, start, end) for e in c.episodes)]
    problems = [f"child {c.child.child_ref}: {p}" for c in chosen for p in problems_of(c, year)]
    problems += _shared_upns(chosen)
    if problems:
        raise ReturnRefused(problems)
    rows: dict[str, list[list[str]]] = {table: [] for table in FILES}
    for done, case in enumerate(chosen, start=1):
        if progress:
            progress(done, len(chosen))
        _add_child(rows, case, missing.get(case.child.child_ref, []), year)
    warnings = tuple(w for case in chosen for w in _reviews_the_store_lacks(case, year))
    return Return903(_csv_files(rows), len(chosen), warnings)


def _reviews_the_store_lacks(case: ChildCase, year: int) -> list[str]:
    """Reviews of the year the store does not hold, though a review's number says they
    were held: a 2nd review typed in at the intake for a child whose care began in the
    year. The return then lacks the 1st, and the DfE (and iro-tui's own import, which
    numbers a return's reviews from the 1st) reads the 2nd as the 1st."""
    start, end = year_bounds(year)
    said = []
    for period in case.periods():
        if not period.start_known or not start <= period.start <= end:
            continue
        held = case.held_reviews_in(period)
        for before, review in enumerate(held):
            if review.number is None or review.held_date is None:
                continue
            lacking = review.number - 1 - before
            if lacking > 0 and review.held_date <= end:
                said.append(
                    f"child {case.child.child_ref}: the review of {_d(review.held_date)} was "
                    f"the {ordinal(review.number)} of the care that began {_d(period.start)}, "
                    f"but the store holds {counted(before, 'review')} before it: the return "
                    f"lacks {counted(lacking, 'review')} of its year, which the DfE will "
                    "count as not held (r on the child's screen records a review held)"
                )
                break
    return said


def export_903(
    store: Store, year: int, folder: Path, progress: Progress | None = None
) -> Return903:
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise BadInput(f"{folder} is a file: give a folder for the 903 return")
    from iro_tui.store.records import load_missing

    if not folder.parent.is_dir():
        raise BadInput(f"the folder {folder.parent} does not exist")
    result = build_return(store.load_cases(), load_missing(store), year, progress)
    made_here = not folder.exists()
    try:
        make_private_folder(folder)  # the return's own folder, 0700; its parent exists
    except OSError as exc:
        raise BadInput(f"could not create the folder {folder}: {exc.strerror}") from None
    try:
        write_texts_together(folder, result.files, "903 return")
    except BadInput:
        if made_here:  # not left behind empty, as if the return were in it (a full disk)
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    return result
