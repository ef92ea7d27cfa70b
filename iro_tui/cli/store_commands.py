"""The commands that work on an open store: import-903, agenda, config, export and
report. Each says what it did in one line on stdout; warnings go to stderr."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from datetime import UTC, date
from pathlib import Path
from typing import TYPE_CHECKING

from iro_tui import security_cli
from iro_tui.domain.clock import Clock
from iro_tui.errors import BadInput
from iro_tui.progress import run_with_progress

if TYPE_CHECKING:
    from iro_tui.interchange.import903 import ImportSummary
    from iro_tui.store.store import Store


def import_903_checked_first(args: argparse.Namespace, clock: Clock) -> ImportSummary:
    """Check every file before the store is opened, so a refused import into a new path
    creates nothing; then write it all in one transaction. Refused, every problem is
    written to the file `--problems` names."""
    from iro_tui.interchange.ssda903.problems import ImportRefused, write_problems
    from iro_tui.paths import resolve_store_path

    path = resolve_store_path(args.db)
    folder = Path(args.folder)
    out = Path(args.problems).expanduser() if args.problems else None
    try:
        summary = _import_903(args, clock, path, folder)
    except ImportRefused as refused:
        if out is not None:
            try:
                write_problems(refused.problems, out)
                refused.written_to = str(out)
            except BadInput as error:
                refused.not_written = str(error)
        raise
    if out is None:
        return summary
    # Imported: the file lists no problem now. An earlier run's list, left as it was,
    # still named problems the return no longer has (an adversarial check).
    try:
        write_problems([], out)
        said = f"no problems: {out} lists none now"
    except BadInput as error:
        said = f"no problems, so no list written ({error})"
    return replace(summary, notices=(*summary.notices, said))


def _import_903(args: argparse.Namespace, clock: Clock, path: Path, folder: Path) -> ImportSummary:
    from iro_tui.interchange.import903 import check_903, write_903

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


def export(store: Store, args: argparse.Namespace, clock: Clock) -> None:
    from datetime import datetime

    if args.export_command == "903":
        from iro_tui.interchange.export903 import export_903

        result = run_with_progress(
            lambda progress: export_903(store, args.year, Path(args.out), progress),
            "903 return",
        )
        print(f"wrote the 903 return for {result.children} children to {args.out}")
        for warning in result.warnings:
            print(f"iro-tui: warning: {warning}", file=sys.stderr)
        return
    if args.export_command == "review":
        from iro_tui.interchange.documents import review_blocks, write_review_document

        out = Path(args.out).expanduser()
        if out.suffix.lower() in (".md", ".docx") and out.suffix.lower() != f".{args.format}":
            # Markdown written into a .docx (or the reverse) would not open.
            raise BadInput(
                f"{out.name} ends {out.suffix} but --format is {args.format}: give a name "
                f"ending .{args.format}, or --format {out.suffix.lower()[1:]}"
            )
        if out.is_file() and not out.is_symlink() and not args.replace:
            # A letter or a record is edited by hand before it is sent, as a report draft
            # is: written over, the edits (or another review's letter) were lost without
            # a word (an adversarial check).
            raise BadInput(
                f"{out} is already there (a letter or record you may have edited): give "
                "another name, or add --replace to write over it"
            )
        path = write_review_document(
            store, args.review_id, out, args.format, args.style, args.redact_address
        )
        what = "letter to the child" if args.style == "letter" else "formal record"
        address = "with" if not args.redact_address else "without"
        print(
            f"wrote the {what} for review {args.review_id} ({address} the placement address) "
            f"to {path}"
        )
        for warning in review_blocks(store, args.review_id, args.style, args.redact_address)[1]:
            print(f"iro-tui: note: {warning}", file=sys.stderr)
        return
    from iro_tui.interchange.files import not_another_kind, with_extension
    from iro_tui.interchange.ics import export_diary

    # As the app's form does: a calendar is opened by its extension.
    path = not_another_kind(
        with_extension(Path(args.file).expanduser(), ".ics"), ".ics", "calendar file"
    )
    count = export_diary(store, clock.today(), path, datetime.now(UTC))
    print(f"wrote {count} events to {path}")


def report(store: Store, args: argparse.Namespace, clock: Clock) -> None:
    from iro_tui.domain.report import ReportYear
    from iro_tui.interchange.annual_markdown import to_markdown
    from iro_tui.interchange.annual_wording import build_annual_report
    from iro_tui.interchange.files import (
        check_target,
        not_another_kind,
        with_extension,
        write_text_atomically,
    )

    year = args.year or ReportYear.last_ended(clock.today())
    suffix = ".json" if args.json else ".md"  # opened by its extension, as a calendar is
    target = (
        check_target(
            not_another_kind(
                with_extension(Path(args.out).expanduser(), suffix), suffix, "report draft"
            ),
            "report",
        )
        if args.out
        else None
    )
    if target is not None and target.exists() and not args.replace:
        # A report draft is edited by hand before it is sent: written over, the edits
        # were lost without a word.
        raise BadInput(
            f"{target} is already there (a draft you may have edited): give another name, "
            "or add --replace to write over it"
        )
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
    else:
        write_text_atomically(target, text)
        print(f"wrote the {year.label} annual report figures to {target}")
    # On stderr, never in the report: which quoted line names a child, to be reworded
    # before the report is shared.
    for line in report.naming_children(store.child_names()):
        print(
            f"iro-tui: warning: a child is named in {line}: reword it before sharing",
            file=sys.stderr,
        )


def print_agenda(store: Store, today: date, days: int, as_json: bool) -> None:
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
        # The JSON says left_care; the text had mixed a whole authority's tasks of
        # children long gone in with the rest, unmarked (an adversarial check).
        if item.left_care:
            booked += " (left care)"
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


def _refuse_unknown_keys(keymap: str) -> None:
    """The app says a name that is no key's once it opens, and applies the rest; here,
    where the IRO has just typed it, the setting is refused and nothing changes."""
    from iro_tui.app import IroApp
    from iro_tui.screens.help import keymap_problem

    if problem := keymap_problem(IroApp, keymap):
        raise BadInput(problem)


def config(store: Store, args: argparse.Namespace) -> None:
    from iro_tui.domain.fields import FieldProblem
    from iro_tui.domain.rulebook import describe_drp_ladder, load_rulebook
    from iro_tui.domain.settings import EMPTY_MEANS, check_setting

    if args.config_command == "get":
        if args.key == "drp_ladder":
            # The ladder in force: the local setting, else the rulebook's default.
            print(describe_drp_ladder(store.rulebook().escalation))
            _ladder_warning(store)
            return
        value = store.get_setting(args.key)
        print("" if value is None else value)  # not set: an empty line, not "None"
        if args.key == "rulebook":
            _ladder_warning(store)
        return
    if not args.value.strip() and args.key in EMPTY_MEANS:
        # As emptying its box in Settings.
        store.set_settings({args.key: None})
        print(f"{args.key} cleared: {EMPTY_MEANS[args.key]}")
        if args.key == "drp_ladder":
            _ladder_warning(store)
        return
    try:
        # Refuses in plain words (a drp_ladder names its wrong stage); stored tidied.
        value = check_setting(args.key, args.value)
    except FieldProblem as problem:
        raise BadInput(problem.message) from None
    if args.key == "rulebook":
        load_rulebook(value)  # refuses an unknown rulebook in plain words
    if args.key == "keymap":
        _refuse_unknown_keys(value)
    store.set_setting(args.key, value)
    print(f"{args.key} = {value}")
    if args.key in ("rulebook", "drp_ladder"):
        _ladder_warning(store)
