"""The support ledger by period and definition, the checks of published totals against their parts,
and the contribution's execution.

For each period (a year, or a span such as 2016-2019) and each definition:

- the value of every component: the sum of the ledger's items for it (alternative figures are never
  added); for a definition that takes the contribution from the agreements, a year without a
  ledger item for it takes the year's amount from the history (published, derived or projected, as
  there);
- ``total``: the sum of the definition's components, only when every one of them is known
  (``status`` complete); otherwise ``known_sum`` is what is known and ``missing`` names the rest
  (``status`` partial); a definition that publishes totals only has ``status`` totals only;
- amounts in the host currency (a dollar figure converted at the year's average rate) and in
  dollars; a span of years is not converted (no single rate applies).

Checks: every published total against the sum of its parts as the same source gives them (the
items of the blocks it adds up) and against the sum of the published sub-totals that make it up.
A difference within the rounding of the figures (half a unit of the coarsest figure per figure
added) is ``within rounding``; parts that are known to be incomplete can only be ``parts
incomplete`` (their sum must not exceed the total); anything else ``differs``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

from ..i18n import _, current, localized
from ..model.catalog import Catalog
from ..model.frames import row_dicts
from ..model.ledger import BLOCKS, MEASURES, STOCKS, Definition, Item, Ledger, note_text
from ..model.series import METRIC_PRECEDENCE, Inputs
from .schedule import history

if TYPE_CHECKING:
    import pandas as pd

RESULTS = ("matches", "within rounding", "parts incomplete", "differs", "not comparable")


def precision(v: int) -> int:
    """The largest power of ten (up to 10^12) that divides a whole amount: the unit it is written in."""
    v = abs(int(v))
    if v == 0:
        return 1
    unit = 1
    while unit < 10**12 and v % (unit * 10) == 0:
        unit *= 10
    return unit


def tolerance(total: int, parts: Iterable[int]) -> int:
    """How far a sum of rounded figures may lie from a rounded total: half the coarsest unit per figure."""
    parts = list(parts)
    unit = max([precision(total), *(precision(p) for p in parts)])
    return (len(parts) + 1) * unit // 2


def _fx(cat: Catalog, inputs: Inputs, first: int, last: int) -> tuple[float, str | None]:
    if first != last or "fx" not in cat.host.roles:
        return math.nan, None
    v = inputs.get(cat.host.roles["fx"], first, METRIC_PRECEDENCE)
    return (math.nan if v.value is None else v.value, v.status) if v is not None else (math.nan, None)


def _convert(cat: Catalog, value: int | None, currency: str, fx: float) -> tuple[float, float]:
    """(host currency, dollars) of a value given in either."""
    if value is None:
        return math.nan, math.nan
    if currency == cat.host.currency:
        return float(value), value / fx if fx == fx else math.nan
    if currency == cat.host.dollar:
        return (value * fx if fx == fx else math.nan), float(value)
    return math.nan, math.nan


def _missing(v: Any) -> bool:
    import pandas as pd

    return v is None or bool(pd.isna(v))


def _item_name(it: Item) -> str:
    return it.item_ko if current() == "ko" and it.item_ko else it.item


def _periods(led: Ledger, hist: pd.DataFrame) -> list[tuple[str, int, int, Definition]]:
    out: dict[tuple[str, str], tuple[str, int, int, Definition]] = {}
    for it in led.items:
        out[(it.period, it.definition)] = (it.period, it.first, it.last, led.spec.definition(it.definition))
    years = [int(y) for y in hist["year"]]
    first_item = min((it.first for it in led.items), default=min(years))
    for d in led.spec.definitions:
        if d.from_agreements:
            for y in years:
                if y >= first_item:
                    out.setdefault((str(y), d.id), (str(y), y, y, d))
    order = {d.id: i for i, d in enumerate(led.spec.definitions)}
    return sorted(out.values(), key=lambda p: (p[1], p[2], order[p[3].id]))


def _contribution_item(cat: Catalog, led: Ledger, d: Definition, year: int, hist: pd.DataFrame) -> Item | None:
    row = hist[hist["year"] == year]
    if not len(row):
        return None
    r = row.iloc[0]
    amount = r["amount"]
    if _missing(amount):
        return None
    src = next((x for x in (r.get("published_source"), r.get("source")) if isinstance(x, str) and x), "")
    title = localized(cat.agreements[r["agreement"]].title) if r["agreement"] in cat.agreements else str(r["agreement"])
    return Item(str(year), year, year, d.id, "direct", led.spec.contribution, title, title, int(amount), cat.host.currency,
                f"agreement:{r['status']}", src, "", "", 0)


def build(cat: Catalog, led: Ledger, inputs: Inputs, first: int | None = None, last: int | None = None) -> dict[str, pd.DataFrame]:
    """The ledger (one row per period and definition), its items and the checks of published totals."""
    import pandas as pd

    hist = history(cat, inputs)
    spec = led.spec
    parts_of = spec.parts
    part_codes = [p for ps in parts_of.values() for p in ps]
    wide, long, checks = [], [], []
    for period, p_first, p_last, d in _periods(led, hist):
        if (first is not None and p_last < first) or (last is not None and p_first > last):
            continue
        items = [it for it in led.items if it.period == period and it.definition == d.id]
        fx, fx_status = _fx(cat, inputs, p_first, p_last)
        counted = [it for it in items if not it.is_total and it.status == "published"]
        own = {spec.component_of(it.component) for it in counted}
        if d.from_agreements and p_first == p_last and spec.contribution not in own:
            extra = _contribution_item(cat, led, d, p_first, hist)
            if extra is not None:
                counted.append(extra)
                items = [*items, extra]
        # component values (host currency), parts kept as "of which"
        comp_val: dict[str, float] = {}
        for c in spec.components:
            direct = [it for it in counted if it.component == c]
            parts = {p: [it for it in counted if it.component == p] for p in parts_of.get(c, ())}
            vals = [_convert(cat, it.value, it.currency, fx)[0] for it in direct]
            if direct:
                comp_val[c] = sum(vals)
            elif parts and all(parts.values()):
                comp_val[c] = sum(_convert(cat, it.value, it.currency, fx)[0] for ps in parts.values() for it in ps)
        part_val = {p: sum(_convert(cat, it.value, it.currency, fx)[0] for it in counted if it.component == p)
                    for p in part_codes if any(it.component == p for it in counted)}
        counts = list(d.components)
        missing = [c for c in counts if spec.component_of(c) == c and c not in comp_val]
        known = [v for c, v in comp_val.items() if c in counts]
        complete = bool(counts) and not missing
        status = "complete" if complete else ("partial" if counts else "totals only")
        total = sum(known) if complete else math.nan
        # the published total shown: the main one, else the one that adds up the most blocks
        pubs = sorted((it for it in items if it.is_total and it.status == "published" and it.value is not None),
                      key=lambda it: (it.support != d.main, -len(d.totals[it.support])))
        pub = pubs[0] if pubs else None
        pub_host, pub_usd = _convert(cat, pub.value, pub.currency, fx) if pub else (math.nan, math.nan)
        contribution = next((it for it in counted if spec.component_of(it.component) == spec.contribution), None)
        row = {"period": period, "first_year": p_first, "last_year": p_last, "definition": d.id,
               "definition_title": localized(d.title)}
        for c in spec.components:
            row[c] = comp_val.get(c, math.nan)
        for p in part_codes:
            row[p] = part_val.get(p, math.nan)
        row.update({
            "contribution_basis": (contribution.status if contribution and contribution.status.startswith("agreement:")
                                   else ("ledger" if contribution else None)),
            "known_sum": sum(known) if known else math.nan, "total": total,
            "total_dollars": total / fx if complete and fx == fx else math.nan,
            "status": status, "missing": ", ".join(missing) or None,
            "published_total": pub.support if pub else None, "published_total_host": pub_host, "published_total_dollars": pub_usd,
            "published_source": pub.source if pub else None, "fx": fx, "fx_status": fx_status,
        })
        wide.append(row)
        for it in items:
            host_v, usd_v = _convert(cat, it.value, it.currency, fx)
            long.append({"period": period, "first_year": p_first, "last_year": p_last, "definition": d.id, "support": it.support,
                         "component": it.component, "item": _item_name(it), "value": it.value, "currency": it.currency,
                         "value_host": host_v, "value_dollars": usd_v,
                         "status": it.status, "origin": "agreements" if it.line == 0 else "ledger", "source": it.source,
                         "note": it.note_text()})
        checks.extend(_checks(d, period, [it for it in items if it.line != 0], complete))
    wcols = ["period", "first_year", "last_year", "definition", "definition_title", *spec.components, *part_codes,
             "contribution_basis", "known_sum", "total", "total_dollars", "status", "missing", "published_total", "published_total_host",
             "published_total_dollars", "published_source", "fx", "fx_status"]
    out = {
        "ledger": pd.DataFrame(wide, columns=wcols),
        "items": pd.DataFrame(long, columns=["period", "first_year", "last_year", "definition", "support", "component", "item",
                                             "value", "currency", "value_host", "value_dollars", "status", "origin", "source",
                                             "note"]),
        "checks": pd.DataFrame(checks, columns=["period", "definition", "total", "published", "currency", "status", "source",
                                                "against", "parts", "sum", "difference", "tolerance", "result"]),
    }
    for df in out.values():
        df.attrs.update({"currency": cat.host.currency, "dollar": cat.host.dollar})
    return out


def _checks(d: Definition, period: str, items: list[Item], complete: bool) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    totals = [it for it in items if it.is_total and it.value is not None]
    parts_all = [it for it in items if not it.is_total and it.status == "published" and it.value is not None]
    single: dict[tuple[str, ...], Item] = {}
    for it in totals:
        if it.status == "published":
            single.setdefault(tuple(d.totals[it.support]), it)
    for t in totals:
        if t.value is None:  # (not among the totals)
            continue
        blocks = d.totals[t.support]
        parts = [p for p in parts_all if p.support in blocks]
        base = {"period": period, "definition": d.id, "total": t.support, "published": t.value, "currency": t.currency,
                "status": t.status, "source": t.source}
        if parts:
            if any(p.currency != t.currency for p in parts):
                rows.append({**base, "against": "components", "parts": len(parts), "result": "not comparable"})
            else:
                values = [p.value for p in parts if p.value is not None]  # (every one: parts_all has values)
                s = sum(values)
                tol = tolerance(t.value, values)
                diff = t.value - s
                if complete:
                    result = "matches" if diff == 0 else "within rounding" if abs(diff) <= tol else "differs"
                else:
                    result = "parts incomplete" if diff >= -tol else "differs"
                rows.append({**base, "against": "components", "parts": len(parts), "sum": s, "difference": diff, "tolerance": tol,
                             "result": result})
        if len(blocks) > 1:
            for combo in _partitions(tuple(blocks), list(single)):
                subs = [single[c] for c in combo]
                if any(s.currency != t.currency for s in subs):
                    continue
                values = [x.value for x in subs if x.value is not None]  # (every one: totals have values)
                s = sum(values)
                tol = tolerance(t.value, values)
                diff = t.value - s
                result = "matches" if diff == 0 else "within rounding" if abs(diff) <= tol else "differs"
                rows.append({**base, "against": SUB_TOTALS + " + ".join(x.support for x in subs), "parts": len(subs), "sum": s,
                             "difference": diff, "tolerance": tol, "result": result})
    return rows


SUB_TOTALS = "sub-totals: "


def against_words(against: str) -> str:
    """What a check compares a published total with, in words ('components'; 'sub-totals: direct +
    indirect' names the sub-totals)."""
    from ..i18n.vocabulary import word

    if isinstance(against, str) and against.startswith(SUB_TOTALS):
        names = " + ".join(word("support", s.strip()) for s in against[len(SUB_TOTALS):].split("+"))
        return str(_("the published sub-totals {totals}", totals=names))
    return word("against", against)


def _partitions(blocks: tuple[str, ...], available: list[tuple[str, ...]]) -> list[tuple[tuple[str, ...], ...]]:
    """Ways to make `blocks` from two or more disjoint published sub-totals."""
    cands = [a for a in available if set(a) < set(blocks)]
    out = []
    for n in range(2, len(cands) + 1):
        for combo in itertools.combinations(cands, n):
            flat = [b for c in combo for b in c]
            if sorted(flat) == sorted(blocks) and len(set(flat)) == len(flat):
                out.append(combo)
    return out


def execution(cat: Catalog, led: Ledger, inputs: Inputs, first: int | None = None, last: int | None = None) -> pd.DataFrame:
    """What sources say about the contribution's execution, with the agreed amounts of those years
    (from the history), the published category allocations (``categories.csv``) and ``spent``
    computed where a year's available money and its unexecuted part are both published."""
    import pandas as pd

    rows: list[dict[str, Any]] = []
    for e in led.execution:
        rows.append({"period": e.period, "first_year": e.first, "last_year": e.last, "as_of": e.as_of or None,
                     "category": e.category, "measure": e.measure, "value": e.value, "currency": e.currency,
                     "status": e.status, "source": e.source, "note": e.note_text()})
    flows = {(r["first_year"], r["last_year"]) for r in rows if r["measure"] not in STOCKS}
    single = sorted({a for a, b in flows if a == b})
    for c in cat.categories:
        if c.year in single:
            rows.append({"period": str(c.year), "first_year": c.year, "last_year": c.year, "as_of": None, "category": c.category,
                         "measure": "allocated", "value": c.amount, "currency": cat.host.currency, "status": "published",
                         "source": c.source, "note": note_text(c.note, c.note_ko)})
    hist = history(cat, inputs).set_index("year")
    have_agreed = {(r["first_year"], r["category"]) for r in rows if r["measure"] == "agreed"}
    for y in single:
        if (y, "total") not in have_agreed and y in hist.index:
            a: Any = hist.at[y, "amount"]  # a cell of the history (an integer, or missing)
            if not _missing(a):
                src = next((x for x in (hist.at[y, "published_source"], hist.at[y, "source"]) if isinstance(x, str) and x), None)
                rows.append({"period": str(y), "first_year": y, "last_year": y, "as_of": None, "category": "total",
                             "measure": "agreed", "value": int(a), "currency": cat.host.currency,
                             "status": f"agreement:{hist.at[y, 'status']!s}", "source": src, "note": ""})
    # spent = available - unexecuted, where both are published for the same year and category
    pub = {(r["period"], r["category"], r["measure"]): r for r in rows if r["status"] == "published"}
    for (period, category, measure), r in list(pub.items()):
        if measure == "available" and (period, category, "unexecuted") in pub:
            u = pub[(period, category, "unexecuted")]
            rows.append({**r, "measure": "spent", "value": r["value"] - u["value"], "status": "computed", "source": r["source"],
                         "note": str(_("available minus unexecuted"))})
    df = pd.DataFrame(rows, columns=["period", "first_year", "last_year", "as_of", "category", "measure", "value", "currency",
                                     "status", "source", "note"])
    if first is not None:
        df = df[df["last_year"] >= first]
    if last is not None:
        df = df[df["first_year"] <= last]
    order = {m: i for i, m in enumerate(MEASURES)}
    df = df.assign(_m=df["measure"].map(order), _s=df["measure"].isin(STOCKS))
    df = df.sort_values(["_s", "first_year", "last_year", "category", "_m"], kind="stable").drop(columns=["_m", "_s"])
    df = df.reset_index(drop=True)
    df["value_dollars"] = [_usd(cat, inputs, r) for r in row_dicts(df)]
    df.attrs.update({"currency": cat.host.currency, "dollar": cat.host.dollar})
    return df


def _usd(cat: Catalog, inputs: Inputs, r: dict[str, Any]) -> float:
    year = int(str(r["as_of"])[:4]) if not _missing(r.get("as_of")) else (r["first_year"] if r["first_year"] == r["last_year"] else None)
    if year is None or _missing(r["value"]):
        return np.nan
    fx, _s = _fx(cat, inputs, year, year)
    return _convert(cat, int(r["value"]), r["currency"], fx)[1]


__all__ = ["BLOCKS", "RESULTS", "against_words", "build", "execution", "precision", "tolerance"]
