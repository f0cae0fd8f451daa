/* Small behaviours of every page, declared with data- attributes in the templates: the
   Content-Security-Policy allows no inline script or on…="" handler. Each is an enhancement; the
   page works without it (a Switch button next to the organisation list, for instance). */
(function () {
  "use strict";

  // <select data-submit-on-change>: choosing an option submits its form.
  document.addEventListener("change", function (event) {
    var field = event.target.closest("[data-submit-on-change]");
    if (field && field.form) {
      field.form.submit();
    }
  });

  // The navigation's groups (<details class="nav-group">): one open at a time; a click elsewhere
  // or Escape closes it.
  function closeGroups(except) {
    document.querySelectorAll("details.nav-group[open]").forEach(function (group) {
      if (group !== except) {
        group.removeAttribute("open");
      }
    });
  }
  document.addEventListener("click", function (event) {
    closeGroups(event.target.closest("details.nav-group"));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      closeGroups(null);
    }
  });

  // <input data-select-on-focus>: focusing selects the whole value (to copy a token).
  document.addEventListener("focusin", function (event) {
    var field = event.target.closest("[data-select-on-focus]");
    if (field) {
      field.select();
    }
  });

  document.addEventListener("click", function (event) {
    // <button data-confirm="Question?">: asks before the form is sent.
    var asking = event.target.closest("[data-confirm]");
    if (asking && !window.confirm(asking.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
    // <button data-print>: prints the page.
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });

  // .table-wrap, .results-scroll, .results-chart, figure: a table or chart wider than the screen
  // scrolls inside its box; when it does, the box takes the keyboard focus (so the arrow keys scroll it) and is
  // named after its table or chart for screen readers.
  function focusableWhenScrolling() {
    var boxes = document.querySelectorAll(
      ".table-wrap, .results-scroll, .results-chart, .quadrant-scroll, figure"
    );
    boxes.forEach(function (box) {
      if (box.scrollWidth <= box.clientWidth) {
        if (box.hasAttribute("data-scrolls")) {
          ["data-scrolls", "tabindex", "role", "aria-label"].forEach(function (name) {
            box.removeAttribute(name);
          });
        }
        return;
      }
      if (box.hasAttribute("data-scrolls") || box.hasAttribute("tabindex")) {
        return;
      }
      box.setAttribute("data-scrolls", "");
      box.setAttribute("tabindex", "0");
      var table = box.querySelector("table");
      var caption = table && table.querySelector("caption");
      var labelledBy = table && table.getAttribute("aria-labelledby");
      var chart = box.querySelector("svg > title");
      var name = chart ? chart.textContent
        : caption ? caption.textContent
        : labelledBy && document.getElementById(labelledBy) ? document.getElementById(labelledBy).textContent
        : table && table.getAttribute("aria-label");
      if (name) {
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", name.trim());
      }
    });
  }
  document.addEventListener("DOMContentLoaded", focusableWhenScrolling);
  window.addEventListener("resize", focusableWhenScrolling);

  // <form data-no-submit>: a preview whose form is never sent.
  document.addEventListener("submit", function (event) {
    if (event.target.closest("[data-no-submit]")) {
      event.preventDefault();
    }
  });
})();
