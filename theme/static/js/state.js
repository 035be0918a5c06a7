/* The learner's state and its compact encoding, shared by localStorage and SCORM
 * suspend_data. course/state.py has the same encoder (a browser test keeps them equal)
 * and computes the longest possible encoding at build time. No DOM, no storage here. */
(function (root) {
  "use strict";

  var LIMIT = { attempts: 1295, latency: 1295, seed: 2147483647, t0: 78364164095 };
  var DELIMITERS = /[~!*'(]/g;

  function b36(value, max) {
    var n = Math.floor(Number(value) || 0);
    if (n < 0) { n = 0; }
    if (max !== undefined && n > max) { n = max; }
    return n.toString(36);
  }

  function num(text) {
    var n = parseInt(text, 36);
    return isNaN(n) ? 0 : n;
  }

  function empty(version, lang) {
    return { v: version || "", lang: lang || "", loc: "", seen: {}, quiz: {} };
  }

  function sortedKeys(object) {
    return Object.keys(object || {}).sort();
  }

  /* One answer: key (3) + fingerprint (2) + latency (2 base-36 digits) + packed response.
   * The score is not stored: quiz.js grades the response again when it loads. */
  function encodeAnswers(ans) {
    return sortedKeys(ans).map(function (key) {
      var a = ans[key];
      var latency = b36(a.l, LIMIT.latency);
      if (latency.length < 2) { latency = "0" + latency; }
      return key + String(a.f || "") + latency + String(a.p === undefined ? "" : a.p).replace(DELIMITERS, "");
    }).join("'");
  }

  function encode(state) {
    var seen = sortedKeys(state.seen).filter(function (m) {
      return state.seen[m] && state.seen[m].length;
    }).map(function (m) {
      return m + state.seen[m].slice().sort().join("");
    }).join("!");
    var quizzes = sortedKeys(state.quiz).map(function (m) {
      var q = state.quiz[m];
      var fields = [m, b36(q.n, LIMIT.attempts),
        q.best === null || q.best === undefined ? "" : b36(q.best, 100),
        q.last === null || q.last === undefined ? "" : b36(q.last, 100)];
      if (q.cur) {
        fields.push(b36(q.cur.seed, LIMIT.seed), b36(q.cur.t0, LIMIT.t0), q.cur.done ? "1" : "0",
          encodeAnswers(q.cur.ans || {}));
      }
      return fields.join("*");
    }).join("!");
    return ["1", state.v || "", state.lang || "", state.loc || "", seen, quizzes].join("~");
  }

  function decodeAnswers(text) {
    var ans = {};
    if (!text) { return ans; }
    text.split("'").forEach(function (item) {
      if (item.length < 7) { return; }
      ans[item.slice(0, 3)] = { f: item.slice(3, 5), l: num(item.slice(5, 7)), p: item.slice(7) };
    });
    return ans;
  }

  function decode(text) {
    if (typeof text !== "string" || text.indexOf("1~") !== 0) { return null; }
    var parts = text.split("~");
    if (parts.length !== 6) { return null; }
    var state = { v: parts[1], lang: parts[2], loc: parts[3], seen: {}, quiz: {} };
    if (parts[4]) {
      parts[4].split("!").forEach(function (item) {
        var lessons = [];
        for (var i = 3; i + 3 <= item.length; i += 3) { lessons.push(item.slice(i, i + 3)); }
        state.seen[item.slice(0, 3)] = lessons;
      });
    }
    if (parts[5]) {
      parts[5].split("!").forEach(function (item) {
        var f = item.split("*");
        var quiz = { n: num(f[1]), best: f[2] ? num(f[2]) : null, last: f[3] ? num(f[3]) : null, cur: null };
        if (f.length >= 8) {
          quiz.cur = { seed: num(f[4]), t0: num(f[5]), done: f[6] === "1", ans: decodeAnswers(f.slice(7).join("*")) };
        }
        state.quiz[f[0]] = quiz;
      });
    }
    return state;
  }

  function answered(quiz) {
    return quiz && quiz.cur ? Object.keys(quiz.cur.ans || {}).length : 0;
  }

  /* Combine two states of the same learner (e.g. the LMS copy and the browser mirror):
   * lessons seen in either, and for each quiz the copy with more work in it. */
  function merge(a, b) {
    if (!a) { return b; }
    if (!b) { return a; }
    var out = empty(a.v || b.v, a.lang || b.lang);
    out.loc = a.loc || b.loc;
    [a, b].forEach(function (s) {
      sortedKeys(s.seen).forEach(function (m) {
        var list = out.seen[m] || [];
        (s.seen[m] || []).forEach(function (k) { if (list.indexOf(k) < 0) { list.push(k); } });
        out.seen[m] = list;
      });
    });
    sortedKeys(a.quiz).concat(sortedKeys(b.quiz)).forEach(function (m) {
      var x = a.quiz[m], y = b.quiz[m];
      if (!x || !y) { out.quiz[m] = x || y; return; }
      var xWork = x.n * 1000 + answered(x), yWork = y.n * 1000 + answered(y);
      out.quiz[m] = xWork >= yWork ? x : y;
    });
    return out;
  }

  function quizScore(quiz, settings) {
    if (!quiz || !quiz.n) { return null; }
    var value = settings.score === "last" ? quiz.last : quiz.best;
    return value === null || value === undefined ? null : value;
  }

  /* Where the learner stands, from the state and the course outline (course-data.js). */
  function progress(state, outline, passMark) {
    var result = { lessonsSeen: 0, lessonsTotal: 0, quizzesTotal: 0, quizzesAttempted: 0, quizzesPassed: 0,
      score: null, completed: false, passed: false, measure: 0 };
    var points = 0, earned = 0;
    outline.modules.forEach(function (module) {
      var seen = (state.seen && state.seen[module.key]) || [];
      module.lessons.forEach(function (lesson) {
        result.lessonsTotal += 1;
        if (seen.indexOf(lesson.key) >= 0) { result.lessonsSeen += 1; }
      });
      if (module.quiz) {
        result.quizzesTotal += 1;
        var score = quizScore(state.quiz && state.quiz[module.key], module.quiz);
        if (score !== null) {
          result.quizzesAttempted += 1;
          if (score >= module.quiz.pass_mark) { result.quizzesPassed += 1; }
          earned += score * module.quiz.max_points;
        }
        points += module.quiz.max_points;
      }
    });
    var mark = passMark === undefined || passMark === null ? outline.pass_mark : passMark;
    if (result.quizzesAttempted === result.quizzesTotal) {
      result.score = points ? Math.round(earned / points) : 100;
      result.passed = result.score >= mark;
    }
    var units = result.lessonsTotal + result.quizzesTotal;
    result.measure = units ? (result.lessonsSeen + result.quizzesAttempted) / units : 1;
    result.completed = result.lessonsSeen === result.lessonsTotal && result.quizzesAttempted === result.quizzesTotal;
    return result;
  }

  root.CourseState = { encode: encode, decode: decode, empty: empty, merge: merge, progress: progress,
    quizScore: quizScore, LIMIT: LIMIT };
})(typeof window !== "undefined" ? window : globalThis);
