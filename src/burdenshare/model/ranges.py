"""The plausible range of every number a reader gives, in one place.

A value outside its range is refused as a mistake (a consumer price change of 1e23% or an exchange
rate of 1e23 is a typing error, not an assumption), with a one-line message that names the field.
Flags, request fields and the values of a user's files are checked against these ranges; the
CLI's help and docs/inputs.md show them. Series values take the range of the role they play for
their host (``roles:`` in ``hosts/<id>.yaml``), and never go below a series' own ``minimum``
(``datapackage.json``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..i18n import Msg

NUMBER_LIMIT = 10**18
"""No number in a file or a request may reach this size (10^18, as ``i18n.money.LIMIT``): the model
computes amounts in 64-bit integers, and no budget comes near it. (Nothing is imported at module
level, so that the CLI can show the ranges in its help without loading more.)"""

RANGES: dict[str, tuple[float, float]] = {
    "percent": (-99.0, 1000.0),  # a yearly change in percent: inflation, budget growth, an agreement's change, cap or floor
    "exchange_rate": (0.0001, 1_000_000.0),  # units of the host currency per dollar
    "level": (0.0, 100_000.0),  # a budget or GDP in its series' unit (trillions of the host currency)
    "headcount": (0.0, 10_000_000.0),  # troops
    "amount": (-10**16, 10**16),  # money in whole currency units: a threshold, a bid, an agreement's amount (10^16 = 1경)
    "shock_sd": (0.0, 100.0),  # a simulated variable's shock standard deviation, in percentage points
    "coefficient": (-1.0, 1.0),  # an AR coefficient (persistence) or a correlation
}
"""kind -> (lowest, highest), both allowed."""

ROLE_KINDS: dict[str, str] = {
    "cpi": "percent", "us_cpi": "percent", "defence_growth": "percent", "fx": "exchange_rate",
    "defence_budget": "level", "gdp": "level", "troops_stated": "headcount", "troops_headcount": "headcount",
}
"""The kind of number each role of a host's series holds."""


def bounds(kind: str) -> tuple[float, float]:
    return RANGES[kind]


def help_text(kind: str) -> str:
    """The range as the CLI's help says it ("Plausible range: -99 to 1,000.")."""
    from ..i18n import _

    lo, hi = RANGES[kind]
    return str(_("Plausible range: {lo} to {hi}.", lo=shown(lo), hi=shown(hi)))


def shown(v: float) -> str:
    """A bound as a person reads it (1,000,000, 0.0001, -99)."""
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,.10g}"


def check(value: Any, kind: str, *, where: str | None = None) -> None:
    """Refuse `value` outside the plausible range of `kind` (an InputError naming `where`)."""
    from ..errors import InputError

    lo, hi = RANGES[kind]
    if not lo <= value <= hi:
        raise InputError(outside(value, kind), where=where)


def outside(value: Any, kind: str) -> Msg:
    from ..i18n import _

    lo, hi = RANGES[kind]
    return _("{value} is outside the plausible range {lo} to {hi}", value=_value(value), lo=shown(lo), hi=shown(hi))


def _value(v: Any) -> str:
    text = f"{v:,.6g}" if isinstance(v, float) else (f"{v:,}" if isinstance(v, int) else str(v))
    return text if len(text) <= 30 else text[:27] + "..."


def series_kind(roles: Mapping[str, str], series: str) -> str | None:
    """The kind of a host's series (by the role it plays), or None for a series with no role."""
    for role, name in roles.items():
        if name == series and role in ROLE_KINDS:
            return ROLE_KINDS[role]
    return None


__all__ = ["NUMBER_LIMIT", "RANGES", "ROLE_KINDS", "bounds", "check", "outside", "series_kind", "shown"]
