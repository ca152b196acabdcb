"""The web app factory: :func:`create_app` builds the FastAPI application over one store.

>>> from khabar.web import create_app
>>> app = create_app("sqlite:///corpus.db", read_only=True)      # then: uvicorn.run(app)
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from khabar import __version__
from khabar.store import Store
from khabar.web import api, assets, forms, pages, templating
from khabar.web.security import SecurityMiddleware
from khabar.web.state import WebState

TEMPLATES = Path(__file__).parent / "templates"

DESCRIPTION = """The JSON API of a Khabar corpus: actors (with every spelling and the outlets that use it),
their relations, PLOVER-coded events and quotes, each with the sentence and document it comes from.

Every list is paginated: `{"items": [...], "total": n, "limit": l, "offset": o}`. Every HTML page of
the web app also has a JSON twin at the same path plus `.json` (`/actors.json`, `/actors/12.json`,
`/index.json`). Writes (`POST`) need the server's token when it has one (`X-Khabar-Token` header)
and are refused (403) on a read-only server."""


def create_app(
    db_url: str | None = None,
    *,
    read_only: bool = False,
    token: str | None = None,
    allowed_hosts: Iterable[str] | None = None,
    kb_files: Sequence[str | Path] = (),
    extractor_factory: Callable[[], Any] | None = None,
    store: Store | None = None,
) -> FastAPI:
    """The Khabar web app over the store at ``db_url`` (default: the configured database).

    ``read_only`` refuses every write (403); ``token`` makes writes require it; ``allowed_hosts`` limits
    the Host headers answered (``khabar serve`` on a loopback address passes the loopback names, which
    keeps DNS-rebinding pages out); ``kb_files`` add to the shipped knowledge base."""
    own = store is None
    if store is None:
        store = Store.open(db_url, migrate=not read_only)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if own:
            store.close()

    app = FastAPI(
        title="Khabar", version=__version__, description=DESCRIPTION, docs_url=None, redoc_url=None, lifespan=lifespan
    )
    app.state.khabar = WebState(
        store=store,
        read_only=read_only,
        token=token or None,
        kb_files=[Path(p) for p in kb_files],
        extractor_factory=extractor_factory,
    )
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True)
    templating.setup(env)
    app.state.templates = Jinja2Templates(env=env)

    app.add_middleware(GZipMiddleware, minimum_size=2000)
    app.add_middleware(SecurityMiddleware, allowed_hosts=allowed_hosts)
    app.include_router(api.router)
    app.include_router(forms.router)
    app.include_router(pages.router)
    assets.mount(app)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(assets.STATIC / "favicon.svg", media_type="image/svg+xml")

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        return app.state.templates.TemplateResponse(request, "docs.html", {})

    def wants_json(request: Request) -> bool:
        path = request.url.path
        accept = request.headers.get("accept", "")
        return (
            path.startswith("/api/")
            or path.endswith(".json")
            or ("application/json" in accept and "text/html" not in accept)
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return app.state.templates.TemplateResponse(
            request, "error.html", {"status": exc.status_code, "message": str(exc.detail)}, status_code=exc.status_code
        )

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        problems = [f"{'.'.join(str(x) for x in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors()]
        if wants_json(request):
            return JSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)
        return app.state.templates.TemplateResponse(
            request, "error.html", {"status": 422, "message": "; ".join(problems)}, status_code=422
        )

    return app
