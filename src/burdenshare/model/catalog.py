"""Everything the data holds for a host, loaded and validated once.

A catalog ties together the host definition, its agreements (in order), the series book, the
source registry, the default assumptions, the published figures the engine is checked against,
figures reported by other studies, and the bundled scenarios. Loading validates every file; a
problem names the file, field and line.

Hosts are found by their files: ``hosts/<id>.yaml`` in the bundled data, then in every folder of
``BURDENSHARE_DATA_PATH`` (a list of data folders laid out like the bundled one, separated as PATH
is). A new host is data files only.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from types import MappingProxyType

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..data import DATA_DIR
from ..errors import DataFileError, UnknownNameError
from ..i18n import _
from .agreement import ID_PATTERN, Agreement, load_agreement
from .datafile import csv_rows, load_model
from .host import Host
from .overlay import (
    Fingerprint,
    OverlayValue,
    overlay_values,
    state,
    version_of,
)
from .reported import Reported, presence_cost_usd, read_reported
from .rules import Context, parse_years
from .series import Inputs, SeriesBook, Value
from .sources import Source, is_url, load_sources

DATA_PATH_ENV = "BURDENSHARE_DATA_PATH"


class AssumptionValue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
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

    @field_validator("status")
    @classmethod
    def _status(cls, v: str) -> str:
        if v not in ("assumed", "forecast", "plan"):
            raise ValueError(_("must be assumed, forecast or plan"))
        return v

    def expand(self, series_for: Callable[[str], str]) -> list[Value]:
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
class CategoryAmount:
    """A published split of a year's total: the amount spent on one category."""

    year: int
    category: str
    amount: int
    source: str
    note: str
    note_ko: str = ""  # the note in Korean (the optional column note_ko)


@dataclass(frozen=True)
class Catalog:
    host: Host
    agreements: Mapping[str, Agreement]
    aliases: Mapping[str, str]
    book: SeriesBook
    sources: Mapping[str, Source]
    assumptions: AssumptionSet
    published: tuple[Published, ...]
    reported: tuple[Reported, ...]
    root: Path
    categories: tuple[CategoryAmount, ...] = ()

    def agreement(self, name: str) -> Agreement:
        key = self.aliases.get(name.lower()) if isinstance(name, str) else None
        if key is None:
            raise UnknownNameError(_("agreement"), str(name), list(self.agreements), where="agreement")
        return self.agreements[key]

    def inputs(self) -> Inputs:
        """The baseline inputs: the data, then the default assumptions (labelled)."""
        return self._inputs

    @cached_property
    def _inputs(self) -> Inputs:
        values = [v for a in self.assumptions.values for v in a.expand(self.host.series_for)]
        return Inputs(self.book).with_assumptions(values)

    @cached_property
    def context(self) -> Context:
        """What rules need to compile for this host."""
        return Context(series_for=self.host.series_for, scale_of=lambda n: self.book.check(n).scale,
                       presence_cost_usd=lambda: presence_cost_usd(self.reported, self.host.id))

    @property
    def last_agreement(self) -> Agreement:
        return self.agreements[self.host.agreements[-1]]


def _read_published(path: Path, sources: Mapping[str, Source]) -> tuple[Published, ...]:
    registry = frozenset(sources)
    return tuple(Published(row.year("year"), row.amount("amount"), row["currency"], row.source("source", registry), row["role"],
                           row["note"]) for row in csv_rows(path, ["year", "amount", "currency", "source", "role", "note"]))


def _read_categories(path: Path, sources: Mapping[str, Source], categories: tuple[str, ...]) -> tuple[CategoryAmount, ...]:
    if not path.exists():
        return ()
    out = []
    registry = frozenset(sources)
    for row in csv_rows(path, ["year", "category", "amount", "source", "note", "note_ko"], optional=("note_ko",)):
        c = CategoryAmount(row.year("year"), row["category"], row.amount("amount"), row.source("source", registry), row["note"], row["note_ko"])
        if categories and c.category not in categories:
            raise row.error("category", _("'{category}' is not one of the host's categories ({known})",
                                          category=c.category, known=", ".join(categories)))
        out.append(c)
    return tuple(out)


def data_roots() -> tuple[Path, ...]:
    """The bundled data folder, then those named in BURDENSHARE_DATA_PATH."""
    return _roots(os.environ.get(DATA_PATH_ENV, ""))


@lru_cache(maxsize=8)
def _roots(env: str) -> tuple[Path, ...]:
    return (DATA_DIR, *(Path(p) for p in env.split(os.pathsep) if p.strip()))


def host_ids() -> list[str]:
    """Every host with a definition file: the default host first, then the others by data folder and id."""
    out: list[str] = []
    for root in data_roots():
        for p in sorted((root / "hosts").glob("*.yaml")):
            if p.stem not in out:
                out.append(p.stem)
    first = default_host()
    return [first, *(h for h in out if h != first)] if first in out else out


def _root_of(host_id: str) -> Path:
    """The data folder that defines `host_id` (a name, never a path: anything else is unknown)."""
    if isinstance(host_id, str) and re.fullmatch(ID_PATTERN, host_id):
        for root in data_roots():
            if (root / "hosts" / f"{host_id}.yaml").is_file():
                return root
    raise UnknownNameError(_("host"), str(host_id), host_ids(), where="host")


@lru_cache(maxsize=1)
def default_host() -> str:
    """The host used when none is given (``default_host`` in the bundled ``settings.yaml``)."""
    from ..data import cache

    return str(cache.yaml_file(DATA_DIR / "settings.yaml")["default_host"])


