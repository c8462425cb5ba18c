// A drop's transparency page, live: its state and entrant count follow the drop's feed
// (/drops/{id}/events, server-sent events) without a reload. Without scripts the page stays as
// it was served. Values from the feed are plain text, set with textContent, never as markup.
(function () {
  "use strict";
  var source = document.getElementById("live-feed");
  if (!source || !window.EventSource) {
    return;
  }
  var state = document.getElementById("drop-state");
  var count = document.getElementById("drop-entrants");
  var done = document.getElementById("drop-live");
  var feed = new EventSource(source.getAttribute("data-feed"));
  // The phases' words in the page's language, from the catalog (the script holds none).
  var phases = JSON.parse(source.getAttribute("data-phases") || "{}");
  var locale = document.documentElement.lang || undefined;

  function showCount(entrants) {
    if (count && typeof entrants === "number") {
      count.textContent = entrants.toLocaleString(locale);
    }
  }

  feed.addEventListener("state", function (event) {
    var data = JSON.parse(event.data);
    if (!data.drop) {
      return;
    }
    if (state) {
      state.textContent = phases[data.phase] || data.phase;
    }
    showCount(data.drop.entrants);
    if (data.phase === "drawn" || data.phase === "cancelled") {
      feed.close(); // nothing moves any more: the rest of the page is read on reload
      if (done && data.phase === "drawn") {
        done.hidden = false;
      }
    }
  });
  feed.addEventListener("count", function (event) {
    showCount(JSON.parse(event.data).entrants);
  });
})();
