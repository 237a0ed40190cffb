"""Issue 16, items 4, 5, 9, 12, 15 and 16: lone surrogates, special files, impossible
dates in pages and feeds, huge offsets, NUL bytes in one line, literal % and _ in
searches, byte limits that are no numbers, gzip request bodies. Inputs of our own."""

from __future__ import annotations

import gzip
import http.server
import io
import json
import os
import threading
import time

import pytest

from newsgraph.errors import ConfigError, QueryError
from newsgraph.ingest.article import Metadata
from newsgraph.ingest.readers import read_inputs
from newsgraph.model import Article, Rejected
from newsgraph.query import MAX_OFFSET, article_query
from newsgraph.settings import Settings

pytest.importorskip("fastapi")
from tests.test_serve_api import make_client  # noqa: E402

LINE_A = '{"id": "a", "text": "Chad and Niger signed a water accord.\\ud800 More."}'
LINE_B = '{"id": "b", "text": "Mali recalled its envoy from Algeria."}'


def _read(*inputs, stdin=None):
    return list(read_inputs(list(inputs), Metadata(), Settings(), stdin=stdin))


def test_a_lone_surrogate_is_replaced_and_the_file_goes_on(tmp_path):
    src = tmp_path / "s.jsonl"
    src.write_text(LINE_A + "\n" + LINE_B + "\n")
    items = _read(str(src))
    assert [type(i) for i in items] == [Article, Article]
    assert "\ufffd" in items[0].text and "\ud800" not in items[0].text
    items = _read("-", stdin=io.StringIO(LINE_A + "\n" + LINE_B + "\n"))
    assert [type(i) for i in items] == [Article, Article]


def test_a_surrogate_through_the_api_is_stored(tmp_path, engine):
    with make_client(tmp_path, engine) as c:
        r = c.post("/api/ingest", content=LINE_A.encode(),
                   headers={"Content-Type": "application/json"})
        assert r.status_code == 200 and len(r.json()["stored"]) == 1


def test_pipes_and_devices_are_refused_not_read(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "a-pipe.txt")
    (folder / "b.txt").write_text("Mali recalled its envoy from Algeria.")
    done: list = []
    # a reader that opened the pipe would block for ever: a daemon thread, bounded wait
    worker = threading.Thread(target=lambda: done.append(_read(str(folder), "/dev/zero")),
                              daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert done, "reading a folder with a pipe, or /dev/zero, did not finish"
    items = done[0]
    assert isinstance(items[0], Rejected) and "regular file" in items[0].reason
    assert isinstance(items[1], Article)
    assert isinstance(items[2], Rejected) and items[2].item == "/dev/zero"


def test_a_nul_byte_rejects_its_line_only(tmp_path):
    src = tmp_path / "n.jsonl"
    src.write_bytes(LINE_B.encode() + b"\n" + b'{"text": "Chad\x00 met Niger."}\n' +
                    LINE_B.replace('"b"', '"c"').encode() + b"\n")
    items = _read(str(src))
    assert [type(i) for i in items] == [Article, Rejected, Article]
    assert items[1].item.endswith("n.jsonl:2") and "NUL" in items[1].reason


def test_a_malformed_line_names_its_column_once(tmp_path):
    src = tmp_path / "m.jsonl"
    src.write_text('{"text": "unterminated\n')
    [item] = _read(str(src))
    assert isinstance(item, Rejected) and "at at" not in item.reason
    assert "column" in item.reason


def test_an_impossible_page_date_does_not_date_the_article(tmp_path):
    page = tmp_path / "p.html"
    body = "Mali recalled its envoy from Algeria on Sunday after a border incident. " * 15
    page.write_text('<html><head><meta property="article:published_time" '
                    f'content="2024-14-40"><title>Envoy</title></head><body><article><p>'
                    f'{body}</p></article></body></html>')
    [art] = list(read_inputs([str(page)], Metadata(published="2024-06-02"), Settings()))
    assert art.published == "2024-06-02"


def test_an_impossible_feed_date_rejects_its_entry_only(tmp_path):
    feed = tmp_path / "f.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>'
        '<item><link>http://example.org/1</link><pubDate>2024-14-40</pubDate>'
        '<description>Mali recalled its envoy from Algeria.</description></item>'
        '<item><link>http://example.org/2</link><pubDate>Mon, 03 Jun 2024 08:00:00 GMT'
        '</pubDate><description>Chad and Niger signed a water accord.</description></item>'
        '</channel></rss>')
    first, second = _read(str(feed))
    assert isinstance(first, Rejected) and "2024-14-40" in first.reason
    assert isinstance(second, Article) and second.published == "2024-06-03"


def test_an_offset_beyond_any_store_is_a_query_error(tmp_path, engine):
    with pytest.raises(QueryError, match="offset"):
        article_query(offset=MAX_OFFSET + 1)
    with make_client(tmp_path, engine) as c:
        r = c.get("/api/events", params={"offset": 2**63})
        assert r.status_code == 422 and "offset" in r.json()["error"]


def test_percent_and_underscore_are_searched_literally(tmp_path, engine):
    with make_client(tmp_path, engine) as c:
        for text in ("Mali cut fuel prices by 40% on Monday.",
                     "Mali cut fuel prices by forty points on Monday.",
                     "Chad named its new envoy_2024 on Monday."):
            assert c.post("/api/ingest", json={"text": text}).status_code == 200
        assert c.get("/api/articles", params={"q": "%"}).json()["total"] == 1
        assert c.get("/api/articles", params={"q": "_"}).json()["total"] == 1


