/*
 * quiz-core.js: CourseQuizCore, what every part of the quiz engine shares (docs/internals.md).
 *
 * Pure helpers (seeded shuffles and draws, answer normalisation, number parsing, scenario
 * walks), interface strings, DOM helpers, the pieces of feedback and review every kind uses,
 * and the `kinds` table that quiz-kinds-*.js fill in. Load order: quiz-core.js,
 * quiz-kinds-choice.js, quiz-kinds-lists.js, quiz-kinds-typed.js, quiz-kinds-scenario.js,
 * quiz-scores.js, quiz-view.js, quiz.js (which defines the public CourseQuiz).
 *
 * A classic script with one global, CourseQuizCore. Nothing here touches the DOM at load time,
 * so the pure functions also run in Node for the unit tests.
 *
 * Text safety: only payload fields ending in _html are assigned as HTML (setHtml); every
 * other string goes through textContent or attribute values.
 */
(function (root) {
  "use strict";

  var CODES = "0123456789abcdefghijklmnopqrstuvwxyz";
  var PARTIAL = "-";                 // trailing mark of a scenario answer still in progress
  var BLANK_MAX = 40;                // fill_in: characters kept per blank (unless blank.maxlength)
  var NUMBER_MAX = 12;               // numeric: characters kept (course/kinds/typed.py)
  var SCORM12_MAX = 255;             // SCORM 1.2 CMIFeedback
  var MAX_ATTEMPTS = 36 * 36 - 1;    // caps shared with state.js / course/state.py
  var MAX_LATENCY = 36 * 36 - 1;    // two base-36 digits in state.js
  var MAX_TIME = 36 * 36 * 36 * 36 - 1;
  var MAX_SEED = 2147483647;
  var FORBIDDEN = /[~!*'()]/g;       // state delimiters: never inside typed answers
  var SEP = ")";                     // between fill_in blanks in a packed answer (printable:
                                     // some LMSes store suspend_data in XML, which bars controls)
  var SYMBOLS = {correct: "\u2713", partial: "\u25D0", incorrect: "\u2717"};
  var uid = 0;

  /** A fresh number for element ids ("cq1", "quiz-result-h-2"...), unique on the page. */
  function nextUid() {
    return ++uid;
  }

  // ------------------------------------------------------------------ small pure helpers

  var imul = Math.imul || function (a, b) {
    var ah = (a >>> 16) & 0xffff, al = a & 0xffff, bh = (b >>> 16) & 0xffff, bl = b & 0xffff;
    return ((al * bl) + (((ah * bl + al * bh) << 16) >>> 0) | 0);
  };

  /** mulberry32: a small deterministic PRNG; returns a function giving numbers in [0, 1). */
  function rng(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6D2B79F5) | 0;
      var t = imul(a ^ (a >>> 15), 1 | a);
      t = (t + imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  /** FNV-1a, 32 bits: turns a seed and a purpose ("order", a question key...) into a seed. */
  function hashString(text) {
    var h = 0x811c9dc5;
    text = String(text);
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = imul(h, 0x01000193);
    }
    return h >>> 0;
  }

  function seedFor(seed, salt) {
    return hashString(String(seed) + ":" + salt);
  }

  /** A shuffled copy of `list` (Fisher-Yates); the same seed always gives the same order. */
  function shuffle(list, seed) {
    var out = list.slice();
    var random = rng(seed);
    for (var i = out.length - 1; i > 0; i--) {
      var j = Math.floor(random() * (i + 1));
      var tmp = out[i];
      out[i] = out[j];
      out[j] = tmp;
    }
    return out;
  }

  /** Like shuffle, but never returns the original order when the list has 2 or more items. */
  function shuffleMoved(list, seed) {
    var out = shuffle(list, seed);
    var same = out.length > 1;
    for (var i = 0; same && i < out.length; i++) {
      if (out[i] !== list[i]) same = false;
    }
    if (same) out.push(out.shift());
    return out;
  }

  /** How fill_in answers are compared: trimmed, single spaces, lower case, ё as е. */
  function normalize(text) {
    return String(text == null ? "" : text).replace(/\s+/g, " ").replace(/^ | $/g, "")
      .toLowerCase().replace(/\u0451/g, "\u0435");
  }

  /** A typed blank as stored: without the state's delimiter characters, cut to the blank's length. */
  function cleanBlank(text, max) {
    return String(text == null ? "" : text).replace(FORBIDDEN, "").slice(0, max || BLANK_MAX);
  }

  function blankMax(blank) {
    var max = blank && Number(blank.maxlength);
    return max > 0 ? Math.min(max, BLANK_MAX) : BLANK_MAX;
  }

  /** A typed number as stored: only 0-9 . , - + (minus sign and spaces dropped), at most 12. */
  function cleanNumberText(text) {
    return String(text == null ? "" : text).replace(/\u2212/g, "-")
      .replace(/[^0-9.,+-]/g, "").slice(0, NUMBER_MAX);
  }

  /** The value of a typed number ("2,5", " -3 ", "1.") or NaN. */
  function parseNumber(text) {
    var s = String(text == null ? "" : text).replace(/[\s\u00a0\u202f]/g, "").replace(/\u2212/g, "-");
    if (s.length > NUMBER_MAX || !/^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/.test(s)) return NaN;
    return parseFloat(s.replace(",", "."));
  }

  /** A plain decimal with at most 7 places and no exponent, as SCORM wants. */
  function formatNumber(x) {
    if (typeof x !== "number" || !isFinite(x)) return "";
    if (Math.floor(x) === x && Math.abs(x) < 1e15) return String(x === 0 ? 0 : x);
    var s = x.toFixed(7).replace(/0+$/, "").replace(/\.$/, "");
    return s === "-0" ? "0" : s;
  }

  /** Free text made safe for SCORM response strings: no [ ] { } (delimiter syntax), trimmed. */
  function scormText(text) {
    return String(text == null ? "" : text).replace(/[\[\]{}]/g, "").replace(/^\s+|\s+$/g, "");
  }

  function resultOf(score) {
    if (score >= 1 - 1e-9) return "correct";
    if (score <= 1e-9) return "incorrect";
    return "partial";
  }

  function percent(score) {
    return Math.max(0, Math.min(100, Math.round(score * 100)));
  }

  function byId(list, id) {
    for (var i = 0; i < list.length; i++) if (list[i].id === id) return list[i];
    return null;
  }

  function indexOfId(list, id) {
    for (var i = 0; i < list.length; i++) if (list[i].id === id) return i;
    return -1;
  }

  function isArray(x) {
    return Object.prototype.toString.call(x) === "[object Array]";
  }

  /** One base-36 character per position (positions are below 36 by construction). */
  function code(i) {
    return CODES.charAt(i);
  }

  /** Per-entry answers (matching, categorize): packed as one position or "-" per entry. */
  function packChoices(entries, targets, response) {
    return entries.map(function (entry, i) {
      var pos = response && response[i] != null ? indexOfId(targets, response[i]) : -1;
      return pos < 0 ? "-" : code(pos);
    }).join("");
  }

  function unpackChoices(entries, targets, packed) {
    if (typeof packed !== "string" || packed.length !== entries.length) return null;
    var out = [];
    for (var i = 0; i < packed.length; i++) {
      var ch = packed.charAt(i);
      if (ch === "-") { out.push(null); continue; }
      var pos = CODES.indexOf(ch);
      if (pos < 0 || pos >= targets.length) return null;
      out.push(targets[pos].id);
    }
    return out;
  }

  function shareRight(entries, response, isRight) {
    if (!entries.length) return 0;
    var right = 0;
    entries.forEach(function (entry, i) {
      if (response && response[i] != null && isRight(entry, response[i])) right++;
    });
    return right / entries.length;
  }

  /** Walk a scenario path (choice ids in order) from the start step. null if it is invalid. */
  function walk(q, path) {
    if (!isArray(path)) return null;
    var node = q.start, points = 0, taken = [];
    for (var i = 0; i < path.length; i++) {
      var step = q.steps[node];
      if (!step) return null;
      var choice = byId(step.choices, path[i]);
      if (!choice) return null;
      taken.push({id: node, step: step, choice: choice, pos: indexOfId(step.choices, choice.id)});
      points += Number(choice.points) || 0;
      node = choice.next;
    }
    var complete = !q.steps[node] && !!(q.outcomes && q.outcomes[node]);
    return {taken: taken, node: node, points: points, complete: complete};
  }

  // ------------------------------------------------------------------ interface strings

  function t(key, vars) {
    var i18n = root.CourseI18n;
    if (i18n && typeof i18n.t === "function") return i18n.t(key, vars || {});
    return key;
  }

  function nf(x) {
    var i18n = root.CourseI18n;
    if (i18n && typeof i18n.number === "function") return i18n.number(x);
    return String(x);
  }

  // ------------------------------------------------------------------ DOM helpers

  /** Assign builder-made HTML. Only ever called with payload fields ending in _html. */
  function setHtml(node, html) {
    node.innerHTML = html == null ? "" : String(html);
    return node;
  }

  function el(tag, props, kids) {
    var node = document.createElement(tag);
    if (props) {
      for (var name in props) {
        if (!Object.prototype.hasOwnProperty.call(props, name)) continue;
        var value = props[name];
        if (value === null || value === undefined || value === false) continue;
        if (name === "text") node.textContent = String(value);
        else if (name === "className") node.className = value;
        else if (value === true) node.setAttribute(name, "");
        else node.setAttribute(name, String(value));
      }
    }
    (kids || []).forEach(function (kid) {
      if (kid === null || kid === undefined) return;
      node.appendChild(typeof kid === "string" ? document.createTextNode(kid) : kid);
    });
    return node;
  }

  function htmlEl(tag, className, html) {
    return setHtml(el(tag, {className: className}), html);
  }

  function button(label, className, onClick) {
    var b = el("button", {type: "button", className: className, text: label});
    b.addEventListener("click", onClick);
    return b;
  }

  /** Plain text of builder-made HTML (for <option> labels and announcements); runs no scripts. */
  function htmlToText(html) {
    if (html == null) return "";
    var text;
    if (typeof DOMParser !== "undefined") {
      text = new DOMParser().parseFromString("<!doctype html><body>" + html, "text/html").body.textContent;
    } else {
      text = String(html).replace(/<[^>]*>/g, "");
    }
    return String(text || "").replace(/\s+/g, " ").replace(/^ | $/g, "");
  }

  /** "✓ Correct" / "◐ Partly correct" / "✗ Incorrect": a symbol and a word, never colour alone. */
  function mark(status, label, tag) {
    return el(tag || "span", {className: "quiz-mark is-" + status}, [
      el("span", {className: "quiz-symbol", "aria-hidden": "true", text: SYMBOLS[status]}),
      " ",
      el("span", {className: "quiz-mark-text", text: label || t("quiz." + status)})
    ]);
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function emit(name, detail) {
    if (typeof document === "undefined") return;
    var event;
    try {
      event = new CustomEvent(name, {detail: detail});
    } catch (e) {
      event = document.createEvent("CustomEvent");
      event.initCustomEvent(name, false, false, detail);
    }
    document.dispatchEvent(event);
  }

  function focus(node) {
    if (!node) return;
    try {
      node.focus({preventScroll: false});
    } catch (e) {
      node.focus();
    }
  }

  // ------------------------------------------------------------------ feedback and review parts

  function itemMark(node, ok) {
    node.appendChild(mark(ok ? "correct" : "incorrect"));
  }

  /** After a wrong part (when the view reveals answers): "Correct answer: ..." as plain text. */
  function answerNote(node, text) {
    node.appendChild(el("span", {className: "quiz-item-answer", text: text}));
  }

  /** The "Your answer" and "Correct answer" blocks of the review. */
  function reviewBlock(box, mine, correct) {
    box.appendChild(el("div", {className: "quiz-review-mine"}, [
      el("p", {className: "quiz-review-label", text: t("quiz.your_answer")}), mine]));
    box.appendChild(el("div", {className: "quiz-review-correct"}, [
      el("p", {className: "quiz-review-label", text: t("quiz.correct_answer")}), correct]));
  }

  function noAnswer() {
    return el("p", {className: "quiz-no-answer", text: t("quiz.no_answer")});
  }

  function list(tag, entries) {
    return el(tag, {className: "quiz-review-list"}, entries);
  }

  /** A review list entry: HTML part, plain-text or HTML answer, optional mark. */
  function reviewEntry(label_html, answerNode, ok) {
    var li = el("li", null, []);
    if (label_html !== null) {
      li.appendChild(htmlEl("span", "quiz-review-item", label_html));
      li.appendChild(document.createTextNode(" \u2192 "));
    }
    li.appendChild(answerNode);
    if (ok !== undefined) {
      li.appendChild(document.createTextNode(" "));
      itemMark(li, ok);
    }
    return li;
  }

  // ------------------------------------------------------------------ the kinds
  //
  // Each kind: render(q, view, response) builds the controls (pre-filled when response is
  // given); read(q, view) -> response; validate(q, response) -> null or the i18n key of what
  // is missing; grade(q, response) -> 0..1; format(q, response) -> {response, response12}
  // (SCORM 2004 / 1.2); pack(q, response) -> string; unpack(q, packed) -> response or null;
  // showFeedback(q, view, response, score, box); showReview(q, response, box).
  // showFeedback marks each part right or wrong and, when view.reveal is true, shows the right
  // answer of each wrong part (answerNote).
  // Optional: complete(q, response) (false while a scenario is in progress), steps(q, response)
  // (extra interactions for the event), selfSubmit (the kind calls view.submit itself),
  // ownScore (its feedback states the score itself: the view adds no "You earned ...%" line).
  //
  // Responses: single: option id; multiple: [option ids]; true_false: true/false;
  // matching: [match id or null per pair, source order]; ordering: [item ids, learner's order];
  // categorize: [category id or null per item, source order]; fill_in: [text per blank];
  // numeric: the typed text; scenario: [choice id per step taken].

  var kinds = {};

  root.CourseQuizCore = {
    kinds: kinds,
    // constants
    CODES: CODES, PARTIAL: PARTIAL, NUMBER_MAX: NUMBER_MAX, SCORM12_MAX: SCORM12_MAX,
    MAX_ATTEMPTS: MAX_ATTEMPTS, MAX_LATENCY: MAX_LATENCY, MAX_TIME: MAX_TIME, MAX_SEED: MAX_SEED, SEP: SEP,
    // pure helpers
    rng: rng, hashString: hashString, seedFor: seedFor, shuffle: shuffle, shuffleMoved: shuffleMoved,
    normalize: normalize, cleanBlank: cleanBlank, blankMax: blankMax,
    cleanNumberText: cleanNumberText, parseNumber: parseNumber, formatNumber: formatNumber,
    scormText: scormText, resultOf: resultOf, percent: percent, byId: byId, indexOfId: indexOfId,
    isArray: isArray, code: code, packChoices: packChoices, unpackChoices: unpackChoices,
    shareRight: shareRight, walk: walk,
    // interface strings
    t: t, nf: nf,
    // DOM helpers
    nextUid: nextUid, setHtml: setHtml, el: el, htmlEl: htmlEl, button: button, htmlToText: htmlToText,
    mark: mark, clear: clear, emit: emit, focus: focus,
    // feedback and review parts
    itemMark: itemMark, answerNote: answerNote, reviewBlock: reviewBlock, noAnswer: noAnswer, list: list, reviewEntry: reviewEntry
  };
})(typeof window !== "undefined" ? window : globalThis);
