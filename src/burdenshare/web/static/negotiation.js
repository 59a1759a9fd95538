// burdenshare dashboard, negotiation page: fetches the JSON API and draws with Plotly. No domain logic.
"use strict";

async function negotiation() {
  const cs = await api("/api/v1/negotiations");
  $("case").innerHTML = cs.rows.map(r => `<option value="${r.id}">${r.title}</option>`).join("");
  $("create").onclick = async () => {
    const res = await api("/api/v1/rooms", { method: "POST", body: JSON.stringify({ case: $("case").value }) });
    $("links").innerHTML = Object.entries(res.tokens).map(([who, t]) =>
      `<li>${esc(who === "facilitator" ? T("facilitator") : who)}: <a class="room-link" data-who="${esc(who)}" href="/room/${res.room}#token=${t}">/room/${res.room}#token=…</a></li>`).join("");
  };
}

page(negotiation);
