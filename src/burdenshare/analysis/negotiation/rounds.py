"""Offers round by round: each offer valued by the engine, the gap between the sides, and a trend
forecast of where and when it would close.

An offer may state only some issues (usually the first-year total, often in dollars); the rest are
taken from the case's defaults (the terms of the final agreement), and the output says so. A dollar
figure is converted at the first agreement year's average rate (assumed where no outturn exists).

Forecast: for each side, a least-squares line of its first-year figure against time, through its
offers up to the given date; the lines' crossing is where the gap closes on the current trend. With
two or three public offers per side this is a crude extrapolation, reported with that caveat and
as "no crossing" when the lines diverge.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import numpy as np

from ...errors import InputError
from ...i18n import _, localized
from ...model.series import METRIC_PRECEDENCE
from .case import Offer, Option
from .space import Space

if TYPE_CHECKING:
    import pandas as pd


def offer_package(space: Space, offer: Offer) -> dict[str, Option]:
    pkg = dict(offer.package)
    fy = space.case.first_year_issue
    if offer.first_year_usd is not None:
        name = space.cat.host.series_for("fx")
        rate = space.inputs.get(name, space.case.start_year, METRIC_PRECEDENCE)
        if rate is None or rate.value is None:
            raise InputError(_("no exchange rate for {start_year} to convert a dollar offer", start_year=space.case.start_year), where=f"overrides.fx.{space.case.start_year}")
        won = offer.first_year_usd * rate.value
        pkg[fy.id] = round(won / space.case.unit) * space.case.unit
    if offer.agreement and fy.id not in pkg:
        pkg[fy.id] = int(space.agreement_payments(offer.agreement)[0])
    if fy.id not in pkg:
        raise InputError(_("the offer of {date} by {party} states no first-year total", date=offer.date, party=offer.party), where="offers")
    return pkg


def offers(space: Space) -> pd.DataFrame:
    """Every recorded offer, valued for both parties."""
    import pandas as pd

    rows: list[dict[str, Any]] = []
    for o in sorted(space.case.offers, key=lambda o: o.date):
        pkg = offer_package(space, o)
        v = space.value(pkg, space.agreement_payments(o.agreement) if o.agreement else None)
        stated = set(o.package) | ({space.case.first_year_issue.id} if o.first_year_usd else set())
        row = {
            "date": o.date, "round": o.round, "party": o.party, "kind": o.kind,
            "first_year": pkg[space.case.first_year_issue.id], "first_year_dollars_stated": o.first_year_usd,
            "total": v["total"], "total_dollars": v["total_dollars"], "term": len(v["years"]),
            "defaults_used": ", ".join(sorted(set(v["package"]) - stated)) or None,
            "official": o.official, "source": o.source, "note": localized(o.note),
        }
        for p in space.case.parties:
            for k in ("annual_pv", "utility"):
                row[p.column(k)] = v[p.column(k)]
        rows.append(row)
    cols = ["date", "round", "party", "kind", "first_year", "first_year_dollars_stated", "total", "total_dollars", "term", "defaults_used",
            "official", "source", "note"] + [p.column(k) for p in space.case.parties for k in ("annual_pv", "utility")]
    df = pd.DataFrame(rows, columns=cols if not rows else None)
    if len(df):
        df["round"] = df["round"].astype("Int64")
    return df


def gap(space: Space) -> pd.DataFrame:
    """Round by round: each side's latest first-year figure and the gap between them."""
    import pandas as pd

    case = space.case
    payer = next(p for p in case.parties if p.role == "payer")
    payee = next(p for p in case.parties if p.role == "payee")
    table = offers(space)
    rows = []
    for r in sorted(case.rounds, key=lambda r: r.start):
        until = r.end or r.start
        before = table[table["date"] <= until]
        last = {p.id: before[before["party"] == p.id].tail(1) for p in case.parties}
        row: dict[str, Any] = {"round": r.number, "start": r.start, "end": r.end, "place": localized(r.place) or None}
        for p in (payer, payee):
            lp = last[p.id]
            row[f"{p.id}_first_year"] = int(lp["first_year"].iloc[0]) if len(lp) else None
        a, b = row[f"{payee.id}_first_year"], row[f"{payer.id}_first_year"]
        row["gap"] = (a - b) if a is not None and b is not None else None
        row["gap_pct_of_payer_offer"] = (a - b) / b * 100 if a is not None and b is not None else None
        row["source"] = r.source
        rows.append(row)
    return pd.DataFrame(rows, columns=None if rows else ["round", "start", "end", "place", "gap", "gap_pct_of_payer_offer", "source"])


def forecast(space: Space, as_of: dt.date | None = None) -> dict[str, Any]:
    """Where the two sides' first-year figures would meet on their current linear trends."""
    table = offers(space)
    if as_of is not None:
        table = table[table["date"] <= as_of]
    table = table[table["kind"] != "final"]
    lines = {}
    for p in space.case.parties:
        t = table[table["party"] == p.id]
        if len(t) < 2:
            return {"closes": None, "reason": str(_("{party} has fewer than two public offers", party=localized(p.name))), "as_of": as_of}
        x = np.array([(d - t["date"].iloc[0]).days for d in t["date"]], dtype=float)
        if np.ptp(x) == 0:
            return {"closes": None, "reason": str(_("the offers of {party} are all on one date", party=localized(p.name))), "as_of": as_of}
        slope, intercept = np.polyfit(x, t["first_year"].to_numpy(dtype=float), 1)
        lines[p.id] = (t["date"].iloc[0], slope, intercept)
    (d1, s1, c1), (d2, s2, c2) = lines.values()
    origin = min(d1, d2)
    c1 -= s1 * (d1 - origin).days
    c2 -= s2 * (d2 - origin).days
    if s1 == s2:
        return {"closes": None, "reason": str(_("the trends are parallel")), "as_of": as_of}
    x = (c2 - c1) / (s1 - s2)
    last = max(table["date"])
    if origin + dt.timedelta(days=x) < last:
        return {"closes": None, "reason": str(_("the trends diverge (they crossed before the last offer)")), "as_of": as_of}
    return {"closes": origin + dt.timedelta(days=float(x)), "first_year": float(c1 + s1 * x),
            "caveat": str(_("linear trend through the public offers; few points")), "as_of": as_of}
