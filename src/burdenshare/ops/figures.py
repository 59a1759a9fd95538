"""The figures: history, one agreement's schedule, comparisons with scenarios, and the data behind
them (series, sources, agreements, scenarios, category splits, published totals)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

from pydantic import Field

from ..analysis import scenarios as sc
from ..analysis.schedule import (
    check_years,
    describe_columns,
    history_columns as _history,
    schedule_columns as _schedule,
    timeline_for,
)
from ..errors import InputError, UnknownNameError
from ..i18n import _, localized
from ..model.agreement import Agreement
from .common import (
    FigureRequest,
    Name,
    Request,
    agreement_for,
    catalog_for,
    check_overrides_used,
    inputs_for,
    meta,
    read_windows,
    sources_of,
    with_text,
)
from .limits import MAX_SCENARIOS
from .nowcast import nowcast_columns
from .result import Table, Tables

if TYPE_CHECKING:
    import pandas as pd

    from ..model.catalog import Catalog
    from ..model.frames import Columns

__all__ = [
    "CompareRequest",
    "HistoryRequest",
    "ListRequest",
    "ScheduleRequest",
    "SeriesRequest",
    "agreements",
    "categories",
    "compare",
    "history",
    "published",
    "scenarios",
    "schedule",
    "series",
    "sources",
]


class HistoryRequest(FigureRequest):
    """Every year of every agreement of a host."""

    start: int | None = Field(None, ge=1900, le=2200, description="first year shown")
    end: int | None = Field(None, ge=1900, le=2200, description="last year shown")


class ScheduleRequest(FigureRequest):
    """One agreement's years: a bundled agreement by name, or an agreement document."""

    agreement: Name | Agreement = Field(description="a bundled agreement's id (the agreements list names them) or an agreement document")


class CompareRequest(FigureRequest):
    """A baseline agreement and scenarios side by side."""

    baseline: Name | Agreement
    scenarios: list[Name | sc.Scenario] = Field(min_length=1, max_length=MAX_SCENARIOS)


class SeriesRequest(Request):
    name: Name | None = Field(None, description="a series name or role; none lists every series")


class ListRequest(Request):
    """A list of what the data holds for a host."""


def _titled(df: Columns, cat: Catalog) -> Columns:
    df = describe_columns(df, cat)
    df.insert(2, "agreement_title", [localized(cat.agreements[a].title) if a in cat.agreements else a for a in df["agreement"]])
    cur = cat.host.currency
    short = "short"
    return with_text(df, {"amount": cur, "amount_dollars": (cat.host.dollar, "sig"), "amount_real": (cur, short),
                          "per_soldier_stated": (cur, short), "per_soldier_headcount": (cur, short)},
                     {"status": "status", "rule": "rule"})


def history(req: HistoryRequest) -> Table:
    cat = catalog_for(req)
    inputs = inputs_for(cat, req.overrides)
    df = _history(cat, inputs, req.real_base)
    check_overrides_used(cat, req.overrides, read_windows(cat, [df]))
    df = nowcast_columns(cat, timeline_for(cat, cat.last_agreement), inputs, df)  # beside the projection, never replacing it
    # check_years gives back the kind of frame it is given (here the Columns of history_columns)
    df = _titled(cast("Columns", check_years(df, req.start, req.end)), cat)
    return Table(df, meta(cat, req.overrides, real_base_year=df.attrs.get("real_base_year"), sources=sources_of(df)),
                 title=str(_("{host}: contributions under the cost-sharing agreements", host=cat.host.title)))


def schedule(req: ScheduleRequest) -> Table:
    cat = catalog_for(req)
    a, extra = agreement_for(cat, req.agreement)
    inputs = inputs_for(cat, req.overrides)
    df = _schedule(cat, a, inputs, req.real_base, extra)
    check_overrides_used(cat, req.overrides, read_windows(cat, [df]))
    df = nowcast_columns(cat, timeline_for(cat, a, extra), inputs, df)  # beside the projection, never replacing it
    df = _titled(df, cat)
    if a.id not in cat.agreements:
        df["agreement_title"] = localized(a.title)
    return Table(df, meta(cat, req.overrides, agreement=a.id, real_base_year=df.attrs.get("real_base_year"),
                          sources=sources_of(df)), title=localized(a.title))


