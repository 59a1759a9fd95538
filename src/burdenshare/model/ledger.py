"""The support ledger: everything a host provides for the US forces it hosts, by component, beside
the cost-sharing contribution itself, and what became of the contribution (execution).

``data/ledger/<host>.yaml`` names the components (the contribution, land, tax and charge
exemptions, ...) and the definitions under which governments and auditors count them (a host
government's "direct and indirect support", the US DoD's "direct and indirect cost sharing", GAO's
"direct financial support"): each definition says which components it counts, how they are grouped
(``direct``, ``indirect``, ``temporary``) and which totals it publishes. ``data/ledger/<host>.csv``
holds the values: one row per item as the source lists it (``period,definition,support,component,
item,item_ko,value,currency,status,source,note,note_ko``), and a total as a row whose component is
``total`` (``support`` then names the total: ``direct``, ``recurring``, ``all`` ...).
``data/ledger/<host>-execution.csv`` holds what sources say about the contribution's execution:
agreed, budgeted, spent, carried over, lapsed, and the unspent balance at a date
(``period,as_of,category,measure,value,currency,status,source,note,note_ko``).

``note`` is the note in English and ``note_ko`` the same note in Korean; readers see the one in
their language (English where ``note_ko`` is empty). ``note_ko`` is optional: a host's files may
leave the column out altogether (the header then ends with ``note``).

Every value is an integer in the currency it was published in, with its source; ``alternative``
rows keep a second source's differing figure (never added up); an ``unknown`` row says that a
definition does not quantify something. Nothing is estimated: a component that no source gives is
absent, and a total over absent components is partial.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..errors import DataFileError
from ..i18n import Text, _, localized
from .datafile import CsvRow, csv_rows, load_model
from .rules import parse_years

if TYPE_CHECKING:
    from .catalog import Catalog

LEDGER_FIELDS = ["period", "definition", "support", "component", "item", "item_ko", "value", "currency", "status", "source",
                 "note", "note_ko"]
EXECUTION_FIELDS = ["period", "as_of", "category", "measure", "value", "currency", "status", "source", "note", "note_ko"]
OPTIONAL_FIELDS = ("note_ko",)  # trailing columns a file may leave out (read as empty)
STATUSES = ("published", "alternative", "unknown")
BLOCKS = ("direct", "indirect", "temporary")
TOTAL = "total"
MEASURES = ("agreed", "allocated", "cut", "budgeted", "available", "spent", "unexecuted", "carried_over", "lapsed", "tied_up",
            "in_kind", "unpaid", "balance")
STOCKS = ("balance", "unpaid")  # measures that are amounts held at a date (as_of), not flows of a year
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class Definition(BaseModel):
    """A way of counting a host's support: what it includes and which totals it publishes."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: Text
    by: Text = Field(description="who counts this way (a government, an auditor)")
    description: Text = ""
    sources: tuple[str, ...] = ()
    components: tuple[str, ...] = Field((), description="the components this definition counts; empty: it publishes only totals")
    from_agreements: bool = Field(False, description="take the contribution component from the agreements where no row gives it")
    totals: dict[str, tuple[str, ...]] = Field(description="total name -> the support blocks it adds up")
    main: str = Field(description="the total shown first (the whole of what the definition counts)")
    note: Text = ""

    @model_validator(mode="after")
    def _shape(self) -> Definition:
        for name, blocks in self.totals.items():
            bad = [b for b in blocks if b not in BLOCKS]
            if bad or not blocks:
                raise ValueError(_("total '{name}' must add up some of {blocks}", name=name, blocks=", ".join(BLOCKS)))
        if self.main not in self.totals:
            raise ValueError(_("main total '{main}' is not one of the totals", main=self.main))
        return self


