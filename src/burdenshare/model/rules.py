"""The rules that set a year's payment, written as data.

An agreement lists, for each year of its term, one rule:

- ``fixed``: an amount stated in the agreement (integer units of the host currency);
- ``change``: the previous year's amount changed by a stated percentage;
- ``indexed``: the previous year's amount changed by a named series' value ``lag`` years earlier,
  the rate rounded to ``rate_decimals`` decimals (half away from zero), plus ``add_pct``, then held
  within ``floor_pct`` and ``cap_pct``;
- ``converted``: an amount stated in another currency (e.g. a demand in dollars), converted at the
  year's exchange rate.

Every rule's amount is then rounded to the agreement's unit (100 million won for the SMAs). Rules
with a rate are exact in integers: a rate with d decimals is an integer count of 10^-d percent.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

MAX_RATE_DECIMALS = 3
_SPAN = re.compile(r"^\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*$")


def parse_years(value: object) -> tuple[int, int]:
    """'2010-2013' or 2010 as an inclusive (first, last) pair."""
    if isinstance(value, bool):
        raise ValueError("must be a year or a span such as 2010-2013")
    if isinstance(value, int):
        return value, value
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(v, int) for v in value):
        first, last = value
    else:
        m = _SPAN.match(str(value))
        if not m:
            raise ValueError("must be a year or a span such as 2010-2013")
        first = int(m.group(1))
        last = int(m.group(2) or m.group(1))
    if last < first:
        raise ValueError(f"span {first}-{last} ends before it starts")
    return first, last


def _whole_units(v: object) -> object:
    """A float amount such as 7.6e11 is accepted when it is a whole number of currency units."""
    if isinstance(v, float):
        if not math.isfinite(v) or v != int(v):
            raise ValueError("must be a whole number of currency units")
        return int(v)
    return v


class _Rule(BaseModel):
    # NaN and infinity are refused for every number ("Input should be a finite number")
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    years: tuple[int, int]
    source: str | None = Field(None, description="registry id or URL of the document that states this rule")
    note: str | None = None

    @field_validator("years", mode="before")
    @classmethod
    def _years(cls, v: object) -> tuple[int, int]:
        first, last = parse_years(v)
        if not 1900 <= first <= 2200 or not 1900 <= last <= 2200:
            raise ValueError("years must lie between 1900 and 2200")
        return first, last

    @property
    def year_list(self) -> range:
        return range(self.years[0], self.years[1] + 1)

    @property
    def relative(self) -> bool:
        """Whether the rule builds on the previous year's amount."""
        return False


class Fixed(_Rule):
    """An amount stated by the agreement, in integer units of the host currency.

    Where the sources give only a dollar figure (early SMAs were set in dollars), ``amount`` is
    left out and ``amount_usd`` holds the published figure: the host-currency amount is then
    unknown, shown as unknown, and never estimated.
    """

    rule: Literal["fixed"]
    amount: int | None = Field(None, gt=0, description="integer units of the host currency (won, yen)")
    amount_usd: float | None = Field(None, gt=0, description="the published dollar figure, when stated in dollars")
    status: Literal["published", "agreed", "hypothetical"] = "published"

    @model_validator(mode="after")
    def _some_amount(self) -> "Fixed":
        if self.amount is None and self.amount_usd is None:
            raise ValueError("a fixed year needs 'amount' (host currency) or 'amount_usd'")
        return self

    _whole = field_validator("amount", mode="before")(lambda v: _whole_units(v))


class Change(_Rule):
    """The previous year's amount changed by a stated percentage."""

    rule: Literal["change"]
    pct: float = Field(gt=-100, lt=1000)
    rate_decimals: int = Field(1, ge=0, le=MAX_RATE_DECIMALS)

    @property
    def relative(self) -> bool:
        return True


class Indexed(_Rule):
    """The previous year's amount changed by a series' value `lag` years earlier."""

    rule: Literal["indexed"]
    series: str = Field(min_length=1, description="a series name, or a role of the host such as 'cpi'")
    lag: int = Field(ge=0, le=10)
    rate_decimals: int = Field(1, ge=0, le=MAX_RATE_DECIMALS)
    add_pct: float = Field(0.0, gt=-100, lt=1000)
    cap_pct: float | None = Field(None, gt=-100, lt=1000)
    floor_pct: float | None = Field(None, gt=-100, lt=1000)

    @model_validator(mode="after")
    def _bounds(self) -> "Indexed":
        if self.cap_pct is not None and self.floor_pct is not None and self.floor_pct > self.cap_pct:
            raise ValueError(f"floor_pct {self.floor_pct} is above cap_pct {self.cap_pct}")
        for name in ("cap_pct", "floor_pct", "add_pct"):
            v = getattr(self, name)
            if v is not None and round(v, self.rate_decimals) != v:
                raise ValueError(f"{name} {v} has more decimals than rate_decimals={self.rate_decimals}")
        return self

    @property
    def relative(self) -> bool:
        return True


class Converted(_Rule):
    """An amount stated in another currency, converted at the year's exchange rate."""

    rule: Literal["converted"]
    amount: int = Field(gt=0, le=10**13, description="whole units of `currency` per year")
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    fx: str = Field("fx", description="series of host-currency units per unit of `currency` (or the role 'fx')")

    _whole = field_validator("amount", mode="before")(lambda v: _whole_units(v))


class ShareOf(_Rule):
    """A percentage of a series in currency units (e.g. 0.1% of GDP), computed exactly."""

    rule: Literal["share_of"]
    series: str = Field("gdp", min_length=1, description="a series name or role, e.g. 'gdp'")
    pct: float = Field(gt=0, lt=100)


class CostPlus(_Rule):
    """The full cost of the US presence plus a percentage ("cost plus 50"), in dollars a year from
    the host comparison data, converted at each year's rate (resolved when a scenario is applied)."""

    rule: Literal["cost_plus"]
    percent: float = Field(50.0, gt=-100, le=1000)


class Unknown(_Rule):
    """A year whose amount no source gives: shown as unknown, never estimated."""

    rule: Literal["unknown"]


Rule = Annotated[Union[Fixed, Change, Indexed, Converted, ShareOf, CostPlus, Unknown], Field(discriminator="rule")]
