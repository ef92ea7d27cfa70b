"""Autosaves of a form being typed (a footprint note), kept until it is saved or
discarded: a note typed at a placement was lost to a flat battery or a kill, where a
review record's draft was kept (store/reviews.py). One draft per form key; not audited
(audit.py): what is saved from it is."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from iro_tui.store.store import Store


def save_form_draft(store: Store, form: str, payload: dict[str, Any]) -> None:
    with store.transaction():
        store.conn.execute(
            "INSERT INTO form_drafts (form, payload, saved_at) VALUES (?, ?, ?) "
            "ON CONFLICT (form) DO UPDATE SET payload = excluded.payload, "
            "saved_at = excluded.saved_at",
            [form, json.dumps(payload), datetime.now(UTC).isoformat(timespec="seconds")],
        )


def load_form_draft(store: Store, form: str) -> dict[str, Any] | None:
    row = store.conn.execute("SELECT payload FROM form_drafts WHERE form = ?", [form]).fetchone()
    return json.loads(row[0]) if row else None


def discard_form_draft(store: Store, form: str) -> None:
    with store.transaction():
        store.conn.execute("DELETE FROM form_drafts WHERE form = ?", [form])


def drafts_of(store: Store, form: str) -> StoredDraft | None:
    """The draft keeping of one form, or None in a read-only window: a second window gave
    back the first window's note as "typed here", to save or discard."""
    return None if store.read_only else StoredDraft(store, form)


@dataclass(frozen=True)
class StoredDraft:
    """One form's draft in the store, as a form keeps it (widgets/form.DraftKeeping)."""

    store: Store
    form: str

    def load(self) -> dict[str, Any] | None:
        return load_form_draft(self.store, self.form)

    def save(self, values: dict[str, Any]) -> None:
        save_form_draft(self.store, self.form, values)

    def discard(self) -> None:
        discard_form_draft(self.store, self.form)
