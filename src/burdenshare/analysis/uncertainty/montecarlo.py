"""Monte Carlo projections through the one schedule engine.

Paths of the driving variables (see :mod:`.models`) become the engine's drivers, and the engine
computes every path's payments exactly as it computes the deterministic projection (one path).

- Reproducible: paths are drawn in fixed blocks of ``RNG_BLOCK`` paths, block b from its own
  stream (``SeedSequence(seed, spawn_key=(b,))``), so the same seed gives the same numbers whatever
  the chunk size.
- Bounded memory: paths run in chunks; per-year results are kept as exact histograms of whole
  rounding units (the agreements round every amount to a unit), and per path only the term totals
  (host currency, dollars, real, present value: 32 bytes a path).
- Interruptible: Ctrl-C ends the run after the chunk in progress; the result says how many paths
  were done and that it was interrupted.
- The months published: for a year whose monthly consumer price index is partly published
  (``months``: its nowcast, ``analysis.nowcast``), a path's annual rate is not a whole year's shock
  around the central path but the published months plus simulated remaining months: the nowcast's
  distribution (Gaussian for the model of the months, so one standard normal a path, from its own
  stream: runs without such a year draw exactly what they drew before). Its spread shrinks with
  every month published; with all twelve the year's rate is fixed (the published rule's one-decimal
  rate). The years after build on the path's value as on any simulated one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import cast

import numpy as np

from ...errors import InputError
from ...i18n import _
from ...model.catalog import Catalog
from ...model.engine import Plan, Result, compute, known_years
from ...model.series import METRIC_PRECEDENCE, Inputs
from ...model.timeline import Timeline, compile_plan, deterministic_drivers
from ..nowcast import Nowcast
from .models import Model, central_path, is_level, simulate_deviations, variables

MEASURES = ("nominal", "dollars", "real", "pv")  # per-path term totals: host currency, dollars, real, present value
RNG_BLOCK = 4096
DEFAULT_CHUNK = 8 * RNG_BLOCK  # ~40 MB of temporaries a chunk; larger chunks were no faster (measured)
MAX_PATHS = 20_000_000  # 640 MB of per-path totals; more is refused, not attempted


@dataclass
class Histogram:
    """Exact counts of whole units: counts[i] paths had lo + i units."""

    lo: int = 0
    counts: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    def add(self, values: np.ndarray) -> None:
        v = values.astype(np.int64)
        lo, hi = int(v.min()), int(v.max())
        if self.counts.size == 0:
            self.lo, self.counts = lo, np.zeros(hi - lo + 1, np.int64)
        new_lo, new_hi = min(lo, self.lo), max(hi, self.lo + self.counts.size - 1)
        if new_lo != self.lo or new_hi != self.lo + self.counts.size - 1:
            grown = np.zeros(new_hi - new_lo + 1, np.int64)
            grown[self.lo - new_lo: self.lo - new_lo + self.counts.size] = self.counts
            self.lo, self.counts = new_lo, grown
        self.counts += np.bincount(v - self.lo, minlength=self.counts.size)

    @property
    def n(self) -> int:
        return int(self.counts.sum())

    def quantile(self, q: float) -> int:
        """The smallest value with at least a share q of paths at or below it (inverted CDF)."""
        cum = np.cumsum(self.counts)
        i = int(np.searchsorted(cum, q * cum[-1], side="left"))
        return self.lo + min(i, self.counts.size - 1)

    def prob_above(self, x: float) -> float:
        idx = int(np.floor(x)) - self.lo + 1  # values strictly greater than x
        if idx <= 0:
            return 1.0
        return float(self.counts[idx:].sum() / self.n) if idx < self.counts.size else 0.0

    def mean(self) -> float:
        return float((np.arange(self.counts.size) + self.lo) @ self.counts / self.n)


@dataclass
class Run:
    """What a Monte Carlo run keeps: per-year exact histograms and per-path term totals."""

    years: list[int]
    unit: np.ndarray
    term: tuple[int, int]
    hist: dict[int, Histogram]
    cap_count: np.ndarray
    floor_count: np.ndarray
    totals: dict[str, np.ndarray]
    paths_done: int
    paths_asked: int
    seed: int
    model: Model
    discount_rate: float
    real_base: int
    interrupted: bool = False
    missing_years: list[int] = field(default_factory=list)  # term years whose amount no source gives
    conditioned: list[dict[str, object]] = field(default_factory=list)  # years simulated from their published months


@dataclass(frozen=True)
class Setup:
    """Everything fixed across paths: the plan, the deterministic drivers, the central path."""

    plan: Plan
    drivers: np.ndarray  # (T,) deterministic drivers
    sim_years: range
    central: np.ndarray  # (H, K)
    known: np.ndarray  # (H, K)
    # for each plan year t: which variable (index) drives it and at which simulated year, or -1
    var_of_t: np.ndarray
    h_of_t: np.ndarray
    term_mask: np.ndarray
    fx_year_h: np.ndarray  # for each plan year, the simulated-year index of its fx (or -1)
    fx_det: np.ndarray  # deterministic fx per plan year
    cpi_det: np.ndarray  # deterministic CPI per plan year (for real terms)
    level_det: np.ndarray  # deterministic price level per plan year relative to real_base
    names: tuple[str, ...] = ()  # the simulated variables (the host's roles)
    levels: tuple[bool, ...] = ()  # per variable: a level modelled by its log change (fx)
    fx_k: int = -1  # index of the exchange rate among the variables
    cpi_k: int = -1  # index of consumer prices among the variables


def setup(cat: Catalog, tl: Timeline, inputs: Inputs, term: tuple[int, int], real_base: int,
          span: tuple[int, int] | None = None) -> Setup:
    from ...model.metrics import price_level

    plan = compile_plan(tl, cat.context)
    det, _used = deterministic_drivers(plan, inputs)
    years = [int(y) for y in plan.years]
    names = variables(cat)
    series_of = {cat.host.series_for(v): k for k, v in enumerate(names)}
    first = min(years)
    need = [src[2] for src in plan.drivers_from if src and src[0] == "series"]
    lo = min([first, *need])
    hi = max(years)
    if span is not None:
        lo, hi = min(lo, span[0]), max(hi, span[1])
    sim_years = range(lo, hi + 1)
    central, known = central_path(cat, inputs, sim_years)
    T = plan.T
    var_of_t = np.full(T, -1)
    h_of_t = np.full(T, -1)
    for t, src in enumerate(plan.drivers_from):
        if src and src[0] == "series" and src[1] in series_of:
            var_of_t[t] = series_of[src[1]]
            h_of_t[t] = src[2] - lo
    term_mask = np.array([term[0] <= y <= term[1] for y in years])
    fx_name = cat.host.series_for("fx")
    fx_det = np.array([_value(inputs, fx_name, y) for y in years])
    fx_year_h = np.array([y - lo for y in years])
    cpi_name = cat.host.series_for("cpi")
    level_det = price_level(inputs, cpi_name, years, real_base)
    cpi_det = np.array([_value(inputs, cpi_name, y) for y in years])
    return Setup(plan, det[0], sim_years, central, known, var_of_t, h_of_t, term_mask, fx_year_h, fx_det, cpi_det,
                 level_det, names, tuple(is_level(cat, v) for v in names), names.index("fx"), names.index("cpi"))


def _value(inputs: Inputs, name: str, year: int) -> float | None:
    v = inputs.get(name, year, METRIC_PRECEDENCE)
    return np.nan if v is None else v.value


def _cumulate(a: np.ndarray, op: np.ufunc) -> np.ndarray:
    """Running sum or product down axis 0, a row at a time (np.cumsum(axis=0) strides badly here)."""
    out = np.array(a, copy=True)
    for h in range(1, len(out)):
        op(out[h - 1], out[h], out=out[h])
    return out


@dataclass(frozen=True)
class Conditioned:
    """A simulated year's variable drawn from its published months: deviation = mean + sd * N(0, 1)."""

    h: int  # index of the year among the simulated years
    k: int  # index of the variable
    mean: float  # the nowcast's expected rate minus the central path's value
    sd: float


