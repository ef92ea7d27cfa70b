"""The command line's arguments: every command, its options, and the checks that turn a
typed value into a date, a year or a number of days (or a plain reason why not)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TYPE_CHECKING, NoReturn

from iro_tui import __version__, security_cli
from iro_tui.cli import EXIT_BAD_INPUT
from iro_tui.domain.settings import SETTINGS_BY_KEY

if TYPE_CHECKING:
    from iro_tui.domain.report import ReportYear

# Every setting, its meaning and its check: domain/settings.py (shared with the
# settings screen, so both accept exactly the same values).
SETTINGS = list(SETTINGS_BY_KEY)


class QuietParser(argparse.ArgumentParser):
    """Argument errors as one plain line, exit 2, no usage dump."""

    def error(self, message: str) -> NoReturn:
        print(f"iro-tui: {message} (see iro-tui --help)", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


# Dates and years the diary can count from: deadlines run years past "today" (a
# placement order's 18th birthday), so a far year would overflow Python's dates.
YEARS = range(1900, 2200)
MAX_DAYS = 3660  # ten years ahead is the longest look at a diary that makes sense


def _date(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None
    if day.year not in YEARS:
        raise argparse.ArgumentTypeError(
            f"'{text}' is out of range: give a date from {YEARS[0]} to {YEARS[-1]}"
        )
    return day


def _year(text: str) -> int:
    """The year the collection ends (31 March), as 2026 or as the annual report writes
    it, 2025-26 (which was refused here while `report annual` asked for it)."""
    ends = text
    if len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit():
        first = int(text[:4])
        if (first + 1) % 100 == int(text[5:]):
            ends = str(first + 1)
    if not ends.isdigit() or int(ends) not in YEARS:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a collection year: give the year it ends, like 2026, or the "
            f"April-March year, like 2025-26 (from {YEARS[0]} to {YEARS[-1]})"
        )
    return int(ends)


def _review_id(text: str) -> int:
    # SQLite's integers stop at 2**63 - 1; a longer number cannot be a review.
    if not text.isdigit() or len(text) > 18:
        raise argparse.ArgumentTypeError(f"'{text}' is not a review number")
    return int(text)


def _report_year(text: str) -> ReportYear:
    from iro_tui.domain.report import ReportYear

    try:
        return ReportYear.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _days(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of days")
    if int(text) > MAX_DAYS:
        raise argparse.ArgumentTypeError(f"{text} days is too far ahead: at most {MAX_DAYS}")
    return int(text)


def _add_store_options(parser: QuietParser) -> None:
    """The options before the command: which store, the demo, and the day to count from."""
    parser.add_argument("--version", action="version", version=f"iro-tui {__version__}")
    parser.add_argument("--db", metavar="PATH", help="the store file (default: see `locate`)")
    parser.add_argument(
        "--demo", action="store_true", help="open a fresh copy of the fictional demo caseload"
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="with --demo: keep the demo copy after quitting and print where it is, "
        "so it can be reopened with --db (to try draft recovery)",
    )
    parser.add_argument(
        "--today",
        type=_date,
        metavar="YYYY-MM-DD",
        help="pretend today is this date (to look at a past or future diary)",
    )
    parser.add_argument(
        "--plain", action="store_true", help="create a new store unencrypted (not advised)"
    )


def _add_import_and_agenda(commands: argparse._SubParsersAction) -> None:
    imp = commands.add_parser("import-903", help="import SSDA903 CSV files from a folder")
    imp.add_argument("folder", metavar="DIR")
    imp.add_argument(
        "--problems",
        metavar="FILE.csv",
        help="when the files are refused, write every problem to this CSV file "
        "(the message lists the first 50)",
    )

    agenda = commands.add_parser("agenda", help="print what is due")
    agenda.add_argument("--today", dest="agenda_today", type=_date, metavar="YYYY-MM-DD")
    agenda.add_argument(
        "--days",
        type=_days,
        default=28,
        metavar="N",
        help="look N days ahead (default 28); overdue items always show",
    )
    agenda.add_argument("--json", action="store_true", help="print a JSON array")


def _add_config(commands: argparse._SubParsersAction) -> None:
    config = commands.add_parser("config", help="read or change a setting")
    config_commands = config.add_subparsers(
        dest="config_command", required=True, parser_class=QuietParser
    )
    get = config_commands.add_parser("get")
    get.add_argument("key", choices=SETTINGS)
    put = config_commands.add_parser("set")
    put.add_argument("key", choices=SETTINGS)
    put.add_argument("value")


def _add_export(commands: argparse._SubParsersAction) -> None:
    """export ics, export 903 (the return for a collection year), export review."""
    export = commands.add_parser("export", help="write the diary or a record to a file")
    export_commands = export.add_subparsers(
        dest="export_command", required=True, parser_class=QuietParser
    )
    ics = export_commands.add_parser("ics", help="the diary as an iCalendar (.ics) file")
    ics.add_argument("file", metavar="FILE")
    ssda = export_commands.add_parser("903", help="the SSDA903 return for a collection year")
    ssda.add_argument(
        "--year",
        type=_year,
        required=True,
        metavar="YYYY",
        help="the collection year ending 31 March YYYY (or written like 2025-26)",
    )
    ssda.add_argument("--out", required=True, metavar="DIR")
    review = export_commands.add_parser("review", help="a recorded review as a document")
    review.add_argument("review_id", type=_review_id, metavar="REVIEW_ID")
    review.add_argument("--format", choices=["md", "docx"], required=True)
    review.add_argument("--style", choices=["letter", "formal"], required=True)
    # The address is left out unless asked for, as in the app's preview (handbook 3.69):
    # a letter travels, and the child's placement address may not be shared with all.
    address = review.add_mutually_exclusive_group()
    address.add_argument(
        "--with-address",
        dest="redact_address",
        action="store_false",
        help="include the placement address (left out by default: handbook 3.69)",
    )
    address.add_argument(
        "--redact-address",
        dest="redact_address",
        action="store_true",
        help="leave out the placement address (the default; kept for older scripts)",
    )
    review.set_defaults(redact_address=True)
    review.add_argument("--out", required=True, metavar="FILE")
    review.add_argument(
        "--replace",
        action="store_true",
        help="write over FILE if it is already there (a letter edited since is lost)",
    )


def _add_report(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser("report", help="the figures for the IRO's annual report")
    report_commands = report.add_subparsers(
        dest="report_command", required=True, parser_class=QuietParser
    )
    annual = report_commands.add_parser("annual", help="April to March figures (handbook 7.11)")
    annual.add_argument(
        "--year",
        type=_report_year,
        metavar="YYYY-YY",
        help="the April-March year, like 2025-26 (default: the last one that has ended)",
    )
    annual.add_argument("--json", action="store_true", help="JSON instead of Markdown")
    annual.add_argument("--out", metavar="FILE", help="write to FILE instead of printing")
    annual.add_argument(
        "--replace",
        action="store_true",
        help="write over FILE if it is already there (a draft edited since is lost)",
    )


def build_parser() -> QuietParser:
    parser = QuietParser(prog="iro-tui", description="The IRO's caseload diary.")
    _add_store_options(parser)
    commands = parser.add_subparsers(dest="command", parser_class=QuietParser)
    _add_import_and_agenda(commands)
    _add_config(commands)
    _add_export(commands)
    _add_report(commands)
    commands.add_parser("locate", help="print where the store lives")
    security_cli.add_commands(commands)
    return parser
