"""The History page's table, described once: a year a row (its agreement, the chosen measure's figure,
the change, the status in its chart colour, how the figure is obtained, the source by its publisher
and date), and the headline that follows the chosen measure. The page renders it on the server
(``web/templates/_table.html``), so a reader without a script, a crawler and a shared link
(``/?measure=amount_dollars``) see the same table.

A column is one :class:`Part` of :data:`PARTS` (its key, its header, how a row's cell is written):
another column is one more entry there."""

from __future__ import annotations

import datetime as dt
import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..i18n import _
from ..i18n.money import currency_name
from . import findings
from .colours import STATUS_COLOURS
from .view import Align, Cell, Column, Row, TableView, View, registry, source, sources

if TYPE_CHECKING:
    from ..i18n.core import Msg
    from ..model.sources import Source
    from ..ops.result import Table

# The frame columns read here, in one place (a rename of the frames' columns is an edit of this table alone).
COLS: dict[str, str] = {"year": "year", "agreement": "agreement_title", "change": "change_pct", "status": "status",
                        "status_text": "status_text", "basis": "basis", "source": "source",
                        "published_source": "published_source"}

MEASURES: tuple[str, ...] = ("amount", "amount_dollars", "amount_real", "share_defence_budget_pct", "per_soldier_stated")


def measures(meta: Mapping[str, Any]) -> list[tuple[str, Msg]]:
    """The measures the page offers, each with its label (the select's option, the value column's header)."""
    labels: dict[str, Msg] = {
        "amount": _("amount ({currency}, nominal)", currency=currency_name(meta["currency"])),
        "amount_dollars": _("dollars (each year's rate)"),
        "amount_real": _("real terms (prices of {year})", year=meta.get("real_base_year")),
        "share_defence_budget_pct": _("share of the defence budget (%)"),
        "per_soldier_stated": _("per US soldier (stated level)"),
    }
    return [(k, labels[k]) for k in MEASURES]


def measure_of(asked: str | None) -> str:
    """The measure a page's address names, else the first (an unknown name is not an error on a page)."""
    return asked if asked in MEASURES else MEASURES[0]


def _present(v: object) -> bool:
    return v is not None and not (isinstance(v, float) and math.isnan(v))


def _number(v: object) -> float | None:
    if isinstance(v, bool) or not isinstance(v, numbers.Real):
        return None
    f = float(v)
    return f if math.isfinite(f) else None


def figure(row: Mapping[str, Any], measure: str) -> Cell:
    """A year's figure of a measure as the reader sees it: money as the operation wrote it
    (i18n/money.py), a share with two decimals, a missing figure as the word for unknown."""
    v = _number(row.get(measure))
    written = row.get(f"{measure}_text")
    if v is None:
        return Cell(str(_("unknown")), None, missing=True)
    if isinstance(written, str) and written:
        return Cell(written, row.get(measure))
    return Cell(f"{v:,.2f}", v)


@dataclass(frozen=True)
class Context:
    measure: str
    label: str
    sources: Mapping[str, Source]


@dataclass(frozen=True)
class Part:
    """One column of the table: its key, its header (in the reader's language) and its cell for a row."""

    key: str
    header: Callable[[Context], str]
    cell: Callable[[Mapping[str, Any], Context], Cell]
    align: Align = "number"
    key_column: bool = False


def _text(key: str) -> Callable[[Mapping[str, Any], Context], Cell]:
    def cell(row: Mapping[str, Any], ctx: Context) -> Cell:
        v = row.get(COLS[key])
        return Cell(str(v) if _present(v) else "", v if _present(v) else None)

    return cell


def _change(row: Mapping[str, Any], ctx: Context) -> Cell:
    v = _number(row.get(COLS["change"]))
    return Cell(f"{v:+.1f}", v) if v is not None else Cell("")


def _status(row: Mapping[str, Any], ctx: Context) -> Cell:
    code = row.get(COLS["status"])
    return Cell(str(row.get(COLS["status_text"]) or ""), code, swatch=STATUS_COLOURS.get(str(code), "#999"))


