"""``change``: the previous year's amount changed by a stated percentage."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from pydantic import Field

from ...i18n import Msg, _
from ..engine import RATE
from .base import MAX_RATE_DECIMALS, Context, Rule, Slot, Step


class Change(Rule):
    """The previous year's amount changed by a stated percentage."""

    rule: Literal["change"]
    pct: float = Field(gt=-100, lt=1000)
    rate_decimals: int = Field(1, ge=0, le=MAX_RATE_DECIMALS)

    formula: ClassVar[bool] = True

    @property
    def relative(self) -> bool:
        return True

    def formula_words(self) -> str:
        return str(_("{pct:+g}% a year", pct=self.pct))

    def compile(self, slot: Slot, ctx: Context) -> None:
        slot.kind = RATE
        slot.decimals = self.rate_decimals
        slot.driver = ("const", self.pct)

    basis_reads: ClassVar[tuple[str, ...] | None] = ("rate_applied_pct",)

    def basis(self, row: Mapping[str, Any]) -> Msg | str:
        return _("previous year {rate:+.1f}%", rate=row.get("rate_applied_pct") or 0.0)

    def explain(self, step: Step, currency: str) -> list[Msg]:
        from fractions import Fraction

        from .base import money, pct, rounding

        den = 100 * 10**step.decimals
        assert step.previous is not None  # a change builds on the previous year's amount
        exact = Fraction(step.previous) * (den + step.applied_units) / den
        return [
            _("previous year's amount: {amount}", amount=money(step.previous, currency)),
            _("change the agreement states: {rate}", rate=pct(step.applied_units, step.decimals)),
            _("{previous} × (1 + {rate})", previous=money(step.previous, currency), rate=pct(step.applied_units, step.decimals)),
            rounding(step, exact, currency),
        ]
