// The map of opinion: hovering over or focusing on a statement's bars shows its split by
// group in the live region under the map, and on each group's label on the map.
(function () {
  "use strict";
  var labels = null;

  function show(block) {
    var region = document.getElementById("map-split");
    if (!region) { return; }
    var split;
    try { split = JSON.parse(block.getAttribute("data-split") || "[]"); } catch (e) { return; }
    var caption = block.querySelector("caption");
    var title = caption ? caption.textContent.trim() : "";
    region.textContent = title + " — " + split.join("; ");
    if (labels === null) {
      labels = Array.prototype.slice.call(document.querySelectorAll("[data-group-label]"));
      labels.forEach(function (label) { label.setAttribute("data-name", label.textContent); });
    }
    labels.forEach(function (label) {
      var index = Number(label.getAttribute("data-group-label"));
      var line = split[index + 1];  // the first line is everyone
      label.textContent = line ? line.split(",")[0] : label.getAttribute("data-name");
    });
  }

  function find(target) {
    return target && target.closest ? target.closest("[data-split]") : null;
  }

  document.addEventListener("focusin", function (event) {
    var block = find(event.target);
    if (block) { show(block); }
  });
  document.addEventListener("mouseover", function (event) {
    var block = find(event.target);
    if (block) { show(block); }
  });
})();
