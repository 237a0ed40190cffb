"""The web app: JSON API under /api, server-rendered pages, static files.

    newsgraph serve --db news.duckdb            # http://127.0.0.1:8000, API docs at /docs

Errors come back as JSON ``{"error": message}`` with a status code that says what went
wrong (400 bad filter, 401/403 token, 403 foreign host or origin, 404 unknown id, 413 too
large, 415 not JSON, 422 bad body, 500 a bug). What is refused, and the headers every
response carries, are in serve/guard.py and docs/security.md.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsgraph import __version__
from newsgraph.errors import InputError, NewsgraphError, QueryError
from newsgraph.serve import pages, routes
from newsgraph.serve.guard import RequestGuard, SecurityHeaders, docs_policy
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

    app = App(title="newsgraph", version=__version__, lifespan=lifespan,
              docs_url=None, redoc_url=None,
              description="Events, statements, actors and stories extracted from news, "
                          "each linked to the sentence that supports it.")
    app.state.ng = state
    app.add_middleware(BodyLimit, limit=settings.max_bytes)
    app.add_middleware(RequestGuard, state=state)  # outside the body limit: first
    _docs(app)
    app.include_router(routes.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.mount("/vendor", StaticFiles(directory=_plotly_dir()), name="vendor")
    _errors(app)
    return app


class App(FastAPI):
    def build_middleware_stack(self):
        """The security headers wrap everything, Starlette's own error responses too."""
        return SecurityHeaders(super().build_middleware_stack())


def _docs(app: FastAPI) -> None:
    """The API docs pages (Swagger UI, ReDoc) with a policy that admits their CDN and
    their inline script by its hash."""
    pages = {"/docs": get_swagger_ui_html(openapi_url=app.openapi_url,
                                          title="newsgraph API"),
             "/redoc": get_redoc_html(openapi_url=app.openapi_url, title="newsgraph API")}
    for path, response in pages.items():
        app.add_api_route(path, _static_page(bytes(response.body).decode()),
                          methods=["GET"], include_in_schema=False)


def _static_page(html: str):
    """A route answering ``html`` with the docs policy (it takes no parameters)."""
    headers = {"content-security-policy": docs_policy(html)}

    async def page() -> HTMLResponse:
        return HTMLResponse(html, headers=headers)
    return page


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

    @app.exception_handler(Exception)
    async def unexpected(request, exc):  # still logged by the server
        return _error(500, f"internal error ({type(exc).__name__}); the server's log has "
                           "the details")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request, exc):
        if request.url.path.startswith("/api") or exc.status_code != 404:
            return _error(exc.status_code, str(exc.detail))
        return pages.not_found(request, str(exc.detail))
