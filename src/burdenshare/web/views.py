"""What the server-rendered pages show: the operations' tables turned into rows of words and
numbers in the reader's language (money in the language's table unit, codes as words). No domain
logic: every figure comes from an operation."""

from __future__ import annotations

import math
from typing import Any

from ..analysis.ledger import against_words
from ..i18n import _
from ..i18n.money import format as money_words, in_table_unit, table_unit
from ..i18n.vocabulary import word
from ..model.frames import row_dicts
from ..ops import claims as claims_ops, ledger as ledger_ops
from ..ops.common import Request, clean, validate
from ..present import labels

DOT = "·"


def _m(v: Any, currency: str) -> str:
    v = clean(v)
    return DOT if v is None else in_table_unit(v, currency)


def _n(v: Any, digits: int = 0, suffix: str = "") -> str:
    v = clean(v)
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return DOT
    return f"{v:,.{digits}f}{suffix}"


def _sources(cat_sources: dict, ids) -> list[dict]:
    out = []
    for sid in dict.fromkeys(i for i in ids if isinstance(i, str) and i):
        s = cat_sources.get(sid)
        if s is not None:
            out.append({"id": sid, "title": s.title, "publisher": labels.publisher(s), "url": s.url, "date": s.date,
                        "quality": s.quality, "quality_word": word("quality", s.quality)})
    return out


def _registry(host: str | None) -> dict:
    from ..model.catalog import catalog

    return dict(catalog(host).sources)


def ledger_view(host: str | None) -> dict:
    res = ledger_ops.ledger(validate(ledger_ops.LedgerRequest, {"host": host}))
    ex = ledger_ops.execution(validate(ledger_ops.ExecutionRequest, {"host": host}))
    meta = res.meta
    reg = _registry(meta["host"])
    cur = meta["currency"]
    comps = list(meta["components"])
    tables = []
    df = res["ledger"].frame
    items = res["items"].frame
    for did, d in meta["definitions"].items():
        rows = df[df["definition"] == did]
        if not len(rows):
            continue
        counted = [k for k in comps if k in d["components"]]
        parts = [p for k in counted for p in meta.get("parts", {}).get(k, ())]
        shown = [k for k in comps if k in counted or (k in parts and rows[k].notna().any())]
        if counted:
            body = []
            for r in row_dicts(rows):
                body.append({"period": r["period"], "cells": [_m(r[k], cur) for k in shown], "known": _m(r["known_sum"], cur),
                             "total": _m(r["total"], cur), "status": r["status"], "status_word": word("status", r["status"]),
                             "basis": word("status", clean(r["contribution_basis"])),
                             "published": _m(r["published_total_host"], cur),
                             "published_which": word("support", clean(r["published_total"])),
                             "source": clean(r["published_source"]) or "",
                             "source_text": labels.source_text(reg, clean(r["published_source"]))})
            tables.append({"id": did, "kind": "components", "title": d["title"], "by": d["by"], "description": d["description"],
                           "note": d["note"], "heads": [word("component", k) for k in shown], "rows": body})
        else:
            its = items[items["definition"] == did]
            body = [{"period": r["period"], "which": word("support", r["support"]), "component": word("component", r["component"]),
                     "item": r["item"], "published": DOT if clean(r["value"]) is None else money_words(int(r["value"]), r["currency"]),
                     "host": _m(r["value_host"], cur), "status": word("status", r["status"]), "source": r["source"],
                     "source_text": labels.source_text(reg, clean(r["source"]))}
                    for r in row_dicts(its)]
            tables.append({"id": did, "kind": "totals", "title": d["title"], "by": d["by"], "description": d["description"],
                           "note": d["note"], "rows": body})
    by = {did: d["by"] for did, d in meta["definitions"].items()}
    checks = [{"period": r["period"], "definition": by.get(r["definition"], r["definition"]), "total": word("support", r["total"]),
               "status": word("status", r["status"]), "against": against_words(r["against"]),
               "published": _m(r["published"], r["currency"]),
               "sum": _m(r.get("sum"), r["currency"]), "difference": _m(r.get("difference"), r["currency"]),
               "unit": table_unit(r["currency"])[1], "result": r["result"], "result_word": word("check", r["result"]), "source": r["source"],
               "source_text": labels.source_text(reg, clean(r["source"]))}
              for r in row_dicts(res["checks"].frame)]
    exf = ex.frame
    execution = [{"period": r["period"], "as_of": r["as_of"] if isinstance(r["as_of"], str) else "", "category": word("category", r["category"]),
                  "measure": word("execution", r["measure"]), "value": _m(r["value"], r["currency"]), "status": word("status", r["status"]),
                  "source": clean(r["source"]) or "", "source_text": labels.source_text(reg, clean(r["source"])),
                  "note": clean(r["note"]) or ""}
                 for r in row_dicts(exf)]
    cited = [*meta.get("sources", []), *(r["source"] for r in row_dicts(exf))]
    # the host's own components, without the parts of a component ("of which in cash")
    parts = {p for ps in meta.get("parts", {}).values() for p in ps}
    components = ", ".join(word("component", k) for k in comps if k not in parts)
    from ..present.findings import ledger as ledger_finding

    return {"host": meta["host"], "unit": table_unit(cur)[1], "tables": tables, "checks": checks, "execution": execution,
            "finding": ledger_finding(res), "title": res.title,
            "ledger_note": meta.get("note", ""), "components": components, "sources": _sources(_registry(meta["host"]), cited)}


