"""Server-rendered pages (Jinja2, autoescaped). Charts are drawn in the browser by
plotly.js from the plotly wheel, fed with JSON embedded in the page."""

from __future__ import annotations

import hmac
import io
import json
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from newsgraph.errors import InputError, QueryError
from newsgraph.export import MERGED_COLUMNS, flat_merged, write_csv, write_jsonl
from newsgraph.ingest.urls import http_url
from newsgraph.model import CATEGORIES, PLOVER_TYPES, STATUSES
from newsgraph.serve import render
from newsgraph.serve.routes import Reader, merged_page, state

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals.update(quads=render.QUADS, types=PLOVER_TYPES, statuses=STATUSES)
# links to an article's own URL: only http(s), whatever an older version stored
templates.env.filters["http_url"] = http_url
PAGE = 50


def page(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status)


def not_found(request: Request, message: str) -> HTMLResponse:
    return page(request, "error.html", 404, title="Not found", message=message)


def _pager(request: Request, total: int, offset: int) -> dict:
    """Links to the previous and next page, keeping the other query parameters."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]

    def at(off: int) -> str:
        return str(request.url.path) + "?" + urlencode(params + [("offset", off)])
    return {"total": total, "offset": offset, "shown": PAGE,
            "prev": at(max(offset - PAGE, 0)) if offset > 0 else None,
            "next": at(offset + PAGE) if offset + PAGE < total else None}


def _given(**fields: str) -> dict[str, str | None]:
    """A form's filters: an empty field is no filter."""
    return {k: v or None for k, v in fields.items()}


@router.get("/")
def home():
    return RedirectResponse("/events")


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, ng: Reader,
                actor: str = "", country: str = "", type: str = "", status: str = "",
                since: str = "", until: str = "", q: str = "",
                offset: Annotated[int, Query(ge=0)] = 0):
    f = _given(actor=actor, country=country, type=type, status=status, since=since,
               until=until, q=q)
    error, rows, total, counts = None, [], 0, None
    try:
        blobs, rows, total = merged_page(state(request), ng, {**f, "limit": PAGE,
                                                               "offset": offset})
        rows = rows if blobs is None else [json.loads(b) for b in blobs]
        counts = ng.merged_event_counts(**f)
    except QueryError as exc:
        error = str(exc)
    keep = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "offset"])
    return page(request, "events.html", title="Events", rows=rows, error=error,
                f={k: v or "" for k, v in f.items()}, paging=_pager(request, total, offset),
                download=keep, counts=counts)


DOWNLOAD_ROWS = 100_000  # a download is the whole filter, up to this many happenings


@router.get("/events/download")
def events_download(ng: Reader, fmt: str = "csv", actor: str = "", country: str = "",
                    type: str = "", status: str = "", since: str = "", until: str = "",
                    q: str = ""):
    """Exactly the events page's filter, every page of it, as CSV or JSON Lines."""
    if fmt not in ("csv", "jsonl"):
        return Response("fmt must be csv or jsonl", status_code=422)
    f = _given(actor=actor, country=country, type=type, status=status, since=since,
               until=until, q=q)
    try:
        rows = ng.merged_events(**f, limit=DOWNLOAD_ROWS)
    except QueryError as exc:
        return Response(str(exc), status_code=422)
    out = io.StringIO()
    if fmt == "csv":
        write_csv((flat_merged(e) for e in rows), MERGED_COLUMNS, out)
        media = "text/csv; charset=utf-8"
    else:
        write_jsonl(rows, out)
        media = "application/x-ndjson; charset=utf-8"
    return Response(out.getvalue(), media_type=media, headers={
        "Content-Disposition": f'attachment; filename="newsgraph-events.{fmt}"'})


@router.get("/statements", response_class=HTMLResponse)
def statements_page(request: Request, ng: Reader, speaker: str = "", actor: str = "",
                    category: str = "", since: str = "", until: str = "", q: str = "",
                    offset: Annotated[int, Query(ge=0)] = 0):
    f = _given(speaker=speaker, actor=actor, category=category, since=since, until=until,
               q=q)
    error, rows, total = None, [], 0
    try:
        rows = ng.statements(**f, limit=PAGE, offset=offset)
        total = ng.count_statements(**f)
    except QueryError as exc:
        error = str(exc)
    return page(request, "statements.html", title="Statements", rows=rows, error=error,
                categories=CATEGORIES, f={k: v or "" for k, v in f.items()},
                paging=_pager(request, total, offset))


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request, ng: Reader, q: str = "", source: str = "",
                  offset: Annotated[int, Query(ge=0)] = 0):
    f = dict(q=q or None, source=source or None)
    rows = ng.articles(**f, limit=PAGE, offset=offset)
    return page(request, "articles.html", title="Articles", rows=rows, q=q, source=source,
                paging=_pager(request, ng.count_articles(**f), offset))


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str, ng: Reader,
                 s: Annotated[int | None, Query(ge=0)] = None):
    rec = ng.article(article_id)
    if rec is None:
        return not_found(request, f"No article {article_id!r} in the store.")
    return _annotated(request, rec, s, stored=True)


