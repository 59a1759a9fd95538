"""The dashboard's pages (server-rendered, in the reader's language), the static files, and the API
docs served offline."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from ..assets import asset, url

router = APIRouter(include_in_schema=False)
PAGES = ("history", "calculator", "compare", "uncertainty", "negotiation", "hosts", "tournament")


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


@router.get("/room/{room}", response_class=HTMLResponse)
def room(request: Request, room: Annotated[str, Path(max_length=64)]):
    return render(request, "room", room=room)


@router.get("/practice/{room}", response_class=HTMLResponse)
def practice(request: Request, room: Annotated[str, Path(max_length=64)]):
    return render(request, "practice", room=room)


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
