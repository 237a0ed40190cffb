"""Issue 16: `kill -9` of an ingest at several moments, then the same ingest run to the
end, leaves the store a clean ingest leaves: the same articles, events, merged events
and stories. Bounded: three kill points, one small corpus."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

CORPUS = Path(__file__).parent / "data" / "linking" / "stories.jsonl"
# when to kill, as a share of a clean run's time: while the model loads, early and late
# among the articles (a clean run spends about half its time loading the model)
KILL_AT = (0.3, 0.6, 0.85)


def _ingest(db: Path, home: Path, kill_after: float | None = None) -> float:
    t0 = time.monotonic()
    cmd = [sys.executable, "-m", "newsgraph", "ingest", str(CORPUS), "--db", str(db),
           "--quiet"]
    env = dict(os.environ, NEWSGRAPH_HOME=str(home))
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    if kill_after is None:
        assert proc.wait(timeout=600) in (0, 1)
        return time.monotonic() - t0
    try:
        proc.wait(timeout=kill_after)
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    return time.monotonic() - t0


def _state(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
        return {
            "articles": q("SELECT id FROM articles ORDER BY id"),
            "events": q("SELECT article_id, id, type, status FROM events ORDER BY 1, 2"),
            "merged": q("SELECT id, num_mentions, num_articles, num_sources FROM "
                        "merged_events ORDER BY id"),
            "stories": q("SELECT id, num_articles FROM stories ORDER BY id"),
            "links": q("SELECT article_id, story_id, duplicate_of FROM article_links "
                       "ORDER BY article_id"),
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """A clean ingest's store, and how long it took."""
    folder = tmp_path_factory.mktemp("clean")
    db = folder / "clean.duckdb"
    took = _ingest(db, folder)
    return _state(db), took


@pytest.mark.parametrize("share", KILL_AT)
def test_a_killed_ingest_resumed_equals_a_clean_one(tmp_path_factory, clean, share):
    want, took = clean
    work = tmp_path_factory.mktemp("killed")
    db = work / "killed.duckdb"
    _ingest(db, work, share * took)
    _ingest(db, work)  # the same command again, to the end
    assert _state(db) == want