def _draw(model: Model, known: np.ndarray, seed: int, block: int, n: int, cond: tuple[Conditioned, ...] = ()) -> np.ndarray:
    """Deviations (H, K, n) for one RNG block of paths, from that block's own stream (the years
    conditioned on their published months from a second stream of the block)."""
    rng = np.random.Generator(np.random.SFC64(np.random.SeedSequence(seed, spawn_key=(block,))))
    given = None
    if cond:
        months_rng = np.random.Generator(np.random.SFC64(np.random.SeedSequence(seed, spawn_key=(block, 1))))
        given = {(c.h, c.k): c.mean + c.sd * months_rng.standard_normal(n) for c in cond}
    return simulate_deviations(model, known, n, rng, given)


def conditioned(su: Setup, known: np.ndarray, months: Mapping[int, Nowcast], scale: float = 1.0) -> tuple[Conditioned, ...]:
    """The simulated years of consumer prices that are partly published: each year's nowcast as a
    deviation from the central path (a year known, e.g. observed or overridden, stays known); `scale`
    multiplies its standard deviation (the model's scale: 0 gives its expected value)."""
    out = []
    lo = su.sim_years[0]
    for year, nc in sorted(months.items()):
        h = year - lo
        if not 0 <= h < len(su.sim_years) or known[h, su.cpi_k] or not np.isfinite(su.central[h, su.cpi_k]):
            continue
        rate = nc.rate if nc.sd > 0 else nc.rate_1dp  # all twelve months: the rate as the publisher rounds it
        out.append(Conditioned(h, su.cpi_k, rate - float(su.central[h, su.cpi_k]), nc.sd * scale))
    return tuple(out)


