"""A record built from values already of their types, as pydantic's model_construct
builds it, for a fraction of its cost: for the store's reads (store/from_rows.py) and
for what the domain derives from records already valid (a case's periods of care,
worked out for every child on each reload of a whole authority's diary)."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)
_set = object.__setattr__


# The fields set of every record built here: all of its model's. One set per model,
# shared: a set per record was over half of what a whole authority's cases take in
# memory (15 of 27 MiB on 1,000 children). Sharing is safe because the records are
# frozen (pydantic adds to a record's set only on assignment, which they refuse) and
# model_copy gives the copy a copy of the set before adding to it.
_ALL_FIELDS: dict[type[BaseModel], set[str]] = {}


def built(model: type[M], values: dict[str, Any]) -> M:
    """`model` holding `values` (every field, already of its type), as
    `model_construct` builds it, for a fraction of its cost."""
    record = object.__new__(model)
    _set(record, "__dict__", values)
    fields = _ALL_FIELDS.get(model)
    if fields is None:
        fields = _ALL_FIELDS[model] = set(model.model_fields)
    _set(record, "__pydantic_fields_set__", fields)
    _set(record, "__pydantic_extra__", None)
    _set(record, "__pydantic_private__", None)
    return record
