// burdenshare dashboard, Hosts page: each host's contribution in constant dollars and per US soldier
// (years no source gives are gaps), and the shares published studies give, each with its definition.
"use strict";

async function hostsPage() {
  // the base year of constant dollars: the one the address names, else the server's (the same base as every view)
  const state = getState({ base: "" });
  const sources = api("/api/v1/sources");
  $("base").value = state.base;
  const run = async () => {
    const chosen = $("base").value;
    setState({ base: chosen });
    const [h, s] = await Promise.all([api(`/api/v1/hosts${chosen ? `?base_year=${Number(chosen)}` : ""}`), sources]);
    $("base").value = h.meta.base_year;
    const src = Object.fromEntries(s.rows.map(r => [r.id, r]));
    $("finding").textContent = h.finding || "";
    const yearly = h.rows.filter(r => /^\d{4}$/.test(r.period));
    const lines = (measure, scale) => {
      const by = {};
      yearly.filter(r => r.measure === measure).forEach(r => (by[r.host] ||= []).push(r));
      return Object.values(by).map(rs => ({ name: rs[0].host_name, x: rs.map(r => +r.period), y: rs.map(r => r.value === null ? null : r.value / scale),
        mode: "lines+markers", connectgaps: false }));
    };
    drawChart("chart", lines("contribution_dollars_real", 1e9), layout({ yaxis: { title: { text: T("billion dollars of {year}", { year: h.meta.base_year }) } } }), chartConfig("burdenshare-hosts"));
    drawChart("chart2", lines("per_us_soldier_dollars", 1e3), layout({ yaxis: { title: { text: T("thousand dollars per soldier (current)") } } }), chartConfig("burdenshare-hosts-per-soldier"));
    table($("table"), h.rows.filter(r => !/^\d{4}$/.test(r.period)), [["period", T("period")], ["host_name", T("host"), r => esc(r.host_name), "text key"],
      ["measure", T("measure"), r => esc(r.measure_text), "text key"], ["value", T("value"), r => num(r.value, r.unit === "ratio" ? 3 : 1), "key"], ["unit", T("unit"), r => esc(r.unit_text)],
      ["definition", T("definition"), r => esc(r.definition), "text"], ["source", T("source"), r => r.source ? sourceLink(r.source, (src[r.source] || {}).url, (src[r.source] || {}).quality, src[r.source]) : "", "text"]]);
    downloads("/api/v1/hosts", chosen ? { base_year: chosen } : {});
    pngLink("chart", "burdenshare-hosts");
  };
  $("base").onchange = run;
  await run();
}

page(hostsPage);
