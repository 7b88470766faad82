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
  if (scoUnit && cfg.unitBlocks && cfg.unitBlocks[scoUnit]) {
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
    if (save) session.setLanguage(code);
  }

  // A block's own switch tells the page (and every other block) through this event.
  doc.addEventListener("plx:language", function (event) {
    if (event.detail.lang !== lang) setLanguage(event.detail.lang, true);
  });

  function initialLanguage(state) {
    if (state.lang) return state.lang;
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
    var heading = $("h1", units[index]);
    if (moveFocus && heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
    if (moveFocus) window.scrollTo(0, 0);
    PLX.scorm.unitShownAt = new Date();
    return session.visit(units[index].getAttribute("data-plx-unit"));
  }

  doc.addEventListener("click", function (event) {
    var target = event.target.closest("[data-plx-goto],[data-plx-switch],[data-plx-download]");
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
    } else {
      downloadJournal();
    }
  });

  /* ------------------------------------------------------------------ banners and status */

  var statusKey = "";
  function refreshStatus() {
    var el = $("#plx-save-status");
    if (el) el.textContent = statusKey ? t("status." + statusKey) : "";
    showOverflow(overflow);
  }
  var overflow = null;
  function showOverflow(info) {
    overflow = info && info.over ? info : null;
    var box = $("#plx-overflow");
    if (!box) return;
    box.hidden = !overflow;
    $("[data-plx-overflow-text]", box).textContent = overflow
      ? t("overflow", {length: overflow.length.toLocaleString("en-GB"), limit: overflow.limit.toLocaleString("en-GB")})
      : "";
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

  /** Now, as the learner reads dates: 24-hour in both languages (Welsh's default clock is 12-hour). */
  function now() {
    return new Date().toLocaleString(lang === "cy" ? "cy-GB" : "en-GB", {
      year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23"});
  }

  /** A downloaded document: styled by the journal's own stylesheet (journal.css, as the XBlocks'
   * export), so it reads the same offline, printed or saved as PDF from the browser. */
  function document_(title, body) {
    return "<!doctype html>\n<html lang=\"" + lang + "\"><head><meta charset=\"utf-8\">" +
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + escapeHtml(title) +
      "</title><style>" + (cfg.journalCss || "") + "</style></head><body class=\"plx-page\">\n" +
      "<main class=\"plx plx-journal-export\">\n<header class=\"plx-journal-export__header\"><h1>" + escapeHtml(title) +
      "</h1>\n<p class=\"plx-hint\">" + escapeHtml(t("journal.exported", {date: now()})) + "</p></header>\n" + body +
      "\n</main>\n</body></html>\n";
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
      // Headed by the unit (the task, for a self-review), with its module: as the XBlocks' export.
      parts.push("<article class=\"plx-entry\"><h2>" + escapeHtml(local(label.title)) + "</h2>\n" +
        "<p class=\"plx-entry__where\">" + escapeHtml(cfg.titles[lang] + (label.module ? " › " + local(label.module) : "") +
        (label.kind === "review" && label.unit ? " › " + local(label.unit) : "")) + "</p>");
      if (label.kind === "review") {
        parts.push(reviewHtml(id, entry));
      } else {
        parts.push("<h3>" + escapeHtml(t("journal.prompt")) + "</h3>\n<div class=\"plx-entry__prompt\">" +
          paragraphs(local(label.prompt)) + "</div>\n<h3>" + escapeHtml(t("journal.reflection")) + "</h3>\n" +
          "<div class=\"plx-entry__text\">" + paragraphs(entry.x) + "</div>");
        var names = (entry.s || []).map(function (s) { return cfg.standards[s] ? local(cfg.standards[s]) : s; });
        parts.push("<p class=\"plx-entry__standards\"><strong>" + escapeHtml(t("journal.standards")) + ":</strong> " +
          escapeHtml(names.length ? names.join(", ") : t("journal.noStandards")) + "</p>");
      }
      parts.push("</article>");
    });
    if (!parts.length) parts.push("<p>" + escapeHtml(t("journal.empty")) + "</p>");
    return document_(t("journal.title", {course: cfg.titles[lang]}), parts.join("\n"));
  }

  function download(html, name) {
    var blob = new Blob([html], {type: "text/html;charset=utf-8"});
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
    mode: function (mode) { var b = $("#plx-standalone"); if (b) b.hidden = mode !== "standalone"; },
    status: function (key) { statusKey = key; refreshStatus(); },
    overflow: showOverflow,
    lmsError: function () { statusKey = "lmsError"; refreshStatus(); },
  });
  var backend = new PLX.ScormBackend(session, cfg);

  PLX.scorm = {
    session: session, backend: backend, config: cfg, showUnit: showUnit, setLanguage: setLanguage,
    journalHtml: journalHtml, downloadJournal: downloadJournal, downloadResponse: downloadResponse, t: t,
    language: function () { return lang; },
  };

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
