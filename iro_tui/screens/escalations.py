"""Escalations: every open one, and each one's ladder of stages."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from iro_tui.domain.between import THEMES, Stage, formal_deadline, formal_warning
from iro_tui.screens import fresh
from iro_tui.screens.base import IroScreen
from iro_tui.screens.guard import explains_refusals
from iro_tui.screens.requests import FormRequested, NextStage, RecordResponse, Resolve, SkipStage
from iro_tui.store.between import load_escalation, load_escalations
from iro_tui.widgets.detail_line import DetailLine
from iro_tui.widgets.fit_table import FitTable, clip, key_text
from iro_tui.widgets.footer import SteadyFooter
from iro_tui.widgets.header import FittedHeader
from iro_tui.widgets.when import days_phrase

LIST_HELP = """\
# Escalations

Every open informal challenge and formal dispute resolution (DRP) on the caseload,
with the stage it has reached and the response due.

| key | does |
|---|---|
| Enter | open the escalation: its stages, responses and outcome |
| a | include resolved escalations |
| Esc | back |
"""

DETAIL_HELP = """\
# An escalation

The ladder follows the authority's stages (City of London by default: team manager,
service manager, head of service, assistant director, director, Cafcass). Each
stage's response is due in its own working days; the whole formal process should
take no more than 20 working days (handbook 6.2), and a warning shows if not.

Stage names and response times are local settings: Settings (o on the diary), or
`iro-tui config set drp_ladder "Team manager=3; ...; Cafcass referral=3"`. A warning
shows while the stages add up to more than 20 working days.

