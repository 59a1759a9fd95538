"""The reader's audit: a real browser (Debian's Chromium through Playwright) walks every page in both
languages on a phone (360 px) and a wide screen (1400 px), and each check names the page, the
language, the width and what it found:

(a) an internal name on the page: a snake_case word or a data id (a series, source, scenario,
    agreement, case or claim id) in visible text, outside source titles, ``<code>``/``<pre>`` and URLs;
(b) the other language's words: English words on a Korean page (a few acronyms aside), Hangul on an
    English page (quotations in their own language, source titles and the language switch aside);
(c) a table whose key columns (``th.key``; every column where a table marks none) are cut or pushed
    off the screen at 360 px, or a cell much taller than what it holds (a blank block, or words
    squeezed a few letters a line);
(d) chart labels (axis titles, tick labels, annotations, legend items) that overlap one another or
    fall outside the chart;
(e) anything wider than the screen;
(f) on a phone, a control of a room or a practice session shorter than 44 px (one thumb).

One server, one browser, one context per width; the walk is done once and each check reads it."""

from __future__ import annotations

import contextlib
import csv
import importlib.util
import os
import re
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser_support import ARGS, CHROMIUM, need_chromium, start_server, watch

need_chromium()

from playwright.sync_api import sync_playwright  # noqa: E402

WIDTHS = (360, 1400)
LANGS = ("en", "ko")
DATA = Path(importlib.util.find_spec("burdenshare.data").origin).parent  # the bundled data the server reads

# Latin-letter words a Korean page may show: acronyms, model and brand names, units
ACRONYMS = ["burdenshare", "SMA", "USFK", "USFJ", "GAO", "DoD", "CPI", "CSV", "PNG", "SVG", "API", "Excel", "Nash", "ZOPA",
            "VAR", "AR", "USD", "KRW", "JPY", "GDP", "ROK", "CC", "BY", "MIT", "DMDC", "OpenAPI", "URL", "JSON", "e12",
            # broadcasters and the relocation programmes, named so in Korean sources
            "KBS", "SBS", "YRP", "LPP"]


def publisher_words() -> list[str]:
    """Latin-letter words in the publishers' Korean names (MBN, DW, 머니S, e-나라지표, Investing.com):
    proper nouns that Korean readers see written so, as the source registry declares them."""
    words: set[str] = set()
    for row in csv.DictReader((DATA / "sources.csv").read_text(encoding="utf-8").splitlines(keepends=True)):
        words |= set(re.findall(r"[A-Za-z]+", row.get("publisher_ko") or ""))
    return sorted(words)


def known_ids() -> list[str]:
    """Ids of the bundled data that a reader should never see: those with a separator or a digit
    (a plain word such as 'linear' may be both an id and its own name)."""
    ids = {row["id"] for row in csv.DictReader((DATA / "sources.csv").read_text(encoding="utf-8").splitlines(keepends=True))}
    for folder in ("agreements", "scenarios", "negotiations", "claims", "series", "assumptions"):
        ids |= {p.stem for p in (DATA / folder).rglob("*") if p.suffix in (".yaml", ".csv")}
    ids |= {"tit_for_tat"}
    return sorted(i for i in ids if re.search(r"[-_0-9]", i) and re.search(r"[a-z]", i))


