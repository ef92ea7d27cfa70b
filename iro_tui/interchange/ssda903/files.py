"""Finding the 903 files in a folder: each recognised by its header row, not its name."""

from __future__ import annotations

import codecs
import csv
import difflib
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from iro_tui.domain.models import Child, Episode, MissingEpisode, Review
from iro_tui.errors import BadInput
from iro_tui.interchange.ssda903.problems import ImportRefused, Problem
from iro_tui.interchange.ssda903.tables import ALL_TABLES, OTHER_TABLES, REQUIRED_TABLES


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
    today: date | None = None  # the day it is read: a new child joins the caseload then

    def collection_year(self) -> tuple[date, date] | None:
        """The return's collection year, 1 April to 31 March: the year that holds its
        latest date (a return holds nothing after its 31 March), or None with no dates."""
        days = [r.held_date for rs in self.reviews.values() for r in rs if r.held_date]
        for episodes in self.episodes.values():
            days += [e.decom for e in episodes] + [e.dec for e in episodes if e.dec]
        for missing in self.missing.values():
            days += [m.start for m in missing] + [m.end for m in missing if m.end]
        if not days:
            return None
        return year_holding(max(days))

    def latest_date(self) -> tuple[date, str] | None:
        """The files' latest date, which decides the collection year, and what it is."""
        found: list[tuple[date, str]] = []
        for ref, reviews in self.reviews.items():
            found += [(r.held_date, f"child {ref}'s review") for r in reviews if r.held_date]
        for ref, episodes in self.episodes.items():
            found += [(e.decom, f"child {ref}'s episode starting") for e in episodes]
            found += [(e.dec, f"child {ref}'s episode ending") for e in episodes if e.dec]
        for ref, missing in self.missing.items():
            found += [(m.start, f"child {ref} going missing") for m in missing]
            found += [(m.end, f"child {ref} coming back") for m in missing if m.end]
        return max(found, default=None, key=lambda pair: pair[0])

    def reviews_span(self) -> tuple[date, date] | None:
        """The first and last review the files hold, or None with none."""
        days = [r.held_date for rs in self.reviews.values() for r in rs if r.held_date]
        return (min(days), max(days)) if days else None


def year_holding(day: date) -> tuple[date, date]:
    """The collection year, 1 April to 31 March, that holds `day`."""
    ends = day.year + (day > date(day.year, 3, 31))
    return date(ends - 1, 4, 1), date(ends, 3, 31)


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


EMPTY = "empty, with not even a header row"


# Separators a spreadsheet saves instead of commas (a European locale's "CSV", or
# "Text (Tab delimited)"), named as the user would see them.
OTHER_SEPARATORS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def _why_not_recognised(header: list[str]) -> str:
    if not any(header):
        return EMPTY  # e.g. a Reviews file saved before any row was pasted in
    if len(header) == 1:
        for separator, name in OTHER_SEPARATORS.items():
            table = recognise(header[0].split(separator))
            if table is not None:
                return (
                    f"the 903 {table} file, but its columns are separated by {name}, "
                    "not commas (save it from the spreadsheet as 'CSV UTF-8 (comma delimited)')"
                )
    columns = set(_normalise(header))
    nearest = max(ALL_TABLES, key=lambda t: len(columns & set(ALL_TABLES[t])))
    shared = columns & set(ALL_TABLES[nearest])
    if len(shared) <= 2:  # CHILD and DOB are in nearly every 903 file
        return "not a 903 file: its header row matches none of them"
    missing = [c for c in ALL_TABLES[nearest] if c not in columns]
    said = (
        f"not recognised: nearest is the 903 {nearest} file, which also needs {', '.join(missing)}"
    )
    # The column in its place, when one was renamed (REVIEW_CD for REVIEW_CODE): only what
    # was lacking was said, not what the header had instead (an adversarial check).
    known = {c for table in ALL_TABLES.values() for c in table}
    unknown = [c for c in dict.fromkeys(_normalise(header)) if c and c not in known]
    guesses = [f"{c} (for {close}?)" if (close := _meant(c, missing)) else c for c in unknown[:3]]
    if guesses:
        said += f"; its header has {', '.join(guesses)}, which no 903 file has"
    return said


def _meant(column: str, missing: list[str]) -> str | None:
    """The lacking column `column` most likely stands for (RNE_CODE for RNE, REVIEW_CD
    for REVIEW_CODE), if any."""
    for candidate in missing:
        if column.startswith(candidate) or candidate.startswith(column):
            return candidate
    close = difflib.get_close_matches(column, missing, n=1, cutoff=0.6)
    return close[0] if close else None


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode Text", or a database tool's UTF-16: its mark says so.
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass  # said below, as any text that is not UTF-8
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
                    "a character here is not UTF-8 text: the file was saved in another "
                    "encoding (save it from the spreadsheet as 'CSV UTF-8')",
                )
            ]
        ) from None


@dataclass
class _FolderLook:
    """What a look through the folder's CSV files found, file by file."""

    found: dict[str, Table903] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unrecognised: dict[str, str] = field(default_factory=dict)  # file -> why not
    skipped: list[str] = field(default_factory=list)  # 903 files iro-tui does not use
    unreadable: set[str] = field(default_factory=set)  # tables of files that are not UTF-8
    could_not_read: bool = False  # a file the system would not let us read


