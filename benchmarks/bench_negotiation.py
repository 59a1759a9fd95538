"""Benchmark: the two-party Pareto frontier of a package space, against NegMAS in the same run.

Space: the 11th SMA case (data/negotiations/kr/sma-11-talks.yaml) with the first-year grid made
finer or coarser to reach about 10^4, 10^5 and 10^6 packages (every other issue as in the case).

For each size:
- burdenshare: valuing the whole space with the engine and both parties' utilities, then the
  frontier (`analysis.negotiation.analysis.pareto`), each timed;
- NegMAS, frontier only: `negmas.preferences.ops.pareto_frontier_numpy` on the same utility
  arrays (its recommended exact extractor);
- NegMAS, end to end: the same space as NegMAS issues (one issue for the package's payment
  structure, whose money value the engine computed, and one per other issue) with a
  `LinearAdditiveUtilityFunction` per party holding the same values and weights, then
  `negmas.preferences.ops.pareto_frontier` (utilities evaluated by NegMAS);
- the frontiers must be identical (same set of utility pairs).

NegMAS is a benchmark-only dependency (`pip install negmas`); burdenshare never imports it.
Run: `.venv/bin/python benchmarks/bench_negotiation.py`.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import yaml

import burdenshare as bs
from burdenshare.analysis.negotiation.analysis import pareto

CASE = Path(bs.__file__).parent / "data" / "negotiations" / "kr" / "sma-11-talks.yaml"


def variant(step: int, tmp: Path) -> str:
    data = yaml.safe_load(CASE.read_text())
    fy = data["issues"][0]
    fy["step"] = step
    fy["max"] = fy["min"] + ((fy["max"] - fy["min"]) // step) * step
    p = tmp / f"case-{step}.yaml"
    p.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return str(p)


def negmas_end_to_end(sp):
    from negmas.outcomes import make_issue
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.ops import pareto_frontier
    from negmas.preferences.value_fun import TableFun

    structural = [i for i in sp.issues if i.kind in ("first_year", "escalation", "cap", "term")]
    others = [i for i in sp.issues if i not in structural]
    n_struct = int(np.prod([i.size for i in structural]))
    issues = [make_issue(list(range(n_struct)), name="structure")] + [make_issue([str(o) for o in i.values()], name=i.id) for i in others]
    ufuns = []
    kinds = ("first_year", "escalation", "cap", "term")
    for p in sp.case.parties:
        # the structure's value: weighted money utility plus the weighted values of escalation, cap
        # and term (all fixed by the structure), over the grid in the same C order as `structure`
        part = p.weights.get("money", 0.0) * sp.money_utility(p, sp.money_grid[p.id])
        for ax, kind in enumerate(kinds):
            issue = sp.case.issue(kind)
            if issue is not None and kind != "first_year" and p.weights.get(issue.id, 0.0):
                shape = [1] * 4
                shape[ax] = issue.size
                part = part + p.weights[issue.id] * sp.option_value(p, issue).reshape(shape)
        order = [kinds.index(i.kind) for i in structural]
        grid = np.transpose(part.reshape([sp.case.issue(k).size for k in kinds]), order).reshape(-1)
        values = [TableFun(dict(enumerate(grid.tolist())))]
        weights = [1.0]
        for i in others:
            values.append(TableFun({str(o): float(v) for o, v in zip(i.values(), sp.option_value(p, i), strict=True)}))
            weights.append(p.weights.get(i.id, 0.0))
        ufuns.append(LinearAdditiveUtilityFunction(values=values, weights=weights, issues=issues))
    t = time.perf_counter()
    utils, _ = pareto_frontier(ufuns, issues=issues, sort_by_welfare=False)
    return time.perf_counter() - t, {tuple(round(x, 9) for x in u) for u in utils}


def main() -> None:
    import tempfile

    from negmas.preferences.ops import pareto_frontier_numpy

    tmp = Path(tempfile.mkdtemp())
    print(f"{'packages':>10} {'valuing':>9} {'frontier':>9} {'negmas numpy':>13} {'ratio':>6} {'negmas e2e':>11} {'ratio':>7} {'size':>6} same")
    for step in (300_000_000_000, 30_000_000_000, 3_000_000_000):  # ~10^4, ~10^5, ~10^6 packages
        sp = bs.negotiation_space(variant(step, tmp))
        t0 = time.perf_counter()
        ua, ub = sp.utilities["kr"], sp.utilities["us"]
        t_val = time.perf_counter() - t0
        t0 = time.perf_counter()
        f = pareto(ua, ub)
        t_front = time.perf_counter() - t0
        pts = np.column_stack([ua, ub])
        t0 = time.perf_counter()
        g = pareto_frontier_numpy(pts, sort_by_welfare=False)
        t_neg = time.perf_counter() - t0
        ours = {tuple(np.round(pts[i], 9)) for i in f}
        same = ours == {tuple(np.round(pts[i], 9)) for i in np.asarray(g)}
        if sp.size <= 2_000_000:
            t_e2e, theirs = negmas_end_to_end(sp)
            same = same and ours == theirs
            e2e, r2 = f"{t_e2e:10.2f}s", f"{t_e2e / (t_val + t_front):6.0f}x"
        else:
            e2e, r2 = "       -", "     -"
        print(f"{sp.size:>10,} {t_val:8.3f}s {t_front:8.3f}s {t_neg:12.3f}s {t_neg / t_front:5.1f}x {e2e} {r2} {len(f):>6} {same}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
