/* plx SCORM runtime: the package's own contents list, a disclosure that shows progress.
 *
 * The list is behind a button (aria-expanded): open on a wide screen, closed on a phone, so
 * that a unit's heading, not an 18-unit list, is what a phone shows first; moving to a unit
 * closes it again on a phone and lands focus and scroll on the unit's heading.
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

  /* ------------------------------------------------------------------ the disclosure */

  // The width below which the contents start closed: where plx.css and sco.css stop putting
  // the list beside the unit (48em, 768 px at the default text size).
  var NARROW = "(max-width: 47.99em)";

  function narrow() { return window.matchMedia(NARROW).matches; }

  function setOpen(doc, open) {
    var button = doc.querySelector("[data-plx-contents-toggle]");
    if (!button) return;
    button.setAttribute("aria-expanded", String(open));
    doc.getElementById(button.getAttribute("aria-controls")).hidden = !open;
  }

  /** Wire the button; the list starts open on a wide screen and closed on a narrow one, and
   * follows when the screen crosses the width (a phone turned, a window resized). */
  function setUp(doc) {
    var button = doc.querySelector("[data-plx-contents-toggle]");
    if (!button) return;
    // One unit as one LMS activity: the LMS has the contents; the panel keeps only the download.
    if (doc.body.classList.contains("plx-sco--unit")) return;
    button.addEventListener("click", function () {
      setOpen(doc, button.getAttribute("aria-expanded") !== "true");
    });
    setOpen(doc, !narrow());
    window.matchMedia(NARROW).addEventListener("change", function (event) { setOpen(doc, !event.matches); });
  }

  /** After a move to another unit: on a phone close the list, then focus the unit's *heading*
   * and scroll it to the top of the screen (not to the top of the page, above the list). */
  function arrive(doc, heading) {
    if (narrow()) setOpen(doc, false);
    if (!heading) return;
    heading.setAttribute("tabindex", "-1");
    heading.focus({preventScroll: true});
    heading.scrollIntoView({block: "start"});
  }

  PLX.contents = {activityDone: activityDone, unitDone: unitDone, show: show, setUp: setUp, arrive: arrive};
})(window.PLX = window.PLX || {});
