"""``indexed``: the previous year's amount changed by a series' value ``lag`` years earlier.

The rate is rounded to ``rate_decimals`` decimals (half away from zero), ``add_pct`` is added,
and the result is held within ``floor_pct`` and ``cap_pct``; all in whole units of 10^-d percent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from ...i18n import Msg, _
from ...i18n.vocabulary import word
from ..engine import RATE
from .base import MAX_RATE_DECIMALS, Context, Rule, Slot, Step, rate_text


class Indexed(Rule):
    """The previous year's amount changed by a series' value `lag` years earlier."""

    rule: Literal["indexed"]
    series: str = Field(min_length=1, description="a series name, or a role of the host such as 'cpi'")
    lag: int = Field(ge=0, le=10)
    rate_decimals: int = Field(1, ge=0, le=MAX_RATE_DECIMALS)
    add_pct: float = Field(0.0, gt=-100, lt=1000)
    cap_pct: float | None = Field(None, gt=-100, lt=1000)
    floor_pct: float | None = Field(None, gt=-100, lt=1000)

    formula: ClassVar[bool] = True

    def formula_words(self) -> str:
        names = {"cpi": _("consumer-price inflation"), "defence_growth": _("defence-budget growth")}
        series = names.get(str(self.series), str(self.series).replace("_", " "))
        text = str(_("{series} of {lag} year(s) before", series=series, lag=self.lag))
        if self.add_pct:
            text += str(_(" plus {pct:g} points", pct=self.add_pct))
        if self.cap_pct is not None:
            text += str(_(", at most {pct:g}%", pct=self.cap_pct))
        return text

    @model_validator(mode="after")
    def _bounds(self) -> Indexed:
        if self.cap_pct is not None and self.floor_pct is not None and self.floor_pct > self.cap_pct:
            raise ValueError(_("floor_pct {floor} is above cap_pct {cap}", floor=self.floor_pct, cap=self.cap_pct))
        for name in ("cap_pct", "floor_pct", "add_pct"):
            v = getattr(self, name)
            if v is not None and round(v, self.rate_decimals) != v:
                raise ValueError(_("{name} {value} has more decimals than rate_decimals={decimals}", name=name, value=v, decimals=self.rate_decimals))
        return self

    @property
    def relative(self) -> bool:
        return True

    def compile(self, slot: Slot, ctx: Context) -> None:
        d = self.rate_decimals
        slot.kind = RATE
        slot.decimals = d
        slot.driver = ("series", ctx.series_for(self.series), slot.year - self.lag)
        slot.add = round(self.add_pct * 10**d)
        if self.cap_pct is not None:
            slot.cap = round(self.cap_pct * 10**d)
        if self.floor_pct is not None:
            slot.floor = round(self.floor_pct * 10**d)

    basis_reads: ClassVar[tuple[str, ...] | None] = ("index_series", "series_names", "index_year", "index_value", "index_status", "cap_binds", "floor_binds", "rate_applied_pct")

    def basis(self, row: Mapping[str, Any]) -> Msg | str:
        series = row.get("index_series")
        parts = [_("{series} in {year}: {value}% ({status})", series=(row.get("series_names") or {}).get(series, series),
                   year=row.get("index_year"), value=rate_text(row.get("index_value")), status=word("status", row.get("index_status")))]
        if row.get("cap_binds"):
            parts.append(_(", capped at {rate:.1f}%", rate=row.get("rate_applied_pct")))
        if row.get("floor_binds"):
            parts.append(_(", held at the floor of {rate:.1f}%", rate=row.get("rate_applied_pct")))
        return "".join(str(p) for p in parts)

    def explain(self, step: Step, currency: str) -> list[Msg]:
        from fractions import Fraction

        from .base import money, pct, rounding

        d = step.decimals
        den = 100 * 10**d
        out = [_("previous year's amount: {amount}", amount=money(step.previous, currency)),
               _("{series} {year} as read: {value:g}%", series=step.series or self.series, year=step.year - self.lag, value=step.driver)]
        read_units = step.rate_units - round(self.add_pct * 10**d)
        out.append(_("rounded to {d} decimal(s), half away from zero: {rate}", d=d, rate=pct(read_units, d)))
        if self.add_pct:
            out.append(_("plus {add} that the agreement adds: {rate}", add=pct(round(self.add_pct * 10**d), d),
                         rate=pct(step.rate_units, d)))
        if self.cap_pct is not None:
            cap = round(self.cap_pct * 10**d)
            if step.cap_binds:
                out.append(_("the cap of {cap} binds ({by} over it): the rate applied is {rate}", cap=pct(cap, d),
                             by=pct(step.rate_units - cap, d), rate=pct(step.applied_units, d)))
            else:
                out.append(_("the cap of {cap} does not bind ({by} below it)", cap=pct(cap, d), by=pct(cap - step.rate_units, d)))
        if self.floor_pct is not None:
            flo = round(self.floor_pct * 10**d)
            if step.floor_binds:
                out.append(_("the floor of {floor} binds ({by} under it): the rate applied is {rate}", floor=pct(flo, d),
                             by=pct(flo - step.rate_units, d), rate=pct(step.applied_units, d)))
            else:
                out.append(_("the floor of {floor} does not bind ({by} above it)", floor=pct(flo, d), by=pct(step.rate_units - flo, d)))
        assert step.previous is not None  # an indexed year builds on the previous year's amount
        exact = Fraction(step.previous) * (den + step.applied_units) / den
        out.append(_("{previous} × (1 + {rate})", previous=money(step.previous, currency), rate=pct(step.applied_units, d)))
        out.append(rounding(step, exact, currency))
        return out
