"""The schedule engine: every year's payment from the rules, over arrays shaped (paths, years).

Model. For year t with a rate rule, the rate is the driver value x[p, t] (a series value at the
rule's lag, or the stated percentage) rounded to d decimals, half away from zero, as an integer
r = round(x * 10^d) in units of 10^-d percent, plus the rule's addition, then clipped to
[floor, cap]. The amount is

    A[p, t] = round_U( A[p, t-1] * (100 * 10^d + r) / (100 * 10^d) )

where round_U rounds to a multiple of the agreement's unit U (half up by default). All of this is
int64 arithmetic, so a deterministic projection (one path) is exact to the currency unit, and a Monte Carlo run
(many paths) goes through the very same code. Fixed years take the stated amount (a year whose amount no source gives is UNKNOWN, and so is
any year that builds on it); converted years
take a whole foreign amount times the exchange rate taken to 4 decimals, again in integers.

The loop runs over years (each year builds on the last); every step is vectorised over paths. A rate
year's rate does not depend on the years before, so the rates of all rate years of a block of paths
are worked out first, in one pass over a (rate years, paths) array (a one-path run, a schedule
request, would otherwise pay a dozen NumPy calls a year); the loop then only applies them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np

from ..errors import InputError, MissingValueError
from ..i18n import _

if TYPE_CHECKING:
    import numpy.typing as npt

FIXED, RATE, CONVERT, UNKNOWN = 0, 1, 2, 3
HALF_UP, DOWN, UP = 0, 1, 2
MODES = {"half_up": HALF_UP, "down": DOWN, "up": UP}
NO_CAP = np.iinfo(np.int64).max
NO_FLOOR = np.iinfo(np.int64).min
_EPS = 1e-9  # absorbs binary representation error of decimal inputs (e.g. 4.65 -> 46.4999...)
_INT64_MAX = np.iinfo(np.int64).max
FX_DECIMALS = 4  # exchange rates are taken to 4 decimals (as the H.10 annual averages are given)
FX_SCALE = 10**FX_DECIMALS

Driver = tuple[Literal["series"], str, int] | tuple[Literal["const"], float]
"""Where a year's driver value comes from: ``("series", name, year)`` or ``("const", pct)``."""


@dataclass(frozen=True)
class Plan:
    """A compiled timeline: one entry per year, arrays of length T.

    `drivers_from[t]` names where year t's driver comes from: ``("series", name, year)`` for an
    indexed or converted year, ``("const", pct)`` for a stated change, None for a fixed year.
    """

    years: np.ndarray
    agreements: tuple[str, ...]
    kind: np.ndarray
    fixed: np.ndarray
    foreign: np.ndarray
    decimals: np.ndarray
    add: np.ndarray
    cap: np.ndarray
    floor: np.ndarray
    unit: np.ndarray
    mode: np.ndarray
    drivers_from: tuple[Driver | None, ...]
    base: int | None = None
    base_year: int | None = None
    rule_kinds: tuple[str, ...] = field(default=())

    @property
    def T(self) -> int:
        return len(self.years)


@dataclass
class Result:
    """Engine output, year-major internally: ``units[t, p]`` is the amount of path p in year t in
    multiples of that year's rounding unit (float64 holding whole numbers, exact below 2^53).

    ``amount`` gives the (paths, years) int64 amounts in currency units. ``known`` is False for
    years whose amount no source gives (and years built on them). ``cap_count``/``floor_count``
    count the paths on which the cap or floor bound, per year; with ``detail`` the per-path rate
    applied and the binding flags are kept too.
    """

    units: np.ndarray
    unit: np.ndarray
    known: np.ndarray
    cap_count: np.ndarray
    floor_count: np.ndarray
    fixed_exact: dict[int, int] = field(default_factory=dict)
    rate_t: np.ndarray | None = None
    cap_t: np.ndarray | None = None
    floor_t: np.ndarray | None = None

    @property
    def paths(self) -> int:
        paths: int = self.units.shape[1]
        return paths

    @property
    def amount(self) -> npt.NDArray[np.int64]:
        out: npt.NDArray[np.int64] = (self.units.astype(np.int64) * self.unit[:, None]).T.copy()
        for t, v in self.fixed_exact.items():
            out[:, t] = v
        return out

    @property
    def rate_pct(self) -> np.ndarray | None:
        return None if self.rate_t is None else self.rate_t.T

    @property
    def cap_binds(self) -> np.ndarray | None:
        return None if self.cap_t is None else self.cap_t.T

    @property
    def floor_binds(self) -> np.ndarray | None:
        return None if self.floor_t is None else self.floor_t.T


