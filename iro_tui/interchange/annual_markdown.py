"""The annual report figures as a Markdown draft the IRO pastes into their report.

Figures only: no child is named, so the draft can go to the corporate parenting
board as it stands (handbook 7.11 asks for the service's figures, not case detail).
"""

from __future__ import annotations

from iro_tui.domain.report import AnnualReport, Section, spoken
from iro_tui.safe_text import markdown_text


def _cell(text: str) -> str:
    # A label may be as typed (an escalation's outcome, a late review's reason, a stage of
    # the authority's ladder): shown as typed, never as Markdown (a link, a remote image).
    # markdown_text escapes "|" too, so the table keeps its columns.
    return markdown_text(text).replace("\n", " ")


def _table(section: Section) -> list[str]:
    shares = any(f.of is not None for f in section.figures)
    lines = ["| | Number | Share |" if shares else "| | Number |"]
    lines.append("|---|---:|---:|" if shares else "|---|---:|")
    for fig in section.figures:
        row = f"| {_cell(fig.label)} | {fig.count} |"
        if shares:
            row += f" {fig.share} |"
        lines.append(row)
    return lines


def to_markdown(report: AnnualReport, authority: str | None = None) -> str:
    year = report.year
    title = f"IRO annual report {year.label}: the figures"
    if authority:
        title = f"{markdown_text(authority)}: {title}"
    lines = [f"# {title}", ""]
    lines.append(
        f"Draft from iro-tui. The year runs from {spoken(year.start)} to {spoken(year.end)}; "
        f"timescales are those of the {report.rulebook} rulebook."
    )
    if not report.complete:
        lines.append("")
        lines.append(f"**The year is not over: these figures run to {spoken(report.as_at)} only.**")
    for section in report.sections:
        lines += ["", f"## {section.title}", ""]
        if section.summary:
            lines += [section.summary, ""]
        if section.figures:
            lines += _table(section)
        elif not section.summary:
            lines.append("None in the year.")
        if section.notes:
            for note in section.notes:
                lines += ["", f"*{note}*"]
    return "\n".join(lines) + "\n"
