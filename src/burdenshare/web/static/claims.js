// burdenshare dashboard, the list of claims: the table comes with the page; this sets its downloads,
// the link and the citation. No domain logic.
"use strict";

page(() => {
  const host = document.body.dataset.host || "";
  downloads("/api/v1/claims", host ? { host } : {});
});
