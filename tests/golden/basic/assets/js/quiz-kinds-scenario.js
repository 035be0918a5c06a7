/*
 * quiz-kinds-scenario.js: the scenario kind: a case file, then decisions step by step.
 *
 * Registers its kind into CourseQuizCore.kinds (see the kind interface in quiz-core.js);
 * defines no global of its own. A scenario submits itself when an outcome is reached
 * (selfSubmit) and reports each decision before that (view.progress), so that a reload
 * resumes it mid-way.
 */
(function (root) {
  "use strict";

  var C = root.CourseQuizCore;
  var kinds = C.kinds;
  var CODES = C.CODES, PARTIAL = C.PARTIAL, SCORM12_MAX = C.SCORM12_MAX, byId = C.byId,
      code = C.code, walk = C.walk, percent = C.percent, t = C.t, nf = C.nf, el = C.el, htmlEl = C.htmlEl,
      button = C.button, clear = C.clear, focus = C.focus, reviewBlock = C.reviewBlock,
      noAnswer = C.noAnswer, list = C.list, reviewEntry = C.reviewEntry;

  /**
   * Decision points as the learner sees them: a share (percent) of the question, as the quiz
   * weighs it (its `points`) and scores it; max_points itself is never shown (docs/internals.md).
   */
  function share(q, points) {
    var max = Number(q.max_points) || 0;
    return max > 0 ? percent((Number(points) || 0) / max) : 0;
  }

  /** "This decision earns 25% of the points for this question." (null when nothing is at stake) */
  function decisionText(q, points, short) {
    if (!(Number(q.max_points) > 0)) return null;
    var n = share(q, points);
    if (n > 0) return t(short ? "quiz.decision_share_short" : "quiz.decision_share", {percent: nf(n)});
    return t(short ? "quiz.decision_none_short" : "quiz.decision_none");
  }

  kinds.scenario = {
    selfSubmit: true,
    ownScore: true,        // the outcome states the share collected: no separate "You earned" line
    share: share,
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
        var points = decisionText(q, choice.points, false);
        var feedbackBox = el("div", {className: "quiz-path-feedback", tabindex: "-1"}, [
          points === null ? null : el("p", {className: "quiz-path-points", text: points})]);
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
        el("p", {className: "quiz-outcome-points", text: t("quiz.path_share", {percent: nf(percent(score))})})
      ]));
    },
    showReview: function (q, r, box) {
      var w = walk(q, r);
      function decisions(taken) {
        return list("ol", taken.map(function (s) {
          var points = decisionText(q, s.choice.points, true);
          return reviewEntry(null, el("span", null, [
            htmlEl("span", "", s.choice.text_html), points === null ? null : " ",
            points === null ? null : el("span", {className: "quiz-review-points", text: points})]));
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
})(typeof window !== "undefined" ? window : globalThis);
