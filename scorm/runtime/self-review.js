/* plx SCORM runtime: the peer-review task as a structured self-review (templates/self_review.html).
 *
 * There are no other learners in a SCORM package, so the learner writes their response, rates
 * it against the task's rubric, and can download it to share with a colleague. The text is
 * saved as it is typed (like a journal entry); the task counts as done once the response is
 * within the word limits and every criterion has a level.
 */
(function (PLX) {
  "use strict";
  var AUTOSAVE_MS = 1000;

  PLX.register("peer_review", function (ctx) {
    var form = ctx.q("[data-plx-form]");
    if (!form || !ctx.backend.saveSelfReview) return;  // not the SCORM variant of the task
    var textarea = ctx.q('[data-plx-field="text"]');
    var counter = ctx.q("[data-plx-count]");
    var minWords = parseInt(form.getAttribute("data-plx-min-words"), 10) || 0;
    var maxWords = parseInt(form.getAttribute("data-plx-max-words"), 10) || 0;
    var timer = null;
    var t = PLX.scorm.t;

    function levels() {
      var chosen = {};
      ctx.qa("[data-plx-criterion]").forEach(function (fieldset) {
        var radio = fieldset.querySelector("input:checked");
        if (radio) chosen[fieldset.getAttribute("data-plx-criterion")] = Number(radio.value);
      });
      return chosen;
    }
    function problems() {
      var words = PLX.countWords(textarea.value), found = [];
      if (words < minWords) found.push(["text", t("review.tooShort", {min: minWords})]);
      if (maxWords && words > maxWords) found.push(["text", t("review.tooLong", {max: maxWords})]);
      if (Object.keys(levels()).length < ctx.qa("[data-plx-criterion]").length) found.push(["levels", t("review.chooseLevel")]);
      return found;
    }
    function count() {
      var n = PLX.countWords(textarea.value);
      counter.textContent = ctx.n("words", n);
    }
    function save() {
      clearTimeout(timer);
      return ctx.backend.saveSelfReview(ctx.uid, {text: textarea.value, levels: levels(), done: problems().length === 0});
    }

    textarea.addEventListener("input", function () { count(); clearTimeout(timer); timer = setTimeout(save, AUTOSAVE_MS); });
    form.addEventListener("change", function (event) { if (event.target !== textarea) save(); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      ctx.clearErrors();
      var found = problems();
      found.forEach(function (problem) { ctx.showError(problem[0], problem[1]); });
      save().then(function () { ctx.setStatus(found.length ? "" : t("review.saved")); });
    });
    ctx.q('[data-plx-action="download"]').addEventListener("click", function () {
      save();
      PLX.scorm.downloadResponse(ctx.uid);
    });
    count();
  });
})(window.PLX);
