// burdenshare dashboard, Uncertainty page: a Monte Carlo job on the server (any server process answers
// for it) with progress; the settings are kept in the address, and a shared link runs the same job.
// Without settings in the address the page opens with the host's opening question, run once on the
// server and shared by every visitor (GET /api/v1/simulations/default), its threshold drawn.
"use strict";

let INTRO = "";  // the page's opening text, shown again when a run has no probability to state

async function uncertaintyPage() {
  INTRO = $("finding").textContent;
  const state = getState({ paths: $("paths").defaultValue, seed: $("seed").defaultValue, model: "var", discount: "0", pyear: "2030" });
  const [ag, sc] = await Promise.all([api("/api/v1/agreements"), api("/api/v1/scenarios")]);
  if (!state.target) state.target = latestAgreement(ag.rows);
  $("target").innerHTML = `<optgroup label="${esc(T("Agreements"))}">` + ag.rows.map(r => `<option value="${esc(r.id)}">${esc(r.title)}</option>`).join("")
    + `</optgroup><optgroup label="${esc(T("Scenarios"))}">` + sc.rows.map(r => `<option value="${esc(r.id)}">${esc(r.title)}</option>`).join("") + "</optgroup>";
  for (const [id, key] of [["target", "target"], ["paths", "paths"], ["seed", "seed"], ["model", "model"], ["discount", "discount"], ["pyear", "pyear"], ["pamount", "pamount"]]) {
    if (state[key] !== undefined) $(id).value = state[key];
  }
  $("run").onclick = run;
  if (new URLSearchParams(location.search).has("target")) run();  // a shared link shows its result
  else opening();
}

// the opening question: its settings in the form, its result (computed once on the server) on the page
async function opening() {
  const host = document.body.dataset.host || "";
  $("status").textContent = T("loading…");
  try {
    const d = await api(`/api/v1/simulations/default${host ? `?host=${encodeURIComponent(host)}` : ""}`);
    const q = d.request;
    $("target").value = q.target; $("paths").value = q.paths; $("seed").value = q.seed; $("model").value = q.model;
    $("discount").value = q.discount_rate;
    if (d.prob_above_text.length) { $("pyear").value = d.prob_above_text[0][0]; $("pamount").value = d.prob_above_text[0][1]; }
    await follow(d.job);
  } catch (e) { $("status").textContent = T("error: {message}", { message: e.message }); }
}

async function run() {
  const s = { target: $("target").value, paths: $("paths").value, seed: $("seed").value, model: $("model").value,
    discount: $("discount").value, pyear: $("pyear").value, pamount: $("pamount").value };
  setState(s);
  $("status").textContent = T("queued…");
  $("progress").value = 0;
  try {
    const { job } = await api("/api/v1/simulations", { method: "POST", body: JSON.stringify({
      target: s.target, paths: Number(s.paths), seed: Number(s.seed), model: s.model, discount_rate: Number(s.discount),
      prob_above: s.pamount.trim() ? [[Number(s.pyear), s.pamount]] : [] }) });
    await follow(job);
  } catch (e) { clear(); showError("status", e); }
}

// an answer that does not hold any more leaves the page: the finding, the chart and the table go
function clear() {
  $("finding").textContent = INTRO;
  $("term").innerHTML = "";
  $("model-line").textContent = "";
  if (window.Plotly && $("chart").data) Plotly.purge("chart");
}

// a job followed to its end, then shown
async function follow(job) {
  const j = await pollJob(`/api/v1/simulations/${job}`, (q) => {
    $("progress").value = q.total ? q.done / q.total : 0;
    if (q.status === "queued") $("status").textContent = T("queued (position {n})", { n: q.position });
    if (q.status === "running") $("status").textContent = T("running…");
  });
  if (j.status === "failed") { clear(); showError("status", new Error(j.error)); return; }
  $("status").textContent = "";
  $("progress").value = 1;
  show(j.result, job);
}

