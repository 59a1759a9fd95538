"""The support ledger: everything a host provides, by component, under each definition that counts
it (partial where components are unknown), the checks of published totals against their parts, and
the contribution's execution (agreed, allocated, spent, carried over, lapsed, the unspent balance)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field, model_validator

from ..analysis import ledger as _ledger
from ..errors import InputError
from ..i18n import _, localized
from ..i18n.vocabulary import word
from ..model.ledger import Ledger, ledger_of
from .common import Name, Request, catalog_for, meta, sources_of
from .result import Table, Tables

if TYPE_CHECKING:
    from ..model.catalog import Catalog

__all__ = ["ExecutionRequest", "LedgerRequest", "definitions", "execution", "ledger"]


class LedgerRequest(Request):
    """A host's support ledger, by period and definition."""

    start: int | None = Field(None, ge=1900, le=2200, description="first year shown")
    end: int | None = Field(None, ge=1900, le=2200, description="last year shown")
    definitions: list[Name] | None = Field(None, max_length=20, description="definitions to show (default: all)")

    @model_validator(mode="after")
    def _order(self) -> LedgerRequest:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(_("the last year {end} is before the first year {start}", end=self.end, start=self.start))
        return self


class ExecutionRequest(Request):
    """What sources say about the execution of the contribution."""

    start: int | None = Field(None, ge=1900, le=2200, description="first year shown")
    end: int | None = Field(None, ge=1900, le=2200, description="last year shown")


def _led(cat: Catalog) -> Ledger:
    led = ledger_of(cat)
    if led is None:
        raise InputError(_("the data hold no support ledger for {host}", host=cat.host.title), where="host")
    return led


def holds_ledger(req: Request) -> tuple[bool, str, str]:
    """Whether the host's data hold a support ledger (a host from data files alone may have none),
    with the host's id and name: a page says so rather than failing."""
    cat = catalog_for(req)
    return ledger_of(cat) is not None, cat.host.id, cat.host.title


def definitions(cat: Catalog, led: Ledger) -> dict[str, dict[str, Any]]:
    """What each definition counts, in words, with its sources."""
    return {d.id: {"title": localized(d.title), "by": localized(d.by), "description": localized(d.description),
                   "note": localized(d.note), "sources": list(d.sources), "components": list(d.components),
                   "totals": {k: list(v) for k, v in d.totals.items()}, "main": d.main}
            for d in led.spec.definitions}


def ledger(req: LedgerRequest) -> Tables:
    cat = catalog_for(req)
    led = _led(cat)
    known = [d.id for d in led.spec.definitions]
    for i, d in enumerate(req.definitions or ()):
        if d not in known:
            from ..errors import UnknownNameError

            raise UnknownNameError(_("definition"), d, known, where=f"definitions[{i}]")
    tables = _ledger.build(cat, led, cat.inputs(), req.start, req.end)
    if req.definitions:
        for k in tables:
            tables[k] = tables[k][tables[k]["definition"].isin(req.definitions)].reset_index(drop=True)
    comps = [*led.spec.components, *(p for ps in led.spec.parts.values() for p in ps)]
    m = meta(cat, definitions=definitions(cat, led), components={c: word("component", c) for c in comps},
             parts={k: list(v) for k, v in led.spec.parts.items()}, contribution=led.spec.contribution, note=localized(led.spec.note), files=dict(led.files),
             sources=sorted({*sources_of(tables["items"]), *(s for d in led.spec.definitions for s in d.sources)}))
    title = str(_("{host}: support for the US forces, by component", host=cat.host.title))
    return Tables({k: Table(v, m, title=title) for k, v in tables.items()}, m, title=title)


def execution(req: ExecutionRequest) -> Table:
    cat = catalog_for(req)
    led = _led(cat)
    if req.start is not None and req.end is not None and req.end < req.start:
        raise InputError(_("the last year {end} is before the first year {start}", end=req.end, start=req.start), where="end")
    df = _ledger.execution(cat, led, cat.inputs(), req.start, req.end)
    return Table(df, meta(cat, files=dict(led.files), sources=sources_of(df)),
                 title=str(_("{host}: execution of the contribution", host=cat.host.title)))
