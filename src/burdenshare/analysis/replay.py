"""Replay the history under other formulas: for each agreement, what each other agreement's rule
(and the Nash and Kalai-Smorodinsky packages of its negotiation case, where one exists) would have
paid over its term.

An agreement's **formula** is the rule it sets for the years after its first (the 9th SMA: the
consumer-price index of two years before, at most 4%; the 11th: the previous year's defence-budget
growth). An agreement that states every year's amount has no such rule; its formula is then the
average yearly change its amounts imply, from the year before its term to its last year (the 10th
SMA: +8.2%), stated as such. Replaying formula F on agreement A keeps A's first year as agreed and
computes A's later years with F, through the same engine and inputs as every schedule; A's own
row is the agreement as it is. A one-year agreement has no later years, so it is not a target.

The Nash and Kalai-Smorodinsky rows are the packages of the case whose talks produced A (under the
case's illustrative preferences), over the package's own term (which may differ from A's): compare
them by the yearly mean.

Each row says what it rests on. ``follows``: ``rule`` (the agreement as agreed, another agreement's
rule, or the change an agreement's amounts imply) or ``illustrative_preferences`` (the Nash and
Kalai-Smorodinsky rows: the case's preferences are assumptions, no government's). ``status``, in the
schedule's and the series' words, the weakest of its years: ``published``, ``derived`` (a rule on
observed inputs), ``provisional``, ``plan``, ``forecast``, ``assumed`` (every Nash and KS row), or
``override``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..i18n import _, localized
from ..model.catalog import Catalog
from ..model.series import Inputs
from .scenarios import Scenario, apply
from .schedule import run, timeline_for

if TYPE_CHECKING:
    import pandas as pd

    from ..model.agreement import Agreement
    from .negotiation.case import Case

# A row's status, in the schedule's and the series' words, from the firmest to the weakest: every
# year published; derived by a rule from observed inputs; or resting, for some year, on a provisional
# figure, a government plan, a forecast, an assumption or your own value (the weakest is named).
ROW_STATUS = ("published", "derived", "provisional", "plan", "forecast", "assumed", "override", "unknown")
FOLLOWS = {"actual": "rule", "rule": "rule", "implied_change": "rule", "nash": "illustrative_preferences",
           "kalai_smorodinsky": "illustrative_preferences"}


def row_status(df: pd.DataFrame) -> str:
    """The status of a row computed over `df`'s years (a schedule's frame): the weakest year's."""
    out = "published"
    for s, idx in zip(df["status"], df["index_status"], strict=True):
        if s == "unknown":
            y = "unknown"
        elif idx in ROW_STATUS[2:7]:
            y = idx
        elif s == "published":
            y = "published"
        else:
            y = "derived"
        out = max(out, y, key=ROW_STATUS.index)
    return out


def formula(cat: Catalog, agreement: Agreement, history: pd.DataFrame) -> tuple[dict[str, Any] | None, str, str]:
    """(rule document without years, kind, words) of an agreement's formula for later years."""
    for rule in agreement.years:
        if rule.years[0] > agreement.term.start and rule.formula:
            doc = rule.model_dump(mode="json", exclude_none=True)
            doc.pop("years", None)
            return doc, "rule", rule.formula_words()
    by_year = history.set_index("year")["amount"]
    before, last = agreement.term.start - 1, agreement.term.end
    if before not in by_year.index or last not in by_year.index:
        return None, "unknown", ""
    import pandas as pd

    a, b = by_year.get(before), by_year.get(last)
    if a is None or b is None or pd.isna(a) or pd.isna(b) or a <= 0:
        return None, "unknown", ""
    n = last - before
    pct = round(((float(b) / float(a)) ** (1 / n) - 1) * 100, 1)
    return {"rule": "change", "pct": pct}, "implied_change", str(_("{pct:+.1f}% a year (the change its amounts imply)", pct=pct))


def replay(cat: Catalog, inputs: Inputs, cases: Mapping[str, Case] | None = None) -> pd.DataFrame:
    """One row per (agreement, formula): the term total and the yearly mean, and the difference
    from the agreement as it is."""
    import pandas as pd

    from .schedule import history as _history

    hist = _history(cat, inputs)
    agreements = list(cat.agreements.values())
    formulas = {a.id: formula(cat, a, hist) for a in agreements}
    rows = []
    for a in agreements:
        years = list(range(a.term.start, a.term.end + 1))
        if len(years) < 2:
            continue
        own = run(cat, timeline_for(cat, a), inputs)
        own = own[own["year"].between(a.term.start, a.term.end)]
        actual = own["amount"]
        actual_total = int(actual.sum()) if actual.notna().all() else None
        if actual_total is None:
            continue
        base = {"agreement": a.id, "agreement_title": localized(a.title), "years": f"{a.term.start}-{a.term.end}"}
        rows.append({**base, "formula": a.id, "formula_kind": "actual", "formula_text": str(_("as agreed")),
                     "term_years": len(years), "total": actual_total,
                     "yearly_mean": actual_total / len(years), "status": row_status(own)})
        first_known = not pd.isna(own["amount"].iloc[0])
        for b in agreements:
            if b.id == a.id:
                continue
            doc, kind, words = formulas[b.id]
            if doc is None:
                continue
            total, status = None, "unknown"
            if first_known:
                rule = {**doc, "years": f"{a.term.start + 1}-{a.term.end}"}
                sc = Scenario.model_validate({"id": f"replay-{b.id}", "title": f"{b.id} formula", "host": cat.host.id,
                                              "baseline": a.id, "changes": [rule]})
                ap = apply(cat, sc, inputs)
                df = run(cat, ap.timeline, ap.inputs, scenario_years=sc.changed_years)
                df = df[df["year"].between(a.term.start, a.term.end)]
                s = df["amount"]
                total = int(s.sum()) if s.notna().all() else None
                status = row_status(df)
            rows.append({**base, "formula": b.id, "formula_kind": kind, "formula_text": words, "term_years": len(years),
                         "total": total, "yearly_mean": total / len(years) if total is not None else None, "status": status})
        for case in (cases or {}).values():
            if case.agreement != a.id:
                continue
            from .negotiation.analysis import solutions
            from .negotiation.space import Space

            sol = solutions(Space(case, cat, inputs)).set_index("point")
            term_issue = case.issue("term")
            for point in ("nash", "kalai_smorodinsky"):
                if point not in sol.index:
                    continue
                r = sol.loc[point]
                assert isinstance(r, pd.Series)  # one row: the solutions' points are unique
                n = int(r[term_issue.id]) if term_issue is not None else int(case.defaults.get("term", 1))
                rows.append({**base, "formula": f"{case.id}:{point}", "formula_kind": point,
                             "formula_text": str(sol.loc[point, "label"]), "term_years": n, "total": int(r["total"]),
                             "yearly_mean": int(r["total"]) / n, "status": "assumed"})  # the case's preferences are assumptions
    df = pd.DataFrame(rows, columns=["agreement", "agreement_title", "years", "formula", "formula_kind", "formula_text",
                                     "term_years", "total", "yearly_mean", "status"])
    df["follows"] = df["formula_kind"].map(FOLLOWS)
    ref = df[df["formula_kind"] == "actual"].set_index("agreement")["yearly_mean"]
    df["diff_yearly_mean"] = df["yearly_mean"] - df["agreement"].map(ref)
    df["diff_pct"] = df["diff_yearly_mean"] / df["agreement"].map(ref) * 100
    df.attrs.update({"currency": cat.host.currency, "dollar": cat.host.dollar})
    df.attrs["without_formula"] = [k for k, (doc, _k, _w) in formulas.items() if doc is None]
    return df
