"""Importing a council's 903 return from the app: the folder asked for, every file
checked before anything is written, then what was imported, changed or refused said in
full on a page of its own (a refused return lists up to 50 problems: more than a form's
line under its box can hold). The command line's `import-903` does the same."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from iro_tui.domain.fields import FieldProblem
from iro_tui.errors import BadInput
from iro_tui.interchange.ssda903.problems import ImportRefused
from iro_tui.safe_text import plain
from iro_tui.widgets.footer import SteadyFooter
from iro_tui.widgets.form import FormField, FormModal, LongSave

if TYPE_CHECKING:
    from datetime import date

    from iro_tui.store.store import Store

INTRO = (
    "The folder holding the council's SSDA903 CSV files: Header, Episodes and Reviews, "
    "with Missing and UASC if you have them (each is known by its header row, not its "
    "name). Every file is checked first: nothing is imported unless all of it can be. "
    "What you have recorded here is kept, and what the return changes is listed."
)


@dataclass(frozen=True)
class ImportOutcome:
    imported: bool
    text: str
    nothing_new: bool = False  # the store held all of it already


# The folder the last import was from, in this run only: it may be named after a child.
_last_folder: Path | None = None


def import_form(store: Store, today: date, folder: Path) -> FormModal[ImportOutcome]:
    """Ask for the folder; import it, or say in the form why the folder cannot be read.
    A return refused for its contents closes the form and lists every problem. The
    import runs off the main thread (a whole authority's return takes seconds)."""
    from iro_tui.interchange.files import typed_folder
    from iro_tui.interchange.ssda903.files import check_folder

    def save(values: dict) -> LongSave[ImportOutcome]:
        typed = typed_folder(str(values["folder"]))
        try:
            check_folder(typed)  # said at once, before the work begins
        except BadInput as problem:
            raise FieldProblem("folder", str(problem)) from None
        if store.held_alone:
            from iro_tui.store.failures import read_only_refusal

            # Read on a connection of its own, which cannot open a store held alone (a
            # full disk, store/connect.py): it waited five seconds and said "busy".
            raise read_only_refusal(store.why_read_only)
        return LongSave("Importing the return", lambda: _imported(store, typed, today), "folder")

    start = _last_folder if _last_folder is not None and _last_folder.is_dir() else folder
    return ImportForm(
        "Import a 903 return",
        [FormField("folder", "Folder", required=True)],
        save,
        {"folder": str(start)},
        INTRO,
    )


class ImportForm(FormModal[ImportOutcome]):
    """The import's form: F2 imports, in its button and in the footer (which said Save)."""

    save_label = "Import"
    BINDINGS = [
        Binding("f2", "save", "Import", id="form.save", tooltip="Check every file, then import"),
    ]


def _imported(store: Store, folder: Path, today: date) -> ImportOutcome:
    """Checked, then written, on a connection of the worker's own: the app's serves its
    screens meanwhile, and they read the import once it is committed (store.generation).
    A store the app may not write to (open in another iro-tui) refuses it as the app's
    own connection would."""
    from contextlib import closing

    from iro_tui.interchange.import903 import check_903, write_903
    from iro_tui.store import open_store
    from iro_tui.store.session_lock import make_read_only

    global _last_folder
    with closing(open_store(store.path, store.passphrase, defer_check=True, again=True)) as own:
        if store.read_only:
            make_read_only(own, store.read_only_because or "")
        try:
            batch = check_903(folder, today, own)
        except ImportRefused as refused:
            return ImportOutcome(False, str(refused))
        # Any other refusal (a folder that cannot be read) is said under its box.
        _last_folder = folder
        summary = write_903(own, batch)
    return ImportOutcome(True, summary.describe(), nothing_new=summary.nothing_new)


class ImportOutcomeScreen(ModalScreen[None]):
    """What an import did, or why nothing was imported, to read and scroll."""

    BINDINGS = [
        Binding("escape", "dismiss_screen", "Close", id="import.close"),
        Binding("enter", "dismiss_screen", "Close", show=False, id="import.enter"),
        # A modal hides the app's own keys: F1 is repeated here, as on a form.
        Binding("f1", "app.help", "Help", id="import.help", tooltip="Help for this page"),
    ]
    HELP = """\
# A 903 import: what it did

**Imported**: the first line counts what the return held; the lines after it say what
is worth knowing: values the return changed or left as you had them, children in care
here but missing from the return, files and columns passed over, and how reviews were
numbered. Everything the return brought is in the diary now.

**Nothing was imported**: each problem names its file, line and column. Put them right
in the spreadsheet, save it as 'CSV UTF-8', and import again (i on the diary). The store
is exactly as it was.

| key | does |
|---|---|
| ↑ ↓ PageUp PageDown | scroll |
| Esc or Enter | close |
"""

    def __init__(self, outcome: ImportOutcome) -> None:
        super().__init__()
        self.outcome = outcome

    def compose(self) -> ComposeResult:
        title = (
            "Nothing was imported"
            if not self.outcome.imported
            else "Already in the store: nothing changed"
            if self.outcome.nothing_new
            else "Imported"
        )
        with Vertical(id="import-outcome"):
            yield Static(Text(title), classes="form-title")
            with VerticalScroll(id="import-outcome-text"):
                # The files' own words (a cell, a file name): never markup.
                yield Static(Text(plain(self.outcome.text)))
        yield SteadyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#import-outcome-text", VerticalScroll).focus()

    def action_dismiss_screen(self) -> None:
        self.dismiss(None)
