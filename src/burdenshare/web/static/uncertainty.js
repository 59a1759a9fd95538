// burdenshare dashboard, uncertainty page: fetches the JSON API and draws with Plotly. No domain logic.
"use strict";

async function uncertainty() {
  $("run").onclick = async () => {
    const year = Number($("pyear").value), amount = Number($("pamount").value);
    $("answer").textContent = "running…";
    try {
      const { job } = await api("/api/v1/simulations", { method: "POST", body: JSON.stringify({
        target: $("target").value, paths: Number($("paths").value), seed: 1, prob_above: [[year, amount]] }) });
      let j;
      for (;;) {
        j = await api(`/api/v1/simulations/${job}`);
        $("progress").value = j.total ? j.done / j.total : 0;
        if (j.status === "done" || j.status === "failed") break;
        await new Promise(r => setTimeout(r, 300));
      }
      if (j.status === "failed") { $("answer").textContent = "error: " + j.error; return; }
      const y = j.result.by_year, p = j.result.probabilities[0];
      $("answer").textContent = `P[payment in ${p.year} > ${fmt(p.amount)} won] = ${fmt(p.probability, 4)} (${fmt(j.result.meta.paths)} paths)`;
      const band = (lo, hi, name, op) => [{ x: y.map(r => r.year), y: y.map(r => r[hi]), mode: "lines", line: { width: 0 }, showlegend: false },
        { x: y.map(r => r.year), y: y.map(r => r[lo]), mode: "lines", fill: "tonexty", line: { width: 0 }, fillcolor: `rgba(58,125,191,${op})`, name }];
      Plotly.react("chart", [...band("q0.05_krw", "q0.95_krw", "5-95%", 0.2), ...band("q0.25_krw", "q0.75_krw", "25-75%", 0.4),
        { x: y.map(r => r.year), y: y.map(r => r["q0.5_krw"]), mode: "lines+markers", name: "median", line: { color: "#1f4e79" } }],
        { margin: { t: 20 }, yaxis: { title: { text: "won" } } }, { displaylogo: false });
      table($("term"), j.result.term, [["description", "measure"], ["mean", "mean", r => fmt(r.mean)], ["q0.05", "5%", r => fmt(r["q0.05"])],
        ["q0.5", "median", r => fmt(r["q0.5"])], ["q0.95", "95%", r => fmt(r["q0.95"])]]);
    } catch (e) { $("answer").textContent = "error: " + e.message; }
  };
}

page(uncertainty);
