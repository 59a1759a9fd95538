"""The dashboard's pages (server-rendered, in the reader's language), the static files, and the API
docs served offline."""

from __future__ import annotations

import gzip
from collections.abc import Callable, Hashable, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from ...i18n import _
from ...ops.limits import DEFAULT_PATHS, DEFAULT_SEED
from ...present.colours import STATUS_COLOURS  # the colours the static charts use too
from ..assets import asset, sources, url
from .common import HostQ, NameP

if TYPE_CHECKING:
    from fastapi import FastAPI

    from ...i18n.core import Msg
    from ...ops.figures import HistoryRequest
    from ...ops.result import Table
    from ...present.view import View

router = APIRouter(include_in_schema=False)
PAGES = ("history", "calculator", "compare", "uncertainty", "negotiation", "hosts", "tournament")


def render(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    from ...i18n import current
    from ...ops.common import data_version
    from ..jsmessages import messages_json
    from .common import public_base

    templates = request.app.state.templates
    script = f"{name}.js" if asset(f"{name}.js") is not None else None
    response: HTMLResponse = templates.TemplateResponse(request, f"{name}.html", {
        "page": name, "data_version": data_version(), "lang": current(), "asset": url, "page_script": script,
        "public_url": public_base(request), "data_age": data_age(ctx.get("host"), data_version(), current()),
        "messages": messages_json(current()), **ctx}, status_code=status)
    return response


def data_age(host: str | None, version: str, lang: str) -> list[dict[str, object]]:
    """The footer's age of each input of the projections (ops.dataage), once per data version, day and language."""
    import datetime as dt

    return _data_age(host, version, lang, dt.date.today().isoformat())


@lru_cache(maxsize=32)
def _data_age(host: str | None, version: str, lang: str, day: str) -> list[dict[str, object]]:
    import datetime as dt

    from ...i18n.dates import month_text
    from ...ops.dataage import ages

    try:
        found = ages(host, dt.date.fromisoformat(day))
    except Exception:  # the footer never breaks a page: no age line then
        return []
    return [{"series": a.series, "label": a.label, "newest": month_text(a.newest, lang), "age": a.age_months, "behind": a.behind,
             "warn": a.warn} for a in found]


@router.get("/", response_class=HTMLResponse)
def home(request: Request, host: HostQ = None) -> Response:
    return history_page(request, host)


# The History page as sent, kept (web/cache.py, per data version and language) per day and everything
# else the page shows that comes from the request or the clock (host, measure, the public address, the
# footer's data ages, an embed's theme and link): a visit costs a lookup instead of the page's render
# (about 14 ms) and its compression (about 3.5 ms), which the first paint waited for.


def kept_page(request: Request, key: Hashable, make: Callable[[], HTMLResponse]) -> Response:
    """The page for `key` from the cache (made by `make` the first time), gzip-compressed when the
    browser takes it (the compression middleware leaves an encoded answer as it is). A page that is
    not a success is sent as made, never kept."""
    import datetime as dt

    from ..cache import cached_value

    failed: list[Response] = []

    def pack() -> tuple[bytes, bytes] | None:
        made = make()
        if made.status_code != 200:
            failed.append(made)
            return None  # (not kept: web/cache.py keeps no None)
        return bytes(made.body), gzip.compress(bytes(made.body), 9, mtime=0)

    got: tuple[bytes, bytes] | None = cached_value("page", {"day": dt.date.today().isoformat(), "page": key}, pack)
    if got is None:
        return failed[0]
    plain, packed = got
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(packed, media_type="text/html; charset=utf-8", headers={"content-encoding": "gzip", "vary": "Accept-Encoding"})
    return Response(plain, media_type="text/html; charset=utf-8", headers={"vary": "Accept-Encoding"})


def history_page(request: Request, host: str | None, **extra: Any) -> Response:
    """The History page (history_page_made), kept as sent (kept_page)."""
    from ...i18n import current
    from ...ops.common import data_version
    from ...present.history import measure_of
    from .common import public_base

    q = request.query_params
    footer = repr(data_age(host, data_version(), current()))  # the footer's ages as the page would show them
    key = ("history", host, measure_of(q.get("measure")), bool(q.get("host")), bool(q.get("lang")), public_base(request), footer,
           tuple(sorted(extra.items())))
    return kept_page(request, key, lambda: history_page_made(request, host, **extra))


def history_page_made(request: Request, host: str | None, **extra: Any) -> HTMLResponse:
    """History: the finding, the table and the source line are in the page itself (readable before
    any script runs), and so is the chart (SVG drawn here: no chart library). The measure the table
    and the chart show is the address's (``?measure=amount_dollars``): every view has a URL. The
    other measures' charts are drawn (and kept) too, but sent only with the page for their address."""
    from ...ops import figures
    from ...ops.common import validate
    from ...present import findings
    from ...present.history import history_view, measure_of, measures as history_measures, nowcast_notes

    req = validate(figures.HistoryRequest, {"host": host})
    res, rows, charts = history_parts(req)
    measures = history_measures(res.meta)
    measure = measure_of(request.query_params.get("measure"))
    key = None
    if not extra.get("embed"):  # the key numbers of the agreement in force in the year the finding names
        from .agreements import box

        key = box(request, findings.history_agreement(res) or res.frame["agreement"].iloc[-1], host)
    view = history_view(res, rows, measure)
    return render(request, "history", title=res.title, finding=view.finding, view=view, measure=measure, currency=res.meta["currency"],
                  measures=[(k, str(v)) for k, v in measures], colours=STATUS_COLOURS, sources=view.sources, host=res.meta["host"],
                  key_box=key, charts=charts, nowcast_notes=nowcast_notes(rows), **extra)


def history_parts(req: HistoryRequest) -> tuple[Table, list[dict[str, Any]], list[tuple[str, dict[str, Markup]]]]:
    """What the History page is made of, in the current language: the figures (kept), their rows
    with their labels, and each measure's bar charts (kept)."""
    from ...model.catalog import catalog
    from ...ops import figures
    from ...ops.common import records
    from ...present import labels
    from ...present.history import measures
    from ..cache import cached_value

    res: Table = cached_value("history-page", req, lambda: figures.history(req))
    rows = labels.annotate(records(res.frame), catalog(res.meta["host"]))
    charts: list[tuple[str, dict[str, Markup]]] = cached_value("history-bars", req, lambda: _bar_charts(rows, measures(res.meta), res.meta))
    return res, rows, charts


def warm(app: FastAPI) -> None:
    """The History page's figures, charts, footer, templates and static files made (in each language)
    when a server starts (`app_from_env` runs this in a thread of its own), so that its first visitor
    does not wait about a second for them. Nothing here may stop a server: a failure is logged, and
    the page is made when it is asked for, as without this."""
    import logging

    from ...i18n import LANGUAGES, language
    from ...ops import figures
    from ...ops.common import data_version, validate

    try:
        for name in sources():  # read and gzip-compressed once (the chart library alone: about 0.2 s)
            asset(name)
        for name in ("history.html", "base.html", "_tools.html", "_keynumbers.html", "_table.html", "_source.html", "_sources.html"):
            app.state.templates.get_template(name)  # compiled once
        req = validate(figures.HistoryRequest, {"host": None})
        for lang in LANGUAGES:
            with language(lang):
                history_parts(req)
                data_age(None, data_version(), lang)
    except Exception:
        logging.getLogger("burdenshare.web").exception("the History page could not be prepared at start-up")


def _bar_charts(rows: list[dict[str, Any]], measures: Sequence[tuple[str, Msg]], meta: Mapping[str, Any]) -> list[tuple[str, dict[str, Markup]]]:
    """Each measure's bar chart, drawn here as SVG for a desktop and a phone: the page shows its chart
    at its first paint, with no chart library to load (present/barchart.py)."""
    from ...present.barchart import bar_chart, yearly_bars

    out = []
    for k, label in measures:
        unit: Mapping[str, Any] = meta["dollar_unit"] if k == "amount_dollars" else {"scale": 1, "label": "%"} if k.endswith("_pct") else meta["unit"]
        bars, bands = yearly_bars(rows, k, unit["scale"], STATUS_COLOURS, unknown=str(_("unknown")))
        out.append((k, {layout: Markup(bar_chart(bars, bands, axis_title=unit["label"], label=str(label), layout=layout))
                        for layout in ("wide", "narrow")}))
    return out


TITLES = {"calculator": _("Calculator"), "compare": _("Compare scenarios"), "uncertainty": _("Uncertainty"),
          "negotiation": _("Negotiation"), "hosts": _("Hosts compared"), "tournament": _("Tournament"),
          "claims": _("Claims checked against the model"), "room": _("Negotiation room"), "practice": _("Practice against an agent")}


# what a page's form opens with, where the operations define it (one default for the CLI, Python and the web)
PAGE_CONTEXT = {"uncertainty": {"default_paths": DEFAULT_PATHS, "default_seed": DEFAULT_SEED}}


def _page(name: str) -> Callable[[Request], HTMLResponse]:
    def route(request: Request) -> HTMLResponse:
        return render(request, name, title=str(TITLES.get(name, name)), **PAGE_CONTEXT.get(name, {}))

    return route


for _name in PAGES[1:]:
    if _name == "hosts":  # its own route (below): its tables are rendered here
        continue
    router.add_api_route(f"/{_name}", _page(_name), methods=["GET"], response_class=HTMLResponse)


@router.get("/hosts", response_class=HTMLResponse)
def hosts(request: Request) -> HTMLResponse:
    return hosts_page(request)


def hosts_page(request: Request, **extra: Any) -> HTMLResponse:
    """Hosts compared: the finding and the tables (the published studies' figures, the yearly figures
    the charts draw) come with the page, rendered through the presenter (present/hosts.py) for the base
    year of constant dollars the address names (``?base=2010``, else the operation's); hosts.js draws
    the charts."""
    from ...ops import hosts as hosts_ops
    from ...ops.common import validate
    from ...present.hosts import hosts_page_view
    from ..cache import cached_value

    asked = request.query_params.get("base", "")
    base = int(asked) if asked.isdigit() and 1990 <= int(asked) <= 2100 else None  # a page never fails on its address
    req = validate(hosts_ops.HostsRequest, {"base_year": base})

    def compute() -> tuple[View, object]:
        res = hosts_ops.hosts(req)
        return hosts_page_view(res), res.meta.get("base_year")

    view, base_year = cached_value("hosts-page", req, compute)
    return render(request, "hosts", title=str(TITLES["hosts"]), view=view, base_year=base_year, **extra)


EMBEDS = ("history", "compare", "uncertainty", "hosts")


@router.get("/embed/{name}", response_class=HTMLResponse)
def embed(request: Request, name: Annotated[str, Path(max_length=32)], host: HostQ = None) -> Response:
    """A view's chart alone (with its finding and source line), to put in an iframe: the same query
    state as the full view, light or dark (?theme=dark). Only these pages may be framed."""
    if name not in EMBEDS:
        from starlette.exceptions import HTTPException

        raise HTTPException(status_code=404)
    from urllib.parse import urlencode

    from .common import public_base

    query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "theme"], safe=",:")
    full = public_base(request) + ("/" if name == "history" else f"/{name}") + (f"?{query}" if query else "")
    theme = "dark" if request.query_params.get("theme") == "dark" else "light"
    if name == "history":
        return history_page(request, host, embed=True, theme=theme, full_view=full)
    if name == "hosts":
        return hosts_page(request, embed=True, theme=theme, full_view=full)
    return render(request, name, embed=True, theme=theme, full_view=full, title=str(TITLES.get(name, name)))


