"""Negotiation: the cases, every public offer valued by the engine, the gap by round, the package
space's frontier and bargaining solutions, one package's value, and simulated bargaining."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..analysis.negotiation import rounds as _rounds
from ..analysis.negotiation.analysis import frontier_table, solutions as _solutions
from ..analysis.negotiation.case import Case, Option, bundled_cases, column
from ..analysis.negotiation.simulate import TACTICS, TacticKind
from ..errors import InputError, UnknownNameError
from ..i18n import _, localized
from ..model.frames import clean
from .common import Name, Overrides, Request, catalog_for, checked_amount, inputs_for, meta, records
from .limits import LOCAL, Limits
from .result import Table, Tables

if TYPE_CHECKING:
    from ..analysis.negotiation.space import Space
    from ..i18n.core import Msg
    from ..model.catalog import Catalog

__all__ = [
    "BargainingRequest",
    "CaseRequest",
    "ExportRequest",
    "FrontierRequest",
    "HazardSpec",
    "ImportRequest",
    "ReplayRequest",
    "TacticSpec",
    "TournamentRequest",
    "ValueRequest",
    "bargain",
    "cases",
    "check_tournament",
    "export",
    "frontier",
    "gap",
    "import_domain",
    "offers",
    "replay",
    "show",
    "solutions",
    "space",
    "tournament",
    "value",
]

class CaseRequest(Request):
    case: Name | Case = Field(description="a bundled negotiation case's id (the cases list names them), or a case document")
    overrides: Overrides = Field(default_factory=dict)


class ValueRequest(CaseRequest):
    package: dict[Name, Option] = Field(max_length=20, description="issue -> value; unset issues take the case's defaults")


class FrontierRequest(CaseRequest):
    limit: int | None = Field(None, ge=1, description="at most this many frontier packages")


class TacticSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    kind: TacticKind = "linear"
    exponent: float | None = Field(None, gt=0, le=100)


class HazardSpec(BaseModel):
    """With `probability`, from round `from_round` on, `party`'s reservation utility becomes `reservation`."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    party: Name
    probability: float = Field(ge=0, le=1)
    from_round: int = Field(ge=0, le=1000)
    reservation: float = Field(ge=0, le=1)


class BargainingRequest(CaseRequest):
    """Alternating offers under a deadline and a hazard."""

    runs: int = Field(10_000, ge=1)
    deadline: int = Field(12, ge=1, le=1000, description="rounds before the talks fail")
    first: Name | None = Field(None, description="the party that opens (default: the payee)")
    tactics: dict[Name, TacticSpec] = Field(default_factory=dict, max_length=2)
    hazard: HazardSpec | None = None
    exponent_sd: float = Field(0.0, ge=0, le=10, description="log-normal noise on the tactics' exponents")
    seed: int = Field(0, ge=0, le=2**32 - 1)


def case_for(cat: Catalog, ref: str | Case, limits: Limits) -> Case:
    if isinstance(ref, Case):
        if not limits.inline_cases:
            raise InputError(_("give a bundled case's name"), where="case")
        if ref.host != cat.host.id:
            raise InputError(_("case '{id}' is for host '{host}', not '{other}'", id=ref.id, host=ref.host, other=cat.host.id),
                             where="case.host")
        return ref
    known = bundled_cases(cat)
    if ref not in known:
        raise UnknownNameError(_("negotiation case"), ref, list(known), where="case")
    return known[ref]


def space(req: CaseRequest, limits: Limits = LOCAL) -> Space:
    """The package space of a case, valued by the engine (utilities of both parties)."""
    from ..analysis.negotiation.space import Space

    cat = catalog_for(req)
    return Space(case_for(cat, req.case, limits), cat, inputs_for(cat, req.overrides))


def _meta(sp: Space, req: CaseRequest, **extra: Any) -> dict[str, Any]:
    return meta(sp.cat, req.overrides, case=sp.case.id, title=localized(sp.case.title), packages=sp.size,
                parties=[{"id": p.id, "name": localized(p.name), "role": p.role, "basis": localized(p.basis)} for p in sp.case.parties],
                **extra)


