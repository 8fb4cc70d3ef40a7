// Small behaviours for htmx pages that the Content-Security-Policy allows (no eval, no
// inline script). Pages work without this file.
"use strict";

// A polled region marked data-poll-pause-while-focused is not refreshed while the keyboard
// focus is inside it (so a form being filled in is not replaced). It stands in for an htmx
// trigger filter such as `every 2s [!this.contains(document.activeElement)]`, which htmx
// would have to eval.
document.addEventListener("htmx:beforeRequest", function (event) {
  var element = event.detail && event.detail.elt;
  if (
    element &&
    element.hasAttribute &&
    element.hasAttribute("data-poll-pause-while-focused") &&
    element.contains(document.activeElement)
  ) {
    event.preventDefault();
  }
});
