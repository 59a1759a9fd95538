"""Sensitivity of a term total to the uncertain inputs: a one-at-a-time tornado, and global
variance-based (Sobol) indices computed with SALib.

Factors are the uncertain values the agreement's rules read (e.g. CPI inflation of 2026-2028 for
the 12th SMA's 2028-2030 payments) and the exchange rate of each term year (which moves the dollar
total only). A factor's scale is its model's shock standard deviation (sd):

- tornado: each factor alone at central value -k sd and +k sd (k = 1 by default), others central;
- Sobol: every factor uniform on central +/- 2 sd (independent; the model's correlations are not
  used here), Saltelli sampling, first-order (S1) and total (ST) indices with confidence intervals.

All evaluations are paths of the one engine, run in a single vectorised call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ...errors import InputError
from ...i18n import _
from ...model.catalog import Catalog
from ...model.engine import compute
from ...model.series import Inputs
from ...model.timeline import Timeline
from .models import Model
from .montecarlo import Setup, setup

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Factor:
    name: str  # e.g. "kr_cpi_inflation 2026"
    variable: str
    year: int
    central: float
    sd: float
    rows: tuple[int, ...]  # plan years whose driver it is
    fx_from: int | None  # for fx: the plan index from which the rate moves


def factors(cat: Catalog, su: Setup, model: Model) -> list[Factor]:
    out: list[Factor] = []
    lo = su.sim_years[0]
    by_key: dict[tuple[int, int], list[int]] = {}
    for t in range(su.plan.T):
        k, h = int(su.var_of_t[t]), int(su.h_of_t[t])
        if k >= 0 and not su.known[h, k] and k != su.fx_k:
            by_key.setdefault((k, h), []).append(t)
    for (k, h), rows in sorted(by_key.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        v = su.names[k]
        out.append(Factor(f"{cat.host.series_for(v)} {lo + h}", v, lo + h, float(su.central[h, k]), float(model.sd[k]), tuple(rows), None))
    fx_k = su.fx_k
    fx_role = su.names[fx_k]
    years = [int(y) for y in su.plan.years]
    from ...model.engine import known_years

    amount_known = known_years(su.plan)
    for t, y in enumerate(years):
        h = y - lo
        if su.term_mask[t] and amount_known[t] and not su.known[h, fx_k] and np.isfinite(su.fx_det[t]):
            out.append(Factor(f"{cat.host.series_for(fx_role)} {y}", fx_role, y, float(su.fx_det[t]), float(model.sd[fx_k]), (), t))
    return out


def _evaluate(su: Setup, fs: list[Factor], shifts: np.ndarray) -> dict[str, np.ndarray]:
    """Term totals (host currency, dollars) for each row of `shifts` (samples x factors, in the factors' units)."""
    S = shifts.shape[0]
    T = su.plan.T
    drivers = np.empty((T, S))
    drivers[:] = su.drivers[:, None]
    fx = np.repeat(su.fx_det[:, None], S, axis=1)
    for j, f in enumerate(fs):
        if f.fx_from is not None:
            # a shock to the year's log change moves the rate of that year and every later year
            fx[f.fx_from:] *= np.exp(shifts[:, j] / 100)[None, :]
        else:
            for t in f.rows:
                drivers[t] += shifts[:, j]
    res = compute(su.plan, drivers.T, detail=False)
    m = su.term_mask & res.known
    amt_t = res.units[m] * res.unit[m][:, None]
    return {"nominal": amt_t.sum(axis=0), "dollars": (amt_t / fx[m]).sum(axis=0)}


def tornado(cat: Catalog, tl: Timeline, inputs: Inputs, model: Model, term: tuple[int, int], real_base: int,
            k: float = 1.0) -> pd.DataFrame:
    import pandas as pd

    if not np.isfinite(k) or k <= 0:
        raise InputError(_("the shift must be a positive number of standard deviations, got {value}", value=k), where="k")
    su = setup(cat, tl, inputs, term, real_base)
    fs = factors(cat, su, model)
    if not fs:
        raise InputError(_("no uncertain input affects this schedule (every value it reads is known)"), where="target")
    F = len(fs)
    shifts = np.zeros((1 + 2 * F, F))
    for j, f in enumerate(fs):
        shifts[1 + 2 * j, j] = -k * f.sd
        shifts[2 + 2 * j, j] = k * f.sd
    tot = _evaluate(su, fs, shifts)
    rows = []
    for j, f in enumerate(fs):
        lo_i, hi_i = 1 + 2 * j, 2 + 2 * j
        unit = "% (log change)" if f.fx_from is not None else "%"
        rows.append({
            "factor": f.name, "central": f.central, "shift": k * f.sd, "unit": unit,
            "nominal_low": tot["nominal"][lo_i], "nominal_high": tot["nominal"][hi_i],
            "nominal_swing": abs(tot["nominal"][hi_i] - tot["nominal"][lo_i]),
            "dollars_low": tot["dollars"][lo_i], "dollars_high": tot["dollars"][hi_i], "dollars_swing": abs(tot["dollars"][hi_i] - tot["dollars"][lo_i]),
        })
    df = pd.DataFrame(rows).sort_values(["nominal_swing", "dollars_swing"], ascending=False, ignore_index=True)
    df.attrs.update({"central_nominal": float(tot["nominal"][0]), "central_dollars": float(tot["dollars"][0]), "k": k, "term": term})
    return df


def sobol(cat: Catalog, tl: Timeline, inputs: Inputs, model: Model, term: tuple[int, int], real_base: int,
          samples: int = 1024, seed: int = 0) -> pd.DataFrame:
    import pandas as pd
    from SALib.analyze import sobol as sobol_analyze  # type: ignore[import-untyped]  # SALib ships no type information
    from SALib.sample import sobol as sobol_sample  # type: ignore[import-untyped]  # (as above)

    if isinstance(samples, bool) or not isinstance(samples, int) or samples < 16 or samples > 2**20:
        raise InputError(_("samples must be a whole number from 16 to {max}, got {value!r}", max=2**20, value=samples), where="samples")
    if samples & (samples - 1):
        raise InputError(_("samples must be a power of two for Sobol sequences, got {value}", value=samples), where="samples")
    su = setup(cat, tl, inputs, term, real_base)
    fs = [f for f in factors(cat, su, model) if f.sd > 0]
    if not fs:
        raise InputError(_("no uncertain input with a positive standard deviation affects this schedule"), where="target")
    problem = {"num_vars": len(fs), "names": [f.name for f in fs], "bounds": [[-2 * f.sd, 2 * f.sd] for f in fs]}
    X = sobol_sample.sample(problem, samples, calc_second_order=False, seed=seed)
    tot = _evaluate(su, fs, X)
    rows = []
    for measure in ("nominal", "dollars"):
        Y = tot[measure].astype(float)
        if np.std(Y) == 0:
            continue
        res = sobol_analyze.analyze(problem, Y, calc_second_order=False, seed=seed)
        for j, f in enumerate(fs):
            rows.append({"measure": measure, "factor": f.name, "S1": res["S1"][j], "S1_conf": res["S1_conf"][j],
                         "ST": res["ST"][j], "ST_conf": res["ST_conf"][j]})
    df = pd.DataFrame(rows)
    df.attrs.update({"samples": samples, "evaluations": len(X), "seed": seed, "term": term})
    return df
