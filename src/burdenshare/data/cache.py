"""The bundled files, parsed once: what a process builds from them, kept in the user's cache folder.

Reading and validating the data (YAML through PyYAML, every document through pydantic) costs a
command line more than its own work, and the result is the same until the files change. So a
result is pickled into the user's cache folder, under a name made of what it is and a hash of
everything it was made from: the content of the files, the code that builds and holds it, the
Python version. Any change to a file or to that code gives a new name, and the old file is removed
when the new one is written. A file is written whole or not at all (a temporary file renamed into
place), so processes running side by side never read half a file; one that cannot be read (or is
not the user's own) is ignored and rebuilt.

The folder: ``BURDENSHARE_CACHE_DIR`` if set (set and empty: no cache), else the platform's user
cache folder (``$XDG_CACHE_HOME/burdenshare``, ``~/.cache/burdenshare``; ``~/Library/Caches`` on
macOS, ``%LOCALAPPDATA%`` on Windows). Only the standard library is used here.
"""

from __future__ import annotations

import copyreg
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

ENV = "BURDENSHARE_CACHE_DIR"
PACKAGE = Path(__file__).resolve().parents[1]
KEEP = 4  # files kept of each kind (the newest): switching between versions does not rebuild each time


def folder() -> Path | None:
    """Where cached results go; None when caching is off (BURDENSHARE_CACHE_DIR set and empty)."""
    env = os.environ.get(ENV)
    if env is not None:
        return Path(env).expanduser() if env.strip() else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "burdenshare" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "burdenshare"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "burdenshare"


def _files(root: Path, suffix: str | None = None) -> list[Path]:
    """Every file under `root` (those ending in `suffix`), in a fixed order; no __pycache__."""
    out: list[Path] = []
    for here, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        out.extend(Path(here) / n for n in sorted(names) if suffix is None or n.endswith(suffix))
    return out


def digest(paths: Iterable[Path], *extra: str) -> str:
    """A hash of the files' names and contents (a missing file counts as missing) and of `extra`."""
    h = hashlib.blake2b(digest_size=16)
    for s in extra:
        h.update(s.encode("utf-8", "surrogatepass") + b"\0")
    for p in paths:
        h.update(str(p).encode("utf-8", "surrogatepass") + b"\0")
        try:
            with open(p, "rb") as fh:
                data = fh.read()
        except OSError:
            h.update(b"\1missing\0")
            continue
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


@cache
def tree_digest(root: str, suffix: str | None = None) -> str:
    """The hash of every file under a folder (computed once per process)."""
    return digest(_files(Path(root), suffix))


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The hash of the code whose objects are cached (the model, the messages, the errors, this
    module) and of the Python that pickles them."""
    parts = [tree_digest(str(PACKAGE / sub), ".py") for sub in ("model", "i18n")]
    return digest([PACKAGE / "errors.py", Path(__file__)], *parts, sys.version, str(pickle.HIGHEST_PROTOCOL))


def _read(path: Path) -> Any:
    """A cached object, or None when there is none, or it is not the user's own or cannot be read."""
    try:
        with open(path, "rb") as fh:
            if hasattr(os, "getuid") and os.fstat(fh.fileno()).st_uid != os.getuid():
                return None
            return pickle.load(fh)
    except Exception:  # missing, half-written by an older version, or from code that changed: rebuild
        return None


def _proxy(items: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    return MappingProxyType(items)


class Pickler(pickle.Pickler):
    """The standard pickler, which also takes read-only mappings (``MappingProxyType``)."""

    dispatch_table = {**copyreg.dispatch_table, MappingProxyType: lambda m: (_proxy, (dict(m),))}  # noqa: RUF012 - pickle's own per-class table


def _write(path: Path, obj: Any) -> None:
    """Write the pickle whole or not at all, then remove all but the newest few of the same kind."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                Pickler(fh, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        kind = path.name.rsplit("-", 1)[0]
        same = [p for p in path.parent.glob(f"{kind}-*.pickle") if p.name.rsplit("-", 1)[0] == kind]
        same.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in same[KEEP:]:
            old.unlink(missing_ok=True)
    except Exception:  # a read-only or full disk, an object that cannot be pickled: no cache, same result
        pass


def cached(kind: str, key: str, build: Callable[[], Any]) -> Any:
    """What `build()` returns, read from the cache file named by `kind` and `key` when there is one,
    else built and written there. `key` must change whenever the result would (see :func:`digest`)."""
    where = folder()
    if where is None:
        return build()
    path = where / f"{kind}-{key}.pickle"
    obj = _read(path)
    if obj is None:
        obj = build()
        _write(path, obj)
    return obj


def yaml_file(path: Path) -> Any:
    """A bundled YAML file, parsed (PyYAML's C parser where there is one): plain data, cached by
    the file's content. Not for files a person supplies (those are read by the model's data files,
    which refuse aliases and name the line of a problem)."""

    def parse() -> Any:
        import yaml

        return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))

    return cached(f"yaml-{path.stem}", digest([path], sys.version), parse)
