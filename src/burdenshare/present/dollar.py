"""Which currency is "the dollar" of a table: the answer's own (``meta["dollar"]``, from its host's
``dollar`` field), else the default host's. No currency is named in code."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any


@cache
def _default() -> str:
    from ..model.catalog import catalog

    return catalog(None).host.dollar


def dollar(meta: Mapping[str, Any] | None = None) -> str:
    """The dollar's currency code for an answer with `meta` (its host's), else the default host's."""
    code = (meta or {}).get("dollar")
    return str(code) if code else _default()


__all__ = ["dollar"]
