"""The overlay data folder: newer values of the bundled series, fetched or read by `update`.

The bundled files are never edited. Newer values go into a folder of the user's (by default the
user data directory, e.g. ``~/.local/share/burdenshare``; ``BURDENSHARE_DATA_DIR`` chooses another),
one CSV per series::

    <folder>/series/<series>.csv     period,value,source,publisher,quality,retrieved,released,note
    <folder>/versions/<version>.json a snapshot of every series' values, one per data version seen

A period is ``YYYY`` or ``YYYY-MM``. Each value carries its source (a URL without any key, or a
file path), the publisher, the time it was retrieved and the provider's own release date where the
provider gives one. When the series are loaded, an overlaid value replaces the bundled values of the
same series and year (all but an ``applied`` one: what an agreement applied stays history) and new
years are added; a value is ``observed``.

The data version is computed from the content: a short hash of every data file (bundled, the
folders of ``BURDENSHARE_DATA_PATH`` and the overlay) after the newest period observed, e.g.
``2026-3f9a1c2e``. It changes whenever any value changes, and only then.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from .datafile import csv_rows, parse_period

OVERLAY_ENV = "BURDENSHARE_DATA_DIR"
FIELDS = ["period", "value", "source", "publisher", "quality", "retrieved", "released", "note"]
OBSERVED = ("observed", "applied", "provisional")  # statuses that count as observations for the version's date
MAX_OVERLAY_BYTES = 5_000_000
NOT_CONTENT = ("providers.yaml",)  # where updates come from, not what the figures read: outside the version


CHECK_EVERY = 1.0  # seconds: how stale the overlay's state seen by state() may be (another process's writes)


def overlay_dir() -> Path:
    """The overlay folder in force: ``BURDENSHARE_DATA_DIR``, else the user data directory."""
    env = os.environ
    return _overlay_dir(env.get(OVERLAY_ENV, "").strip(), env.get("XDG_DATA_HOME", ""), env.get("HOME", ""))


@lru_cache(maxsize=8)
def _overlay_dir(env: str, _xdg: str, _home: str) -> Path:
    # keyed by what platformdirs reads, so that a changed environment is followed; the rest is a lookup
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("burdenshare", appauthor=False))


def period_key(period: str) -> tuple[int, int]:
    """A period as a sortable key (a year sorts after its months: it is known once they all are)."""
    p = parse_period(period)
    if p is None:
        return (0, 0)
    return (p[0], 13 if p[1] is None else p[1])


@dataclass(frozen=True)
class OverlayValue:
    """One overlaid value, with where and when it was obtained."""

    series: str
    period: str
    value: float
    text: str  # the value as the provider wrote it (after any documented transform)
    source: str  # a URL without any key, or a file path
    publisher: str = ""
    quality: str = "secondary"
    retrieved: str = ""  # ISO time of retrieval (UTC)
    released: str = ""  # the provider's own release or last-change date, where it gives one
    note: str = ""

    @property
    def year(self) -> int:
        return int(self.period[:4])

    @property
    def monthly(self) -> bool:
        return len(self.period) == 7

    def row(self) -> list[str]:
        return [self.period, self.text, self.source, self.publisher, self.quality, self.retrieved, self.released, self.note]


def read_overlay_csv(path: Path, series: str) -> list[OverlayValue]:
    """One overlay file, every row checked; errors name the file, line and column."""
    out: list[OverlayValue] = []
    seen: set[str] = set()
    for row in csv_rows(path, FIELDS, MAX_OVERLAY_BYTES):
        period, _year, _month = row.period("period")
        row.once("period", period, seen)
        value, vtext = row.number("value")
        out.append(OverlayValue(series, period, value, vtext, row.source("source"), row.text("publisher"),
                                row.text("quality") or "secondary", row.text("retrieved"), row.text("released"),
                                row.text("note")))
    return sorted(out, key=lambda v: period_key(v.period))


Fingerprint = tuple[str, tuple[tuple[str, int, int], ...]]
"""The overlay folder and, per series file, its name, size and modification time."""


def _series_files(root: Path) -> list[Path]:
    folder = root / "series"
    try:
        return sorted(p for p in folder.iterdir() if p.suffix == ".csv" and p.is_file())
    except OSError:
        return []


def fingerprint(root: Path | None = None) -> Fingerprint:
    """What identifies the overlay's state cheaply (names, sizes and modification times of its files):
    caches are keyed by it, so a change on disk is picked up without a restart."""
    root = overlay_dir() if root is None else root
    out: list[tuple[str, int, int]] = []
    for p in _series_files(root):
        try:
            st = p.stat()
        except OSError:
            continue
        out.append((p.name, st.st_size, st.st_mtime_ns))
    return (str(root), tuple(out))


_seen: list[tuple[str, float, Fingerprint]] = []  # (BURDENSHARE_DATA_DIR, when looked at, the folder's fingerprint)


def state() -> Fingerprint:
    """The overlay folder's fingerprint as the per-request paths see it (the catalog and the data
    version are keyed by it): looked at again at most every ``CHECK_EVERY`` seconds, at once when
    ``BURDENSHARE_DATA_DIR`` names another folder or after this process wrote the overlay (`write_overlay`).
    A value written by another process (the server's scheduled refresh, which runs in the
    server's first process, or `burdenshare update`) is so seen within ``CHECK_EVERY`` seconds,
    without a restart, and a request costs no file-system call: listing the folder and a `stat` of
    each file took a tenth of a millisecond, several times a request."""
    env = os.environ.get(OVERLAY_ENV, "")
    now = time.monotonic()
    seen = _seen[-1] if _seen else None
    if seen is not None and seen[0] == env and now - seen[1] < CHECK_EVERY:
        return seen[2]
    fp = fingerprint(overlay_dir())
    _seen[:] = [(env, now, fp)]  # replaced whole: a thread reading it sees the old or the new
    return fp


def changed() -> None:
    """Forget the state seen by :func:`state` (the overlay was written): the next call looks again."""
    _seen.clear()


@lru_cache(maxsize=8)
def _read(fp: Fingerprint) -> Mapping[str, tuple[OverlayValue, ...]]:
    root = Path(fp[0])
    return MappingProxyType({p.stem: tuple(read_overlay_csv(p, p.stem)) for p in _series_files(root)})


def overlay_values(root: Path | None = None) -> Mapping[str, tuple[OverlayValue, ...]]:
    """Every overlaid value by series (empty when the folder has none), read once per state on disk."""
    return _read(fingerprint(root))


def write_overlay(root: Path, values: Mapping[str, Iterable[OverlayValue]]) -> list[Path]:
    """Write the overlay files of the given series, atomically: every file is written to a temporary
    file next to it first, and only when all are written are they renamed into place."""
    folder = root / "series"
    folder.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, rows in values.items():
            target = folder / f"{name}.csv"
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
            staged.append((Path(tmp), target))
            with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
                w = csv.writer(fh, lineterminator="\n")
                w.writerow(FIELDS)
                for v in sorted(rows, key=lambda v: period_key(v.period)):
                    w.writerow(v.row())
                fh.flush()
                os.fsync(fh.fileno())
    except BaseException:
        for written, _target in staged:
            written.unlink(missing_ok=True)
        raise
    try:
        for staged_tmp, target in staged:
            _readable(staged_tmp)
            os.replace(staged_tmp, target)
    finally:
        changed()
    return [t for _tmp, t in staged]


def _readable(path: Path) -> None:
    """The mode of any new file (mkstemp makes it the owner's alone): a server run by another user
    of the machine reads the overlay too."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


def write_atomic(path: Path, text: str) -> None:
    """A small text file written to a temporary file and renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        _readable(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- the data version, computed from the content ------------------------------------------------

def _newest_in_csv(text: str) -> str:
    """The newest year of a bundled series file whose status is an observation."""
    best = ""
    for row in csv.DictReader(io.StringIO(text)):
        if (row.get("status") or "").strip() in OBSERVED and (row.get("value") or "").strip():
            year = (row.get("year") or "").strip()
            if parse_period(year) and period_key(year) > period_key(best or "0000"):
                best = year
    return best


@lru_cache(maxsize=8)
def _folder_digest(root: str) -> tuple[str, str]:
    """(sha256 of every data file of a data folder, newest observed period in its series)."""
    h = hashlib.sha256()
    newest = ""
    base = Path(root)
    files = sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".py"
                   and not p.name.startswith(".") and p.name not in NOT_CONTENT)
    for p in files:
        rel = p.relative_to(base).as_posix()
        data = p.read_bytes()
        h.update(rel.encode() + b"\0" + hashlib.sha256(data).digest())
        if rel.startswith("series/") and p.suffix == ".csv":
            found = _newest_in_csv(data.decode("utf-8", "replace"))
            if period_key(found or "0000") > period_key(newest or "0000"):
                newest = found
    return h.hexdigest(), newest


@lru_cache(maxsize=8)
def _overlay_digest(fp: Fingerprint) -> tuple[str, str]:
    if not fp[1]:
        return "", ""
    h = hashlib.sha256()
    newest = ""
    for name, rows in sorted(_read(fp).items()):
        for v in rows:
            h.update("\0".join([name, *v.row()]).encode() + b"\n")
            if period_key(v.period) > period_key(newest or "0000"):
                newest = v.period
    return h.hexdigest(), newest


def content_version(roots: Iterable[Path], overlay: Path | None = None) -> str:
    """The data version: the newest observed period, then 8 hex digits of a hash of the data files
    (the given data folders and the overlay), e.g. ``2026-3f9a1c2e``."""
    return version_of(tuple(roots), fingerprint(overlay))


@lru_cache(maxsize=16)
def version_of(roots: tuple[Path, ...], overlay: Fingerprint) -> str:
    """The data version of the given data folders and the overlay in the given state (a
    :func:`fingerprint`): computed once per state."""
    h = hashlib.sha256()
    newest = ""
    for root in roots:
        digest, found = _folder_digest(str(Path(root).resolve()))
        h.update(digest.encode())
        if period_key(found or "0000") > period_key(newest or "0000"):
            newest = found
    odigest, onewest = _overlay_digest(overlay)
    if odigest:
        h.update(b"overlay" + odigest.encode())
        if period_key(onewest) > period_key(newest or "0000"):
            newest = onewest
    return f"{newest or 'undated'}-{h.hexdigest()[:8]}"


__all__ = [
    "OVERLAY_ENV",
    "Fingerprint",
    "OverlayValue",
    "changed",
    "content_version",
    "fingerprint",
    "overlay_dir",
    "overlay_values",
    "parse_period",
    "period_key",
    "read_overlay_csv",
    "state",
    "version_of",
    "write_atomic",
    "write_overlay",
]
