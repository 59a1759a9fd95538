// burdenshare dashboard, practice page: a student's offers against an agent, and the debrief (the
// offers on the utility plane, the frontier, Nash and Kalai-Smorodinsky, what was left on the table).
// No domain logic: the agent answers on the server; amounts are written by the server.
"use strict";


async function practice() {
  const id = document.body.dataset.room;
  const token = new URLSearchParams(location.hash.slice(1)).get("token");
  const headers = { "x-token": token || "" };
  const call = (path, opts = {}) => api(`/api/v1/practice/${id}${path}`, { ...opts, headers });
  let v = null, built = false;

  function build() {
    const w = v.your_preferences.weights, issues = Object.fromEntries(v.issues.map(i => [i.id, i]));
    table($("prefs"), Object.entries(w), [["issue", T("issue"), r => esc(r[0] === "money" ? T("money") : (issues[r[0]] || {}).title || r[0]), "text key"],
      ["weight", T("weight"), r => Math.round(r[1] * 100), "key"],
      ["values", T("values (0-100)"), r => { const vf = v.your_preferences.values[r[0]]; const i = issues[r[0]];
        if (!vf) return ""; if (typeof vf === "string") return esc(vf === "increasing" ? T("the more the better") : T("the less the better"));
        return esc(i.options.map(o => `${o.label}: ${Math.round(100 * vf[String(o.value)])}`).join(" · ")); }]]);
    document.querySelectorAll("#prefs td[data-col=values]").forEach(td => td.classList.add("words"));
    $("prefs").insertAdjacentHTML("afterend", `<p class="muted">${esc(T("Your reservation utility: {u}. {basis}", { u: pct(v.your_preferences.reservation_utility), basis: v.your_preferences.basis }))}</p>`);
    offerPackage = offerForm(v.issues, call);
  }

  let offerPackage = () => ({});

  const act = async (fn) => { try { await fn(); $("offer-status").textContent = ""; } catch (e) { $("offer-status").textContent = T("error: {message}", { message: e.message }); } load(); };
  $("send-offer").onclick = () => act(() => call("/offers", { method: "POST", body: JSON.stringify({ package: offerPackage() }) }));
  $("accept-last").onclick = () => act(() => { const last = [...v.offers].reverse().find(o => o.by === "agent");
    return call("/accept", { method: "POST", body: JSON.stringify({ offer: last ? last.number : 0 }) }); });
  $("leave").onclick = () => act(() => call("/leave", { method: "POST" }));

  function render() {
    const status = { open: T("Round {r} of {n}: your move.", { r: v.rounds_used + 1, n: v.deadline }),
      agreed: v.deal && v.deal.by === "agent" ? T("The agent accepted your offer no. {n}.", { n: v.deal.offer }) : T("You accepted the agent's offer no. {n}.", { n: v.deal ? v.deal.offer : "" }),
      deadline: T("The deadline passed without a deal."), collapsed: T("The talks collapsed."), left: T("You left the talks.") }[v.status];
    const hz = v.hazard ? " " + T("Risk: after each round from round {r}, the talks may collapse ({p}% a round).", { r: v.hazard.from_round, p: Math.round(v.hazard.probability * 100) }) : "";
    $("status").textContent = status + hz;
    $("play").hidden = v.status !== "open" || v.you !== "student";
    $("accept-last").disabled = !v.offers.some(o => o.by === "agent");
    const cols = [["number", T("no."), null, "key"], ["round", T("round")], ["by", T("by"), r => esc(r.by === "agent" ? v.agent_name : v.student_name), "text key"],
      ["words", T("package"), r => esc(r.words), "words key"], ["total_text", T("term total"), r => esc(r.total_text)], ["your_utility", T("your utility (0-100)"), r => pct(r.your_utility)]];
    if (v.debrief || v.you === "facilitator") cols.push(["agent_utility", T("the agent's utility (0-100)"), r => pct(r.agent_utility)]);
    table($("offers"), v.offers, cols);
    document.querySelectorAll("#offers td[data-col=words]").forEach(td => td.classList.add("words"));
    const d = v.debrief;
    $("debrief").hidden = !d;
    if (!d) return;
    const tactic = tacticName(v.tactic.kind);
    const left = d.left_on_table;
    $("debrief-summary").textContent = T("The agent played {tactic}.", { tactic }) + " " + (left
      ? T("Left on the table: both of you could have gained {gain} points more at once; {n} packages were better for both; the Nash solution would have given the two of you {joint} points more in all.",
        { gain: pct(left.equal_gain), n: left.packages_better_for_both.toLocaleString(), joint: pct(left.joint_gain_to_nash) })
      : T("Without a deal each side gets its reservation value."));
    const tr = (pts, name, extra) => ({ x: pts.map(p => p[0] * 100), y: pts.map(p => p[1] * 100), name, ...extra });
    const mine = v.offers.filter(o => o.by === "student"), theirs = v.offers.filter(o => o.by === "agent");
    const traces = [tr(d.frontier, T("Pareto frontier"), { mode: "lines", line: { color: "#1f4e79" } }),
      tr(mine.map(o => [o.your_utility, o.agent_utility]), T("your offers"), { mode: "lines+markers", marker: { color: "#3a7dbf" } }),
      tr(theirs.map(o => [o.your_utility, o.agent_utility]), T("the agent's offers"), { mode: "lines+markers", marker: { color: "#f0a030" } }),
      tr([d.disagreement], T("no deal (reservations)"), { mode: "markers", marker: { symbol: "x", size: 12, color: "#666" } })];
    if (d.nash) traces.push(tr([d.nash.utilities], T("Nash"), { mode: "markers", marker: { symbol: "star", size: 14, color: "#8064a2" } }));
    if (d.kalai_smorodinsky) traces.push(tr([d.kalai_smorodinsky.utilities], T("Kalai-Smorodinsky"), { mode: "markers", marker: { symbol: "diamond", size: 12, color: "#c0504d" } }));
    if (d.deal) traces.push(tr([d.deal], T("deal"), { mode: "markers", marker: { symbol: "circle-open", size: 18, color: "#1a7f37", line: { width: 3 } } }));
    drawChart("plane", traces, layout({ margin: { t: 20, l: 70 }, xaxis: { title: { text: T("utility of {party} (0-100)", { party: d.axes.x }) }, range: [0, 101], automargin: true },
      yaxis: { title: { text: T("utility of {party} (0-100)", { party: d.axes.y }) }, range: [0, 101] } }), chartConfig("burdenshare-debrief"));
    const rows = [];
    if (d.nash) rows.push({ point: T("Nash"), ...d.nash });
    if (d.kalai_smorodinsky) rows.push({ point: T("Kalai-Smorodinsky"), ...d.kalai_smorodinsky });
    if (v.deal) rows.push({ point: T("deal"), ...v.deal, utilities: d.deal });
    table($("solutions"), rows, [["point", T("point"), null, "key"], ["words", T("package"), r => esc(r.words), "words key"], ["total_text", T("term total"), r => esc(r.total_text)],
      ["u1", T("your utility (0-100)"), r => pct(r.utilities[0])], ["u2", T("the agent's utility (0-100)"), r => pct(r.utilities[1])]]);
    document.querySelectorAll("#solutions td[data-col=words]").forEach(td => td.classList.add("words"));
  }

  async function load() {
    try { v = await call(""); } catch (e) { $("title").textContent = e.message; return; }
    $("title").textContent = T("Practice: {title}", { title: v.title }); $("student").textContent = v.student_name; $("agent").textContent = v.agent_name;
    if (v.you === "facilitator") $("link-warning").textContent = T("This page's address is the facilitator's link: it shows the agent's utilities from the start. Do not share it.");
    if (!built && v.you === "student") { built = true; build(); }
    render();
  }
  await load();
}

page(practice);
