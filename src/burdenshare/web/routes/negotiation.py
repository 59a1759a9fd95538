"""Negotiation cases: offers, gap, frontier, solutions, one package's value, simulated bargaining."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict

from ...ops import negotiation as neg
from ...ops.common import Request, validate
from ...ops.jobs import JobStatus, JobTicket
from ...ops.limits import WEB
from ...ops.result import TableDoc
from ...ops.rooms import PackageRequest
from ..cache import answer
from ..deps import ClientDep, JobsDep
from .common import HostQ, sent

router = APIRouter(prefix="/api/v1/negotiations", tags=["negotiation"])
more = APIRouter(prefix="/api/v1", tags=["negotiation"])
CaseP = Annotated[str, Path(max_length=64)]
M = TypeVar("M", bound=BaseModel)


class CaseDoc(BaseModel):
    """A case: its rounds, the parties' positions, the public offers valued, the gap per round, the case
    document itself and the forecast of its close."""

    model_config = ConfigDict(extra="allow")

    meta: dict[str, Any]
    rounds: list[dict[str, Any]]
    positions: list[dict[str, Any]]
    offers: list[dict[str, Any]]
    gap: list[dict[str, Any]]
    case: dict[str, Any] | None
    forecast: dict[str, Any] | None


def _req(cls: type[M], case: str, host: str | None, **kw: Any) -> M:
    return validate(cls, {"case": case, "host": host, **kw})


@router.get("", response_model=TableDoc, summary="The bundled negotiation cases")
async def cases(host: HostQ = None) -> Response:
    req = validate(Request, {"host": host})
    return await answer("cases", req, lambda: neg.cases(req).to_dict())


@router.get("/{case}", response_model=CaseDoc, summary="A case: rounds, public offers valued by the engine, the gap and its forecast")
async def show(case: CaseP, host: HostQ = None) -> Response:
    req = _req(neg.CaseRequest, case, host)

    def compute() -> dict[str, Any]:
        res = neg.show(req, WEB)
        doc = res.to_dict()
        doc["case"] = doc["meta"].pop("case_document", None)
        doc["forecast"] = doc["meta"].get("forecast")
        return doc

    return await answer("case", req, compute)


@router.post("/{case}/value", response_model=neg.PackageValue, summary="One package's payments, totals and both parties' utilities")
def value(case: CaseP, body: PackageRequest, host: HostQ = None) -> neg.PackageValue:
    """A package: issue -> value (unset issues take the case's defaults)."""
    return neg.value(_req(neg.ValueRequest, case, host, package=body.package), WEB)


@router.get("/{case}/frontier", response_model=TableDoc, summary="The Pareto frontier of the package space")
async def frontier(case: CaseP, host: HostQ = None, limit: Annotated[int, Query(ge=1, le=WEB.frontier_rows)] = 500) -> Response:
    req = _req(neg.FrontierRequest, case, host, limit=limit)
    return await answer("frontier", req, lambda: neg.frontier(req, WEB).to_dict())


@router.get("/{case}/solutions", response_model=TableDoc, summary="Zone of agreement, Nash and Kalai-Smorodinsky solutions, the deal's efficiency")
async def solutions(case: CaseP, host: HostQ = None) -> Response:
    req = _req(neg.CaseRequest, case, host)
    return await answer("solutions", req, lambda: neg.solutions(req, WEB).to_dict())


@more.post("/tournaments", status_code=202, response_model=JobTicket,
           summary="Queue a tournament (every tactic against every tactic); poll /tournaments/{job}")
def tournament(req: neg.TournamentRequest, jobs: JobsDep, client: ClientDep) -> JobTicket:
    from ...i18n import current

    neg.check_tournament(req, WEB)  # an unknown case or too many games is refused now, not when the job runs
    return jobs.submit("tournament", req.model_dump(mode="json"), client, current())


@more.get("/tournaments/latest", response_model=JobStatus, response_model_exclude_unset=True,
          summary="The last finished tournament (of anyone): status and leaderboard; status 'none' when none has finished")
def tournament_latest(jobs: JobsDep) -> Response:
    # a page asks for it on opening: no tournament yet is an answer, not an error
    return sent(jobs.latest("tournament") or JobStatus(job=None, kind="tournament", status="none"), exclude_unset=True)


@more.get("/tournaments/{job}", response_model=JobStatus, response_model_exclude_unset=True,
          summary="A tournament job: status, progress, and the leaderboard when done")
def tournament_status(job: Annotated[str, Path(max_length=64)], jobs: JobsDep) -> Response:
    return sent(jobs.status(job), exclude_unset=True)


@more.get("/replay", response_model=TableDoc,
          summary="Each agreement under the other agreements' formulas (and its case's Nash and KS packages)")
async def replay(host: HostQ = None) -> Response:
    from ...i18n.money import format as money, table_unit

    req = validate(neg.ReplayRequest, {"host": host})

    def compute() -> dict[str, Any]:
        doc = neg.replay(req).to_dict()
        cur = doc["meta"]["currency"]
        scale, label, _dec = table_unit(cur)
        doc["meta"]["unit"] = {"scale": scale, "label": label}
        for r in doc["rows"]:
            r["total_text"] = money(r["total"], cur) if r["total"] is not None else None
            r["yearly_mean_text"] = money(r["yearly_mean"], cur, style="short") if r["yearly_mean"] is not None else None
        return doc

    return await answer("replay", req, compute)
