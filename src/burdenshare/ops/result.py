"""Typed results: a table (a DataFrame) with the metadata that says how it was made.

Interfaces format results: the Python API returns the DataFrame (with ``meta`` in its ``attrs``),
the CLI prints or writes it, the web answers ``{"meta": ..., "rows": [...]}``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .common import clean, records

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class Table:
    """One table of results and its metadata (data version, host, currency, overrides, sources)."""

    frame: "pd.DataFrame"
    meta: dict[str, Any] = field(default_factory=dict)
    title: str = ""

    def rows(self) -> list[dict]:
        return records(self.frame)

    def to_dict(self) -> dict:
        return {"meta": clean(self.meta), "rows": self.rows()}

    def dataframe(self) -> "pd.DataFrame":
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