AUDIT_JS = r"""({ narrow, thumb, acronyms, ids }) => {
  const out = [];
  const lang = document.documentElement.lang;
  const W = window.innerWidth;
  const say = (check, what, text) => out.push({ check, what, text: String(text).replace(/\s+/g, " ").trim().slice(0, 160) });
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    else if (typeof el.className === "string" && el.className.trim()) s += "." + el.className.trim().split(/\s+/).slice(0, 2).join(".");
    const t = el.closest("table[id]");
    return t && t !== el ? `table#${t.id} ${s}` : s;
  };
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden" && !el.closest("[hidden], .modebar, .hoverlayer");

  // --- visible text, with where it sits -------------------------------------------------------
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || !n.textContent.trim() || ["SCRIPT", "STYLE", "NOSCRIPT", "OPTION", "OPTGROUP", "TEXTAREA"].includes(el.tagName)) continue;
    if (!shown(el)) continue;
    texts.push({ el, text: n.textContent });
  }
  document.querySelectorAll("select").forEach(s => { if (shown(s) && s.selectedOptions.length) texts.push({ el: s, text: [...s.selectedOptions].map(o => o.textContent).join(" ") }); });
  const noURL = (s) => s.replace(/\b(https?:\/\/|www\.)\S+/g, " ").replace(/(^|\s)\/[a-z][\w\-\/]*\?\S*/g, " ");
  const idSet = new Set(ids);
  const isId = (w) => /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/.test(w) || idSet.has(w)
    || (/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/.test(w) && /\d/.test(w) && /[a-z]{2}/.test(w));
  const seen = new Set();
  const once = (check, what, text) => { const k = check + "|" + text; if (!seen.has(k)) { seen.add(k); say(check, what, text); } };
  for (const { el, text } of texts) {
    if (el.closest("code, pre, .source-title, a.lang-switch")) continue;
    const foreign = el.closest("[lang]");
    const ownLang = !foreign || foreign.lang === lang;
    const clean = noURL(text);
    const words = clean.match(/[A-Za-z0-9][A-Za-z0-9_.\-]*[A-Za-z0-9]|[A-Za-z]/g) || [];
    const latin = [];
    for (const raw of words) {
      const w = raw.replace(/^[.\-]+|[.\-]+$/g, "");
      if (!/[A-Za-z]/.test(w)) continue;
      if (isId(w) || isId(w.toLowerCase()) && /[_]/.test(w)) { once("a", describe(el), `${w}  «${text.trim().slice(0, 90)}»`); continue; }
      if (lang === "ko" && ownLang) {
        for (const part of w.split(/[_.\-]/)) {
          if (!/[A-Za-z]/.test(part) || acronyms.includes(part) || /^\d+[A-Za-z]?\d*$/.test(part) && part.length < 4) continue;
          if (/^(SMA|GAO|VAR|AR)$/.test(part)) continue;
          if (/^\d{4}-[0-9a-f]{8}$/.test(w) && /^[0-9a-f]{8}$/.test(part)) continue;  // the data version (2026-c173e501): an identifier
          latin.push(part);
        }
      }
    }
    if (latin.length) once("b", describe(el), `${[...new Set(latin)].join(", ")}  «${text.trim().slice(0, 90)}»`);
    if (lang === "en" && ownLang) {
      const hangul = clean.match(/[\u3131-\u318E\uAC00-\uD7A3][\u3131-\u318E\uAC00-\uD7A3\s,.()0-9~·]*/g);
      if (hangul) once("b", describe(el), `${hangul.map(h => h.trim()).join(", ")}  «${text.trim().slice(0, 90)}»`);
    }
  }

  // --- tables ---------------------------------------------------------------------------------------
  for (const t of document.querySelectorAll("main table, body.embed table")) {
    if (!shown(t) || t.closest(".js-plotly-plot")) continue;
    const head = t.querySelector("tr");
    if (!head) continue;
    const heads = [...head.children];
    let keys = heads.map((h, i) => h.classList.contains("key") ? i : -1).filter(i => i >= 0);
    if (!keys.length) keys = heads.map((h, i) => i);
    let bad = 0;
    for (const tr of t.querySelectorAll("tr")) {
      const cells = [...tr.children];
      cells.forEach((c, i) => {
        if (!shown(c)) return;
        const r = c.getBoundingClientRect();
        const label = (heads[i] ? heads[i].textContent.trim() : "") || String(i + 1);
        if (narrow && keys.includes(i) && (c.scrollWidth > c.clientWidth + 1 || r.right > W + 1 || r.left < -1)) {
          if (bad++ < 3) say("c", describe(c), `key column "${label}" cut: «${c.textContent.trim().slice(0, 60)}» (box ${Math.round(r.left)}–${Math.round(r.right)} of ${W} px, text ${c.scrollWidth} px in ${c.clientWidth} px)`);
        }
        // a cell much taller than what it holds (a blank block), or words squeezed a few letters a line
        const range = document.createRange(); range.selectNodeContents(c);
        const inner = range.getBoundingClientRect();
        const fs = parseFloat(getComputedStyle(c).fontSize) || 14;
        if (c.textContent.trim() && r.height > inner.height + 3 * fs && r.height > 4 * fs) {
          const row = [...tr.children].some(o => o !== c && o.getBoundingClientRect().height > 0 && (() => { const q = document.createRange(); q.selectNodeContents(o); return q.getBoundingClientRect().height > r.height - 2 * fs; })());
          if (!row && bad++ < 3) say("c", describe(c), `cell ${Math.round(r.height)} px tall for ${Math.round(inner.height)} px of content: «${c.textContent.trim().slice(0, 60)}»`);
        }
        const chars = c.textContent.trim().length;
        if (chars > 8 && inner.height > 4 * fs * 1.3 && r.width < 5 * fs) {
          if (bad++ < 3) say("c", describe(c), `words squeezed into ${Math.round(r.width)} px (${Math.round(inner.height)} px tall): «${c.textContent.trim().slice(0, 60)}»`);
        }
      });
    }
    if (bad > 3) say("c", describe(t), `${bad - 3} more cells like these`);
  }

  // --- chart labels ---------------------------------------------------------------------------------
  for (const plot of document.querySelectorAll(".js-plotly-plot")) {
    if (!shown(plot)) continue;
    const box = plot.getBoundingClientRect();
    const sel = ".g-xtitle text, .g-ytitle text, .g-x2title text, .g-y2title text, .g-gtitle text, .xtick text, .ytick text, .x2tick text, .y2tick text, .annotation text, .legendtext";
    const labels = [...plot.querySelectorAll(sel)].filter(e => e.textContent.trim() && shown(e) && !e.closest(".hoverlayer"))
      .map(e => ({ e, r: e.getBoundingClientRect(), kind: e.closest(".annotation") ? "annotation" : e.classList.contains("legendtext") ? "legend" :
        e.closest(".xtick, .x2tick") ? "x tick" : e.closest(".ytick, .y2tick") ? "y tick" : "title" }))
      .filter(l => l.r.width > 0 && l.r.height > 0);
    const where = `#${plot.id || "chart"}`;
    for (const l of labels) {
      if (l.r.left < box.left - 1 || l.r.right > box.right + 1 || l.r.top < box.top - 1 || l.r.bottom > box.bottom + 1)
        say("d", where, `${l.kind} «${l.e.textContent.trim()}» outside the chart (${Math.round(l.r.left - box.left)},${Math.round(l.r.top - box.top)}; chart ${Math.round(box.width)}×${Math.round(box.height)})`);
    }
    let n = 0;
    for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) {
      const a = labels[i].r, b = labels[j].r;
      const dx = Math.min(a.right, b.right) - Math.max(a.left, b.left), dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (dx > 1 && dy > 1 && n++ < 6)
        say("d", where, `${labels[i].kind} «${labels[i].e.textContent.trim()}» overlaps ${labels[j].kind} «${labels[j].e.textContent.trim()}» (${Math.round(dx)}×${Math.round(dy)} px)`);
    }
  }

  // --- one thumb: every control of a room or a practice session at least 44 px tall on a phone -------
  if (thumb) {
    let k = 0;
    for (const el of document.querySelectorAll("main button, main select, main input, main summary, main label:has(> input[type=checkbox], > input[type=radio])")) {
      if (!shown(el) || (el.tagName === "INPUT" && ["checkbox", "radio", "hidden"].includes(el.type))) continue;
      const r = el.getBoundingClientRect();
      if (r.height < 43.5 && k++ < 6) say("f", describe(el), `${Math.round(r.height)} px tall: «${(el.textContent || el.value || el.type || "").trim().slice(0, 50)}»`);
    }
    if (k > 6) say("f", "controls", `${k - 6} more controls under 44 px`);
  }

  // --- wider than the screen ------------------------------------------------------------------------
  const over = document.documentElement.scrollWidth - W;
  if (over > 1) {
    const clipped = (el) => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o !== "visible") return true; } return false; };
    const wide = [...document.body.querySelectorAll("*")].filter(el => shown(el) && el.getBoundingClientRect().right > W + 1 && !clipped(el));
    const leaves = wide.filter(el => !wide.some(o => o !== el && el.contains(o))).slice(0, 5);
    say("e", "document", `${over} px wider than the screen: ` + leaves.map(el => `${describe(el)} (to ${Math.round(el.getBoundingClientRect().right)} px) «${(el.textContent || "").trim().slice(0, 40)}»`).join("; "));
  }
  return out;
}"""


