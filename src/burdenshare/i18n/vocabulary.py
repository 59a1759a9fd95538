"""The words for the data's codes (statuses, categories, rule kinds ...) in the language in force,
from ``data/vocabulary.yaml``: codes stay in JSON and code, people read words."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .core import localized


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, dict[str, Any]]:
    from ..data import DATA_DIR, cache

    words: dict[str, dict[str, Any]] = cache.yaml_file(DATA_DIR / "vocabulary.yaml")
    return words


def word(kind: str, code: Any, lang: str | None = None) -> str:
    """The word for `code` of `kind` ('status', 'category', ...); the code itself when unlisted; ""
    for no code (None, or a table's missing value, NaN)."""
    if code is None or (isinstance(code, float) and code != code):
        return ""
    entry = vocabulary().get(kind, {}).get(str(code))
    return localized(entry, lang) if entry else str(code)
