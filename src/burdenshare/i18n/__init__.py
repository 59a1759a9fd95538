"""What depends on the reader's language: translated messages, and money, numbers and dates
written the way each language writes them.

Every user-facing text goes through :func:`_` (a lazy message, translated when it is shown, so an
error raised deep in the model reads in the language of whoever sees it). The language in force is
a context variable: the CLI sets it from ``--lang``, the web per request. Catalogs are gettext
``.po`` files in ``locale/`` (English is the source language), compiled to ``.mo`` at install time
and, when a ``.mo`` is missing or older than its ``.po``, when first used.
"""

from __future__ import annotations

from .core import (
    DEFAULT,
    LANGUAGES,
    Msg,
    Text,
    _,
    _n,
    current,
    gettext,
    language,
    localized,
    ngettext,
    normalize,
    set_language,
)

__all__ = ["DEFAULT", "LANGUAGES", "Msg", "Text", "_", "_n", "current", "gettext", "language", "localized", "ngettext", "normalize", "set_language"]
