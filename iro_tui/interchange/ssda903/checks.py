"""The 903 rows checked against each other: one child per Header row, every other row
about a known child with the same date of birth, episodes that do not overlap, reviews
already held with a participation code that fits the child's age. All or nothing."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from iro_tui.domain.calendar import age_on, eighteenth_birthday
from iro_tui.domain.codes import ParticipationCode
from iro_tui.domain.models import CONTINUES_IN_CARE, Child, Episode, MissingEpisode, Review
from iro_tui.interchange.ssda903.cells import FIELDS, MODEL_ERROR_COLUMN
from iro_tui.interchange.ssda903.files import Import903, find_tables
from iro_tui.interchange.ssda903.problems import ImportRefused, Problem
from iro_tui.interchange.ssda903.rows import Row, read_rows

ModelT = TypeVar("ModelT", bound=BaseModel)


def _model(
    row: Row,
    table: str,
    model: type[ModelT],
    problems: list[Problem],
    extra: dict[str, object] | None = None,
) -> ModelT | None:
    data = {FIELDS[c][0]: v for c, v in row.values.items() if c != "CHILD" or table == "Header"}
    data.update(extra or {})
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            column = None
            if error["loc"]:
                column = next((c for c, f in FIELDS.items() if f[0] == error["loc"][0]), None)
            message = error["msg"].removeprefix("Value error, ")
            problems.append(row.problem(column or MODEL_ERROR_COLUMN.get(table), message))
        return None


@dataclass
class _Checking:
    """One import being checked: the batch accepted so far, and every problem found."""

    batch: Import903
    problems: list[Problem] = field(default_factory=list)
    broken: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    header_lines: dict[str, Row] = field(default_factory=dict)
    # Some Header row could not be split into cells (a stray quotation mark): which
    # children it held is not known, so no other row is said to lack its Header row.
    header_unread: bool = False

    def known_child(self, row: Row, table: str) -> Child | None:
        """The Header's child this row is about, if its date of birth agrees."""
        ref = row.child_ref
        child = self.batch.children.get(ref)
        if child is None:
            # A child whose Header row has a problem of its own is reported there only.
            if (
                ref not in self.header_lines
                and ref not in self.broken["Header"]
                and not self.header_unread
            ):
                self.problems.append(
                    row.problem("CHILD", f"child {ref} is in {table} but not in the Header")
                )
            return None
        dob = row.values.get("DOB")
        if dob is not None and dob != child.dob:
            self.problems.append(
                row.problem(
                    "DOB",
                    f"{dob:%d/%m/%Y} does not match the Header's date of birth "
                    f"{child.dob:%d/%m/%Y} for child {child.child_ref}",
                )
            )
            return None
        return child


def _children_in_header(
    rows: list[Row], check: _Checking, today: date, stored: dict[str, list[Episode]]
) -> None:
    problems = check.problems
    for row in rows:
        ref = row.child_ref
        if ref in check.header_lines:
            problems.append(
                row.problem(
                    "CHILD",
                    f"child {ref} appears twice in the Header, differently "
                    f"(also line {check.header_lines[ref].line})",
                )
            )
            continue
        check.header_lines[ref] = row
        child = _model(row, "Header", Child, problems)
        if child is not None and child.dob > today:
            # Said here, where it is wrong: it was reported as each episode "starting
            # before the child's date of birth", in the Episodes file.
            problems.append(
                row.problem(
                    "DOB",
                    f"the date of birth {child.dob:%d/%m/%Y} is after today ({today:%d/%m/%Y})",
                )
            )
            continue
        if child is not None and (wrong := _born_out_of_step(child, stored.get(ref, []))):
            problems.append(row.problem("DOB", wrong))
            continue
        if child is not None and child.sex.value == "M" and (child.mother or child.mc_dob):
            # DfE rule 174; the app asks it of a girl only (the profile form), and the
            # export then wrote a return the DfE's validator refused (an adversarial check).
            problems.append(
                row.problem(
                    "MOTHER" if child.mother else "MC_DOB",
                    "the child is a boy (SEX): a mother, and her child's date of birth, "
                    "are recorded of a girl only (DfE rule 174)",
                )
            )
            continue
        if child is not None:
            check.batch.children[ref] = child


def _born_out_of_step(child: Child, stored: list[Episode]) -> str | None:
    """Why the Header's date of birth cannot be, with the episodes the store holds for
    the child (a return changing it to 1900 made a child of 124 in their care)."""
    if not stored:
        return None
    first, last = min(e.decom for e in stored), max(e.decom for e in stored)
    eighteen = eighteenth_birthday(child.dob)
    if first < child.dob:
        return (
            f"the date of birth {child.dob:%d/%m/%Y} is after the store's episode of care "
            f"starting {first:%d/%m/%Y}"
        )
    if last >= eighteen:
        return (
            f"with the date of birth {child.dob:%d/%m/%Y} the child was 18 on "
            f"{eighteen:%d/%m/%Y}, before the store's episode of care starting "
            f"{last:%d/%m/%Y}"
        )
    return None


