"""Monte Carlo jobs (queued in the store; any server process answers for any job) and sensitivity."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import Response
from pydantic import Field

from ...i18n import current
from ...ops import uncertainty as unc
from ...ops.common import catalog_for
from ...ops.jobs import JobStatus, JobTicket
from ...ops.limits import WEB
from ...ops.result import TableDoc
from ..cache import answer
from ..deps import ClientDep, JobsDep
from .common import HostQ, sent

router = APIRouter(prefix="/api/v1", tags=["uncertainty"])


class DefaultSimulation(JobTicket):
    """The shared opening run's job, the request it answers, and its thresholds as the page writes them."""

    request: dict[str, Any] = Field(description="the simulation request (as POST /simulations takes it)")
    prob_above_text: list[list[int | str]] = Field(description="each threshold asked about: [its year, its amount in words]")


@router.post("/simulations", status_code=202, response_model=JobTicket, summary="Queue a Monte Carlo run; poll /simulations/{job}")
def simulate(req: unc.SimulationRequest, jobs: JobsDep, client: ClientDep) -> JobTicket:
    unc.check_simulation(req, WEB)  # refused now, not when the job runs
    return jobs.submit("simulation", req.model_dump(mode="json"), client, current())


@router.get("/simulations/default", response_model=DefaultSimulation,
            summary="The run the Uncertainty view opens with (run once, shared): its job and request")
def default_simulation(jobs: JobsDep, host: HostQ = None) -> DefaultSimulation:
    """The host's opening question (its latest agreement; for Korea the README's: how likely is the
    2030 payment to pass 1.7 trillion won?) as a job shared by every visitor: queued the first time,
    then answered from the store. Poll /simulations/{job} for its result."""
    from ...i18n.money import format as money
    from ...ops.common import Request, validate

    req = unc.default_simulation(validate(Request, {"host": host}))
    doc = req.model_dump(mode="json")
    out = jobs.shared("simulation", doc, current())
    cur = catalog_for(req).host.currency
    return DefaultSimulation(job=out.job, status=out.status, request=doc, prob_above_text=[[y, money(a, cur)] for y, a in req.prob_above])


@router.get("/simulations/{job}", response_model=JobStatus, response_model_exclude_unset=True,
            summary="A Monte Carlo job: status, progress, and the result when done (with findings in words)")
def simulation(job: Annotated[str, Path(max_length=64)], jobs: JobsDep) -> Response:
    from ...present.export import simulated
    from ...present.findings import probability

    out = jobs.status(job)
    result = out.result
    if result:
        # "method": how the figures were made (Monte Carlo, paths, seed, model), for the page's cite line
        out.result = {**result, "findings": [probability(p, result["meta"]["currency"], result["meta"]["paths"])
                                             for p in result.get("probabilities", [])],
                      "method": simulated(result["meta"])}
    return sent(out, exclude_unset=True)


@router.post("/sensitivity", response_model=TableDoc, summary="Which uncertain inputs move the term total most (tornado or Sobol)")
async def sensitivity(req: unc.SensitivityRequest) -> Response:
    return await answer("sensitivity", req, lambda: unc.sensitivity(req, limits=WEB).to_dict())


@router.get("/model", response_model=unc.FittedModel, summary="The fitted model of the driving series")
async def model(host: str | None = None, kind: str = "var") -> Response:
    from ...ops.common import validate

    req = validate(unc.ModelRequest, {"host": host, "model": kind})
    return await answer("model", req, lambda: unc.fit_model(req))
