/* Intake form: while someone types the title and problem of a new use case, show the existing
   use cases most like it ("Is yours one of these?"). Progressive enhancement: without this script
   the form works the same, just without suggestions. */
(function () {
  "use strict";

  var DELAY_MS = 400;
  var MIN_WORDS = 3;

  var region = document.querySelector("[data-similar-url]");
  if (!region) {
    return;
  }
  var form = document.querySelector(region.getAttribute("data-similar-form"));
  var fields = form ? [form.elements.namedItem("title"), form.elements.namedItem("problem")] : [];
  if (!fields[0] || !fields[1]) {
    return;
  }

  var timer = null;
  var pending = null;
  var lastQuery = null;

  function words(text) {
    return text.split(/\s+/).filter(Boolean).length;
  }

  function show(html) {
    if (region.innerHTML !== html) {
      region.innerHTML = html;
    }
  }

  function refresh() {
    var title = fields[0].value.trim();
    var problem = fields[1].value.trim();
    if (words(title + " " + problem) < MIN_WORDS) {
      lastQuery = null;
      show("");
      return;
    }
    var query = new URLSearchParams({ title: title, problem: problem }).toString();
    if (query === lastQuery) {
      return;
    }
    lastQuery = query;
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    fetch(region.getAttribute("data-similar-url") + "?" + query, {
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
      signal: pending.signal,
    })
      .then(function (response) {
        return response.ok ? response.text() : "";
      })
      .then(show)
      .catch(function (error) {
        if (error.name !== "AbortError") {
          lastQuery = null; // try again on the next keystroke
        }
      });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, DELAY_MS);
  }

  fields.forEach(function (field) {
    field.addEventListener("input", schedule);
  });
})();
