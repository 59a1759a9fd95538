"""The support ledger, as both interfaces show it: per definition the components by period (a total
only where every component is known, else partial), or the published totals item by item; the checks
of published totals against their parts; every item (``--items``); and the contribution's execution
(flows by period and category, balances at a date). Headers and cells in the reader's language:
components, statuses and measures by their words, sources by their publishers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..analysis.ledger import against_words
from ..i18n import _
from ..i18n.money import currency_name, format as money_words, table_unit
from ..i18n.vocabulary import word
from ..model.frames import clean, row_dicts
from ..ops import ledger as ledger_ops
from ..ops.common import validate
from ..ops.result import Table, Tables
from .view import DOT, Cell, Column, Row, TableView, View, money, registry, source, sources, text, words

# The frame columns read here, in one place (the same for every host: the currencies are in the
# frame's metadata). A rename of the frames' columns is an edit of this table alone.
COLS: dict[str, str] = {
    "published_total": "published_total_host",  # a definition's published total, in the host currency
    "item_value": "value_host",  # an item in the host currency
    "item_dollars": "value_dollars",  # an item in dollars
    "as_published": "value",  # an item as its source gives it (in `currency`)
    "execution_dollars": "value_dollars",
}


def col(name: str, currency: str) -> str:
    """The frame's column for `name` (`currency` kept for callers: the columns no longer depend on it)."""
    del currency
    return COLS[name]


def _year() -> Column:
    return Column("period", str(_("year")), key_column=True)


def _dollars(dollar: str) -> str:
    return str(_("{currency} ({unit})", currency=currency_name(dollar), unit=table_unit(dollar)[1]))


def _as_published(v: Any, currency: Any) -> Cell:
    raw = clean(v)
    if raw is None or not isinstance(currency, str):
        return Cell(DOT)
    return Cell(money_words(int(raw), currency), raw)


def _components(res: Tables, did: str, d: Mapping[str, Any], reg: Mapping[str, Any]) -> TableView | None:
    meta = res.meta
    cur = meta["currency"]
    rows = res["ledger"].frame
    rows = rows[rows["definition"] == did]
    if not len(rows):
        return None
    comps = list(meta["components"])
    counted = [k for k in comps if k in d["components"]]
    parts = [p for k in counted for p in meta.get("parts", {}).get(k, ())]
    shown = [k for k in comps if k in counted or (k in parts and rows[k].notna().any())]  # parts only where a source gives them
    cols = (_year(), *(Column(k, word("component", k)) for k in shown), Column("known_sum", str(_("known part")), key_column=True),
            Column("total", str(_("total")), key_column=True), Column("status", str(_("status")), "text", key_column=True),
            Column("published_total", str(_("published total"))), Column("source", str(_("source")), "text"))
    body = []
    for r in row_dicts(rows):
        basis = clean(r.get("contribution_basis"))
        status = words("status", r["status"])
        if isinstance(basis, str) and basis.startswith("agreement:"):
            status = Cell(status.text, status.value, note=f"({word('status', basis)})")
        published = money(r[col("published_total", cur)], cur)
        published = Cell(published.text, published.value, note=word("support", clean(r["published_total"])))
        body.append(Row((text(r["period"]), *(money(r[k], cur) for k in shown), money(r["known_sum"], cur), money(r["total"], cur),
                         status, published, source(reg, r["published_source"])), css=str(r["status"])))
    return TableView(f"ledger-{did}", str(d["title"]), cols, tuple(body), caption=table_unit(cur)[1],
                     subtitle=f"{d['by']}: {d['description']}" if d["description"] else "",
                     notes=(str(d["note"]),) if d.get("note") else ())


def _totals(res: Tables, did: str, d: Mapping[str, Any], reg: Mapping[str, Any]) -> TableView:
    cur, dollar = res.meta["currency"], res.meta["dollar"]
    items = res["items"].frame
    items = items[items["definition"] == did]
    cols = (_year(), Column("support", str(_("which")), "text"), Column("component", str(_("component")), "text", key_column=True),
            Column("item", str(_("item")), "text"), Column("as_published", str(_("as published"))),
            Column("value", str(_("amount")), key_column=True), Column("dollars", _dollars(dollar)),
            Column("status", str(_("status")), "text"), Column("source", str(_("source")), "text"))
    body = tuple(Row((text(r["period"]), words("support", r["support"]), words("component", r["component"]), text(r["item"]),
                      _as_published(r[col("as_published", cur)], r["currency"]), money(r[col("item_value", cur)], cur),
                      money(r[col("item_dollars", cur)], dollar), words("status", r["status"]), source(reg, r["source"])))
                 for r in row_dicts(items))
    return TableView(f"ledger-{did}", str(d["title"]), cols, body, caption=table_unit(cur)[1],
                     subtitle=f"{d['by']}: {d['description']}" if d["description"] else "",
                     notes=(str(d["note"]),) if d.get("note") else ())


