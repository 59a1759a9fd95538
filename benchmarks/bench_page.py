"""Benchmark: the History page (or another, `--page`) in Chromium with each chart bundle, cold and warm, in one run.

Starts one `burdenshare serve` per bundle (its own process and throwaway SQLite file; the bundle chosen
with BURDENSHARE_CHART_BUNDLE): `full` is the whole plotly.js of the Python plotly package (the
fallback where npm is missing), `partial` Plotly's partial bundle that `make install` installs with
npm (skipped, with a note, where it is not installed). `--bundle NAME=FILE` adds another script file
to compare (served in place of the chart library by a server this script starts itself), and
`--source NAME=DIR` a server run from another checkout's `src` directory (e.g. the commit before a
change, exported with `git archive`), so that before and after are measured in one run.

Debian's Chromium (Playwright, /usr/bin/chromium, as the browser tests launch it) opens the History
page in a fresh browser context (cold: empty cache), then again in the same context (warm: a second
visit). The bundles take turns run after run, so that the machine's load falls on each alike.
Reported, as medians over the runs:
- bytes transferred: the encoded bytes of every response, headers included, as Chromium's network
  layer counts them (the DevTools protocol's Network.loadingFinished encodedDataLength; the
  Resource Timing API's transferSize sum is printed beside it as a check);
- first byte: from the start of navigation to the first byte of the page (Navigation Timing's
  responseStart), and beside it "(server)", the part of it between the request sent and the answer's
  first byte (responseStart - requestStart): what the server's work adds;
- DOM ready: the page parsed and its deferred scripts run (domContentLoadedEventStart);
- first contentful paint (the Paint Timing API);
- charts drawn: from the start of navigation to the moment the page's code has drawn its charts
  (the page sets data-drawn on <body>; a MutationObserver set before the page loads notes the time);
- the CPU time Chromium spends until then (all its processes: the DevTools protocol's
  SystemInfo.getProcessInfo, before and after the visit): what the page costs, which other
  processes on a busy machine lengthen far less than they lengthen the times above (the load
  average is printed before and after; on a 2-core machine shared with other work, the times
  are only comparable within one run).

The `floor` row is Chromium's own floor, measured in the same run: a tiny static page (FLOOR_HTML: a
heading, a line, a small SVG; nothing to fetch) answered by uvicorn on loopback. What a page's first
paint takes beyond it is the page's (its server's answer, its bytes, its layout and paint).

Targets (issue 21): cold at most 600 KB, warm at most 100 KB, first contentful paint under 300 ms,
charts drawn under 800 ms. No test asserts these; this script reports them.

`--alone NAME=FILE` (repeatable) measures chart libraries by themselves instead: on a blank page, the
time to load and run the script, then to draw the History chart's 36 bars (Plotly, or uPlot for a
lighter library), each in a fresh context, medians.

Since the History page's charts are drawn by the server as SVG (present/barchart.py), that page loads
no chart library: its bundles' rows are alike, and `--page '/calculator?agreement=sma-12'` measures a
page that draws with the library.

Run: `.venv/bin/python benchmarks/bench_page.py [--runs 7] [--page PATH] [--bundle basic=/path/plotly-basic.min.js]`
or `... --alone cartesian=/path/plotly-cartesian.min.js --alone uplot=/path/uPlot.iife.min.js`.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from playwright.sync_api import CDPSession, Page

Visit = dict[str, Any]  # one visit's figures (bytes, times, counts), as visit() measured them

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
TARGETS = {"cold": (600e3, 300, 800), "warm": (100e3, 300, 800)}  # bytes, first paint ms, charts drawn ms

# set before any script of the page runs: the time (ms since navigation start) at which <body> gets data-drawn
WATCH_DRAWN = """
new MutationObserver((_, obs) => {
  if (document.body && document.body.dataset.drawn && window.__drawnAt === undefined) {
    window.__drawnAt = performance.now();
    obs.disconnect();
  }
}).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-drawn"] });
"""

# A server whose chart library is the given file (for --bundle): the app of `burdenshare serve`, with
# the chart bundle looked up there replaced before the first request.
SERVE_FILE = """
import sys
from pathlib import Path
import uvicorn
from burdenshare.web import assets
assets.chart_bundle = lambda: Path(sys.argv[1])
from burdenshare.web.app import create_app
uvicorn.run(create_app(sys.argv[2]), host="127.0.0.1", port=int(sys.argv[3]), log_level="warning")
"""

# Chromium's floor (the `floor` row): a tiny static page (a heading, a line, one small SVG chart, the
# page's CSP), answered by uvicorn as the real server is, with nothing for the page to fetch. Its first
# paint is what the browser itself costs for a navigation in this run; the rest is the page's.
FLOOR_HTML = (b'<!doctype html><html lang="en"><head><meta charset="utf-8">'
              b'<meta name="viewport" content="width=device-width, initial-scale=1"><title>floor</title></head>'
              b'<body data-drawn="1"><h1>History</h1><p>A tiny static page: the browser&#39;s own cost.</p>'
              b'<div id="chart"><svg class="bars" width="60" height="20"><rect width="60" height="20" fill="#1f4e79"/></svg></div>'
              b'</body></html>')
SERVE_FLOOR = """
import sys
import uvicorn
BODY = sys.argv[1].encode("latin-1")
HEADERS = [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(BODY)).encode()),
           (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'")]
async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start(bundle: str, file: str | None, tmp: Path, source: str | None = None) -> tuple[str, subprocess.Popen[bytes]]:
    port = free_port()
    db = f"sqlite:///{tmp / (bundle + '.db')}"
    env = {**os.environ, "BURDENSHARE_CHART_BUNDLE": bundle}
    if source is not None:
        env["PYTHONPATH"] = source
        env.pop("BURDENSHARE_CHART_BUNDLE")
    if bundle == "floor":
        cmd = [sys.executable, "-c", SERVE_FLOOR, FLOOR_HTML.decode("latin-1"), str(port)]
    elif file is None:
        exe = Path(sys.executable).parent / "burdenshare"
        cmd = [str(exe), "serve", "--port", str(port), "--database-url", db]
    else:
        cmd = [sys.executable, "-c", SERVE_FILE, file, db, str(port)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(url + ("/" if bundle == "floor" else "/api/v1/scenarios"), timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise RuntimeError(f"the server for {bundle} stopped (exit {proc.returncode})")
        time.sleep(0.1)
    if bundle == "floor":
        return url, proc
    # the server's own first-request work (templates, the history's figures) is not the page's weight
    httpx.get(url + "/?lang=en", timeout=60)
    httpx.get(url + "/api/v1/history?lang=en", timeout=60)
    return url, proc


def chart_library(url: str) -> tuple[int, int]:
    """The chart library the server's pages name: its size as script and as sent gzip-compressed."""
    import re

    page = httpx.get(url + "/?lang=en", timeout=30).text
    found = re.search(r'data-chart-lib="([^"]+)"', page)
    if found is None:
        raise RuntimeError(f"{url}: the page names no chart library")
    src = found.group(1)
    plain = httpx.get(url + src, headers={"accept-encoding": "identity"}, timeout=30)
    gz = httpx.get(url + src, headers={"accept-encoding": "gzip"}, timeout=30)
    return len(plain.content), int(gz.headers.get("content-length") or len(gz.content))


def cpu_times(browser_cdp: CDPSession) -> dict[int, float]:
    return {p["id"]: p["cpuTime"] for p in browser_cdp.send("SystemInfo.getProcessInfo")["processInfo"]}


def visit(page: Page, cdp: CDPSession, browser_cdp: CDPSession, url: str, path: str = "/") -> Visit:
    got: dict[str, float] = {}
    cdp.on("Network.loadingFinished", lambda e: got.__setitem__(e["requestId"], e["encodedDataLength"]))
    before = cpu_times(browser_cdp)
    page.goto(url + path + ("&" if "?" in path else "?") + "lang=en", wait_until="load")
    page.wait_for_selector("body[data-drawn]", state="attached", timeout=60_000)  # (the page's CSP forbids wait_for_function)
    # the chart itself is on the page: Plotly's, or the SVG the server drew (the History page)
    page.wait_for_selector("#chart .main-svg, #chart svg.bars", timeout=10_000)
    after = cpu_times(browser_cdp)
    page.wait_for_load_state("networkidle")
    m: Visit = page.evaluate("""() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const res = performance.getEntriesByType('resource');
        const fcp = performance.getEntriesByName('first-contentful-paint')[0];
        return {timing_bytes: nav.transferSize + res.reduce((a, r) => a + r.transferSize, 0), requests: 1 + res.length,
                from_cache: res.filter(r => r.transferSize === 0).length, ttfb: nav.responseStart,
                server: nav.responseStart - nav.requestStart, dcl: nav.domContentLoadedEventStart,
                fcp: fcp ? fcp.startTime : null, drawn: window.__drawnAt};
    }""")
    m["bytes"] = sum(got.values())
    m["cpu"] = sum(t - before.get(pid, 0.0) for pid, t in after.items()) * 1000
    return m


def measure(urls: dict[str, str], runs: int, path: str = "/") -> dict[str, dict[str, list[Visit]]]:
    from playwright.sync_api import sync_playwright

    out: dict[str, dict[str, list[Visit]]] = {b: {"cold": [], "warm": []} for b in urls}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        browser_cdp = browser.new_browser_cdp_session()
        for _ in range(runs):
            for bundle, url in urls.items():
                ctx = browser.new_context(viewport={"width": 1280, "height": 900})
                ctx.add_init_script(WATCH_DRAWN)
                for how in ("cold", "warm"):
                    page = ctx.new_page()
                    cdp = ctx.new_cdp_session(page)
                    cdp.send("Network.enable")
                    out[bundle][how].append(visit(page, cdp, browser_cdp, url, path))
                    cdp.detach()
                    page.close()
                ctx.close()
        browser.close()
    return out


ALONE = """async (src) => {
  const t0 = performance.now();
  await new Promise((ok, fail) => { const s = document.createElement("script"); s.src = src; s.onload = ok; s.onerror = fail; document.head.appendChild(s); });
  const t1 = performance.now();
  const x = [...Array(36).keys()].map(i => 1991 + i), y = x.map(v => (v * 37) % 101 + 50);
  const el = document.getElementById("c");
  if (window.Plotly) await Plotly.react(el, [{ type: "bar", x, y }], { margin: { t: 30 } });
  else new uPlot({ width: 900, height: 320, series: [{}, { paths: uPlot.paths.bars(), fill: "#1f4e79" }] }, [x, y], el);
  await new Promise(ok => requestAnimationFrame(() => setTimeout(ok, 0)));
  return { run: t1 - t0, draw: performance.now() - t1 };
}"""


def alone(files: dict[str, str], runs: int) -> None:
    """Each chart library by itself on a blank page (served from its own directory on loopback)."""
    import gzip
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    blank = b"<!doctype html><html><body><div id=c style='width:900px;height:320px'></div></body></html>"
    paths = {name: Path(f).resolve() for name, f in files.items()}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            name = self.path.strip("/")
            body = paths[name].read_bytes() if name in paths else blank
            self.send_response(200)
            self.send_header("content-type", "text/javascript" if name in paths else "text/html")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *a: Any) -> None:
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{srv.server_address[1]}"
    got: dict[str, list[Visit]] = {name: [] for name in paths}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for _ in range(runs):
                for name in paths:
                    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
                    page = ctx.new_page()
                    page.goto(url + "/blank")
                    got[name].append(page.evaluate(ALONE, f"/{name}"))
                    ctx.close()
            browser.close()
    finally:
        srv.shutdown()
    print(f"Chart libraries alone, Chromium {CHROMIUM}; {runs} runs each, medians; cores: {os.cpu_count()}; "
          f"load average {os.getloadavg()[0]:.1f}")
    for name, rs in got.items():
        body = paths[name].read_bytes()
        print(f"  {name:10s} {len(body) / 1e3:8.1f} KB of script, {len(gzip.compress(body, 9)) / 1e3:7.1f} KB gzip-compressed; "
              f"load and run {statistics.median(r['run'] for r in rs):6.0f} ms, draw 36 bars {statistics.median(r['draw'] for r in rs):5.0f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=7, help="visits of each kind per bundle (medians are reported)")
    ap.add_argument("--bundle", action="append", default=[], metavar="NAME=FILE",
                    help="another chart library file to compare (e.g. a different partial bundle)")
    ap.add_argument("--source", action="append", default=[], metavar="NAME=DIR",
                    help="also a server run from another checkout's src directory (before a change)")
    ap.add_argument("--alone", action="append", default=[], metavar="NAME=FILE",
                    help="measure chart library files by themselves on a blank page instead of the History page")
    ap.add_argument("--page", default="/", metavar="PATH",
                    help="the page to visit (default the History page, /; e.g. '/calculator?agreement=sma-12')")
    args = ap.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit("Debian's chromium is not installed (apt-get install chromium)")
    if args.alone:
        alone(dict(spec.partition("=")[::2] for spec in args.alone), args.runs)
        return
    from burdenshare.web.assets import PARTIAL_BUNDLE

    sources = dict(spec.partition("=")[::2] for spec in args.source)
    bundles: dict[str, str | None] = {name: None for name in sources}
    bundles["full"] = None
    if PARTIAL_BUNDLE.is_file():
        bundles["partial"] = None
    else:
        print(f"partial bundle: not installed ({PARTIAL_BUNDLE} is missing: run `make install` where npm is)")
    for spec in args.bundle:
        name, _, file = spec.partition("=")
        bundles[name] = str(Path(file).resolve())
    bundles["floor"] = None  # Chromium's floor: a tiny static page (FLOOR_HTML), in the same run
    tmp = Path(tempfile.mkdtemp(prefix="bench-page-"))
    servers: dict[str, subprocess.Popen[bytes]] = {}
    urls: dict[str, str] = {}
    try:
        for bundle, file in bundles.items():
            urls[bundle], servers[bundle] = start(bundle, file, tmp, sources.get(bundle))
        print(f"page {args.page}, Chromium {CHROMIUM}; {args.runs} runs each, medians; cores: {os.cpu_count()}; "
              f"load average {os.getloadavg()[0]:.1f}")
        for bundle, url in urls.items():
            if bundle == "floor":
                continue
            raw, gz = chart_library(url)
            print(f"  {bundle:8s} chart library {raw / 1e3:8.1f} KB of script, {gz / 1e3:7.1f} KB sent gzip-compressed")
        res = measure(urls, args.runs, args.page)
    finally:
        for proc in servers.values():
            proc.terminate()
        for proc in servers.values():
            proc.wait(timeout=20)
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    print(f"  {'bundle':8s} {'visit':5s} {'transferred':>12s} {'(timing API)':>13s} {'requests':>14s} {'first byte':>11s} {'(server)':>9s} "
          f"{'DOM ready':>10s} {'first paint':>12s} {'charts drawn':>13s} {'Chromium CPU':>13s}  targets met (bytes, paint, charts)")
    for bundle, kinds in res.items():
        for how, rs in kinds.items():
            def med(k: str, rs: list[Visit] = rs) -> float:
                return float(statistics.median(r[k] for r in rs))

            nbytes, fcp, drawn = med("bytes"), med("fcp"), med("drawn")
            limit = TARGETS[how]
            met = ", ".join("yes" if v < t or (i == 0 and v <= t) else "no" for i, (v, t) in enumerate(zip((nbytes, fcp, drawn), limit, strict=True)))
            print(f"  {bundle:8s} {how:5s} {nbytes / 1e3:9.1f} KB {med('timing_bytes') / 1e3:10.1f} KB {med('requests'):5.0f} "
                  f"({med('from_cache'):.0f} cached) {med('ttfb'):6.0f} ms {med('server'):6.0f} ms {med('dcl'):7.0f} ms {fcp:9.0f} ms {drawn:9.0f} ms {med('cpu'):9.0f} ms  {met}"
                  f"   [paint {min(r['fcp'] for r in rs):.0f}-{max(r['fcp'] for r in rs):.0f} ms,"
                  f" drawn {min(r['drawn'] for r in rs):.0f}-{max(r['drawn'] for r in rs):.0f} ms]")


if __name__ == "__main__":
    main()
