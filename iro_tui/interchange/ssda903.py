"""Read the national SSDA903 CSVs (Header, Episodes, Reviews, UASC, Missing).

Files are recognised by their header row, since councils name them differently,
and real exports (Liquidlogic, Mosaic, Eclipse) differ in small ways that do not
change what the data says: extra columns, any column order, ISO dates, a UTF-8 BOM,
CRLF line ends, rows repeated word for word. All of those are accepted, with a
notice. The other 903 files (OC2, OC3, AD1, ...) are recognised and skipped.

All or nothing: every row is parsed and checked before anything is written, and
every problem found is reported (file, line, column and what is wrong), not just
the first, so one run tells the IRO everything to fix.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

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
    RetiredPlacement,
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
# The rest of the 903 return: recognised so that a council's whole return folder can be
# imported, and skipped, since the IRO's diary does not use them. Columns as in the DfE
# validator's own list (csc-validator-be-903, lac_validator/config.py).
OTHER_TABLES: dict[str, tuple[str, ...]] = {
    "OC2": (
        "CHILD",
        "DOB",
        "SDQ_SCORE",
        "SDQ_REASON",
        "CONVICTED",
        "HEALTH_CHECK",
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
        "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ),
    "OC3": ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
    "AD1": (
        "CHILD",
        "DOB",
        "DATE_INT",
        "DATE_MATCH",
        "FOSTER_CARE",
        "NB_ADOPTR",
        "SEX_ADOPTR",
        "LS_ADOPTR",
    ),
    "PlacedAdoption": (
        "CHILD",
        "DOB",
        "DATE_PLACED",
        "DATE_PLACED_CEASED",
        "REASON_PLACED_CEASED",
    ),
    "PrevPerm": ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
    "SWEpisodes": ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
    "DoLo": ("CHILD", "DOB", "DOLO_START", "DOLO_END"),
}
ALL_TABLES = {**TABLES, **OTHER_TABLES}
REQUIRED_TABLES = ("Header", "Episodes", "Reviews")
# The DfE's form, dd/mm/YYYY; the demo shifts dates it finds in this form.
DATE_PATTERN = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
# What case-management systems write instead: d/m/YYYY (a file saved from Excel) and
# ISO YYYY-MM-DD (a database export), either perhaps with a midnight time.
_MIDNIGHT = r"(?:[ T]00:00(?::00(?:\.0+)?)?)?"
_DMY = re.compile(rf"^(\d{{1,2}})/(\d{{1,2}})/(\d{{4}}){_MIDNIGHT}$")
_ISO = re.compile(rf"^(\d{{4}})-(\d{{2}})-(\d{{2}}){_MIDNIGHT}$")
# The DfE codes SEX as 1 (male) / 2 (female) before 2024-25, M/F/U from then on.
SEX_CODES = {"M": "M", "F": "F", "U": "U", "1": "M", "2": "F"}
# A cell a spreadsheet would run as a formula (CSV injection). No 903 field starts with
# one of these: ids, codes, dates, postcodes and URNs are letters and digits.
FORMULA_STARTS = ("=", "+", "-", "@")
MAX_LISTED = 50  # problems printed; all of them are counted
ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: str | None
    text: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f" line {self.line}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.text}"


def problem_lines(problems: list[Problem]) -> list[str]:
    """The first line, then one problem a line (cut at MAX_LISTED, counted in full)."""
    if len(problems) == 1:
        return [str(problems[0])]
    lines = [f"{len(problems)} problems, so nothing was imported:"]
    lines += [str(p) for p in problems[:MAX_LISTED]]
    if len(problems) > MAX_LISTED:
        lines.append(f"and {len(problems) - MAX_LISTED} more ({len(problems)} problems in all)")
    return lines


def describe_problems(problems: list[Problem]) -> str:
    first, *rest = problem_lines(problems)
    return "\n".join([first, *(f"  {line}" for line in rest)])


class ImportRefused(BadInput):
    """Every problem found in the files; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(describe_problems(problems))

    @property
    def lines(self) -> list[str]:
        """The message as the command line prints it: one problem a line (a cell
        quoted in a problem may hold a newline; the printer flattens each line)."""
        return problem_lines(self.problems)


