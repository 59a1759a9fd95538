"""An agreement's key numbers as a reader sees them: (label, value) lines in the reader's language,
the summary to copy, and the citation."""

from __future__ import annotations

from ..i18n import _
from ..ops.agreements import KeyNumbers
from . import labels
from .export import cite


def lines(k: KeyNumbers) -> list[tuple[str, str]]:
    """(label, value) for each key number; an unknown reads 'unknown', nothing is filled in."""
    first = k.first_year_total_text
    if k.first_year_status_text and k.first_year_total is not None:
        first = f"{first} ({k.first_year_status_text})"
    from ..model.catalog import catalog

    registry = catalog(k.host).sources  # sources named as readers know them (publisher and date), never by id
    published = "; ".join(f"{p.text} ({labels.source_text(registry, p.source)})" for p in k.first_year_published) or str(_("none in the data"))
    total = k.term_total_text
    if k.term_total is None and k.unknown_years:
        total = str(_("unknown ({years} unknown; the known years sum to {known})", years=", ".join(map(str, k.unknown_years)),
                      known=_money(k.term_known_total, k.currency)))
    elif k.projected_years:
        total = str(_("{total} (projected: {years})", total=total, years=", ".join(map(str, k.projected_years))))
    return [
        (str(_("agreement")), k.title),
        (str(_("term")), str(_("{term} ({n} years)", term=k.term_text, n=k.term_years)) if k.term_years > 1 else k.term_text),
        (str(_("signed")), k.signed_text),
        (str(_("in force")), k.in_force_text),
        (str(_("first-year total ({year})", year=k.first_year)), first),
        (str(_("first year as published")), published),
        (str(_("growth rule")), k.growth_rule),
        (str(_("cap")), k.cap_text),
        (str(_("term total")), total),
        (str(_("sources")), "; ".join(labels.source_text(registry, s) for s in k.sources)),
    ]


def _money(amount: int, currency: str) -> str:
    from ..i18n.money import format as money

    return money(amount, currency)


def title(k: KeyNumbers) -> str:
    return str(_("{title}: key numbers", title=k.title))


def with_cite(k: KeyNumbers, url: str | None = None) -> KeyNumbers:
    """The key numbers with their citation (the address of the view, when there is one)."""
    return k.model_copy(update={"cite": cite(title(k), url)})