def cases(req: Request) -> Table:
    import pandas as pd

    cat = catalog_for(req)
    df = pd.DataFrame([{"id": c.id, "title": localized(c.title), "status": c.status, "agreement": c.agreement, "rounds": len(c.rounds),
                        "offers": len(c.offers), "positions": len(c.positions), "packages": math.prod(i.size for i in c.issues)}
                       for c in bundled_cases(cat).values()],
                      columns=["id", "title", "status", "agreement", "rounds", "offers", "positions", "packages"])
    return Table(df, meta(cat), title=str(_("Negotiation cases")))


def offers(req: CaseRequest, limits: Limits = LOCAL) -> Table:
    sp = space(req, limits)
    df = _rounds.offers(sp)
    return Table(df, _meta(sp, req), title=str(_("Offers (public), valued by the engine")))


def gap(req: CaseRequest, limits: Limits = LOCAL) -> Tables:
    """The gap between the sides round by round, and the trend forecast of where it closes."""
    sp = space(req, limits)
    df = _rounds.gap(sp)
    fc = _rounds.forecast(sp)
    m = _meta(sp, req, forecast=clean(fc), case_unit=sp.case.unit)
    return Tables({"gap": Table(df, m)}, m, title=str(_("Gap by round (first-year figures)")))


def show(req: CaseRequest, limits: Limits = LOCAL) -> Tables:
    """A case's rounds, its public offers valued for both parties, the gap and the forecast."""
    import pandas as pd

    sp = space(req, limits)
    rounds = pd.DataFrame([{**r.model_dump(mode="json"), "place": localized(r.place) or None, "note": localized(r.note)}
                           for r in sp.case.rounds], columns=["number", "start", "end", "place", "source", "note"])
    positions = pd.DataFrame([{**p.model_dump(mode="json", exclude={"quote_translation"}), **p.shown(), "summary": localized(p.summary),
                               "note": localized(p.note)} for p in sp.case.positions],
                             columns=["date", "party", "summary", "quote", "quote_lang", "quote_translation", "official", "source", "note"])
    off = _rounds.offers(sp)
    g = _rounds.gap(sp)
    m = _meta(sp, req, forecast=clean(_rounds.forecast(sp)), status=sp.case.status, note=localized(sp.case.note),
              case_document=clean(sp.case.model_dump(mode="json", exclude={"parties"})))
    return Tables({"rounds": Table(rounds, m), "positions": Table(positions, m), "offers": Table(off, m), "gap": Table(g, m)}, m,
                  title=localized(sp.case.title))


def frontier(req: FrontierRequest, limits: Limits = LOCAL) -> Table:
    sp = space(req, limits)
    df = frontier_table(sp)
    n = min(req.limit or limits.frontier_rows, limits.frontier_rows)
    total = len(df)
    return Table(df.head(n), _meta(sp, req, frontier_packages=total, shown=min(n, total)),
                 title=str(_("Pareto frontier ({n} of {total:,} packages)", n=total, total=sp.size)))


def solutions(req: CaseRequest, limits: Limits = LOCAL) -> Table:
    sp = space(req, limits)
    df = _solutions(sp)
    return Table(df, _meta(sp, req, zopa_packages=df.attrs["zopa_packages"]),
                 title=str(_("Solutions (zone of agreement: {z:,} of {n:,} packages)", z=df.attrs["zopa_packages"], n=sp.size)))


def with_amounts(case: Case, package: dict[str, Any] | None, field: str = "package") -> dict[str, Any] | None:
    """A package with its first-year total read from text where it was written out (1조 1,700억,
    1.1e12), as every amount field reads it: the API, the web and the CLI take the same texts."""
    if package is None:
        return None
    out = dict(package)
    fy = case.issue("first_year")
    if fy is not None and isinstance(out.get(fy.id), str):
        try:
            out[fy.id] = checked_amount(out[fy.id])
        except ValueError as exc:
            raise InputError(exc.args[0], where=f"{field}.{fy.id}", field=issue_field(case, f"package.{fy.id}")) from None
    return out


