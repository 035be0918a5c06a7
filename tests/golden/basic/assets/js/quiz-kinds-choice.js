/*
 * quiz-kinds-choice.js: the kinds with options to choose: single, multiple and true_false.
 *
 * Registers its kinds into CourseQuizCore.kinds (see the kind interface in quiz-core.js);
 * defines no global of its own.
 */
(function (root) {
  "use strict";

  var C = root.CourseQuizCore;
  var kinds = C.kinds;
  var CODES = C.CODES, byId = C.byId, indexOfId = C.indexOfId, code = C.code, t = C.t, el = C.el,
      htmlEl = C.htmlEl, mark = C.mark, reviewBlock = C.reviewBlock, noAnswer = C.noAnswer,
      list = C.list, reviewEntry = C.reviewEntry;

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

  /** A right option the learner did not choose, when the view reveals the right answers. */
  function missedFeedback(v, row) {
    row.row.className += " is-missed";
    row.feedback.appendChild(mark("correct", t("quiz.option_missed")));
  }

  /**
   * Feedback next to each chosen option: right or wrong, and the option's own feedback; with
   * view.reveal, the right options not chosen are marked as such.
   */
  function optionFeedback(v, options, chosen) {
    options.forEach(function (option) {
      var row = v.refs.rows[option.id];
      if (!row) return;
      if (chosen.indexOf(option.id) < 0) {
        if (option.correct && v.reveal) missedFeedback(v, row);
        return;
      }
      var ok = !!option.correct;
      row.row.className += ok ? " is-correct" : " is-incorrect";
      row.feedback.appendChild(mark(ok ? "correct" : "incorrect",
        t(ok ? "quiz.option_correct" : "quiz.option_incorrect")));
      if (option.feedback_html) row.feedback.appendChild(htmlEl("div", "quiz-option-text", option.feedback_html));
    });
  }

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
      if (!ok && v.reveal) missedFeedback(v, v.refs.rows[String(q.answer)]);
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

})(typeof window !== "undefined" ? window : globalThis);
