"""Query results that turn into data frames.

Every listing of the Python API (``ng.events()``, ``ng.merged_events()``,
``ng.statements()``, ``ng.stories()``, ``ng.articles()``, ``ng.actors()``) returns
``Rows``: a plain list of dicts, as before, that also converts itself into an Arrow table
(pyarrow is a dependency) and, when the optional packages are installed, into a pandas or
polars data frame (``pip install 'newsgraph[pandas]'`` / ``'newsgraph[polars]'``). Nested
fields (sources, targets, evidence) stay nested: Arrow lists of structs.
"""

from __future__ import annotations

from typing import Any


class Rows(list):
    """A list of result rows (dicts) with data-frame conversions (pyarrow is imported
    on first use: it adds a quarter of a second to every command otherwise)."""

    def to_arrow(self) -> Any:
        import pyarrow as pa

        if not self:
            return pa.table({})
        # every row's keys, in first-seen order: a later row may carry a field the first
        # lacks (an event with a location after one without)
        names = list(dict.fromkeys(k for row in self for k in row))
        return pa.Table.from_pylist([{k: row.get(k) for k in names} for row in self])

    def to_pandas(self) -> Any:
        _require("pandas")
        return self.to_arrow().to_pandas()

    def to_polars(self) -> Any:
        polars = _require("polars")
        return polars.from_arrow(self.to_arrow())


def _require(module: str) -> Any:
    try:
        return __import__(module)
    except ImportError as exc:
        raise ImportError(f"{module} is not installed: pip install 'newsgraph[{module}]'"
                          ) from exc
