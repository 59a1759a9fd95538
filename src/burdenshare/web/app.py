"""The web application: the HTTP API (``/api/v1``, OpenAPI at ``/openapi.json``, docs at
``/docs``) and the dashboard's pages, assembled from one router per area.

Routes only parse, call one operation and answer: no domain logic here. Errors are JSON with a
4xx status (``{"error": ..., "where": ...}``, ``where`` naming the request field), or an HTML page
for a browser; never a stack trace. Long work runs as jobs in the database, so that several server
processes (``--workers``) or servers sharing one database answer alike.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from ..errors import BurdenshareError, InputError
from ..i18n import _
from ..store.db import Store
from .security import BodyLimit, CatchAll, Language, SecurityHeaders, wants_html

HERE = Path(__file__).resolve().parent


class ErrorBody(BaseModel):
    """Every error answer: what is wrong, led by the field as the reader knows it (in the request's
    language), and where (the request field's path, for machines)."""

    error: str
    where: str | None = None
    field: str | None = None
    problems: int | None = None


ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorBody, "description": text} for code, text in (
    (400, "a value is wrong (where names the request field)"), (403, "a valid token is required"),
    (404, "no such name, job, room or saved scenario"), (409, "a conflict: try again"),
    (413, "the request body is larger than the limit (GET /api/v1/limits)"), (422, "the request does not match the schema"),
    (429, "a limit on use was reached: try again after Retry-After seconds"), (500, "an unexpected failure (logged)"),
    (503, "the database is briefly unavailable: try again after Retry-After seconds"))}
DEFAULT_HOSTS = ("localhost", "127.0.0.1", "[::1]", "testserver")


def create_app(database_url: str | None = None, *, allowed_hosts: list[str] | None = None, jobs: bool = True,
               public_url: str | None = None, job_lease: float | None = None) -> FastAPI:
    """The application on a database (SQLite by default, PostgreSQL by URL). `allowed_hosts`: the
    host names the server answers to (others get 400: a guard against DNS rebinding). `public_url`:
    the address readers use, named by cite lines, downloads' "cite as" and embed codes (default:
    the address the request came to). `job_lease`: seconds a server holds a running job between
    renewals (default 30): a job of a server that died is taken by another after it."""
    from ..ops.common import data_version, public_url as check_public_url
    from ..ops.jobs import JobService
    from .routes import (
        agreements,
        charts,
        downloads,
        figures,
        ledger,
        meta,
        negotiation,
        pages,
        rooms,
        saved,
        uncertainty,
    )

    store = Store(database_url)
    service = JobService(store, lease=job_lease)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if jobs:
            service.start()
        try:
            yield
        finally:
            service.close()
            store.close()  # the pool's connections closed with the server, not left to the garbage collector

    app = FastAPI(title="burdenshare", version=data_version(), docs_url=None, redoc_url=None, lifespan=lifespan,
                  responses=ERRORS,
                  description=str(_("An open, auditable model of defence cost-sharing between allies. JSON API under /api/v1; "
                                    "limits at /api/v1/limits.")))
    app.state.store = store
    app.state.public_url = check_public_url(public_url)
    app.state.jobs = service
    app.state.templates = _templates()
    app.state.routers = (figures.router, agreements.router, downloads.router, charts.router, ledger.router, uncertainty.router, negotiation.router,
                         negotiation.more, rooms.router,
                         rooms.practice_router, saved.router,
                         meta.router, agreements.pages, pages.router)
    for r in app.state.routers:
        app.include_router(r)
    _handlers(app)
    # middleware, innermost first: the last resort, compression, body limit, language (outside the
    # body limit, so that its 413 is in the request's language), headers, hosts
    app.add_middleware(CatchAll)
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(BodyLimit)
    app.add_middleware(Language)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts or DEFAULT_HOSTS))
    return app


