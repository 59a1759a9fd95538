"""About the service: its limits and its data version."""

from __future__ import annotations

from fastapi import APIRouter

from ...ops.common import data_version
from ...ops.limits import WEB
from ...ops.saved import RATE
from ..security import MAX_BODY

router = APIRouter(prefix="/api/v1", tags=["service"])


@router.get("/limits", summary="What one request and one client may ask of this server")
def limits():
    return {"data_version": data_version(), "body_bytes": MAX_BODY, **WEB.as_dict(),
            "rate_limits": {k: {"count": n, "window_seconds": int(w.total_seconds())} for k, (n, w) in RATE.items()}}


@router.get("/data", summary="The data version, and for every series its newest bundled and overlaid observation and where "
                             "the overlaid values come from")
def data():
    from ...ops.dataupdate import status
    from ..cache import cached

    def compute() -> dict:
        doc = status().to_dict()
        doc["meta"].pop("overlay_folder", None)  # a path of the server's file system: not for the reader
        for row in doc["rows"]:  # a value read from a file names the file, not where it lies on the server
            if row.get("source") and not str(row["source"]).startswith(("http://", "https://")):
                row["source"] = str(row["source"]).replace("\\", "/").rsplit("/", 1)[-1]
        return doc

    return cached("data-status", {}, compute)
