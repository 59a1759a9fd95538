"""Answers from a Monte Carlo run, as DataFrames: fan-chart quantiles per year, the distribution of
the term total (won and dollars, nominal, real, present value), and probability queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ...errors import InputError, UnknownNameError
from ...i18n import _
from .montecarlo import Run

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
MAX_QUANTILES = 20
MEASURES = {
    "nominal": _("term total, nominal {currency}"),
    "dollars": _("term total, dollars at each year's rate"),
    "real": _("term total, constant {currency} of {year}"),
    "pv": _("term total, present value in {currency} at {rate:g}% a year"),
}


def check_quantiles(qs: Sequence[float]) -> tuple[float, ...]:
    out = []
    for i, q in enumerate(qs):
        if isinstance(q, bool) or not isinstance(q, (int, float)) or not np.isfinite(q) or not 0 < q < 1:
            raise InputError(_("quantile {value!r} is not strictly between 0 and 1", value=q), where=f"quantiles[{i}]")
        out.append(float(q))
    if not out:
        raise InputError(_("give at least one quantile"), where="quantiles")
    if len(out) > MAX_QUANTILES:
        raise InputError(_("give at most {n} quantiles", n=MAX_QUANTILES), where="quantiles")
    return tuple(sorted(set(out)))


class Totals(dict[str, np.ndarray]):
    """Per-path term totals by measure; the measure the currency's legacy word named (``won`` for
    ``nominal``) still answers, with a DeprecationWarning."""

    legacy: dict[str, str] = {}  # noqa: RUF012 - replaced, never changed, per instance (Simulation sets it)

    def __missing__(self, key: str) -> np.ndarray:
        for old, new in self.legacy.items():
            if key in (old, f"diff_{old}"):
                import warnings

                warnings.warn(f"the measure '{key}' is now '{key.replace(old, new)}'", DeprecationWarning, stacklevel=2)
                return self[key.replace(old, new)]
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or any(key in (o, f"diff_{o}") for o in self.legacy)


@dataclass
class Simulation:
    """A finished (or interrupted) Monte Carlo run with its answers."""

    run: Run
    target: str
    title: str
    currency: str
    quantiles: tuple[float, ...] = DEFAULT_QUANTILES
    compared_with: str | None = None

    def __post_init__(self) -> None:
        from ...i18n.money import currencies

        legacy = currencies().get(self.currency, {}).get("legacy_key")
        totals = Totals(self.run.totals)
        totals.legacy = {legacy: "nominal"} if legacy else {}
        self.run.totals = totals

    @property
    def paths(self) -> int:
        return self.run.paths_done

    def by_year(self) -> pd.DataFrame:
        """Per year: mean and quantiles of the amount (exact, whole units) and P[cap binds]."""
        import pandas as pd

        rows = []
        for t, y in enumerate(self.run.years):
            if y < self.run.term[0]:
                continue
            h = self.run.hist[y]
            u = int(self.run.unit[t])
            if h.n == 0:
                continue
            row = {"year": y, "mean_host": h.mean() * u}
            for q in self.quantiles:
                row[f"q{q:g}_host"] = h.quantile(q) * u
            row["p_cap_binds"] = self.run.cap_count[t] / self.paths
            row["p_floor_binds"] = self.run.floor_count[t] / self.paths
            rows.append(row)
        return pd.DataFrame(rows)

    def term(self) -> pd.DataFrame:
        """The distribution of the term total, by measure (and of the difference, for a scenario)."""
        import pandas as pd

        from ...i18n.money import currency_name

        rows = []
        keys = [k for k in dict.keys(self.run.totals)]
        cur = currency_name(self.currency)
        for k in keys:
            v = self.run.totals[k]
            if v.size == 0:
                continue
            base = k.removeprefix("diff_")
            m = MEASURES[base]
            label = str(m.with_params(currency=cur, year=self.run.real_base, rate=self.run.discount_rate))
            if k.startswith("diff_"):
                label = str(_("{measure} (minus {baseline})", measure=label, baseline=self.compared_with))
            if self.run.missing_years:
                label = str(_("{measure}; without {years}, whose amounts no source gives", measure=label,
                              years=", ".join(map(str, self.run.missing_years))))
            row = {"measure": k, "description": label, "mean": float(np.mean(v)), "sd": float(np.std(v))}
            qv = np.quantile(v, self.quantiles, method="inverted_cdf")
            for q, x in zip(self.quantiles, qv, strict=True):
                row[f"q{q:g}"] = float(x)
            rows.append(row)
        return pd.DataFrame(rows)

    def prob_above(self, year: int, amount: float | str) -> float:
        """P[payment in `year` > amount] (amount in currency units, or written out: 1조7천억, 1.7tn),
        exact from the histogram."""
        amount = _amount(amount, "prob_above")
        if year not in self.run.hist or self.run.hist[year].n == 0:
            raise InputError(_("year {year} is not among the simulated years with a known amount ({first}-{last})", year=year,
                               first=self.run.term[0], last=self.run.years[-1]), where="prob_above")
        t = self.run.years.index(year)
        return self.run.hist[year].prob_above(amount / int(self.run.unit[t]))

    def prob_cap(self, year: int) -> float:
        if year not in self.run.years:
            raise InputError(_("year {year} is not among the simulated years", year=year), where="prob_cap")
        return float(self.run.cap_count[self.run.years.index(year)] / self.paths)

    def prob_total_above(self, amount: float | str, measure: str = "nominal") -> float:
        amount = _amount(amount, "prob_total_above")
        if measure not in self.run.totals:
            raise UnknownNameError(_("measure"), measure, list(dict.keys(self.run.totals)), where="measure")
        return float(np.mean(self.run.totals[measure] > amount))

    def meta(self) -> dict[str, Any]:
        return {
            "target": self.target, "title": self.title, "compared_with": self.compared_with,
            "paths": self.paths, "paths_asked": self.run.paths_asked, "interrupted": self.run.interrupted,
            "seed": self.run.seed, "term": list(self.run.term), "discount_rate_pct": self.run.discount_rate,
            "real_base_year": self.run.real_base, "model": self.run.model.describe(), "currency": self.currency,
            "missing_years": self.run.missing_years,
            "conditioned_on_months": self.run.conditioned,
        }


def _amount(amount: str | float, field: str) -> float:
    """An amount given as a number or written out as people write money (1조7천억, 1.7 trillion)."""
    if isinstance(amount, str):
        from ...i18n.money import MoneyError, parse

        try:
            return parse(amount)
        except MoneyError:
            raise InputError(_("'{text}' is not an amount in whole currency units (for example 1조7천억, 1.7조, 17,000억원, "
                               "1.7 trillion or 1,700,000,000,000)", text=amount[:60]), where=field) from None
    return amount
