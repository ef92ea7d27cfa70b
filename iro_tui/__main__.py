"""The command line: `iro-tui [--db PATH | --demo] [COMMAND]`.

One factory, `make_app`, is shared by the CLI, `python -m iro_tui` and the tests.
The arguments are parsed in cli/parser.py; the commands that work on a store are in
cli/store_commands.py.
Exit codes: 0 success, 2 bad input or a bad store (one plain line on stderr).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict, Unpack

from iro_tui import security_cli
from iro_tui.cli import EXIT_BAD_INPUT, EXIT_OK, EXIT_UNEXPECTED
from iro_tui.cli.parser import build_parser
from iro_tui.domain.clock import Clock, FixedClock, SystemClock
from iro_tui.errors import BadInput, IroError
from iro_tui.safe_text import plain

if TYPE_CHECKING:
    from collections.abc import Callable

    from iro_tui.app import IroApp
    from iro_tui.screens.diary_frame import FirstFrame
    from iro_tui.store.session_lock import SessionLock
    from iro_tui.store.store import Store


class AppOptions(TypedDict, total=False):
    """What make_app passes on to IroApp, besides the store and the clock."""

    store_gate: tuple[str, Path] | None
    idle_now: Callable[[], float]
    make_backups: bool
    read_only: bool
    settle_memory: bool
    first_frame: FirstFrame | None


def make_app(store: Store | None, clock: Clock, **options: Unpack[AppOptions]) -> IroApp:
    """The one way to build the app: used by the CLI, `python -m` and the tests.
    `options`: store_gate, idle_now, make_backups, read_only, settle_memory (see IroApp)."""
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
        from iro_tui.store.connect import no_log_without_its_store

        no_log_without_its_store(path)  # a moved store's log: said, not "create one"
        # Only import-903 and the app create a store: a mistyped path must not leave an
        # empty store (and its folders) behind that the next command would quietly use.
        raise BadInput(
            f"no store at {path}: check the path, or run import-903 / open the app to create one"
        )
    return security_cli.open_cli_store(path, args.plain, for_app=args.command is None)


def run(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        # The app: no garbage collection until its first paint, which ends this
        # (memory.py); main() ends it too if the app stops before then.
        from iro_tui.memory import hold_collector_until_first_paint

        hold_collector_until_first_paint()
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
        if (kept := _kept_diary(args, clock)) is not None:
            path, frame = kept
            return _run_app_behind(("plain", path), clock, first_frame=frame)

    if args.command is not None:
        # A command's code (and what it imports: the report, progress) loads only when
        # that command runs, not before the app's first paint.
        from iro_tui.cli import store_commands

    if args.command == "import-903" and not args.demo:
        print(plain(store_commands.import_903_checked_first(args, clock).describe()))
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
            store_commands.print_agenda(store, today, args.days, args.json)
        elif args.command == "config":
            store_commands.config(store, args)
        elif args.command == "export":
            store_commands.export(store, args, clock)
        elif args.command == "report":
            store_commands.report(store, args, clock)
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
        app = make_app(store, clock, make_backups=not demo, settle_memory=True)
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
    question = (
        f"iro-tui: {path} is open in another iro-tui ({holder}). Open it read-only? "
        "[y/N, not shown as you type] "
    )
    if not sys.stdin.isatty() or _answer(question) not in ("y", "yes"):
        raise BadInput(
            f"{path} is open in another iro-tui ({holder}); close that one "
            "first, or answer y to open it read-only"
        )
    return False


def _answer(question: str) -> str:
    """The answer, not echoed: asked before the passphrase screen, so a passphrase
    typed out of habit was shown in clear on the terminal."""
    import getpass

    try:
        return getpass.getpass(question).strip().lower()
    except EOFError:  # Ctrl-D: no
        return ""


def _run_app_behind(
    gate: tuple[str, Path], clock: Clock, first_frame: FirstFrame | None = None
) -> int:
    """The app opening the store itself: behind its passphrase screen (or asking to create
    it), or, for a plain store whose diary was kept (`first_frame`), after painting that
    (locking.py). Alone on the store, or read-only when another iro-tui has it."""
    from iro_tui.store.room import disk_is_full
    from iro_tui.store.session_lock import SessionLock

    kind, path = gate
    if disk_is_full(path):  # before "Open it read-only?" and the passphrase
        from iro_tui.store.connect import not_held_alone_elsewhere

        not_held_alone_elsewhere(path)
    lock = SessionLock(path)
    alone = _alone_or_read_only(lock, path)
    if first_frame is not None and not alone:
        # The question may have waited while the other window wrote: read again, so the
        # diary painted is the store as it is now (None: worked out before it shows).
        first_frame = _kept_frame(path, clock)
    app = make_app(
        None,
        clock,
        store_gate=gate,
        first_frame=first_frame,
        make_backups=alone,
        read_only=not alone,
        settle_memory=True,
    )
    if kind == "plain":
        app.title = "iro-tui · not encrypted"  # as _run_app says of every plain store
    else:
        # The passphrase may be typed an hour from now: the collector runs meanwhile, and
        # is held again from the store's opening to the diary's first paint (_show_diary).
        from iro_tui.memory import release_collector

        release_collector()
    try:
        app.run()
    finally:
        lock.release()
        if app.store is not None:
            app.store.close()
    return app.return_code or EXIT_OK


def _kept_diary(args: argparse.Namespace, clock: Clock) -> tuple[Path, FirstFrame] | None:
    """A plain store's diary as kept for today at the last quit (screens/diary_frame.py),
    if it was worked out from the store and code as they are now; None otherwise."""
    from iro_tui.paths import resolve_store_path
    from iro_tui.store import crypto

    path = resolve_store_path(args.db)
    if crypto.store_kind(path) != "plain":
        return None
    frame = _kept_frame(path, clock)
    return None if frame is None else (path, frame)


def _kept_frame(path: Path, clock: Clock) -> FirstFrame | None:
    from iro_tui.screens.diary_frame import first_frame
    from iro_tui.store.diary_frames import read_frame_at

    return first_frame(read_frame_at(path, clock.today()))


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    finally:
        from iro_tui.memory import release_collector

        release_collector()  # held by run() for the app's start-up


def _main(argv: list[str] | None) -> int:
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
