"""Write a checked 903 import to the store, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from iro_tui.domain.fields import counted
from iro_tui.domain.history import numbers_in_a_return
from iro_tui.interchange.ssda903.checks import read_folder
from iro_tui.interchange.ssda903.files import Import903
from iro_tui.store import Store

HEADER_COLUMNS = ("sex", "dob", "ethnicity", "upn", "mother", "mc_dob")


@dataclass(frozen=True)
class ImportSummary:
    children: int
    new_children: int
    episodes: int
    reviews: int
    missing: int
    ignored: tuple[str, ...]
    notices: tuple[str, ...] = ()

    def describe(self) -> str:
        """One line of figures, then one line per notice (what was skipped or dropped)."""
        text = (
            f"imported {counted(self.children, 'child', 'children')} "
            f"({self.new_children} new), {counted(self.episodes, 'episode')}, "
            f"{counted(self.reviews, 'review')}, {counted(self.missing, 'missing episode')}"
        )
        return "\n".join([text, *self.notices])


def check_903(folder: Path, today: date, store: Store | None = None) -> Import903:
    """Read and check every file in `folder` against the store (if there is one yet),
    writing nothing. Raises ImportRefused listing every problem."""
    existing = {}
    if store is not None:
        existing = {case.child.child_ref: list(case.episodes) for case in store.load_cases()}
    return read_folder(Path(folder), today, existing)


def write_903(store: Store, batch: Import903) -> ImportSummary:
    """Write a checked import, all of it in one transaction."""
    known = store.child_refs()
    year = batch.collection_year()
    numbered = 0
    window = year
    with store.transaction():
        if year is not None:
            window = _returns_held(store, year)
        for ref, child in batch.children.items():
            columns = HEADER_COLUMNS + (("uasc", "uasc_ceased") if ref in batch.uasc else ())
            if ref not in known and batch.today is not None:
                child = child.model_copy(update={"joined_on": batch.today})
            child_id = store.upsert_child(child, columns)
            for episode in batch.episodes.get(ref, []):
                store.upsert_episode(child_id, episode)
            for review in batch.reviews.get(ref, []):
                store.upsert_held_review(child_id, review)
            for missing in batch.missing.get(ref, []):
                store.upsert_missing(child_id, missing)
            if window is not None:
                [case] = store.load_cases(child_id)
                numbers = numbers_in_a_return(case, window)
                store.number_held_reviews(child_id, numbers)
                numbered += bool(numbers)
    notices = list(batch.notices)
    # A Header row with no episode anywhere (this return or the store): the child is
    # imported, but has no period of care, so no deadline; found only with `l`.
    no_care = sorted(
        ref
        for ref in batch.children
        if not batch.episodes.get(ref) and not store.load_episodes(ref)
    )
    if no_care:
        notices.append(
            f"{counted(len(no_care), 'child', 'children')} with no episode, so not in care and "
            f"with no deadline: {', '.join(no_care[:10])}"
            + (f" and {len(no_care) - 10} more" if len(no_care) > 10 else "")
            + " (an Episodes row missing from the return?)"
        )
    if numbered and year is not None and window is not None:
        held = (
            "it holds every review of its year"
            if window == year
            else f"with the returns before it, the store holds every review from "
            f"01/04/{window[0].year}"
        )
        notices.append(
            f"read as the {year[0].year}-{year[1]:%y} return (01/04/{year[0].year} to "
            f"31/03/{year[1].year}): {held}, so the reviews of "
            f"{counted(numbered, 'child', 'children')} whose care began "
            f"{'in it' if window == year else 'since'} are numbered from the 1st"
        )
    return ImportSummary(
        children=len(batch.children),
        new_children=len(set(batch.children) - known),
        episodes=sum(map(len, batch.episodes.values())),
        reviews=sum(map(len, batch.reviews.values())),
        missing=sum(map(len, batch.missing.values())),
        ignored=tuple(batch.ignored),
        notices=tuple(notices),
    )


# The collection years (by the 31 March they end on) whose returns the store holds.
RETURNS_SETTING = "903_returns_imported"


def _returns_held(store: Store, year: tuple[date, date]) -> tuple[date, date]:
    """Note `year`'s return as held, and give the unbroken run of years with it whose
    returns the store holds: together they hold every review of a child looked after in
    them (each return holds its year's), so a child whose care began in the run has all
    their reviews (domain/history.numbers_in_a_return). A 1st review a year late, in the
    second return, was otherwise read as a later one (6 months on, not 3)."""
    text = store.get_setting(RETURNS_SETTING) or ""
    ends = {int(y) for y in text.split(",") if y.strip().isdigit()} | {year[1].year}
    store.set_setting(RETURNS_SETTING, ",".join(str(y) for y in sorted(ends)))
    first = last = year[1].year
    while first - 1 in ends:
        first -= 1
    while last + 1 in ends:
        last += 1
    return date(first - 1, 4, 1), date(last, 3, 31)


def import_903(store: Store, folder: Path, today: date) -> ImportSummary:
    """Read every file in `folder`, check it all, then write it all or nothing."""
    return write_903(store, check_903(folder, today, store))
