// burdenshare dashboard, an agreement's key numbers: the box comes with the page; this sets the
// downloads (CSV, Excel) of the view. No domain logic.
"use strict";

function agreementPage() {
  const b = document.body.dataset;
  downloads(`/api/v1/agreements/${encodeURIComponent(b.agreement)}/key-numbers`, b.host ? { host: b.host } : {});
}

page(agreementPage);
