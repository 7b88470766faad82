/* plx SCORM runtime: the page. Navigation between units, the language switch, the banners,
 * the journal download, and the start and end of the LMS session.
 *
 * The page carries its configuration (standard, checks with their correct answers, word limits,
 * UI strings in each language) as JSON in <script id="plx-config">, rendered at build time.
 * Block behaviour (checks, journal, self-review) is shared with the XBlocks and reaches the
 * learner's state through the SCORM backend (backend.js).
 */
(function (PLX) {
  "use strict";

  var doc = document;
  var cfg = JSON.parse(doc.getElementById("plx-config").textContent);
  var lang = cfg.languages[0];

  function t(key, values) {
    var text = (cfg.strings[lang] && cfg.strings[lang][key]) || cfg.strings[cfg.languages[0]][key] || key;
    return text.replace(/\{(\w+)\}/g, function (all, name) { return values && name in values ? values[name] : all; });
  }
  function $(selector, root) { return (root || doc).querySelector(selector); }
  function $all(selector, root) { return Array.prototype.slice.call((root || doc).querySelectorAll(selector)); }

  /* ---------------------------------------------------------- one unit as one activity */

  // Launched from a unit's item in the manifest (?sco=<unit>), the page is that unit's activity:
  // it shows and tracks that unit only (score over its checks, completion, resume point and
  // suspend_data of its own), and the LMS's contents list moves between units. Without the
  // parameter (the "course" organization, or a player that ignores items) it is the whole course.
  var whole = {labels: cfg.labels, packageId: cfg.packageId};
  var scoUnit = new URLSearchParams(window.location.search).get("sco");
  // Own keys only: ?sco=__proto__ (or constructor, toString...) names no unit.
  if (scoUnit && cfg.unitBlocks && Object.prototype.hasOwnProperty.call(cfg.unitBlocks, scoUnit)) {
    var keep = cfg.unitBlocks[scoUnit];
    ["checks", "reflections", "reviews", "labels"].forEach(function (name) {
      var subset = {};
      keep.forEach(function (key) { if (key in cfg[name]) subset[key] = cfg[name][key]; });
      cfg[name] = subset;
    });
    cfg.units = [scoUnit];
    cfg.packageId += "." + scoUnit;  // the unit's own copy in this browser, too
    $all("[data-plx-unit]").forEach(function (u) { if (u.getAttribute("data-plx-unit") !== scoUnit) u.remove(); });
    doc.body.classList.add("plx-sco--unit");
  } else {
    scoUnit = null;
  }

  /* ---------------------------------------------------------------------------- language */

  /** Switch the page's own texts to *code* (blocks switch themselves on the plx:language event). */
  function setLanguage(code, save) {
    if (cfg.languages.indexOf(code) < 0) return;
    lang = code;
    backend.lang = code;
    doc.documentElement.lang = code;
    $all("[data-plx-l]").forEach(function (el) { el.hidden = el.getAttribute("data-plx-l") !== code; });
    $all("[data-plx-switch]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-plx-switch") === code));
    });
    $all("[data-plx-string]").forEach(function (el) { el.textContent = t(el.getAttribute("data-plx-string")); });
    $all("[data-plx-label-string]").forEach(function (el) { el.setAttribute("aria-label", t(el.getAttribute("data-plx-label-string"))); });
    doc.title = cfg.titles[code];
    refreshStatus();
    showProgress();
    if (save) session.setLanguage(code);
  }

  // A block's own switch tells the page (and every other block) through this event.
  doc.addEventListener("plx:language", function (event) {
    if (event.detail.lang !== lang) setLanguage(event.detail.lang, true);
  });

  /** The saved language if this package has it (a state saved by the bilingual package of the
   * same course may be opened by its one-language package), else the LMS's or browser's. */
  function initialLanguage(state) {
    if (state.lang && cfg.languages.indexOf(state.lang) >= 0) return state.lang;
    var pref = "";
    if (session.lms) pref = session.lms.get(cfg.standard === "1.2" ? "cmi.student_preference.language" : "cmi.learner_preference.language");
    if (!pref) pref = (navigator.language || "");
    return /^cy\b/i.test(pref) && cfg.languages.indexOf("cy") >= 0 ? "cy" : cfg.languages[0];
  }

  /* -------------------------------------------------------------------------- navigation */

  var units = $all("[data-plx-unit]");

  function showUnit(id, moveFocus) {
    var index = units.findIndex(function (u) { return u.getAttribute("data-plx-unit") === id; });
    if (index < 0) index = 0;
    units.forEach(function (u, i) { u.hidden = i !== index; });
    $all("[data-plx-goto]").forEach(function (link) {
      if (link.getAttribute("data-plx-goto") === units[index].getAttribute("data-plx-unit")) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    });
    if (moveFocus) PLX.contents.arrive(doc, $("h1", units[index]));
    PLX.scorm.unitShownAt = new Date();
    return session.visit(units[index].getAttribute("data-plx-unit"));
  }

  doc.addEventListener("click", function (event) {
    var target = event.target.closest("[data-plx-goto],[data-plx-switch],[data-plx-download],[data-plx-download-unreadable]");
    if (!target) return;
    if (target.hasAttribute("data-plx-goto")) {
      event.preventDefault();
      showUnit(target.getAttribute("data-plx-goto"), true);
    } else if (target.hasAttribute("data-plx-switch")) {
      var code = target.getAttribute("data-plx-switch");
      if (code !== lang) {
        setLanguage(code, true);
        doc.dispatchEvent(new CustomEvent("plx:language", {detail: {lang: code, from: null}}));
      }
    } else if (target.hasAttribute("data-plx-download-unreadable")) {
      downloadUnreadable();
    } else {
      downloadJournal();
    }
  });

  /** Ticks and module counts in the contents (progress.js), after every change of the state. */
  function showProgress() { PLX.progress.show(doc, cfg, session.state, t); }

  /* ------------------------------------------------------------------ banners and status */

  var statusKey = "";
  function refreshStatus() {
    var el = $("#plx-save-status");
    if (el) el.textContent = statusKey ? t("status." + statusKey) : "";
    showStorage(storage);
    showResults(results);
    showUnreadable(unreadable);
    showStandalone(standalone);
  }

  /** The storage banner: the journal is over the LMS's limit, or the LMS refused it for another
   * reason (with its own error code and text: never "too long" when it was not). */
  var storage = null;
  function showStorage(info) {
    storage = info && (info.over || info.refused) ? info : null;
    var box = $("#plx-overflow");
    if (!box) return;
    box.hidden = !storage;
    var text = "";
    if (storage && storage.over) {
      text = t("overflow", {length: storage.length.toLocaleString("en-GB"), limit: storage.limit.toLocaleString("en-GB")});
    } else if (storage) {
      text = t("refused", {code: storage.refused.code || "?", reason: storage.refused.text || t("refused.noReason")});
    }
    $("[data-plx-overflow-text]", box).textContent = text;
  }

  /** The learner's score, once every scored check is finished; until then how many are. */
  var results = null;
  function showResults(r) {
    results = r;
    var el = $("#plx-score");
    if (!el) return;
    el.hidden = !r || !r.checks.total;
    if (el.hidden) return;
    el.textContent = r.score
      ? t(r.passed ? "score.passed" : "score.below", {score: r.score.raw, pass: cfg.passPercent})
      : t("score.open", {done: r.checks.finished, total: r.checks.total});
  }

  /** Saved work this version could not read: kept, and offered as it is (see session.js). */
  var unreadable = null;
  function showUnreadable(list) {
    unreadable = list && list.length ? list : null;
    var box = $("#plx-unreadable");
    if (box) box.hidden = !unreadable;
  }
  function downloadUnreadable() {
    var parts = unreadable.map(function (u) {
      return "[" + u.source + "]\n" + u.raw + (u.decoded ? "\n\n" + JSON.stringify(u.decoded, null, 2) : "");
    });
    var blob = new Blob([parts.join("\n\n") + "\n"], {type: "text/plain;charset=utf-8"});
    saveBlob(blob, t("unreadable.file") + "-" + whole.packageId.toLowerCase() + ".txt");
  }

  /** No LMS, or one that would not start a session here (Moodle's 2004 API after another SCO
   * of the same page ended: error 104), said as it is. */
  var standalone = null;
  function showStandalone(mode) {
    standalone = mode;
    var box = $("#plx-standalone");
    if (!box) return;
    box.hidden = mode !== "standalone";
    var refused = session.refusedStart;
    box.textContent = refused
      ? t("standalone.refused", {code: refused.code || "?", reason: refused.text || t("refused.noReason")})
      : t("standalone");
  }

  /* -------------------------------------------------------------------- journal download */

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"}[c];
    });
  }
  function paragraphs(text) {
    return String(text).split(/\n{2,}/).map(function (p) {
      return "<p>" + escapeHtml(p).replace(/\n/g, "<br>") + "</p>";
    }).join("\n");
  }

  function document_(title, body) {
    return "<!doctype html>\n<html lang=\"" + lang + "\"><head><meta charset=\"utf-8\"><title>" +
      escapeHtml(title) + "</title></head><body><h1>" + escapeHtml(title) + "</h1>\n<p>" +
      escapeHtml(new Date().toLocaleString(lang === "cy" ? "cy-GB" : "en-GB")) + "</p>\n" + body + "\n</body></html>\n";
  }
  function local(texts) { return texts[lang] || texts[cfg.languages[0]] || ""; }

  /** The self-review of task *id* as HTML: the response and the level chosen for each criterion. */
  function reviewHtml(id, entry) {
    var label = whole.labels[id];
    var rows = (label.criteria || []).map(function (c) {
      var points = entry.levels && entry.levels[c.id];
      var level = c.levels.filter(function (l) { return l.points === points; })[0];
      return "<li>" + escapeHtml(local(c.title)) + ": " +
        escapeHtml(level ? local(level.label) + " (" + points + ")" : t("review.notRated")) + "</li>";
    });
    return "<p><em>" + escapeHtml(t("journal.selfReview")) + "</em></p>\n" + paragraphs(entry.text) +
      (rows.length ? "\n<h3>" + escapeHtml(t("review.levels")) + "</h3>\n<ul>" + rows.join("") + "</ul>" : "");
  }

  /** What the learner wrote in this browser in the package's other units' activities. */
  function otherUnitStates() {
    var found = [];
    if (!scoUnit) return found;
    var suffix = session.localKey.slice(("plx:" + cfg.packageId).length), prefix = "plx:" + whole.packageId + ".";
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i), rest = key.slice(prefix.length);
        var unit = rest.slice(0, rest.length - suffix.length);  // "<unit>" + this learner's suffix
        if (key.indexOf(prefix) === 0 && unit && unit.indexOf(":") < 0 && unit + suffix === rest &&
            key !== session.localKey) {
          found.push(JSON.parse(window.localStorage.getItem(key)) || {});
        }
      }
    } catch (e) { /* storage blocked: this unit's entries are still there */ }
    return found;
  }

  /** The learner's journal as a self-contained HTML document (every learner text escaped). In a
   * unit's activity it also holds the other units' entries this browser has kept. */
  function journalHtml() {
    var st = {r: {}, s: {}}, parts = [];
    otherUnitStates().concat([session.state]).forEach(function (one) {
      Object.assign(st.r, one.r || {});
      Object.assign(st.s, one.s || {});
    });
    Object.keys(whole.labels).forEach(function (id) {
      var label = whole.labels[id], entry = label.kind === "review" ? st.s[id] : st.r[id];
      if (!entry) return;
      parts.push("<section><h2>" + escapeHtml(local(label.title)) + "</h2>");
      if (label.kind === "review") {
        parts.push(reviewHtml(id, entry));
      } else {
        parts.push(paragraphs(entry.x));
        var names = (entry.s || []).map(function (s) { return cfg.standards[s] ? local(cfg.standards[s]) : s; });
        if (names.length) parts.push("<p><strong>" + escapeHtml(t("journal.standards")) + ":</strong> " + escapeHtml(names.join(", ")) + "</p>");
      }
      parts.push("</section>");
    });
    if (!parts.length) parts.push("<p>" + escapeHtml(t("journal.empty")) + "</p>");
    return document_(t("journal.title", {course: cfg.titles[lang]}), parts.join("\n"));
  }

  function download(html, name) {
    saveBlob(new Blob([html], {type: "text/html;charset=utf-8"}), name);
  }
  function saveBlob(blob, name) {
    var link = doc.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    doc.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  /** "Download my response": one self-review task as an HTML file to share with a colleague. */
  function downloadResponse(uid) {
    var id = uid.slice(0, cfg.keyLength), entry = session.state.s[id] || {text: "", levels: {}};
    var title = t("review.title", {title: local(cfg.labels[id].title)});
    download(document_(title, reviewHtml(id, entry)), t("review.file") + "-" + id + ".html");
  }

  function downloadJournal() {
    download(journalHtml(), t("journal.file") + "-" + whole.packageId.toLowerCase() + ".html");
  }

  /* ------------------------------------------------------------------------------- start */

  var session = new PLX.Session(cfg, {
    mode: showStandalone,
    status: function (key) { statusKey = key; refreshStatus(); },
    storage: showStorage,
    results: showResults,
    unreadable: showUnreadable,
    changed: showProgress,
    lmsError: function () { statusKey = "lmsError"; refreshStatus(); },
  });
  var backend = new PLX.ScormBackend(session, cfg);

  PLX.scorm = {
    session: session, backend: backend, config: cfg, showUnit: showUnit, setLanguage: setLanguage,
    journalHtml: journalHtml, downloadJournal: downloadJournal, downloadResponse: downloadResponse, t: t,
    language: function () { return lang; },
  };

  // One unit as one LMS activity: the LMS has the contents; the panel keeps only the download.
  if (!scoUnit) PLX.contents.setUp(doc);
  PLX.scorm.ready = session.start().then(function (state) {
    var first = initialLanguage(state);
    setLanguage(first, false);
    backend.mountAll(first);
    var requested = scoUnit || new URLSearchParams(window.location.search).get("unit");
    return showUnit(requested || state.loc || (units[0] && units[0].getAttribute("data-plx-unit")), false);
  }).then(function () {
    doc.documentElement.setAttribute("data-plx-ready", "true");
    return session;
  });

  window.addEventListener("pagehide", function () { session.end(); });
})(window.PLX = window.PLX || {});
