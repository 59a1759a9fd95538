"""Explain any figure: the trace from treaty clause to number, for one year of an agreement (or of
a scenario, or of the whole history), with the same overrides as a schedule."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..analysis import scenarios as sc
from ..analysis.explain import trace
from ..analysis.schedule import describe_columns, run_columns, timeline_for
from ..i18n import _
from ..model.agreement import Agreement
from ..model.frames import clean
from .common import FigureRequest, Name, agreement_for, catalog_for, check_overrides_used, inputs_for, meta

__all__ = ["ExplainRequest", "Explanation", "explain"]


class ExplainRequest(FigureRequest):
    """One year of an agreement or a scenario (neither: the host's history)."""

    year: int = Field(ge=1900, le=2200)
    agreement: Name | Agreement | None = Field(None, description="an agreement's id or document")
    scenario: Name | sc.Scenario | None = Field(None, description="a scenario's id or document")

    @model_validator(mode="after")
    def _one(self) -> ExplainRequest:
        if self.agreement is not None and self.scenario is not None:
            raise ValueError(_("give an agreement or a scenario, not both"))
        return self


class Explanation(BaseModel):
    """How one figure is obtained (what :func:`explain` gives): the amount, the rule and its source, the
    inputs with their sources, the arithmetic in words, the exact value before rounding, and the chain
    back to the last published figure."""

    model_config = ConfigDict(extra="allow")

    meta: dict[str, Any]
    year: int
    amount: int | None
    status: str
    currency: str
    agreement: dict[str, Any] | None
    rule: dict[str, Any] | None
    inputs: list[dict[str, Any]]
    steps: list[str]
    exact: dict[str, Any] | None = None
    rounding: dict[str, Any] | None = None
    cap_binds: bool | None = None
    floor_binds: bool | None = None
    chain: list[dict[str, Any]]


def explain(req: ExplainRequest) -> Explanation:
    cat = catalog_for(req)
    inputs = inputs_for(cat, req.overrides)
    changed: frozenset[int] = frozenset()
    if req.scenario is not None:
        scen = sc.resolve_scenario(cat, req.scenario, where="scenario")
        ap = sc.apply(cat, scen, inputs)
        tl, inputs, changed = ap.timeline, ap.inputs, scen.changed_years
        subject = {"scenario": scen.id}
    else:
        a, extra = agreement_for(cat, req.agreement) if req.agreement is not None else (cat.last_agreement, None)
        tl = timeline_for(cat, a, extra)
        subject = {"agreement": a.id} if req.agreement is not None else {"history": cat.host.id}
    df = describe_columns(run_columns(cat, tl, inputs, scenario_years=changed), cat)
    rows = [{**r, "amount": None if r["amount"] is None or r["amount"] != r["amount"] else r["amount"]}
            for r in clean(df.rows())]
    out = trace(cat, tl, inputs, req.year, rows)
    from .common import read_windows

    check_overrides_used(cat, req.overrides, read_windows(cat, [df]))
    sources = sorted({s["id"] for s in [out["rule"]["source"], *(i["source"] for i in out["inputs"])] if s})
    return Explanation.model_validate(clean({"meta": meta(cat, req.overrides, **subject, year=req.year, sources=sources), **out}))