MIN_PATHS_PER_THREAD = 16384  # below this, threads cost more than they save
BLOCK = 65536  # paths per block: a year's temporaries stay in the L2 cache (measured: 8k-128k best)
RATE_CELLS = 65536  # at most (rate years x paths) cells in one pass over rate years (a one-path run: all at once)
_EXACT = float(2**53)


def _round_div(num: npt.NDArray[np.int64], den: int, mode: int) -> npt.NDArray[np.int64]:
    if mode == HALF_UP:
        return (num + den // 2) // den
    if mode == DOWN:
        return num // den
    return -((-num) // den)


def rate_to_int(x: np.ndarray, decimals: int) -> np.ndarray:
    """Percent values as integers of 10^-decimals percent, rounded half away from zero."""
    return _rate_units(np.asarray(x, dtype=np.float64), decimals, np.empty(np.shape(x))).astype(np.int64)


def _rate_units(x: np.ndarray, decimals: int, out: np.ndarray, half: np.ndarray | None = None) -> np.ndarray:
    """Like rate_to_int, as whole-valued floats written into `out` (`half`: a scratch buffer)."""
    half = np.empty_like(out) if half is None else half
    np.multiply(x, 10.0**decimals, out=out)
    np.copysign(0.5 + _EPS, x, out=half)
    out += half
    whole: np.ndarray = np.trunc(out, out=out)
    return whole


_CORES = os.cpu_count() or 1  # read once: the call costs tens of microseconds, a one-path run's whole budget


def _threads(paths: int) -> int:
    if paths < 2 * MIN_PATHS_PER_THREAD:
        return 1
    return max(1, min(_CORES, paths // MIN_PATHS_PER_THREAD))


def known_years(plan: Plan) -> np.ndarray:
    """Which years of a plan have a known amount: not a year whose amount no source gives, nor a
    rate year built on an unknown one (a fixed or converted year starts a known chain again)."""
    out: list[bool] = []
    prev = True
    for k in plan.kind.tolist():
        prev = not (k == UNKNOWN or (k == RATE and not prev))
        out.append(prev)
    return np.array(out, dtype=bool)


def _check_drivers(x: np.ndarray, plan: Plan, t: int, positive: bool = False) -> None:
    bad = np.isnan(x).any() or (positive and (x <= 0).any())
    if bad:
        year, agreement = int(plan.years[t]), plan.agreements[t]
        if positive:
            raise MissingValueError(_("no positive exchange rate for {year} ({agreement})", year=year, agreement=agreement))
        raise MissingValueError(_("no driver value for {year} ({agreement})", year=year, agreement=agreement))


@dataclass(frozen=True)
class _Settings:
    """A plan's per-year settings as Python numbers (a one-path run, a schedule request, otherwise
    spends most of its time indexing NumPy arrays element by element), and its known rate years'
    settings as columns (for their one pass)."""

    unit: np.ndarray
    known: np.ndarray
    kinds: list[int]
    known_l: list[bool]
    units_l: list[int]
    fixed_l: list[int]
    modes: list[int]
    decimals_l: list[int]
    adds: list[int]
    caps_l: list[int]
    floors_l: list[int]
    foreign_l: list[int]
    rate_years: list[int]
    rate_row: dict[int, int]
    scale: np.ndarray
    cap_v: np.ndarray
    floor_v: np.ndarray
    dens: np.ndarray


_SETTINGS: dict[int, tuple[Plan, _Settings]] = {}  # by the plan's identity (plans are never changed once compiled)
_MAX_SETTINGS = 256


def _settings(plan: Plan) -> _Settings:
    kept = _SETTINGS.get(id(plan))
    if kept is not None and kept[0] is plan:
        return kept[1]
    unit = plan.unit.astype(np.int64)
    known = known_years(plan)
    kinds, known_l, decimals_l = plan.kind.tolist(), known.tolist(), plan.decimals.tolist()
    caps_l, floors_l = plan.cap.tolist(), plan.floor.tolist()
    rate_years = [t for t in range(plan.T) if known_l[t] and kinds[t] == RATE]

    def column(values: list[float]) -> np.ndarray:
        return np.array(values, dtype=np.float64).reshape(len(rate_years), 1)

    st = _Settings(
        unit, known, kinds, known_l, unit.tolist(), plan.fixed.tolist(), plan.mode.tolist(), decimals_l, plan.add.tolist(),
        caps_l, floors_l, plan.foreign.tolist(), rate_years, {t: i for i, t in enumerate(rate_years)},
        column([10.0 ** decimals_l[t] for t in rate_years]),
        column([float(caps_l[t]) if caps_l[t] != NO_CAP else np.inf for t in rate_years]),
        column([float(floors_l[t]) if floors_l[t] != NO_FLOOR else -np.inf for t in rate_years]),
        column([float(100 * 10 ** decimals_l[t]) for t in rate_years]))
    if len(_SETTINGS) >= _MAX_SETTINGS:
        _SETTINGS.clear()
    _SETTINGS[id(plan)] = (plan, st)
    return st


def compute(plan: Plan, drivers: np.ndarray | None, *, detail: bool = True, block: int = BLOCK,  # noqa: C901 - the exact-arithmetic kernel, checked against every published figure and timed by the benchmarks: its checks and its per-year pass share a dozen arrays and stay together
            out: np.ndarray | None = None, base: np.ndarray | None = None) -> Result:
    """Run the rules of `plan` over paths.

    drivers: float array (paths, T): for rate years the rate in percent, for converted years the
    exchange rate; other entries are ignored (NaN is fine there). None for a plan of fixed years
    only. An array in Fortran order (``np.empty((T, P)).T``) is read without striding. `out`, a
    float64 (T, P) array, receives the units (a Monte Carlo run reuses one per chunk). `base`, an
    int64 array (P,), gives each path its own previous-year amount (negotiation packages differ in
    their first-year total): it replaces the plan's base and must be whole units of the first year.
    """
    T = plan.T
    if drivers is None:
        if (plan.kind != FIXED).any() and (plan.kind != UNKNOWN).any():
            raise InputError(_("the plan has rate or converted years but no driver values were given"))
        drivers = np.zeros((1, T))
    drivers = np.asarray(drivers, dtype=np.float64)
    if drivers.ndim != 2 or drivers.shape[1] != T:
        raise InputError(_("drivers must be shaped (paths, {T}), got {shape}", T=T, shape=drivers.shape))
    P = drivers.shape[0]
    if base is not None:
        base = np.asarray(base)
        if base.shape != (P,) or base.dtype.kind not in "iu":
            raise InputError(_("base must be an integer array of {n} amounts", n=P))
        if (base <= 0).any() or (base % int(plan.unit[0])).any():
            raise InputError(_("every base amount must be a positive multiple of {unit:,}", unit=int(plan.unit[0])))
        base_units = (base // int(plan.unit[0])).astype(np.float64)
    dT = drivers.T  # (T, P) view
    if out is not None and (out.shape != (T, P) or out.dtype != np.float64):
        raise InputError(_("out must be a float64 array shaped ({T}, {P})", T=T, P=P))
    units = np.empty((T, P)) if out is None else out
    st = _settings(plan)
    unit, known = st.unit.copy(), st.known.copy()  # (given out in the Result)
    rate_t = np.full((T, P), np.nan) if detail else None
    cap_t = np.zeros((T, P), dtype=bool) if detail else None
    floor_t = np.zeros((T, P), dtype=bool) if detail else None
    cap_count = np.zeros(T, np.int64)
    floor_count = np.zeros(T, np.int64)
    fixed_exact: dict[int, int] = {}
    kinds, known_l, units_l, fixed_l = st.kinds, st.known_l, st.units_l, st.fixed_l
    modes, decimals_l, adds, caps_l, floors_l = st.modes, st.decimals_l, st.adds, st.caps_l, st.floors_l
    foreign_l = st.foreign_l
    missing = np.isnan(dT).any(axis=1).tolist()  # per year, whether a path lacks its driver value

    # checks that do not depend on the paths
    for t in range(T):
        if not known_l[t]:
            continue
        k = kinds[t]
        if k == RATE:
            if t == 0 and plan.base is None and base is None:
                raise InputError(_("{year} builds on the previous year's amount, which is not known (agreement "
                                   "'{agreement}' needs 'follows' or 'base')", year=int(plan.years[t]),
                                   agreement=plan.agreements[t]))
            if missing[t]:
                _check_drivers(dT[t], plan, t)
        elif k == CONVERT:
            _check_drivers(dT[t], plan, t, positive=True)
        elif k == FIXED and fixed_l[t] % units_l[t]:
            fixed_exact[t] = fixed_l[t]  # a stated amount that is not a whole number of units

    # the known rate years, worked out together (one NumPy call over all of them, not one a year: a
    # one-path run, a schedule request, is otherwise mostly the calls' own cost)
    rate_years, rate_row = st.rate_years, st.rate_row

    def rates(s: int, e: int, lo: int, hi: int, caps: np.ndarray, floors: np.ndarray,  # noqa: C901 - one pass over the rate years, per-year settings as columns
              bufs: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]) -> tuple[np.ndarray, list[float], list[bool]]:
        """Each rate year's multiplier (in units of 10^-d percent, whole-valued floats, (years, paths)),
        its largest value, and whether it may go below zero; counts the binding caps and floors, and
        keeps the rates applied and the binding flags with detail. Per year as a year's own pass did:
        rounded half away from zero (half up where no path's value is negative), plus the addition,
        floor then cap. `lo`, `hi`: the rate years (their indices in `rate_years`) worked out together
        (a group's (years, paths) array stays in the cache); `bufs`: the block's scratch arrays."""
        ys = rate_years[lo:hi]
        scale, cap_v, floor_v, dens = st.scale[lo:hi], st.cap_v[lo:hi], st.floor_v[lo:hi], st.dens[lo:hi]
        any_cap = any(caps_l[t] != NO_CAP for t in ys)
        any_floor = any(floors_l[t] != NO_FLOOR for t in ys)
        m = hi - lo
        X = bufs[0][:m]
        for j, t in enumerate(ys):  # (row by row: np.take over a slice of paths is many times slower)
            X[j] = dT[t, s:e]
        mins = X.min(axis=1).tolist()
        nonneg = [m >= 0 for m in mins]
        R = np.multiply(X, scale, out=bufs[1][:m])
        if all(nonneg):
            R += 0.5 + _EPS
            np.floor(R, out=R)
        else:
            # (where every value is nonnegative, truncating after adding +(0.5 + eps) is flooring)
            half = np.copysign(0.5 + _EPS, X, out=bufs[2][:m])
            for i, ok in enumerate(nonneg):
                if ok:
                    half[i] = 0.5 + _EPS
            R += half
            np.trunc(R, out=R)
        for i, t in enumerate(ys):
            if adds[t]:
                R[i] += adds[t]
        if any_cap:
            hit = np.greater(R, cap_v, out=bufs[3][:m])
            for i, t in enumerate(ys):
                if caps_l[t] != NO_CAP:
                    caps[t] += np.count_nonzero(hit[i])
            if cap_t is not None:  # kept with detail
                cap_t[ys, s:e] = hit
        if any_floor:
            hit = np.less(R, floor_v, out=bufs[3][:m])
            for i, t in enumerate(ys):
                if floors_l[t] != NO_FLOOR:
                    floors[t] += np.count_nonzero(hit[i])
            if floor_t is not None:  # kept with detail
                floor_t[ys, s:e] = hit
            np.maximum(R, floor_v, out=R)  # np.clip's order (floor, then cap)
        if any_cap:
            np.minimum(R, cap_v, out=R)
        if rate_t is not None:  # kept with detail
            rate_t[ys, s:e] = np.divide(R, scale, out=bufs[2][:m])
        R += dens  # the multiplier, in units of 10^-d percent
        bad = []
        for i, t in enumerate(ys):
            flo = floors_l[t]
            sure_positive = (nonneg[i] and adds[t] >= 0) or (flo != NO_FLOOR and flo + 100 * 10 ** decimals_l[t] >= 0)
            bad.append(not sure_positive and bool(R[i].min() < 0))
        return R, R.max(axis=1).tolist(), bad

    def run_block(s: int, e: int) -> tuple[np.ndarray, np.ndarray]:  # noqa: C901 - one pass over the years, each kind's arithmetic inline on preallocated rows (the Monte Carlo hot loop)
        n = e - s
        caps, floors = np.zeros(T, np.int64), np.zeros(T, np.int64)
        group = max(1, RATE_CELLS // max(1, n))  # rate years a pass
        lo = hi = 0  # the rate years worked out (their indices in rate_years)
        R, rmaxs, bad_rate = np.empty((0, n)), list[float](), list[bool]()
        g = min(group, len(rate_years))
        bufs = (np.empty((g, n)), np.empty((g, n)), np.empty((g, n)), np.empty((g, n), dtype=bool))
        prev_amount: int | None = plan.base  # exact scalar amount of the previous year, when one is known
        prev_units: np.ndarray | None = None  # the previous year's row, in its own units
        prev_unit = units_l[0]
        prev_bound = float(prev_amount // prev_unit + 1) if prev_amount is not None else 0.0
        if base is not None:
            prev_amount, prev_units = None, base_units[s:e]
            prev_bound = float(prev_units.max()) + 1 if e > s else 0.0
        for t in range(T):
            u = units_l[t]
            row = units[t, s:e]
            if not known_l[t]:
                row[:] = 0
                prev_amount, prev_units = None, None
                continue
            k = kinds[t]
            mode = modes[t]
            if k == FIXED:
                fixed = fixed_l[t]
                row[:] = fixed // u if t not in fixed_exact else fixed / u
                prev_amount, prev_units, prev_unit = fixed, None, u
                prev_bound = float(fixed // u + 1)
                continue
            if k == CONVERT:
                fx = rate_to_int(dT[t, s:e], FX_DECIMALS)
                foreign = foreign_l[t]
                if foreign and int(fx.max()) > (_INT64_MAX - FX_SCALE * u) // foreign:
                    raise InputError(_("converted amount in {year} is too large for exact arithmetic", year=int(plan.years[t])))
                row[:] = _round_div(fx * foreign, FX_SCALE * u, mode)
                prev_amount, prev_units, prev_unit = None, row, u
                prev_bound = float(row.max())
                continue
            # RATE: the rate worked out for all rate years at once, before the loop (`rates`)
            if rate_row[t] >= hi:
                lo, hi = rate_row[t], min(rate_row[t] + group, len(rate_years))
                R, rmaxs, bad_rate = rates(s, e, lo, hi, caps, floors, bufs)
            i = rate_row[t] - lo
            d = decimals_l[t]
            den = 100 * 10**d
            r = R[i]
            if bad_rate[i]:
                raise InputError(_("a rate below -100% in {year} would make the amount negative", year=int(plan.years[t])))
            # the previous amount in this year's units, when that is a whole number
            pu: np.ndarray | float | None
            if prev_units is not None and prev_unit % u == 0:
                pu = prev_units if prev_unit == u else prev_units * (prev_unit // u)
            elif prev_amount is not None and prev_amount % u == 0:
                pu = float(prev_amount // u)
            else:
                pu = None
            rmax = rmaxs[i]
            if pu is not None and isinstance(pu, float):
                bound = pu
            elif pu is not None:
                bound = prev_bound * (prev_unit // u)
            if pu is not None and bound * rmax < _EXACT:
                # float64 kernel: prev * multiplier is a whole number below 2^53, so the division
                # and the rounding below are exact
                np.multiply(r, pu, out=row)
                row /= den
                if mode == HALF_UP:
                    row += 0.5
                    np.floor(row, out=row)
                elif mode == DOWN:
                    np.floor(row, out=row)
                else:
                    np.ceil(row, out=row)
                prev_bound = bound * rmax / den + 1  # no amount exceeds this (in units of u)
            else:
                # int64 kernel for amounts too large for the float one
                if prev_units is not None:
                    pw = prev_units.astype(np.int64) * prev_unit
                else:
                    pw = np.full(n, prev_amount, dtype=np.int64)
                mult = r.astype(np.int64)
                top = int(mult.max())
                if top and int(pw.max()) > (_INT64_MAX - den * u) // top:
                    raise InputError(_("amounts in {year} are too large for exact arithmetic", year=int(plan.years[t])))
                q = _round_div(pw * mult, den * u, mode)
                if int(q.max()) >= 2**53:
                    raise InputError(_("amounts in {year} are too large for exact arithmetic", year=int(plan.years[t])))
                row[:] = q
                prev_bound = float(q.max()) + 1
            prev_amount, prev_units, prev_unit = None, row, u
        return caps, floors

    threads = _threads(P)
    if threads > 1:
        block = min(block, -(-P // threads))
    spans = [(s, min(s + block, P)) for s in range(0, P, block)]
    if threads > 1 and len(spans) > 1:
        # numpy releases the GIL in these loops: blocks run on all cores
        from concurrent.futures import ThreadPoolExecutor  # (only here: a command line's one path never needs it)

        with ThreadPoolExecutor(max_workers=threads) as pool:
            parts = list(pool.map(lambda se: run_block(*se), spans))
    else:
        parts = [run_block(s, e) for s, e in spans]
    for caps, floors in parts:
        cap_count += caps
        floor_count += floors
    return Result(units, unit, known, cap_count, floor_count, fixed_exact, rate_t, cap_t, floor_t)


__all__ = ["CONVERT", "FIXED", "MODES", "NO_CAP", "NO_FLOOR", "RATE", "UNKNOWN", "Plan", "Result", "compute", "rate_to_int"]