def issue_field(case: Case, where: str | None) -> Msg | str | None:
    """An offer's issue as the reader knows it: its title in the case ('첫해 총액', 'scope of the
    contribution'); None for other fields (named by their path)."""
    from ..analysis.negotiation.words import issue_title
    from ..i18n.fields import reader

    parts = (where or "").split(".")
    if len(parts) >= 2 and parts[0] == "package":
        issue = case.issue(parts[1])
        if issue is not None:
            return reader("package.first_year") if issue.kind == "first_year" else issue_title(issue)
    return None


class PackageValue(BaseModel):
    """One package valued (what :func:`value` gives): the metadata, then its payments per year, totals,
    present values and both parties' utilities."""

    model_config = ConfigDict(extra="allow")

    meta: dict[str, Any]


def value(req: ValueRequest, limits: Limits = LOCAL) -> PackageValue:
    """One package's payments, totals, present values and both parties' utilities (the first-year
    total may be written out: 1.1조)."""
    sp = space(req, limits)
    try:
        v = sp.value(with_amounts(sp.case, dict(req.package)) or {})
    except InputError as exc:
        where = f"package.{exc.where}" if exc.where and not exc.where.startswith("package") else exc.where
        raise exc.at(where, field=issue_field(sp.case, where)) from None
    return PackageValue.model_validate(clean({"meta": _meta(sp, req), **v}))


@dataclass
class BargainingResult:
    distribution: dict[str, Any]
    closing: Table
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        doc: dict[str, Any] = clean({"meta": self.meta, "distribution": self.distribution, "closing": records(self.closing.frame)})
        return doc


def bargain(req: BargainingRequest, *, progress: Callable[[int, int], None] | None = None, limits: Limits = LOCAL) -> BargainingResult:
    """Alternating-offers simulation: the distribution of agreement round and terms, and the value
    of closing early, for given tactics, deadline and hazard."""
    import numpy as np

    from ..analysis.negotiation import simulate as sim

    if req.runs > limits.runs:
        raise InputError(_("{n:,} runs is more than the limit of {limit:,}", n=req.runs, limit=limits.runs), where="runs")
    sp = space(req, limits)
    ids = [p.id for p in sp.case.parties]
    tac = {p: sim.Tactic("linear") for p in ids}
    for p, t in req.tactics.items():
        if p not in ids:
            raise UnknownNameError(_("party"), p, ids, where=f"tactics.{p}")
        tac[p] = sim.Tactic(t.kind, t.exponent)
    hz = None
    if req.hazard is not None:
        if req.hazard.party not in ids:
            raise UnknownNameError(_("party"), req.hazard.party, ids, where="hazard.party")
        hz = sim.Hazard(**req.hazard.model_dump())
    d = {p.id: sp.reservation(p) for p in sp.case.parties}
    first = req.first or next(p.id for p in sp.case.parties if p.role == "payee")
    out = sim.simulate({p: sp.utilities[p] for p in ids}, d, runs=req.runs, deadline=req.deadline, first=first,
                       tactics=tac, hazard=hz, exponent_sd=req.exponent_sd, seed=req.seed, progress=progress)
    fy_axis = [i.kind for i in sp.issues].index("first_year")
    fy_issue = sp.case.issue("first_year")
    assert fy_issue is not None  # found on the line above (index() raises without one)
    fy_values = np.array(fy_issue.values())

    def decode_fy(flat: Any) -> Any:  # numpy indices in, first-year totals out
        return fy_values[np.unravel_index(flat, sp.shape)[fy_axis]]

    res = sim.summary(out, decode_fy, {p.id: p.role for p in sp.case.parties})
    m = _meta(sp, req, runs=req.runs, deadline=req.deadline, seed=req.seed)
    return BargainingResult(res["distribution"], Table(res["closing"], m), m)


# --- tournaments -------------------------------------------------------------------------------------

MAX_TOURNAMENT_CASES = 10


