"""The claims, as both interfaces show them: the list, and one claim against the model (its years by
the claim's kind, the support ledger beside it, the sources on both sides). Every header and cell is
in the reader's language; series by their names, sources by their publishers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..i18n import _
from ..i18n.money import currency_name, format as money_words, table_unit
from ..i18n.vocabulary import word
from ..model.frames import clean, row_dicts
from ..ops import claims as claims_ops
from ..ops.common import Request, validate
from ..ops.result import Table, Tables
from . import labels
from .view import Cell, Column, Row, TableView, View, money, number, registry, source, sources, text, words

# The frame columns read here, in one place (the same for every host: the currencies are in the
# frame's metadata); ``{series}`` is a series' id. A rename of the frames' columns is an edit of this table alone.
COLS: dict[str, str] = {
    "sma": "sma",
    "sma_dollars": "sma_dollars",
    "claim": "claim",
    "claim_per_soldier": "claim_per_soldier_dollars",
    "sma_per_soldier": "sma_per_soldier_dollars",
    "target": "target",
    "gap": "gap",
    "series": "{series}",
    "ledger_value": "value_host",
    "ledger_dollars": "value_dollars",
}


def col(name: str, currency: str, **kw: str) -> str:
    """The frame's column for `name` (`currency` kept for callers: the columns no longer depend on it)."""
    del currency
    return COLS[name].format(**kw)


@dataclass(frozen=True)
class ClaimView(View):
    """One claim: the view, and what the page's head shows (the words as printed, who, when, the source)."""

    info: Mapping[str, Any] = field(default_factory=dict)
    source: Cell = field(default_factory=lambda: Cell(""))
    quality_word: str = ""
    per_year: str = ""


def claims_view(host: str | None) -> View:
    res = claims_ops.claims(validate(Request, {"host": host}))
    return claims_list(res)


def claims_list(res: Table) -> View:
    reg = registry(res.meta["host"])
    columns = (Column("id", str(_("claim id")), "text", web=False, wrap=False), Column("date", str(_("date")), key_column=True),
               Column("title", str(_("claim")), "text", key_column=True), Column("who", str(_("who")), "text"),
               Column("kind", str(_("kind")), "text"), Column("source", str(_("source")), "text"),
               Column("quality", str(_("quality")), "text"))
    rows = tuple(Row((text(r["id"]), text(str(r["date"])), Cell(str(r["title"]), r["id"]), text(r["who"]), words("claim_kind", r["kind"]),
                      source(reg, r["source"]), words("quality", r["quality"])))
                 for r in row_dicts(res.frame))
    table = TableView("claims", res.title, columns, rows,
                      empty=str(_("No claim about this host is in the data yet: open another host's claims, or add a claim file "
                                  "(docs/data.md, Claims).")))
    return View(host=res.meta["host"], title=res.title, finding="", unit="", tables=(table,),
                sources=sources(reg, res.frame["source"]))


def claim_view(claim: str, host: str | None) -> ClaimView:
    return claim_detail(claims_ops.claim(validate(claims_ops.ClaimRequest, {"host": host, "claim": claim})))


