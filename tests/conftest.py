"""Shared fixtures. The spaCy pipeline and the knowledge base load once per session."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest

from newsgraph.settings import Settings

# The repository sits next to shared/ (the seed article and the PLOVER gold data).
SHARED = Path(__file__).resolve().parents[2] / "shared"
assert SHARED.is_dir(), f"tests need ../shared next to the repository ({SHARED})"
SEED = SHARED / "seed" / "article.txt"
GSR = SHARED / "data" / "plover" / "gsr-dev.jsonl"
DATA = Path(__file__).parent / "data"
# Tests never read a developer's own imported actors.
os.environ["NEWSGRAPH_HOME"] = tempfile.mkdtemp(prefix="newsgraph-test-home-")
os.environ.pop("NEWSGRAPH_ACTORS", None)


@pytest.fixture(scope="session")
def engine():
    from newsgraph.extraction.extractor import Extractor
    return Extractor(Settings.from_env(jobs=1))


@pytest.fixture(scope="session")
def nlp(engine):
    return engine.nlp


@pytest.fixture(scope="session")
def kb(engine):
    return engine.kb


@pytest.fixture
def extract(engine):
    """extract(text, published="2025-10-22") -> the record as a dict."""
    from newsgraph.model import Article

    def run(text: str, published: str | None = "2025-10-22") -> dict:
        from newsgraph.ingest.normalize import normalize_text
        art = Article(text=normalize_text(text), published=published)
        return engine.extract(art).to_dict()
    return run


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(db=tmp_path / "test.duckdb", jobs=1)


@pytest.fixture
def store(tmp_path):
    from newsgraph.store import Store
    s = Store(tmp_path / "store.duckdb")
    yield s
    s.close()


def day(s: str) -> dt.date:
    return dt.date.fromisoformat(s)
