/* plx SCORM runtime: the SCORM backend for the shared block behaviour.
 *
 * The blocks' JavaScript (plxblocks/render/static/js/) talks to a *backend* (docs/architecture.md,
 * "Backend interface"). In Open edX that backend posts to the XBlock's handlers; here it answers
 * from the package itself: checks are marked locally against the answers built into the page,
 * and everything the learner does goes into the session (session.js), which keeps it in the
 * browser and in the LMS (cmi.* and suspend_data).
 *
 * Views: each block was rendered at build time, in each language, by the shared templates with
 * an empty state (<template data-plx-view=UID data-plx-lang=LANG>). mountAll() and
 * switchLanguage() put the learner's state into a copy of that view: the state JSON the
 * behaviour reads, plus the form values the templates would have rendered from it.
 */
(function (PLX) {
  "use strict";
  var shortId = null;  // uid -> the block's key in the saved state (cfg.keyLength characters)

  function resolved(value) { return Promise.resolve(value); }

  /* A 32-bit hash of *text*: FNV-1a, then murmur3's finaliser so that nearby inputs (the same
   * seed and check, another option) land far apart. Hand-written: the SCO has no libraries and
   * crypto.subtle is asynchronous and missing on file:// pages. */
  function hash32(text) {
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
  }

  /** Option ids in the order the learner with *seed* sees check *uid*'s options: each ranked by
   * a hash of the three, so the order is the same on every launch and needs nothing stored but
   * the seed. Without a seed, or for a check written with shuffle: false, the author's order. */
  function optionOrder(seed, uid, ids, shuffle) {
    if (!seed || shuffle === false) return ids.slice();
    var ranked = ids.map(function (id, index) { return {id: id, index: index, rank: hash32(seed + "\u001f" + uid + "\u001f" + id)}; });
    ranked.sort(function (a, b) { return a.rank - b.rank || a.index - b.index; });
    return ranked.map(function (r) { return r.id; });
  }
  PLX.optionOrder = optionOrder;

  function Backend(session, cfg) {
    var length = cfg.keyLength;
    shortId = function (uid) { return uid.slice(0, length); };
    this.session = session;
    this.cfg = cfg;
    this.lang = cfg.languages[0];
    this.kinds = {};
    var kinds = this.kinds;
    Object.keys(cfg.checks).forEach(function (k) { kinds[k] = "check"; });
    Object.keys(cfg.reflections).forEach(function (k) { kinds[k] = "reflection"; });
    Object.keys(cfg.reviews).forEach(function (k) { kinds[k] = "review"; });
  }

  /* ------------------------------------------------------------------------ block states */

  Backend.prototype.checkState = function (id) {
    var check = this.cfg.checks[id], lang = this.lang;
    var rec = this.session.state.c[id] || {a: 0, s: [], ok: false};
    var finished = rec.ok || (check.attempts > 0 && rec.a >= check.attempts);
    return {
      selected: rec.s.slice(), attempts_used: rec.a, max_attempts: check.attempts,
      correct: rec.a ? rec.ok : null, score: rec.ok ? 1 : 0,
      feedback: rec.s.map(function (option) {
        return {option: option, correct: check.pattern.indexOf(option) >= 0, html: check.feedback[lang][option] || ""};
      }),
      explanation_html: finished ? check.explanation[lang] : null,
      correct_ids: rec.shown ? check.pattern.slice() : null,
      order: optionOrder(this.session.state.q, check.uid, check.options, check.shuffle),
    };
  };

  Backend.prototype.journalState = function (id) {
    var entry = this.session.state.r[id], limits = this.cfg.reflections[id];
    if (!entry) return {draft_key: this.draftKey(id)};
    var words = PLX.countWords(entry.x);
    return {text: entry.x, standards: entry.s || [], lang: this.lang, word_count: words,
            complete: words >= Math.max(1, limits.minWords) && words <= limits.maxWords,
            saved_at: entry.d ? new Date(entry.d).toISOString() : null, draft_key: this.draftKey(id)};
  };

  Backend.prototype.reviewState = function (id) {
    var review = this.session.state.s[id];
    return review ? {text: review.text, levels: review.levels, done: review.done} : {};
  };

  Backend.prototype.draftKey = function (id) { return this.session.localKey + ":" + id; };

  Backend.prototype.stateOf = function (uid) {
    var id = shortId(uid), kind = this.kinds[id];
    if (kind === "check") return this.checkState(id);
    if (kind === "reflection") return this.journalState(id);
    if (kind === "review") return this.reviewState(id);
    return {viewed: this.session.state.seen.length > 0};
  };

  /* ------------------------------------------------------------------- backend interface */

  Backend.prototype.submitAnswer = function (uid, optionIds) {
    this.session.answerCheck(shortId(uid), optionIds);
    return resolved(this.checkState(shortId(uid)));
  };

  Backend.prototype.showAnswer = function (uid) {
    var id = shortId(uid), check = this.cfg.checks[id], rec = this.session.state.c[id];
    if (!rec || !(check.attempts > 0 && rec.a >= check.attempts)) {
      return Promise.reject(PLX.error(400, PLX.scorm.t("check.notYet"), null));
    }
    return this.session.showAnswer(id).then(function () { return this.checkState(id); }.bind(this));
  };

  Backend.prototype.saveEntry = function (uid, entry) {
    var id = shortId(uid), limits = this.cfg.reflections[id];
    if (limits.maxWords && PLX.countWords(entry.text) > limits.maxWords) {
      return Promise.reject(PLX.error(400, PLX.scorm.t("entry.tooLong", {max: limits.maxWords}), "text"));
    }
    this.session.saveReflection(id, {x: String(entry.text), s: entry.standards || [], d: Date.now()});
    return resolved(this.journalState(id));
  };

  Backend.prototype.saveSelfReview = function (uid, review) {
    var id = shortId(uid);
    this.session.saveSelfReview(id, review);
    return resolved(this.reviewState(id));
  };

  Backend.prototype.loadState = function (uid) { return resolved(this.stateOf(uid)); };
  Backend.prototype.markViewed = function () { return resolved({viewed: true}); };

  Backend.prototype.switchLanguage = function (uid, lang) {
    if (PLX.scorm && PLX.scorm.language() !== lang) PLX.scorm.setLanguage(lang, true);
    this.lang = lang;
    return resolved({html: this.view(uid, lang).outerHTML});
  };

  /* ------------------------------------------------------------------------------ views */

  /** A copy of the block's view in *lang*, carrying the learner's state. */
  Backend.prototype.view = function (uid, lang) {
    var template = document.querySelector('template[data-plx-view="' + uid + '"][data-plx-lang="' + lang + '"]');
    var root = template.content.querySelector("[data-plx-kind]").cloneNode(true);
    var state = this.stateOf(uid);
    // "<" escaped: the view may be serialised and parsed again (switchLanguage), and a learner's
    // "</script>" must not end the script element.
    root.querySelector("script[data-plx-state]").textContent = JSON.stringify(state).replace(/</g, "\\u003c");
    // The UI strings are kept once per language in the page's configuration (see pages.py).
    root.querySelector("script[data-plx-strings]").textContent = JSON.stringify(this.cfg.blockStrings[lang]).replace(/</g, "\\u003c");
    var text = root.querySelector('textarea[data-plx-field="text"]');
    if (text && typeof state.text === "string") text.textContent = state.text;
    if (state.standards) {
      root.querySelectorAll('[data-plx-field="standards"]').forEach(function (box) {
        box.toggleAttribute("checked", state.standards.indexOf(box.value) >= 0);
      });
    }
    if (state.order) {
      // The view was rendered with the options as written: put them in the learner's order.
      var list = root.querySelector(".plx-options");
      state.order.forEach(function (id) {
        var option = list && list.querySelector('[data-plx-option="' + id + '"]');
        if (option) list.appendChild(option);
      });
    }
    if (state.levels) {
      root.querySelectorAll("[data-plx-criterion]").forEach(function (fieldset) {
        var chosen = state.levels[fieldset.getAttribute("data-plx-criterion")];
        fieldset.querySelectorAll('input[type="radio"]').forEach(function (radio) {
          radio.toggleAttribute("checked", Number(radio.value) === chosen);
        });
      });
    }
    return root;
  };

  /** Put every block's view, with its state, into its slot in the page, and start it. */
  Backend.prototype.mountAll = function (lang) {
    var self = this;
    this.lang = lang;
    document.querySelectorAll("[data-plx-slot]").forEach(function (slot) {
      var root = self.view(slot.getAttribute("data-plx-slot"), lang);
      slot.replaceChildren(root);
      PLX.init(root, self);
    });
  };

  PLX.ScormBackend = Backend;
})(window.PLX = window.PLX || {});
