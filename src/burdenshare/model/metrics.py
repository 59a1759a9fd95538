"""Metrics per year derived from exact amounts: dollars, real terms, shares, per soldier.

These are ratios with inexact inputs (exchange rates, price indices, budgets), so they are floats;
only the amounts themselves are exact integers. Every metric names what it divides by:

- ``amount_dollars``: the amount divided by the year's average rate to the dollar (``fx``, with its
  status); for early years set in dollars and whose host-currency total is unknown, the published
  dollar figure (``dollars_basis`` says which: ``converted`` or ``published``);
- ``amount_real_<cur>``: constant currency of ``real_base_year`` (by default the latest year whose
  CPI change is an outturn: :func:`default_real_base`), deflated by the host's CPI (chained from the
  annual inflation rates, most precise observation first);
- ``share_defence_budget_pct``, ``share_gdp_pct``: of the host's defence budget and nominal GDP;
- ``per_soldier_stated_<cur>`` / ``per_soldier_headcount_<cur>``: per US soldier at the level the
  governments state, and at the DMDC head count.

A metric whose input no source gives is NaN (unknown), never filled in.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from ..errors import InputError
from ..i18n import _
from .catalog import Catalog
from .frames import Columns
from .series import METRIC_PRECEDENCE, PROJECTED, Inputs, SeriesBook, Value

Years = Sequence[int] | np.ndarray
"""A schedule's years: a list, or its column of year numbers."""

_KEPT: dict[tuple[int, int, str, tuple[int, ...]], tuple[SeriesBook, Mapping[tuple[str, int], Value], np.ndarray, list[str | None]]] = {}


def _series(inputs: Inputs, name: str | None, years: Years, *,
            year_key: tuple[int, ...] | None = None, touched: frozenset[str] | None = None) -> tuple[np.ndarray, list[str | None]]:
    """Values (NaN where unknown) of a series; a role the host does not define gives all NaN.
    (`year_key`: the years as a tuple of ints, `touched`: the series overridden, when known.)"""
    if name is None:
        return np.full(len(years), np.nan), [None] * len(years)
    if name in touched if touched is not None else any(n == name for n, _y in inputs.overrides):
        return _read(inputs, name, years)
    # a series no override touches reads the same from the same data and assumptions: kept (a request
    # with a new CPI assumption reads the exchange rates, budgets and troops as the last one did)
    key = (id(inputs.book), id(inputs.assumptions), name, year_key if year_key is not None else tuple(int(y) for y in years))
    hit = _KEPT.get(key)
    if hit is None or hit[0] is not inputs.book or hit[1] is not inputs.assumptions:
        if len(_KEPT) >= 512:
            _KEPT.clear()
        hit = _KEPT[key] = (inputs.book, inputs.assumptions, *_read(inputs, name, years))
    return hit[2].copy(), list(hit[3])


def _read(inputs: Inputs, name: str, years: Years) -> tuple[np.ndarray, list[str | None]]:
    vals: list[float | None] = []
    stats: list[str | None] = []
    for y in years:
        v = inputs.get(name, int(y), METRIC_PRECEDENCE)
        vals.append(v.value if v is not None else np.nan)
        stats.append(v.status if v is not None else None)
    return np.array(vals, dtype=float), stats


def price_level(inputs: Inputs, name: str, years: Years, base: int) -> np.ndarray:
    """Price level relative to `base` (=1.0), chained from annual inflation rates."""
    years = [int(y) for y in years]
    lo, hi = min([*years, base]), max([*years, base])
    level = {base: 1.0}
    get = _getter(inputs, name)
    for y in range(base + 1, hi + 1):
        v = get(y)
        level[y] = level[y - 1] * (1 + v.value / 100) if v is not None and v.value is not None and not math.isnan(level[y - 1]) else math.nan
    for y in range(base - 1, lo - 1, -1):
        v = get(y + 1)
        level[y] = level[y + 1] / (1 + v.value / 100) if v is not None and v.value is not None and not math.isnan(level[y + 1]) else math.nan
    return np.array([level[y] for y in years])


def _getter(inputs: Inputs, name: str) -> Callable[[int], Value | None]:
    """`inputs.get(name, year, METRIC_PRECEDENCE)` as a function of the year, the values from the data
    and assumptions alone kept (by book, assumptions and series: none changes once made)."""
    key = (id(inputs.book), id(inputs.assumptions), name)
    kept = _PLAIN.get(key)
    if kept is None or kept[0] is not inputs.book or kept[1] is not inputs.assumptions:
        if len(_PLAIN) >= 64:
            _PLAIN.clear()
        kept = _PLAIN[key] = (inputs.book, inputs.assumptions, {})
    plain, overrides = kept[2], inputs.overrides

    def get(year: int) -> Value | None:
        if (name, year) in overrides:
            return overrides[(name, year)]
        if year not in plain:
            plain[year] = Inputs(inputs.book, inputs.assumptions).get(name, year, METRIC_PRECEDENCE)
        return plain[year]

    return get


