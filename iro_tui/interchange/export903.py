"""Write the SSDA903 return for a collection year (1 April to 31 March).

DfE conventions: dd/mm/YYYY, UTF-8, the exact header rows, the codes of
domain.md. Before anything is written, each child is checked for what the DfE's
own validator would refuse; problems are reported per child in plain words, and
no file is written until there are none.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from iro_tui.domain.models import ChildCase, Episode
from iro_tui.domain.report import Progress
from iro_tui.errors import BadInput
from iro_tui.interchange.files import write_texts_together
from iro_tui.interchange.ssda903 import TABLES
from iro_tui.permissions import make_private_folder

FILES = {
    "Header": "header.csv",
    "Episodes": "episodes.csv",
    "Reviews": "reviews.csv",
    "UASC": "uasc.csv",
    "Missing": "missing.csv",
}
UN_CODES = {"UN1", "UN2", "UN3", "UN4", "UN5", "UN6", "UN7", "UN8", "UN9", "UN10"}


def year_bounds(year: int) -> tuple[date, date]:
    """The collection year ending 31 March `year`."""
    return date(year - 1, 4, 1), date(year, 3, 31)


def _d(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _in_year(episode: Episode, start: date, end: date) -> bool:
    return episode.decom <= end and (episode.dec is None or episode.dec >= start)


@dataclass(frozen=True)
class Return903:
    files: dict[str, str]  # file name -> text
    children: int


def problems_of(case: ChildCase) -> list[str]:
    """What the DfE would refuse about this child, in plain words."""
    child, found = case.child, []
    if not child.upn:
        found.append(
            "no UPN recorded: give the child's UPN, or a UN code explaining why "
            "there is none (UN1 for a child under school age)"
        )
    elif child.upn not in UN_CODES and (len(child.upn) != 13 or not child.upn[1:].isdigit()):
        found.append(f"the UPN '{child.upn}' is not a letter followed by 12 digits")
    if not child.ethnicity:
        found.append("no ethnicity recorded")
    if child.sex.value == "F" and child.mother is None:
        # DfE rule 393: for a girl in care, whether she is a mother must be recorded.
        found.append("whether she is a mother (903 MOTHER) is not recorded")
    for e in case.episodes:
        if not e.pl_post and e.ls.value not in ("V3", "V4"):
            found.append(
                f"the placement from {_d(e.decom)} has no postcode (DfE rules "
                "169 and 179 need it to find the placement's local authority)"
            )
    return found


def build_return(
    cases: list[ChildCase], missing: dict[str, list], year: int, progress: Progress | None = None
) -> Return903:
    start, end = year_bounds(year)
    chosen = [c for c in cases if any(_in_year(e, start, end) for e in c.episodes)]
    problems = [f"child {c.child.child_ref}: {p}" for c in chosen for p in problems_of(c)]
    if problems:
        raise BadInput("the 903 return was not written; " + "; ".join(problems))
    rows: dict[str, list[list[str]]] = {table: [] for table in FILES}
    for done, case in enumerate(chosen, start=1):
        if progress:
            progress(done, len(chosen))
        child = case.child
        ref, dob = child.child_ref, _d(child.dob)
        rows["Header"].append(
            [
                ref,
                child.sex.value,
                dob,
                child.ethnicity or "",
                child.upn or "",
                "" if child.mother is None else str(int(child.mother)),
                _d(child.mc_dob),
            ]
        )
        formerly_uasc = child.uasc or child.uasc_ceased is not None
        for e in case.episodes:
            if not _in_year(e, start, end):
                continue
            # DfE rule 406: no distance for a (formerly) UASC child, so no home postcode
            # (the distance is derived from HOME_POST to PL_POST).
            home = "" if formerly_uasc else (e.home_post or "")
            # An episode that ends after the year end is still open in this year's return
            # (DfE rules 385 and 388).
            ended = e.dec is not None and e.dec <= end
            rows["Episodes"].append(
                [
                    ref,
                    _d(e.decom),
                    e.rne.value,
                    e.ls.value,
                    e.cin.value,
                    e.place.value,
                    e.place_provider.value if e.place_provider else "",
                    _d(e.dec) if ended else "",
                    e.rec.value if ended and e.rec else "",
                    e.reason_place_change.value if ended and e.reason_place_change else "",
                    home,
                    e.pl_post or "",
                    e.urn or "",
                ]
            )
        for review in sorted(case.reviews, key=lambda r: r.held_date or date.min):
            if review.status == "held" and start <= review.held_date <= end:
                rows["Reviews"].append(
                    [
                        ref,
                        dob,
                        _d(review.held_date),
                        review.participation_code.value if review.participation_code else "",
                    ]
                )
        if formerly_uasc:
            rows["UASC"].append([ref, child.sex.value, dob, _d(child.uasc_ceased)])
        for m in missing.get(ref, []):
            if m["mis_start"] <= end.isoformat() and (
                m["mis_end"] is None or m["mis_end"] >= start.isoformat()
            ):
                rows["Missing"].append(
                    [
                        ref,
                        dob,
                        m["missing"],
                        _d(date.fromisoformat(m["mis_start"])),
                        _d(date.fromisoformat(m["mis_end"])) if m["mis_end"] else "",
                    ]
                )
    files = {}
    for table, name in FILES.items():
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(TABLES[table])
        writer.writerows(rows[table])
        files[name] = out.getvalue()
    return Return903(files, len(chosen))


def export_903(store, year: int, folder: Path, progress: Progress | None = None) -> Return903:
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise BadInput(f"{folder} is a file: give a folder for the 903 return")
    from iro_tui.store.records import load_missing

    result = build_return(store.load_cases(), load_missing(store), year, progress)
    make_private_folder(folder)  # 0700 for the folders it creates
    write_texts_together(folder, result.files, "903 return")
    return result
