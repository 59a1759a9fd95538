"""Benchmark: the History page in Chromium, and the HTTP API under 32 concurrent clients on loopback.

Starts `burdenshare serve` (its own process, a throwaway SQLite file).

Page: Debian's Chromium (Playwright, `/usr/bin/chromium`) opens the History page with an empty
cache (cold), then again in the same browser (warm: a new visit, and a reload). Reported: bytes
transferred (the encoded sizes the browser's network layer counts, headers included), requests, time
to first contentful paint and to the load event. Targets (issue 12): cold at most 1.6 MB, warm at
most 100 KB, first contentful paint under 300 ms.

API: 32 client threads
(keep-alive connections) send a fixed number of requests each, and the run stops by itself.
Endpoints: POST /api/v1/schedule (sma-12) with a distinct CPI assumption in every request (so
nothing comes from the server's response cache) and with the default assumptions (cached after
the first), POST /api/v1/compare (sma-12 with two scenarios), and as the baseline
measured in the same run GET /api/v1/scenarios (a small listing).

In process: the work behind a schedule request with new assumptions (the operation and its JSON
rows), without HTTP, against a bundled listing's in the same run.

Run: `.venv/bin/python benchmarks/bench_web.py [--clients 32] [--requests 20] [--workers 2]
[--no-page] [--in-process-only]`.
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


CHROMIUM = "/usr/bin/chromium"


def page_metrics(url: str, runs: int = 5) -> None:
    """The History page, cold and warm, in Chromium; medians of `runs` fresh browser contexts. Bytes are
    the Resource Timing API's transferSize (encoded body and headers; 0 for a file from the cache)."""
    if not Path(CHROMIUM).exists():
        print("History page: skipped (Debian's chromium is not installed: apt-get install chromium)")
        return
    from playwright.sync_api import sync_playwright

    def visit(page, how: str) -> dict:
        if how == "reload":
            page.reload(wait_until="networkidle")
        else:
            page.goto(url + "/?lang=en", wait_until="networkidle")
        page.wait_for_selector("#chart .main-svg")  # the chart is drawn
        return page.evaluate("""() => {
            const nav = performance.getEntriesByType('navigation')[0];
            const res = performance.getEntriesByType('resource');
            const fcp = performance.getEntriesByName('first-contentful-paint')[0];
            return {bytes: nav.transferSize + res.reduce((a, r) => a + r.transferSize, 0), requests: 1 + res.length,
                    from_cache: res.filter(r => r.transferSize === 0).length,
                    fcp: fcp ? fcp.startTime : null, load: nav.loadEventEnd - nav.startTime};
        }""")

    results: dict[str, list[dict]] = {"cold": [], "warm (new visit)": [], "warm (reload)": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for _ in range(runs):
            ctx = browser.new_context(viewport={"width": 1280, "height": 900})
            page = ctx.new_page()
            for how in results:
                results[how].append(visit(page, "reload" if how == "warm (reload)" else "goto"))
            ctx.close()
        browser.close()
    print(f"History page ({runs} runs, medians; Chromium {CHROMIUM}):")
    for how, rs in results.items():
        med = lambda k: statistics.median(r[k] for r in rs)  # noqa: E731
        print(f"  {how:17s} {med('bytes') / 1e3:8.1f} KB transferred, {med('requests'):.0f} requests ({med('from_cache'):.0f} from cache), "
              f"first contentful paint {med('fcp'):6.0f} ms, load {med('load'):6.0f} ms")


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def in_process(n: int = 300) -> None:
    """The work behind one schedule request, without HTTP: the operation with a new CPI assumption
    each time, then its JSON rows, against the same for a bundled listing (the trivial endpoint's
    work) measured in the same run."""
    from burdenshare.ops import figures

    def per_call(fn) -> float:
        for i in range(20):
            fn(i)
        t = time.perf_counter()
        for i in range(n):
            fn(i + 1000)
        return (time.perf_counter() - t) / n * 1000

    listing = per_call(lambda i: figures.scenarios(figures.ListRequest()).to_dict())
    sched = per_call(lambda i: figures.schedule(figures.ScheduleRequest(
        agreement="sma-12", overrides={"cpi": {2026: round(1 + i / 10000, 4)}})).to_dict())
    print(f"In process ({n} calls each): schedule with new assumptions to JSON rows {sched:6.2f} ms, "
          f"scenario listing {listing:6.2f} ms ({sched / listing:4.1f}x)")


def page_weight() -> None:
    from burdenshare.web.assets import asset

    a = asset("plotly.min.js")
    if a is not None:
        print(f"Chart library: {len(a.body) / 1e6:.2f} MB of script, {len(a.gz) / 1e6:.2f} MB compressed")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--requests", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-page", action="store_true", help="skip the History page in Chromium")
    ap.add_argument("--in-process-only", action="store_true", help="only the work behind a request, without HTTP")
    args = ap.parse_args()
    in_process()
    if args.in_process_only:
        return
    page_weight()
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
        if not args.no_page:
            page_metrics(url)
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
