"""``burdenshare claim [CLAIM]``: the bundled claims, and what one of them means against the model."""

import sys
from typing import Annotated

import typer

from .common import Format, emit, options, request, t


def register(app: typer.Typer) -> None:
    o = options()

    @app.command(help=t("Claims about what a host pays (\"$10 billion a year\", \"$33 billion\", \"very little\", \"the 5% cap\"): "
                        "without CLAIM, the list; with it, what the claim means per year, per US soldier, as a share of the "
                        "defence budget and of GDP, against the agreement's path and the support ledger, with the sources on both sides."))
    def claim(
        claim: Annotated[str | None, typer.Argument(help=t("A claim id (see `burdenshare claim`)."))] = None,
        host: o.host = None, fmt: o.format = Format.table,
    ) -> None:
        from ..i18n import _
        from ..ops import claims as ops
        from ..ops.common import Request
        from ..present.tables import Col

        if claim is None:
            res = ops.claims(request(Request, host=host))
            emit(res, fmt, [Col("id", _("id")), Col("date", _("date")), Col("who", _("who")), Col("title", _("claim")),
                            Col("kind", _("kind"), "word:claim_kind"), Col("source", _("source")), Col("quality", _("quality"), "word:quality")])
            return
        res = ops.claim(request(ops.ClaimRequest, host=host, claim=claim))
        if fmt is Format.json:
            from ..present import formats

            sys.stdout.write(formats.to_json(res.to_dict()) + "\n")
        elif fmt is Format.csv:
            from ..present import formats

            sys.stdout.write(formats.to_csv(res["years"].frame))
        else:
            print_claim(res)


def _num(key, digits=0, suffix=""):
    from ..ops.common import clean

    def f(r):
        v = clean(r.get(key))
        return "·" if v is None else f"{v:,.{digits}f}{suffix}"

    return f


