"""Comparing host nations: what each contributes, on the same footing, with every figure sourced.

Per host and year, from each host's own data and agreements (the same engine):

- ``contribution_dollars``: the year's amount at the year's average exchange rate (for a host with an
  April fiscal year, the rate of the calendar year the fiscal year starts in: an approximation);
- ``contribution_dollars_real``: the same in constant dollars of ``base_year`` (US CPI-U);
- ``per_us_soldier_dollars``: per US service member (DMDC head count);
- ``share_defence_budget_pct`` and ``share_gdp_pct``: of the host's own defence budget and GDP.

A host may be projected under one of its scenarios (``scenarios``: host -> scenario): its rows
then follow the scenario's timeline (e.g. a successor agreement after the current one ends), with
``status`` scenario for the years the scenario sets and ``scenario`` naming it.

A year whose amount no source gives is listed as unknown (NaN with ``status`` unknown), so that a
chart leaves a gap rather than drawing across it. Reported figures from other studies
(``hosts/reported.csv``) are listed beside them as they were published (the DoD 2004 compendium
for 2002; GAO-21-270 for 2016-2019), and two shares of the US stationing cost are derived from
GAO's totals. A "share" depends on its denominator:

- ``host_share_of_total_cost`` = host direct support / (host direct support + DoD obligations):
  the part of the combined cost of the presence that the host pays;
- ``host_support_per_dod_dollar`` = host direct support / DoD obligations;
- DoD's own 2002 percentages use yet another base (US non-personnel stationing costs).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import InputError
from ..i18n import _
from ..model.catalog import Catalog, host_ids
from ..model.frames import row_dicts
from ..model.metrics import price_level
from ..model.reported import stationing_cost
from ..model.series import METRIC_PRECEDENCE
from .schedule import history, run_columns

if TYPE_CHECKING:
    import pandas as pd

    from ..model.series import Inputs
    from .scenarios import Scenario

MEASURES = ("contribution_dollars", "contribution_dollars_real", "per_us_soldier_dollars", "share_defence_budget_pct", "share_gdp_pct")
DEFINITIONS = {
    "contribution_dollars": _("annual contribution under the cost-sharing agreements, at the year's average rate"),
    "contribution_dollars_real": _("the same in constant US dollars of the base year (US CPI-U)"),
    "per_us_soldier_dollars": _("contribution per US service member stationed (DMDC September head count)"),
    "share_defence_budget_pct": _("contribution as a share of the host's defence budget"),
    "share_gdp_pct": _("contribution as a share of the host's nominal GDP"),
    "host_share_of_total_cost": _("host direct support / (host direct support + DoD obligations), {period} ({source})"),
    "host_support_per_dod_dollar": _("host direct support / DoD obligations, {period} ({source})"),
}


def _named(cat: Catalog, ref: str | None) -> str:
    """A source as a definition names it: its publisher (in the reader's language) and date."""
    s = cat.sources.get(ref) if ref else None
    return ", ".join(x for x in (s.publisher_name(), s.date) if x) if s is not None else (ref or "")


def _projected(cat: Catalog, scenario: Scenario | None) -> tuple[pd.DataFrame, Inputs]:
    """The host's years and the inputs they were computed with: its history, or a scenario's timeline."""
    if scenario is None:
        return history(cat, cat.inputs()), cat.inputs()
    from ..model.metrics import metrics_columns
    from .scenarios import apply

    ap = apply(cat, scenario, cat.inputs())
    cols = run_columns(cat, ap.timeline, ap.inputs, scenario_years=scenario.changed_years)
    return metrics_columns(cols, cat, ap.inputs).frame(), ap.inputs


def compare(cats: Sequence[Catalog], *, base_year: int | None = None, first: int | None = None, last: int | None = None,
            scenarios: Mapping[str, Scenario] | None = None) -> pd.DataFrame:
    """A long table: one row per (period, host, measure), with value, unit, status, source and definition."""
    import pandas as pd

    from ..model.metrics import latest_price_year

    if base_year is None:  # the latest year every host's US price index has as an outturn
        found = [latest_price_year(cat.inputs(), cat.host.roles.get("us_cpi")) for cat in cats]
        observed = [y for y in found if y is not None]
        if not observed:
            raise InputError(_("no year has an observed US price index to take as the base of real dollars"), where="base_year")
        base_year = min(observed)
    rows: list[dict[str, Any]] = []
    for cat in cats:
        h = cat.host.id
        scen = (scenarios or {}).get(h)
        hist, inputs = _projected(cat, scen)
        us_cpi = cat.host.roles.get("us_cpi")
        if us_cpi is None:
            raise InputError(_("host '{host}' has no us_cpi role for real dollars", host=h), where="hosts")
        years = hist["year"].to_numpy()
        level = price_level(inputs, us_cpi, years, base_year)
        fx_role = cat.host.roles.get("fx")
        dollar_unit = cat.host.dollar
        for i, r in enumerate(row_dicts(hist)):
            y = int(r["year"])
            if (first and y < first) or (last and y > last):
                continue
            known = not pd.isna(r["amount"])
            src = next((x for x in (r["published_source"], r["source"], getattr(scen, "source", None)) if isinstance(x, str) and x), None)
            fx = inputs.get(fx_role, y, METRIC_PRECEDENCE) if fx_role else None
            usd = r["amount_dollars"] if known else np.nan
            for m, v, unit, extra in (
                ("contribution_dollars", usd, dollar_unit, fx.source if fx else None),
                ("contribution_dollars_real", usd / level[i] if level[i] == level[i] else np.nan, f"{dollar_unit} {base_year}", us_cpi),
                ("per_us_soldier_dollars", usd / r["troops_headcount"], dollar_unit, cat.host.roles.get("troops_headcount")),
                ("share_defence_budget_pct", r["share_defence_budget_pct"] if known else np.nan, "percent", cat.host.roles.get("defence_budget")),
                ("share_gdp_pct", r["share_gdp_pct"] if known else np.nan, "percent", cat.host.roles.get("gdp")),
            ):
                rows.append({"period": str(y), "host": h, "measure": m, "value": float(v) if v == v else np.nan, "unit": unit,
                             "status": r["status"], "source": src, "also_uses": extra, "definition": str(DEFINITIONS[m]),
                             "scenario": scen.id if scen is not None and r["status"] == "scenario" else None})
    ids = {c.host.id for c in cats}
    with_data = set(host_ids())
    seen: set[tuple[str, str, str]] = set()
    for cat in cats:
        for rep in cat.reported:
            key = (rep.period, rep.host, rep.measure)
            if key in seen or (rep.host in with_data and rep.host not in ids):
                continue
            seen.add(key)
            rows.append({"period": rep.period, "host": rep.host, "measure": rep.measure, "value": rep.value, "unit": rep.unit,
                         "status": "reported", "source": rep.source, "also_uses": None, "definition": rep.definition_text, "scenario": None})
        try:
            d, s = stationing_cost(cat.reported, cat.host.id)
        except InputError:  # not reported for this host, or not for one period
            continue
        for m, v, unit in (("host_share_of_total_cost", s.value / (s.value + d.value) * 100, "percent"),
                           ("host_support_per_dod_dollar", s.value / d.value, "ratio")):
            rows.append({"period": d.period, "host": cat.host.id, "measure": m, "value": v, "unit": unit,
                         "status": "derived", "source": d.source, "also_uses": None,
                         "definition": str(DEFINITIONS[m].with_params(period=d.period, source=_named(cat, d.source))), "scenario": None})
    df = pd.DataFrame(rows)
    df.attrs["base_year"] = base_year
    return df

