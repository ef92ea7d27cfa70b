"""A 903 file's rows, each cell parsed; a row with a problem is reported and left out."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from iro_tui.interchange.ssda903.cells import FIELDS, FORMULA_STARTS
from iro_tui.interchange.ssda903.files import Table903
from iro_tui.interchange.ssda903.problems import Problem
from iro_tui.interchange.ssda903.tables import ALL_TABLES
from iro_tui.safe_text import plain


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


def _row_values(
    source: Table903, raw: list[str], line: int, problems: list[Problem]
) -> dict[str, object] | None:
    """The row's cells parsed by column, or None when a cell has a problem (reported)."""
    name, wanted = source.path.name, ALL_TABLES[source.table]
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
    return values if ok else None


def read_rows(
    source: Table903, problems: list[Problem], notices: list[str], broken: set[str]
) -> list[Row]:
    """Every row of a file, parsed; rows with a problem are left out (and reported), their
    CHILD added to `broken`. A row repeated word for word is dropped, with a notice."""
    name, wanted = source.path.name, ALL_TABLES[source.table]
    rows: list[Row] = []
    seen: set[tuple] = set()
    repeats: list[int] = []  # the lines of rows repeating an earlier row exactly
    reader = csv.reader(io.StringIO(source.text, newline=""))
    try:
        next(reader)  # the header row
        ended = reader.line_num
        for raw in reader:
            # The line the row begins on: csv counts to where it ends, and a quotation
            # mark left open runs a cell on over the lines after it.
            line, ended = ended + 1, reader.line_num
            if not any(cell.strip() for cell in raw):
                continue
            if ended > line:
                # A 903 cell holds no line break: a stray quotation mark swallowed the
                # rows after it into one cell (imported, they were lost without a word).
                problems.append(_runs_on(source, raw, line, ended))
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
                        reading=True,
                    )
                )
                continue
            values = _row_values(source, raw, line, problems)
            if values is None:
                if "CHILD" in source.header:
                    broken.add(raw[source.header.index("CHILD")].strip())
                continue
            key = tuple(values.get(c) for c in wanted)
            if key in seen:
                repeats.append(line)
                continue
            seen.add(key)
            rows.append(Row(name, line, values))
    except csv.Error as exc:
        problems.append(
            Problem(name, reader.line_num, None, f"is not readable CSV ({exc})", reading=True)
        )
    if not rows and not repeats and not any(p.file == name for p in problems):
        # A file with its header and nothing under it: "0 reviews" said nothing of why.
        notices.append(f"{name}: holds its header row and no rows under it")
    if duplicates := len(repeats):
        notices.append(
            f"{name}: dropped {duplicates} row{'s' if duplicates > 1 else ''} repeating "
            f"an earlier row exactly (line{'s' if duplicates > 1 else ''} "
            f"{_listed(repeats)})"
        )
    return rows


def _listed(lines: list[int], most: int = 10) -> str:
    shown = ", ".join(str(n) for n in lines[:most])
    return shown + (f" and {len(lines) - most} more" if len(lines) > most else "")


def _runs_on(source: Table903, raw: list[str], line: int, ended: int) -> Problem:
    """The problem of a row csv read over several lines: where its quotation mark opens."""
    column = next(
        (h for h, cell in zip(source.header, raw, strict=False) if "\n" in cell or "\r" in cell),
        None,
    )
    last = source.text.count("\n") + (not source.text.endswith("\n"))
    until = "to the end of the file" if ended >= last else f"to line {ended}"
    return Problem(
        source.path.name,
        line,
        column,
        f"a quotation mark opens a cell that runs on {until}, taking in the rows "
        "between: a 903 cell holds no line break (remove the stray quotation mark)",
        reading=True,
    )
