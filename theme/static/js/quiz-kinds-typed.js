/*
 * quiz-kinds-typed.js: the kinds whose answers learners type: fill_in and numeric.
 *
 * Registers its kinds into CourseQuizCore.kinds (see the kind interface in quiz-core.js);
 * defines no global of its own. What a learner types is cleaned of the saved state's
 * delimiter characters before it is stored or graded.
 */
(function (root) {
  "use strict";

  var C = root.CourseQuizCore;
  var kinds = C.kinds;
  var NUMBER_MAX = C.NUMBER_MAX, SCORM12_MAX = C.SCORM12_MAX, SEP = C.SEP, normalize = C.normalize,
      cleanBlank = C.cleanBlank, blankMax = C.blankMax, cleanNumberText = C.cleanNumberText,
      parseNumber = C.parseNumber, formatNumber = C.formatNumber, scormText = C.scormText,
      shareRight = C.shareRight, t = C.t, nf = C.nf, el = C.el, itemMark = C.itemMark, answerNote = C.answerNote,
      reviewBlock = C.reviewBlock, noAnswer = C.noAnswer, list = C.list,
      reviewEntry = C.reviewEntry;

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
        if (!v.refs.marks[i]) return;
        var ok = self.grade({blanks: [blank]}, [r ? r[i] : ""]) === 1;
        itemMark(v.refs.marks[i], ok);
        if (!ok && v.reveal) answerNote(v.refs.marks[i], t("quiz.right_answer", {answer: blank.accepted.join(" / ")}));
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

  /** The right numeric answer as shown: "18", or "from 2 to 4". */
  function rightNumber(q) {
    return q.min === q.max ? nf(q.min) : t("quiz.range", {min: nf(q.min), max: nf(q.max)});
  }

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
    showFeedback: function (q, v, r, score) {
      if (!v.refs.mark) return;
      itemMark(v.refs.mark, score === 1);
      if (score !== 1 && v.reveal) answerNote(v.refs.mark, t("quiz.right_answer", {answer: rightNumber(q)}));
    },
    showReview: function (q, r, box) {
      var x = parseNumber(r);
      var right = rightNumber(q);
      reviewBlock(box,
        isNaN(x) ? noAnswer() : list("ul", [reviewEntry(null, el("span", {text: nf(x)}), this.grade(q, r) === 1)]),
        list("ul", [reviewEntry(null, el("span", {text: right}))]));
    }
  };
})(typeof window !== "undefined" ? window : globalThis);
