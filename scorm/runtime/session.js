/* plx SCORM runtime: the learner's state, kept in the LMS and, always, in this browser.
 *
 * The state (what the learner wrote and answered, where they are) is the source of truth; the
 * LMS's cmi.* values are reports derived from it. It is saved after every change: first to
 * localStorage (synchronous, cannot fail silently), then to the LMS as compressed suspend_data
 * with location, score, status and session time, then committed. A failed commit is retried with
 * back-off; the local copy covers the gap.
 *
 * Copies are merged item by item, never replaced whole. Each change takes the next number of a
 * logical clock (state.k, a Lamport clock: one more than the highest number this copy has seen),
 * and the changed item keeps it in this browser's copy. The LMS's copy (suspend_data, where every
 * character counts) carries only the clock of the whole state; this browser's copy also keeps
 * `base`, the clock of the last state the LMS committed. On launch, an item of this browser's copy
 * wins over the LMS's only if it changed after that (k > base): a copy whose work the LMS already
 * has cannot beat newer work done elsewhere, whatever the computers' clocks say, and work the LMS
 * never got (offline, over the 1.2 limit) is not lost. Within this browser every window of the
 * package writes the same copy and takes it in before every change (sync), item by item by clock
 * (a tie, two windows changing the same item unseen, goes to the later save time), so a second
 * window never wipes out what the first one saved.
 *
 * State, version 2, in memory and in the browser's copy (keys are the first cfg.keyLength
 * characters of a unit's or block's uid):
 *   {v: 2, t: <ms of last save>, k: <clock>, base: <clock the LMS has>, loc: <unit>,
 *    lk: <clock of loc>, lang: "en"|"cy", gk: <clock of lang>, seen: [<unit>...],
 *    n: <next interaction index>, q: <this learner's seed for the order of check options, made once>,
 *    r: {<reflection>: {x: text, s: [standard ids], d: ms saved, k}},
 *    c: {<check>: {a: attempts, s: [option ids], ok: bool, shown: bool, k}},
 *    s: {<self-review>: {text, levels: {<criterion>: points}, done: bool, k}},
 *    kept: [<saved data this version could not read, as it was>]}
 * In suspend_data there are no base, lk, gk or item clocks, and the records are packed as arrays:
 *   {v: 2, t, k, loc, lang, seen, n, r: {"1a2b": ["I...", ["pedagogy"], 1767225600]},
 *    c: {"3c4d": [2, ["school"], 1, 0]}, s: {"5e6f": ["...", {impact: 2}, 1]}, kept?}
 * Version 1 (before the clock) is the same without k; it is migrated with clock 0, and a version-1
 * browser copy wins over the LMS's as a whole if it was saved later (version 1's rule).
 * Reading refuses newer versions and anything it cannot decode, but never throws it away: the
 * text is kept in state.kept (and so saved again), the learner is told and can download it.
 * Saved keys are matched to this package's keys by prefix, so a state saved when the course had
 * shorter keys still finds its blocks.
 */
