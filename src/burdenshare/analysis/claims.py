"""Claims about what a host pays, checked against the model: bundled claim files
(``data/claims/<host>/<id>.yaml``: who said it, when, the exact words, the source; the same claim
made elsewhere; responses and fact checks, each with its source) and what each claim means. Every
quote stays in the language the source prints it in; ``quote_translation`` holds burdenshare's
translation into the other language, shown under the original and labelled as ours (see
:mod:`burdenshare.model.quote`).

Kinds of claim:

- ``per_year``: an amount a year (``$10 billion a year``);
- ``total``: an amount over a number of years (``$33 billion`` over ten years): also per year, the
  amount divided by the years (arithmetic on the claim, not an estimate);
- ``statement``: no amount (``they pay us very little``): the facts it is about;
- ``cap``: a limit on the yearly increase of an agreement's contribution (``5%``);
- ``share_of``: a share of a series (``3.5% of GDP`` for defence).

What a claim means is shown per year against the contribution as the engine computes it (the
current agreement's path: published, derived or projected), in dollars at each year's rate, per US
soldier, as a share of the defence budget and of GDP, and against the support ledger's totals. A
figure that no source gives stays unknown.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..errors import UnknownNameError
from ..i18n import Text, _, localized
from ..model.agreement import ID_PATTERN
from ..model.catalog import Catalog
from ..model.datafile import bundled, load_model
from ..model.frames import row_dicts
from ..model.quote import Quoted
from ..model.rules import parse_years
from ..model.series import METRIC_PRECEDENCE, Inputs
from .schedule import history

if TYPE_CHECKING:
    import pandas as pd

KINDS = ("per_year", "total", "statement", "cap", "share_of")


class Said(Quoted):
    """Something someone said or wrote, with its source (the quote as the source prints it, and
    burdenshare's translation of it: see :mod:`burdenshare.model.quote`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    date: dt.date | None = None
    who: Text
    summary: Text = ""
    source: str


class ClaimSpec(BaseModel):
    """What the claim asserts, in the terms the model can check."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
    kind: Literal["per_year", "total", "statement", "cap", "share_of"]
    amount: int | None = Field(None, gt=0, description="whole units of `currency`")
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$")
    over_years: int | None = Field(None, ge=1, le=50, description="for a total: the years it is spread over")
    agreement: str | None = Field(None, description="for a cap: the agreement it limits")
    pct: float | None = Field(None, gt=0, lt=100, description="for a cap: the limit; for a share: the share")
    series: str | None = Field(None, description="for a share: the role or series it is a share of (gdp)")
    compare: str | None = Field(None, description="for a share: the role or series to hold against it (defence_budget)")
    component: str | None = Field(None, description="for a statement about one part of the support: the ledger component")

    @model_validator(mode="after")
    def _shape(self) -> ClaimSpec:
        need = {"per_year": ("amount", "currency"), "total": ("amount", "currency", "over_years"),
                "cap": ("agreement", "pct"), "share_of": ("series", "pct"), "statement": ()}[self.kind]
        missing = [f for f in need if getattr(self, f) is None]
        if missing:
            raise ValueError(_("a '{kind}' claim needs {fields}", kind=self.kind, fields=", ".join(missing)))
        return self


class Claim(Quoted):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ID_PATTERN)
    host: str = Field(pattern=ID_PATTERN)
    title: Text
    who: Text
    date: dt.date
    where: Text = ""
    quote: str = Field(min_length=1, description="the claim in the words the source prints")
    source: str
    claim: ClaimSpec
    years: tuple[int, int] = Field(description="the years the evaluation shows")
    statements: tuple[Said, ...] = Field((), description="the same claim made elsewhere, or reported by others")
    responses: tuple[Said, ...] = Field((), description="replies, corrections and fact checks")
    context: tuple[Said, ...] = Field((), description="other facts that bear on the claim")
    note: Text = ""

    @model_validator(mode="before")
    @classmethod
    def _years(cls, data: Any) -> Any:  # the document as parsed, before validation
        if isinstance(data, dict) and "years" in data:
            data = {**data, "years": parse_years(data["years"])}
        return data

    def cited(self) -> list[str]:
        return [self.source, *(s.source for s in (*self.statements, *self.responses, *self.context))]


def load_claim(path: str | Path) -> Claim:
    return load_model(path, Claim)


def bundled_claims(cat: Catalog) -> dict[str, Claim]:
    """The host's bundled claims by id, by date (read and validated once per process)."""
    found = bundled(Claim, str(cat.root), "claims", cat.host.id, frozenset(cat.sources), _WRONG_HOST)
    return dict(sorted(found, key=lambda kv: (kv[1].date, kv[0])))


_WRONG_HOST = _("claim '{id}' is for host '{host}', not '{other}'")


def resolve(cat: Catalog, name: str, where: str = "claim") -> Claim:
    known = bundled_claims(cat)
    if name not in known:
        raise UnknownNameError(_("claim"), name, list(known), where=where)
    return known[name]


def _value(cat: Catalog, inputs: Inputs, role: str | None, year: int) -> tuple[float, str | None, str | None]:
    """(value in currency units, status, source) of a role's series for a year; NaN when no source gives it."""
    if role is None:
        return math.nan, None, None
    name = cat.host.series_for(role)
    if name not in cat.book.meta:
        return math.nan, None, None
    v = inputs.get(name, year, METRIC_PRECEDENCE)
    if v is None:
        return math.nan, None, None
    return math.nan if v.value is None else v.value * cat.book.meta[name].scale, v.status, v.source


def per_year_amount(claim: Claim) -> tuple[float, str] | None:
    """The claim's amount a year and its currency (a total divided by its years)."""
    s = claim.claim
    if s.currency is None or s.amount is None:  # (not for these kinds: ClaimSpec._shape refuses it)
        return None
    if s.kind == "per_year":
        return float(s.amount), s.currency
    if s.kind == "total" and s.over_years is not None:
        return s.amount / s.over_years, s.currency
    return None


def _share_of_row(cat: Catalog, inputs: Inputs, s: ClaimSpec, y: int) -> dict[str, object]:
    """A share-of claim's year: the base series, the target share of it, and the compared series'
    share and gap."""
    base, base_status, _base_source = _value(cat, inputs, s.series, y)
    comp, comp_status, _comp_source = _value(cat, inputs, s.compare, y) if s.compare else (math.nan, None, None)
    target = base * s.pct / 100 if s.pct is not None else math.nan  # (a share-of claim has one)
    return {str(s.series): base, f"{s.series}_status": base_status, "target": target,
            s.compare if s.compare else "compare": comp, "compare_status": comp_status,
            "compare_share_pct": comp / base * 100, "gap": target - comp, "gap_pct": (target / comp - 1) * 100}


def _ledger_rows(cat: Catalog, inputs: Inputs, s: ClaimSpec) -> list[dict[str, object]]:
    """The support ledger's figures a claim is read against: the items of its component, or each
    definition's complete and published totals."""
    from ..model.ledger import ledger_of
    from . import ledger as _ledger

    led = ledger_of(cat)
    ledger_rows: list[dict[str, object]] = []
    by = {d.id: localized(d.by) for d in led.spec.definitions} if led is not None else {}
    if led is not None:
        built = _ledger.build(cat, led, inputs)
        if s.component:
            items = built["items"]
            items = items[(items["component"] == s.component) & (items["status"] == "published")]
            for r in row_dicts(items):
                ledger_rows.append({"period": r["period"], "definition": r["definition"], "definition_by": by.get(r["definition"]),
                                    "what": r["item"], "value_host": r["value_host"],
                                    "value_dollars": r["value_dollars"], "basis": "item", "source": r["source"]})
        else:
            for r in row_dicts(built["ledger"]):
                if r["total"] == r["total"]:
                    ledger_rows.append({"period": r["period"], "definition": r["definition"], "definition_by": by.get(r["definition"]),
                                        "what": "total", "value_host": r["total"],
                                        "value_dollars": r["total_dollars"], "basis": "complete", "source": None})
                if (isinstance(r["published_total"], str) and r["published_total_host"] == r["published_total_host"]) or (
                        isinstance(r["published_total"], str) and r["published_total_dollars"] == r["published_total_dollars"]):
                    ledger_rows.append({"period": r["period"], "definition": r["definition"], "definition_by": by.get(r["definition"]),
                                        "what": r["published_total"],
                                        "value_host": r["published_total_host"], "value_dollars": r["published_total_dollars"],
                                        "basis": "published", "source": r["published_source"]})
    return ledger_rows


def evaluate(cat: Catalog, claim: Claim, inputs: Inputs) -> dict[str, pd.DataFrame]:
    """What the claim means, year by year, and against the support ledger."""
    import pandas as pd


    cur = cat.host.currency
    hist_df = history(cat, inputs)
    rules = hist_df.attrs.get("rules", {})
    hist = hist_df.set_index("year")
    first, last = claim.years
    s = claim.claim
    per_year = per_year_amount(claim)
    roles = cat.host.roles
    rows: list[dict[str, Any]] = []
    for y in range(first, last + 1):
        h = hist.loc[y] if y in hist.index else None
        sma = _num(h["amount"]) if h is not None else math.nan
        fx, fx_status, _fx_source = _value(cat, inputs, "fx" if "fx" in roles else None, y)
        budget, budget_status, _bs = _value(cat, inputs, "defence_budget" if "defence_budget" in roles else None, y)
        gdp, gdp_status, _gs = _value(cat, inputs, "gdp" if "gdp" in roles else None, y)
        stated, _st, _ss = _value(cat, inputs, "troops_stated" if "troops_stated" in roles else None, y)
        head, _ht, _hs = _value(cat, inputs, "troops_headcount" if "troops_headcount" in roles else None, y)
        row = {"year": y, "sma": sma, "sma_status": h["status"] if h is not None else "unknown",
               "sma_agreement": h["agreement"] if h is not None else None, "sma_dollars": sma / fx, "fx": fx, "fx_status": fx_status,
               "defence_budget": budget, "defence_budget_status": budget_status, "gdp": gdp, "gdp_status": gdp_status,
               "troops_stated": stated, "troops_headcount": head,
               "sma_per_soldier_dollars": sma / fx / stated, "sma_share_defence_budget_pct": sma / budget * 100,
               "sma_share_gdp_pct": sma / gdp * 100,
               "caveat": h["caveat"] if h is not None and isinstance(h.get("caveat"), str) else None}
        if per_year is not None:
            amount, ccy = per_year
            host_amount = amount if ccy == cur else round(amount * fx) if ccy == cat.host.dollar and fx == fx else math.nan
            usd = amount if ccy == cat.host.dollar else amount / fx if ccy == cur else math.nan
            row.update({"claim": host_amount, "claim_dollars": usd, "claim_to_sma": host_amount / sma,
                        "claim_minus_sma": host_amount - sma, "claim_per_soldier_dollars": usd / stated,
                        "claim_per_soldier_headcount_dollars": usd / head,
                        "claim_share_defence_budget_pct": host_amount / budget * 100, "claim_share_gdp_pct": host_amount / gdp * 100})
        if s.kind == "cap" and h is not None:
            row.update({"rule": h["rule"], "change_pct": _num(h.get("change_pct")), "index_series": h.get("index_series"),
                        "index_year": _num(h.get("index_year")), "index_value": _num(h.get("index_value")),
                        "index_status": h.get("index_status"), "rate_applied_pct": _num(h.get("rate_applied_pct")),
                        "cap_pct": s.pct, "cap_binds": bool(h.get("cap_binds")),
                        "agreement_cap_pct": getattr(rules.get(y), "cap_pct", None)})
        if s.kind == "share_of":
            row.update(_share_of_row(cat, inputs, s, y))
        rows.append(row)
    years = pd.DataFrame(rows)
    ledger_rows = _ledger_rows(cat, inputs, s)
    ledger_df = pd.DataFrame(ledger_rows, columns=["period", "definition", "definition_by", "what", "value_host", "value_dollars", "basis",
                                                   "source"])
    spans = [parse_years(p) for p in ledger_df["period"]]
    ledger_df["years"] = [b - a + 1 for a, b in spans]
    ledger_df["value_dollars_per_year"] = ledger_df["value_dollars"] / ledger_df["years"]
    if per_year is not None and len(ledger_df):
        amount, ccy = per_year
        if ccy == cat.host.dollar:
            ledger_df["claim_per_year_to_this"] = amount / ledger_df["value_dollars_per_year"]
    said: list[dict[str, Any]] = []
    claimed = Said(date=claim.date, who=claim.who, quote=claim.quote, quote_lang=claim.quote_lang,
                 quote_translation=claim.quote_translation, source=claim.source)
    for role, told in (("claim", (claimed,)),
                       ("statement", claim.statements), ("response", claim.responses), ("context", claim.context)):
        for it in told:
            src = cat.sources.get(it.source)
            said.append({"role": role, "date": it.date, "who": localized(it.who), **it.shown(), "summary": localized(it.summary),
                         "source": it.source, "quality": src.quality if src else None, "url": src.url if src else None,
                         "publisher": src.publisher_name() if src else None})
    out = {"years": years, "ledger": ledger_df, "said": pd.DataFrame(said)}
    for df in out.values():
        df.attrs.update({"currency": cur, "dollar": cat.host.dollar})
    return out


def _num(v: Any) -> float:  # a cell of a frame: a number, or anything else (NaN)
    try:
        f = float(v)
    except (TypeError, ValueError):
        return math.nan
    return f


def listing(cat: Catalog) -> pd.DataFrame:
    import pandas as pd

    rows = []
    for c in bundled_claims(cat).values():
        py = per_year_amount(c)
        src = cat.sources.get(c.source)
        rows.append({"id": c.id, "date": c.date, "who": localized(c.who), "title": localized(c.title), "kind": c.claim.kind,
                     "amount": c.claim.amount, "currency": c.claim.currency, "per_year": py[0] if py else None,
                     "source": c.source, "quality": src.quality if src else None})
    return pd.DataFrame(rows, columns=["id", "date", "who", "title", "kind", "amount", "currency", "per_year", "source", "quality"])


__all__ = ["KINDS", "Claim", "ClaimSpec", "Said", "bundled_claims", "evaluate", "listing", "load_claim", "per_year_amount", "resolve"]
