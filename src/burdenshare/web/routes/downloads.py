"""Downloads of the tables behind every view: CSV (UTF-8 with a byte-order mark, so that Excel
reads Hangul; integers for money; the keys as they are), its data dictionary as a Frictionless
table schema at the same address with ``.schema.json`` (every column's name in English and Korean,
type, unit, definition; the sources; how the figures were made), Excel workbooks with a data
dictionary, a sources sheet and an "about" sheet (assumptions, overrides, data version, a
simulation's model, paths and seed, licence, cite as), and the provenance of a CSV as text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from ...errors import NotFound
from ...i18n import _
from ...model.catalog import catalog
from ...ops import figures, hosts as hosts_ops, ledger as ledger_ops
from ...ops.common import validate
from ...present import export
from ..deps import JobsDep

if TYPE_CHECKING:
    import pandas as pd
from .common import HostQ, NameP, OverridesQ, ScenarioForQ, YearQ, overrides_param, scenario_for_param

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

TEXT = {"schema": {"type": "string"}}
BINARY = {"schema": {"type": "string", "format": "binary"}}
FILES: dict[int | str, dict[str, Any]] = {200: {"description": "the file: CSV, an Excel workbook, the CSV's provenance (text) or its data dictionary "
                                                             "(a Frictionless table schema, JSON)",
                                              "content": {"text/csv": TEXT, XLSX: BINARY, "text/plain": TEXT,
                                                          "application/json": {"schema": {"type": "object"}}}}}
router = APIRouter(prefix="/api/v1", tags=["downloads"], responses=FILES)
SCHEMA = "schema.json"
Ext = Literal["csv", "xlsx", "txt", "schema.json"]
CiteQ = Annotated[str | None, Query(max_length=2000, description="the address of the view the download comes from (for 'cite as')")]


def _cite_url(request: Request, cite: str | None) -> str:
    """The view's address to cite: the page's, as the page sent it, when it is on this server's public
    address (--public-url) or the one the request came to; else the download's own address."""
    from .common import public_base

    public = public_base(request) + "/"
    for base in (public, str(request.base_url)):
        if cite and cite.startswith(base):
            return public + cite[len(base):]
    return public.rstrip("/") + request.url.path + (f"?{request.url.query}" if request.url.query else "")


def send(request: Request, ext: str, name: str, tables: list[tuple[str, pd.DataFrame]], meta: dict[str, Any], title: str,
         cite: str | None) -> Response:
    registry = dict(catalog(meta.get("host")).sources) if meta.get("host") else {}
    url = _cite_url(request, cite)
    disposition = {"content-disposition": f'attachment; filename="{name}.{ext}"'}
    if ext == "xlsx":
        return Response(export.workbook(tables, meta, registry, title, url), media_type=XLSX, headers=disposition)
    if ext == SCHEMA:
        text = export.schema_json(tables[0][1], meta, registry, title, name=name, path=f"{name}.csv", url=url)
        return Response(text, media_type="application/json; charset=utf-8",
                        headers={"content-disposition": f'attachment; filename="{name}.{SCHEMA}"'})
    if ext == "txt":
        return Response(export.provenance_text(meta, registry, title, url), media_type="text/plain; charset=utf-8",
                        headers={"content-disposition": f'attachment; filename="{name}.provenance.txt"'})
    return Response(export.to_csv(tables[0][1], bom=True), media_type="text/csv; charset=utf-8", headers=disposition)


@router.get("/history.{ext}", response_class=Response, summary="The history as CSV, Excel, or the CSV's provenance (txt)")
def history(request: Request, ext: Ext, host: HostQ = None, real_base: YearQ = None, start: YearQ = None, end: YearQ = None,
            overrides: OverridesQ = None, cite: CiteQ = None) -> Response:
    res = figures.history(validate(figures.HistoryRequest, {"host": host, "real_base": real_base, "start": start, "end": end,
                                                            "overrides": overrides_param(overrides)}))
    return send(request, ext, "history", [(str(_("history")), res.frame)], res.meta, res.title, cite)


@router.get("/schedule/{agreement}.schema.json", response_class=Response, summary="The data dictionary of a schedule's CSV (Frictionless table schema)")
def schedule_schema(request: Request, agreement: NameP, host: HostQ = None, overrides: OverridesQ = None, real_base: YearQ = None,
                    cite: CiteQ = None) -> Response:
    return schedule(request, agreement, "schema.json", host, overrides, real_base, cite)


