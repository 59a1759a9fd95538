"""Bringing the series up to date (`burdenshare update`), and what the data holds (`burdenshare data`).

An update runs in three steps, so that nothing is half-written: every value is fetched (or read from
a file) first; then the plan says what would change (each value, old -> new, and every payment of
every agreement that moves because of them, computed by the same engine with the new values); only
then are the overlay files written, atomically. Each data version seen gets a small snapshot of every
series' values in the overlay folder (``versions/<version>.json``), so that any two can be compared.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, NotFound
from ..i18n import _
from ..model.catalog import catalog, data_roots, data_version, host_ids, load_catalog
from ..model.overlay import OverlayValue, overlay_dir, overlay_values, period_key, write_atomic, write_overlay
from ..model.series import METRIC_PRECEDENCE
from . import providers as pv
from .result import Table

if TYPE_CHECKING:
    import httpx

    from ..model.series import Value

Overlay = Mapping[str, tuple[OverlayValue, ...]]  # values by series, as the overlay folder holds them
Snapshot = dict[str, dict[str, list[list[str]]]]  # {series: {period: [[status, value, source], ...]}}

__all__ = [
    "Change",
    "Moved",
    "Plan",
    "apply",
    "diff",
    "fetch",
    "parse_every",
    "plan",
    "refresh",
    "resolve_series",
    "save_snapshot",
    "snapshot",
    "status",
]


@dataclass(frozen=True)
class Change:
    series: str
    period: str
    old: str | None  # the value in force before (None: the period is new)
    old_status: str | None
    old_source: str | None
    new: str
    source: str
    released: str = ""


@dataclass(frozen=True)
class Moved:
    """A payment that moves because of the new values."""

    host: str
    agreement: str
    year: int
    before: int | None
    after: int | None
    status_before: str
    status_after: str
    currency: str


@dataclass
class Plan:
    root: Path
    overlay: dict[str, tuple[OverlayValue, ...]]  # the whole overlay after the update
    changes: list[Change] = field(default_factory=list)
    moved: list[Moved] = field(default_factory=list)
    written: dict[str, list[OverlayValue]] = field(default_factory=dict)  # the series files to write

    @property
    def empty(self) -> bool:
        return not self.changes


def _resources() -> Iterator[dict[str, Any]]:
    """The resources every data folder's data package lists (a folder whose package cannot be read is skipped)."""
    for root in data_roots():
        try:
            desc = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        yield from desc.get("resources", [])


def _frequency(name: str) -> str:
    """A series' frequency as its data package says (``frequency``; annual unless it says monthly)."""
    for res in _resources():
        if res.get("name") == name:
            return str(res.get("frequency", "annual"))
    return "annual"


def all_series() -> dict[str, str]:
    """Every series of every host, with the host that holds it (a monthly series listed in a data
    package with ``"frequency": "monthly"`` too, held by no host's book: its host is "")."""
    out: dict[str, str] = {}
    for h in host_ids():
        for name in catalog(h).book.names:
            out.setdefault(name, h)
    for res in _resources():
        if res.get("frequency") == "monthly" and res.get("name"):
            out.setdefault(str(res["name"]), "")
    return out


def resolve_series(names: list[str], host: str | None, *, routed_only: bool = True) -> list[str]:
    """Series names (or a host's roles, e.g. cpi) as series names; none: every series of the host that
    has a provider route."""
    cat = catalog(host)
    known = all_series()
    if not names:
        _providers, routes = pv.catalogue()
        return [s for s in dict.fromkeys(cat.host.roles.values()) if s in routes or not routed_only]
    out = []
    for n in names:
        if n in known:
            out.append(n)
        elif n in cat.host.roles:
            out.append(cat.host.roles[n])
        else:
            from ..errors import UnknownNameError

            raise UnknownNameError(_("series"), n, sorted(known) + sorted(cat.host.roles), where="series")
    return list(dict.fromkeys(out))


