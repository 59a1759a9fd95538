"""Monthly series: a bundled file (``period,value,status,source,note``) with the overlay's months on top.

A monthly series is listed in a data package with ``"profile": "burdenshare-monthly"`` and
``"frequency": "monthly"``; no host's book of annual series holds it. Its bundled file cites a
source of the registry for every month; a month the overlay folder holds (fetched or read by
``burdenshare update``) replaces the bundled month and carries its own source (a URL or a file).
Nothing is filled in: a month no source gives is absent.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..i18n import _
from .overlay import OverlayValue, overlay_values

FIELDS = ["period", "value", "status", "source", "note"]
PROFILE = "burdenshare-monthly"


@dataclass(frozen=True)
class Month:
    """One month's value of a monthly series, with where it comes from."""

    series: str
    year: int
    month: int
    value: float
    source: str  # a registry id (bundled) or a URL / file (overlaid)
    status: str = "observed"
    note: str = ""
    overlaid: bool = False

    @property
    def period(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class MonthlyMeta:
    name: str
    path: Path
    title: str | dict[str, str]
    host: str = ""
    annual_series: str = ""  # the annual rate derived from it (e.g. kr_cpi_inflation)
    annual_index: str = ""  # the annual-average index derived from it (e.g. kr_cpi_index)
    release_lag_months: int = 1  # a month is published about this many months after it ends
    minimum: float | None = None


def monthly_resources(roots: Iterable[Path]) -> dict[str, MonthlyMeta]:
    """Every monthly series the data packages of these folders list (the first folder naming one wins)."""
    out: dict[str, MonthlyMeta] = {}
    for root in roots:
        try:
            desc = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for res in desc.get("resources", []):
            if res.get("profile") != PROFILE or not res.get("name") or res["name"] in out:
                continue
            out[res["name"]] = MonthlyMeta(
                name=res["name"], path=root / res["path"], title=res.get("title", res["name"]),
                host=str(res.get("host", "")), annual_series=str(res.get("annual_series", "")),
                annual_index=str(res.get("annual_index", "")),
                release_lag_months=int(res.get("release_lag_months", 1)), minimum=res.get("minimum"))
    return out


def read_monthly_csv(path: Path, meta: MonthlyMeta, sources: frozenset[str] | None = None) -> list[Month]:
    """A bundled monthly file, every row checked; errors name the file, line and column."""
    from .datafile import csv_rows

    out: list[Month] = []
    seen: set[str] = set()
    for row in csv_rows(path, FIELDS):
        period, year, month = row.month("period")
        row.once("period", period, seen)
        status = row.text("status")
        if status != "observed":
            raise row.error("status", _("'{status}' is not one of {known}", status=status, known="observed"))
        value, _text = row.number("value", meta.minimum, meta.name)
        source = row.source("source", sources)
        out.append(Month(meta.name, year, month, value, source, status, row.text("note")))
    return sorted(out, key=lambda m: (m.year, m.month))


def monthly_series(name: str, roots: Iterable[Path], overlay: Mapping[str, Iterable[OverlayValue]] | None = None,
                   sources: frozenset[str] | None = None) -> list[Month]:
    """A monthly series: its bundled months, with the overlay's months on top (an overlaid month
    replaces the bundled one). Raises InputError when no data package lists the series."""
    metas = monthly_resources(roots)
    if name not in metas:
        raise InputError(_("'{name}' is not a monthly series (known: {known})", name=name,
                           known=", ".join(sorted(metas)) or "-"), where="series")
    meta = metas[name]
    months = {m.period: m for m in read_monthly_csv(meta.path, meta, sources)} if meta.path.is_file() else {}
    extra = overlay_values() if overlay is None else overlay
    for v in extra.get(name, ()):
        if v.monthly:
            y, mo = int(v.period[:4]), int(v.period[5:7])
            months[v.period] = Month(name, y, mo, float(v.value), v.source, "observed", v.note, True)
    return sorted(months.values(), key=lambda m: (m.year, m.month))


__all__ = ["Month", "MonthlyMeta", "monthly_resources", "monthly_series", "read_monthly_csv"]
