"""A timeline: consecutive years, each with the agreement and rule in force, compiled for the engine.

Agreements chain: one that ``follows`` another takes the predecessor's last year as its base. A
timeline for an agreement is its lineage (the agreements it follows, back to one whose first year is
fixed, or to an explicit base) followed by its own years. Scenario patches replace rules of a
timeline year by year and return a new timeline.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import cast

import numpy as np

from ..errors import InputError, UnknownNameError
from ..i18n import _
from .agreement import Agreement, Provision, Rounding
from .engine import MODES, Plan
from .rules import Context, Rule, Slot
from .series import RULE_PRECEDENCE, Inputs, SeriesBook, Value


@dataclass(frozen=True)
class Entry:
    year: int
    agreement: str
    rule: Rule
    rounding: Rounding
    provisions: tuple[Provision, ...] = ()


@dataclass(frozen=True)
class Timeline:
    entries: tuple[Entry, ...]
    base: int | None = None
    base_year: int | None = None

    @property
    def years(self) -> list[int]:
        return [e.year for e in self.entries]

    def slice(self, first: int) -> Timeline:
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
    for _step in range(len(a.entries) + len(b.entries) + 1):
        sa, sb = a.slice(start), b.slice(start)
        if sa.entries[0].year == sb.entries[0].year:
            return sa, sb
        start = min(sa.entries[0].year, sb.entries[0].year)
    raise InputError(_("the two timelines share no starting year"))


def lineage(agreement: Agreement, book: Mapping[str, Agreement]) -> list[Agreement]:
    """The agreement and those it follows, oldest first; refuses cycles and gaps."""
    # walk the ids first, so that a cycle is named as such (its years can never line up)
    ids, cur = [agreement.id], agreement
    while cur.follows is not None and cur.base is None and cur.follows in book:
        if cur.follows in ids:
            raise InputError(_("agreements follow each other in a cycle ({chain})", chain=" -> ".join([*ids, cur.follows])),
                             where=f"{cur.id}.follows")
        ids.append(cur.follows)
        cur = book[cur.follows]
    chain = [agreement]
    seen = {agreement.id}
    current = agreement
    while current.follows is not None and current.base is None:
        prev = book.get(current.follows)
        if prev is None:
            raise UnknownNameError(_("agreement"), current.follows, list(book), where=f"{current.id}.follows")
        if prev.id in seen:
            raise InputError(_("agreements follow each other in a cycle ({chain})",
                               chain=" -> ".join([*(a.id for a in chain), prev.id])), where=f"{current.id}.follows")
        if prev.term.end != current.term.start - 1:
            raise InputError(_("'{id}' starts in {start} but '{prev}' ends in {end}; a followed agreement must end "
                               "the year before", id=current.id, start=current.term.start, prev=prev.id, end=prev.term.end),
                             where=f"{current.id}.follows")
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


def compile_plan(tl: Timeline, ctx: Context | Callable[[str], str]) -> Plan:
    """Turn a timeline into the engine's arrays: each year's rule compiles itself into a slot.

    `ctx` gives what rules may need from the host's data (roles to series names, series scales,
    the cost of the US presence); a bare function is taken as the roles mapping alone."""
    if not isinstance(ctx, Context):
        ctx = Context(series_for=ctx)
    T = len(tl.entries)
    years = np.array(tl.years, dtype=np.int64)
    if T and not np.array_equal(years, np.arange(years[0], years[0] + T)):
        raise InputError(_("timeline years must be consecutive"))
    slots = []
    for e in tl.entries:
        slot = Slot(year=e.year, agreement=e.agreement)
        e.rule.compile(slot, ctx)
        slots.append(slot)

    def col(name: str, dtype: type[np.generic]) -> np.ndarray:
        return np.array([getattr(s, name) for s in slots], dtype=dtype).reshape(T)

    return Plan(
        years=years, agreements=tuple(e.agreement for e in tl.entries), kind=col("kind", np.int8),
        fixed=col("fixed", np.int64), foreign=col("foreign", np.int64), decimals=col("decimals", np.int64),
        add=col("add", np.int64), cap=col("cap", np.int64), floor=col("floor", np.int64),
        unit=np.array([e.rounding.unit for e in tl.entries], dtype=np.int64).reshape(T),
        mode=np.array([MODES[e.rounding.mode] for e in tl.entries], dtype=np.int8).reshape(T),
        drivers_from=tuple(s.driver for s in slots), base=tl.base, base_year=tl.base_year,
        rule_kinds=tuple(e.rule.rule for e in tl.entries),
    )


def deterministic_drivers(plan: Plan, inputs: Inputs) -> tuple[np.ndarray, list[Value | None]]:
    """One path of driver values from the inputs, with the Value (and its provenance) behind each."""
    base = _without_overrides(plan, inputs)
    values: list[float] = []
    used: list[Value | None] = []
    for t, src in enumerate(plan.drivers_from):
        if src is None:
            values.append(math.nan)
            used.append(None)
        elif src[0] == "const":
            values.append(src[1])
            used.append(None)
        else:
            _kind, name, year = src
            v = inputs.overrides.get((name, year)) if inputs.overrides else None
            if v is None:
                v = base[t]
            if v is None:  # (the message, with what needs the value, made only when it is missing)
                v = inputs.need(name, year, RULE_PRECEDENCE,
                                needed_by=_("the {agreement} rule for {year} needs it", agreement=plan.agreements[t],
                                            year=int(plan.years[t])))
            values.append(float(cast("float", v.value)))  # (None fails here, as it did written into the array)
            used.append(v)
    drivers = np.array(values, dtype=np.float64).reshape(1, plan.T)
    return drivers, used


# Each plan's driver values from the data and assumptions alone (what `Inputs.get` answers where no
# override is given), kept by the plan, book and assumptions (none changes once made): a request with
# a new assumption reads the other years' values as the last one did.
_DRIVERS: dict[tuple[int, int, int], tuple[Plan, SeriesBook, Mapping[tuple[str, int], Value], list[Value | None]]] = {}


def _without_overrides(plan: Plan, inputs: Inputs) -> list[Value | None]:
    key = (id(plan), id(inputs.book), id(inputs.assumptions))
    kept = _DRIVERS.get(key)
    if kept is not None and kept[0] is plan and kept[1] is inputs.book and kept[2] is inputs.assumptions:
        return kept[3]
    plain = Inputs(inputs.book, inputs.assumptions)
    values = [plain.get(src[1], src[2], RULE_PRECEDENCE) if src is not None and src[0] == "series" else None
              for src in plan.drivers_from]
    if len(_DRIVERS) >= 256:
        _DRIVERS.clear()
    _DRIVERS[key] = (plan, inputs.book, inputs.assumptions, values)
    return values
