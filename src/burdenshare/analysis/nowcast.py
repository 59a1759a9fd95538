"""The nowcast of a year's annual-average CPI change from the months published so far.

Statistics Korea's annual index is the mean of the year's twelve monthly indices (each published to
two decimals), rounded to two decimals; the annual rate is the change of that index on the previous
year's, rounded to one decimal. The agreements apply that one-decimal rate. When only k months of a
year are published, the remaining 12 - k are unknown; they follow a model fitted to the monthly
history:

    d_t = a_m(t) + phi * d_(t-1) + e_t,    e_t ~ N(0, sigma^2)

where d_t = 100 * ln(I_t / I_(t-1)) is the monthly log change in percent, a_m one mean for each
calendar month (the seasonal pattern), phi the persistence of a month's surprise into the next and
sigma the size of a month's surprise. The parameters are fitted by least squares (numpy) on every
pair of consecutive months known; they are shown with the result.

Given the months known, the remaining months' log levels are Gaussian (their deviations are sums of
the future surprises, each carried forward by phi); the annual mean's variance follows by the delta
method. So the interval of the unrounded rate is exact for the model and deterministic (no Monte
Carlo noise), and it narrows with every month published: a month known removes one surprise and
adds none. What the model cannot know: a change in the process (a tax, a tariff, an energy price
decision) that its history does not show; the uncertainty of its own parameters (not included;
the backtest measures how much that costs); revisions of published months.

Nothing here reads a month later than ``as_of``: the months are cut before anything is computed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from statistics import NormalDist

import numpy as np

from ..errors import InputError
from ..i18n import _

MIN_PER_MONTH = 2  # pairs of consecutive months needed for each calendar month's mean
MIN_DOF = 6  # observations beyond the 13 parameters
LEVELS = (0.80, 0.95)

Month = tuple[int, int, float]  # (year, month, index)


class TooShort(InputError):
    """The monthly history cannot support the model (too few months, or a month never seen twice)."""


def round_half_up(x: float, decimals: int) -> float:
    """x rounded as the publisher rounds (half up, on the decimal text of the float)."""
    q = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP))


def _key(y: int, m: int) -> int:
    return y * 12 + (m - 1)


def cut(months: Iterable[Month], as_of: tuple[int, int] | None) -> list[Month]:
    """The months published by ``as_of`` (year, month) inclusive, in order; all when None."""
    out = sorted(months, key=lambda t: _key(t[0], t[1]))
    if as_of is None:
        return out
    last = _key(*as_of)
    return [t for t in out if _key(t[0], t[1]) <= last]


@dataclass(frozen=True)
class SeasonalAR:
    """The fitted model: a mean monthly log change (percent) per calendar month, the persistence
    phi and the surprise's standard deviation sigma; ``n`` pairs of months fitted from ``first`` to ``last``."""

    means: tuple[float, ...]
    phi: float
    sigma: float
    n: int
    first: str
    last: str

    def as_dict(self) -> dict[str, object]:
        return {"model": "d_t = a_m + phi*d_(t-1) + e_t",
                "terms": str(_("d: 100 times the natural logarithm of the index's change over the month before; "
                               "a_m: the calendar month's mean; phi: persistence; e_t: the surprise")),
                "phi": round(self.phi, 4),
                "sigma_pct": round(self.sigma, 4), "monthly_mean_pct": [round(a, 4) for a in self.means],
                "pairs": self.n, "fitted_from": self.first, "fitted_to": self.last}


def changes(months: Sequence[Month]) -> dict[int, float]:
    """The monthly log changes (percent) by month key, wherever two consecutive months are known."""
    by = {_key(y, m): v for y, m, v in months}
    return {k: 100.0 * math.log(by[k] / by[k - 1]) for k in sorted(by) if k - 1 in by}


