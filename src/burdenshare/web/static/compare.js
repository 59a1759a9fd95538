// burdenshare dashboard, Compare page: a baseline and scenarios (bundled, or saved) side by side; the
// selection is kept in the address (baseline, scenarios, saved, log). It opens with the plausible
// alternatives (the data marks a scenario "extreme" when it pays three times the baseline or more);
// the extremes are one click away, and when the amounts differ tenfold a second panel leaves them out.
"use strict";

async function comparePage() {
  const state = getState({ scenarios: "", saved: "", log: "" });
  const [ag, sc, listed] = await Promise.all([api("/api/v1/agreements"), api("/api/v1/scenarios"), api("/api/v1/saved-scenarios")]);
  const registry = api("/api/v1/sources").then(s => Object.fromEntries(s.rows.map(r => [r.id, r])), () => ({}));
  const sel = $("baseline");
  sel.innerHTML = ag.rows.map(r => `<option value="${esc(r.id)}">${esc(r.title)}</option>`).join("");
  sel.value = ag.rows.some(r => r.id === state.baseline) ? state.baseline : latestAgreement(ag.rows);
  $("log").checked = state.log === "1";
  const mine = () => JSON.parse(localStorage.getItem("burdenshare.saved") || "[]");
  const docs = {};

  const boxes = () => {
    const chosen = new Set((state.scenarios || "").split(",").filter(Boolean));
    const saved = new Set((state.saved || "").split(",").filter(Boolean));
    const bundled = sc.rows.filter(r => r.baseline === sel.value);
    const savedRows = [...mine(), ...listed.rows.filter(r => !mine().some(m => m.id === r.id))].filter(r => r.baseline === sel.value);
    const none = !chosen.size && !saved.size;
    const box = (r) => `<label><input type="checkbox" data-kind="bundled" data-plausibility="${esc(r.plausibility || "plausible")}" value="${esc(r.id)}" ${(none ? r.plausibility !== "extreme" : chosen.has(r.id)) ? "checked" : ""}> ${esc(r.title)}</label>`;
    const plausible = bundled.filter(r => r.plausibility !== "extreme"), extreme = bundled.filter(r => r.plausibility === "extreme");
    $("scenarios").innerHTML = `<legend>${esc(T("Scenarios"))}</legend>` + plausible.map(box).join(" ")
      + savedRows.map(r => `<label><input type="checkbox" data-kind="saved" value="${esc(r.id)}" ${saved.has(r.id) ? "checked" : ""}> ${esc(r.name)} (${esc(T("saved"))})</label>`).join(" ")
      + (extreme.length ? `<div class="extremes" id="extremes"><span class="note">${esc(T("Extreme demands and formulas (three times the baseline or more in some year):"))}</span> `
        + extreme.map(box).join(" ") + ` <button type="button" class="secondary" id="add-extremes">${esc(T("Add the extremes"))}</button></div>` : "");
    if ($("add-extremes")) $("add-extremes").onclick = () => { document.querySelectorAll('#scenarios input[data-plausibility="extreme"]').forEach(i => { i.checked = true; }); run(); };
    document.querySelectorAll("#scenarios input").forEach(i => { i.onchange = run; });
    savedTable(savedRows);
  };

  let latest = 0;
  const run = async () => {
    const mine = ++latest;
    const picks = [...document.querySelectorAll("#scenarios input:checked")];
    const bundled = picks.filter(i => i.dataset.kind === "bundled").map(i => i.value);
    const saved = picks.filter(i => i.dataset.kind === "saved").map(i => i.value);
    setState({ baseline: sel.value, scenarios: bundled.join(","), saved: saved.join(","), log: $("log").checked ? "1" : "" });
    if (!bundled.length && !saved.length) {
      $("finding").textContent = T("Choose at least one scenario.");
      const empty = `<tbody><tr><td class="text empty">${esc(T("No scenario chosen: tick one or more scenarios above (or press \"Add the extremes\").")) }</td></tr></tbody>`;
      $("totals").innerHTML = empty; $("years").innerHTML = empty; $("chart2").hidden = true;
      if (window.Plotly) Plotly.purge("chart");
      return;
    }
    try {
      for (const id of saved) if (!docs[id]) docs[id] = (await api(`/api/v1/saved-scenarios/${id}`)).scenario;
      const res = await api("/api/v1/compare", { method: "POST", body: JSON.stringify({ baseline: sel.value, scenarios: [...bundled, ...saved.map(id => docs[id])] }) });
      if (mine !== latest) return;
      draw(res);
      downloads("/api/v1/compare", { baseline: sel.value, scenarios: bundled.join(",") });
      pngLink("chart", `burdenshare-compare-${sel.value}`);
    } catch (e) { $("finding").textContent = T("error: {message}", { message: e.message }); }
  };

  const draw = (res) => {
    const u = res.meta.unit;
    const by = {};
    res.rows.forEach(r => (by[r.scenario] ||= []).push(r));
    const peaks = Object.fromEntries(Object.entries(by).map(([k, rows]) => [k, Math.max(0, ...rows.map(r => r["amount"] || 0))]));
    const names = Object.keys(by);
    // amounts that differ tenfold or more: a second panel without the largest (three times the smallest
    // peak or more), unless the log scale already shows them together
    const positive = names.map(n => peaks[n]).filter(v => v > 0);
    const spread = positive.length > 1 ? Math.max(...positive) / Math.min(...positive) : 1;
    const low = Math.min(...positive);
    const big = names.filter(n => peaks[n] >= 3 * low);
    const rest = names.filter(n => !big.includes(n));
    const split = spread >= 10 && !$("log").checked && rest.length > 0;
    const ink = getComputedStyle(document.body).getPropertyValue("--ink").trim() || "#1b1f24";
    const trace = (k, rows) => ({ type: "scatter", mode: "lines+markers", name: res.meta.scenario_names[k] || k,
      x: rows.map(r => r.year), y: rows.map(r => r["amount"] === null ? null : r["amount"] / u.scale),
      customdata: rows.map(r => r["amount_text"]), hovertemplate: "%{x}: %{customdata}<extra>%{fullData.name}</extra>",
      line: k === "baseline" ? { color: ink, width: 3 } : {}, marker: k === "baseline" ? { color: ink } : {}, connectgaps: false });
    const yaxis = { title: { text: u.label }, type: $("log").checked ? "log" : "linear" };
    drawChart("chart", names.map(k => trace(k, by[k])), layout({ yaxis }), chartConfig("burdenshare-compare"));
    $("chart2").hidden = !split;
    if ($("spread-note")) $("spread-note").textContent = spread >= 10 && !$("log").checked
      ? T("The amounts differ more than tenfold: the second chart leaves out {names}; or tick the log scale.", { names: big.map(n => res.meta.scenario_names[n] || n).join(", ") }) : "";
    if (split) drawChart("chart2", rest.map(k => trace(k, by[k])), layout({ yaxis, title: { text: T("without {name}", { name: big.map(n => res.meta.scenario_names[n] || n).join(", ") }), font: { size: 13 } } }), chartConfig("burdenshare-compare-2"));
    $("finding").textContent = res.finding || "";
    table($("totals"), res.totals, [["scenario", T("scenario"), r => esc(res.meta.scenario_names[r.scenario] || r.scenario), "text key"],
      ["years", T("years"), r => `${r.first_year}–${r.last_year}`], ["total", T("total"), r => esc(r["total_text"]), "key"],
      ["diff", T("difference"), r => r.scenario === "baseline" ? "" : esc(r["diff_text"])],
      ["total_dollars", T("total in dollars"), r => esc(r.total_dollars_text)],
      ["total_real", T("total, real ({year} prices)", { year: res.meta.real_base_year }), r => esc(r["total_real_text"])]]);
    const years = [...new Set(res.rows.map(r => r.year))];
    table($("years"), years.map(y => ({ year: y, ...Object.fromEntries(names.map(k => [k, (by[k].find(r => r.year === y) || {})])) })),
      [["year", T("year")], ...names.map(k => [k, res.meta.scenario_names[k] || k, r => esc((r[k] || {})["amount_text"] || "")])]);
    // the scenarios' sources named by publisher and date, linked (their ids stay in data-source)
    registry.then(reg => {
      $("sources").innerHTML = res.meta.sources && res.meta.sources.length ? esc(T("Sources of the scenarios: {ids}", { ids: "\u0000" })).replace("\u0000",
        res.meta.sources.map(id => sourceLink(id, (reg[id] || {}).url, (reg[id] || {}).quality, reg[id])).join(", ")) : "";
    });
  };

  const savedTable = (rows) => {
    const own = mine();
    if (!rows.length) {
      $("saved").innerHTML = `<tbody><tr><td class="text empty">${esc(T("No saved scenario for this baseline yet: change a value in the Calculator, name it and press Save; it appears here."))}</td></tr></tbody>`;
      return;
    }
    table($("saved"), rows, [["name", T("name"), r => esc(r.name), "text"], ["baseline", T("baseline"), r => esc(r.baseline)],
      ["open", "", r => `<a href="/compare?baseline=${encodeURIComponent(r.baseline)}&saved=${encodeURIComponent(r.id)}&lang=${LANG}">${esc(T("open"))}</a>`],
      ["delete", "", r => own.some(m => m.id === r.id) ? `<button class="secondary delete" data-id="${esc(r.id)}" type="button">${esc(T("delete"))}</button>` : ""]]);
    document.querySelectorAll("#saved button.delete").forEach(b => b.onclick = async (ev) => {
      ev.stopPropagation();
      const m = mine().find(x => x.id === b.dataset.id);
      try {
        await api(`/api/v1/saved-scenarios/${m.id}`, { method: "DELETE", headers: { "x-token": m.token } });
        localStorage.setItem("burdenshare.saved", JSON.stringify(mine().filter(x => x.id !== m.id)));
        boxes(); run();
      } catch (e) { alert(e.message); }
    });
  };

  sel.onchange = () => { state.scenarios = ""; state.saved = ""; boxes(); run(); };
  $("log").onchange = run;
  boxes();
  await run();
}

page(comparePage);
