"""Alternating-offers bargaining between two automated negotiators, many runs at once.

Each round one side proposes (they alternate; `first` opens). A negotiator's aspiration follows its
tactic, in its own utility, between its best frontier utility u_max and its reservation d:

- time-dependent (Faratin et al. 1998): target(t) = d + (u_max - d) (1 - (t/T)^(1/e)), T the
  deadline in rounds. Convention: **e < 1 is Boulware** (holds out, concedes near the deadline),
  **e > 1 is Conceder** (concedes early), e = 1 is linear. Defaults: boulware 0.2, conceder 5.
- tit-for-tat (relative): concedes, in its own utility, what the opponent conceded in the
  opponent's utility over its last two offers; it opens at u_max and never goes below d.

A proposer offers the frontier package that meets its target and is best for the other side (so
every offer is efficient: complete information about the frontier is assumed). The responder
accepts when the offer gives it at least what it would itself ask next round (AC-next), or at
least its reservation in the last round. No deal by the deadline means both get their reservation.

A hazard changes a party's reservation value from a given round with a probability (e.g. a new US
administration after an election): each run draws whether it happens. Optional noise on the
exponents (log-normal, `exponent_sd`) makes runs differ further. Runs are vectorised; the result
is the distribution of agreement round and terms, and the value to each side of closing early.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, get_args

import numpy as np

from ...errors import InputError
from ...i18n import _
from .analysis import pareto
from .case import column

if TYPE_CHECKING:
    pass

TacticKind = Literal["boulware", "conceder", "linear", "tit_for_tat"]
TACTICS: tuple[str, ...] = get_args(TacticKind)
DEFAULT_EXPONENTS = {"boulware": 0.2, "conceder": 5.0, "linear": 1.0}
MAX_RUNS = 10_000_000


@dataclass(frozen=True)
class Tactic:
    kind: TacticKind = "linear"
    exponent: float | None = None

    @property
    def e(self) -> float:
        e = self.exponent if self.exponent is not None else DEFAULT_EXPONENTS.get(self.kind, 1.0)
        if not np.isfinite(e) or e <= 0:
            raise InputError(_("the exponent of a {kind} tactic must be positive, got {e}", kind=self.kind, e=e), where="tactic")
        return e


def time_target(t: int | np.ndarray, deadline: int, e: float | np.ndarray, umax: float | np.ndarray,
                r: float | np.ndarray) -> np.ndarray:
    """A time-dependent tactic's aspiration at round t (Faratin et al.): from u_max at t = 0 to the
    reservation r at the deadline; e < 1 holds out (Boulware), e > 1 concedes early."""
    return r + (umax - r) * (1 - (t / deadline) ** (1 / e))


def frontier_offer(mine_desc: np.ndarray, idx: np.ndarray, tau: float | np.ndarray) -> np.ndarray:
    """The frontier package that gives the proposer at least `tau` and is best for the other side:
    `mine_desc` is the proposer's utility along the frontier, descending; `idx` the packages."""
    k = np.searchsorted(-mine_desc, -np.asarray(tau), side="right") - 1  # last position with mine >= tau
    return idx[np.clip(k, 0, len(idx) - 1)]


@dataclass(frozen=True)
class Hazard:
    party: str
    probability: float
    from_round: int
    reservation: float

    def check(self, T: int, parties: tuple[str, str]) -> None:
        if self.party not in parties:
            raise InputError(_("hazard names unknown party '{party}'", party=self.party), where="hazard")
        if not 0 <= self.probability <= 1:
            raise InputError(_("hazard probability must lie in [0, 1], got {probability}", probability=self.probability), where="hazard")
        if not 0 <= self.from_round < T:
            raise InputError(_("hazard round must lie in 0-{T___1}, got {from_round}", T___1=T - 1, from_round=self.from_round), where="hazard")
        if not 0 <= self.reservation <= 1:
            raise InputError(_("hazard reservation must lie in [0, 1], got {reservation}", reservation=self.reservation), where="hazard")


@dataclass
class Outcome:
    deal: np.ndarray  # (R,) bool
    round: np.ndarray  # (R,) int, -1 without a deal
    package: np.ndarray  # (R,) flat package index, -1 without a deal
    utility: dict[str, np.ndarray]  # final utility per party (reservation without a deal)
    hazard_hit: np.ndarray
    table_path: dict[str, np.ndarray]  # no-hazard path: utility of the offer on the table each round
    parties: tuple[str, str]
    deadline: int


def _check_arguments(ids: tuple[str, ...], first: str, runs: int, deadline: int, exponent_sd: float,
                     hazard: Hazard | None) -> None:
    """Refuse, naming the argument, what a simulation cannot run with."""
    if len(ids) != 2 or first not in ids:
        raise InputError(_("the first proposer must be one of {ids}", ids=ids), where="first")
    if isinstance(runs, bool) or not isinstance(runs, int) or not 1 <= runs <= MAX_RUNS:
        raise InputError(_("runs must be a whole number from 1 to {MAX_RUNS:,}, got {runs!r}", MAX_RUNS=MAX_RUNS, runs=runs), where="runs")
    if isinstance(deadline, bool) or not isinstance(deadline, int) or not 1 <= deadline <= 1000:
        raise InputError(_("the deadline must be 1-1000 rounds, got {deadline!r}", deadline=deadline), where="deadline")
    if not np.isfinite(exponent_sd) or exponent_sd < 0:
        raise InputError(_("exponent noise must be >= 0, got {exponent_sd}", exponent_sd=exponent_sd), where="exponent_sd")
    if hazard is not None:
        hazard.check(deadline, ids)


