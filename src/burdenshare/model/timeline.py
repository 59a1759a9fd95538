"""A timeline: consecutive years, each with the agreement and rule in force, compiled for the engine.

Agreements chain: one that ``follows`` another takes the predecessor's last year as its base. A
timeline for an agreement is its lineage (the agreements it follows, back to one whose first year is
fixed, or to an explicit base) followed by its own years. Scenario patches replace rules of a
timeline year by year and return a new timeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np

from ..errors import InputError, UnknownNameError
from .agreement import Agreement, Rounding
from .engine import CONVERT, FIXED, MODES, NO_CAP, NO_FLOOR, RATE, UNKNOWN, Plan
from fractions import Fraction

from .rules import Change, Converted, CostPlus, Fixed, Indexed, Rule, ShareOf, Unknown
from .series import RULE_PRECEDENCE, Inputs, Value


@dataclass(frozen=True)
class Entry:
    year: int
    agreement: str
    rule: Rule
    rounding: Rounding
    provisions: tuple = ()


@dataclass(frozen=True)
class Timeline:
    entries: tuple[Entry, ...]
    base: int | None = None
    base_year: int | None = None

    @property
    def years(self) -> list[int]:
        return [e.year for e in self.entries]

    def slice(self, first: int) -> "Timeline":
        """The timeline from the last absolute year at or before `first` (earlier years cannot matter)."""
        start = 0
        for i, e in enumerate(self.entries):
            if e.year > first:
                break
            if not e.rule.relative:
                start = i
        if start == 0:
            return self
        return Timeline(self.entries[start:], None, None)


def common_start(a: Timeline, b: Timeline, first: int) -> tuple[Timeline, Timeline]:
    """Both timelines cut at the same year, early enough that nothing before it matters to either."""
    start = first
    for _ in range(len(a.entries) + len(b.entries) + 1):
        sa, sb = a.slice(start), b.slice(start)
        if sa.entries[0].year == sb.entries[0].year:
            return sa, sb
        start = min(sa.entries[0].year, sb.entries[0].year)
    raise InputError("the two timelines share no starting year")


def lineage(agreement: Agreement, book: Mapping[str, Agreement]) -> list[Agreement]:
    """The agreement and those it follows, oldest first; refuses cycles and gaps."""
    # walk the ids first, so that a cycle is named as such (its years can never line up)
    ids, cur = [agreement.id], agreement
    while cur.follows is not None and cur.base is None and cur.follows in book:
        if cur.follows in ids:
            raise InputError(
                f"agreements follow each other in a cycle ({' -> '.join(ids)} -> {cur.follows})",
                where=f"{cur.id}.follows",
            )
        ids.append(cur.follows)
        cur = book[cur.follows]
    chain = [agreement]
    seen = {agreement.id}
    current = agreement
    while current.follows is not None and current.base is None:
        prev = book.get(current.follows)
        if prev is None:
            raise UnknownNameError("agreement", current.follows, list(book))
        if prev.id in seen:
            raise InputError(
                f"agreements follow each other in a cycle ({' -> '.join(a.id for a in chain)} -> {prev.id})",
                where=f"{current.id}.follows",
            )
        if prev.term.end != current.term.start - 1:
            raise InputError(
                f"'{current.id}' starts in {current.term.start} but '{prev.id}' ends in {prev.term.end}; "
                "a followed agreement must end the year before",
                where=f"{current.id}.follows",
            )
        seen.add(prev.id)
        chain.append(prev)
        current = prev
    return chain[::-1]


def timeline_of(chain: list[Agreement]) -> Timeline:
    entries = tuple(
        Entry(y, a.id, a.rule_for(y), a.rounding, a.provisions) for a in chain for y in a.year_range
    )
    first = chain[0]
    if first.base is not None:
        return Timeline(entries, first.base.amount, first.base.year)
    return Timeline(entries)


def compile_plan(tl: Timeline, series_for: Callable[[str], str], scale_of: Callable[[str], float] | None = None) -> Plan:
    """Turn a timeline into the engine's arrays; roles in rules become series names.

    `scale_of` gives a series' unit in currency units (for share-of rules, e.g. GDP in trillions)."""
    T = len(tl.entries)
    kind = np.zeros(T, np.int8)
    fixed = np.zeros(T, np.int64)
    foreign = np.zeros(T, np.int64)
    decimals = np.zeros(T, np.int64)
    add = np.zeros(T, np.int64)
    cap = np.full(T, NO_CAP, np.int64)
    flo = np.full(T, NO_FLOOR, np.int64)
    unit = np.zeros(T, np.int64)
    mode = np.zeros(T, np.int8)
    src: list[tuple | None] = []
    years = np.array(tl.years, dtype=np.int64)
    if T and not np.array_equal(years, np.arange(years[0], years[0] + T)):
        raise InputError("timeline years must be consecutive")
    for t, e in enumerate(tl.entries):
        r = e.rule
        unit[t] = e.rounding.unit
        mode[t] = MODES[e.rounding.mode]
        if isinstance(r, Unknown):
            kind[t] = UNKNOWN
            src.append(None)
        elif isinstance(r, Fixed):
            if r.amount is None:
                kind[t] = UNKNOWN
            else:
                kind[t] = FIXED
                fixed[t] = r.amount
            src.append(None)
        elif isinstance(r, (Change, Indexed)):
            kind[t] = RATE
            d = r.rate_decimals
            decimals[t] = d
            if isinstance(r, Change):
                src.append(("const", r.pct))
            else:
                src.append(("series", series_for(r.series), e.year - r.lag))
                add[t] = round(r.add_pct * 10**d)
                if r.cap_pct is not None:
                    cap[t] = round(r.cap_pct * 10**d)
                if r.floor_pct is not None:
                    flo[t] = round(r.floor_pct * 10**d)
        elif isinstance(r, Converted):
            kind[t] = CONVERT
            foreign[t] = r.amount
            src.append(("series", series_for(r.fx), e.year))
        elif isinstance(r, ShareOf):
            if scale_of is None:
                raise InputError("a share-of rule needs the series' scale", where=f"{e.agreement} {e.year}")
            name = series_for(r.series)
            f = Fraction(str(r.pct)) * Fraction(scale_of(name)) / 100
            if f.denominator != 1:
                raise InputError(f"{r.pct}% of {name} is not a whole number of currency units per unit of the series",
                                 where=f"{e.agreement} {e.year}")
            kind[t] = CONVERT  # amount = (pct x scale) x the series value, exact as a converted amount
            foreign[t] = int(f)
            src.append(("series", name, e.year))
        elif isinstance(r, CostPlus):
            raise InputError("a cost_plus rule is resolved by its scenario before it is computed", where=f"{e.agreement} {e.year}")
        else:  # pragma: no cover - the Rule union is closed
            raise TypeError(r)
    return Plan(
        years=years, agreements=tuple(e.agreement for e in tl.entries), kind=kind, fixed=fixed,
        foreign=foreign, decimals=decimals, add=add, cap=cap, floor=flo, unit=unit, mode=mode,
        drivers_from=tuple(src), base=tl.base, base_year=tl.base_year,
        rule_kinds=tuple(e.rule.rule for e in tl.entries),
    )


def deterministic_drivers(plan: Plan, inputs: Inputs) -> tuple[np.ndarray, list[Value | None]]:
    """One path of driver values from the inputs, with the Value (and its provenance) behind each."""
    drivers = np.full((1, plan.T), np.nan)
    used: list[Value | None] = []
    for t, src in enumerate(plan.drivers_from):
        if src is None:
            used.append(None)
        elif src[0] == "const":
            drivers[0, t] = src[1]
            used.append(None)
        else:
            _, name, year = src
            v = inputs.need(name, year, RULE_PRECEDENCE,
                            hint=f"the {plan.agreements[t]} rule for {int(plan.years[t])} needs it; "
                                 f"give it with --set {name}:{year}=VALUE")
            drivers[0, t] = v.value
            used.append(v)
    return drivers, used
