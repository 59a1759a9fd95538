// burdenshare dashboard: fetches the JSON API and draws with Plotly (served from the installed
// plotly package). No domain logic here: every figure comes from the API.
"use strict";

const fmt = (v, d = 0) => (v === null || v === undefined || Number.isNaN(v)) ? "unknown"
  : Number(v).toLocaleString("en-US", { maximumFractionDigits: d });
const $ = (id) => document.getElementById(id);

async function api(path, opts = {}) {
  const r = await fetch(path, { ...opts, headers: { "content-type": "application/json", ...(opts.headers || {}) } });
  const body = await r.json().catch(() => ({ error: r.statusText }));
  if (!r.ok) throw new Error(body.error ? `${body.where ? body.where + ": " : ""}${body.error}` : r.statusText);
  return body;
}

function table(el, rows, cols) {
  el.innerHTML = "<tr>" + cols.map(c => `<th>${c[1]}</th>`).join("") + "</tr>" + rows.map(r =>
    "<tr>" + cols.map(c => {
      const v = c[2] ? c[2](r) : r[c[0]];
      return `<td class="${v === "unknown" ? "unknown" : ""}" data-col="${c[0]}">${v ?? ""}</td>`;
    }).join("") + "</tr>").join("");
}

const COLORS = { published: "#1f4e79", derived: "#3a7dbf", projected: "#f0a030", counterfactual: "#c0504d", scenario: "#8064a2", unknown: "#bbbbbb" };

async function history() {
  const [h, s] = await Promise.all([api("/api/v1/history"), api("/api/v1/sources")]);
  const url = Object.fromEntries(s.rows.map(r => [r.id, r.url]));
  const draw = () => {
    const m = $("measure").value;
    const rows = h.rows;
    Plotly.react("chart", [{
      type: "bar", x: rows.map(r => r.year), y: rows.map(r => r[m]),
      marker: { color: rows.map(r => COLORS[r.status] || "#999") },
      hovertext: rows.map(r => `${r.agreement} · ${r.status} · source: ${r.published_source || r.source || "none"}`),
      textposition: "none",
      customdata: rows.map(r => url[r.published_source || r.source] || ""),
      hovertemplate: "%{x}: %{y:,.3~f}<br>%{hovertext}<extra></extra>",
    }], {
      margin: { t: 20 }, yaxis: { title: { text: $("measure").selectedOptions[0].text } },
      shapes: periods(rows), showlegend: false,
    }, { displaylogo: false });
    $("chart").on && $("chart").on("plotly_click", ev => { const u = ev.points[0].customdata; if (u) window.open(u, "_blank"); });
  };
  $("measure").onchange = draw;
  draw();
  table($("table"), h.rows, [["year", "year"], ["agreement", "agreement"], ["amount_krw", "won", r => fmt(r.amount_krw)],
    ["amount_usd", "USD", r => fmt(r.amount_usd)], ["change_pct", "change %", r => fmt(r.change_pct, 1)], ["status", "status"],
    ["source", "source", r => { const id = r.published_source || r.source; return id ? `<a href="${url[id] || "#"}" target="_blank">${id}</a>` : ""; }]]);
}

function periods(rows) {
  const shapes = []; let start = null, prev = null, shade = false;
  rows.forEach((r, i) => {
    if (r.agreement !== prev) {
      if (prev !== null) { if (shade) shapes.push(band(start, rows[i - 1].year)); shade = !shade; }
      start = r.year; prev = r.agreement;
    }
  });
  if (shade) shapes.push(band(start, rows[rows.length - 1].year));
  return shapes;
}
const band = (a, b) => ({ type: "rect", xref: "x", yref: "paper", x0: a - 0.5, x1: b + 0.5, y0: 0, y1: 1, fillcolor: "#000", opacity: 0.05, line: { width: 0 } });

