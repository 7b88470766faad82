/* plx-journal.js: a reflection. Word counter; a local draft (localStorage) written on every
 * change, so nothing is lost to a failed request or a reload; autosave 1.5 s after typing stops,
 * explicit Save, retries with back-off while the server cannot be reached.
 *
 * Each save names the revision its text was edited from (`base`). When another tab or window
 * saved since, the server answers 409 with the saved entry: both versions are shown and the
 * learner chooses; autosave waits meanwhile. A draft restored after a reload keeps the revision
 * it was written on, so a stale draft also ends in that choice instead of replacing newer text. */
(function (PLX) {
  'use strict';
  var AUTOSAVE_MS = 1500;
  var RETRY_MAX_MS = 30000;

  function countWords(text) {
    var words = text.trim().match(/\S+/g);
    return words ? words.length : 0;
  }
  PLX.countWords = countWords;

  PLX.register('reflection', function (ctx) {
    var form = ctx.q('[data-plx-form]');
    if (!form) { return; }  // staff viewing as a learner: the journal is private, there is no form
    var textarea = ctx.q('[data-plx-field="text"]');
    var counter = ctx.q('[data-plx-count]');
    var minWords = parseInt(form.getAttribute('data-plx-min-words'), 10) || 0;
    var maxWords = parseInt(form.getAttribute('data-plx-max-words'), 10) || 0;
    var key = ctx.state.draft_key ? 'plx:draft:' + ctx.state.draft_key : null;
    var timer = null, retryTimer = null, retryDelay = 2000, inflight = null, again = false;
    var base = ctx.state.revision || 0, conflict = null;
    var conflictBox = ctx.q('[data-plx-conflict]');

    function values() {
      return {
        text: textarea.value,
        standards: ctx.qa('[data-plx-field="standards"]').filter(function (c) { return c.checked; })
          .map(function (c) { return c.value; }),
        lang: ctx.lang,
        revision: base
      };
    }
    function same(a, b) { return a.text === b.text && a.standards.join() === b.standards.join(); }

    function readDraft() {
      try { return key ? JSON.parse(localStorage.getItem(key) || 'null') : null; } catch (e) { return null; }
    }
    function writeDraft() {
      try { if (key) { localStorage.setItem(key, JSON.stringify(values())); } } catch (e) { /* full or blocked */ }
    }
    function dropDraft(saved) {
      var draft = readDraft();
      if (draft && same(draft, saved)) { localStorage.removeItem(key); }
    }

    function savedAt(iso) {
      var time = new Date(iso).toLocaleTimeString(ctx.lang === 'cy' ? 'cy-GB' : 'en-GB',
        {hour: '2-digit', minute: '2-digit'});
      return ctx.t('saved_at', {time: time});
    }

    function update() {
      var n = countWords(textarea.value);
      counter.textContent = ctx.n('words', n) + (n < minWords ? ' ' + ctx.n('words_needed', minWords - n) : '');
      var tooLong = maxWords > 0 && n > maxWords;
      if (tooLong) { ctx.showError('text', ctx.t('too_long')); }
      return !tooLong;
    }

    function retryLater() {
      clearTimeout(retryTimer);
      retryTimer = setTimeout(save, retryDelay);
      retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
    }

    function showConflict(saved, message) {
      conflict = saved;
      ctx.q('[data-plx-conflict-why]').textContent = message;
      ctx.q('[data-plx-conflict-text]').textContent = saved.text;  // plain text, never HTML
      conflictBox.hidden = false;
      ctx.setStatus(message);
      conflictBox.focus();
    }

    function settleConflict(useSaved) {
      var saved = conflict;
      conflict = null;
      conflictBox.hidden = true;
      base = saved.revision;
      if (!useSaved) { return save(); }
      textarea.value = saved.text;
      ctx.qa('[data-plx-field="standards"]').forEach(function (box) {
        box.checked = saved.standards.indexOf(box.value) >= 0;
      });
      try { localStorage.removeItem(key); } catch (e) { /* blocked */ }
      ctx.state = Object.assign({}, ctx.state, saved);
      update();
      ctx.setStatus(savedAt(saved.saved_at));
      textarea.focus();
      return Promise.resolve(saved);
    }

    function save() {
      clearTimeout(timer);
      clearTimeout(retryTimer);
      if (conflict) { return Promise.resolve(null); }  // the learner chooses first
      if (inflight) { again = true; return inflight; }
      ctx.clearErrors();
      if (!update()) { return Promise.resolve(null); }
      var sent = values();
      ctx.setStatus(ctx.t('saving'));
      inflight = ctx.backend.saveEntry(ctx.uid, sent).then(function (state) {
        retryDelay = 2000;
        ctx.state = state;
        if (state.revision !== undefined) { base = state.revision; }
        dropDraft(sent);
        ctx.setStatus(savedAt(state.saved_at));
        return state;
      }, function (error) {
        if (error.status === 0 || error.status >= 500) {
          ctx.setStatus(ctx.t('draft_kept'));
          retryLater();
        } else if (error.status === 409 && error.conflict) {
          showConflict(error.conflict, ctx.describe(error));
        } else {
          ctx.setStatus('');
          ctx.showError(error.field || 'form', ctx.describe(error));
        }
        return null;
      }).then(function (result) {
        inflight = null;
        if (again) { again = false; return save(); }
        return result;
      });
      return inflight;
    }
    ctx.save = save;

    function changed() {
      writeDraft();
      if (update()) { ctx.qa('[data-plx-error="text"]').forEach(function (n) { n.hidden = true; }); }
      clearTimeout(timer);
      timer = setTimeout(save, AUTOSAVE_MS);
    }

    textarea.addEventListener('input', changed);
    ctx.qa('[data-plx-field="standards"]').forEach(function (box) { box.addEventListener('change', changed); });
    form.addEventListener('submit', function (event) { event.preventDefault(); save(); });
    ctx.q('[data-plx-action="keep-mine"]').addEventListener('click', function () { settleConflict(false); });
    ctx.q('[data-plx-action="use-saved"]').addEventListener('click', function () { settleConflict(true); });
    window.addEventListener('online', function () { if (readDraft() && ctx.root.isConnected) { save(); } });

    var draft = readDraft();
    if (draft && !same(draft, values())) {
      if (typeof draft.revision === 'number') { base = draft.revision; }  // what the draft was written on
      textarea.value = draft.text;
      ctx.qa('[data-plx-field="standards"]').forEach(function (box) {
        box.checked = draft.standards.indexOf(box.value) >= 0;
      });
      update();
      ctx.setStatus(ctx.t('draft_restored'));
      save();
    } else {
      update();
      if (ctx.state.saved_at) { ctx.setStatus(savedAt(ctx.state.saved_at)); }
    }
  });
})(window.PLX);