def _source(row: Mapping[str, Any], ctx: Context) -> Cell:
    sid = row.get(COLS["published_source"])
    return source(ctx.sources, sid if _present(sid) and sid else row.get(COLS["source"]))


PARTS: list[Part] = [
    Part("year", lambda c: str(_("year")), lambda r, c: Cell(str(r[COLS["year"]]), r[COLS["year"]]), key_column=True),
    Part("agreement", lambda c: str(_("agreement")), _text("agreement"), align="text"),
    Part("value", lambda c: c.label, lambda r, c: figure(r, c.measure), key_column=True),
    Part("change", lambda c: str(_("change (%)")), _change),
    Part("status", lambda c: str(_("status")), _status, align="text", key_column=True),
    Part("basis", lambda c: str(_("how")), _text("basis"), align="text"),
    Part("source", lambda c: str(_("source")), _source, align="text"),
]


def headline(res: Table, rows: Sequence[Mapping[str, Any]], measure: str, label: str, today: dt.date | None = None) -> str:
    """The finding, following the chosen measure: the amounts' finding, or the measure's value this
    year (within the years shown) and in the last year."""
    if measure == MEASURES[0]:
        return findings.history(res, today)
    known = [r for r in rows if _number(r.get(measure)) is not None]
    if not known:
        return findings.history(res, today)
    year = min(max((today or dt.date.today()).year, known[0][COLS["year"]]), known[-1][COLS["year"]])
    now = next((r for r in known if r[COLS["year"]] == year), known[-1])
    last = known[-1]
    if now[COLS["year"]] == last[COLS["year"]]:
        return str(_("{measure}: {value} in {year}.", measure=label, value=figure(now, measure).text, year=now[COLS["year"]]))
    return str(_("{measure}: {value} in {year}; {last_value} in {last} ({status}).", measure=label, value=figure(now, measure).text,
                 year=now[COLS["year"]], last_value=figure(last, measure).text, last=last[COLS["year"]],
                 status=last.get(COLS["status_text"]) or ""))


def history_view(res: Table, rows: Sequence[Mapping[str, Any]], measure: str | None = None, today: dt.date | None = None) -> View:
    """The History page's view of a history (``rows``: its records, labelled by ``labels.annotate``)
    for one measure (``?measure=``; the amounts by default)."""
    m = measure_of(measure)
    label = str(dict(measures(res.meta))[m])
    reg = registry(res.meta["host"])
    ctx = Context(m, label, reg)
    columns = tuple(Column(p.key, p.header(ctx), align=p.align, key_column=p.key_column) for p in PARTS)
    body = tuple(Row(tuple(p.cell(r, ctx) for p in PARTS), css="clickable", data=(("year", str(r[COLS["year"]])),)) for r in rows)
    table = TableView("table", str(res.title), columns, body, empty=str(_("No source gives this agreement's amounts.")))
    return View(host=str(res.meta["host"]), title=str(res.title), finding=headline(res, rows, m, label, today), unit=label,
                tables=(table,), sources=sources(reg, res.meta.get("sources") or []))


__all__ = ["COLS", "MEASURES", "PARTS", "Context", "Part", "figure", "headline", "history_view", "measure_of", "measures"]


def nowcast_payment(row: Mapping[str, Any]) -> str:
    """A row's nowcast payment as people quote it: 1조 5,914억원 (2.6%; 80%: … to …); "" without one."""
    if not row.get("nowcast"):
        return ""
    return str(_("{amount} ({rate}%; 80%: {interval})", amount=row["nowcast_amount_text"],
                 rate=f"{row['nowcast_rate_pct']:.1f}", interval=row["nowcast_interval_text"]))


def nowcast_notes(rows: Sequence[Mapping[str, Any]]) -> list[tuple[int, str]]:
    """The note under a history's table for each payment that reads a partly published year: its
    year, and its projection, the months published and the nowcast's payment in words (the page and
    the terminal say the same)."""
    return [(int(r["year"]), str(_("{year} (projected: {projection}): {status}; the nowcast's payment {nowcast}",
                                  year=r["year"], projection=r["amount_text"], status=r["nowcast"],
                                  nowcast=nowcast_payment(r))))
            for r in rows if r.get("nowcast")]
