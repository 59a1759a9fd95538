// burdenshare dashboard, calculator page: fetches the JSON API and draws with Plotly. No domain logic.
"use strict";

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

page(calculator);
