/*
 * quiz-view.js: QuestionView, one question on the page: its fieldset, controls, feedback.
 *
 * Adds QuestionView and appendExplanation to CourseQuizCore; defines no global of its own.
 * The kind (CourseQuizCore.kinds) draws the controls and the feedback of its own parts; the
 * view adds the verdict, the explanation and the cited authorities, moves the focus to the
 * feedback and calls back the quiz or the knowledge check that made it.
 */
(function (root) {
  "use strict";

  var C = root.CourseQuizCore;
  var kinds = C.kinds;
  var seedFor = C.seedFor, shuffle = C.shuffle, shuffleMoved = C.shuffleMoved,
      resultOf = C.resultOf, percent = C.percent, t = C.t, nf = C.nf, el = C.el, htmlEl = C.htmlEl,
      button = C.button, mark = C.mark, clear = C.clear, focus = C.focus;

  function lockInputs(node) {
    var controls = node.querySelectorAll("input, select, textarea, button");
    for (var i = 0; i < controls.length; i++) controls[i].disabled = true;
  }

  /**
   * opt: {mode: "quiz" | "check", number, total, seed, shuffle, reveal, onAnswer(view, r, score, latency),
   *       onProgress(view, r, latency)}
   * The feedback shows the right answer of each wrong part in a knowledge check, and in a quiz
   * when opt.reveal is true (its last attempt: docs/internals.md, "Showing the right answers").
   */
  function QuestionView(q, opt) {
    var self = this;
    this.q = q;
    this.opt = opt;
    this.kind = kinds[q.kind];
    this.refs = {};
    this.locked = false;
    this.reveal = opt.mode === "check" || !!opt.reveal;
    this.uid = "cq" + C.nextUid();
    this.shownAt = Date.now();

    var root = this.root = el("fieldset", {
      className: "quiz-question quiz-kind-" + q.kind, id: this.uid, tabindex: "-1",
      "data-question": q.id});
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
    // Question text shown in a fallback language is marked as such; the interface around it
    // (legend, buttons, verdicts) stays in the page's language.
    if (q.lang) { this.prompt.setAttribute("lang", q.lang); }
    root.setAttribute("aria-describedby", this.prompt.id);
    root.appendChild(this.prompt);
    this.body = el("div", {className: "quiz-body", lang: q.lang || null});
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
    if (result === "partial" && !this.kind.ownScore) {
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

  C.QuestionView = QuestionView;
  C.appendExplanation = appendExplanation;
})(typeof window !== "undefined" ? window : globalThis);
