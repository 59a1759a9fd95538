// burdenshare dashboard, shared by every page: API calls, the view's state in the address, tables,
// downloads, the link to copy, the citation, and the explanation of a figure. Each page has its
// own file (history.js, calculator.js ...). Charts use Plotly, served by the server itself (its partial
// bundle from npm, else the full one of the Python plotly package). No domain logic here: every
// figure, and every amount written out, comes from the API.
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

// a source as a link named by its publisher and date in the reader's language (the record's source_text, or a
// text given), else its id; marked when it is a secondary copy (a blog, board, aggregator or mirror). The id
// stays in data-source.
function sourceLink(id, url, quality, named) {
  const mark = quality === "secondary" ? ` <span class="quality quality-secondary">(${esc(T("secondary copy"))})</span>` : "";
  const record = named && typeof named === "object" ? named : null;
  const name = (typeof named === "string" && named) || (record && (record.source_text
    || (record.publisher ? `${record.publisher}${record.date ? `, ${record.date}` : ""}` : ""))) || id;
  return (url ? `<a class="source" href="${esc(url)}" target="_blank" rel="noopener" data-source="${esc(id)}"${record && record.title ? ` title="${esc(record.title)}"` : ""}>${esc(name)}</a>` : esc(name)) + mark;
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
// cols: [key, heading, cell(row) -> html (optional), classes: "text" for left-aligned columns, "key"
// for the columns a phone shows at once (the others are one tap away: see phoneTable)]
function table(el, rows, cols, onRow) {
  el.innerHTML = "<thead><tr>" + cols.map(c => `<th class="${c[3] || ""}">${esc(c[1])}</th>`).join("") + "</tr></thead><tbody>" + rows.map((r, i) =>
    `<tr class="${onRow ? "clickable" : ""}" data-i="${i}"${r.year !== undefined ? ` data-year="${esc(r.year)}"` : ""}>` + cols.map(c => {
      const v = c[2] ? c[2](r) : esc(r[c[0]]);
      return `<td class="${c[3] || ""} ${v === T("unknown") ? "unknown" : ""}" data-col="${esc(c[0])}">${v ?? ""}</td>`;
    }).join("") + "</tr>").join("") + "</tbody>";
  if (onRow) el.querySelectorAll("tbody tr").forEach(tr => tr.addEventListener("click", () => onRow(rows[Number(tr.dataset.i)])));
  phoneTable(el);
}

// Phone-first tables: on a narrow screen a table shows its key columns (th.key; the first two where
// none is marked) and a "Columns" chooser above it shows the others, one tap away. Wide screens show
// every column and no chooser (CSS). The columns chosen are kept on the table (data-shown), so a
// table drawn again keeps them. Tables drawn by the server, or by a page's own code, get the same.
function phoneTable(t) {
  const head = t.tHead ? t.tHead.rows[0] : t.rows[0];
  if (!head || t.classList.contains("form")) return;
  const heads = [...head.cells];
  let keys = heads.map((h, i) => (h.classList.contains("key") ? i : -1)).filter(i => i >= 0);
  if (!keys.length) { keys = heads.slice(0, 2).map((h, i) => i); keys.forEach(i => heads[i].classList.add("key")); }
  const shown = new Set((t.dataset.shown || "").split(",").filter(Boolean).map(Number));
  for (const tr of t.rows) [...tr.cells].forEach((c, i) => {
    if (c.colSpan > 1) return;
    c.classList.toggle("opt", !keys.includes(i));
    c.classList.toggle("on", shown.has(i));
  });
  const optional = heads.map((h, i) => i).filter(i => !keys.includes(i));
  const anchor = t.parentElement && t.parentElement.classList.contains("table-wrap") ? t.parentElement : t;
  let chooser = anchor.previousElementSibling;
  if (!chooser || !chooser.classList.contains("col-chooser")) {
    if (!optional.length) return;
    chooser = document.createElement("details");
    chooser.className = "col-chooser";
    chooser.innerHTML = "<summary></summary><div class=\"col-list\"></div>";
    anchor.before(chooser);
  }
  chooser.hidden = !optional.length;
  const summary = T("Columns: {shown} of {all}", { shown: keys.length + shown.size, all: heads.length });
  if (chooser.firstElementChild.textContent !== summary) chooser.firstElementChild.textContent = summary;
  const list = optional.map(i => `${i}:${heads[i].textContent.trim()}:${shown.has(i)}`).join("|");
  if (chooser.dataset.list === list) return;
  chooser.dataset.list = list;
  chooser.lastElementChild.innerHTML = optional.map(i => `<label><input type="checkbox" value="${i}"${shown.has(i) ? " checked" : ""}> ${esc(heads[i].textContent.trim())}</label>`).join("");
  chooser.querySelectorAll("input").forEach(box => box.addEventListener("change", () => {
    const now = new Set((t.dataset.shown || "").split(",").filter(Boolean).map(Number));
    if (box.checked) now.add(Number(box.value)); else now.delete(Number(box.value));
    t.dataset.shown = [...now].join(",");
    phoneTable(t);
  }));
}
// every table of the page, now and whenever a page's code fills one
function phoneTables() {
  document.querySelectorAll("table.data").forEach(phoneTable);
  let pending = false;
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; document.querySelectorAll("table.data").forEach(phoneTable); });
  }).observe(document.querySelector("main") || document.body, { childList: true, subtree: true });
}

