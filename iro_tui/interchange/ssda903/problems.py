"""What is wrong with an import, and where: every problem, so one run says all there is to fix."""

from __future__ import annotations

from dataclasses import dataclass

from iro_tui.errors import BadInput

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
