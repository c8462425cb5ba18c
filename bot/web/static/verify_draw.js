// The transparency page's in-browser check of a draw (docs/draw-spec.md), self-hosted, no
// library. It fetches the drop's transcript, re-derives the winners and the waitlist from the
// revealed seed, the entry list and the drand round's randomness, and checks the commitment,
// the entry-list hash and the guaranteed units' digest; it shows OK or every difference.
// SHA-256 comes from the browser (crypto.subtle); the draw's SHAKE-256 stream is computed here
// (browsers offer no SHAKE). The BLS signature of the drand round, the rerolls and the holders
// are left to verify_draw.py and `fairdrop verify-draw`, and the page says so.
"use strict";

(function () {
  const TWO64 = 1n << 64n;
  const encoder = new TextEncoder();

  // --- SHAKE-256 (FIPS 202): Keccak-f[1600] on 25 lanes of 64 bits, each as two 32-bit words
  // (lo, hi), so that no BigInt is needed in the permutation.
  const RC = [
    [0x00000001, 0x00000000], [0x00008082, 0x00000000], [0x0000808a, 0x80000000],
    [0x80008000, 0x80000000], [0x0000808b, 0x00000000], [0x80000001, 0x00000000],
    [0x80008081, 0x80000000], [0x00008009, 0x80000000], [0x0000008a, 0x00000000],
    [0x00000088, 0x00000000], [0x80008009, 0x00000000], [0x8000000a, 0x00000000],
    [0x8000808b, 0x00000000], [0x0000008b, 0x80000000], [0x00008089, 0x80000000],
    [0x00008003, 0x80000000], [0x00008002, 0x80000000], [0x00000080, 0x80000000],
    [0x0000800a, 0x00000000], [0x8000000a, 0x80000000], [0x80008081, 0x80000000],
    [0x00008080, 0x80000000], [0x80000001, 0x00000000], [0x80008008, 0x80000000],
  ];
  // Rotation offsets by lane index x + 5y.
  const ROT = [0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2,
    61, 56, 14];
  // pi: lane x + 5y moves to lane y + 5((2x + 3y) mod 5).
  const PI = new Array(25);
  for (let x = 0; x < 5; x++) {
    for (let y = 0; y < 5; y++) PI[x + 5 * y] = y + 5 * ((2 * x + 3 * y) % 5);
  }

  function keccak(s) {
    const b = new Uint32Array(50);
    const c = new Uint32Array(10);
    for (let round = 0; round < 24; round++) {
      for (let x = 0; x < 5; x++) {
        c[2 * x] = s[2 * x] ^ s[2 * x + 10] ^ s[2 * x + 20] ^ s[2 * x + 30] ^ s[2 * x + 40];
        c[2 * x + 1] = s[2 * x + 1] ^ s[2 * x + 11] ^ s[2 * x + 21] ^ s[2 * x + 31] ^ s[2 * x + 41];
      }
      for (let x = 0; x < 5; x++) {
        const p = (x + 4) % 5, n = (x + 1) % 5;
        const lo = c[2 * p] ^ ((c[2 * n] << 1) | (c[2 * n + 1] >>> 31));
        const hi = c[2 * p + 1] ^ ((c[2 * n + 1] << 1) | (c[2 * n] >>> 31));
        for (let y = 0; y < 25; y += 5) {
          s[2 * (x + y)] ^= lo;
          s[2 * (x + y) + 1] ^= hi;
        }
      }
      for (let i = 0; i < 25; i++) {
        const lo = s[2 * i], hi = s[2 * i + 1], r = ROT[i], to = 2 * PI[i];
        if (r === 0) {
          b[to] = lo; b[to + 1] = hi;
        } else if (r < 32) {
          b[to] = (lo << r) | (hi >>> (32 - r)); b[to + 1] = (hi << r) | (lo >>> (32 - r));
        } else if (r === 32) {
          b[to] = hi; b[to + 1] = lo;
        } else {
          const m = r - 32;
          b[to] = (hi << m) | (lo >>> (32 - m)); b[to + 1] = (lo << m) | (hi >>> (32 - m));
        }
      }
      for (let y = 0; y < 25; y += 5) {
        for (let x = 0; x < 5; x++) {
          const i = 2 * (x + y), i1 = 2 * (((x + 1) % 5) + y), i2 = 2 * (((x + 2) % 5) + y);
          s[i] = b[i] ^ (~b[i1] & b[i2]);
          s[i + 1] = b[i + 1] ^ (~b[i1 + 1] & b[i2 + 1]);
        }
      }
      s[0] ^= RC[round][0];
      s[1] ^= RC[round][1];
    }
  }

  // The stream's 64-bit little-endian words (BigInt), squeezed one block (17 words) at a time.
  function shakeWords(data) {
    const rate = 136;
    const state = new Uint32Array(50);
    const padded = new Uint8Array(Math.floor(data.length / rate + 1) * rate);
    padded.set(data);
    padded[data.length] ^= 0x1f;
    padded[padded.length - 1] ^= 0x80;
    for (let off = 0; off < padded.length; off += rate) {
      for (let k = 0; k < rate; k += 4) {
        state[k >> 2] ^= padded[off + k] | (padded[off + k + 1] << 8) |
          (padded[off + k + 2] << 16) | (padded[off + k + 3] << 24);
      }
      keccak(state);
    }
    let index = 0;
    return function next() {
      if (index === rate / 8) {
        keccak(state);
        index = 0;
      }
      const word = (BigInt(state[2 * index + 1]) << 32n) | BigInt(state[2 * index]);
      index++;
      return word;
    };
  }

  // Exactly uniform in [0, m): reject words at or above 2^64 - (2^64 mod m).
  function uniformBig(next, m) {
    const limit = TWO64 - (TWO64 % m);
    for (;;) {
      const x = next();
      if (x < limit) return x % m;
    }
  }
  const uniform = (next, m) => Number(uniformBig(next, m));

  function drawOrder(next, weights) {
    const byWeight = new Map();
    weights.forEach((w, i) => {
      if (!byWeight.has(w)) byWeight.set(w, []);
      byWeight.get(w).push(i);
    });
    const classWeights = [...byWeight.keys()].sort((a, b) => b - a); // heaviest first
    const classes = classWeights.map((w) => byWeight.get(w));
    for (const seq of classes) { // descending Fisher-Yates, class by class
      for (let i = seq.length - 1; i >= 1; i--) {
        const j = uniform(next, BigInt(i + 1));
        [seq[i], seq[j]] = [seq[j], seq[i]];
      }
    }
    const order = [];
    const taken = classes.map(() => 0);
    const left = () => classes.filter((seq, k) => taken[k] < seq.length).length;
    while (left() >= 2) {
      let total = 0n;
      classes.forEach((seq, k) => { total += BigInt(classWeights[k]) * BigInt(seq.length - taken[k]); });
      let x = uniformBig(next, total);
      let k = 0;
      for (;; k++) {
        const width = BigInt(classWeights[k]) * BigInt(classes[k].length - taken[k]);
        if (x < width) break;
        x -= width;
      }
      order.push(classes[k][taken[k]++]);
    }
    classes.forEach((seq, k) => { order.push(...seq.slice(taken[k])); });
    return order;
  }

  // --- bytes and hashes ---
  function hex(bytes) {
    return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
  }
  function unhex(text) {
    const out = new Uint8Array(text.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(text.substr(2 * i, 2), 16);
    return out;
  }
  function concat(parts) {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  }
  function lp(bytes) {
    const out = new Uint8Array(4 + bytes.length);
    new DataView(out.buffer).setUint32(0, bytes.length);
    out.set(bytes, 4);
    return out;
  }
  const text = (value) => encoder.encode(value === null || value === undefined ? "" : String(value));
  async function sha256(bytes) {
    return hex(await crypto.subtle.digest("SHA-256", bytes));
  }

  function commitmentInput(t, seed) {
    const d = t.drand;
    return concat([
      text("fairdrop/commit/v2\n"), lp(seed),
      lp(text(d && d.chain_hash)), lp(text(d && d.genesis)), lp(text(d && d.period)),
      lp(text(d && d.round)), lp(text(t.guaranteed_digest)), lp(text(t.claim_window_seconds)),
    ]);
  }

  function streamInput(t, seed, entryHash) {
    if (t.version === 1) {
      return text(`fairdrop/draw/v1\n${t.seed_hex}\n${entryHash}\n${t.beacon || ""}`);
    }
    const d = t.drand;
    return concat([
      text("fairdrop/draw/v2\n"), lp(seed), lp(unhex(entryHash)), lp(text(t.drop_id)),
      lp(text(t.title)), lp(text(t.mode)), lp(text(t.supply)), lp(text(d && d.chain_hash)),
      lp(text(d && d.round)), lp(d && d.randomness ? unhex(d.randomness) : new Uint8Array(0)),
    ]);
  }

  function firstDifference(label, expected, got) {
    const n = Math.max(expected.length, got.length);
    for (let i = 0; i < n; i++) {
      if (expected[i] !== got[i]) {
        const want = i < expected.length ? JSON.stringify(expected[i]) : "nothing";
        const have = i < got.length ? JSON.stringify(got[i]) : "nothing";
        return `${label} differ at ${label}[${i}]: expected ${want}, transcript says ${have}`;
      }
    }
    return null;
  }

  // A first-come drop: its arrivals chain to the head announced at close (spec section 12).
  async function checkArrivals(t) {
    const problems = [];
    let link = await sha256(text("fairdrop/arrivals/v1\n"));
    for (const [i, a] of t.arrivals.entries()) {
      if (a.seq !== i + 1) problems.push(`arrivals[${i}]: seq is ${a.seq}, expected ${i + 1}`);
      link = await sha256(text(`${link}\n${a.seq}\t${a.entrant}\t${a.at}\t${a.tier}\n`));
      if (a.link !== link) {
        problems.push(`arrivals[${i}]: link does not follow from the arrivals before it (an arrival was inserted, removed, changed or reordered)`);
        break;
      }
    }
    if (!problems.length && link !== t.arrivals_head) {
      problems.push(`arrivals_head is ${t.arrivals_head}, but the arrivals chain to ${link}`);
    }
    const digest = await sha256(text("fairdrop/guaranteed/v1\n" + t.guaranteed_committed.map((g) => `${g}\n`).join("")));
    if (digest !== t.guaranteed_digest) {
      problems.push(`guaranteed_committed hashes to ${digest}, the digest committed at open is ${t.guaranteed_digest}`);
    }
    return {
      problems, arrivals: t.arrivals.length,
      note: "whether units went in arrival order within the rules",
    };
  }

  // Every difference between the transcript `t` and what follows from it, one line each.
  async function check(t) {
    if (t.arrivals !== undefined) return checkArrivals(t);
    if (t.version !== 1 && t.version !== 2) throw new Error(`unsupported version ${t.version}`);
    const problems = [];
    const seed = unhex(t.seed_hex);
    const commitment = t.version === 1 ? await sha256(seed) : await sha256(commitmentInput(t, seed));
    if (commitment !== t.commitment) {
      problems.push(`the seed${t.version === 2 ? ", drand round, guaranteed digest and claim window" : ""} commit to ${commitment}, the commitment is ${t.commitment}`);
    }
    const lines = t.entries.map(([name, weight]) => `${name}\t${weight}\n`).join("");
    const entryHash = await sha256(encoder.encode(lines));
    if (entryHash !== t.entry_list_hash) {
      problems.push(`entry-list hash differs: expected ${entryHash}, transcript says ${t.entry_list_hash}`);
    }
    const names = t.entries.map(([name]) => name);
    if (new Set(names).size !== names.length) problems.push("an entrant appears twice in the entry list");
    const d = t.drand;
    if (d) {
      const published = new Date((d.genesis + (d.round - 1) * d.period) * 1000);
      if (!(published > new Date(t.closed_at))) {
        problems.push(`drand round ${d.round} was published at ${published.toISOString()}, not after the close at ${t.closed_at}`);
      }
      if (d.signature && (await sha256(unhex(d.signature))) !== d.randomness) {
        problems.push("drand.randomness: is not sha256 of the signature");
      }
    }
    const committed = t.guaranteed_committed;
    if (t.guaranteed_digest && committed) {
      const digest = await sha256(text("fairdrop/guaranteed/v1\n" + committed.map((g) => `${g}\n`).join("")));
      if (digest !== t.guaranteed_digest) {
        problems.push(`guaranteed_committed hashes to ${digest}, the digest committed at open is ${t.guaranteed_digest}`);
      }
    }
    const guaranteed = t.guaranteed || [];
    const order = drawOrder(shakeWords(streamInput(t, seed, entryHash)), t.entries.map(([, w]) => w));
    const drawn = Math.max(0, t.supply - guaranteed.length);
    for (const [label, expected] of [
      ["winners", order.slice(0, drawn).map((i) => names[i])],
      ["waitlist", order.slice(drawn).map((i) => names[i])],
    ]) {
      const difference = firstDifference(label, expected, t[label]);
      if (difference) problems.push(difference);
    }
    let note = "";
    if (d && d.signature) note = `the drand round's BLS signature is not checked in the browser`;
    return { problems, note, drawn, entries: names.length };
  }

  async function run(panel) {
    const result = panel.querySelector(".draw-check-result");
    const button = panel.querySelector("button");
    const say = (line, cls) => {
      result.textContent = "";
      const p = document.createElement("p");
      p.textContent = line;
      p.className = cls;
      result.appendChild(p);
      return p;
    };
    if (!(window.crypto && crypto.subtle)) {
      say("This browser offers no SHA-256 here (the page is not served over https): use verify_draw.py.", "check-error");
      return;
    }
    button.disabled = true;
    say("Checking…", "muted");
    try {
      const response = await fetch(panel.dataset.transcript, { credentials: "omit" });
      if (!response.ok) throw new Error(`the transcript could not be fetched (HTTP ${response.status})`);
      const started = performance.now();
      const outcome = await check(await response.json());
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      if (outcome.problems.length) {
        say("MISMATCH: the transcript does not add up:", "check-mismatch");
        const list = document.createElement("ul");
        for (const problem of outcome.problems) {
          const item = document.createElement("li");
          item.textContent = problem;
          list.appendChild(item);
        }
        result.appendChild(list);
      } else if (outcome.arrivals !== undefined) {
        say(`OK: the ${outcome.arrivals} arrivals chain to the head announced at close, and the guaranteed units are the ones committed at open (${seconds} s).`, "check-ok");
      } else {
        say(`OK: the commitment, the entry-list hash and the ${outcome.drawn} winners and the waitlist re-derived from ${outcome.entries} entries in ${seconds} s.`, "check-ok");
      }
      if (!outcome.problems.length) {
        const p = document.createElement("p");
        p.className = "muted";
        const what = outcome.note ? `${outcome.note}, nor the rerolls` : "the rerolls";
        p.textContent = `Not checked here: ${what}; verify_draw.py checks everything.`;
        result.appendChild(p);
      }
      panel.dataset.outcome = outcome.problems.length ? "mismatch" : "ok";
    } catch (error) {
      say(`Could not check: ${error.message}`, "check-error");
      panel.dataset.outcome = "error";
    } finally {
      button.disabled = false;
    }
  }

  if (typeof document !== "undefined") {
    document.addEventListener("DOMContentLoaded", () => {
      for (const panel of document.querySelectorAll(".draw-check")) {
        panel.querySelector("button").addEventListener("click", () => run(panel));
      }
    });
  }
  if (typeof module !== "undefined") module.exports = { check, shakeWords, drawOrder };
})();
