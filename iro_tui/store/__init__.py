"""The only place with SQL. Open a store with `open_store`; every write is one transaction."""

# First: the driver aliases SQLCipher for sqlite-utils before anything imports it.
from iro_tui.store import driver  # noqa: F401
from iro_tui.store.connect import open_store
from iro_tui.store.store import Store

__all__ = ["Store", "open_store"]
