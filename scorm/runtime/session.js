/* plx SCORM runtime: the learner's state, kept in the LMS and, always, in this browser.
 *
 * The state (what the learner wrote and answered, where they are) is the source of truth; the
 * LMS's cmi.* values are reports derived from it. It is saved after every change: first to
 * localStorage (synchronous, cannot fail silently), then to the LMS as compressed suspend_data
 * with location, score and status, then committed. A failed commit is retried with back-off;
 * the local copy covers the gap. On relaunch the newer of the LMS copy and the local copy wins
 * (both carry the time of the save they came from).
 *
 * State, version 1, in memory and in the browser's copy (keys are the first cfg.keyLength
 * characters of a unit's or block's uid):
 *   {v: 1, t: <ms of last save>, loc: <unit>, lang: "en"|"cy", seen: [<unit>...], n: <next
 *    interaction index>, q: <this learner's seed for the order of check options, made once>,
 *    r: {<reflection>: {x: text, s: [standard ids], d: ms saved}},
 *    c: {<check>: {a: attempts, s: [option ids], ok: bool, shown: bool}},
 *    s: {<self-review>: {text, levels: {<criterion>: points}, done: bool}}}
 * In suspend_data the records are packed as arrays, because every character counts in 1.2:
 *   In:  r: {"1a2b": {x: "I...", s: ["pedagogy"], d: 1767225600000}}, c: {"3c4d": {a: 2,
 *        s: ["school"], ok: true, shown: false}}, s: {"5e6f": {text: "...", levels: {impact: 2},
 *        done: true}}
 *   Out: r: {"1a2b": ["I...", ["pedagogy"], 1767225600]}, c: {"3c4d": [2, ["school"], 1, 0]},
 *        s: {"5e6f": ["...", {impact: 2}, 1]}
 * Reading unpacks, migrates older versions forward (there are none yet), refuses newer ones,
 * and matches saved keys to this package's keys by prefix, so a state saved when the course
 * had shorter keys still finds its blocks.
 */
