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
