"""The dashboard's pages (server-rendered, in the reader's language), the static files, and the API
docs served offline."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from ..assets import asset, url

router = APIRouter(include_in_schema=False)
PAGES = ("history", "calculator", "compare", "uncertainty", "negotiation", "hosts")


def render(request: Request, name: str, status: int = 200, **ctx) -> HTMLResponse:
    from ...i18n import current
    from ...ops.common import data_version
    from ..jsmessages import messages_json

    templates = request.app.state.templates
    script = f"{name}.js" if asset(f"{name}.js") is not None else None
    return templates.TemplateResponse(request, f"{name}.html", {
        "page": name, "data_version": data_version(), "lang": current(), "asset": url, "page_script": script,
        "messages": messages_json(current()), **ctx}, status_code=status)


@router.get("/", response_class=HTMLResponse)
def home(request: Request):
    return render(request, "history")


def _page(name: str):
    def route(request: Request):
        return render(request, name)

    return route


for _name in PAGES[1:]:
    router.add_api_route(f"/{_name}", _page(_name), methods=["GET"], response_class=HTMLResponse)


HostP = Annotated[str | None, Query(max_length=64, pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$")]


@router.get("/ledger", response_class=HTMLResponse)
def ledger(request: Request, host: HostP = None):
    """The support ledger, its checks and the contribution's execution, rendered on the server
    (the chart is drawn by ledger.js from the same API)."""
    from ..views import ledger_view

    return render(request, "ledger", **ledger_view(host))


@router.get("/claims", response_class=HTMLResponse)
def claims(request: Request, host: HostP = None):
    from ..views import claims_view

    return render(request, "claims", **claims_view(host))


@router.get("/claims/{claim}", response_class=HTMLResponse)
def claim(request: Request, claim: Annotated[str, Path(max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")],
          host: HostP = None):
    from ..views import claim_view

    return render(request, "claim", **claim_view(claim, host))


@router.get("/room/{room}", response_class=HTMLResponse)
def room(request: Request, room: Annotated[str, Path(max_length=64)]):
    return render(request, "room", room=room)


@router.get("/static/{digest}/{name}")
def static(request: Request, digest: Annotated[str, Path(max_length=64)], name: Annotated[str, Path(max_length=64)]):
    a = asset(name)
    if a is None:
        return Response(status_code=404)
    headers = {"etag": f'"{a.digest}"', "vary": "Accept-Encoding",
               "cache-control": "public, max-age=31536000, immutable" if digest == a.digest else "no-cache"}
    if request.headers.get("if-none-match") == f'"{a.digest}"':
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(a.gz, media_type=a.media_type, headers={**headers, "content-encoding": "gzip"})
    return Response(a.body, media_type=a.media_type, headers=headers)


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request):
    return render(request, "docs")


@router.get("/redoc", response_class=HTMLResponse)
def redoc(request: Request):
    return render(request, "redoc")
