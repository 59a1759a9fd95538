"""Scenarios: small, validated patches on a baseline, and side-by-side comparisons.

A scenario names a baseline agreement (whose timeline it patches), replaces the rules of some years
(``changes``) and/or sets index values (``assumptions``). It is validated before anything is
applied, and applying it returns new objects: the baseline is never mutated. Scenario assumptions
are applied after the baseline's own inputs (data, then default assumptions), so they win over the
defaults; user overrides come last of all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..errors import DataFileError, InputError, UnknownNameError
from ..i18n import Text, _, localized
from ..model.agreement import ID_PATTERN, Agreement
from ..model.catalog import AssumptionValue, Catalog
from ..model.datafile import load_model
from ..model.rules import Rule
from ..model.series import Inputs
from ..model.timeline import Entry, Timeline
from .schedule import run_columns, timeline_for

if TYPE_CHECKING:
    import pandas as pd


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ID_PATTERN)
    title: Text
    host: str = Field(pattern=ID_PATTERN)
    baseline: str
    description: str = ""
    source: str | None = None
    plausibility: Literal["plausible", "extreme"] = Field(
        "plausible", description="extreme: a demand or formula that pays three times the baseline or more in some year "
                                 "(Compare leaves it out of its opening view); plausible otherwise")
    changes: tuple[Rule, ...] = ()
    assumptions: tuple[AssumptionValue, ...] = ()

    @model_validator(mode="after")
    def _something(self) -> Scenario:
        if not self.changes and not self.assumptions:
            raise ValueError(_("a scenario needs 'changes' (rules) or 'assumptions' (index values)"))
        seen: set[int] = set()
        for i, rule in enumerate(self.changes):
            for y in rule.year_list:
                if y in seen:
                    raise ValueError(_("changes[{i}] gives a second rule for {year}", i=i, year=y))
                seen.add(y)
        return self

    @property
    def changed_years(self) -> frozenset[int]:
        return frozenset(y for r in self.changes for y in r.year_list)

    @property
    def first_year(self) -> int | None:
        years = list(self.changed_years) + [y for a in self.assumptions for y in range(a.years[0], a.years[1] + 1)]
        return min(years) if years else None


def load_scenario(path: str | Path) -> Scenario:
    """A scenario file (for the CLI and the Python API: over HTTP, only bundled names)."""
    return load_model(path, Scenario)


def bundled_scenarios(cat: Catalog) -> dict[str, Scenario]:
    """The host's bundled scenarios (read and validated once per process)."""
    return dict(_bundled(cat.host.id, str(cat.root), cat.host.scenarios))


@lru_cache(maxsize=16)
def _bundled(host: str, root: str, ids: tuple[str, ...]) -> tuple[tuple[str, Scenario], ...]:
    out = []
    for sid in ids:
        path = Path(root) / "scenarios" / host / f"{sid}.yaml"
        sc = load_scenario(path)
        if sc.id != sid:
            raise DataFileError(str(path), _("id '{id}' does not match the file name '{name}'", id=sc.id, name=sid), field="id")
        out.append((sid, sc))
    return tuple(out)


def resolve_scenario(cat: Catalog, scenario: str | Scenario, where: str = "scenarios") -> Scenario:
    """A bundled scenario by name, or a scenario given as a document (never a file path)."""
    if isinstance(scenario, Scenario):
        return scenario
    known = bundled_scenarios(cat)
    if scenario not in known:
        raise UnknownNameError(_("scenario"), str(scenario), list(known), where=where)
    return known[scenario]


@dataclass(frozen=True)
class Applied:
    scenario: Scenario
    timeline: Timeline
    inputs: Inputs