async function calculator() {
  const ag = await api("/api/v1/agreements");
  $("agreement").innerHTML = ag.rows.map(r => `<option ${r.id === "sma-12" ? "selected" : ""}>${r.id}</option>`).join("");
  const run = async () => {
    const a = $("agreement").value;
    const overrides = {};
    document.querySelectorAll("#inputs input").forEach(inp => {
      if (inp.value !== "") { (overrides[inp.dataset.series] ||= {})[inp.dataset.year] = Number(inp.value); }
    });
    try {
      const res = await api("/api/v1/schedule", { method: "POST", body: JSON.stringify({ agreement: a, overrides }) });
      const rows = res.rows;
      if (!document.querySelector("#inputs input") || $("inputs").dataset.for !== a) inputsFor(a, rows);
      $("total").textContent = fmt(rows.reduce((s, r) => s + (r.amount_krw || 0), 0)) + " won";
      Plotly.react("chart", [{ type: "bar", x: rows.map(r => r.year), y: rows.map(r => r.amount_krw),
        marker: { color: rows.map(r => COLORS[r.status] || "#999") } }], { margin: { t: 20 }, yaxis: { title: { text: "won" } } }, { displaylogo: false });
      table($("table"), rows, [["year", "year"], ["amount_krw", "won", r => fmt(r.amount_krw)], ["amount_usd", "USD", r => fmt(r.amount_usd)],
        ["index", "index", r => r.index_series ? `${r.index_series} ${r.index_year} = ${r.index_value}% (${r.index_status})` : ""],
        ["rate_applied_pct", "rate %", r => fmt(r.rate_applied_pct, 1)], ["cap_binds", "cap binds", r => r.cap_binds ? "yes" : ""], ["status", "status"]]);
      const q = Object.keys(overrides).length ? `?overrides=${encodeURIComponent(JSON.stringify(overrides))}` : "";
      $("csv").href = `/api/v1/schedule/${a}.csv${q}`; $("xlsx").href = `/api/v1/schedule/${a}.xlsx${q}`;
    } catch (e) { $("total").textContent = "error: " + e.message; }
  };
  $("agreement").onchange = () => { $("inputs").innerHTML = ""; $("inputs").dataset.for = ""; run(); };
  $("update").onclick = run;
  run();
}

function inputsFor(agreement, rows) {
  const need = rows.filter(r => r.index_series && r.index_status !== "observed" && r.index_status !== "applied");
  $("inputs").dataset.for = agreement;
  $("inputs").innerHTML = need.map(r => `<label>${r.index_series} ${r.index_year} (%) <input type="number" step="0.1" ` +
    `data-series="${r.index_series}" data-year="${r.index_year}" placeholder="${r.index_value}" id="in-${r.index_series}-${r.index_year}"></label>`).join(" ");
  document.querySelectorAll("#inputs input").forEach(i => i.onchange = () => $("update").click());
}

async function compare() {
  const [ag, sc] = await Promise.all([api("/api/v1/agreements"), api("/api/v1/scenarios")]);
  $("baseline").innerHTML = ag.rows.map(r => `<option ${r.id === "sma-12" ? "selected" : ""}>${r.id}</option>`).join("");
  const list = () => sc.rows.filter(r => r.baseline === $("baseline").value);
  const boxes = () => $("scenarios").innerHTML = list().map(r => `<label><input type="checkbox" value="${r.id}" checked> ${r.title}</label>`).join(" ");
  $("baseline").onchange = boxes; boxes();
  $("run").onclick = async () => {
    const chosen = [...document.querySelectorAll("#scenarios input:checked")].map(i => i.value);
    if (!chosen.length) return;
    const res = await api("/api/v1/compare", { method: "POST", body: JSON.stringify({ baseline: $("baseline").value, scenarios: chosen }) });
    const by = {};
    res.rows.forEach(r => (by[r.scenario] ||= []).push(r));
    Plotly.react("chart", Object.entries(by).map(([k, rows]) => ({ type: "scatter", mode: "lines+markers", name: res.meta.titles[k] || k,
      x: rows.map(r => r.year), y: rows.map(r => r.amount_krw) })), { margin: { t: 20 }, yaxis: { title: { text: "won" } } }, { displaylogo: false });
    table($("totals"), res.totals, [["scenario", "scenario"], ["first_year", "from"], ["last_year", "to"],
      ["total_krw", "total won", r => fmt(r.total_krw)], ["diff_krw", "difference", r => fmt(r.diff_krw)],
      ["total_usd", "total USD", r => fmt(r.total_usd)], ["total_real_krw", "real won", r => fmt(r.total_real_krw)]]);
  };
  $("run").click();
}

