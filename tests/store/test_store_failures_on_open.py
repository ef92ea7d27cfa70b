"""A store that cannot be written is said so on opening, and a store made read-only on
purpose stays so."""

import os
import stat

from iro_tui.permissions import make_private
from iro_tui.store.connect import _can_write
from iro_tui.store.driver import sqlite3


def test_a_store_opened_read_only_is_found_out_before_any_save(store):
    path = store.path
    assert _can_write(store.conn)
    read_only = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert not _can_write(read_only)
    finally:
        read_only.close()
    # The probe wrote nothing: the store is as it was.
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] >= 10


def test_a_store_made_read_only_on_purpose_stays_read_only(tmp_path):
    """chmod 444 was undone by opening (the file became 600, writable) without a word."""
    path = tmp_path / "s.sqlite"
    path.write_bytes(b"")
    os.chmod(path, 0o444)
    make_private(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o400
    os.chmod(path, 0o644)
    make_private(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
