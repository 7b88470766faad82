/* plx-peer.js: the peer-review task. Every action calls backend.peerAction(uid, handler, payload),
 * which answers with the block's whole view ({html, message}); the view replaces the block and
 * the message is announced in its status line. So the one server template draws every state and
 * this file only collects what the learner entered. The response text is also kept in
 * localStorage until the server has it, so a failed save or a reload loses nothing. */
(function (PLX) {
  'use strict';

  function draftKey(ctx) { return ctx.state.draft_key ? 'plx:peer:' + ctx.state.draft_key : null; }

  function keepDraft(ctx, text) {
    try { if (draftKey(ctx)) { localStorage.setItem(draftKey(ctx), text); } } catch (e) { /* blocked */ }
  }
  function dropDraft(ctx) {
    try { if (draftKey(ctx)) { localStorage.removeItem(draftKey(ctx)); } } catch (e) { /* blocked */ }
  }
  function readDraft(ctx) {
    try { return draftKey(ctx) ? localStorage.getItem(draftKey(ctx)) : null; } catch (e) { return null; }
  }

  /* Replace the block with the view the server sent; focus what the learner should meet next. */
  function show(ctx, result, focusSelector) {
    var holder = document.createElement('div');
    holder.innerHTML = result.html;
    var fresh = holder.firstElementChild;
    ctx.root.replaceWith(fresh);
    var next = PLX.init(fresh, ctx.backend);
    var status = fresh.querySelector('[data-plx-status]');
    if (status && result.message) { status.textContent = result.message; }
    var target = fresh.querySelector('[data-plx-focus]') || (focusSelector && fresh.querySelector(focusSelector)) ||
      status;
    if (target) {
      if (!target.hasAttribute('tabindex') && !/^(BUTTON|A|INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) {
        target.setAttribute('tabindex', '-1');
      }
      target.focus();
    }
    return next;
  }

  PLX.register('peer_review', function (ctx) {
    var textarea = ctx.q('[data-plx-field="text"]');
    var counter = ctx.q('[data-plx-count]');

    function count() {
      if (!textarea || !counter) { return; }
      counter.textContent = ctx.n('words', PLX.countWords(textarea.value));
    }
    if (textarea) {
      var kept = readDraft(ctx);
      if (kept && kept !== textarea.value) {
        textarea.value = kept;
        ctx.setStatus(ctx.t('draft_restored'));
      }
      textarea.addEventListener('input', function () { keepDraft(ctx, textarea.value); count(); });
      count();
    }

    function act(handler, payload, button, focusSelector) {
      ctx.clearErrors();
      if (button) { button.disabled = true; }
      ctx.setStatus(ctx.t('saving'));
      return ctx.backend.peerAction(ctx.uid, handler, payload).then(function (result) {
        if (handler === 'peer_save_draft' || handler === 'peer_submit') { dropDraft(ctx); }
        return show(ctx, result, focusSelector);
      }, function (error) {
        if (button) { button.disabled = false; }
        ctx.setStatus('');
        ctx.showError(error.field || 'form', ctx.describe(error));
        var shown = ctx.q('[data-plx-error="' + (error.field || 'form') + '"]:not([hidden])') ||
          ctx.q('[data-plx-error="form"]:not([hidden])');
        if (shown) { shown.setAttribute('tabindex', '-1'); shown.focus(); }
      });
    }

    /* The chosen levels {criterion: points}; in a range-scoring band, the points typed in its box
     * (refused here, before any request, when outside the band). */
    function chosenLevels(form) {
      var levels = {}, outside = null;
      Array.prototype.forEach.call(form.querySelectorAll('[data-plx-level]:checked'), function (input) {
        var box = form.querySelector('[data-plx-points="' + input.id + '"]');
        var value = parseInt(box ? box.value : input.value, 10);
        if (box && !(value >= parseInt(box.min, 10) && value <= parseInt(box.max, 10))) {
          outside = outside || box;
        }
        levels[input.getAttribute('data-plx-level')] = value;
      });
      return {levels: levels, outside: outside};
    }

    function bandError(box) {
      ctx.showError('form', ctx.t('points_in_band', {low: box.min, high: box.max}));
      box.focus();
    }

    function reviewPayload(form) {
      var levels = chosenLevels(form).levels, comments = {};
      Array.prototype.forEach.call(form.querySelectorAll('[data-plx-comment]'), function (area) {
        if (area.value.trim()) { comments[area.getAttribute('data-plx-comment')] = area.value; }
      });
      var overall = form.querySelector('[data-plx-field="overall"]');
      return {token: form.getAttribute('data-plx-token'), levels: levels, comments: comments,
              overall: overall ? overall.value : ''};
    }

    /* Show *message* at *field* before any request, and put the learner back in *input*: its
     * aria-describedby names the message, so a screen reader reads it there. */
    function refuse(field, message, input) {
      ctx.clearErrors();
      ctx.showError(field, message);
      input.focus();
    }

    /* What is wrong with the response's length, or '' (the counter's rule: PLX.countWords). */
    function wordLimitProblem() {
      var form = textarea.closest('form');
      var least = parseInt(form.getAttribute('data-plx-min-words'), 10) || 0;
      var most = parseInt(form.getAttribute('data-plx-max-words'), 10) || 0;
      var words = PLX.countWords(textarea.value);
      if (most && words > most) { return ctx.n('words_over', words - most, {max: most}); }
      if (words < least) { return ctx.n('words_under', least - words, {min: least}); }
      return '';
    }

    var staff = PLX.peerStaff ? PLX.peerStaff(ctx) : null;

    ctx.root.addEventListener('click', function (event) {
      var button = event.target.closest('[data-plx-action]');
      if (!button || !ctx.root.contains(button)) { return; }
      var action = button.getAttribute('data-plx-action');
      var confirm = ctx.q('[data-plx-confirm]');
      var ask = ctx.q('[data-plx-action="peer-submit-ask"]');
      if (action === 'peer-save') {
        act('peer_save_draft', {text: textarea.value}, button, '[data-plx-action="peer-save"]');
      } else if (action === 'peer-submit-ask') {
        // The word limits are checked before the confirmation, so a learner never confirms a
        // response the server would refuse (the server still checks).
        var limit = wordLimitProblem();
        if (limit) {
          confirm.hidden = true;
          ask.setAttribute('aria-expanded', 'false');
          refuse('text', limit, textarea);
          return;
        }
        ctx.clearErrors();  // a message about an earlier length no longer holds
        confirm.hidden = false;
        ask.setAttribute('aria-expanded', 'true');
        confirm.querySelector('[data-plx-action="peer-submit"]').focus();
      } else if (action === 'peer-submit-cancel') {
        confirm.hidden = true;
        ask.setAttribute('aria-expanded', 'false');
        ask.focus();
      } else if (action === 'peer-submit') {
        act('peer_submit', {text: textarea.value, confirm: true}, button, '[data-plx-action="peer-next"]');
      } else if (action === 'peer-next') {
        act('peer_next', {}, button, '[data-plx-action="peer-next"]');
      } else if (action === 'peer-review' || action === 'peer-calibrate' || action === 'peer-self-review') {
        var form = button.closest('form');
        var chosen = chosenLevels(form);
        if (chosen.outside) { ctx.clearErrors(); bandError(chosen.outside); return; }
        if (action === 'peer-review') {
          var overall = form.querySelector('[data-plx-field="overall"][data-plx-required]');
          if (overall && !overall.value.trim()) { refuse('overall', ctx.t('overall_required'), overall); return; }
          act('peer_review', reviewPayload(form), button, '[data-plx-given]');
        } else if (action === 'peer-self-review') {
          var comment = form.querySelector('[data-plx-field="self-overall"]');
          act('peer_self_review', {levels: chosen.levels, comment: comment ? comment.value : ''}, button,
            '[data-plx-grade]');
        } else {
          act('peer_calibrate', {example: form.getAttribute('data-plx-example'), levels: chosen.levels}, button);
        }
      } else if (action === 'peer-dry-run') {
        act('peer_dry_run', {start: button.value === 'start'}, button,
          button.value === 'start' ? '[data-plx-dry-run] h3' : '[data-plx-action="peer-dry-run"]');
      } else if (action === 'peer-notices') {
        act('peer_notices', {send: button.value === 'on'}, button, '[data-plx-action="peer-notices"]');
      } else if (action === 'peer-rate') {
        act('peer_rate', {token: button.value, helpful: button.getAttribute('data-plx-helpful') === 'true'},
          button, '[data-plx-action="peer-rate"][value="' + button.value + '"][aria-pressed="true"]');
      } else if (action === 'peer-flag') {
        var reason = button.closest('details').querySelector('[data-plx-reason]');
        act('peer_flag', {token: button.value, target: button.getAttribute('data-plx-target'),
                          reason: reason ? reason.value : ''}, button);
      } else if (staff) {
        staff(action, button);
      }
    });
  });

  /* The course team's panel: its handlers answer {staff_html, message}, drawn into the panel. */
  PLX.peerStaff = function (ctx) {
    function body() { return ctx.q('[data-plx-staff-body]'); }
    function detailId() {
      var detail = ctx.q('[data-plx-staff-detail]');
      return detail ? parseInt(detail.getAttribute('data-plx-staff-detail'), 10) : null;
    }
    function field(name) {
      var input = ctx.q('[data-plx-staff-field="' + name + '"]');
      return input ? input.value : '';
    }
    function run(handler, payload, button) {
      if (button) { button.disabled = true; }
      return ctx.backend.peerAction(ctx.uid, handler, payload).then(function (result) {
        body().innerHTML = result.staff_html;
        var status = ctx.q('[data-plx-staff-status]');
        if (status) { status.textContent = result.message || ''; }
        var target = ctx.q('[data-plx-staff-body] [data-plx-focus]') || status;
        if (target) { target.setAttribute('tabindex', '-1'); target.focus(); }
      }, function (error) {
        if (button) { button.disabled = false; }
        ctx.showError('staff', ctx.describe(error));
      });
    }
    return function (action, button) {
      var id = detailId();
      if (action === 'staff-progress') {
        run('staff_progress', {}, null);
      } else if (action === 'staff-open') {
        run('staff_detail', {submission: parseInt(button.value, 10)}, button);
      } else if (action === 'staff-moderate') {
        var payload = {submission: id, remove: button.getAttribute('data-plx-remove') === 'true'};
        if (button.hasAttribute('data-plx-review')) {
          payload.review = parseInt(button.getAttribute('data-plx-review'), 10);
        }
        run('staff_moderate', payload, button);
      } else if (action === 'staff-override') {
        var levels = {};
        ctx.qa('[data-plx-override]').forEach(function (select) {
          levels[select.getAttribute('data-plx-override')] = parseInt(select.value, 10);
        });
        run('staff_override', {submission: id, levels: levels, comment: field('comment')}, button);
      } else if (action === 'staff-override-clear') {
        run('staff_override', {submission: id, clear: true}, button);
      } else if (action === 'staff-assign') {
        run('staff_assign', {submission: id, reviewer: field('reviewer')}, button);
      } else if (action === 'staff-release') {
        run('staff_release', {give: parseInt(field('give'), 10), receive: parseInt(field('receive'), 10)}, button);
      }
    };
  };
})(window.PLX);
