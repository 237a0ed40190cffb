"""Issue 16, items 1 and 2: no script through an article's URL, a strict policy on every
response, no writes from other sites or through foreign host names, no fetches of the
server's own network on a client's behalf (docs/security.md)."""

from __future__ import annotations

import http.server
import io
import json
import re
import socket
import threading

import pytest
from click.testing import CliRunner

from newsgraph.errors import InputError
from newsgraph.ingest import fetch as fetching
from newsgraph.ingest.article import Metadata
from newsgraph.ingest.readers import read_inputs
from newsgraph.ingest.urls import http_url
from newsgraph.model import Article
from newsgraph.settings import Settings

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from newsgraph.serve.app import create_app  # noqa: E402
from newsgraph.serve.state import ServerState  # noqa: E402

BASE = "http://127.0.0.1:8000"
TEXT = "Kenyan officials met Ethiopian diplomats in Nairobi on Monday."
SCRIPT_URLS = [
    "javascript:alert(document.domain)//",
    "JaVaScRiPt:alert(1)",
    "  javascript:alert(1)",
    "\x01\x02javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "http:/no-host",
]


def serve(tmp_path, engine, name="sec", max_bytes=5_000_000, **kw) -> TestClient:
    settings = Settings(db=tmp_path / f"{name}.duckdb", jobs=1, max_bytes=max_bytes)
    state = ServerState(settings, kw.pop("token", None), kw.pop("loopback", True), **kw)
    state.ng._extractor = engine
    return TestClient(create_app(settings, state=state), base_url=BASE)


def stored(client) -> int:
    return client.get("/api/articles").json()["total"]


# ---- 1. links ------------------------------------------------------------------------

@pytest.mark.parametrize("url", SCRIPT_URLS)
def test_a_url_that_is_not_http_is_never_kept(url):
    assert http_url(url) is None


def test_http_urls_are_kept_without_surrounding_spaces():
    assert http_url(" https://news.example.org/a?b=1#c\n") == "https://news.example.org/a?b=1#c"
    assert http_url("HTTP://Example.org/") == "HTTP://Example.org/"


@pytest.mark.parametrize("url", SCRIPT_URLS[:6])
def test_no_reader_stores_a_script_url(tmp_path, url):
    lines = tmp_path / "batch.jsonl"
    lines.write_text(json.dumps({"text": TEXT, "url": url}) + "\n")
    feed = tmp_path / "feed.xml"
    link = url.replace("&", "&amp;").replace("<", "&lt;")
    feed.write_text(f"""<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>
        <item><title>One</title><link>{link}</link><description>{TEXT}</description></item>
        </channel></rss>""")
    page = tmp_path / "page.html"
    page.write_text(f"""<!doctype html><html><head><title>Talks</title>
        <link rel="canonical" href="{link}"><meta property="og:url" content="{link}">
        </head><body><article><p>{TEXT}</p></article></body></html>""")
    items = list(read_inputs([str(lines), str(feed), str(page)], Metadata(), Settings()))
    assert [type(i) for i in items] == [Article] * 3
    assert [i.url for i in items] == [None] * 3
    # a default given for inputs without a URL is held to the same rule
    [art] = read_inputs(["-"], Metadata(url=url), Settings(),
                        stdin=io.StringIO(json.dumps({"text": TEXT})))
    assert art.url is None


def test_the_cli_refuses_a_script_url(tmp_path):
    from newsgraph.cli import cli
    page = tmp_path / "a.txt"
    page.write_text(TEXT)
    r = CliRunner().invoke(cli, ["ingest", str(page), "--url", "javascript:alert(1)",
                                 "--db", str(tmp_path / "c.duckdb"), "-j", "1"])
    assert r.exit_code == 2 and "--url" in r.output
    assert not (tmp_path / "c.duckdb").exists()


