"""Downloads: the tables behind the figures as CSV (UTF-8 with a byte-order mark, so that Excel
reads Hangul) and Excel workbooks."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import Response

from ...ops import figures, ledger as ledger_ops
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


def _ledger(host: str | None):
    req = validate(ledger_ops.LedgerRequest, {"host": host})
    return req, ledger_ops.ledger(req)


@router.get("/ledger.csv", summary="The support ledger as CSV (one row per period and definition)")
def ledger_csv(host: HostQ = None):
    req, res = _ledger(host)
    name = f"ledger-{res.meta['host']}.csv"
    return Response(formats.to_csv(res["ledger"].frame, bom=True), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{name}"'})


@router.get("/ledger.xlsx", summary="The support ledger, its items, the checks and the execution as an Excel workbook")
def ledger_xlsx(host: HostQ = None):
    import io

    import pandas as pd

    req, res = _ledger(host)
    ex = ledger_ops.execution(validate(ledger_ops.ExecutionRequest, {"host": host}))
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        for sheet, frame in (("ledger", res["ledger"].frame), ("items", res["items"].frame), ("checks", res["checks"].frame),
                             ("execution", ex.frame)):
            formats.tidy(frame).to_excel(xl, index=False, sheet_name=sheet)
    name = f"ledger-{res.meta['host']}.xlsx"
    return Response(buf.getvalue(), media_type=XLSX, headers={"content-disposition": f'attachment; filename="{name}"'})
