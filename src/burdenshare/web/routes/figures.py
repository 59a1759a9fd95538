"""The figures: history, schedules, comparisons, and the data behind them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from ...ops import figures, hosts as hosts_ops
from ...ops.common import validate
from ...ops.explain import ExplainRequest, Explanation
from ...ops.result import CompareDoc, FindingDoc, Table, TableDoc, Tables
from ...present import findings
from ..cache import answer
from .common import HostQ, OverridesQ, ScenarioForQ, YearQ, overrides_param, scenario_for_param

router = APIRouter(prefix="/api/v1", tags=["figures"])
# Every route here answers with the bytes web/cache.py keeps (a Response): the response_model documents
# the answer in the OpenAPI document; FastAPI does not validate a Response again (a schedule's or a
# history's rows are encoded once, by json.dumps, and never walked by pydantic: issue 21's benchmark).
# The routes run on the event loop: a kept answer is a lookup there; new work goes to the thread pool
# unless it is small and bounded (web/cache.py `answer`)


@router.get("/history", response_model=FindingDoc, summary="Every year of a host's agreements, with provenance and metrics")
async def history(host: HostQ = None, real_base: YearQ = None, start: YearQ = None, end: YearQ = None, overrides: OverridesQ = None) -> Response:
    req = validate(figures.HistoryRequest, {"host": host, "real_base": real_base, "start": start, "end": end,
                                            "overrides": overrides_param(overrides)})
    return await answer("history", req, lambda: _labelled(figures.history(req), findings.history))


@router.post("/history", response_model=FindingDoc, summary="Every year of a host's agreements (request in the body)")
async def history_post(req: figures.HistoryRequest) -> Response:
    return await answer("history", req, lambda: _labelled(figures.history(req), findings.history))


R = TypeVar("R", Table, Tables)


def _with_finding(res: R, finding: Callable[[R], str]) -> dict[str, Any]:
    doc = res.to_dict()
    doc["finding"] = finding(res)
    return doc


def _labelled(res: Table, finding: Callable[[Table], str]) -> dict[str, Any]:
    """A history or a schedule with its finding, and rows that also name what a page shows in place
    of codes (``source_text``, ``index_label``: present.labels) and, where a payment reads a partly
    published year, the nowcast's payment as the History page and the terminal write it
    (``nowcast_payment_text``: present.history)."""
    from ...model.catalog import catalog
    from ...present import labels
    from ...present.history import nowcast_payment

    doc = _with_finding(res, finding)
    doc["rows"] = labels.annotate(doc["rows"], catalog(res.meta["host"]))
    for row in doc["rows"]:
        if row.get("nowcast"):
            row["nowcast_payment_text"] = nowcast_payment(row)
    return doc


@router.post("/schedule", response_model=FindingDoc, summary="One agreement's years, computed from its rules (with the finding in words)")
async def schedule(req: figures.ScheduleRequest) -> Response:
    # a bundled agreement with a few assumptions is computed on the event loop (about a millisecond:
    # less than the thread pool's hand-off costs under load, web/cache.py); a document, in the pool
    return await answer("schedule", req, lambda: _labelled(figures.schedule(req), findings.schedule), inline=_small(req))


SMALL_OVERRIDES = 24
"""Overridden values up to which a bundled agreement's schedule counts as small work (`_small`)."""


def _small(req: figures.ScheduleRequest) -> bool:
    """Whether a schedule's work is small and bounded by the data: a bundled agreement (its term is
    the data's) and a few overridden values (a request may carry thousands)."""
    return isinstance(req.agreement, str) and sum(len(v) for v in req.overrides.values()) <= SMALL_OVERRIDES


@router.post("/compare", response_model=CompareDoc, summary="A baseline agreement and scenarios side by side (with the finding in words)")
async def compare(req: figures.CompareRequest) -> Response:
    return await answer("compare", req, lambda: _named(_with_finding(figures.compare(req), findings.compare)))


def _named(doc: dict[str, Any]) -> dict[str, Any]:
    """A comparison whose meta also names each scenario as readers see it (``scenario_names``: the
    baseline as "Baseline (<agreement> as signed)") and each source by publisher and date
    (``source_texts``)."""
    from ...model.catalog import catalog
    from ...present import labels

    titles = doc["meta"].get("titles") or {}
    doc["meta"]["scenario_names"] = {sid: labels.scenario(sid, titles) for sid in titles}
    registry = catalog(doc["meta"]["host"]).sources
    doc["meta"]["source_texts"] = list(dict.fromkeys(labels.source_text(registry, s) for s in doc["meta"].get("sources") or []))
    return doc


