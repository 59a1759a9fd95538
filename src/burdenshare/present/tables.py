"""Tables in the terminal (Rich), in the reader's language: column headings translated, money in
one unit per table stated in the heading (억원 in Korean, KRW billion in English), codes (statuses,
categories) shown as words, unknown values shown as unknown."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from ..i18n import Msg, _
from ..i18n.money import in_table_unit, table_unit
from ..i18n.vocabulary import word
from ..model.frames import clean, row_dicts
from .dollar import dollar

if TYPE_CHECKING:
    import pandas as pd
    from rich.console import Console

    from .view import Cell as ViewCell, TableView, View


@dataclass(frozen=True)
class Col:
    """A column: the row key, its heading, and how a cell is written.

    kind: ``text``, ``int`` (thousands separated), ``year``, ``money`` (the table's currency unit),
    ``usd`` (millions of dollars), ``pct`` (one decimal), ``float``, ``prob``, ``bool``, or a
    vocabulary kind as ``word:status``. digits: for money, the significant figures the value means
    (no decimal written beyond them)."""

    key: str
    label: Msg | str
    kind: str = "text"
    fmt: Callable[[dict[str, Any]], str] | None = None
    digits: int | None = None


def cell(col: Col, row: dict[str, Any], currency: str | None) -> str:
    if col.fmt is not None:
        return col.fmt(row)
    v = clean(row.get(col.key))
    if col.kind.startswith("word:"):
        return word(col.kind[5:], v)
    if v is None:
        return str(_("unknown")) if col.kind in ("money", "usd") else ""
    if col.kind == "money":
        return in_table_unit(v, currency or "", digits=col.digits)
    if col.kind == "usd":
        return in_table_unit(v, dollar(), digits=col.digits)
    if col.kind == "year":
        return str(v)
    if col.kind == "pct":
        return f"{v:,.1f}"
    if col.kind == "prob":
        return f"{v:.4f}"
    if col.kind == "bool":
        return str(_("yes")) if v else ""
    if col.kind == "int":
        return f"{int(v):,}" if isinstance(v, (int, float)) else str(v)
    if isinstance(v, bool):
        return str(_("yes")) if v else ""
    if isinstance(v, float):
        if math.isnan(v):
            return ""
        return f"{v:.3f}" if abs(v) < 1 else f"{v:,.1f}" if abs(v) < 1e6 else f"{v:,.0f}"
    if isinstance(v, int):
        return f"{v:,}" if abs(v) >= 10_000 else str(v)
    return str(v)


def heading(col: Col, currency: str | None) -> str:
    label = str(col.label)
    if col.kind == "money" and currency:
        return f"{label} ({table_unit(currency)[1]})"
    if col.kind == "usd":
        return f"{label} ({table_unit(dollar())[1]})"
    if col.kind == "pct":
        return f"{label} (%)"
    return label


RIGHT = ("money", "usd", "int", "pct", "float", "prob", "year")


def print_table(rows: pd.DataFrame | Iterable[dict[str, Any]], columns: list[Col], title: str | Msg = "", *, currency: str | None = None,
                caption: str | Msg | None = None) -> None:
    from rich.table import Table
    from rich.text import Text

    # every text as a Text: data, never read as Rich's markup or coloured by its highlighter (which
    # also cost half the table's time: each cell parsed and scanned with regular expressions)
    records = row_dicts(cast("pd.DataFrame", rows)) if hasattr(rows, "to_numpy") else list(rows)  # a frame without importing pandas
    table = Table(title=Text(str(title)) if title else None, header_style="bold", show_lines=False,
                  caption=Text(str(caption)) if caption else None)
    for c in columns:
        table.add_column(Text(heading(c, currency)), justify="right" if c.kind in RIGHT else "left", overflow="fold")
    for r in records:
        table.add_row(*[Text(cell(c, r, currency)) for c in columns])
    console().print(table)


def money_or_dot(v: Any, currency: str, mark: str = "") -> str:
    """A money cell in the table's unit (the title names it), then `mark`; a dot where no source gives
    the figure (nothing is estimated)."""
    v = clean(v)
    return "·" if v is None else in_table_unit(v, currency) + mark


def money_col(key: str, currency: str) -> Callable[[dict[str, Any]], str]:
    """A cell writer for :class:`Col`: the row's `key` as :func:`money_or_dot`."""
    return lambda r: money_or_dot(r.get(key), currency)


def said(r: dict[str, Any], *, or_summary: bool = False) -> str:
    """What was said: the quote as the source prints it, with burdenshare's translation (labelled)
    when the quote is in another language; without a quote, the row's summary (`or_summary`) or nothing."""
    quote = clean(r.get("quote")) or ""
    if not quote:
        return (clean(r.get("summary")) or "") if or_summary else ""
    translation = clean(r.get("quote_translation"))
    return f"{quote}\n{translation} {_('(translation: burdenshare)')}" if translation else quote


def console() -> Console:
    from rich.console import Console

    return Console(width=max(160, Console().width))


def print_lines(lines: Iterable[str | Msg], style: str | None = None) -> None:
    from rich.markup import escape

    c = console()
    for line in lines:
        c.print(escape(str(line)), style=style)


def view_cell(cell: ViewCell) -> str:
    """A view's cell as the terminal writes it: the text, burdenshare's translation under a quote
    (labelled), and the note after it."""
    out = cell.text
    if cell.translation:
        out += f"\n{cell.translation} {_('(translation: burdenshare)')}"
    if cell.note:
        out += ("\n" if cell.translation or cell.lang else " ") + cell.note
    return out


def print_view_table(table: TableView) -> None:
    """A presenter's table in the terminal: its title with the unit (the caption), every column, the
    subtitle and notes under it."""
    from rich.markup import escape
    from rich.table import Table

    title = f"{table.title} ({table.caption})" if table.caption else table.title
    t = Table(title=escape(title), header_style="bold", show_lines=False)
    for c in table.columns:
        t.add_column(escape(c.header), justify="right" if c.align == "number" else "left", overflow="fold", no_wrap=not c.wrap)
    for r in table.rows:
        t.add_row(*[escape(view_cell(cell)) for cell in r.cells])
    console().print(t)
    lines = [f"  {table.subtitle}"] if table.subtitle else []
    print_lines([*lines, *(f"  {n}" for n in table.notes)], style="dim")


def print_view(view: View, notes: Iterable[str | Msg] = ()) -> None:
    """A presenter's view in the terminal: its lines, its tables, its notes, then `notes` (the
    interface's own, such as which command to run)."""
    print_lines(view.lines)
    for table in view.tables:
        print_view_table(table)
    print_lines([*(f"  {n}" for n in view.notes), *notes], style="dim")