def _drivers(su: Setup, d: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Engine drivers (T, n), exchange rates (T, n) and CPI deviations (T, n) of a setup's paths."""
    d = np.where(su.known[:, :, None], 0.0, d)  # values this setup knows are not simulated
    n = d.shape[2]
    T = su.plan.T
    drivers = np.empty((T, n))
    drivers[:] = su.drivers[:, None]
    cum = {k: _cumulate(d[:, k, :], np.add) for k, lvl in enumerate(su.levels) if lvl}  # accumulated log deviations
    for t in range(T):
        k, h = su.var_of_t[t], su.h_of_t[t]
        if k < 0:
            continue
        if su.levels[k]:
            drivers[t] = su.drivers[t] * np.exp(cum[k][h] / 100)
        else:
            drivers[t] = su.drivers[t] + d[h, k]
    fx = su.fx_det[:, None] * np.exp(cum[su.fx_k][su.fx_year_h] / 100)
    cpi_dev = d[su.fx_year_h, su.cpi_k, :]
    return drivers, fx, cpi_dev


def run(cat: Catalog, tl: Timeline, inputs: Inputs, model: Model, *, paths: int, seed: int,
        term: tuple[int, int], real_base: int, discount_rate: float = 0.0, chunk: int = DEFAULT_CHUNK,
        progress: Callable[[int, int], None] | None = None, compare_tl: Timeline | None = None,
        base_inputs: Inputs | None = None, months: Mapping[int, Nowcast] | None = None) -> Run:
    """Run `paths` Monte Carlo paths of timeline `tl` (and, with `compare_tl`, the same paths of a
    second timeline, keeping per-path differences of the term totals: `tl` minus `compare_tl`).
    `months`: the nowcast of each year of consumer prices partly published (by year); such a year's
    rate is drawn from its published months and the model of the rest."""
    check_paths(paths, chunk)
    if not np.isfinite(discount_rate) or discount_rate <= -100:
        raise InputError(_("discount rate must be a finite percentage above -100, got {value}", value=discount_rate),
                         where="discount_rate")
    chunk = max(RNG_BLOCK, (chunk // RNG_BLOCK) * RNG_BLOCK)
    su = setup(cat, tl, inputs, term, real_base)
    su2 = None
    known = su.known
    if compare_tl is not None:
        # one simulation of the variables serves both timelines (common random numbers)
        su2 = setup(cat, compare_tl, base_inputs if base_inputs is not None else inputs, term, real_base)
        span = (min(su.sim_years[0], su2.sim_years[0]), max(su.sim_years[-1], su2.sim_years[-1]))
        su = setup(cat, tl, inputs, term, real_base, span)
        su2 = setup(cat, compare_tl, base_inputs if base_inputs is not None else inputs, term, real_base, span)
        known = su.known & su2.known
    cond = conditioned(su, known, months or {}, model.months_scale)
    plan = su.plan
    T = plan.T
    years = [int(y) for y in plan.years]
    hist = {y: Histogram() for y in years}
    cap = np.zeros(T, np.int64)
    flo = np.zeros(T, np.int64)
    names = list(MEASURES) + ([f"diff_{k}" for k in MEASURES] if su2 else [])
    totals = {k: np.empty(paths, np.int64 if k in ("nominal", "diff_nominal") else np.float64) for k in names}
    disc = (1 + discount_rate / 100) ** -(np.array(years) - term[0])
    done = 0
    interrupted = False
    out = np.empty((T, chunk))
    out2 = np.empty((su2.plan.T, chunk)) if su2 else None
    try:
        while done < paths:
            n = min(chunk, paths - done)
            first_block = done // RNG_BLOCK
            d = np.concatenate([_draw(model, known, seed, first_block + b, min(RNG_BLOCK, n - b * RNG_BLOCK), cond)
                                for b in range(-(-n // RNG_BLOCK))], axis=2)
            drivers, fx, cpi_dev = _drivers(su, d)
            res = compute(plan, drivers.T, detail=False, out=out[:, :n])
            cap += res.cap_count
            flo += res.floor_count
            for t, y in enumerate(years):
                if res.known[t]:
                    hist[y].add(res.units[t])
            stats = _totals(su, res, fx, cpi_dev, disc, real_base)
            for k, v in stats.items():
                totals[k][done:done + n] = v
            if su2 is not None:
                # the same paths (same variables, same years) through the other timeline
                drivers2, fx2, cpi_dev2 = _drivers(su2, d)
                res2 = compute(su2.plan, drivers2.T, detail=False, out=cast(np.ndarray, out2)[:, :n])  # allocated with su2
                stats2 = _totals(su2, res2, fx2, cpi_dev2, disc, real_base)
                for k in MEASURES:
                    totals["diff_" + k][done:done + n] = stats[k] - stats2[k]
            done += n
            if progress:
                progress(done, paths)
    except KeyboardInterrupt:
        interrupted = True
    totals = {k: v[:done] for k, v in totals.items()}
    amount_known = known_years(plan)
    missing = [y for t, y in enumerate(years) if su.term_mask[t] and not amount_known[t]]
    shown: list[dict[str, object]] = [{"year": su.sim_years[c.h], "months_known": (months or {})[su.sim_years[c.h]].known,
              "rate_expected_pct": round(c.mean + float(su.central[c.h, c.k]), 3), "rate_sd_pct": round(c.sd, 4)} for c in cond]
    return Run(years, plan.unit, term, hist, cap, flo, totals, done, paths, seed, model, discount_rate, real_base, interrupted,
               missing, shown)


def _totals(su: Setup, res: Result, fx: np.ndarray, cpi_dev: np.ndarray, disc: np.ndarray, real_base: int) -> dict[str, np.ndarray]:
    """Per-path totals over the term's years whose amount is known."""
    m = su.term_mask & res.known
    amt_t = res.units[m] * res.unit[m][:, None]  # float64, exact below 2^53
    amt = amt_t.sum(axis=0)
    usd = (amt_t / fx[m]).sum(axis=0)
    # price level per path: the deterministic level times the compounded CPI deviations since the base
    years = np.asarray(su.plan.years)
    level = np.repeat(su.level_det[:, None], res.paths, axis=1)
    base_idx = np.where(years == real_base)[0]
    if base_idx.size or real_base < years[0]:
        # compounded CPI deviations, relative to the base year (before the plan: nothing to undo)
        g = (1 + (su.cpi_det[:, None] + cpi_dev) / 100) / (1 + su.cpi_det[:, None] / 100)
        rel = _cumulate(g, np.multiply)
        if base_idx.size:
            rel /= rel[base_idx[0]]
        level = level * rel
    real = (amt_t / level[m]).sum(axis=0)
    pv = (amt_t * disc[m][:, None]).sum(axis=0)
    return {"nominal": amt.astype(np.int64), "dollars": usd, "real": real, "pv": pv}


def check_paths(paths: int, chunk: int = DEFAULT_CHUNK, limit: int = MAX_PATHS) -> None:
    if isinstance(paths, bool) or not isinstance(paths, (int, np.integer)):
        raise InputError(_("paths must be a whole number, got {value!r}", value=paths), where="paths")
    if paths <= 0:
        raise InputError(_("paths must be at least 1, got {value}", value=paths), where="paths")
    if paths > limit:
        raise InputError(_("{paths:,} paths is more than the limit of {limit:,}", paths=paths, limit=limit), where="paths")
    if isinstance(chunk, bool) or not isinstance(chunk, (int, np.integer)) or chunk <= 0:
        raise InputError(_("chunk size must be a positive whole number, got {value!r}", value=chunk), where="chunk")