| key | does |
|---|---|
| p | record the response to the current stage |
| n | escalate to the next stage |
| s | skip the next stage (an emergency), with a reason |
| v | resolve, with the outcome |
| Esc | back |
"""


class EscalationsScreen(IroScreen):
    HELP = LIST_HELP
    BINDINGS = [
        Binding("a", "toggle_all", "Resolved too", id="escalations.all"),
        Binding("escape", "app.pop_screen", "Back", id="escalations.back"),
    ]
    show_all = False

    def compose(self) -> ComposeResult:
        yield FittedHeader()
        yield Static(id="escalations-summary")
        # Fits its width (a long theme or stage name is cut, not the dates): it was
        # wider than 80 columns; and Home and End go to the first and last row.
        # The warning shares the room too: kept whole, at 80 columns it ran past the edge,
        # cut with no ellipsis ("late reply, ove", an adversarial check).
        yield FitTable(
            id="escalations", cursor_type="row", flexible=("child", "theme", "stage", "warning")
        )
        # The selected escalation in full: at 80 columns the table cuts the child, the
        # theme and the stage ("Ahmad Ra…", "1. Inform…").
        yield DetailLine(id="escalation-detail")
        yield SteadyFooter(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(FitTable)
        for label, key in (
            ("Child", "child"),
            ("Kind", "kind"),
            ("Theme", "theme"),
            ("Opened", "opened"),
            ("Stage", "stage"),
            ("Response due", "due"),
            ("Warning", "warning"),
        ):
            table.add_column(label, key=key)
        fresh.remember(self)
        self.load()

    def on_screen_resume(self) -> None:
        if fresh.changed(self):
            self.load()

    @explains_refusals
    def load(self) -> None:
        store, today = self.store, self.app.clock.today()
        names = store.child_names()
        rows = load_escalations(store, open_only=not self.show_all)
        self.sub_title = "Escalations"
        noun = "escalation" if len(rows) == 1 else "escalations"
        summary = f"{len(rows)} {noun if self.show_all else 'open ' + noun}"
        # Handbook 6.2: warn when the local ladder, climbed in full, cannot fit 20 WD.
        if ladder_warning := store.rulebook().escalation.fit_warning():
            summary += f"\n{ladder_warning}"
        self.query_one("#escalations-summary", Static).update(Text(summary))  # stage names
        error = self.app.current_theme.error
        table = self.query_one(FitTable)
        table.clear()
        self.details: dict[str, str] = {}
        for e in rows:
            current = e.current_stage
            waiting = current.response_due if current and current.awaiting_response else None
            warning = formal_warning(e.kind, e.stages, e.resolved_date, today, store.rulebook())
            late = current is not None and current.response_late(today)
            # The reply overdue is said in words, as the diary says it, not by colour only.
            warnings = ["late reply"] if late else []
            warnings += ["over 20 WD"] if warning else []
            child = f"{names.get(e.child_ref, e.child_ref)} ({e.child_ref})"
            stage = f"{current.stage_no}. {current.stage_name}" if current else ""
            due = (
                f"{waiting:%d/%m/%Y}"
                if waiting
                else ("resolved" if e.resolved_date else "answered")
            )
            table.add_row(
                clip(child),
                e.kind,
                clip(THEMES[e.theme]),
                e.opened_date.strftime("%d/%m/%Y"),
                clip(stage),
                Text(due, style=f"bold {error}" if late else ""),
                clip(Text(", ".join(warnings), style=f"bold {error}")),
                key=str(e.id),
            )
            parts = [child, f"{e.kind} · {THEMES[e.theme]}", f"opened {e.opened_date:%d/%m/%Y}"]
            parts += [f"stage {stage}"] if stage else []
            if late and waiting:
                parts.append(f"reply due {due}, {days_phrase((waiting - today).days)}")
            else:
                parts.append(f"reply due {due}" if waiting else due)
            parts += ["over 20 WD"] if warning else []
            parts.append(e.issue)  # what it is about, as on the escalation itself
            self.details[str(e.id)] = " · ".join(parts)
        table.fit()
        self._show_selected()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_selected()

    def _show_selected(self) -> None:
        key = self.query_one(FitTable).cursor_key()
        self.query_one(DetailLine).show(getattr(self, "details", {}).get(key or "", ""))

    def action_toggle_all(self) -> None:
        self.show_all = not self.show_all
        self.load()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.app.push_screen(EscalationScreen(int(key_text(event.row_key))))


def _passed_by(stages: list[Stage]) -> dict[int, str]:
    """Stages left without a reply when a stage above them opened: stage number -> what
    happened ("went to 4. Assistant director on 21/07/2026")."""
    found: dict[int, str] = {}
    for below in stages:
        if not below.awaiting_response:
            continue
        above = next((a for a in stages if a.stage_no > below.stage_no and a.opened_date), None)
        if above is not None and above.opened_date is not None:
            found[below.stage_no] = (
                f"went to {above.stage_no}. {above.stage_name} on {above.opened_date:%d/%m/%Y}"
            )
    return found


class EscalationScreen(IroScreen):
    HELP = DETAIL_HELP
    BINDINGS = [
        Binding("p", "response", "Response", id="escalation.response"),
        Binding("n", "next_stage", "Next stage", id="escalation.next"),
        Binding(
            "s",
            "skip_stage",
            "Skip stage",
            id="escalation.skip",
            show=False,  # the footer's room at 80 columns (it ran under ^p); F1 and ctrl+p list it
        ),
        Binding("v", "resolve", "Resolve", id="escalation.resolve"),
        Binding("escape", "app.pop_screen", "Back", id="escalation.back"),
    ]

    def __init__(self, escalation_id: int) -> None:
        super().__init__()
        self.escalation_id = escalation_id

    def compose(self) -> ComposeResult:
        yield FittedHeader()
        yield Static(id="escalation-head")
        yield Static(id="escalation-warning", classes="field-error")
        yield Static(id="ladder-warning", classes="field-error")
        yield FitTable(id="stages", cursor_type="row", flexible=("stage", "response", "outcome"))
        # The selected stage in full: the table cuts a long response or reason.
        yield DetailLine(id="stage-detail")
        yield SteadyFooter(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(FitTable)
        for label, key in (
            ("Stage", "stage"),
            ("Opened", "opened"),
            ("Response due", "due"),
            ("Response", "response"),
            ("Received", "received"),
            ("Outcome", "outcome"),
        ):
            table.add_column(label, key=key)
        fresh.remember(self)
        self.load()

    def on_screen_resume(self) -> None:
        if fresh.changed(self):
            self.load()

    @explains_refusals
    def load(self) -> None:
        store, today = self.store, self.app.clock.today()
        e = load_escalation(store, self.escalation_id)
        rulebook = store.rulebook()
        resolved = self.resolved_on = e.resolved_date
        deadline = formal_deadline(e.stages, rulebook) if e.kind == "formal" else None
        name = store.child_names().get(e.child_ref, e.child_ref)
        head = (
            f"{e.kind.capitalize()} · {THEMES[e.theme]} · opened "
            f"{e.opened_date:%d/%m/%Y} · {name} ({e.child_ref})"
            f"\n{e.issue}"
        )
        if deadline:
            head += f"\nThe formal process should end by {deadline:%a %d/%m/%Y} (20 WD)."
        if resolved:
            head += f"\nResolved {resolved:%d/%m/%Y}: {e.outcome}"
        # The issue and outcome are as typed: never markup.
        self.query_one("#escalation-head", Static).update(Text(head))
        current = e.current_stage
        warnings = (
            [
                f"The reply to stage {current.stage_no} ({current.stage_name}) was due "
                f"{current.response_due:%d/%m/%Y}: "
                f"{days_phrase((current.response_due - today).days)}."
            ]
            if current and current.response_due and current.response_late(today) and not resolved
            else []
        )
        if formal := formal_warning(e.kind, e.stages, resolved, today, rulebook):
            warnings.append(formal)
        warning = "\n".join(warnings)
        # Handbook 6.2: the ladder itself cannot be climbed in full within 20 WD.
        ladder_warning = None if resolved else rulebook.escalation.fit_warning()
        self.query_one("#ladder-warning", Static).update(Text(ladder_warning or ""))
        self.query_one("#ladder-warning").display = bool(ladder_warning)
        self.query_one("#escalation-warning", Static).update(Text(warning or ""))
        self.query_one("#escalation-warning").display = bool(warning)
        error = self.app.current_theme.error
        table = self.query_one(FitTable)
        table.clear()
        passed_by = _passed_by(e.stages)
        for s in e.stages:
            # Late while awaited, or answered after its deadline (a reply received late
            # showed only its date, as though in time). A stage gone above without a
            # reply waits for none: it read as open, and late, for ever.
            above = passed_by.get(s.stage_no)
            late = (s.response_late(today) and above is None) or s.replied_late
            table.add_row(
                clip(f"{s.stage_no}. {s.stage_name}" + (" (skipped)" if s.skipped else "")),
                f"{s.opened_date:%d/%m/%Y}" if s.opened_date else "",
                Text(
                    f"{s.response_due:%d/%m/%Y}" if s.response_due else "",
                    style=f"bold {error}" if late else "",
                ),
                # A skipped stage had no response: its reason is said as the IRO's, not
                # set in the Response column as if that manager had replied.
                clip(
                    s.response
                    or (f"Not asked: {s.skip_reason}" if s.skip_reason else "")
                    or (f"No reply: {above}" if above else "")
                ),
                f"{s.response_date:%d/%m/%Y}" + (" late" if s.replied_late else "")
                if s.response_date
                else "",
                clip(s.outcome or ""),
            )
        table.fit()
        self.stages = list(e.stages)
        self._show_stage()
        self.sub_title = f"Escalation · {name} ({e.child_ref})"

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_stage()

    def _show_stage(self) -> None:
        row = self.query_one(FitTable).cursor_row
        stages = getattr(self, "stages", [])
        if not 0 <= row < len(stages):
            self.query_one(DetailLine).show("")
            return
        s = stages[row]
        parts = [f"{s.stage_no}. {s.stage_name}" + (" (skipped)" if s.skipped else "")]
        if s.skip_reason:
            parts.append(f"Not asked: {s.skip_reason}")
        if not s.response and (above := _passed_by(stages).get(s.stage_no)):
            parts.append(f"No reply: {above}")
        if s.response:
            received = f" (received {s.response_date:%d/%m/%Y})" if s.response_date else ""
            if s.replied_late and s.response_due:
                received = (
                    f" (received {s.response_date:%d/%m/%Y}, late: due {s.response_due:%d/%m/%Y})"
                )
            parts.append(f"Response{received}: {s.response}")
        if s.outcome:
            parts.append(f"Outcome: {s.outcome}")
        self.query_one(DetailLine).show(" · ".join(parts))

    # Resolved, a dispute takes nothing more: its forms opened as if it were open, and
    # "Resolve" again wrote a new outcome over the one recorded, unsaid (an adversarial
    # check). Said at the key, before any form.
    resolved_on: date | None = None

    def _still_open(self) -> bool:
        if self.resolved_on is None:
            return True
        self.app.notify(
            f"Resolved on {self.resolved_on:%d/%m/%Y}: nothing more is recorded on it "
            "(a new concern is a new escalation, E on the child or the decision)",
            severity="warning",
        )
        return False

    def action_response(self) -> None:
        if self._still_open():
            self.post_message(FormRequested(RecordResponse(self.escalation_id)))

    def action_next_stage(self) -> None:
        if self._still_open():
            self.post_message(FormRequested(NextStage(self.escalation_id)))

    def action_skip_stage(self) -> None:
        if self._still_open():
            self.post_message(FormRequested(SkipStage(self.escalation_id)))

    def action_resolve(self) -> None:
        if self._still_open():
            self.post_message(FormRequested(Resolve(self.escalation_id)))