async function uncertainty() {
  $("run").onclick = async () => {
    const year = Number($("pyear").value), amount = Number($("pamount").value);
    $("answer").textContent = "running…";
    try {
      const { job } = await api("/api/v1/simulations", { method: "POST", body: JSON.stringify({
        target: $("target").value, paths: Number($("paths").value), seed: 1, prob_above: [[year, amount]] }) });
      let j;
      for (;;) {
        j = await api(`/api/v1/simulations/${job}`);
        $("progress").value = j.total ? j.done / j.total : 0;
        if (j.status === "done" || j.status === "failed") break;
        await new Promise(r => setTimeout(r, 300));
      }
      if (j.status === "failed") { $("answer").textContent = "error: " + j.error; return; }
      const y = j.result.by_year, p = j.result.probabilities[0];
      $("answer").textContent = `P[payment in ${p.year} > ${fmt(p.amount)} won] = ${fmt(p.probability, 4)} (${fmt(j.result.meta.paths)} paths)`;
      const band = (lo, hi, name, op) => [{ x: y.map(r => r.year), y: y.map(r => r[hi]), mode: "lines", line: { width: 0 }, showlegend: false },
        { x: y.map(r => r.year), y: y.map(r => r[lo]), mode: "lines", fill: "tonexty", line: { width: 0 }, fillcolor: `rgba(58,125,191,${op})`, name }];
      Plotly.react("chart", [...band("q0.05_krw", "q0.95_krw", "5-95%", 0.2), ...band("q0.25_krw", "q0.75_krw", "25-75%", 0.4),
        { x: y.map(r => r.year), y: y.map(r => r["q0.5_krw"]), mode: "lines+markers", name: "median", line: { color: "#1f4e79" } }],
        { margin: { t: 20 }, yaxis: { title: { text: "won" } } }, { displaylogo: false });
      table($("term"), j.result.term, [["description", "measure"], ["mean", "mean", r => fmt(r.mean)], ["q0.05", "5%", r => fmt(r["q0.05"])],
        ["q0.5", "median", r => fmt(r["q0.5"])], ["q0.95", "95%", r => fmt(r["q0.95"])]]);
    } catch (e) { $("answer").textContent = "error: " + e.message; }
  };
}

async function negotiation() {
  const cs = await api("/api/v1/negotiations");
  $("case").innerHTML = cs.rows.map(r => `<option value="${r.id}">${r.title}</option>`).join("");
  $("create").onclick = async () => {
    const res = await api("/api/v1/rooms", { method: "POST", body: JSON.stringify({ case: $("case").value }) });
    $("links").innerHTML = Object.entries(res.tokens).map(([who, t]) =>
      `<li>${who}: <a class="room-link" data-who="${who}" href="/room/${res.room}#token=${t}">/room/${res.room}#token=…</a></li>`).join("");
  };
}

