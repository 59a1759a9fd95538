"""Claims about what a host pays (who said it, when, the words, the source), and what each means
against the model: per year, per US soldier, as a share of the defence budget and of GDP, beside
the current agreement's path and the support ledger, with the sources on both sides."""

from __future__ import annotations

from pydantic import Field

from ..analysis import claims as _claims
from ..i18n import _, localized
from .common import Name, Request, catalog_for, meta
from .result import Table, Tables

__all__ = ["ClaimRequest", "claim", "claims"]


class ClaimRequest(Request):
    """One bundled claim, evaluated."""

    claim: Name = Field(description="a bundled claim's id (see the list of claims)")


def claims(req: Request) -> Table:
    cat = catalog_for(req)
    df = _claims.listing(cat)
    return Table(df, meta(cat, sources=list(df["source"])), title=str(_("{host}: claims checked against the model", host=cat.host.title)))


def claim(req: ClaimRequest) -> Tables:
    cat = catalog_for(req)
    c = _claims.resolve(cat, req.claim)
    inputs = cat.inputs()
    out = _claims.evaluate(cat, c, inputs)
    per_year = _claims.per_year_amount(c)
    src = cat.sources.get(c.source)
    info = {"id": c.id, "title": localized(c.title), "who": localized(c.who), "date": c.date.isoformat(), "where": localized(c.where),
            **c.shown(), "source": c.source, "source_quality": src.quality if src else None, "source_url": src.url if src else None,
            "kind": c.claim.kind, "spec": c.claim.model_dump(exclude_none=True),
            "per_year": {"amount": per_year[0], "currency": per_year[1]} if per_year else None,
            "years": list(c.years), "note": localized(c.note)}
    m = meta(cat, claim=info, sources=sorted(set(c.cited())))
    return Tables({k: Table(v, m) for k, v in out.items()}, m, title=localized(c.title))