(function (PLX) {
  "use strict";

  var VERSION = 1;
  var RETRY_SECONDS = [2, 4, 8, 16, 30];

  function emptyState() {
    return {v: VERSION, t: 0, loc: "", lang: "", seen: [], n: 0, q: "", r: {}, c: {}, s: {}};
  }

  /** A random seed for the learner's order of check options (a state saved before seeds existed
   * has none: it gets one, and keeps it from then on, like any other part of the state). */
  function newSeed() {
    var value = new Uint32Array(1);
    if (window.crypto && window.crypto.getRandomValues) window.crypto.getRandomValues(value);
    else value[0] = Math.floor(Math.random() * 4294967296);
    return value[0].toString(36);
  }

  /** In: any decoded value. Out: a version-1 state, or null when it is not one we can read. */
  function migrate(value) {
    if (!value || typeof value !== "object" || value.v !== VERSION) return null;
    var state = emptyState();
    for (var key in state) if (Object.prototype.hasOwnProperty.call(value, key)) state[key] = value[key];
    return state;
  }

  function mapValues(object, fn) {
    var out = {};
    Object.keys(object || {}).forEach(function (key) { out[key] = fn(object[key]); });
    return out;
  }

  /** The state as written to suspend_data (see the format above). */
  function pack(state) {
    var out = {};
    for (var key in state) out[key] = state[key];
    out.r = mapValues(state.r, function (e) { return [e.x, e.s || [], Math.round((e.d || 0) / 1000)]; });
    out.c = mapValues(state.c, function (c) { return [c.a, c.s, c.ok ? 1 : 0, c.shown ? 1 : 0]; });
    out.s = mapValues(state.s, function (s) { return [s.text, s.levels || {}, s.done ? 1 : 0]; });
    return out;
  }

  /** pack() undone; null when *value* is not a packed state. */
  function unpack(value) {
    var state = migrate(value);
    if (!state) return null;
    try {
      state.r = mapValues(state.r, function (e) { return {x: String(e[0]), s: e[1] || [], d: (e[2] || 0) * 1000}; });
      state.c = mapValues(state.c, function (c) { return {a: c[0], s: c[1] || [], ok: !!c[2], shown: !!c[3]}; });
      state.s = mapValues(state.s, function (s) { return {text: String(s[0]), levels: s[1] || {}, done: !!s[2]}; });
    } catch (e) {
      return null;
    }
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
    ["r", "c", "s"].forEach(function (part) {
      var out = {};
      Object.keys(state[part]).forEach(function (key) { out[match(key)] = state[part][key]; });
      state[part] = out;
    });
    state.seen = state.seen.map(match);
    if (state.loc) state.loc = match(state.loc);
    return state;
  }

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
    this.overflow = false;
    this.lastSuspend = "";
    this.localKey = "plx:" + config.packageId;
  }

  Session.prototype.emit = function (name, detail) {
    if (this.events[name]) this.events[name](detail);
  };

  /** Find the LMS, initialise, and load the newest saved state. Resolves to the state. */
  Session.prototype.start = function () {
    var self = this, cfg = this.config;
    this.lms = PLX.lms.connect(window, cfg.standard);
    if (this.lms && this.lms.init()) {
      this.mode = "lms";
      var learner = this.lms.get("learner");
      if (learner) this.localKey += ":" + learner;
    } else {
      this.lms = null;
      this.localKey += ":standalone";
    }
    var local = migrate(this.readLocal());
    if (local) rekey(local, cfg);
    var fromLms = Promise.resolve(null);
    if (this.lms) {
      var raw = this.lms.get("suspend");
      if (raw) {
        this.lastSuspend = raw;
        fromLms = PLX.codec.decode(raw).then(function (value) {
          var state = unpack(value);
          return state && rekey(state, cfg);
        }, function () { return null; });
      }
    }
    return fromLms.then(function (saved) {
      var best = saved;
      if (local && (!best || local.t > best.t)) best = local;
      if (best) self.state = best;
      if (!self.state.q) self.state.q = newSeed();
      if (self.lms) {
        var location = self.lms.get("location");
        if (location && !self.state.loc) self.state.loc = location;
        var count = parseInt(self.lms.get("interactions"), 10);
        if (count > self.state.n) self.state.n = count;
        // Report the state we start from: the LMS may never have heard of a local-only save.
        if (best === local && local) self.save();
      }
      self.emit("mode", self.mode);
      return self.state;
    });
  };

  Session.prototype.readLocal = function () {
    try { return JSON.parse(window.localStorage.getItem(this.localKey) || "null"); } catch (e) { return null; }
  };
  Session.prototype.writeLocal = function () {
    try { window.localStorage.setItem(this.localKey, JSON.stringify(this.state)); return true; } catch (e) { return false; }
  };

  /* ----------------------------------------------------------------- changes to the state */

  Session.prototype.visit = function (unit) {
    this.state.loc = unit;
    if (this.state.seen.indexOf(unit) < 0) this.state.seen.push(unit);
    return this.save();
  };
  Session.prototype.setLanguage = function (lang) {
    this.state.lang = lang;
    return this.save();
  };
  /** *entry*: {x: text, s: [standard ids], d: ms when saved}. */
  Session.prototype.saveReflection = function (id, entry) {
    this.state.r[id] = entry;
    return this.save();
  };
  Session.prototype.saveSelfReview = function (id, review) {
    this.state.s[id] = {text: String(review.text || ""), levels: review.levels || {}, done: !!review.done};
    return this.save();
  };

  /** Mark a check answer locally: returns {correct, attempts, attemptsLeft, feedback ids}. */
  Session.prototype.answerCheck = function (id, selected, shownAt) {
    var check = this.config.checks[id];
    if (!check) throw new Error("unknown check " + id);
    var record = this.state.c[id] || {a: 0, s: [], ok: false};
    var left = check.attempts ? check.attempts - record.a : Infinity;
    if (record.ok || left <= 0) return this.checkResult(id);
    var chosen = selected.slice().sort(), pattern = check.pattern.slice().sort();
    var correct = chosen.join(",") === pattern.join(",");
    record.a += 1; record.s = selected.slice(); record.ok = correct;
    this.state.c[id] = record;
    this.recordInteraction(check, selected, correct, shownAt);
    this.save();
    return this.checkResult(id);
  };
  Session.prototype.checkResult = function (id) {
    var check = this.config.checks[id], record = this.state.c[id] || {a: 0, s: [], ok: false};
    var left = check.attempts ? Math.max(0, check.attempts - record.a) : null;
    return {correct: record.ok, attempts: record.a, attemptsLeft: left, selected: record.s,
            finished: record.ok || left === 0};
  };

  Session.prototype.recordInteraction = function (check, selected, correct, shownAt) {
    if (!this.lms) return;
    var letters = this.lms.standard === "1.2";
    var code = function (optionId) { return letters ? check.letters[optionId] : optionId; };
    var now = new Date();
    var ok = this.lms.setInteraction(this.state.n, {
      id: check.interaction, response: selected.map(code), pattern: check.pattern.map(code),
      correct: correct, weighting: check.points, time: now, description: check.description,
      latency: (shownAt = shownAt || (PLX.scorm && PLX.scorm.unitShownAt)) ? (now - shownAt) / 1000 : 0,
    });
    if (ok) this.state.n += 1;
    else this.emit("lmsError", this.lms.error());
  };

  /* ----------------------------------------------------------------- derived results */

  /** {completed, progress, score (0-100 or null), passed (true/false/null)} from the state. */
  Session.prototype.results = function () {
    var cfg = this.config, st = this.state, done = 0, total = 0, earned = 0, points = 0, scoredOpen = 0;
    cfg.units.forEach(function (u) { total++; if (st.seen.indexOf(u) >= 0) done++; });
    Object.keys(cfg.checks).forEach(function (id) {
      var check = cfg.checks[id], rec = st.c[id];
      var finished = rec && (rec.ok || (check.attempts && rec.a >= check.attempts));
      total++; if (finished) done++;
      points += check.points;
      if (rec && rec.ok) earned += check.points;
      if (check.points && !finished) scoredOpen++;
    });
    Object.keys(cfg.reflections).forEach(function (id) {
      total++; if (st.r[id] && PLX.countWords(st.r[id].x) >= Math.max(1, cfg.reflections[id].minWords)) done++;
    });
    Object.keys(cfg.reviews).forEach(function (id) {
      total++; if (st.s[id] && st.s[id].done) done++;
    });
    var score = points ? Math.round(1000 * earned / points) / 10 : null;
    var passed = score === null || scoredOpen ? null : score >= cfg.passPercent;
    return {completed: done === total, progress: total ? done / total : 1, score: score, passed: passed};
  };

  /* ------------------------------------------------------------------------- saving */

  /** Save now (local copy at once; LMS after the save in progress). Resolves when reported. */
  Session.prototype.save = function () {
    this.state.t = Date.now();
    if (!this.writeLocal() && !this.lms) this.emit("status", "localFailed");
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
    return PLX.codec.encode(pack(this.state)).then(function (text) {
      var fits = text.length <= lms.limits.suspend;
      if (fits && text !== self.lastSuspend) {
        fits = lms.set("suspend", text);
        if (fits) self.lastSuspend = text;
      }
      self.setOverflow(!fits, text.length);
      if (self.state.loc) lms.set("location", self.state.loc.slice(0, lms.limits.location));
      var r = self.results();
      if (r.score !== null) lms.setScore(r.score);
      lms.setStatus(r.completed, r.passed, r.progress);
      return self.commit();
    });
  };

  Session.prototype.setOverflow = function (over, length) {
    if (over !== this.overflow || over) this.emit("overflow", {over: over, length: length, limit: this.lms.limits.suspend});
    this.overflow = over;
  };

  Session.prototype.commit = function () {
    var self = this;
    clearTimeout(this.retryTimer);
    if (this.lms.commit()) {
      this.retry = 0;
      this.emit("status", this.overflow ? "savedLocally" : "saved");
      return true;
    }
    var wait = RETRY_SECONDS[Math.min(this.retry, RETRY_SECONDS.length - 1)];
    this.retry += 1;
    this.emit("status", "retrying");
    this.retryTimer = setTimeout(function () { if (self.lms && self.lms.open) self.commit(); }, wait * 1000);
    return false;
  };

  /** Leaving the page: report time and exit, commit, terminate. Everything here is synchronous. */
  Session.prototype.end = function () {
    this.writeLocal();
    if (!this.lms || !this.lms.open) return;
    clearTimeout(this.retryTimer);
    this.lms.set("session", PLX.lms.timespan((new Date() - this.started) / 1000, this.lms.standard));
    this.lms.set("exit", "suspend");  // keep the attempt (and suspend_data) for the next launch
    this.lms.commit();
    this.lms.finish();
  };

  PLX.Session = Session;
  PLX.state = {migrate: migrate, pack: pack, unpack: unpack, rekey: rekey};
})(window.PLX = window.PLX || {});
