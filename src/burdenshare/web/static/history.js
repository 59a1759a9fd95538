// burdenshare dashboard, history page: fetches the JSON API and draws with Plotly. No domain logic.
"use strict";

async function history() {
  const [h, s] = await Promise.all([api("/api/v1/history"), api("/api/v1/sources")]);
  const url = Object.fromEntries(s.rows.map(r => [r.id, r.url]));
  const quality = Object.fromEntries(s.rows.map(r => [r.id, r.quality]));
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
    ["source", "source", r => { const id = r.published_source || r.source; return id ? sourceLink(id, url[id], quality[id]) : ""; }]]);
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

page(history);
