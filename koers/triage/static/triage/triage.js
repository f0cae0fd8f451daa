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

  // In a list question "Don't know" and "None of these" exclude the items and each other.
  var EXCLUSIVE = ["unknown", "none_of_these"];
  form.addEventListener("change", function (event) {
    var box = event.target;
    if (box.type !== "checkbox" || !box.checked) { return; }
    form.querySelectorAll('input[type="checkbox"][name="' + box.name + '"]').forEach(function (other) {
      var exclusive = EXCLUSIVE.indexOf(box.value) !== -1 || EXCLUSIVE.indexOf(other.value) !== -1;
      if (other !== box && exclusive) { other.checked = false; }
    });
  });
  form.addEventListener("change", refresh);
  form.setAttribute("data-ready", "1");
  var preview = document.getElementById("preview");
  if (preview) { preview.focus(); }
})();
