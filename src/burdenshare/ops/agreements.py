"""Key numbers of one agreement: its term, first-year total, growth rule, cap, signing date and term
total, each from the agreement's file and the engine (an unknown stays unknown, nothing is
estimated), with a one-sentence summary to copy.

The agreement is looked up among the data's names (ids and aliases), never opened as a path."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from ..i18n import _, current, localized
from ..i18n.money import Money, currency_name
from ..i18n.vocabulary import word
from .common import Name, Request, catalog_for, data_version, validate

if TYPE_CHECKING:
    from ..model.catalog import Catalog

__all__ = ["KeyNumbers", "KeyNumbersRequest", "PublishedFigure", "RuleSpan", "key_numbers"]


class KeyNumbersRequest(Request):
    """One bundled agreement, by its id or an alias (e.g. sma-12)."""

    agreement: Name = Field(description="a bundled agreement's id or alias (the agreements list names them)")


class PublishedFigure(BaseModel):
    """A published annual total of the first year, in the currency the source gives it."""

    amount: int
    currency: str
    text: str
    source: str
    role: str


class RuleSpan(BaseModel):
    """The rule of some years after the first, in words."""

    first_year: int
    last_year: int
    kind: str
    text: str


class KeyNumbers(BaseModel):
    """An agreement's key numbers. Amounts are integers in the host's currency (None: unknown, no
    source gives the figure); every ``*_text`` is the same value in words in the request's language."""

    agreement: str
    title: str
    host: str
    currency: str
    data_version: str
    language: str
    term_start: int
    term_end: int
    term_years: int
    term_text: str
    signed: dt.date | None
    signed_text: str
    in_force: dt.date | None
    in_force_text: str
    first_year: int
    first_year_total: int | None
    first_year_total_text: str
    first_year_status: str | None
    first_year_status_text: str
    first_year_dollars: float | None = Field(description="the first year in dollars (as stated, or at the year's rate)")
    first_year_dollars_text: str
    first_year_published: list[PublishedFigure]
    growth_rule: str
    growth_rules: list[RuleSpan]
    cap_pct: list[float]
    cap_text: str
    term_total: int | None = Field(description="the sum of every year of the term, as the engine computes them; None when a year is unknown")
    term_total_text: str
    term_known_total: int
    unknown_years: list[int]
    projected_years: list[int]
    summary: str
    sources: list[str]
    cite: str | None = Field(None, description="how to cite these figures (filled by the interface that knows the address)")


def date_text(d: dt.date | None) -> str:
    if d is None:
        return str(_("unknown"))
    if current() == "ko":
        return f"{d.year}년 {d.month}월 {d.day}일"
    return f"{d.day} {d.strftime('%B')} {d.year}"


def _dash() -> str:
    return "~" if current() == "ko" else "–"


def _years(first: int, last: int) -> str:
    """2026–2030 (ko: 2026~2030년)."""
    text = str(first) if first == last else f"{first}{_dash()}{last}"
    return text + ("년" if current() == "ko" else "")


def _list_years(years: list[int]) -> str:
    """1996, 1998 or 2028–2030 (consecutive years as a span)."""
    spans: list[list[int]] = []
    for y in sorted(years):
        if spans and y == spans[-1][1] + 1:
            spans[-1][1] = y
        else:
            spans.append([y, y])
    return ", ".join(str(a) if a == b else f"{a}{_dash()}{b}" for a, b in spans)


def _rule_text(cat: Catalog, rule: Any) -> str:  # Any: model.rules' Rule union is built at run time (not a static type yet)
    """What a rule does to a year, in words (the series a rule reads by its role's name)."""
    kind = rule.rule

    def driver(name: str) -> str:
        series = cat.host.series_for(name)
        w = word("driver", name)
        if w != name:
            return w
        meta = cat.book.meta.get(series)
        return localized(meta.title) if meta is not None else name

    if kind == "fixed":
        return str(_("a stated amount each year"))
    if kind == "change":
        return str(_("a stated change of {pct:g}% a year", pct=rule.pct))
    if kind == "indexed":
        what = driver(rule.series)
        if rule.lag == 0:
            what = str(_("{driver} in the same year", driver=what))
        elif rule.lag == 1:
            what = str(_("{driver} in the previous year", driver=what))
        elif rule.lag == 2:
            what = str(_("{driver} two years earlier", driver=what))
        else:
            what = str(_("{driver} {lag} years earlier", driver=what, lag=rule.lag))
        text = str(_("changed each year by {what}", what=what))
        if rule.cap_pct is not None:
            text += str(_(", at most {cap:g}% a year", cap=rule.cap_pct))
        if rule.floor_pct is not None:
            text += str(_(", at least {floor:g}% a year", floor=rule.floor_pct))
        return text
    if kind == "converted":
        return str(_("{amount} a year at each year's exchange rate", amount=Money(rule.amount, rule.currency, "short")))
    if kind == "share_of":
        return str(_("{pct:g}% of {driver}", pct=rule.pct, driver=driver(rule.series)))
    if kind == "cost_plus":
        return str(_("the cost of the US presence plus {pct:g}%", pct=rule.percent))
    if kind == "unknown":
        return str(_("unknown (no source gives the rule)"))
    return word("rule", kind)


