// burdenshare dashboard, History page: the bars and the table follow the chosen measure; a click on
// a bar or a row opens how the figure is obtained. The finding and the first table come with the page.
"use strict";

// The page's figures are asked for at once, while the chart library loads, rather than after it.
const HISTORY = api(`/api/v1/history?host=${document.body.dataset.host}`);
HISTORY.catch(() => {});  // a failure is the page's code's to handle, when it awaits the answer

async function historyPage() {
  const state = getState({ measure: "" });
  const host = document.body.dataset.host;
  const select = $("measure");
  if (state.measure && [...select.options].some(o => o.value === state.measure)) select.value = state.measure;
  const h = await HISTORY;
  const unit = h.meta.unit, usd = h.meta.dollar_unit;
  const scaleOf = (m) => m === "amount" || m.startsWith("amount_real") || m.startsWith("per_soldier") ? unit
    : m === "amount_dollars" ? usd : { scale: 1, label: "%", decimals: 2 };
  const textOf = (r, m) => r[`${m}_text`] !== undefined ? r[`${m}_text`] : (r[m] === null ? T("unknown") : num(r[m], 3));
  const opening = $("finding").textContent;  // the server's finding, about the amounts in the host's currency
  // the headline follows the chosen measure: its value this year (within the years shown) and in the last year
  const headline = (m) => {
    if (m === "amount") return opening;
    const known = h.rows.filter(r => r[m] !== null && r[m] !== undefined);
    if (!known.length) return opening;
    const year = Math.min(Math.max(new Date().getFullYear(), known[0].year), known[known.length - 1].year);
    const now = known.find(r => r.year === year) || known[known.length - 1], last = known[known.length - 1];
    const label = select.selectedOptions[0].text;
    return now.year === last.year ? T("{measure}: {value} in {year}.", { measure: label, value: textOf(now, m), year: now.year })
      : T("{measure}: {value} in {year}; {last_value} in {last} ({status}).", { measure: label, value: textOf(now, m), year: now.year,
        last_value: textOf(last, m), last: last.year, status: last.status_text });
  };
  const draw = () => {
    const m = select.value;
    const u = scaleOf(m);
    const rows = h.rows;
    $("finding").textContent = headline(m);
    drawChart("chart", [{
      type: "bar", x: rows.map(r => r.year), y: rows.map(r => r[m] === null ? null : r[m] / u.scale),
      marker: { color: rows.map(r => COLORS[r.status] || "#999") },
      customdata: rows.map(r => [textOf(r, m), r.status_text, r.agreement_title]),
      hovertemplate: "%{x}: %{customdata[0]}<br>%{customdata[2]} · %{customdata[1]}<extra></extra>",
    }], layout({
      yaxis: { title: { text: m === "share_defence_budget_pct" ? "%" : u.label }, rangemode: "tozero" },
      shapes: periods(rows), annotations: labels(rows), showlegend: false, margin: { t: narrow() ? 52 : 34 },
    }), chartConfig("burdenshare-history"));
    $("chart").removeAllListeners && $("chart").removeAllListeners("plotly_click");
    $("chart").on("plotly_click", ev => explain({ year: ev.points[0].x, host }));
    $("value-head").textContent = select.selectedOptions[0].text;
    document.querySelectorAll("#table tbody tr").forEach((tr, i) => {
      const r = rows[i];
      if (r) { tr.children[2].textContent = textOf(r, m); tr.children[2].classList.toggle("unknown", r[m] === null); }
    });
    setState({ ...state, measure: m === "amount" ? "" : m });
    downloads("/api/v1/history", { host });
    pngLink("chart", "burdenshare-history");
  };
  select.onchange = draw;
  document.querySelectorAll("#table tbody tr").forEach(tr => tr.addEventListener("click", () => explain({ year: tr.dataset.year, host })));
  draw();
}

// agreement periods: shaded bands and the agreements' ids above them (a one-year band has no room for a
// title), each with its title on hover
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
// The agreements' labels above their bands. On a phone the bands are a few pixels a year: the labels
// alternate between two rows, and a label wider than the room between its row's neighbours keeps only
// the agreement's number (the full title shows on hover).
function labels(rows) {
  const n = narrow(), size = n ? 9 : 10;
  const perYear = ($("chart").clientWidth - 70) / Math.max(1, rows.length);
  const out = []; let start = 0;
  rows.forEach((r, i) => {
    if (i === rows.length - 1 || rows[i + 1].agreement !== r.agreement) {
      out.push({ x: (rows[start].year + r.year) / 2, full: r.agreement.toUpperCase(), title: r.agreement_title });
      start = i + 1;
    }
  });
  const step = n ? 2 : 1;
  return out.map((a, k) => {
    const gaps = [out[k - step], out[k + step]].filter(Boolean).map(b => Math.abs(b.x - a.x) * perYear);
    const room = gaps.length ? Math.min(...gaps) - 6 : Infinity;
    const text = textWidth(a.full, size) > room ? a.full.replace(/^\D+-?0*/, "") : a.full;
    return { x: a.x, y: n && k % 2 ? 1.1 : 1.01, yanchor: "bottom", xref: "x", yref: "paper", showarrow: false,
      text: esc(text), hovertext: esc(a.title), font: { size } };
  });
}
const band = (a, b) => ({ type: "rect", xref: "x", yref: "paper", x0: a - 0.5, x1: b + 0.5, y0: 0, y1: 1, fillcolor: getComputedStyle(document.body).getPropertyValue("--ink").trim() || "#000", opacity: 0.05, line: { width: 0 } });

page(historyPage);
