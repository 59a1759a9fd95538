"""The one-sentence finding that opens a view (as a data publication opens a chart): what the
figures say, in the reader's language, from the result itself."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ..i18n import _
from ..i18n.money import Money
from ..i18n.vocabulary import word
from ..ops.common import records

if TYPE_CHECKING:
    from ..ops.result import Row, Table, Tables


def _year(rows: list[Row], year: int) -> Row | None:
    return next((r for r in rows if r["year"] == year), None)


def _now_row(table: Table, today: dt.date | None = None) -> Row | None:
    """The row of the year a history's finding speaks of: this year, held within the years shown."""
    col = "amount"
    rows = [r for r in table.rows() if r.get(col) is not None]
    if not rows:
        return None
    year = min(max((today or dt.date.today()).year, rows[0]["year"]), rows[-1]["year"])
    return _year(rows, year) or rows[-1]


def history_agreement(table: Table, today: dt.date | None = None) -> str | None:
    """The agreement in force in the year a history's finding speaks of."""
    row = _now_row(table, today)
    return row["agreement"] if row else None


def history(table: Table, today: dt.date | None = None) -> str:
    """"In 2026 Korea pays 1조 5,192억원 under the 12th SMA, 8.3% more than in 2025; by 2030 ..."."""
    cur = table.meta["currency"]
    col = "amount"
    rows = [r for r in table.rows() if r.get(col) is not None]
    if not rows:
        return ""
    year = min(max((today or dt.date.today()).year, rows[0]["year"]), rows[-1]["year"])
    now = _year(rows, year) or rows[-1]
    last = rows[-1]
    parts = [_("In {year} {host} pays {amount} under the {agreement}", year=now["year"], host=table.meta.get("host_name", ""),
               amount=Money(now[col], cur), agreement=now.get("agreement_title") or now["agreement"])]
    if now.get("change_pct") is not None:
        parts.append(_(", {change:+.1f}% on {previous}", change=now["change_pct"], previous=now["year"] - 1))
    if last["year"] > now["year"]:
        parts.append(_("; by {year} it reaches {amount} ({status}: {how})", year=last["year"], amount=Money(last[col], cur),
                       status=word("status", last["status"]), how=last.get("basis", "")))
    return "".join(str(p) for p in parts) + "."


def schedule(table: Table) -> str:
    cur = table.meta["currency"]
    col = "amount"
    rows = table.rows()
    known = [r for r in rows if r.get(col) is not None]
    if not known:
        return str(_("No source gives this agreement's amounts."))
    total = sum(r[col] for r in known)
    capped = [str(r["year"]) for r in rows if r.get("cap_binds")]
    text = _("{title}: {total} over {first}-{last}", title=table.title, total=Money(total, cur), first=known[0]["year"],
             last=known[-1]["year"])
    if len(known) < len(rows):
        text = _("{text} (the years no source gives are left out)", text=text)
    if capped:
        text = _("{text}; the cap binds in {years}", text=text, years=", ".join(capped))
    return str(text) + "."


def _signed(amount: int, cur: str) -> str:
    """+1조 2,000억원 / −3,000억원: a difference with its sign."""
    return ("+" if amount > 0 else "−" if amount < 0 else "±") + str(Money(abs(amount), cur))


def compare(res: Tables) -> str:
    """The comparison named plainly: the baseline's total over the compared years first, then the
    lowest and the highest alternative with their difference from it (no particle follows a title)."""
    cur = res.meta["currency"]
    tot = records(res["totals"].frame)
    titles: dict[str, str] = res.meta.get("titles") or {}
    base = next((r for r in tot if r["scenario"] == "baseline"), None)
    others = [r for r in tot if r["scenario"] != "baseline" and r.get("total") is not None]
    if base is None or base.get("total") is None or not others:
        return ""

    # quotation marks inside a title become single ones, inside the finding's double ones
    def name(row: Row) -> str:  # (not `t`: Babel's extractor would read t(...) calls after it as the CLI's keyword)
        scenario: str = row["scenario"]
        return titles.get(scenario, scenario).translate({ord('"'): "'", 0x201C: 0x2018, 0x201D: 0x2019})

    p = {"first": base["first_year"], "last": base["last_year"], "baseline": titles.get("baseline", ""),
         "total": Money(base["total"], cur)}
    if len(others) == 1:
        o = others[0]
        return str(_("Over {first}-{last}, the {baseline} comes to {total}; \"{name}\" would come to {other} ({diff} against it).",
                     name=name(o), other=Money(o["total"], cur), diff=_signed(o["diff"], cur), **p))
    low = min(others, key=lambda r: r["total"])
    high = max(others, key=lambda r: r["total"])
    return str(_("Over {first}-{last}, the {baseline} comes to {total}. Of the {n} alternatives compared, the lowest is \"{low}\" "
                 "at {low_total} ({low_diff} against it) and the highest \"{high}\" at {high_total} ({high_diff}).",
                 n=len(others), low=name(low), low_total=Money(low["total"], cur), low_diff=_signed(low["diff"], cur),
                 high=name(high), high_total=Money(high["total"], cur), high_diff=_signed(high["diff"], cur), **p))