def _episodes_of_care(
    rows: list[Row], check: _Checking, existing_episodes: dict[str, list[Episode]], today: date
) -> None:
    problems = check.problems
    episode_rows: dict[str, list[tuple[Episode, Row]]] = defaultdict(list)
    for row in rows:
        child = check.known_child(row, "Episodes")
        episode = _model(row, "Episodes", Episode, problems)
        if episode is None:
            continue
        # As a review after today is refused: a return holds what has happened. Said
        # even when the child's Header row has a problem of its own, so that one run
        # lists every problem.
        future = [
            row.problem(
                column,
                f"the episode {'starts' if column == 'DECOM' else 'ends'} on {day:%d/%m/%Y}, "
                f"after today ({today:%d/%m/%Y}): only what has happened can be imported",
            )
            for column, day in (("DECOM", episode.decom), ("DEC", episode.dec))
            if day is not None and day > today
        ]
        problems += future
        if child is None or future:
            continue
        if episode.decom < child.dob:
            problems.append(
                row.problem("DECOM", "the episode starts before the child's date of birth")
            )
            continue
        if episode.decom >= (eighteen := eighteenth_birthday(child.dob)):
            # Only a child is looked after: a date of birth of 1900 made a child of 120.
            problems.append(
                row.problem(
                    "DECOM",
                    f"the episode starts on {episode.decom:%d/%m/%Y}, when child "
                    f"{child.child_ref} was 18 or over (the Header's date of birth "
                    f"{child.dob:%d/%m/%Y}: 18 on {eighteen:%d/%m/%Y}); check DOB and DECOM",
                )
            )
            continue
        episode_rows[child.child_ref].append((episode, row))
    for ref, pairs in episode_rows.items():
        problems += _overlaps(pairs, existing_episodes.get(ref, []))
        check.batch.episodes[ref] = [e for e, _ in pairs]
        _gap_after_x1(ref, pairs, check)


def _gap_after_x1(ref: str, pairs: list[tuple[Episode, Row]], check: _Checking) -> None:
    """REC X1 says the child stays in care, the next episode starting the same day. A
    later start leaves days out of care between them, and no next episode leaves the
    child out of care from that day: each is imported as the dates say, but said."""
    ordered = sorted(pairs, key=lambda pair: pair[0].decom)
    following = [after for after, _ in ordered[1:]] + [None]
    for (before, row), after in zip(ordered, following, strict=True):
        if before.rec != CONTINUES_IN_CARE or before.dec is None:
            continue
        where = f"{row.file} line {row.line}: child {ref}'s episode ends {before.dec:%d/%m/%Y} "
        if after is None:
            check.batch.notices.append(
                where + "with REC X1 (stays in care), but no episode follows it: read as out "
                "of care from that day; check the return"
            )
        elif before.dec < after.decom:
            check.batch.notices.append(
                where + f"with REC X1 (stays in care), but the next starts "
                f"{after.decom:%d/%m/%Y}: the days between read as out of care; check the "
                "dates"
            )


def _reviews_held(
    rows: list[Row], check: _Checking, today: date, existing_episodes: dict[str, list[Episode]]
) -> None:
    problems = check.problems
    review_lines: dict[tuple[str, date], Row] = {}
    for row in rows:
        child = check.known_child(row, "Reviews")
        review = _model(row, "Reviews", Review, problems, {"status": "held"})
        if review is None:
            continue
        held = review.held_date
        if held is None:  # cannot be: REVIEW is required, and Review checks it for "held"
            raise ValueError(f"{row.file} line {row.line}: a held review without its date")
        if held > today:  # said whatever the Header row's state (as for episodes)
            problems.append(
                row.problem(
                    "REVIEW",
                    f"the review is dated {held:%d/%m/%Y}, after today ({today:%d/%m/%Y}): "
                    "only reviews already held can be imported",
                )
            )
            continue
        if child is None:
            continue
        earlier = review_lines.get((child.child_ref, held))
        if earlier is not None:
            # Identical rows were dropped already: this one says something else.
            problems.append(
                row.problem(
                    "REVIEW_CODE",
                    f"a second review for child {child.child_ref} on {held:%d/%m/%Y} "
                    f"(line {earlier.line}) with a different participation code: "
                    "keep the right one",
                )
            )
            continue
        review_lines[(child.child_ref, held)] = row
        if held < child.dob:  # as an episode before birth: else PN1 was told "use PN0"
            problems.append(
                row.problem(
                    "REVIEW",
                    f"the review is dated {held:%d/%m/%Y}, before the child's date of birth "
                    f"({child.dob:%d/%m/%Y})",
                )
            )
            continue
        problem = _participation_problem(row, age_on(child.dob, held), review.participation_code)
        if problem:
            problems.append(problem)
            continue
        check.batch.reviews[child.child_ref].append(review)
        _before_care(row, child.child_ref, held, check, existing_episodes)


