/*
 * quiz.js: CourseQuiz renders and grades questions and emits events (see docs/internals.md).
 *
 * A classic script with one global, CourseQuiz. It never touches storage or SCORM: the quiz
 * state goes through the store given to mount(), and answers leave as document events.
 * Nothing here touches the DOM at load time, so the pure functions (kinds[k].grade, format,
 * pack, unpack, shuffle, drawQuestions, ...) also run in Node for the unit tests.
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
  var FORBIDDEN = /[~!*'()\u001f]/g; // state delimiters: never inside typed answers
  var SEP = "\u001f";                // between fill_in blanks in a packed answer
  var SYMBOLS = {correct: "\u2713", partial: "\u25D0", incorrect: "\u2717"};
  var uid = 0;

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

  /**
   * The questions of one attempt, in the order shown.
   * draw: null (all), a number, or {objective: number}. answered: {key: true} for questions
   * already answered in this attempt; they are always kept. shuffleOn: shuffle the order
   * (otherwise source order).
   */
  function drawQuestions(questions, draw, seed, shuffleOn, answered) {
    answered = answered || {};
    var chosen = {};
    var pool = shuffle(questions, seedFor(seed, "draw"));
    function take(list, count) {
      var n = 0;
      list.forEach(function (q) {
        if (answered[q.key]) { chosen[q.key] = true; n++; }
      });
      list.forEach(function (q) {
        if (n < count && !chosen[q.key]) { chosen[q.key] = true; n++; }
      });
    }
    if (draw === null || draw === undefined) {
      questions.forEach(function (q) { chosen[q.key] = true; });
    } else if (typeof draw === "number") {
      take(pool, draw);
    } else {
      Object.keys(draw).forEach(function (objective) {
        take(pool.filter(function (q) { return q.objective === objective; }), draw[objective]);
      });
      questions.forEach(function (q) { if (answered[q.key]) chosen[q.key] = true; });
    }
    var order = shuffleOn ? shuffle(questions, seedFor(seed, "order")) : questions.slice();
    return order.filter(function (q) { return chosen[q.key]; });
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

  // ------------------------------------------------------------------ shared kind parts

  /** Radio buttons or checkboxes for a list of options ({id, text_html}). */
  function renderOptions(v, options, type, chosen, className) {
    var box = el("div", {className: "quiz-options " + (className || "")});
    var name = v.uid + "-opt";
    v.refs.rows = {};
    options.forEach(function (option, i) {
      var id = v.uid + "-opt-" + i;
      var input = el("input", {type: type, id: id, name: name, value: option.id, className: "quiz-input"});
      input.checked = chosen.indexOf(option.id) >= 0;
      var label = htmlEl("label", "quiz-option-label", option.text_html);
      label.setAttribute("for", id);
      var fb = el("div", {className: "quiz-option-feedback"});
      var row = el("div", {className: "quiz-option"}, [input, label, fb]);
      v.refs.rows[option.id] = {row: row, input: input, feedback: fb};
      box.appendChild(row);
    });
    v.body.appendChild(box);
    return box;
  }

  function checkedIds(v, options) {
    return options.filter(function (o) {
      var row = v.refs.rows[o.id];
      return row && row.input.checked;
    }).map(function (o) { return o.id; });
  }

  /** Feedback next to each chosen option: right or wrong, and the option's own feedback. */
  function optionFeedback(v, options, chosen) {
    options.forEach(function (option) {
      var row = v.refs.rows[option.id];
      if (!row || chosen.indexOf(option.id) < 0) return;
      var ok = !!option.correct;
      row.row.className += ok ? " is-correct" : " is-incorrect";
      row.feedback.appendChild(mark(ok ? "correct" : "incorrect",
        t(ok ? "quiz.option_correct" : "quiz.option_incorrect")));
      if (option.feedback_html) row.feedback.appendChild(htmlEl("div", "quiz-option-text", option.feedback_html));
    });
  }

  function itemMark(node, ok) {
    node.appendChild(mark(ok ? "correct" : "incorrect"));
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

  function lockInputs(node) {
    var controls = node.querySelectorAll("input, select, textarea, button");
    for (var i = 0; i < controls.length; i++) controls[i].disabled = true;
  }

  // ------------------------------------------------------------------ the kinds
  //
  // Each kind: render(q, view, response) builds the controls (pre-filled when response is
  // given); read(q, view) -> response; validate(q, response) -> null or the i18n key of what
  // is missing; grade(q, response) -> 0..1; format(q, response) -> {response, response12}
  // (SCORM 2004 / 1.2); pack(q, response) -> string; unpack(q, packed) -> response or null;
  // showFeedback(q, view, response, score, box); showReview(q, response, box).
  // Optional: complete(q, response) (false while a scenario is in progress), steps(q, response)
  // (extra interactions for the event), selfSubmit (the kind calls view.submit itself).
  //
  // Responses: single: option id; multiple: [option ids]; true_false: true/false;
  // matching: [match id or null per pair, source order]; ordering: [item ids, learner's order];
  // categorize: [category id or null per item, source order]; fill_in: [text per blank];
  // numeric: the typed text; scenario: [choice id per step taken].

  var kinds = {};

  kinds.single = {
    render: function (q, v, r) {
      renderOptions(v, v.order(q.options, "options"), "radio", r == null ? [] : [r]);
    },
    read: function (q, v) {
      var ids = checkedIds(v, q.options);
      return ids.length ? ids[0] : null;
    },
    validate: function (q, r) {
      return r == null ? "quiz.need_answer" : null;
    },
    grade: function (q, r) {
      var option = byId(q.options, r);
      return option && option.correct ? 1 : 0;
    },
    format: function (q, r) {
      var option = byId(q.options, r);
      return {response: option ? option.id : "", response12: option ? option.code : ""};
    },
    pack: function (q, r) {
      var i = indexOfId(q.options, r);
      return i < 0 ? "" : code(i);
    },
    unpack: function (q, p) {
      if (typeof p !== "string" || p.length !== 1) return null;
      var i = CODES.indexOf(p);
      return i >= 0 && i < q.options.length ? q.options[i].id : null;
    },
    showFeedback: function (q, v, r) {
      optionFeedback(v, q.options, [r]);
    },
    showReview: function (q, r, box) {
      var option = byId(q.options, r);
      var right = q.options.filter(function (o) { return o.correct; })[0];
      reviewBlock(box,
        option ? list("ul", [reviewEntry(null, htmlEl("span", "", option.text_html), !!option.correct)]) : noAnswer(),
        right ? list("ul", [reviewEntry(null, htmlEl("span", "", right.text_html))]) : noAnswer());
    }
  };

  kinds.multiple = {
    render: function (q, v, r) {
      renderOptions(v, v.order(q.options, "options"), "checkbox", r || []);
    },
    read: function (q, v) {
      return checkedIds(v, q.options);
    },
    validate: function (q, r) {
      return !r || !r.length ? "quiz.need_answer" : null;
    },
    grade: function (q, r) {
      r = r || [];
      var right = 0, rightChosen = 0, wrongChosen = 0;
      q.options.forEach(function (o) {
        var chosen = r.indexOf(o.id) >= 0;
        if (o.correct) right++;
        if (chosen && o.correct) rightChosen++;
        if (chosen && !o.correct) wrongChosen++;
      });
      return right ? Math.max(0, (rightChosen - wrongChosen) / right) : 0;
    },
    format: function (q, r) {
      var chosen = q.options.filter(function (o) { return (r || []).indexOf(o.id) >= 0; });
      return {response: chosen.map(function (o) { return o.id; }).join("[,]"),
              response12: chosen.map(function (o) { return o.code; }).join(",")};
    },
    pack: function (q, r) {
      var out = "";
      q.options.forEach(function (o, i) { if ((r || []).indexOf(o.id) >= 0) out += code(i); });
      return out;
    },
    unpack: function (q, p) {
      if (typeof p !== "string") return null;
      var out = [], last = -1;
      for (var i = 0; i < p.length; i++) {
        var pos = CODES.indexOf(p.charAt(i));
        if (pos <= last || pos >= q.options.length) return null;
        out.push(q.options[pos].id);
        last = pos;
      }
      return out;
    },
    showFeedback: function (q, v, r) {
      optionFeedback(v, q.options, r || []);
    },
    showReview: function (q, r, box) {
      var chosen = q.options.filter(function (o) { return (r || []).indexOf(o.id) >= 0; });
      var right = q.options.filter(function (o) { return o.correct; });
      reviewBlock(box,
        chosen.length ? list("ul", chosen.map(function (o) {
          return reviewEntry(null, htmlEl("span", "", o.text_html), !!o.correct);
        })) : noAnswer(),
        list("ul", right.map(function (o) { return reviewEntry(null, htmlEl("span", "", o.text_html)); })));
    }
  };

  kinds.true_false = {
    render: function (q, v, r) {
      var options = [{id: "true", text: t("quiz.true")}, {id: "false", text: t("quiz.false")}];
      var box = el("div", {className: "quiz-options quiz-true-false"});
      v.refs.rows = {};
      options.forEach(function (option, i) {
        var id = v.uid + "-tf-" + i;
        var input = el("input", {type: "radio", id: id, name: v.uid + "-tf", value: option.id, className: "quiz-input"});
        input.checked = r != null && String(r) === option.id;
        var fb = el("div", {className: "quiz-option-feedback"});
        var row = el("div", {className: "quiz-option"}, [
          input, el("label", {"for": id, className: "quiz-option-label", text: option.text}), fb]);
        v.refs.rows[option.id] = {row: row, input: input, feedback: fb};
        box.appendChild(row);
      });
      v.body.appendChild(box);
    },
    read: function (q, v) {
      if (v.refs.rows["true"].input.checked) return true;
      if (v.refs.rows["false"].input.checked) return false;
      return null;
    },
    validate: function (q, r) {
      return r === true || r === false ? null : "quiz.need_answer";
    },
    grade: function (q, r) {
      return r === q.answer ? 1 : 0;
    },
    format: function (q, r) {
      return {response: r ? "true" : "false", response12: r ? "t" : "f"};
    },
    pack: function (q, r) {
      return r ? "t" : "f";
    },
    unpack: function (q, p) {
      return p === "t" ? true : p === "f" ? false : null;
    },
    showFeedback: function (q, v, r) {
      var row = v.refs.rows[String(r)];
      if (!row) return;
      var ok = r === q.answer;
      row.row.className += ok ? " is-correct" : " is-incorrect";
      row.feedback.appendChild(mark(ok ? "correct" : "incorrect",
        t(ok ? "quiz.option_correct" : "quiz.option_incorrect")));
    },
    showReview: function (q, r, box) {
      reviewBlock(box,
        r === true || r === false
          ? list("ul", [reviewEntry(null, el("span", {text: t(r ? "quiz.true" : "quiz.false")}), r === q.answer)])
          : noAnswer(),
        list("ul", [reviewEntry(null, el("span", {text: t(q.answer ? "quiz.true" : "quiz.false")}))]));
    }
  };

  kinds.matching = {
    render: function (q, v, r) {
      var box = el("div", {className: "quiz-matching"});
      var matches = v.order(q.matches, "matches");
      v.refs.selects = {};
      v.refs.marks = {};
      v.order(q.pairs, "pairs").forEach(function (pair, i) {
        var id = v.uid + "-m-" + i;
        var select = el("select", {id: id, className: "quiz-select"}, [
          el("option", {value: "", text: t("quiz.choose")})]);
        matches.forEach(function (m) {
          select.appendChild(el("option", {value: m.id, text: htmlToText(m.text_html)}));
        });
        var chosen = r ? r[indexOfId(q.pairs, pair.id)] : null;
        select.value = chosen || "";
        var label = htmlEl("label", "quiz-match-item", pair.item_html);
        label.setAttribute("for", id);
        var markBox = el("span", {className: "quiz-item-mark"});
        v.refs.selects[pair.id] = select;
        v.refs.marks[pair.id] = markBox;
        box.appendChild(el("div", {className: "quiz-match-row"}, [
          label, el("span", {className: "quiz-match-control"}, [select, markBox])]));
      });
      v.body.appendChild(box);
    },
    read: function (q, v) {
      return q.pairs.map(function (pair) {
        var select = v.refs.selects[pair.id];
        return select && select.value ? select.value : null;
      });
    },
    validate: function (q, r) {
      return !r || r.indexOf(null) >= 0 ? "quiz.need_all" : null;
    },
    grade: function (q, r) {
      return shareRight(q.pairs, r, function (pair, answer) { return pair.id === answer; });
    },
    format: function (q, r) {
      var long = [], short = [];
      q.pairs.forEach(function (pair, i) {
        var m = r ? byId(q.matches, r[i]) : null;
        if (!m) return;
        long.push(pair.id + "[.]" + m.id);
        short.push(pair.code + "." + m.code);
      });
      return {response: long.join("[,]"), response12: short.join(",")};
    },
    pack: function (q, r) {
      return packChoices(q.pairs, q.matches, r);
    },
    unpack: function (q, p) {
      return unpackChoices(q.pairs, q.matches, p);
    },
    showFeedback: function (q, v, r) {
      q.pairs.forEach(function (pair, i) {
        if (v.refs.marks[pair.id]) itemMark(v.refs.marks[pair.id], r && r[i] === pair.id);
      });
    },
    showReview: function (q, r, box) {
      reviewBlock(box,
        list("ul", q.pairs.map(function (pair, i) {
          var m = r ? byId(q.matches, r[i]) : null;
          return reviewEntry(pair.item_html, m ? htmlEl("span", "", m.text_html) : noAnswer(), !!m && m.id === pair.id);
        })),
        list("ul", q.pairs.map(function (pair) {
          var m = byId(q.matches, pair.id);
          return reviewEntry(pair.item_html, htmlEl("span", "", m ? m.text_html : ""));
        })));
    }
  };

  kinds.ordering = {
    render: function (q, v, r) {
      var ids = r ? r.slice() : v.order(q.items, "items", true).map(function (i) { return i.id; });
      var listNode = el("ol", {className: "quiz-order", role: "list", "aria-label": t("quiz.order_label")});
      v.refs.list = listNode;
      v.refs.marks = {};
      function refresh() {
        var rows = listNode.children;
        for (var i = 0; i < rows.length; i++) {
          var buttons = rows[i].querySelectorAll(".quiz-move");
          buttons[0].setAttribute("aria-disabled", i === 0 ? "true" : "false");
          buttons[1].setAttribute("aria-disabled", i === rows.length - 1 ? "true" : "false");
        }
      }
      function move(li, direction, source) {
        if (v.locked) return;
        var text = htmlToText(byId(q.items, li.getAttribute("data-id")).text_html);
        var other = direction < 0 ? li.previousElementSibling : li.nextElementSibling;
        if (!other) {
          v.announce(t(direction < 0 ? "quiz.already_first" : "quiz.already_last", {item: text}));
          return;
        }
        if (direction < 0) listNode.insertBefore(li, other);
        else listNode.insertBefore(other, li);
        refresh();
        focus(source);
        var position = Array.prototype.indexOf.call(listNode.children, li) + 1;
        v.announce(t("quiz.moved", {item: text, position: nf(position), total: nf(listNode.children.length)}));
      }
      ids.forEach(function (id, i) {
        var item = byId(q.items, id);
        if (!item) return;
        var textId = v.uid + "-item-" + i;
        var li = el("li", {className: "quiz-order-item", "data-id": item.id});
        var up = el("button", {type: "button", className: "quiz-move quiz-move-up", "aria-describedby": textId},
          [el("span", {"aria-hidden": "true", className: "quiz-move-symbol", text: "\u2191"}), " ", t("quiz.move_up")]);
        var down = el("button", {type: "button", className: "quiz-move quiz-move-down", "aria-describedby": textId},
          [el("span", {"aria-hidden": "true", className: "quiz-move-symbol", text: "\u2193"}), " ", t("quiz.move_down")]);
        up.addEventListener("click", function () { move(li, -1, up); });
        down.addEventListener("click", function () { move(li, 1, down); });
        var markBox = el("span", {className: "quiz-item-mark"});
        v.refs.marks[item.id] = markBox;
        li.appendChild(htmlEl("span", "quiz-order-text", item.text_html));
        li.lastChild.id = textId;
        li.appendChild(el("span", {className: "quiz-order-buttons"}, [up, down]));
        li.appendChild(markBox);
        listNode.appendChild(li);
      });
      refresh();
      v.body.appendChild(listNode);
    },
    read: function (q, v) {
      return Array.prototype.map.call(v.refs.list.children, function (li) { return li.getAttribute("data-id"); });
    },
    validate: function (q, r) {
      return r && r.length === q.items.length ? null : "quiz.need_all";
    },
    grade: function (q, r) {
      return shareRight(q.items, r, function (item, answer) { return item.id === answer; });
    },
    format: function (q, r) {
      var items = (r || []).map(function (id) { return byId(q.items, id); }).filter(Boolean);
      return {response: items.map(function (i) { return i.id; }).join("[,]"),
              response12: items.map(function (i) { return i.code; }).join(",")};
    },
    pack: function (q, r) {
      return (r || []).map(function (id) { return code(indexOfId(q.items, id)); }).join("");
    },
    unpack: function (q, p) {
      if (typeof p !== "string" || p.length !== q.items.length) return null;
      var out = [], seen = {};
      for (var i = 0; i < p.length; i++) {
        var pos = CODES.indexOf(p.charAt(i));
        if (pos < 0 || pos >= q.items.length || seen[pos]) return null;
        seen[pos] = true;
        out.push(q.items[pos].id);
      }
      return out;
    },
    showFeedback: function (q, v, r) {
      (r || []).forEach(function (id, i) {
        if (v.refs.marks[id]) itemMark(v.refs.marks[id], q.items[i] && q.items[i].id === id);
      });
    },
    showReview: function (q, r, box) {
      reviewBlock(box,
        r ? list("ol", r.map(function (id, i) {
          var item = byId(q.items, id);
          return reviewEntry(null, htmlEl("span", "", item ? item.text_html : ""), q.items[i].id === id);
        })) : noAnswer(),
        list("ol", q.items.map(function (item) { return reviewEntry(null, htmlEl("span", "", item.text_html)); })));
    }
  };

  kinds.categorize = {
    render: function (q, v, r) {
      var box = el("div", {className: "quiz-categorize"});
      v.refs.groups = {};
      v.refs.marks = {};
      v.order(q.items, "items").forEach(function (item, i) {
        var legend = htmlEl("legend", "quiz-cat-legend", item.text_html);
        var options = el("div", {className: "quiz-cat-options"});
        var chosen = r ? r[indexOfId(q.items, item.id)] : null;
        var inputs = [];
        q.categories.forEach(function (category, j) {
          var id = v.uid + "-c-" + i + "-" + j;
          var input = el("input", {type: "radio", id: id, name: v.uid + "-c-" + i, value: category.id, className: "quiz-input"});
          input.checked = chosen === category.id;
          inputs.push(input);
          var label = htmlEl("label", "quiz-option-label", category.text_html);
          label.setAttribute("for", id);
          options.appendChild(el("span", {className: "quiz-cat-option"}, [input, label]));
        });
        var markBox = el("span", {className: "quiz-item-mark"});
        v.refs.groups[item.id] = inputs;
        v.refs.marks[item.id] = markBox;
        box.appendChild(el("fieldset", {className: "quiz-cat-item"}, [legend, options, markBox]));
      });
      v.body.appendChild(box);
    },
    read: function (q, v) {
      return q.items.map(function (item) {
        var inputs = v.refs.groups[item.id] || [];
        for (var i = 0; i < inputs.length; i++) if (inputs[i].checked) return inputs[i].value;
        return null;
      });
    },
    validate: function (q, r) {
      return !r || r.indexOf(null) >= 0 ? "quiz.need_all" : null;
    },
    grade: function (q, r) {
      return shareRight(q.items, r, function (item, answer) { return item.category === answer; });
    },
    format: function (q, r) {
      var long = [], short = [];
      q.items.forEach(function (item, i) {
        var c = r ? byId(q.categories, r[i]) : null;
        if (!c) return;
        long.push(item.id + "[.]" + c.id);
        short.push(item.code + "." + c.code);
      });
      return {response: long.join("[,]"), response12: short.join(",")};
    },
    pack: function (q, r) {
      return packChoices(q.items, q.categories, r);
    },
    unpack: function (q, p) {
      return unpackChoices(q.items, q.categories, p);
    },
    showFeedback: function (q, v, r) {
      q.items.forEach(function (item, i) {
        if (v.refs.marks[item.id]) itemMark(v.refs.marks[item.id], r && r[i] === item.category);
      });
    },
    showReview: function (q, r, box) {
      function categoryHtml(id) {
        var c = byId(q.categories, id);
        return c ? htmlEl("span", "", c.text_html) : noAnswer();
      }
      reviewBlock(box,
        list("ul", q.items.map(function (item, i) {
          var answer = r ? r[i] : null;
          return reviewEntry(item.text_html, categoryHtml(answer), answer === item.category);
        })),
        list("ul", q.items.map(function (item) { return reviewEntry(item.text_html, categoryHtml(item.category)); })));
    }
  };

  kinds.fill_in = {
    render: function (q, v, r) {
      var spans = v.prompt.querySelectorAll("span.blank");
      v.refs.inputs = [];
      v.refs.marks = [];
      q.blanks.forEach(function (blank, i) {
        var input = el("input", {
          type: "text", className: "quiz-blank-input", maxlength: blankMax(blank), autocomplete: "off",
          autocapitalize: "off", spellcheck: "false", size: Math.max(6, Math.min(blankMax(blank), 14)),
          "aria-label": t("quiz.blank_label", {n: nf(i + 1), total: nf(q.blanks.length)})
        });
        input.value = r && r[i] != null ? r[i] : "";
        input.addEventListener("input", function () {
          var clean = cleanBlank(input.value, blankMax(blank));
          if (clean !== input.value) {
            var at = Math.max(0, (input.selectionStart || 0) - (input.value.length - clean.length));
            input.value = clean;
            try { input.setSelectionRange(at, at); } catch (e) { /* not a text field */ }
          }
        });
        input.addEventListener("keydown", function (event) {
          if (event.key === "Enter") { event.preventDefault(); v.check(); }
        });
        var markBox = el("span", {className: "quiz-item-mark"});
        var span = null;
        for (var s = 0; s < spans.length; s++) {
          if (spans[s].getAttribute("data-blank") === blank.name) { span = spans[s]; break; }
        }
        if (!span) {          // a prompt without the placeholder: put the blank below it
          span = el("span", {className: "blank"});
          v.body.appendChild(el("p", {className: "quiz-blank-fallback"}, [span]));
        }
        span.appendChild(input);
        span.appendChild(markBox);
        v.refs.inputs.push(input);
        v.refs.marks.push(markBox);
      });
    },
    read: function (q, v) {
      return q.blanks.map(function (blank, i) { return cleanBlank(v.refs.inputs[i].value, blankMax(blank)); });
    },
    validate: function (q, r) {
      if (!r || r.length !== q.blanks.length) return "quiz.need_blanks";
      for (var i = 0; i < r.length; i++) if (!normalize(r[i])) return "quiz.need_blanks";
      return null;
    },
    grade: function (q, r) {
      return shareRight(q.blanks, r, function (blank, answer) {
        var given = normalize(answer);
        for (var i = 0; i < blank.accepted.length; i++) if (normalize(blank.accepted[i]) === given) return true;
        return false;
      });
    },
    format: function (q, r) {
      var texts = q.blanks.map(function (blank, i) { return scormText(r && r[i] != null ? r[i] : ""); });
      return {response: texts.join("[,]"), response12: texts.join(",").slice(0, SCORM12_MAX)};
    },
    pack: function (q, r) {
      return q.blanks.map(function (blank, i) {
        return cleanBlank(r && r[i] != null ? r[i] : "", blankMax(blank));
      }).join(SEP);
    },
    unpack: function (q, p) {
      if (typeof p !== "string") return null;
      var parts = p.split(SEP);
      return parts.length === q.blanks.length ? parts : null;
    },
    showFeedback: function (q, v, r) {
      var self = this;
      q.blanks.forEach(function (blank, i) {
        if (v.refs.marks[i]) itemMark(v.refs.marks[i], self.grade({blanks: [blank]}, [r ? r[i] : ""]) === 1);
      });
    },
    showReview: function (q, r, box) {
      var self = this;
      reviewBlock(box,
        list("ol", q.blanks.map(function (blank, i) {
          var text = r ? r[i] : "";
          return reviewEntry(null, text ? el("span", {className: "quiz-typed", text: text}) : noAnswer(),
            self.grade({blanks: [blank]}, [text]) === 1);
        })),
        list("ol", q.blanks.map(function (blank) {
          return reviewEntry(null, el("span", {text: blank.accepted.join(" / ")}));
        })));
    }
  };

  kinds.numeric = {
    render: function (q, v, r) {
      var id = v.uid + "-num";
      var input = el("input", {
        type: "text", id: id, inputmode: "decimal", className: "quiz-number-input", maxlength: NUMBER_MAX,
        autocomplete: "off", spellcheck: "false", size: 10
      });
      input.value = r == null ? "" : String(r);
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); v.check(); }
      });
      v.refs.input = input;
      v.refs.mark = el("span", {className: "quiz-item-mark"});
      v.body.appendChild(el("div", {className: "quiz-numeric"}, [
        el("label", {"for": id, text: t("quiz.number_label")}), " ", input, " ", v.refs.mark]));
    },
    read: function (q, v) {
      return v.refs.input.value;
    },
    validate: function (q, r) {
      return isNaN(parseNumber(r)) ? "quiz.need_number" : null;
    },
    grade: function (q, r) {
      var x = parseNumber(r);
      if (isNaN(x)) return 0;
      var eps = 1e-9 * Math.max(1, Math.abs(x));
      return x >= q.min - eps && x <= q.max + eps ? 1 : 0;
    },
    format: function (q, r) {
      var text = formatNumber(parseNumber(r));
      return {response: text, response12: text};
    },
    pack: function (q, r) {
      return cleanNumberText(r);
    },
    unpack: function (q, p) {
      if (typeof p !== "string" || p.length > NUMBER_MAX || /[^0-9.,+-]/.test(p)) return null;
      return p;
    },
    showFeedback: function () {},
    showReview: function (q, r, box) {
      var x = parseNumber(r);
      var right = q.min === q.max ? nf(q.min) : t("quiz.range", {min: nf(q.min), max: nf(q.max)});
      reviewBlock(box,
        isNaN(x) ? noAnswer() : list("ul", [reviewEntry(null, el("span", {text: nf(x)}), this.grade(q, r) === 1)]),
        list("ul", [reviewEntry(null, el("span", {text: right}))]));
    }
  };

  kinds.scenario = {
    selfSubmit: true,
    render: function (q, v, r) {
      var path = [];
      var caseFile = el("details", {className: "quiz-case", open: true}, [
        el("summary", {text: t("quiz.case_file")}), htmlEl("div", "quiz-case-body", q.case_file_html)]);
      var pathList = el("ol", {className: "quiz-path", "aria-label": t("quiz.your_path")});
      var stepArea = el("div", {className: "quiz-step-area"});
      v.body.appendChild(caseFile);
      v.body.appendChild(pathList);
      v.body.appendChild(stepArea);
      v.refs.path = path;

      function addTaken(stepId, choice) {
        var step = q.steps[stepId];
        var feedbackBox = el("div", {className: "quiz-path-feedback", tabindex: "-1"}, [
          el("p", {className: "quiz-path-points", text: t("quiz.points_earned", {count: Number(choice.points) || 0, n: nf(Number(choice.points) || 0)})})]);
        if (choice.feedback_html) feedbackBox.appendChild(htmlEl("div", "quiz-path-text", choice.feedback_html));
        var li = el("li", {className: "quiz-path-step"}, [
          el("p", {className: "quiz-path-heading", text: t("quiz.decision", {n: nf(path.length)})}),
          htmlEl("div", "quiz-path-prompt", step.prompt_html),
          el("p", {className: "quiz-path-choice"}, [
            el("span", {className: "quiz-path-label", text: t("quiz.your_decision") + " "}),
            htmlEl("span", "quiz-path-choice-text", choice.text_html)]),
          feedbackBox]);
        pathList.appendChild(li);
        return feedbackBox;
      }

      function showStep(stepId) {
        clear(stepArea);
        var step = q.steps[stepId];
        var n = path.length + 1;
        var promptId = v.uid + "-step-" + n;
        var fs = el("fieldset", {className: "quiz-step", "aria-describedby": promptId}, [
          el("legend", {className: "quiz-step-legend", text: t("quiz.decision", {n: nf(n)})})]);
        var prompt = htmlEl("div", "quiz-step-prompt", step.prompt_html);
        prompt.id = promptId;
        fs.appendChild(prompt);
        var inputs = [];
        var box = el("div", {className: "quiz-options"});
        v.order(step.choices, "step:" + stepId).forEach(function (choice, i) {
          var id = v.uid + "-s" + n + "-" + i;
          var input = el("input", {type: "radio", id: id, name: v.uid + "-s" + n, value: choice.id, className: "quiz-input"});
          inputs.push(input);
          var label = htmlEl("label", "quiz-option-label", choice.text_html);
          label.setAttribute("for", id);
          box.appendChild(el("div", {className: "quiz-option"}, [input, label]));
        });
        fs.appendChild(box);
        var hint = el("p", {className: "quiz-hint", role: "status"});
        var decide = button(t("quiz.decide"), "quiz-button quiz-decide", function () {
          if (v.locked) return;
          var chosen = null;
          inputs.forEach(function (input) { if (input.checked) chosen = input.value; });
          if (!chosen) {
            hint.textContent = t("quiz.need_answer");
            return;
          }
          var choice = byId(step.choices, chosen);
          path.push(choice.id);
          clear(stepArea);
          var feedbackBox = addTaken(stepId, choice);
          if (q.steps[choice.next]) {
            showStep(choice.next);
            v.progress(path.slice());
            focus(feedbackBox);
          } else {
            v.submit(path.slice());
          }
        });
        fs.appendChild(el("div", {className: "quiz-actions"}, [decide]));
        fs.appendChild(hint);
        stepArea.appendChild(fs);
      }

      var node = q.start;
      (r || []).forEach(function (choiceId) {
        var step = q.steps[node];
        var choice = step ? byId(step.choices, choiceId) : null;
        if (!choice) return;
        path.push(choice.id);
        addTaken(node, choice);
        node = choice.next;
      });
      if (q.steps[node]) showStep(node);
    },
    read: function (q, v) {
      return v.refs.path.slice();
    },
    validate: function (q, r) {
      return this.complete(q, r) ? null : "quiz.need_outcome";
    },
    complete: function (q, r) {
      var w = walk(q, r);
      return !!(w && w.complete);
    },
    grade: function (q, r) {
      var w = walk(q, r);
      if (!w) return 0;
      var max = Number(q.max_points) || 0;
      if (max <= 0) return w.complete ? 1 : 0;
      return Math.max(0, Math.min(1, w.points / max));
    },
    format: function (q, r) {
      var w = walk(q, r);
      var text = w ? w.taken.map(function (s) { return s.id + "=" + s.choice.id; }).join(";") : "";
      return {response: text, response12: text.slice(0, SCORM12_MAX)};
    },
    /** One choice interaction per step taken (id <question>.<step>). */
    steps: function (q, r) {
      var w = walk(q, r);
      if (!w) return [];
      return w.taken.map(function (s) {
        var best = s.step.best || [];
        return {
          id: q.id + "." + s.id, step: s.id,
          response: s.choice.id, response12: s.choice.code,
          correct: best.slice(),
          correct12: best.map(function (id) { var c = byId(s.step.choices, id); return c ? c.code : ""; }),
          result: best.indexOf(s.choice.id) >= 0 ? "correct" : "incorrect"
        };
      });
    },
    pack: function (q, r) {
      var w = walk(q, r);
      if (!w) return PARTIAL;
      return w.taken.map(function (s) { return code(s.pos); }).join("") + (w.complete ? "" : PARTIAL);
    },
    unpack: function (q, p) {
      if (typeof p !== "string") return null;
      var body = p.charAt(p.length - 1) === PARTIAL ? p.slice(0, -1) : p;
      var node = q.start, out = [];
      for (var i = 0; i < body.length; i++) {
        var step = q.steps[node];
        var pos = CODES.indexOf(body.charAt(i));
        if (!step || pos < 0 || pos >= step.choices.length) return null;
        out.push(step.choices[pos].id);
        node = step.choices[pos].next;
      }
      return out;
    },
    showFeedback: function (q, v, r, score, box) {
      var w = walk(q, r);
      if (!w || !w.complete) return;
      var outcome = q.outcomes[w.node];
      box.appendChild(el("div", {className: "quiz-outcome"}, [
        el("p", {className: "quiz-outcome-title", text: t("quiz.outcome")}),
        htmlEl("div", "quiz-outcome-text", outcome ? outcome.text_html : ""),
        el("p", {className: "quiz-outcome-points", text: t("quiz.points_collected", {
          count: Number(q.max_points) || 0, points: nf(w.points), max: nf(Number(q.max_points) || 0)})})
      ]));
    },
    showReview: function (q, r, box) {
      var w = walk(q, r);
      function decisions(taken) {
        return list("ol", taken.map(function (s) {
          return reviewEntry(null, el("span", null, [
            htmlEl("span", "", s.choice.text_html), " ",
            el("span", {className: "quiz-review-points",
              text: "(" + t("quiz.points", {count: Number(s.choice.points) || 0, n: nf(Number(s.choice.points) || 0)}) + ")"})]));
        }));
      }
      var best = [], node = q.start, guard = 0;
      while (q.steps[node] && guard++ < 1000) {
        var step = q.steps[node];
        var choice = byId(step.choices, (step.best || [])[0]) || step.choices[0];
        best.push({step: step, choice: choice});
        node = choice.next;
      }
      reviewBlock(box, w && w.taken.length ? decisions(w.taken) : noAnswer(), decisions(best));
    }
  };

  // ------------------------------------------------------------------ records and scores

  /** The course:answer record of a response (see docs/internals.md, Events). */
  function record(q, response, ctx) {
    var kind = kinds[q.kind];
    var score = kind.grade(q, response);
    var formats = kind.format(q, response);
    return {
      quiz: ctx.quiz === undefined ? null : ctx.quiz,
      module: ctx.module === undefined ? null : ctx.module,
      question: q.id, key: q.key, objective: q.objective, kind: q.kind,
      graded: !!ctx.graded,
      type: q.type, type12: q.type12,
      response: formats.response, response12: formats.response12,
      correct: q.correct, correct12: q.correct12,
      result: resultOf(score),
      score: Math.round(score * 10000) / 10000,
      weighting: q.points,
      latency: Math.max(0, Math.round(ctx.latency || 0)),
      timestamp: ctx.timestamp === undefined ? Date.now() : ctx.timestamp,
      description: q.description,
      steps: kind.steps ? kind.steps(q, response) : null
    };
  }

  function entryComplete(q, entry) {
    if (!entry) return false;
    var kind = kinds[q.kind];
    var r = kind.unpack(q, entry.p);
    if (r === null) return false;
    return kind.complete ? kind.complete(q, r) : true;
  }

  /** The score (0..1) of a saved answer, graded again from its packed response. */
  function entryScore(q, entry) {
    if (!entryComplete(q, entry)) return 0;
    return kinds[q.kind].grade(q, kinds[q.kind].unpack(q, entry.p));
  }

  /**
   * The attempt's score in percent, weighted by points; unanswered questions count 0.
   * Answers are graded again from `p` (state.js does not keep `s`).
   */
  function attemptScore(questions, answers) {
    var total = 0, got = 0;
    questions.forEach(function (q) {
      var points = Number(q.points);
      if (!(points >= 0)) points = 1;
      total += points;
      got += points * entryScore(q, answers && answers[q.key]);
    });
    return total > 0 ? Math.round(got / total * 100) : 0;
  }

  /** Per objective, the points-weighted score (0..1) of the attempt's questions testing it. */
  function objectiveScores(questions, answers) {
    var totals = {}, got = {};
    questions.forEach(function (q) {
      var points = Number(q.points);
      if (!(points >= 0)) points = 1;
      totals[q.objective] = (totals[q.objective] || 0) + points;
      got[q.objective] = (got[q.objective] || 0) + points * entryScore(q, answers && answers[q.key]);
    });
    var result = {};
    Object.keys(totals).forEach(function (id) {
      result[id] = totals[id] > 0 ? Math.round(got[id] / totals[id] * 10000) / 10000 : 0;
    });
    return result;
  }

  function intOr(value, fallback) {
    return typeof value === "number" && isFinite(value) ? Math.floor(value) : fallback;
  }

  /**
   * A usable copy of a saved quiz state: missing fields filled, answers dropped when their
   * question is gone, its fingerprint changed, or the packed answer cannot be read.
   */
  function cleanState(state, questions) {
    var out = {n: 0, best: null, last: null, cur: null};
    if (!state || typeof state !== "object") return out;
    out.n = Math.max(0, intOr(state.n, 0));
    out.best = typeof state.best === "number" ? state.best : null;
    out.last = typeof state.last === "number" ? state.last : null;
    var cur = state.cur;
    if (cur && typeof cur === "object" && typeof cur.seed === "number") {
      var byKey = {};
      questions.forEach(function (q) { byKey[q.key] = q; });
      var ans = {};
      Object.keys(cur.ans || {}).forEach(function (key) {
        var entry = cur.ans[key], q = byKey[key];
        if (!q || !entry || entry.f !== q.fp || !kinds[q.kind]) return;
        if (kinds[q.kind].unpack(q, entry.p) === null) return;
        ans[key] = {f: entry.f, p: entry.p, s: percent(kinds[q.kind].grade(q, kinds[q.kind].unpack(q, entry.p))),
                    l: Math.max(0, intOr(entry.l, 0)), t: Math.max(0, intOr(entry.t, 0))};
      });
      out.cur = {seed: cur.seed, t0: intOr(cur.t0, 0), done: !!cur.done, ans: ans};
    }
    return out;
  }

  function nowSeconds() {
    return Math.floor(Date.now() / 1000);
  }

  function newSeed(previous) {
    var seed;
    do {
      seed = 1 + Math.floor(Math.random() * (MAX_SEED - 1));
    } while (seed === previous);
    return seed;
  }

  function clone(x) {
    return JSON.parse(JSON.stringify(x));
  }

  // ------------------------------------------------------------------ one question on the page

  /**
   * opt: {mode: "quiz" | "check", number, total, seed, shuffle, onAnswer(view, r, score, latency),
   *       onProgress(view, r, latency)}
   */
  function QuestionView(q, opt) {
    var self = this;
    this.q = q;
    this.opt = opt;
    this.kind = kinds[q.kind];
    this.refs = {};
    this.locked = false;
    this.uid = "cq" + (++uid);
    this.shownAt = Date.now();

    var root = this.root = el("fieldset", {
      className: "quiz-question quiz-kind-" + q.kind, id: this.uid, tabindex: "-1",
      "data-question": q.id, lang: q.lang || null});
    var legend = el("legend", {className: "quiz-legend"});
    if (opt.mode === "quiz") {
      legend.appendChild(el("span", {className: "quiz-number",
        text: t("quiz.question_of", {n: nf(opt.number), total: nf(opt.total)})}));
      if (q.points !== 1) {
        legend.appendChild(el("span", {className: "quiz-points",
          text: " \u00b7 " + t("quiz.points", {count: q.points, n: nf(q.points)})}));
      }
    } else {
      legend.appendChild(el("span", {className: "quiz-number", text: t("quiz.check_heading")}));
    }
    root.appendChild(legend);
    this.prompt = htmlEl("div", "quiz-prompt", q.prompt_html);
    this.prompt.id = this.uid + "-prompt";
    root.setAttribute("aria-describedby", this.prompt.id);
    root.appendChild(this.prompt);
    this.body = el("div", {className: "quiz-body"});
    root.appendChild(this.body);
    this.live = el("div", {className: "quiz-sr-only", role: "status", "aria-live": "polite"});
    root.appendChild(this.live);
    this.actions = el("div", {className: "quiz-actions"});
    root.appendChild(this.actions);
    this.feedback = el("div", {className: "quiz-feedback", role: "status", "aria-live": "polite", tabindex: "-1"});
    root.appendChild(this.feedback);
    this.after = el("div", {className: "quiz-after"});
    root.appendChild(this.after);
    this.checkButton = null;
    this.check = function () { self.checkNow(); };
  }

  /** A seeded shuffle of a question's list (when the quiz shuffles, or always if `always`). */
  QuestionView.prototype.order = function (items, salt, always) {
    var seed = seedFor(this.opt.seed, this.q.key + ":" + salt);
    if (always) return shuffleMoved(items, seed);
    return this.opt.shuffle ? shuffle(items, seed) : items.slice();
  };

  QuestionView.prototype.announce = function (text) {
    var live = this.live;
    live.textContent = "";
    setTimeout(function () { live.textContent = text; }, 50);
  };

  /** Draw the controls; with an answer that is complete, show it locked with its feedback. */
  QuestionView.prototype.start = function (response, answered) {
    this.kind.render(this.q, this, response);
    this.shownAt = Date.now();
    if (answered) {
      this.lock();
      this.showFeedback(response);
      return;
    }
    if (!this.kind.selfSubmit) {
      var self = this;
      this.checkButton = button(t("quiz.check"), "quiz-button quiz-check", function () { self.checkNow(); });
      this.actions.appendChild(this.checkButton);
    }
  };

  QuestionView.prototype.checkNow = function () {
    if (this.locked) return;
    var r = this.kind.read(this.q, this);
    var missing = this.kind.validate(this.q, r);
    if (missing) {
      clear(this.feedback);
      this.feedback.appendChild(el("p", {className: "quiz-hint", text: t(missing)}));
      return;
    }
    this.submit(r);
  };

  /** Grade a complete response, lock the question, show and focus the feedback. */
  QuestionView.prototype.submit = function (r) {
    if (this.locked) return;
    var kind = this.kind, q = this.q;
    var again = kind.unpack(q, kind.pack(q, r));
    if (again !== null) r = again;       // what is graded is exactly what is saved
    var score = kind.grade(q, r);
    var latency = Math.round((Date.now() - this.shownAt) / 1000);
    this.lock();
    this.showFeedback(r);
    if (this.opt.onAnswer) this.opt.onAnswer(this, r, score, latency);
    focus(this.feedback);
  };

  QuestionView.prototype.progress = function (r) {
    if (this.opt.onProgress) this.opt.onProgress(this, r, Math.round((Date.now() - this.shownAt) / 1000));
  };

  QuestionView.prototype.lock = function () {
    this.locked = true;
    lockInputs(this.body);
    if (this.checkButton && this.checkButton.parentNode) this.checkButton.parentNode.removeChild(this.checkButton);
    this.root.className += " is-answered";
  };

  QuestionView.prototype.showFeedback = function (r) {
    var q = this.q, box = this.feedback;
    var score = this.kind.grade(q, r);
    var result = resultOf(score);
    clear(box);
    this.root.className += " is-" + result;
    box.appendChild(mark(result, null, "p"));
    box.firstChild.className += " quiz-verdict";
    if (result === "partial") {
      box.appendChild(el("p", {className: "quiz-partial", text: t("quiz.partial_score", {percent: nf(percent(score))})}));
    }
    this.kind.showFeedback(q, this, r, score, box);
    appendExplanation(box, q);
  };

  function appendExplanation(box, q) {
    if (q.explanation_html) {
      box.appendChild(el("div", {className: "quiz-explanation"}, [
        el("p", {className: "quiz-explanation-title", text: t("quiz.explanation")}),
        htmlEl("div", "quiz-explanation-text", q.explanation_html)]));
    }
    if (q.cites && q.cites.length) {
      var items = q.cites.map(function (cite) {
        var li = el("li", null, [el("a", {href: cite.href, text: cite.label})]);
        if (cite.caution) {
          li.appendChild(document.createTextNode(" "));
          li.appendChild(el("span", {className: "quiz-caution", text: "(" + cite.caution + ")"}));
        }
        return li;
      });
      box.appendChild(el("div", {className: "quiz-cites"}, [
        el("p", {className: "quiz-cites-title", text: t("quiz.sources")}),
        el("ul", null, items)]));
    }
  }

  // ------------------------------------------------------------------ a quiz page

  function memoryStore() {
    var saved = null;
    return {load: function () { return saved && clone(saved); }, save: function (s) { saved = clone(s); }};
  }

  function Quiz(element, payload, store) {
    this.el = element;
    this.payload = payload;
    this.quiz = payload.quiz || {};
    this.questions = (payload.questions || []).filter(function (q) { return !!kinds[q.kind]; });
    this.store = store || memoryStore();
    var loaded = null;
    try {
      loaded = this.store.load();
    } catch (e) {
      loaded = null;
    }
    this.state = cleanState(loaded, this.questions);
    this.build();
    var cur = this.state.cur;
    if (!this.questions.length) {
      this.questionsBox.appendChild(el("p", {className: "quiz-empty", text: t("quiz.empty")}));
    } else if (!cur) {
      if (this.canStart()) this.startAttempt(false);
      else this.showResult(false);
    } else if (cur.done) {
      this.showResult(false);
    } else {
      this.resume(false);
    }
  }

  Quiz.prototype.build = function () {
    clear(this.el);
    this.el.className += /\bquiz-root\b/.test(this.el.className) ? "" : " quiz-root";
    this.status = el("p", {className: "quiz-attempt"});
    this.questionsBox = el("div", {className: "quiz-questions"});
    this.resultBox = el("section", {className: "quiz-result", hidden: true});
    this.resultHeadingId = "quiz-result-h-" + (++uid);
    this.reviewBox = el("section", {className: "quiz-review", hidden: true});
    this.el.appendChild(this.status);
    this.el.appendChild(this.questionsBox);
    this.el.appendChild(this.resultBox);
    this.el.appendChild(this.reviewBox);
  };

  Quiz.prototype.limit = function () {
    return Math.max(0, intOr(this.quiz.attempts, 0));
  };

  Quiz.prototype.canStart = function () {
    return this.limit() === 0 || this.state.n < this.limit();
  };

  Quiz.prototype.counted = function () {
    return this.quiz.score === "last" ? this.state.last : this.state.best;
  };

  Quiz.prototype.save = function () {
    try {
      this.store.save(clone(this.state));
    } catch (e) {
      if (root.console) root.console.warn("CourseQuiz: could not save the quiz state", e);
    }
  };

  Quiz.prototype.startAttempt = function (moveFocus) {
    var previous = this.state.cur ? this.state.cur.seed : null;
    this.state.cur = {seed: newSeed(previous), t0: nowSeconds(), done: false, ans: {}};
    this.save();
    this.resume(moveFocus);
  };

  Quiz.prototype.answeredKeys = function () {
    var keys = {};
    Object.keys(this.state.cur.ans).forEach(function (k) { keys[k] = true; });
    return keys;
  };

  Quiz.prototype.drawn = function () {
    var cur = this.state.cur;
    return drawQuestions(this.questions, this.quiz.draw, cur.seed, !!this.quiz.shuffle, this.answeredKeys());
  };

  Quiz.prototype.resume = function (moveFocus) {
    clear(this.questionsBox);
    clear(this.resultBox);
    clear(this.reviewBox);
    this.resultBox.hidden = true;
    this.reviewBox.hidden = true;
    this.order = this.drawn();
    this.index = -1;
    if (!this.order.length) {         // a draw that names no objective of these questions
      this.questionsBox.appendChild(el("p", {className: "quiz-empty", text: t("quiz.empty")}));
      return;
    }
    var n = this.state.n + 1, limit = this.limit();
    this.status.textContent = limit ? t("quiz.attempt_of", {n: nf(n), total: nf(limit)}) : t("quiz.attempt", {n: nf(n)});
    this.status.hidden = false;
    this.advance(moveFocus);
  };

  /** Show the next questions: answered ones as answered, stopping at the first unanswered. */
  Quiz.prototype.advance = function (moveFocus) {
    var cur = this.state.cur;
    while (++this.index < this.order.length) {
      var q = this.order[this.index];
      var entry = cur.ans[q.key];
      var response = entry ? kinds[q.kind].unpack(q, entry.p) : null;
      var complete = entryComplete(q, entry);
      var view = this.view(q, this.index);
      this.questionsBox.appendChild(view.root);
      view.start(response, complete);
      if (!complete) {
        if (moveFocus) focus(view.root);
        return;
      }
      if (this.index === this.order.length - 1) break;
    }
    this.finish(moveFocus);
  };

  Quiz.prototype.view = function (q, index) {
    var self = this;
    return new QuestionView(q, {
      mode: "quiz", number: index + 1, total: this.order.length,
      seed: this.state.cur.seed, shuffle: !!this.quiz.shuffle,
      onAnswer: function (view, r, score, latency) { self.answered(view, r, score, latency); },
      onProgress: function (view, r, latency) { self.partial(view, r, latency); }
    });
  };

  Quiz.prototype.entry = function (q, r, score, latency) {
    var cur = this.state.cur;
    return {f: q.fp, p: kinds[q.kind].pack(q, r), s: percent(score),
            l: Math.min(MAX_LATENCY, Math.max(0, latency)),
            t: Math.min(MAX_TIME, Math.max(0, nowSeconds() - cur.t0))};
  };

  /** A scenario decision short of an outcome: saved so that a reload resumes mid-scenario. */
  Quiz.prototype.partial = function (view, r, latency) {
    this.state.cur.ans[view.q.key] = this.entry(view.q, r, kinds[view.q.kind].grade(view.q, r), latency);
    this.save();
  };

  Quiz.prototype.answered = function (view, r, score, latency) {
    var self = this, q = view.q;
    this.state.cur.ans[q.key] = this.entry(q, r, score, latency);
    var last = true;
    for (var i = this.index + 1; i < this.order.length; i++) {
      if (!entryComplete(this.order[i], this.state.cur.ans[this.order[i].key])) last = false;
    }
    if (!last) this.save();
    emit("course:answer", record(q, r, {quiz: this.quiz.id, module: this.quiz.module, graded: true,
                                        latency: latency, timestamp: Date.now()}));
    if (!last) {
      var next = button(t("quiz.next"), "quiz-button quiz-next", function () {
        next.parentNode.removeChild(next);
        self.advance(true);
      });
      view.after.appendChild(next);
      return;
    }
    this.index = this.order.length;
    this.finish(false);
    view.after.appendChild(button(t("quiz.see_result"), "quiz-button quiz-see-result", function () {
      focus(self.resultBox);
    }));
  };

  Quiz.prototype.finish = function (moveFocus) {
    var s = this.state, cur = s.cur;
    if (!cur.done) {
      var score = attemptScore(this.order, cur.ans);
      cur.done = true;
      s.n = Math.min(MAX_ATTEMPTS, s.n + 1);
      s.last = score;
      s.best = s.best === null ? score : Math.max(s.best, score);
      this.save();
      var counted = this.counted();
      var passMark = Number(this.quiz.pass_mark) || 0;
      emit("course:quiz-finished", {
        quiz: this.quiz.id, module: this.quiz.module, score: score, passed: score >= passMark,
        attempt: s.n, attemptsLeft: this.limit() ? Math.max(0, this.limit() - s.n) : null,
        counted: counted, countedPassed: counted !== null && counted >= passMark,
        objectives: objectiveScores(this.order, cur.ans)
      });
    }
    this.showResult(moveFocus);
  };

  Quiz.prototype.showResult = function (moveFocus) {
    var self = this, s = this.state, limit = this.limit();
    var passMark = Number(this.quiz.pass_mark) || 0;
    var score = s.last;
    var counted = this.counted();
    var box = this.resultBox;
    clear(box);
    box.hidden = false;
    box.setAttribute("tabindex", "-1");
    box.setAttribute("aria-labelledby", this.resultHeadingId);
    box.appendChild(el("h2", {id: this.resultHeadingId, className: "quiz-result-heading", text: t("quiz.result_heading")}));
    if (score !== null) {
      box.appendChild(el("p", {className: "quiz-result-score",
        text: t(s.n > 1 ? "quiz.result_score_latest" : "quiz.result_score", {score: nf(score)})}));
    }
    if (s.n > 1 && counted !== null) {
      box.appendChild(el("p", {className: "quiz-result-counted",
        text: t(this.quiz.score === "last" ? "quiz.counted_last" : "quiz.counted_best", {score: nf(counted)})}));
    }
    if (counted !== null) {
      // pass or fail of the quiz: the score that counts (best or last attempt) against the pass mark
      var passed = counted >= passMark;
      var verdict = mark(passed ? "correct" : "incorrect",
        t(passed ? "quiz.result_passed" : "quiz.result_failed", {mark: nf(passMark)}), "p");
      verdict.className += " quiz-result-verdict";
      box.appendChild(verdict);
    }
    box.appendChild(el("p", {className: "quiz-result-attempts", text: limit
      ? t("quiz.attempts_used", {used: nf(s.n), total: nf(limit)})
      : t("quiz.attempts_used_unlimited", {used: nf(s.n)})}));
    if (limit) {
      var left = Math.max(0, limit - s.n);
      box.appendChild(el("p", {className: "quiz-result-left",
        text: left ? t("quiz.attempts_left", {count: left, n: nf(left)}) : t("quiz.no_attempts_left")}));
    }
    if (this.canStart()) {
      var again = button(t("quiz.new_attempt"), "quiz-button quiz-new-attempt", function () {
        self.startAttempt(true);
      });
      box.appendChild(el("div", {className: "quiz-actions"}, [again]));
    }
    this.status.hidden = true;
    var countedPassed = counted !== null && counted >= passMark;
    if (s.cur && s.cur.done && (!this.canStart() || (limit === 0 && countedPassed))) this.showReview();
    if (moveFocus) focus(box);
  };

  Quiz.prototype.showReview = function () {
    var cur = this.state.cur, box = this.reviewBox;
    var order = this.drawn();
    clear(box);
    box.hidden = false;
    box.appendChild(el("h2", {className: "quiz-review-heading", text: t("quiz.review_heading")}));
    order.forEach(function (q, i) {
      var kind = kinds[q.kind];
      var entry = cur.ans[q.key];
      var r = entry ? kind.unpack(q, entry.p) : null;
      var complete = entryComplete(q, entry);
      var score = complete ? kind.grade(q, r) : 0;
      var item = el("article", {className: "quiz-review-entry is-" + resultOf(score), lang: q.lang || null}, [
        el("h3", {className: "quiz-review-title", text: t("quiz.review_question", {n: nf(i + 1)})}),
        htmlEl("div", "quiz-prompt", q.prompt_html)]);
      if (q.kind === "scenario") {
        item.appendChild(el("details", {className: "quiz-case"}, [
          el("summary", {text: t("quiz.case_file")}), htmlEl("div", "quiz-case-body", q.case_file_html)]));
      }
      var verdict = mark(resultOf(score), null, "p");
      verdict.className += " quiz-verdict";
      item.appendChild(verdict);
      kind.showReview(q, r, item);
      appendExplanation(item, q);
      box.appendChild(item);
    });
  };

  /** Render a quiz page (payload.mode == "quiz"); returns a small controller. */
  function mount(element, payload, options) {
    var quiz = new Quiz(element, payload, options && options.store);
    return {
      element: element,
      state: function () { return clone(quiz.state); },
      order: function () { return (quiz.order || []).map(function (q) { return q.id; }); }
    };
  }

  // ------------------------------------------------------------------ knowledge checks

  /** One ungraded question inside a lesson; "Try again" resets it. options: {module}. */
  function mountCheck(element, q, options) {
    var module = options && options.module !== undefined ? options.module : null;
    if (!kinds[q.kind]) return null;
    function render(moveFocus) {
      clear(element);
      if (!/\bquiz-check-root\b/.test(element.className)) element.className += " quiz-check-root";
      var view = new QuestionView(q, {
        mode: "check", seed: hashString(q.key || q.id), shuffle: false,
        onAnswer: function (v, r, score, latency) {
          emit("course:answer", record(q, r, {quiz: null, module: module, graded: false,
                                              latency: latency, timestamp: Date.now()}));
          v.after.appendChild(button(t("quiz.try_again"), "quiz-button quiz-try-again", function () {
            render(true);
          }));
        }
      });
      element.appendChild(view.root);
      view.start(null, false);
      if (moveFocus) focus(view.root);
    }
    render(false);
    return {element: element, reset: function () { render(true); }};
  }

  /** Mount every <div class="knowledge-check" data-check="id"> under `container`. */
  function mountChecks(container, checks, options) {
    var nodes = container.querySelectorAll("[data-check]");
    var mounted = [];
    for (var i = 0; i < nodes.length; i++) {
      var q = checks && Object.prototype.hasOwnProperty.call(checks, nodes[i].getAttribute("data-check"))
        ? checks[nodes[i].getAttribute("data-check")] : null;
      if (q) mounted.push(mountCheck(nodes[i], q, options));
    }
    return mounted;
  }

  root.CourseQuiz = {
    version: 1,
    kinds: kinds,
    mount: mount,
    mountCheck: mountCheck,
    mountChecks: mountChecks,
    // pure helpers (also used by the unit tests)
    rng: rng,
    hashString: hashString,
    seedFor: seedFor,
    shuffle: shuffle,
    shuffleMoved: shuffleMoved,
    drawQuestions: drawQuestions,
    normalize: normalize,
    cleanBlank: cleanBlank,
    cleanNumberText: cleanNumberText,
    parseNumber: parseNumber,
    formatNumber: formatNumber,
    resultOf: resultOf,
    record: record,
    attemptScore: attemptScore,
    cleanState: cleanState,
    walk: walk,
    PARTIAL: PARTIAL
  };
})(typeof window !== "undefined" ? window : globalThis);