def _annotated(request: Request, rec: dict, evidence: int | None, stored: bool,
               message: str | None = None) -> HTMLResponse:
    art = rec["article"]
    html = render.annotate(art["text"], rec["sentences"],
                           render.record_layers(rec, evidence))
    mentions = {m["id"]: m for m in rec["mentions"]}
    return page(request, "article.html", title=art.get("title") or "Article", rec=rec,
                art=art, text_html=html, evidence=evidence, mentions=mentions,
                links=rec.get("links") or {}, stored=stored, message=message)


@router.get("/actors", response_class=HTMLResponse)
def actors_page(request: Request, ng: Reader, q: str = "",
                offset: Annotated[int, Query(ge=0)] = 0):
    rows = ng.actors(search=q or None, limit=PAGE + offset)[offset:]
    return page(request, "actors.html", title="Actors", rows=rows, q=q,
                paging=_pager(request, ng.count_actors(q or None), offset))


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor_page(request: Request, actor_id: str, ng: Reader):
    actor = ng.actor(actor_id)
    if actor is None:
        return not_found(request, f"No actor {actor_id!r} in the store.")
    events = ng.merged_events(actor=actor_id, status="all", limit=PAGE)
    said = ng.statements(speaker=actor_id, limit=PAGE)
    return page(request, "actor.html", title=actor["name"] or actor_id, actor=actor,
                events=events, said=said,
                timeline=render.json_for_script(render.timeline_data(actor["timeline"])),
                network=render.json_for_script(render.network_data(actor,
                                                                    actor["network"])))


@router.get("/stories", response_class=HTMLResponse)
def stories_page(request: Request, ng: Reader,
                 offset: Annotated[int, Query(ge=0)] = 0):
    rows = ng.stories(limit=PAGE, offset=offset)
    return page(request, "stories.html", title="Stories", rows=rows,
                paging=_pager(request, ng.count_stories(), offset))


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str, ng: Reader):
    st = ng.story(story_id)
    if st is None:
        return not_found(request, f"No story {story_id!r} in the store.")
    return page(request, "story.html", title=st["title"] or story_id, story=st)


def _extract_page(request: Request, status: int = 200, text: str = "", published: str = "",
                  error: str | None = None) -> HTMLResponse:
    st = state(request)
    return page(request, "extract.html", status, title="Extract", text=text,
                published=published, need_token=st.token is not None, error=error,
                csrf=st.forms.issue())


@router.get("/extract", response_class=HTMLResponse)
def extract_form(request: Request):
    return _extract_page(request)


@router.post("/extract", response_class=HTMLResponse)
async def extract_submit(request: Request, text: Annotated[str, Form()],
                         published: Annotated[str, Form()] = "",
                         store: Annotated[str, Form()] = "",
                         token: Annotated[str, Form()] = "",
                         csrf: Annotated[str, Form()] = ""):
    st = state(request)
    need_token = st.token is not None
    if not st.forms.valid(csrf):  # not from our form, or from one issued too long ago
        return _extract_page(request, 403, error="This form has expired or was not sent "
                                                 "from this server's page: nothing was "
                                                 "done. Paste the text and submit again.")
    try:
        if not st.loopback and not (need_token and hmac.compare_digest(
                token.encode(), st.token.encode())):
            # beyond loopback, running the pipeline asks for the token, as storing does
            raise InputError("extracting on this server needs its token" if need_token
                             else "extracting is disabled on this server (it listens "
                                  "beyond loopback and no token is set)")
        if not store:
            rec = await run_in_threadpool(st.extract, text, published or None)
            return _annotated(request, rec.to_dict(), None, stored=False)
        if not st.ingest_allowed or (need_token and not hmac.compare_digest(
                token.encode(), st.token.encode())):
            raise InputError("storing needs the server's token" if st.ingest_allowed
                             else "storing is disabled on this server (no token set)")
        line = json.dumps({"text": text, "published": published or None})
        report = await run_in_threadpool(st.ingest, ["-"], io.StringIO(line))
        if report.rejected:
            raise InputError(report.rejected[0].reason)
        aid = (report.stored or [a for _o, a in report.already + report.copies])[0]
        return RedirectResponse(f"/articles/{aid}", status_code=303)
    except (InputError, QueryError) as exc:
        return _extract_page(request, 400, text=text, published=published, error=str(exc))
