"""Annual series with a source and a status for every value.

Series live in CSV files (columns ``year,value,status,source,note``), listed with their unit and
meaning in ``data/datapackage.json`` (a Frictionless-style descriptor). A series may hold several
values for one year from different sources or with different status — e.g. the World Bank's CPI
inflation of 4.674% and the 4.7% that Statistics Korea published and the 8th SMA applied. Which one
a computation uses is decided by an explicit precedence of status, not by file order:

- rules use what the agreement applied first (``RULE_PRECEDENCE``);
- metrics such as real terms use the most precise observation first (``METRIC_PRECEDENCE``).

Values that no source gives are absent or ``unknown``; they are never filled in. Future values come
from sourced plans or forecasts, from labelled default assumptions, or from the user's overrides.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from ..errors import DataFileError, InputError, MissingValueError, UnknownNameError
from ..i18n import Msg, _, localized

if TYPE_CHECKING:
    from .overlay import OverlayValue

STATUSES = ("observed", "applied", "computed", "provisional", "plan", "forecast", "assumed", "unknown", "override")
RULE_PRECEDENCE = ("override", "applied", "observed", "computed", "provisional", "plan", "forecast", "assumed")
METRIC_PRECEDENCE = ("override", "observed", "applied", "computed", "provisional", "plan", "forecast", "assumed")
# statuses that make a value (and anything derived from it) a projection rather than history
PROJECTED = frozenset({"provisional", "plan", "forecast", "assumed"})
OVERRIDE_SOURCE = "user override"  # the source of a value the reader entered (shown as "your input")


@dataclass(frozen=True)
class Value:
    """One value of a series for one year, with where it comes from."""

    series: str
    year: int
    value: float | None
    status: str
    source: str
    note: str = ""
    text: str = ""  # the value exactly as written in the file

    @property
    def known(self) -> bool:
        return self.value is not None and self.status != "unknown"


@dataclass(frozen=True)
class SeriesMeta:
    name: str
    title: str | dict[str, str]  # a text, or one per language
    unit: str | dict[str, str]
    description: str = ""
    path: str = ""
    min_value: float | None = None
    scale: float = 1.0  # value x scale = units of currency (e.g. trillion won -> won)
    label: str | dict[str, str] | None = None  # the short name a reader sees (소비자물가상승률); else the title
    unit_short: str | dict[str, str] | None = None  # the unit in a heading or a label (%, 조원); else the unit

    def name_text(self, lang: str | None = None) -> str:
        """The series' name in the reader's language (its label, else its title)."""
        return localized(self.label or self.title, lang) or self.name

    def unit_text(self, lang: str | None = None) -> str:
        """The series' unit as a heading writes it (its short unit, else its unit)."""
        return localized(self.unit_short or self.unit, lang)


def parse_number(text: str, *, where: str) -> float:
    """A finite number; an InputError about `where` otherwise."""
    from .datafile import parse_number as number

    try:
        return number(text)
    except ValueError as exc:
        raise InputError(exc.args[0], where=where) from None


def read_series_csv(path: Path, meta: SeriesMeta, sources: frozenset[str] | None) -> list[Value]:
    """Read one series file, validating every row; errors name the file, line and column."""
    from .datafile import csv_rows

    rows: list[Value] = []
    seen: set[tuple[int, str, str]] = set()
    for row in csv_rows(path, ["year", "value", "status", "source", "note"]):
        year = row.year("year")
        status = row.text("status")
        if status not in STATUSES or status == "override":
            raise row.error("status", _("'{status}' is not one of {known}", status=status,
                                        known=", ".join(s for s in STATUSES if s != "override")))
        value: float | None = None
        text = ""
        if row.known("value", status) is not None:
            value, text = row.number("value", meta.min_value, meta.name)
        source = row.source("source", sources)
        key = (year, status, source)
        if key in seen:
            raise row.error("year", _("a second {status} value for {year} from '{source}'", status=status, year=year,
                                      source=source))
        seen.add(key)
        rows.append(Value(meta.name, year, value, status, source, row.text("note"), text))
    return rows


def overlaid(rows: list[Value], extra: Iterable[OverlayValue], meta: SeriesMeta) -> list[Value]:
    """A series' bundled rows with the overlay's annual values on top (an overlaid year replaces the
    bundled rows of that year except ``applied`` ones; a new year is added)."""
    by_year = {v.year: v for v in extra if not v.monthly}
    if not by_year:
        return rows
    kept = [r for r in rows if r.year not in by_year or r.status == "applied"]
    added = [Value(meta.name, y, v.value, "observed", v.source, v.note, v.text) for y, v in by_year.items()]
    return sorted(kept + added, key=lambda r: r.year)


