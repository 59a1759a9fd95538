"""Benchmark: the History page in Chromium, and the HTTP API under 32 concurrent clients on loopback.

Starts `burdenshare serve` (its own process, a throwaway SQLite file).

Page: Debian's Chromium (Playwright, `/usr/bin/chromium`) opens the History page with an empty
cache (cold), then again in the same browser (warm: a new visit, and a reload). Reported: bytes
transferred (the encoded sizes the browser's network layer counts, headers included), requests, time
to first contentful paint and to the load event. Targets (issue 12): cold at most 1.6 MB, warm at
most 100 KB, first contentful paint under 300 ms.

API: `wrk` (Debian's package, a load generator in C; `make bench` installs it when missing), 1
thread, 32 keep-alive connections, 6 s per endpoint, against `burdenshare serve --workers 2` on
127.0.0.1 with a throwaway SQLite file. Endpoints: GET /api/v1/scenarios (a small cached listing:
the trivial endpoint, the framework's floor) and POST /api/v1/schedule (sma-12) where a Lua script
gives every request a distinct CPI assumption, so that no answer comes from the server's cache.
Reported per endpoint: p50 and p99 latency, requests/s, errors, the client's CPU (wrk's user+system
time over the wall time, in cores) and the server's (its process tree's, in cores, and its CPU
time per request; and each busy process's share, as 0.95+0.93 cores); then the schedule's p50 and throughput against the trivial endpoint's, measured
in the same run (targets, issue 21: p50 at most 1.5x, throughput at least 0.67x), and its server CPU
time per request against the trivial endpoint's: the measure that holds when other programs load
the machine (the kernel shares a busy machine by thread, so a server whose work runs on its event
loop gets a smaller share of a loaded machine than one whose work runs in a thread pool). `--baseline REV` also starts a server on
the tree of git revision REV (exported to a temporary directory) and measures both, round by round,
one server loaded at a time; `--baseline-hide MODULE` keeps a module from the baseline's server (one
that revision did not install, e.g. httptools and uvloop before issue 21's round 5, so that it runs as
it was installed). A check that the client is not the bottleneck: the old Python client
(32 threads with httpx, keep-alive) against the trivial endpoint, whose rate is what a Python client
alone reaches; wrk's rate on the same endpoint must be well above it (at least 2x).

In process: the work behind a schedule request with new assumptions (the operation and its JSON
rows), without HTTP, against a bundled listing's in the same run.

Run: `.venv/bin/python benchmarks/bench_web.py [--baseline REV [--baseline-hide MODULE]] [--rounds 2] [--duration 6]
[--connections 32] [--workers 2] [--no-page] [--no-python-client] [--in-process-only]`.
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
        med = lambda k, rs=rs: statistics.median(r[k] for r in rs)  # noqa: E731
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


ROOT = Path(__file__).resolve().parents[1]
WRK = "wrk"

# One script for both endpoints: args = mode (get|schedule) and an offset, so that every schedule
# request of a run, and of every run against the same server, carries a CPI value never sent before.
LUA = r"""
local mode, n, offset = "get", 0, 0
local headers = {["Content-Type"] = "application/json"}
init = function(args)
  mode = args[1] or "get"
  offset = tonumber(args[2]) or 0
end
request = function()
  if mode == "get" then
    return wrk.format("GET", "/api/v1/scenarios")
  end
  n = n + 1
  local body = string.format('{"agreement":"sma-12","overrides":{"cpi":{"2026":%.6f}}}', 1 + (offset + n) / 1e6)
  return wrk.format("POST", "/api/v1/schedule", headers, body)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout + e.status, latency:percentile(50), latency:percentile(99)))