@dataclass(frozen=True)
class Finding:
    check: str
    page: str
    lang: str
    width: int
    where: str
    text: str

    def __str__(self):
        return f"[{self.check}] {self.page} · {self.lang} · {self.width}px · {self.where}: {self.text}"


def _views(server: str) -> list[tuple[str, str]]:
    """The pages, with a room, a practice session (each after some offers) and a finished
    simulation to show."""
    import httpx

    c = httpx.Client(base_url=server, timeout=60)
    room = c.post("/api/v1/rooms", json={"case": "sma-11-talks"}).json()
    rid, tok = room["room"], room["tokens"]
    c.post(f"/api/v1/rooms/{rid}/offers", headers={"x-token": tok["kr"]}, json={"package": {"first_year": 1_100_000_000_000}})
    c.post(f"/api/v1/rooms/{rid}/offers", headers={"x-token": tok["us"]},
           json={"package": {"first_year": 1_500_000_000_000, "scope": "included"}})
    s = c.post("/api/v1/practice", json={"case": "sma-11-talks", "host": "kr", "tactic": {"kind": "tit_for_tat"},
                                        "deadline": 4, "seed": 1}).json()
    fy = next(i for i in c.get(f"/api/v1/practice/{s['room']}", headers={"x-token": s["tokens"]["student"]}).json()["issues"]
              if i["kind"] == "first_year")
    c.post(f"/api/v1/practice/{s['room']}/offers", headers={"x-token": s["tokens"]["student"]}, json={"package": {fy["id"]: fy["min"]}})
    return [
        ("History", "/?"),
        ("Calculator", "/calculator?agreement=sma-12&kr_cpi_inflation.2026=6.5&"),
        ("Compare", "/compare?"),
        ("Uncertainty", "/uncertainty?target=sma-12&paths=2000&seed=1&pyear=2030&pamount=1.7조&"),
        ("Negotiation", "/negotiation?"),
        ("Room (Korea's party)", f"/room/{rid}?#token={tok['kr']}"),
        ("Room (facilitator)", f"/room/{rid}?#token={tok['facilitator']}"),
        ("Practice", f"/practice/{s['room']}?#token={s['tokens']['student']}"),
        ("Tournament", "/tournament?"),
        ("Hosts", "/hosts?"),
        ("Whole bill", "/ledger?"),
        ("Claims", "/claims?"),
        ("Claim detail", "/claims/trump-10bn-2025?"),
        ("Embed", "/embed/history?theme=dark&"),
    ]


