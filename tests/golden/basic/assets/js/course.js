/* Page glue: keeps the learner's progress (in localStorage, or through the SCORM launch
 * page when the course runs inside an LMS), marks progress on the page, mounts quizzes and
 * knowledge checks, and handles the language switcher, printing and reset. */
(function () {
  "use strict";

  var data = window.CourseData;
  var body = document.body;
  var page = body.getAttribute("data-page") || "";
  var rootPrefix = body.getAttribute("data-root") || "";
  var lang = body.getAttribute("data-lang") || "";
  var i18n = window.CourseI18n;
  var t = function (key, values) { return i18n ? i18n.t(key, values) : key; };
  var host = findHost();
  var state = null;
  var storageWorks = true;

  function findHost() {
    try {
      if (window.parent && window.parent !== window && window.parent.CourseHost) {
        return window.parent.CourseHost;
      }
    } catch (e) { /* another origin: no host */ }
    return null;
  }

  function moduleById(id) {
    for (var i = 0; i < data.modules.length; i++) {
      if (data.modules[i].id === id) { return data.modules[i]; }
    }
    return null;
  }

  function moduleByKey(key) {
    for (var i = 0; i < data.modules.length; i++) {
      if (data.modules[i].key === key) { return data.modules[i]; }
    }
    return null;
  }

  function readStored() {
    if (host) { return host.loadState(); }
    try {
      return window.localStorage.getItem(data.storage);
    } catch (e) {
      storageWorks = false;
      return null;
    }
  }

  function load() {
    var decoded = CourseState.decode(readStored());
    state = decoded || CourseState.empty(data.version, lang);
    state.v = data.version;
  }

  function save(reason, detail) {
    state.v = data.version;
    var text = CourseState.encode(state);
    if (host) {
      host.saveState(text, reason || "save", detail);
      return;
    }
    try {
      window.localStorage.setItem(data.storage, text);
    } catch (e) {
      storageWorks = false;
      say(t("lms.no_storage"));
    }
  }

  function say(message) {
    var region = document.querySelector(".lms-status");
    if (region) { region.textContent = message; }
  }

  function pageUrl(module, lessonId) {
    return rootPrefix + lang + "/" + module.id + "/" + (lessonId || "quiz") + ".html";
  }

  /* -- where the learner is --------------------------------------------------------- */
  function recordVisit() {
    var parts = page.split(":");
    var newLesson = false;
    if (parts[0] === "lesson") {
      var ids = parts[1].split("/");
      var module = moduleById(ids[0]);
      var lesson = module && module.lessons.filter(function (l) { return l.id === ids[1]; })[0];
      if (lesson) {
        var seen = state.seen[module.key] || (state.seen[module.key] = []);
        if (seen.indexOf(lesson.key) < 0) { seen.push(lesson.key); newLesson = true; }
        state.loc = module.key + lesson.key;
      }
    } else if (parts[0] === "quiz") {
      var quizModule = moduleById(parts[1]);
      if (quizModule) { state.loc = quizModule.key + "."; }
    }
    if (lang) { state.lang = lang; }
    save(newLesson ? "lesson" : "visit");
  }

  function quizPassed(module) {
    var score = module.quiz ? CourseState.quizScore(state.quiz[module.key], module.quiz) : null;
    return score !== null && score >= module.quiz.pass_mark;
  }

  /* Where to go on after a passed quiz: the next module's first page (none after the last). */
  function nextAfter(module) {
    var index = data.modules.indexOf(module);
    var next = data.modules[index + 1];
    if (!next) { return null; }
    if (next.lessons.length) {
      var first = next.lessons[0];
      return { url: pageUrl(next, first.id), selector: 'a[data-lesson="' + next.id + "/" + first.id + '"]' };
    }
    return { url: pageUrl(next, null), selector: 'a[data-quiz="' + next.id + '"]' };
  }

  function locationLink() {
    if (!state.loc) { return null; }
    var module = moduleByKey(state.loc.slice(0, 3));
    if (!module) { return null; }
    var rest = state.loc.slice(3);
    if (rest === "." && quizPassed(module)) { return nextAfter(module); }
    if (rest === ".") { return { url: pageUrl(module, null), selector: 'a[data-quiz="' + module.id + '"]' }; }
    var lesson = module.lessons.filter(function (l) { return l.key === rest; })[0];
    if (!lesson) { return null; }
    return { url: pageUrl(module, lesson.id), selector: 'a[data-lesson="' + module.id + "/" + lesson.id + '"]' };
  }

  /* -- showing progress --------------------------------------------------------------- */
  function markLinks() {
    var links = document.querySelectorAll("a[data-lesson]");
    Array.prototype.forEach.call(links, function (link) {
      var ids = link.getAttribute("data-lesson").split("/");
      var module = moduleById(ids[0]);
      var lesson = module && module.lessons.filter(function (l) { return l.id === ids[1]; })[0];
      var seen = module && state.seen[module.key];
      if (lesson && seen && seen.indexOf(lesson.key) >= 0 && !link.querySelector(".done-mark")) {
        var mark = document.createElement("span");
        mark.className = "done-mark";
        mark.innerHTML = '<span aria-hidden="true">✓</span>';
        var hidden = document.createElement("span");
        hidden.className = "visually-hidden";
        hidden.textContent = " (" + t("progress.completed") + ")";
        mark.appendChild(hidden);
        link.appendChild(mark);
        link.classList.add("done");
      }
    });
    Array.prototype.forEach.call(document.querySelectorAll(".sidebar a[data-quiz]"), function (link) {
      var module = moduleById(link.getAttribute("data-quiz"));
      if (module && quizPassed(module) && !link.querySelector(".done-mark")) {
        var mark = document.createElement("span");
        mark.className = "done-mark";
        mark.innerHTML = '<span aria-hidden="true">✓</span>';
        var hidden = document.createElement("span");
        hidden.className = "visually-hidden";
        hidden.textContent = " (" + t("status.passed", { score: CourseState.quizScore(state.quiz[module.key], module.quiz) }) + ")";
        mark.appendChild(hidden);
        link.appendChild(mark);
      }
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-quiz-status]"), function (el) {
      var module = moduleById(el.getAttribute("data-quiz-status"));
      var quiz = module && state.quiz[module.key];
      var score = module && module.quiz ? CourseState.quizScore(quiz, module.quiz) : null;
      if (score !== null) {
        el.textContent = t(score >= module.quiz.pass_mark ? "status.passed" : "status.failed", { score: score });
      } else {
        el.textContent = t(quiz && quiz.cur ? "status.in_progress" : "status.not_started");
      }
    });
  }

  function showHome() {
    var summary = document.querySelector("[data-progress]");
    if (summary) {
      var p = CourseState.progress(state, data);
      var lines = [t("progress.lessons", { done: p.lessonsSeen, count: p.lessonsTotal })];
      if (p.quizzesTotal) { lines.push(t("progress.quizzes", { done: p.quizzesPassed, count: p.quizzesTotal })); }
      if (p.score !== null) { lines.push(t("progress.score", { score: p.score })); }
      summary.textContent = lines.join(" ");
    }
    var where = locationLink();
    var resume = document.querySelector(".resume");
    if (resume && where) {
      var link = resume.querySelector("a");
      var target = document.querySelector(where.selector);
      link.href = where.url;
      link.textContent = target ? t("progress.continue_to", { title: target.textContent.replace(/\s*\(.*\)\s*$/, "").replace("✓", "").trim() }) : t("home.continue");
      resume.hidden = false;
      var start = document.querySelector(".start");
      if (start) { start.hidden = true; }
    }
    var reset = document.querySelector(".reset-progress");
    if (reset) {
      reset.addEventListener("click", function () {
        if (!window.confirm(t("progress.reset_confirm"))) { return; }
        state = CourseState.empty(data.version, lang);
        save("reset");
        window.location.reload();
      });
    }
  }

  /* -- quizzes and knowledge checks ---------------------------------------------------- */
  function pageData() {
    var el = document.getElementById("page-data");
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function mountQuizzes() {
    var payload = pageData();
    if (!payload || !window.CourseQuiz) { return; }
    if (payload.mode === "quiz") {
      var root = document.getElementById("quiz");
      var key = payload.quiz.key;
      root.innerHTML = "";
      CourseQuiz.mount(root, payload, {
        store: {
          load: function () { return state.quiz[key] || null; },
          save: function (quizState) { state.quiz[key] = quizState; save("quiz"); }
        }
      });
    } else if (payload.mode === "lesson") {
      Array.prototype.forEach.call(document.querySelectorAll("[data-check]"), function (el) {
        var question = payload.checks[el.getAttribute("data-check")];
        if (question) { CourseQuiz.mountCheck(el, question, { module: payload.module }); }
      });
    }
  }

  function listen() {
    document.addEventListener("course:answer", function (event) {
      if (host && event.detail && event.detail.graded) { host.answer(event.detail); }
    });
    document.addEventListener("course:quiz-finished", function (event) {
      if (host) { host.quizFinished(event.detail); }
      markLinks();
    });
    Array.prototype.forEach.call(document.querySelectorAll(".languages a[hreflang]"), function (link) {
      link.addEventListener("click", function () {
        state.lang = link.getAttribute("hreflang");
        save("language");
      });
    });
  }

  /* -- regions that share a name (several tables or knowledge checks on one page) --------- */

  /* -- glossary tooltips stay on screen ---------------------------------------------------- */
  function keepTooltipsOnScreen() {
    function place(event) {
      var term = event.target.closest ? event.target.closest(".term") : null;
      var tip = term && term.querySelector(".term-tip");
      if (!tip) { return; }
      tip.style.insetInlineStart = "";
      window.requestAnimationFrame(function () {
        var box = tip.getBoundingClientRect();
        var overflow = box.right - (document.documentElement.clientWidth - 8);
        if (box.width && overflow > 0) { tip.style.insetInlineStart = (-overflow) + "px"; }
      });
    }
    document.addEventListener("mouseover", place);
    document.addEventListener("focusin", place);
  }

  /* -- printing one checklist ------------------------------------------------------------ */
  function enablePrinting() {
    Array.prototype.forEach.call(document.querySelectorAll("button.print-checklist"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var target = document.getElementById(button.getAttribute("data-print"));
        body.classList.add("print-one");
        target.classList.add("print-target");
        window.print();
        body.classList.remove("print-one");
        target.classList.remove("print-target");
      });
    });
  }

  function enableExit() {
    var button = document.querySelector(".exit-course");
    if (!host || !button) { return; }
    host.onStatus(function (message) { say(message ? t(message) : ""); });
    // Without an LMS session there is nothing to exit from: the launch page is the web course.
    if (host.connected && !host.connected()) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (window.confirm(t("lms.exit_confirm"))) { host.exit(); }
    });
  }

  /* -- the language chooser at site/index.html ------------------------------------------ */
  function chooseLanguage() {
    load();
    var wanted = state.lang;
    if (data.languages.indexOf(wanted) < 0) {
      wanted = null;
      var preferred = navigator.languages || [navigator.language || ""];
      for (var i = 0; i < preferred.length && !wanted; i++) {
        var code = String(preferred[i]).toLowerCase().split("-")[0];
        if (data.languages.indexOf(code) >= 0) { wanted = code; }
      }
    }
    window.location.replace((wanted || data.languages[0]) + "/index.html");
  }

  window.CourseApp = {
    state: function () { return state; },
    reload: function () { load(); markLinks(); }
  };

  if (page === "root") {
    chooseLanguage();
    return;
  }
  load();
  recordVisit();
  if (!storageWorks && !host) { say(t("lms.no_storage")); }
  markLinks();
  if (page === "home") { showHome(); }
  listen();
  mountQuizzes();
  enablePrinting();
  keepTooltipsOnScreen();
  enableExit();
})();
