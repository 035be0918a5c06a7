/*
 * quiz-scores.js: answer records, scores, draws and the saved quiz state; no DOM.
 *
 * Adds its functions to CourseQuizCore (record, attemptScore, cleanState, drawQuestions...);
 * defines no global of its own. Everything here is pure and runs in Node for the unit tests.
 */
(function (root) {
  "use strict";

  var C = root.CourseQuizCore;
  var kinds = C.kinds;
  var MAX_SEED = C.MAX_SEED, seedFor = C.seedFor, shuffle = C.shuffle, resultOf = C.resultOf,
      percent = C.percent;

  // ------------------------------------------------------------------ draws

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

  /**
   * Keys of the questions answered in the saved attempt whose fingerprint has changed since:
   * the author revised them, so cleanState drops those answers and the learner is told why.
   */
  function revisedKeys(state, questions) {
    var out = {};
    var cur = state && typeof state === "object" ? state.cur : null;
    var ans = cur && typeof cur === "object" ? cur.ans : null;
    if (!ans || typeof ans !== "object") return out;
    questions.forEach(function (q) {
      var entry = Object.prototype.hasOwnProperty.call(ans, q.key) ? ans[q.key] : null;
      if (entry && typeof entry === "object" && entry.f !== q.fp) out[q.key] = true;
    });
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

  C.drawQuestions = drawQuestions;
  C.record = record;
  C.entryComplete = entryComplete;
  C.entryScore = entryScore;
  C.attemptScore = attemptScore;
  C.objectiveScores = objectiveScores;
  C.intOr = intOr;
  C.cleanState = cleanState;
  C.revisedKeys = revisedKeys;
  C.nowSeconds = nowSeconds;
  C.newSeed = newSeed;
  C.clone = clone;
})(typeof window !== "undefined" ? window : globalThis);
