// burdenshare dashboard, one claim: the table is rendered on the server; this draws the claim
// against the contribution year by year from the same API. No domain logic.
"use strict";

async function claim() {
  const b = document.body.dataset;
  downloads(`/api/v1/claims/${encodeURIComponent(b.claim)}`, b.host ? { host: b.host } : {});
  const res = await api(`/api/v1/claims/${encodeURIComponent(b.claim)}?host=${encodeURIComponent(b.host || "")}`);
  const unit = res.meta.unit;
  const scaled = (xs) => xs.map(v => v === null || v === undefined ? null : v / unit.scale);
  const y = res.years.map(r => r.year);
  const traces = [];
  if (res.years.length && ("claim" in res.years[0])) {
    traces.push({ type: "bar", name: T("the claim"), x: y, y: scaled(res.years.map(r => r["claim"])), marker: { color: "#c0504d" } });
  }
  if (res.meta.claim.kind === "share_of") {
    const s = res.meta.claim.spec;
    traces.push({ type: "bar", name: T("the pledge"), x: y, y: scaled(res.years.map(r => r["target"])), marker: { color: "#c0504d" } });
    if (s.compare) traces.push({ type: "bar", name: T("actual"), x: y, y: scaled(res.years.map(r => r[s.compare])), marker: { color: "#1f4e79" } });
  } else {
    traces.push({ type: "bar", name: T("the contribution (SMA)"), x: y, y: scaled(res.years.map(r => r["sma"])),
      marker: { color: res.years.map(r => COLORS[r.sma_status] || "#999") } });
  }
  drawChart("chart", traces, layout({ barmode: "group", yaxis: { title: { text: unit.label } } }), chartConfig("burdenshare-claim"));
  pngLink("chart", "burdenshare-claim");
}

page(claim);