class TournamentRequest(Request):
    """Every tactic against every tactic on every case, both roles, either side opening, many seeds."""

    cases: list[Name] | None = Field(None, min_length=1, max_length=MAX_TOURNAMENT_CASES,
                                     description="bundled case ids (default: the host's default case, named in its data)")
    tactics: list[TacticKind] = Field(default_factory=lambda: list(get_args(TacticKind)), min_length=1, max_length=len(TACTICS))
    seeds: int = Field(20, ge=1, le=100_000, description="games per pairing, each with its own draw")
    seed: int = Field(0, ge=0, le=2**32 - 1, description="the tournament's seed: the same seed gives the same table")
    deadline: int = Field(12, ge=1, le=1000)
    exponent_sd: float = Field(0.3, ge=0, le=10, description="log-normal noise on the tactics' exponents, drawn per game")

    @model_validator(mode="after")
    def _default_case(self) -> TournamentRequest:
        if self.cases is None:
            from ..analysis.negotiation.case import default_case

            self.cases = [default_case(catalog_for(self))]
        return self

    @property
    def distinct_cases(self) -> list[str]:
        return list(dict.fromkeys(self.cases or ()))

    @property
    def distinct_tactics(self) -> list[str]:
        return list(dict.fromkeys(self.tactics))

    def games(self) -> tuple[int, int]:
        """(games, pairings) the tournament plays: each distinct case, each ordered pair of distinct
        tactics, either side opening, is a pairing; each pairing is played `seeds` times."""
        pairings = len(self.distinct_cases) * len(self.distinct_tactics) ** 2 * 2
        return pairings * self.seeds, pairings


def tournament_cost(req: dict[str, Any]) -> tuple[int, int]:
    """A queued tournament's (cost for admission and the fair order, progress total): its games
    times the rounds each may last, and its pairings."""
    r = TournamentRequest.model_validate(req)
    games, pairings = r.games()
    return games * r.deadline, pairings


def check_tournament(req: TournamentRequest, limits: Limits = LOCAL) -> int:
    """Refuse now an unknown case or more games than `limits` allow (before a job is queued for
    the tournament); the number of games."""
    known = bundled_cases(catalog_for(req))
    for k, c in enumerate(req.cases or ()):
        if c not in known:
            raise UnknownNameError(_("negotiation case"), c, list(known), where=f"cases[{k}]")
    games, _pairings = req.games()
    if games > limits.runs:
        raise InputError(_("{n:,} games is more than the limit of {limit:,}", n=games, limit=limits.runs), where="seeds")
    return games


def tournament(req: TournamentRequest, *, progress: Callable[[int, int], None] | None = None, limits: Limits = LOCAL) -> Tables:
    """The leaderboard (per tactic) and the pairings (per tactic and opponent)."""
    from ..analysis.negotiation.tournament import Game, play

    n_games = check_tournament(req, limits)
    games = []
    cat = catalog_for(req)
    for name in req.distinct_cases:
        sp = space(CaseRequest(host=req.host, case=name), limits)
        payer = next(p for p in sp.case.parties if p.role == "payer")
        payee = next(p for p in sp.case.parties if p.role == "payee")
        games.append(Game(sp.case.id, (payer.id, payee.id), sp.utilities, {p.id: sp.reservation(p) for p in sp.case.parties}))
    board, pairs = play(games, tactics=tuple(req.distinct_tactics), seeds=req.seeds, seed=req.seed, deadline=req.deadline,
                        exponent_sd=req.exponent_sd, progress=progress)
    m = meta(cat, None, cases=req.distinct_cases, tactics=req.distinct_tactics, seeds=req.seeds, seed=req.seed,
             deadline=req.deadline, exponent_sd=req.exponent_sd, games=n_games)
    title = str(_("Tournament: {games:,} games ({seeds} seeds a pairing, either side opening)", games=n_games, seeds=req.seeds))
    return Tables({"leaderboard": Table(board, m, title), "pairings": Table(pairs, m)}, m, title=title)


# --- exchange with GENIUS and GeniusWeb ---------------------------------------------------------------

class ExportRequest(CaseRequest):
    platform: Literal["genius", "geniusweb"] = Field(description="genius (XML) or geniusweb (JSON)")


