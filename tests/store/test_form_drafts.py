"""The quick note's draft is kept under its child's key, and moves with the child chosen."""

from iro_tui.store.form_drafts import QuickNoteDrafts, StoredDraft


def keys(store):
    return sorted(r[0] for r in store.conn.execute("SELECT form FROM form_drafts"))


def test_the_quick_note_s_draft_follows_the_child_chosen(store):
    quick = QuickNoteDrafts(store, suggested="100102")
    assert quick.load() is None
    quick.save({"child_ref": "100102", "text": "Phoned the carer"})
    assert keys(store) == ["note:100102"]
    quick.save({"child_ref": "100107", "text": "Phoned the carer"})  # another child chosen
    assert keys(store) == ["note:100107"]
    # The same child's note form (F5 on their screen) gives it back, under the same key.
    assert StoredDraft(store, "note:100107").load() == {
        "child_ref": "100107",
        "text": "Phoned the carer",
    }
    quick.discard()
    assert keys(store) == []


def test_a_quick_note_with_no_child_chosen_is_kept_apart(store):
    quick = QuickNoteDrafts(store, suggested=None)
    quick.load()
    quick.save({"child_ref": None, "text": "Someone rang"})
    assert keys(store) == ["note"]


def test_a_quick_note_never_writes_over_nor_discards_another_child_s_draft(store):
    """A blank quick note for one child, switched to a child with a draft of their own and
    then discarded, wiped that child's draft."""
    StoredDraft(store, "note:100116").save({"text": "Callum's visit"})
    quick = QuickNoteDrafts(store, suggested="100102")
    assert quick.load() is None
    quick.save({"child_ref": "100116", "text": ""})  # switched to Callum, nothing typed
    assert StoredDraft(store, "note:100116").load() == {"text": "Callum's visit"}
    quick.discard()
    assert StoredDraft(store, "note:100116").load() == {"text": "Callum's visit"}
    assert keys(store) == ["note:100116"]