@dataclass
class Import903:
    """Everything read from one folder, checked and ready to write."""

    children: dict[str, Child] = field(default_factory=dict)
    episodes: dict[str, list[Episode]] = field(default_factory=lambda: defaultdict(list))
    reviews: dict[str, list[Review]] = field(default_factory=lambda: defaultdict(list))
    missing: dict[str, list[MissingEpisode]] = field(default_factory=lambda: defaultdict(list))
    uasc: set[str] = field(default_factory=set)
    files: dict[str, str] = field(default_factory=dict)  # table -> file name
    ignored: list[str] = field(default_factory=list)  # files that are not 903 files
    notices: list[str] = field(default_factory=list)  # what was accepted but is worth saying


def parse_date(text: str) -> date:
    match = _DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise ValueError(f"'{text}' is not a date in the form dd/mm/YYYY (or YYYY-MM-DD)")
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


def _placement(text: str) -> str:
    # Codes of earlier collection years are history, not mistakes (see RetiredPlacement).
    code = text.upper()
    if code in RetiredPlacement.__members__:
        return code
    return _code(Placement, "placement type (PLACE)")(text)


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
    "PLACE": ("place", _placement, True),
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

    def problem(self, column: str | None, text: str) -> Problem:
        return Problem(self.file, self.line, column, text)

    @property
    def child_ref(self) -> str:
        """The CHILD cell: required text, so every row read has it (read_rows)."""
        ref = self.values["CHILD"]
        if not isinstance(ref, str):
            raise TypeError(f"{self.file} line {self.line}: CHILD is {ref!r}, not text")
        return ref


@dataclass
class Table903:
    """One recognised file: its table, its text and its header row."""

    path: Path
    table: str
    text: str
    header: list[str]

    @property
    def extra_columns(self) -> list[str]:
        return [c for c in self.header if c and c not in ALL_TABLES[self.table]]


def _normalise(header: list[str]) -> list[str]:
    return [h.strip().lstrip("\ufeff").strip().upper() for h in header]


def recognise(header: list[str]) -> str | None:
    """The 903 table whose columns are all in this header; the largest if several are."""
    columns = set(_normalise(header))
    fits = [t for t, expected in ALL_TABLES.items() if set(expected) <= columns]
    if not fits:
        return None
    return max(fits, key=lambda t: len(ALL_TABLES[t]))


def _why_not_recognised(header: list[str]) -> str:
    columns = set(_normalise(header))
    nearest = max(ALL_TABLES, key=lambda t: len(columns & set(ALL_TABLES[t])))
    shared = columns & set(ALL_TABLES[nearest])
    if len(shared) <= 2:  # CHILD and DOB are in nearly every 903 file
        return "not a 903 file: its header row matches none of them"
    missing = [c for c in ALL_TABLES[nearest] if c not in columns]
    return (
        f"not recognised: nearest is the 903 {nearest} file, which also needs {', '.join(missing)}"
    )


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        # utf-8-sig: a byte-order mark (Excel's "CSV UTF-8") is dropped.
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportRefused(
            [
                Problem(
                    path.name,
                    line,
                    None,
                    "is not UTF-8 text (save it from the spreadsheet as 'CSV UTF-8')",
                )
            ]
        ) from None


