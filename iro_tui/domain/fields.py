"""Turning what a person typed into typed values, with errors in plain words.

A FieldProblem names the form field it belongs to, so a screen can show the
message next to that field. Pydantic keeps the original exception in the error's
context, which is how `problems_by_field` recovers the field name.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    # Only named here: settings (domain/settings.py) are checked on the command line
    # and read before the diary's first paint, which loads no pydantic.
    from pydantic import ValidationError

UI_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
UI_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


class FieldProblem(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message

    def by_field(self) -> dict[str, str]:
        """{field: message} for every problem this stands for (one, here)."""
        return {self.field: self.message}


class FieldProblems(FieldProblem):
    """Several fields' problems found at once (every required box left blank, every
    date that is not one), so a form shows them all on one save, not one per press.
    As a FieldProblem it is the first of them."""

    def __init__(self, problems: dict[str, str]) -> None:
        field, message = next(iter(problems.items()))
        super().__init__(field, message)
        self.problems = dict(problems)

    def by_field(self) -> dict[str, str]:
        return dict(self.problems)


def every_problem(*checks: Callable[[], object]) -> None:
    """Run every check, and raise FieldProblems with each field's first problem: a form
    says them all on one save, not one per press (each check raises FieldProblem)."""
    problems: dict[str, str] = {}
    for check in checks:
        try:
            check()
        except FieldProblem as problem:
            for field, message in problem.by_field().items():
                problems.setdefault(field, message)
    if problems:
        raise FieldProblems(problems)


def parse_ui_date(text: str, field: str = "date") -> date:
    """31/01/2026 (as an IRO writes it) or 2026-01-31."""
    if match := UI_DATE.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := ISO_DATE.match(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise FieldProblem(field, f"'{text.strip()}' is not a date: write it like 31/01/2026")
    try:
        return date(year, month, day)
    except ValueError:
        raise FieldProblem(field, f"'{text.strip()}' is not a real date") from None


def not_after_today(field: str, day: date, today: date, what: str = "that date") -> None:
    """Something that has happened (a review held, a response received, a consultation)
    cannot be dated after today: the one rule every form uses, so a typo for next year
    is refused in the same words everywhere."""
    if day > today:
        raise FieldProblem(field, f"{what} is in the future")


def not_before(field: str, day: date, earliest: tuple[date, str]) -> None:
    """`day` is not before `earliest`: (a day, what happened on it), as
    ChildCase.earliest_day gives."""
    first, what = earliest
    if day < first:
        raise FieldProblem(field, f"that date is before {what} ({first:%d/%m/%Y})")


def parse_ui_time(text: str, field: str = "time") -> str:
    """09:30 or 9.30 -> '09:30'."""
    match = UI_TIME.match(text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise FieldProblem(field, f"'{text.strip()}' is not a time: write it like 09:30")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def format_ui_date(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th... 11th, 12th, 13th, 21st."""
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def counted(number: int, word: str, plural: str | None = None) -> str:
    """'1 item', '2 items', '1 child', '3 children' (`plural` when not word + s)."""
    return f"{number} {word if number == 1 else plural or word + 's'}"


PLAIN_MESSAGES = {
    "missing": "is required",
    "string_too_short": "is required",
    "enum": "is not one of the allowed choices",
    "literal_error": "is not one of the allowed choices",
}


def problems_by_field(error: ValidationError) -> dict[str, str]:
    """{field: plain message} for every problem pydantic found."""
    problems: dict[str, str] = {}
    for item in error.errors():
        original = (item.get("ctx") or {}).get("error")
        if isinstance(original, FieldProblem):  # FieldProblems: every one of them
            for field, message in original.by_field().items():
                problems.setdefault(field, message)
            continue
        field = str(item["loc"][0]) if item["loc"] else "form"
        message = PLAIN_MESSAGES.get(item["type"], item["msg"].removeprefix("Value error, "))
        if item["type"] == "string_too_long" and isinstance(item.get("input"), str):
            # As the forms say it: "String should have at most 10 characters" was pydantic's.
            most = (item.get("ctx") or {}).get("max_length")
            message = f"{len(item['input'])} characters long: at most {most} fit here"
        problems.setdefault(field, message)
    return problems


