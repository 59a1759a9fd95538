"""The schedule engine: every year's payment from the rules, over arrays shaped (paths, years).

Model. For year t with a rate rule, the rate is the driver value x[p, t] (a series value at the
rule's lag, or the stated percentage) rounded to d decimals, half away from zero, as an integer
r = round(x * 10^d) in units of 10^-d percent, plus the rule's addition, then clipped to
[floor, cap]. The amount is

    A[p, t] = round_U( A[p, t-1] * (100 * 10^d + r) / (100 * 10^d) )

where round_U rounds to a multiple of the agreement's unit U (half up by default). All of this is
int64 arithmetic, so a deterministic projection (one path) is exact in won, and a Monte Carlo run
(many paths) goes through the very same code. Fixed years take the stated amount (a year whose amount no source gives is UNKNOWN, and so is
any year that builds on it); converted years
take a whole foreign amount times the exchange rate taken to 4 decimals, again in integers.

The loop runs over years (each year builds on the last); every step is vectorised over paths.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..errors import InputError, MissingValueError

FIXED, RATE, CONVERT, UNKNOWN = 0, 1, 2, 3
HALF_UP, DOWN, UP = 0, 1, 2
MODES = {"half_up": HALF_UP, "down": DOWN, "up": UP}
NO_CAP = np.iinfo(np.int64).max
NO_FLOOR = np.iinfo(np.int64).min
_EPS = 1e-9  # absorbs binary representation error of decimal inputs (e.g. 4.65 -> 46.4999...)
_INT64_MAX = np.iinfo(np.int64).max
FX_DECIMALS = 4  # exchange rates are taken to 4 decimals (as the H.10 annual averages are given)
FX_SCALE = 10**FX_DECIMALS


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
    drivers_from: tuple[tuple | None, ...]
    base: int | None = None
    base_year: int | None = None
    rule_kinds: tuple[str, ...] = field(default=())

    @property
    def T(self) -> int:
        return len(self.years)


@dataclass
class Result:
    """Engine output: amounts (int64), and per year the rate applied and whether cap/floor bound."""

    amount: np.ndarray
    known: np.ndarray  # (T,) bool: False where no source gives the amount (and after such a year)
    rate_pct: np.ndarray | None = None
    cap_binds: np.ndarray | None = None
    floor_binds: np.ndarray | None = None


def _round_div(num: np.ndarray, den: int, mode: int) -> np.ndarray:
    if mode == HALF_UP:
        return (num + den // 2) // den
    if mode == DOWN:
        return num // den
    return -((-num) // den)


def rate_to_int(x: np.ndarray, decimals: int) -> np.ndarray:
    """Percent values as integers of 10^-decimals percent, rounded half away from zero."""
    scaled = np.abs(x) * (10.0**decimals) + 0.5 + _EPS
    return (np.sign(x) * np.floor(scaled)).astype(np.int64)


def compute(plan: Plan, drivers: np.ndarray | None, *, detail: bool = True) -> Result:
    """Run the rules of `plan` over paths.

    drivers: float array (paths, T): for rate years the rate in percent, for converted years the
    exchange rate; other entries are ignored. None for a plan of fixed years only.
    """
    T = plan.T
    if drivers is None:
        if (plan.kind != FIXED).any():
            raise InputError("the plan has rate or converted years but no driver values were given")
        drivers = np.zeros((1, T))
    drivers = np.asarray(drivers, dtype=np.float64)
    if drivers.ndim != 2 or drivers.shape[1] != T:
        raise InputError(f"drivers must be shaped (paths, {T}), got {drivers.shape}")
    P = drivers.shape[0]
    amount = np.empty((P, T), dtype=np.int64)
    rate_pct = np.full((P, T), np.nan) if detail else None
    cap_binds = np.zeros((P, T), dtype=bool) if detail else None
    floor_binds = np.zeros((P, T), dtype=bool) if detail else None

    known = np.ones(T, dtype=bool)
    prev = None if plan.base is None else np.full(P, plan.base, dtype=np.int64)
    prev_known = True
    for t in range(T):
        k = plan.kind[t]
        unit = int(plan.unit[t])
        mode = int(plan.mode[t])
        if k == UNKNOWN or (k == RATE and not prev_known):
            amount[:, t] = 0
            known[t] = False
            prev_known = False
            prev = amount[:, t]
            continue
        prev_known = True
        if k == FIXED:
            amount[:, t] = plan.fixed[t]
        elif k == RATE:
            if prev is None:
                raise InputError(
                    f"{int(plan.years[t])} builds on the previous year's amount, which is not known "
                    f"(agreement '{plan.agreements[t]}' needs 'follows' or 'base')"
                )
            x = drivers[:, t]
            if np.isnan(x).any():
                raise MissingValueError(f"no driver value for {int(plan.years[t])} ({plan.agreements[t]})")
            d = int(plan.decimals[t])
            r = rate_to_int(x, d) + plan.add[t]
            cap, flo = plan.cap[t], plan.floor[t]
            if detail:
                cap_binds[:, t] = r > cap
                floor_binds[:, t] = r < flo
            if cap != NO_CAP or flo != NO_FLOOR:
                r = np.clip(r, flo, cap)
            den = 100 * 10**d
            mult = den + r
            if (mult < 0).any():
                raise InputError(f"a rate below -100% in {int(plan.years[t])} would make the amount negative")
            top = int(mult.max()) if mult.size else 0
            if top and int(prev.max()) > (_INT64_MAX - den * unit) // top:
                raise InputError(
                    f"amounts in {int(plan.years[t])} are too large for exact integer arithmetic"
                )
            amount[:, t] = _round_div(prev * mult, den * unit, mode) * unit
            if detail:
                rate_pct[:, t] = r / 10.0**d
        else:  # CONVERT
            x = drivers[:, t]
            if np.isnan(x).any() or (x <= 0).any():
                raise MissingValueError(
                    f"no positive exchange rate for {int(plan.years[t])} ({plan.agreements[t]})"
                )
            fx = rate_to_int(x, FX_DECIMALS)
            foreign = int(plan.foreign[t])
            if foreign and int(fx.max()) > (_INT64_MAX - FX_SCALE * unit) // foreign:
                raise InputError(f"converted amount in {int(plan.years[t])} is too large for exact arithmetic")
            amount[:, t] = _round_div(fx * foreign, FX_SCALE * unit, mode) * unit
        prev = amount[:, t]
    return Result(amount, known, rate_pct, cap_binds, floor_binds)


__all__ = ["Plan", "Result", "compute", "rate_to_int", "FIXED", "RATE", "CONVERT", "UNKNOWN", "MODES", "NO_CAP", "NO_FLOOR"]
