"""The store: the only module with SQL. DuckDB file by default."""

from newsgraph.store.db import Store

__all__ = ["Store"]