def _url(server: str, path: str, lang: str) -> str:
    if "#" in path:
        head, frag = path.split("#", 1)
        return f"{server}{head}lang={lang}#{frag}"
    return f"{server}{path}lang={lang}"


def _settle(pg, name: str) -> None:
    """Waits until the page's code has run (data-drawn), what it fetches after that has come, and
    every shown chart is drawn."""
    pg.wait_for_load_state("load")
    # a page with a script of its own says when it has drawn; a page without one is drawn by the server
    pg.wait_for_function("""() => document.body.dataset.drawn === '1' || document.querySelectorAll('head script[src]').length < 2
        || document.querySelector('main p.warning[role=alert]')""", timeout=30_000)
    if name.startswith(("Room", "Practice")):
        pg.wait_for_function("() => document.getElementById('title') && document.getElementById('title').textContent.length > 0", timeout=20_000)
    if name == "Uncertainty":
        pg.wait_for_function("() => document.getElementById('term').rows.length > 1", timeout=90_000)
    if name == "Tournament" and pg.locator("#board tr").count() < 2:
        pg.fill("#seeds", "2")
        pg.fill("#deadline", "6")
        pg.click("#run")
        pg.wait_for_function("() => document.querySelectorAll('#board tbody tr').length > 0", timeout=60_000)
    # a chart that is never drawn is not this audit's finding; the page's own tests see it
    with contextlib.suppress(Exception):
        pg.wait_for_function("""() => [...document.querySelectorAll('.chart')].filter(c => c.getClientRects().length && !c.closest('[hidden]'))
            .every(c => c.querySelector('.main-svg') || ['gap', 'plane'].includes(c.id))""", timeout=20_000)
    pg.wait_for_load_state("networkidle")
    pg.wait_for_timeout(100)  # Plotly lays out its labels after drawing


