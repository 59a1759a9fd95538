"""Months as each language writes them: February 2026, 2026년 2월 (Babel's CLDR patterns), for the
texts people quote; the data and the machines' outputs keep ``YYYY-MM``."""

from __future__ import annotations

import re

from .core import current

_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


def month_text(period: str | None, lang: str | None = None) -> str:
    """``2026-02`` as the reader's language writes the month (February 2026 / 2026년 2월); anything
    that is not a ``YYYY-MM`` month, as given."""
    if not period:
        return ""
    m = _PERIOD.match(period)
    if m is None or not 1 <= int(m.group(2)) <= 12:
        return period
    import datetime

    from babel.dates import format_skeleton  # (Babel is loaded for the catalogs anyway; lazily, for `--help`)

    return str(format_skeleton("yMMMM", datetime.date(int(m.group(1)), int(m.group(2)), 1), locale=lang or current()))
