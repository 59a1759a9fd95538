"""The bargaining set of two parties: Pareto frontier, zone of possible agreement, Nash and
Kalai-Smorodinsky solutions, and the efficiency of an offer.

Conventions. Utilities are the parties' additive utilities in [0, 1] (see :mod:`.space`). The
**disagreement point** d is the pair of reservation utilities (what no deal is worth to each). The
zone of possible agreement (ZOPA) is every package with U_i >= d_i for both.

- Pareto frontier: packages that no other package beats for one party without being worse for the
  other (computed by sorting: O(N log N)).
- Nash bargaining solution: the ZOPA package maximising (U_1 - d_1)(U_2 - d_2).
- Kalai-Smorodinsky: with the ideal point I_i = max U_i over the ZOPA, the frontier package in the
  ZOPA that maximises min_i (U_i - d_i) / (I_i - d_i) (the discrete counterpart of the point where
  the line from d to I meets the frontier).
- Efficiency of a package: its distance to the frontier (the largest equal gain both parties could
  get, t* = max over packages of min(U_1' - U_1, U_2' - U_2)), the number of packages that dominate
  it, and the best of those on the frontier (a dominated improvement is never named).

Utilities closer than ``TOL`` (1e-9) are treated as equal everywhere here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ...errors import InputError
from ...i18n import _

if TYPE_CHECKING:
    import pandas as pd

    from .space import Space


TOL = 1e-9
"""Utilities closer than this are equal: a package space's utilities are sums of weighted values, and
the same package computed two ways (here and from an exported domain) may differ in the last bits."""


def levels(x: np.ndarray, tol: float = TOL) -> np.ndarray:
    """Each value's rank among the distinct values, where values closer than `tol` to the previous
    one count as the same (integers: comparisons on them are exact)."""
    x = np.asarray(x, dtype=float)
    if x.size == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.argsort(x, kind="stable")
    s = x[order]
    step = np.concatenate([[0], (np.diff(s) > tol).astype(np.int64)])
    out = np.empty(x.size, dtype=np.int64)
    out[order] = np.cumsum(step)
    return out


def pareto(u1: np.ndarray, u2: np.ndarray, tol: float = TOL) -> np.ndarray:
    """Indices of the Pareto-optimal points (maximising both), sorted by u1 descending.

    Utilities within `tol` of each other are equal (see :func:`levels`); points equal on both are
    kept once (the first index of a tie)."""
    u1 = np.asarray(u1, dtype=float)
    u2 = np.asarray(u2, dtype=float)
    if u1.shape != u2.shape or u1.ndim != 1:
        raise InputError(_("utilities must be two arrays of the same length"))
    if u1.size == 0:
        return np.zeros(0, dtype=np.int64)
    k1, k2 = levels(u1, tol), levels(u2, tol)
    order = np.lexsort((-k2, -k1))  # by u1 desc, then u2 desc; stable, so a tie keeps its first index first
    s2 = k2[order]
    best_before = np.maximum.accumulate(np.concatenate([[-1], s2[:-1]]))
    keep = s2 > best_before
    return order[keep]


def pareto_bruteforce(u1: np.ndarray, u2: np.ndarray, tol: float = TOL) -> np.ndarray:
    """The same by definition, O(N^2), on the same levels: for tests."""
    k1, k2 = levels(u1, tol), levels(u2, tol)
    idx = []
    seen = set()
    for i in range(len(u1)):
        dominated = np.any((k1 >= k1[i]) & (k2 >= k2[i]) & ((k1 > k1[i]) | (k2 > k2[i])))
        if not dominated and (k1[i], k2[i]) not in seen:
            seen.add((k1[i], k2[i]))
            idx.append(i)
    return np.array(sorted(idx, key=lambda i: (-k1[i], -k2[i])), dtype=np.int64)


def dominating(u1: np.ndarray, u2: np.ndarray, p1: float, p2: float, tol: float = TOL) -> np.ndarray:
    """Packages at least as good as (p1, p2) for both and better for one (beyond `tol`)."""
    return np.flatnonzero((u1 >= p1 - tol) & (u2 >= p2 - tol) & ((u1 > p1 + tol) | (u2 > p2 + tol)))


def zopa(u1: np.ndarray, u2: np.ndarray, d1: float, d2: float) -> np.ndarray:
    return np.flatnonzero((u1 >= d1) & (u2 >= d2))


def nash(u1: np.ndarray, u2: np.ndarray, d1: float, d2: float) -> int | None:
    z = zopa(u1, u2, d1, d2)
    if z.size == 0:
        return None
    prod = (u1[z] - d1) * (u2[z] - d2)
    return int(z[np.argmax(prod)])


def kalai_smorodinsky(u1: np.ndarray, u2: np.ndarray, d1: float, d2: float) -> int | None:
    z = zopa(u1, u2, d1, d2)
    if z.size == 0:
        return None
    i1, i2 = u1[z].max(), u2[z].max()
    r1 = (u1[z] - d1) / (i1 - d1) if i1 > d1 else np.ones(z.size)
    r2 = (u2[z] - d2) / (i2 - d2) if i2 > d2 else np.ones(z.size)
    score = np.minimum(r1, r2)
    best = score.max()
    # among ties, the one with the largest total gain (on the frontier)
    cand = z[score >= best - 1e-12]
    return int(cand[np.argmax(u1[cand] + u2[cand])])


def efficiency(u1: np.ndarray, u2: np.ndarray, p1: float, p2: float, *, top: int = 5) -> dict[str, Any]:
    """How far a package (utilities p1, p2) is from the frontier, and who dominates it."""
    gain = np.minimum(u1 - p1, u2 - p2)
    t = float(gain.max())
    dom = dominating(u1, u2, p1, p2)
    # the improvements worth naming are on the frontier: a dominated one is itself improved on
    front = np.intersect1d(pareto(u1, u2), dom)
    best = front[np.argsort(-(u1[front] - p1 + u2[front] - p2), kind="stable")][:top] if front.size else front
    return {"distance": max(t, 0.0) if t > TOL else 0.0, "dominated_by": int(dom.size), "improvements": best}


def frontier_table(sp: Space) -> pd.DataFrame:
    """The Pareto frontier of a package space: each package with both parties' utilities."""
    import pandas as pd

    a, b = (p.id for p in sp.case.parties)
    ca, cb = (p.column("utility") for p in sp.case.parties)
    idx = pareto(sp.utilities[a], sp.utilities[b])
    rows = [{"package": int(i), **sp.decode(i), ca: sp.utilities[a][i], cb: sp.utilities[b][i]} for i in idx]
    df = pd.DataFrame(rows)
    df.attrs.update({"packages": sp.size, "parties": (a, b)})
    return df


