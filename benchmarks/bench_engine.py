"""Benchmark: the schedule engine's throughput against baselines measured in the same run.

- engine: `compute` on the 12th SMA timeline (2026-2030, CPI-indexed with the 5% cap) over P paths;
- oracle: the plain-Python decimal loop of the tests (tests/oracle.py) on the same plan and draws;
- bandwidth: one NumPy pass (a + b -> c) over the same number of bytes the engine reads and writes.

Prints path-years per second and the ratios. Run: `make bench` or
`.venv/bin/python benchmarks/bench_engine.py [--paths N]`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from oracle import run_path

from burdenshare.analysis.schedule import timeline_for
from burdenshare.model.catalog import catalog
from burdenshare.model.engine import compute
from burdenshare.model.timeline import compile_plan


def best(fn, repeat=5):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--paths", type=int, default=1_000_000)
    ap.add_argument("--oracle-paths", type=int, default=2_000)
    args = ap.parse_args()

    cat = catalog("kr")
    tl = timeline_for(cat, cat.agreement("sma-12")).slice(2026)
    plan = compile_plan(tl, cat.host.series_for)
    T = plan.T
    rng = np.random.default_rng(0)
    # year-major (Fortran-order) drivers, as the Monte Carlo generator lays them out
    drivers = np.asfortranarray(rng.normal(2.5, 1.5, size=(args.paths, T)).round(3))

    out = np.empty((T, args.paths))
    t_engine = best(lambda: compute(plan, drivers, detail=False, out=out), 5)
    t_engine_detail = best(lambda: compute(plan, drivers, detail=True), 3)
    py = drivers[: args.oracle_paths]
    t_oracle = best(lambda: [run_path(plan, row) for row in py], 1)

    nbytes = drivers.nbytes * 2  # reads float64 drivers, writes int64 amounts
    a = np.ones(nbytes // 16)
    b = np.ones(nbytes // 16)
    c = np.empty_like(a)
    t_bw = best(lambda: np.add(a, b, out=c), 5)  # reads 2, writes 1 array: about the same traffic

    py_engine = args.paths * T / t_engine
    print(f"plan: sma-12 from 2026, T={T} years; paths={args.paths:,}")
    print(f"engine (amounts only)      : {t_engine:.3f} s  {py_engine:,.0f} path-years/s")
    print(f"engine (with rate detail)  : {t_engine_detail:.3f} s  {args.paths * T / t_engine_detail:,.0f} path-years/s")
    py_oracle = args.oracle_paths * T / t_oracle
    print(f"python decimal loop oracle : {t_oracle:.3f} s for {args.oracle_paths:,} paths  {py_oracle:,.0f} path-years/s")
    bw = nbytes / t_bw
    print(f"numpy pass over same bytes : {t_bw:.3f} s  ({bw / 1e9:.1f} GB/s)")
    print(f"ratio engine / oracle      : {py_engine / py_oracle:,.0f}x")
    print(f"engine time / bandwidth    : {t_engine / t_bw:.1f}x the single-pass bound")

    exe = Path(sys.executable).parent / "burdenshare"
    if exe.exists():
        t_help = best(lambda: subprocess.run([str(exe), "--help"], capture_output=True, check=True), 5)
        t_py = best(lambda: subprocess.run([sys.executable, "-c", "pass"], capture_output=True, check=True), 5)
        t_hist = best(lambda: subprocess.run([str(exe), "history", "--format", "csv"], capture_output=True, check=True), 3)
        print(f"`burdenshare --help`       : {t_help * 1000:.0f} ms (bare python start-up {t_py * 1000:.0f} ms, ratio {t_help / t_py:.1f}x)")
        print(f"`burdenshare history --format csv`: {t_hist * 1000:.0f} ms")


if __name__ == "__main__":
    main()