def _before_care(
    row: Row, ref: str, held: date, check: _Checking, existing: dict[str, list[Episode]]
) -> None:
    """A review held before the child's first episode on file is imported (the earlier
    episodes may be missing from a one-year return) but said, to be checked: it may be a
    mistyped date, and no deadline counts from it until an episode holds it."""
    starts = [e.decom for e in [*check.batch.episodes.get(ref, []), *existing.get(ref, [])]]
    if starts and held < min(starts):
        check.batch.notices.append(
            f"{row.file} line {row.line}: the review of {held:%d/%m/%Y} is before child "
            f"{ref}'s first period of care on file ({min(starts):%d/%m/%Y}): imported; "
            "check its date"
        )


def _unaccompanied_children(rows: list[Row], check: _Checking) -> None:
    problems, batch = check.problems, check.batch
    uasc_lines: dict[str, Row] = {}
    for row in rows:
        child = check.known_child(row, "UASC")
        if child is None:
            continue
        ref = child.child_ref
        if ref in uasc_lines:
            problems.append(
                row.problem(
                    "CHILD",
                    f"child {ref} appears twice in UASC, differently "
                    f"(also line {uasc_lines[ref].line})",
                )
            )
            continue
        uasc_lines[ref] = row
        if row.values["SEX"] != child.sex.value:
            problems.append(
                row.problem(
                    "SEX",
                    f"does not match the Header's sex {child.sex.value} for child {ref}",
                )
            )
            continue
        batch.uasc.add(ref)
        batch.children[ref] = child.model_copy(
            update={"uasc": True, "uasc_ceased": row.values.get("DUC")}
        )


def _missing_episodes(rows: list[Row], check: _Checking) -> None:
    problems = check.problems
    missing_lines: dict[tuple[str, date], Row] = {}
    for row in rows:
        child = check.known_child(row, "Missing")
        missing = _model(row, "Missing", MissingEpisode, problems)
        if child is None or missing is None:
            continue
        earlier = missing_lines.get((child.child_ref, missing.start))
        if earlier is not None:
            problems.append(
                row.problem(
                    "MIS_START",
                    f"a second missing episode for child {child.child_ref} starting "
                    f"{missing.start:%d/%m/%Y} (line {earlier.line}), differently",
                )
            )
            continue
        missing_lines[(child.child_ref, missing.start)] = row
        check.batch.missing[child.child_ref].append(missing)


def read_folder(
    folder: Path, today: date, existing_episodes: dict[str, list[Episode]] | None = None
) -> Import903:
    """Parse and check every file. Raises ImportRefused listing every problem."""
    tables, batch = find_tables(Path(folder))
    batch.today = today
    check = _Checking(batch)
    rows = {
        t: read_rows(source, check.problems, batch.notices, check.broken[t])
        for t, source in tables.items()
    }
    header_file = tables["Header"].path.name
    check.header_unread = any(p.reading and p.file == header_file for p in check.problems)
    _children_in_header(rows["Header"], check, today, existing_episodes or {})
    _episodes_of_care(rows["Episodes"], check, existing_episodes or {}, today)
    _reviews_held(rows["Reviews"], check, today, existing_episodes or {})
    _unaccompanied_children(rows.get("UASC", []), check)
    _missing_episodes(rows.get("Missing", []), check)
    if check.problems:
        check.problems.sort(key=lambda p: (not p.reading, p.file, p.line or 0))
        raise ImportRefused(check.problems)
    return batch


