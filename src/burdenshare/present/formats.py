"""Results for other programs: JSON (rows and metadata) and CSV (UTF-8, optionally with a byte-order
mark for Excel, integers for money, derived floats rounded)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..ops.common import clean, records

if TYPE_CHECKING:
    import pandas as pd

FLOAT_DIGITS = 6  # derived metrics (dollars, shares, real terms) are rounded to this many decimals in CSV


def _default(o: Any) -> Any:
    c = clean(o)
    return c if c is not o else str(o)


def to_json(doc: dict) -> str:
    return json.dumps(clean(doc), ensure_ascii=False, indent=1, default=_default)


def tidy(df: "pd.DataFrame") -> "pd.DataFrame":
    """Floats rounded (no float noise such as 145642974.36887252), integer columns kept integers."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype.kind == "f":
            out[c] = out[c].round(FLOAT_DIGITS)
    out.attrs.update(df.attrs)
    return out


def to_csv(df: "pd.DataFrame", *, bom: bool = False) -> str:
    text = tidy(df).to_csv(index=False, lineterminator="\n")
    return ("\ufeff" + text) if bom else text


__all__ = ["to_json", "to_csv", "tidy", "records"]
