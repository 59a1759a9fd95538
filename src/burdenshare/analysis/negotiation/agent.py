"""An automated negotiator a person can practise against, one offer at a time, and the debrief.

The agent follows the same tactics as the simulation (:mod:`.simulate`): time-dependent
(Boulware, conceder, linear; aspiration from its best frontier utility at round 0 to its
reservation at the deadline) or tit-for-tat (it concedes, in its own utility, what the student
conceded in the student's utility between the student's last two offers). Like the simulated
negotiators it knows the frontier (complete information: both sides' preferences are the case's
published assumptions), so every counter-offer is the frontier package that meets its aspiration
and is best for the student.

Rounds: the student makes at most `deadline` offers. After the student's offer of round r (0 to
deadline - 1) the agent accepts when the offer gives it at least what it would itself ask next
round (or, in the last round, at least its reservation); otherwise, in the last round the talks
fail, and before it the agent counters with its aspiration for round r + 1. With a hazard, after a
rejected offer from round `from_round` on, the talks collapse with the given probability (a draw
fixed by the session's seed and the round, so a replay gives the same story).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .analysis import efficiency, kalai_smorodinsky, nash, pareto
from .simulate import Tactic, frontier_offer, time_target


@dataclass
class PracticeAgent:
    u_agent: np.ndarray
    u_student: np.ndarray
    d_agent: float
    tactic: Tactic
    deadline: int

    def __post_init__(self) -> None:
        f = pareto(self.u_agent, self.u_student)  # by the agent's utility, descending
        self.front = f
        self.mine = self.u_agent[f]
        ok = self.mine >= self.d_agent
        self.umax = float(self.mine[ok].max()) if ok.any() else float(self.mine.max())

    def aspiration(self, t: int, own_offers: list[int], student_offers: list[int]) -> float:
        """What the agent asks (its own utility) at round t, given the offers so far."""
        d = self.d_agent
        if self.tactic.kind == "tit_for_tat":
            if len(student_offers) < 2 or not own_offers:
                return self.umax if not own_offers else float(self.u_agent[own_offers[-1]])
            conceded = float(self.u_student[student_offers[-2]] - self.u_student[student_offers[-1]])
            # the student conceded when its own utility of its offers went down
            return max(float(self.u_agent[own_offers[-1]]) - max(conceded, 0.0), d)
        return float(time_target(min(t, self.deadline), self.deadline, self.tactic.e, self.umax, d))

    def offer(self, tau: float) -> int:
        return int(frontier_offer(self.mine, self.front, tau))

    def opening(self) -> int:
        return self.offer(self.umax)

    def respond(self, r: int, offer: int, own_offers: list[int], student_offers: list[int]) -> tuple[str, int | None]:
        """('accept', None), ('counter', package) or ('fail', None) to the student's offer of round r."""
        u = float(self.u_agent[offer])
        last = r >= self.deadline - 1
        ask_next = self.d_agent if last else self.aspiration(r + 1, own_offers, [*student_offers, offer])
        if u >= self.d_agent - 1e-12 and u >= ask_next - 1e-12:
            return "accept", None
        if last:
            return "fail", None
        return "counter", self.offer(ask_next)


def collapses(seed: int, r: int, probability: float) -> bool:
    """Whether the talks collapse after round r (a fixed draw for the seed and the round)."""
    return bool(np.random.default_rng([int(seed), int(r)]).random() < probability)


def debrief(u_a: np.ndarray, u_b: np.ndarray, d_a: float, d_b: float, deal: int | None, *, max_points: int = 1500) -> dict[str, Any]:
    """The frontier (thinned for drawing), Nash and Kalai-Smorodinsky, and what was left on the
    table: the largest equal gain both could still have had, and the packages better for both."""
    f = pareto(u_a, u_b)
    keep = f if f.size <= max_points else f[np.unique(np.linspace(0, f.size - 1, max_points).round().astype(int))]
    n = nash(u_a, u_b, d_a, d_b)
    ks = kalai_smorodinsky(u_a, u_b, d_a, d_b)
    out = {"frontier": [[float(u_a[i]), float(u_b[i])] for i in keep], "frontier_packages": int(f.size),
           "nash": n, "kalai_smorodinsky": ks, "disagreement": [d_a, d_b]}
    if deal is not None:
        p = (float(u_a[deal]), float(u_b[deal]))
        eff = efficiency(u_a, u_b, *p)
        out["left_on_table"] = {"equal_gain": eff["distance"], "packages_better_for_both": eff["dominated_by"],
                                "joint_gain_to_nash": (float(u_a[n] + u_b[n]) - sum(p)) if n is not None else None}
    return out
