"""Import time and peak memory for a large 903 folder (issue 13: a 50 MB CSV took
over 300 s and 1.7 GB). Prints figures; asserts nothing.

    .venv/bin/python bench/import_big.py [CHILDREN]   # 150000 children is about 50 MB
"""

import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from iro_tui.interchange.import903 import import_903
from iro_tui.store import open_store


def write_folder(folder: Path, children: int) -> int:
    header = ["CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"]
    episodes = [
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,"
        "HOME_POST,PL_POST,URN"
    ]
    reviews = ["CHILD,DOB,REVIEW,REVIEW_CODE"]
    for n in range(children):
        ref = f"{n:07d}"
        header.append(f"{ref},M,14/09/2009,BAFR,W20140001410{n % 10},,")
        episodes.append(f"{ref},04/11/2020,S,V2,N8,U6,PR4,10/03/2022,X1,CARPL,EC2V 7HH,EN1 3XA,")
        episodes.append(f"{ref},10/03/2022,P,C2,N8,U6,PR4,,,,EC2V 7HH,N22 8LE,")
        for day in ("28/11/2022", "20/05/2023", "20/11/2023", "20/05/2024"):
            reviews.append(f"{ref},14/09/2009,{day},PN1")
    size = 0
    for name, lines in (("header", header), ("episodes", episodes), ("reviews", reviews)):
        text = "\n".join(lines) + "\n"
        (folder / f"{name}.csv").write_text(text)
        size += len(text)
    return size


children = int(sys.argv[1]) if len(sys.argv) > 1 else 150_000
with tempfile.TemporaryDirectory() as tmp:
    folder = Path(tmp) / "903"
    folder.mkdir()
    size = write_folder(folder, children)
    store = open_store(Path(tmp) / "s.sqlite")
    for run in ("first import", "same files again"):
        start = time.perf_counter()
        summary = import_903(store, folder, date.today())
        took = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        audit = store.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
        print(
            f"{run}: {size / 1e6:.1f} MB, {summary.children} children in {took:.1f} s, "
            f"peak memory {peak:.0f} MB, {audit} audit rows"
        )
    store.close()
