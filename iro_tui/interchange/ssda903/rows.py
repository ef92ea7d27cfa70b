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
            values = _row_values(source, raw, line, problems)
            if values is None:
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
