"""The figures: history, schedules, comparisons, and the data behind them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from ...ops import figures, hosts as hosts_ops
from ...ops.common import validate
from ..cache import cached
from .common import HostQ, OverridesQ, overrides_param

router = APIRouter(prefix="/api/v1", tags=["figures"])
YearQ = Annotated[int | None, Query(ge=1900, le=2200)]


@router.get("/history", summary="Every year of a host's agreements, with provenance and metrics")
def history(host: HostQ = None, real_base: YearQ = None, start: YearQ = None, end: YearQ = None, overrides: OverridesQ = None):
    req = validate(figures.HistoryRequest, {"host": host, "real_base": real_base, "start": start, "end": end,
                                            "overrides": overrides_param(overrides)})
    return cached("history", req, lambda: figures.history(req).to_dict())


@router.post("/history", summary="Every year of a host's agreements (request in the body)")
def history_post(req: figures.HistoryRequest):
    return cached("history", req, lambda: figures.history(req).to_dict())


@router.post("/schedule", summary="One agreement's years, computed from its rules")
def schedule(req: figures.ScheduleRequest):
    return cached("schedule", req, lambda: figures.schedule(req).to_dict())


@router.post("/compare", summary="A baseline agreement and scenarios side by side")
def compare(req: figures.CompareRequest):
    return cached("compare", req, lambda: figures.compare(req).to_dict())


@router.get("/series", summary="The series of a host")
def series_list(host: HostQ = None):
    req = validate(figures.SeriesRequest, {"host": host})
    return cached("series", req, lambda: figures.series(req).to_dict())


@router.get("/series/{name}", summary="Every value of one series, with status and source")
def series(name: Annotated[str, Path(max_length=64)], host: HostQ = None):
    req = validate(figures.SeriesRequest, {"host": host, "name": name})
    return cached("series", req, lambda: figures.series(req).to_dict())


def _list(kind: str, fn):
    def route(host: HostQ = None):
        req = validate(figures.ListRequest, {"host": host})
        return cached(kind, req, lambda: fn(req).to_dict())

    return route


router.add_api_route("/sources", _list("sources", figures.sources), methods=["GET"], summary="The source registry and what uses each source")
router.add_api_route("/agreements", _list("agreements", figures.agreements), methods=["GET"], summary="A host's agreements")
router.add_api_route("/scenarios", _list("scenarios", figures.scenarios), methods=["GET"], summary="The bundled scenarios")
router.add_api_route("/categories", _list("categories", figures.categories), methods=["GET"], summary="Published category splits")
router.add_api_route("/published", _list("published", figures.published), methods=["GET"], summary="Published annual totals")


@router.get("/hosts", summary="Host nations compared, every row sourced")
def hosts(host: Annotated[list[str] | None, Query(max_length=20)] = None, base_year: Annotated[int, Query(ge=1990, le=2100)] = 2024,
          start: YearQ = None, end: YearQ = None,
          scenario: Annotated[list[str] | None, Query(max_length=20, description="HOST:SCENARIO, e.g. jp:jp-2027-current-level")] = None):
    from ...errors import InputError
    from ...i18n import _

    scenario_for = {}
    for item in scenario or ():
        if ":" not in item:
            raise InputError(_("'{item}' must look like HOST:SCENARIO", item=item), where="scenario_for")
        k, v = item.split(":", 1)
        scenario_for[k] = v
    req = validate(hosts_ops.HostsRequest, {"hosts": host, "base_year": base_year, "start": start, "end": end,
                                            "scenario_for": scenario_for})
    return cached("hosts", req, lambda: hosts_ops.hosts(req).to_dict())


@router.get("/host-list", summary="The hosts the data holds")
def host_list():
    return cached("host-list", {}, lambda: hosts_ops.host_list().to_dict())
