"""A plain-Python loop over the same rules: the oracle the vectorised engine must match exactly.

Written independently of the engine: decimal arithmetic (``decimal.Decimal``) and Python integers,
one path at a time, one year at a time.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from burdenshare.model.engine import CONVERT, FIXED, NO_CAP, NO_FLOOR, RATE, UNKNOWN


def round_rate(x: float, decimals: int) -> Decimal:
    """Half away from zero, on the decimal text of the value (as a person would)."""
    q = Decimal(1).scaleb(-decimals)
    return Decimal(repr(float(x))).quantize(q, rounding=ROUND_HALF_UP)


def round_amount(v: Decimal, unit: int, mode: int) -> int:
    q = v / unit
    if mode == 0:
        n = int((q + Decimal("0.5")).to_integral_value(rounding="ROUND_FLOOR"))
    elif mode == 1:
        n = int(q.to_integral_value(rounding="ROUND_FLOOR"))
    else:
        n = int(q.to_integral_value(rounding="ROUND_CEILING"))
    return n * unit


def run_path(plan, drivers_row):
    """Amounts (int or None for unknown) for one path."""
    out = []
    prev = plan.base
    for t in range(plan.T):
        k = int(plan.kind[t])
        unit, mode = int(plan.unit[t]), int(plan.mode[t])
        if k == UNKNOWN or (k == RATE and prev is None and t > 0 and out[-1] is None):
            out.append(None)
            prev = None
            continue
        if k == FIXED:
            amt = int(plan.fixed[t])
        elif k == RATE:
            d = int(plan.decimals[t])
            r = round_rate(drivers_row[t], d) + Decimal(int(plan.add[t])).scaleb(-d)
            if int(plan.cap[t]) != NO_CAP:
                r = min(r, Decimal(int(plan.cap[t])).scaleb(-d))
            if int(plan.floor[t]) != NO_FLOOR:
                r = max(r, Decimal(int(plan.floor[t])).scaleb(-d))
            amt = round_amount(Decimal(prev) * (1 + r / 100), unit, mode)
        elif k == CONVERT:
            fx = Decimal(repr(float(drivers_row[t]))).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
            amt = round_amount(Decimal(int(plan.foreign[t])) * fx, unit, mode)
        out.append(amt)
        prev = amt
    return out
