/* plx-xblock.js: the backend the shared behaviour uses inside Open edX and the XBlock workbench.
 * Each call POSTs JSON to one of the block's handlers (runtime.handlerUrl) and maps the answer to
 * the interface in docs/architecture.md: resolve with the JSON, reject with PLX.error(...). */
function PlxBlockInit(runtime, element) {
  'use strict';
  var container = element.jquery ? element[0] : element;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : '';
  }

  function post(handler, payload) {
    return fetch(runtime.handlerUrl(container, handler), {
      method: 'POST',
      credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'X-CSRFToken': csrfToken(), 'X-Requested-With': 'XMLHttpRequest'},
      body: JSON.stringify(payload || {})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.ok) { return body; }
        throw window.PLX.error(response.status, body.error, body.field, body);
      });
    }, function () { throw window.PLX.error(0); });
  }

  var backend = {
    submitAnswer: function (uid, optionIds) { return post('submit_answer', {selected: optionIds}); },
    showAnswer: function () { return post('show_answer', {}); },
    saveEntry: function (uid, entry) { return post('save_entry', entry); },
    loadState: function () { return post('load_state', {}); },
    markViewed: function () { return post('mark_viewed', {}); },
    switchLanguage: function (uid, lang) { return post('switch_language', {lang: lang}); },
    peerAction: function (uid, handler, payload) { return post(handler, payload); }
  };
  var root = container.querySelector('[data-plx-kind]');
  if (root) { window.PLX.init(root, backend); }
}
