/* plx: a page's contents list as a disclosure, in the SCORM package (and plx preview) and the
 * LTI pages (an XBlock's page belongs to Open edX, which has its own navigation).
 *
 * The list is behind a button (aria-expanded, aria-controls): open on a wide screen, closed on a
 * phone, so that a phone shows the unit's heading first, not an 18-unit list. Moving to a unit
 * closes it again on a phone and lands focus and scroll on the unit's heading. Markup:
 *   <button data-plx-contents-toggle aria-expanded="true" aria-controls="ID">; <div id="ID">
 * Hand-written (about forty lines): the disclosure pattern needs no library, and a package
 * may load nothing from outside itself.
 */
(function (PLX) {
  "use strict";

  // The width below which the contents start closed: where the pages' stylesheets (sco.css, the
  // LTI pages' own) stop putting the list beside the unit (48em, 768 px at the default text size).
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

  /** A page opened at #<id of a heading> (the LTI pages' "Next unit"): land there as
   * :func:`arrive` does, so the keyboard goes on from the heading, not the top of the page. */
  function landOnHash(doc) {
    var id = window.location.hash.slice(1), heading = id && doc.getElementById(id);
    if (heading && /^H[1-6]$/.test(heading.tagName)) arrive(doc, heading);
  }

  PLX.contents = {setUp: setUp, arrive: arrive, landOnHash: landOnHash};
})(window.PLX = window.PLX || {});
