"""A small fictional 903 return shaped like a council's one-year export, and ways to
reshape it the way real case-management systems do (for the import and export tests).

Every child, date and code here is invented. Postcodes are real public places (the
DfE validator checks them): City of London offices and London boroughs.
"""

from __future__ import annotations

import re
from pathlib import Path

from iro_tui.interchange.ssda903.tables import ALL_TABLES, TABLES

# 200001: a girl in care since before the year with no S episode (DfE rule 357 allows
#         that in a one-year return), an old placement code (H5) then K3.
# 200002: a UASC boy who came into care during the year.
# 200003: in the Header only (no episodes, no reviews).
# 200004: a girl looked after only under short breaks (V3).
RETURN_903: dict[str, list[list[str]]] = {
    "header.csv": [
        list(TABLES["Header"]),
        ["200001", "F", "12/05/2010", "WBRI", "A123456789012", "0", ""],
        ["200002", "M", "03/02/2009", "BAFR", "UN2", "", ""],
        ["200003", "M", "20/08/2016", "WOTH", "UN1", "", ""],
        ["200004", "F", "07/07/2013", "WBRI", "B123456789012", "", ""],
    ],
    "episodes.csv": [
        list(TABLES["Episodes"]),
        ["200001", "10/03/2023", "P", "C2", "N1", "H5", "PR4", "31/03/2025", "X1", "CARPL"]
        + ["EC2V 7HH", "EC2Y 8DS", "SC000002"],
        ["200001", "31/03/2025", "P", "C2", "N1", "K3", "PR4", "", "", ""]
        + ["EC2V 7HH", "EC2Y 8DS", "SC000002"],
        ["200002", "15/01/2025", "S", "V2", "N8", "U6", "PR4", "", "", ""]
        + ["EC2V 7HH", "N22 8LE", "XXXXXXX"],
        ["200004", "06/05/2025", "S", "V3", "N2", "U6", "PR1", "09/05/2025", "E4A", ""]
        + ["", "", ""],
    ],
    "reviews.csv": [
        list(TABLES["Reviews"]),
        ["200001", "12/05/2010", "20/09/2023", "PN1"],
        ["200001", "12/05/2010", "20/03/2024", "PN1"],
        ["200001", "12/05/2010", "12/09/2024", "PN6"],
        ["200001", "12/05/2010", "06/03/2025", "PN1"],
        ["200002", "03/02/2009", "10/02/2025", "PN1"],
        ["200004", "07/07/2013", "08/05/2025", "PN1"],
    ],
    "uasc.csv": [list(TABLES["UASC"]), ["200002", "M", "03/02/2009", "03/02/2027"]],
}
TODAY = "2025-06-01"  # the --today of these tests: every review is in the past


def write_return(folder: Path, tables: dict[str, list[list[str]]] = RETURN_903, **options) -> Path:
    """Write the tables as CSV files; options: bom, crlf."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        ending = "\r\n" if options.get("crlf") else "\n"
        text = ending.join(",".join(_quote(c) for c in row) for row in rows) + ending
        if options.get("bom"):
            text = "\ufeff" + text
        (folder / name).write_text(text, encoding="utf-8", newline="")
    return folder


def _quote(cell: str) -> str:
    return f'"{cell}"' if "," in cell or '"' in cell else cell


def iso_dates(tables):
    """Every dd/mm/YYYY date written as YYYY-MM-DD, as database exports do."""
    iso = lambda c: re.sub(r"^(\d\d)/(\d\d)/(\d{4})$", r"\3-\2-\1", c)  # noqa: E731
    return {n: [rows[0]] + [[iso(c) for c in r] for r in rows[1:]] for n, rows in tables.items()}


def shuffled_with_extras(tables):
    """Columns reversed, with two columns no 903 file has (named in a notice)."""
    out = {}
    for name, rows in tables.items():
        wide = [rows[0] + ["LA_NAME", "EXTRACT_DATE"]]
        wide += [r + ["City of London", "01/06/2025 09:14"] for r in rows[1:]]
        out[name] = [list(reversed(r)) for r in wide]
    return out


def with_duplicates(tables):
    """Two rows of episodes and one of reviews repeated word for word."""
    out = {n: [list(r) for r in rows] for n, rows in tables.items()}
    out["episodes.csv"] += [out["episodes.csv"][1], out["episodes.csv"][3]]
    out["reviews.csv"].insert(2, out["reviews.csv"][1])
    return out


def with_other_903_files(tables):
    """The rest of a council's 903 return folder: recognised and skipped."""
    out = dict(tables)
    for table, name in (
        ("OC2", "oc2.csv"),
        ("OC3", "oc3.csv"),
        ("AD1", "ad1.csv"),
        ("PlacedAdoption", "placed_for_adoption.csv"),
        ("PrevPerm", "previous_permanence.csv"),
        ("SWEpisodes", "sw_episodes.csv"),
        ("DoLo", "DoLo.csv"),
    ):
        columns = list(ALL_TABLES[table])
        out[name] = [columns, ["200001", "12/05/2010"] + ["0"] * (len(columns) - 2)]
    return out