def _years(res: Tables, info: Mapping[str, Any]) -> TableView:
    from ..model.catalog import catalog

    m = res.meta
    cur, dollar = m["currency"], m["dollar"]
    dollars = currency_name(dollar)
    years = res["years"].frame
    rs = row_dicts(years)
    kind = info["kind"]
    year = Column("year", str(_("year")), key_column=True)
    sma = [Column("sma", str(_("SMA")), key_column=True), Column("sma_status", str(_("status")), "text", key_column=True)]

    def sma_cells(r: dict[str, Any]) -> list[Cell]:
        return [money(r[col("sma", cur)], cur), words("status", r["sma_status"])]

    if kind in ("per_year", "total"):
        cols = [year, *sma, Column("claim", str(_("claim")), key_column=True), Column("claim_to_sma", str(_("claim / SMA"))),
                Column("claim_per_soldier", str(_("claim per US soldier ({unit}, stated level)", unit=dollars))),
                Column("sma_per_soldier", str(_("SMA per US soldier ({unit})", unit=dollars))),
                Column("claim_share_defence_budget", str(_("claim, % of defence budget"))),
                Column("sma_share_defence_budget", str(_("SMA, % of defence budget"))),
                Column("claim_share_gdp", str(_("claim, % of GDP")))]
        body = [[*sma_cells(r), money(r[col("claim", cur)], cur), number(r["claim_to_sma"], 1, "x"),
                 number(r[col("claim_per_soldier", cur)]), number(r[col("sma_per_soldier", cur)]),
                 number(r["claim_share_defence_budget_pct"], 1), number(r["sma_share_defence_budget_pct"], 2),
                 number(r["claim_share_gdp_pct"], 2)] for r in rs]
        title = _("The claim against the agreement's path")
    elif kind == "cap":
        cols = [year, *sma, Column("rule", str(_("rule")), "text"), Column("rate_applied", str(_("rate applied (%)"))),
                Column("change", str(_("change (%)"))), Column("agreement_cap", str(_("cap in the agreement (%)"))),
                Column("cap_binds", str(_("cap binds")), "text")]
        body = [[*sma_cells(r), words("rule", r.get("rule")), number(r.get("rate_applied_pct"), 1), number(r.get("change_pct"), 1),
                 number(r.get("agreement_cap_pct"), 1), Cell(str(_("yes")) if clean(r.get("cap_binds")) else "", bool(clean(r.get("cap_binds"))))]
                for r in rs]
        title = _("The agreement's path")
    elif kind == "share_of":
        spec = info["spec"]
        base, comp = str(spec["series"]), spec.get("compare")
        cat = catalog(m["host"])
        cols = [year, Column(base, labels.series_name(cat, base), key_column=True),
                Column(f"{base}_status", str(_("status")), "text", key_column=True),
                Column("target", str(_("{pct}% of it", pct=spec["pct"])), key_column=True)]
        if comp:
            cols += [Column(str(comp), labels.series_name(cat, str(comp))), Column("compare_share", str(_("as % of GDP"))),
                     Column("gap", str(_("gap")))]
        body = [[money(r[col("series", cur, series=base)], cur), words("status", r[f"{base}_status"]), money(r[col("target", cur)], cur)]
                + ([money(r[col("series", cur, series=str(comp))], cur), number(r["compare_share_pct"], 2), money(r[col("gap", cur)], cur)]
                   if comp else [])
                for r in rs]
        title = _("The pledge against the data")
    else:
        cols = [year, *sma, Column("sma_dollars", str(_("{currency} ({unit})", currency=dollars, unit=table_unit(dollar)[1]))),
                Column("sma_per_soldier", str(_("per US soldier ({unit})", unit=dollars))),
                Column("sma_share_defence_budget", str(_("% of defence budget"))), Column("sma_share_gdp", str(_("% of GDP"))),
                Column("troops_stated", str(_("US troops (stated)"))), Column("troops_headcount", str(_("US troops (DMDC)")))]
        body = [[*sma_cells(r), money(r[col("sma_dollars", cur)], dollar), number(r[col("sma_per_soldier", cur)]),
                 number(r["sma_share_defence_budget_pct"], 2), number(r["sma_share_gdp_pct"], 3),
                 number(r["troops_stated"]), number(r["troops_headcount"])] for r in rs]
        title = _("What was paid under the agreements")
    rows = tuple(Row((text(r["year"]), *b)) for r, b in zip(rs, body, strict=True))
    caveats = tuple(f"{r['year']}: {r['caveat']}" for r in rs if isinstance(clean(r.get("caveat")), str))
    return TableView("years", str(title), tuple(cols), rows, caption=str(_("{unit} unless stated", unit=table_unit(cur)[1])),
                     notes=caveats)


