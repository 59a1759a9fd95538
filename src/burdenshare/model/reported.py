"""Figures other studies report about hosts (``hosts/reported.csv``), kept as they were published.

The DoD 2004 compendium's 2002 figures, GAO-21-270's 2016-2019 totals, and the like: one row per
(period, host, measure) with value, unit, source and the study's own definition. The yearly cost of
the US presence in a host (for "cost plus" rules) is derived here from GAO's totals: (DoD obligations
+ the host's direct support) divided by the number of years the period covers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..i18n import _
from .rules import parse_years

FIELDS = ["period", "host", "measure", "value", "unit", "source", "definition", "definition_ko"]


@dataclass(frozen=True)
class Reported:
    period: str
    host: str
    measure: str
    value: float
    unit: str
    source: str
    definition: str
    definition_ko: str = ""

    @property
    def definition_text(self) -> str:
        """The study's definition in the language in force."""
        from ..i18n import localized

        return localized({"en": self.definition, "ko": self.definition_ko} if self.definition_ko else self.definition)

    @property
    def years(self) -> int:
        """How many years the period covers."""
        first, last = parse_years(self.period)
        return last - first + 1


def read_reported(path: Path, sources: frozenset[str] | None = None) -> tuple[Reported, ...]:
    if not path.exists():
        return ()
    from .datafile import csv_rows

    out = []
    for row in csv_rows(path, FIELDS):
        value, _text = row.number("value")
        period = row.text("period")
        try:
            parse_years(period)
        except ValueError:
            raise row.error("period", _("'{text}' is not a year or a span of years", text=period)) from None
        out.append(Reported(period, row.text("host"), row.text("measure"), value, row.text("unit"), row.source("source", sources),
                            row.text("definition"), row.text("definition_ko")))
    return tuple(out)


def stationing_cost(rows: tuple[Reported, ...], host: str) -> tuple[Reported, Reported]:
    """The reported cost of the US presence in `host`, as (DoD obligations, host direct support) over
    one period; an InputError when either is not reported or they cover different periods."""
    by = {r.measure: r for r in rows if r.host == host and r.measure in ("dod_obligations", "host_direct_support")}
    if len(by) < 2:
        raise InputError(_("no stationing-cost figures are reported for host '{host}'", host=host), where="cost_plus")
    d, s = by["dod_obligations"], by["host_direct_support"]
    if d.period != s.period:
        raise InputError(_("the stationing-cost figures for host '{host}' cover different periods", host=host), where="cost_plus")
    return d, s


def presence_cost_usd(rows: tuple[Reported, ...], host: str) -> float:
    """Dollars a year of the US presence in `host`: (DoD obligations + host direct support) per year
    of the period the report covers."""
    d, s = stationing_cost(rows, host)
    return (d.value + s.value) / d.years
