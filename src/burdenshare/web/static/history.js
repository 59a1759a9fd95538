// burdenshare dashboard, History page: the bars and the table follow the chosen measure; a click on
// a bar or a row opens how the figure is obtained. The finding, the table and the charts come with the
// page (the charts as SVG drawn by the server), so this page never loads the chart library.
"use strict";

// The page's figures (the words of every measure) are asked for at once.
const HISTORY = api(`/api/v1/history?host=${document.body.dataset.host}`);
HISTORY.catch(() => {});  // a failure is the page's code's to handle, when it awaits the answer

async function historyPage() {
  const state = getState({ measure: "" });
  const host = document.body.dataset.host;
  const select = $("measure");
  if (state.measure && [...select.options].some(o => o.value === state.measure)) select.value = state.measure;
  const h = await HISTORY;
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
  // The charts come with the page, drawn by the server as SVG, one per measure (for a desktop and a
  // phone); choosing a measure shows its chart, and the headline and the table's figures follow.
  const draw = () => {
    const m = select.value;
    const rows = h.rows;
    $("finding").textContent = headline(m);
    document.querySelectorAll("#chart [data-measure]").forEach(d => { d.hidden = d.dataset.measure !== m; });
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
  $("chart").addEventListener("click", ev => {
    const bar = ev.target.closest("[data-year]");
    if (bar) explain({ year: bar.dataset.year, host });
  });
  document.querySelectorAll("#table tbody tr").forEach(tr => tr.addEventListener("click", () => explain({ year: tr.dataset.year, host })));
  draw();
}

page(historyPage, { chartLib: false });