def probability(p: dict[str, Any], cur: str, paths: int) -> str:
    if p["question"] == "prob_above":
        return str(_("In {share:.1%} of {paths:,} simulated futures the payment in {year} exceeds {amount}.",
                     share=p["probability"], paths=paths, year=p["year"], amount=Money(p["amount"], cur)))
    return str(_("In {share:.1%} of {paths:,} simulated futures the term total exceeds {amount}.", share=p["probability"],
                 paths=paths, amount=Money(p["amount"], cur)))


def hosts(table: Table) -> str:
    """The latest year in which every host's contribution is known, in constant dollars."""
    df = table.frame
    real = df[(df["measure"] == "contribution_dollars_real") & df["period"].str.fullmatch(r"\d{4}") & df["value"].notna()]
    if real.empty:
        return ""
    years = real.groupby("period")["host"].nunique()
    full = years[years == real["host"].nunique()]
    if full.empty:
        return ""
    year = full.index.max()
    rows = real[real["period"] == year].sort_values("value", ascending=False)
    parts = [str(_("{host} {amount}", host=r["host_name"], amount=Money(r["value"], r["unit"].split()[0], "sig"))) for _i, r in rows.iterrows()]
    return str(_("In {year}, in dollars of {base}: {parts}.", year=year, base=table.meta.get("base_year"), parts=", ".join(parts)))


def ledger(res: Tables) -> str:
    """The latest year whose whole bill is known under a definition that counts components, and the
    contribution's share of it; else that no year is complete."""
    df = res["ledger"].frame
    cur = res.meta["currency"]
    defs = res.meta.get("definitions") or {}
    done = df[(df["status"] == "complete") & (df["first_year"] == df["last_year"]) & df["total"].notna()]
    if done.empty:
        return str(_("No year has every component of the support known: the years shown are partial, and no total is "
                     "estimated."))
    r = done.sort_values("first_year").iloc[-1]
    total, sma = round(r["total"]), r[res.meta["contribution"]]
    by = (defs.get(r["definition"]) or {}).get("by") or r["definition"]
    if sma is None or sma != sma:
        return str(_("In {year}, the latest year with every component known (as counted by {by}), the support came to "
                     "{total}.", year=int(r["first_year"]), by=by, total=Money(total, cur)))
    return str(_("In {year}, the latest year with every component known (as counted by {by}), the support came to "
                 "{total}, of which the contribution under the agreement was {sma} ({share:.0f}%).", year=int(r["first_year"]),
                 by=by, total=Money(total, cur), sma=Money(round(sma), cur), share=sma / total * 100))


def claim(res: Tables) -> str:
    """For a claim of an amount: what it comes to in its first year against the contribution under the
    agreement (how many times as much); other kinds of claim: empty (the page shows their table)."""
    years = res["years"].frame
    cur = res.meta["currency"]
    if "claim_to_sma" not in years:
        return ""
    known = years[years["claim_to_sma"].notna() & years["sma"].notna()]
    if known.empty:
        return ""
    r = known.iloc[0]
    return str(_("In {year}, the claim ({claim}) is {ratio:.1f} times the contribution under the agreement ({sma}, about "
                 "{sma_usd}).", year=int(r["year"]), claim=Money(r["claim_dollars"], res.meta["dollar"], "sig"), ratio=r["claim_to_sma"],
                 sma=Money(round(r["sma"]), cur), sma_usd=Money(r["sma_dollars"], res.meta["dollar"], "sig")))