(function (PLX) {
  "use strict";

  var VERSION = 2;
  var RETRY_SECONDS = [2, 4, 8, 16, 30];
  var PARTS = ["r", "c", "s"];

  function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  function emptyState() {
    return {v: VERSION, t: 0, k: 0, base: 0, loc: "", lk: 0, lang: "", gk: 0, seen: [], n: 0, q: "", r: {}, c: {}, s: {}, kept: []};
  }

  /** A random seed for the learner's order of check options (a state saved before seeds existed
   * has none: it gets one, and keeps it from then on, like any other part of the state). */
  function newSeed() {
    var value = new Uint32Array(1);
    if (window.crypto && window.crypto.getRandomValues) window.crypto.getRandomValues(value);
    else value[0] = Math.floor(Math.random() * 4294967296);
    return value[0].toString(36);
  }

  /** In: a decoded value (packed or not). Out: its fields over an empty state; null when it is
   * not a state of a version this runtime knows (1 or 2). */
  function migrate(value) {
    if (!value || typeof value !== "object" || (value.v !== 1 && value.v !== VERSION)) return null;
    var state = emptyState();
    for (var key in state) if (own(value, key)) state[key] = value[key];
    state.v = VERSION;
    if (!Array.isArray(state.seen)) state.seen = [];
    if (!Array.isArray(state.kept)) state.kept = [];
    return state;
  }

  /** {key: fn(value)} of a saved map; "__proto__" and other inherited names are never keys. */
  function mapValues(object, fn) {
    var out = {};
    Object.keys(object && typeof object === "object" ? object : {}).forEach(function (key) {
      if (key !== "__proto__") out[key] = fn(object[key]);
    });
    return out;
  }

  /** The state as written to suspend_data (see the format above). */
  var LOCAL_ONLY = ["base", "lk", "gk"];

  /** The state as written to suspend_data (see the format above). */
  function pack(state) {
    var out = {};
    for (var key in state) if (LOCAL_ONLY.indexOf(key) < 0) out[key] = state[key];
    if (!state.kept || !state.kept.length) delete out.kept;
    out.r = mapValues(state.r, function (e) { return [e.x, e.s || [], Math.round((e.d || 0) / 1000)]; });
    out.c = mapValues(state.c, function (c) { return [c.a, c.s, c.ok ? 1 : 0, c.shown ? 1 : 0]; });
    out.s = mapValues(state.s, function (s) { return [s.text, s.levels || {}, s.done ? 1 : 0]; });
    return out;
  }

  /** pack() undone (version 1 or 2); null when *value* is not a packed state. Every item gets
   * the clock of the whole state, which is also what the LMS has (base). */
  function unpack(value) {
    var state = migrate(value);
    if (!state) return null;
    var k = state.k = typeof state.k === "number" ? state.k : 0;
    state.base = state.lk = state.gk = k;
    try {
      state.r = mapValues(state.r, function (e) { return {x: String(e[0]), s: e[1] || [], d: (e[2] || 0) * 1000, k: k}; });
      state.c = mapValues(state.c, function (c) { return {a: c[0], s: c[1] || [], ok: !!c[2], shown: !!c[3], k: k}; });
      state.s = mapValues(state.s, function (s) { return {text: String(s[0]), levels: s[1] || {}, done: !!s[2], k: k}; });
    } catch (e) {
      return null;
    }
    return state;
  }

  /** The browser's copy (JSON of the in-memory state) as a state; null when it is not one. */
  function fromLocal(value) {
    var state = migrate(value);
    if (!state) return null;
    PARTS.forEach(function (part) {
      state[part] = mapValues(state[part], function (item) { return item && typeof item === "object" ? item : {}; });
    });
    if (value.v === 1) state.legacy = true;  // no clocks: version 1's rule decides (see launchMerge)
    return state;
  }

  /** Saved keys matched to this package's keys (same key, or one a prefix of the other). */
  function rekey(state, cfg) {
    var known = cfg.units.concat(Object.keys(cfg.checks), Object.keys(cfg.reflections), Object.keys(cfg.reviews));
    function match(key) {
      if (known.indexOf(key) >= 0) return key;
      var found = known.filter(function (k) { return k.indexOf(key) === 0 || key.indexOf(k) === 0; });
      return found.length === 1 ? found[0] : key;  // unknown keys are kept: nothing is thrown away
    }
    PARTS.forEach(function (part) {
      var out = {};
      Object.keys(state[part]).forEach(function (key) { out[match(key)] = state[part][key]; });
      state[part] = out;
    });
    state.seen = state.seen.map(match);
    if (state.loc) state.loc = match(state.loc);
    return state;
  }

  /** Which of two copies of one item wins: the higher clock; on a tie the later save time of the
   * item (reflections carry one), then of the whole copy; then *a*. */
  function newer(a, b, aTime, bTime) {
    if (!b) return a;
    if (!a) return b;
    if ((a.k || 0) !== (b.k || 0)) return (a.k || 0) > (b.k || 0) ? a : b;
    if (a.d && b.d && a.d !== b.d) return a.d > b.d ? a : b;
    return bTime > aTime ? b : a;
  }

  /** Two copies with item clocks (two windows' copies in this browser) merged item by item:
   * the higher clock wins (see newer). Either may be null. */
  function merge(a, b) {
    if (!a || !b) return a || b;
    return combine(a, b, function (x, y) { return newer(x, y, a.t, b.t); });
  }

  /** On launch: the LMS's copy (*saved*) and this browser's (*local*). An item of the local copy
   * wins if the LMS never had it: it changed after the last commit the browser saw (k > base),
   * the LMS has no such item, or the LMS's copy is older than that commit. Either may be null. */
  function launchMerge(saved, local) {
    if (!saved || !local) return saved || local;
    if (local.legacy) {
      delete local.legacy;
      return (local.t || 0) > (saved.t || 0) ? combine(saved, local, function (x, y) { return y || x; })
                                             : combine(saved, local, function (x, y) { return x || y; });
    }
    var base = local.base || 0, behind = (saved.k || 0) < base, clock = Math.max(saved.k || 0, local.k || 0);
    var out = combine(saved, local, function (x, y) {
      if (!y || (x && !behind && (y.k || 0) <= base)) return x;
      y.k = ++clock;  // newer than the LMS's copy until it is committed, whatever happens before
      return y;
    });
    out.k = clock;
    out.base = saved.k || 0;
    return out;
  }

  /** *a* and *b* item by item, *pick(itemOfA, itemOfB)* choosing; the scalars by the same rule. */
  function combine(a, b, pick) {
    var out = emptyState();
    out.t = Math.max(a.t || 0, b.t || 0);
    out.k = Math.max(a.k || 0, b.k || 0);
    out.base = Math.max(a.base || 0, b.base || 0);
    PARTS.forEach(function (part) {
      Object.keys(a[part]).concat(Object.keys(b[part])).forEach(function (key) {
        out[part][key] = pick(a[part][key], b[part][key]);
      });
    });
    var loc = pick(a.loc ? {k: a.lk, v: a.loc} : null, b.loc ? {k: b.lk, v: b.loc} : null);
    if (loc) { out.loc = loc.v; out.lk = loc.k || 0; }
    var lang = pick(a.lang ? {k: a.gk, v: a.lang} : null, b.lang ? {k: b.gk, v: b.lang} : null);
    if (lang) { out.lang = lang.v; out.gk = lang.k || 0; }
    out.seen = union(a.seen, b.seen);
    out.n = Math.max(a.n || 0, b.n || 0);
    out.q = a.q || b.q || "";  // made once; the first copy's (the LMS's, on launch) if both have one
    out.kept = union(a.kept, b.kept);
    return out;
  }

  function union(first, second) {
    var out = (first || []).slice();
    (second || []).forEach(function (item) { if (out.indexOf(item) < 0) out.push(item); });
    return out;
  }

  /** n/d as a decimal string cut (not rounded) to *places* decimals, from integers, so that no
   * float artefact or rounding moves a score across a pass mark (0.69999 never becomes 0.7). */
  /** Whether activity *key* (a check, reflection or self-review of *cfg*) is done in *state*:
   * a check finished (right, or out of attempts), a reflection at its minimum length (at least
   * a word), a self-review marked done; null when *key* is no activity. The rules of the LMS's
   * completion (results) and of the ticks in the contents (progress.js). */
  function activityDone(cfg, state, key) {
    if (own(cfg.checks, key)) {
      var check = cfg.checks[key], rec = state.c[key];
      return !!rec && (rec.ok || (check.attempts > 0 && rec.a >= check.attempts));
    }
    if (own(cfg.reflections, key)) {
      return !!state.r[key] && PLX.countWords(state.r[key].x) >= Math.max(1, cfg.reflections[key].minWords);
    }
    if (own(cfg.reviews, key)) return !!(state.s[key] && state.s[key].done);
    return null;
  }

  function decimal(n, d, places) {
    var scale = Math.pow(10, places);
    var q = Math.floor(n * scale / d);  // exact: n * scale is an integer well below 2^53
    var whole = Math.floor(q / scale), fraction = q % scale;
    return fraction ? whole + "." + String(fraction + scale).slice(1).replace(/0+$/, "") : String(whole);
  }

  /* ------------------------------------------------------------------------- the session */

  function Session(config, events) {
    this.config = config;
    this.events = events || {};
    this.state = emptyState();
    this.lms = null;
    this.mode = "standalone";
    this.started = new Date();
    this.pending = null;      // a save waiting for the previous one to finish
    this.saving = null;       // the save in progress (a promise)
    this.retry = 0;
    this.retryTimer = null;
    this.storage = {over: false, refused: null};
    this.sent = null;         // the clock of the suspend_data set and not yet committed
    this.lastSuspend = "";
    this.unreadable = [];     // saved data that could not be read: [{source, raw, decoded}]
    this.localKey = "plx:" + config.packageId;
  }

  Session.prototype.emit = function (name, detail) {
    if (this.events[name]) this.events[name](detail);
  };

  /** Find the LMS, initialise, and load the saved state (the LMS's copy merged with this
   * browser's). Resolves to the state. */
  Session.prototype.start = function () {
    var self = this, cfg = this.config;
    this.lms = PLX.lms.connect(window, cfg.standard);
    if (this.lms && this.lms.init()) {
      this.mode = "lms";
      // Exit "suspend" at once, not only when the page closes: a player that ends the session
      // without unloading the page must still keep the attempt for the next launch.
      this.lms.set("exit", "suspend");
      var learner = this.lms.get("learner");
      if (learner) this.localKey += ":" + learner;
    } else {
      if (this.lms) this.refusedStart = this.lms.error();  // found, but it would not initialise
      this.lms = null;
      this.localKey += ":standalone";
    }
    var local = this.readLocalState();
    var fromLms = Promise.resolve(null);
    if (this.lms) {
      var raw = this.lms.get("suspend");
      if (raw) {
        this.lastSuspend = raw;
        fromLms = PLX.codec.decode(raw).then(function (value) {
          var state = unpack(value);
          if (!state) self.keepUnreadable("lms", raw, value);
          return state;
        }, function () {
          self.keepUnreadable("lms", raw, null);
          return null;
        });
      }
    }
    return fromLms.then(function (saved) {
      if (saved) rekey(saved, cfg);
      if (local) rekey(local, cfg);
      var merged = launchMerge(saved, local) || emptyState();
      merged.kept = union(merged.kept, self.unreadable.map(function (u) { return u.raw; }));
      self.state = merged;
      if (!self.state.q) self.state.q = newSeed();
      if (self.lms) {
        var location = self.lms.get("location");
        if (location && !self.state.loc) self.state.loc = location;
        var count = parseInt(self.lms.get("interactions"), 10);
        if (count > self.state.n) self.state.n = count;
        // Report the state we start from: the LMS may never have heard of a local-only save.
        if (local && (!saved || JSON.stringify(pack(saved)) !== JSON.stringify(pack(merged)))) self.save();
      }
      self.emit("mode", self.mode);
      if (self.unreadable.length) self.emit("unreadable", self.unreadable);
      return self.state;
    });
  };

  /** Saved data this version cannot read is kept as it is (in state.kept, saved again with the
   * state) and offered to the learner (sco.js), never replaced by an empty state. */
  Session.prototype.keepUnreadable = function (source, raw, decoded) {
    this.unreadable.push({source: source, raw: raw, decoded: decoded});
  };

  Session.prototype.readLocal = function () {
    try { return window.localStorage.getItem(this.localKey); } catch (e) { return null; }
  };
  /** This browser's copy as a state; unreadable copies are kept (see keepUnreadable). */
  Session.prototype.readLocalState = function () {
    var raw = this.readLocal();
    if (!raw) return null;
    var value = null;
    try { value = JSON.parse(raw); } catch (e) { value = null; }
    var state = fromLocal(value);
    if (!state) {
      if (!this.unreadable.some(function (u) { return u.raw === raw; })) this.keepUnreadable("browser", raw, value);
      return null;
    }
    return state;
  };
  Session.prototype.writeLocal = function () {
    try { window.localStorage.setItem(this.localKey, JSON.stringify(this.state)); return true; } catch (e) { return false; }
  };

  /** Take in what another window of this package saved in this browser since we last looked. */
  Session.prototype.sync = function () {
    var local = this.readLocalState();
    if (local) this.state = merge(this.state, rekey(local, this.config));
    // A copy this version cannot read (another window of a newer package) is kept, not overwritten.
    this.state.kept = union(this.state.kept, this.unreadable.map(function (u) { return u.raw; }));
  };

  /** The clock value for a change made now (see the top of this file). */
  Session.prototype.tick = function () {
    this.state.k = (this.state.k || 0) + 1;
    return this.state.k;
  };

  /* ----------------------------------------------------------------- changes to the state */

  Session.prototype.visit = function (unit) {
    this.sync();
    if (this.state.loc !== unit) { this.state.loc = unit; this.state.lk = this.tick(); }
    if (this.state.seen.indexOf(unit) < 0) this.state.seen.push(unit);
    return this.save();
  };
  Session.prototype.setLanguage = function (lang) {
    this.sync();
    this.state.lang = lang;
    this.state.gk = this.tick();
    return this.save();
  };
  /** *entry*: {x: text, s: [standard ids], d: ms when saved}. */
  Session.prototype.saveReflection = function (id, entry) {
    this.sync();
    this.state.r[id] = {x: String(entry.x), s: entry.s || [], d: entry.d || Date.now(), k: this.tick()};
    return this.save();
  };
  Session.prototype.saveSelfReview = function (id, review) {
    this.sync();
    this.state.s[id] = {text: String(review.text || ""), levels: review.levels || {}, done: !!review.done, k: this.tick()};
    return this.save();
  };

  /** Mark a check answer locally: returns {correct, attempts, attemptsLeft, feedback ids}. */
  Session.prototype.answerCheck = function (id, selected, shownAt) {
    var check = own(this.config.checks, id) ? this.config.checks[id] : null;
    if (!check) throw new Error("unknown check " + id);
    this.sync();
    var old = this.state.c[id] || {a: 0, s: [], ok: false, shown: false};
    var left = check.attempts ? check.attempts - old.a : Infinity;
    if (old.ok || left <= 0) return this.checkResult(id);
    var chosen = selected.slice().sort(), pattern = check.pattern.slice().sort();
    var correct = chosen.join(",") === pattern.join(",");
    this.state.c[id] = {a: old.a + 1, s: selected.slice(), ok: correct, shown: !!old.shown, k: this.tick()};
    this.recordInteraction(check, selected, correct, shownAt);
    this.save();
    return this.checkResult(id);
  };
  /** The learner asks for the answer after their last attempt. */
  Session.prototype.showAnswer = function (id) {
    this.sync();
    var record = this.state.c[id];
    if (!record) return this.save();
    this.state.c[id] = {a: record.a, s: record.s, ok: record.ok, shown: true, k: this.tick()};
    return this.save();
  };
  Session.prototype.checkResult = function (id) {
    var check = this.config.checks[id], record = this.state.c[id] || {a: 0, s: [], ok: false};
    var left = check.attempts ? Math.max(0, check.attempts - record.a) : null;
    return {correct: record.ok, attempts: record.a, attemptsLeft: left, selected: record.s,
            finished: record.ok || left === 0};
  };

  /** One answer, one interaction, at the next index: the index moves on once the interaction
   * exists (its id was accepted), even if the LMS refused another of its fields. */
  Session.prototype.recordInteraction = function (check, selected, correct, shownAt) {
    if (!this.lms) return;
    var code = function (optionId) { return check.letters[optionId] || optionId; };
    var now = new Date();
    var answer = {
      id: check.interaction, response: selected.map(code), pattern: check.pattern.map(code),
      correct: correct, weighting: check.points, time: now, description: check.description,
      latency: (shownAt = shownAt || (PLX.scorm && PLX.scorm.unitShownAt)) ? (now - shownAt) / 1000 : 0,
    };
    var count = parseInt(this.lms.get("interactions"), 10) || 0;
    var index = Math.max(this.state.n, count);
    var result = this.lms.setInteraction(index, answer);
    if (!result.created && index !== count) {
      // Another window of this package moved our index on, but this window's LMS API has fewer
      // interactions and (SCORM 2004) refuses a gap: append where it expects the next one.
      index = count;
      result = this.lms.setInteraction(index, answer);
    }
    if (result.created) this.state.n = index + 1;
    if (!result.ok) this.emit("lmsError", result.error);
  };

  /* ----------------------------------------------------------------- derived results */

  /** What the LMS is told, from the state:
   *   completed: every unit seen, every check finished (right, or out of attempts), every
   *     reflection at its minimum length, every self-review done;
   *   progress: the share of those done, as a decimal string;
   *   score: null until every scored check is finished (a running score would be taken for the
   *     final one), then {raw: "0"-"100", scaled: "0"-"1"} exactly (cut, never rounded up);
   *   passed: null until then, then whether the score reaches the course's pass mark;
   *   checks: {finished, total} of the scored checks (the page shows them). */
  Session.prototype.results = function () {
    var cfg = this.config, st = this.state, done = 0, total = 0, earned = 0, points = 0, scored = 0, scoredDone = 0;
    cfg.units.forEach(function (u) { total++; if (st.seen.indexOf(u) >= 0) done++; });
    Object.keys(cfg.checks).forEach(function (id) {
      var check = cfg.checks[id], rec = st.c[id], finished = activityDone(cfg, st, id);
      total++; if (finished) done++;
      points += check.points;
      if (rec && rec.ok) earned += check.points;
      if (check.points) { scored++; if (finished) scoredDone++; }
    });
    Object.keys(cfg.reflections).concat(Object.keys(cfg.reviews)).forEach(function (id) {
      total++; if (activityDone(cfg, st, id)) done++;
    });
    var final = points > 0 && scoredDone === scored;
    return {
      completed: done === total,
      progress: total ? decimal(done, total, 7) : "1",
      score: final ? {raw: decimal(100 * earned, points, 5), scaled: decimal(earned, points, 7)} : null,
      passed: final ? earned * 100 >= cfg.passPercent * points : null,
      checks: {finished: scoredDone, total: scored},
    };
  };

  /* ------------------------------------------------------------------------- saving */

  /** Save now (local copy at once; LMS after the save in progress). Resolves when reported. */
  Session.prototype.save = function () {
    this.state.t = Date.now();
    this.emit("changed");
    if (!this.writeLocal() && !this.lms) this.emit("status", "localFailed");
    this.emit("results", this.results());
    if (!this.lms) return Promise.resolve(false);
    var self = this;
    if (this.saving) {
      if (!this.pending) {
        this.pending = this.saving.then(function () { self.pending = null; return self.flush(); });
      }
      return this.pending;
    }
    this.saving = this.flush().then(function (ok) { self.saving = null; return ok; },
                                     function () { self.saving = null; return false; });
    return this.saving;
  };

  Session.prototype.flush = function () {
    var self = this, lms = this.lms;
    this.emit("status", "saving");
    var packed = pack(this.state);
    return PLX.codec.encode(packed).then(function (text) {
      var over = text.length > lms.limits.suspend, refused = null;
      if (!over && text !== self.lastSuspend) {
        if (lms.set("suspend", text)) { self.lastSuspend = text; self.sent = packed.k; }
        else refused = lms.error();
      }
      self.setStorage({over: over, refused: refused, length: text.length, limit: lms.limits.suspend});
      if (self.state.loc) lms.set("location", self.state.loc.slice(0, lms.limits.location));
      var r = self.results();
      if (r.score) lms.setScore(r.score);
      lms.setStatus(r.completed, r.passed, r.progress);
      return self.commit();
    });
  };

  /** Whether the LMS holds the latest suspend_data: *over* its limit, or *refused* ({code, text})
   * for another reason. Either way the LMS's last copy stays and this browser keeps the rest. */
  Session.prototype.setStorage = function (info) {
    var problem = info.over || !!info.refused, had = this.storage.over || !!this.storage.refused;
    if (problem || had) this.emit("storage", info);
    this.storage = info;
  };

  Session.prototype.commit = function () {
    var self = this;
    clearTimeout(this.retryTimer);
    this.setSessionTime();
    if (this.lms.commit()) {
      this.retry = 0;
      if (this.sent !== null) {
        // The LMS has the state up to this clock: on the next launch its copy of those items wins.
        this.state.base = Math.max(this.state.base || 0, this.sent);
        this.sent = null;
        this.writeLocal();
      }
      this.emit("status", this.storage.over || this.storage.refused ? "savedLocally" : "saved");
      return true;
    }
    var wait = RETRY_SECONDS[Math.min(this.retry, RETRY_SECONDS.length - 1)];
    this.retry += 1;
    this.emit("status", "retrying");
    this.retryTimer = setTimeout(function () { if (self.lms && self.lms.open) self.commit(); }, wait * 1000);
    return false;
  };

  /** The time since Initialize, sent with every commit: a player that ends the session without
   * unloading the page keeps the last value committed. */
  Session.prototype.setSessionTime = function () {
    this.lms.set("session", PLX.lms.timespan((new Date() - this.started) / 1000, this.lms.standard));
  };

  /** Leaving the page: report time and exit, commit, terminate. Everything here is synchronous.
   * Once the LMS has committed everything, this browser's copy is dropped: it exists for
   * recovery, and on a shared school computer it would leave the learner's reflections readable
   * to the next person. It stays when the LMS does not have the latest state (a change it has not
   * committed, over its suspend_data limit, refused, a commit or Terminate that failed), or when
   * there is no LMS (then it is the only copy). */
  Session.prototype.end = function () {
    this.writeLocal();
    if (!this.lms || !this.lms.open) return;
    clearTimeout(this.retryTimer);
    this.lms.set("exit", "suspend");  // keep the attempt (and suspend_data) for the next launch
    this.setSessionTime();
    var committed = this.lms.commit(), finished = this.lms.finish();
    if (committed && finished && this.lmsHasEverything()) this.dropLocal();
  };

  /** Whether the LMS's committed copy holds every change (the clock it has, base, is the state's). */
  Session.prototype.lmsHasEverything = function () {
    return !this.storage.over && !this.storage.refused && this.sent === null && !this.saving &&
      !this.pending && (this.state.base || 0) >= (this.state.k || 0);
  };

  Session.prototype.dropLocal = function () {
    try { window.localStorage.removeItem(this.localKey); } catch (e) { /* blocked: nothing was kept */ }
  };

  PLX.Session = Session;
  PLX.state = {activityDone: activityDone, migrate: migrate, pack: pack, unpack: unpack, rekey: rekey, merge: merge, launchMerge: launchMerge,
               decimal: decimal, VERSION: VERSION};
})(window.PLX = window.PLX || {});