@router.get("/schedule/{agreement}.{ext}", response_class=Response, summary="One agreement's schedule as CSV, Excel, the CSV's data dictionary or provenance")
def schedule(request: Request, agreement: NameP, ext: Ext, host: HostQ = None, overrides: OverridesQ = None,
             real_base: YearQ = None, cite: CiteQ = None) -> Response:
    res = figures.schedule(validate(figures.ScheduleRequest, {"agreement": agreement, "host": host, "real_base": real_base,
                                                              "overrides": overrides_param(overrides)}))
    return send(request, ext, agreement, [(agreement, res.frame)], res.meta, res.title, cite)


@router.get("/compare.{ext}", response_class=Response, summary="A comparison as CSV (per year), Excel (per year and totals), or provenance")
def compare(request: Request, ext: Ext, baseline: Annotated[str, Query(max_length=64)],
            scenarios: Annotated[str, Query(max_length=700, description="scenario ids, separated by commas")], host: HostQ = None,
            overrides: OverridesQ = None, real_base: YearQ = None, cite: CiteQ = None) -> Response:
    names = [s for s in scenarios.split(",") if s]
    res = figures.compare(validate(figures.CompareRequest, {"baseline": baseline, "scenarios": names, "host": host,
                                                            "real_base": real_base, "overrides": overrides_param(overrides)}))
    return send(request, ext, f"compare-{baseline}", [(str(_("per year")), res["rows"].frame), (str(_("totals")), res["totals"].frame)],
                res.meta, res.title, cite)


@router.get("/hosts.{ext}", response_class=Response, summary="The hosts compared as CSV, Excel, or provenance")
def hosts(request: Request, ext: Ext, host: Annotated[list[str] | None, Query(max_length=20)] = None,
          base_year: Annotated[int | None, Query(ge=1990, le=2100)] = None, start: YearQ = None, end: YearQ = None,
          scenario: ScenarioForQ = None, cite: CiteQ = None) -> Response:
    res = hosts_ops.hosts(validate(hosts_ops.HostsRequest, {"hosts": host, "base_year": base_year, "start": start, "end": end,
                                                            "scenario_for": scenario_for_param(scenario)}))
    meta = {**res.meta, "host": (res.meta.get("hosts") or [None])[0]}
    return send(request, ext, "hosts", [(str(_("hosts")), res.frame)], meta, res.title, cite)


@router.get("/simulations/{job}.schema.json", response_class=Response, summary="The data dictionary of a Monte Carlo job's CSV (Frictionless table schema)")
def simulation_schema(request: Request, job: Annotated[str, Path(max_length=64)], jobs: JobsDep, cite: CiteQ = None) -> Response:
    return simulation(request, job, "schema.json", jobs, cite)


@router.get("/simulations/{job}.{ext}", response_class=Response, summary="A finished Monte Carlo job's tables as CSV (per year), Excel, the CSV's data dictionary, or provenance")
def simulation(request: Request, job: Annotated[str, Path(max_length=64)], ext: Ext, jobs: JobsDep, cite: CiteQ = None) -> Response:
    import pandas as pd

    j = jobs.status(job)
    if j.status != "done":
        raise NotFound(_("the job has no result yet ({status})", status=j.status), where="job")
    r = j.result or {}
    tables = [(str(_("per year")), pd.DataFrame(r["by_year"])), (str(_("term total")), pd.DataFrame(r["term"])),
              (str(_("probabilities")), pd.DataFrame(r["probabilities"]))]
    return send(request, ext, f"simulation-{job[:8]}", tables, r["meta"], r["meta"].get("title") or str(_("simulation")), cite)


@router.get("/ledger.{ext}", response_class=Response,
            summary="The support ledger as CSV (one row per period and definition), Excel (with its items, checks and execution), or provenance")
def ledger(request: Request, ext: Ext, host: HostQ = None, cite: CiteQ = None) -> Response:
    res = ledger_ops.ledger(validate(ledger_ops.LedgerRequest, {"host": host}))
    ex = ledger_ops.execution(validate(ledger_ops.ExecutionRequest, {"host": host}))
    tables = [(str(_("ledger")), res["ledger"].frame), (str(_("items")), res["items"].frame), (str(_("checks")), res["checks"].frame),
              (str(_("execution")), ex.frame)]
    return send(request, ext, f"ledger-{res.meta['host']}", tables, res.meta, res.title, cite)


