// burdenshare dashboard, the whole bill (ledger page): the finding and the tables come with the page;
// this draws the components by year from the same API, in the language's money unit. No domain logic.
"use strict";

async function ledger() {
  const host = document.body.dataset.host || "";
  const res = await api(`/api/v1/ledger?host=${encodeURIComponent(host)}`);
  const cur = res.meta.currency.toLowerCase();
  const unit = res.meta.unit;
  const def = Object.entries(res.meta.definitions).find(([, d]) => d.components.length);
  downloads("/api/v1/ledger", { host });
  if (!def) return;
  const [did, d] = def;
  const rows = res.ledger.filter(r => r.definition === did && r.first_year === r.last_year);
  const scaled = (v) => v === null ? null : v / unit.scale;
  const traces = d.components.map(c => ({
    type: "bar", name: res.meta.components[c] || c, x: rows.map(r => r.first_year), y: rows.map(r => scaled(r[c])),
  }));
  const pub = rows.filter(r => r[`published_total_${cur}`] !== null);
  traces.push({ type: "scatter", mode: "markers", name: T("published total"), x: pub.map(r => r.first_year),
    y: pub.map(r => scaled(r[`published_total_${cur}`])), marker: { symbol: "diamond", size: 10, color: "#000" } });
  drawChart("chart", traces, layout({ barmode: "stack", title: { text: d.title, font: { size: 13 } },
    yaxis: { title: { text: unit.label } } }), chartConfig("burdenshare-ledger"));
  pngLink("chart", "burdenshare-ledger");
}

page(ledger);