def _ledger(res: Tables, reg: Mapping[str, Any]) -> TableView:
    m = res.meta
    cur, dollar = m["currency"], m["dollar"]
    led = res["ledger"].frame
    ratio = "claim_per_year_to_this" in led
    cols = [Column("period", str(_("year")), key_column=True), Column("definition", str(_("definition")), "text"),
            Column("what", str(_("what")), "text", key_column=True), Column("value", str(_("amount")), key_column=True),
            Column("dollars", str(_("{currency} ({unit})", currency=currency_name(dollar), unit=table_unit(dollar)[1])))]
    if ratio:
        cols.append(Column("claim_per_year_to_this", str(_("claim a year / this a year"))))
    cols += [Column("basis", str(_("basis")), "text"), Column("source", str(_("source")), "text")]
    rows = []
    for r in row_dicts(led):
        what = text(r["what"]) if r["basis"] == "item" else words("support", r["what"])
        cells = [text(r["period"]), Cell(str(clean(r.get("definition_by")) or r["definition"]), r["definition"]), what,
                 money(r[col("ledger_value", cur)], cur), money(r[col("ledger_dollars", cur)], dollar)]
        if ratio:
            cells.append(number(r.get("claim_per_year_to_this"), 1, "x"))
        cells += [words("ledger_basis", r["basis"]), source(reg, r["source"])]
        rows.append(Row(tuple(cells)))
    return TableView("ledger", str(_("The support ledger: what a host provides beyond the contribution")), tuple(cols), tuple(rows),
                     caption=str(_("{unit} unless stated", unit=table_unit(cur)[1])))


def _said(res: Tables, reg: Mapping[str, Any]) -> TableView:
    cols = (Column("role", str(_("side")), "text"), Column("date", str(_("date")), key_column=True), Column("who", str(_("who")), "text"),
            Column("words", str(_("words")), "text", key_column=True), Column("source", str(_("source")), "text"),
            Column("quality", str(_("quality")), "text"))
    rows = []
    for r in row_dicts(res["said"].frame):
        quote = str(clean(r["quote"]) or "")
        summary = str(clean(r["summary"]) or "")
        said = (Cell(quote, quote, note=summary, lang=str(clean(r["quote_lang"]) or ""), translation=str(clean(r["quote_translation"]) or ""))
                if quote else Cell(summary, summary))
        rows.append(Row((words("said", r["role"]), text(str(r["date"]) if clean(r["date"]) else ""), text(r["who"]), said,
                         source(reg, r["source"], clean(r["url"]) or None), words("quality", r["quality"]))))
    return TableView("said", str(_("Sources on both sides")), cols, tuple(rows))


def claim_detail(res: Tables) -> ClaimView:
    from .findings import claim as claim_finding

    m = res.meta
    reg = registry(m["host"])
    info = m["claim"]
    per_year = info.get("per_year")
    py = money_words(round(per_year["amount"]), per_year["currency"]) if per_year else ""
    src = source(reg, info.get("source"), info.get("source_url") or None)
    quality = word("quality", info.get("source_quality"))
    lines = [str(info["title"]), f"  {info['who']}, {info['date']}" + (f" ({info['where']})" if info.get("where") else ""),
             f"  \u201c{str(info['quote']).strip()}\u201d"]
    if info.get("quote_translation"):
        lines.append(f"  {str(info['quote_translation']).strip()} " + str(_("(translation: burdenshare)")))
    lines.append(str(_("  source: {source} ({quality}) {url}", source=src.text, quality=quality, url=src.href)))
    if py:
        lines.append(str(_("  per year: {amount}", amount=py)))
    tables = [_years(res, info)]
    if len(res["ledger"].frame):
        tables.append(_ledger(res, reg))
    tables.append(_said(res, reg))
    notes = (str(info["note"]),) if info.get("note") else ()
    return ClaimView(host=m["host"], title=str(info["title"]), finding=claim_finding(res), unit=table_unit(m["currency"])[1],
                     tables=tuple(tables), notes=notes, sources=sources(reg, m.get("sources", [])), lines=tuple(lines),
                     info=info, source=src, quality_word=quality, per_year=py)


__all__ = ["COLS", "ClaimView", "claim_detail", "claim_view", "claims_list", "claims_view"]
