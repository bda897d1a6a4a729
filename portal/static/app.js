/* Our one small script: htmx behaviour that a strict CSP forbids inline (no hx-on, no eval). */
(function () {
  "use strict";
  function showError() {
    var box = document.getElementById("htmx-error");
    if (box) { box.hidden = false; }
  }
  document.addEventListener("htmx:responseError", showError);
  document.addEventListener("htmx:sendError", showError);
  document.addEventListener("htmx:beforeRequest", function () {
    var box = document.getElementById("htmx-error");
    if (box) { box.hidden = true; }
  });
  // A session that expired answers 401 with HX-Redirect; htmx follows it.
})();