def print_claim(res) -> None:
    from ..i18n import _
    from ..i18n.money import format as money, table_unit
    from ..i18n.vocabulary import word
    from ..present.tables import Col, money_col, print_lines, print_table, said

    m = res.meta
    info = m["claim"]
    cur = m["currency"]
    unit = table_unit(cur)[1]
    lines = [f"{info['title']}", f"  {info['who']}, {info['date']}" + (f" ({info['where']})" if info["where"] else ""),
             f"  \u201c{info['quote'].strip()}\u201d"]
    if info.get("quote_translation"):
        lines.append(f"  {info['quote_translation'].strip()} " + str(_("(translation: burdenshare)")))
    lines += [
             str(_("  source: {source} ({quality}) {url}", source=info["source"], quality=word("quality", info["source_quality"]),
                   url=info["source_url"] or ""))]
    if info.get("per_year"):
        py = info["per_year"]
        lines.append(str(_("  per year: {amount}", amount=money(round(py["amount"]), py["currency"]))))
    print_lines(lines)
    years = res["years"].frame
    kind = info["kind"]
    year = Col("year", _("year"), "year")
    sma = [Col("sma", _("SMA"), "float", money_col("sma", cur)), Col("sma_status", _("status"), "word:status")]
    if kind in ("per_year", "total"):
        cols = [year, *sma, Col("claim", _("claim"), "float", money_col("claim", cur)),
                Col("claim_to_sma", _("claim / SMA"), "float", _num("claim_to_sma", 1, "x")),
                Col("claim_per_soldier_dollars", _("claim per US soldier (USD, stated level)"), "float", _num("claim_per_soldier_dollars")),
                Col("sma_per_soldier_dollars", _("SMA per US soldier (USD)"), "float", _num("sma_per_soldier_dollars")),
                Col("claim_share_defence_budget_pct", _("claim, % of defence budget"), "float", _num("claim_share_defence_budget_pct", 1)),
                Col("sma_share_defence_budget_pct", _("SMA, % of defence budget"), "float", _num("sma_share_defence_budget_pct", 2)),
                Col("claim_share_gdp_pct", _("claim, % of GDP"), "float", _num("claim_share_gdp_pct", 2)),
                Col("fx_status", _("exchange rate"), "word:status")]
        title = _("What the claim means, year by year ({unit} unless stated)", unit=unit)
    elif kind == "cap":
        cols = [year, *sma, Col("rule", _("rule"), "word:rule"),
                Col("index_value", _("index"), fmt=lambda r: "" if r.get("index_series") != r.get("index_series") or not r.get("index_series")
                    else f"{r['index_series']} {int(r['index_year'])} = {r['index_value']:g}% ({word('status', r['index_status'])})"),
                Col("rate_applied_pct", _("rate applied (%)"), "float", _num("rate_applied_pct", 1)),
                Col("change_pct", _("change (%)"), "float", _num("change_pct", 1)),
                Col("agreement_cap_pct", _("cap in the agreement (%)"), "float", _num("agreement_cap_pct", 1)),
                Col("cap_binds", _("cap binds"), "bool")]
        title = _("The agreement's path ({unit})", unit=unit)
    elif kind == "share_of":
        s = info["spec"]
        base, comp = s["series"], s.get("compare")
        cols = [year, Col(base, _("GDP") if base == "gdp" else base, "float", money_col(base, cur)),
                Col(f"{base}_status", _("status"), "word:status"),
                Col("target", _("{pct}% of it", pct=s["pct"]), "float", money_col("target", cur))]
        if comp:
            cols += [Col(comp, _("defence budget") if comp == "defence_budget" else comp, "float", money_col(comp, cur)),
                     Col("compare_share_pct", _("as % of GDP"), "float", _num("compare_share_pct", 2)),
                     Col("gap", _("gap"), "float", money_col("gap", cur))]
        title = _("The pledge against the data ({unit})", unit=unit)
    else:
        cols = [year, *sma, Col("sma_dollars", _("dollars (USD million)"), "float", money_col("sma_dollars", "USD")),
                Col("sma_per_soldier_dollars", _("per US soldier (USD)"), "float", _num("sma_per_soldier_dollars")),
                Col("sma_share_defence_budget_pct", _("% of defence budget"), "float", _num("sma_share_defence_budget_pct", 2)),
                Col("sma_share_gdp_pct", _("% of GDP"), "float", _num("sma_share_gdp_pct", 3)),
                Col("troops_stated", _("US troops (stated)"), "float", _num("troops_stated")),
                Col("troops_headcount", _("US troops (DMDC)"), "float", _num("troops_headcount"))]
        title = _("What was paid under the agreements ({unit})", unit=unit)
    print_table(years, cols, title)
    led = res["ledger"].frame
    if len(led):
        cols = [Col("period", _("year")), Col("definition", _("definition"), fmt=lambda r: r.get("definition_by") or r["definition"]),
                Col("what", _("what"), fmt=lambda r: str(r["what"]) if r["basis"] == "item" else word("support", r["what"])),
                Col("value_host", _("amount"), "float", money_col("value_host", cur)),
                Col("value_dollars", _("dollars (USD million)"), "float", money_col("value_dollars", "USD")),
                Col("basis", _("basis"), "word:ledger_basis"), Col("source", _("source"))]
        if "claim_per_year_to_this" in led:
            cols.insert(5, Col("claim_per_year_to_this", _("claim a year / this a year"), "float", _num("claim_per_year_to_this", 1, "x")))
        print_table(led, cols, _("The support ledger ({unit}): what a host provides beyond the contribution", unit=unit))
    print_table(res["said"].frame, [Col("role", _("side"), "word:said"), Col("date", _("date")), Col("who", _("who")),
                                    Col("quote", _("words"), fmt=lambda r: said(r, or_summary=True)),
                                    Col("source", _("source")), Col("quality", _("quality"), "word:quality")], _("Sources on both sides"))
    notes = [f"  {info['note']}"] if info.get("note") else []
    for y, cav in zip(years["year"], years.get("caveat", [])):
        if isinstance(cav, str):
            notes.append(f"  {y}: {cav}")
    notes.append(str(_("  ·: no source gives the figure (nothing is estimated); future years use the labelled assumptions "
                       "(see `burdenshare series`).")))
    print_lines(notes, style="dim")
