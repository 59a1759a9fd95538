"""The whole bill: the support ledger, the contribution's execution, and the claims checked
against the model."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from ...ops import claims as claims_ops, ledger as ledger_ops
from ...ops.common import Request, validate
from ...ops.result import TableDoc, TablesDoc
from ..cache import answer
from .common import HostQ, NameP, YearQ

router = APIRouter(prefix="/api/v1", tags=["ledger"])
# the answers are web/cache.py's bytes (a Response): response_model documents them, FastAPI does not validate them again


@router.get("/ledger", response_model=TablesDoc, summary="Everything a host provides, by component and definition; partial totals marked; published totals checked")
async def ledger(host: HostQ = None, start: YearQ = None, end: YearQ = None,
           definition: Annotated[list[str] | None, Query(max_length=20)] = None) -> Response:
    req = validate(ledger_ops.LedgerRequest, {"host": host, "start": start, "end": end, "definitions": definition})
    return await answer("ledger", req, lambda: ledger_ops.ledger(req).to_dict())


@router.get("/ledger/execution", response_model=TableDoc, summary="The contribution's execution: agreed, budgeted, spent, carried over, lapsed, unspent balances")
async def execution(host: HostQ = None, start: YearQ = None, end: YearQ = None) -> Response:
    req = validate(ledger_ops.ExecutionRequest, {"host": host, "start": start, "end": end})
    return await answer("execution", req, lambda: ledger_ops.execution(req).to_dict())


@router.get("/claims", response_model=TableDoc, summary="Claims about what a host pays, with their sources")
async def claims(host: HostQ = None) -> Response:
    req = validate(Request, {"host": host})
    return await answer("claims", req, lambda: claims_ops.claims(req).to_dict())


@router.get("/claims/{claim}", response_model=TablesDoc, summary="What a claim means: per year, per US soldier, shares, against the agreement and the ledger")
async def claim(claim: NameP, host: HostQ = None) -> Response:
    req = validate(claims_ops.ClaimRequest, {"host": host, "claim": claim})
    return await answer("claim", req, lambda: claims_ops.claim(req).to_dict())
