"""Small tables before they become DataFrames, and rows of a DataFrame read in one conversion.

A request computes a handful of rows (an agreement's five years, a history's forty). Built column by
column in pandas, every step is a pandas operation that also deep-copies the frame's attrs, and those
steps were most of a request's time (benchmarks/bench_web.py). So the schedule pipeline computes into
`Columns` (named numpy arrays or lists, with attrs) and builds the DataFrame once, when someone asks
for one (the Python API, the CLI, downloads); the JSON API reads the rows straight from the columns.

`row_dicts` reads a DataFrame's rows as dicts of Python values: `to_dict(orient="records")` reads
column by column, each read a pandas operation; one conversion to an object array gives the same
values (ints, floats, bools, strings, None for pandas' NA) at a fraction of the cost.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt
    import pandas as pd


def clean(v: Any) -> Any:
    """A value safe for JSON: NaN, infinities and pandas' NA become None; numpy scalars, Python."""
    if v is None:
        return None
    if type(v) in _PLAIN:  # the common case, answered before anything is looked up
        return v
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, dict):
        return {str(k): clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [clean(x) for x in v]
    pd = sys.modules.get("pandas")  # pandas' NA exists only once pandas is loaded (and loading it costs)
    if pd is not None and (v is pd.NA or v is pd.NaT):
        return None
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        return clean(v.item())
    if hasattr(v, "isoformat"):
        return v.isoformat()
    if hasattr(v, "msgid"):
        return str(v)
    return v


_PLAIN = frozenset({str, int, bool})
_SAFE = frozenset({str, int, bool, float})  # never pandas' NA


def _is_na(v: Any) -> bool:
    return v is None or type(v).__name__ == "NAType"


def row_dicts(df: pd.DataFrame) -> list[dict[str, Any]]:
    """A DataFrame's rows as dicts (what ``to_dict(orient="records")`` gives)."""
    from pandas import NA

    cols = list(df.columns)
    return [dict(zip(cols, [None if v is NA else v for v in row], strict=True)) for row in df.to_numpy(dtype=object).tolist()]


def _python(values: Any) -> list[Any]:
    """A column as a list of Python values (None where pandas would say NA)."""
    if isinstance(values, np.ndarray):
        out: list[Any] = values.tolist()
        return [v if type(v) in _SAFE else None if _is_na(v) else v for v in out] if values.dtype == object else out
    return [v if type(v) in _SAFE else None if _is_na(v) else v for v in values]


def column_array(values: list[Any]) -> npt.NDArray[Any] | list[Any]:
    """Numbers and flags as a numpy array (as pandas would infer them); anything else stays a list."""
    kinds = {type(v) for v in values}
    if kinds and kinds <= {bool, np.bool_}:
        return np.array(values, dtype=bool)
    if kinds and kinds <= {int, np.int64}:
        return np.array(values, dtype=np.int64)
    if kinds and kinds <= {float, np.float64, int}:
        return np.array(values, dtype=float)
    return values


def _json(values: Any) -> list[Any]:
    if isinstance(values, np.ndarray) and values.dtype.kind == "f":
        return [v if math.isfinite(v) else None for v in values.tolist()]
    if isinstance(values, np.ndarray) and values.dtype.kind in "iub":
        numbers: list[Any] = values.tolist()
        return numbers
    # one pass: what `clean` answers at once (None, texts, integers, flags) is kept as it is; `clean`
    # also gives None for pandas' NA, which `_python` would have turned into None first
    items = values.tolist() if isinstance(values, np.ndarray) else values
    return [v if v is None or type(v) in _PLAIN else clean(v) for v in items]


class Columns:
    """Named columns of equal length (numpy arrays or lists), with ``attrs`` like a DataFrame's and the
    pandas dtype some columns take in a DataFrame (exact money: ``Int64``, which keeps unknown years
    unknown). Supports the few operations the schedule pipeline needs; ``frame()`` gives the DataFrame."""

    __slots__ = ("_data", "attrs", "dtypes")

    def __init__(self, data: dict[str, Any] | None = None, attrs: dict[str, Any] | None = None, dtypes: dict[str, str] | None = None):
        self._data: dict[str, Any] = dict(data or {})
        self.attrs: dict[str, Any] = dict(attrs or {})
        self.dtypes: dict[str, str] = dict(dtypes or {})

    @classmethod
    def from_rows(cls, rows: list[dict[str, Any]], attrs: dict[str, Any] | None = None, dtypes: dict[str, str] | None = None) -> Columns:
        names = list(rows[0]) if rows else []
        dtypes = dict(dtypes or {})
        return cls({n: column_array([r[n] for r in rows]) if n not in dtypes else [r[n] for r in rows] for n in names}, attrs, dtypes)

    @property
    def columns(self) -> list[str]:
        return list(self._data)

    def __len__(self) -> int:
        return len(next(iter(self._data.values()))) if self._data else 0

    def __contains__(self, name: object) -> bool:
        return name in self._data

    def __getitem__(self, name: str) -> Any:
        return self._data[name]

    def __setitem__(self, name: str, values: Any) -> None:
        if not isinstance(values, (list, tuple, np.ndarray)):
            values = [values] * len(self)
        self._data[name] = values

    def insert(self, pos: int, name: str, values: Any) -> None:
        if not isinstance(values, (list, tuple, np.ndarray)):
            values = [values] * len(self)
        items = list(self._data.items())
        items.insert(pos, (name, values))
        self._data = dict(items)

    def copy(self) -> Columns:
        """A copy whose columns can be added or replaced (column values are never changed in place)."""
        return Columns(self._data, self.attrs, self.dtypes)

    def take(self, mask: Iterable[bool]) -> Columns:
        """The rows where `mask` is true."""
        m = np.asarray(list(mask) if not isinstance(mask, np.ndarray) else mask, dtype=bool)
        idx = np.flatnonzero(m).tolist()
        if idx and idx[-1] - idx[0] == len(idx) - 1:
            # a run of rows (a schedule's years): slices, copied (a frame's columns are its own)
            lo, hi = idx[0], idx[-1] + 1
            data = {k: v[lo:hi].copy() if isinstance(v, np.ndarray) else list(v[lo:hi]) for k, v in self._data.items()}
        else:
            data = {k: v[m] if isinstance(v, np.ndarray) else [v[i] for i in idx] for k, v in self._data.items()}
        return Columns(data, self.attrs, self.dtypes)

    def values(self, name: str) -> list[Any]:
        """One column as a list of Python values (as `rows` gives them)."""
        return _python(self._data[name])

    def rows(self) -> list[dict[str, Any]]:
        """The rows as dicts of Python values (NaN stays NaN; None where unknown)."""
        names = list(self._data)
        cols = [_python(v) for v in self._data.values()]
        return [dict(zip(names, vals, strict=True)) for vals in zip(*cols, strict=True)]

    def frame_rows(self) -> list[dict[str, Any]]:
        """The rows as the DataFrame gives them (``row_dicts(self.frame())``), without building it: a
        column of numbers with a gap (None) or a float among integers reads as floats, as pandas
        infers it; an ``Int64`` column as integers and None. The terminal's tables are written from
        these (the CLI need not load pandas to print five rows)."""
        names = list(self._data)
        cols = [self._like_pandas(n, v) for n, v in self._data.items()]
        return [dict(zip(names, vals, strict=True)) for vals in zip(*cols, strict=True)]

    def _like_pandas(self, name: str, values: Any) -> list[Any]:
        out = _python(values)
        dtype = self.dtypes.get(name)
        if dtype == "Int64":
            return [None if v is None or (isinstance(v, float) and v != v) else int(v) for v in out]
        if dtype is not None:  # a dtype not read here: as pandas converts it
            return [r[name] for r in row_dicts(self.frame()[[name]])]
        if isinstance(values, np.ndarray):
            return out
        kinds = {type(v) for v in out}
        if kinds and kinds <= {int, float, type(None)} and kinds & {float, type(None)} and kinds - {type(None)}:
            return [math.nan if v is None else float(v) for v in out]
        return out

    def json_rows(self) -> list[dict[str, Any]]:
        """The rows as JSON-safe dicts: NaN and infinities become None too (`ops.common.clean` on
        every value, done column by column)."""
        names = list(self._data)
        return [dict(zip(names, vals, strict=True)) for vals in zip(*[_json(v) for v in self._data.values()], strict=True)]

    def frame(self) -> pd.DataFrame:
        """The DataFrame (same columns, dtypes and attrs)."""
        import pandas as pd

        df = pd.DataFrame({k: (v if isinstance(v, np.ndarray) else list(v)) for k, v in self._data.items()})
        for name, dtype in self.dtypes.items():
            if name in df:
                df[name] = df[name].astype(dtype)  # type: ignore[call-overload]  # a dtype's name ('Int64'), which the stubs take only as literals
        df.attrs.update(self.attrs)
        return df
