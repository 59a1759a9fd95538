"""``burdenshare nowcast``: the payment that depends on a partly published year, from the months published.

The year's annual-average CPI change is nowcast from the monthly index (``analysis.nowcast``); every
one-decimal rate it can take goes through the same engine and rule as any projection (rounded,
capped), so the payment's interval and the probability that the cap binds come with it. Rows carry
the status ``nowcast``. ``backtest`` replays the nowcast for every year and every month of
publication the bundled (and overlaid) months allow, against the published annual rates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from ..analysis import nowcast as nc
from ..analysis.schedule import plan_for, run_columns, timeline_for
from ..errors import InputError, MissingValueError
from ..i18n import _
from ..i18n.dates import month_text
from ..model.catalog import Catalog, catalog, data_roots
from ..model.engine import compute
from ..model.kept import KeptWithCatalog
from ..model.monthly import MonthlyMeta, monthly_resources, monthly_series
from ..model.series import METRIC_PRECEDENCE, PROJECTED, Inputs
from ..model.timeline import Timeline, deterministic_drivers
from .common import agreement_for, meta
from .result import Table

if TYPE_CHECKING:
    from ..model.frames import Columns

TooShort = nc.TooShort  # the monthly history cannot support the nowcast (too few months): an input error

__all__ = ["BESIDE_COLUMNS", "Beside", "NowcastAnswer", "Partial", "backtest", "beside", "nowcast", "nowcast_columns", "parse_month",
           "partial"]

PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_month(text: str | None, where: str = "as_of") -> tuple[int, int] | None:
    """``YYYY-MM`` as (year, month); None stays None."""
    if text is None or not str(text).strip():
        return None
    m = PERIOD.match(str(text).strip())
    if not m:
        raise InputError(_("'{text}' is not a month (YYYY-MM)", text=text), where=where)
    return int(m.group(1)), int(m.group(2))


def _monthly_for(cat: Catalog) -> MonthlyMeta:
    """The monthly CPI series of the host (the one whose annual series is the host's cpi role)."""
    cpi = cat.host.roles.get("cpi", "")
    for m in monthly_resources(data_roots()).values():
        if m.annual_series == cpi or m.host == cat.host.id:
            return m
    raise nc.TooShort(_("the data hold no monthly consumer price index for {host}: bring one in from its publisher "
                        "or from a file of months you downloaded", host=cat.host.title), where="series")


def _months(m: MonthlyMeta) -> list[nc.Month]:
    ms = monthly_series(m.name, data_roots())
    if not ms:
        raise nc.TooShort(_("the monthly consumer price index holds no month yet: bring it up to date from its publisher "
                            "or from a file of months you downloaded"), where="series")
    return [(x.year, x.month, x.value) for x in ms]


def _published(cat: Catalog, m: MonthlyMeta) -> tuple[dict[int, float], dict[int, float]]:
    """The published annual indices (by year) and the annual rates they give, one decimal as published."""
    index: dict[int, float] = {}
    if m.annual_index and m.annual_index in cat.book.meta:
        for y in cat.book.years(m.annual_index):
            v = cat.book.pick(m.annual_index, y, METRIC_PRECEDENCE)
            if v is not None and v.value is not None:
                index[y] = float(v.value)
    rates = {y: nc.annual_rate(index[y], index[y - 1]) for y in index if y - 1 in index}
    return index, rates


@dataclass
class NowcastAnswer:
    table: Table
    result: nc.Nowcast
    series: str
    latest: str


def nowcast(agreement: str | None = None, *, host: str | None = None, as_of: str | None = None) -> NowcastAnswer:
    """The nowcast of the partly published year's CPI change and of each payment that reads it."""
    cat = catalog(host)
    m = _monthly_for(cat)
    months = _months(m)
    cut_at = parse_month(as_of)
    months_known = nc.cut(months, cut_at)
    if not months_known:
        raise nc.TooShort(_("no month of the monthly consumer price index is published by {as_of}", as_of=as_of), where="as_of")
    ly, lm = months_known[-1][0], months_known[-1][1]
    year = ly if lm < 12 else ly + 1
    index, _rates = _published(cat, m)
    result = nc.nowcast(months_known, year, published_base=index.get(year - 1))
    agr, _extra = agreement_for(cat, agreement or cat.host.agreements[-1])
    tl = timeline_for(cat, agr)
    plan = plan_for(cat, tl)
    annual = m.annual_series
    rows = []
    for t, src in enumerate(plan.drivers_from):
        if not (src and src[0] == "series" and src[1] == annual and int(src[2]) == year):
            continue
        pay_year = int(plan.years[t])
        rule = tl.entries[t].rule
        cap = getattr(rule, "cap_pct", None)
        dist: dict[int, float] = {}
        for rate, p in result.probs.items():
            amount = _amount(cat, tl, annual, year, rate, pay_year)
            if amount is not None:
                dist[amount] = dist.get(amount, 0.0) + p
        projected = _amount(cat, tl, annual, year, None, pay_year)
        best = _amount(cat, tl, annual, year, result.rate_1dp, pay_year)
        lo80, hi80 = _quantiles(dist, 0.80)
        lo95, hi95 = _quantiles(dist, 0.95)
        rows.append({
            "year": pay_year, "agreement": tl.entries[t].agreement, "status": "nowcast", "cpi_year": year,
            "months_known": result.known, "rate_pct": result.rate_1dp, "rate_expected_pct": round(result.rate, 3),
            "rate_80_low": result.interval(0.80)[0], "rate_80_high": result.interval(0.80)[1],
            "rate_95_low": result.interval(0.95)[0], "rate_95_high": result.interval(0.95)[1],
            "cap_pct": cap, "p_cap_binds": round(result.prob_above(cap), 4) if cap is not None else None,
            "amount": best, "amount_80_low": lo80, "amount_80_high": hi80,
            "amount_95_low": lo95, "amount_95_high": hi95, "projection": projected,
        })
    if not rows:  # no payment of this agreement reads the year: the rate alone
        rows.append({"year": None, "agreement": agr.id, "status": "nowcast", "cpi_year": year, "months_known": result.known,
                     "rate_pct": result.rate_1dp, "rate_expected_pct": round(result.rate, 3),
                     "rate_80_low": result.interval(0.80)[0], "rate_80_high": result.interval(0.80)[1],
                     "rate_95_low": result.interval(0.95)[0], "rate_95_high": result.interval(0.95)[1]})
    import pandas as pd

    latest = f"{ly:04d}-{lm:02d}"
    info = meta(cat, monthly_series=m.name, cpi_year=year, months_known=result.known, latest_month=latest,
                as_of=as_of or latest, base_index=result.base, base_from=result.base_from,
                expected_index=round(result.mean_index, 3), rate_sd_pct=round(result.sd, 4),
                rate_probabilities={f"{r:.1f}": round(p, 4) for r, p in sorted(result.probs.items()) if p >= 0.001},
                model=result.model.as_dict() if result.model else None)
    title = str(_("Nowcast of {year}'s consumer price change from {n} months published (to {latest})", year=year,
                  n=result.known, latest=month_text(latest)))
    return NowcastAnswer(Table(pd.DataFrame(rows), info, title=title), result, m.name, latest)


def _amount(cat: Catalog, tl: Timeline, series: str, year: int, rate: float | None, pay_year: int) -> int | None:
    inputs = cat.inputs() if rate is None else cat.inputs().with_overrides({(series, year): rate}, source="nowcast")
    cols = run_columns(cat, tl, inputs, first=pay_year)
    for row in cols.frame_rows():
        if row["year"] == pay_year:
            v = row.get("amount")
            return None if v is None or v != v else int(v)
    return None


def _quantiles(dist: dict[int, float], level: float) -> tuple[int | None, int | None]:
    """The central interval of a discrete distribution of amounts."""
    if not dist:
        return None, None
    lo_q, hi_q = (1 - level) / 2, 1 - (1 - level) / 2
    acc = 0.0
    lo = hi = None
    for amount in sorted(dist):
        acc += dist[amount]
        if lo is None and acc >= lo_q - 1e-12:
            lo = amount
        if hi is None and acc >= hi_q - 1e-12:
            hi = amount
    return lo, hi if hi is not None else max(dist)


def backtest(*, host: str | None = None) -> Table:
    """The nowcast replayed for every year whose annual rate is published and every month of
    publication (0-11 months known), with only the months published by then; and the summary by months known."""
    import pandas as pd

    cat = catalog(host)
    m = _monthly_for(cat)
    months = _months(m)
    index, rates = _published(cat, m)
    rows = nc.backtest(months, rates, index)
    if not rows:
        raise nc.TooShort(_("the monthly history ({first} to {last}) is too short for a backtest: no year with a published "
                            "annual rate has a nowcast that can be fitted", first=f"{months[0][0]}-{months[0][1]:02d}",
                            last=f"{months[-1][0]}-{months[-1][1]:02d}"), where="series")
    df = pd.DataFrame([r.__dict__ for r in rows])
    by = df.groupby("known").agg(points=("year", "size"), hit_rate=("hit", "mean"), mae=("error", "mean"),
                                 coverage_80=("in80", "mean"), coverage_95=("in95", "mean")).reset_index()
    years = sorted(df["year"].unique().tolist())
    info = meta(cat, monthly_series=m.name, years=[int(y) for y in years], points=len(df),
                hit_rate=round(float(df["hit"].mean()), 3), mae=round(float(df["error"].mean()), 3),
                coverage_80=round(float(df["in80"].mean()), 3), coverage_95=round(float(df["in95"].mean()), 3),
                data_from=f"{months[0][0]}-{months[0][1]:02d}", data_to=f"{months[-1][0]}-{months[-1][1]:02d}",
                run=dt.date.today().isoformat(), detail=[{k: (bool(v) if isinstance(v, bool) else v) for k, v in r.__dict__.items()}
                                                           for r in rows])
    for c in ("hit_rate", "mae", "coverage_80", "coverage_95"):
        by[c] = by[c].astype(float).round(3)
    return Table(by, info, title=str(_("Nowcast backtest: {points} nowcasts of {years}", points=len(df),
                                       years=", ".join(str(y) for y in years))))


# --- the nowcast beside the projection, in schedules and histories --------------------------------


@dataclass(frozen=True)
class Partial:
    """The year whose monthly index is partly published (1-11 of 12 months in the data, as of the
    data's newest month) and its nowcast: one per data version (per catalog)."""

    series: str  # the annual rate the rules read (e.g. kr_cpi_inflation)
    monthly: str  # the monthly index it comes from
    year: int
    known: int  # months of the year published (1-11)
    latest: str  # the newest month (YYYY-MM)
    result: nc.Nowcast


@dataclass(frozen=True)
class Beside:
    """A payment that reads the partly published year: the nowcast's most likely amount and its 80%
    interval (every one-decimal rate the nowcast gives through the same engine and rule)."""

    amount: int
    low80: int
    high80: int


BESIDE_COLUMNS = ("nowcast", "nowcast_cpi_year", "nowcast_months", "nowcast_rate_pct", "nowcast_rate_80_low",
                  "nowcast_rate_80_high", "nowcast_amount", "nowcast_amount_80_low", "nowcast_amount_80_high",
                  "nowcast_amount_text", "nowcast_interval_text")

_T = TypeVar("_T")
MAX_KEPT = 64
_memo = KeptWithCatalog(catalogs=16, per_catalog=MAX_KEPT)


def _kept(cat: Catalog, key: tuple[object, ...], make: Callable[[], _T]) -> _T:
    """A value derived from a catalog (so from one data version), kept with it (model.kept; at most
    MAX_KEPT a catalog: timelines of agreement documents sent with requests are new each time, and
    past that their figures are computed, not kept)."""
    return _memo.get(cat, key, make)


def partial(cat: Catalog) -> Partial | None:
    """The partly published year of the host's monthly consumer price index and its nowcast, or None
    (no monthly series, no month yet, the newest month a December, or a history too short to fit)."""
    return _kept(cat, ("partial",), lambda: _partial(cat))


def _partial(cat: Catalog) -> Partial | None:
    try:
        m = _monthly_for(cat)
        months = _months(m)
    except (InputError, OSError):
        return None
    ly, lm = months[-1][0], months[-1][1]
    if lm == 12:
        return None  # the year is complete; the next has no month yet
    index, _rates = _published(cat, m)
    try:
        result = nc.nowcast(months, ly, published_base=index.get(ly - 1))
    except InputError:
        return None
    if not 1 <= result.known <= 11:
        return None
    return Partial(m.annual_series, m.name, ly, result.known, f"{ly:04d}-{lm:02d}", result)


def beside(cat: Catalog, tl: Timeline, inputs: Inputs) -> dict[int, Beside]:
    """For each year of `tl` whose rule reads the partly published year through a projected value
    (not observed, not the reader's own override), the nowcast's payment.

    Kept per data version and timeline: a year's amount depends only on the values the rules of that
    year and the years before it read (the engine runs forward), so a request whose overrides touch
    none of them (the usual case, e.g. another year's CPI) is answered from what was kept; only
    overrides of those values (a counterfactual base) cost one engine call (a path per one-decimal rate)."""
    p = partial(cat)
    if p is None or (p.series, p.year) in inputs.overrides:
        return {}  # (the reader's own value for the year: no payment reads the nowcast)
    # keyed by the timeline's identity, and holding it, so that the key stays its own
    try:
        kept = _kept(cat, ("beside", id(tl)), lambda: (tl, _prepare(cat, tl, p)))
        prep = kept[1] if kept[0] is tl else _prepare(cat, tl, p)
    except MissingValueError:  # the data's own inputs stop before this timeline's years (an agreement
        return _beside(cat, tl, inputs, p)  # file running past them): the request's inputs reach them
    if not prep.found or not any(k in prep.reads for k in inputs.overrides):
        return prep.found
    return _beside(cat, tl, inputs, p)


@dataclass(frozen=True)
class _Prepared:
    found: dict[int, Beside]  # with the catalog's own inputs
    reads: frozenset[tuple[str, int]]  # the values read by the years up to the last that reads the nowcast


def _prepare(cat: Catalog, tl: Timeline, p: Partial) -> _Prepared:
    found = _beside(cat, tl, cat.inputs(), p)
    if not found:
        return _Prepared(found, frozenset())
    plan = plan_for(cat, tl)
    last = max(found)
    reads = frozenset((str(src[1]), int(src[2])) for t, src in enumerate(plan.drivers_from)
                      if src is not None and src[0] == "series" and int(plan.years[t]) <= last)
    return _Prepared(found, reads)


def _beside(cat: Catalog, tl: Timeline, inputs: Inputs, p: Partial) -> dict[int, Beside]:
    # from the last year at or before the one read whose amount builds on no earlier year: the years
    # before it cannot matter (a history's 40 years become 5: an eighth of the engine's work)
    plan = plan_for(cat, tl.slice(p.year))
    reads = [t for t, src in enumerate(plan.drivers_from)
             if src is not None and src[0] == "series" and src[1] == p.series and int(src[2]) == p.year]
    if not reads:
        return {}
    drivers, used = deterministic_drivers(plan, inputs)
    reads = [t for t in reads if (v := used[t]) is not None and v.status in PROJECTED]
    if not reads:
        return {}
    rates = sorted(p.result.probs)
    paths = np.repeat(drivers, len(rates), axis=0)
    paths[:, reads] = np.asarray(rates, dtype=float)[:, None]
    res = compute(plan, paths, detail=False)
    amounts = res.amount
    out: dict[int, Beside] = {}
    for t in reads:
        if not res.known[t]:
            continue
        dist: dict[int, float] = {}
        for i, r in enumerate(rates):
            a = int(amounts[i, t])
            dist[a] = dist.get(a, 0.0) + p.result.probs[r]
        lo, hi = _quantiles(dist, 0.80)
        best = int(amounts[rates.index(p.result.rate_1dp), t])
        out[int(plan.years[t])] = Beside(best, lo if lo is not None else best, hi if hi is not None else best)
    return out


def status_text(p: Partial) -> str:
    """The status as people say it: "nowcast: 2 of 12 months of 2026 published"."""
    return str(_("nowcast: {n} of 12 months of {year} published", n=p.known, year=p.year))


def nowcast_columns(cat: Catalog, tl: Timeline, inputs: Inputs, cols: Columns) -> Columns:
    """`cols` (a schedule's or a history's rows) with the nowcast beside the projection where a year's
    payment reads the partly published year: its status in words, the months known, the rate's and
    the payment's most likely value and 80% interval. The projection (``amount``, ``status``) is
    left as it is. Without such a year (no monthly series, or every year read fully published, or
    overridden), `cols` is given back unchanged, without these columns."""
    found = beside(cat, tl, inputs)
    if not found:
        return cols
    p = partial(cat)
    if p is None:  # (found is empty then)
        return cols
    years = [int(y) for y in cols["year"]]
    if not any(y in found for y in years):
        return cols
    out = cols.copy()
    lo80, hi80 = p.result.interval(0.80)
    text = status_text(p)

    def col(f: Any) -> list[Any]:
        return [f(found[y]) if y in found else None for y in years]

    out["nowcast"] = col(lambda _b: text)
    out["nowcast_cpi_year"] = col(lambda _b: p.year)
    out["nowcast_months"] = col(lambda _b: p.known)
    out["nowcast_rate_pct"] = col(lambda _b: p.result.rate_1dp)
    out["nowcast_rate_80_low"] = col(lambda _b: lo80)
    out["nowcast_rate_80_high"] = col(lambda _b: hi80)
    out["nowcast_amount"] = col(lambda b: b.amount)
    out["nowcast_amount_80_low"] = col(lambda b: b.low80)
    out["nowcast_amount_80_high"] = col(lambda b: b.high80)
    from ..i18n.money import format as fmt_money

    cur = cat.host.currency
    out["nowcast_amount_text"] = col(lambda b: fmt_money(b.amount, cur))
    out["nowcast_interval_text"] = col(lambda b: str(_("{low} to {high}", low=fmt_money(b.low80, cur), high=fmt_money(b.high80, cur))))
    for c in ("nowcast_cpi_year", "nowcast_months", "nowcast_amount", "nowcast_amount_80_low", "nowcast_amount_80_high"):
        out.dtypes[c] = "Int64"
    out.attrs["nowcast"] = {"year": p.year, "months_known": p.known, "latest_month": p.latest, "monthly_series": p.monthly}
    return out
