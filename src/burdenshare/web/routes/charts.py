"""Charts as finished graphics, PNG or SVG, for the view's current state: the same graphic the CLI's
``--plot`` writes (title, the finding, legend, axis titles, source, credit and licence, on white, at a
preset size). Each route takes the query parameters of the view's CSV download (host, agreement,
scenarios, overrides, ...) and ``size`` (article, square, a4) and ``format`` (png, svg).

Drawing is CPU work: a chart is kept once drawn (per request, language, size and format, in a
cache of its own bounded in bytes), a client may draw only so many new charts an hour (``render_chart`` in the rate
limits, ``GET /api/v1/limits``), and only a few are drawn at once. matplotlib is imported when the
first chart is drawn, not before.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from ...errors import InputError, LimitError, NotFound
from ...i18n import _
from ...ops import figures, hosts as hosts_ops, ledger as ledger_ops
from ...ops.common import validate
from ...ops.saved import rate_limit
from ...present.chartsizes import ChartSize as Size
from ..cache import key as cache_key
from ..deps import ClientDep, JobsDep, StoreDep
from .common import HostQ, NameP, OverridesQ, ScenarioForQ, YearQ, overrides_param, scenario_for_param

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ...store.db import Store


class ImageFormat(StrEnum):
    png = "png"
    svg = "svg"


MEDIA = {"png": "image/png", "svg": "image/svg+xml"}
IMAGES: dict[int | str, dict[str, Any]] = {200: {"description": "the chart as a finished graphic", "content": {
    "image/png": {"schema": {"type": "string", "format": "binary"}}, "image/svg+xml": {"schema": {"type": "string"}}}}}
router = APIRouter(prefix="/api/v1/charts", tags=["charts"], responses=IMAGES)
SizeQ = Annotated[Size, Query(description="article (1200×675 px), square (1080×1080 px) or a4 (landscape, 300 dpi)")]
FormatQ = Annotated[ImageFormat, Query(alias="format", description="png (opaque) or svg (text kept as text)")]
CiteQ = Annotated[str | None, Query(max_length=2000, description="the address of the view (accepted, as by the CSV download)")]
MeasureQ = Annotated[str | None, Query(max_length=40, pattern=r"^[a-z_]{1,40}$", description="the history's measure (a column)")]

DRAWING = threading.BoundedSemaphore(2)  # charts drawn at once in this process
WAIT = 20  # seconds a request waits for a turn
KEPT_BYTES = 64 * 1024 * 1024  # charts kept in this process, in all (an A4 PNG is about half a megabyte)
_kept: OrderedDict[str, bytes] = OrderedDict()
_kept_lock = threading.Lock()


def _kept_chart(k: str, compute: Callable[[], bytes]) -> bytes:
    """A chart from the process's own cache of charts (least recently used out first, bounded in
    bytes, apart from the JSON answers' cache so that large images never push those out)."""
    with _kept_lock:
        if k in _kept:
            _kept.move_to_end(k)
            return _kept[k]
    data = compute()
    with _kept_lock:
        _kept[k] = data
        while sum(len(v) for v in _kept.values()) > KEPT_BYTES and len(_kept) > 1:
            _kept.popitem(last=False)
    return data


def _image(kind: str, key: dict[str, Any], name: str, fmt: ImageFormat, size: Size, store: Store, client: str,
           draw: Callable[[], Figure]) -> Response:
    """The chart `draw()` gives (a matplotlib figure), as bytes, from the cache or drawn now."""

    def compute() -> bytes:
        from ...present.charts import render

        rate_limit(store, client, "render_chart")
        if not DRAWING.acquire(timeout=WAIT):
            raise LimitError(_("the server is busy drawing charts; try again in a few seconds"), where=None, retry_after=5)
        try:
            return render(draw(), fmt.value)
        finally:
            DRAWING.release()

    data = _kept_chart(cache_key(f"chart-{kind}", {**key, "size": size.value, "format": fmt.value}), compute)
    return Response(data, media_type=MEDIA[fmt.value], headers={
        "content-disposition": f'attachment; filename="burdenshare-{name}-{size.value}.{fmt.value}"',
        "cache-control": "private, max-age=600"})


@router.get("/history", response_class=Response, summary="The history as a finished chart (PNG or SVG)")
def history(store: StoreDep, client: ClientDep, host: HostQ = None, real_base: YearQ = None, start: YearQ = None, end: YearQ = None,
            overrides: OverridesQ = None, measure: MeasureQ = None, size: SizeQ = Size.article,
            fmt: FormatQ = ImageFormat.png, cite: CiteQ = None) -> Response:
    req = validate(figures.HistoryRequest, {"host": host, "real_base": real_base, "start": start, "end": end,
                                            "overrides": overrides_param(overrides)})

    if measure:  # one of the measures the History page offers (checked before any drawing)
        allowed = {"amount", "amount_dollars", "amount_real", "share_defence_budget_pct", "per_soldier_stated"}
        if measure not in allowed:
            raise InputError(_("'{measure}' is not one of {known}", measure=measure, known=", ".join(sorted(allowed))), where="measure")

    def draw() -> Figure:
        from ...present import charts, findings

        res = figures.history(req)
        fig: Figure = charts.plot_amounts(res.frame, None, title=res.title, subtitle=findings.history(res), meta=res.meta,
                             size=size.value, measure=measure)
        return fig  # present.charts draws a matplotlib Figure

    return _image("history", {"req": req.model_dump(mode="json"), "measure": measure}, "history", fmt, size, store, client, draw)


