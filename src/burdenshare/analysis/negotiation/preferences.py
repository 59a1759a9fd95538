"""Preferences entered by a person: weights from pairwise ratings, and a consistency check.

Weights may be typed (sliders that sum to 100) or derived from pairwise ratings as in Inspire and
the analytic hierarchy process: for each pair of issues, how many times more one matters than the
other (1 to 9, or the reciprocal). The weights are the normalised geometric means of the rows of
the ratings matrix; the consistency ratio CR = ((lambda_max - n) / (n - 1)) / RI_n (Saaty's random
index RI) says how far the ratings contradict each other; above 0.10 they should be revised.

The check never changes the model underneath (linear additive utility, see :mod:`.space`): it
points out what a person most likely did not mean (a weighted issue whose options are all valued
alike, a numeric issue valued up and down, a reservation no package reaches).
"""

from __future__ import annotations

import math

import numpy as np

from ...errors import InputError
from ...i18n import Msg, _
from .case import Case, Issue, Party
from .words import issue_title

RANDOM_INDEX = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49,
                11: 1.51, 12: 1.48, 13: 1.56, 14: 1.57, 15: 1.59}
CR_LIMIT = 0.10


def pairwise_weights(items: list[str], ratings: dict[str, float]) -> tuple[dict[str, float], float]:
    """Weights (summing to 1) and the consistency ratio from ratings ``{"a>b": r}``: a matters r
    times as much as b (r from 1/9 to 9). Every pair must be rated once, in either order."""
    n = len(items)
    if n < 2:
        raise InputError(_("pairwise ratings need at least two issues"), where="pairwise")
    idx = {k: i for i, k in enumerate(items)}
    m = np.ones((n, n))
    seen = set()
    for key, r in ratings.items():
        a, sep, b = key.partition(">")
        if not sep or a not in idx or b not in idx or a == b:
            raise InputError(_("'{key}' is not a pair of issues written a>b", key=key[:60]), where=f"pairwise.{key[:60]}")
        if isinstance(r, bool) or not isinstance(r, (int, float)) or not math.isfinite(r) or not 1 / 9 - 1e-9 <= r <= 9 + 1e-9:
            raise InputError(_("a rating must lie between 1/9 and 9, got {r!r}", r=r), where=f"pairwise.{key[:60]}")
        pair = frozenset((a, b))
        if pair in seen:
            raise InputError(_("the pair {a} and {b} is rated twice", a=a, b=b), where=f"pairwise.{key[:60]}")
        seen.add(pair)
        m[idx[a], idx[b]] = r
        m[idx[b], idx[a]] = 1 / r
    missing = [f"{items[i]}>{items[j]}" for i in range(n) for j in range(i + 1, n) if frozenset((items[i], items[j])) not in seen]
    if missing:
        raise InputError(_("rate every pair of issues; missing: {pairs}", pairs=", ".join(missing[:5])), where="pairwise")
    g = np.exp(np.log(m).mean(axis=1))
    w = g / g.sum()
    lam = float((m @ w / w).mean())
    ri = RANDOM_INDEX.get(n, 1.6)
    cr = 0.0 if n < 3 or ri == 0 else max(0.0, (lam - n) / (n - 1) / ri)
    weights = {k: float(v) for k, v in zip(items, w, strict=True)}
    # exact sum of 1 for the model's check
    last = items[-1]
    weights[last] = 1.0 - sum(v for k, v in weights.items() if k != last)
    return weights, cr


def check(case: Case, party: Party, best_utility: float | None = None, reservation_utility: float | None = None,
          consistency_ratio: float | None = None) -> list[dict[str, str]]:
    """What a person most likely did not mean, as ``{"level": "error"|"warning"|"note", "where", "message"}``."""
    out: list[dict[str, str]] = []

    def add(level: str, where: str, msg: Msg) -> None:
        out.append({"level": level, "where": where, "message": str(msg)})

    total = sum(party.weights.values())
    if abs(total - 1) > 1e-9:
        add("error", "weights", _("the weights sum to {total:g}, not 100", total=round(total * 100, 6)))
    if party.weights.get("money", 0.0) == 0:
        add("warning", "weights.money", _("money has no weight: the amounts paid will not matter to you"))
    for issue in case.issues:
        if issue.kind == "first_year":
            continue
        w = party.weights.get(issue.id, 0.0)
        vf = party.values.get(issue.id)
        title = issue_title(issue)
        if isinstance(vf, dict):
            for level, msg in _option_checks(issue, vf, w, title):
                add(level, f"values.{issue.id}", msg)
        if w > 0 and vf is None:
            add("error", f"values.{issue.id}", _("'{issue}' has weight but no values", issue=title))
    if consistency_ratio is not None and consistency_ratio > CR_LIMIT:
        add("warning", "pairwise", _("the pairwise ratings contradict each other (consistency ratio {cr:.2f}, above "
                                     "{limit:.2f}): revise the pairs that disagree", cr=consistency_ratio, limit=CR_LIMIT))
    if best_utility is not None and reservation_utility is not None:
        if reservation_utility > best_utility + 1e-12:
            add("error", "reservation", _("no package reaches your reservation value: lower it"))
        elif reservation_utility <= 0:
            add("note", "reservation", _("a reservation value of 0 means any deal is better for you than no deal"))
    return out


def _option_checks(issue: Issue, vf: dict[str, float], w: float, title: str) -> list[tuple[str, Msg]]:
    """What a party's values for one issue's options most likely do not mean: weight on options all
    valued alike, no option valued 100, or values that go up and then down along a number."""
    out: list[tuple[str, Msg]] = []
    vals = [vf[str(o)] for o in issue.values()]
    alike = max(vals) - min(vals) < 1e-12
    if w > 0 and alike:
        out.append(("warning", _("'{issue}' has weight but every option is valued alike, so it changes nothing", issue=title)))
    elif w > 0 and max(vals) < 1 - 1e-9:
        out.append(("note", _("no option of '{issue}' is valued 100: the best option usually is", issue=title)))
    numeric = issue.kind in ("term", "cap") and all(str(o) != "none" for o in issue.values())
    if numeric and len(vals) > 2:
        d = np.diff(vals)
        if (d > 1e-12).any() and (d < -1e-12).any():
            out.append(("note", _("'{issue}' is valued up and then down (or down and then up) as "
                                  "the number grows; check that this is meant", issue=title)))
    return out