def overlay_sources(overlay: Mapping[str, tuple[OverlayValue, ...]]) -> dict[str, Source]:
    """A registry entry for every source the overlay cites (a URL or a file), so that overlaid values
    are cited like bundled ones: the publisher, the provider's release date, the retrieval time."""
    out: dict[str, Source] = {}
    for rows in overlay.values():
        for v in rows:
            if v.source in out:
                continue
            title = v.note or v.source.rsplit("/", 1)[-1]
            out[v.source] = Source(id=v.source, title=title, publisher=v.publisher or v.source, url=v.source,
                                   date=v.released, accessed=v.retrieved[:10], quality=v.quality,
                                   note=str(_("fetched by burdenshare update at {time}", time=v.retrieved)) if v.retrieved else "")
    return out


def _host_agreement(path: Path, aid: str, sources: Mapping[str, Source]) -> Agreement:
    """One of a host's agreements: its file named by its id, every source it cites in the registry."""
    a = load_agreement(path)
    if a.id != aid:
        raise DataFileError(str(path), _("id '{id}' does not match the file name '{name}'", id=a.id, name=aid), field="id")
    for i, rule in enumerate(a.years):
        if rule.source is not None and rule.source not in sources and not is_url(rule.source):
            raise DataFileError(str(path), _("source '{source}' is not in the registry", source=rule.source),
                                field=f"years[{i}].source")
    for s in a.sources:
        if s not in sources:
            raise DataFileError(str(path), _("source '{source}' is not in the registry", source=s), field="sources")
    return a


def load_catalog(host_id: str | None = None, root: Path | None = None, overlay: Mapping[str, tuple[OverlayValue, ...]] | None = None) -> Catalog:
    """A host's catalog from a data folder, with the overlay folder's values on top (``overlay``:
    values by series instead of those on disk, e.g. to see what an update would change)."""
    host_id = host_id or default_host()
    root = root if root is not None else _root_of(host_id)
    host_path = root / "hosts" / f"{host_id}.yaml"
    if not host_path.exists():
        raise UnknownNameError(_("host"), host_id, sorted(p.stem for p in (root / "hosts").glob("*.yaml")), where="host")
    host = load_model(host_path, Host)
    if host.id != host_id:
        raise DataFileError(str(host_path), _("id '{id}' does not match the file name '{name}'", id=host.id, name=host_id), field="id")
    sources = load_sources(root / "sources.csv")
    overlay = overlay_values() if overlay is None else overlay
    book = SeriesBook.load(root / "datapackage.json", frozenset(sources), overlay)
    for sid, src in overlay_sources(overlay).items():
        sources.setdefault(sid, src)
    for role, name in host.roles.items():
        if name not in book.meta:
            raise DataFileError(str(host_path), _("role '{role}' names series '{series}', which the data does not hold",
                                                  role=role, series=name), field=f"roles.{role}")
    for i, v in enumerate(host.variables):
        if v.role not in host.roles:
            raise DataFileError(str(host_path), _("variable '{role}' is not one of the host's roles", role=v.role),
                                field=f"uncertainty.variables[{i}].role")
    agreements: dict[str, Agreement] = {}
    aliases: dict[str, str] = {}
    for aid in host.agreements:
        path = root / "agreements" / host.id / f"{aid}.yaml"
        a = _host_agreement(path, aid, sources)
        agreements[a.id] = a
        for n in a.names:
            aliases[n.lower()] = a.id
    assumptions = load_model(root / host.assumptions, AssumptionSet) if host.assumptions else AssumptionSet(id="none", title="none")
    for av in assumptions.values:
        book.check(host.series_for(av.series))
    published = _read_published(root / host.published, sources) if host.published else ()
    reported = read_reported(root / "hosts" / "reported.csv", frozenset(sources))
    categories = _read_categories(root / "agreements" / host.id / "categories.csv", sources, host.categories)
    return Catalog(host, MappingProxyType(agreements), MappingProxyType(aliases), book,
                   MappingProxyType(sources), assumptions, published, reported, root, categories)


@lru_cache(maxsize=16)
def _cached(host_id: str, roots: tuple[Path, ...], overlay: Fingerprint) -> Catalog:
    root = _root_of(host_id)
    if root != DATA_DIR:  # a folder of BURDENSHARE_DATA_PATH is read as it is
        return load_catalog(host_id, root)
    # the bundled data (with the overlay folder's values on top), validated once and kept in the
    # user's cache folder by the hash of every bundled file, of the model's code and of the overlay's
    # state (data/cache.py)
    from pydantic.version import VERSION as PYDANTIC  # its models' pickled state is its own

    from ..data import cache

    key = cache.digest((), cache.tree_digest(str(root)), cache.code_digest(), PYDANTIC, str(root), host_id, repr(overlay))
    cat: Catalog = cache.cached(f"catalog-{host_id}", key, lambda: load_catalog(host_id, root))
    return cat


def catalog(host_id: str | None = None) -> Catalog:
    """The catalog of a host (the default host if None), loaded once per process per set of data
    folders and state of the overlay folder (a changed overlay is read again, without a restart)."""
    return _cached(host_id or default_host(), data_roots(), state())


def data_version() -> str:
    """The data version, computed from the content of the data folders and the overlay folder
    (see :func:`burdenshare.model.overlay.content_version`), once per state of the overlay folder
    (:func:`burdenshare.model.overlay.state`)."""
    return version_of(data_roots(), state())
