"""JSON API. Lists are ``{"items": [...], "total": N}`` with ``limit``/``offset``; the
filters are the CLI's and are checked by the same code (newsgraph.query)."""

from __future__ import annotations

import hmac
import io
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from newsgraph import __version__
from newsgraph.errors import InputError
from newsgraph.ingest.decode import decompress
from newsgraph.query import MAX_OFFSET, merged_query
from newsgraph.serve.state import EXTRACT_MAX_CHARS, ServerState

router = APIRouter(prefix="/api", tags=["api"])

MAX_LIMIT = 1000
Many = Annotated[list[str], Query()]
Limit = Annotated[int, Query(ge=0, le=MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]


def state(request: Request) -> ServerState:
    return request.app.state.ng


def reader(request: Request):
    with state(request).reader() as ng:
        yield ng


Reader = Annotated[Any, Depends(reader)]


def _found(item: Any, kind: str, item_id: str) -> Any:
    if item is None:
        raise HTTPException(404, f"no {kind} {item_id!r} in the store")
    return item


def listing(items: list, total: int) -> dict[str, Any]:
    return {"items": items, "total": total}


def merged_page(st: ServerState, ng, filters: dict) -> tuple[list[bytes] | None, list, int]:
    """A page of merged events: (JSON items, [], total) from the server's listing when
    it can answer, else (None, items, total) from the store."""
    f = merged_query(st.actor_lookup(ng.store), **filters)  # actor names resolved here
    hit = st.listing_page(filters)
    if hit is not None:
        return hit[0], [], hit[1]
    items, total = ng.store.linked.merged_page(f)
    return None, items, total


@router.get("/events")
async def events(request: Request, merged: bool = True, actor: Many = (),
                 country: Many = (), type: Many = (), status: Many = (),
                 since: str | None = None, until: str | None = None, q: str | None = None,
                 story: str | None = None, min_sources: Annotated[int, Query(ge=0)] = 0,
                 sort: str | None = None, limit: Limit = 50, offset: Offset = 0):
    """Merged events (one per happening, most independent sources first) by default;
    ``merged=false`` for every event mention with its sentence (``sort=newest`` for
    newest first). ``status`` defaults to occurred; ``status=all``."""
    f = dict(actor=list(actor), country=list(country), type=list(type),
             status=list(status), since=since, until=until, q=q)
    st = state(request)
    if not merged:
        f["sort"] = sort
    if merged:
        f.update(story=story, min_sources=min_sources, limit=limit, offset=offset)
        # the listing answers in about a millisecond: on the event loop, no thread hop
        hit = st.listing_page(f)
        if hit is not None:
            return _json_page(*hit)
    return await run_in_threadpool(_events, st, merged, f, limit, offset)


def _json_page(blobs: list[bytes], total: int) -> Response:
    return Response(b'{"items":[' + b",".join(blobs) + b'],"total":%d}' % total,
                    media_type="application/json")


def _events(st: ServerState, merged: bool, f: dict, limit: int, offset: int) -> dict:
    with st.reader() as ng:
        if merged:
            blobs, items, total = merged_page(st, ng, f)
            return listing(items, total) if blobs is None else _json_page(blobs, total)
        return listing(ng.events(**f, limit=limit, offset=offset), ng.count_events(**f))


@router.get("/status")
async def status(request: Request):
    """The server: version, store, whether the in-memory event listing is loaded."""
    st = state(request)
    return {"version": __version__, "db": str(st.settings.db),
            "listing": "ready" if st.listing.ready else
            ("failed: " + st.listing.error if st.listing.error else "loading"),
            "listed_merged_events": len(st.listing), "ingest": st.ingest_allowed}


@router.get("/statements")
def statements(ng: Reader, speaker: Many = (), actor: Many = (),
               country: Many = (), category: Many = (), since: str | None = None,
               until: str | None = None, q: str | None = None, sort: str | None = None,
               limit: Limit = 50, offset: Offset = 0):
    """Statements; ``actor`` filters on actors mentioned, ``speaker`` on who spoke,
    ``category`` on what is attributed (speech, belief, intention, evidence; all by
    default); ``sort=newest`` for newest first."""
    f = dict(speaker=list(speaker), actor=list(actor), country=list(country),
             category=list(category), since=since, until=until, q=q)
    return listing(ng.statements(**f, sort=sort, limit=limit, offset=offset),
                   ng.count_statements(**f))


@router.get("/actors")
def actors(ng: Reader, q: str | None = None, limit: Limit = 50,
           offset: Offset = 0):
    """Actors seen in stored articles, most mentioned first."""
    rows = ng.actors(search=q, limit=limit + offset)[offset:]
    return listing(rows, ng.count_actors(q))


@router.get("/actors/{actor_id}")
def actor(actor_id: str, ng: Reader, since: str | None = None,
          until: str | None = None):
    """An actor with its counts, weekly timeline by quad class and its partners."""
    return _found(ng.actor(actor_id, since=since, until=until), "actor", actor_id)


@router.get("/stories")
def stories(ng: Reader, actor: Many = (), since: str | None = None,
            until: str | None = None, limit: Limit = 50, offset: Offset = 0):
    """Stories, most recently active first."""
    return listing(ng.stories(since=since, until=until, actor=list(actor), limit=limit,
                              offset=offset), ng.count_stories())


@router.get("/stories/{story_id}")
def story(story_id: str, ng: Reader):
    """A story: its articles in time order and its merged events."""
    return _found(ng.story(story_id), "story", story_id)


@router.get("/articles")
def articles(ng: Reader, q: str | None = None, source: str | None = None,
             since: str | None = None, until: str | None = None, story: str | None = None,
             limit: Limit = 50, offset: Offset = 0):
    """Stored articles, newest first."""
    f = dict(q=q, source=source, since=since, until=until, story=story)
    return listing(ng.articles(**f, limit=limit, offset=offset), ng.count_articles(**f))


@router.get("/articles/{article_id}")
def article(article_id: str, ng: Reader):
    """The extraction record of an article (SCHEMA.md) with its links."""
    return _found(ng.article(article_id), "article", article_id)


def writer(request: Request, authorization: str | None = Header(None)) -> ServerState:
    """Writing needs ``Authorization: Bearer <NEWSGRAPH_TOKEN>``; without a token set it
    is allowed only on a server bound to loopback."""
    st = state(request)
    if st.token is None:
        if not st.loopback:
            raise HTTPException(403, "ingest is disabled: the server listens beyond "
                                     "loopback and NEWSGRAPH_TOKEN is not set")
        return st
    if not hmac.compare_digest((authorization or "").encode(), f"Bearer {st.token}".encode()):
        raise HTTPException(401, "a bearer token is required (Authorization: Bearer ...)")
    return st


Writer = Annotated[ServerState, Depends(writer)]


@router.post("/ingest")
async def ingest(request: Request, st: Writer):
    """Ingest articles: a JSON object ``{"text", "title"?, "url"?, "source"?,
    "published"?}`` or ``{"url": "https://..."}`` to fetch, a JSON list of such objects,
    or JSON Lines (``application/x-ndjson``). Returns what was stored, copied, already
    there and rejected (with reasons)."""
    body = await _body_text(request, st.settings.max_bytes)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    inputs, lines = _ingest_inputs(body, kind)
    from starlette.concurrency import run_in_threadpool
    report = await run_in_threadpool(st.ingest, inputs, io.StringIO(lines))
    return {"stored": report.stored,
            "copies": [aid for _o, aid in report.copies],
            "already": [aid for _o, aid in report.already],
            "rejected": [{"item": r.item, "reason": r.reason} for r in report.rejected],
            "summary": report.summary()}


async def _body_text(request: Request, limit: int) -> str:
    """The request body as text: gzip-compressed bodies (Content-Encoding: gzip, or the
    gzip magic bytes) are decompressed within the size limit; bad UTF-8 is replaced."""
    raw = await request.body()
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = decompress(raw, limit)
        except InputError as exc:
            raise HTTPException(413 if "limit" in str(exc) else 422, str(exc)) from None
    elif request.headers.get("content-encoding", "").lower() == "gzip":
        raise HTTPException(422, "Content-Encoding says gzip but the body is not gzip data")
    return raw.decode("utf-8", errors="replace")


def _ingest_inputs(body: str, kind: str) -> tuple[list[str], str]:
    if kind in ("application/x-ndjson", "application/ndjson", "application/jsonl",
                "application/x-jsonlines"):
        return ["-"], body
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise HTTPException(422, f"body is not JSON ({exc.msg} at {exc.pos}); send JSON "
                                 "or JSON Lines with Content-Type application/x-ndjson"
                            ) from None
    items = data if isinstance(data, list) else [data]
    urls, lines = [], []
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            raise HTTPException(422, f"item {n}: expected an object")
        if "text" in item:
            lines.append(json.dumps(item, ensure_ascii=False))
        elif isinstance(item.get("url"), str) and item["url"].startswith(("http://",
                                                                          "https://")):
            urls.append(item["url"])
        else:
            raise HTTPException(422, f"item {n}: needs 'text', or an http(s) 'url'")
    return (["-"] if lines else []) + urls, "\n".join(lines)


@router.post("/extract")
async def extract(request: Request, st: Writer):
    """Extract one pasted article without storing it: ``{"text", "published"?}``. It
    takes the server's pipeline as an ingest does, so it asks for the same token."""
    try:
        data = json.loads(await _body_text(request, st.settings.max_bytes))
    except json.JSONDecodeError as exc:
        raise HTTPException(422, f"body is not JSON: {exc.msg}") from None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise HTTPException(422, "expected an object with 'text'")
    if len(data["text"]) > EXTRACT_MAX_CHARS:
        raise HTTPException(413, f"a pasted text is extracted up to {EXTRACT_MAX_CHARS:,} "
                                 "characters; ingest longer articles")
    from starlette.concurrency import run_in_threadpool
    rec = await run_in_threadpool(st.extract, data["text"], data.get("published"))
    return rec.to_dict()
