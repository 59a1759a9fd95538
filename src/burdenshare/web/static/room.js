// burdenshare dashboard, room page: a party's preferences by form (weights or pairwise ratings,
// a value per option, a reservation), offers in words, the deal, post-settlement proposals and
// blind bidding; the facilitator's view. No domain logic: every figure and every amount's text
// comes from the API (amounts are written by the server in the reader's language).
"use strict";

const RATINGS = [9, 7, 5, 3, 1, 1 / 3, 1 / 5, 1 / 7, 1 / 9];
const ratingLabel = (r) => r === 1 ? T("as much as") : r > 1 ? T("{n} times as much as", { n: r }) : T("{n} times less than", { n: Math.round(1 / r) });


async function room() {
  const id = document.body.dataset.room;
  const token = new URLSearchParams(location.hash.slice(1)).get("token");
  const headers = { "x-token": token || "" };
  const call = (path, opts = {}) => api(`/api/v1/rooms/${id}${path}`, { ...opts, headers });
  let v = null, built = false, items = [];

  // --- the preferences form ---------------------------------------------------------------------
  function buildPrefs() {
    const payer = v.parties.find(p => p.id === v.you)?.role === "payer";
    items = [{ id: "money", title: T("money (what the payments are worth to you)") },
      ...v.issues.filter(i => i.kind !== "first_year").map(i => ({ id: i.id, title: i.title, issue: i }))];
    $("money-note").textContent = payer
      ? T("Money: the less you pay (the yearly equivalent of the payments, at your discount rate), the better; its scale runs from the dearest package to the cheapest.")
      : T("Money: the more you receive (the yearly equivalent of the payments, at your discount rate), the better; its scale runs from the smallest package to the largest.");
    $("weights").innerHTML = items.map(it => `<tr><th>${esc(it.title)}</th>
      <td><input type="range" min="0" max="100" step="1" id="w-${it.id}" data-pair="wn-${it.id}"></td>
      <td><input type="number" min="0" max="100" step="1" class="pct" id="wn-${it.id}" data-pair="w-${it.id}"></td></tr>`).join("");
    const pairs = [];
    items.forEach((a, i) => items.slice(i + 1).forEach(b => pairs.push([a, b])));
    $("pairwise").innerHTML = pairs.map(([a, b]) => `<tr><td>${esc(a.title)}</td><td><select id="pw-${a.id}--${b.id}" data-pair-key="${a.id}>${b.id}">` +
      RATINGS.map(r => `<option value="${r}" ${r === 1 ? "selected" : ""}>${esc(ratingLabel(r))}</option>`).join("") + `</select></td><td>${esc(b.title)}</td></tr>`).join("");
    $("values").innerHTML = items.filter(it => it.issue).map(({ issue }) => `<table class="form" id="vt-${issue.id}"><tr><th colspan="3">${esc(issue.title)}
      ${issue.numeric ? `<select id="shape-${issue.id}"><option value="table">${esc(T("a value for each option"))}</option>
        <option value="increasing">${esc(T("a straight line: the more the better"))}</option>
        <option value="decreasing">${esc(T("a straight line: the less the better"))}</option></select>` : ""}</th></tr>` +
      issue.options.map((o, k) => `<tr class="opt-${issue.id}"><td>${esc(o.label)}</td>
        <td><input type="range" min="0" max="100" id="v-${issue.id}-${k}" data-pair="vn-${issue.id}-${k}"></td>
        <td><input type="number" min="0" max="100" class="pct" id="vn-${issue.id}-${k}" data-pair="v-${issue.id}-${k}"></td></tr>`).join("") + "</table>").join("");
    const fy = v.issues.find(i => i.kind === "first_year");
    $("reservation-amount-label").textContent = payer
      ? T("the most you would pay in the first year (from {min} to {max}; other terms as in the case's defaults)", { min: fy.min_text, max: fy.max_text })
      : T("the least you would take in the first year (from {min} to {max}; other terms as in the case's defaults)", { min: fy.min_text, max: fy.max_text });
    // initial values: your saved preferences, else a neutral start
    const mine = v.your_preferences;
    const w = {};
    if (mine) items.forEach(it => w[it.id] = Math.round(100 * (mine.weights[it.id] || 0)));
    else { const rest = Math.floor(50 / (items.length - 1)); items.forEach(it => w[it.id] = it.id === "money" ? 100 - rest * (items.length - 1) : rest); }
    items.forEach(it => setPair(`wn-${it.id}`, w[it.id]));
    items.filter(it => it.issue).forEach(({ issue }) => {
      const vf = mine && mine.values[issue.id];
      if (typeof vf === "string" && $(`shape-${issue.id}`)) $(`shape-${issue.id}`).value = vf;
      issue.options.forEach((o, k) => setPair(`vn-${issue.id}-${k}`, vf && typeof vf === "object" ? Math.round(100 * vf[String(o.value)]) : 50));
    });
    if (mine) {
      $("discount").value = mine.discount_rate;
      if (mine.reservation.package) { $("reservation-amount").value = mine.reservation.package[fy.id]; }
      else { $("rmode-utility").checked = true; $("reservation-utility").value = Math.round(100 * mine.reservation.utility); }
    } else { $("reservation-amount").value = payer ? fy.max_text : fy.min_text; }
    document.querySelectorAll("#prefs-section input, #prefs-section select").forEach(el => el.addEventListener("input", onPrefsInput));
    document.querySelectorAll("#prefs-section input, #prefs-section select").forEach(el => el.addEventListener("change", onPrefsInput));
    $("weights-scale").onclick = scaleWeights;
    shapes(); sumWeights(); preview();
  }

  function setPair(numberId, x) { $(numberId).value = x; const other = $(numberId).dataset.pair; if (other) $(other).value = x; }

  function onPrefsInput(e) {
    const el = e.target;
    if (el.dataset.pair) $(el.dataset.pair).value = el.value;
    shapes(); sumWeights(); preview();
  }

  function pairwiseMode() { return $("wmode-pairwise").checked; }

  function shapes() {
    items.filter(it => it.issue && it.issue.numeric).forEach(({ issue }) => {
      const table = $(`shape-${issue.id}`).value === "table";
      document.querySelectorAll(`tr.opt-${issue.id}`).forEach(tr => tr.hidden = !table);
    });
    $("pairwise").hidden = !pairwiseMode();
    $("weights-sum-line").hidden = pairwiseMode();
    document.querySelectorAll("#weights input").forEach(el => el.disabled = pairwiseMode());
  }

  function sumWeights() {
    const s = items.reduce((a, it) => a + Number($(`wn-${it.id}`).value || 0), 0);
    $("weights-sum").textContent = s;
    $("weights-sum").className = s === 100 ? "ok" : "bad";
    return s;
  }

  function scaleWeights() {
    const s = sumWeights();
    if (!s) return;
    let left = 100;
    items.forEach((it, k) => {
      const x = k === items.length - 1 ? left : Math.round(100 * Number($(`wn-${it.id}`).value || 0) / s);
      left -= x; setPair(`wn-${it.id}`, x);
    });
    sumWeights(); preview();
  }

  function draft() {
    const values = {};
    items.filter(it => it.issue).forEach(({ issue }) => {
      const shape = issue.numeric ? $(`shape-${issue.id}`).value : "table";
      values[issue.id] = shape !== "table" ? shape
        : Object.fromEntries(issue.options.map((o, k) => [String(o.value), Number($(`vn-${issue.id}-${k}`).value) / 100]));
    });
    const fy = v.issues.find(i => i.kind === "first_year").id;
    const reservation = $("rmode-utility").checked ? { utility: Number($("reservation-utility").value) / 100 }
      : { package: { [fy]: $("reservation-amount").value } };
    const body = { values, reservation, discount_rate: Number($("discount").value) };
    if (pairwiseMode()) {
      body.pairwise = {};
      document.querySelectorAll("#pairwise select").forEach(s => body.pairwise[s.dataset.pairKey] = Number(s.value));
    } else {
      body.weights = Object.fromEntries(items.map(it => [it.id, Number($(`wn-${it.id}`).value) / 100]));
    }
    return body;
  }

  const preview = debounce(async () => {
    try {
      const p = await call("/preferences/preview", { method: "POST", body: JSON.stringify(draft()) });
      $("checks").innerHTML = p.checks.length ? p.checks.map(c => `<li class="${esc(c.level)}">${esc(c.message)}</li>`).join("")
        : `<li class="ok">${esc(T("No problem found."))}</li>`;
      if (pairwiseMode() && p.weights) items.forEach(it => setPair(`wn-${it.id}`, Math.round(100 * (p.weights[it.id] || 0))));
      if (p.consistency_ratio !== null && p.consistency_ratio !== undefined)
        $("checks").insertAdjacentHTML("beforeend", `<li class="note">${esc(T("Consistency ratio of the pairwise ratings: {cr} (below 0.10 is consistent)", { cr: p.consistency_ratio.toFixed(2) }))}</li>`);
      table($("preview"), p.offers, [["label", T("offer"), null, "key"], ["words", T("package"), r => esc(r.words), "words key"],
        ["your_utility", T("your utility (0-100)"), r => pct(r.your_utility)]]);
      document.querySelectorAll("#preview td[data-col=words]").forEach(td => td.classList.add("words"));
    } catch (e) { $("checks").innerHTML = `<li class="error">${esc(e.message)}</li>`; }
  }, 250);

  $("save-prefs").onclick = async () => {
    try {
      const p = await api(`/api/v1/rooms/${id}/parties/${v.you}/preferences`, { method: "PUT", headers, body: JSON.stringify(draft()) });
      $("prefs-status").textContent = p.saved ? T("saved") : ""; $("prefs-status").className = "ok"; load();
    } catch (e) { $("prefs-status").textContent = T("error: {message}", { message: e.message }); $("prefs-status").className = "bad"; }
  };

  // --- the offer form -------------------------------------------------------------------------------
  let offerPackage = () => ({});
  function buildOffer() { offerPackage = offerForm(v.issues, call); }

  $("send-offer").onclick = async () => {
    try {
      await call("/offers", { method: "POST", body: JSON.stringify({ package: offerPackage() }) });
      $("offer-status").textContent = T("sent"); $("offer-status").className = "ok"; load();
    } catch (e) { $("offer-status").textContent = T("error: {message}", { message: e.message }); $("offer-status").className = "bad"; }
  };

  // --- what the room shows -------------------------------------------------------------------------
  const names = () => Object.fromEntries(v.parties.map(p => [p.id, p.name]));

  function renderOffers() {
    const n = names(), party = v.you !== "facilitator";
    const lastOther = party ? [...v.offers].reverse().find(o => o.party !== v.you) : null;
    const cols = [["number", T("no."), null, "key"], ["round", T("round")], ["party", T("party"), r => esc(n[r.party] || r.party), "text key"],
      ["words", T("package"), r => esc(r.words), "words key"], ["total_text", T("term total"), r => esc(r.total_text)]];
    if (v.your_preferences) cols.push(["your_utility", T("your utility (0-100)"), r => pct(r.your_utility)]);
    if (party && v.status === "open") cols.push(["accept", "", r => lastOther && r.number === lastOther.number
      ? `<button class="accept-offer" data-offer="${r.number}">${esc(T("Accept this offer"))}</button>` : ""]);
    table($("offers"), v.offers, cols);
    document.querySelectorAll("#offers td[data-col=words]").forEach(td => td.classList.add("words"));
    $("gap-empty").hidden = v.gap.length > 0;
    $("gap").hidden = v.gap.length === 0;
    if (v.gap.length) {
      drawChart("gap", [{ x: v.gap.map(g => g.after_offer), y: v.gap.map(g => g.gap / v.unit.scale), text: v.gap.map(g => g.gap_text),
        hoverinfo: "text", mode: "lines+markers" }],
        layout({ margin: { t: 10, l: 90, b: 50 }, xaxis: { title: { text: T("after offer no.") }, dtick: 1, automargin: true },
          yaxis: { title: { text: T("gap ({unit})", { unit: v.unit.label }) }, rangemode: "tozero", automargin: true } }), chartConfig("burdenshare-gap"));
    }
  }

  function renderDeal() {
    $("deal-section").hidden = !v.deal;
    if (!v.deal) return;
    const how = v.deal.source === "blind_bidding" ? T("set by blind bidding in round {r}", { r: v.deal.round }) : T("offer no. {n} accepted", { n: v.deal.offer });
    $("deal").textContent = `${v.deal.words} — ${T("term total {total}", { total: v.deal.total_text })} (${how})` +
      (v.deal.your_utility !== undefined ? ` · ${T("your utility {u}", { u: pct(v.deal.your_utility) })}` : "");
    const ps = v.post_settlement;
    const status = { waiting_for_preferences: T("Proposals appear once both parties have entered their preferences."),
      none: T("No package is better than the deal for both parties: the deal is efficient."),
      open: T("Accept or reject each proposal. The other party's answers are not shown; only the outcome."),
      adopted: T("Both parties accepted proposal {n}: it replaces the deal.", { n: ps.adopted }),
      kept: T("No proposal was accepted by both: the deal stands.") }[ps.status];
    $("ps-status").textContent = ps.weak_only && ps.status === "open"
      ? `${status} ${T("No package is better than the deal for both parties, but these are better for one and as good for the other: the deal is only weakly efficient.")}` : status;
    const party = v.you !== "facilitator";
    const cols = [["number", T("no."), null, "key"], ["words", T("package"), r => esc(r.words), "words key"], ["total_text", T("term total"), r => esc(r.total_text)],
      ["weak", T("improvement"), r => esc(r.weak ? T("weak: better for one party, as good for the other") : T("better for both parties"))]];
    if (v.your_preferences) cols.push(["your_utility", T("your utility (0-100)"), r => pct(r.your_utility)]);
    if (party) cols.push(["answer", T("your answer"), r => r.your_response === true ? esc(T("accepted")) : r.your_response === false ? esc(T("rejected"))
      : ps.status === "open" ? `<button class="ps" data-p="${r.number}" data-a="1">${esc(T("Accept"))}</button> <button class="ps" data-p="${r.number}" data-a="0">${esc(T("Reject"))}</button>` : ""]);
    else {
      const n = names(), each = (obj, f) => Object.entries(obj || {}).map(([p, x]) => `${n[p] || p}: ${f(x)}`).join(" · ");
      cols.push(["responses", T("answers"), r => esc(each(r.responses, a => a ? T("accepted") : T("rejected")))],
        ["utilities", T("utilities"), r => esc(each(r.utilities, pct))]);
    }
    table($("proposals"), ps.proposals, cols);
    document.querySelectorAll("#proposals td[data-col=words]").forEach(td => td.classList.add("words"));
    $("final").textContent = v.final ? T("Final: {words} — term total {total}", { words: v.final.words, total: v.final.total_text }) : "";
  }

  function renderBlind() {
    const b = v.blind_bidding;
    $("blind-section").hidden = !b;
    if (!b) return;
    const payer = v.parties.find(p => p.id === v.you)?.role === "payer";
    $("blind-rule").textContent = T("Each round both parties enter a secret bid; the room says only whether the bids overlap. When they do, the deal is set by the rule: {rule}. Bids from {min} to {max}, in steps of {step}.",
      { rule: b.rule_text, min: b.min_text, max: b.max_text, step: b.step_text });
    $("blind-label").textContent = payer ? T("the most you would pay in the first year") : T("the least you would take in the first year");
    const state = { open: b.waiting_for_other ? T("Round {r}: your bid is in; waiting for the other party.", { r: b.current_round }) : T("Round {r} of {n} is open.", { r: b.current_round, n: b.rounds }),
      settled: T("The bids overlapped: the deal is set."), failed: T("No overlap in {n} rounds: the blind bidding failed.", { n: b.rounds }),
      closed: T("The talks reached a deal otherwise; the blind bidding is closed.") }[b.status];
    $("blind-status").textContent = `${state} ${T("Rounds left: {n}.", { n: b.rounds_left })}`;
    $("blind-form").hidden = v.you === "facilitator" || b.status !== "open" || b.waiting_for_other;
    const own = Object.fromEntries((b.your_bids || []).map(x => [x.round, x.amount_text]));
    table($("blind-results"), b.results, [["round", T("round")], ["overlap", T("bids overlap"), r => r.overlap ? esc(T("yes")) : esc(T("no"))],
      ...(v.you === "facilitator" ? [["bids", T("bids"), r => esc(Object.entries((b.bids_text || {})[r.round] || {}).map(([p, a]) => `${names()[p] || p}: ${a}`).join(" · "))]]
        : [["mine", T("your bid"), r => esc(own[r.round] || "")]])]);
  }

  $("send-bid").onclick = async () => {
    try { await call("/bids", { method: "POST", body: JSON.stringify({ amount: $("bid").value }) }); $("bid-status").textContent = T("sent"); $("bid").value = ""; load(); }
    catch (e) { $("bid-status").textContent = T("error: {message}", { message: e.message }); }
  };

  document.addEventListener("click", async (e) => {
    const t = e.target;
    try {
      if (t.classList.contains("accept-offer")) { await call("/accept", { method: "POST", body: JSON.stringify({ offer: Number(t.dataset.offer) }) }); load(); }
      if (t.classList.contains("ps")) { await call("/post-settlement", { method: "POST", body: JSON.stringify({ proposal: Number(t.dataset.p), accept: t.dataset.a === "1" }) }); load(); }
    } catch (err) { alert(err.message); }
  });

  function renderFacilitator() {
    $("facilitator-section").hidden = v.you !== "facilitator";
    if (v.you !== "facilitator") return;
    if (v.efficient_packages && Array.isArray(v.efficient_packages)) {
      // a party's column is named by its role (utility_payer, utility_payee), its heading by its name
      table($("efficient"), v.efficient_packages, [["words", T("package"), r => esc(r.words), "words key"], ["nash", T("Nash"), r => r.nash ? esc(T("yes")) : ""],
        ...v.parties.map(p => [`utility_${p.role}`, p.name, r => pct(r[`utility_${p.role}`])])]);
    } else table($("efficient"), [], [["words", T("Shown when both parties have entered preferences."), null, "words key"]]);
    const words = v.preferences_words || {};
    const rows = v.parties.flatMap(p => words[p.id] ? words[p.id].map((w, k) => ({ party: k ? "" : p.name, ...w }))
      : [{ party: p.name, what: T("not entered yet"), text: "" }]);
    table($("facilitator"), rows, [["party", T("party"), null, "text key"], ["what", T("what"), null, "text"], ["text", T("preferences"), r => esc(r.text), "words key"]]);
  }

  async function load() {
    let next;
    try { next = await call(""); } catch (e) { $("title").textContent = e.message; return; }
    // the view's version changes only with what this link may see (the browser revalidates it by
    // its ETag); an unchanged view is not drawn again
    if (v && next.version === v.version) return;
    v = next;
    $("title").textContent = v.title; $("you").textContent = v.you_name; $("you").dataset.party = v.you; $("version").textContent = v.version;
    const party = v.you !== "facilitator";
    $("link-warning").textContent = party ? T("This page's address is your secret link: anyone who has it can act as you and read your private preferences. Do not share it; keep it to come back.")
      : T("This page's address is the facilitator's link: it shows both parties' private preferences. Do not share it.");
    $("prefs-section").hidden = !party || v.status !== "open";
    $("offer-section").hidden = !party || v.status !== "open";
    if (party && !built) { built = true; buildPrefs(); buildOffer(); }
    renderOffers(); renderDeal(); renderBlind(); renderFacilitator();
  }

  await load();
  setInterval(load, 3000);
}

page(room);
