"""Downloads: the tables behind the figures as CSV (UTF-8 with a byte-order mark, so that Excel
reads Hangul) and Excel workbooks."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import Response

from ...ops import figures
from ...ops.common import validate
from ...present import formats
from .common import HostQ, OverridesQ, overrides_param

router = APIRouter(prefix="/api/v1", tags=["downloads"])
NameP = Annotated[str, Path(max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _schedule(agreement: str, host: str | None, overrides: str | None):
    return figures.schedule(validate(figures.ScheduleRequest, {"agreement": agreement, "host": host,
                                                               "overrides": overrides_param(overrides)}))


@router.get("/schedule/{agreement}.csv", summary="One agreement's schedule as CSV")
def schedule_csv(agreement: NameP, host: HostQ = None, overrides: OverridesQ = None):
    res = _schedule(agreement, host, overrides)
    return Response(formats.to_csv(res.frame, bom=True), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{agreement}.csv"'})


@router.get("/schedule/{agreement}.xlsx", summary="One agreement's schedule as an Excel workbook")
def schedule_xlsx(agreement: NameP, host: HostQ = None, overrides: OverridesQ = None):
    import io

    res = _schedule(agreement, host, overrides)
    buf = io.BytesIO()
    formats.tidy(res.frame).to_excel(buf, index=False, sheet_name=agreement[:31])
    return Response(buf.getvalue(), media_type=XLSX, headers={"content-disposition": f'attachment; filename="{agreement}.xlsx"'})
