// burdenshare dashboard, shared by every page: API calls, the view's state in the address, tables,
// downloads, the link to copy, the citation, and the explanation of a figure. Each page has its
// own file (history.js, calculator.js ...). Charts use Plotly, served from the installed plotly
// package. No domain logic here: every figure, and every amount written out, comes from the API.
"use strict";

const $ = (id) => document.getElementById(id);
const LANG = document.body.dataset.lang || "en";
const COLORS = { published: "#1f4e79", derived: "#3a7dbf", projected: "#f0a030", counterfactual: "#c0504d", scenario: "#8064a2", unknown: "#bbbbbb", agreed: "#1f4e79", hypothetical: "#8064a2" };

// Texts in the reader's language: the page carries the translations of every text passed to T() in these
// files (the server reads them from the catalogs); a {name} field is filled from the second argument.
const MESSAGES = (() => { const el = document.getElementById("messages"); return el ? JSON.parse(el.textContent) : {}; })();
function T(text, params = {}) {
  const t = MESSAGES[text] || text;
  // a Korean particle written as a pair after a field ({party}{이/가}) is the one the value takes (as i18n/particles.py)
  return t.replace(/\{(\w+)\}([')\]"’”」』]*)(?:\{([가-힣]+\/[가-힣]+)\})?/g, (m, k, close, pair) => {
    if (!(k in params)) return m;
    const v = String(params[k]);
    return v + close + (pair ? josa(v + close, pair) : "");
  });
}
// the particle of a pair ('이/가', '은/는', '을/를', '와/과', '으로/로') after `word`, by its last sound as read aloud
function josa(word, pair) {
  const [a, b] = pair.split("/");
  const [withC, withV] = ["이", "은", "을", "과", "으로", "이나", "이라"].includes(a) ? [a, b] : [b, a];
  let s = word.replace(/[\s'"’”」』\]}>.…]+$/, "");
  while (s.endsWith(")") && s.slice(0, -1).includes("(")) s = s.slice(0, s.lastIndexOf("(")).trimEnd();
  let j = null;  // the final consonant: 0 none, 8 ㄹ, another number another consonant
  const c = s.charCodeAt(s.length - 1) - 0xac00;
  if (/%p?$/.test(s)) j = 0;
  else if (c >= 0 && c < 11172) j = c % 28;
  else if (/\d$/.test(s)) {
    const d = s.replace(/,/g, "").match(/(\d+)(?:\.(\d+))?$/);
    const digits = d[2] ? d[2] : d[1].replace(/^0+/, "") || "0";
    const zeros = d[2] ? 0 : digits.length - digits.replace(/0+$/, "").length;
    j = zeros === 0 ? [21, 8, 0, 16, 0, 0, 1, 8, 8, 0][Number(digits.slice(-1))] : zeros < 8 ? [0, 17, 1, 4, 4, 4, 4, 4][zeros] : zeros < 12 ? 1 : zeros < 16 ? 0 : 21;
  } else if (/[A-Za-z]$/.test(s)) {
    const w = s.match(/[A-Za-z]+$/)[0];
    const last = w.slice(-1).toLowerCase();
    j = (w === w.toUpperCase() || w.length === 1) ? ({ l: 8, r: 8, m: 16, n: 4 }[last] || 0) : ({ l: 8, m: 16, n: 4 }[last] || (/ng$/i.test(w) ? 21 : 0));
  }
  if (j === null) return withC;
  if (withC === "으로") return j === 0 || j === 8 ? "로" : "으로";
  return j === 0 ? withV : withC;
}

// numbers (not money: amounts come written out from the server) in the reader's language
const num = (v, digits = 0) => (v === null || v === undefined || Number.isNaN(v)) ? T("unknown")
  : Number(v).toLocaleString(LANG === "ko" ? "ko-KR" : "en-GB", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));

// a source as a link named by its publisher and date (text; else its id), marked when it is a
// secondary copy (a blog, board, aggregator or mirror)
function sourceLink(id, url, quality, text) {
  const mark = quality === "secondary" ? ` <span class="quality quality-secondary">(${esc(T("secondary copy"))})</span>` : "";
  return (url ? `<a href="${esc(url)}" target="_blank" rel="noopener">${esc(text || id)}</a>` : esc(text || id)) + mark;
}

async function api(path, opts = {}) {
  const sep = path.includes("?") ? "&" : "?";
  const r = await fetch(`${path}${sep}lang=${LANG}`, { ...opts, headers: { "content-type": "application/json", "accept-language": LANG, ...(opts.headers || {}) } });
  const body = await r.json().catch(() => ({ error: r.statusText }));
  // the error's text names the field as the reader knows it ("2030년 기준 금액: …"); `where` is for machines
  if (!r.ok) { const e = new Error(body.error || r.statusText); e.where = body.where; e.field = body.field; throw e; }
  return body;
}
// An answer that failed: its message in `status`, and the previous result (the elements named by id, or
// marked data-result on the page) cleared, so that nothing on screen seems to answer the question asked.
function showError(status, err, ...stale) {
  const targets = [...stale.map(id => (typeof id === "string" ? $(id) : id)), ...document.querySelectorAll("[data-result]")];
  for (const el of targets) {
    if (!el) continue;
    if (window.Plotly && el.classList.contains("js-plotly-plot")) Plotly.purge(el);
    el.innerHTML = "";
  }
  const box = typeof status === "string" ? $(status) : status;
  if (box) box.textContent = T("error: {message}", { message: err.message || String(err) });
}

// --- the view's state lives in the address (so that every view can be shared as a link) ---------
function getState(defaults = {}) {
  const q = new URLSearchParams(location.search);
  const out = { ...defaults };
  for (const [k, v] of q.entries()) if (k !== "lang") out[k] = v;
  return out;
}
function setState(state) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(state)) if (v !== undefined && v !== null && v !== "") q.set(k, v);
  q.set("lang", LANG);
  window.history.replaceState(null, "", `${location.pathname}?${q.toString()}`);
  refreshLinks();
}
// overrides kept in the address as series.year=value (cpi.2026=6.5)
function overridesOf(state) {
  const out = {};
  for (const [k, v] of Object.entries(state)) {
    const m = /^([a-z][a-z0-9_]*)\.(\d{4})$/.exec(k);
    if (m && v !== "") (out[m[1]] ||= {})[m[2]] = Number(v);
  }
  return out;
}
// the agreement a view opens on when its address names none: the host's latest (agreements as the API lists them)
function latestAgreement(rows) {
  return rows.reduce((a, r) => (a === null || r.start >= a.start ? r : a), null)?.id || "";
}
function setTitle(title) {
  if (title) { document.title = `${title} · burdenshare`; if ($("cite")) $("cite").dataset.title = title; }
  refreshLinks();
}
// The address readers use: the server's public address (serve --public-url, given to the page as
// data-public-url), else this page's origin. Links to share and cite name it, with the query written
// readably (Hangul, commas and colons as they are; only what would break the address escaped).
const PUBLIC = (document.body && document.body.dataset.publicUrl ? document.body.dataset.publicUrl : location.origin).replace(/\/+$/, "");
function readableQuery(search) {
  const q = (search || "").replace(/^\?/, "");
  if (!q) return "";
  const part = (s) => {
    let d;
    try { d = decodeURIComponent(s.replace(/\+/g, " ")); } catch (e) { return s; }
    return d.replace(/[%&=#+\s"<>\\^`|]/g, c => encodeURIComponent(c));
  };
  return "?" + q.split("&").map(kv => kv.split("=").map(part).join("=")).join("&");
}
// this view's address as readers should see it (the hash too: a room's secret link keeps its token)
function shareUrl(path = location.pathname, search = location.search, hash = location.hash) {
  return PUBLIC + path + readableQuery(search) + (hash || "");
}
function refreshLinks() {
  document.querySelectorAll("a.lang-switch").forEach(a => {
    const u = new URL(location.href); u.searchParams.set("lang", a.dataset.lang); a.href = u.pathname + u.search;
  });
  const cite = $("cite-text");
  if (cite) {
    // a title that is itself a quotation keeps one pair of quotation marks
    const title = (($("cite") && $("cite").dataset.title) || document.title).replace(/^["“](.*)["”]$/, "$1");
    cite.textContent = T("burdenshare, \"{title}\", data version {version}, {url}, retrieved {date}. Figures: CC BY 4.0, with the sources listed.",
      { title, version: document.body.dataset.version, url: shareUrl(), date: new Date().toISOString().slice(0, 10) });
  }
  const embed = $("embed-link");
  if (embed) {
    embed.href = embedPath();
    embed.onclick = (ev) => { ev.preventDefault(); embedDialog(); };
  }
}
// --- the code to embed a view's chart (an iframe of /embed/<view>, light or dark) --------------------
function embedPath(theme) {
  const q = new URLSearchParams(location.search);
  if (theme === "dark") q.set("theme", "dark"); else q.delete("theme");
  const s = q.toString();
  return `/embed${location.pathname === "/" ? "/history" : location.pathname}${s ? "?" + s : ""}`;
}
function embedCode(theme) {
  const title = (($("cite") && $("cite").dataset.title) || document.title).replace(/"/g, "&quot;");
  const src = PUBLIC + (() => { const p = embedPath(theme); const i = p.indexOf("?"); return i < 0 ? p : p.slice(0, i) + readableQuery(p.slice(i)); })();
  return `<iframe src="${src.replace(/"/g, "%22")}" title="${title}" width="100%" height="520" style="border:0" loading="lazy"></iframe>`;
}
function embedDialog() {
  let dlg = $("embed-dialog");
  if (!dlg) {
    dlg = document.createElement("dialog");
    dlg.id = "embed-dialog";
    dlg.setAttribute("aria-labelledby", "embed-title");
    dlg.innerHTML = `<button class="close secondary" type="button" id="embed-close">${esc(T("Close"))}</button>`
      + `<h2 id="embed-title">${esc(T("Embed this chart"))}</h2>`
      + `<p class="note">${esc(T("Paste this code into your page: the chart, its headline and its source line, in an iframe."))}</p>`
      + `<label>${esc(T("Theme"))} <select id="embed-theme"><option value="light">${esc(T("light"))}</option><option value="dark">${esc(T("dark"))}</option></select></label>`
      + `<textarea id="embed-code" rows="4" readonly spellcheck="false" style="width:100%;font-family:monospace"></textarea>`
      + `<p><button type="button" id="embed-copy">${esc(T("Copy code"))}</button> <a id="embed-preview" href="#" target="_blank" rel="noopener">${esc(T("preview"))}</a> <span id="embed-status" aria-live="polite"></span></p>`;
    document.body.appendChild(dlg);
    $("embed-close").onclick = () => dlg.close();
    $("embed-theme").onchange = () => fill();
    $("embed-copy").onclick = async () => {
      try { await navigator.clipboard.writeText($("embed-code").value); $("embed-status").textContent = T("code copied"); }
      catch (e) { $("embed-code").select(); $("embed-status").textContent = T("Select and copy"); }
    };
  }
  const fill = () => { const th = $("embed-theme").value; $("embed-code").value = embedCode(th); $("embed-preview").href = embedPath(th); };
  fill();
  $("embed-status").textContent = "";
  if (!dlg.open) dlg.showModal();
  $("embed-code").select();
}
function downloads(base, params) {
  const q = new URLSearchParams({ ...params, lang: LANG, cite: shareUrl() });
  const set = (id, ext) => { const a = $(id); if (a) a.href = `${base}.${ext}?${q.toString()}`; };
  set("dl-csv", "csv"); set("dl-schema", "schema.json"); set("dl-xlsx", "xlsx");
}

// --- tables ------------------------------------------------------------------------------------
// cols: [key, heading, cell(row) -> html (optional), "text" for left-aligned columns]
function table(el, rows, cols, onRow) {
  el.innerHTML = "<thead><tr>" + cols.map(c => `<th class="${c[3] || ""}">${esc(c[1])}</th>`).join("") + "</tr></thead><tbody>" + rows.map((r, i) =>
    `<tr class="${onRow ? "clickable" : ""}" data-i="${i}"${r.year !== undefined ? ` data-year="${esc(r.year)}"` : ""}>` + cols.map(c => {
      const v = c[2] ? c[2](r) : esc(r[c[0]]);
      return `<td class="${c[3] || ""} ${v === T("unknown") ? "unknown" : ""}" data-col="${esc(c[0])}">${v ?? ""}</td>`;
    }).join("") + "</tr>").join("") + "</tbody>";
  if (onRow) el.querySelectorAll("tbody tr").forEach(tr => tr.addEventListener("click", () => onRow(rows[Number(tr.dataset.i)])));
}

// --- charts --------------------------------------------------------------------------------------
function narrow() { return window.innerWidth < 640; }
function layout(extra = {}) {
  const css = getComputedStyle(document.body);
  const dark = document.body.classList.contains("dark");
  const grid = dark ? "#3a4048" : "#e5e8ec";
  const base = { margin: { t: 24, r: 10, b: narrow() ? 90 : 50, l: 64 }, font: { family: css.fontFamily, color: css.color },
    paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)", separators: ".,",
    legend: { orientation: "h", x: 0, y: narrow() ? -0.32 : -0.16, xanchor: "left", yanchor: "top" }, xaxis: { tickformat: "d", gridcolor: grid }, yaxis: { gridcolor: grid, tickformat: "," } };
  for (const [k, v] of Object.entries(extra)) base[k] = (typeof v === "object" && !Array.isArray(v) && base[k]) ? { ...base[k], ...v } : v;
  return base;
}
function chartConfig(name) {
  return { displaylogo: false, responsive: true, toImageButtonOptions: { filename: name, format: "png", scale: 2 } };
}
// The chart's PNG and SVG: the server draws the finished graphic (title, finding, legend, source, credit,
// licence) for the same request as the view's CSV download (/api/v1/X.csv?… → /api/v1/charts/X?…), at
// the size chosen; a view without a CSV download keeps the chart library's own PNG.
function pngLink(chartId, name) {
  const png = $("dl-png"), svg = $("dl-svg"), size = $("dl-size"), box = $("dl-chart"), csv = $("dl-csv");
  if (!png) return;
  if (box) box.hidden = false;
  const m = csv && csv.getAttribute("href") ? csv.getAttribute("href").match(/^\/api\/v1\/(.+)\.csv\?(.*)$/) : null;
  if (!m) {
    if (svg) svg.hidden = true;
    if (size) size.hidden = true;
    png.removeAttribute("download");
    png.onclick = async (ev) => {  // on white (the page's chart is drawn on a transparent background)
      ev.preventDefault();
      const gd = $(chartId), bg = { paper_bgcolor: gd.layout.paper_bgcolor, plot_bgcolor: gd.layout.plot_bgcolor };
      await Plotly.relayout(gd, { paper_bgcolor: "#fff", plot_bgcolor: "#fff" });
      try { await Plotly.downloadImage(gd, { format: "png", filename: name, width: 1200, height: 675 }); }
      finally { await Plotly.relayout(gd, bg); }
    };
    return;
  }
  const set = () => {
    const q = new URLSearchParams(m[2]);
    q.delete("cite");
    const measure = new URLSearchParams(location.search).get("measure");
    if (measure) q.set("measure", measure);
    q.set("size", size ? size.value : "article");
    for (const [a, fmt] of [[png, "png"], [svg, "svg"]]) {
      if (a) { q.set("format", fmt); a.href = `/api/v1/charts/${m[1]}?${q.toString()}`; a.onclick = null; }
    }
  };
  if (size) size.onchange = set;
  set();
}

// --- the link to copy -----------------------------------------------------------------------------
// A view's tools say "link copied" beside the button (#copy-status); a room's or a practice session's
// secret link is shown in a field (#my-link) and the button itself says what happened. Where the
// clipboard is refused, the field is selected for copying by hand (or, without one, a prompt shows the link).
function copyButton() {
  const b = $("copy-link");
  if (!b) return;
  const status = $("copy-status"), field = $("my-link");
  if (field) field.value = shareUrl();
  b.onclick = async () => {
    try {
      await navigator.clipboard.writeText(shareUrl());
      if (status) status.textContent = T("link copied"); else b.textContent = T("Copied");
    } catch (e) {
      if (field) { field.select(); b.textContent = T("Select and copy"); }
      else window.prompt(T("Copy this link:"), shareUrl());
    }
    if (status) setTimeout(() => { status.textContent = ""; }, 3000);
  };
}

// --- jobs (simulations, tournaments) ---------------------------------------------------------------
// A queued job asked for its state until it is done or failed; onState sees every state (progress,
// position in the queue). Gives the last state.
async function pollJob(path, onState) {
  for (;;) {
    const j = await api(path);
    onState(j);
    if (j.status === "done" || j.status === "failed") return j;
    await new Promise(r => setTimeout(r, 300));
  }
}

// --- how a figure is obtained ----------------------------------------------------------------------
async function explain(params) {
  const dlg = $("explain");
  const body = $("explain-body");
  body.innerHTML = `<p>${esc(T("loading…"))}</p>`;
  if (!dlg.open) dlg.showModal();
  try {
    const q = new URLSearchParams(params);
    const e = await api(`/api/v1/explain?${q.toString()}`);
    const src = (s) => s ? (s.url ? `<a href="${esc(s.url)}" target="_blank" rel="noopener noreferrer">${esc(s.title)}</a>` : esc(s.title))
      + (s.publisher ? `, ${esc(s.publisher_text || s.publisher)}` : "") + (s.date ? `, ${esc(s.date)}` : "") : esc(T("no source"));
    const amount = e.chain.length ? e.chain[e.chain.length - 1] : null;
    body.innerHTML = `<p class="finding"><strong>${esc(e.year)}</strong>: ${esc(amount ? amount.status_text : "")}</p>`
      + `<h3>${esc(T("Rule"))}</h3><p>${esc(e.agreement.title)} · ${esc(e.rule.kind_text)} (${esc(e.rule.years.join("–"))})<br>`
      + `${esc(T("Source"))}: ${src(e.rule.source)}</p>` + (e.rule.note ? `<blockquote>${esc(e.rule.note)}</blockquote>` : "")
      + (e.inputs.length ? `<h3>${esc(T("Inputs"))}</h3><ul>` + e.inputs.map(i => `<li>${esc(i.title)} ${esc(i.year)} = ${esc(i.text)} (${esc(i.status_text)})<br>${esc(T("Source"))}: ${src(i.source)}</li>`).join("") + "</ul>" : "")
      + `<h3>${esc(T("Arithmetic"))}</h3><ol>` + e.steps.map(s => `<li>${esc(s)}</li>`).join("") + "</ol>"
      + (e.chain.length > 1 ? `<h3>${esc(T("Back to the last published figure"))}</h3><ul>` + e.chain.map(c => `<li>${esc(c.year)}: ${esc(c.status_text)} · ${esc(c.basis)}</li>`).join("") + "</ul>" : "");
  } catch (err) { body.innerHTML = `<p class="warning">${esc(err.message)}</p>`; }
}

// a page's code runs once the document (and the deferred chart library) is ready
// The chart library (4.8 MB of script) is fetched with the page (preload) but run only after the
// first paint, so the finding and the table, which come with the page, show at once; a page's code
// runs once the library is ready.
let chartLib = null;
function loadChartLib() {
  chartLib ||= new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = document.body.dataset.chartLib;
    s.onload = resolve;
    s.onerror = () => reject(new Error(T("The chart library did not load: reload the page to try again.")));
    document.head.appendChild(s);
  });
  return chartLib;
}

