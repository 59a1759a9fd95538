"""The package space of a case, valued by the schedule engine for both parties.

Every combination of options is a package. What a package makes the payer pay depends only on its
first-year total, escalation rule, cap and term; those combinations are run through the engine
(each structural combination is one plan, the first-year totals are its paths), and each party
values the payment stream by its annual equivalent:

    m = sum_t pay_t (1 + r)^-t  /  sum_t (1 + r)^-t

in its own currency (dollars at each year's rate for a dollar party) and at its own discount rate
r, t counted from the first year. The money value function is linear between the smallest and the
largest m in the space: decreasing for the payer, increasing for the payee. Each other issue has a
value table (or 'increasing'/'decreasing' over its options), and

    U_party(package) = sum_i w_i v_i(option_i)       (linear additive; weights sum to 1)

Index values for future years come from the same inputs as every projection (data, plans,
labelled default assumptions).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, cast

import numpy as np

from ...errors import InputError
from ...i18n import _
from ...model.agreement import Rounding
from ...model.catalog import Catalog
from ...model.engine import compute
from ...model.rules import Change, Indexed, RuleBase
from ...model.series import METRIC_PRECEDENCE, Inputs
from ...model.timeline import Entry, Timeline, compile_plan, deterministic_drivers
from .case import Case, Issue, Option, Party, parse_escalation

STRUCTURAL = ("first_year", "escalation", "cap", "term")


def _rules(case: Case, esc: str, cap: Option, term: int) -> list[RuleBase]:
    kind, pct = parse_escalation(esc)
    y0 = case.start_year
    rules: list[RuleBase] = [Change(rule="change", years=y0, pct=0.0)]  # the first year: the path's base amount
    for y in range(y0 + 1, y0 + term):
        cap_pct = None if str(cap) == "none" else float(cap)
        r: Change | Indexed
        if kind == "frozen":
            r = Change(rule="change", years=y, pct=0.0)
        elif kind == "fixed":
            r = Change(rule="change", years=y, pct=pct if cap_pct is None else min(pct, cap_pct), rate_decimals=3)
        elif kind == "cpi":
            r = Indexed(rule="indexed", years=y, series="cpi", lag=2, cap_pct=cap_pct)
        else:
            r = Indexed(rule="indexed", years=y, series="defence_growth", lag=1, cap_pct=cap_pct)
        rules.append(r)
    return rules


def payment_stream(cat: Catalog, case: Case, inputs: Inputs, first_year: np.ndarray, esc: str, cap: Option, term: int) -> np.ndarray:
    """Payments (len(first_year), term) in currency units for one structural combination."""
    rounding = Rounding(unit=case.unit)
    entries = tuple(Entry(case.start_year + i, case.id, r, rounding) for i, r in enumerate(_rules(case, esc, cap, term)))
    plan = compile_plan(Timeline(entries, None, case.start_year - 1), cat.context)
    drivers, _used = deterministic_drivers(plan, inputs)
    drivers = np.repeat(drivers, len(first_year), axis=0)
    drivers[:, 0] = 0.0
    return compute(plan, drivers, detail=False, base=np.asarray(first_year, dtype=np.int64)).amount


@dataclass
class Space:
    """All packages of a case with both parties' money values and utilities (flat arrays, C order
    over the issues in the case's order)."""

    case: Case
    cat: Catalog
    inputs: Inputs

    @cached_property
    def issues(self) -> tuple[Issue, ...]:
        return self.case.issues

    @cached_property
    def shape(self) -> tuple[int, ...]:
        return tuple(i.size for i in self.issues)

    @property
    def size(self) -> int:
        return math.prod(self.shape)

    def _structural(self) -> dict[str, Issue | None]:
        return {k: self.case.issue(k) for k in STRUCTURAL}

    def _struct_value(self, kind: str, idx: int) -> Option:
        issue = self._structural()[kind]
        if issue is None:
            d = self.case.defaults.get(kind)
            if d is None:
                fallback: dict[str, Option] = {"escalation": "frozen", "cap": "none", "term": 1}
                return fallback[kind]
            return d
        return issue.values()[idx]

    @cached_property
    def fx(self) -> np.ndarray:
        name = self.cat.host.series_for("fx")
        last = max(self._term_values())
        out: list[float | None] = []
        for y in range(self.case.start_year, self.case.start_year + last):
            v = self.inputs.get(name, y, METRIC_PRECEDENCE)
            if v is None:
                raise InputError(_("no exchange rate for {year}: give one as an override", year=y), where=f"overrides.fx.{y}")
            out.append(v.value)
        return np.array(out)

    def _term_values(self) -> list[int]:
        t = self._structural()["term"]
        return [int(v) for v in t.values()] if t else [int(self.case.defaults.get("term", 1))]

    def money(self, party: Party, pay: np.ndarray) -> np.ndarray:
        """Annual-equivalent present value of payment streams (..., term) for a party."""
        term = pay.shape[-1]
        disc = (1 + party.discount_rate / 100) ** -np.arange(term)
        stream = pay / self.fx[:term] if party.currency != self.cat.host.currency else pay.astype(float)
        value: np.ndarray = (stream * disc).sum(axis=-1) / disc.sum()
        return value

    @cached_property
    def pay_grid(self) -> dict[tuple[int, int, int], np.ndarray]:
        """The payment streams (first_year, term) of every structural combination (escalation, cap,
        term option indices): what the engine computes, shared by every set of preferences."""
        s = self._structural()
        fy = np.array(self.case.first_year_issue.values(), dtype=np.int64)
        sizes = [i.size if (i := s[k]) else 1 for k in ("escalation", "cap", "term")]
        out = {}
        for e in range(sizes[0]):
            for c in range(sizes[1]):
                for t in range(sizes[2]):
                    out[(e, c, t)] = payment_stream(self.cat, self.case, self.inputs, fy, str(self._struct_value("escalation", e)),
                                                    self._struct_value("cap", c), int(self._struct_value("term", t)))
        return out

    @cached_property
    def money_grid(self) -> dict[str, np.ndarray]:
        """Per party, the money value over (first_year, escalation, cap, term) options."""
        s = self._structural()
        n = self.case.first_year_issue.size
        sizes = [i.size if (i := s[k]) else 1 for k in ("escalation", "cap", "term")]
        grids = {p.id: np.empty((n, *sizes)) for p in self.case.parties}
        for (e, c, t), pay in self.pay_grid.items():
            for p in self.case.parties:
                grids[p.id][:, e, c, t] = self.money(p, pay)
        return grids

    def with_parties(self, parties: Iterable[Party]) -> Space:
        """The same package space with other preferences (the engine's payments are reused)."""
        sp = Space(self.case.model_copy(update={"parties": tuple(parties)}), self.cat, self.inputs)
        sp.__dict__["pay_grid"] = self.pay_grid
        if "fx" in self.__dict__:
            sp.__dict__["fx"] = self.fx
        return sp

    def _broadcast(self, grid: np.ndarray) -> np.ndarray:
        """A (first_year, escalation, cap, term) grid placed on the case's issue axes."""
        structural = self._structural()
        present = [k for k in STRUCTURAL if structural[k] is not None]
        g = grid.reshape([i.size for k in present if (i := structural[k]) is not None])  # drops the absent (size-1) axes
        order = [i.kind for i in self.issues if i.kind in STRUCTURAL]
        g = np.transpose(g, [present.index(k) for k in order])
        return g.reshape([i.size if i.kind in STRUCTURAL else 1 for i in self.issues])

    def option_value(self, party: Party, issue: Issue) -> np.ndarray:
        vf = party.values.get(issue.id)
        n = issue.size
        if vf is None:
            return np.zeros(n)
        if vf == "increasing":
            return np.linspace(0, 1, n) if n > 1 else np.ones(1)
        if vf == "decreasing":
            return np.linspace(1, 0, n) if n > 1 else np.ones(1)
        return np.array([vf[str(o)] for o in issue.values()], dtype=float)

    @cached_property
    def money_range(self) -> dict[str, tuple[float, float]]:
        return {pid: (float(g.min()), float(g.max())) for pid, g in self.money_grid.items()}

    def money_utility(self, party: Party, m: float | np.ndarray) -> np.ndarray:
        lo, hi = self.money_range[party.id]
        if hi == lo:
            return np.ones_like(np.asarray(m, dtype=float))
        v = (np.asarray(m, dtype=float) - lo) / (hi - lo)
        return 1 - v if party.role == "payer" else v

    @cached_property
    def utilities(self) -> dict[str, np.ndarray]:
        """U per party, flat over all packages."""
        out = {}
        for p in self.case.parties:
            u = np.zeros(self.shape)
            wm = p.weights.get("money", 0.0)
            if wm:
                u = u + wm * self._broadcast(self.money_utility(p, self.money_grid[p.id]))
            for ax, issue in enumerate(self.issues):
                w = p.weights.get(issue.id, 0.0)
                if w and issue.kind != "first_year":
                    shape = [1] * len(self.issues)
                    shape[ax] = issue.size
                    u = u + w * self.option_value(p, issue).reshape(shape)
            out[p.id] = np.ascontiguousarray(u, dtype=np.float64).ravel()
        return out

    def decode(self, flat: int) -> dict[str, Option]:
        idx = np.unravel_index(int(flat), self.shape)
        return {i.id: i.values()[k] for i, k in zip(self.issues, idx, strict=True)}

    def encode(self, package: dict[str, Option]) -> int:
        idx = []
        for i in self.issues:
            if i.id not in package:
                raise InputError(_("the package gives no value for issue '{id}'", id=i.id), where="package")
            idx.append(i.index_of(package[i.id]))
        return int(np.ravel_multi_index(idx, self.shape))

    def complete(self, package: dict[str, Option]) -> dict[str, Option]:
        """A partial package completed with the case's defaults; unknown issues are refused."""
        ids = {i.id for i in self.issues}
        for k in package:
            if k not in ids:
                raise InputError(_("unknown issue '{k}' (issues: {join})", k=k, join=', '.join(sorted(ids))), where="package")
        out = dict(self.case.defaults)
        out.update(package)
        missing = [i for i in ids if i not in out]
        if missing:
            raise InputError(_("the package gives no value for {sorted} and the case has no default", sorted=sorted(missing)), where="package")
        return out

    def agreement_payments(self, agreement: str) -> np.ndarray:
        """The engine's payments of a bundled agreement over its term (for a deal that the
        package grid only approximates, e.g. the 11th SMA's 2021 step)."""
        from ..schedule import run, timeline_for

        a = self.cat.agreement(agreement)
        df = run(self.cat, timeline_for(self.cat, a), self.inputs)
        df = df[df["year"].between(a.term.start, a.term.end)]
        if a.term.start != self.case.start_year:
            raise InputError(_("agreement '{id}' starts in {start}, the case in {start_year}", id=a.id, start=a.term.start, start_year=self.case.start_year), where="agreement")
        return df["amount"].to_numpy(dtype=np.int64)

    def value(self, package: dict[str, Option], payments: np.ndarray | None = None) -> dict[str, Any]:
        """Payments, totals, present values and both utilities of one package (on or off the grid).

        `payments` (from :meth:`agreement_payments`) replaces the stream the package's rules give."""
        pkg = self.complete(package)
        fy_issue = self.case.issue("first_year")
        v = pkg.get(fy_issue.id) if fy_issue is not None else None
        if fy_issue is not None and isinstance(v, (int, float)) and not isinstance(v, bool) and not fy_issue.span[0] <= v <= fy_issue.span[1]:
            from ...i18n.money import Money

            cur = self.cat.host.currency
            raise InputError(_("{value} is outside the range of the first-year total ({min} to {max})", value=Money(v, cur),
                               min=Money(fy_issue.min, cur), max=Money(fy_issue.max, cur)), where=fy_issue.id)
        for i in self.issues:
            i.index_of(pkg[i.id])  # range and option checks
        fy = int(pkg[self.case.first_year_issue.id])
        if fy % self.case.unit:
            raise InputError(_("first-year total {fy:,} is not a multiple of {unit:,}", fy=fy, unit=self.case.unit), where="first_year")
        s = self._structural()
        esc_issue, cap_issue, term_issue = s["escalation"], s["cap"], s["term"]
        esc = str(pkg[esc_issue.id]) if esc_issue else str(self._struct_value("escalation", 0))
        cap = pkg[cap_issue.id] if cap_issue else self._struct_value("cap", 0)
        term = int(pkg[term_issue.id]) if term_issue else int(self._struct_value("term", 0))
        if payments is None:
            pay = payment_stream(self.cat, self.case, self.inputs, np.array([fy]), esc, cap, term)[0]
        else:
            pay = np.asarray(payments, dtype=np.int64)
            term = len(pay)
            if term > len(self.fx):
                raise InputError(_("the agreement runs {term} years, longer than any term in the case", term=term), where="agreement")
        out: dict[str, Any] = {
            "package": pkg,
            "years": list(range(self.case.start_year, self.case.start_year + term)),
            "payments": [int(v) for v in pay],
            "total": int(pay.sum()),
            "total_dollars": float((pay / self.fx[:term]).sum()),
        }
        for p in self.case.parties:
            m = float(self.money(p, pay[None, :])[0])
            u = p.weights.get("money", 0.0) * float(self.money_utility(p, m))
            for issue in self.issues:
                w = p.weights.get(issue.id, 0.0)
                if w and issue.kind != "first_year":
                    u += w * float(self.option_value(p, issue)[issue.index_of(pkg[issue.id])])
            out[p.column("annual_pv")] = m
            out[p.column("utility")] = u
        return out

    def reservation(self, party: Party) -> float:
        r = party.reservation
        if r.utility is not None:
            u = r.utility
        else:
            u = self.value(cast(dict[str, Option], r.package))[party.column("utility")]  # a reservation without a utility gives a package
        if float(self.utilities[party.id].max()) < u - 1e-12:
            raise InputError(_("party '{id}': no package reaches its reservation utility {u:.3f}", id=party.id, u=u), where="reservation")
        return u