def test_the_article_page_links_only_http_urls(tmp_path, engine):
    with serve(tmp_path, engine) as c:
        r = c.post("/api/ingest", json=[
            {"text": TEXT, "url": "JaVaScRiPt:alert(document.domain)//"},
            {"text": TEXT + " They met again.", "url": "https://news.example.org/talks"}])
        bad, good = r.json()["stored"]
        assert c.get(f"/api/articles/{bad}").json()["article"]["url"] is None
        assert 'href="https://news.example.org/talks"' in c.get(f"/articles/{good}").text
        # a script URL stored by an older version is shown as text, never as a link
        st = c.app.state.ng
        st.ng.store.con.execute("UPDATE articles SET url = ? WHERE id = ?",
                                ["javascript:alert(1)//", bad])
        html = c.get(f"/articles/{bad}").text
        assert "javascript:alert(1)//" in html
        assert not re.search(r'href="\s*javascript:', html, flags=re.I)


def test_every_response_carries_a_strict_policy(tmp_path, engine):
    with serve(tmp_path, engine, max_bytes=2000) as c:
        c.post("/api/ingest", json={"text": TEXT})
        responses = [c.get(p) for p in ("/events", "/articles", "/extract", "/api/events",
                                         "/api/articles/nope", "/articles/nope",
                                         "/static/app.js", "/vendor/plotly.min.js",
                                         "/openapi.json")]
        responses.append(c.post("/api/ingest", json={"text": "x " * 2000}))  # 413
        responses.append(c.post("/api/ingest", content=b"x", headers={
            "content-type": "text/plain"}))  # 415
        for r in responses:
            csp = r.headers.get("content-security-policy", "")
            where = f"{r.request.method} {r.url.path} {r.status_code}"
            for directive in ("default-src 'self'", "script-src 'self'", "object-src 'none'",
                              "base-uri 'none'", "frame-ancestors 'none'"):
                assert directive in csp, where
            script = re.search(r"script-src ([^;]*)", csp).group(1)
            assert "unsafe" not in script and "http" not in script, where
            assert r.headers["x-content-type-options"] == "nosniff", where
            assert r.headers["referrer-policy"] == "same-origin", where