end
"""


def process_cpu(pid: int) -> dict[int, float]:
    """CPU seconds (user + system) of a process and of each of its descendants still running."""
    tick = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = {}
    stats: dict[int, float] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                rest = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(rest[1]), []).append(int(d))
        stats[int(d)] = (int(rest[11]) + int(rest[12])) / tick
    out: dict[int, float] = {}
    todo = [pid]
    while todo:
        p = todo.pop()
        out[p] = stats.get(p, 0.0)
        todo += children.get(p, [])
    return out


def wrk(url: str, mode: str, offset: int, args, server_pid: int) -> dict:
    """One wrk run; its own CPU time from wait4 (the child's rusage), the server's from /proc."""
    script = Path(tempfile.gettempdir()) / f"bench_web_{os.getpid()}.lua"
    script.write_text(LUA)
    cmd = [WRK, "-t1", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "10s", "-s", str(script), url, "--", mode, str(offset)]
    server0 = process_cpu(server_pid)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    server1 = process_cpu(server_pid)
    # each process's share: the worker processes should share the load (one idle worker halves the
    # server; see RESULTS.md, issue 21: keep-alive connections accepted all by one process)
    each = sorted((server1[p] - server0.get(p, 0.0) for p in server1), reverse=True)
    server = sum(each)
    line = next((ln for ln in out.splitlines() if ln.startswith("RESULT ")), None)
    if status != 0 or line is None:
        raise SystemExit(f"wrk failed ({' '.join(cmd)}):\n{out}")
    n, duration_us, errors, p50_us, p99_us = (int(x) for x in line.split()[1:])
    return {"requests": n, "rps": n / (duration_us / 1e6), "errors": errors, "p50": p50_us / 1000, "p99": p99_us / 1000,
            "client_cpu": (usage.ru_utime + usage.ru_stime) / wall, "server_cpu": server / wall,
            "cpu_ms": server / max(n, 1) * 1000, "processes": [x / wall for x in each if x / wall >= 0.05]}


def hiding(modules: list[str]) -> list[str]:
    """A folder on the path that makes `modules` unimportable (a tree measured as it was installed,
    before it declared them: uvicorn then falls back to its pure-Python parser and asyncio's loop)."""
    if not modules:
        return []
    folder = Path(tempfile.mkdtemp())
    for m in modules:
        (folder / f"{m}.py").write_text(f"raise ImportError('{m} hidden by bench_web.py --baseline-hide')\n")
    return [str(folder)]


def start_server(src: Path, workers: int, hide: list[str] | None = None) -> tuple[subprocess.Popen, str]:
    """`burdenshare serve` on 127.0.0.1 with the package from `src` first on the path (a throwaway SQLite file)."""
    port = free_port()
    db = Path(tempfile.mkdtemp()) / "bench.db"
    # the tree first; then the caller's path (a folder with a dependency the environment lacks, say)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([*hiding(hide or []), str(src), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-c", "from burdenshare.cli import main; main()", "serve", "--host", "127.0.0.1",
                             "--port", str(port), "--database-url", f"sqlite:///{db}", "--workers", str(workers)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(url + "/api/v1/scenarios", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"the server from {src} did not start")
        time.sleep(0.1)
    # warm every worker (a new connection each time, so that both processes answer some)
    for i in range(8 * workers):
        httpx.post(url + "/api/v1/schedule", json={"agreement": "sma-12", "overrides": {"cpi": {"2026": 9 + i / 100}}}, timeout=60)
        httpx.get(url + "/api/v1/scenarios", timeout=60)
    time.sleep(3)  # (a server prepares its home page in a thread as it starts: about a second of CPU, not measured)
    return proc, url


def export_tree(rev: str) -> Path:
    """The `src` directory of git revision `rev`, exported to a temporary directory."""
    out = Path(tempfile.mkdtemp(prefix="bench_web_"))
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(out)], input=archive, check=True)
    return out / "src"


def python_client(url: str, clients: int, per_client: int = 40) -> float:
    """Requests/s of the old Python client (threads with httpx, keep-alive) on the trivial endpoint."""
    lat, wall, _errors = run(url, clients, per_client, lambda c, k, i: c.get("/api/v1/scenarios"))
    return len(lat) / wall


