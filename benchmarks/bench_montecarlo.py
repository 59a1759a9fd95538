"""Benchmark: Monte Carlo end to end, against baselines measured in the same run.

Plan: a 10-year agreement (benchmarks/data/sma-12-to-2035.yaml: the 12th SMA's CPI rule with the
5% cap carried to 2035), VAR model, seed 1.

- engine only: `compute` on 10^6 paths x 10 years of drawn drivers, against the plain-Python
  decimal loop oracle (tests/oracle.py) on the same rules and draws, and against one NumPy pass
  over the same bytes (reads the drivers, writes the amounts);
- end to end: `burdenshare.simulate` with 10^6 paths (draws, engine, histograms, totals), warm;
- scale: 10^8 path-years (10^7 paths) in a fresh process, with its peak resident memory.

Run: `.venv/bin/python benchmarks/bench_montecarlo.py [--big-paths N]`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
AGREEMENT = str(HERE / "data" / "sma-12-to-2035.yaml")

from oracle import run_path  # noqa: E402

import burdenshare as bs  # noqa: E402
from burdenshare.analysis.schedule import timeline_for  # noqa: E402
from burdenshare.analysis.uncertainty import (  # noqa: E402
    models,
    montecarlo as mc,
)
from burdenshare.api import _agreement  # noqa: E402
from burdenshare.model.catalog import catalog  # noqa: E402
from burdenshare.model.engine import compute  # noqa: E402

# peak memory from VmHWM (this process's own high-water mark): ru_maxrss would carry over the
# parent's mark across fork and exec
CHILD = """
import json, sys, time
import burdenshare as bs
t = time.perf_counter()
s = bs.simulate(sys.argv[1], paths=int(sys.argv[2]), seed=1)
dt = time.perf_counter() - t
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
print(json.dumps({"seconds": dt, "paths": s.paths, "years": len(s.run.years), "peak_rss_mb": hwm / 1024}))
"""


def best(fn, repeat):
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return min(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--paths", type=int, default=1_000_000)
    ap.add_argument("--big-paths", type=int, default=10_000_000)
    ap.add_argument("--oracle-paths", type=int, default=2_000)
    args = ap.parse_args()

    cat = catalog("kr")
    a, extra = _agreement(cat, AGREEMENT)
    tl = timeline_for(cat, a, extra)
    su = mc.setup(cat, tl, cat.inputs(), (a.term.start, a.term.end), a.term.start)
    model = models.fit(cat, "var")
    d = np.concatenate([mc._draw(model, su.known, 1, b, mc.RNG_BLOCK) for b in range(-(-args.paths // mc.RNG_BLOCK))], axis=2)[:, :, : args.paths]
    drivers, _, _ = mc._drivers(su, d)  # (T, P): year-major
    T, P = drivers.shape
    out = np.empty((T, P))
    t_engine = best(lambda: compute(su.plan, drivers.T, detail=False, out=out), 5)
    sub = np.ascontiguousarray(drivers[:, : args.oracle_paths])
    t_oracle = best(lambda: [run_path(su.plan, sub[:, p]) for p in range(sub.shape[1])], 1)
    a1, b1, c1 = np.ones(T * P), np.empty(T * P), np.empty(T * P)
    # the bytes the engine must move: read the drivers, write the amounts
    t_bw = best(lambda: np.multiply(a1, 2.0, out=c1), 5)
    del b1
    bs.simulate(AGREEMENT, paths=1000)  # warm up imports and the catalog
    t_e2e = best(lambda: bs.simulate(AGREEMENT, paths=args.paths, seed=1), 3)

    py = P * T
    print(f"plan: {a.id}, {T} years; paths={P:,} ({py:,} path-years)")
    print(f"engine                      : {t_engine:.4f} s  {py / t_engine:,.0f} path-years/s")
    print(f"python decimal loop oracle  : {t_oracle:.3f} s for {sub.shape[1]:,} paths  {sub.size / t_oracle:,.0f} path-years/s")
    print(f"numpy pass, same bytes      : {t_bw:.4f} s  ({2 * 8 * T * P / t_bw / 1e9:.1f} GB/s)")
    print(f"engine / oracle             : {(py / t_engine) / (sub.size / t_oracle):,.0f}x")
    print(f"engine at bandwidth bound   : {t_bw / t_engine:.0%}")
    print(f"simulate end to end (warm)  : {t_e2e:.3f} s for {P:,} paths x {T} years")
    r = subprocess.run([sys.executable, "-c", CHILD, AGREEMENT, str(args.big_paths)], capture_output=True, text=True, check=True)
    big = json.loads(r.stdout)
    print(f"simulate {big['paths'] * big['years']:,} path-years: {big['seconds']:.1f} s, peak memory {big['peak_rss_mb']:,.0f} MB (whole process)")


if __name__ == "__main__":
    main()
