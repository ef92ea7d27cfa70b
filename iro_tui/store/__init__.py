"""The only place with SQL. Open a store with `open_store`; every write is one transaction."""

from iro_tui.store.connect import open_store
from iro_tui.store.store import Store

__all__ = ["Store", "open_store"]
