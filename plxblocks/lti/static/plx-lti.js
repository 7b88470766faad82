/* plx-lti.js: the backend the shared behaviour uses in the LTI tool (docs/architecture.md,
 * "Backend interface"). Each call POSTs JSON to /lti/s/<session>/api/<block uid>/<handler>; the
 * session token in the address is the credential, so no cookie is needed inside the platform's
 * iframe. Answers map to the interface: resolve with the JSON, reject with PLX.error(...). */
(function (PLX) {
  'use strict';
  var config = JSON.parse(document.getElementById('plx-lti').textContent);

  function post(uid, handler, payload) {
    return fetch(config.api + encodeURIComponent(uid) + '/' + handler, {
      method: 'POST', credentials: 'omit', cache: 'no-store',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify(payload || {})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.ok) { return body; }
        throw PLX.error(response.status, body.error, body.field, body);
      });
    }, function () { throw PLX.error(0); });
  }

  var backend = {
    submitAnswer: function (uid, optionIds) { return post(uid, 'submit_answer', {selected: optionIds}); },
    showAnswer: function (uid) { return post(uid, 'show_answer', {}); },
    saveEntry: function (uid, entry) { return post(uid, 'save_entry', entry); },
    loadState: function (uid) { return post(uid, 'load_state', {}); },
    markViewed: function (uid) { return post(uid, 'mark_viewed', {}); },
    switchLanguage: function (uid, lang) {
      document.documentElement.lang = lang;
      return post(uid, 'switch_language', {lang: lang});
    },
    peerAction: function (uid, handler, payload) { return post(uid, handler, payload); }
  };
  PLX.initAll(backend);
  // The contents list behind its button on a phone; "Next unit" (#plx-unit-title) lands on the heading.
  PLX.contents.setUp(document);
  PLX.contents.landOnHash(document);
})(window.PLX);