// --- charts --------------------------------------------------------------------------------------
function narrow() { return window.innerWidth < 640; }
function layout(extra = {}) {
  const css = getComputedStyle(document.body);
  const dark = document.body.classList.contains("dark");
  const grid = dark ? "#3a4048" : "#e5e8ec";
  // On a phone: fewer ticks, smaller type, tight margins that grow to fit the labels (automargin), the
  // legend under the plot. Axis titles stand off their tick labels.
  const n = narrow();
  const base = { margin: { t: 28, r: n ? 6 : 10, b: n ? 30 : 40, l: n ? 44 : 64 }, font: { family: css.fontFamily, color: css.color, size: n ? 11 : 12 },
    paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)", separators: ".,",
    legend: { orientation: "h", x: 0, xanchor: "left", yref: "container", y: 0, yanchor: "bottom", font: { size: n ? 10 : 12 } },
    xaxis: { tickformat: "d", gridcolor: grid, automargin: true, nticks: n ? 6 : 0, ticklabelstandoff: 5, title: { standoff: 6 } },
    yaxis: { gridcolor: grid, tickformat: ",", automargin: true, nticks: n ? 5 : 0, ticklabelstandoff: 6, title: { standoff: 6 } } };
  for (const [k, v] of Object.entries(extra)) {
    if (typeof v === "object" && v !== null && !Array.isArray(v) && base[k]) {
      base[k] = { ...base[k], ...v };
      // a title given as { text } keeps the stand-off and the phone's size
      if (v.title && typeof v.title === "object") base[k].title = { standoff: 6, ...v.title };
    } else base[k] = v;
  }
  if (n) for (const ax of Object.keys(base).filter(k => /^[xy]axis\d*$/.test(k))) {
    const a = base[ax];
    if (a.title && a.title.text) a.title = { ...a.title, font: { size: 11, ...(a.title.font || {}) } };
    if (a.dtick && a.nticks) delete a.dtick;  // a tick a year is too many on a phone
  }
  return base;
}
// Text width in the chart's font, for fitting labels (a canvas measures it as the browser draws it).
let measurer = null;
function textWidth(text, size) {
  measurer ||= document.createElement("canvas").getContext("2d");
  measurer.font = `${size}px ${getComputedStyle(document.body).fontFamily}`;
  return measurer.measureText(text).width;
}
// Breaks a label into lines no wider than `room` px (Plotly draws <br> as a line break).
function wrapLabel(text, room, size) {
  const words = String(text).split(/\s+/);
  const lines = [];
  for (const w of words) {
    const last = lines.length ? lines[lines.length - 1] : null;
    if (last !== null && textWidth(`${last} ${w}`, size) <= room) lines[lines.length - 1] = `${last} ${w}`;
    else lines.push(w);
  }
  return lines;
}
// Draws a chart so that its labels fit the screen: long legend items, chart and axis titles are broken
// into lines that fit; on a phone the chart grows by the legend's height (the legend sits under the
// plot) and category labels stand upright. Every page draws through this.
function drawChart(id, data, lay, config) {
  const el = typeof id === "string" ? $(id) : id;
  if (!el) return Promise.resolve();
  if (!el.dataset.baseHeight) el.dataset.baseHeight = String(el.clientHeight || 320);
  const base = Number(el.dataset.baseHeight);
  const width = el.clientWidth || window.innerWidth;
  const size = (lay.legend && lay.legend.font && lay.legend.font.size) || (lay.font && lay.font.size) || 12;
  const n = narrow();
  const legendShown = lay.showlegend !== false && data.filter(t => t.showlegend !== false && t.name !== undefined && t.type !== "heatmap").length > 1;
  let legendLines = 0;
  const traces = data.map(t => {
    if (!legendShown || t.showlegend === false || t.name === undefined) return t;
    const lines = wrapLabel(String(t.name).replace(/<br>/g, " "), width - 60, size);
    legendLines += n ? lines.length : 0;
    return lines.length > 1 ? { ...t, name: lines.join("<br>") } : t;
  });
  const out = { ...lay };
  const fit = (title, room, fsize) => {
    if (!title || !title.text) return title;
    const lines = wrapLabel(String(title.text).replace(/<br>/g, " "), room, fsize);
    return lines.length > 1 ? { ...title, text: lines.join("<br>") } : title;
  };
  const m = out.margin || {};
  const plotHeight = (n ? base + legendLines * (size + 7) : base) - (m.t || 28) - (m.b || 40) - (n ? legendLines * (size + 7) : 40);
  if (out.title) {
    out.title = fit(out.title, width - 20, (out.title.font && out.title.font.size) || 14);
    const lines = (out.title.text || "").split("<br>").length;
    if (lines > 1) out.margin = { ...m, t: Math.max(m.t || 28, 16 + lines * 16) };
  }
  for (const ax of Object.keys(out).filter(k => /^[xy]axis\d*$/.test(k))) {
    const a = out[ax];
    const fsize = (a.title && a.title.font && a.title.font.size) || (n ? 11 : 12);
    if (a.title) out[ax] = { ...a, title: fit(a.title, ax[0] === "y" ? Math.max(plotHeight, 120) : width - 80, fsize) };
  }
  if (n) {
    const cats = traces.some(t => Array.isArray(t.x) && t.x.some(v => typeof v === "string" && !/^\d/.test(v)));
    if (cats) out.xaxis = { ...(out.xaxis || {}), tickangle: -90 };
    const h = base + legendLines * (size + 7);
    if (Math.abs(el.clientHeight - h) > 2) el.style.height = `${h}px`;
  }
  return Plotly.react(el, traces, out, config);
}
function chartConfig(name) {
  // on a phone the chart's tool bar would sit over the labels; the page's own tools (PNG, link) stay
  return { displaylogo: false, responsive: true, displayModeBar: narrow() ? false : "hover", toImageButtonOptions: { filename: name, format: "png", scale: 2 } };
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
// The chart library (1.5 MB of script; 4.8 MB where only the full bundle is installed) is fetched with
// the page (preload) but run only after the first paint, so the finding and the table, which come
// with the page, show at once; a page's code runs once the library is ready.
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

// A page whose charts are drawn by the server (the History page) passes { chartLib: false }: its code
// runs without loading the chart library.
function page(fn, opts = {}) {
  document.addEventListener("DOMContentLoaded", () => {
    const close = $("explain-close");
    if (close) close.onclick = () => $("explain").close();
    copyButton();
    copyTextButtons();
    refreshLinks();
    phoneTables();
    // data-drawn: the page's code has run (its first charts and tables are drawn), for tests and screenshots
    const ready = opts.chartLib === false ? Promise.resolve() : loadChartLib();
    requestAnimationFrame(() => setTimeout(() => ready.then(async () => { await fn(); document.body.dataset.drawn = "1"; }, chartLibFailed), 0));
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
