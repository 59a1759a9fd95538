// burdenshare dashboard, the whole bill (ledger page): the finding and the tables come with the page;
// this draws the components by year from the same API, in the language's money unit. No domain logic.
"use strict";

async function ledger() {
  if (document.body.dataset.empty) return;  // the host's data hold no ledger: the page says so
  const host = document.body.dataset.host || "";
  const res = await api(`/api/v1/ledger?host=${encodeURIComponent(host)}`);
  const unit = res.meta.unit;
  const def = Object.entries(res.meta.definitions).find(([, d]) => d.components.length);
  downloads("/api/v1/ledger", { host });
  if (!def) return;
  const [did, d] = def;
  const rows = res.ledger.filter(r => r.definition === did && r.first_year === r.last_year);
  const scaled = (v) => v === null ? null : v / unit.scale;
  // a complete year (every component known: the whole bill) and a partial one (only the parts a source
  // gives, no total) are not alike: partial years are drawn lighter, hatched and outlined, with a legend
  // entry for each kind, so that a part does not read as a whole beside it
  const ink = getComputedStyle(document.body).getPropertyValue("--ink").trim() || "#1b1f24";
  const complete = rows.map(r => r.status === "complete");
  const marker = { opacity: complete.map(c => (c ? 1 : 0.45)), pattern: { shape: complete.map(c => (c ? "" : "/")), solidity: 0.25 },
    line: { width: complete.map(c => (c ? 0 : 1)), color: ink } };
  const traces = d.components.map(c => ({
    type: "bar", name: res.meta.components[c] || c, x: rows.map(r => r.first_year), y: rows.map(r => scaled(r[c])), marker,
    customdata: rows.map(r => (r.status === "complete" ? T("complete year") : T("partial year: no total"))),
    hovertemplate: "%{x}: %{y:,.0f}<br>%{customdata}<extra>%{fullData.name}</extra>",
  }));
  const key = (name, partial) => ({ type: "bar", x: [null], y: [null], name, hoverinfo: "skip", legendgroup: "kind",
    marker: { color: "rgba(0,0,0,0)", line: { width: 1, color: ink }, pattern: { shape: partial ? "/" : "", fgcolor: ink, solidity: partial ? 0.25 : 1 } } });
  if (complete.some(c => c)) traces.push(key(T("complete year: every component known"), false));
  if (complete.some(c => !c)) traces.push(key(T("partial year: only the components a source gives, no total"), true));
  const pub = rows.filter(r => r["published_total_host"] !== null);
  traces.push({ type: "scatter", mode: "markers", name: T("published total"), x: pub.map(r => r.first_year),
    y: pub.map(r => scaled(r["published_total_host"])), marker: { symbol: "diamond", size: 10, color: ink } });
  drawChart("chart", traces, layout({ barmode: "stack", title: { text: d.title, font: { size: 13 } },
    yaxis: { title: { text: unit.label } } }), chartConfig("burdenshare-ledger"));
  pngLink("chart", "burdenshare-ledger");
}

page(ledger);
