/* The LMS connection: finds the SCORM 1.2 or 2004 API object, and offers one set of calls
 * for both versions with the data-model names and value formats each one wants.
 * No DOM. Every call after the session ended is refused here, so the LMS never sees one. */
(function (root) {
  "use strict";

  var SESSION_OVER_2004 = { "104": 1, "113": 1, "123": 1, "133": 1, "143": 1 };

  function findApi(start, name) {
    function walk(win) {
      for (var hops = 0; win && hops < 500; hops++) {
        try {
          if (win[name]) { return win[name]; }
        } catch (e) { return null; }
        if (win.parent === win) { return null; }
        win = win.parent;
      }
      return null;
    }
    var api = walk(start);
    if (!api) {
      try {
        if (start.opener) { api = walk(start.opener); }
      } catch (e) { api = null; }
    }
    return api;
  }

  /* -- value formats ------------------------------------------------------------------- */
  function pad(n, width) {
    var s = String(Math.floor(n));
    while (s.length < width) { s = "0" + s; }
    return s;
  }

  function real(x) {
    // At most 7 decimals, never exponent notation (SCORM real(10,7)).
    var s = (Math.round(Number(x) * 1e7) / 1e7).toFixed(7);
    s = s.replace(/0+$/, "").replace(/\.$/, "");
    return s === "-0" ? "0" : s;
  }

  function timespan12(ms) {          // HHHH:MM:SS.SS
    var cs = Math.max(0, Math.round(ms / 10));
    var h = Math.min(9999, Math.floor(cs / 360000));
    var m = Math.floor(cs / 6000) % 60;
    var s = Math.floor(cs / 100) % 60;
    return pad(h, 4) + ":" + pad(m, 2) + ":" + pad(s, 2) + "." + pad(cs % 100, 2);
  }

  function duration2004(ms) {        // PT#H#M#S with at most two decimals
    var cs = Math.max(0, Math.round(ms / 10));
    var h = Math.floor(cs / 360000);
    var m = Math.floor(cs / 6000) % 60;
    var s = (cs % 6000) / 100;
    return "PT" + h + "H" + m + "M" + real(s) + "S";
  }

  function time12(date) {            // time of day HH:MM:SS
    return pad(date.getHours(), 2) + ":" + pad(date.getMinutes(), 2) + ":" + pad(date.getSeconds(), 2);
  }

  function timestamp2004(date) {     // YYYY-MM-DDThh:mm:ss.sZ (one decimal, zone after it)
    return date.getUTCFullYear() + "-" + pad(date.getUTCMonth() + 1, 2) + "-" + pad(date.getUTCDate(), 2) +
      "T" + pad(date.getUTCHours(), 2) + ":" + pad(date.getUTCMinutes(), 2) + ":" + pad(date.getUTCSeconds(), 2) +
      "." + Math.floor(date.getUTCMilliseconds() / 100) + "Z";
  }

  function identifier(text) {
    return String(text).replace(/[^A-Za-z0-9_.:-]/g, "-").slice(0, 250);
  }

  function freeText(text, max) {
    // Delimiters cannot be escaped in SCORM 2004 responses, and a leading "{" starts one.
    return String(text).replace(/\[[,.:]\]/g, " ").replace(/^\{+/, "").slice(0, max);
  }

  /* -- one connection ------------------------------------------------------------------- */
  function Connection(api, version) {
    this.api = api;
    this.version = version;
    this.v12 = version === "1.2";
    this.started = false;
    this.finished = false;
    this.failures = [];
    this.interactionCount = 0;
  }

  Connection.prototype.call = function (fn12, fn2004, args) {
    if (this.finished) { return "false"; }
    var name = this.v12 ? fn12 : fn2004;
    var result;
    try {
      result = String(this.api[name].apply(this.api, args));
    } catch (e) {
      result = "false";
    }
    return result;
  };

  Connection.prototype.lastError = function () {
    var code = "0";
    try {
      code = String(this.v12 ? this.api.LMSGetLastError() : this.api.GetLastError());
    } catch (e) { code = "101"; }
    return code;
  };

  Connection.prototype.note = function (what, code) {
    this.failures.push({ what: what, code: code });
    if (!this.v12 && SESSION_OVER_2004[code]) { this.finished = true; }
  };

  Connection.prototype.initialize = function () {
    if (this.started) { return true; }
    var ok = this.call("LMSInitialize", "Initialize", [""]) === "true";
    if (!ok) { this.note("initialize", this.lastError()); }
    this.started = ok;
    if (ok) {
      var count = parseInt(this.get("cmi.interactions._count"), 10);
      this.interactionCount = isNaN(count) ? 0 : count;
    }
    return ok;
  };

  Connection.prototype.get = function (element) {
    if (!this.started || this.finished) { return ""; }
    var value = this.call("LMSGetValue", "GetValue", [element]);
    if (value === "" || value === "false") {
      var code = this.lastError();
      // 2004 answers 403 for "never set": that is an empty value, not a failure.
      if (code !== "0" && code !== "403") { this.note("get " + element, code); }
      return value === "false" && code !== "0" ? "" : value;
    }
    return value;
  };

  Connection.prototype.set = function (element, value) {
    if (!this.started || this.finished) { return false; }
    var ok = this.call("LMSSetValue", "SetValue", [element, String(value)]) === "true";
    if (!ok) { this.note("set " + element, this.lastError()); }
    return ok;
  };

  Connection.prototype.commit = function () {
    if (!this.started || this.finished) { return false; }
    var ok = this.call("LMSCommit", "Commit", [""]) === "true";
    if (!ok) { this.note("commit", this.lastError()); }
    return ok;
  };

  Connection.prototype.terminate = function () {
    if (!this.started || this.finished) { return false; }
    var ok = this.call("LMSFinish", "Terminate", [""]) === "true";
    this.finished = true;
    return ok;
  };

  /* -- the data model, version-neutral ---------------------------------------------------- */
  Connection.prototype.launchData = function () {
    var v12 = this.v12;
    var mastery = this.get(v12 ? "cmi.student_data.mastery_score" : "cmi.scaled_passing_score");
    var passMark = mastery === "" ? null : Number(mastery) * (v12 ? 1 : 100);
    return {
      entry: this.get(v12 ? "cmi.core.entry" : "cmi.entry"),
      location: this.get(v12 ? "cmi.core.lesson_location" : "cmi.location"),
      suspendData: this.get("cmi.suspend_data"),
      learnerId: this.get(v12 ? "cmi.core.student_id" : "cmi.learner_id"),
      passMark: passMark === null || isNaN(passMark) ? null : passMark,
      objectives: this.savedObjectives()
    };
  };

  /* 2004: objective scores an earlier session reported ({id: scaled}), so that a later save
   * of every objective does not turn them back into "unknown". 1.2 has none. */
  Connection.prototype.savedObjectives = function () {
    var scores = {};
    if (this.v12) { return scores; }
    var count = parseInt(this.get("cmi.objectives._count"), 10);
    for (var i = 0; i < (isNaN(count) ? 0 : count); i++) {
      var id = this.get("cmi.objectives." + i + ".id");
      var scaled = this.get("cmi.objectives." + i + ".score.scaled");
      if (id && scaled !== "" && !isNaN(Number(scaled))) { scores[id] = Number(scaled); }
    }
    return scores;
  };

  Connection.prototype.limit = function () {
    return this.v12 ? 4096 : 64000;
  };

  Connection.prototype.saveProgress = function (encoded, location, progress) {
    var ok = true;
    if (encoded.length <= this.limit()) { ok = this.set("cmi.suspend_data", encoded) && ok; }
    // Nothing to report before the first lesson; 2004 LMSes refuse an empty location (406).
    if (location) { ok = this.set(this.v12 ? "cmi.core.lesson_location" : "cmi.location", location) && ok; }
    if (this.v12) {
      var status = "incomplete";
      if (progress.score !== null) {
        ok = this.set("cmi.core.score.raw", real(progress.score)) && ok;
        ok = this.set("cmi.core.score.min", "0") && ok;
        ok = this.set("cmi.core.score.max", "100") && ok;
        status = progress.passed ? "passed" : "failed";
      } else if (progress.completed) {
        status = "completed";
      }
      ok = this.set("cmi.core.lesson_status", status) && ok;
    } else {
      ok = this.set("cmi.completion_status", progress.completed ? "completed" : "incomplete") && ok;
      ok = this.set("cmi.progress_measure", real(progress.measure)) && ok;
      if (progress.score !== null) {
        ok = this.set("cmi.score.scaled", real(progress.score / 100)) && ok;
        ok = this.set("cmi.score.raw", real(progress.score)) && ok;
        ok = this.set("cmi.score.min", "0") && ok;
        ok = this.set("cmi.score.max", "100") && ok;
        ok = this.set("cmi.success_status", progress.passed ? "passed" : "failed") && ok;
      } else {
        ok = this.set("cmi.success_status", "unknown") && ok;
      }
    }
    return ok;
  };

  Connection.prototype.saveObjective = function (index, objective) {
    if (this.v12) { return true; }
    var base = "cmi.objectives." + index + ".";
    var ok = this.set(base + "id", identifier(objective.id));
    if (objective.scaled !== null) {
      ok = this.set(base + "score.scaled", real(objective.scaled)) && ok;
      ok = this.set(base + "success_status", objective.passed ? "passed" : "failed") && ok;
    } else {
      ok = this.set(base + "success_status", "unknown") && ok;
    }
    ok = this.set(base + "completion_status", objective.completed ? "completed" : "incomplete") && ok;
    return ok;
  };

  Connection.prototype.addInteraction = function (item) {
    var n = this.interactionCount;
    var base = "cmi.interactions." + n + ".";
    var v12 = this.v12;
    var ok = this.set(base + "id", identifier(item.id));
    if (!ok) { return false; }
    this.interactionCount += 1;
    ok = this.set(base + "type", v12 ? item.type12 : item.type) && ok;
    if (item.objective) { ok = this.set(base + "objectives.0.id", identifier(item.objective)) && ok; }
    var when = new Date(item.timestamp);
    ok = this.set(base + (v12 ? "time" : "timestamp"), v12 ? time12(when) : timestamp2004(when)) && ok;
    var patterns = v12 ? item.correct12 : item.correct;
    for (var i = 0; i < patterns.length; i++) {
      ok = this.set(base + "correct_responses." + i + ".pattern", v12 ? freeText(patterns[i], 255) : patterns[i]) && ok;
    }
    ok = this.set(base + "weighting", real(item.weighting)) && ok;
    ok = this.set(base + (v12 ? "student_response" : "learner_response"),
      // The 2004 response keeps its "[,]" / "[.]" delimiters; kinds already stripped them
      // from free text (CourseQuiz scormText), so only the 1.2 form needs flattening.
      v12 ? freeText(item.response12, 255) : String(item.response).slice(0, 4000)) && ok;
    var result = item.result === "correct" ? "correct" :
      item.result === "incorrect" ? (v12 ? "wrong" : "incorrect") : real(item.score);
    ok = this.set(base + "result", result) && ok;
    ok = this.set(base + "latency", v12 ? timespan12(item.latency * 1000) : duration2004(item.latency * 1000)) && ok;
    if (!v12 && item.description) { ok = this.set(base + "description", String(item.description).slice(0, 250)) && ok; }
    return ok;
  };

  Connection.prototype.finish = function (elapsedMs) {
    if (!this.started || this.finished) { return false; }
    this.set(this.v12 ? "cmi.core.session_time" : "cmi.session_time",
      this.v12 ? timespan12(elapsedMs) : duration2004(elapsedMs));
    this.set(this.v12 ? "cmi.core.exit" : "cmi.exit", "suspend");
    this.commit();
    return this.terminate();
  };

  root.CourseLMS = {
    connect: function (win, version) {
      var api = findApi(win, version === "1.2" ? "API" : "API_1484_11");
      return api ? new Connection(api, version) : null;
    },
    findApi: findApi,
    format: { real: real, timespan12: timespan12, duration2004: duration2004, time12: time12,
      timestamp2004: timestamp2004, identifier: identifier, freeText: freeText }
  };
})(typeof window !== "undefined" ? window : globalThis);
