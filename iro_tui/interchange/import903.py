"""Write a checked 903 import to the store, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from iro_tui.domain.fields import counted
from iro_tui.domain.history import numbers_in_a_return
from iro_tui.interchange.ssda903.checks import read_folder
from iro_tui.interchange.ssda903.files import Import903, year_holding
from iro_tui.store import Store
from iro_tui.store.from_a_return import (
    Differences,
    cancel_reviews_left_out,
    held_reviews_between,
    merge_child,
    merge_episode,
    merge_held_review,
    merge_missing,
)

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

    @property
    def nothing_new(self) -> bool:
        """The import wrote nothing: the store held it all, or kept its own values."""
        return NOTHING_NEW in self.notices or NOTHING_KEPT in self.notices

    def describe(self) -> str:
        """One line of figures, then one line per notice (what was skipped or dropped)."""
        # A return the store held already wrote nothing: "imported" said otherwise.
        verb = "the return holds" if self.nothing_new else "imported"
        text = (
            f"{verb} {counted(self.children, 'child', 'children')} "
            f"({self.new_children} new), {counted(self.episodes, 'episode')}, "
            f"{counted(self.reviews, 'review')}, {counted(self.missing, 'missing episode')}"
        )
        return "\n".join([text, *self.notices])


NOTHING_NEW = "the store held all of it already: nothing changed"
NOTHING_KEPT = "nothing changed: where the return differs, the store's values were kept (below)"


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
        differences = Differences(older=year is not None and _later_return_held(store, year))
        if year is not None:
            window = _returns_held(store, year, _first_year(batch, year))
        for ref, child in batch.children.items():
            columns = HEADER_COLUMNS + (("uasc", "uasc_ceased") if ref in batch.uasc else ())
            if ref not in known and batch.today is not None:
                child = child.model_copy(update={"joined_on": batch.today})
            child_id = merge_child(store, child, columns, differences)
            for episode in batch.episodes.get(ref, []):
                merge_episode(store, ref, child_id, episode, differences)
            brought = [
                merge_held_review(store, ref, child_id, review, differences)
                for review in batch.reviews.get(ref, [])
            ]
            if year is not None and not differences.older and any(brought):
                in_return = {r.held_date for r in batch.reviews.get(ref, []) if r.held_date}
                cancel_reviews_left_out(store, ref, child_id, in_return, year, differences)
            for missing in batch.missing.get(ref, []):
                merge_missing(store, ref, child_id, missing, differences)
            if window is not None:
                [case] = store.load_cases(child_id)
                numbers = numbers_in_a_return(case, window)
                differences.added += store.number_held_reviews(child_id, numbers)
                numbered += bool(numbers)
    notices = list(batch.notices)
    if differences.nothing_new:
        # Imported again: the figures above read as if it all went in a second time.
        # Where it differs and the store's values were kept, they are listed below: "held
        # all of it already" beside them was untrue (an adversarial check).
        notices.append(NOTHING_KEPT if differences.kept else NOTHING_NEW)
    if year is not None and (spanned := _over_years(batch, year)):
        notices.append(spanned)
    if differences.older and year is not None:
        notices.append(
            f"the {year[0].year}-{year[1]:%y} return is older than one already imported: "
            "it only filled in what the store lacked"
        )
    notices += differences.notices()
    if differences.cancelled and year is not None:
        notices.append(
            f"{counted(len(differences.cancelled), 'review')} of {year[0].year}-{year[1]:%y} "
            "from an earlier return, not in this one, which holds every review of its "
            f"year, now cancelled: {_first_ten(differences.cancelled)}"
            " (a date put right: the deadlines count from the return's. If one was held "
            "that day, Enter on it on the child's Reviews tab puts it back)"
        )
    if year is not None:
        # An older return changes nothing of what a later one brought; what it leaves
        # out is still said (an extract read as the later year, then the year's own
        # return with a date put right: it was taken in without a word).
        notices += _reviews_not_in_the_return(store, batch, year)
    if year is not None and not differences.older:
        notices += _not_in_the_return(store, batch, year)
        notices += _episodes_not_in_the_return(store, batch, year)
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
            f"with no deadline: {_first_ten(no_care)}"
            " (an Episodes row missing from the return?)"
        )
    if numbered and year is not None and window is not None:
        held = (
            "it holds every review of its year"
            if window == year
            else f"it holds every review from 01/04/{window[0].year}"
            if window[0] == _first_year(batch, year)[0]
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


def _not_in_the_return(store: Store, batch: Import903, year: tuple[date, date]) -> list[str]:
    """Children the store has in care through the return's year end whom the return
    leaves out: each has left care or moved away (or the return is short of them), and
    the store cannot tell, so their deadlines run on until the IRO records it."""
    absent = sorted(
        case.child.child_ref
        for case in store.load_cases()
        if case.child.child_ref not in batch.children
        and case.episodes
        and case.episodes[-1].dec is None
        and case.episodes[-1].decom <= year[1]
        and case.looked_after_on(year[1])
    )
    if not absent:
        return []
    return [
        f"{counted(len(absent), 'child', 'children')} in care in the store but not in this "
        f"return: {_first_ten(absent)}"
        " (left care or moved away? Record it on the child's screen)"
    ]


def _reviews_not_in_the_return(
    store: Store, batch: Import903, year: tuple[date, date]
) -> list[str]:
    """Reviews of the return's year the store holds, from an earlier return, that this
    one leaves out, though a return holds every review of its year: a date put right in a
    corrected return was added beside the wrong one, counted twice in the annual report,
    and the diary counted on from the stale date, without a word (an adversarial check).
    A return of the latest year cancels them (cancel_reviews_left_out); one older than a
    return already imported changes nothing it brought, so they are said."""
    left_out = []
    for ref in sorted(batch.reviews.keys() | batch.children.keys()):
        child_id = store.child_id(ref)
        if child_id is None:
            continue
        in_return = {r.held_date for r in batch.reviews.get(ref, [])}
        held = held_reviews_between(store, child_id, year[0], year[1])
        left_out += [
            f"{ref} on {day:%d/%m/%Y}"
            for day, in_app in held
            if not in_app and day not in in_return
        ]
    if not left_out:
        return []
    return [
        f"{counted(len(left_out), 'review')} of {year[0].year}-{year[1]:%y} in the store, from "
        f"another return, not in this one, which holds every review of its year: "
        f"{_first_ten(left_out)}"
        " (a date put right? The store keeps it, and counts it, until the wrong one "
        "is cancelled: Enter on it on the child's Reviews tab)"
    ]


def _episodes_not_in_the_return(
    store: Store, batch: Import903, year: tuple[date, date]
) -> list[str]:
    """Episodes of the return's children open in its year that the store holds and it
    leaves out, though a return holds every episode open in its year: one a corrected
    return took out was kept without a word, and its change of placement or legal
    status still counted (an adversarial check). Said, not removed."""
    left_out = []
    for ref in sorted(batch.children):
        in_return = {e.decom for e in batch.episodes.get(ref, [])}
        left_out += [
            f"{ref} from {e.decom:%d/%m/%Y}"
            for e in store.load_episodes(ref)
            if e.decom not in in_return
            and e.decom <= year[1]
            and (e.dec is None or e.dec >= year[0])
        ]
    if not left_out:
        return []
    return [
        f"{counted(len(left_out), 'episode')} open in {year[0].year}-{year[1]:%y} in the "
        "store, not in this return, which holds every episode open in its year: "
        f"{_first_ten(left_out)}"
        " (taken out of a corrected return, or typed in the app? The store keeps it, and "
        "the deadlines count it)"
    ]


def _first_ten(names: list[str]) -> str:
    """The first ten named, and how many more."""
    more = len(names) - 10
    return ", ".join(names[:10]) + (f" and {more} more" if more > 0 else "")


def _later_return_held(store: Store, year: tuple[date, date]) -> bool:
    """Whether the store holds the return of a year after `year`'s."""
    text = store.get_setting(RETURNS_SETTING) or ""
    return any(int(y) > year[1].year for y in text.split(",") if y.strip().isdigit())


