// burdenshare dashboard, Calculator page: an agreement's schedule recomputed from the values its rule
// reads; every value you change is kept in the address (series.year=value), so the view is a link.
"use strict";

async function calculatorPage() {
  const state = getState();
  const ag = await api("/api/v1/agreements");
  const sel = $("agreement");
  sel.innerHTML = ag.rows.map(r => `<option value="${esc(r.id)}">${esc(r.title)} (${esc(r.start)}-${esc(r.end)})</option>`).join("");
  sel.value = ag.rows.some(r => r.id === state.agreement) ? state.agreement : latestAgreement(ag.rows);
  let shownFor = null;
  let latest = 0;

  const run = async () => {
    const mine = ++latest;  // an answer that arrives after a newer request is dropped
    const a = sel.value;
    const overrides = {};
    document.querySelectorAll("#inputs input").forEach(inp => {
      if (inp.value !== "") (overrides[inp.dataset.series] ||= {})[inp.dataset.year] = Number(inp.value);
    });
    if (shownFor !== a) Object.assign(overrides, overridesOf(state));
    try {
      const res = await api("/api/v1/schedule", { method: "POST", body: JSON.stringify({ agreement: a, overrides }) });
      if (mine !== latest) return;
      const rows = res.rows;
      if (shownFor !== a) { inputsFor(rows, overrides); shownFor = a; }
      $("finding").textContent = res.finding;
      drawChart("chart", [{ type: "bar", x: rows.map(r => r.year), y: rows.map(r => r["amount"] === null ? null : r["amount"] / res.meta.unit.scale),
        marker: { color: rows.map(r => COLORS[r.status] || "#999") }, customdata: rows.map(r => [r["amount_text"], r.status_text]),
        hovertemplate: "%{x}: %{customdata[0]} (%{customdata[1]})<extra></extra>" }],
        layout({ yaxis: { title: { text: res.meta.unit.label }, rangemode: "tozero" } }), chartConfig(`burdenshare-${a}`));
      table($("table"), rows, [["year", T("year"), null, "key"], ["amount", T("amount"), r => esc(r["amount_text"]), "key"],
        ["amount_dollars", T("dollars"), r => esc(r.amount_dollars_text)], ["rate_applied_pct", T("rate (%)"), r => r.rate_applied_pct === null ? "" : num(r.rate_applied_pct, 1)],
        ["cap_binds", T("cap binds"), r => r.cap_binds ? T("yes") : ""], ["status", T("status"), r => esc(r.status_text), "text key"],
        ["basis", T("how"), r => esc(r.basis), "text"], ...nowcastColumn(rows)], r => explain({ agreement: a, year: r.year, overrides: JSON.stringify(overrides) }));
      const flat = {};
      for (const [s, ys] of Object.entries(overrides)) for (const [y, v] of Object.entries(ys)) flat[`${s}.${y}`] = v;
      setState({ agreement: a, ...flat });
      downloads(`/api/v1/schedule/${a}`, Object.keys(overrides).length ? { overrides: JSON.stringify(overrides) } : {});
      pngLink("chart", `burdenshare-${a}`);
      window.CURRENT = { agreement: a, overrides, host: res.meta.host };
    } catch (e) { if (mine === latest) showError("finding", e, "chart", "table"); }
  };
  sel.onchange = () => { $("inputs").innerHTML = ""; shownFor = null; for (const k of Object.keys(state)) if (k.includes(".")) delete state[k]; run(); };
  $("update").onclick = run;
  $("reset").onclick = () => { document.querySelectorAll("#inputs input").forEach(i => { i.value = ""; }); run(); };
  $("save").onclick = save;
  await run();
}

// where a payment reads a year partly published: the nowcast's status and payment beside the projection
function nowcastColumn(rows) {
  if (!rows.some(r => r.nowcast)) return [];
  return [["nowcast", T("nowcast"), r => r.nowcast ? `${esc(r.nowcast)}<br>${esc(r.nowcast_payment_text)}` : "", "text"]];
}

// a box per value the rule reads that no observation fixes (and the past ones you changed)
function inputsFor(rows, overrides) {
  const need = rows.filter(r => r.index_series && (!["observed", "applied"].includes(r.index_status) || r.overridden));
  $("inputs").innerHTML = need.map(r => `<label>${esc(r.index_label || `${r.index_series} ${r.index_year} (%)`)} <input type="number" step="0.1" `
    + `data-series="${esc(r.index_series)}" data-year="${esc(r.index_year)}" placeholder="${esc(r.index_value)}" `
    + `value="${esc((overrides[r.index_series] || {})[r.index_year] ?? "")}" id="in-${esc(r.index_series)}-${esc(r.index_year)}"></label>`).join(" ");
  document.querySelectorAll("#inputs input").forEach(i => { i.onchange = () => $("update").click(); });
}

// save the values entered as a scenario of the agreement: a link to it, and an edit token kept in
// this browser only (the token deletes it)
async function save() {
  const c = window.CURRENT;
  const name = $("save-name").value.trim();
  if (!c || !name) { $("save-status").textContent = T("give it a name"); return; }
  const values = [];
  for (const [s, ys] of Object.entries(c.overrides)) for (const [y, v] of Object.entries(ys)) values.push({ series: s, years: Number(y), value: v });
  if (!values.length) { $("save-status").textContent = T("change at least one value first"); return; }
  const scenario = { id: `saved-${Date.now().toString(36)}`, title: name, host: c.host, baseline: c.agreement, assumptions: values };
  try {
    const r = await api("/api/v1/saved-scenarios", { method: "POST", body: JSON.stringify({ name, scenario, listed: $("save-listed").checked }) });
    const mine = JSON.parse(localStorage.getItem("burdenshare.saved") || "[]");
    mine.push({ id: r.id, name, token: r.edit_token, baseline: c.agreement });
    localStorage.setItem("burdenshare.saved", JSON.stringify(mine));
    const link = `/compare?baseline=${encodeURIComponent(c.agreement)}&saved=${r.id}&lang=${LANG}`;
    $("save-status").innerHTML = `${esc(T("saved"))}: <a href="${link}">${esc(T("compare it"))}</a>`;
  } catch (e) { $("save-status").textContent = T("error: {message}", { message: e.message }); }
}

page(calculatorPage);
