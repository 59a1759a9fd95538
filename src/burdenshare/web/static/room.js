// burdenshare dashboard, room page: fetches the JSON API and draws with Plotly. No domain logic.
"use strict";

async function room() {
  const token = new URLSearchParams(location.hash.slice(1)).get("token");
  const headers = { "x-token": token || "" };
  const load = async () => {
    const v = await api(`/api/v1/rooms/${document.body.dataset.room}`, { headers });
    $("title").textContent = v.title; $("you").textContent = v.you; $("version").textContent = v.version;
    const party = v.you !== "facilitator";
    $("prefs-section").hidden = !party; $("offer-section").hidden = !party;
    if (party && !$("prefs").value) {
      $("prefs").value = JSON.stringify(v.your_preferences || { weights: { money: 1.0 }, values: {}, reservation: { utility: 0.2 }, discount_rate: 3 }, null, 1);
    }
    if (party && !$("offer-form").innerHTML) {
      $("offer-form").innerHTML = v.issues.map(i => i.kind === "first_year"
        ? `<label>${i.title || i.id} <input id="issue-${i.id}" type="number" min="${i.min}" max="${i.max}" step="${i.step}" value="${i.min}"></label>`
        : `<label>${i.title || i.id} <select id="issue-${i.id}">${i.options.map(o => `<option>${o}</option>`).join("")}</select></label>`).join(" ");
      window.ISSUES = v.issues;
    }
    const fy = v.issues.find(i => i.kind === "first_year").id;
    table($("offers"), v.offers, [["round", T("round")], ["party", T("party")], ["first_year", T("first year"), r => num(r.package[fy])],
      ["package", T("terms"), r => esc(Object.entries(r.package).filter(([k]) => k !== fy).map(([k, x]) => `${k}=${x}`).join(", "))],
      ["total", T("term total"), r => num(r.total)], ["total_usd", T("term total (USD)"), r => num(r.total_usd)]]);
    Plotly.react("gap", [{ x: v.gap.map(g => g.after_offer), y: v.gap.map(g => g.gap), mode: "lines+markers" }],
      layout({ xaxis: { title: { text: T("offer") }, dtick: 1 }, yaxis: { title: { text: T("gap") }, tickformat: ",.0f", rangemode: "tozero" } }), chartConfig("burdenshare-gap"));
    if (v.efficient_packages) {
      $("efficient-note").textContent = "Packages on the frontier of both parties' preferences, acceptable to both.";
      table($("efficient"), v.efficient_packages, [["package", T("package"), r => esc(Object.entries(r.package).map(([k, x]) => `${k}=${x}`).join(", "))],
        ["nash", "Nash", r => r.nash ? T("yes") : ""]]);
    }
    $("facilitator").textContent = v.preferences ? T("Facilitator view: preferences") + "\n" + JSON.stringify(v.preferences, null, 1) : "";
  };
  $("save-prefs").onclick = async () => {
    try {
      const p = await api(`/api/v1/rooms/${document.body.dataset.room}/parties/${$("you").textContent}/preferences`,
        { method: "PUT", headers, body: $("prefs").value });
      $("prefs-status").textContent = p.saved ? T("saved") : ""; load();
    } catch (e) { $("prefs-status").textContent = T("error: {message}", { message: e.message }); }
  };
  $("send-offer").onclick = async () => {
    const pkg = {};
    (window.ISSUES || []).forEach(i => { const el = $("issue-" + i.id); const x = el.value; pkg[i.id] = (i.kind === "first_year" || i.kind === "term" || /^\d+(\.\d+)?$/.test(x)) ? Number(x) : x; });
    try {
      await api(`/api/v1/rooms/${document.body.dataset.room}/offers`, { method: "POST", headers, body: JSON.stringify({ package: pkg, round: Number($("round").value) }) });
      $("offer-status").textContent = T("sent"); load();
    } catch (e) { $("offer-status").textContent = T("error: {message}", { message: e.message }); }
  };
  await load();
  setInterval(load, 3000);
}

page(room);
