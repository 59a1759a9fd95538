// burdenshare dashboard, History page: the finding, the table (through the server's presenter) and
// the chart (SVG) come with the page, for the measure its address names (?measure=amount_dollars),
// so this page never loads the chart library and reads the same without a script. Here: choosing a
// measure without a reload (the address follows, and the server's finding, table and chart for that
// address replace the page's; a chart once fetched is kept and shown at once the next time), and a
// click on a bar or a row opens how the figure is obtained.
"use strict";

async function historyPage() {
  const state = getState({ measure: "" });
  const host = document.body.dataset.host;
  const select = $("measure");
  let asked = 0;  // the latest choice: an older answer arriving late is dropped
  // the measure's chart, where the page has it (the one it opened with, or one fetched since); the
  // chart shown stays until the chosen one is there
  const showChart = (m) => {
    const all = [...document.querySelectorAll("#chart [data-measure]")];
    if (all.some(d => d.dataset.measure === m)) all.forEach(d => { d.hidden = d.dataset.measure !== m; });
  };
  // the server's table, finding and chart for the address now shown (the same page, rendered for that measure)
  const follow = async () => {
    const mine = ++asked, m = select.value;
    const r = await fetch(location.href, { headers: { accept: "text/html" } });
    if (!r.ok || mine !== asked) return;
    const doc = new DOMParser().parseFromString(await r.text(), "text/html");
    const table = doc.getElementById("table"), finding = doc.getElementById("finding");
    if (mine !== asked || !table || !finding) return;
    const old = $("table");
    if (old.dataset.shown) table.dataset.shown = old.dataset.shown;  // the columns a phone's reader chose
    old.replaceWith(document.adoptNode(table));
    $("finding").textContent = finding.textContent;
    const chart = [...doc.querySelectorAll("#chart [data-measure]")].find(d => d.dataset.measure === m);
    if (chart && ![...document.querySelectorAll("#chart [data-measure]")].some(d => d.dataset.measure === m)) {
      $("chart").append(document.adoptNode(chart));
    }
    showChart(m);
  };
  const show = (m) => {
    showChart(m);
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
