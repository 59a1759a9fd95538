"""Benchmark: what a CLI command costs, against `python -c "import pandas"` measured beside it.

A command's cost is the CPU time (user + system) of its whole process, start-up and imports
included, read with `resource.getrusage(RUSAGE_CHILDREN)` around each run. Each pair runs the
baseline and the command one after the other, in alternating order, and the ratio is taken within
the pair, so that a load the machine carries at that moment (other processes, a slower core) falls
on both; the figure reported is the median of the pairs' ratios. Wall times are printed beside them.

Before the pairs, each command runs once unmeasured: that run fills the cache of the parsed data
(`burdenshare/data/cache.py`; a temporary folder of the benchmark's own); the cost of a run with
an empty cache is printed separately. `--bytecode` lets Python keep the compiled modules (in a
temporary PYTHONPYCACHEPREFIX, for the baseline as well), as an installed package has them, where
the environment says PYTHONDONTWRITEBYTECODE.

Run: `make bench` or `.venv/bin/python benchmarks/bench_cli.py [--pairs 10] [--lang ko] [--bytecode]`.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASELINE = ("import pandas", [sys.executable, "-c", "import pandas"])
COMMANDS = [
    ["--help"],
    ["schedule", "sma-12"],
    ["history"],
    ["explain", "sma-12", "2027"],
]


def exe_default() -> list[str]:
    """The script installed beside this interpreter (as a user runs it), else the module."""
    beside = Path(sys.executable).parent / "burdenshare"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("burdenshare")
    return [found] if found else [sys.executable, "-c", "from burdenshare.cli import main; main()"]


def cost(argv: list[str], env: dict) -> tuple[float, float]:
    """CPU seconds (user + system) of one run of `argv` and its wall time; the run must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(argv, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({p.returncode}): {p.stderr.decode(errors='replace')[-500:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def pairs(cmd: list[str], n: int, env: dict) -> dict:
    """n pairs (baseline, command), the order alternating; per pair the CPU ratio."""
    ratios, cpu, base_cpu, wall, base_wall = [], [], [], [], []
    for i in range(n):
        if i % 2 == 0:
            b, bw = cost(BASELINE[1], env)
            c, cw = cost(cmd, env)
        else:
            c, cw = cost(cmd, env)
            b, bw = cost(BASELINE[1], env)
        ratios.append(c / b)
        cpu.append(c)
        base_cpu.append(b)
        wall.append(cw)
        base_wall.append(bw)
    med = statistics.median
    return {"ratio": med(ratios), "lo": min(ratios), "hi": max(ratios), "cpu": med(cpu), "base": med(base_cpu),
            "wall": med(wall), "base_wall": med(base_wall)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=10, help="pairs per command (default 10)")
    ap.add_argument("--exe", help="the burdenshare command to measure (default: the script beside this Python)")
    ap.add_argument("--lang", default="en", help="BURDENSHARE_LANG for the commands (default en)")
    ap.add_argument("--only", action="append", help="measure only commands starting with this word (repeatable)")
    ap.add_argument("--bytecode", action="store_true",
                    help="let Python keep compiled bytecode (in a temporary PYTHONPYCACHEPREFIX, for the baseline too), as an "
                         "installed package has it; by default the environment decides (PYTHONDONTWRITEBYTECODE)")
    args = ap.parse_args()

    exe = args.exe.split() if args.exe else exe_default()
    warm_cache = tempfile.TemporaryDirectory(prefix="bench-cli-cache-")  # the benchmark's own, not the user's
    env = {**os.environ, "BURDENSHARE_LANG": args.lang, "COLUMNS": "160", "BURDENSHARE_CACHE_DIR": warm_cache.name}
    pyc = tempfile.TemporaryDirectory(prefix="bench-cli-pyc-") if args.bytecode else None
    if pyc is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = pyc.name
        cost(BASELINE[1], env)  # compiles pandas' modules into the prefix once
    commands = [c for c in COMMANDS if not args.only or c[0] in args.only]
    print(f"cores: {os.cpu_count()}, load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}; "
          f"{args.pairs} pairs a command, interleaved; command: {' '.join(exe)}; language: {args.lang}; bytecode: "
          f"{'kept (temporary prefix)' if pyc else 'not written' if env.get('PYTHONDONTWRITEBYTECODE') else 'as Python does'}")
    print(f"baseline: {BASELINE[1][0]} -c {BASELINE[1][2]!r} (CPU = user + sys of the whole process)")

    with tempfile.TemporaryDirectory() as tmp:  # the cost with an empty cache: a cache folder of its own
        cold_env = {**env, "BURDENSHARE_CACHE_DIR": tmp}
        for cmd in commands:
            if cmd[0] == "--help":
                continue
            if pyc is not None:
                cost(exe + cmd, env)  # compiled once, so that the empty-cache run measures the data, not the compiler
            c, _w = cost(exe + cmd, cold_env)
            b, _bw = cost(BASELINE[1], env)
            print(f"  empty cache  burdenshare {' '.join(cmd):<22} CPU {c * 1000:6.0f} ms  (import pandas {b * 1000:4.0f} ms, "
                  f"{c / b:.2f}x once)")
            shutil.rmtree(tmp, ignore_errors=True)
            os.makedirs(tmp, exist_ok=True)

    print(f"{'command':<36} {'CPU ratio':>9} {'(min-max)':>12} {'CPU':>8} {'pandas':>8} {'wall':>8} {'pandas':>8}")
    for cmd in commands:
        cost(exe + cmd, env)  # warm: the page cache, and the parsed-data cache
        r = pairs(exe + cmd, args.pairs, env)
        print(f"burdenshare {' '.join(cmd):<24} {r['ratio']:8.2f}x {r['lo']:5.2f}-{r['hi']:<5.2f} "
              f"{r['cpu'] * 1000:6.0f}ms {r['base'] * 1000:6.0f}ms {r['wall'] * 1000:6.0f}ms {r['base_wall'] * 1000:6.0f}ms")
    if pyc is not None:
        pyc.cleanup()
    warm_cache.cleanup()


if __name__ == "__main__":
    main()
