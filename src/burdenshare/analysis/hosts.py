"""Comparing host nations: what each contributes, on the same footing, with every figure sourced.

Per host and year, from each host's own data and agreements (the same engine):

- ``contribution_usd``: the year's amount at the year's average exchange rate (for a host with an
  April fiscal year, the rate of the calendar year the fiscal year starts in: an approximation);
- ``contribution_usd_real``: the same in constant dollars of ``base_year`` (US CPI-U);
- ``per_us_soldier_usd``: per US service member (DMDC head count);
- ``share_defence_budget_pct`` and ``share_gdp_pct``: of the host's own defence budget and GDP.

Reported figures from other studies (``data/hosts/reported.csv``) are listed beside them as they
were published (the DoD 2004 compendium for 2002; GAO-21-270 for 2016-2019), and two shares of
the US stationing cost are derived from GAO's totals. A "share" depends on its denominator:

- ``host_share_of_total_cost`` = host direct support / (host direct support + DoD obligations):
  the part of the combined cost of the presence that the host pays;
- ``host_support_per_dod_dollar`` = host direct support / DoD obligations;
- DoD's own 2002 percentages use yet another base (US non-personnel stationing costs).
"""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

import numpy as np

from ..data import DATA_DIR
from ..errors import DataFileError, InputError
from ..model.catalog import catalog
from ..model.metrics import price_level
from ..model.series import METRIC_PRECEDENCE

if TYPE_CHECKING:
    import pandas as pd

HOSTS = ("kr", "jp")
DEFINITIONS = {
    "contribution_usd": "annual contribution under the cost-sharing agreements, at the year's average rate",
    "contribution_usd_real": "the same in constant US dollars of the base year (US CPI-U)",
    "per_us_soldier_usd": "contribution per US service member stationed (DMDC September head count)",
    "share_defence_budget_pct": "contribution as a share of the host's defence budget",
    "share_gdp_pct": "contribution as a share of the host's nominal GDP",
    "host_share_of_total_cost": "host direct support / (host direct support + DoD obligations), 2016-2019 (GAO-21-270)",
    "host_support_per_dod_dollar": "host direct support / DoD obligations, 2016-2019 (GAO-21-270)",
}


def reported() -> list[dict]:
    path = DATA_DIR / "hosts" / "reported.csv"
    out = []
    with path.open(newline="", encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=2):
            try:
                row["value"] = float(row["value"])
            except ValueError:
                raise DataFileError(str(path), f"'{row['value']}' is not a number", field="value", line=i) from None
            out.append(row)
    return out


def compare(hosts=HOSTS, *, base_year: int = 2024, first: int | None = None, last: int | None = None) -> "pd.DataFrame":
    """A long table: one row per (period, host, measure), with value, unit, source and definition."""
    import pandas as pd

    from .. import api

    rows = []
    for h in hosts:
        cat = catalog(h)
        hist = api.history(host=h)
        us_cpi = cat.host.roles.get("us_cpi")
        years = hist["year"].to_numpy()
        if us_cpi is None:
            raise InputError(f"host '{h}' has no us_cpi role for real dollars", where="host")
        inputs = cat.inputs()
        level = price_level(inputs, us_cpi, years, base_year)
        fx_src = {int(y): inputs.get(cat.host.roles["fx"], int(y), METRIC_PRECEDENCE) for y in years}
        for i, r in hist.iterrows():
            y = int(r["year"])
            if (first and y < first) or (last and y > last) or pd.isna(r[f"amount_{cat.host.currency.lower()}"]):
                continue
            src = next((x for x in (r["published_source"], r["source"]) if isinstance(x, str) and x), None)
            fx = fx_src[y]
            for m, v, unit, extra in (
                ("contribution_usd", r["amount_usd"], "USD", fx.source if fx else None),
                ("contribution_usd_real", r["amount_usd"] / level[i] if level[i] == level[i] else np.nan, f"USD of {base_year}", us_cpi),
                ("per_us_soldier_usd", r["amount_usd"] / r["troops_headcount"], "USD", "troopdata-rebuild-reports"),
                ("share_defence_budget_pct", r["share_defence_budget_pct"], "percent", cat.host.roles.get("defence_budget")),
                ("share_gdp_pct", r["share_gdp_pct"], "percent", cat.host.roles.get("gdp")),
            ):
                rows.append({"period": str(y), "host": h, "measure": m, "value": float(v) if v == v else np.nan, "unit": unit,
                             "source": src, "also_uses": extra, "definition": DEFINITIONS[m]})
    rep = reported()
    for r in rep:
        if r["host"] in hosts or r["host"] not in HOSTS:
            rows.append({"period": r["period"], "host": r["host"], "measure": r["measure"], "value": r["value"], "unit": r["unit"],
                         "source": r["source"], "also_uses": None, "definition": r["definition"]})
    gao = {(r["host"], r["measure"]): r["value"] for r in rep if r["source"] == "gao-21-270"}
    for h in hosts:
        if (h, "dod_obligations") in gao and (h, "host_direct_support") in gao:
            d, s = gao[(h, "dod_obligations")], gao[(h, "host_direct_support")]
            rows.append({"period": "2016-2019", "host": h, "measure": "host_share_of_total_cost", "value": s / (s + d) * 100,
                         "unit": "percent", "source": "gao-21-270", "also_uses": None, "definition": DEFINITIONS["host_share_of_total_cost"]})
            rows.append({"period": "2016-2019", "host": h, "measure": "host_support_per_dod_dollar", "value": s / d,
                         "unit": "ratio", "source": "gao-21-270", "also_uses": None, "definition": DEFINITIONS["host_support_per_dod_dollar"]})
    df = pd.DataFrame(rows)
    df.attrs["base_year"] = base_year
    return df


def cost_plus(host: str, percent: float) -> float:
    """Dollars a year if the host paid the full cost of the US presence plus `percent`: (DoD
    obligations + host direct support) per year over 2016-2019 (GAO-21-270) x (1 + percent/100)."""
    rep = {(r["host"], r["measure"]): r for r in reported() if r["source"] == "gao-21-270"}
    try:
        d, s = rep[(host, "dod_obligations")], rep[(host, "host_direct_support")]
    except KeyError:
        raise InputError(f"no stationing-cost figures for host '{host}' (GAO-21-270 covers kr and jp)", where="cost_plus") from None
    years = 4  # the GAO totals cover 2016-2019
    return (d["value"] + s["value"]) / years * (1 + percent / 100)
