"""An agreement: parties, currency, term, and one rule for each year of the term.

Agreements are YAML files (one per agreement, see ``data/agreements``). An agreement may name the
agreement it ``follows``: its first year can then build on the predecessor's last year (the 11th SMA
froze 2020 at the 10th SMA's 2019 level). A user's own file is validated exactly like a bundled one.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..i18n import Text, _
from .datafile import load_model
from .rules import Change, Converted, Fixed, Indexed, Rule

ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]{0,63}$"


class Term(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    start: int = Field(ge=1900, le=2200)
    end: int = Field(ge=1900, le=2200)

    @model_validator(mode="after")
    def _order(self) -> Term:
        if self.end < self.start:
            raise ValueError(_("end {end} is before start {start}", end=self.end, start=self.start))
        return self


class Rounding(BaseModel):
    """How each year's amount is rounded: to a multiple of `unit`, half up unless stated."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    unit: int = Field(100_000_000, gt=0, le=10**12)
    mode: Literal["half_up", "down", "up"] = "half_up"


class Base(BaseModel):
    """An explicit previous-year amount for an agreement whose first year builds on it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    year: int = Field(ge=1900, le=2200)
    amount: int = Field(gt=0)
    source: str | None = None


class Provision(BaseModel):
    """A provision on how the total is spent: a share of the total for a category (at least or at
    most), an amount for a category in given years (at least, at most, or fixed), or a note."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: Literal["category_min_share", "category_max_share", "category_min_amount", "category_max_amount",
                  "category_amount", "note"]
    category: str | None = None
    share: str | None = Field(None, description="a decimal fraction of the total, e.g. '0.87'")
    amount: int | None = Field(None, ge=0, description="integer units of the host currency")
    years: tuple[int, int] | None = None
    text: Text | None = None
    source: str | None = None

    @field_validator("years", mode="before")
    @classmethod
    def _years(cls, v: object) -> object:
        from .rules import parse_years

        return None if v is None else parse_years(v)

    def applies(self, year: int) -> bool:
        return self.years is None or self.years[0] <= year <= self.years[1]

    def allows(self, year: int, amount: int) -> bool | None:
        """Whether a category amount in `year` satisfies this provision (None: not applicable)."""
        if self.kind not in ("category_min_amount", "category_max_amount", "category_amount") or not self.applies(year):
            return None
        if self.amount is None:  # not for these kinds: _needs refuses it
            return None
        if self.kind == "category_min_amount":
            return amount >= self.amount
        if self.kind == "category_max_amount":
            return amount <= self.amount
        return amount == self.amount

    @field_validator("share")
    @classmethod
    def _share(cls, v: str | None) -> str | None:
        if v is None:
            return v
        try:
            f = Fraction(str(v))
        except (ValueError, ZeroDivisionError):
            raise ValueError(_("must be a decimal fraction such as '0.87'")) from None
        if not 0 <= f <= 1:
            raise ValueError(_("must lie between 0 and 1"))
        return str(v)

    @model_validator(mode="after")
    def _needs(self) -> Provision:
        if self.kind in ("category_min_share", "category_max_share") and (self.category is None or self.share is None):
            raise ValueError(_("a {kind} provision needs 'category' and 'share'", kind=self.kind))
        if self.kind.endswith("amount") and (self.category is None or self.amount is None):
            raise ValueError(_("a {kind} provision needs 'category' and 'amount'", kind=self.kind))
        return self


class Agreement(BaseModel):
    """One cost-sharing agreement, as data."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ID_PATTERN)
    aliases: tuple[str, ...] = ()
    title: Text
    short: Text | None = Field(None, description="a short name where a label has little room (12th, 제12차), in each language")
    host: str = Field(pattern=ID_PATTERN)
    parties: tuple[str, ...] = Field(min_length=2)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    signed: dt.date | None = None
    in_force: dt.date | None = None
    term: Term
    follows: str | None = Field(None, pattern=ID_PATTERN)
    base: Base | None = None
    rounding: Rounding = Rounding()
    years: tuple[Rule, ...] = Field(min_length=1)
    categories: tuple[str, ...] = ()
    provisions: tuple[Provision, ...] = ()
    sources: tuple[str, ...] = ()
    note: Text | None = None

    @model_validator(mode="after")
    def _coverage(self) -> Agreement:
        seen: dict[int, int] = {}
        for i, rule in enumerate(self.years):
            for y in rule.year_list:
                if not self.term.start <= y <= self.term.end:
                    raise ValueError(_("years[{i}] covers {year}, outside the term {start}-{end}", i=i, year=y,
                                       start=self.term.start, end=self.term.end))
                if y in seen:
                    raise ValueError(_("years[{i}] and years[{j}] both give a rule for {year}", i=i, j=seen[y], year=y))
                seen[y] = i
        missing = [y for y in range(self.term.start, self.term.end + 1) if y not in seen]
        if missing:
            raise ValueError(_("no rule for year(s) {years} of the term", years=", ".join(map(str, missing))))
        if self.follows == self.id:
            raise ValueError(_("agreement '{id}' cannot follow itself", id=self.id))
        for i, rule in enumerate(self.years):
            if isinstance(rule, Indexed) and rule.series in {self.id, *self.aliases, "amount", "payment"}:
                raise ValueError(_("years[{i}]: the rule refers to itself (series '{series}' is this agreement's own "
                                   "payment); index it to an outside series such as 'cpi'", i=i, series=rule.series))
        if self.first_is_relative and self.follows is None and self.base is None:
            raise ValueError(_("the first year {year} builds on the previous year's amount, so the agreement needs "
                               "'follows: <agreement id>' or 'base: {{year, amount}}'", year=self.term.start))
        if self.base is not None and self.base.year != self.term.start - 1:
            raise ValueError(_("base.year must be {year}, the year before the term", year=self.term.start - 1))
        for p in self.provisions:
            if p.category is not None and self.categories and p.category not in self.categories:
                raise ValueError(_("provision category '{category}' is not one of {known}", category=p.category, known=", ".join(self.categories)))
        return self

    def rule_for(self, year: int) -> Rule:
        for rule in self.years:
            if rule.years[0] <= year <= rule.years[1]:
                return rule
        raise KeyError(year)

    @property
    def year_range(self) -> range:
        return range(self.term.start, self.term.end + 1)

    @property
    def first_is_relative(self) -> bool:
        return self.rule_for(self.term.start).relative

    @property
    def names(self) -> tuple[str, ...]:
        return (self.id, *self.aliases)


def load_agreement(path: str | Path) -> Agreement:
    """Read and validate one agreement file."""
    return load_model(path, Agreement)


__all__ = ["Agreement", "Base", "Change", "Converted", "Fixed", "Indexed", "Provision", "Rounding", "Term", "load_agreement"]