@router.get("/schedule/{agreement}", response_class=Response, summary="One agreement's schedule as a finished chart (PNG or SVG)")
def schedule(store: StoreDep, client: ClientDep, agreement: NameP, host: HostQ = None, overrides: OverridesQ = None,
             real_base: YearQ = None, size: SizeQ = Size.article, fmt: FormatQ = ImageFormat.png, cite: CiteQ = None) -> Response:
    req = validate(figures.ScheduleRequest, {"agreement": agreement, "host": host, "real_base": real_base,
                                             "overrides": overrides_param(overrides)})

    def draw() -> Figure:
        from ...present import charts, findings

        res = figures.schedule(req)
        fig: Figure = charts.plot_amounts(res.frame, None, title=res.title, subtitle=findings.schedule(res), meta=res.meta,
                             size=size.value)
        return fig  # present.charts draws a matplotlib Figure

    return _image("schedule", req.model_dump(mode="json"), agreement, fmt, size, store, client, draw)


@router.get("/compare", response_class=Response, summary="A comparison as a finished chart (PNG or SVG)")
def compare(store: StoreDep, client: ClientDep, baseline: Annotated[str, Query(max_length=64)],
            scenarios: Annotated[str, Query(max_length=700, description="scenario ids, separated by commas")], host: HostQ = None,
            overrides: OverridesQ = None, real_base: YearQ = None, size: SizeQ = Size.article, fmt: FormatQ = ImageFormat.png,
            cite: CiteQ = None) -> Response:
    names = [s for s in scenarios.split(",") if s]
    req = validate(figures.CompareRequest, {"baseline": baseline, "scenarios": names, "host": host, "real_base": real_base,
                                            "overrides": overrides_param(overrides)})

    def draw() -> Figure:
        from ...present import charts, findings

        res = figures.compare(req)
        fig: Figure = charts.plot_comparison(res["rows"].frame, None, title=res.title, subtitle=findings.compare(res),
                             meta=res.meta, size=size.value)
        return fig  # present.charts draws a matplotlib Figure

    return _image("compare", req.model_dump(mode="json"), f"compare-{baseline}", fmt, size, store, client, draw)


@router.get("/hosts", response_class=Response, summary="The hosts compared as a finished chart (PNG or SVG)")
def hosts(store: StoreDep, client: ClientDep, host: Annotated[list[str] | None, Query(max_length=20)] = None,
          base_year: Annotated[int | None, Query(ge=1990, le=2100)] = None, start: YearQ = None, end: YearQ = None,
          scenario: ScenarioForQ = None, size: SizeQ = Size.article, fmt: FormatQ = ImageFormat.png, cite: CiteQ = None) -> Response:
    req = validate(hosts_ops.HostsRequest, {"hosts": host, "base_year": base_year, "start": start, "end": end,
                                            "scenario_for": scenario_for_param(scenario)})

    def draw() -> Figure:
        from ...present import charts, findings

        res = hosts_ops.hosts(req)
        fig: Figure = charts.plot_hosts(res.frame, None, title=res.title, subtitle=findings.hosts(res), meta=res.meta,
                             size=size.value)
        return fig  # present.charts draws a matplotlib Figure

    return _image("hosts", req.model_dump(mode="json"), "hosts", fmt, size, store, client, draw)


@router.get("/ledger", response_class=Response, summary="The whole bill (support ledger) as a finished chart (PNG or SVG)")
def ledger(store: StoreDep, client: ClientDep, host: HostQ = None, size: SizeQ = Size.article, fmt: FormatQ = ImageFormat.png,
           cite: CiteQ = None) -> Response:
    req = validate(ledger_ops.LedgerRequest, {"host": host})

    def draw() -> Figure:
        from ...present import charts, findings

        res = ledger_ops.ledger(req)
        fig: Figure = charts.plot_ledger(res["ledger"].frame, None, title=res.title, components=list(res.meta["components"]),
                             component_names=dict(res.meta["components"]), subtitle=findings.ledger(res), meta=res.meta,
                             size=size.value, items=res["items"].frame)
        return fig  # present.charts draws a matplotlib Figure

    return _image("ledger", req.model_dump(mode="json"), "ledger", fmt, size, store, client, draw)


@router.get("/simulations/{job}", response_class=Response, summary="A finished Monte Carlo job's fan chart (PNG or SVG)")
def simulation(store: StoreDep, client: ClientDep, jobs: JobsDep, job: Annotated[str, Path(max_length=64)],
               size: SizeQ = Size.article, fmt: FormatQ = ImageFormat.png, cite: CiteQ = None) -> Response:
    j = jobs.status(job)
    if j.status != "done":
        raise NotFound(_("the job has no result yet ({status})", status=j.status), where="job")
    r = j.result or {}

    def draw() -> Figure:
        import pandas as pd

        from ...present import charts, findings

        m = r["meta"]
        probs = r.get("probabilities") or []
        fig: Figure = charts.plot_fan(pd.DataFrame(r["by_year"]), None, title=m.get("title") or str(_("simulation")),
                             currency=m["currency"], subtitle=" ".join(findings.probability(p, m["currency"], m["paths"]) for p in probs),
                             meta=m, size=size.value,
                             thresholds=[(p["year"], p["amount"]) for p in probs if p.get("question") == "prob_above"])
        return fig  # present.charts draws a matplotlib Figure

    return _image("simulation", {"job": job}, f"simulation-{job[:8]}", fmt, size, store, client, draw)
