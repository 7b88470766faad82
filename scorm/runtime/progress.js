/* plx SCORM runtime: the learner's progress in the package's own contents list.
 *
 * A tick beside each completed unit in the contents, and per module "Completed: 2 of 6", drawn
 * from the saved state (session.js) whenever it changes. A unit is complete once it has been
 * seen and each of its activities is done (PLX.state.activityDone: the rules by which the
 * package reports completion to the LMS).
 */
(function (PLX) {
  "use strict";

  /** Whether unit *unit* is complete: seen, and every activity in it done. */
  function unitDone(cfg, state, unit) {
    if (state.seen.indexOf(unit) < 0) return false;
    return (cfg.unitBlocks[unit] || []).every(function (key) { return PLX.state.activityDone(cfg, state, key) !== false; });
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

  PLX.progress = {unitDone: unitDone, show: show};
})(window.PLX = window.PLX || {});