@pytest.fixture(scope="module")
def audit(tmp_path_factory) -> list[Finding]:
    db = tmp_path_factory.mktemp("db") / "audit.db"
    server, srv, th = start_server(f"sqlite:///{db}")
    findings: list[Finding] = []
    errors: list[str] = []
    timings: list[str] = []
    try:
        views = _views(server)
        ids = known_ids()
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for width in WIDTHS:
                ctx = b.new_context(viewport={"width": width, "height": 800})
                pg = ctx.new_page()
                watch(pg, errors)
                for lang in LANGS:
                    for name, path in views:
                        t0 = time.monotonic()
                        if "#" in path:  # a room's links differ by their fragment only
                            pg.goto("about:blank")
                        pg.goto(_url(server, path, lang), wait_until="domcontentloaded")
                        try:
                            _settle(pg, name)
                        except Exception as e:
                            raise AssertionError(f"{name} · {lang} · {width}px did not finish drawing: {e}\n{errors}") from e
                        timings.append(f"{name} {lang} {width}: {time.monotonic() - t0:.1f}s")
                        for f in pg.evaluate(AUDIT_JS, {"narrow": width < 640, "thumb": width < 640 and name.startswith(("Room", "Practice")), "acronyms": ACRONYMS + publisher_words(), "ids": ids}):
                            findings.append(Finding(f["check"], name, lang, width, f["what"], f["text"]))
                ctx.close()
            b.close()
    finally:
        srv.should_exit = True
        th.join(timeout=10)
    assert not errors, errors
    out = os.environ.get("BURDENSHARE_AUDIT_OUT")  # the whole list, for whoever mends the pages
    if out:
        Path(out).write_text("\n".join(str(f) for f in sorted(findings, key=lambda f: (f.check, f.page, f.lang, f.width)))
                             + "\n\n" + "\n".join(timings) + "\n", encoding="utf-8")
    return findings


def _report(findings: list[Finding], check: str) -> str:
    mine = [f for f in findings if f.check == check]
    by_page = defaultdict(list)
    for f in mine:
        by_page[(f.page, f.lang, f.width)].append(f)
    return f"{len(mine)} findings\n" + "\n".join(str(f) for k in sorted(by_page) for f in by_page[k])


def test_a_no_internal_names_on_the_page(audit):
    assert not [f for f in audit if f.check == "a"], _report(audit, "a")


def test_b_each_page_in_its_own_language(audit):
    assert not [f for f in audit if f.check == "b"], _report(audit, "b")


def test_c_tables_keep_their_key_columns_on_a_phone(audit):
    assert not [f for f in audit if f.check == "c"], _report(audit, "c")


def test_d_chart_labels_do_not_collide(audit):
    assert not [f for f in audit if f.check == "d"], _report(audit, "d")


def test_e_nothing_wider_than_the_screen(audit):
    assert not [f for f in audit if f.check == "e"], _report(audit, "e")


def test_f_rooms_fit_a_thumb(audit):
    assert not [f for f in audit if f.check == "f"], _report(audit, "f")
