"""Issue 16, item 3: an article over spaCy's million characters is extracted in pieces
and stored with the rest of its batch; a failure on one article rejects that article
only, in every path (one process, forked workers, the server's worker process)."""

from __future__ import annotations

import json

import pytest

from newsgraph.api import Newsgraph
from newsgraph.extraction import long
from newsgraph.extraction.process import ExtractionProcess
from newsgraph.model import Article, Rejected
from newsgraph.settings import Settings

SHORT = ["Kenya and Uganda signed a trade deal in Kampala on Monday.",
         "Chad and Niger held talks in N'Djamena on Tuesday."]
PARAGRAPH = ("Paragraph {n}. Officials in the valley discussed the harvest, the roads and "
             "the weather at length, and the meeting ended without any decision at all.")
LAST = "Finally, Kenyan President William Ruto met Ethiopian Prime Minister Abiy Ahmed."


def long_text(chars: int) -> str:
    """Many plain paragraphs, then one with an event, to be found at the very end."""
    paras, size, n = [], 0, 0
    while size < chars:
        paras.append(PARAGRAPH.format(n=n))
        size += len(paras[-1]) + 1
        n += 1
    return "\n".join(paras + [LAST])


def jsonl(tmp_path, texts: list[str]):
    path = tmp_path / "batch.jsonl"
    path.write_text("".join(json.dumps({"text": t, "published": "2025-10-22"}) + "\n"
                            for t in texts))
    return path


def check_offsets(rec: dict) -> None:
    text = rec["article"]["text"]
    for m in rec["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"], m
    for e in rec["events"]:
        assert text[e["trigger"]["start"]:e["trigger"]["end"]] == e["trigger"]["text"], e
    ids = {m["id"] for m in rec["mentions"]}
    assert len(ids) == len(rec["mentions"])
    assert all(p["mention"] in ids for e in rec["events"] for p in e["source"] + e["target"]
               if p["mention"])
    assert [s["i"] for s in rec["sentences"]] == list(range(len(rec["sentences"])))
    assert [e["id"] for e in rec["events"]] == [f"e{i}" for i in range(len(rec["events"]))]


def test_pieces_end_at_paragraphs_and_join_back():
    text = long_text(3000)
    parts = long.pieces(text, 500)
    assert "".join(p for _o, p in parts) == text
    assert all(len(p) <= 500 for _o, p in parts)
    assert all(p.endswith("\n") for _o, p in parts[:-1])  # each ends a paragraph
    assert [o for o, _p in parts] == [sum(len(p) for _o, p in parts[:i])
                                      for i in range(len(parts))]
    # one paragraph longer than a piece: cut after a sentence, else a space, else hard
    para = "One two three. Four five six seven eight nine ten eleven twelve."
    cut = long.pieces(para, 30)
    assert "".join(p for _o, p in cut) == para and cut[0][1] == "One two three. "
    assert "".join(p for _o, p in long.pieces("x" * 95, 30)) == "x" * 95


def test_a_long_article_in_pieces_reads_as_one_extraction(engine, monkeypatch):
    """Offsets, sentence numbers and ids continue across pieces: cut into one piece per
    paragraph, the text gives the sentences, mentions and event triggers of the whole
    (the events' roles may differ where a rule looks beyond its paragraph)."""
    text = "\n".join([SHORT[0], SHORT[1], LAST] * 3)
    whole = engine.extract(Article(text=text, published="2025-10-22")).to_dict()
    monkeypatch.setattr(long, "PIECE_CHARS", 100)
    assert len(long.pieces(text)) == 9
    joined = engine.extract(Article(text=text, published="2025-10-22")).to_dict()
    check_offsets(joined)
    assert joined["article"] == whole["article"]
    for key in ("sentences", "mentions", "statements"):
        assert joined[key] == whole[key], key
    assert [(e["id"], e["sentence"], e["type"], e["trigger"]) for e in joined["events"]] \
        == [(e["id"], e["sentence"], e["type"], e["trigger"]) for e in whole["events"]]


def test_an_article_over_a_million_characters_is_stored_with_its_batch(tmp_path, engine):
    big = long_text(1_050_000)
    assert len(big) > engine.nlp.max_length
    with Newsgraph(Settings(db=tmp_path / "long.duckdb", jobs=1), extractor=engine) as ng:
        report = ng.ingest([str(jsonl(tmp_path, [SHORT[0], big, SHORT[1]]))])
        assert report.rejected == [] and len(report.stored) == 3
        rec = ng.article(report.stored[1])
    assert rec["article"]["text"] == big
    check_offsets(rec)
    assert rec["sentences"][-1]["end"] == len(big)
    # the event of the last paragraph was found where it is
    [meet] = [e for e in rec["events"] if e["trigger"]["start"] > len(big) - len(LAST)]
    assert meet["type"] == "CONSULT"
    assert {p["actor"] for p in meet["source"] + meet["target"]} >= {"william-ruto"}


