"""Read the national SSDA903 CSVs (Header, Episodes, Reviews, UASC, Missing).

Files are recognised by their header row, since councils name them differently.
All or nothing: every row is parsed and checked before anything is written, and
the first problem is reported as file, line, column and what is wrong.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

from pydantic import ValidationError

from iro_tui.domain.calendar import age_on
from iro_tui.domain.codes import (
    ETHNICITY_MEANING,
    CategoryOfNeed,
    LegalStatus,
    MissingType,
    ParticipationCode,
    Placement,
    PlacementProvider,
    ReasonEpisodeCeased,
    ReasonNewEpisode,
    ReasonPlaceChange,
)
from iro_tui.domain.models import Child, Episode, MissingEpisode, Review
from iro_tui.errors import BadInput
from iro_tui.safe_text import plain

TABLES: dict[str, tuple[str, ...]] = {
    "Header": ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    "Episodes": (
        "CHILD",
        "DECOM",
        "RNE",
        "LS",
        "CIN",
        "PLACE",
        "PLACE_PROVIDER",
        "DEC",
        "REC",
        "REASON_PLACE_CHANGE",
        "HOME_POST",
        "PL_POST",
        "URN",
    ),
    "Reviews": ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
    "UASC": ("CHILD", "SEX", "DOB", "DUC"),
    "Missing": ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
}
REQUIRED_TABLES = ("Header", "Episodes", "Reviews")
DATE_PATTERN = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
# The DfE codes SEX as 1 (male) / 2 (female); domain.md and older files use M/F/U.
SEX_CODES = {"M": "M", "F": "F", "U": "U", "1": "M", "2": "F"}


class RowError(BadInput):
    def __init__(self, file: str, line: int, column: str | None, problem: str) -> None:
        where = f"{file} line {line}" + (f", column {column}" if column else "")
        super().__init__(f"{where}: {problem}")


@dataclass
class Import903:
    """Everything read from one folder, checked and ready to write."""

    children: dict[str, Child] = field(default_factory=dict)
    episodes: dict[str, list[Episode]] = field(default_factory=lambda: defaultdict(list))
    reviews: dict[str, list[Review]] = field(default_factory=lambda: defaultdict(list))
    missing: dict[str, list[MissingEpisode]] = field(default_factory=lambda: defaultdict(list))
    uasc: set[str] = field(default_factory=set)
    files: dict[str, str] = field(default_factory=dict)  # table -> file name
    ignored: list[str] = field(default_factory=list)


def parse_date(text: str) -> date:
    match = DATE_PATTERN.match(text)
    if not match:
        raise ValueError(f"'{text}' is not a date in the form dd/mm/YYYY")
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"'{text}' is not a real date") from None


def _code(enum: type[StrEnum], what: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        try:
            return enum(text.upper()).value
        except ValueError:
            raise ValueError(f"'{text}' is not a known {what} code") from None

    return parse


def _sex(text: str) -> str:
    if text.upper() not in SEX_CODES:
        raise ValueError(f"'{text}' is not a known sex code (M, F, U, or 1/2)")
    return SEX_CODES[text.upper()]


def _ethnicity(text: str) -> str:
    if text.upper() not in ETHNICITY_MEANING:
        raise ValueError(f"'{text}' is not a known ethnicity code")
    return text.upper()


def _mother(text: str) -> bool:
    if text not in ("0", "1"):
        raise ValueError(f"'{text}' should be 1 (the child is a mother) or 0")
    return text == "1"


def _text(text: str) -> str:
    return text


# column -> (model field, parser, required)
FIELDS: dict[str, tuple[str, Callable[[str], object], bool]] = {
    "CHILD": ("child_ref", _text, True),
    "SEX": ("sex", _sex, True),
    "DOB": ("dob", parse_date, True),
    "ETHNIC": ("ethnicity", _ethnicity, False),
    "UPN": ("upn", _text, False),
    "MOTHER": ("mother", _mother, False),
    "MC_DOB": ("mc_dob", parse_date, False),
    "DECOM": ("decom", parse_date, True),
    "RNE": ("rne", _code(ReasonNewEpisode, "reason for new episode (RNE)"), True),
    "LS": ("ls", _code(LegalStatus, "legal status (LS)"), True),
    "CIN": ("cin", _code(CategoryOfNeed, "category of need (CIN)"), True),
    "PLACE": ("place", _code(Placement, "placement type (PLACE)"), True),
    "PLACE_PROVIDER": ("place_provider", _code(PlacementProvider, "placement provider"), False),
    "DEC": ("dec", parse_date, False),
    "REC": ("rec", _code(ReasonEpisodeCeased, "reason episode ceased (REC)"), False),
    "REASON_PLACE_CHANGE": (
        "reason_place_change",
        _code(ReasonPlaceChange, "reason for placement change"),
        False,
    ),
    "HOME_POST": ("home_post", _text, False),
    "PL_POST": ("pl_post", _text, False),
    "URN": ("urn", _text, False),
    "REVIEW": ("held_date", parse_date, True),
    "REVIEW_CODE": ("participation_code", _code(ParticipationCode, "participation (PN)"), True),
    "DUC": ("uasc_ceased", parse_date, False),
    "MISSING": ("missing", _code(MissingType, "missing (M or A)"), True),
    "MIS_START": ("start", parse_date, True),
    "MIS_END": ("end", parse_date, False),
}
# The field a model-level error belongs to, so it can be named as a column.
MODEL_ERROR_COLUMN = {"Episodes": "DEC", "Missing": "MIS_END"}


@dataclass
class Row:
    file: str
    line: int
    values: dict[str, object]

    def fail(self, column: str | None, problem: str) -> RowError:
        return RowError(self.file, self.line, column, problem)


def recognise(header: list[str]) -> str | None:
    columns = {h.strip().upper() for h in header}
    for table, expected in TABLES.items():
        if columns == set(expected):
            return table
    return None


def read_rows(path: Path, table: str) -> list[Row]:
    rows = []
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = [h.strip().upper() for h in next(reader)]
            for raw in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in raw):
                    continue
                if len(raw) != len(header):
                    raise RowError(
                        path.name,
                        line,
                        None,
                        f"has {len(raw)} fields but the header has {len(header)}",
                    )
                values: dict[str, object] = {}
                for column, cell in zip(header, raw, strict=True):
                    name, parse, required = FIELDS[column]
                    if not cell.isprintable():  # fast: most cells are
                        cell = plain(cell)  # no terminal escapes or controls stored
                    cell = cell.strip()
                    if not cell:
                        if required:
                            raise RowError(path.name, line, column, "is empty but required")
                        values[column] = None
                        continue
                    try:
                        values[column] = parse(cell)
                    except ValueError as exc:
                        raise RowError(path.name, line, column, str(exc)) from None
                rows.append(Row(path.name, line, values))
    except UnicodeDecodeError:
        raise BadInput(f"{path.name}: is not UTF-8 text") from None
    except csv.Error as exc:
        raise BadInput(f"{path.name}: is not a readable CSV file ({exc})") from None
    except OSError as exc:  # permissions, a disk error
        raise BadInput(f"{path.name}: cannot be read ({exc.strerror})") from None
    return rows


def _model(row: Row, table: str, model, extra: dict | None = None):
    data = {FIELDS[c][0]: v for c, v in row.values.items() if c != "CHILD" or table == "Header"}
    data.update(extra or {})
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problem = exc.errors()[0]
        column = None
        if problem["loc"]:
            column = next((c for c, f in FIELDS.items() if f[0] == problem["loc"][0]), None)
        message = problem["msg"].removeprefix("Value error, ")
        raise row.fail(column or MODEL_ERROR_COLUMN.get(table), message) from None


def find_tables(folder: Path) -> tuple[dict[str, Path], list[str]]:
    if not folder.is_dir():
        raise BadInput(f"{folder} is not a folder of 903 CSV files")
    found: dict[str, Path] = {}
    ignored = []
    try:
        paths = sorted(folder.iterdir())
    except OSError as exc:
        raise BadInput(f"{folder}: cannot be read ({exc.strerror})") from None
    for path in paths:
        if path.suffix.lower() != ".csv" or not path.is_file():
            continue
        try:
            with path.open(newline="", encoding="utf-8-sig") as handle:
                header = next(csv.reader(handle), [])
        except (UnicodeDecodeError, csv.Error):
            raise BadInput(f"{path.name}: is not a readable UTF-8 CSV file") from None
        except OSError as exc:  # permissions, a disk error
            raise BadInput(f"{path.name}: cannot be read ({exc.strerror})") from None
        table = recognise(header)
        if table is None:
            ignored.append(path.name)
        elif table in found:
            raise BadInput(f"{path.name} and {found[table].name} are both {table} files: keep one")
        else:
            found[table] = path
    missing = [t for t in REQUIRED_TABLES if t not in found]
    if missing:
        raise BadInput(f"{folder}: no {', '.join(missing)} file found (recognised by header row)")
    return found, ignored


def read_folder(
    folder: Path, existing_episodes: dict[str, list[Episode]] | None = None
) -> Import903:
    """Parse and check every file. Raises BadInput naming file, line and column."""
    tables, ignored = find_tables(folder)
    batch = Import903(files={t: p.name for t, p in tables.items()}, ignored=ignored)
    rows = {table: read_rows(path, table) for table, path in tables.items()}

    for row in rows["Header"]:
        ref = row.values["CHILD"]
        if ref in batch.children:
            raise row.fail("CHILD", f"child {ref} appears twice in the Header")
        batch.children[ref] = _model(row, "Header", Child)

    def known_child(row: Row, table: str) -> Child:
        child = batch.children.get(row.values["CHILD"])
        if child is None:
            raise row.fail(
                "CHILD", f"child {row.values['CHILD']} is in {table} but not in the Header"
            )
        dob = row.values.get("DOB")
        if dob is not None and dob != child.dob:
            raise row.fail(
                "DOB",
                f"{dob:%d/%m/%Y} does not match the Header's date of birth "
                f"{child.dob:%d/%m/%Y} for child {child.child_ref}",
            )
        return child

    episode_rows: dict[str, list[tuple[Episode, Row]]] = defaultdict(list)
    for row in rows["Episodes"]:
        child = known_child(row, "Episodes")
        episode = _model(row, "Episodes", Episode)
        if episode.decom < child.dob:
            raise row.fail("DECOM", "the episode starts before the child's date of birth")
        episode_rows[child.child_ref].append((episode, row))
    for ref, pairs in episode_rows.items():
        _check_no_overlap(pairs, (existing_episodes or {}).get(ref, []))
        batch.episodes[ref] = [e for e, _ in pairs]

    for row in rows["Reviews"]:
        child = known_child(row, "Reviews")
        review = _model(row, "Reviews", Review, {"status": "held"})
        _check_participation(row, child, review)
        batch.reviews[child.child_ref].append(review)

    for row in rows.get("UASC", []):
        child = known_child(row, "UASC")
        batch.uasc.add(child.child_ref)
        batch.children[child.child_ref] = child.model_copy(
            update={"uasc": True, "uasc_ceased": row.values.get("DUC")}
        )

    for row in rows.get("Missing", []):
        child = known_child(row, "Missing")
        batch.missing[child.child_ref].append(_model(row, "Missing", MissingEpisode))
    return batch


def _check_no_overlap(pairs: list[tuple[Episode, Row]], stored: list[Episode]) -> None:
    """Episodes of one child must not overlap, including those already in the store."""
    incoming = {e.decom for e, _ in pairs}
    seen: dict[date, Row] = {}
    for episode, row in pairs:
        if episode.decom in seen:
            raise row.fail(
                "DECOM",
                f"a second episode starts on {episode.decom:%d/%m/%Y} "
                f"(line {seen[episode.decom].line} starts on the same day)",
            )
        seen[episode.decom] = row
    merged = [(e, r) for e, r in pairs] + [(e, None) for e in stored if e.decom not in incoming]
    merged.sort(key=lambda pair: pair[0].decom)
    for (before, before_row), (after, after_row) in zip(merged, merged[1:], strict=False):
        if before.dec is None or before.dec > after.decom:
            row = after_row or before_row
            ends = "is still open" if before.dec is None else f"ends {before.dec:%d/%m/%Y}"
            raise row.fail(
                "DECOM" if row is after_row else "DEC",
                f"episodes overlap: the episode from {before.decom:%d/%m/%Y} {ends}, "
                f"after the next one starts on {after.decom:%d/%m/%Y}",
            )


def _check_participation(row: Row, child: Child, review: Review) -> None:
    # PN0 only for a child under 4 at the review; PN1-7 only from the 4th birthday.
    age = age_on(child.dob, review.held_date)
    code = review.participation_code
    if code == ParticipationCode.PN0 and age >= 4:
        raise row.fail(
            "REVIEW_CODE", f"PN0 is only for children under 4; this child was {age} at the review"
        )
    if code != ParticipationCode.PN0 and age < 4:
        raise row.fail(
            "REVIEW_CODE",
            f"{code} is only for children aged 4 or over; "
            f"this child was {age} at the review (use PN0)",
        )
