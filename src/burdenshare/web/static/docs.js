// The API docs page: Swagger UI (served from the installed fastapi-offline package) on our own
// OpenAPI schema. A file of its own so that the page needs no inline script (strict CSP).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const el = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({ url: el.dataset.spec, dom_id: "#swagger-ui", deepLinking: true });
});