def _first_year(batch: Import903, year: tuple[date, date]) -> tuple[date, date]:
    """The earliest collection year whose reviews the files hold: the return's own, or
    an earlier one for files holding more than a year (an extract taken in April)."""
    span = batch.reviews_span()
    return year_holding(span[0]) if span is not None and span[0] < year[0] else year


def _over_years(batch: Import903, year: tuple[date, date]) -> str | None:
    """Said when the files' reviews run over more than one collection year: read as
    the year of the latest, which decides what a later import of an earlier year may
    change (an April extract was read as the next year's return without a word, and the
    corrected return imported after it changed nothing)."""
    span = batch.reviews_span()
    if span is None:
        return None
    if span[1] < year[0] and (latest := batch.latest_date()) is not None:
        # Every review is of an earlier year than the one a later date gave the files: a
        # 2025-26 return with one episode ending 15/04/2026 was said to have reviews "over
        # more than one collection year" (an adversarial check).
        reviews = year_holding(span[1])
        return (
            f"read as the {year[0].year}-{year[1]:%y} return by its latest date, "
            f"{latest[1]} {latest[0]:%d/%m/%Y}, though its reviews all fall in "
            f"{reviews[0].year}-{reviews[1]:%y}: if it is the {reviews[0].year}-"
            f"{reviews[1]:%y} return, that date is after its year's end (31/03/"
            f"{reviews[1].year}) and wrong, and a {reviews[0].year}-{reviews[1]:%y} return "
            "imported after this one only fills in what the store lacks"
        )
    if span[0] >= year[0]:
        return None
    first = year_holding(span[0])[0]
    return (
        f"its reviews run from {span[0]:%d/%m/%Y} to {span[1]:%d/%m/%Y}, over more than one "
        f"collection year (a return holds one, 1 April to 31 March): taken as holding "
        f"every review from 01/04/{first.year}, and as the {year[0].year}-{year[1]:%y} "
        f"return: a {year[0].year - 1}-{year[0]:%y} return imported after it only fills in "
        "what the store lacks"
    )


def _returns_held(
    store: Store, year: tuple[date, date], first: tuple[date, date] | None = None
) -> tuple[date, date]:
    """Note `year`'s return as held (with each year from `first`, for files holding
    more than one), and give the unbroken run of years with it whose
    returns the store holds: together they hold every review of a child looked after in
    them (each return holds its year's), so a child whose care began in the run has all
    their reviews (domain/history.numbers_in_a_return). A 1st review a year late, in the
    second return, was otherwise read as a later one (6 months on, not 3)."""
    text = store.get_setting(RETURNS_SETTING) or ""
    ends = {int(y) for y in text.split(",") if y.strip().isdigit()}
    ends |= set(range((first or year)[1].year, year[1].year + 1))
    store.set_setting(RETURNS_SETTING, ",".join(str(y) for y in sorted(ends)))
    earliest = latest = year[1].year
    while earliest - 1 in ends:
        earliest -= 1
    while latest + 1 in ends:
        latest += 1
    return date(earliest - 1, 4, 1), date(latest, 3, 31)


def import_903(store: Store, folder: Path, today: date) -> ImportSummary:
    """Read every file in `folder`, check it all, then write it all or nothing."""
    return write_903(store, check_903(folder, today, store))