_PLAIN: dict[tuple[int, int, str], tuple[SeriesBook, Mapping[tuple[str, int], Value], dict[int, Value | None]]] = {}


def latest_price_year(inputs: Inputs, name: str | None) -> int | None:
    """The latest year whose price index change is history (neither projected nor unknown): the one
    real-terms base year of every view, so that History, Compare and Uncertainty deflate alike and the
    base moves forward by itself when a new year's outturn is added to the data."""
    if name is None:
        return None
    book = inputs.book  # the data's own values: a value a person overrides does not move the base
    kept = _LATEST.get((id(book), name))
    if kept is not None and kept[0] is book:
        return kept[1]
    year = _latest(book, name)
    if len(_LATEST) >= 64:
        _LATEST.clear()
    _LATEST[(id(book), name)] = (book, year)
    return year


_LATEST: dict[tuple[int, str], tuple[SeriesBook, int | None]] = {}


def _latest(book: SeriesBook, name: str) -> int | None:
    years = [y for y in book.years(name)
             if (v := book.pick(name, y, METRIC_PRECEDENCE)) is not None and v.known and v.status not in PROJECTED]
    return max(years) if years else None


def default_real_base(cat: Catalog, inputs: Inputs) -> int:
    """The real-terms base year when none is asked for: see :func:`latest_price_year`."""
    year = latest_price_year(inputs, cat.host.series_for("cpi"))
    if year is None:
        raise InputError(_("no year has an observed price index to take as the real-terms base"), where="real_base")
    return year


def metrics_columns(cols: Columns, cat: Catalog, inputs: Inputs, real_base: int | None = None) -> Columns:
    """A copy of a schedule's columns (see model.frames) with the metrics columns added."""
    host = cat.host
    out = cols.copy()
    years = np.asarray(out["year"])
    amount = np.array([np.nan if v is None else float(v) for v in out["amount"]], dtype=float)
    if real_base is None:
        real_base = default_real_base(cat, inputs)
    cpi_name = host.series_for("cpi")
    cpi_years = cat.book.years(cpi_name)
    if not cpi_years or not cpi_years[0] - 1 <= real_base <= max(cpi_years[-1], int(years.max())):
        raise InputError(_("real-terms base year {year} is outside the years with a price index", year=real_base),
                         where="real_base")

    year_key = tuple(int(y) for y in years.tolist())
    touched = frozenset(n for n, _y in inputs.overrides)
    prev = np.concatenate([[np.nan], amount[:-1]])
    consecutive = np.concatenate([[False], (years[1:] - years[:-1]) == 1])
    with np.errstate(divide="ignore", invalid="ignore"):
        out["change_pct"] = np.where(consecutive, (amount / prev - 1) * 100, np.nan)

        fx, fx_status = _series(inputs, host.roles.get("fx"), years, year_key=year_key, touched=touched)
        out["fx"] = fx
        out["fx_status"] = fx_status
        usd = amount / fx
        stated = np.asarray(out["amount_dollars_stated"], dtype=float) if "amount_dollars_stated" in out else np.full(len(out), np.nan)
        use_stated = np.isnan(amount) & ~np.isnan(stated)
        out["amount_dollars"] = np.where(use_stated, stated, usd)
        out["dollars_basis"] = ["published" if s else (None if math.isnan(u) else "converted")
                                for s, u in zip(use_stated.tolist(), usd.tolist(), strict=True)]

        level = price_level(inputs, cpi_name, years, real_base)
        out["amount_real"] = amount / level
        out["real_base_year"] = np.full(len(years), real_base, dtype=np.int64)

        def role(r: str) -> str | None:
            return host.roles.get(r)

        def scaled(r: str) -> np.ndarray:
            v, _stat = _series(inputs, role(r), years, year_key=year_key, touched=touched)
            name = role(r)
            values: np.ndarray = v * (cat.book.meta[name].scale if name else 1.0)
            return values

        out["share_defence_budget_pct"] = amount / scaled("defence_budget") * 100
        out["share_gdp_pct"] = amount / scaled("gdp") * 100

        stated_troops, _stat = _series(inputs, role("troops_stated"), years, year_key=year_key, touched=touched)
        head, _stat = _series(inputs, role("troops_headcount"), years, year_key=year_key, touched=touched)
        out["troops_stated"] = stated_troops
        out["troops_headcount"] = head
        out["per_soldier_stated"] = amount / stated_troops
        out["per_soldier_headcount"] = amount / head
    out.attrs["real_base_year"] = real_base
    return out
