// The ballot's running total as the voter ticks (the "Check my total" button does the same
// on the server when JavaScript is off). Loaded as a file: the CSP allows no inline script.
(function () {
  "use strict";
  function update(form) {
    var total = 0;
    var points = 0;
    form.querySelectorAll("input[data-cost]").forEach(function (input) {
      var cost = parseInt(input.getAttribute("data-cost"), 10) || 0;
      if (input.type === "number") {
        var value = parseInt(input.value, 10) || 0;
        if (value > 0) { total += cost; points += value; }
      } else if (input.checked) {
        total += cost;
      }
    });
    var out = form.querySelector("#pb-total");
    if (out) { out.textContent = String(total); }
    var pointsOut = form.querySelector("#pb-points");
    if (pointsOut) { pointsOut.textContent = String(points); }
    var limit = parseInt(form.getAttribute("data-limit"), 10);
    form.classList.toggle("pb-over", !isNaN(limit) && total > limit);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.pb-ballot").forEach(function (form) {
      form.addEventListener("input", function () { update(form); });
      form.addEventListener("change", function () { update(form); });
      update(form);
    });
  });
})();
