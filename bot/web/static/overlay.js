// The OBS overlay: follows the drop's feed (server-sent events) and shows each state.
// Words come from the page's data (rendered from the message catalog on the server); every
// value goes in with textContent. Times are the server's: each event carries server_time, and
// countdowns run on this page's clock corrected by the difference.
"use strict";

(() => {
  const data = JSON.parse(document.getElementById("overlay-data").textContent);
  const element = (id) => document.getElementById(id);
  const panel = element("panel");
  const numbers = new Intl.NumberFormat(data.lang);
  const plurals = new Intl.PluralRules(data.lang);
  const lists = new Intl.ListFormat(data.lang, { style: "long", type: "conjunction" });
  const choices = new Intl.ListFormat(data.lang, { style: "long", type: "disjunction" });
  const clock = new Intl.DateTimeFormat(data.lang, { hour: "2-digit", minute: "2-digit" });
  let offset = 0; // the server's clock minus this page's, in ms
  let state = null; // the last state event's data
  let revealed = new Map(); // drop id -> how many of its winners are shown
  let revealing = null; // the timer of the next winner's reveal
  const FIRST_WAIT_MS = 2000;
  const LAST_WAIT_MS = 60000;
  let wait = FIRST_WAIT_MS; // before following a feed that refused the page again
  let lastId = ""; // the last event's id, to follow on from

  const serverNow = () => Date.now() + offset;
  const counted = (id, count) => {
    const forms = data.counted[id];
    return forms[plurals.select(count)] || forms.other;
  };

  // Put a line in `target`: its words as text, each {slot} as a <b> holding values[slot].
  function put(target, line, values = {}) {
    const parts = line.split(/(\{[a-z_]+\})/);
    target.replaceChildren(
      ...parts.filter((part) => part !== "").map((part) => {
        const slot = /^\{([a-z_]+)\}$/.exec(part);
        if (!slot || !(slot[1] in values)) return document.createTextNode(part);
        const value = document.createElement("b");
        value.textContent = String(values[slot[1]]);
        return value;
      }),
    );
    target.hidden = false;
  }
  const say = (id, target, values) => put(element(target), data.strings[id], values);
  const sayCount = (id, target, name, count) =>
    put(element(target), counted(id, count), { [name]: numbers.format(count) });
  const hide = (...ids) => ids.forEach((id) => { element(id).hidden = true; });

  // A line with its {slot}s filled in one pass, as text (a value is never read as a slot).
  const words = (id, values = {}) =>
    (data.strings[id] || "").replace(/\{([a-z_]+)\}/g, (mark, name) => (name in values ? String(values[name]) : mark));

  // A length of time in the page's language ("30 days"), in its largest whole unit.
  function span(seconds) {
    const [unit, size] = [["day", 86400], ["hour", 3600], ["minute", 60], ["second", 1]]
      .find(([, size]) => seconds >= size) || ["second", 1];
    const count = Math.floor(seconds / size);
    return new Intl.NumberFormat(data.lang, { style: "unit", unit, unitDisplay: "long" }).format(count);
  }

  // Who a condition of a tier's rule admits, in words (the feed sends kinds, never words).
  function who(node) {
    if (node.any_of) return choices.format(node.any_of.map(who).filter(Boolean));
    if (node.all_of) return lists.format(node.all_of.map(who).filter(Boolean));
    if (node.not) return words("overlay-who-not", { who: who(node.not) });
    const age = node.age_s === undefined ? "" : span(node.age_s);
    if (node.kind === "badge") return data.strings[`overlay-who-${node.value}`] || node.value;
    if (node.kind === "won-within" && node.value) return words("overlay-who-won-within-series", { series: node.value, age });
    const name = { list: "list", holder: "name", series: "series" }[node.kind];
    return words(`overlay-who-${node.kind}`, name ? { [name]: node.value } : { age });
  }

  // Who a tier is for: any of its rule's conditions, provided what it requires holds.
  function tierWho(tier) {
    const anyOf = who({ any_of: tier.any_of || [] });
    const required = (tier.require || []).map(who).filter(Boolean);
    return required.length ? words("overlay-who-requiring", { who: anyOf, required: lists.format(required) }) : anyOf;
  }

  function countdown(until) {
    const left = Math.max(0, Math.ceil((Date.parse(until) - serverNow()) / 1000));
    const two = (n) => String(n).padStart(2, "0");
    const [h, m, s] = [Math.floor(left / 3600), Math.floor(left / 60) % 60, left % 60];
    return h ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
  }

  // The next change the drop waits for: [message, time], or null.
  function nextChange(phase, drop) {
    if (phase === "scheduled") return ["overlay-opens-in", drop.opens_at];
    if (phase === "early" && drop.public_at) return ["overlay-everyone-in", drop.public_at];
    if (phase === "early" || phase === "public") return ["overlay-closes-in", drop.closes_at];
    return null;
  }

  function tick() {
    const change = state && state.drop ? nextChange(state.phase, state.drop) : null;
    if (change && change[1]) say(change[0], "countdown", { countdown: countdown(change[1]) });
    else hide("countdown");
  }

  function showEntrants() {
    const drop = state.drop;
    if (["early", "public", "paused", "drawing", "drawn"].includes(state.phase)) {
      sayCount("overlay-entrants", "entrants", "entrants", drop.entrants);
    } else hide("entrants");
  }

  function showWinners() {
    const drop = state.drop;
    const names = drop.winners || [];
    const list = element("winners");
    if (state.phase !== "drawn") {
      hide("winners", "more");
      return;
    }
    if (names.length === 0) {
      say("overlay-no-winners", "more");
      hide("winners");
      return;
    }
    const shown = Math.min(revealed.get(drop.id) || 0, names.length);
    const from = Math.max(0, shown - data.shown_winners);
    const before = list.children.length ? list.lastElementChild.textContent : null;
    list.replaceChildren(
      ...names.slice(from, shown).map((name, i) => {
        const item = document.createElement("li");
        item.textContent = name;
        if (i === shown - from - 1 && name !== before) item.className = "new";
        return item;
      }),
    );
    list.hidden = shown === 0;
    if (from > 0) sayCount("overlay-more-winners", "more", "more", from);
    else hide("more");
    document.body.dataset.revealed = String(shown);
    if (shown < names.length && revealing === null) {
      const every = Math.min(data.reveal_ms, Math.max(300, 20000 / names.length));
      revealing = setTimeout(() => {
        revealing = null;
        revealed.set(drop.id, shown + 1);
        if (state && state.drop && state.drop.id === drop.id) showWinners();
      }, shown === 0 ? 600 : every);
    }
  }

  function show() {
    const phase = state ? state.phase : "none";
    const drop = state ? state.drop : null;
    document.body.dataset.phase = drop ? phase : "none";
    if (!drop || phase === "none") {
      panel.hidden = true;
      return;
    }
    if (phase === "drawn") sayCount("overlay-winners", "kicker", "winners", drop.winners.length);
    else say(`overlay-phase-${phase}`, "kicker");
    element("title").textContent = drop.title;
    sayCount("overlay-supply", "supply", "supply", drop.supply);
    if (phase === "scheduled") say("overlay-starts", "when", { starts: clock.format(Date.parse(drop.opens_at)) });
    else if (phase === "early" && drop.early_for.length) say("overlay-early", "when", { who: lists.format(drop.early_for.map(tierWho)) });
    else hide("when");
    const drawing = phase === "drawing";
    if (drawing && drop.commitment) say("overlay-commitment", "commitment", { commitment: `${drop.commitment.slice(0, 8)}…` });
    else hide("commitment");
    if (drawing && drop.beacon_round) say("overlay-beacon", "beacon", { round: String(drop.beacon_round) });
    else hide("beacon");
    const linked = phase !== "scheduled" && phase !== "cancelled" && drop.transparency_url;
    if (linked) {
      say("overlay-check", "link", { link: drop.transparency_url.replace(/^https?:\/\//, "") });
      const qr = element("qr");
      const src = data.preview_qr || data.qr.replace("{id}", String(drop.id));
      if (qr.getAttribute("src") !== src) {
        qr.hidden = true; // shown once loaded: never a broken image on stream
        qr.setAttribute("src", src);
      }
    } else hide("link", "qr");
    showEntrants();
    showWinners();
    tick();
    panel.hidden = false;
  }

  function onState(next) {
    if (!next || next.v !== 1) return; // a version this page does not know: keep what is shown
    offset = Date.parse(next.server_time) - Date.now();
    const before = state && state.drop ? state.drop.id : null;
    if (revealing !== null && (!next.drop || next.drop.id !== before || next.phase !== "drawn")) {
      clearTimeout(revealing);
      revealing = null;
    }
    state = next;
    show();
  }

  function onCount(count) {
    if (!state || !state.drop || state.drop.id !== count.drop_id) return;
    state.drop.entrants = count.entrants;
    showEntrants();
  }

  function play(events) {
    // The preview: the sample drop's events at their times, over and over.
    revealed = new Map();
    for (const { at_ms: at, event, data: sent } of events) {
      // A copy each time: the page changes the state it holds (the entrant count).
      const copy = () => JSON.parse(JSON.stringify(sent));
      setTimeout(() => (event === "state" ? onState : onCount)(copy()), at);
    }
    setTimeout(() => play(events), data.loop_ms);
  }

  element("qr").addEventListener("load", () => {
    element("qr").hidden = !(state && state.drop && element("link").hidden === false);
  });
  setInterval(tick, 250);
  if (data.preview) {
    play(data.preview);
  } else {
    follow();
  }

  // EventSource reconnects by itself after a dropped stream, with Last-Event-ID; a refused one
  // (404, 429 or 503 with Retry-After, the server restarting) it gives up on for good, which
  // would leave a browser source blank for the rest of the stream: start it again, waiting
  // longer each time, from the last event seen.
  function follow() {
    const since = lastId ? `?lastEventId=${encodeURIComponent(lastId)}` : "";
    const feed = new EventSource(data.feed + since);
    const heard = (handler) => (message) => {
      lastId = message.lastEventId || lastId;
      wait = FIRST_WAIT_MS;
      handler(JSON.parse(message.data));
    };
    feed.addEventListener("state", heard(onState));
    feed.addEventListener("count", heard(onCount));
    feed.addEventListener("error", () => {
      if (feed.readyState !== EventSource.CLOSED) return;
      setTimeout(follow, wait);
      wait = Math.min(wait * 2, LAST_WAIT_MS);
    });
  }
})();
