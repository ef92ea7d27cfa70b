"""The only place with SQL. Open a store with `open_store`; every write is one transaction.

`open_store` and `Store` load on first use: a plain store's kept diary frame
(store/diary_frames.py) is read, and painted, before the domain's models load.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# First: the driver aliases SQLCipher for sqlite-utils before anything imports it.
from iro_tui.store import driver  # noqa: F401

if TYPE_CHECKING:
    from iro_tui.store.connect import open_store
    from iro_tui.store.store import Store

__all__ = ["Store", "open_store"]


def __getattr__(name: str) -> Any:
    if name == "open_store":
        from iro_tui.store.connect import open_store

        return open_store
    if name == "Store":
        from iro_tui.store.store import Store

        return Store
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