class LedgerSpec(BaseModel):
    """``data/ledger/<host>.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    host: str
    components: tuple[str, ...] = Field(min_length=1, description="every component, in display order")
    parts: dict[str, tuple[str, ...]] = Field(default_factory=dict, description="component -> its parts (e.g. cash and in kind)")
    contribution: str = Field(description="the component that is the cost-sharing contribution itself")
    definitions: tuple[Definition, ...] = Field(min_length=1)
    execution_categories: tuple[str, ...] = Field((), description="categories the execution file may use besides 'total' "
                                                                   "(default: the host's categories)")
    note: Text = ""

    @model_validator(mode="after")
    def _known(self) -> LedgerSpec:
        known = set(self.components) | {p for ps in self.parts.values() for p in ps}
        if self.contribution not in self.components:
            raise ValueError(_("contribution '{c}' is not one of the components", c=self.contribution))
        for k in self.parts:
            if k not in self.components:
                raise ValueError(_("parts are given for '{c}', which is not a component", c=k))
        ids = [d.id for d in self.definitions]
        if len(set(ids)) != len(ids):
            raise ValueError(_("two definitions share an id"))
        for d in self.definitions:
            bad = [c for c in d.components if c not in known]
            if bad:
                raise ValueError(_("definition '{id}' counts unknown component(s) {bad}", id=d.id, bad=", ".join(bad)))
        return self

    def definition(self, did: str) -> Definition:
        for d in self.definitions:
            if d.id == did:
                return d
        raise KeyError(did)

    def component_of(self, code: str) -> str:
        """A part's component ('sma_cash' -> 'sma'); a component is its own."""
        for k, ps in self.parts.items():
            if code in ps:
                return k
        return code


@dataclass(frozen=True)
class Item:
    """One value of the ledger as a source gives it."""

    period: str
    first: int
    last: int
    definition: str
    support: str
    component: str
    item: str
    item_ko: str
    value: int | None
    currency: str
    status: str
    source: str
    note: str
    note_ko: str
    line: int

    @property
    def is_total(self) -> bool:
        return self.component == TOTAL

    def note_text(self, lang: str | None = None) -> str:
        """The note in the language in force (English where no Korean is given)."""
        return note_text(self.note, self.note_ko, lang)


@dataclass(frozen=True)
class Execution:
    """One published fact about the contribution's execution (a flow of a period, or a stock at a date)."""

    period: str
    first: int
    last: int
    as_of: str
    category: str
    measure: str
    value: int | None
    currency: str
    status: str
    source: str
    note: str
    note_ko: str
    line: int

    def note_text(self, lang: str | None = None) -> str:
        """The note in the language in force (English where no Korean is given)."""
        return note_text(self.note, self.note_ko, lang)


def note_text(note: str, note_ko: str, lang: str | None = None) -> str:
    """A data row's note (English ``note``, Korean ``note_ko``) in the language in force."""
    return localized({k: v for k, v in (("en", note), ("ko", note_ko)) if v}, lang)


@dataclass(frozen=True)
class Ledger:
    spec: LedgerSpec
    items: tuple[Item, ...]
    execution: tuple[Execution, ...] = ()
    files: Mapping[str, str] = field(default_factory=dict)  # what -> path relative to the data folder


def _period(text: str) -> tuple[int, int]:
    return parse_years(text)


def _common(row: CsvRow, sources: frozenset[str] | None, currencies: tuple[str, ...]) -> tuple[int, int, int | None]:
    """(first year, last year, value) of a ledger or execution row, its period, status, value,
    currency and source checked."""
    try:
        first, last = _period(row["period"])
    except ValueError:
        raise row.error("period", _("'{text}' is not a year or a span of years", text=row["period"])) from None
    if not 1900 <= first <= 2200:
        raise row.error("period", _("{year} is not a plausible year", year=first))
    status = row["status"]
    if status not in STATUSES:
        raise row.error("status", _("'{status}' is not one of {known}", status=status, known=", ".join(STATUSES)))
    value = None if row.known("value", status) is None else row.amount("value")
    if row["currency"] not in currencies:
        raise row.error("currency", _("'{currency}' is not one of {known}", currency=row["currency"], known=", ".join(currencies)))
    row.source("source", sources, addresses=True)
    return first, last, value