def solutions(sp: Space) -> pd.DataFrame:
    """Disagreement point, ideal point, ZOPA size, Nash and Kalai-Smorodinsky solutions, and the
    efficiency of the agreement actually reached (its distance to the frontier)."""
    import pandas as pd

    from .rounds import offer_package

    a, b = (p.id for p in sp.case.parties)
    ca, cb = (p.column("utility") for p in sp.case.parties)
    ua, ub = sp.utilities[a], sp.utilities[b]
    da, db = sp.reservation(sp.case.parties[0]), sp.reservation(sp.case.parties[1])
    z = zopa(ua, ub, da, db)
    rows = [{"point": "disagreement", ca: da, cb: db}]
    if z.size:
        rows.append({"point": "ideal", ca: ua[z].max(), cb: ub[z].max()})
    for name, fn in (("nash", nash), ("kalai_smorodinsky", kalai_smorodinsky)):
        i = fn(ua, ub, da, db)
        if i is not None:
            v = sp.value(sp.decode(i))
            rows.append({"point": name, **sp.decode(i), ca: ua[i], cb: ub[i],
                         "total": v["total"], "total_dollars": v["total_dollars"]})
    finals = [o for o in sp.case.offers if o.kind == "final"]
    if finals:
        pkg = offer_package(sp, finals[-1])
        v = sp.value(pkg, sp.agreement_payments(finals[-1].agreement) if finals[-1].agreement else None)
        eff = efficiency(ua, ub, v[ca], v[cb])
        rows.append({"point": "agreement", **v["package"], ca: v[ca],
                     cb: v[cb], "total": v["total"], "total_dollars": v["total_dollars"],
                     "distance_to_frontier": eff["distance"], "dominated_by": eff["dominated_by"]})
        pa, pb = v[ca], v[cb]
        for k, i in enumerate(eff["improvements"][:3]):
            vi = sp.value(sp.decode(i))
            rows.append({"point": f"improvement_{k + 1}", **sp.decode(i), ca: ua[i],
                         cb: ub[i], "total": vi["total"], "total_dollars": vi["total_dollars"],
                         "weak": not (ua[i] > pa + TOL and ub[i] > pb + TOL)})
    weak = [r.pop("weak", False) for r in rows]
    df = pd.DataFrame(rows)
    df.insert(1, "label", [str(POINT_LABELS.get(p.rstrip("0123456789").rstrip("_"), p)) + (f" {p.rsplit('_', 1)[1]}" if p.startswith("improvement_") else "")
                           + (f" ({WEAK_LABEL!s})" if w else "") for p, w in zip(df["point"], weak, strict=True)])
    df.attrs.update({"zopa_packages": int(z.size), "packages": sp.size})
    return df


POINT_LABELS = {
    "disagreement": _("disagreement (reservation values)"),
    "ideal": _("ideal (best for each within the ZOPA)"),
    "nash": _("Nash bargaining solution"),
    "kalai_smorodinsky": _("Kalai-Smorodinsky solution"),
    "agreement": _("agreement reached"),
    "improvement": _("improvement on the agreement"),
}
WEAK_LABEL = _("weak: better for one party, as good for the other")