async function room() {
  const token = new URLSearchParams(location.hash.slice(1)).get("token");
  const headers = { "x-token": token || "" };
  const load = async () => {
    const v = await api(`/api/v1/rooms/${document.body.dataset.room}`, { headers });
    $("title").textContent = v.title; $("you").textContent = v.you; $("version").textContent = v.version;
    const party = v.you !== "facilitator";
    $("prefs-section").hidden = !party; $("offer-section").hidden = !party;
    if (party && !$("prefs").value) {
      $("prefs").value = JSON.stringify(v.your_preferences || { weights: { money: 1.0 }, values: {}, reservation: { utility: 0.2 }, discount_rate: 3 }, null, 1);
    }
    if (party && !$("offer-form").innerHTML) {
      $("offer-form").innerHTML = v.issues.map(i => i.kind === "first_year"
        ? `<label>${i.title || i.id} <input id="issue-${i.id}" type="number" min="${i.min}" max="${i.max}" step="${i.step}" value="${i.min}"></label>`
        : `<label>${i.title || i.id} <select id="issue-${i.id}">${i.options.map(o => `<option>${o}</option>`).join("")}</select></label>`).join(" ");
      window.ISSUES = v.issues;
    }
    const fy = v.issues.find(i => i.kind === "first_year").id;
    table($("offers"), v.offers, [["round", "round"], ["party", "party"], ["first_year", "first year (won)", r => fmt(r.package[fy])],
      ["package", "terms", r => Object.entries(r.package).filter(([k]) => k !== fy).map(([k, x]) => `${k}=${x}`).join(", ")],
      ["total", "term total (won)", r => fmt(r.total)], ["total_usd", "term total (USD)", r => fmt(r.total_usd)]]);
    Plotly.react("gap", [{ x: v.gap.map(g => g.after_offer), y: v.gap.map(g => g.gap), mode: "lines+markers" }],
      { margin: { t: 10 }, xaxis: { title: { text: "offer" }, dtick: 1 }, yaxis: { title: { text: "gap (won)" }, tickformat: ",.0f", rangemode: "tozero" } }, { displaylogo: false });
    if (v.efficient_packages) {
      $("efficient-note").textContent = "Packages on the frontier of both parties' preferences, acceptable to both.";
      table($("efficient"), v.efficient_packages, [["package", "package", r => Object.entries(r.package).map(([k, x]) => `${k}=${x}`).join(", ")],
        ["nash", "Nash", r => r.nash ? "yes" : ""]]);
    }
    $("facilitator").textContent = v.preferences ? "Facilitator view: preferences\n" + JSON.stringify(v.preferences, null, 1) : "";
  };
  $("save-prefs").onclick = async () => {
    try {
      const p = await api(`/api/v1/rooms/${document.body.dataset.room}/parties/${$("you").textContent}/preferences`,
        { method: "PUT", headers, body: $("prefs").value });
      $("prefs-status").textContent = p.saved ? "saved" : ""; load();
    } catch (e) { $("prefs-status").textContent = "error: " + e.message; }
  };
  $("send-offer").onclick = async () => {
    const pkg = {};
    (window.ISSUES || []).forEach(i => { const el = $("issue-" + i.id); const x = el.value; pkg[i.id] = (i.kind === "first_year" || i.kind === "term" || /^\d+(\.\d+)?$/.test(x)) ? Number(x) : x; });
    try {
      await api(`/api/v1/rooms/${document.body.dataset.room}/offers`, { method: "POST", headers, body: JSON.stringify({ package: pkg, round: Number($("round").value) }) });
      $("offer-status").textContent = "sent"; load();
    } catch (e) { $("offer-status").textContent = "error: " + e.message; }
  };
  await load();
  setInterval(load, 3000);
}

async function hosts() {
  const h = await api("/api/v1/hosts");
  const rows = h.rows.filter(r => r.measure === "contribution_usd_real" && /^\d{4}$/.test(r.period));
  const by = {};
  rows.forEach(r => (by[r.host] ||= []).push(r));
  Plotly.react("chart", Object.entries(by).map(([k, rs]) => ({ name: k, x: rs.map(r => +r.period), y: rs.map(r => r.value), mode: "lines+markers" })),
    { margin: { t: 20 }, yaxis: { title: { text: "USD (constant)" } } }, { displaylogo: false });
  table($("table"), h.rows.filter(r => !/^\d{4}$/.test(r.period)), [["period", "period"], ["host", "host"], ["measure", "measure"],
    ["value", "value", r => fmt(r.value, 3)], ["unit", "unit"], ["source", "source"], ["definition", "definition"]]);
}

const PAGES = { history, calculator, compare, uncertainty, negotiation, room, hosts };
document.addEventListener("DOMContentLoaded", () => { const f = PAGES[document.body.dataset.page]; if (f) f(); });
