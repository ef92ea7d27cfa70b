"""The annual report screen: the year's figures with bar charts, counted in a worker."""

from __future__ import annotations

import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from iro_tui.domain.report import (
    FIRST_REPORT_YEAR,
    AnnualReport,
    ReportYear,
    Section,
    spoken,
)
from iro_tui.errors import IroError
from iro_tui.letting_go import lets_go_when_done
from iro_tui.screens.base import IroScreen
from iro_tui.widgets.footer import SteadyFooter
from iro_tui.widgets.header import FittedHeader

HELP = """\
# Annual report

The figures the IRO's annual report needs (IRO Handbook 7.11), counted over one
April-March year from everything in the store: reviews and their timeliness, late
reviews' reasons, participation (PN codes), children's views, consultation, seen
alone, mid-point checks, decisions, records sent, escalations, and the caseload at
the year's end. Each section says how it was counted. No child is named.

A year still running is counted to today, and says so.

| key | does |
|---|---|
| [ ] | the year before / after |
| s | save the figures as a Markdown draft to paste into the report |
| ctrl+r | count again (r means record elsewhere) |
| ↑ ↓ PageUp PageDown | scroll |
| Esc | back |

The same figures from the command line:
`iro-tui report annual --year 2025-26 [--json] [--out FILE.md]`.
"""

BAR_WIDTH = 28
PROGRESS_EVERY = 0.1  # seconds between moves of the progress bar


class CountNotWanted(Exception):
    """Raised inside a count whose screen has closed or whose year was changed."""


MAX_TABLE_WIDTH = 104
EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(fraction: float, width: int = BAR_WIDTH) -> str:
    """A horizontal bar in eighths of a cell, so small shares still show."""
    fraction = min(max(fraction, 0.0), 1.0)
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + (EIGHTHS[part] if part else "")


def section_renderable(section: Section, colour: str, width: int) -> Group:
    """Title, summary, then one row per figure: label, number, share and a bar.

    Every table is `width` wide with the same fixed columns, so the bars line up
    from one section to the next; the label takes what is left and wraps, so the
    numbers never drop out on a narrow (80-column) terminal.
    A share's bar is the share; a plain count's bar is against the section's
    largest number, so 'reviews held' and 'children reviewed' compare at a glance.
    """
    bar_width = max(8, min(BAR_WIDTH, width - 48))
    scale = max([f.count for f in section.figures] + [f.of or 0 for f in section.figures] + [1])
    table = Table(box=None, show_header=False, padding=(0, 1), width=width)
    table.add_column("figure", ratio=1, overflow="fold")
    table.add_column("number", justify="right", width=5, no_wrap=True)
    table.add_column("share", justify="right", width=4, no_wrap=True)
    table.add_column("bar", width=bar_width, no_wrap=True)
    for fig in section.figures:
        fraction = fig.count / fig.of if fig.of else fig.count / scale
        table.add_row(
            # A label may be as typed (an escalation's outcome, a late review's reason,
            # a stage of the authority's ladder): Rich reads a str cell as markup.
            Text(fig.label),
            str(fig.count),
            fig.share,
            Text(bar(fraction, bar_width), style=colour),
        )
    parts: list[RenderableType] = [Text(section.title, style="bold")]
    if section.summary:
        parts.append(Text(section.summary, style="italic"))
    if section.figures:
        parts.append(table)
    elif not section.summary:
        parts.append(Text("None in the year.", style="dim"))
    return Group(*parts)


def laid_out(renderable: RenderableType, width: int, console: Console) -> Text:
    """The renderable laid out once at `width`, as styled lines of text.

    Handed to a Static as it is, fifteen sections of tables were laid out again on
    every repaint and every measure of the scrolling body's height: on a whole
    authority's years that was a second of the main thread while the figures came in.
    """
    lines = console.render_lines(renderable, console.options.update_width(width), pad=False)
    text = Text(no_wrap=True, end="")
    for number, line in enumerate(lines):
        if number:
            text.append("\n")
        for segment in line:
            if not segment.control:
                text.append(segment.text, segment.style)
    return text


