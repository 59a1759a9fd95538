// burdenshare dashboard, hosts page: fetches the JSON API and draws with Plotly. No domain logic.
"use strict";

async function hosts() {
  const [h, s] = await Promise.all([api("/api/v1/hosts"), api("/api/v1/sources")]);
  const src = Object.fromEntries(s.rows.map(r => [r.id, r]));
  const rows = h.rows.filter(r => r.measure === "contribution_usd_real" && /^\d{4}$/.test(r.period));
  const by = {};
  rows.forEach(r => (by[r.host] ||= []).push(r));
  Plotly.react("chart", Object.entries(by).map(([k, rs]) => ({ name: k, x: rs.map(r => +r.period), y: rs.map(r => r.value), mode: "lines+markers" })),
    { margin: { t: 20 }, yaxis: { title: { text: "USD (constant)" } } }, { displaylogo: false });
  table($("table"), h.rows.filter(r => !/^\d{4}$/.test(r.period)), [["period", "period"], ["host", "host"], ["measure", "measure"],
    ["value", "value", r => fmt(r.value, 3)], ["unit", "unit"],
    ["source", "source", r => r.source ? sourceLink(r.source, (src[r.source] || {}).url, (src[r.source] || {}).quality) : ""],
    ["definition", "definition"]]);
}

page(hosts);
