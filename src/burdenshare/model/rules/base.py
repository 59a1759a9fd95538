"""What every rule kind shares, and the contract a kind fulfils.

A rule kind is one pydantic class in its own module of this package. It knows how to

- validate itself (its fields and validators),
- compile one year into the engine's plan (:meth:`Rule.compile`, writing a :class:`Slot`),
- say how a year's amount was obtained (:meth:`Rule.basis`), and
- which status a year it sets has before inputs are considered (:meth:`Rule.own_status`).

Adding a kind is adding a module here; the engine changes only where its arithmetic is new.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ...i18n import Msg, Text, _
from ..engine import FIXED, NO_CAP, NO_FLOOR, Driver

if TYPE_CHECKING:
    from fractions import Fraction

    from ...i18n.money import Money

MAX_RATE_DECIMALS = 3
_SPAN = re.compile(r"^\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*$")


def parse_years(value: object) -> tuple[int, int]:
    """'2010-2013' or 2010 as an inclusive (first, last) pair."""
    if isinstance(value, bool):
        raise ValueError(_("must be a year or a span such as 2010-2013"))
    if isinstance(value, int):
        return value, value
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(v, int) for v in value):
        first, last = value
    else:
        m = _SPAN.match(str(value))
        if not m:
            raise ValueError(_("must be a year or a span such as 2010-2013"))
        first = int(m.group(1))
        last = int(m.group(2) or m.group(1))
    if last < first:
        raise ValueError(_("span {first}-{last} ends before it starts", first=first, last=last))
    return first, last


def whole_units(v: object) -> object:
    """A float amount such as 7.6e11 is accepted when it is a whole number of currency units;
    ``true`` is not an amount (pydantic would read it as 1)."""
    if isinstance(v, bool):
        raise ValueError(_("must be a number, not true or false"))
    if isinstance(v, float):
        if not math.isfinite(v) or v != int(v):
            raise ValueError(_("must be a whole number of currency units"))
        return int(v)
    return v


@dataclass(frozen=True)
class Context:
    """What compiling a rule may need from the host's data: roles to series names, a series'
    scale in currency units, and the yearly dollar cost of the US presence (for cost_plus)."""

    series_for: Callable[[str], str]
    scale_of: Callable[[str], float] | None = None
    presence_cost_usd: Callable[[], float] | None = None


@dataclass(frozen=True)
class Step:
    """One year as the engine computed it, for a trace: the previous amount, the driver value as
    read, the rate as the engine applied it (after rounding, additions, caps and floors), whether a
    cap or floor bound, the amount, and the rounding."""

    year: int
    amount: int | None
    previous: int | None
    driver: float | None  # the value read (percent, or an exchange rate); None for a fixed year
    rate_units: int | None  # the rate before the cap and floor, in units of 10^-decimals percent
    applied_units: int | None  # the rate the engine applied, same units
    decimals: int
    cap_binds: bool
    floor_binds: bool
    unit: int
    mode: str
    foreign: int = 0  # for an amount converted from a rate or a series: the multiplier the plan holds
    series: str | None = None  # the series the year's driver was read from
    dollar: str | None = None  # the host's code for the dollar (the currency of a cost_plus year's foreign amount)


@dataclass
class Slot:
    """One year of a plan being compiled: the engine's arrays at index t, as plain fields.

    ``driver`` says where the year's driver value comes from: ``("series", name, year)`` for an
    indexed or converted year, ``("const", pct)`` for a stated change, None for a fixed year."""

    year: int
    agreement: str
    kind: int = FIXED
    fixed: int = 0
    foreign: int = 0
    decimals: int = 0
    add: int = 0
    cap: int = NO_CAP
    floor: int = NO_FLOOR
    driver: Driver | None = None
    note: Msg | str | None = None


class Rule(BaseModel):
    """Base of every rule kind: the years it covers and where it is stated."""

    # NaN and infinity are refused for every number ("Input should be a finite number")
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    if TYPE_CHECKING:
        rule: str  # every kind declares its own, a Literal (not a field of the base: it would lead every kind's fields)

    years: tuple[int, int]
    source: str | None = Field(None, description="registry id or URL of the document that states this rule")
    note: Text | None = Field(None, description="what the document says, in English or as {en: ..., ko: ...}")

    @field_validator("years", mode="before")
    @classmethod
    def _years(cls, v: object) -> tuple[int, int]:
        first, last = parse_years(v)
        if not 1900 <= first <= 2200 or not 1900 <= last <= 2200:
            raise ValueError(_("years must lie between {lo} and {hi}", lo=1900, hi=2200))
        return first, last

    @property
    def year_list(self) -> range:
        return range(self.years[0], self.years[1] + 1)

    @property
    def relative(self) -> bool:
        """Whether the rule builds on the previous year's amount."""
        return False

    @property
    def shown_kind(self) -> str:
        """The kind as shown in tables (a fixed year whose amount no source gives is 'unknown')."""
        return self.rule

    def own_status(self) -> str:
        """The status of a year this rule sets, before its inputs are looked at."""
        return "derived"

    def compile(self, slot: Slot, ctx: Context) -> None:  # pragma: no cover - every kind overrides it
        raise NotImplementedError

    # The fields of a row that `basis` reads (besides the rule itself and the language): a year's
    # words are kept and reused while these are the same (analysis.schedule). None: not declared,
    # never kept. tests/test_frames.py checks every kind's words from these fields alone.
    basis_reads: ClassVar[tuple[str, ...] | None] = None

    def basis(self, row: Mapping[str, Any]) -> Msg | str:
        """How a year's amount was obtained, in words (row: the year's schedule row)."""
        return ""

    def explain(self, step: Step, currency: str) -> list[Msg]:
        """The arithmetic of one year, step by step, from the engine's own figures."""
        return [_("{amount} (the amount in force)", amount=money(step.amount, currency))]

    # What the replay of the history (analysis/replay.py) asks of a kind: whether a rule of this kind,
    # set for an agreement's later years, is a formula that another agreement's years can be computed
    # with (an amount stated year by year is not), and that formula in words.
    formula: ClassVar[bool] = False

    def formula_words(self) -> str:
        """The rule as a formula for later years, in words ('consumer-price inflation of 2 year(s) before, at most 4%')."""
        from ...i18n.vocabulary import word

        return word("rule", self.shown_kind)


def money(amount: int | float | None, currency: str) -> Money:
    from ...i18n.money import Money

    return Money(amount, currency)


def rounding(step: Step, exact: Fraction, currency: str) -> Msg:
    """The rounding step: the exact value in the table's unit, how it is rounded, and the result."""
    from ...i18n.money import precise

    modes = {"half_up": _("to the nearest {unit}, halves up"), "down": _("down to a multiple of {unit}"),
             "up": _("up to a multiple of {unit}")}
    how = modes[step.mode].with_params(unit=money(step.unit, currency))
    return _("= {exact}, rounded {how}: {amount}", exact=precise(exact, currency), how=how, amount=money(step.amount, currency))


def pct(units: int | None, decimals: int) -> str:
    """A rate held as an integer of 10^-decimals percent, written exactly ('2.1%')."""
    if units is None:
        return ""
    from decimal import Decimal

    return f"{Decimal(units).scaleb(-decimals):f}%"


def rate_text(value: Any) -> str:
    """A rate read from a series as a reader writes it: at least one decimal (2.0, 2.1), every decimal
    the series holds (2.242)."""
    if value is None or (isinstance(value, float) and value != value):
        return "?"
    v = float(value)
    return f"{v:.1f}" if round(v, 1) == v else f"{v:g}"
