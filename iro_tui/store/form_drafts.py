"""Autosaves of a form being typed (a footprint note), kept until it is saved or
discarded: a note typed at a placement was lost to a flat battery or a kill, where a
review record's draft was kept (store/reviews.py). One draft per form key; not audited
(audit.py): what is saved from it is."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
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


def drafts_of(store: Store, form: str, about: DraftAbout | None = None) -> StoredDraft | None:
    """The draft keeping of one form, or None in a read-only window: a second window gave
    back the first window's note as "typed here", to save or discard. `about`: what the
    diary says of the draft while it is kept (form_drafts_listed)."""
    return None if store.read_only else StoredDraft(store, form, about)


@dataclass(frozen=True)
class DraftAbout:
    """What the diary lists of a form's draft, and how Enter opens the form again: the
    form's title; its child ("child#ID", the store's own id: read back as their 903 ID
    as it is then), if any; and either the request the form answers (form_opening.py,
    as JSON) or a link that opens it (navigation.open_link: "new-child", "checklist:...")."""

    title: str
    child: str = ""
    request: dict[str, Any] | None = None
    opens: str = ""


# Kept in a draft's payload beside what was typed: never a form's box (keys are names).
ABOUT_KEYS = ("__title", "__link", "__request", "__open")


def typed_in_draft(store: Store, form: str, most: int = 300) -> str:
    """What the IRO typed in a kept draft, as one line: the boxes that differ from how
    the form opened, said before the draft is thrown away (the diary's Delete)."""
    kept = load_form_draft(store, form) or {}
    baseline = kept.get("__initial") or {}
    typed = [
        str(value).strip()
        for key, value in kept.items()
        if not key.startswith("__")
        and isinstance(value, str)
        and value.strip()
        and baseline.get(key) != value
    ]
    said = " / ".join(" ".join(text.split()) for text in typed)
    return said if len(said) <= most else said[: most - 1] + "…"


def form_drafts_listed(store: Store) -> list[tuple[str, str, str | None]]:
    """Every form's draft kept, with what the diary says of it: (key, title, the child's
    903 ID as it is now, or None)."""
    listed = []
    # Read on every reload of the diary: a draft's child is looked up alone (a whole
    # authority's children were read each time, for none or a few drafts).
    for form, title, link in store.conn.execute(
        "SELECT form, json_extract(payload, '$.__title'), json_extract(payload, '$.__link') "
        "FROM form_drafts WHERE form LIKE 'form:%' ORDER BY saved_at"
    ).fetchall():
        child = None
        link = str(link or "")
        if link.startswith("child#") and link[6:].isdigit():
            child = store.child_ref_of(int(link[6:]))
        listed.append((form, title or "a form", child))
    return listed


def how_to_reopen(store: Store, form: str) -> tuple[dict[str, Any] | None, str]:
    """A kept draft's request (as JSON) and its link, to open its form again."""
    kept = load_form_draft(store, form) or {}
    request = kept.get("__request")
    return (request if isinstance(request, dict) else None), str(kept.get("__open") or "")


def quick_note_drafts(store: Store, suggested: str | None) -> QuickNoteDrafts | None:
    """The quick note's, as drafts_of."""
    return None if store.read_only else QuickNoteDrafts(store, suggested)


@dataclass(frozen=True)
class StoredDraft:
    """One form's draft in the store, as a form keeps it (widgets/form.DraftKeeping)."""

    store: Store
    form: str
    about: DraftAbout | None = None

    def load(self) -> dict[str, Any] | None:
        kept = load_form_draft(self.store, self.form)
        return None if kept is None else {k: v for k, v in kept.items() if k not in ABOUT_KEYS}

    def save(self, values: dict[str, Any]) -> None:
        about = self.about
        if about is not None:
            values = {
                **values,
                "__title": about.title,
                "__link": about.child,
                "__request": about.request,
                "__open": about.opens,
            }
        with self.store.waiting_briefly():  # kept every half second: never waited for
            save_form_draft(self.store, self.form, values)

    def discard(self) -> None:
        with self.store.waiting_briefly():
            discard_form_draft(self.store, self.form)


@dataclass
class QuickNoteDrafts:
    """The quick note's draft (F5 on a list, the child chosen in the form), kept under its
    child's key as a note written on that child's screen is: a child's unsaved note was
    kept twice over, under two keys that never saw each other, and F5 on one child's row
    gave back another child's note. It never writes over, nor discards, a draft it did
    not write: a blank form switched to a child with a draft, then discarded, lost it."""

    store: Store
    suggested: str | None  # the child of the row the IRO was on
    _key: str | None = None  # the key this form's draft is kept under
    _mine: set[str] = field(default_factory=set)  # the keys this form gave back or wrote

    @staticmethod
    def key_for(child_ref: object) -> str:
        return f"note:{child_ref}" if child_ref else "note"

    def _free(self, key: str) -> bool:
        return key in self._mine or load_form_draft(self.store, key) is None

    def load(self) -> dict[str, Any] | None:
        key = self.key_for(self.suggested)
        kept = load_form_draft(self.store, key)
        if kept is not None:
            self._key = key
            self._mine.add(key)
        return kept

    def save(self, values: dict[str, Any]) -> None:
        with self.store.waiting_briefly():  # kept every half second: never waited for
            self._save(values)

    def _save(self, values: dict[str, Any]) -> None:
        key = self.key_for(values.get("child_ref"))
        if not self._free(key):
            # That child has a draft of their own: this one stays where it is, or goes
            # under the quick note's own key, or is not kept (what is typed stays here).
            key = self._key or "note"
            if not self._free(key):
                return
        if self._key is not None and self._key != key and self._key in self._mine:
            discard_form_draft(self.store, self._key)  # another child chosen: it moves
            self._mine.discard(self._key)
        save_form_draft(self.store, key, values)
        self._key = key
        self._mine.add(key)

    def discard(self) -> None:
        with self.store.waiting_briefly():
            for key in self._mine:
                discard_form_draft(self.store, key)
        self._mine.clear()
        self._key = None