// Without the chart library the page's code does not run: the page says so under its heading
// rather than staying silently without its charts and controls.
function chartLibFailed(err) {
  const p = document.createElement("p");
  p.className = "warning";
  p.setAttribute("role", "alert");
  p.textContent = err.message;
  const h1 = document.querySelector("main h1");
  if (h1) h1.after(p); else document.querySelector("main").prepend(p);
  console.error(err);
}

// a button with data-copy="ID" copies the text of element ID (a summary, a citation)
function copyTextButtons() {
  document.querySelectorAll("button[data-copy]").forEach(b => {
    b.onclick = async () => {
      const el = $(b.dataset.copy);
      if (!el) return;
      try { await navigator.clipboard.writeText(el.textContent.trim()); b.textContent = T("Copied"); }
      catch (e) { const r = document.createRange(); r.selectNodeContents(el); const sel = getSelection(); sel.removeAllRanges(); sel.addRange(r); b.textContent = T("Select and copy"); }
      setTimeout(() => { b.textContent = T("Copy"); }, 3000);
    };
  });
}

function page(fn) {
  document.addEventListener("DOMContentLoaded", () => {
    const close = $("explain-close");
    if (close) close.onclick = () => $("explain").close();
    copyButton();
    copyTextButtons();
    refreshLinks();
    requestAnimationFrame(() => setTimeout(() => loadChartLib().then(fn, chartLibFailed), 0));
  });
}