@dataclass(frozen=True)
class SeriesBook:
    """All series of the bundled data (or a user's), immutable; lookups by precedence."""

    meta: Mapping[str, SeriesMeta]
    values: Mapping[str, tuple[Value, ...]]

    @classmethod
    def load(cls, datapackage: Path, sources: frozenset[str] | None = None,
             overlay: Mapping[str, Iterable[OverlayValue]] | None = None) -> SeriesBook:
        """The series a data package lists, each with the overlay's values of that series on top
        (see :mod:`burdenshare.model.overlay`): an overlaid year replaces the bundled values of that
        year except an ``applied`` one; monthly overlay values are not annual values and are skipped."""
        from .datafile import read_text

        text = read_text(datapackage, 20_000_000)
        try:
            desc = json.loads(text)
        except (RecursionError, ValueError) as exc:  # json.JSONDecodeError is a ValueError
            raise DataFileError(str(datapackage), _("cannot be read as JSON ({reason})", reason=str(exc))) from None
        metas: dict[str, SeriesMeta] = {}
        values: dict[str, tuple[Value, ...]] = {}
        for i, res in enumerate(desc.get("resources", [])):
            if res.get("profile") != "burdenshare-series":
                continue
            try:
                m = SeriesMeta(
                    name=res["name"], title=res["title"], unit=res["unit"],
                    description=res.get("description", ""), path=res["path"],
                    min_value=res.get("minimum"), scale=float(res.get("scale", 1.0)),
                    label=res.get("label"), unit_short=res.get("unit_short"),
                )
            except KeyError as exc:
                raise DataFileError(str(datapackage), _("is required"), field=f"resources[{i}].{exc.args[0]}") from None
            metas[m.name] = m
            rows = read_series_csv(datapackage.parent / m.path, m, sources)
            if overlay and overlay.get(m.name):
                rows = overlaid(rows, overlay[m.name], m)
            values[m.name] = tuple(rows)
        return cls(MappingProxyType(metas), MappingProxyType(values))

    @property
    def names(self) -> list[str]:
        return sorted(self.meta)

    def check(self, name: str) -> SeriesMeta:
        if name not in self.meta:
            raise UnknownNameError(_("series"), name, self.names)
        return self.meta[name]

    def rows(self, name: str) -> tuple[Value, ...]:
        self.check(name)
        return self.values[name]

    @cached_property
    def _by_year(self) -> dict[tuple[str, int], list[Value]]:
        index: dict[tuple[str, int], list[Value]] = {}
        for name, rows in self.values.items():
            for v in rows:
                if v.known:
                    index.setdefault((name, v.year), []).append(v)
        return index

    def pick(self, name: str, year: int, precedence: Iterable[str] = RULE_PRECEDENCE) -> Value | None:
        """The value used for (name, year): the first known one in order of status precedence."""
        self.check(name)
        candidates = self._by_year.get((name, year), ())
        for status in precedence:
            for v in candidates:
                if v.status == status:
                    return v
        return None

    def years(self, name: str) -> list[int]:
        got = self._years.get(name)
        if got is None:
            got = self._years[name] = tuple(sorted({v.year for v in self.rows(name) if v.known}))
        return list(got)

    @cached_property
    def _years(self) -> dict[str, tuple[int, ...]]:
        """Each series' years, listed once (the book never changes)."""
        return {}


@dataclass(frozen=True)
class Inputs:
    """What a computation reads: the data, then default assumptions, then overrides on top.

    The layers are applied in that order (the baseline's projection first, then scenario or user
    overrides), and no layer mutates another: `with_overrides` returns a new object.
    """

    book: SeriesBook
    assumptions: Mapping[tuple[str, int], Value] = field(default_factory=dict)
    overrides: Mapping[tuple[str, int], Value] = field(default_factory=dict)

    def with_overrides(self, items: Mapping[tuple[str, int], object], *, source: str = OVERRIDE_SOURCE) -> Inputs:  # values checked here
        merged = dict(self.overrides)
        for (name, year), v in items.items():
            self.book.check(name)
            if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v):
                raise InputError(_("must be a finite number, got {value!r}", value=v), where=f"overrides.{name}.{year}")
            minimum = self.book.meta[name].min_value
            if minimum is not None and v < minimum:
                raise InputError(_("{value} is below the minimum {minimum} for {series}", value=v, minimum=minimum, series=name),
                                 where=f"overrides.{name}.{year}")
            merged[(name, int(year))] = Value(name, int(year), float(v), "override", source)
        return Inputs(self.book, self.assumptions, MappingProxyType(merged))

    def with_assumptions(self, items: Iterable[Value]) -> Inputs:
        merged = dict(self.assumptions)
        for v in items:
            self.book.check(v.series)
            merged[(v.series, v.year)] = v
        return Inputs(self.book, MappingProxyType(merged), self.overrides)

    def get(self, name: str, year: int, precedence: Iterable[str] = RULE_PRECEDENCE) -> Value | None:
        """The value in force for (name, year), or None when nothing gives one."""
        self.book.check(name)
        if (name, year) in self.overrides:
            return self.overrides[(name, year)]
        found = self.book.pick(name, year, [s for s in precedence if s != "override"])
        if found is not None:
            return found
        return self.assumptions.get((name, year))

    def need(self, name: str, year: int, precedence: Iterable[str] = RULE_PRECEDENCE, *, needed_by: Msg | str = "") -> Value:
        v = self.get(name, year, precedence)
        if v is None:
            if needed_by:
                msg = _("no value of {series} for {year}: no source gives it and no assumption covers it ({why}); "
                        "give one as an override", series=name, year=year, why=needed_by)
            else:
                msg = _("no value of {series} for {year}: no source gives it and no assumption covers it; give one as "
                        "an override", series=name, year=year)
            raise MissingValueError(msg, where=f"overrides.{name}.{year}", series=name, year=year)
        return v


__all__ = ["METRIC_PRECEDENCE", "PROJECTED", "RULE_PRECEDENCE", "STATUSES", "Inputs", "SeriesBook", "SeriesMeta", "Value"]
