"""A store opened as on a full disk, in the test's own process (tests/store/
test_full_disk_on_open.py makes the disk really full, in a process of its own)."""

from iro_tui.store import connect as connect_module
from iro_tui.store import open_store
from iro_tui.store.driver import sqlite3
from iro_tui.store.failures import cannot_open


def open_as_on_a_full_disk(path, monkeypatch, passphrase=None):
    """The store at `path` as open_store opens it when SQLite has no room for its index
    file: every connection but one held alone fails as SQLite's does there. Only while
    it opens: a later connection (a count, an import) is made as ever, and meets the
    lock the one held alone keeps."""
    real = connect_module.connect

    def no_room(at, key=None, *, alone=False):
        if not alone:
            raise cannot_open(at, sqlite3.OperationalError("disk I/O error"))
        return real(at, key, alone=True)

    with monkeypatch.context() as patched:
        patched.setattr(connect_module, "connect", no_room)
        store = open_store(path, passphrase, defer_check=True)
    assert store.held_alone and store.read_only
    return store
