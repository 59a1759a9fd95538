"""Schedules: an agreement's (or a whole history's) payments, year by year, with their provenance.

The result is a pandas DataFrame with one row per year: the agreement and rule in force, the
amount in exact integer units of the host currency, and for rule-driven years the index value
that drove it (series, year, value, status, source), the rate applied and whether a cap or floor
bound. ``status`` says how the amount is known:

- ``published``: stated by the agreement;
- ``derived``: computed by the engine from the agreement's rule and index values that are observed
  or as applied;
- ``projected``: depends on a plan, forecast or assumption (and so does every year built on it);
- ``counterfactual``: depends on a value the user overrode;
- ``scenario``: the year's rule comes from a scenario patch;
- ``unknown``: no source gives the amount (never estimated).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TypeVar, cast

import numpy as np

from ..errors import InputError
from ..i18n import _, current, localized
from ..model.agreement import Agreement
from ..model.catalog import Catalog
from ..model.engine import Plan, compute
from ..model.frames import Columns, column_array
from ..model.kept import KeptWithCatalog
from ..model.rules import RuleBase
from ..model.series import PROJECTED, Inputs
from ..model.timeline import Entry, Timeline, compile_plan, deterministic_drivers, lineage, timeline_of

if TYPE_CHECKING:
    import pandas as pd

_T = TypeVar("_T")

STATUS_ORDER = ("unknown", "published", "derived", "scenario", "projected", "counterfactual")


def timeline_for(cat: Catalog, agreement: Agreement, extra: Mapping[str, Agreement] | None = None) -> Timeline:
    if not extra and cat.agreements.get(agreement.id) is agreement:
        # a bundled agreement's timeline is the same for every request (catalogs and agreements are
        # never changed once loaded): built once per catalog
        return _kept(cat, ("timeline", agreement.id), lambda: timeline_of(lineage(agreement, cat.agreements)))
    book = dict(cat.agreements)
    if extra:
        book.update(extra)
    return timeline_of(lineage(agreement, book))


def _sliced(cat: Catalog, agreement: Agreement, extra: Mapping[str, Agreement] | None, first: int) -> Timeline:
    """`timeline_for(...).slice(first)`, kept like the timeline for a bundled agreement."""
    if not extra and cat.agreements.get(agreement.id) is agreement:
        return _kept(cat, ("slice", agreement.id, first), lambda: timeline_for(cat, agreement).slice(first))
    return timeline_for(cat, agreement, extra).slice(first)


_MEMO = KeptWithCatalog(catalogs=32)


def _kept(cat: Catalog, key: tuple[object, ...], make: Callable[[], _T]) -> _T:
    """What is derived from a catalog alone (timelines of its agreements, their compiled plans), kept
    with it (model.kept); a timeline kept gets a slot for its plan, compiled when first asked for."""
    def made() -> _T:
        value = make()
        if isinstance(value, Timeline):
            _MEMO.put(cat, ("plan", id(value)), (value, None))
        return value

    return _MEMO.get(cat, key, made)


def plan_for(cat: Catalog, tl: Timeline) -> Plan:
    """`compile_plan(tl, cat.context)`, compiled once for a timeline kept with the catalog (the
    engine never writes into a plan); any other timeline is compiled each time."""
    kept = cast("tuple[Timeline, Plan | None] | None", _MEMO.peek(cat, ("plan", id(tl))))
    if kept is None or kept[0] is not tl:
        return compile_plan(tl, cat.context)
    plan = kept[1]
    if plan is None:
        plan = compile_plan(tl, cat.context)
        _MEMO.put(cat, ("plan", id(tl)), (tl, plan), replace=True)
    return plan


def run(cat: Catalog, tl: Timeline, inputs: Inputs, *, scenario_years: frozenset[int] = frozenset()) -> pd.DataFrame:
    """Compute a timeline deterministically (one path, exact integers) and describe every year."""
    return run_columns(cat, tl, inputs, scenario_years=scenario_years).frame()


EXACT = "Int64"  # exact integer money (and years) that may be unknown


def run_columns(cat: Catalog, tl: Timeline, inputs: Inputs, *, scenario_years: frozenset[int] = frozenset(),
                first: int | None = None) -> Columns:
    """`run`, as columns (see model.frames); with `first`, only the rows from that year on (the years
    before are computed, as later years build on them, but not described)."""
    plan = plan_for(cat, tl)
    drivers, used = deterministic_drivers(plan, inputs)
    res = compute(plan, drivers, detail=True)
    amount = res.amount[0].tolist()
    # kept with detail=True
    rate_pct = cast(np.ndarray, res.rate_pct)[0].tolist()
    cap_binds, floor_binds = cast(np.ndarray, res.cap_binds)[0].tolist(), cast(np.ndarray, res.floor_binds)[0].tolist()
    known_t = res.known.tolist()
    underlying = Inputs(inputs.book, inputs.assumptions)  # what each overridden value replaced
    statuses: list[str] = []
    prev_status = None
    for t, entry in enumerate(tl.entries):
        rule = entry.rule
        v = used[t]
        if not known_t[t]:
            status = "unknown"
        elif entry.year in scenario_years:
            status = "scenario"
        else:
            status = rule.own_status()
            if v is not None and v.status == "override":
                # overriding a known past value is a counterfactual; a future one, a projection
                was = underlying.get(v.series, v.year)
                status = "projected" if was is None or was.status in PROJECTED else "counterfactual"
            elif v is not None and v.status in PROJECTED:
                status = "projected"
            if rule.relative and prev_status in ("projected", "counterfactual", "scenario"):
                status = max(status, prev_status, key=STATUS_ORDER.index)
        prev_status = status
        statuses.append(status)
    fixed = _fixed_columns(cat, tl, first)
    rows = fixed.rows  # the timeline's indices of the rows shown
    attrs = {"currency": cat.host.currency, "dollar": cat.host.dollar, "host": cat.host.id, "rules": fixed.rules}
    dtypes = {"amount": EXACT, "published_host": EXACT, "index_year": EXACT}
    if not rows:
        return Columns({}, attrs, dtypes)
    # the columns as `Columns.from_rows` makes them from one dict a row (numbers and flags as arrays
    # where every value is one, see model.frames.column_array), built column by column: the columns no input
    # changes are made once for a kept timeline (copies given out, as a frame's columns are its own)
    vs = [used[t] for t in rows]
    data: dict[str, Any] = {
        "year": fixed.columns["year"].copy(),
        "agreement": list(fixed.columns["agreement"]),
        "rule": list(fixed.columns["rule"]),
        "amount": [amount[t] if known_t[t] else None for t in rows],
        "status": column_array([statuses[t] for t in rows]),
        "index_series": column_array([v.series if v is not None else None for v in vs]),
        "index_year": [v.year if v is not None else None for v in vs],
        "index_value": column_array([v.value if v is not None else np.nan for v in vs]),
        "index_status": column_array([v.status if v is not None else None for v in vs]),
        "index_source": column_array([v.source if v is not None else None for v in vs]),
        "overridden": column_array([bool(v is not None and v.status == "override") for v in vs]),
        "rate_applied_pct": column_array([rate_pct[t] if not math.isnan(rate_pct[t]) else np.nan for t in rows]),
        "cap_binds": column_array([cap_binds[t] for t in rows]),
        "floor_binds": column_array([floor_binds[t] for t in rows]),
    }
    for name in ("source", "published_host", "published_source", "amount_dollars_stated", "caveat"):
        col = fixed.columns[name]
        data[name] = col.copy() if isinstance(col, np.ndarray) else list(col)
    cols = Columns(data, attrs, dtypes)
    _add_provisions_kept(cols, fixed.provisions)
    return cols


@dataclass(frozen=True)
class _FixedColumns:
    """What `run_columns` shows that no input changes, for a timeline and the rows from `first` on."""

    rows: list[int]
    columns: dict[str, Any]
    provisions: tuple[list[str], list[tuple[int, str, bool, Fraction]]]
    rules: SharedRules


def _fixed_columns(cat: Catalog, tl: Timeline, first: int | None) -> _FixedColumns:
    """`_make_fixed_columns`, kept for a timeline kept with the catalog (per language, as the caveats
    are words)."""
    lang = current()
    slot = _MEMO.peek(cat, ("plan", id(tl)))
    if slot is None or cast("tuple[Timeline, object]", slot)[0] is not tl:
        return _make_fixed_columns(cat, tl, first)
    key = ("fixed", id(tl), lang, first)
    kept = cast("tuple[Timeline, _FixedColumns] | None", _MEMO.peek(cat, key))
    if kept is None or kept[0] is not tl:
        kept = (tl, _make_fixed_columns(cat, tl, first))
        _MEMO.put(cat, key, kept, replace=True)
    return kept[1]


def _make_fixed_columns(cat: Catalog, tl: Timeline, first: int | None) -> _FixedColumns:
    fixed = _make_fixed_fields(cat, tl)
    rows = [t for t, e in enumerate(tl.entries) if first is None or e.year >= first]
    names = ("agreement", "rule", "source", "published_host", "published_source", "amount_dollars_stated", "caveat")
    columns: dict[str, Any] = {"year": column_array([tl.entries[t].year for t in rows])}
    for i, name in enumerate(names):
        values = [fixed[t][i] for t in rows]
        columns[name] = values if name == "published_host" else column_array(values)  # (an exact column stays a list)
    return _FixedColumns(rows, columns, _provisions([tl.entries[t] for t in rows]),
                         SharedRules({e.year: e.rule for e in tl.entries}))


_Fixed = tuple[str, str, "str | None", "int | None", "str | None", float, "str | None"]


def _make_fixed_fields(cat: Catalog, tl: Timeline) -> list[_Fixed]:
    published = _kept(cat, ("published",), lambda: {p.year: p for p in cat.published
                                                     if p.currency == cat.host.currency and p.role == "primary"})
    out: list[_Fixed] = []
    for entry in tl.entries:
        rule = entry.rule
        pub = published.get(entry.year)
        out.append((entry.agreement, rule.shown_kind, rule.source, pub.amount if pub else None, pub.source if pub else None,
                    float(getattr(rule, "amount_usd", None) or np.nan),
                    "; ".join(localized(p.text) for p in entry.provisions
                              if p.kind == "note" and p.years is not None and p.applies(entry.year) and p.text) or None))
    return out


class SharedRules(dict[int, RuleBase]):
    """Each year's rule, carried in a frame's attrs. Rules are never changed once loaded, so copies of
    the frame share them: pandas deep-copies attrs on every operation, which would otherwise copy
    every rule for every row read (most of a request's time)."""

    def __deepcopy__(self, memo: dict[int, object]) -> SharedRules:
        return self


def describe_columns(cols: Columns, cat: Catalog | None = None) -> Columns:
    """A copy with ``basis``: how each year's amount was obtained, in words (each rule says it), the
    series it reads named as readers know them (the catalog's series names, when given)."""
    out = cols.copy()
    names = _kept(cat, ("series_names", current()), lambda: series_names(cat)) if cat is not None else {}
    out["basis"] = _basis_columns(cols, cols.attrs.get("rules", {}), names)
    return out


def series_names(cat: Catalog) -> dict[str, str]:
    """Series and roles -> the series' name in the reader's language (소비자물가상승률)."""
    out = {n: m.name_text() for n, m in cat.book.meta.items()}
    out.update({role: out[s] for role, s in cat.host.roles.items() if s in out})
    return out


def _basis(rows: list[dict[str, Any]], rules: Mapping[int, RuleBase], names: Mapping[str, str]) -> list[str]:
    return [" ".join(x for x in (str(rules[int(r["year"])].basis({**r, "series_names": names})) if int(r["year"]) in rules else "",
                                 f"[{r['caveat']}]" if isinstance(r.get("caveat"), str) else "") if x)
            for r in rows]


# A year's words (`rule.basis`) kept by the rule, the language, the series' names and the fields the
# rule declares it reads (`basis_reads`): a request with a new assumption words again only the years
# whose index value, rate or binding changed (the others read as the default schedule's did).
_WORDS: dict[tuple[object, ...], tuple[RuleBase, Mapping[str, str], str]] = {}
_MAX_WORDS = 4096


def _basis_columns(cols: Columns, rules: Mapping[int, RuleBase], names: Mapping[str, str]) -> list[str]:
    """`_basis` over the columns' rows, each year's rule words kept (see `_WORDS`)."""
    years = [int(y) for y in cols["year"]]
    if not all(y in rules and rules[y].basis_reads is not None for y in years):
        return _basis(cols.rows(), rules, names)
    lists: dict[str, list[Any]] = {}

    def column(name: str) -> list[Any]:
        if name not in lists:
            lists[name] = cols.values(name) if name in cols else [None] * len(years)
        return lists[name]

    lang = current()
    caveats = column("caveat")
    out = []
    for i, y in enumerate(years):
        rule = rules[y]
        reads = _READS.get(id(rule))
        if reads is None or reads[0] is not rule:
            if len(_READS) >= _MAX_WORDS:
                _READS.clear()
            reads = _READS[id(rule)] = (rule, tuple(f for f in cast("tuple[str, ...]", rule.basis_reads) if f != "series_names"))
        vals = tuple([column(f)[i] for f in reads[1]])
        # (every NaN alike in the key: each request's NaN is another object, which a tuple's
        # comparison would tell apart)
        key = (id(rule), id(names), lang, tuple([_NAN if v != v else v for v in vals]), tuple(map(type, vals)))
        kept = _WORDS.get(key)
        if kept is not None and kept[0] is rule and kept[1] is names:
            words = kept[2]
        else:
            # the fields it declares are all a rule reads (tests/test_frames.py checks every kind)
            words = str(rule.basis({**dict(zip(reads[1], vals, strict=True)), "series_names": names}))
            if len(_WORDS) >= _MAX_WORDS:
                _WORDS.clear()
            _WORDS[key] = (rule, names, words)
        caveat = caveats[i]
        if isinstance(caveat, str):
            out.append(f"{words} [{caveat}]" if words else f"[{caveat}]")
        else:
            out.append(words)
    return out


_NAN = object()  # NaN, in a key of _WORDS
_READS: dict[int, tuple[RuleBase, tuple[str, ...]]] = {}  # the fields a rule's words read (rules never change once loaded)


def _provisions(entries: list[Entry]) -> tuple[list[str], list[tuple[int, str, bool, Fraction]]]:
    """The minimum/maximum category columns that the provisions of the rows' `entries` imply (in the
    order first met), and each (row, column, whether a minimum, share)."""
    names: list[str] = []
    items: list[tuple[int, str, bool, Fraction]] = []
    for t, entry in enumerate(entries):
        for p in entry.provisions:
            if p.kind not in ("category_min_share", "category_max_share") or p.share is None:  # (these kinds have one)
                continue
            col = f"{'min' if p.kind == 'category_min_share' else 'max'}_{p.category}"
            if col not in names:
                names.append(col)
            items.append((t, col, p.kind == "category_min_share", Fraction(p.share)))
    return names, items


def _add_provisions_kept(cols: Columns, provisions: tuple[list[str], list[tuple[int, str, bool, Fraction]]]) -> None:
    """Minimum/maximum category amounts that an agreement's provisions imply (exact, rounded outward),
    from what `_provisions` read."""
    names, items = provisions
    if not names:
        return
    amounts = cols["amount"]
    values: dict[str, list[int | None]] = {col: [None] * len(cols) for col in names}
    for t, col, is_min, share in items:
        amount = amounts[t]
        if amount is None:
            continue
        # (the share's exact fraction in integers: ceil and floor of amount * p / q, without Fraction's
        # arithmetic, which cost more than the rest of the rows)
        num = int(amount) * share.numerator
        values[col][t] = -(-num // share.denominator) if is_min else num // share.denominator
    for col in names:
        cols[col] = values[col]
        cols.dtypes[col] = EXACT


def check_years(df: pd.DataFrame | Columns, first: int | None, last: int | None) -> pd.DataFrame | Columns:
    """The rows from `first` to `last` (fields ``start`` and ``end`` of a request)."""
    years = np.asarray(df["year"])
    lo, hi = int(years.min()), int(years.max())
    for name, y in (("start", first), ("end", last)):
        if y is not None and not lo <= y <= hi:
            raise InputError(_("year {year} is outside the years covered ({lo}-{hi})", year=y, lo=lo, hi=hi), where=name)
    if first is not None and last is not None and last < first:
        raise InputError(_("the last year {end} is before the first year {start}", end=last, start=first), where="end")
    mask = np.ones(len(df), bool)
    if first is not None:
        mask &= years >= first
    if last is not None:
        mask &= years <= last
    if isinstance(df, Columns):
        return df.take(mask)
    out = df[mask].reset_index(drop=True)
    out.attrs.update(df.attrs)
    return out


def history(cat: Catalog, inputs: Inputs, real_base: int | None = None) -> pd.DataFrame:
    """Every year of every agreement of the catalog's host, with provenance and metrics."""
    return history_columns(cat, inputs, real_base).frame()


def history_columns(cat: Catalog, inputs: Inputs, real_base: int | None = None) -> Columns:
    """`history`, as columns."""
    from ..model.metrics import metrics_columns

    return metrics_columns(run_columns(cat, timeline_for(cat, cat.last_agreement), inputs), cat, inputs, real_base)


def schedule_columns(cat: Catalog, agreement: Agreement, inputs: Inputs, real_base: int | None = None,
                     extra: Mapping[str, Agreement] | None = None) -> Columns:
    """One agreement's years (computed from the year before its term, for its first change), as columns."""
    from ..model.metrics import metrics_columns

    tl = _sliced(cat, agreement, extra, agreement.term.start - 1)
    # the rows from the year before the term (its change needs that year's amount); the years before
    # only carry the amounts forward (the same figures, for fewer rows)
    cols = metrics_columns(run_columns(cat, tl, inputs, first=agreement.term.start - 1), cat, inputs, real_base)
    years = np.asarray(cols["year"])
    out = cols.take((years >= agreement.term.start) & (years <= agreement.term.end))
    out.attrs["agreement"] = agreement.id
    return out
