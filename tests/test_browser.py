"""The web UI in headless Chromium (Debian's chromium, driven by Playwright): every page
loads without script errors, the filters work, an event leads to its evidence sentence.
Screenshots go to docs/screenshots/ (the README shows them)."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import SEED

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="Debian's chromium is not installed "
                                       "(make test installs it when it can)")
sync_api = pytest.importorskip("playwright.sync_api")
# Chromium as root on a closed network: no sandbox, no background connections.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, engine):
    import uvicorn

    from newsgraph.serve.app import create_app
    from newsgraph.serve.state import ServerState
    from newsgraph.settings import Settings

    settings = Settings(db=tmp_path_factory.mktemp("ui") / "ui.duckdb", jobs=1)
    state = ServerState(settings, None, True)
    state.ng._extractor = engine
    state.ng.ingest([str(SEED)], published="2025-10-22", source="Wire A",
                    title="Trump meets NATO chief Rutte at the White House")
    linking = Path(__file__).parent / "data" / "linking"
    state.ng.ingest([str(linking / "seed_reworded.txt")], published="2025-10-22",
                    source="Harbor Times", title="Rutte visits Trump as Putin summit is off")
    state.ng.ingest([str(linking / "stories.jsonl")])
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(settings, state=state), host="127.0.0.1",
                                        port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(5)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    yield pg
    ctx.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def test_every_page_loads_without_errors(server, page):
    for path in ("/events", "/events?status=all", "/statements", "/articles", "/actors",
                 "/stories", "/extract", "/actors/donald-trump"):
        resp = page.goto(server + path)
        assert resp.status == 200, path
        assert page.locator("h1").count() == 1, path
    assert page.errors == []


def test_filters_then_follow_an_event_to_its_evidence(server, page):
    page.goto(server + "/events")
    page.fill("input[name=actor]", "mark-rutte")
    page.select_option("select[name=type]", "CONSULT")
    page.click("button[type=submit]")
    page.wait_for_url("**/events?*actor=mark-rutte*")
    rows = page.locator("table.events tbody tr")
    assert rows.count() == 1 and "1–1 of 1" in page.locator("p.pager").inner_text()
    assert "Mark Rutte" in rows.first.inner_text()
    assert "2 / 2" in rows.first.locator("td.reports").inner_text()  # articles / sources
    assert float(rows.first.locator("td.conf").inner_text()) > 0.9  # two witnesses
    shot(page, "events")
    link = rows.first.locator("a.evidence").first
    sentence = link.inner_text().rstrip("…").strip()
    link.click()
    page.wait_for_url("**/articles/*?s=*")
    evidence = page.locator("article.text .evidence-sentence")
    assert evidence.count() >= 1
    shown = page.evaluate("Array.from(document.querySelectorAll("
                          "'article.text .evidence-sentence'))"
                          ".map(e => e.textContent).join('')")
    assert sentence[:60] in shown
    shot(page, "article")
    assert page.errors == []


def test_statements_page_filters_by_speaker_and_leads_to_the_sentence(server, page):
    page.goto(server + "/statements")
    page.fill("input[name=speaker]", "donald-trump")
    page.click("button[type=submit]")
    page.wait_for_url("**/statements?*speaker=donald-trump*")
    rows = page.locator("table.statements tbody tr")
    assert rows.count() >= 1 and "Trump" in rows.first.inner_text()
    shot(page, "statements")
    rows.first.locator("a.evidence").click()
    page.wait_for_url("**/articles/*?s=*")
    assert page.locator("article.text .evidence-sentence").count() >= 1
    assert page.errors == []


def test_actor_page_draws_timeline_and_network(server, page):
    page.goto(server + "/actors/donald-trump")
    page.wait_for_selector("#timeline .main-svg")
    # a range slider and buttons choose the span shown
    assert page.locator("#timeline .rangeslider-container").count() == 1
    assert page.locator("#timeline .rangeselector .button").count() == 4
    page.wait_for_selector("#network .main-svg")
    assert page.locator("#network text").filter(has_text="Mark Rutte").count() >= 1
    shot(page, "actor")
    assert page.errors == []


def test_stories_lead_to_their_articles_in_time_order(server, page):
    page.goto(server + "/stories")
    page.locator("table tbody tr td a", has_text="Sudan").first.click()
    page.wait_for_url("**/stories/st-*")
    days = [t.strip() for t in page.locator("ol.items li .muted").all_inner_texts()]
    assert len(days) >= 4 and days == sorted(days)
    shot(page, "story")
    assert page.errors == []


def test_extract_annotates_without_storing(server, page):
    page.goto(server + "/articles")
    before = page.locator("p.pager").inner_text()
    page.goto(server + "/extract")
    page.fill("textarea[name=text]", "Kenyan President William Ruto met Ethiopian "
                                     "Prime Minister Abiy Ahmed in Nairobi on Monday.")
    page.fill("input[name=published]", "2025-06-04")
    page.click("button[type=submit]")
    page.wait_for_selector("article.text .trigger")
    assert page.locator(".badge", has_text="not stored").count() == 1
    assert "William Ruto" in page.locator("aside").inner_text()
    shot(page, "extract")
    page.goto(server + "/articles")
    assert page.locator("p.pager").inner_text() == before
    assert page.errors == []


def test_a_page_of_another_site_cannot_store_anything(server, page):
    """Forms on another origin that post to our /extract (store=1) and to /api/ingest
    (a text/plain body, which needs no preflight) store nothing."""
    import http.server
    import json
    import urllib.request

    doc = json.dumps({"text": "Forged: Kenya and Uganda signed a trade deal on Monday."})
    evil = f"""<!doctype html><html><body>
    <form id="f1" method="post" action="{server}/extract">
      <input name="text" value="Forged: Chad and Niger held talks on Tuesday.">
      <input name="store" value="1"><input name="csrf" value="1.guess"></form>
    <form id="f2" method="post" action="{server}/api/ingest" enctype="text/plain">
      <input name='{doc[:-2]}' value='"}}'></form>
    </body></html>""".encode()

    class Evil(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("content-type", "text/html")
            self.end_headers()
            self.wfile.write(evil)

        def log_message(self, *args):
            pass
    site = http.server.HTTPServer(("127.0.0.1", 0), Evil)
    threading.Thread(target=site.serve_forever, daemon=True).start()

    def total() -> int:
        with urllib.request.urlopen(server + "/api/articles") as r:
            return json.loads(r.read())["total"]
    before = total()
    try:
        for form in ("f1", "f2"):
            page.goto(f"http://localhost:{site.server_address[1]}/")
            with page.expect_navigation():
                page.evaluate(f"document.getElementById('{form}').submit()")
            assert "403" in page.content() or "refused" in page.content(), form
    finally:
        site.shutdown()
    assert total() == before
