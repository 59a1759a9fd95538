"""An agreement's key numbers: the JSON answer (/api/v1/agreements/{agreement}/key-numbers) and its
page (/agreements/{agreement}). The agreement is looked up among the data's names."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...i18n import current
from ...ops import agreements as ops
from ...ops.common import validate
from ..cache import cached_value
from .common import HostQ, NameP, public_base

router = APIRouter(prefix="/api/v1", tags=["figures"])
pages = APIRouter(include_in_schema=False)


def view_path(agreement: str, host: str | None = None) -> str:
    """The address of an agreement's key numbers (ASCII: ids and language codes only)."""
    return f"/agreements/{agreement}?" + (f"host={host}&" if host else "") + f"lang={current()}"


def key_numbers(request: Request, agreement: str, host: str | None) -> ops.KeyNumbers:
    """The key numbers with their citation naming the public address of their page."""
    from ...present.agreements import with_cite

    req = validate(ops.KeyNumbersRequest, {"agreement": agreement, "host": host})
    k = cached_value("key-numbers", req, lambda: ops.key_numbers(req))
    return with_cite(k, public_base(request) + view_path(k.agreement, host))


@router.get("/agreements/{agreement}/key-numbers", response_model=ops.KeyNumbers,
            summary="An agreement's key numbers: term, first-year total, growth rule, cap, signing date, term total, summary, citation")
def key_numbers_api(request: Request, agreement: NameP, host: HostQ = None) -> ops.KeyNumbers:
    return key_numbers(request, agreement, host)


def box(request: Request, agreement: str, host: str | None) -> dict[str, Any]:
    """What the key-numbers box of a page shows (the History page's, and the agreement's own page)."""
    from ...present.agreements import lines, title

    k = key_numbers(request, agreement, host)
    return {"k": k, "lines": lines(k), "title": title(k), "path": view_path(k.agreement, host)}


@pages.get("/agreements", response_class=HTMLResponse)
def latest(request: Request, host: HostQ = None) -> RedirectResponse:
    from ...model.catalog import catalog

    cat = catalog(host)
    return RedirectResponse(view_path(cat.host.agreements[-1], host), status_code=307)


@pages.get("/agreements/{agreement}", response_class=HTMLResponse)
def page(request: Request, agreement: NameP, host: HostQ = None) -> Response:
    from ...i18n.core import localized
    from ...model.catalog import catalog
    from .pages import render

    cat = catalog(host)
    b = box(request, agreement, host)
    others = [(a, localized(cat.agreements[a].title)) for a in cat.host.agreements]
    return render(request, "agreement", title=b["title"], box=b, others=others, host=host or "", agreement=b["k"].agreement)