def compare(req: CompareRequest) -> Tables:
    cat = catalog_for(req)
    base, extra = agreement_for(cat, req.baseline, "baseline")
    if extra:
        raise InputError(_("the baseline of a comparison must be one of the data's agreements"), where="baseline")
    scens = [sc.resolve_scenario(cat, s, where=f"scenarios[{i}]") for i, s in enumerate(req.scenarios)]
    inputs = inputs_for(cat, req.overrides)
    long = sc.compare(cat, base, scens, inputs, req.real_base)
    check_overrides_used(cat, req.overrides, read_windows(cat, [long]))
    cur = cat.host.currency
    usd = cat.host.dollar
    long = with_text(long, {"amount": cur, "diff": cur, "amount_dollars": (usd, "sig"), "amount_real": (cur, "short")},
                     {"status": "status"})
    tot = with_text(sc.totals(long), {"total": cur, "diff": cur, "total_dollars": (usd, "sig"), "diff_dollars": (usd, "sig"),
                                      "total_real": (cur, "short"), "diff_real": (cur, "short")})
    m = meta(cat, req.overrides, baseline=base.id, titles=long.attrs.get("titles"),
             real_base_year=long.attrs.get("real_base_year"), sources=_compare_sources(cat, base, scens, long))
    return Tables({"rows": Table(long, m), "totals": Table(tot, m)}, m,
                  title=str(_("{baseline} and scenarios", baseline=localized(base.title))))


def _compare_sources(cat: Catalog, base: Agreement, scens: list[sc.Scenario], long: pd.DataFrame) -> list[str]:
    """What a comparison cites: the scenarios' sources, and the documents and rules of every agreement
    its years fall under (the baseline's and those before it)."""
    out: list[str] = []

    def add(ref: object) -> None:
        if isinstance(ref, str) and ref and ref not in out:
            out.append(ref)

    for s in scens:
        for ref in [s.source, *(r.source for r in s.changes), *(a.source for a in s.assumptions)]:
            add(ref)
    years = set(int(y) for y in long["year"]) if len(long) else set()
    for a in cat.agreements.values():
        if a.id == base.id or years & set(range(a.term.start, a.term.end + 1)):
            for ref in a.sources:
                add(ref)
            for r in a.years:
                add(r.source)
    return out


def series(req: SeriesRequest) -> Table:
    import pandas as pd

    cat = catalog_for(req)
    if req.name is None:
        roles = {v: k for k, v in cat.host.roles.items()}
        df = pd.DataFrame([
            {"series": m.name, "role": roles.get(m.name), "title": localized(m.title), "unit": localized(m.unit),
             "first_year": min(cat.book.years(m.name), default=None), "last_year": max(cat.book.years(m.name), default=None),
             "values": len(cat.book.rows(m.name))}
            for m in cat.book.meta.values()
        ])
        return Table(df, meta(cat), title=str(_("Series")))
    name = cat.host.series_for(req.name)
    try:
        rows = cat.book.rows(name)
    except UnknownNameError as exc:
        raise exc.at("name") from None
    df = pd.DataFrame([{"series": v.series, "year": v.year, "value": v.value, "status": v.status,
                        "source": v.source, "note": v.note} for v in rows])
    m = cat.book.meta[name]
    return Table(df, meta(cat, series=name, unit=localized(m.unit), sources=sources_of(df)),
                 title=f"{localized(m.title)} ({localized(m.unit)})")


def used_by(cat: Catalog) -> dict[str, list[str]]:
    """For each source id, every data file that cites it: of every host whose data lives in the
    same folder as `cat`'s (they share one registry), and the files every host shares."""
    from ..model.catalog import host_ids

    cats = [cat]
    for h in host_ids():
        if h != cat.host.id:
            try:
                other = catalog_of(h)
            except Exception:  # a host in another data folder that does not load is not ours to report
                continue
            if other.root == cat.root:
                cats.append(other)
    used: dict[str, set[str]] = {}
    for c in cats:
        for ref, path in files_citing(c):
            used.setdefault(ref, set()).add(path)
    return {k: sorted(v) for k, v in used.items()}


def catalog_of(host: str) -> Catalog:
    from ..model.catalog import catalog

    return catalog(host)


def files_citing(cat: Catalog) -> list[tuple[str, str]]:
    """(source, data file) for every citation in one host's data files (series, agreements,
    published totals, category splits, reported figures, assumptions, scenarios, negotiation cases,
    the support ledger and its execution, claims)."""
    return [(src, what) for src, what in (*_data_citations(cat), *_context_citations(cat), *_ledger_citations(cat),
                                          *monthly_citations(cat)) if src]


def _data_citations(cat: Catalog) -> Iterator[tuple[str | None, str]]:
    """The citations of the series and the agreements."""
    for name in cat.book.names:
        m = cat.book.meta[name]
        for v in cat.book.rows(name):
            yield v.source, m.path
    for a in cat.agreements.values():
        path = f"agreements/{cat.host.id}/{a.id}.yaml"
        for ref in [*(r.source for r in a.years), *a.sources, *(p.source for p in a.provisions)]:
            yield ref, path
        if a.base is not None:
            yield a.base.source, path


