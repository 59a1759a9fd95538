"""Results for other programs: JSON (rows and metadata) and CSV (UTF-8, optionally with a byte-order
mark for Excel, integers for money, derived floats rounded).

Every spreadsheet cell burdenshare writes (CSV here, Excel in :mod:`.export`, from the CLI and the
web alike) goes through :func:`cell`: a text that a spreadsheet would run as a formula (it begins
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return; OWASP's CSV-injection guidance) is
written as text, prefixed with a single quote; numbers stay numbers."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..model.frames import clean
from ..ops.common import records

if TYPE_CHECKING:
    import pandas as pd

FLOAT_DIGITS = 6  # derived metrics (dollars, shares, real terms) are rounded to this many decimals in CSV


def _default(o: Any) -> Any:
    c = clean(o)
    return c if c is not o else str(o)


def to_json(doc: Mapping[str, Any]) -> str:
    return json.dumps(clean(doc), ensure_ascii=False, indent=1, default=_default)


def tidy(df: pd.DataFrame) -> pd.DataFrame:
    """Floats rounded (no float noise such as 145642974.36887252), integer columns kept integers."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype.kind == "f":
            out[c] = out[c].round(FLOAT_DIGITS)
    out.attrs.update(df.attrs)
    return out


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula (or of a DDE call)."""
_PLAIN_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?%?")


def formula_like(v: Any) -> bool:
    """Whether a text cell would be run as a formula (a plain number such as -3.2 or -5% is not)."""
    return isinstance(v, str) and v.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(v)


def cell(v: Any) -> Any:
    """A value as a spreadsheet cell: a formula-like text prefixed with a single quote (written as
    text, never run), anything else as it is."""
    return "'" + v if formula_like(v) else v


def _csv_cell(v: Any) -> Any:
    """A cell of a CSV file: as :func:`cell`, a carriage return inside a text read as a line feed
    (the writer quotes a field with a line feed, not one with a lone carriage return)."""
    v = cell(v)
    return v.replace("\r\n", "\n").replace("\r", "\n") if isinstance(v, str) else v


def to_csv(df: pd.DataFrame, *, bom: bool = False) -> str:
    out = tidy(df)
    for c in out.columns:
        if out[c].dtype.kind == "O" or str(out[c].dtype) == "string":
            out[c] = out[c].map(_csv_cell)
    out.columns = [_csv_cell(str(c)) for c in out.columns]
    text = out.to_csv(index=False, lineterminator="\n")
    return ("\ufeff" + text) if bom else text


def csv_rows(rows: list[list[Any]]) -> str:
    """Rows of cells as CSV text (each cell through :func:`cell`)."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for row in rows:
        w.writerow([_csv_cell(v) for v in row])
    return buf.getvalue()


__all__ = ["cell", "csv_rows", "formula_like", "records", "tidy", "to_csv", "to_json"]
