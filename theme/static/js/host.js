/* The SCORM launch page: holds the one LMS session (initialize once, terminate once) while
 * the course pages come and go in the frame below it. Pages reach it as parent.CourseHost.
 * Every save is mirrored to localStorage; a failed commit is retried and the learner told. */
(function () {
  "use strict";

  var data = window.CourseData;
  var body = document.body;
  var version = body.getAttribute("data-scorm");
  var frame = document.getElementById("course-frame");
  var started = Date.now();
  var lms = CourseLMS.connect(window, version);
  var launch = null;
  var encoded = "";
  var location = "";
  var mirrorKey = data.storage;
  var listeners = [];
  var retryTimer = null;
  var warned = false;
  var finished = false;

  function status(message) {
    listeners.forEach(function (fn) {
      try { fn(message); } catch (e) { /* a page that went away */ }
    });
  }

  function mirror(text) {
    try { window.localStorage.setItem(mirrorKey, text); } catch (e) { /* storage off: LMS only */ }
  }

  function readMirror() {
    try { return window.localStorage.getItem(mirrorKey); } catch (e) { return null; }
  }

  function state() {
    return CourseState.decode(encoded) || CourseState.empty(data.version, data.languages[0]);
  }

  function progress(s) {
    return CourseState.progress(s, data, launch && launch.passMark !== null ? launch.passMark : undefined);
  }

  /* Module objectives for cmi.objectives (2004): scores come with each finished quiz attempt;
   * the list order is fixed by the outline so indexes stay the same across launches. */
  var objectiveScores = {};

  function objectives(s) {
    var list = [];
    data.modules.forEach(function (module) {
      var quiz = s.quiz[module.key];
      var scores = objectiveScores[module.id] || {};
      module.objectives.forEach(function (objective) {
        var scaled = Object.prototype.hasOwnProperty.call(scores, objective) ? scores[objective] : null;
        list.push({ id: module.id + "." + objective, scaled: scaled,
          passed: scaled !== null && module.quiz && scaled * 100 >= module.quiz.pass_mark,
          completed: !!(quiz && quiz.n) });
      });
    });
    return list;
  }

  function failed() {
    if (!warned) { warned = true; status("lms.unsaved"); }
    if (!retryTimer) {
      retryTimer = window.setInterval(function () { push(true); }, 15000);
    }
  }

  function recovered() {
    if (warned) { warned = false; status("lms.saved_again"); }
    if (retryTimer) { window.clearInterval(retryTimer); retryTimer = null; }
  }

  /* Send the latest state to the LMS; commit when asked (milestones, retries). */
  function push(commit) {
    if (!lms || !lms.started || lms.finished) { return; }
    var s = state();
    var ok = lms.saveProgress(encoded, location, progress(s));
    if (commit) { ok = lms.commit() && ok; }
    if (ok) { recovered(); } else { failed(); }
  }

  function finish() {
    if (finished) { return; }
    finished = true;
    if (lms && lms.started && !lms.finished) {
      push(false);
      lms.finish(Date.now() - started);
    }
  }

  function pickLanguage(s) {
    if (s && data.languages.indexOf(s.lang) >= 0) { return s.lang; }
    var preferred = navigator.languages || [navigator.language || ""];
    for (var i = 0; i < preferred.length; i++) {
      var code = String(preferred[i]).toLowerCase().split("-")[0];
      if (data.languages.indexOf(code) >= 0) { return code; }
    }
    return data.languages[0];
  }

  window.CourseHost = {
    version: version,
    loadState: function () { return encoded; },
    saveState: function (text, reason) {
      encoded = text;
      var s = CourseState.decode(text);
      if (s && s.loc) { location = s.loc; }
      mirror(text);
      push(reason === "lesson" || reason === "reset" || reason === "language");
    },
    answer: function (record) {
      if (!lms || !lms.started || lms.finished) { return; }
      var ok = lms.addInteraction({ id: record.module + "." + record.question, objective: record.module + "." + record.objective,
        type: record.type, type12: record.type12, response: record.response, response12: record.response12,
        correct: record.correct, correct12: record.correct12, result: record.result, score: record.score,
        weighting: record.weighting, latency: record.latency, timestamp: record.timestamp, description: record.description });
      (record.steps || []).forEach(function (step) {
        ok = lms.addInteraction({ id: record.module + "." + step.id,  // step.id is "question.step"
          objective: record.module + "." + record.objective, type: "choice", type12: "choice",
          response: step.response, response12: step.response12, correct: step.correct, correct12: step.correct12,
          result: step.result, score: step.result === "correct" ? 1 : 0, weighting: 0, latency: 0,
          timestamp: record.timestamp, description: "" }) && ok;
      });
      push(false);
      ok = lms.commit() && ok;
      if (ok) { recovered(); } else { failed(); }
    },
    quizFinished: function (detail) {
      if (!lms || !lms.started || lms.finished) { return; }
      if (detail && detail.module && detail.objectives) { objectiveScores[detail.module] = detail.objectives; }
      var ok = true;
      // Every objective, in outline order: SCORM objective indexes may not skip any.
      objectives(state()).forEach(function (objective, index) { ok = lms.saveObjective(index, objective) && ok; });
      push(true);
      if (!ok) { failed(); }
    },
    exit: function () {
      finish();
      frame.hidden = true;
      var note = document.getElementById("exit-note");
      note.textContent = window.CourseI18n ? CourseI18n.t("lms.exited") : note.textContent;
      note.hidden = false;
    },
    onStatus: function (fn) {
      // One page is in the frame at a time: the newest page's listener replaces the last one.
      listeners = [fn];
      if (warned) { fn("lms.unsaved"); }
    },
    connected: function () { return !!(lms && lms.started && !lms.finished); },
    failures: function () { return lms ? lms.failures.slice() : []; }
  };

  function start() {
    var local = CourseState.decode(readMirror());
    if (lms && lms.initialize()) {
      launch = lms.launchData();
      // Objective scores reported in an earlier session stay as they were.
      data.modules.forEach(function (module) {
        module.objectives.forEach(function (objective) {
          var id = CourseLMS.format.identifier(module.id + "." + objective);
          if (Object.prototype.hasOwnProperty.call(launch.objectives, id)) {
            (objectiveScores[module.id] = objectiveScores[module.id] || {})[objective] = launch.objectives[id];
          }
        });
      });
      mirrorKey = data.storage + ":" + (launch.learnerId || "learner");
      local = CourseState.decode(readMirror());
      var fromLms = CourseState.decode(launch.suspendData);
      // The LMS copy wins; the browser mirror adds anything a failed commit did not deliver.
      var merged = CourseState.merge(fromLms, local) || CourseState.empty(data.version, "");
      encoded = CourseState.encode(merged);
      location = merged.loc || launch.location || "";
      push(true);
    } else {
      // No LMS (or it refused the session): run as the plain web course.
      encoded = local ? CourseState.encode(local) : "";
      if (lms) { warned = true; }
    }
    var lang = pickLanguage(CourseState.decode(encoded));
    frame.src = lang + "/index.html";
  }

  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
  window.addEventListener("unload", finish);
  start();
})();