function show(r, job) {
  const m = r.meta;
  const u = m.unit;
  const y = r.by_year;
  $("finding").textContent = (r.findings || []).join(" ") || INTRO;
  // each "payment in YEAR above AMOUNT" asked: a dashed line at the amount, labelled with its probability
  const ink = getComputedStyle(document.body).getPropertyValue("--ink").trim() || "#1b1f24";
  const accent = getComputedStyle(document.body).getPropertyValue("--accent").trim() || "#1f4e79";  // legible on the dark theme too
  const thresholds = (r.probabilities || []).filter(p => p.question === "prob_above" && p.amount !== null).map(p => ({
    shape: { type: "line", xref: "paper", x0: 0, x1: 1, yref: "y", y0: p.amount / u.scale, y1: p.amount / u.scale, line: { color: "#c0504d", width: 2, dash: "dash" } },
    note: { xref: "paper", x: 1, yref: "y", y: p.amount / u.scale, yanchor: "bottom", xanchor: "right", showarrow: false, font: { color: ink, size: narrow() ? 10 : 12 },
      // on a phone the line is labelled with its amount alone (the finding above the chart says the rest)
      text: esc(narrow() ? (p.amount_text || num(p.amount / u.scale) + " " + u.label)
        : T("{year}: above {amount} in {share}% of paths", { year: p.year, amount: p.amount_text || num(p.amount / u.scale) + " " + u.label, share: num(100 * p.probability, 1) })) } }));
  const band = (lo, hi, name, op) => [
    { x: y.map(q => q.year), y: y.map(q => q[hi] / u.scale), mode: "lines", line: { width: 0 }, showlegend: false, hoverinfo: "skip" },
    { x: y.map(q => q.year), y: y.map(q => q[lo] / u.scale), mode: "lines", fill: "tonexty", line: { width: 0 }, fillcolor: `rgba(58,125,191,${op})`, name, hoverinfo: "skip" }];
  drawChart("chart", [...band("q0.05_host", "q0.95_host", T("5–95% of paths"), 0.2), ...band("q0.25_host", "q0.75_host", T("25–75% of paths"), 0.4),
    { x: y.map(q => q.year), y: y.map(q => q["q0.5_host"] / u.scale), mode: "lines+markers", name: T("median"), line: { color: accent }, marker: { color: accent },
      customdata: y.map(q => [q["q0.5_host_text"], q["q0.05_host_text"], q["q0.95_host_text"]]),
      hovertemplate: `%{x}: %{customdata[0]}<br>5–95%: %{customdata[1]} – %{customdata[2]}<extra></extra>` }],
    layout({ yaxis: { title: { text: u.label } }, xaxis: { tickformat: "d", dtick: 1 }, shapes: thresholds.map(p => p.shape), annotations: thresholds.map(p => p.note) }), chartConfig("burdenshare-fan"));
  table($("term"), r.term, [["description", T("measure"), q => esc(q.description), "text key"], ["mean", T("mean"), q => esc(q.mean_text)],
    ["q0.05_host", "5%", q => esc(q["q0.05_host_text"] || "")], ["q0.5_host", T("median"), q => esc(q["q0.5_host_text"] || ""), "key"], ["q0.95_host", "95%", q => esc(q["q0.95_host_text"] || "")]]);
  $("model-line").textContent = T("{paths} paths, seed {seed}; model {kind} fitted on {sample} ({n} years). Data version {version}.",
    { paths: num(m.paths), seed: m.seed, kind: ($("model").querySelector(`option[value="${m.model.kind}"]`) || {}).textContent || m.model.kind, sample: m.model.sample, n: m.model.observations, version: m.data_version })
    + (m.conditioned_on_months || []).map(c => " " + T("{series} {year}: drawn from the {n} of 12 months published and a model of the rest.",
      { series: c.series_text, year: c.year, n: c.months_known })).join("");
  // the cite line says how the figures were made (Monte Carlo, paths, seed, model, data version)
  const cite = $("cite");
  if (cite && r.method) { cite.dataset.baseTitle ||= cite.dataset.title; cite.dataset.title = `${cite.dataset.baseTitle} (${r.method})`; refreshLinks(); }
  downloads(`/api/v1/simulations/${job}`, {});
  pngLink("chart", "burdenshare-fan");
}

page(uncertaintyPage);