def claims_view(host: str | None) -> dict:
    res = claims_ops.claims(validate(Request, {"host": host}))
    reg = _registry(res.meta["host"])
    rows = [{"id": r["id"], "date": str(r["date"]), "who": r["who"], "title": r["title"], "kind": r["kind"], "source": r["source"],
             "source_text": labels.source_text(reg, r["source"]),
             "quality": r["quality"], "quality_word": word("quality", r["quality"])}
            for r in row_dicts(res.frame)]
    return {"host": res.meta["host"], "claims": rows, "sources": _sources(_registry(res.meta["host"]), [r["source"] for r in rows])}


def claim_view(claim: str, host: str | None) -> dict:
    res = claims_ops.claim(validate(claims_ops.ClaimRequest, {"host": host, "claim": claim}))
    m = res.meta
    reg = _registry(m["host"])
    info = m["claim"]
    cur = m["currency"]
    years = res["years"].frame
    kind = info["kind"]
    if kind in ("per_year", "total"):
        heads = [_("SMA"), _("status"), _("claim"), _("claim / SMA"), _("claim per US soldier (USD)"), _("SMA per US soldier (USD)"),
                 _("claim, % of defence budget"), _("SMA, % of defence budget"), _("claim, % of GDP")]
        body = [[_m(r["sma"], cur), word("status", clean(r["sma_status"])), _m(r["claim"], cur), _n(r["claim_to_sma"], 1, "x"),
                 _n(r["claim_per_soldier_dollars"]), _n(r["sma_per_soldier_dollars"]), _n(r["claim_share_defence_budget_pct"], 1),
                 _n(r["sma_share_defence_budget_pct"], 2), _n(r["claim_share_gdp_pct"], 2)] for r in row_dicts(years)]
    elif kind == "cap":
        heads = [_("SMA"), _("status"), _("rule"), _("rate applied (%)"), _("change (%)"), _("cap in the agreement (%)"), _("cap binds")]
        body = [[_m(r["sma"], cur), word("status", clean(r["sma_status"])), word("rule", clean(r.get("rule"))), _n(r.get("rate_applied_pct"), 1),
                 _n(r.get("change_pct"), 1), _n(r.get("agreement_cap_pct"), 1), _("yes") if r.get("cap_binds") else ""]
                for r in row_dicts(years)]
    elif kind == "share_of":
        s = info["spec"]
        base, comp = s["series"], s.get("compare")
        names = {"gdp": _("GDP"), "defence_budget": _("defence budget")}
        heads = [names.get(base, base), _("status"), _("{pct}% of it", pct=s["pct"])] + (
            [names.get(comp, comp), _("as % of GDP"), _("gap")] if comp else [])
        body = [[_m(r[base], cur), word("status", clean(r[f"{base}_status"])), _m(r["target"], cur)]
                + ([_m(r[comp], cur), _n(r["compare_share_pct"], 2), _m(r["gap"], cur)] if comp else [])
                for r in row_dicts(years)]
    else:
        heads = [_("SMA"), _("status"), _("dollars (USD million)"), _("per US soldier (USD)"), _("% of defence budget"), _("% of GDP")]
        body = [[_m(r["sma"], cur), word("status", clean(r["sma_status"])), _m(r["sma_dollars"], "USD"), _n(r["sma_per_soldier_dollars"]),
                 _n(r["sma_share_defence_budget_pct"], 2), _n(r["sma_share_gdp_pct"], 3)] for r in row_dicts(years)]
    rows = [{"year": y, "cells": b} for y, b in zip(years["year"], body)]
    caveats = [f"{y}: {cv}" for y, cv in zip(years["year"], years.get("caveat", [])) if isinstance(cv, str)]
    led = [{"period": r["period"], "definition": clean(r.get("definition_by")) or r["definition"],
            "what": r["what"] if r["basis"] == "item" else word("support", r["what"]), "value": _m(r["value_host"], cur),
            "usd": _m(r["value_dollars"], "USD"), "ratio": _n(r.get("claim_per_year_to_this"), 1, "x") if "claim_per_year_to_this" in r else "",
            "source": clean(r["source"]) or "", "source_text": labels.source_text(reg, clean(r["source"]))}
           for r in row_dicts(res["ledger"].frame)]
    said = [{"role": r["role"], "role_word": word("said", r["role"]), "date": str(r["date"]) if clean(r["date"]) else "",
             "who": r["who"], "quote": r["quote"] or "", "quote_lang": r["quote_lang"] or "",
             "translation": clean(r["quote_translation"]) or "", "summary": r["summary"] or "", "source": r["source"], "url": r["url"],
             "source_text": labels.source_text(reg, r["source"]),
             "quality": r["quality"], "quality_word": word("quality", r["quality"])} for r in row_dicts(res["said"].frame)]
    per_year = info.get("per_year")
    from ..present.findings import claim as claim_finding

    return {"host": m["host"], "info": info, "unit": table_unit(cur)[1], "heads": [str(h) for h in heads], "rows": rows,
            "caveats": caveats, "ledger": led, "said": said,
            "per_year": money_words(round(per_year["amount"]), per_year["currency"]) if per_year else "",
            "finding": claim_finding(res), "title": info["title"], "source_text": labels.source_text(reg, info.get("source")),
            "quality_word": word("quality", info["source_quality"]),
            "sources": _sources(_registry(m["host"]), m.get("sources", []))}
