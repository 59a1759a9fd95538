"""Benchmark: latency and throughput of the HTTP API under 32 concurrent clients on loopback.

Starts `burdenshare serve` (its own process, a throwaway SQLite file), then 32 client threads
(keep-alive connections) send a fixed number of requests each, and the run stops by itself.
Endpoints: POST /api/v1/schedule (sma-12) with a distinct CPI assumption in every request (so
nothing comes from the server's response cache) and with the default assumptions (cached after
the first), POST /api/v1/compare (sma-12 with two scenarios), and as the baseline
measured in the same run GET /api/v1/scenarios (a small listing).

Run: `.venv/bin/python benchmarks/bench_web.py [--clients 32] [--requests 20] [--workers 2]`.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(url: str, clients: int, per_client: int, make_request) -> tuple[list[float], float, int]:
    lat: list[float] = []
    errors = 0
    lock = threading.Lock()

    def worker(k: int) -> None:
        nonlocal errors
        with httpx.Client(base_url=url, timeout=60) as c:
            for i in range(per_client):
                t = time.perf_counter()
                r = make_request(c, k, i)
                dt = time.perf_counter() - t
                with lock:
                    lat.append(dt)
                    errors += r.status_code >= 400

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return lat, time.perf_counter() - t0, errors


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--requests", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    port = free_port()
    db = Path(tempfile.mkdtemp()) / "bench.db"
    exe = Path(sys.executable).parent / "burdenshare"
    proc = subprocess.Popen([str(exe), "serve", "--port", str(port), "--database-url", f"sqlite:///{db}",
                             "--workers", str(args.workers)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(url + "/api/v1/scenarios", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        for w in range(4):  # warm every worker
            httpx.post(url + "/api/v1/schedule", json={"agreement": "sma-12"}, timeout=60)
        cases = {
            "GET /api/v1/scenarios (baseline)": lambda c, k, i: c.get("/api/v1/scenarios"),
            "POST /api/v1/schedule (distinct)": lambda c, k, i: c.post("/api/v1/schedule", json={
                "agreement": "sma-12", "overrides": {"cpi": {"2026": round(1 + (k * 997 + i * 31) % 5000 / 1000, 3)}}}),
            "POST /api/v1/schedule (defaults)": lambda c, k, i: c.post("/api/v1/schedule", json={"agreement": "sma-12"}),
            "POST /api/v1/compare": lambda c, k, i: c.post("/api/v1/compare", json={
                "baseline": "sma-12", "scenarios": ["freeze-2025", "sma11-rule-to-2030"]}),
        }
        print(f"{args.clients} clients x {args.requests} requests, server workers: {args.workers}, cores: {os.cpu_count()}")
        base = None
        for name, fn in cases.items():
            lat, wall, errors = run(url, args.clients, args.requests, fn)
            p50, p95 = pct(lat, 0.5) * 1000, pct(lat, 0.95) * 1000
            rps = len(lat) / wall
            base = base or p50
            print(f"{name:34s} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  mean {statistics.mean(lat) * 1000:7.1f} ms  "
                  f"{rps:7.1f} req/s  errors {errors}  (p50 {p50 / base:4.1f}x the baseline)")
    finally:
        proc.terminate()
        proc.wait(timeout=20)


if __name__ == "__main__":
    main()
