// burdenshare dashboard, tournament page: queues a tournament job, shows its progress, then the
// leaderboard and the pairings. It opens with the tournament its address names (?job=), else the last
// one finished on this server, else says what to do. No domain logic: every figure comes from the API.
"use strict";

// a case by its title (the cases the page lists); its id only where the page does not list it
let caseTitles = {};

function showTournament(j) {
  const m = j.result.meta;
  $("state").textContent = T("{games} games", { games: num(m.games) });
  $("about").textContent = T("Cases: {cases}; {seeds} seeds, seed {seed}, deadline {deadline} rounds. Data version {version}.",
    { cases: (m.cases || []).map(c => caseTitles[c] || c).join(", "), seeds: m.seeds, seed: m.seed, deadline: m.deadline, version: m.data_version });
  table($("board"), j.result.leaderboard, [["rank", T("rank"), null, "key"], ["tactic", T("tactic"), r => esc(tacticName(r.tactic)), "text key"], ["games", T("games")],
    ["mean_utility", T("mean utility"), r => r.mean_utility.toFixed(3), "key"], ["agreement_rate", T("agreement rate"), r => (100 * r.agreement_rate).toFixed(1) + "%"],
    ["distance_to_nash", T("distance to Nash"), r => r.distance_to_nash.toFixed(3)], ["mean_rounds", T("mean rounds"), r => r.mean_rounds === null ? "" : r.mean_rounds.toFixed(1)]]);
  const tac = [...new Set(j.result.pairings.map(r => r.tactic))];
  const z = tac.map(a => tac.map(b => (j.result.pairings.find(r => r.tactic === a && r.opponent === b) || {}).mean_utility));
  drawChart("pairs", [{ type: "heatmap", z, x: tac.map(tacticName), y: tac.map(tacticName), colorscale: "Blues", reversescale: true,
    text: z.map(row => row.map(x => x === undefined ? "" : x.toFixed(3))), texttemplate: "%{text}" }],
    layout({ margin: { t: 20, l: 110 }, xaxis: { title: { text: T("opponent") }, automargin: true } }), chartConfig("burdenshare-tournament"));
  setState({ job: j.job });
  downloads(`/api/v1/tournaments/${j.job}`, {});
  pngLink("pairs", "burdenshare-tournament");
}

function noTournament() {
  $("board").innerHTML = `<tbody><tr><td class="text empty">${esc(T("No tournament has finished on this server yet: choose one or more cases above and press Run (50 seeds take a few seconds)."))}</td></tr></tbody>`;
}

async function tournament() {
  const { cases } = await everyCase();
  caseTitles = Object.fromEntries(cases.map(c => [c.id, c.title]));
  $("cases").innerHTML = cases.map((r, k) => `<option value="${esc(r.id)}" data-host="${esc(r.host)}" ${k === 0 ? "selected" : ""}>${esc(r.title)}</option>`).join("");
  $("run").onclick = async () => {
    const picked = new Set([...$("cases").selectedOptions].map(o => o.dataset.host));
    if (picked.size > 1) { $("state").textContent = T("choose the cases of one host"); return; }
    $("state").textContent = T("running…");
    try {
      const { job } = await api("/api/v1/tournaments", { method: "POST", body: JSON.stringify({
        cases: [...$("cases").selectedOptions].map(o => o.value), host: ($("cases").selectedOptions[0] || {}).dataset?.host, seeds: Number($("seeds").value), seed: Number($("seed").value),
        deadline: Number($("deadline").value) }) });
      const j = await pollJob(`/api/v1/tournaments/${job}`, (q) => { $("progress").value = q.total ? q.done / q.total : 0; });
      if (j.status === "failed") { $("state").textContent = T("error: {message}", { message: j.error }); return; }
      showTournament(j);
    } catch (e) { $("state").textContent = T("error: {message}", { message: e.message }); }
  };
  // the tournament the address names, else the last finished one
  const wanted = getState({ job: "" }).job;
  try {
    const j = await api(wanted ? `/api/v1/tournaments/${encodeURIComponent(wanted)}` : "/api/v1/tournaments/latest");
    if (j.status === "done") showTournament(j); else noTournament();
  } catch (e) { noTournament(); }
  document.body.dataset.ready = "1";
}

page(tournament);