def find_tables(folder: Path) -> tuple[dict[str, Table903], Import903]:
    """The 903 files in `folder`, and a batch holding the notices about the rest."""
    if not folder.is_dir():
        raise BadInput(f"{folder} is not a folder of 903 CSV files")
    found: dict[str, Table903] = {}
    batch = Import903()
    problems: list[Problem] = []
    unrecognised: dict[str, str] = {}
    skipped: list[str] = []
    unreadable: set[str] = set()  # tables of files that are not UTF-8
    could_not_read = False  # a file the system would not let us read
    try:
        paths = sorted(folder.iterdir())
    except OSError as exc:  # permissions, a disk error
        raise BadInput(f"{folder}: cannot be read ({exc.strerror})") from None
    for path in paths:
        if path.suffix.lower() != ".csv" or not path.is_file():
            continue
        try:
            text = _read_text(path)
            header = _normalise(next(csv.reader(io.StringIO(text)), []))
        except ImportRefused as exc:
            problems += exc.problems
            # Its header row is most likely plain ASCII: say no more than the encoding.
            first = path.read_bytes().decode("utf-8", errors="replace").splitlines()[:1]
            unreadable.add(recognise(next(csv.reader(first), [])) or "")
            continue
        except csv.Error as exc:
            problems.append(Problem(path.name, 1, None, f"is not a readable CSV file ({exc})"))
            continue
        except OSError as exc:  # permissions, a disk error
            problems.append(Problem(path.name, None, None, f"cannot be read ({exc.strerror})"))
            could_not_read = True
            continue
        table = recognise(header)
        if table is None:
            unrecognised[path.name] = _why_not_recognised(header)
        elif table in OTHER_TABLES:
            skipped.append(f"{path.name} ({table})")
        elif table in found:
            problems.append(
                Problem(
                    path.name,
                    None,
                    None,
                    f"this and {found[table].path.name} are both {table} files: keep one",
                )
            )
        else:
            found[table] = Table903(path, table, text, header)
    missing = [t for t in REQUIRED_TABLES if t not in found and t not in unreadable]
    # A file that could not be read at all may be the missing one: its own problem says
    # enough, without a second guess about which table it held.
    if missing and not could_not_read:
        hint = "".join(
            f"; {name}: {why}"
            for name, why in unrecognised.items()
            if any(f" {table} " in why for table in missing)
        )
        problems.append(
            Problem(
                str(folder),
                None,
                None,
                f"no {', '.join(missing)} file found (recognised by its header row){hint}",
            )
        )
    if problems:
        raise ImportRefused(problems)
    if skipped:
        batch.notices.append("skipped the 903 files iro-tui does not use: " + ", ".join(skipped))
    for name, why in unrecognised.items():
        batch.ignored.append(name)
        batch.notices.append(f"ignored {name}: {why}")
    for source in found.values():
        if source.extra_columns:
            batch.notices.append(
                f"{source.path.name}: ignored columns that are not in the 903 {source.table} "
                f"file: {', '.join(source.extra_columns)}"
            )
    batch.files = {t: f.path.name for t, f in found.items()}
    return found, batch


def read_rows(
    source: Table903, problems: list[Problem], notices: list[str], broken: set[str]
) -> list[Row]:
    """Every row of a file, parsed; rows with a problem are left out (and reported), their
    CHILD added to `broken`. A row repeated word for word is dropped, with a notice."""
    name, wanted = source.path.name, ALL_TABLES[source.table]
    rows: list[Row] = []
    seen: set[tuple] = set()
    duplicates = 0
    reader = csv.reader(io.StringIO(source.text, newline=""))
    try:
        next(reader)  # the header row
        for raw in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in raw):
                continue
            # Trailing empty cells (a spreadsheet's stray commas) carry nothing.
            while len(raw) > len(source.header) and not raw[-1].strip():
                raw.pop()
            if len(raw) != len(source.header):
                problems.append(
                    Problem(
                        name,
                        line,
                        None,
                        f"has {len(raw)} fields but the header has {len(source.header)}",
                    )
                )
                continue
            values: dict[str, object] = {}
            ok = True
            for column, cell in zip(source.header, raw, strict=True):
                if column not in wanted or column in values:
                    continue
                if not cell.isprintable():  # fast: most cells are
                    cell = plain(cell)  # no terminal escapes or controls stored
                cell = cell.strip()
                if cell.startswith(FORMULA_STARTS):
                    problems.append(
                        Problem(
                            name,
                            line,
                            column,
                            f"starts with '{cell[0]}', which a spreadsheet would run as a "
                            "formula; no 903 field starts so",
                        )
                    )
                    ok = False
                    continue
                parse_as, parse, required = FIELDS[column]
                if not cell:
                    if required:
                        problems.append(Problem(name, line, column, "is empty but required"))
                        ok = False
                    values[column] = None
                    continue
                try:
                    values[column] = parse(cell)
                except ValueError as exc:
                    problems.append(Problem(name, line, column, str(exc)))
                    ok = False
            if not ok:
                if "CHILD" in source.header:
                    broken.add(raw[source.header.index("CHILD")].strip())
                continue
            key = tuple(values.get(c) for c in wanted)
            if key in seen:
                duplicates += 1
                continue
            seen.add(key)
            rows.append(Row(name, line, values))
    except csv.Error as exc:
        problems.append(Problem(name, reader.line_num, None, f"is not readable CSV ({exc})"))
    if duplicates:
        notices.append(
            f"{name}: dropped {duplicates} row{'s' if duplicates > 1 else ''} repeating "
            "an earlier row exactly"
        )
    return rows


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