// --- negotiation (room, practice, negotiation and tournament pages) -------------------------------------
const pct = (u) => (u === null || u === undefined) ? "" : (u * 100).toFixed(1);
// an agent's tactic by name
function tacticName(kind) {
  return { boulware: T("Boulware"), conceder: T("conceder"), linear: T("linear"), tit_for_tat: T("tit-for-tat") }[kind] || kind;
}
// every host's negotiation cases (a case is named by its host and id), with the hosts
async function everyCase() {
  const hosts = (await api("/api/v1/host-list")).rows;
  const cases = (await Promise.all(hosts.map(async h => (await api(`/api/v1/negotiations?host=${encodeURIComponent(h.id)}`)).rows
    .map(r => ({ ...r, host: h.id, host_name: h.short_name || h.name }))))).flat();
  return { hosts, cases };
}
function debounce(fn, ms) { let t; return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); }; }

// The offer form: a field per issue (the first-year total typed in either language's money, a choice
// for the others), read back in words by the server as it is typed. Gives the function that reads the
// package from the form.
function offerForm(issues, call) {
  $("offer-form").innerHTML = issues.map(i => i.kind === "first_year"
    ? `<tr><th>${esc(i.title)}</th><td><input id="issue-${i.id}" type="text" size="22" value="${esc(i.min_text)}"> <span class="muted">${esc(T("from {min} to {max}, in steps of {step}", { min: i.min_text, max: i.max_text, step: i.step_text }))}</span></td></tr>`
    : `<tr><th>${esc(i.title)}</th><td><select id="issue-${i.id}">${i.options.map((o, k) => `<option value="${k}">${esc(o.label)}</option>`).join("")}</select></td></tr>`).join("");
  const read = () => Object.fromEntries(issues.map(i => [i.id, i.kind === "first_year" ? $(`issue-${i.id}`).value : i.options[Number($(`issue-${i.id}`).value)].value]));
  const describe = debounce(async () => {
    try {
      const d = await call("/describe", { method: "POST", body: JSON.stringify({ package: read() }) });
      $("offer-words").textContent = `${d.words} — ${T("term total {total}", { total: d.total_text })}`;
    } catch (e) { $("offer-words").textContent = T("error: {message}", { message: e.message }); }
  }, 250);
  issues.forEach(i => $(`issue-${i.id}`).addEventListener("input", describe));
  describe();
  return read;
}