@pytest.fixture
def small_limit(engine, monkeypatch):
    """spaCy's length limit and our piece size scaled down, so the forked path can be
    tested on a short text; before the fix such a text stopped the whole batch."""
    monkeypatch.setattr(engine.nlp, "max_length", 2000)
    monkeypatch.setattr(long, "PIECE_CHARS", 1000)
    return long_text(5000)


def test_the_forked_workers_store_a_long_article_with_the_rest(tmp_path, engine,
                                                                small_limit):
    texts = [SHORT[0], small_limit, SHORT[1], LAST]
    settings = Settings(db=tmp_path / "forked.duckdb", jobs=2, batch_size=1)
    assert settings.workers(len(texts)) == 2
    engine.settings, before = settings, engine.settings
    try:
        with Newsgraph(settings, extractor=engine) as ng:
            report = ng.ingest([str(jsonl(tmp_path, texts))])
            assert report.rejected == [] and len(report.stored) == 4
            check_offsets(ng.article(report.stored[1]))
    finally:
        engine.settings = before


def test_an_article_that_breaks_extraction_is_the_only_one_rejected(tmp_path, engine,
                                                                     monkeypatch):
    """A failure in the parser (not just in our rules) rejects its article only."""
    real_pipe, real_call = engine.nlp.pipe, type(engine.nlp).__call__

    def pipe(texts, **kw):
        texts = list(texts)
        if any("BOOM" in t for t in texts):
            raise RuntimeError("the parser broke")
        return real_pipe(texts, **kw)

    def call(nlp, text, *a, **kw):
        if "BOOM" in text:
            raise RuntimeError("the parser broke")
        return real_call(nlp, text, *a, **kw)
    monkeypatch.setattr(engine.nlp, "pipe", pipe)
    monkeypatch.setattr(type(engine.nlp), "__call__", call)
    with Newsgraph(Settings(db=tmp_path / "boom.duckdb", jobs=1), extractor=engine) as ng:
        report = ng.ingest([str(jsonl(tmp_path, [SHORT[0], "BOOM went the parser.",
                                                 SHORT[1]]))])
    assert len(report.stored) == 2
    [rej] = report.rejected
    assert rej.item.endswith(":2") and "the parser broke" in rej.reason


def test_the_server_worker_rejects_only_the_article_it_fails_on(monkeypatch):
    """When the server's extraction process fails on a batch (it died, say), the batch
    is retried one article at a time."""
    calls = []

    def call(self, fn, batch):
        calls.append(len(batch))
        if any("BOOM" in a.text for a in batch):
            raise RuntimeError("the extraction process stopped")
        return [f"record of {a.text}" for a in batch]
    monkeypatch.setattr(ExtractionProcess, "_start", lambda self: None)
    monkeypatch.setattr(ExtractionProcess, "_call", call)
    worker = ExtractionProcess(Settings())
    arts = [Article(text=t, origin=f"in:{i}") for i, t in enumerate([SHORT[0], "BOOM",
                                                                     SHORT[1]])]
    out = list(worker.extract_many(arts))
    assert out[0] == f"record of {SHORT[0]}" and out[2] == f"record of {SHORT[1]}"
    assert isinstance(out[1], Rejected) and out[1].item == "in:1"
    assert "stopped" in out[1].reason and calls == [3, 1, 1, 1]


def test_the_server_stores_a_long_article_with_the_rest(tmp_path, engine, small_limit):
    from fastapi.testclient import TestClient

    from newsgraph.serve.app import create_app
    from newsgraph.serve.state import ServerState
    settings = Settings(db=tmp_path / "served.duckdb", jobs=1)
    state = ServerState(settings, None, True)
    state.ng._extractor = engine
    with TestClient(create_app(settings, state=state), base_url="http://127.0.0.1") as c:
        r = c.post("/api/ingest", json=[{"text": t} for t in (SHORT[0], small_limit,
                                                             SHORT[1])])
        assert r.status_code == 200 and len(r.json()["stored"]) == 3, r.text
        r = c.post("/api/extract", json={"text": small_limit})
        assert r.status_code == 200 and r.json()["article"]["text"] == small_limit