def apply(cat: Catalog, scenario: Scenario, inputs: Inputs) -> Applied:
    """The scenario's timeline and inputs; `inputs` and the baseline are left as they were."""
    if scenario.host != cat.host.id:
        raise InputError(_("scenario '{id}' is for host '{host}', not '{other}'", id=scenario.id, host=scenario.host,
                           other=cat.host.id), where="host")
    base = cat.agreement(scenario.baseline)
    tl = timeline_for(cat, base)
    by_year = {e.year: e for e in tl.entries}
    last = tl.entries[-1]
    for rule in scenario.changes:
        for y in rule.year_list:
            if y in by_year:
                by_year[y] = Entry(y, scenario.id, rule, by_year[y].rounding)
            elif y == max(by_year) + 1:
                by_year[y] = Entry(y, scenario.id, rule, last.rounding)
            else:
                raise InputError(_("scenario '{id}' changes {year}, which is neither in the baseline's years ({first}-{last}) "
                                   "nor the year right after them", id=scenario.id, year=y, first=tl.entries[0].year,
                                   last=last.year), where="changes")
    for a in scenario.assumptions:
        cat.book.check(cat.host.series_for(a.series))
    entries = tuple(by_year[y] for y in sorted(by_year))
    new_tl = Timeline(entries, tl.base, tl.base_year)
    values = [v for a in scenario.assumptions for v in a.expand(cat.host.series_for)]
    scen_inputs = inputs
    if values:
        scen_inputs = inputs.with_overrides({(v.series, v.year): v.value for v in values},
                                            source=scenario.source or f"scenario {scenario.id}")
        # user overrides stay on top of scenario assumptions
        scen_inputs = scen_inputs.with_overrides({k: v.value for k, v in inputs.overrides.items()})
    return Applied(scenario, new_tl, scen_inputs)


def compare(cat: Catalog, baseline: Agreement | str, scenarios: Iterable[Scenario], inputs: Inputs,
            real_base: int | None = None) -> pd.DataFrame:
    """Baseline and scenarios side by side, one row per (scenario, year), with differences."""
    import pandas as pd

    from ..model.metrics import metrics_columns

    base_agreement = baseline if isinstance(baseline, Agreement) else cat.agreement(baseline)
    scenarios = list(scenarios)
    if not scenarios:
        raise InputError(_("give at least one scenario to compare"), where="scenarios")
    base_df = metrics_columns(run_columns(cat, timeline_for(cat, base_agreement), inputs), cat, inputs, real_base).frame()
    starts = [s.first_year or base_agreement.term.start for s in scenarios]
    # when every scenario continues the baseline past its term, compare those years only
    first = min(starts) if min(starts) > base_agreement.term.end else min([*starts, base_agreement.term.start])
    frames = [base_df.assign(scenario="baseline")]
    for i, sc in enumerate(scenarios):
        if sc.baseline.lower() not in {n.lower() for n in base_agreement.names}:
            raise InputError(_("scenario '{id}' patches '{patched}', not the baseline '{baseline}'", id=sc.id,
                               patched=sc.baseline, baseline=base_agreement.id), where=f"scenarios[{i}]")
        ap = apply(cat, sc, inputs)
        df = metrics_columns(run_columns(cat, ap.timeline, ap.inputs, scenario_years=sc.changed_years), cat, ap.inputs,
                             base_df.attrs["real_base_year"]).frame()
        frames.append(df.assign(scenario=sc.id))
    cols = ["scenario", "year", "agreement", "status", "amount", "amount_dollars", "amount_real", "fx", "fx_status"]
    # years a scenario adds after the baseline's last year: no agreement of the baseline covers them
    extra = sorted({int(y) for f in frames[1:] for y in f["year"]} - {int(y) for y in base_df["year"]})
    if extra:
        frames[0] = pd.concat([frames[0], pd.DataFrame({"scenario": "baseline", "year": extra, "agreement": None, "status": "unknown",
                                                        "amount": pd.array([pd.NA] * len(extra), dtype="Int64")})],
                              ignore_index=True)
    long = pd.concat([f.reindex(columns=cols) for f in frames], ignore_index=True)
    long = long[long["year"] >= first].reset_index(drop=True)
    ref = long[long["scenario"] == "baseline"].set_index("year")
    for col, diff in (("amount", "diff"), ("amount_dollars", "diff_dollars"), ("amount_real", "diff_real")):
        long[diff] = long[col] - long["year"].map(ref[col])
    long.attrs.update(base_df.attrs)
    long.attrs["titles"] = {"baseline": localized(base_agreement.title), **{s.id: localized(s.title) for s in scenarios}}
    return long


def totals(long: pd.DataFrame) -> pd.DataFrame:
    """Term totals per scenario over the compared years (exact integers for the amounts)."""
    g = long.groupby("scenario", sort=False)
    out = g.agg(first_year=("year", "min"), last_year=("year", "max"),
                total=("amount", lambda s: s.sum(min_count=len(s))),
                total_dollars=("amount_dollars", lambda s: s.sum(min_count=len(s))),
                total_real=("amount_real", lambda s: s.sum(min_count=len(s)))).reset_index()
    base = out.loc[out["scenario"] == "baseline"].iloc[0]
    for c, diff in (("total", "diff"), ("total_dollars", "diff_dollars"), ("total_real", "diff_real")):
        out[diff] = out[c] - base[c]
    out.attrs.update(long.attrs)
    return out
