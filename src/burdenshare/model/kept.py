"""Values derived from a catalog alone (so from one data version), kept with it.

Catalogs are never changed once loaded, so what is computed from one (an agreement's timeline, its
compiled plan, a nowcast) can be kept for as long as the catalog is in use. A `KeptWithCatalog` holds
such values keyed by the catalog's identity, and holds the catalog too, so that the identity stays its
own while the values are kept. Thread-safe: a value is made outside the lock (two threads may both
make it; the first one kept is the one every later caller gets).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import TypeVar, cast

_T = TypeVar("_T")


class KeptWithCatalog:
    """At most `catalogs` catalogs (all forgotten when one more comes), and at most `per_catalog`
    values a catalog (None: no bound; past the bound values are made, not kept)."""

    def __init__(self, catalogs: int, per_catalog: int | None = None) -> None:
        self.catalogs = catalogs
        self.per_catalog = per_catalog
        self._lock = threading.Lock()
        self._memo: dict[int, tuple[object, dict[Hashable, object]]] = {}

    def _values(self, cat: object, create: bool) -> dict[Hashable, object] | None:
        # (called under the lock)
        entry = self._memo.get(id(cat))
        if entry is None or entry[0] is not cat:
            if not create:
                return None
            if len(self._memo) >= self.catalogs:
                self._memo.clear()
            entry = self._memo[id(cat)] = (cat, {})
        return entry[1]

    def get(self, cat: object, key: Hashable, make: Callable[[], _T]) -> _T:
        """The value kept for `key` with `cat`, made by `make()` (and kept) the first time."""
        with self._lock:
            values = self._values(cat, True)
            assert values is not None
            if key in values:
                return cast(_T, values[key])
        value = make()
        return cast(_T, self.put(cat, key, value))

    def peek(self, cat: object, key: Hashable) -> object | None:
        """The value kept for `key` with `cat`, or None."""
        with self._lock:
            values = self._values(cat, False)
            return values.get(key) if values is not None else None

    def put(self, cat: object, key: Hashable, value: object, *, replace: bool = False) -> object:
        """Keep `value` for `key` (unless one is kept already and not `replace`d, or the bound is
        reached); returns the value kept (or `value`, when none is)."""
        with self._lock:
            values = self._values(cat, True)
            assert values is not None
            if key in values and not replace:
                return values[key]
            if key in values or self.per_catalog is None or len(values) < self.per_catalog:
                values[key] = value
            return value

    def clear(self) -> None:
        with self._lock:
            self._memo.clear()
