"""Host nations: which hosts the data holds, and their contributions compared on one footing."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ..analysis import hosts as _hosts
from ..i18n import _, localized
from ..model.catalog import catalog, host_ids
from .common import HostId, clean, data_version
from .result import Table

__all__ = ["HostsRequest", "hosts", "host_list"]


class HostsRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    hosts: list[HostId] | None = Field(None, max_length=20, description="hosts to compare (default: every host with data)")
    base_year: int = Field(2024, ge=1990, le=2100, description="constant dollars of this year")
    start: int | None = Field(None, ge=1900, le=2200)
    end: int | None = Field(None, ge=1900, le=2200)


def host_list() -> Table:
    import pandas as pd

    rows = []
    for h in host_ids():
        c = catalog(h)
        rows.append({"id": h, "name": localized(c.host.name), "short_name": c.host.title, "currency": c.host.currency,
                     "fiscal_year": c.host.fiscal_year, "agreements": len(c.host.agreements),
                     "first_year": c.agreements[c.host.agreements[0]].term.start, "last_year": c.last_agreement.term.end})
    return Table(pd.DataFrame(rows), {"data_version": data_version()}, title=str(_("Hosts")))


def hosts(req: HostsRequest) -> Table:
    """Contributions in dollars (nominal, real), per US soldier, as shares of defence budget and GDP,
    and reported shares of the US stationing cost; every row sourced."""
    chosen = []
    for i, h in enumerate(req.hosts or host_ids()):
        try:
            chosen.append(catalog(h))
        except Exception as exc:  # an unknown host names its place in the list
            if hasattr(exc, "_where"):
                exc._where = f"hosts[{i}]"
            raise
    df = _hosts.compare(chosen, base_year=req.base_year, first=req.start, last=req.end)
    from ..i18n.vocabulary import word

    names = {c.host.id: c.host.title for c in chosen}
    df.insert(2, "host_name", [names.get(h) or word("host", h) for h in df["host"]])
    df["measure_text"] = [word("measure", m) for m in df["measure"]]
    df["unit_text"] = [word("unit", u) if not str(u).startswith("USD ") else u for u in df["unit"]]
    return Table(df, clean({"data_version": data_version(), "base_year": req.base_year, "hosts": [c.host.id for c in chosen],
                            "sources": sorted({s for s in df["source"] if isinstance(s, str)})}),
                 title=str(_("Host-nation contributions compared")))
