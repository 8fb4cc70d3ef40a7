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

// A polled region marked data-poll-keep-focus keeps refreshing while the focus is inside
// it, but then only its parts marked data-live-part (with an id) that do not hold the focus
// are replaced, so the focused button or field survives.
function assembleaLiveParts(target, html) {
  var holder = document.createElement("template");
  holder.innerHTML = html;
  var fresh = holder.content.firstElementChild;
  if (!fresh) {
    return;
  }
  target.querySelectorAll("[data-live-part][id]").forEach(function (part) {
    var replacement = holder.content.getElementById(part.id);
    if (replacement && !part.contains(document.activeElement) && part.innerHTML !== replacement.innerHTML) {
      part.innerHTML = replacement.innerHTML;
    }
  });
  if (fresh.hasAttribute("data-announce")) {
    target.setAttribute("data-announce", fresh.getAttribute("data-announce"));
  }
}

document.addEventListener("htmx:beforeSwap", function (event) {
  var target = event.detail && event.detail.target;
  if (
    target &&
    target.hasAttribute &&
    target.hasAttribute("data-poll-keep-focus") &&
    target.contains(document.activeElement) &&
    event.detail.xhr &&
    event.detail.xhr.status === 200
  ) {
    event.detail.shouldSwap = false;
    assembleaLiveParts(target, event.detail.serverResponse || event.detail.xhr.responseText);
    assembleaAnnounce();
  }
});

// Live announcements: a region marked data-announce-into="ID" carries in data-announce what
// the live region ID says ("You have the floor."). The live region stays in the page (outside
// the refreshed part) and speaks only when the text changes, without moving the focus; the
// text present when the page loads is not announced.
function assembleaAnnounce(initial) {
  document.querySelectorAll("[data-announce-into]").forEach(function (source) {
    var region = document.getElementById(source.getAttribute("data-announce-into"));
    if (!region) {
      return;
    }
    var text = source.getAttribute("data-announce") || "";
    if (initial) {
      region.setAttribute("data-last", text);
      return;
    }
    if (text !== region.getAttribute("data-last")) {
      region.setAttribute("data-last", text);
      region.textContent = text;
    }
  });
}

document.addEventListener("htmx:afterSettle", function () {
  assembleaAnnounce(false);
});
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", function () {
    assembleaAnnounce(true);
  });
} else {
  assembleaAnnounce(true);
}