def fit(months: Sequence[Month]) -> SeasonalAR:
    """Least squares of d_t on the twelve calendar-month dummies and d_(t-1). Raises TooShort when a
    calendar month has fewer than two pairs or the fit has too few degrees of freedom."""
    d = changes(months)
    rows = [(k, d[k], d[k - 1]) for k in sorted(d) if k - 1 in d]
    per_month = [0] * 12
    for k, _d, _p in rows:
        per_month[k % 12] += 1
    if len(rows) < 13 + MIN_DOF or min(per_month) < MIN_PER_MONTH:
        raise TooShort(_("the monthly series is too short to fit the nowcast model: {n} pairs of consecutive months "
                         "(it needs every calendar month at least {need} times, and {total} pairs in all): bring it up to "
                         "date from its publisher or from a file of months you downloaded",
                         n=len(rows), need=MIN_PER_MONTH, total=13 + MIN_DOF), where="series")
    x = np.zeros((len(rows), 13))
    y = np.zeros(len(rows))
    for i, (k, dk, prev) in enumerate(rows):
        x[i, k % 12] = 1.0
        x[i, 12] = prev
        y[i] = dk
    beta, *_rest = np.linalg.lstsq(x, y, rcond=None)
    resid = y - x @ beta
    sigma = float(math.sqrt(float(resid @ resid) / (len(rows) - 13)))
    phi = float(beta[12])
    if not abs(phi) < 1:
        raise TooShort(_("the fitted persistence {phi:.3f} is not below 1 in size: the monthly history does not "
                         "support the model", phi=phi), where="series")

    def period(k: int) -> str:
        return f"{k // 12:04d}-{k % 12 + 1:02d}"

    return SeasonalAR(tuple(float(b) for b in beta[:12]), phi, sigma, len(rows), period(rows[0][0] - 1), period(rows[-1][0]))


@dataclass(frozen=True)
class Nowcast:
    """The annual rate of ``year`` from ``known`` months (0-12) and the model."""

    year: int
    known: int
    base: float  # the previous year's annual-average index
    base_from: str  # "published" or "months"
    mean_index: float  # the annual-average index expected (exact, rounded, when all 12 are known)
    rate: float  # the expected unrounded rate (percent)
    sd: float  # its standard deviation (percent points)
    rate_1dp: float  # the most likely one-decimal rate (the one the agreements apply)
    probs: dict[float, float] = field(default_factory=dict)  # one-decimal rate -> probability
    model: SeasonalAR | None = None

    def interval(self, level: float) -> tuple[float, float]:
        """The central interval of the one-decimal rate at ``level`` (0.80 or 0.95)."""
        if self.sd == 0:
            return self.rate_1dp, self.rate_1dp
        z = NormalDist().inv_cdf(0.5 + level / 2)
        return round_half_up(self.rate - z * self.sd, 1), round_half_up(self.rate + z * self.sd, 1)

    def prob_above(self, cap: float) -> float:
        """The probability that the one-decimal rate exceeds ``cap`` (the cap binds)."""
        return float(sum(p for r, p in self.probs.items() if r > cap + 1e-9))


