// Live pages (docs/live.md): the server pushes each change over one Server-Sent Events
// stream; this file swaps the server-rendered fragments into the page. When the stream is
// cut it says "Reconnecting…", polls the fragments' own addresses (answered 304 while
// nothing changed) and reopens the stream with back-off; on reopening, the server sends at
// once whatever changed since the last event this page got. Without JavaScript the pages
// offer a refresh link. Uses assembleaLiveParts and assembleaAnnounce (assemblea.js).
"use strict";

(function () {
  var POLL_SECONDS = 5;
  var MAX_DELAY = 30;
  var clockOffset = 0; // browser clock minus server clock, in ms

  // Timers: the server sends when a turn started (data-clock-from, Unix seconds); the page
  // counts on by itself, so an idle room sends nothing every second.
  function clockText(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function tick() {
    var now = (Date.now() - clockOffset) / 1000;
    document.querySelectorAll("[data-clock-from]").forEach(function (clock) {
      var seconds = Math.max(0, Math.floor(now - Number(clock.getAttribute("data-clock-from"))));
      var text = clockText(seconds);
      if (clock.textContent !== text) {
        clock.textContent = text;
      }
      var limit = Number(clock.getAttribute("data-clock-limit") || 0);
      var timer = clock.closest(".room-timer");
      if (limit && timer) {
        var over = seconds > limit;
        timer.classList.toggle("over", over);
        timer.querySelectorAll("[data-clock-over]").forEach(function (note) {
          note.hidden = !over;
        });
      }
    });
  }

  function readServerClock() {
    var marked = document.querySelector("[data-server-now]");
    if (marked) {
      clockOffset = Date.now() - Number(marked.getAttribute("data-server-now")) * 1000;
    }
  }

  // Replace each element of the fragment that has an id in the page. A panel marked
  // data-poll-keep-focus that holds the keyboard focus only has its data-live-part parts
  // replaced, so the focused button survives.
  function swap(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    Array.prototype.slice.call(holder.content.children).forEach(function (fresh) {
      var current = fresh.id && document.getElementById(fresh.id);
      if (!current) {
        return;
      }
      if (current.hasAttribute("data-poll-keep-focus") && current.contains(document.activeElement)) {
        assembleaLiveParts(current, fresh.outerHTML);
        return;
      }
      current.replaceWith(fresh);
      if (window.htmx) {
        window.htmx.process(fresh);
      }
    });
    assembleaAnnounce(false);
    tick();
  }

  function statusRegion() {
    return document.getElementById("live-status");
  }

  function showReconnecting(on) {
    var region = statusRegion();
    if (!region) {
      return;
    }
    region.hidden = !on;
    region.textContent = on ? region.getAttribute("data-reconnecting") : "";
  }

  // The fallback: each element with data-live-poll asks its own address, conditionally.
  function Poller() {
    this.timer = null;
    this.tags = {};
  }

  Poller.prototype.start = function () {
    var self = this;
    if (self.timer === null) {
      self.timer = window.setInterval(function () {
        self.poll();
      }, POLL_SECONDS * 1000);
    }
  };

  Poller.prototype.stop = function () {
    if (this.timer !== null) {
      window.clearInterval(this.timer);
      this.timer = null;
    }
  };

  Poller.prototype.poll = function () {
    var self = this;
    document.querySelectorAll("[data-live-poll]").forEach(function (element) {
      var url = element.getAttribute("data-live-poll");
      var headers = { "HX-Request": "true" };
      if (self.tags[url]) {
        headers["If-None-Match"] = self.tags[url];
      }
      window
        .fetch(url, { headers: headers, credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          if (response.status !== 200 && response.status !== 286) {
            return null;
          }
          var tag = response.headers.get("ETag");
          if (tag) {
            self.tags[url] = tag;
          }
          if (response.headers.get("HX-Refresh") === "true") {
            window.location.reload();
            return null;
          }
          return response.text();
        })
        .then(function (html) {
          if (html) {
            swap(html);
          }
        })
        .catch(function () {});
    });
  };

  function Live(element) {
    this.url = element.getAttribute("data-live-stream");
    this.events = (element.getAttribute("data-live-events") || "").split(/\s+/).filter(Boolean);
    this.lastId = "";
    this.failures = 0;
    this.source = null;
    this.poller = new Poller();
  }

  Live.prototype.connect = function () {
    var self = this;
    var url = self.url;
    if (self.lastId) {
      url += (url.indexOf("?") < 0 ? "?" : "&") + "last=" + encodeURIComponent(self.lastId);
    }
    var source = new window.EventSource(url);
    self.source = source;
    source.addEventListener("open", function () {
      self.failures = 0;
      self.poller.stop();
      showReconnecting(false);
    });
    self.events.forEach(function (name) {
      source.addEventListener(name, function (event) {
        if (event.lastEventId) {
          self.lastId = event.lastEventId;
        }
        if (event.data) {
          swap(event.data);
        }
      });
    });
    source.addEventListener("reload", function () {
      window.location.reload();
    });
    source.addEventListener("error", function () {
      // Cut (network, server restart, proxy): poll meanwhile, reopen with back-off.
      source.close();
      if (self.source !== source) {
        return;
      }
      self.source = null;
      self.failures += 1;
      showReconnecting(true);
      self.poller.start();
      var delay = Math.min(MAX_DELAY, Math.pow(2, self.failures - 1));
      window.setTimeout(function () {
        self.connect();
      }, (delay + Math.random()) * 1000);
    });
  };

  function start() {
    readServerClock();
    tick();
    window.setInterval(tick, 1000);
    var streams = document.querySelectorAll("[data-live-stream]");
    if (!window.EventSource || !window.fetch) {
      if (window.fetch) {
        new Poller().start();
      }
      return;
    }
    streams.forEach(function (element) {
      new Live(element).connect();
    });
    if (!streams.length && document.querySelector("[data-live-poll]")) {
      new Poller().start(); // a live part without a stream on this page: poll it
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
