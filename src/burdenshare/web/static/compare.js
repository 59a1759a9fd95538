// burdenshare dashboard, compare page: fetches the JSON API and draws with Plotly. No domain logic.
"use strict";

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

page(compare);