def simulate(u: dict[str, np.ndarray], d: dict[str, float], *, runs: int, deadline: int, first: str,
             tactics: dict[str, Tactic], hazard: Hazard | None = None, exponent_sd: float = 0.0,
             seed: int = 0, chunk: int = 100_000, progress: Callable[[int, int], None] | None = None,
             front: np.ndarray | None = None) -> Outcome:
    ids = tuple(u)
    _check_arguments(ids, first, runs, deadline, exponent_sd, hazard)
    a, b = ids
    if front is None:
        front = pareto(u[a], u[b])  # sorted by u[a] descending
    fa, fb = u[a][front], u[b][front]
    zopa = (fa >= d[a]) & (fb >= d[b])
    if not zopa.any():
        raise InputError(_("no package gives both parties their reservation value: there is no zone of agreement"), where="reservation")
    umax = {a: float(fa[zopa].max()), b: float(fb[zopa].max())}
    rng = np.random.default_rng(seed)
    R = runs
    deal = np.zeros(R, bool)
    rnd = np.full(R, -1)
    pkg = np.full(R, -1, np.int64)
    hit = rng.random(R) < hazard.probability if hazard else np.zeros(R, bool)
    e = {p: tactics[p].e * (np.exp(rng.normal(0, exponent_sd, R)) if exponent_sd else np.ones(R)) for p in ids}
    # frontier seen from each proposer: its own utility ascending for searchsorted
    own = {a: (fa, fb, front), b: (fb[::-1], fa[::-1], front[::-1])}  # descending own utility

    def res_of(p: str, t: int) -> np.ndarray:
        r = np.full(R, d[p])
        if hazard and hazard.party == p and t >= hazard.from_round:
            r[hit] = hazard.reservation
        return r

    def target(p: str, t: int, last_own: np.ndarray, opp_conc: np.ndarray) -> np.ndarray:
        r = res_of(p, t)
        if tactics[p].kind == "tit_for_tat":
            if t < 2:
                return np.full(R, umax[p])
            conceded: np.ndarray = np.maximum(last_own - opp_conc, r)
            return conceded
        return time_target(t, deadline, e[p], umax[p], r)

    def propose(p: str, tau: np.ndarray) -> np.ndarray:
        mine, _, idx = own[p]  # mine is descending
        return frontier_offer(mine, idx, tau)

    last_offer = {p: np.full(R, np.nan) for p in ids}  # own utility of own last offer
    prev_offer_opp_util = {p: [np.full(R, np.nan), np.full(R, np.nan)] for p in ids}
    path = {p: np.full(deadline, np.nan) for p in ids}
    for t in range(deadline):
        p = first if t % 2 == 0 else (b if first == a else a)
        q = b if p == a else a
        hist = prev_offer_opp_util[p]
        opp_conc = np.nan_to_num(hist[0] - hist[1], nan=0.0) if t >= 2 else np.zeros(R)
        tau = target(p, t, last_offer[p], np.maximum(opp_conc, 0))
        offer = propose(p, tau)
        up, uq = u[p][offer], u[q][offer]
        last_offer[p] = up
        # the opponent's concessions as p sees them: q's utility of q's own offers
        prev_offer_opp_util[q] = [prev_offer_opp_util[q][1], uq]
        tau_q_next = target(q, t + 1, last_offer[q], np.zeros(R)) if t + 1 < deadline else res_of(q, t)
        accept = ~deal & (uq >= tau_q_next - 1e-12) & (uq >= res_of(q, t) - 1e-12)
        deal |= accept
        rnd[accept] = t
        pkg[accept] = offer[accept]
        no_hazard = ~hit
        if no_hazard.any():
            j = int(np.flatnonzero(no_hazard)[0])
            path[a][t], path[b][t] = u[a][offer[j]], u[b][offer[j]]
        if progress:
            progress(t + 1, deadline)
        if deal.all():
            break
    final = {}
    for p in ids:
        r_end = res_of(p, deadline - 1)
        final[p] = np.where(deal, u[p][np.maximum(pkg, 0)], r_end)
    return Outcome(deal, rnd, pkg, final, hit, path, (a, b), deadline)


def summary(out: Outcome, decode_first_year: Callable[[np.ndarray], np.ndarray], roles: Mapping[str, str]) -> dict[str, Any]:
    """Distribution of agreement round and terms, and the value of closing early; the closing
    table's columns of a party are named by its role (`roles`: party id -> role)."""
    import pandas as pd

    R = len(out.deal)
    rounds = out.round[out.deal]
    fy = decode_first_year(out.package[out.deal]) if out.deal.any() else np.zeros(0)
    qs = (0.05, 0.25, 0.5, 0.75, 0.95)
    dist: dict[str, Any] = {
        "runs": R, "deal_rate": float(out.deal.mean()), "hazard_rate": float(out.hazard_hit.mean()),
        "round_quantiles": {f"q{q:g}": (float(np.quantile(rounds, q)) if rounds.size else None) for q in qs},
        "first_year_quantiles": {f"q{q:g}": (float(np.quantile(fy, q)) if fy.size else None) for q in qs},
        "expected_utility": {p: float(out.utility[p].mean()) for p in out.parties},
    }
    by_round = pd.Series(rounds).value_counts().sort_index()
    closing = pd.DataFrame({"round": np.arange(out.deadline)})
    for p in out.parties:
        closing[column("table_utility", roles[p])] = out.table_path[p]
        closing[column("value_of_closing", roles[p])] = out.table_path[p] - dist["expected_utility"][p]
    closing["deals_closed_here"] = [int(by_round.get(t, 0)) for t in range(out.deadline)]
    return {"distribution": dist, "closing": closing}