def checks_table(res: Tables, reg: Mapping[str, Any]) -> TableView:
    by = {did: d["by"] for did, d in res.meta["definitions"].items()}
    cols = (_year(), Column("definition", str(_("definition")), "text", key_column=True), Column("total", str(_("total")), "text"),
            Column("status", str(_("status")), "text"), Column("against", str(_("against")), "text"),
            Column("published", str(_("published"))), Column("sum", str(_("sum of parts"))), Column("difference", str(_("difference"))),
            Column("unit", str(_("unit")), "text"), Column("result", str(_("result")), "text", key_column=True),
            Column("source", str(_("source")), "text"))
    body = tuple(Row((text(r["period"]), Cell(str(by.get(r["definition"], r["definition"])), r["definition"]), words("support", r["total"]),
                      words("status", r["status"]), Cell(against_words(r["against"]), r["against"]),
                      money(r["published"], r["currency"]), money(r.get("sum"), r["currency"]), money(r.get("difference"), r["currency"]),
                      Cell(table_unit(r["currency"])[1], r["currency"]), words("check", r["result"]), source(reg, r["source"])),
                     css="check-" + str(r["result"]).replace(" ", "-"))
                 for r in row_dicts(res["checks"].frame))
    return TableView("checks", str(_("Published totals checked against the sum of their parts")), cols, body,
                     empty=str(_("No published total of this host's support can be checked against its parts: none is in the data.")))


def ledger_tables(res: Tables) -> View:
    """The ledger's tables (one per definition, then the checks) with its finding and notes."""
    from .findings import ledger as ledger_finding

    meta = res.meta
    reg = registry(meta["host"])
    tables: list[TableView] = []
    for did, d in meta["definitions"].items():
        counted = any(k in d["components"] for k in meta["components"])
        t = _components(res, did, d, reg) if counted else _totals(res, did, d, reg)
        if t is not None:
            tables.append(t)
    tables.append(checks_table(res, reg))
    notes = [str(_("·: no source gives the figure (nothing is estimated); a total is shown only where every component "
                   "is known, otherwise the year is partial and the known part is shown."))]
    df = res["ledger"].frame
    if df["contribution_basis"].astype(str).str.startswith("agreement:").any():
        notes.append(str(_("{component} in years without a ledger source: from the agreements, published, derived from the "
                           "agreement's rule or projected from assumptions, as the status says in brackets.",
                           component=word("component", meta["contribution"]))))
    if meta.get("note"):
        notes.append(str(meta["note"]))
    return View(host=meta["host"], title=str(res.title), finding=ledger_finding(res), unit=table_unit(meta["currency"])[1],
                tables=tuple(tables), notes=tuple(notes), sources=sources(reg, meta.get("sources", [])))


def items_table(res: Tables) -> TableView:
    """Every item as its source lists it."""
    cur, dollar = res.meta["currency"], res.meta["dollar"]
    reg = registry(res.meta["host"])
    by = {did: d["by"] for did, d in res.meta["definitions"].items()}
    cols = (_year(), Column("definition", str(_("definition")), "text"), Column("support", str(_("which")), "text"),
            Column("component", str(_("component")), "text", key_column=True), Column("item", str(_("item")), "text"),
            Column("as_published", str(_("as published"))), Column("value", str(_("amount")), key_column=True),
            Column("dollars", _dollars(dollar)), Column("status", str(_("status")), "text"),
            Column("source", str(_("source")), "text"), Column("note", str(_("note")), "text"))
    body = tuple(Row((text(r["period"]), Cell(str(by.get(r["definition"], r["definition"])), r["definition"]), words("support", r["support"]),
                      words("component", r["component"]), text(r["item"]), _as_published(r[col("as_published", cur)], r["currency"]),
                      money(r[col("item_value", cur)], cur), money(r[col("item_dollars", cur)], dollar), words("status", r["status"]),
                      source(reg, r["source"]), text(r["note"])))
                 for r in row_dicts(res["items"].frame))
    return TableView("items", str(res.title), cols, body, caption=table_unit(cur)[1])


