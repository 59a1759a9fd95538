// burdenshare dashboard, History page: the finding, the table (through the server's presenter) and
// the charts (SVG, one per measure) come with the page, for the measure its address names
// (?measure=amount_dollars), so this page never loads the chart library and reads the same without a
// script. Here: choosing a measure without a reload (its chart is shown, the address follows, and the
// server's finding and table for that address replace the page's), and a click on a bar or a row
// opens how the figure is obtained.
"use strict";

async function historyPage() {
  const state = getState({ measure: "" });
  const host = document.body.dataset.host;
  const select = $("measure");
  let asked = 0;  // the latest choice: an older answer arriving late is dropped
  // the server's table and finding for the address now shown (the same page, rendered for that measure)
  const follow = async () => {
    const mine = ++asked;
    const r = await fetch(location.href, { headers: { accept: "text/html" } });
    if (!r.ok || mine !== asked) return;
    const doc = new DOMParser().parseFromString(await r.text(), "text/html");
    const table = doc.getElementById("table"), finding = doc.getElementById("finding");
    if (mine !== asked || !table || !finding) return;
    const old = $("table");
    if (old.dataset.shown) table.dataset.shown = old.dataset.shown;  // the columns a phone's reader chose
    old.replaceWith(document.adoptNode(table));
    $("finding").textContent = finding.textContent;
  };
  const show = (m) => {
    document.querySelectorAll("#chart [data-measure]").forEach(d => { d.hidden = d.dataset.measure !== m; });
    setState({ ...state, measure: m === select.options[0].value ? "" : m });
    downloads("/api/v1/history", { host });
    pngLink("chart", "burdenshare-history");
  };
  select.onchange = () => { show(select.value); follow().catch(() => { location.reload(); }); };
  $("chart").addEventListener("click", ev => {
    const bar = ev.target.closest("[data-year]");
    if (bar) explain({ year: bar.dataset.year, host });
  });
  // rows by delegation: the table is replaced when the measure changes
  document.querySelector("main").addEventListener("click", ev => {
    const tr = ev.target.closest("#table tr[data-year]");
    if (tr && !ev.target.closest("a")) explain({ year: tr.dataset.year, host });
  });
  show(select.value);
}

page(historyPage, { chartLib: false });