def test_pages_have_no_inline_script():
    from pathlib import Path

    import newsgraph.serve
    templates = Path(newsgraph.serve.__file__).parent / "templates"
    for page in templates.glob("*.html"):
        html = page.read_text()
        for tag in re.findall(r"<script[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (page.name, tag)
        assert not re.search(r"\son[a-z]+=", html), page.name  # no event handler attributes
        assert "javascript:" not in html.lower(), page.name


def test_the_api_docs_admit_their_own_script_only(tmp_path, engine):
    with serve(tmp_path, engine) as c:
        r = c.get("/docs")
        csp = r.headers["content-security-policy"]
        assert r.status_code == 200 and "'sha256-" in csp and "'unsafe-inline'" not in \
            re.search(r"script-src ([^;]*)", csp).group(1)
        assert "frame-ancestors 'none'" in csp
        assert c.get("/redoc").status_code == 200
        # the page is fixed: nothing of the request reaches it
        probe = "<b>probe</b>"
        assert probe not in c.get("/docs", params={"html": probe, "title": probe}).text


# ---- 2. writes from other sites, foreign hosts, fetches --------------------------------

def test_other_sites_cannot_write(tmp_path, engine):
    doc = json.dumps({"text": TEXT})
    with serve(tmp_path, engine) as c:
        # bodies a page of another site can send without asking: plain text and forms
        for kind in ("text/plain", "application/x-www-form-urlencoded",
                     "multipart/form-data; boundary=x", None):
            headers = {"content-type": kind} if kind else {}
            r = c.post("/api/ingest", content=doc.encode(), headers=headers)
            assert r.status_code == 415 and "application/json" in r.json()["error"], kind
        json_type = {"content-type": "application/json"}
        for origin in ("https://evil.example", "http://127.0.0.1:9999", "null",
                       "http://localhost:8000"):
            r = c.post("/api/ingest", content=doc, headers={**json_type, "origin": origin})
            assert r.status_code == 403 and "error" in r.json(), origin
        r = c.post("/api/ingest", content=doc,
                   headers={**json_type, "sec-fetch-site": "cross-site"})
        assert r.status_code == 403
        r = c.post("/api/extract", content=doc, headers={"content-type": "text/plain"})
        assert r.status_code == 415
        # DNS rebinding: a name that resolves to 127.0.0.1 but is not one of ours
        r = c.post("/api/ingest", content=doc, headers={**json_type,
                                                        "host": "evil.example:8000"})
        assert r.status_code == 403 and "unknown host" in r.json()["error"]
        assert c.get("/api/articles", headers={"host": "evil.example"}).status_code == 403
        assert stored(c) == 0
        # the server's own page, and clients that are not browsers, may write
        r = c.post("/api/ingest", content=doc, headers={**json_type, "origin": BASE})
        assert r.status_code == 200 and len(r.json()["stored"]) == 1
        r = c.post("/api/ingest", content=json.dumps({"text": TEXT + " Again."}),
                   headers={"content-type": "application/x-ndjson",
                            "host": "localhost:8000"})
        assert r.status_code == 200 and len(r.json()["stored"]) == 1


def test_more_host_names_can_be_allowed(tmp_path, engine):
    with serve(tmp_path, engine, host="0.0.0.0", loopback=False, token="t",
               allowed_hosts=("newsgraph.team.example",)) as c:
        auth = {"authorization": "Bearer t"}
        for host in ("newsgraph.team.example:8000", "192.0.2.7:8000", "localhost"):
            assert c.get("/api/status", headers={"host": host}).status_code == 200, host
        assert c.get("/api/status", headers={"host": "rebind.evil.example"}).status_code \
            == 403
        r = c.post("/api/ingest", json={"text": TEXT},
                   headers={**auth, "host": "newsgraph.team.example:8000",
                            "origin": "http://newsgraph.team.example:8000"})
        assert r.status_code == 200 and r.json()["stored"]


def form_token(client) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/extract").text).group(1)


def test_the_extract_form_needs_its_own_token(tmp_path, engine):
    with serve(tmp_path, engine) as c:
        forged = {"text": TEXT, "store": "1"}
        for token in (None, "", "123.abc", form_token(c)[:-2] + "00", "1.ü"):
            data = forged if token is None else {**forged, "csrf": token}
            r = c.post("/extract", data=data, follow_redirects=False)
            assert r.status_code == 403 and "expired" in r.text, token
        # a form posted from another site is refused before the token is looked at
        r = c.post("/extract", data={**forged, "csrf": form_token(c)},
                   headers={"origin": "https://evil.example"}, follow_redirects=False)
        assert r.status_code == 403
        assert stored(c) == 0
        r = c.post("/extract", data={**forged, "csrf": form_token(c)},
                   headers={"origin": BASE}, follow_redirects=False)
        assert r.status_code == 303 and stored(c) == 1


def test_form_tokens_expire():
    from newsgraph.serve.guard import FormTokens
    tokens = FormTokens(ttl=60)
    good = tokens.issue()
    assert tokens.valid(good) and not FormTokens().valid(good)  # another process
    issued, mac = good.split(".")
    old = str(int(issued) - 3600)
    assert not tokens.valid(f"{old}.{tokens._mac(old)}")


@pytest.fixture
def local_site(monkeypatch):
    """An http server on loopback that counts the requests it gets (reached directly,
    whatever proxy the environment names)."""
    for var in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(var, raising=False)
        monkeypatch.delenv(var.upper(), raising=False)
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.path)
            if self.path == "/hop":
                self.send_response(302)
                self.send_header("Location", f"http://127.0.0.1:{port}/secret")
                self.end_headers()
                return
            body = b"Internal memo: the Kenyan minister met Ethiopian diplomats in Nairobi."
            self.send_response(200)
            self.send_header("content-type", "text/plain")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass
    srv = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    port = srv.server_address[1]
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port}", seen
    srv.shutdown()