def execution_tables(ex: Table) -> View:
    """Flows per period and category (a column per measure), the balances held at a date, and the
    other figures sources give (as notes)."""
    from ..model.ledger import MEASURES, STOCKS

    meta = ex.meta
    cur, dollar = meta["currency"], meta["dollar"]
    reg = registry(meta["host"])
    df = ex.frame
    flows = df[~df["measure"].isin(STOCKS)]
    measures = [m for m in MEASURES if m in set(flows["measure"]) and m not in STOCKS]
    cols = (_year(), Column("category", str(_("category")), "text", key_column=True),
            *(Column(m, word("execution", m), key_column=i == 0) for i, m in enumerate(measures)),
            Column("computed", str(_("computed here")), "text"), Column("sources", str(_("sources")), "text"))
    body = []
    for (period, category), g in flows.groupby(["period", "category"], sort=False):
        values: dict[str, Any] = {}
        marks = []
        for r in row_dicts(g):
            if r["status"] == "alternative":
                continue
            values[r["measure"]] = r["value"] if r["currency"] == cur else None
            if r["status"] == "computed":
                marks.append(word("execution", r["measure"]))
        cited = list(dict.fromkeys(s for s in g["source"] if isinstance(s, str)))
        names = [source(reg, s) for s in cited]
        body.append(Row((text(period), words("category", category), *(money(values.get(m), cur) for m in measures),
                         Cell(", ".join(marks)), Cell(", ".join(n.text for n in names), ", ".join(cited)))))
    stocks = df[df["measure"].isin(STOCKS)]
    balance_cols = (Column("as_of", str(_("as of")), key_column=True), Column("measure", str(_("what")), "text", key_column=True),
                    Column("value", str(_("amount")), key_column=True), Column("dollars", _dollars(dollar)),
                    Column("source", str(_("source")), "text"), Column("note", str(_("note")), "text"))
    # a balance given in dollars has no amount in the host currency (the dollars column shows it; no rate is assumed)
    balances = tuple(Row((text(r["as_of"]), words("execution", r["measure"]), money(r["value"] if r["currency"] == cur else None, cur),
                          money(r[col("execution_dollars", cur)], dollar), source(reg, r["source"]), text(r["note"])))
                     for r in row_dicts(stocks))
    notes = [str(_("  {period} {measure}: another figure, {amount} ({source}): {note}", period=r["period"],
                   measure=word("execution", r["measure"]), amount=_as_published(r["value"], r["currency"]).text,
                   source=source(reg, r["source"]).text, note=r["note"])).strip()
             for r in row_dicts(df[df["status"] == "alternative"])]
    notes.append(str(_("·: no source gives the figure (nothing is estimated). 'spent' is computed here as available minus unexecuted "
                       "where both are published.")))
    empty = str(_("No source on the execution of this host's contribution is in the data (see docs/data.md, Execution, to add one)."))
    tables = (TableView("execution", str(ex.title), cols, tuple(body), caption=table_unit(cur)[1], empty=empty),
              TableView("balances", str(_("Unspent money held and money owed, at a date")), balance_cols, balances,
                        caption=table_unit(cur)[1]))
    return View(host=meta["host"], title=str(ex.title), finding="", unit=table_unit(cur)[1], tables=tables, notes=tuple(notes),
                sources=sources(reg, df["source"]))


@dataclass(frozen=True)
class LedgerView(View):
    components: str = ""  # the host's own components, in words
    empty: bool = False  # the host's data hold no ledger (the page says so)


def ledger_view(host: str | None) -> LedgerView:
    """The whole bill page: the ledger's tables, then the execution's, with every source cited; for a
    host whose data hold no ledger, a page that says so."""
    req = validate(ledger_ops.LedgerRequest, {"host": host})
    held, host_id, name = ledger_ops.holds_ledger(req)
    if not held:
        return LedgerView(host=host_id, title=str(_("The whole bill: support for the US forces")), unit="", tables=(),
                          finding=str(_("The data hold no support ledger for {host} yet: no source giving the whole of its "
                                        "support for the US forces has been added, so no figure is shown.", host=name)),
                          empty=True)
    res = ledger_ops.ledger(req)
    ex = ledger_ops.execution(validate(ledger_ops.ExecutionRequest, {"host": host}))
    led, exe = ledger_tables(res), execution_tables(ex)
    cited = [*(s.id for s in led.sources), *(s.id for s in exe.sources)]
    reg = registry(res.meta["host"])
    return LedgerView(host=led.host, title=led.title, finding=led.finding, unit=led.unit, tables=led.tables + exe.tables,
                      notes=led.notes + exe.notes, sources=sources(reg, cited), components=components_text(res))


def components_text(res: Tables) -> str:
    """The host's own components, without the parts of a component ("of which in cash")."""
    parts = {p for ps in res.meta.get("parts", {}).values() for p in ps}
    return ", ".join(word("component", k) for k in res.meta["components"] if k not in parts)


__all__ = ["COLS", "LedgerView", "checks_table", "components_text", "execution_tables", "items_table", "ledger_tables", "ledger_view"]