@router.get("/series", response_model=TableDoc, summary="The series of a host")
async def series_list(host: HostQ = None) -> Response:
    req = validate(figures.SeriesRequest, {"host": host})
    return await answer("series", req, lambda: figures.series(req).to_dict())


@router.get("/series/{name}", response_model=TableDoc, summary="Every value of one series, with status and source")
async def series(name: Annotated[str, Path(max_length=64)], host: HostQ = None) -> Response:
    req = validate(figures.SeriesRequest, {"host": host, "name": name})
    return await answer("series", req, lambda: figures.series(req).to_dict())


def _list(kind: str, fn: Callable[[figures.ListRequest], Table]) -> Callable[[str | None], Awaitable[Response]]:
    async def route(host: HostQ = None) -> Response:
        req = validate(figures.ListRequest, {"host": host})
        return await answer(kind, req, lambda: fn(req).to_dict())

    return route


def _sources(req: figures.ListRequest) -> dict[str, Any]:
    """The registry, each source also named as pages name it (``source_text``: publisher and date)."""
    from ...model.catalog import catalog
    from ...present import labels

    res = figures.sources(req)
    registry = catalog(res.meta["host"]).sources
    doc = res.to_dict()
    doc["rows"] = [{**r, "source_text": labels.source_text(registry, r["id"])} for r in doc["rows"]]
    return doc


@router.get("/sources", response_model=TableDoc, summary="The source registry and what uses each source")
async def sources(host: HostQ = None) -> Response:
    req = validate(figures.ListRequest, {"host": host})
    return await answer("sources", req, lambda: _sources(req))



router.add_api_route("/agreements", _list("agreements", figures.agreements), methods=["GET"], response_model=TableDoc, summary="A host's agreements")
router.add_api_route("/scenarios", _list("scenarios", figures.scenarios), methods=["GET"], response_model=TableDoc, summary="The bundled scenarios")
router.add_api_route("/categories", _list("categories", figures.categories), methods=["GET"], response_model=TableDoc, summary="Published category splits")
router.add_api_route("/published", _list("published", figures.published), methods=["GET"], response_model=TableDoc, summary="Published annual totals")


@router.get("/hosts", response_model=FindingDoc, summary="Host nations compared, every row sourced")
async def hosts(host: Annotated[list[str] | None, Query(max_length=20)] = None, base_year: Annotated[int | None, Query(ge=1990, le=2100)] = None,
          start: YearQ = None, end: YearQ = None, scenario: ScenarioForQ = None) -> Response:
    req = validate(hosts_ops.HostsRequest, {"hosts": host, "base_year": base_year, "start": start, "end": end,
                                            "scenario_for": scenario_for_param(scenario)})
    return await answer("hosts", req, lambda: _with_finding(hosts_ops.hosts(req), findings.hosts))


@router.get("/host-list", response_model=TableDoc, summary="The hosts the data holds")
async def host_list() -> Response:
    return await answer("host-list", {}, lambda: hosts_ops.host_list().to_dict())


@router.get("/explain", response_model=Explanation, summary="How one figure is obtained: rule, inputs with sources, arithmetic, chain to the last published figure")
async def explain(year: Annotated[int, Query(ge=1900, le=2200)], agreement: Annotated[str | None, Query(max_length=64)] = None,
            scenario: Annotated[str | None, Query(max_length=64)] = None, host: HostQ = None, overrides: OverridesQ = None) -> Response:
    from ...ops import explain as ex

    req = validate(ex.ExplainRequest, {"year": year, "agreement": agreement, "scenario": scenario, "host": host,
                                       "overrides": overrides_param(overrides)})
    return await answer("explain", req, lambda: ex.explain(req))


@router.post("/explain", response_model=Explanation, summary="How one figure is obtained (request in the body; agreement or scenario as a document)")
async def explain_post(req: ExplainRequest) -> Response:
    from ...ops import explain as ex

    return await answer("explain", req, lambda: ex.explain(req))