def test_the_server_does_not_fetch_its_own_network(tmp_path, engine, local_site,
                                                   monkeypatch):
    monkeypatch.delenv("NEWSGRAPH_ALLOW_PRIVATE_FETCH", raising=False)
    site, seen = local_site
    port = site.rsplit(":", 1)[1]
    urls = [f"{site}/secret", f"http://localhost:{port}/secret",
            f"http://[::ffff:127.0.0.1]:{port}/secret", f"http://2130706433:{port}/secret",
            "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/",
            "http://0.0.0.0:1/"]
    with serve(tmp_path, engine) as c:
        r = c.post("/api/ingest", json=[{"url": u} for u in urls])
        body = r.json()
        assert r.status_code == 200 and body["stored"] == []
        assert [x["item"] for x in body["rejected"]] == urls
        assert all(x["reason"].startswith("refused:") for x in body["rejected"])
        assert "loopback" in body["rejected"][0]["reason"]
        assert "link-local" in body["rejected"][4]["reason"]
        assert "private" in body["rejected"][5]["reason"]
    assert seen == []
    # the operator may allow it
    with serve(tmp_path, engine, name="allowed", allow_private_fetch=True) as c:
        r = c.post("/api/ingest", json={"url": f"{site}/secret"})
        assert len(r.json()["stored"]) == 1 and seen == ["/secret"]


def test_private_fetches_are_allowed_by_the_environment(tmp_path, engine, monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_ALLOW_PRIVATE_FETCH", "1")
    with serve(tmp_path, engine) as c:
        assert c.app.state.ng.settings.public_fetch_only is False
    monkeypatch.setenv("NEWSGRAPH_ALLOW_PRIVATE_FETCH", "0")
    with serve(tmp_path, engine) as c:
        assert c.app.state.ng.settings.public_fetch_only is True


def test_guarded_fetches_check_redirects_and_the_connection(local_site, monkeypatch):
    site, seen = local_site
    guarded = Settings(public_fetch_only=True, fetch_timeout=5)
    # a redirect to our own network is refused before it is followed
    handler = fetching._Redirects(guarded=True)
    with pytest.raises(InputError, match="loopback"):
        handler.redirect_request(None, None, 302, "Found", {}, f"{site}/secret")
    with pytest.raises(InputError, match="redirected to a ftp"):
        fetching._Redirects(guarded=False).redirect_request(None, None, 302, "Found", {},
                                                             "ftp://files.example/x")
    # a name that resolves to a public address when checked and to loopback when the
    # connection is made (DNS rebinding) is caught on the connection itself
    real = socket.getaddrinfo
    answers = iter(["93.184.216.34", "127.0.0.1"])

    def flipping(host, port, *args, **kwargs):
        if host == "flip.example":
            return real(next(answers), port, *args, **kwargs)
        return real(host, port, *args, **kwargs)
    monkeypatch.setattr(socket, "getaddrinfo", flipping)
    port = site.rsplit(":", 1)[1]
    with pytest.raises(InputError, match="loopback"):
        fetching.fetch(f"http://flip.example:{port}/secret", guarded)
    assert seen == []
    # without the guard (the command line, for the user's own network) it is fetched
    body, *_ = fetching.fetch(f"{site}/hop", Settings(fetch_timeout=5))
    assert b"Internal memo" in body and seen == ["/hop", "/secret"]


@pytest.mark.parametrize("address,kind", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"),
    ("192.168.0.1", "private"), ("172.16.0.1", "private"), ("fc00::1", "private"),
    ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("224.0.0.1", "multicast"), ("ff02::1", "multicast"), ("0.0.0.0", "unspecified"),
    ("::", "unspecified"), ("100.64.0.1", "non-public"), ("::ffff:10.0.0.1", "private"),
    ("2002:7f00:1::", "loopback"), ("8.8.8.8", None), ("2606:4700::1111", None)])
def test_address_kinds(address, kind):
    import ipaddress
    assert fetching.non_public(ipaddress.ip_address(address)) == kind
