// burdenshare dashboard, Hosts page: each host's contribution in constant dollars and per US soldier
// (years no source gives are gaps). The finding and the tables (the shares published studies give,
// each with its definition and source; the yearly figures the charts draw) come with the page, rendered
// by the server for the base year its address names (?base=2010); here the charts are drawn, and a
// new base year is shown without a reload (the address follows, and the server's finding and tables
// for that address replace the page's).
"use strict";

async function hostsPage() {
  const base = $("base");
  const state = getState({ base: "" });  // the input shows the server's base year; the address names one only when chosen
  let asked = 0;  // the latest base year asked: an older answer arriving late is dropped
  // the server's finding and tables for the address now shown
  const follow = async () => {
    const mine = ++asked;
    const r = await fetch(location.href, { headers: { accept: "text/html" } });
    if (!r.ok || mine !== asked) return;
    const doc = new DOMParser().parseFromString(await r.text(), "text/html");
    const finding = doc.getElementById("finding");
    if (mine !== asked || !finding) return;
    $("finding").textContent = finding.textContent;
    doc.querySelectorAll("table.data[id]").forEach(t => {
      const old = $(t.id);
      if (!old) return;
      if (old.dataset.shown) t.dataset.shown = old.dataset.shown;  // the columns a phone's reader chose
      old.replaceWith(document.adoptNode(t));
    });
  };
  const run = async (chosenNow) => {
    const chosen = chosenNow ? base.value : state.base;
    if (chosenNow) {
      setState({ base: chosen });
      follow().catch(() => { location.reload(); });
    }
    const h = await api(`/api/v1/hosts${chosen ? `?base_year=${Number(chosen)}` : ""}`);
    if (!chosenNow || base.value === chosen) base.value = h.meta.base_year;
    const yearly = h.rows.filter(r => /^\d{4}$/.test(r.period));
    const lines = (measure, scale) => {
      const by = {};
      yearly.filter(r => r.measure === measure).forEach(r => (by[r.host] ||= []).push(r));
      return Object.values(by).map(rs => ({ name: rs[0].host_name, x: rs.map(r => +r.period), y: rs.map(r => r.value === null ? null : r.value / scale),
        mode: "lines+markers", connectgaps: false }));
    };
    drawChart("chart", lines("contribution_dollars_real", 1e9), layout({ yaxis: { title: { text: T("billion dollars of {year}", { year: h.meta.base_year }) } } }), chartConfig("burdenshare-hosts"));
    drawChart("chart2", lines("per_us_soldier_dollars", 1e3), layout({ yaxis: { title: { text: T("thousand dollars per soldier (current)") } } }), chartConfig("burdenshare-hosts-per-soldier"));
    downloads("/api/v1/hosts", chosen ? { base_year: chosen } : {});
    pngLink("chart", "burdenshare-hosts");
  };
  base.onchange = () => run(true);
  $("base-form").addEventListener("submit", ev => { ev.preventDefault(); run(true); });
  await run(false);
}

page(hostsPage);
