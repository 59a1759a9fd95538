"""The trace of one figure, from treaty clause to number: the rule in force with its reference and
text, each input with its series, year, status and source, the arithmetic step by step (rounding,
caps and floors, bound or not), and the chain back to the last published figure.

The trace is built from the engine's own detail for that year (the previous amount, the value it
read, the rate it applied, whether a cap or floor bound, the amount); the rule kind writes the
arithmetic out (:meth:`Rule.explain`). ``exact`` is the unrounded result, so anyone can check that
rounding it the agreement's way gives the engine's figure.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, cast

import numpy as np

from ..errors import InputError
from ..i18n import _, localized
from ..i18n.vocabulary import word
from ..model.catalog import Catalog
from ..model.engine import CONVERT, RATE, compute, rate_to_int
from ..model.rules import Step
from ..model.series import OVERRIDE_SOURCE, Inputs
from ..model.timeline import Timeline, compile_plan, deterministic_drivers

MODE_NAMES = {0: "half_up", 1: "down", 2: "up"}


def _source(cat: Catalog, ref: str | None) -> dict[str, Any] | None:
    """A cited source for the trace: its original title, its publisher in the reader's language
    (``publisher_text``; ``publisher`` as the registry has it), date and address; a value the reader
    entered is "your input"."""
    if not ref:
        return None
    if ref == OVERRIDE_SOURCE:
        return {"id": ref, "url": "", "title": str(_("your input"))}
    s = cat.sources.get(ref)
    if s is None:
        return {"id": ref, "url": ref if ref.startswith(("http://", "https://")) else "", "title": ref}
    return {"id": s.id, "title": s.title, "publisher": s.publisher, "publisher_text": s.publisher_name(), "url": s.url,
            "date": s.date, **({"quality": s.quality} if getattr(s, "quality", None) else {})}


def _series_name(cat: Catalog, name: str) -> str:
    """A series as readers know it (the step's arithmetic names it so)."""
    meta = cat.book.meta.get(name)
    return meta.name_text() if meta is not None else name


def exact_of(rule_kind: int, step: Step) -> Fraction | None:
    """The unrounded amount the engine's arithmetic gives for a year (None for a stated amount)."""
    from ..model.engine import FX_DECIMALS

    if rule_kind == RATE and step.previous is not None and step.applied_units is not None:
        den: int = 100 * 10**step.decimals
        return Fraction(step.previous) * (den + step.applied_units) / den
    if rule_kind == CONVERT and step.driver is not None:
        converted: Fraction = Fraction(round(step.driver * 10**FX_DECIMALS), 10**FX_DECIMALS) * step.foreign
        return converted
    return None


def trace(cat: Catalog, tl: Timeline, inputs: Inputs, year: int, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The trace of `year` in the timeline `tl` (rows: the timeline's schedule rows, for the chain)."""
    years = tl.years
    if year not in years:
        raise InputError(_("year {year} is outside the years covered ({lo}-{hi})", year=year, lo=years[0], hi=years[-1]),
                         where="year")
    plan = compile_plan(tl, cat.context)
    drivers, used = deterministic_drivers(plan, inputs)
    res = compute(plan, drivers, detail=True)
    t = years.index(year)
    amounts = res.amount[0]
    known = bool(res.known[t])
    kind = int(plan.kind[t])
    d = int(plan.decimals[t])
    prev = int(amounts[t - 1]) if t > 0 and res.known[t - 1] else (plan.base if t == 0 else None)
    rate_units = applied = None
    if kind == RATE and known:
        rate_units = int(rate_to_int(drivers[0, t:t + 1], d)[0] + plan.add[t])
        applied = round(float(cast(np.ndarray, res.rate_pct)[0, t]) * 10**d)  # kept with detail=True
    cap_binds, floor_binds = cast(np.ndarray, res.cap_binds), cast(np.ndarray, res.floor_binds)  # kept with detail=True
    src = plan.drivers_from[t]
    step = Step(year=year, amount=int(amounts[t]) if known else None, previous=prev,
                driver=None if drivers[0, t] != drivers[0, t] else float(drivers[0, t]), rate_units=rate_units,
                applied_units=applied, decimals=d, cap_binds=bool(cap_binds[0, t]), floor_binds=bool(floor_binds[0, t]),
                unit=int(plan.unit[t]), mode=MODE_NAMES[int(plan.mode[t])], foreign=int(plan.foreign[t]),
                series=_series_name(cat, src[1]) if src and src[0] == "series" else None,
                dollar=cat.host.dollar)
    entry = tl.entries[t]
    rule = entry.rule
    currency = cat.host.currency
    agreement = cat.agreements.get(entry.agreement)
    if known or not rule.relative:
        steps = [str(m) for m in rule.explain(step, currency)]
    else:
        steps = [str(_("no source gives the amount this year builds on: it is unknown, like every year built on it"))]
    v = used[t]
    inputs_used: list[dict[str, Any]] = []
    if v is not None:
        meta = cat.book.meta.get(v.series)
        inputs_used.append({"series": v.series, "title": meta.name_text() if meta else v.series,
                            "unit": meta.unit_text() if meta else "", "year": v.year,
                            "value": v.value, "text": v.text or repr(v.value), "status": v.status,
                            "status_text": word("status", v.status), "note": v.note, "source": _source(cat, v.source)})
    exact = exact_of(kind, step) if known else None
    chain: list[dict[str, Any]] = []
    row_by_year = {r["year"]: r for r in rows}
    for y in range(year, years[0] - 1, -1):
        r = row_by_year.get(y)
        if r is None:
            break
        chain.append({"year": y, "agreement": r["agreement"], "amount": r["amount"], "status": r["status"],
                      "status_text": word("status", r["status"]), "basis": r.get("basis", "")})
        if r["status"] in ("published", "unknown") or not tl.entries[years.index(y)].rule.relative:
            break
    chain.reverse()
    return {
        "year": year,
        "amount": step.amount,
        "status": rows[t]["status"] if t < len(rows) else None,
        "currency": currency,
        "agreement": {"id": entry.agreement, "title": localized(agreement.title) if agreement else entry.agreement,
                      "signed": agreement.signed.isoformat() if agreement and agreement.signed else None},
        "rule": {"kind": rule.rule, "kind_text": word("rule", rule.rule), "years": list(rule.years), "note": localized(rule.note) or None,
                 "source": _source(cat, rule.source), "basis": rows[t].get("basis") if t < len(rows) else ""},
        "inputs": inputs_used,
        "steps": steps,
        "exact": None if exact is None else {"numerator": exact.numerator, "denominator": exact.denominator,
                                             "value": float(exact)},
        "rounding": {"unit": step.unit, "mode": step.mode},
        "cap_binds": step.cap_binds,
        "floor_binds": step.floor_binds,
        "chain": chain,
    }
