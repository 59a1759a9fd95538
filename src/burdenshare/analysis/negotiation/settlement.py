"""After and beside the offers: post-settlement improvement (as in Inspire) and blind bidding on one
numeric issue (as in Smartsettle).

Post-settlement: once the parties agree, the packages on the Pareto frontier of their (private)
preferences that give **both** strictly more than the deal are candidates; up to `top` of them,
spread along that stretch of the frontier (and always the one with the largest equal gain), are
proposed. With tied values a package may be better for one party and exactly as good for the other
(a *weak* improvement): when fewer than `top` packages are better for both, the weak ones fill the
list, marked as weak, so that a deal is called efficient only when nothing improves on it at all.
What a party learns is only that the other does not lose.

Blind bidding: each round both parties enter a secret bid on one numeric issue (the payer the
most it would pay, the payee the least it would take). The bids overlap when the payer's bid is at
least the payee's; then the deal is set by the rule chosen when the room was opened:

- ``split_difference``: the midpoint, rounded to the issue's step (a half step down: the payer's way);
- ``payer_bid``: the payer's bid; ``payee_bid``: the payee's bid.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from .analysis import TOL, pareto

Rule = Literal["split_difference", "payer_bid", "payee_bid"]


def improvements(u_a: np.ndarray, u_b: np.ndarray, deal_a: float, deal_b: float, *, top: int = 3, eps: float = TOL,
                 weak: bool = True) -> list[int]:
    """Frontier packages better than the deal: strictly better for both first (at most `top`); then,
    when there is room and `weak`, those better for one party and equal for the other (see
    :func:`is_weak`)."""
    f = pareto(u_a, u_b, eps)  # by u_a descending
    strict_mask = (u_a[f] > deal_a + eps) & (u_b[f] > deal_b + eps)
    better = f[strict_mask]
    chosen: list[int] = []
    if better.size:
        gain = np.minimum(u_a[better] - deal_a, u_b[better] - deal_b)
        chosen.append(int(better[int(np.argmax(gain))]))
        for k in np.unique(np.linspace(0, better.size - 1, top).round().astype(int)):
            i = int(better[k])
            if i not in chosen and len(chosen) < top:
                chosen.append(i)
    if weak and len(chosen) < top:
        w = f[~strict_mask & (u_a[f] >= deal_a - eps) & (u_b[f] >= deal_b - eps)
              & ((u_a[f] > deal_a + eps) | (u_b[f] > deal_b + eps))]
        gain = (u_a[w] - deal_a) + (u_b[w] - deal_b)
        for i in w[np.argsort(-gain, kind="stable")]:
            if len(chosen) < top:
                chosen.append(int(i))
    return sorted(chosen, key=lambda i: -u_a[i])


def is_weak(a: float, b: float, deal_a: float, deal_b: float, eps: float = TOL) -> bool:
    """Whether an improvement is only weak: better for one party, equal (within `eps`) for the other."""
    return not (a > deal_a + eps and b > deal_b + eps)


def overlap(payer_bid: int, payee_bid: int) -> bool:
    return payer_bid >= payee_bid


def settle(payer_bid: int, payee_bid: int, rule: Rule, lo: int, step: int) -> int:
    """The deal on the issue when the bids overlap, on the issue's grid (lo + k * step)."""
    if rule == "payer_bid":
        v = payer_bid
    elif rule == "payee_bid":
        v = payee_bid
    else:
        v = (payer_bid + payee_bid) // 2
    k = (v - lo) // step  # down to the grid
    if rule == "split_difference" and (v - lo) % step * 2 > step:
        k += 1  # nearest grid point; a half step goes down
    return lo + k * step
