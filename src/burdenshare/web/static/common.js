// burdenshare dashboard, shared by every page: API calls, tables, page start-up. Each page has its
// own file (history.js, calculator.js ...). Charts use Plotly, served from the installed plotly
// package. No domain logic here: every figure comes from the API.
"use strict";

const fmt = (v, d = 0) => (v === null || v === undefined || Number.isNaN(v)) ? "unknown"
  : Number(v).toLocaleString("en-US", { maximumFractionDigits: d });
const $ = (id) => document.getElementById(id);

async function api(path, opts = {}) {
  const r = await fetch(path, { ...opts, headers: { "content-type": "application/json", ...(opts.headers || {}) } });
  const body = await r.json().catch(() => ({ error: r.statusText }));
  if (!r.ok) throw new Error(body.error ? `${body.where ? body.where + ": " : ""}${body.error}` : r.statusText);
  return body;
}

function table(el, rows, cols) {
  el.innerHTML = "<tr>" + cols.map(c => `<th>${c[1]}</th>`).join("") + "</tr>" + rows.map(r =>
    "<tr>" + cols.map(c => {
      const v = c[2] ? c[2](r) : r[c[0]];
      return `<td class="${v === "unknown" ? "unknown" : ""}" data-col="${c[0]}">${v ?? ""}</td>`;
    }).join("") + "</tr>").join("");
}

const COLORS = { published: "#1f4e79", derived: "#3a7dbf", projected: "#f0a030", counterfactual: "#c0504d", scenario: "#8064a2", unknown: "#bbbbbb" };

// a source as a link, marked when it is a secondary copy (a blog, board, aggregator or mirror)
function sourceLink(id, url, quality) {
  const mark = quality === "secondary" ? ` <span class="quality quality-secondary">(${T("secondary copy")})</span>` : "";
  return `<a href="${url || "#"}" target="_blank" rel="noopener">${id}</a>${mark}`;
}

// a page's code runs once the document (and the deferred chart library) is ready
function page(fn) { document.addEventListener("DOMContentLoaded", fn); }

// Texts in the reader's language: the page carries the translations of every T("...") in these
// files (the server reads them from the catalogs); T("...", {name: value}) fills {name} fields.
const MESSAGES = (() => { const el = document.getElementById("messages"); return el ? JSON.parse(el.textContent) : {}; })();
function T(text, params = {}) {
  const t = MESSAGES[text] || text;
  return t.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
}
