"""A view as both interfaces show it, described once and without an interface: a title, the finding,
tables (columns with their headers in the reader's language, rows of cells already written, with the
raw value beside each), notes, and the sources cited (publishers named as people name them).

The presenters (:mod:`.claims`, :mod:`.ledger`) build these; the CLI prints them as Rich tables
(:func:`burdenshare.present.tables.print_view_table`) and the web renders them with one Jinja macro
(``web/templates/_table.html``). No cell and no header holds an id, a code or a column key: those stay
in ``Column.key``, ``Cell.value`` and ``Cell.source`` for machines (links, styles, ``data-source``)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from ..i18n.money import in_table_unit
from ..i18n.vocabulary import word
from ..model.frames import clean
from . import labels

if TYPE_CHECKING:
    from ..model.sources import Source

Raw = str | int | float | bool | None
Align = Literal["text", "number"]
DOT = "·"  # no source gives the figure (nothing is estimated)


@dataclass(frozen=True)
class Column:
    """A column: a stable key (for machines), its header in the reader's language (with its unit
    where the table's caption does not state it), how it is aligned, and whether it is one of the
    table's key columns (kept on a phone's screen)."""

    key: str
    header: str
    align: Align = "number"
    key_column: bool = False
    web: bool = True  # shown on the pages (False: only in the terminal, e.g. the argument to type)
    wrap: bool = True  # False: never broken across lines (a value to copy)


@dataclass(frozen=True)
class Cell:
    """One cell: its text as a reader sees it and the raw value it was written from.

    ``note``: a muted addition (which total a published figure is, how a year was obtained);
    ``source``: the id of the cited source (the text names its publisher and date); ``href``: where
    it links; ``lang``: the text's language where it is not the reader's (a quote as printed);
    ``translation``: burdenshare's translation of such a text; ``missing``: no source gives the
    figure, though the text says so in words (미상 / unknown) rather than with a dot; ``swatch``: a
    colour shown before the text (a status's colour, as the chart draws it)."""

    text: str
    value: Raw = None
    note: str = ""
    source: str = ""
    href: str = ""
    lang: str = ""
    translation: str = ""
    missing: bool = False
    swatch: str = ""

    @property
    def unknown(self) -> bool:
        return self.missing or self.text == DOT


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    css: str = ""  # a class for the row (its status, a check's result), from a code, never shown
    data: tuple[tuple[str, str], ...] = ()  # data-* attributes for the page's script (data-year), never shown


@dataclass(frozen=True)
class TableView:
    id: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    caption: str = ""  # the table's unit (억원 / KRW billion), stated once
    subtitle: str = ""  # who defines it and how
    notes: tuple[str, ...] = ()
    empty: str = ""  # what an empty table says

    @property
    def web_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.web)

    def web_cells(self, row: Row) -> tuple[Cell, ...]:
        return tuple(cell for c, cell in zip(self.columns, row.cells, strict=True) if c.web)


@dataclass(frozen=True)
class SourceRef:
    """A cited source: its original title, the publisher in the reader's language, date, address and quality."""

    id: str
    title: str
    publisher: str
    url: str
    date: str
    quality: str
    quality_word: str


@dataclass(frozen=True)
class View:
    host: str
    title: str
    finding: str
    unit: str
    tables: tuple[TableView, ...]
    notes: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    lines: tuple[str, ...] = field(default=())  # what the terminal prints above the tables

    def table(self, tid: str) -> TableView | None:
        return next((t for t in self.tables if t.id == tid), None)


# --- cells ------------------------------------------------------------------------------------------

def _raw(v: object) -> Raw:
    v = clean(v)
    if v is None or isinstance(v, (str, int, float, bool)):
        return v
    return str(v)


def money(v: object, currency: str, mark: str = "") -> Cell:
    """An amount in the table's unit (the caption names it); a dot where no source gives it."""
    raw = _raw(v)
    if raw is None or isinstance(raw, (str, bool)) or (isinstance(raw, float) and not math.isfinite(raw)):
        return Cell(DOT)
    return Cell(in_table_unit(raw, currency) + mark, raw)


def number(v: object, digits: int = 0, suffix: str = "") -> Cell:
    raw = _raw(v)
    if raw is None or isinstance(raw, (str, bool)) or (isinstance(raw, float) and not math.isfinite(raw)):
        return Cell(DOT)
    return Cell(f"{raw:,.{digits}f}{suffix}", raw)


def text(v: object) -> Cell:
    raw = _raw(v)
    return Cell("" if raw is None else str(raw), raw)


def words(kind: str, code: object) -> Cell:
    """A code of the vocabulary (a status, a component) as its word."""
    raw = _raw(code)
    return Cell(word(kind, raw) if raw is not None else "", raw)


def source(registry: Mapping[str, Source], sid: object, url: str | None = None) -> Cell:
    """A cited source as its publisher and date (국방부, 2024-10-04), linked; the id kept for machines."""
    s = clean(sid)
    if not isinstance(s, str) or not s:
        return Cell("")
    found = registry.get(s)
    return Cell(labels.source_text(registry, s), s, source=s, href=url or (found.url if found is not None else ""))


def sources(registry: Mapping[str, Source], ids: Iterable[object]) -> tuple[SourceRef, ...]:
    """The sources a view cites, once each, in the order first cited."""
    out = []
    for sid in dict.fromkeys(i for i in ids if isinstance(i, str) and i):
        s = registry.get(sid)
        if s is not None:
            out.append(SourceRef(id=sid, title=s.title, publisher=labels.publisher(s), url=s.url, date=s.date,
                                 quality=s.quality, quality_word=word("quality", s.quality)))
    return tuple(out)


def registry(host: str | None) -> dict[str, Source]:
    """The source registry of a host's catalog."""
    from ..model.catalog import catalog

    return dict(catalog(host).sources)


__all__ = ["DOT", "Cell", "Column", "Row", "SourceRef", "TableView", "View", "money", "number", "registry", "source",
           "sources", "text", "words"]