def check_folder(folder: Path) -> None:
    """Refused unless `folder` is a folder (the app says so before it starts reading)."""
    if not folder.is_dir():
        raise BadInput(f"{folder} is not a folder of 903 CSV files")


def _csv_files(folder: Path) -> list[Path]:
    check_folder(folder)
    try:
        paths = sorted(folder.iterdir())
    except OSError as exc:  # permissions, a disk error
        raise BadInput(f"{folder}: cannot be read ({exc.strerror})") from None
    return [p for p in paths if p.suffix.lower() == ".csv" and p.is_file()]


def _other_files(folder: Path) -> list[str]:
    """The folder's files that are not .csv (and not hidden), by name."""
    try:
        return [
            p.name
            for p in sorted(folder.iterdir())
            if p.is_file() and p.suffix.lower() != ".csv" and not p.name.startswith(".")
        ]
    except OSError:
        return []


def _look_at_file(path: Path, look: _FolderLook) -> None:
    """Read one CSV file and sort it: a 903 file we use, one we skip, or not a 903 file."""
    try:
        text = _read_text(path)
        header = _normalise(next(csv.reader(io.StringIO(text)), []))
    except ImportRefused as exc:
        # Its header row is most likely plain ASCII: say no more than the encoding.
        first = path.read_bytes().decode("utf-8", errors="replace").splitlines()[:1]
        table = recognise(next(csv.reader(first), []))
        if table is None:
            # Not a 903 file by its first line (a workbook saved as .csv beside the
            # return): passed over with a notice, as any other file that is not one.
            look.unrecognised[path.name] = (
                "not a 903 file: it is not text a CSV file holds (a spreadsheet's own "
                "file named .csv?)"
            )
            return
        look.problems += exc.problems
        look.unreadable.add(table)
        return
    except csv.Error as exc:
        look.problems.append(Problem(path.name, 1, None, f"is not a readable CSV file ({exc})"))
        return
    except OSError as exc:  # permissions, a disk error
        look.problems.append(Problem(path.name, None, None, f"cannot be read ({exc.strerror})"))
        look.could_not_read = True
        return
    table = recognise(header)
    twice = sorted({c for c in header if c and header.count(c) > 1})
    if table is not None and twice:
        # csv gives each row's first value under a name, silently: an extra RNE column
        # holding S went unread.
        look.problems.append(
            Problem(
                path.name,
                1,
                None,
                f"the header row has {', '.join(twice)} twice: keep one column of each name",
            )
        )
    if table is None:
        look.unrecognised[path.name] = _why_not_recognised(header) + (
            f" (and it has {', '.join(twice)} twice)" if twice else ""
        )
    elif table in OTHER_TABLES:
        look.skipped.append(f"{path.name} ({table})")
    elif table in look.found:
        look.problems.append(
            Problem(
                path.name,
                None,
                None,
                f"this and {look.found[table].path.name} are both {table} files: keep one",
            )
        )
    else:
        look.found[table] = Table903(path, table, text, header)


def _missing_files_problem(folder: Path, look: _FolderLook) -> Problem | None:
    """Header, Episodes or Reviews not found, with the nearest file that might be it."""
    missing = [t for t in REQUIRED_TABLES if t not in look.found and t not in look.unreadable]
    # A file that could not be read at all may be the missing one: its own problem says
    # enough, without a second guess about which table it held.
    if not missing or look.could_not_read:
        return None
    hint = "".join(
        f"; {name}: {why}"
        for name, why in look.unrecognised.items()
        if any(f" {table} " in why for table in missing) or why == EMPTY
    )
    # A return saved as .txt (or without an extension) was passed over without a word.
    others = _other_files(folder)
    if others:
        shown = ", ".join(others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
        hint += f"; only .csv files are read, not {shown}"
    return Problem(
        str(folder),
        None,
        None,
        f"no {', '.join(missing)} file found (recognised by its header row){hint}",
    )


def _notices(look: _FolderLook) -> Import903:
    """A batch holding the notices about the files skipped, ignored, or with extra columns."""
    batch = Import903()
    if look.skipped:
        batch.notices.append(
            "skipped the 903 files iro-tui does not use: " + ", ".join(look.skipped)
        )
    for name, why in look.unrecognised.items():
        batch.ignored.append(name)
        batch.notices.append(f"ignored {name}: {why}")
    for source in look.found.values():
        if source.extra_columns:
            batch.notices.append(
                f"{source.path.name}: ignored columns that are not in the 903 {source.table} "
                f"file: {', '.join(source.extra_columns)}"
            )
    batch.files = {t: f.path.name for t, f in look.found.items()}
    return batch


def find_tables(folder: Path) -> tuple[dict[str, Table903], Import903]:
    """The 903 files in `folder`, and a batch holding the notices about the rest."""
    look = _FolderLook()
    for path in _csv_files(folder):
        _look_at_file(path, look)
    missing = _missing_files_problem(folder, look)
    if missing is not None:
        look.problems.append(missing)
    if look.problems:
        raise ImportRefused(look.problems)
    return look.found, _notices(look)