def fetchable(series: list[str], provider: str | None = None) -> tuple[list[str], list[str]]:
    """The series that can be fetched now (a key set, or a keyless route), and a line for each that
    cannot (used when no series is named: update what can be, say what could not)."""
    from ..errors import FetchError

    ok, skipped = [], []
    for name in series:
        try:
            pv.choose_route(name, provider)
        except (FetchError, InputError) as exc:
            skipped.append(str(_("skipped: {reason}", reason=str(exc.message if isinstance(exc, InputError) else exc))))
            continue
        ok.append(name)
    return ok, skipped


def fetch(series: list[str], *, provider: str | None = None, file: Path | None = None, transport: httpx.BaseTransport | None = None) -> dict[str, list[OverlayValue]]:
    """Every series' new values, fetched (or read from the file) before anything is written; the
    first failure stops everything."""
    if file is not None:
        if len(series) != 1:
            raise InputError(_("a file gives the values of one series: name that series"),
                             where="series")
        name = series[0]
        values = pv.read_file(file, name, annual=_frequency(name) != "monthly")
        if not values:
            raise InputError(_("'{path}' holds no values", path=str(file)), where="file")
        return {name: values}
    out: dict[str, list[OverlayValue]] = {}
    routes = {name: pv.choose_route(name, provider) for name in series}  # every key is checked before the first request
    for name, route in routes.items():
        out[name] = pv.fetch_route(route, annual=_frequency(name) != "monthly", transport=transport)
    return out


def plan(fetched: Mapping[str, list[OverlayValue]], root: Path | None = None) -> Plan:
    """What the fetched values change: the values (old -> new) and the payments that move."""
    root = overlay_dir() if root is None else root
    current = dict(overlay_values(root))
    known = all_series()
    p = Plan(root, dict(current))
    for name, values in fetched.items():
        host = known.get(name)
        book = catalog(host).book if host else None  # a monthly series: no book holds it
        meta = book.meta.get(name) if book else None
        mine = {v.period: v for v in current.get(name, ())}
        changed = False
        for v in values:
            if meta is not None and meta.min_value is not None and v.value < meta.min_value:
                raise InputError(_("{value} is below the minimum {minimum} for {series}", value=v.text, minimum=meta.min_value,
                                   series=name), where=f"{name}.{v.period}")
            old = mine.get(v.period)
            prev: tuple[str, str, str, float | None] | None
            if old is not None:
                prev = (old.text, "observed", old.source, old.value)
            elif book is not None and not v.monthly:
                b = book.pick(name, v.year, METRIC_PRECEDENCE)
                prev = (b.text, b.status, b.source, b.value) if b is not None else None
            else:
                prev = None
            if prev is not None and prev[3] == v.value and prev[1] == "observed":
                continue  # the same observed value: nothing changes
            p.changes.append(Change(name, v.period, prev[0] if prev else None, prev[1] if prev else None,
                                    prev[2] if prev else None, v.text, v.source, v.released))
            mine[v.period] = v
            changed = True
        if changed:
            rows = tuple(sorted(mine.values(), key=lambda r: period_key(r.period)))
            p.overlay[name] = rows
            p.written[name] = list(rows)
    if p.changes:
        p.moved = moved(current, p.overlay, {c.series for c in p.changes})
    return p


