"""Typed results: a table (a DataFrame) with the metadata that says how it was made.

Interfaces format results: the Python API returns the DataFrame (with ``meta`` in its ``attrs``),
the CLI prints or writes it, the web answers ``{"meta": ..., "rows": [...]}``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from ..model.frames import Columns, clean, row_dicts
from .common import records

if TYPE_CHECKING:
    import pandas as pd


Row = dict[str, Any]


class Table:
    """One table of results and its metadata (data version, host, currency, overrides, sources).

    Computed as `Columns` (model.frames), the DataFrame is built the first time ``frame`` is read; the
    JSON rows come straight from the columns (most web requests never need the DataFrame)."""

    def __init__(self, frame: pd.DataFrame | Columns, meta: dict[str, Any] | None = None, title: str = ""):
        self._frame = frame
        self._rows: list[Row] | None = None
        self.meta: dict[str, Any] = meta if meta is not None else {}
        self.title = title

    @property
    def frame(self) -> pd.DataFrame:
        frame = self._frame
        if isinstance(frame, Columns):
            frame = self._frame = frame.frame()
        return frame

    def __repr__(self) -> str:
        return f"Table({self.title!r}, {len(self._frame)} rows)"

    @property
    def columns(self) -> list[str]:
        return list(self._frame.columns)

    def frame_rows(self) -> list[Row]:
        """The rows as the DataFrame gives them (``row_dicts``), for a table in the terminal; read
        from the columns when the DataFrame is not built yet (pandas need not load)."""
        return self._frame.frame_rows() if isinstance(self._frame, Columns) else row_dicts(self._frame)

    def rows(self) -> list[Row]:
        """The rows as JSON-safe dicts (computed once)."""
        if self._rows is None:
            self._rows = self._frame.json_rows() if isinstance(self._frame, Columns) else records(self.frame)
        return self._rows

    def to_dict(self) -> dict[str, Any]:
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

    def to_dict(self) -> dict[str, Any]:
        return {"meta": clean(self.meta), **{k: t.rows() for k, t in self.tables.items()}}


# --- the JSON of results, as the API sends it ------------------------------------------------------
# The web answers a Table or Tables with the bytes of ``to_dict()`` (web/cache.py), never through these
# models: they describe the answer in the OpenAPI document (``response_model``), so that clients and the
# schema fuzz test know the shape of a success, without a validation pass over thousands of rows.
class TableDoc(BaseModel):
    """A table of results: its metadata (data version, host, currency and units, overrides, sources, ...)
    and its rows (one object per row; the columns depend on the table)."""

    model_config = ConfigDict(extra="forbid")

    meta: dict[str, Any]
    rows: list[Row]


class FindingDoc(TableDoc):
    """A table of results with its finding in words."""

    finding: str = Field(description="what the table shows, in one or two sentences of the request's language")


class CompareDoc(FindingDoc):
    """A comparison: per year (``rows``), the totals per scenario, the finding in words."""

    totals: list[Row]


class TablesDoc(BaseModel):
    """Several named tables that answer one question: the metadata, and each table's rows under its name."""

    model_config = ConfigDict(extra="allow")

    meta: dict[str, Any]
    __pydantic_extra__: dict[str, list[Row]] = Field(init=False)
