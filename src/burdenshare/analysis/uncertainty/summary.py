"""Answers from a Monte Carlo run, as DataFrames: fan-chart quantiles per year, the distribution of
the term total (won and dollars, nominal, real, present value), and probability queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

import numpy as np

from ...errors import InputError
from .montecarlo import Run

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
MEASURES = {
    "won": "term total, nominal won",
    "usd": "term total, dollars at each year's rate",
    "real": "term total, constant won of the real-terms base year",
    "pv": "term total, present value in won at the discount rate",
}


def check_quantiles(qs: Sequence[float]) -> tuple[float, ...]:
    out = []
    for q in qs:
        if isinstance(q, bool) or not isinstance(q, (int, float)) or not np.isfinite(q) or not 0 < q < 1:
            raise InputError(f"quantile {q!r} is not strictly between 0 and 1", where="--quantiles")
        out.append(float(q))
    if not out:
        raise InputError("give at least one quantile", where="--quantiles")
    return tuple(sorted(set(out)))


@dataclass
class Simulation:
    """A finished (or interrupted) Monte Carlo run with its answers."""

    run: Run
    target: str
    title: str
    currency: str
    quantiles: tuple[float, ...] = DEFAULT_QUANTILES
    compared_with: str | None = None

    @property
    def paths(self) -> int:
        return self.run.paths_done

    def by_year(self) -> "pd.DataFrame":
        """Per year: mean and quantiles of the amount (exact, whole units) and P[cap binds]."""
        import pandas as pd

        cur = self.currency.lower()
        rows = []
        for t, y in enumerate(self.run.years):
            if y < self.run.term[0]:
                continue
            h = self.run.hist[y]
            u = int(self.run.unit[t])
            if h.n == 0:
                continue
            row = {"year": y, f"mean_{cur}": h.mean() * u}
            for q in self.quantiles:
                row[f"q{q:g}_{cur}"] = h.quantile(q) * u
            row["p_cap_binds"] = self.run.cap_count[t] / self.paths
            row["p_floor_binds"] = self.run.floor_count[t] / self.paths
            rows.append(row)
        return pd.DataFrame(rows)

    def term(self) -> "pd.DataFrame":
        """The distribution of the term total, by measure (and of the difference, for a scenario)."""
        import pandas as pd

        rows = []
        keys = [k for k in ("won", "usd", "real", "pv", "diff_won", "diff_usd", "diff_real", "diff_pv") if k in self.run.totals]
        for k in keys:
            v = self.run.totals[k]
            if v.size == 0:
                continue
            base = k.removeprefix("diff_")
            label = MEASURES[base] + (f" (minus {self.compared_with})" if k.startswith("diff_") else "")
            row = {"measure": k, "description": label, "mean": float(np.mean(v)), "sd": float(np.std(v))}
            qv = np.quantile(v, self.quantiles, method="inverted_cdf")
            for q, x in zip(self.quantiles, qv):
                row[f"q{q:g}"] = float(x)
            rows.append(row)
        return pd.DataFrame(rows)

    def prob_above(self, year: int, amount: float) -> float:
        """P[payment in `year` > amount] (amount in currency units), exact from the histogram."""
        if year not in self.run.hist or self.run.hist[year].n == 0:
            raise InputError(f"year {year} is not among the simulated years {self.run.years[0]}-{self.run.years[-1]}", where="--prob-above")
        t = self.run.years.index(year)
        return self.run.hist[year].prob_above(amount / int(self.run.unit[t]))

    def prob_cap(self, year: int) -> float:
        if year not in self.run.years:
            raise InputError(f"year {year} is not among the simulated years", where="--prob-cap")
        return float(self.run.cap_count[self.run.years.index(year)] / self.paths)

    def prob_total_above(self, amount: float, measure: str = "won") -> float:
        if measure not in self.run.totals:
            raise InputError(f"unknown measure '{measure}' (choose {', '.join(self.run.totals)})", where="measure")
        return float(np.mean(self.run.totals[measure] > amount))

    def meta(self) -> dict:
        return {
            "target": self.target, "title": self.title, "compared_with": self.compared_with,
            "paths": self.paths, "paths_asked": self.run.paths_asked, "interrupted": self.run.interrupted,
            "seed": self.run.seed, "term": list(self.run.term), "discount_rate_pct": self.run.discount_rate,
            "real_base_year": self.run.real_base, "model": self.run.model.describe(),
        }