@router.get("/ledger", response_class=HTMLResponse)
def ledger(request: Request, host: HostQ = None) -> HTMLResponse:
    """The support ledger, its checks and the contribution's execution, rendered on the server
    (the chart is drawn by ledger.js from the same API)."""
    from ...present.ledger import ledger_view
    from ..cache import cached_value

    view = cached_value("ledger-page", {"host": host}, lambda: ledger_view(host))
    return render(request, "ledger", view=view, host=view.host, title=view.title)


@router.get("/claims", response_class=HTMLResponse)
def claims(request: Request, host: HostQ = None) -> HTMLResponse:
    from ...present.claims import claims_view
    from ..cache import cached_value

    view = cached_value("claims-page", {"host": host}, lambda: claims_view(host))
    return render(request, "claims", title=str(TITLES["claims"]), view=view, host=view.host)


@router.get("/claims/{claim}", response_class=HTMLResponse)
def claim(request: Request, claim: NameP, host: HostQ = None) -> HTMLResponse:
    from ...present.claims import claim_view
    from ..cache import cached_value

    view = cached_value("claim-page", {"claim": claim, "host": host}, lambda: claim_view(claim, host))
    return render(request, "claim", view=view, host=view.host, title=view.title)


@router.get("/room/{room}", response_class=HTMLResponse)
def room(request: Request, room: Annotated[str, Path(max_length=64)]) -> HTMLResponse:
    return render(request, "room", room=room, title=str(TITLES["room"]))


@router.get("/practice/{room}", response_class=HTMLResponse)
def practice(request: Request, room: Annotated[str, Path(max_length=64)]) -> HTMLResponse:
    return render(request, "practice", room=room, title=str(TITLES["practice"]))


@router.get("/static/{digest}/{name}")
def static(request: Request, digest: Annotated[str, Path(max_length=64)], name: Annotated[str, Path(max_length=64)]) -> Response:
    if name not in sources():  # a made-up name never reaches asset()'s cache
        return Response(status_code=404)
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


@router.get("/favicon.ico")
def favicon() -> Response:
    a = asset("favicon.svg")
    if a is None:
        return Response(status_code=404)
    return Response(a.body, media_type="image/svg+xml", headers={"cache-control": "public, max-age=86400"})


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    return render(request, "docs")


@router.get("/redoc", response_class=HTMLResponse)
def redoc(request: Request) -> HTMLResponse:
    return render(request, "redoc")