def moved(before: Overlay, after: Overlay, series: set[str]) -> list[Moved]:
    """The payments of every agreement whose amount or status differs between two overlays (only the
    hosts that hold one of the series are computed)."""
    from ..analysis.schedule import schedule_columns

    out: list[Moved] = []
    for h in host_ids():
        if not series & set(catalog(h).book.meta):
            continue
        cats = [load_catalog(h, overlay=before), load_catalog(h, overlay=after)]
        cur = cats[0].host.currency
        col = "amount"
        for aid in cats[0].host.agreements:
            frames = [schedule_columns(c, c.agreements[aid], c.inputs(), None, None) for c in cats]
            rows = [{int(y): (a, s) for y, a, s in zip(f["year"], f[col], f["status"], strict=True)} for f in frames]
            for year in sorted(set(rows[0]) | set(rows[1])):
                (a0, s0), (a1, s1) = rows[0].get(year, (None, "")), rows[1].get(year, (None, ""))
                a0 = None if a0 is None or a0 != a0 else int(a0)
                a1 = None if a1 is None or a1 != a1 else int(a1)
                if a0 != a1 or s0 != s1:
                    out.append(Moved(h, aid, year, a0, a1, str(s0), str(s1), cur))
    return out


def apply(p: Plan) -> tuple[str, str]:
    """Write the plan's overlay files (atomically), with a snapshot of the versions before and after;
    the data versions before and after."""
    before = data_version()
    save_snapshot(p.root)
    write_overlay(p.root, p.written)
    after = data_version()
    save_snapshot(p.root)
    return before, after


def refresh(transport: httpx.BaseTransport | None = None) -> tuple[Plan | None, str]:
    """One scheduled refresh (a server refreshing on a schedule): every routed series of every host that
    can be fetched (its key set, or keyless), all fetched before anything is written; the plan
    written (None when nothing changed) and a line saying what happened."""
    names, _skipped = fetchable(list(dict.fromkeys(n for h in host_ids() for n in resolve_series([], h))))
    if not names:
        return None, str(_("no series can be fetched (no API key set and no keyless route)"))
    p = plan(fetch(names, transport=transport))
    if p.empty:
        return None, str(_("data up to date ({version})", version=data_version()))
    before, after = apply(p)
    return p, str(_("{n} values updated: data version {before} → {after}", n=len(p.changes), before=before, after=after))


def parse_every(text: str) -> int:
    """An interval written 1d, 12h, 30m or 3600s (or plain seconds), in seconds (at least a minute)."""
    import re

    m = re.fullmatch(r"\s*(\d+)\s*([dhms]?)\s*", text or "")
    if not m:
        raise InputError(_("'{text}' is not an interval (e.g. 1d, 12h, 30m)", text=text), where="update_every")
    seconds = int(m.group(1)) * {"d": 86400, "h": 3600, "m": 60, "s": 1, "": 1}[m.group(2)]
    if seconds < 60:
        raise InputError(_("an interval of at least a minute, please (got {text})", text=text), where="update_every")
    return seconds


# --- snapshots and what the data holds ---------------------------------------------------------------

def snapshot(overlay: Overlay | None = None) -> Snapshot:
    """Every series' values: {series: {period: [[status, value, source], ...]}} (with the overlay on
    disk, or the one given; {} gives the bundled data alone)."""
    out: Snapshot = {}
    ov = overlay_values() if overlay is None else overlay
    for h in host_ids():
        cat = catalog(h) if overlay is None else load_catalog(h, overlay=overlay)
        for name, rows in cat.book.values.items():
            if name in out:
                continue
            d: dict[str, list[list[str]]] = {}
            for v in rows:
                if v.known:
                    d.setdefault(str(v.year), []).append([v.status, v.text, v.source])
            out[name] = d
    in_books = set(out)
    for name, overlaid in ov.items():  # monthly values (and series no book holds)
        d = out.setdefault(name, {})
        for o in overlaid:
            if o.monthly or name not in in_books:
                d[o.period] = [["observed", o.text, o.source]]
    return out


def save_snapshot(root: Path | None = None) -> str:
    """Keep the current version's snapshot in the overlay folder (once per version)."""
    root = overlay_dir() if root is None else root
    version = data_version()
    path = root / "versions" / f"{version}.json"
    if not path.exists():
        doc = {"version": version, "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
               "series": snapshot()}
        write_atomic(path, json.dumps(doc, ensure_ascii=False, sort_keys=True))
    return version