def _context_citations(cat: Catalog) -> Iterator[tuple[str | None, str]]:
    """The citations of the published totals, category splits, reported figures, assumptions,
    scenarios and negotiation cases."""
    from ..analysis.negotiation.case import bundled_cases

    for p in cat.published:
        yield p.source, cat.host.published or "published"
    for c in cat.categories:
        yield c.source, f"agreements/{cat.host.id}/categories.csv"
    for r in cat.reported:
        yield r.source, "hosts/reported.csv"
    for a in cat.assumptions.values:
        yield a.source, cat.host.assumptions or "assumptions"
    for s in sc.bundled_scenarios(cat).values():
        for ref in [s.source, *(r.source for r in s.changes), *(a.source for a in s.assumptions)]:
            yield ref, f"scenarios/{cat.host.id}/{s.id}.yaml"
    for case in bundled_cases(cat).values():
        for ref in case.cited():
            yield ref, f"negotiations/{cat.host.id}/{case.id}.yaml"


def _ledger_citations(cat: Catalog) -> Iterator[tuple[str | None, str]]:
    """The citations of the support ledger (its definitions, items and execution) and of the claims."""
    from ..analysis.claims import bundled_claims
    from ..model.ledger import ledger_of

    led = ledger_of(cat)
    if led is not None:
        for d in led.spec.definitions:
            for ref in d.sources:
                yield ref, led.files["spec"]
        for it in led.items:
            yield it.source, led.files["values"]
        for e in led.execution:
            yield e.source, led.files["execution"]
    for claim in bundled_claims(cat).values():
        for ref in claim.cited():
            yield ref, f"claims/{cat.host.id}/{claim.id}.yaml"


def monthly_citations(cat: Catalog) -> list[tuple[str, str]]:
    """(source, data file) for every month of the monthly series in `cat`'s data folder (no host's book holds them)."""
    from ..model.monthly import monthly_resources, read_monthly_csv

    out: list[tuple[str, str]] = []
    for m in monthly_resources([cat.root]).values():
        if m.host in ("", cat.host.id) and m.path.is_file():
            out.extend((month.source, m.path.relative_to(cat.root).as_posix()) for month in read_monthly_csv(m.path, m))
    return out


def sources(req: ListRequest) -> Table:
    """The source registry, with every data file that uses each source."""
    import pandas as pd

    cat = catalog_for(req)
    used = used_by(cat)
    df = pd.DataFrame([{**s.__dict__, "used_by": ", ".join(used.get(s.id, ()))} for s in cat.sources.values()],
                      columns=["id", "title", "publisher", "publisher_ko", "url", "date", "accessed", "quality", "note", "read_via", "used_by"])
    return Table(df, meta(cat), title=str(_("Sources")))


def agreements(req: ListRequest) -> Table:
    import pandas as pd

    cat = catalog_for(req)
    df = pd.DataFrame([
        {"id": a.id, "title": localized(a.title), "start": a.term.start, "end": a.term.end,
         "signed": a.signed, "in_force": a.in_force, "rules": ", ".join(sorted({r.rule for r in a.years}))}
        for a in (cat.agreements[i] for i in cat.host.agreements)
    ])
    return Table(df, meta(cat), title=str(_("Agreements")))


def scenarios(req: ListRequest) -> Table:
    import pandas as pd

    cat = catalog_for(req)
    df = pd.DataFrame([
        {"id": s.id, "title": localized(s.title), "baseline": s.baseline, "from": s.first_year, "source": s.source,
         "plausibility": s.plausibility}
        for s in sc.bundled_scenarios(cat).values()
    ], columns=["id", "title", "baseline", "from", "source", "plausibility"])
    return Table(df, meta(cat), title=str(_("Scenarios")))


def published(req: ListRequest) -> Table:
    import pandas as pd

    cat = catalog_for(req)
    df = pd.DataFrame([p.__dict__ for p in cat.published])
    return Table(df, meta(cat, sources=sources_of(df)), title=str(_("Published totals")))


def categories(req: ListRequest) -> Table:
    """Published splits of annual totals by category, each share, and whether the agreement's
    category provisions for that year hold (``within_rules``)."""
    import pandas as pd

    cat = catalog_for(req)
    cols = ["year", "category", "amount", "share_pct", "within_rules", "source", "note"]
    if not cat.categories:
        return Table(pd.DataFrame(columns=cols), meta(cat), title=str(_("Category splits (published)")))
    df = pd.DataFrame([c.__dict__ for c in cat.categories])
    df["share_pct"] = df["amount"] / df.groupby("year")["amount"].transform("sum") * 100
    provisions = {y: a.provisions for a in cat.agreements.values() for y in a.year_range}

    def check(row: pd.Series) -> bool | None:
        verdicts = [p.allows(int(row["year"]), int(row["amount"])) for p in provisions.get(int(row["year"]), ())
                    if p.category == row["category"]]
        verdicts = [v for v in verdicts if v is not None]
        return all(verdicts) if verdicts else None

    df["within_rules"] = [check(row) for _i, row in df.iterrows()]
    return Table(df[cols], meta(cat, sources=sources_of(df)), title=str(_("Category splits (published)")))
