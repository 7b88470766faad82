/* plx SCORM runtime: the learner's progress in the package's own contents list.
 *
 * A tick beside each completed unit in the contents, and per module "Completed: 2 of 6", drawn
 * from the saved state (session.js) whenever it changes. A unit is complete once it has been
 * seen and each of its activities is done: every check finished (right, or out of attempts),
 * every reflection at its minimum length (at least a word), every self-review marked done:
 * the rules by which the package reports completion to the LMS (Session.results).
 */
(function (PLX) {
  "use strict";

  /** Whether block *key* of the package is done in *state*; null when it is no activity. */
  function activityDone(cfg, state, key) {
    if (Object.prototype.hasOwnProperty.call(cfg.checks, key)) {
      var check = cfg.checks[key], rec = state.c[key];
      return !!rec && (rec.ok || (check.attempts > 0 && rec.a >= check.attempts));
    }
    if (Object.prototype.hasOwnProperty.call(cfg.reflections, key)) {
      var entry = state.r[key];
      return !!entry && PLX.countWords(entry.x) >= Math.max(1, cfg.reflections[key].minWords);
    }
    if (Object.prototype.hasOwnProperty.call(cfg.reviews, key)) return !!(state.s[key] && state.s[key].done);
    return null;
  }

  /** Whether unit *unit* is complete: seen, and every activity in it done. */
  function unitDone(cfg, state, unit) {
    if (state.seen.indexOf(unit) < 0) return false;
    return (cfg.unitBlocks[unit] || []).every(function (key) { return activityDone(cfg, state, key) !== false; });
  }

  /** Draw the ticks and the module counts in *doc*'s contents; *t* translates UI strings. */
  function show(doc, cfg, state, t) {
    var links = doc.querySelectorAll(".plx-contents [data-plx-goto]");
    Array.prototype.forEach.call(links, function (link) {
      var tick = link.querySelector("[data-plx-done]");
      if (tick) tick.hidden = !unitDone(cfg, state, link.getAttribute("data-plx-goto"));
    });
    Array.prototype.forEach.call(doc.querySelectorAll("[data-plx-module-count]"), function (count) {
      var module = count.closest("li"), done = module.querySelectorAll("[data-plx-done]:not([hidden])").length;
      count.textContent = t("progress.module", {done: done, total: module.querySelectorAll("[data-plx-done]").length});
    });
  }

  PLX.progress = {activityDone: activityDone, unitDone: unitDone, show: show};
})(window.PLX = window.PLX || {});
