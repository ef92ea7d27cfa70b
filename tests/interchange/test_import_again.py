"""Importing the same 903 files again changes nothing, so the audit trail gains
nothing (issue 13: it used to double)."""

from iro_tui.demo import ANCHOR
from iro_tui.interchange.import903 import import_903

from ..conftest import FIXTURE_903, store_contents


def test_reimporting_identical_files_adds_no_audit_rows(store):
    import_903(store, FIXTURE_903, ANCHOR)
    audit = len(store.audit_rows())
    before = store_contents(store.path)
    summary = import_903(store, FIXTURE_903, ANCHOR)
    assert summary.children == 17 and summary.new_children == 0
    assert len(store.audit_rows()) == audit
    assert store_contents(store.path) == before
    # Said, as the figures alone read as if it all went in again.
    assert "the store held all of it already: nothing changed" in summary.notices
    # And its figures say what the return holds, not that it was imported again.
    assert summary.describe().startswith("the return holds 17 children (0 new), ")


def test_a_reimport_that_adds_or_changes_anything_does_not_say_nothing_changed(store, folder_903):
    import_903(store, FIXTURE_903, ANCHOR)
    header = folder_903 / "header.csv"
    header.write_text(header.read_text().replace("W201400014100", "W201400014199"))
    summary = import_903(store, folder_903, ANCHOR)
    assert "the store held all of it already: nothing changed" not in summary.notices


def test_a_changed_row_in_a_reimport_is_audited_once(store, folder_903):
    import_903(store, FIXTURE_903, ANCHOR)
    audit = len(store.audit_rows())
    header = folder_903 / "header.csv"
    header.write_text(header.read_text().replace("W201400014100", "W201400014199"))
    import_903(store, folder_903, ANCHOR)
    [change] = store.audit_rows()[audit:]
    assert (change["table_name"], change["action"]) == ("children", "update")
    assert '"upn":"W201400014100"' in change["before"].replace(" ", "")


def test_a_file_with_its_header_and_no_rows_is_said(store, folder_903):
    """A Reviews file holding only its header imported "0 reviews" without a word."""
    reviews = next(p for p in folder_903.iterdir() if "review" in p.name.lower())
    reviews.write_text(reviews.read_text().splitlines()[0] + "\n")
    summary = import_903(store, folder_903, ANCHOR)
    assert summary.reviews == 0
    assert f"{reviews.name}: holds its header row and no rows under it" in summary.notices
    assert not [n for n in import_903(store, FIXTURE_903, ANCHOR).notices if "no rows" in n]
