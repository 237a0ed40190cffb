"""The web app: JSON API under /api, server-rendered pages, static files.

    newsgraph serve --db news.duckdb            # http://127.0.0.1:8000, API docs at /docs

Errors come back as JSON ``{"error": message}`` with a status code that says what went
wrong (400 bad filter, 401/403 token, 404 unknown id, 413 too large, 422 bad body).
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsgraph import __version__
from newsgraph.errors import InputError, NewsgraphError, QueryError
from newsgraph.serve import pages, routes
from newsgraph.serve.state import ServerState
from newsgraph.settings import Settings

HERE = Path(__file__).parent


def create_app(settings: Settings, token: str | None = None, loopback: bool = True,
               state: ServerState | None = None) -> FastAPI:
    state = state or ServerState(settings, token, loopback)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        state.start()
        yield
        state.close()

    app = FastAPI(title="newsgraph", version=__version__, lifespan=lifespan,
                  description="Events, statements, actors and stories extracted from news, "
                              "each linked to the sentence that supports it.")
    app.state.ng = state
    app.add_middleware(BodyLimit, limit=settings.max_bytes)
    app.include_router(routes.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.mount("/vendor", StaticFiles(directory=_plotly_dir()), name="vendor")
    _errors(app)
    return app


def _plotly_dir() -> Path:
    """plotly.js as the plotly wheel ships it: no CDN, nothing copied into the repo."""
    import plotly
    return Path(plotly.__file__).parent / "package_data"


class BodyLimit:
    """Refuse request bodies over the configured input size (413). Plain ASGI, so GET
    requests pass through at no cost."""

    def __init__(self, app, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        too_big = _error(413, f"request body over the limit of {self.limit} bytes")
        size = dict(scope["headers"]).get(b"content-length")
        if size is not None:
            if not size.isdigit() or int(size) > self.limit:
                return await too_big(scope, receive, send)
            return await self.app(scope, receive, send)
        if scope["method"] not in ("POST", "PUT", "PATCH"):
            return await self.app(scope, receive, send)
        body, more = b"", True  # chunked: read it all, up to the limit, then replay it
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":  # gone: nothing to answer
                return None
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.limit:
                return await too_big(scope, receive, send)
        sent = False

        async def replay():
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await self.app(scope, replay, send)


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _errors(app: FastAPI) -> None:
    @app.exception_handler(QueryError)
    async def query_error(request, exc):
        return _error(400, str(exc))

    @app.exception_handler(InputError)
    async def input_error(request, exc):
        return _error(400, str(exc))

    @app.exception_handler(NewsgraphError)
    async def newsgraph_error(request, exc):
        return _error(500, f"{exc.code}: {exc}")

    @app.exception_handler(RequestValidationError)
    async def validation_error(request, exc):
        msgs = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}"
                         for e in exc.errors())
        return _error(422, msgs)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request, exc):
        if request.url.path.startswith("/api") or exc.status_code != 404:
            return _error(exc.status_code, str(exc.detail))
        return pages.not_found(request, str(exc.detail))
