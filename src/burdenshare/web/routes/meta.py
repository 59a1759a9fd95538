"""About the service: its limits and its data version."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from ...ops.common import data_version
from ...ops.limits import WEB
from ...ops.result import TableDoc
from ...ops.saved import RATE
from ..security import MAX_BODY
from .common import HostQ

router = APIRouter(prefix="/api/v1", tags=["service"])


class RateLimit(BaseModel):
    """At most ``count`` uses in any ``window_seconds``, per client."""

    count: int
    window_seconds: int


class ServiceLimits(BaseModel):
    """The data version, the largest request body, every limit of ``ops.limits.WEB`` under its own
    name (paths, runs, jobs_per_client, ...) and the rate limits per action."""

    model_config = ConfigDict(extra="allow")

    data_version: str
    body_bytes: int = Field(description="the largest request body accepted, in bytes")
    rate_limits: dict[str, RateLimit]
    __pydantic_extra__: dict[str, int | bool] = Field(init=False)


@router.get("/limits", response_model=ServiceLimits, summary="What one request and one client may ask of this server")
def limits() -> dict[str, Any]:
    return {"data_version": data_version(), "body_bytes": MAX_BODY, **WEB.as_dict(),
            "rate_limits": {k: {"count": n, "window_seconds": int(w.total_seconds())} for k, (n, w) in RATE.items()}}


@router.get("/data", response_model=TableDoc,
            summary="The data version, and for every series its newest bundled and overlaid observation and where "
                    "the overlaid values come from")
async def data() -> Response:
    from ...ops.dataupdate import status
    from ..cache import answer

    def compute() -> dict[str, Any]:
        doc = status().to_dict()
        doc["meta"].pop("overlay_folder", None)  # a path of the server's file system: not for the reader
        for row in doc["rows"]:  # a value read from a file names the file, not where it lies on the server
            if row.get("source") and not str(row["source"]).startswith(("http://", "https://")):
                row["source"] = str(row["source"]).replace("\\", "/").rsplit("/", 1)[-1]
        return doc

    return await answer("data-status", {}, compute)


@router.get("/nowcast", summary="The partly published year's CPI change from the months published, and the payments that read it "
                                "(status nowcast): interval, model parameters, probability that the cap binds",
            response_model=TableDoc)
async def nowcast(agreement: Annotated[str | None, Query(max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")] = None,
            as_of: Annotated[str | None, Query(max_length=7, pattern=r"^\d{4}-\d{2}$", description="YYYY-MM")] = None,
            host: HostQ = None) -> Response:
    from ...ops import nowcast as ncast
    from ..cache import answer

    def compute() -> dict[str, Any]:
        return ncast.nowcast(agreement, host=host, as_of=as_of).table.to_dict()

    return await answer("nowcast", {"agreement": agreement, "as_of": as_of, "host": host}, compute)