class ReportScreen(IroScreen):
    HELP = HELP
    BINDINGS = [
        # Short labels, so the footer fits 80 columns: each tooltip and F1 say more.
        Binding(
            "left_square_bracket",
            "year(-1)",
            "Earlier",
            id="report.before",
            tooltip="The year before",
        ),
        Binding(
            "right_square_bracket", "year(1)", "Later", id="report.after", tooltip="The year after"
        ),
        Binding(
            "s", "save", "Save", id="report.save", tooltip="Save the figures as a Markdown draft"
        ),
        Binding(
            "ctrl+r", "recount", "Recount", id="report.recount", tooltip="Count the year again"
        ),
        Binding("escape", "app.pop_screen", "Back", id="report.back"),
    ]

    year: ReportYear  # the year shown, set on mount

    @dataclass
    class Counting(Message):
        """How far the count of `year` has gone: posted from the worker, which goes on."""

        year: ReportYear
        done: int
        total: int

    def __init__(self, year: ReportYear | None = None) -> None:
        super().__init__()
        self.first_year = year  # None: the last year ended, as of the day it opens
        self.report: AnnualReport | None = None

    def compose(self) -> ComposeResult:
        yield FittedHeader()
        yield Static(id="report-heading")
        yield ProgressBar(id="report-progress", show_eta=False)
        with VerticalScroll(id="report-body"):
            yield Static(id="report-sections")
        yield SteadyFooter(compact=True)

    def on_mount(self) -> None:
        self.year = self.first_year or ReportYear.last_ended(self.app.clock.today())
        self.sub_title = "Annual report"
        self.action_recount()

    def action_year(self, step: int) -> None:
        wanted = self.year.after() if step > 0 else self.year.before()
        if wanted.first < FIRST_REPORT_YEAR:
            self.notify(
                f"There is no IRO annual report before {ReportYear(FIRST_REPORT_YEAR).label}",
                title="Not done",
                severity="warning",
            )
            return
        if wanted.start > self.app.clock.today():
            self.notify(f"{wanted.label} has not started yet", title="Not done", severity="warning")
            return
        self.year = wanted
        self.action_recount()

    def action_recount(self) -> None:
        year = self.year
        self.report = None
        self.query_one("#report-heading", Static).update(
            f"Annual report {year.label} · {spoken(year.start)} to {spoken(year.end)} · counting…"
        )
        self.query_one("#report-sections", Static).update("")
        progress = self.query_one("#report-progress", ProgressBar)
        progress.update(total=None, progress=0)
        progress.display = True
        if self.store.held_alone:
            self._count_here(year)
        else:
            self.count_year(year)

    def _count_here(self, year: ReportYear) -> None:
        """Counted on the app's own connection: no other connection can open a store held
        alone (a full disk, store/connect.py), and a count on one waited five seconds and
        was refused as "busy". Reads only; a moment on a caseload, seconds on an authority."""
        from iro_tui.interchange.annual_wording import build_annual_report

        try:
            report = build_annual_report(self.store, year, self.app.clock.today())
        except IroError as error:
            self._refused(str(error))
            return
        self._show(report)

    # An unexpected failure is shown by the app in a modal (app.on_worker_state_changed).
    @work(thread=True, exclusive=True, exit_on_error=False, group="annual-report")
    @lets_go_when_done
    def count_year(self, year: ReportYear) -> None:
        """Counted on its own connection, off the main thread, so the app never freezes."""
        from iro_tui.interchange.annual_wording import build_annual_report
        from iro_tui.store import open_store

        # The count says how far it has gone after each child. Handing each of a
        # thousand children's steps to the screen, and waiting for it to draw the bar,
        # made the count six times slower on a whole authority (~1 s alone, ~6 s in the
        # app): the bar now moves at most ten times a second, and the count does not wait.
        shown_at = -PROGRESS_EVERY
        # A count nobody will read stops at the next child: the screen closed (Textual
        # cancels its workers) or another year asked for (exclusive). A thread cannot be
        # stopped from outside, so each count went on to the end: six reports opened and
        # closed at once on 1,000 children counted side by side, past 200 MB.
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            nonlocal shown_at
            if worker.is_cancelled:
                raise CountNotWanted
            now = time.monotonic()
            if done < total and now - shown_at < PROGRESS_EVERY:
                return
            shown_at = now
            self.post_message(self.Counting(year, done, total))

        try:
            # Its own connection, with the key the app's store was opened with: an
            # encrypted store (the usual case) needs its passphrase on every connection.
            # The app checks the store's integrity once, after first paint (locking.py);
            # a count only reads, so it does not read every page again first (~3 s on
            # a whole authority's store).
            with closing(
                open_store(self.store.path, self.store.passphrase, defer_check=True, again=True)
            ) as store:
                report = build_annual_report(store, year, self.app.clock.today(), progress)
        except CountNotWanted:
            return
        except IroError as error:  # a year not started, a store that cannot be read
            self.app.call_from_thread(self._refused, str(error))
            return
        self.app.call_from_thread(self._show, report)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.query_one("#report-progress", ProgressBar).display = False
            self.query_one("#report-heading", Static).update(
                f"Annual report {self.year.label} · not counted (ctrl+r to try again)"
            )
        self.app.explain_worker_failure(event)

    def on_report_screen_counting(self, message: Counting) -> None:
        if message.year == self.year and self.report is None:
            bar = self.query_one("#report-progress", ProgressBar)
            bar.update(total=message.total, progress=message.done)

    def _refused(self, message: str) -> None:
        self.query_one("#report-progress", ProgressBar).display = False
        self.query_one("#report-heading", Static).update(Text(message))  # never markup
        self.notify(message, title="Not done", severity="error", timeout=10)

    def _show(self, report: AnnualReport) -> None:
        if report.year != self.year:
            return  # the IRO has moved to another year since this count began
        self.report = report
        self.query_one("#report-progress", ProgressBar).display = False
        counted = (
            f"the whole year ({report.rulebook})"
            if report.complete
            else f"NOT OVER: counted to {spoken(report.as_at)}"
        )
        self.query_one("#report-heading", Static).update(
            f"Annual report {report.year.label} · {spoken(report.year.start)} to "
            f"{spoken(report.year.end)} · {counted}"
        )
        self._draw()

    def on_resize(self) -> None:
        # Laid out once at a width (laid_out): drawn again once the body has its new
        # width, not at the one it had, which left the old layout's height in blank lines.
        self.call_after_refresh(self._draw)

    def _draw(self) -> None:
        if self.report is None:
            return
        sections = self.query_one("#report-sections", Static)
        # As wide as the screen allows, up to a width where numbers stay near their labels.
        available = sections.size.width or self.size.width - 4
        width = min(available, MAX_TABLE_WIDTH)
        colour = self.app.current_theme.primary
        blocks: list[RenderableType] = []
        for section in self.report.sections:
            blocks += [section_renderable(section, colour, width), Text("")]
        sections.update(laid_out(Group(*blocks), available, self.app.console))

    def action_save(self) -> None:
        from iro_tui.interchange.annual_markdown import to_markdown
        from iro_tui.interchange.files import check_target, write_text_atomically
        from iro_tui.paths import export_folder
        from iro_tui.widgets.form import file_form

        report = self.report
        if report is None:
            self.notify("The figures are still being counted", severity="warning")
            return

        def write(path: Path) -> str:
            text = to_markdown(report, self.store.get_setting("authority_name"))
            write_text_atomically(check_target(path, "report"), text)
            named = report.naming_children(self.store.child_names())
            if named:
                # Said, never put right quietly: the IRO decides the words.
                return (
                    f"Wrote the {report.year.label} figures to {path}. A reason or an outcome "
                    f"quoted in it names a child: {'; '.join(named)}. Reword it before sharing"
                )
            return f"Wrote the {report.year.label} figures to {path}"

        form = file_form(
            "Save the annual report figures",
            export_folder() / f"iro-annual-{report.year.label}.md",
            write,
            intro="A Markdown draft of every figure on this screen, to paste into the annual "
            "report. No child is named by it; the late reasons and escalation outcomes are "
            "quoted as recorded, and any that names a child is said once saved.",
        )

        def written(message: str | None) -> None:
            if message:
                self.notify(message)

        self.app.push_screen(form, written)
