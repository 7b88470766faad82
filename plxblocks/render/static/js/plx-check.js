/* plx-check.js: a knowledge check. The backend evaluates (backend.submitAnswer) and returns the
 * check state; this file only shows it. See docs/architecture.md for the state's shape. */
(function (PLX) {
  'use strict';
  PLX.register('check', function (ctx) {
    var form = ctx.q('[data-plx-form]');
    var submit = ctx.q('[data-plx-action="submit"]');
    var reveal = ctx.q('[data-plx-action="show-answer"]');
    var explanation = ctx.q('[data-plx-explanation]');
    var inputs = ctx.qa('[data-plx-field="answer"]');

    function option(id) { return ctx.q('[data-plx-option="' + id + '"]'); }

    function show(state, announce) {
      state = state || {};
      var used = state.attempts_used || 0;
      var max = state.max_attempts || 0;
      var selected = state.selected || [];
      var finished = state.correct === true || (max > 0 && used >= max);
      ctx.qa('[data-plx-option]').forEach(function (li) { li.removeAttribute('data-plx-result'); });
      ctx.qa('[data-plx-feedback]').forEach(function (node) { node.hidden = true; node.innerHTML = ''; });
      inputs.forEach(function (input) {
        input.checked = selected.indexOf(input.value) >= 0;
        input.disabled = finished;
      });
      (state.feedback || []).forEach(function (item) {
        var li = option(item.option);
        if (!li) { return; }
        var result = item.correct ? 'correct' : 'incorrect';
        var node = li.querySelector('[data-plx-feedback]');
        li.setAttribute('data-plx-result', result);
        node.setAttribute('data-plx-result', result);
        node.innerHTML = '<strong class="plx-result plx-result--' + result + '"></strong> ' + (item.html || '');
        node.firstChild.textContent = ctx.t(item.correct ? 'correct' : 'incorrect');
        node.hidden = false;
      });
      (state.correct_ids || []).forEach(function (id) {
        var li = option(id);
        if (li) { li.setAttribute('data-plx-result', 'correct'); }
      });
      submit.disabled = finished;
      reveal.hidden = !(max > 0 && used >= max && state.correct !== true && !state.correct_ids);
      var attempts = ctx.q('[data-plx-attempts]');
      attempts.textContent = (!finished && max > 0 && used > 0) ? ctx.n('attempts_left', max - used) : '';
      if (state.explanation_html) {
        ctx.q('[data-plx-explanation-body]').innerHTML = state.explanation_html;
        explanation.hidden = false;
      }
      if (announce && state.correct !== null && state.correct !== undefined) {
        // One live message (verdict and attempts left) rather than the same words twice.
        var verdict = state.correct ? 'correct' : (state.score > 0 ? 'partly_correct' : 'incorrect');
        ctx.setStatus(ctx.t(verdict) + (attempts.textContent ? '. ' + attempts.textContent : ''));
        attempts.textContent = '';
      }
      // A disabled button loses focus: move it to what the learner should read next.
      if (announce && finished) {
        if (!explanation.hidden) { explanation.focus(); } else if (!reveal.hidden) { reveal.focus(); }
      }
    }

    var busy = false;  // not submit.disabled: disabling the focused button would drop keyboard focus
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (busy || submit.disabled) { return; }
      ctx.clearErrors();
      var chosen = inputs.filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
      if (!chosen.length) { ctx.showError('answer', ctx.t('choose_option')); return; }
      busy = true;
      ctx.backend.submitAnswer(ctx.uid, chosen).then(function (state) {
        busy = false;
        ctx.state = state;
        show(state, true);
      }, function (error) {
        busy = false;
        ctx.showError(error.field || 'form', ctx.describe(error));
      });
    });

    reveal.addEventListener('click', function () {
      ctx.clearErrors();
      ctx.backend.showAnswer(ctx.uid).then(function (state) {
        ctx.state = state;
        show(state, false);
        explanation.focus();
      }, function (error) { ctx.showError('form', ctx.describe(error)); });
    });

    show(ctx.state, false);
  });
})(window.PLX);
