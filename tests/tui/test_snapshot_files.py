"""Every snapshot on disk belongs to a test. Syrupy fails a run that leaves a snapshot
unused, but not under pytest-xdist, and `make test` runs in parallel: so check here."""

import importlib
from pathlib import Path

SNAPSHOTS = Path(__file__).parent / "__snapshots__"


def test_every_snapshot_has_its_test():
    svgs = sorted(SNAPSHOTS.glob("*/*.svg"))
    assert svgs
    orphans = []
    for svg in svgs:
        module = importlib.import_module(f"{__package__}.{svg.parent.name}")
        test = svg.stem.split("[")[0]  # test_snapshot_settings[size0] is one case of a test
        if not callable(getattr(module, test, None)):
            orphans.append(str(svg.relative_to(SNAPSHOTS)))
    assert orphans == [], "unused: a serial pytest --snapshot-update removes them"
