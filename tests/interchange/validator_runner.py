"""Run the DfE's 903 validator (lac_validator) on a folder; print JSON.

Runs inside the validator's own virtual environment (.venv-validator: it pins
pandas<2), called by test_export903.py through a subprocess.
"""

import glob
import importlib
import json
import logging
import sys

logging.disable(logging.CRITICAL)

from lac_validator import lac_validator  # noqa: E402
from lac_validator.utils import process_uploaded_files  # noqa: E402

folder, year, authority = sys.argv[1], sys.argv[2], sys.argv[3]
files = process_uploaded_files({"This year": sorted(glob.glob(f"{folder}/*.csv"))})
# The rules of the collection year asked for (year 2024 = 2023-24 = lac2023_24), as the
# validator's own get_year_ruleset names them; 2025-26 for a year it does not have.
try:
    ruleset = f"lac_validator.rules.lac{int(year) - 1}_{year[2:4]}"
    registry = importlib.import_module(ruleset).registry
except ModuleNotFoundError:
    registry = importlib.import_module("lac_validator.rules.lac2025_26").registry
validator = lac_validator.LacValidator(
    metadata={"collectionYear": year, "localAuthority": authority}, files=files, registry=registry
)
issues: dict[str, int] = {}
for frame in validator.ds_results.values():
    if not hasattr(frame, "columns"):
        continue
    for column in frame.columns:
        if column.startswith("ERR_"):
            count = int(frame[column].fillna(False).astype(bool).sum())
            if count:
                code = column[4:]
                issues[code] = issues.get(code, 0) + count
print(
    json.dumps(
        {
            "issues": issues,
            "fails": validator.fails,
            "messages": {c: registry[c].message for c in issues if c in registry},
        }
    )
)