@pytest.mark.parametrize("value", ["abc", "-5", "0"])
def test_a_byte_limit_must_be_a_positive_number(monkeypatch, value):
    monkeypatch.setenv("NEWSGRAPH_MAX_BYTES", value)
    with pytest.raises(ConfigError, match="NEWSGRAPH_MAX_BYTES"):
        Settings.from_env()


def test_gzip_request_bodies_are_read(tmp_path, engine):
    body = gzip.compress(json.dumps({"text": "Mali recalled its envoy from Algeria."}).encode())
    with make_client(tmp_path, engine) as c:
        r = c.post("/api/extract", content=body,
                   headers={"Content-Type": "application/json", "Content-Encoding": "gzip"})
        assert r.status_code == 200 and r.json()["article"]["text"].startswith("Mali")
        r = c.post("/api/extract", content=b'{"text": "x"}',
                   headers={"Content-Type": "application/json", "Content-Encoding": "gzip"})
        assert r.status_code == 422


def _serve(handler_body):
    """A loopback http server whose GET runs ``handler_body(handler)``."""
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the stdlib's name)
            handler_body(self)

        def log_message(self, *args):
            pass
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def _trickle(h):
    h.send_response(200)
    h.send_header("Content-Type", "text/plain")
    h.end_headers()
    try:
        for _ in range(40):
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(0.25)
    except OSError:
        pass


def _short(h):
    h.send_response(200)
    h.send_header("Content-Type", "text/plain")
    h.send_header("Content-Length", "100000")
    h.end_headers()
    h.wfile.write(b"Mali recalled its envoy.")
    h.wfile.flush()
    h.close_connection = True


@pytest.mark.parametrize("body, reason", [(_trickle, "longer than"), (_short, "ended after")])
def test_a_fetch_has_a_total_time_and_a_whole_body(body, reason):
    srv = _serve(body)
    try:
        url = f"http://127.0.0.1:{srv.server_address[1]}/a.txt"
        settings = Settings(fetch_timeout=5, fetch_total=1.5)
        t0 = time.monotonic()
        [item] = list(read_inputs([url], Metadata(), settings))
        assert isinstance(item, Rejected) and reason in item.reason, item
        assert time.monotonic() - t0 < 8
    finally:
        srv.shutdown()


def test_a_page_nested_too_deep_for_a_tree_keeps_its_text(tmp_path):
    page = tmp_path / "deep.html"
    page.write_text("<html><head><title>Deep</title></head><body>" + "<div>" * 5000 +
                    "<p>Chad and Niger signed a water accord in Niamey on Tuesday.</p>" +
                    "</div>" * 5000 + "</body></html>")
    [art] = _read(str(page))
    assert isinstance(art, Article) and art.text.startswith("Chad and Niger signed")


def test_utf8_with_a_few_bad_bytes_stays_utf8():
    from newsgraph.ingest.decode import decode

    good = "Niger’s junta met Chad’s envoy — “a frank talk” — in Niamey. " * 4
    raw = good.encode("utf-8")
    raw = raw[:30] + b"\xe9\xe8\xff" + raw[30:]
    text = decode(raw)
    assert "Niger’s junta" in text and text.count("\ufffd") == 3


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_text(codec):
    from newsgraph.ingest.decode import decode

    assert decode("Chad and Niger signed a water accord.".encode(codec)).startswith("Chad")


def test_extraction_beyond_loopback_needs_the_token_and_has_a_length_cap(tmp_path, engine):
    body = {"text": "Mali recalled its envoy from Algeria."}
    with make_client(tmp_path, engine, token=None, loopback=False) as c:
        assert c.post("/api/extract", json=body).status_code == 403
    with make_client(tmp_path / "t", engine, token="s3cret", loopback=False) as c:
        assert c.post("/api/extract", json=body).status_code == 401
        ok = c.post("/api/extract", json=body, headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200
    with make_client(tmp_path / "l", engine) as c:
        r = c.post("/api/extract", json={"text": "Mali met Chad. " * 8000})
        assert r.status_code == 413 and "ingest" in r.json()["error"]


PARENT = """
import sys, time
from newsgraph.extraction.process import ExtractionProcess
from newsgraph.model import Article
from newsgraph.settings import Settings
proc = ExtractionProcess(Settings(jobs=1))
proc.extract(Article(text="Mali recalled its envoy from Algeria."))
print(*proc._pool._processes, flush=True)
time.sleep(120)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as fh:
            return not any(line.startswith("State:") and "Z" in line for line in fh)
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc to see the worker")
def test_the_extraction_worker_ends_with_a_killed_server():
    import signal
    import subprocess
    import sys

    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE,
                              text=True)
    try:
        worker = int(parent.stdout.readline().split()[0])
        assert _alive(worker)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 15
        while _alive(worker) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(worker), "the worker outlived its server"
    finally:
        parent.kill()


def test_jsonl_files_are_streamed_with_a_limit_per_line(tmp_path):
    settings = Settings(max_bytes=2_000)
    long_line = json.dumps({"text": "Mali met Chad. " * 5_000})
    for name, write in (("plain.jsonl", lambda p, b: p.write_bytes(b)),
                        ("packed.jsonl.gz", lambda p, b: p.write_bytes(gzip.compress(b)))):
        src = tmp_path / name
        write(src, ("\ufeff" + LINE_B + "\n" + long_line + "\n" + LINE_B + "\n").encode())
        items = list(read_inputs([str(src)], Metadata(), settings))
        assert [type(i) for i in items] == [Article, Rejected, Article], name
        assert items[1].item.endswith(":2") and "size limit" in items[1].reason
        assert items[0].text.startswith("Mali recalled")
