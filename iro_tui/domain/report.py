"""The annual report's shape: sections of counted figures, each with what it is out of.

The counting lives in annual.py; this module only holds the results, so the screen,
the Markdown draft and the JSON all show the same numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

YEAR_START_MONTH = 4  # the reporting year runs April to March (SSDA903 collection year)
# progress(done, total): how long counts (the report, the 903 return) say how far they are.
Progress = Callable[[int, int], None]


# IROs began with the Adoption and Children Act 2002, s.118 (in force in 2004): there is
# no IRO annual report for an earlier year (and a year like 0001 has no date before it).
FIRST_REPORT_YEAR = 2004


@dataclass(frozen=True)
class ReportYear:
    """An April-March year, named as IRO annual reports name it: '2025-26'."""

    first: int  # the calendar year the report year starts in

    @property
    def start(self) -> date:
        return date(self.first, YEAR_START_MONTH, 1)

    @property
    def end(self) -> date:
        return date(self.first + 1, YEAR_START_MONTH - 1, 31)

    @property
    def label(self) -> str:
        return f"{self.first}-{(self.first + 1) % 100:02d}"

    def contains(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def before(self) -> ReportYear:
        return ReportYear(self.first - 1)

    def after(self) -> ReportYear:
        return ReportYear(self.first + 1)

    @classmethod
    def parse(cls, text: str) -> ReportYear:
        """'2025-26' (or 2025/26, 2025-2026). Raises ValueError with a plain message."""
        cleaned = text.strip().replace("/", "-")
        parts = cleaned.split("-")
        if len(parts) != 2 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
            raise ValueError(f"'{text}' is not a report year: write it like 2025-26")
        first, second = int(parts[0]), int(parts[1])
        if second not in (first + 1, (first + 1) % 100):
            raise ValueError(
                f"'{text}' is not a report year: the second year must follow the first "
                f"(like {first}-{(first + 1) % 100:02d})"
            )
        if first < FIRST_REPORT_YEAR:
            raise ValueError(
                f"'{text}' is before IROs began: the first report year is "
                f"{cls(FIRST_REPORT_YEAR).label}"
            )
        return cls(first)

    @classmethod
    def last_ended(cls, today: date) -> ReportYear:
        """The most recent April-March year that has ended by `today`."""
        first = today.year - 1 if today.month >= YEAR_START_MONTH else today.year - 2
        return cls(first)


def spoken(day: date) -> str:
    """'1 April 2025': how a report writes a date in a sentence."""
    return f"{day.day} {day:%B %Y}"


def percent(count: int, of: int | None) -> int | None:
    """Whole percent, halves rounded up (so 1 of 8 is 13%, as a reader expects), but
    never 100% unless all, nor 0% unless none: a published report read "1411 of 1417
    (100%) on time" above "held late 6 (0%)"."""
    if not of:
        return None
    rounded = (200 * count + of) // (2 * of)
    if 0 < count < of:
        return min(max(rounded, 1), 99)
    return rounded


def share_text(count: int, of: int | None) -> str:
    """The share as a reader sees it: "<1%" for a few of many, ">99%" for all but a few
    (2 of 1417 read "1%", and a year's on time, late and not known added up to 101%),
    else the whole percent; "" when there is nothing to be a share of."""
    whole = percent(count, of)
    if whole is None or of is None:
        return ""
    exact = (200 * count + of) // (2 * of)  # as percent() rounds, before its floor
    if 0 < count and exact == 0:
        return "<1%"
    if count < of and exact == 100:
        return ">99%"
    return f"{whole}%"


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    count: int
    of: int | None = None  # what the count is out of, when a share means something

    @property
    def percent(self) -> int | None:
        return percent(self.count, self.of)

    @property
    def share(self) -> str:
        """As shown: "<1%", ">99%" or "N%" (share_text); "" for no share."""
        return share_text(self.count, self.of)

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "count": self.count,
            "of": self.of,
            "percent": self.percent,
        }


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    figures: tuple[Figure, ...]
    summary: str = ""  # a sentence for the draft report
    notes: tuple[str, ...] = ()  # how it was counted

    def figure(self, key: str) -> Figure:
        for fig in self.figures:
            if fig.key == key:
                return fig
        raise KeyError(f"{self.key} has no figure {key!r}")

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "summary": self.summary,
            "figures": [f.as_json() for f in self.figures],
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class AnnualReport:
    year: ReportYear
    as_at: date  # the year's end, or today while the year is still running
    rulebook: str
    sections: tuple[Section, ...] = field(default=())

    @property
    def complete(self) -> bool:
        return self.as_at == self.year.end

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(f"the report has no section {key!r}")

    def figure(self, section: str, key: str) -> Figure:
        return self.section(section).figure(key)

    def count(self, section: str, key: str) -> int:
        return self.figure(section, key).count

    def naming_children(self, names: dict[str, str]) -> list[str]:
        """Where the report's quoted free text (late reasons, escalation outcomes: each
        a figure's label, as the IRO typed it) names a child of `names` (child_ref ->
        name): by ID, by full name, or by a family name of four letters or more. The
        report promises no child named, and a reason typed "Ahmad Rahimi (100102) was in
        hospital" went into it as written (an adversarial check)."""
        found = []
        quoted = {"late_reasons", "escalation_outcomes"}
        for section in self.sections:
            if section.key not in quoted:
                continue
            for row, figure in enumerate(section.figures, start=1):
                if _names_a_child(figure.label, names):
                    # Where, never the words: this is said in a notification, which
                    # carries no personal data.
                    found.append(f"{section.title!r}, row {row}")
        return found

    def as_json(self) -> dict:
        return {
            "year": self.year.label,
            "from": self.year.start.isoformat(),
            "to": self.year.end.isoformat(),
            "as_at": self.as_at.isoformat(),
            "rulebook": self.rulebook,
            "sections": [s.as_json() for s in self.sections],
        }


def _names_a_child(text: str, names: dict[str, str]) -> bool:
    words = set(re.findall(r"[\w'’-]+", text))
    for ref, name in names.items():
        family = name.split()[-1] if name.split() else ""
        if ref in words or (name and name in text) or (len(family) >= 4 and family in words):
            return True
    return False