def read_folder(
    folder: Path, today: date, existing_episodes: dict[str, list[Episode]] | None = None
) -> Import903:
    """Parse and check every file. Raises ImportRefused listing every problem."""
    tables, batch = find_tables(Path(folder))
    problems: list[Problem] = []
    broken: dict[str, set[str]] = defaultdict(set)
    rows = {
        t: read_rows(source, problems, batch.notices, broken[t]) for t, source in tables.items()
    }

    header_lines: dict[str, Row] = {}
    for row in rows["Header"]:
        ref = row.child_ref
        if ref in header_lines:
            problems.append(
                row.problem(
                    "CHILD",
                    f"child {ref} appears twice in the Header, differently "
                    f"(also line {header_lines[ref].line})",
                )
            )
            continue
        header_lines[ref] = row
        child = _model(row, "Header", Child, problems)
        if child is not None:
            batch.children[ref] = child

    def known_child(row: Row, table: str) -> Child | None:
        ref = row.child_ref
        child = batch.children.get(ref)
        if child is None:
            # A child whose Header row has a problem of its own is reported there only.
            if ref not in header_lines and ref not in broken["Header"]:
                problems.append(
                    row.problem("CHILD", f"child {ref} is in {table} but not in the Header")
                )
            return None
        dob = row.values.get("DOB")
        if dob is not None and dob != child.dob:
            problems.append(
                row.problem(
                    "DOB",
                    f"{dob:%d/%m/%Y} does not match the Header's date of birth "
                    f"{child.dob:%d/%m/%Y} for child {child.child_ref}",
                )
            )
            return None
        return child

    episode_rows: dict[str, list[tuple[Episode, Row]]] = defaultdict(list)
    for row in rows["Episodes"]:
        child = known_child(row, "Episodes")
        episode = _model(row, "Episodes", Episode, problems)
        if child is None or episode is None:
            continue
        if episode.decom < child.dob:
            problems.append(
                row.problem("DECOM", "the episode starts before the child's date of birth")
            )
            continue
        episode_rows[child.child_ref].append((episode, row))
    for ref, pairs in episode_rows.items():
        problems += _overlaps(pairs, (existing_episodes or {}).get(ref, []))
        batch.episodes[ref] = [e for e, _ in pairs]

    review_lines: dict[tuple[str, date], Row] = {}
    for row in rows["Reviews"]:
        child = known_child(row, "Reviews")
        review = _model(row, "Reviews", Review, problems, {"status": "held"})
        if child is None or review is None:
            continue
        held = review.held_date
        if held is None:  # cannot be: REVIEW is required, and Review checks it for "held"
            raise ValueError(f"{row.file} line {row.line}: a held review without its date")
        if held > today:
            problems.append(
                row.problem(
                    "REVIEW",
                    f"the review is dated {held:%d/%m/%Y}, after today ({today:%d/%m/%Y}): "
                    "only reviews already held can be imported",
                )
            )
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
        problem = _participation_problem(row, age_on(child.dob, held), review.participation_code)
        if problem:
            problems.append(problem)
            continue
        batch.reviews[child.child_ref].append(review)

    uasc_lines: dict[str, Row] = {}
    for row in rows.get("UASC", []):
        child = known_child(row, "UASC")
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

    missing_lines: dict[tuple[str, date], Row] = {}
    for row in rows.get("Missing", []):
        child = known_child(row, "Missing")
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
        batch.missing[child.child_ref].append(missing)

    if problems:
        problems.sort(key=lambda p: (p.file, p.line or 0))
        raise ImportRefused(problems)
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
    merged = unique + [(e, None) for e in stored if e.decom not in incoming]
    merged.sort(key=lambda pair: pair[0].decom)
    for (before, before_row), (after, after_row) in zip(merged, merged[1:], strict=False):
        if before.dec is None or before.dec > after.decom:
            culprit = after_row or before_row
            if culprit is None:  # both already in the store: not this import's doing
                continue
            ends = "is still open" if before.dec is None else f"ends {before.dec:%d/%m/%Y}"
            found.append(
                culprit.problem(
                    "DECOM" if culprit is after_row else "DEC",
                    f"episodes overlap: the episode from {before.decom:%d/%m/%Y} {ends}, "
                    f"after the next one starts on {after.decom:%d/%m/%Y}",
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
