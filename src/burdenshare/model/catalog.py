"""Everything the bundled data holds for a host, loaded and validated once.

A catalog ties together the host definition, its agreements (in order), the series book, the
source registry, the default assumptions, the published figures the engine is checked against, and
the bundled scenarios. Loading validates every file; a problem names the file, field and line.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..data import DATA_DIR
from ..errors import DataFileError, UnknownNameError
from .agreement import Agreement, load_agreement
from .datafile import load_model
from .host import Host
from .rules import parse_years
from .series import Inputs, SeriesBook, Value
from .sources import Source, is_url, load_sources


class AssumptionValue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    series: str = Field(min_length=1)
    years: tuple[int, int]
    value: float
    source: str | None = None
    note: str = ""
    status: str = "assumed"

    @field_validator("years", mode="before")
    @classmethod
    def _years(cls, v: object) -> tuple[int, int]:
        return parse_years(v)

    @field_validator("value")
    @classmethod
    def _finite(cls, v: float) -> float:
        if v != v or v in (float("inf"), float("-inf")):
            raise ValueError("must be a finite number")
        return v

    @field_validator("status")
    @classmethod
    def _status(cls, v: str) -> str:
        if v not in ("assumed", "forecast", "plan"):
            raise ValueError("must be assumed, forecast or plan")
        return v

    def expand(self, series_for) -> list[Value]:
        name = series_for(self.series)
        return [
            Value(name, y, self.value, self.status, self.source or "assumption", self.note, repr(self.value))
            for y in range(self.years[0], self.years[1] + 1)
        ]


class AssumptionSet(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    title: str
    values: tuple[AssumptionValue, ...] = ()


@dataclass(frozen=True)
class Published:
    year: int
    amount: int
    currency: str
    source: str
    role: str
    note: str


@dataclass(frozen=True)
class Catalog:
    host: Host
    agreements: Mapping[str, Agreement]
    aliases: Mapping[str, str]
    book: SeriesBook
    sources: Mapping[str, Source]
    assumptions: AssumptionSet
    published: tuple[Published, ...]
    root: Path

    def agreement(self, name: str) -> Agreement:
        key = self.aliases.get(name.lower())
        if key is None:
            raise UnknownNameError("agreement", name, list(self.agreements))
        return self.agreements[key]

    def inputs(self) -> Inputs:
        """The baseline inputs: the data, then the default assumptions (labelled)."""
        values = [v for a in self.assumptions.values for v in a.expand(self.host.series_for)]
        return Inputs(self.book).with_assumptions(values)


def _read_published(path: Path, sources: Mapping[str, Source]) -> tuple[Published, ...]:
    out = []
    with path.open(newline="", encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=2):
            try:
                p = Published(int(row["year"]), int(row["amount"]), row["currency"], row["source"], row["role"], row["note"])
            except (KeyError, TypeError, ValueError) as exc:
                raise DataFileError(str(path), f"malformed row ({exc})", line=i) from None
            if p.source not in sources:
                raise DataFileError(str(path), f"'{p.source}' is not in the source registry", field="source", line=i)
            out.append(p)
    return tuple(out)


def load_catalog(host_id: str = "kr", root: Path = DATA_DIR) -> Catalog:
    host_path = root / "hosts" / f"{host_id}.yaml"
    if not host_path.exists():
        known = sorted(p.stem for p in (root / "hosts").glob("*.yaml"))
        raise UnknownNameError("host", host_id, known)
    host = load_model(host_path, Host)
    sources = load_sources(root / "sources.csv")
    book = SeriesBook.load(root / "datapackage.json", frozenset(sources))
    for role, name in host.roles.items():
        if name not in book.meta:
            raise DataFileError(str(host_path), f"role '{role}' names series '{name}', which the data does not hold", field=f"roles.{role}")
    agreements: dict[str, Agreement] = {}
    aliases: dict[str, str] = {}
    for aid in host.agreements:
        path = root / "agreements" / host.id / f"{aid}.yaml"
        a = load_agreement(path)
        if a.id != aid:
            raise DataFileError(str(path), f"id '{a.id}' does not match the file name '{aid}'", field="id")
        for i, rule in enumerate(a.years):
            if rule.source is not None and rule.source not in sources and not is_url(rule.source):
                raise DataFileError(str(path), f"source '{rule.source}' is not in the registry", field=f"years[{i}].source")
        for s in a.sources:
            if s not in sources:
                raise DataFileError(str(path), f"source '{s}' is not in the registry", field="sources")
        agreements[a.id] = a
        for n in a.names:
            aliases[n.lower()] = a.id
    assumptions = load_model(root / host.assumptions, AssumptionSet) if host.assumptions else AssumptionSet(id="none", title="none")
    for a in assumptions.values:
        book.check(host.series_for(a.series))
    published = _read_published(root / host.published, sources) if host.published else ()
    return Catalog(host, MappingProxyType(agreements), MappingProxyType(aliases), book,
                   MappingProxyType(sources), assumptions, published, root)


@lru_cache(maxsize=8)
def catalog(host_id: str = "kr") -> Catalog:
    """The bundled catalog of a host, loaded once per process."""
    return load_catalog(host_id)
