"""newsgraph: news articles -> actors, events with status, statements, with evidence.

    import newsgraph
    with newsgraph.open("news.duckdb") as ng:
        ng.ingest(["article.txt"], published="2025-10-22")
        ng.events(type="CONSULT")
"""

__version__ = "0.1.0"

from newsgraph.api import IngestReport, Newsgraph, extract, open  # noqa: E402,A004
from newsgraph.settings import Settings  # noqa: E402

__all__ = ["IngestReport", "Newsgraph", "Settings", "__version__", "extract", "open"]