# A UK postcode (Jersey's JE too), with or without its space: the 903's PL_POST and
# HOME_POST are full postcodes (the DfE derives the placement's distance from them).
UK_POSTCODE = re.compile(
    r"(GIR ?0AA|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9][0-9ABEHMNPRV-Y]?|[0-9][A-HJKPS-UW])"
    r" ?[0-9][ABD-HJLNP-UW-Z]{2})"
)


def uk_postcode(field: str, text: str | None) -> str | None:
    """`text` as a postcode is written ("en1 3xa" -> "EN1 3XA"); refused if not one."""
    if text is None or not text.strip():
        return None
    squeezed = "".join(text.split()).upper()
    if not UK_POSTCODE.fullmatch(squeezed):
        raise FieldProblem(field, f"'{text.strip()}' is not a UK postcode (one like EN1 3XA)")
    return f"{squeezed[:-3]} {squeezed[-3:]}"


# How the IRO and the people around a child are reached: checked where typed (the
# settings, a person, a placement), so a number or address that cannot be one is said.
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[\d ()-]{6,20}$")


def email_address(field: str, text: str | None) -> None:
    """Refused with its field when `text` is not an email address ("bad@" was kept)."""
    if text and text.strip() and not EMAIL.match(text.strip()):
        raise FieldProblem(field, f"'{text.strip()}' is not an email address (name@example.org)")


def phone_number(field: str, text: str | None) -> None:
    """Refused with its field when `text` is not a phone number ("not a phone" was kept)."""
    if text and text.strip() and not PHONE.match(text.strip()):
        raise FieldProblem(
            field, f"'{text.strip()}' is not a phone number: digits and spaces, like 020 7946 0000"
        )


# The 903's UPN: a letter (not I, O or S) and 12 digits, or 11 digits and a letter (a
# temporary UPN); UN1-UN5 when there is none (DfE 903 validation rule 168).
UPN = re.compile(r"[A-HJ-NP-RT-Z](?:\d{12}|\d{11}[A-Z])|UN[1-5]")
UPN_SHAPE = "a letter and 12 digits (or 11 and a letter), or UN1-UN5 when not known"


def upn(field: str, text: str | None) -> str | None:
    """`text` as a UPN is written (upper case); refused if not one."""
    if text is None or not text.strip():
        return None
    written = "".join(text.split()).upper()
    if not UPN.fullmatch(written):
        raise FieldProblem(field, f"'{text.strip()}' is not a UPN: {upn_why(written)}")
    return written


def upn_why(written: str) -> str:
    """Why a UPN is not one: a first letter I, O or S looked like 'a letter and 12
    digits' and was refused in those words."""
    if written[:1] in ("I", "O", "S") and written[1:].isdigit():
        return "it never begins with I, O or S (DfE rule 168)"
    if written.startswith("UN") and written[2:].isdigit():
        return "the codes for no UPN are UN1 to UN5"
    return UPN_SHAPE


# The placement's Ofsted unique reference number (SC123456, 1234567), or XXXXXXX when
# it has none (the 903's URN).
OFSTED_URN = re.compile(r"[A-Z\d]{6,8}")
OFSTED_URN_SHAPE = "an Ofsted URN (e.g. SC123456), or XXXXXXX when there is none"


def ofsted_urn(field: str, text: str | None) -> str | None:
    """`text` as a URN is written (upper case); refused if not one."""
    if text is None or not text.strip():
        return None
    written = text.strip().upper()
    if not OFSTED_URN.fullmatch(written):
        raise FieldProblem(field, f"'{text.strip()}' is not {OFSTED_URN_SHAPE}")
    return written
