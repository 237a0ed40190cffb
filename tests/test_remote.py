"""Queries while `newsgraph serve` holds the store: the CLI reads through its API
instead of failing on the store's lock."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from newsgraph.cli import cli
from newsgraph.serve.state import serve_file
from tests.conftest import SEED


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lines(args: list[str]) -> list[dict]:
    r = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return [json.loads(x) for x in r.output.splitlines()]


@pytest.fixture
def served(tmp_path, engine):
    from newsgraph.api import Newsgraph
    from newsgraph.settings import Settings
    db = tmp_path / "held.duckdb"
    with Newsgraph(Settings(db=db, jobs=1)) as ng:
        ng._extractor = engine
        ng.ingest([str(SEED)], published="2025-10-22", source="Wire A")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "newsgraph", "serve", "--db", str(db),
                             "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env={**os.environ})
    try:
        deadline = time.monotonic() + 60
        while not serve_file(db).exists():
            assert proc.poll() is None and time.monotonic() < deadline, "server did not start"
            time.sleep(0.2)
        yield db
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_queries_read_through_the_server_that_holds_the_store(served):
    db = ["--db", str(served), "--format", "jsonl"]
    merged = lines(["events", "--merged", "--status", "all", *db])
    mentions = lines(["events", "--status", "all", *db])
    assert merged and len(mentions) >= len(merged)
    assert {"num_sources", "evidence", "confidence"} <= set(merged[0])
    assert {"sentence_text", "trigger"} <= set(mentions[0])
    two = lines(["events", "--status", "all", "--limit", "2", "--offset", "1", *db])
    assert [e["id"] for e in two] == [e["id"] for e in mentions[1:3]]
    assert lines(["events", "--merged", "--type", "CONSULT", "--actor", "mark-rutte", *db])
    assert lines(["statements", *db])
    [story] = lines(["stories", *db])
    r = CliRunner().invoke(cli, ["story", story["id"], "--db", str(served), "--format", "json"])
    assert json.loads(r.output)["id"] == story["id"]
    r = CliRunner().invoke(cli, ["story", "st-none", "--db", str(served)])
    assert r.exit_code != 0 and "no story" in r.output
