"""Benchmark: the CPU time of one request through the whole web application, in process (no HTTP,
no client in the measurement), for the trivial endpoint and a schedule with new assumptions.

The application (`create_app` on a throwaway SQLite file, every middleware) is called as an ASGI
app by a minimal caller: each request is a scope, its body and a `send` that keeps the status. The
figure is the process's CPU time (`time.process_time`: every thread's, so the thread pool's work
counts) over N requests, repeated; on a machine shared with other work this is steadier than
wall-clock time under a load generator (see RESULTS.md). Requests: GET /api/v1/scenarios (the
trivial endpoint), POST /api/v1/schedule for sma-12 with a new CPI assumption each time (no cached
answer), and the same schedule again and again (the cached answer: the framework's part of a POST).

`--source NAME=PATH` measures other trees too (PATH: a `src` folder, e.g. `git archive REV src`
unpacked; extra folders joined with `:`), each in its own process, the trees taking turns round by
round. `--profile get|schedule` prints the stdlib profiler's table for one kind (the thread pool's
hand-off is replaced by a direct call, so the route's work shows).

Run: `PYTHONPATH=src .venv/bin/python benchmarks/bench_asgi.py [--requests 300] [--rounds 3]
[--source before=/tmp/base/src] [--profile schedule]`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

KINDS = ("get", "schedule", "repeat")
LABELS = {"get": "GET /api/v1/scenarios", "schedule": "POST /api/v1/schedule (new CPI)",
          "repeat": "POST /api/v1/schedule (cached)"}


async def _call(app: Any, method: str, path: str, body: bytes = b"") -> None:
    headers = [(b"host", b"127.0.0.1:8000"), (b"user-agent", b"bench")]
    if body:
        headers += [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "", "headers": headers,
             "client": ("127.0.0.1", 5555), "server": ("127.0.0.1", 8000)}
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    status: list[int] = []

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])

    await app(scope, receive, send)
    if status != [200]:
        raise SystemExit(f"{method} {path}: {status}")


async def _measure(n: int, reps: int, profile: str | None) -> dict[str, list[float]]:
    from burdenshare.web.app import create_app

    app = create_app(f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}", jobs=False)
    count = [0]

    async def get() -> None:
        await _call(app, "GET", "/api/v1/scenarios")

    async def schedule() -> None:
        count[0] += 1
        body = {"agreement": "sma-12", "overrides": {"cpi": {"2026": 1 + count[0] / 1e6}}}
        await _call(app, "POST", "/api/v1/schedule", json.dumps(body).encode())

    async def repeat() -> None:
        await _call(app, "POST", "/api/v1/schedule", b'{"agreement":"sma-12","overrides":{"cpi":{"2026":1.5}}}')

    kinds: dict[str, Callable[[], Awaitable[None]]] = {"get": get, "schedule": schedule, "repeat": repeat}
    out: dict[str, list[float]] = {k: [] for k in KINDS}
    async with app.router.lifespan_context(app):
        for f in kinds.values():
            for _ in range(30):
                await f()
        for _ in range(reps):
            for k, f in kinds.items():
                t = time.process_time()
                for _ in range(n):
                    await f()
                out[k].append((time.process_time() - t) / n * 1000)
        if profile:
            await _profile(kinds[profile], n)
    return out


async def _profile(f: Callable[[], Awaitable[None]], n: int) -> None:
    import cProfile
    import pstats

    import fastapi.dependencies.utils as fdu
    import fastapi.routing as fr

    async def inline(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    # the route's work on this thread, where the profiler sees it
    for module in (fr, fdu):
        setattr(module, "run_in_threadpool", inline)  # noqa: B010 - a measuring hook, not the app's code
    pr = cProfile.Profile()
    pr.enable()
    for _ in range(n):
        await f()
    pr.disable()
    pstats.Stats(pr).sort_stats("cumulative").print_stats(50)


def child(args: argparse.Namespace) -> None:
    out = asyncio.run(_measure(args.requests, args.reps, None))
    print(json.dumps(out))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=300, help="requests per measure")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--reps", type=int, default=2, help="measures per kind in each process")
    ap.add_argument("--source", action="append", default=[], metavar="NAME=PATH", help="another tree to measure, in turn")
    ap.add_argument("--profile", choices=KINDS, help="print the profiler's table for one kind (this tree only)")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(args)
    if args.profile:
        asyncio.run(_profile_main(args))
        return
    here = str(Path(__file__).resolve().parents[1] / "src")
    trees = [tuple(s.split("=", 1)) for s in args.source] + [("this tree", here)]
    print(f"in process, {args.requests} requests a measure, {args.reps} measures a round, {args.rounds} rounds; "
          f"cores: {os.cpu_count()}, load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    seen: dict[str, dict[str, list[float]]] = {name: {k: [] for k in KINDS} for name, _ in trees}
    for r in range(1, args.rounds + 1):
        for name, path in trees:
            env = {**os.environ, "PYTHONPATH": os.pathsep.join([path, os.environ.get("PYTHONPATH", "")])}
            res = subprocess.run([sys.executable, __file__, "--child", "--requests", str(args.requests), "--reps", str(args.reps)],
                                 env=env, check=True, capture_output=True, text=True)
            got = json.loads(res.stdout.strip().splitlines()[-1])
            for k in KINDS:
                seen[name][k] += got[k]
            print(f"round {r} {name:12s} " + "  ".join(f"{k} {min(got[k]):.3f} ms" for k in KINDS), flush=True)
    print(f"CPU time a request (ms), median of {args.rounds * args.reps} measures (min-max); load average after: "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for name, _ in trees:
        s = seen[name]
        cells = [f"{LABELS[k]} {statistics.median(s[k]):.3f} ({min(s[k]):.3f}-{max(s[k]):.3f})" for k in KINDS]
        ratio = statistics.median(s["schedule"]) / statistics.median(s["get"])
        print(f"  {name:12s} " + "; ".join(cells) + f"; schedule / trivial {ratio:.2f}x")


async def _profile_main(args: argparse.Namespace) -> None:
    await _measure(args.requests, 1, args.profile)


if __name__ == "__main__":
    main()