def _templates() -> Jinja2Templates:
    """Templates whose texts go through the catalogs: ``{{ _("Data version {version}", version=v) }}``,
    with the same brace fields as the Python code (and autoescaped like any value)."""
    import jinja2

    from ..i18n import Msg

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True)
    env.globals["_"] = lambda text, **params: str(Msg(text, params))
    from ..i18n.vocabulary import word

    env.globals["word"] = word
    from .assets import inline

    env.globals["inline"] = inline
    return Jinja2Templates(env=env)


def _handlers(app: FastAPI) -> None:
    from .routes.pages import render

    def error_page(request: Request, status: int, message: str) -> Response:
        return render(request, "error", status=status, status_code=status, message=message)

    @app.exception_handler(BurdenshareError)
    async def _bad(request: Request, exc: BurdenshareError) -> Response:
        status = getattr(exc, "status", 400)
        retry = getattr(exc, "retry_after", None)  # a limit reached (429), the database away (503)
        headers = {"retry-after": str(retry)} if retry is not None else None
        body: dict[str, Any] = {"error": exc.text if isinstance(exc, InputError) else str(exc), "where": getattr(exc, "where", None),
                "field": exc.field_name if isinstance(exc, InputError) else None}
        if wants_html(request):
            page = error_page(request, status, body["error"])
            page.headers.update(headers or {})
            return page
        return JSONResponse(body, status_code=status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        from ..i18n.fields import human, reader
        from ..i18n.validation import describe, location, more, pick

        errs = [dict(e) for e in exc.errors()]
        first = pick(errs) if errs else {}
        where = location(first, skip=("body", "query", "path", "header")) if first else ""
        msg = describe(first) if first else _("invalid request")
        if len(errs) > 1:
            msg = _("{problem}{more}", problem=msg, more=more(len(errs) - 1))
        field = reader(where, getattr(exc, "body", None))
        text = str(human(msg, where, field=field)) if field is not None else str(msg)
        if wants_html(request):  # a page's query (?host=) checked by its route: a page for the browser, as for other errors
            return error_page(request, 422, text)
        return JSONResponse({"error": text, "where": where or None, "field": None if field is None else str(field), "problems": len(errs)},
                            status_code=422)

    def allowed(request: Request) -> str:
        """Every method some route takes at this path (several routes may share a path)."""
        methods: set[str] = set()
        for router in app.state.routers:
            for route in router.routes:
                if getattr(route, "path_regex", None) is not None and route.path_regex.match(request.url.path):
                    methods |= set(getattr(route, "methods", None) or ())
        methods.discard("HEAD")
        return ", ".join(sorted(methods))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 405:
            exc.headers = {k: v for k, v in (exc.headers or {}).items() if k.lower() != "allow"} | {"Allow": allowed(request)}
        message = {404: _("There is no page at this address."), 405: _("This method is not allowed here.")}.get(exc.status_code)
        text = str(message) if message else str(exc.detail)
        if wants_html(request):
            page = error_page(request, exc.status_code, text)
            page.headers.update(exc.headers or {})
            return page
        return JSONResponse({"error": text, "where": None}, status_code=exc.status_code, headers=exc.headers)


def app_from_env() -> FastAPI:
    """The app factory for several server processes (they read their settings from the env)."""
    hosts = [h for h in os.environ.get("BURDENSHARE_ALLOWED_HOSTS", "").split(",") if h]
    app = create_app(os.environ.get("BURDENSHARE_DATABASE_URL"), allowed_hosts=hosts or None,
                     public_url=os.environ.get("BURDENSHARE_PUBLIC_URL"), job_lease=_lease(os.environ.get("BURDENSHARE_JOB_LEASE")))
    # the History page (the home page) prepared while the server starts, not by its first visitor
    import threading

    from .routes.pages import warm

    threading.Thread(target=warm, args=(app,), name="burdenshare-warm", daemon=True).start()
    return app


def _lease(text: str | None) -> float | None:
    """BURDENSHARE_JOB_LEASE: seconds, 1 to 3600 (tests use a short one); None when unset."""
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 1 <= value <= 3600:
        raise InputError(_("BURDENSHARE_JOB_LEASE must be a number of seconds from 1 to 3600, not '{value}'", value=text[:20]),
                         where="BURDENSHARE_JOB_LEASE")
    return value
