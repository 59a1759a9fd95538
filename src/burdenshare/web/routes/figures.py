"""The figures: history, schedules, comparisons, and the data behind them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from ...ops import figures, hosts as hosts_ops
from ...ops.common import validate
from ...ops.explain import ExplainRequest, Explanation
from ...ops.result import CompareDoc, FindingDoc, Table, TableDoc, Tables
from ...present import findings
from ..cache import cached
from .common import HostQ, OverridesQ, ScenarioForQ, YearQ, overrides_param, scenario_for_param

router = APIRouter(prefix="/api/v1", tags=["figures"])
# Every route here answers with the bytes web/cache.py keeps (a Response): the response_model documents
# the answer in the OpenAPI document; FastAPI does not validate a Response again (a schedule's or a
# history's rows are encoded once, by json.dumps, and never walked by pydantic: issue 21's benchmark)


@router.get("/history", response_model=FindingDoc, summary="Every year of a host's agreements, with provenance and metrics")
def history(host: HostQ = None, real_base: YearQ = None, start: YearQ = None, end: YearQ = None, overrides: OverridesQ = None) -> Response:
    req = validate(figures.HistoryRequest, {"host": host, "real_base": real_base, "start": start, "end": end,
                                            "overrides": overrides_param(overrides)})
    return cached("history", req, lambda: _labelled(figures.history(req), findings.history))


@router.post("/history", response_model=FindingDoc, summary="Every year of a host's agreements (request in the body)")
def history_post(req: figures.HistoryRequest) -> Response:
    return cached("history", req, lambda: _labelled(figures.history(req), findings.history))


R = TypeVar("R", Table, Tables)


def _with_finding(res: R, finding: Callable[[R], str]) -> dict[str, Any]:
    doc = res.to_dict()
    doc["finding"] = finding(res)
    return doc


def _labelled(res: Table, finding: Callable[[Table], str]) -> dict[str, Any]:
    """A history or a schedule with its finding, and rows that also name what a page shows in place
    of codes (``source_text``, ``index_label``: present.labels)."""
    from ...model.catalog import catalog
    from ...present import labels

    doc = _with_finding(res, finding)
    doc["rows"] = labels.annotate(doc["rows"], catalog(res.meta["host"]))
    return doc


@router.post("/schedule", response_model=FindingDoc, summary="One agreement's years, computed from its rules (with the finding in words)")
def schedule(req: figures.ScheduleRequest) -> Response:
    # In the thread pool, like the other routes: a new schedule is a millisecond or two of work, which
    # on the event loop would hold every other connection's reading and writing meanwhile; the
    # hand-off costs a tenth of that (benchmarks/bench_web.py)
    return cached("schedule", req, lambda: _labelled(figures.schedule(req), findings.schedule))


@router.post("/compare", response_model=CompareDoc, summary="A baseline agreement and scenarios side by side (with the finding in words)")
def compare(req: figures.CompareRequest) -> Response:
    return cached("compare", req, lambda: _named(_with_finding(figures.compare(req), findings.compare)))


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
def series_list(host: HostQ = None) -> Response:
    req = validate(figures.SeriesRequest, {"host": host})
    return cached("series", req, lambda: figures.series(req).to_dict())


@router.get("/series/{name}", response_model=TableDoc, summary="Every value of one series, with status and source")
def series(name: Annotated[str, Path(max_length=64)], host: HostQ = None) -> Response:
    req = validate(figures.SeriesRequest, {"host": host, "name": name})
    return cached("series", req, lambda: figures.series(req).to_dict())


def _list(kind: str, fn: Callable[[figures.ListRequest], Table]) -> Callable[[str | None], Response]:
    def route(host: HostQ = None) -> Response:
        req = validate(figures.ListRequest, {"host": host})
        return cached(kind, req, lambda: fn(req).to_dict())

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
def sources(host: HostQ = None) -> Response:
    req = validate(figures.ListRequest, {"host": host})
    return cached("sources", req, lambda: _sources(req))



router.add_api_route("/agreements", _list("agreements", figures.agreements), methods=["GET"], response_model=TableDoc, summary="A host's agreements")
router.add_api_route("/scenarios", _list("scenarios", figures.scenarios), methods=["GET"], response_model=TableDoc, summary="The bundled scenarios")
router.add_api_route("/categories", _list("categories", figures.categories), methods=["GET"], response_model=TableDoc, summary="Published category splits")
router.add_api_route("/published", _list("published", figures.published), methods=["GET"], response_model=TableDoc, summary="Published annual totals")


@router.get("/hosts", response_model=FindingDoc, summary="Host nations compared, every row sourced")
def hosts(host: Annotated[list[str] | None, Query(max_length=20)] = None, base_year: Annotated[int | None, Query(ge=1990, le=2100)] = None,
          start: YearQ = None, end: YearQ = None, scenario: ScenarioForQ = None) -> Response:
    req = validate(hosts_ops.HostsRequest, {"hosts": host, "base_year": base_year, "start": start, "end": end,
                                            "scenario_for": scenario_for_param(scenario)})
    return cached("hosts", req, lambda: _with_finding(hosts_ops.hosts(req), findings.hosts))


@router.get("/host-list", response_model=TableDoc, summary="The hosts the data holds")
def host_list() -> Response:
    return cached("host-list", {}, lambda: hosts_ops.host_list().to_dict())


@router.get("/explain", response_model=Explanation, summary="How one figure is obtained: rule, inputs with sources, arithmetic, chain to the last published figure")
def explain(year: Annotated[int, Query(ge=1900, le=2200)], agreement: Annotated[str | None, Query(max_length=64)] = None,
            scenario: Annotated[str | None, Query(max_length=64)] = None, host: HostQ = None, overrides: OverridesQ = None) -> Response:
    from ...ops import explain as ex

    req = validate(ex.ExplainRequest, {"year": year, "agreement": agreement, "scenario": scenario, "host": host,
                                       "overrides": overrides_param(overrides)})
    return cached("explain", req, lambda: ex.explain(req))


@router.post("/explain", response_model=Explanation, summary="How one figure is obtained (request in the body; agreement or scenario as a document)")
def explain_post(req: ExplainRequest) -> Response:
    from ...ops import explain as ex

    return cached("explain", req, lambda: ex.explain(req))
