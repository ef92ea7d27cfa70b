"""The command line: `iro-tui [--db PATH | --demo] [COMMAND]`.

One factory, `make_app`, is shared by the CLI, `python -m iro_tui` and the tests.
Exit codes: 0 success, 2 bad input or a bad store (one plain line on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypedDict, Unpack

from iro_tui import __version__, security_cli
from iro_tui.domain.clock import Clock, FixedClock, SystemClock
from iro_tui.domain.settings import SETTINGS_BY_KEY
from iro_tui.errors import BadInput, IroError
from iro_tui.progress import run_with_progress
from iro_tui.safe_text import plain

if TYPE_CHECKING:
    from collections.abc import Callable

    from iro_tui.app import IroApp
    from iro_tui.domain.report import ReportYear
    from iro_tui.interchange.import903 import ImportSummary
    from iro_tui.store.session_lock import SessionLock
    from iro_tui.store.store import Store

EXIT_OK, EXIT_UNEXPECTED, EXIT_BAD_INPUT = 0, 1, 2
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
    if not text.isdigit() or int(text) not in YEARS:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a collection year: give one from {YEARS[0]} to {YEARS[-1]}"
        )
    return int(text)


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


def build_parser() -> QuietParser:
    parser = QuietParser(prog="iro-tui", description="The IRO's caseload diary.")
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
    commands = parser.add_subparsers(dest="command", parser_class=QuietParser)

    imp = commands.add_parser("import-903", help="import SSDA903 CSV files from a folder")
    imp.add_argument("folder", metavar="DIR")

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

    config = commands.add_parser("config", help="read or change a setting")
    config_commands = config.add_subparsers(
        dest="config_command", required=True, parser_class=QuietParser
    )
    get = config_commands.add_parser("get")
    get.add_argument("key", choices=SETTINGS)
    put = config_commands.add_parser("set")
    put.add_argument("key", choices=SETTINGS)
    put.add_argument("value")

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
        help="the collection year ending 31 March YYYY",
    )
    ssda.add_argument("--out", required=True, metavar="DIR")
    review = export_commands.add_parser("review", help="a recorded review as a document")
    review.add_argument("review_id", type=_review_id, metavar="REVIEW_ID")
    review.add_argument("--format", choices=["md", "docx"], required=True)
    review.add_argument("--style", choices=["letter", "formal"], required=True)
    review.add_argument(
        "--redact-address",
        action="store_true",
        help="leave out the placement address (handbook 3.69)",
    )
    review.add_argument("--out", required=True, metavar="FILE")

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

    commands.add_parser("locate", help="print where the store lives")
    security_cli.add_commands(commands)
    return parser


class AppOptions(TypedDict, total=False):
    """What make_app passes on to IroApp, besides the store and the clock."""

    store_gate: tuple[str, Path] | None
    idle_now: Callable[[], float]
    make_backups: bool
    read_only: bool


def make_app(store: Store | None, clock: Clock, **options: Unpack[AppOptions]) -> IroApp:
    """The one way to build the app: used by the CLI, `python -m` and the tests.
    `options`: store_gate, idle_now, make_backups, read_only (see IroApp)."""
    from iro_tui.app import IroApp

    return IroApp(store=store, clock=clock, **options)


def _open(args: argparse.Namespace, clock: Clock) -> Store:
    from iro_tui.paths import resolve_store_path

    if args.demo:
        from iro_tui.demo import build_demo, demo_store

        if args.db is None:
            return demo_store(clock.today())
        path = resolve_store_path(args.db)
        if path.exists():
            raise BadInput(
                f"{path} already exists: open it without --demo, or choose a new file for the demo"
            )
        return build_demo(path, clock.today())
    path = resolve_store_path(args.db)
    if args.command is not None and not path.exists():
        # Only import-903 and the app create a store: a mistyped path must not leave an
        # empty store (and its folders) behind that the next command would quietly use.
        raise BadInput(
            f"no store at {path}: check the path, or run import-903 / open the app to create one"
        )
    return security_cli.open_cli_store(path, args.plain)


def _import_903(args: argparse.Namespace, clock: Clock) -> ImportSummary:
    """Check every file before the store is opened, so a refused import into a new path
    creates nothing; then write it all in one transaction."""
    from iro_tui.interchange.import903 import check_903, write_903
    from iro_tui.paths import resolve_store_path

    path = resolve_store_path(args.db)
    folder = Path(args.folder)
    if not path.exists():
        batch = check_903(folder, clock.today())
        # Only now, with every file good, is the new store made (and its passphrase asked).
        store = security_cli.open_cli_store(path, args.plain)
    else:
        store = security_cli.open_cli_store(path, args.plain)
        try:
            batch = check_903(folder, clock.today(), store)
        except BaseException:
            store.close()
            raise
    try:
        return write_903(store, batch)
    finally:
        store.close()


def run(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    clock: Clock = FixedClock(args.today) if args.today else SystemClock()

    if args.command == "locate":
        from iro_tui.paths import resolve_store_path

        print(resolve_store_path(args.db))
        return EXIT_OK

    if args.command in security_cli.COMMANDS:
        from iro_tui.paths import resolve_store_path

        security_cli.run(args, resolve_store_path(args.db))
        return EXIT_OK

    if args.command is None and not args.demo:
        # The app asks for a passphrase (or to create the store) on its own screen.
        gate = security_cli.app_gate(args)
        if gate is not None:
            return _run_app_behind(gate, clock)

    if args.command == "import-903" and not args.demo:
        print(plain(_import_903(args, clock).describe()))
        return EXIT_OK

    store = _open(args, clock)
    if store.audit_repairs:
        print(f"iro-tui: {audit_repaired(store)}", file=sys.stderr)
    try:
        if args.command == "import-903":
            from iro_tui.interchange.import903 import import_903

            print(plain(import_903(store, Path(args.folder), clock.today()).describe()))
        elif args.command == "agenda":
            today = args.agenda_today or clock.today()
            _print_agenda(store, today, args.days, args.json)
        elif args.command == "config":
            _config(store, args)
        elif args.command == "export":
            _export(store, args, clock)
        elif args.command == "report":
            _report(store, args, clock)
        else:
            return _run_app(store, clock, demo=args.demo)
    finally:
        store.close()
        if args.demo and args.db is None and args.keep:
            print(
                f"The demo is kept at {store.path}: reopen it with iro-tui --db {store.path}",
                file=sys.stderr,
            )
        elif args.demo and args.db is None:
            # The throwaway demo copy goes with the session that made it.
            import shutil

            shutil.rmtree(store.path.parent, ignore_errors=True)
    return EXIT_OK


def audit_repaired(store: Store) -> str:
    return (
        "the audit trail was checked on open and repaired: "
        f"{'; '.join(store.audit_repairs)} (recreated)"
    )


def _run_app(store: Store, clock: Clock, demo: bool = False) -> int:
    """The app, alone on its store: a second one is offered read-only or refused."""
    from iro_tui.store.session_lock import SessionLock, make_read_only

    lock = SessionLock(store.path)
    if not _alone_or_read_only(lock, store.path):
        make_read_only(store)
    try:
        app = make_app(store, clock, make_backups=not demo)
        if store.passphrase is None:
            # Said in the header on every screen: this store is readable by anyone
            # with the file (the demo's fictional caseload may stay so).
            app.title = "iro-tui · demo, not encrypted" if demo else "iro-tui · not encrypted"
        app.run()
    finally:
        lock.release()
    return app.return_code or EXIT_OK


def _alone_or_read_only(lock: SessionLock, path: Path) -> bool:
    """True when this app holds the store's session lock; False when another iro-tui
    has it and the user agreed to open it read-only; refused otherwise."""
    holder = lock.acquire()
    if holder is None:
        return True
    question = f"iro-tui: {path} is open in another iro-tui ({holder}). Open it read-only? [y/N] "
    if not sys.stdin.isatty() or _answer(question) not in ("y", "yes"):
        raise BadInput(
            f"{path} is open in another iro-tui ({holder}); close that one "
            "first, or answer y to open it read-only"
        )
    return False


def _answer(question: str) -> str:
    try:
        return input(question).strip().lower()
    except EOFError:  # Ctrl-D: no
        return ""


def _run_app_behind(gate: tuple[str, Path], clock: Clock) -> int:
    """The app asking for the passphrase (or to create the store) on its own screen."""
    from iro_tui.store.session_lock import SessionLock

    kind, path = gate
    lock = SessionLock(path)
    alone = _alone_or_read_only(lock, path)
    app = make_app(None, clock, store_gate=gate, make_backups=alone, read_only=not alone)
    try:
        app.run()
    finally:
        lock.release()
        if app.store is not None:
            app.store.close()
    return app.return_code or EXIT_OK


def _export(store: Store, args: argparse.Namespace, clock: Clock) -> None:
    from datetime import datetime

    if args.export_command == "903":
        from iro_tui.interchange.export903 import export_903

        result = run_with_progress(
            lambda progress: export_903(store, args.year, Path(args.out), progress),
            "903 return",
        )
        print(f"wrote the 903 return for {result.children} children to {args.out}")
        return
    if args.export_command == "review":
        from iro_tui.interchange.documents import review_blocks, write_review_document

        path = write_review_document(
            store, args.review_id, Path(args.out), args.format, args.style, args.redact_address
        )
        print(f"wrote the {args.style} for review {args.review_id} to {path}")
        for warning in review_blocks(store, args.review_id, args.style, args.redact_address)[1]:
            print(f"iro-tui: note: {warning}", file=sys.stderr)
        return
    from iro_tui.interchange.ics import export_diary

    count = export_diary(store, clock.today(), Path(args.file), datetime.now(UTC))
    print(f"wrote {count} events to {args.file}")


def _report(store: Store, args: argparse.Namespace, clock: Clock) -> None:
    from iro_tui.domain.report import ReportYear
    from iro_tui.interchange.annual_markdown import to_markdown
    from iro_tui.interchange.annual_wording import build_annual_report
    from iro_tui.interchange.files import check_target, write_text_atomically

    year = args.year or ReportYear.last_ended(clock.today())
    target = check_target(args.out, "report") if args.out else None
    report = run_with_progress(
        lambda progress: build_annual_report(store, year, clock.today(), progress),
        f"counting {year.label}",
    )
    if args.json:
        text = json.dumps(report.as_json(), indent=2) + "\n"
    else:
        text = to_markdown(report, store.get_setting("authority_name"))
    if target is None:
        sys.stdout.write(text)
        return
    write_text_atomically(target, text)
    print(f"wrote the {year.label} annual report figures to {target}")


def _print_agenda(store: Store, today: date, days: int, as_json: bool) -> None:
    from iro_tui.domain.agenda import build_agenda
    from iro_tui.safe_text import plain
    from iro_tui.store.records import load_diary

    items = build_agenda(load_diary(store, today), store.rulebook(), today, days)
    if as_json:
        print(json.dumps([item.as_json() for item in items], indent=2))
        return
    if not items:
        print(f"Nothing due in the next {days} days, and nothing overdue.")
        return
    print(f"{'':8} {'due':10}  {'days':>5}  {'child':8}  {'kind':13}  what")
    for item in items:
        flag = "OVERDUE" if item.overdue else ""
        booked = ""
        if item.kind == "review" and item.scheduled:
            booked = f" (booked {item.scheduled:%d/%m/%Y})"
        # plain: an imported title must not carry terminal escapes to the screen.
        print(
            f"{flag:8} {item.due.isoformat():10}  {item.days_left(today):>5}  "
            f"{plain(item.child or ''):8}  {item.kind:13}  {plain(item.title)}{booked}"
        )


def _ladder_warning(store: Store) -> None:
    """Handbook 6.2: say so when the DRP ladder in force cannot fit 20 WD (stderr, so
    the value printed on stdout stays clean for scripts)."""
    if warning := store.rulebook().escalation.fit_warning():
        print(f"iro-tui: warning: {warning}", file=sys.stderr)


def _config(store: Store, args: argparse.Namespace) -> None:
    from iro_tui.domain.fields import FieldProblem
    from iro_tui.domain.rulebook import describe_drp_ladder, load_rulebook
    from iro_tui.domain.settings import check_setting

    if args.config_command == "get":
        if args.key == "drp_ladder":
            # The ladder in force: the local setting, else the rulebook's default.
            print(describe_drp_ladder(store.rulebook().escalation))
            _ladder_warning(store)
            return
        print(store.get_setting(args.key))
        if args.key == "rulebook":
            _ladder_warning(store)
        return
    try:
        # Refuses in plain words (a drp_ladder names its wrong stage); stored tidied.
        value = check_setting(args.key, args.value)
    except FieldProblem as problem:
        raise BadInput(problem.message) from None
    if args.key == "rulebook":
        load_rulebook(value)  # refuses an unknown rulebook in plain words
    store.set_setting(args.key, value)
    print(f"{args.key} = {value}")
    if args.key in ("rulebook", "drp_ladder"):
        _ladder_warning(store)


def main(argv: list[str] | None = None) -> int:
    try:
        return run(sys.argv[1:] if argv is None else argv)
    except IroError as exc:
        # One line, as typed: a path or a cell quoted in the message may hold a
        # newline or a terminal escape. A refused import lists every problem, one a line.
        flat = [" ".join(plain(line).split()) for line in exc.lines]
        print("iro-tui: " + "\n  ".join(flat), file=sys.stderr)
        return EXIT_BAD_INPUT
    except SystemExit as exc:  # argparse: --help (0) or a bad argument (2)
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `iro-tui agenda | head`: the reader left; not an error
        sys.stderr.close()
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - no traceback reaches the user
        from iro_tui.diagnostics import log_fault

        # The type only: a message could quote a child's details.
        logged = log_fault(exc)
        print(
            f"iro-tui: unexpected error ({type(exc).__name__}); nothing was saved by "
            "the step that failed" + (f"; details for support in {logged}" if logged else ""),
            file=sys.stderr,
        )
        return EXIT_UNEXPECTED


if __name__ == "__main__":
    sys.exit(main())
