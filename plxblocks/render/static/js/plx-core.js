/* plx-core.js: what every plx block's behaviour shares, in both runtimes (Open edX, SCORM).
 * Plain ES2017, no framework, no build step. The runtime supplies a *backend* object (see
 * docs/architecture.md, "Backend interface") and calls PLX.init(root, backend) for each block
 * root (an element with data-plx-kind). Behaviours register themselves with PLX.register(kind, fn).
 */
(function (global) {
  'use strict';
  var PLX = global.PLX = global.PLX || {};
  var behaviours = {};
  var blocks = {};  // dom id -> context of each initialised block (for the language switch)

  /* Plural form index per language: must match the catalogue headers (a test checks this). */
  PLX.pluralIndex = function (lang, n) {
    if (lang === 'cy') {
      return n === 0 ? 0 : n === 1 ? 1 : n === 2 ? 2 : n === 3 ? 3 : n === 6 ? 4 : 5;
    }
    return n === 1 ? 0 : 1;
  };

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }

  /* An error as every backend rejects with: {status (0 = network), field (or null), message,
   * conflict (a journal save from an older revision: the saved entry, or null)}. */
  PLX.error = function (status, message, field, body) {
    return {status: status, message: message || '', field: field || null, conflict: (body && body.conflict) || null};
  };

  PLX.register = function (kind, init) { behaviours[kind] = init; };

  function readJson(root, attribute) {
    var node = root.querySelector('script[' + attribute + ']');
    return node ? JSON.parse(node.textContent || 'null') || {} : {};
  }

  PLX.init = function (root, backend) {
    var strings = readJson(root, 'data-plx-strings');
    var ctx = {
      root: root,
      backend: backend,
      uid: root.getAttribute('data-plx-block'),
      kind: root.getAttribute('data-plx-kind'),
      lang: root.getAttribute('data-plx-lang') || 'en',
      state: readJson(root, 'data-plx-state'),
      q: function (selector) { return root.querySelector(selector); },
      qa: function (selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); },
      t: function (key, values) { return fill((strings.strings || {})[key] || key, values || {}); },
      /* The plural form of *key* for *count*; {count} and any other *values* filled in. */
      n: function (key, count, values) {
        var forms = (strings.plurals || {})[key] || [key];
        var form = forms[Math.min(PLX.pluralIndex(ctx.lang, count), forms.length - 1)];
        return fill(form, Object.assign({count: count}, values || {}));
      },
      setStatus: function (text) {
        var node = ctx.q('[data-plx-status]');
        if (node) { node.textContent = text; }
      },
      /* Show *message* beside *field* (data-plx-error="field"; "form" when no field matches). */
      showError: function (field, message) {
        var node = ctx.q('[data-plx-error="' + field + '"]') || ctx.q('[data-plx-error="form"]');
        if (!node) { return; }
        node.textContent = message;
        node.hidden = false;
        ctx.qa('[data-plx-field="' + field + '"]').forEach(function (input) {
          input.setAttribute('aria-invalid', 'true');
        });
      },
      clearErrors: function () {
        ctx.qa('[data-plx-error]').forEach(function (node) { node.hidden = true; node.textContent = ''; });
        ctx.qa('[aria-invalid]').forEach(function (node) { node.removeAttribute('aria-invalid'); });
      },
      /* The message for a rejected backend call. */
      describe: function (error) {
        if (!error || error.status === 0) { return ctx.t('network_error'); }
        if (error.status >= 500 || !error.message) { return ctx.t('server_error'); }
        return error.message;
      }
    };
    blocks[root.id] = ctx;
    wireLanguageSwitch(ctx);
    showOneSwitch();
    if (behaviours[ctx.kind]) { behaviours[ctx.kind](ctx); }
    return ctx;
  };

  /* Initialise every block root under *container* (default: the document). */
  PLX.initAll = function (backend, container) {
    return Array.prototype.map.call((container || document).querySelectorAll('[data-plx-kind]'),
      function (root) { return PLX.init(root, backend); });
  };

  /* Language switch: the pressed block tells every plx block on the page (event plx:language);
   * each asks its backend for its view in that language and replaces itself. */
  function wireLanguageSwitch(ctx) {
    ctx.qa('[data-plx-action="language"]').forEach(function (button) {
      button.addEventListener('click', function () {
        if (button.value === ctx.lang) { return; }
        document.dispatchEvent(new CustomEvent('plx:language',
          {detail: {lang: button.value, from: ctx.root.id}}));
      });
    });
  }

  /* Several plx blocks on one page switch together, so only the first shows the switch. */
  function showOneSwitch() {
    var first = true;
    Array.prototype.forEach.call(document.querySelectorAll('[data-plx-kind]'), function (root) {
      var group = root.querySelector('.plx-langs');
      if (group && blocks[root.id] && blocks[root.id].root === root) {
        group.hidden = !first;
        first = false;
      }
    });
  }

  function switchBlock(ctx, lang, takeFocus) {
    if (!ctx.backend.switchLanguage || !ctx.root.isConnected) { return Promise.resolve(); }
    return ctx.backend.switchLanguage(ctx.uid, lang).then(function (result) {
      var holder = document.createElement('div');
      holder.innerHTML = result.html;
      var fresh = holder.firstElementChild;
      ctx.root.replaceWith(fresh);
      var next = PLX.init(fresh, ctx.backend);
      if (takeFocus) {
        var pressed = fresh.querySelector('[data-plx-action="language"][aria-pressed="true"]');
        if (pressed) { pressed.focus(); }
      }
      return next;
    }, function (error) { ctx.setStatus(ctx.describe(error)); });
  }

  if (!PLX._listening) {
    PLX._listening = true;
    document.addEventListener('plx:language', function (event) {
      Object.keys(blocks).forEach(function (id) {
        var ctx = blocks[id];
        if (ctx.lang !== event.detail.lang && ctx.root.isConnected) {
          switchBlock(ctx, event.detail.lang, id === event.detail.from);
        }
      });
    });
  }
})(window);
