// Shows only the triage questions that matter given the answers so far, without a reload.
// Without JavaScript the page shows the same after "Check what changes".
(function () {
  "use strict";
  var form = document.getElementById("triage-form");
  if (!form || !window.fetch) { return; }
  var url = form.getAttribute("data-relevant-url");
  var pending = null;

  function refresh() {
    var data = new FormData(form);
    data.delete("csrfmiddlewaretoken");
    var query = new URLSearchParams(data).toString();
    if (pending) { pending.abort(); }
    pending = new AbortController();
    fetch(url + "?" + query, { signal: pending.signal, headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (!body) { return; }
        form.querySelectorAll("[data-question]").forEach(function (question) {
          question.hidden = body.relevant.indexOf(question.getAttribute("data-question")) === -1;
        });
        form.setAttribute("data-ready", "1");
      })
      .catch(function () { /* keep the questions as they are */ });
  }

  form.addEventListener("change", refresh);
  form.setAttribute("data-ready", "1");
  var preview = document.getElementById("preview");
  if (preview) { preview.focus(); }
})();