def api(args) -> None:
    if subprocess.run(["sh", "-c", f"command -v {WRK}"], check=False, capture_output=True).returncode != 0:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk; `make bench` installs it)")
    servers: list[tuple[str, subprocess.Popen, str]] = []
    try:
        if args.baseline:
            rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", args.baseline], check=True, capture_output=True,
                                 text=True).stdout.strip()
            name = f"baseline {rev}" + (f" (without {', '.join(args.baseline_hide)})" if args.baseline_hide else "")
            servers.append((name, *start_server(export_tree(args.baseline), args.workers, args.baseline_hide)))
        servers.append(("this tree", *start_server(ROOT / "src", args.workers)))
        if not args.no_python_client:
            url = servers[-1][2]
            py = python_client(url, args.connections)
        print(f"wrk -t1 -c{args.connections} -d{args.duration}s, server: burdenshare serve --workers {args.workers} on 127.0.0.1, "
              f"cores: {os.cpu_count()}, load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        print("  (client and server CPU in cores: CPU time over wall time)")
        offset = 0
        summary: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in servers}
        for r in range(1, args.rounds + 1):
            for name, proc, url in servers:
                res = {}
                for mode, label in (("get", "GET /api/v1/scenarios"), ("schedule", "POST /api/v1/schedule (new CPI)")):
                    offset += 10_000_000
                    res[mode] = x = wrk(url, mode, offset, args, proc.pid)
                    print(f"round {r} {name:15s} {label:32s} p50 {x['p50']:6.1f} ms  p99 {x['p99']:6.1f} ms  {x['rps']:7.0f} req/s  "
                          f"errors {x['errors']}  client CPU {x['client_cpu']:.2f}  server CPU {x['server_cpu']:.2f} "
                          f"({'+'.join(f'{c:.2f}' for c in x['processes'])}; {x['cpu_ms']:.2f} ms a request)")
                g, s = res["get"], res["schedule"]
                lat, thr, cpu = s["p50"] / g["p50"], s["rps"] / g["rps"], s["cpu_ms"] / g["cpu_ms"]
                summary[name].append((lat, thr, cpu))
                print(f"round {r} {name:15s} schedule / trivial: p50 {lat:4.2f}x (target <= 1.5x), "
                      f"throughput {thr:4.2f}x (target >= 0.67x): {'met' if lat <= 1.5 and thr >= 0.67 else 'MISSED'}; "
                      f"server CPU a request {cpu:4.2f}x")
                if not args.no_python_client and name == "this tree" and r == 1:
                    ok = g["rps"] >= 2 * py
                    print(f"        client check: wrk {g['rps']:.0f} req/s on the trivial endpoint against {py:.0f} req/s from the "
                          f"Python client ({args.connections} threads, httpx): {g['rps'] / py:.1f}x ({'ok: well above' if ok else 'NOT well above'})")
        for name, xs in summary.items():
            print(f"{name:15s} over {len(xs)} rounds: schedule p50 {min(x[0] for x in xs):.2f}-{max(x[0] for x in xs):.2f}x the trivial "
                  f"endpoint's, throughput {min(x[1] for x in xs):.2f}-{max(x[1] for x in xs):.2f}x, "
                  f"server CPU a request {min(x[2] for x in xs):.2f}-{max(x[2] for x in xs):.2f}x")
    finally:
        for _, proc, _ in servers:
            proc.terminate()
            proc.wait(timeout=30)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--connections", "--clients", type=int, default=32)
    ap.add_argument("--duration", type=int, default=6, help="seconds per endpoint")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--baseline", metavar="REV", help="also measure a server on this git revision's tree, in the same run")
    ap.add_argument("--baseline-hide", action="append", default=[], metavar="MODULE",
                    help="a module the baseline's server may not import (one its revision did not install; repeat)")
    ap.add_argument("--no-page", action="store_true", help="skip the History page in Chromium")
    ap.add_argument("--no-python-client", action="store_true", help="skip the check against the Python client")
    ap.add_argument("--in-process-only", action="store_true", help="only the work behind a request, without HTTP")
    args = ap.parse_args()
    in_process()
    if args.in_process_only:
        return
    page_weight()
    if not args.no_page:
        proc, url = start_server(ROOT / "src", args.workers)
        try:
            page_metrics(url)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    api(args)


if __name__ == "__main__":
    main()