def versions(root: Path | None = None) -> list[str]:
    root = overlay_dir() if root is None else root
    folder = root / "versions"
    return sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []


def _load_version(name: str, root: Path) -> tuple[str, Snapshot]:
    if name == "current":
        return data_version(), snapshot()
    if name == "bundled":
        return str(_("bundled")), snapshot({})
    if name == data_version():
        return name, snapshot()
    known = versions(root)
    found = [v for v in known if v == name or v.endswith("-" + name)]
    if len(found) != 1:
        raise NotFound(_("no snapshot of data version '{version}' in {folder} (known: {known})", version=name,
                         folder=str(root / "versions"), known=", ".join(["bundled", "current", *known])), where="version")
    doc = json.loads((root / "versions" / f"{found[0]}.json").read_text(encoding="utf-8"))
    return found[0], doc["series"]


def diff(v1: str, v2: str, root: Path | None = None) -> Table:
    """The values that differ between two data versions (a version, ``bundled`` or ``current``)."""
    root = overlay_dir() if root is None else root
    n1, a = _load_version(v1, root)
    n2, b = _load_version(v2, root)
    rows = []
    for name in sorted(set(a) | set(b)):
        pa, pb = a.get(name, {}), b.get(name, {})
        for period in sorted(set(pa) | set(pb), key=period_key):
            ka = {r[0]: r for r in pa.get(period, [])}
            kb = {r[0]: r for r in pb.get(period, [])}
            for status in sorted(set(ka) | set(kb)):
                ra, rb = ka.get(status), kb.get(status)
                if ra is not None and rb is not None and ra[1:] == rb[1:]:
                    continue
                rows.append({"series": name, "period": period, "status": status,
                             "before": ra[1] if ra else None, "after": rb[1] if rb else None,
                             "source_before": ra[2] if ra else None, "source_after": rb[2] if rb else None})
    import pandas as pd

    cols = ["series", "period", "status", "before", "after", "source_before", "source_after"]
    return Table(pd.DataFrame(rows, columns=cols), {"data_version": data_version(), "from": n1, "to": n2},
                 title=str(_("Changed values: {v1} → {v2}", v1=n1, v2=n2)))


def status() -> Table:
    """What is bundled, what is overlaid and from where, and the newest observation of each series."""
    import pandas as pd

    ov = overlay_values()
    rows = []
    seen: set[str] = set()
    for h in host_ids():
        cat = load_catalog(h, overlay={}) if ov else catalog(h)  # the bundled values alone
        for name in cat.book.names:
            if name in seen:
                continue
            seen.add(name)
            bundled = [v for v in cat.book.rows(name) if v.known and v.status in ("observed", "applied", "provisional")]
            rows.append(_status_row(name, bundled, ov.get(name, ())))
    for name, mine in ov.items():
        if name not in seen:
            rows.append(_status_row(name, [], mine))
    cols = ["series", "bundled_newest", "overlay_values", "overlay_newest", "newest", "source", "publisher",
            "retrieved", "released"]
    return Table(pd.DataFrame(rows, columns=cols), {"data_version": data_version(), "overlay_folder": str(overlay_dir()),
                                                   "versions": versions()},
                 title=str(_("Data version {version}: bundled and overlaid series", version=data_version())))


def _status_row(name: str, bundled: list[Value], mine: tuple[OverlayValue, ...]) -> dict[str, str | int | None]:
    bnew = str(max(v.year for v in bundled)) if bundled else None
    onew = max((v.period for v in mine), key=period_key) if mine else None
    last = max(mine, key=lambda v: v.retrieved) if mine else None
    newest = max([p for p in (bnew, onew) if p], key=period_key, default=None)
    return {"series": name, "bundled_newest": bnew, "overlay_values": len(mine), "overlay_newest": onew,
            "newest": newest, "source": last.source if last else None, "publisher": last.publisher if last else None,
            "retrieved": last.retrieved if last else None, "released": (last.released or None) if last else None}