def annual_index(values: Sequence[float]) -> float:
    """The annual-average index as published: the mean of twelve months, two decimals, half up."""
    if len(values) != 12:
        raise ValueError("twelve months are needed")
    total = sum((Decimal(repr(v)) for v in values), Decimal(0))
    return float((total / 12).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def annual_rate(index: float, base: float) -> float:
    """The annual rate as published: the change of the annual index on the previous one, one decimal."""
    return round_half_up((index / base - 1) * 100, 1)


def nowcast(months: Sequence[Month], year: int, *, as_of: tuple[int, int] | None = None,
            published_base: float | None = None, model: SeasonalAR | None = None) -> Nowcast:
    """The nowcast of ``year``'s annual rate from the months published by ``as_of`` (inclusive).

    The previous year's annual index is ``published_base`` when given (the published figure), else
    the mean of its twelve months. The model is fitted on the same months unless one is given."""
    ms = cut(months, as_of)
    by = {(y, m): v for y, m, v in ms}
    if published_base is not None:
        base, base_from = float(published_base), "published"
    else:
        prev = [by.get((year - 1, m)) for m in range(1, 13)]
        if any(v is None for v in prev):
            raise TooShort(_("the annual index of {year} is not known (neither published nor all twelve months): "
                             "bring the monthly consumer price index up to date from its publisher or from a file of "
                             "months you downloaded", year=year - 1), where="series")
        base, base_from = annual_index([float(v) for v in prev if v is not None]), "months"
    known_vals = [by[(year, m)] for m in range(1, 13) if (year, m) in by]
    k = 0
    while k < 12 and (year, k + 1) in by:
        k += 1
    if len(known_vals) != k:
        raise InputError(_("the months of {year} published must be consecutive from January", year=year), where="series")
    if k == 12:
        idx = annual_index(known_vals)
        r = annual_rate(idx, base)
        return Nowcast(year, 12, base, base_from, idx, (idx / base - 1) * 100, 0.0, r, {r: 1.0}, model)
    if model is None:
        model = fit(ms)
    # the month before the first unknown one: its level and its log change start the recursion
    ly, lm = (year, k) if k else (year - 1, 12)
    if (ly, lm) not in by:
        raise TooShort(_("the month before the nowcast ({period}) is not known", period=f"{ly:04d}-{lm:02d}"), where="series")
    prev_key = _key(ly, lm)
    d = changes(ms)
    if prev_key not in d:
        raise TooShort(_("the monthly change of {period} is not known (two consecutive months are needed)",
                         period=f"{ly:04d}-{lm:02d}"), where="series")
    level0 = by[(ly, lm)]
    # expected log changes of the unknown months, and the coefficient of each future surprise on each month's log level
    steps = 12 - k
    mean_d = []
    prev_d = d[prev_key]
    for j in range(steps):
        mth = k + j  # calendar month index 0..11 of the unknown month
        prev_d = model.means[mth] + model.phi * prev_d
        mean_d.append(prev_d)
    cum = np.cumsum(mean_d)  # expected log level (percent) above level0
    exp_levels = level0 * np.exp(cum / 100.0)
    # c[s, j]: effect of surprise s on log level j (s <= j): sum_{i=s}^{j} phi^(i-s)
    coef = np.zeros((steps, steps))
    for s in range(steps):
        acc = 0.0
        for j in range(s, steps):
            acc += model.phi ** (j - s)
            coef[s, j] = acc
    # variance of the annual mean (delta method): dA = (1/12) sum_j E[I_j] * dL_j / 100
    load = coef @ exp_levels / (12.0 * 100.0)
    var_mean = float((model.sigma ** 2) * np.sum(load ** 2))
    total = float(sum(known_vals)) + float(np.sum(exp_levels))
    mean_index = total / 12.0
    rate = (mean_index / base - 1) * 100
    sd = math.sqrt(var_mean) / base * 100
    probs = _buckets(rate, sd)
    best = max(probs, key=lambda r: probs[r])
    return Nowcast(year, k, base, base_from, mean_index, rate, sd, best, probs, model)


def _buckets(rate: float, sd: float) -> dict[float, float]:
    """The probability of each one-decimal rate (half-up buckets) under N(rate, sd)."""
    if sd <= 0:
        r = round_half_up(rate, 1)
        return {r: 1.0}
    nd = NormalDist(rate, sd)
    lo = round_half_up(rate - 5 * sd, 1)
    hi = round_half_up(rate + 5 * sd, 1)
    out: dict[float, float] = {}
    v = lo
    while v <= hi + 1e-9:
        p = nd.cdf(v + 0.05) - nd.cdf(v - 0.05)
        if p > 1e-6:
            out[round(v, 1)] = p
        v = round(v + 0.1, 1)
    s = sum(out.values())
    return {r: p / s for r, p in out.items()} if s > 0 else {round_half_up(rate, 1): 1.0}


@dataclass(frozen=True)
class BacktestRow:
    year: int
    known: int
    nowcast_1dp: float
    published: float
    error: float
    hit: bool
    in80: bool
    in95: bool


def backtest(months: Sequence[Month], published: dict[int, float], published_index: dict[int, float]) -> list[BacktestRow]:
    """For every year whose published rate is known and every number of months known 0-11, the
    nowcast made with only the months published by then (the model refitted each time). Points where
    the history is too short to fit are skipped."""
    out: list[BacktestRow] = []
    years = sorted({y for y, _m, _v in months})
    for year in years:
        if year not in published:
            continue
        for k in range(12):
            as_of = (year, k) if k else (year - 1, 12)
            try:
                nc = nowcast(months, year, as_of=as_of, published_base=published_index.get(year - 1))
            except TooShort:
                continue
            truth = published[year]
            lo80, hi80 = nc.interval(0.80)
            lo95, hi95 = nc.interval(0.95)
            out.append(BacktestRow(year, k, nc.rate_1dp, truth, abs(nc.rate_1dp - truth), abs(nc.rate_1dp - truth) < 1e-9,
                                   lo80 - 1e-9 <= truth <= hi80 + 1e-9, lo95 - 1e-9 <= truth <= hi95 + 1e-9))
    return out


__all__ = ["LEVELS", "BacktestRow", "Nowcast", "SeasonalAR", "TooShort", "annual_index", "annual_rate", "backtest", "changes",
           "cut", "fit", "nowcast", "round_half_up"]
