/*
 * quiz.js: CourseQuiz, the quiz engine and its public API (see docs/internals.md).
 *
 * A quiz page (mount) or knowledge checks in a lesson (mountCheck, mountChecks). The parts
 * come from CourseQuizCore, built by the scripts loaded before this one: quiz-core.js,
 * quiz-kinds-choice.js, quiz-kinds-lists.js, quiz-kinds-typed.js, quiz-kinds-scenario.js,
 * quiz-scores.js, quiz-view.js.
 *
 * A classic script with one global, CourseQuiz. It never touches storage or SCORM: the quiz
 * state goes through the store given to mount(), and answers leave as document events.
 * Nothing here touches the DOM at load time, so the pure functions (kinds[k].grade, format,
 * pack, unpack, shuffle, drawQuestions, ...) also run in Node for the unit tests.
 */
(function (root) {
  "use strict";

  var C = root.CourseQuizCore;
  var kinds = C.kinds;
  var MAX_ATTEMPTS = C.MAX_ATTEMPTS, MAX_LATENCY = C.MAX_LATENCY, MAX_TIME = C.MAX_TIME,
      hashString = C.hashString, resultOf = C.resultOf, percent = C.percent, t = C.t, nf = C.nf,
      el = C.el, htmlEl = C.htmlEl, button = C.button, mark = C.mark, clear = C.clear,
      emit = C.emit, focus = C.focus, drawQuestions = C.drawQuestions, record = C.record,
      entryComplete = C.entryComplete, attemptScore = C.attemptScore,
      objectiveScores = C.objectiveScores, intOr = C.intOr, cleanState = C.cleanState,
      nowSeconds = C.nowSeconds, newSeed = C.newSeed, clone = C.clone,
      QuestionView = C.QuestionView, appendExplanation = C.appendExplanation;

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
    this.revised = C.revisedKeys(loaded, this.questions);
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
    this.resultHeadingId = "quiz-result-h-" + C.nextUid();
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
    this.revised = {};                // a new attempt holds no earlier answers to speak of
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
      if (!entry && this.revised[q.key]) revisedNotice(view.root, view.prompt, "quiz.revised");
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
      // the last attempt shows the right answers, as its review will; earlier ones do not
      reveal: this.limit() > 0 && this.state.n + 1 >= this.limit(),
      onAnswer: function (view, r, score, latency) { self.answered(view, r, score, latency); },
      onProgress: function (view, r, latency) { self.partial(view, r, latency); }
    });
  };

  /** The language of the interface strings, for text placed inside a question shown in another. */
  function interfaceLang() {
    return root.CourseI18n ? root.CourseI18n.lang : null;
  }

  /**
   * Say, before its text, that a question was revised after the learner answered it (its
   * saved answer was dropped): otherwise an answer that vanished reads as lost progress.
   */
  function revisedNotice(container, prompt, key) {
    var notice = el("p", {className: "quiz-revised", id: "cq-revised-" + C.nextUid(), text: t(key),
                          lang: interfaceLang()});
    container.insertBefore(notice, prompt);
    var described = container.getAttribute("aria-describedby");
    if (described) container.setAttribute("aria-describedby", notice.id + " " + described);
  }

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
    delete this.revised[q.key];
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
    var self = this, cur = this.state.cur, box = this.reviewBox;
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
      var prompt = htmlEl("div", "quiz-prompt", q.prompt_html);
      var item = el("article", {className: "quiz-review-entry is-" + resultOf(score), lang: q.lang || null}, [
        el("h3", {className: "quiz-review-title", lang: q.lang ? interfaceLang() : null,
                  text: t("quiz.review_question", {n: nf(i + 1)})}), prompt]);
      if (!entry && self.revised[q.key]) revisedNotice(item, prompt, "quiz.revised_review");
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
    rng: C.rng,
    hashString: C.hashString,
    seedFor: C.seedFor,
    shuffle: C.shuffle,
    shuffleMoved: C.shuffleMoved,
    drawQuestions: C.drawQuestions,
    normalize: C.normalize,
    cleanBlank: C.cleanBlank,
    cleanNumberText: C.cleanNumberText,
    parseNumber: C.parseNumber,
    formatNumber: C.formatNumber,
    resultOf: C.resultOf,
    record: C.record,
    attemptScore: C.attemptScore,
    cleanState: C.cleanState,
    revisedKeys: C.revisedKeys,
    walk: C.walk,
    PARTIAL: C.PARTIAL
  };
})(typeof window !== "undefined" ? window : globalThis);