def read_ledger(path: Path, spec: LedgerSpec, sources: frozenset[str] | None, currencies: tuple[str, ...]) -> tuple[Item, ...]:
    """The ledger's values, every row checked; errors name the file, line and field."""
    out: list[Item] = []
    known = set(spec.components) | {p for ps in spec.parts.values() for p in ps}
    defs = {d.id: d for d in spec.definitions}
    for row in csv_rows(path, LEDGER_FIELDS, optional=OPTIONAL_FIELDS):
        first, last, value = _common(row, sources, currencies)
        d = defs.get(row["definition"])
        if d is None:
            raise row.error("definition", _("'{definition}' is not one of the ledger's definitions ({known})", definition=row["definition"],
                                          known=", ".join(defs)))
        comp = row["component"]
        if comp == TOTAL:
            if row["support"] not in d.totals:
                raise row.error("support", _("'{total}' is not one of the totals of '{definition}' ({known})", total=row["support"],
                                           definition=d.id, known=", ".join(d.totals)))
        else:
            if comp not in known:
                raise row.error("component", _("'{component}' is not one of the ledger's components ({known})", component=comp,
                                             known=", ".join(sorted(known | {TOTAL}))))
            if d.components and comp not in d.components and spec.component_of(comp) not in d.components:
                raise row.error("component", _("'{component}' is not counted by definition '{definition}'", component=comp, definition=d.id))
            if row["support"] not in BLOCKS:
                raise row.error("support", _("'{support}' is not one of {known}", support=row["support"], known=", ".join(BLOCKS)))
        if not row["item"]:
            raise row.error("item", _("is empty"))
        out.append(Item(row["period"], first, last, d.id, row["support"], comp, row["item"], row["item_ko"], value, row["currency"],
                        row["status"], row["source"], row["note"], row["note_ko"], row.line))
    return tuple(out)


def read_execution(path: Path, sources: frozenset[str] | None, currencies: tuple[str, ...],
                   categories: tuple[str, ...]) -> tuple[Execution, ...]:
    out: list[Execution] = []
    for row in csv_rows(path, EXECUTION_FIELDS, optional=OPTIONAL_FIELDS):
        first, last, value = _common(row, sources, currencies)
        if row["measure"] not in MEASURES:
            raise row.error("measure", _("'{measure}' is not one of {known}", measure=row["measure"], known=", ".join(MEASURES)))
        if row["category"] not in categories:
            raise row.error("category", _("'{category}' is not one of {known}", category=row["category"], known=", ".join(categories)))
        if row["measure"] in STOCKS and not row["as_of"]:
            raise row.error("as_of", _("a balance needs the date it was held at (YYYY-MM or YYYY-MM-DD)"))
        if row["as_of"] and not _DATE.match(row["as_of"]):
            raise row.error("as_of", _("'{text}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", text=row["as_of"]))
        out.append(Execution(row["period"], first, last, row["as_of"], row["category"], row["measure"], value, row["currency"],
                             row["status"], row["source"], row["note"], row["note_ko"], row.line))
    return tuple(out)


def ledger_of(cat: Catalog) -> Ledger | None:
    """The host's ledger (None when the data has none), read and validated once per process."""
    return _ledger(cat.host.id, str(cat.root), frozenset(cat.sources), (cat.host.currency, cat.host.dollar),
                   ("total", *cat.host.categories))


@lru_cache(maxsize=16)
def _ledger(host: str, root: str, sources: frozenset[str], currencies: tuple[str, ...], categories: tuple[str, ...]) -> Ledger | None:
    base = Path(root) / "ledger"
    spec_path = base / f"{host}.yaml"
    if not spec_path.is_file():
        return None
    spec = load_model(spec_path, LedgerSpec)
    if spec.host != host:
        raise DataFileError(str(spec_path), _("the ledger is for host '{host}', not '{other}'", host=spec.host, other=host), field="host")
    for d in spec.definitions:
        for s in d.sources:
            if s not in sources:
                raise DataFileError(str(spec_path), _("source '{source}' is not in the registry", source=s),
                                    field=f"definitions.{d.id}.sources")
    files = {"spec": f"ledger/{host}.yaml"}
    items: tuple[Item, ...] = ()
    values = base / f"{host}.csv"
    if values.is_file():
        items = read_ledger(values, spec, sources, currencies)
        files["values"] = f"ledger/{host}.csv"
    execution: tuple[Execution, ...] = ()
    ex = base / f"{host}-execution.csv"
    if ex.is_file():
        execution = read_execution(ex, sources, currencies, ("total", *(spec.execution_categories or categories[1:])))
        files["execution"] = f"ledger/{host}-execution.csv"
    return Ledger(spec, items, execution, files)
