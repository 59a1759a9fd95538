"""Tournaments: every tactic against every tactic on every case, in both roles and with either side
opening, over many seeds; a leaderboard.

Each game is one alternating-offers negotiation of :mod:`.simulate` (the same negotiators, the same
deadline). Seeds make games differ: each seed draws each side's tactic exponent with log-normal
noise (``exponent_sd``), as people applying one tactic do not apply it identically. The games of
one pairing are run together, one run per seed, from a generator seeded with the tournament's
seed: the same seed gives the same table.

Per tactic: mean utility (its own utility at the end; its reservation when there is no deal),
agreement rate, mean distance of the outcome from the Nash solution on the utility plane, mean
round of agreement; and the same per pairing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import numpy as np

from .analysis import nash, pareto
from .simulate import TACTICS, Tactic, TacticKind, simulate

if TYPE_CHECKING:
    import pandas as pd

@dataclass
class Game:
    """What a case brings to a tournament: both utilities over its packages and the reservations."""

    case: str
    parties: tuple[str, str]  # (payer, payee)
    u: dict[str, np.ndarray]
    d: dict[str, float]


def play(games: list[Game], *, tactics: tuple[str, ...] = TACTICS, seeds: int = 20, seed: int = 0, deadline: int = 12,
         exponent_sd: float = 0.3, progress: Callable[[int, int], None] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(leaderboard, pairings) over every game, tactic pair and opener."""
    import pandas as pd

    rows = []
    total = len(games) * len(tactics) ** 2 * 2
    done = 0
    rng = np.random.default_rng(seed)
    for g in games:
        payer, payee = g.parties
        front = pareto(g.u[payer], g.u[payee])
        n = nash(g.u[payer], g.u[payee], g.d[payer], g.d[payee])
        nash_pt = (float(g.u[payer][n]), float(g.u[payee][n])) if n is not None else (g.d[payer], g.d[payee])
        for t_payer in tactics:
            for t_payee in tactics:
                for first in (payee, payer):
                    s = int(rng.integers(0, 2**32 - 1))
                    out = simulate(g.u, g.d, runs=seeds, deadline=deadline, first=first,
                                   tactics={payer: Tactic(cast(TacticKind, t_payer)), payee: Tactic(cast(TacticKind, t_payee))}, exponent_sd=exponent_sd,
                                   seed=s, front=front)
                    dist = np.hypot(out.utility[payer] - nash_pt[0], out.utility[payee] - nash_pt[1])
                    for role, party, tac, opp in (("payer", payer, t_payer, t_payee), ("payee", payee, t_payee, t_payer)):
                        rows.append({"case": g.case, "tactic": tac, "opponent": opp, "role": role, "opens": first == party,
                                     "games": seeds, "utility_sum": float(out.utility[party].sum()),
                                     "deals": int(out.deal.sum()), "distance_sum": float(dist.sum()),
                                     "rounds_sum": float((out.round[out.deal] + 1).sum())})
                    done += 1
                    if progress:
                        progress(done, total)
    raw = pd.DataFrame(rows)

    def summarise(df: pd.DataFrame, by: list[str]) -> pd.DataFrame:
        s = df.groupby(by, sort=False).agg(games=("games", "sum"), utility_sum=("utility_sum", "sum"), deals=("deals", "sum"),
                                           distance_sum=("distance_sum", "sum"), rounds_sum=("rounds_sum", "sum")).reset_index()
        s["mean_utility"] = s["utility_sum"] / s["games"]
        s["agreement_rate"] = s["deals"] / s["games"]
        s["distance_to_nash"] = s["distance_sum"] / s["games"]
        s["mean_rounds"] = np.where(s["deals"] > 0, s["rounds_sum"] / s["deals"].clip(lower=1), np.nan)
        return s[[*by, "games", "mean_utility", "agreement_rate", "distance_to_nash", "mean_rounds"]]

    board = summarise(raw, ["tactic"]).sort_values(["mean_utility", "tactic"], ascending=[False, True]).reset_index(drop=True)
    board.insert(0, "rank", np.arange(1, len(board) + 1))
    pairs = summarise(raw, ["tactic", "opponent"]).sort_values(["tactic", "opponent"]).reset_index(drop=True)
    return board, pairs
