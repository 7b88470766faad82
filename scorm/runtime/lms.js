/* plx SCORM runtime: finding the LMS and talking to it, for SCORM 1.2 and 2004 alike.
 *
 * Discovery follows the standards' algorithm: look in this window and each parent in turn, then
 * in the window that opened this one and its parents. The search is bounded (a frame chain is
 * never deeper than MAX_DEPTH) and never throws: a cross-origin frame is skipped, not fatal.
 *
 * The adapter gives the rest of the runtime one vocabulary ("location", "suspend", ...) and
 * hides the two standards' element names, value formats and error calls. It validates values
 * before setting them: some LMSs (Open edX's SCORM block) send values in batches, and one
 * rejected value loses the whole batch, suspend_data included.
 */
(function (PLX) {
  "use strict";

  var MAX_DEPTH = 10;
  var NAMES = {"2004": "API_1484_11", "1.2": "API"};

  function lookUp(win, name) {
    for (var depth = 0; win && depth <= MAX_DEPTH; depth++) {
      try {
        if (win[name]) return win[name];
      } catch (e) { /* cross-origin frame: keep climbing */ }
      var parent;
      try { parent = win.parent; } catch (e2) { parent = null; }
      if (!parent || parent === win) break;
      win = parent;
    }
    return null;
  }

  /** The LMS API for *standard* ("1.2" or "2004"), or null: this window's chain, then the opener's. */
  function findApi(win, standard) {
    var name = NAMES[standard];
    var api = lookUp(win, name);
    if (!api) {
      var opener = null;
      try { opener = win.opener || (win.top && win.top.opener); } catch (e) { opener = null; }
      if (opener) api = lookUp(opener, name);
    }
    return api;
  }

  var ELEMENTS = {
    "1.2": {
      location: "cmi.core.lesson_location", suspend: "cmi.suspend_data", entry: "cmi.core.entry",
      exit: "cmi.core.exit", session: "cmi.core.session_time", raw: "cmi.core.score.raw",
      min: "cmi.core.score.min", max: "cmi.core.score.max", learner: "cmi.core.student_id",
      learnerName: "cmi.core.student_name", interactions: "cmi.interactions._count",
    },
    "2004": {
      location: "cmi.location", suspend: "cmi.suspend_data", entry: "cmi.entry", exit: "cmi.exit",
      session: "cmi.session_time", raw: "cmi.score.raw", min: "cmi.score.min", max: "cmi.score.max",
      scaled: "cmi.score.scaled", learner: "cmi.learner_id", learnerName: "cmi.learner_name",
      interactions: "cmi.interactions._count", progress: "cmi.progress_measure",
      completion: "cmi.completion_status", success: "cmi.success_status",
    },
  };
  var LIMITS = {"1.2": {suspend: 4096, location: 255}, "2004": {suspend: 64000, location: 1000}};

  /* ------------------------------------------------------------------- value formatting */

  function pad(n, width) { var s = String(n); while (s.length < width) s = "0" + s; return s; }

  /** Seconds as a SCORM 1.2 CMITimespan (HHHH:MM:SS.SS) or a 2004 ISO 8601 duration (PT1H2M3.4S). */
  function timespan(seconds, standard) {
    var cs = Math.max(0, Math.round(seconds * 100));
    var h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, s = (cs % 6000) / 100;
    if (standard === "1.2") return pad(Math.min(h, 9999), 4) + ":" + pad(m, 2) + ":" + (s < 10 ? "0" : "") + s.toFixed(2);
    return "PT" + (h ? h + "H" : "") + (m ? m + "M" : "") + s.toFixed(2).replace(/\.?0+$/, "") + "S";
  }

  /** A Date as 1.2 CMITime (HH:MM:SS) or a 2004 timestamp (YYYY-MM-DDThh:mm:ss.sZ). */
  function timestamp(date, standard) {
    if (standard === "1.2") return [date.getHours(), date.getMinutes(), date.getSeconds()].map(function (n) { return pad(n, 2); }).join(":");
    return date.toISOString().replace(/(\.\d)\d\dZ$/, "$1Z");
  }

  /* ---------------------------------------------------------------------------- adapter */

  function Lms(api, standard) {
    this.api = api;
    this.standard = standard;
    this.el = ELEMENTS[standard];
    this.limits = LIMITS[standard];
    this.open = false;
  }

  Lms.prototype.call = function (name12, name2004) {
    var args = Array.prototype.slice.call(arguments, 2);
    var fn = this.api[this.standard === "1.2" ? name12 : name2004];
    try {
      return String(fn.apply(this.api, args));
    } catch (e) {
      return "false";
    }
  };
  Lms.prototype.init = function () {
    this.open = this.call("LMSInitialize", "Initialize", "") === "true";
    return this.open;
  };
  /** The value of a logical element; "" stands for "unknown" (some LMSs answer "" to every read). */
  Lms.prototype.get = function (key) {
    var name = this.el[key] || key;
    var value = this.call("LMSGetValue", "GetValue", name);
    return value === "null" || value === "undefined" ? "" : value;
  };
  Lms.prototype.set = function (key, value) {
    var name = this.el[key] || key;
    if (value === null || value === undefined) return false;
    return this.call("LMSSetValue", "SetValue", name, String(value)) === "true";
  };
  Lms.prototype.commit = function () { return this.call("LMSCommit", "Commit", "") === "true"; };
  Lms.prototype.finish = function () {
    if (!this.open) return true;
    this.open = false;
    return this.call("LMSFinish", "Terminate", "") === "true";
  };
  Lms.prototype.error = function () {
    var code = this.call("LMSGetLastError", "GetLastError");
    return {code: code, text: code && code !== "0" ? this.call("LMSGetErrorString", "GetErrorString", code) : ""};
  };

  /** *score*: {raw: "0"-"100", scaled: "0"-"1"} as exact decimal strings (session.js), with min
   * 0 and max 100 (Open edX divides raw by 100); scaled for 2004 only. Never rounded here: a
   * 2-decimal scaled (69.5 -> "0.70") would pass against the manifest's 0.7 while the SCO failed. */
  Lms.prototype.setScore = function (score) {
    var ok = this.set("min", "0") && this.set("max", "100") && this.set("raw", score.raw);
    if (this.standard === "2004") ok = this.set("scaled", score.scaled) && ok;
    return ok;
  };

  /** Status: *completed* (bool), *passed* (true/false/null = no final score yet), *progress*
   * (decimal string, 2004 only). Nothing is judged before the work is done: "incomplete" while
   * any remains. Then SCORM 1.2, which has one status for both, says "passed" at or above the
   * pass mark and "completed" below it, never "failed": the learner has done every activity and
   * the score says how well (docs/scorm.md). 2004 keeps them apart: "completed", and success
   * "passed" or "failed". */
  Lms.prototype.setStatus = function (completed, passed, progress) {
    if (this.standard === "2004") {
      var ok = this.set("completion", completed ? "completed" : "incomplete");
      if (progress) ok = this.set("progress", progress) && ok;
      if (completed && passed !== null) ok = this.set("success", passed ? "passed" : "failed") && ok;
      return ok;
    }
    return this.set("cmi.core.lesson_status", !completed ? "incomplete" : passed ? "passed" : "completed");
  };

  /** One knowledge-check answer as cmi.interactions.N (see sco.js for the fields' meaning).
   * Returns {created: the interaction exists (its id was accepted), ok: every field was,
   * error: the LMS's error for the first refused field}. */
  Lms.prototype.setInteraction = function (index, i) {
    var p = "cmi.interactions." + index + ".", s = this.standard, self = this, error = null;
    var join = s === "1.2" ? "," : "[,]";
    function field(name, value) {
      var accepted = self.set(p + name, value);
      if (!accepted && !error) error = self.error();
      return accepted;
    }
    var created = field("id", i.id.slice(0, 250));  // 1.2 CMIIdentifier: 255; Moodle's 2004 ids: 250
    if (!created) return {created: false, ok: false, error: error};
    var ok = field("type", "choice");
    ok = field(s === "1.2" ? "student_response" : "learner_response", i.response.join(join)) && ok;
    ok = field("result", i.correct ? "correct" : s === "1.2" ? "wrong" : "incorrect") && ok;
    ok = field("correct_responses.0.pattern", i.pattern.join(join)) && ok;
    ok = field("weighting", String(i.weighting)) && ok;
    ok = field(s === "1.2" ? "time" : "timestamp", timestamp(i.time, s)) && ok;
    ok = field("latency", timespan(i.latency, s)) && ok;
    if (s === "2004" && i.description) ok = field("description", i.description.slice(0, 250)) && ok;
    return {created: true, ok: ok, error: error};
  };

  function connect(win, standard) {
    var api = findApi(win, standard);
    return api ? new Lms(api, standard) : null;
  }

  PLX.lms = {connect: connect, findApi: findApi, timespan: timespan, timestamp: timestamp, LIMITS: LIMITS};
})(window.PLX = window.PLX || {});
