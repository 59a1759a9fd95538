"""Host nations: which hosts the data holds, and their contributions compared on one footing."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ..analysis import hosts as _hosts
from ..analysis.scenarios import resolve_scenario
from ..errors import InputError
from ..i18n import _, localized
from ..model.catalog import catalog, host_ids
from ..model.frames import clean
from .common import HostId, Name, data_version
from .result import Table

__all__ = ["HostsRequest", "host_list", "hosts"]


class HostsRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    hosts: list[HostId] | None = Field(None, max_length=20, description="hosts to compare (default: every host with data)")
    base_year: int | None = Field(None, ge=1990, le=2100, description="constant dollars of this year (default: the latest year whose US CPI change is an outturn, the same base as every other view)")
    start: int | None = Field(None, ge=1900, le=2200)
    end: int | None = Field(None, ge=1900, le=2200)
    scenario_for: dict[HostId, Name] = Field(default_factory=dict, max_length=20,
                                             description="host id -> one of its scenarios' ids to project it under (e.g. a "
                                                         "successor agreement's scenario, past the end of the signed one)")


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
        except InputError as exc:  # an unknown host names its place in the list
            raise exc.at(f"hosts[{i}]") from None
    scenarios = {}
    by_id = {c.host.id: c for c in chosen}
    for h, sid in req.scenario_for.items():
        if h not in by_id:
            raise InputError(_("host '{host}' is not among the hosts compared", host=h), where=f"scenario_for.{h}")
        scenarios[h] = resolve_scenario(by_id[h], sid, where=f"scenario_for.{h}")
    from ..i18n.vocabulary import word

    df = _hosts.compare(chosen, base_year=req.base_year, first=req.start, last=req.end, scenarios=scenarios)
    names = {c.host.id: c.host.title for c in chosen}
    df.insert(2, "host_name", [names.get(h) or word("host", h) for h in df["host"]])
    df["measure_text"] = [word("measure", m) for m in df["measure"]]
    df["unit_text"] = [word("unit", u) for u in df["unit"]]  # a unit the vocabulary does not list ('USD 2024') reads as it is
    return Table(df, clean({"data_version": data_version(), "base_year": df.attrs.get("base_year"), "hosts": [c.host.id for c in chosen],
                            "scenarios": {h: {"id": s.id, "title": localized(s.title), "source": s.source} for h, s in scenarios.items()},
                            "sources": sorted({s for s in df["source"] if isinstance(s, str)})}),
                 title=str(_("Host-nation contributions compared")))
