"""Typed results: a table (a DataFrame) with the metadata that says how it was made.

Interfaces format results: the Python API returns the DataFrame (with ``meta`` in its ``attrs``),
the CLI prints or writes it, the web answers ``{"meta": ..., "rows": [...]}``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..model.frames import Columns, row_dicts
from .common import clean, records

if TYPE_CHECKING:
    import pandas as pd


class Table:
    """One table of results and its metadata (data version, host, currency, overrides, sources).

    Computed as `Columns` (model.frames), the DataFrame is built the first time ``frame`` is read; the
    JSON rows come straight from the columns (most web requests never need the DataFrame)."""

    def __init__(self, frame: pd.DataFrame | Columns, meta: dict[str, Any] | None = None, title: str = ""):
        self._frame = frame
        self._rows: list[dict] | None = None
        self.meta: dict[str, Any] = meta if meta is not None else {}
        self.title = title

    @property
    def frame(self) -> pd.DataFrame:
        if isinstance(self._frame, Columns):
            self._frame = self._frame.frame()
        return self._frame

    def __repr__(self) -> str:
        return f"Table({self.title!r}, {len(self._frame)} rows)"

    @property
    def columns(self) -> list[str]:
        return list(self._frame.columns)

    def frame_rows(self) -> list[dict]:
        """The rows as the DataFrame gives them (``row_dicts``), for a table in the terminal; read
        from the columns when the DataFrame is not built yet (pandas need not load)."""
        return self._frame.frame_rows() if isinstance(self._frame, Columns) else row_dicts(self._frame)

    def rows(self) -> list[dict]:
        """The rows as JSON-safe dicts (computed once)."""
        if self._rows is None:
            self._rows = self._frame.json_rows() if isinstance(self._frame, Columns) else records(self.frame)
        return self._rows

    def to_dict(self) -> dict:
        return {"meta": clean(self.meta), "rows": self.rows()}

    def dataframe(self) -> pd.DataFrame:
        """The frame with ``meta`` (and the title) in its attrs, for the Python API."""
        df = self.frame.copy()
        df.attrs.update({k: v for k, v in self.frame.attrs.items() if k != "rules"})
        df.attrs["meta"] = self.meta
        if self.title:
            df.attrs["title"] = self.title
        return df


@dataclass
class Tables:
    """Several named tables that answer one question (e.g. a comparison per year and its totals)."""

    tables: dict[str, Table]
    meta: dict[str, Any] = field(default_factory=dict)
    title: str = ""

    def __getitem__(self, name: str) -> Table:
        return self.tables[name]

    def to_dict(self) -> dict:
        return {"meta": clean(self.meta), **{k: t.rows() for k, t in self.tables.items()}}