def _cap_text(caps: list[float], spans: list[RuleSpan]) -> str:
    """The yearly cap in words: the caps the rules state, or why there is none."""
    kinds = {s.kind for s in spans}
    if caps:
        return "; ".join(str(_("{cap:g}% a year", cap=x)) for x in caps)
    if not spans:
        return str(_("not applicable"))
    if kinds & {"indexed", "share_of", "converted", "cost_plus"}:
        return str(_("none in the rules read"))
    if "unknown" in kinds:
        return str(_("unknown"))
    return str(_("not applicable (stated amounts)"))


def key_numbers(req: KeyNumbersRequest) -> KeyNumbers:
    from . import figures

    cat = catalog_for(req)
    a = cat.agreement(req.agreement)
    cur = cat.host.currency
    sched = figures.schedule(validate(figures.ScheduleRequest, {"agreement": a.id, "host": cat.host.id}))
    rows = {int(r["year"]): r for r in sched.rows()}
    start, end = a.term.start, a.term.end
    first = rows.get(start, {})
    amount = first.get("amount")
    status = first.get("status")
    usd = first.get("amount_dollars")
    published = [PublishedFigure(amount=p.amount, currency=p.currency, text=str(Money(p.amount, p.currency)), source=p.source, role=p.role)
                 for p in cat.published if p.year == start and p.role == "primary"]

    # the rules of the years after the first, in order
    spans: list[RuleSpan] = []
    caps: list[float] = []
    for rule in a.years:
        years = [y for y in rule.year_list if y > start]
        if not years:
            continue
        cap = getattr(rule, "cap_pct", None)  # only some rule kinds have a cap
        if cap is not None and cap not in caps:
            caps.append(float(cap))
        text = _rule_text(cat, rule)
        if spans and spans[-1].text == text and spans[-1].last_year + 1 == min(years):
            spans[-1] = spans[-1].model_copy(update={"last_year": max(years)})
        else:
            spans.append(RuleSpan(first_year=min(years), last_year=max(years), kind=rule.rule, text=text))
    spans = [sp.model_copy(update={"text": str(_("a stated amount"))}) if sp.kind == "fixed" and sp.first_year == sp.last_year else sp
             for sp in spans]
    if not spans:
        growth = str(_("none: a one-year agreement"))
    elif len(spans) == 1 and spans[0].first_year == start + 1 and spans[0].last_year == end:
        growth = spans[0].text
    else:
        growth = "; ".join(f"{_years(s.first_year, s.last_year)}: {s.text}" for s in spans)
    cap_text = _cap_text(caps, spans)

    term = [rows.get(y, {}) for y in range(start, end + 1)]
    amounts = [r.get("amount") for r in term]
    unknown = [y for y, v in zip(range(start, end + 1), amounts, strict=True) if v is None]
    known_total = sum(int(v) for v in amounts if v is not None)
    total = None if unknown else known_total
    projected = [y for y, r in zip(range(start, end + 1), term, strict=True) if r.get("status") == "projected"]

    title = localized(a.title)
    signed = date_text(a.signed)
    term_text = _years(start, end)
    parts = [str(_("The {title} (signed {signed}) covers {term}", title=title, signed=signed, term=term_text)) if a.signed
             else str(_("The {title} (signing date unknown) covers {term}", title=title, term=term_text))]
    if amount is not None:
        parts.append(str(_(": {amount} in {year}", amount=Money(amount, cur), year=start)))
    elif published:
        p = published[0]
        parts.append(str(_(": {amount} in {year} as published (no figure in {currency} in the sources read)",
                           amount=Money(p.amount, p.currency, "short"), year=start, currency=currency_name(cur))))
    else:
        parts.append(str(_(": the {year} amount unknown", year=start)))
    if spans:
        parts.append(str(_(", then {growth}", growth=growth)))
    if total is not None:
        parts.append(str(_("; {total} over the term", total=Money(total, cur))))
        if projected:
            parts.append(str(_(" ({years} projected)", years=_list_years(projected))))
    else:
        parts.append(str(_("; no term total (no source gives {years})", years=_list_years(unknown))))
    summary = "".join(parts) + "."
    sources = list(dict.fromkeys([*a.sources, *(r.source for r in a.years if r.source)]))
    return KeyNumbers(
        agreement=a.id, title=title, host=cat.host.id, currency=cur, data_version=data_version(), language=current(),
        term_start=start, term_end=end, term_years=end - start + 1, term_text=term_text,
        signed=a.signed, signed_text=signed, in_force=a.in_force, in_force_text=date_text(a.in_force),
        first_year=start, first_year_total=None if amount is None else int(amount), first_year_total_text=str(Money(amount, cur)),
        first_year_status=status, first_year_status_text=word("status", status) if status else str(_("unknown")),
        first_year_dollars=None if usd is None else float(usd),
        first_year_dollars_text=str(Money(None if usd is None else round(usd), cat.host.dollar, "short")),
        first_year_published=published, growth_rule=growth, growth_rules=spans, cap_pct=caps, cap_text=cap_text,
        term_total=total, term_total_text=str(Money(total, cur)), term_known_total=known_total, unknown_years=unknown,
        projected_years=projected, summary=summary, sources=sources)
