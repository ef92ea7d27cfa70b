"""What is wrong with an import, and where: every problem, so one run says all there is to fix."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from iro_tui.errors import BadInput
from iro_tui.interchange.files import check_target, write_atomically

MAX_LISTED = 50  # problems printed; all of them are counted


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: str | None
    text: str
    # A row that could not be split into its cells: the file's other rows and the other
    # files' problems may follow from it, so it is listed first.
    reading: bool = False

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f" line {self.line}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.text}"


# The heading of the file of every problem (`import-903 --problems`): a file that begins
# otherwise is not one iro-tui wrote, and is never written over.
PROBLEMS_HEADING = ["file", "line", "column", "problem"]


def problem_lines(
    problems: list[Problem], written_to: str | None = None, not_written: str | None = None
) -> list[str]:
    """The first line, then one problem a line (cut at MAX_LISTED, counted in full).
    `written_to`: the file every problem was written to, when asked for; `not_written`:
    why the file asked for could not be (the problems are listed all the same: only
    that was said, and not that nothing was imported, an adversarial check)."""
    if not_written:
        return [
            *problem_lines(problems),
            f"(the problems were not written to a file: {not_written})",
        ]
    if len(problems) == 1:
        return [str(problems[0])] + ([f"(written to {written_to} too)"] if written_to else [])
    lines = [f"{len(problems)} problems, so nothing was imported:"]
    lines += [str(p) for p in problems[:MAX_LISTED]]
    if len(problems) > MAX_LISTED:
        # The rest had no way to be seen: a council's raw return with 7,518 problems took
        # 45 rounds of import and fix, 50 at a time (an adversarial check).
        lines.append(
            f"and {len(problems) - MAX_LISTED} more ({len(problems)} problems in all"
            + (
                f": every one is in {written_to})"
                if written_to
                else "; iro-tui import-903 DIR --problems FILE.csv writes every one to a file)"
            )
        )
    elif written_to:
        lines.append(f"(written to {written_to} too)")
    return lines


def write_problems(problems: list[Problem], path: Path) -> None:
    """Every problem as a CSV row, to sort and work through in a spreadsheet. Written
    whole, then moved into place: a file cut short by a full disk lists less than all."""
    if path.exists():
        try:
            with path.open(encoding="utf-8-sig", newline="") as f:
                heading = next(csv.reader(f), None)
        except (OSError, UnicodeDecodeError, csv.Error):
            heading = None
        if heading != PROBLEMS_HEADING:
            # One of the return's own files named by mistake would be lost.
            raise BadInput(
                f"{path} is already there and is not a list of import problems: give another name"
            )

    def write(temp: Path) -> None:
        with temp.open("w", encoding="utf-8-sig", newline="") as f:
            out = csv.writer(f)
            out.writerow(PROBLEMS_HEADING)
            for p in problems:
                out.writerow([p.file, "" if p.line is None else p.line, p.column or "", p.text])

    # Written whole beside it, 0600 (it names children by their IDs: it was written as
    # the umask said, readable by all), then moved into place.
    write_atomically(check_target(path, "list of problems"), write)


def describe_problems(problems: list[Problem]) -> str:
    first, *rest = problem_lines(problems)
    return "\n".join([first, *(f"  {line}" for line in rest)])


class ImportRefused(BadInput):
    """Every problem found in the files; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.written_to: str | None = None  # the file of every problem, once written
        self.not_written: str | None = None  # why that file could not be written
        super().__init__(describe_problems(problems))

    @property
    def lines(self) -> list[str]:
        """The message as the command line prints it: one problem a line (a cell
        quoted in a problem may hold a newline; the printer flattens each line)."""
        return problem_lines(self.problems, self.written_to, self.not_written)
