// burdenshare dashboard, negotiation page: open rooms and practice sessions, keep their links in
// this browser (localStorage) so that they survive a reload, and the history replayed under other
// formulas. No domain logic: every figure comes from the API.
"use strict";

const LINKS_KEY = "burdenshare.links";

function savedLinks() { try { return JSON.parse(localStorage.getItem(LINKS_KEY) || "[]"); } catch (e) { return []; } }

function showLinks() {
  const all = savedLinks();
  $("links").innerHTML = all.map(g => `<li><strong>${esc(g.title)}</strong> <span class="muted">${esc(g.kind)}</span><ul>` +
    g.links.map(l => `<li>${esc(l.label)}: <input class="link" readonly value="${esc(location.origin + l.href)}">
      <button class="copy" data-href="${esc(location.origin + l.href)}">${esc(T("Copy"))}</button>
      <a class="room-link" data-who="${esc(l.who)}" data-room="${esc(g.room)}" href="${esc(l.href)}" target="_blank" rel="noopener">${esc(T("open"))}</a>
      ${l.secret ? `<span class="muted">${esc(T("secret: only for {who}", { who: l.label }))}</span>` : ""}</li>`).join("") + "</ul></li>").join("");
  document.querySelectorAll("button.copy").forEach(b => b.onclick = async () => {
    try { await navigator.clipboard.writeText(b.dataset.href); b.textContent = T("Copied"); }
    catch (e) { b.previousElementSibling.select(); b.textContent = T("Select and copy"); }
  });
}

function remember(group) { const all = savedLinks(); all.unshift(group); localStorage.setItem(LINKS_KEY, JSON.stringify(all.slice(0, 20))); showLinks(); }

async function negotiation() {
  const { hosts, cases } = await everyCase();
  document.querySelectorAll(".case-select").forEach(el => el.innerHTML = cases.map(r =>
    `<option value="${esc(r.id)}" data-host="${esc(r.host)}">${esc(r.title)}${hosts.length > 1 ? ` (${esc(r.host_name)})` : ""}</option>`).join(""));
  const hostOf = (sel) => sel.selectedOptions[0].dataset.host;
  const parties = async () => {
    const c = await api(`/api/v1/negotiations/${$("p-case").value}?host=${hostOf($("p-case"))}`);
    $("p-student").innerHTML = c.meta.parties.map(p => `<option value="${esc(p.id)}">${esc(p.name)}</option>`).join("");
  };
  $("p-case").onchange = parties; await parties();
  showLinks();
  $("forget").onclick = () => { localStorage.removeItem(LINKS_KEY); showLinks(); };
  $("create").onclick = async () => {
    const body = { case: $("case").value, host: hostOf($("case")) };
    if ($("blind").checked) body.blind_bidding = { rule: $("blind-rule").value, rounds: Number($("blind-rounds").value) };
    const res = await api("/api/v1/rooms", { method: "POST", body: JSON.stringify(body) });
    const names = Object.fromEntries((await api(`/api/v1/negotiations/${res.case}?host=${body.host}`)).meta.parties.map(p => [p.id, p.name]));
    remember({ kind: T("room"), room: res.room, title: $("case").selectedOptions[0].textContent, links: Object.entries(res.tokens).map(([who, t]) =>
      ({ who, label: who === "facilitator" ? T("facilitator") : names[who] || who, secret: who !== "facilitator", href: `/room/${res.room}#token=${t}` })) });
  };
  $("p-create").onclick = async () => {
    const hz = Number($("p-hazard").value);
    const body = { case: $("p-case").value, host: hostOf($("p-case")), student: $("p-student").value, tactic: { kind: $("p-tactic").value },
      deadline: Number($("p-deadline").value), hazard: hz > 0 ? { probability: hz / 100, from_round: Number($("p-hazard-from").value) } : null };
    try {
      const res = await api("/api/v1/practice", { method: "POST", body: JSON.stringify(body) });
      remember({ kind: T("practice"), room: res.room, title: $("p-case").selectedOptions[0].textContent, links: [
        { who: "student", label: T("student"), secret: true, href: `/practice/${res.room}#token=${res.tokens.student}` },
        { who: "facilitator", label: T("facilitator"), secret: false, href: `/practice/${res.room}#token=${res.tokens.facilitator}` }] });
    } catch (e) { alert(e.message); }
  };
  document.body.dataset.ready = "1";
  const [rp, ags] = await Promise.all([api("/api/v1/replay"), api("/api/v1/agreements")]);
  downloads("/api/v1/replay", {});
  pngLink("replay-chart", "burdenshare-replay");
  const rows = rp.rows.filter(r => r.total !== null);
  // a case's bargaining solution is named by the case's title and the solution ("… talks: Nash"), an
  // agreement's formula by the agreement's title; the chart's axis by the agreements' short names (SMA-11)
  const point = { nash: T("Nash"), kalai_smorodinsky: T("Kalai-Smorodinsky") };
  const agreementTitle = Object.fromEntries([...ags.rows.map(r => [r.id, r.title]), ...rp.rows.map(r => [r.agreement, r.agreement_title])]);
  const caseTitle = Object.fromEntries(cases.map(c => [c.id, c.title]));
  const formulaName = (r) => {
    const of = r.formula.split(":")[0];
    return point[r.formula_kind] ? `${caseTitle[of] || of}: ${point[r.formula_kind]}` : (r.formula_title || agreementTitle[of] || of);
  };
  const short = (id) => id.toUpperCase();
  table($("replay"), rows, [["agreement", T("agreement"), r => esc(r.agreement_title || r.agreement), "text key"], ["years", T("years")], ["formula", T("formula of"), r => esc(formulaName(r)), "text key"],
    ["formula_text", T("rule"), r => esc(r.formula_text)],
    ["total_text", T("term total"), r => esc(r.total_text)], ["yearly_mean_text", T("yearly mean"), r => esc(r.yearly_mean_text), "key"],
    ["diff_pct", T("difference"), r => r.formula_kind === "actual" ? "" : `${r.diff_pct >= 0 ? "+" : ""}${r.diff_pct.toFixed(1)}%`],
    ["follows_text", T("follows"), r => esc(r.follows_text)], ["status_text", T("status"), r => esc(r.status_text)]]);
  const label = (r) => r.formula_kind === "actual" ? T("as agreed") : T("formula of {agreement}", { agreement: formulaName(r) });
  const kinds = [...new Set(rows.map(label))];
  drawChart("replay-chart", kinds.map(k => ({ type: "bar", name: k, x: rows.filter(r => label(r) === k).map(r => short(r.agreement)),
    y: rows.filter(r => label(r) === k).map(r => r.yearly_mean / rp.meta.unit.scale) })),
    layout({ barmode: "group", margin: { t: 20, l: 90 }, yaxis: { title: { text: T("yearly mean ({unit})", { unit: rp.meta.unit.label }) }, automargin: true } }),
    chartConfig("burdenshare-replay"));
}

page(negotiation);