class ImportRequest(Request):
    files: dict[Annotated[str, Field(max_length=200)], str] = Field(min_length=1, max_length=20,
                                                                     description="the folder's files: name -> text")
    limit: int | None = Field(None, ge=1, description="at most this many frontier packages")


def export(req: ExportRequest, limits: Limits = LOCAL) -> dict[str, str]:
    """A case's domain and both utility profiles as files ({name: text})."""
    from ..analysis.negotiation.exchange import export as _export

    return _export(space(req, limits), req.platform)


def import_domain(req: ImportRequest, limits: Limits = LOCAL) -> Tables:
    """A GENIUS or GeniusWeb domain read back: its issues, its frontier, Nash and Kalai-Smorodinsky."""
    import pandas as pd

    from ..analysis.negotiation.analysis import kalai_smorodinsky, nash, pareto
    from ..analysis.negotiation.exchange import read

    dom = read(dict(req.files))
    u = dom.utilities()
    a, b = (p["id"] for p in dom.parties)
    # a party's columns by its role where the domain says it (a burdenshare export), else by its profile
    ca, cb = (column("utility", p.get("role") or p["id"]) for p in dom.parties)
    d = {p["id"]: float(p["reservation"]) for p in dom.parties}
    pk = dom.packages()  # without values an export added only for a reservation bid
    f = pk[pareto(u[a][pk], u[b][pk])]
    n = min(req.limit or limits.frontier_rows, limits.frontier_rows)
    front = pd.DataFrame([{"package": int(i), **dom.decode(i), ca: float(u[a][i]), cb: float(u[b][i])}
                          for i in f[:n]])
    sol = []
    for point, fn in (("nash", nash), ("kalai_smorodinsky", kalai_smorodinsky)):
        i = fn(u[a][pk], u[b][pk], d[a], d[b])
        if i is not None:
            i = int(pk[i])
            sol.append({"point": point, **dom.decode(i), ca: float(u[a][i]), cb: float(u[b][i])})
    issues = pd.DataFrame([{"issue": name, "values": len(vals)} for name, vals in dom.issues])
    m = {"domain": dom.name, "platform": dom.platform, "packages": dom.size, "frontier_packages": int(f.size),
         "parties": [{"id": p["id"], "name": p.get("name", p["id"]), "role": p.get("role"), "reservation": p["reservation"]}
                     for p in dom.parties]}
    return Tables({"issues": Table(issues, m), "frontier": Table(front, m), "solutions": Table(pd.DataFrame(sol), m)}, m,
                  title=str(_("Domain {name} ({platform}): {n:,} packages", name=dom.name, platform=dom.platform, n=dom.size)))


# --- the history replayed under other formulas ----------------------------------------------------------

class ReplayRequest(Request):
    overrides: Overrides = Field(default_factory=dict)


def replay(req: ReplayRequest) -> Table:
    """For each agreement, what each other agreement's formula (and its case's Nash and
    Kalai-Smorodinsky packages) would have paid over its term."""
    from ..analysis.replay import replay as _replay

    cat = catalog_for(req)
    cases = bundled_cases(cat)
    df = _replay(cat, inputs_for(cat, req.overrides), cases)
    # what a page shows in place of the ids: the agreements' and the cases' titles
    titles = {**{a.id: localized(a.title) for a in cat.agreements.values()}, **{c.id: localized(c.title) for c in cases.values()}}
    df["agreement_title"] = [titles.get(a, a) for a in df["agreement"]]
    df["formula_title"] = [titles.get(str(f).split(":")[0], str(f).split(":")[0]) for f in df["formula"]]
    # what each row rests on, in words: a rule or illustrative preferences, and its status
    from ..i18n.vocabulary import word

    follows = {"rule": str(_("an agreement's rule")), "illustrative_preferences": str(_("illustrative preferences (no government's)"))}
    df["follows_text"] = [follows.get(f, f) for f in df["follows"]]
    df["status_text"] = [word("status", s) for s in df["status"]]
    return Table(df, meta(cat, req.overrides, without_formula=df.attrs.get("without_formula", [])),
                 title=str(_("Each agreement under the other agreements' formulas")))