@router.get("/claims/{claim}.{ext}", response_class=Response,
            summary="One claim against the model as CSV (per year), Excel (per year, the ledger, the sources on both sides), or provenance")
def claim(request: Request, claim: NameP, ext: Ext, host: HostQ = None, cite: CiteQ = None) -> Response:
    from ...ops import claims as claims_ops

    res = claims_ops.claim(validate(claims_ops.ClaimRequest, {"claim": claim, "host": host}))
    names = {"years": str(_("per year")), "ledger": str(_("ledger")), "said": str(_("sources on both sides"))}
    tables = [(names.get(k, k), t.frame) for k, t in res.tables.items()]
    tables.sort(key=lambda t: t[0] != names["years"])  # the per-year table first (the CSV)
    return send(request, ext, f"claim-{res.meta['claim']['id']}", tables, res.meta, res.title, cite)


@router.get("/tournaments/{job}.{ext}", response_class=Response,
            summary="A finished tournament's leaderboard as CSV, Excel (leaderboard and pairings), or provenance")
def tournament(request: Request, job: Annotated[str, Path(max_length=64)], ext: Ext, jobs: JobsDep, cite: CiteQ = None) -> Response:
    import pandas as pd

    j = jobs.status(job)
    if j.kind != "tournament":
        raise NotFound(_("no such job"), where="job")
    if j.status != "done":
        raise NotFound(_("the job has no result yet ({status})", status=j.status), where="job")
    r = j.result or {}
    meta = r["meta"]
    tables = [(str(_("leaderboard")), pd.DataFrame(r["leaderboard"])), (str(_("pairings")), pd.DataFrame(r["pairings"]))]
    return send(request, ext, f"tournament-{job[:8]}", tables, meta, str(_("Tournament")), cite)


@router.get("/agreements/{agreement}/key-numbers.{ext}", response_class=Response,
            summary="An agreement's key numbers as CSV (key, label, value), Excel, or provenance")
def key_numbers(request: Request, agreement: NameP, ext: Ext, host: HostQ = None, cite: CiteQ = None) -> Response:
    import pandas as pd

    from ...ops import agreements as agreements_ops
    from ...ops.common import meta as meta_of
    from ...present.agreements import title

    k = agreements_ops.key_numbers(validate(agreements_ops.KeyNumbersRequest, {"agreement": agreement, "host": host}))
    doc = k.model_dump(mode="json")
    rows = [{"key": key, "value": value} for key, value in doc.items() if not isinstance(value, (list, dict)) and key != "cite"]
    rows += [{"key": f"{key}[{i}]", "value": v if not isinstance(v, dict) else "; ".join(f"{a}={b}" for a, b in v.items())}
             for key, value in doc.items() if isinstance(value, list) for i, v in enumerate(value)]
    meta = meta_of(catalog(k.host), agreement=k.agreement, sources=k.sources)
    return send(request, ext, f"key-numbers-{k.agreement}", [(str(_("key numbers")), pd.DataFrame(rows, columns=["key", "value"]))],
                meta, title(k), cite)


@router.get("/claims.{ext}", response_class=Response, summary="The list of claims as CSV, Excel, or provenance")
def claims(request: Request, ext: Ext, host: HostQ = None, cite: CiteQ = None) -> Response:
    from ...ops import claims as claims_ops
    from ...ops.common import Request as ListRequest

    res = claims_ops.claims(validate(ListRequest, {"host": host}))
    return send(request, ext, f"claims-{res.meta['host']}", [(str(_("claims")), res.frame)], res.meta, res.title, cite)


@router.get("/replay.{ext}", response_class=Response, summary="Each agreement under the other agreements' formulas as CSV, Excel, or provenance")
def replay(request: Request, ext: Ext, host: HostQ = None, cite: CiteQ = None) -> Response:
    from ...ops import negotiation as neg

    res = neg.replay(validate(neg.ReplayRequest, {"host": host}))
    return send(request, ext, f"replay-{res.meta['host']}", [(str(_("replay")), res.frame)], res.meta, res.title, cite)