def _overlaps(pairs: list[tuple[Episode, Row]], stored: list[Episode]) -> list[Problem]:
    """Episodes of one child must not overlap, including those already in the store."""
    found: list[Problem] = []
    incoming = {e.decom for e, _ in pairs}
    seen: dict[date, Row] = {}
    unique: list[tuple[Episode, Row | None]] = []
    for episode, row in pairs:
        if episode.decom in seen:
            found.append(
                row.problem(
                    "DECOM",
                    f"a second episode starts on {episode.decom:%d/%m/%Y} "
                    f"(line {seen[episode.decom].line} starts on the same day)",
                )
            )
            continue
        seen[episode.decom] = row
        unique.append((episode, row))
    merged = _with_stored(unique, stored, incoming)
    found += _periods_of_care(merged)
    for (before, before_row), (after, after_row) in zip(merged, merged[1:], strict=False):
        if before.dec is None or before.dec > after.decom:
            culprit = after_row or before_row
            if culprit is None:  # both already in the store: not this import's doing
                continue
            ends = "is still open" if before.dec is None else f"ends {before.dec:%d/%m/%Y}"
            # Said when one of the two is the store's (an earlier import, or typed in):
            # the line blamed was read as wrong, and the other was nowhere in the file.
            stored_one = "before" if before_row is None else "after" if after_row is None else ""
            where = {
                "before": f"the episode from {before.decom:%d/%m/%Y} already in the store "
                f"{ends}, after this one starts on {after.decom:%d/%m/%Y}",
                "after": f"this episode from {before.decom:%d/%m/%Y} {ends}, after the "
                f"episode already in the store starts on {after.decom:%d/%m/%Y}",
                "": f"the episode from {before.decom:%d/%m/%Y} {ends}, after the next one "
                f"starts on {after.decom:%d/%m/%Y}",
            }[stored_one]
            fix = (
                " (an earlier return or the app recorded it: an import adds and updates "
                "episodes by their start date, so it cannot move that one; give its start "
                "as stored)"
                if stored_one
                else ""
            )
            found.append(
                culprit.problem(
                    "DECOM" if culprit is after_row else "DEC",
                    f"episodes overlap: {where}{fix}",
                )
            )
    return found


def _with_stored(
    unique: list[tuple[Episode, Row | None]], stored: list[Episode], incoming: set[date]
) -> list[tuple[Episode, Row | None]]:
    """The return's episodes of one child (each with its row) among those the store
    holds (with none), in order. An episode the store has ended, given open (a return of
    a year that ended before it did), keeps the store's end (store/from_a_return.py):
    checked with it, or an older return could not be imported once a later one had
    recorded the next move."""
    ended = {e.decom: e for e in stored if e.dec is not None}
    merged = [
        (
            episode.model_copy(update={"dec": ended[episode.decom].dec})
            if episode.dec is None and episode.decom in ended
            else episode,
            row,
        )
        for episode, row in unique
    ]
    merged += [(e, None) for e in stored if e.decom not in incoming]
    return sorted(merged, key=lambda pair: pair[0].decom)


def _periods_of_care(merged: list[tuple[Episode, Row | None]]) -> list[Problem]:
    """After an episode that ended with the child leaving care (REC not X1), the next
    begins a new period of care: RNE S (DfE rule 432), on a later day (rule 431). An RNE
    P after leaving care was imported, and read as the same period or a new one by the
    order returns were imported in: the next deadline 3 months apart."""
    found: list[Problem] = []
    for (before, _), (after, row) in zip(merged, merged[1:], strict=False):
        if row is None or before.dec is None or before.dec > after.decom:
            continue  # none of this return's, still open, or an overlap (_overlaps)
        if before.rec == CONTINUES_IN_CARE and after.rne == "S" and after.decom == before.dec:
            # X1: care went on; a new period that day restarted the cycle, and hid a 1st
            # review already overdue (an adversarial check).
            found.append(
                row.problem(
                    "RNE",
                    f"the episode before ends {before.dec:%d/%m/%Y} with REC X1 (stays in "
                    "care): one starting that day goes on with the same period, not RNE S, "
                    "a new one (DfE rule 431)",
                )
            )
            continue
        if before.rec in (None, CONTINUES_IN_CARE):
            continue
        if after.rne != "S":
            found.append(
                row.problem(
                    "RNE",
                    f"the child left care on {before.dec:%d/%m/%Y} (REC {before.rec}): the "
                    f"next episode begins a new period of care, RNE S, not {after.rne} "
                    "(DfE rule 432)",
                )
            )
        elif after.decom == before.dec:
            found.append(
                row.problem(
                    "DECOM",
                    f"the child left care on {before.dec:%d/%m/%Y} (REC {before.rec}): a new "
                    "period of care begins on a later day (DfE rule 431)",
                )
            )
    return found


def _participation_problem(row: Row, age: int, code: ParticipationCode | None) -> Problem | None:
    """`age`: the child's age on the day of the review."""
    # PN0 only for a child under 4 at the review; PN1-7 only from the 4th birthday.
    if code == ParticipationCode.PN0 and age >= 4:
        return row.problem(
            "REVIEW_CODE", f"PN0 is only for children under 4; this child was {age} at the review"
        )
    if code != ParticipationCode.PN0 and age < 4:
        return row.problem(
            "REVIEW_CODE",
            f"{code} is only for children aged 4 or over; "
            f"this child was {age} at the review (use PN0)",
        )
    return None
