/* Our one small script: htmx behaviour that a strict CSP forbids inline (no hx-on, no eval). */
(function () {
  "use strict";
  document.documentElement.classList.add("js");  // what only works with JavaScript shows
  function showError(evt) {
    var draft = evt.detail && evt.detail.elt && evt.detail.elt.closest("form[data-draft]");
    if (draft) { return offline(draft); }
    var box = document.getElementById("htmx-error");
    if (box) { box.hidden = false; }
  }

  // Drafts (the study plan): what is typed is also kept in this browser until the server
  // has it, so a lost connection loses nothing; it is restored when the page comes back.
  function fields(form) {
    var data = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrf_token") { data.push([name, value]); }
    });
    return data;
  }
  function keep(form) {
    try {
      localStorage.setItem(form.dataset.draft, JSON.stringify({at: Date.now(), data: fields(form)}));
    } catch (e) { /* storage full or disabled: the server copy still counts */ }
  }
  function offline(form) {
    var status = form.querySelector("[role=status]");
    if (status) { status.textContent = form.dataset.offline; }
  }
  function restore(form) {
    if (form.restored) { return; }
    form.restored = true;
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(form.dataset.draft)); } catch (e) { saved = null; }
    if (!saved) { return; }
    if (saved.at <= Number(form.dataset.savedAt || 0)) {
      localStorage.removeItem(form.dataset.draft);
      return;
    }
    var values = {};
    saved.data.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrf_token" || el.type === "submit") { return; }
      var got = values[el.name] || [];
      if (el.type === "checkbox") { el.checked = got.indexOf(el.value) >= 0; }
      else if (got.length) { el.value = got[0]; }
    });
    var note = form.querySelector("[data-draft-restored]");
    if (note) { note.hidden = false; }
    form.dispatchEvent(new Event("change", {bubbles: true}));
  }
  document.addEventListener("input", function (evt) {
    var form = evt.target.closest && evt.target.closest("form[data-draft]");
    if (form) { keep(form); }
  });
  document.addEventListener("change", function (evt) {
    var form = evt.target.closest && evt.target.closest("form[data-draft]");
    if (form && evt.target !== form) { keep(form); }
  });
  document.addEventListener("htmx:beforeRequest", function (evt) {
    if (evt.detail.elt.matches && evt.detail.elt.matches("form[data-draft]")) {
      evt.detail.elt.sentAt = Date.now();
    }
  });
  document.addEventListener("htmx:afterRequest", function (evt) {
    var form = evt.detail.elt;
    if (!(form.matches && form.matches("form[data-draft]")) || !evt.detail.successful) { return; }
    try {
      var saved = JSON.parse(localStorage.getItem(form.dataset.draft));
      if (saved && saved.at <= form.sentAt) { localStorage.removeItem(form.dataset.draft); }
    } catch (e) { /* nothing kept */ }
  });
  function restoreIn(root) {
    if (root.matches && root.matches("form[data-draft]")) { restore(root); }
    if (root.querySelectorAll) {
      Array.prototype.forEach.call(root.querySelectorAll("form[data-draft]"), restore);
    }
  }
  // A first load, and pages reached through boosted links (no DOMContentLoaded then).
  document.addEventListener("DOMContentLoaded", function () { restoreIn(document); });
  document.addEventListener("htmx:load", function (evt) { restoreIn(evt.detail.elt); });
  document.addEventListener("htmx:responseError", showError);
  // An error page answering an HTMX request swaps nothing and asks for the notice.
  // Its detail may carry the refusal's own words (the export limit and when it resets).
  document.addEventListener("portalError", function (evt) {
    var box = document.getElementById("htmx-error");
    if (!box) { return; }
    if (box.dataset.plain === undefined) { box.dataset.plain = box.textContent; }
    box.textContent = (evt.detail && evt.detail.message) || box.dataset.plain;
    box.hidden = false;
  });
  document.addEventListener("htmx:sendError", showError);
  document.addEventListener("htmx:beforeRequest", function () {
    var box = document.getElementById("htmx-error");
    if (box) {
      box.hidden = true;
      // Each request's notice is its own: the words of an earlier refusal do not stay.
      if (box.dataset.plain !== undefined) { box.textContent = box.dataset.plain; }
    }
  });
  // A session that expired answers 401 with HX-Redirect; htmx follows it.
  // Print buttons on printable sheets (certificates): shown only with JavaScript.
  document.addEventListener("click", function (evt) {
    if (evt.target.closest && evt.target.closest("[data-print]")) { window.print(); }
  });
})();
