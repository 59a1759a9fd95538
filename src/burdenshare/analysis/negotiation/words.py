"""Packages in words, in the language in force: "1조 1,700억원 in the first year, then the previous
year's defence-budget growth, no cap, for 6 years; minimum share of Korean workers' wages funded
(%): 87; ...". Amounts are written by :mod:`burdenshare.i18n.money` (the one money formatter); the
other issues' titles and option labels come from the case file, in the reader's language."""

from __future__ import annotations

from ...i18n import _, localized
from ...i18n.money import format as money
from .case import Case, Issue, Option, parse_escalation


def option_label(issue: Issue, option: Option, currency: str) -> str:
    """One option of an issue in words."""
    if issue.kind == "first_year":
        return money(option, currency)
    if issue.kind == "escalation":
        kind, pct = parse_escalation(str(option))
        if kind == "frozen":
            return str(_("frozen at the first year's amount"))
        if kind == "fixed":
            return str(_("{pct:g}% a year", pct=pct))
        if kind == "cpi":
            return str(_("consumer-price inflation of two years before"))
        return str(_("the previous year's defence-budget growth"))
    if issue.kind == "cap":
        return str(_("no cap")) if str(option) == "none" else str(_("at most {pct:g}% a year", pct=float(option)))
    if issue.kind == "term":
        return str(_("{n} years", n=int(option))) if int(option) != 1 else str(_("1 year"))
    return localized(issue.labels.get(str(option))) or str(option)


def issue_title(issue: Issue) -> str:
    return localized(issue.title) or issue.id


def describe(case: Case, package: dict[str, Option], currency: str) -> str:
    """A whole package in one sentence."""
    parts: list[str] = []
    fy = case.issue("first_year")
    esc, cap, term = case.issue("escalation"), case.issue("cap"), case.issue("term")
    if fy is not None and fy.id in package:
        head = str(_("{amount} in the first year", amount=option_label(fy, package[fy.id], currency)))
        if esc is not None and esc.id in package:
            head += str(_(", then {rule}", rule=option_label(esc, package[esc.id], currency)))
            frozen = parse_escalation(str(package[esc.id]))[0] == "frozen"
            if cap is not None and cap.id in package and str(package[cap.id]) != "none" and not frozen:
                head += str(_(" ({cap})", cap=option_label(cap, package[cap.id], currency)))
        if term is not None and term.id in package:
            head += str(_(", for {term}", term=option_label(term, package[term.id], currency)))
        parts.append(head)
    if (cap is not None and cap.id in package and str(package[cap.id]) == "none" and esc is not None and esc.id in package
            and parse_escalation(str(package[esc.id]))[0] != "frozen"):
        parts.append(str(_("no cap on the yearly increase")))
    for issue in case.issues:
        if issue.kind == "other" and issue.id in package:
            parts.append(f"{issue_title(issue)}: {option_label(issue, package[issue.id], currency)}")
    return "; ".join(parts)
