"""The SCORM packages in a real LMS run-time: scorm-again in Chromium, through the harness
of ../shared/standards (examples/scorm-again/lms.html records every API call in
window.scormCalls).

Each test serves a temp folder holding lms.html, scorm-again.min.js and the unzipped package
under course/, and drives the course inside the LMS frame as a learner would. scorm-again is
lenient (standards README, section 6), so every value the course reports is checked here
against the SCORM data-model formats, not only against what the LMS accepted.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any, Callable

import pytest

from course.pipeline import build

REPO = Path(__file__).resolve().parents[2]
STANDARDS = REPO.parent / "shared" / "standards"
LMS_HTML = STANDARDS / "examples" / "scorm-again" / "lms.html"
SCORM_AGAIN = REPO / "node_modules" / "scorm-again" / "dist" / "scorm-again.min.js"
FIXTURE = REPO / "tests" / "fixtures" / "basic"

VERSIONS = ["1.2", "2004"]
API = {"1.2": "API", "2004": "API_1484_11"}
FN = {  # the API functions per version
    "1.2": {"init": "LMSInitialize", "get": "LMSGetValue", "set": "LMSSetValue", "commit": "LMSCommit",
            "finish": "LMSFinish", "error": "LMSGetLastError"},
    "2004": {"init": "Initialize", "get": "GetValue", "set": "SetValue", "commit": "Commit",
             "finish": "Terminate", "error": "GetLastError"},
}
LOCATION = {"1.2": "cmi.core.lesson_location", "2004": "cmi.location"}

# What the learner ticks in the fixture's quizzes (labels as shown), and what that is worth.
ANSWERS = {
    "consent-after-deception": ["No. Consent is irrelevant once deception was used."],  # right
    # all three ticked: (2 right - 1 wrong) / 2 = half right, and a response with delimiters
    "acts": ["Recruitment", "Harbouring", "Deception"],
    "border": ["True"],                                                                 # wrong
    "single-indicator": ["False"],                                                      # right
}
SCORES = {"consent-after-deception": 1.0, "acts": 0.5, "border": 0.0, "single-indicator": 1.0}
LESSONS = [("01-framework", "01-definition", "The definition"),
           ("01-framework", "02-national-law", "National law"),
           ("02-identification", "01-indicators", "Indicators")]


# -- formats written from the SCORM data model (not from scorm-again) ----------------------

DECIMAL = re.compile(r"-?\d+(\.\d+)?\Z")                        # 1.2 CMIDecimal
REAL7 = re.compile(r"-?\d+(\.\d{1,7})?\Z")                      # 2004 real(10,7), no exponent
TIMESPAN_12 = re.compile(r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$")  # CMITimespan
TIME_12 = re.compile(r"(\d{2}):(\d{2}):(\d{2})(\.\d{1,2})?\Z")   # CMITime, time of day
TIMESTAMP_2004 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,2})?(Z|[+-]\d{2}(:\d{2})?)?$")
DURATION_2004 = re.compile(r"P(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d{1,2})?S)?)?\Z")
IDENT = re.compile(r"[A-Za-z0-9_.:-]{1,255}\Z")                 # ids both versions accept
SHORT_ID = re.compile(r"[^\s\[\]{}]{1,250}\Z")                  # 2004 short_identifier_type
CODE = r"[0-9a-z]"                                              # 1.2 single-character item
TYPES_12 = {"true-false", "choice", "fill-in", "matching", "performance", "sequencing", "likert", "numeric"}
TYPES_2004 = TYPES_12 | {"long-fill-in", "other"}
RESPONSE_12 = {
    "true-false": re.compile(r"[01tf]\Z"),
    "choice": re.compile(rf"{CODE}(,{CODE})*\Z"),
    "sequencing": re.compile(rf"{CODE}(,{CODE})*\Z"),
    "matching": re.compile(rf"{CODE}\.{CODE}(,{CODE}\.{CODE})*\Z"),
    "likert": re.compile(rf"({CODE})?\Z"),
    "numeric": DECIMAL,
    "fill-in": re.compile(r"[^\n]{0,255}\Z"),
    "performance": re.compile(r"[^\n]{0,255}\Z"),
}


def _decimal_in(value: str, low: float, high: float, pattern: re.Pattern[str] = DECIMAL) -> bool:
    return bool(pattern.match(value)) and low <= float(value) <= high


def _is_scorm12_timespan(value: str) -> bool:
    match = TIMESPAN_12.match(value)
    return bool(match) and int(value.split(":")[1]) < 60 and float(value.split(":")[2]) < 60


def _time_12(value: str) -> bool:
    match = TIME_12.match(value)
    return bool(match) and int(match[1]) < 24 and int(match[2]) < 60 and int(match[3]) < 60


def _is_iso8601_timeinterval(value: str) -> bool:
    # The format of cmi.session_time (SCORM 2004 timeinterval, ISO 8601): no weeks, at least one component, "T" only with a time component.
    return (bool(DURATION_2004.match(value)) and value not in ("P", "PT") and not value.endswith("T")
            and "W" not in value)


def _ids(value: str, sep: str = "[,]") -> list[str]:
    return value.split(sep)


def _response_2004(kind: str, value: str, pattern: bool) -> bool:
    """learner_response (pattern=False) or correct_responses.n.pattern (pattern=True), per type."""
    if kind == "true-false":
        return value in ("true", "false")
    if kind in ("choice", "sequencing"):
        items = _ids(value)
        ok = all(SHORT_ID.match(i) for i in items) and len(items) <= 36
        return ok and (kind == "sequencing" or len(set(items)) == len(items))
    if kind == "likert":
        return bool(SHORT_ID.match(value))
    if kind == "matching":
        pairs = _ids(value)
        return len(pairs) <= 36 and all(len(p.split("[.]")) == 2 and all(SHORT_ID.match(x) for x in p.split("[.]"))
                                        for p in pairs)
    if kind == "numeric":
        if not pattern:
            return bool(REAL7.match(value))
        bounds = value.split("[:]")
        return len(bounds) == 2 and all(b == "" or REAL7.match(b) for b in bounds)
    if kind == "fill-in":
        text = re.sub(r"^(\{(case_matters|order_matters)=(true|false)\})*", "", value) if pattern else value
        items = _ids(text)
        return len(items) <= 10 and all(len(re.sub(r"^\{lang=[A-Za-z-]+\}", "", i)) <= 250 for i in items)
    if kind == "long-fill-in":
        return len(value) <= 4000
    if kind == "performance":
        steps = _ids(re.sub(r"^\{order_matters=(true|false)\}", "", value) if pattern else value)
        return len(steps) <= 250 and all(len(s.split("[.]")) <= 2 for s in steps)
    return kind == "other" and len(value) <= 4000 and not value.startswith("{")


def _result(value: str, v12: bool) -> bool:
    # The course reports right, wrong or a partial score (unanticipated/neutral are never its words).
    if v12:
        return value in ("correct", "wrong") or bool(DECIMAL.match(value))
    return value in ("correct", "incorrect") or bool(REAL7.match(value))


def check_values(version: str, sets: list[tuple[str, str]]) -> list[str]:
    """Every SetValue (element, value) checked against the data-model format of its element.

    Returns the problems; an element the course is not expected to write is one too."""
    v12 = version == "1.2"
    problems: list[str] = []
    types: dict[str, str] = {}          # interaction index -> its type
    for element, value in sets:
        def bad(why: str) -> None:
            problems.append(f"{element} = {value!r}: {why}")

        m = re.match(r"cmi\.interactions\.(\d+)\.(.+)\Z", element)
        if m:
            n, field = m.groups()
            if field == "id":
                if not IDENT.match(value):
                    bad("interaction id: 1-255 of [A-Za-z0-9_.:-], no spaces")
            elif field == "type":
                if value not in (TYPES_12 if v12 else TYPES_2004):
                    bad("not an interaction type of this version")
                types[n] = value
            elif field == "objectives.0.id":
                if not IDENT.match(value):
                    bad("objective id: identifier without spaces, at most 255")
            elif field in ("student_response", "learner_response") or re.match(r"correct_responses\.\d+\.pattern\Z", field):
                if field == ("learner_response" if v12 else "student_response"):
                    bad("the other version's element")
                kind = types.get(n)
                if kind is None:
                    bad("response before the type was set")
                elif v12 and not (RESPONSE_12[kind].match(value) and len(value) <= 255):
                    bad(f"not a SCORM 1.2 {kind} response (single-character codes, ',' between items)")
                elif not v12 and not _response_2004(kind, value, pattern=field != "learner_response"):
                    bad(f"not a SCORM 2004 {kind} response ([,] and [.] delimiters)")
            elif field == "result":
                if not _result(value, v12):
                    bad("result vocabulary")
            elif field == "weighting":
                if not (DECIMAL if v12 else REAL7).match(value):
                    bad("weighting must be a plain decimal")
            elif field == "latency":
                if not (_is_scorm12_timespan(value) if v12 else _is_iso8601_timeinterval(value)):
                    bad("latency must be a CMITimespan (1.2) / ISO 8601 duration (2004)")
            elif field == "time" and v12:
                if not _time_12(value):
                    bad("time must be HH:MM:SS[.SS], a time of day")
            elif field == "timestamp" and not v12:
                if not TIMESTAMP_2004.match(value):
                    bad("timestamp: YYYY-MM-DDThh:mm:ss[.s{1,2}][zone] (no toISOString 3 decimals)")
            elif field == "description" and not v12:
                if len(value) > 250:
                    bad("description longer than 250")
            else:
                bad("unexpected interaction element")
            continue
        m = re.match(r"cmi\.objectives\.(\d+)\.(.+)\Z", element)
        if m and not v12:
            field = m.group(2)
            if field == "id":
                ok = bool(IDENT.match(value))
            elif field == "score.scaled":
                ok = _decimal_in(value, -1, 1, REAL7)
            elif field == "success_status":
                ok = value in ("passed", "failed", "unknown")
            elif field == "completion_status":
                ok = value in ("completed", "incomplete", "not attempted", "unknown")
            else:
                ok = False
            if not ok:
                bad("objective value format")
            continue
        if v12:
            if element == "cmi.core.lesson_status":
                ok = value in ("passed", "completed", "failed", "incomplete", "browsed")
            elif element == "cmi.core.lesson_location":
                ok = len(value) <= 255
            elif element in ("cmi.core.score.raw", "cmi.core.score.min", "cmi.core.score.max"):
                ok = _decimal_in(value, 0, 100)
            elif element == "cmi.suspend_data":
                ok = len(value) <= 4096
            elif element == "cmi.core.session_time":
                ok = _is_scorm12_timespan(value)
            elif element == "cmi.core.exit":
                ok = value == "suspend"
            else:
                ok = False
        else:
            if element == "cmi.completion_status":
                ok = value in ("completed", "incomplete", "not attempted", "unknown")
            elif element == "cmi.success_status":
                ok = value in ("passed", "failed", "unknown")
            elif element == "cmi.score.scaled":
                ok = _decimal_in(value, -1, 1, REAL7)
            elif element in ("cmi.score.raw", "cmi.score.min", "cmi.score.max"):
                ok = _decimal_in(value, 0, 100, REAL7)
            elif element == "cmi.progress_measure":
                ok = _decimal_in(value, 0, 1, REAL7)
            elif element == "cmi.location":
                ok = 0 < len(value) <= 1000
            elif element == "cmi.suspend_data":
                ok = len(value) <= 64000
            elif element == "cmi.session_time":
                ok = _is_iso8601_timeinterval(value)
            elif element == "cmi.exit":
                ok = value == "suspend"
            else:
                ok = False
        if not ok:
            bad("not a valid value for this element (or an element the course should not write)")
    return problems


def test_the_format_checks_reject_what_scorm_again_lets_through() -> None:
    """The checks above are stricter than the LMS where the standards README says it is lenient."""
    assert check_values("1.2", [("cmi.core.session_time", "00:00:30"), ("cmi.core.exit", "suspend"),
                                ("cmi.interactions.0.id", "m.q"), ("cmi.interactions.0.type", "choice"),
                                ("cmi.interactions.0.student_response", "a,c"),
                                ("cmi.interactions.0.time", "23:59:59")]) == []
    rejected_12 = [("cmi.core.session_time", "0:01:30"), ("cmi.core.session_time", "0000:61:00"),
                   ("cmi.core.exit", "normal"), ("cmi.suspend_data", "x" * 4097),
                   ("cmi.interactions.0.id", "has space"), ("cmi.interactions.0.type", "choice"),
                   ("cmi.interactions.0.student_response", "alpha"), ("cmi.interactions.0.result", "incorrect")]
    assert len(check_values("1.2", rejected_12)) == len(rejected_12) - 1
    assert check_values("2004", [("cmi.session_time", "PT1H5M30.25S"), ("cmi.interactions.0.id", "m.q"),
                                 ("cmi.interactions.0.type", "choice"),
                                 ("cmi.interactions.0.timestamp", "2024-05-01T10:00:00.0Z"),
                                 ("cmi.interactions.0.learner_response", "a[,]c")]) == []
    rejected_2004 = [("cmi.session_time", "PT"), ("cmi.session_time", "P1W"), ("cmi.session_time", "PT1.123S"),
                     ("cmi.interactions.0.id", "m.q"), ("cmi.interactions.0.type", "choice"),
                     ("cmi.interactions.0.timestamp", "2024-05-01T10:00:00.123Z"),
                     ("cmi.interactions.0.learner_response", "a,b a"), ("cmi.interactions.0.result", "wrong")]
    assert len(check_values("2004", rejected_2004)) == len(rejected_2004) - 2


# -- building and serving ---------------------------------------------------------------

def _zip(dist: Path, version: str) -> Path:
    return next(dist.glob(f"*-{'scorm12' if version == '1.2' else 'scorm2004'}.zip"))


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/basic built once with its packages; returns the dist folder."""
    target = tmp_path_factory.mktemp("scorm-basic")
    build(FIXTURE, target / "site", target / "dist", use_cache=False)
    return target / "dist"


def harness(folder: Path, package: Path) -> Path:
    """A folder as the standards harness wants it: lms.html, scorm-again.min.js, course/."""
    assert LMS_HTML.is_file(), f"{LMS_HTML} is missing: the tests need ../shared/standards beside the repository"
    folder.mkdir(parents=True)
    shutil.copy(LMS_HTML, folder / "lms.html")
    shutil.copy(SCORM_AGAIN, folder / "scorm-again.min.js")
    with zipfile.ZipFile(package) as archive:
        archive.extractall(folder / "course")
    return folder


def page_payload(course_dir: Path, rel: str) -> dict[str, Any]:
    text = (course_dir / rel).read_text(encoding="utf-8")
    match = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', text, re.S)
    assert match, rel
    return json.loads(match.group(1))


def mastery_score(course_dir: Path) -> float:
    root = ET.parse(course_dir / "imsmanifest.xml").getroot()
    values = [e.text for e in root.iter() if e.tag.endswith("masteryscore") or e.tag.endswith("minNormalizedMeasure")]
    assert len(values) == 1
    value = float(values[0] or "")
    return value if value > 1 else value * 100


def course_data(course_dir: Path) -> dict[str, Any]:
    text = (course_dir / "assets" / "course-data.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("{"):text.rindex("}") + 1])


class Learner:
    """One browser page holding lms.html, with the course in #sco and its pages in #course-frame."""

    def __init__(self, page: Any, base: str, version: str) -> None:
        self.page = page
        self.base = base
        self.version = version
        self.api = API[version]
        self.fn = FN[version]
        page.on("dialog", lambda dialog: dialog.accept())

    # opening
    def open_lms(self, sco: str = "course/launch.html") -> None:
        self.page.goto(f"{self.base}/lms.html?sco={sco}")

    def launch(self) -> None:
        """Load the package into the LMS frame (after launch data was loaded into the API)."""
        self.page.evaluate("() => { document.getElementById('sco').src = 'course/launch.html'; }")

    def start(self, launch_data: dict[str, Any] | None = None) -> None:
        if launch_data is None:
            self.open_lms()
        else:
            self.open_lms("about:blank")
            self.page.evaluate(f"data => window.{self.api}.loadFromJSON(data)", launch_data)
            self.launch()
        self.wait_for("/course/en/index.html")

    # frames
    @property
    def launch_frame(self) -> Any:
        return self.page.main_frame.child_frames[0]

    @property
    def frame(self) -> Any:
        return self.launch_frame.child_frames[0]

    def wait_for(self, path: str) -> None:
        """Wait until the course frame shows `path` and course.js has run on it."""
        self.page.wait_for_function(
            """path => { try {
                 const w = document.getElementById('sco').contentWindow.document
                   .getElementById('course-frame').contentWindow;
                 return w.location.pathname.endsWith(path) && w.document.readyState === 'complete' && !!w.CourseApp;
               } catch (e) { return false; } }""", arg=path)

    def go(self, selector: str, path: str) -> None:
        self.frame.locator(selector).first.click()
        self.wait_for(path)

    # the LMS side
    def calls(self) -> list[dict[str, Any]]:
        return self.page.evaluate("window.scormCalls")

    def ncalls(self) -> int:
        return self.page.evaluate("window.scormCalls.length")

    def cmi(self) -> dict[str, Any]:
        return self.page.evaluate(f"window.{self.api}.renderCMIToJSONObject()")["cmi"]

    def wait_for_commit(self, since: int) -> list[dict[str, Any]]:
        self.page.wait_for_function(
            "([n, fn]) => window.scormCalls.slice(n).some(c => c.fn === fn)", arg=[since, self.fn["commit"]])
        return self.calls()[since:]

    # the learner
    def answer_quiz(self, answers: dict[str, list[str]], stop_after: int | None = None,
                    on_answer: Callable[[str, list[dict[str, Any]]], None] | None = None) -> list[str]:
        """Answer the questions shown, in the order shown; returns their ids."""
        done: list[str] = []
        quiz = self.frame.locator("#quiz")
        while stop_after is None or len(done) < stop_after:
            open_questions = quiz.locator("fieldset.quiz-question:not(.is-answered)")
            if open_questions.count() == 0:
                break
            qid = open_questions.first.get_attribute("data-question")
            question = quiz.locator(f'fieldset.quiz-question[data-question="{qid}"]')
            before = self.ncalls()
            for label in answers[qid]:
                question.get_by_label(label, exact=True).check()
            question.get_by_role("button", name="Check answer").click()
            question.locator(".quiz-feedback .quiz-verdict").wait_for()
            if on_answer:
                on_answer(qid, self.wait_for_commit(before))
            done.append(qid)
            next_button = question.locator("button.quiz-next")
            if next_button.count():
                next_button.click()
        return done

    def exit(self) -> None:
        self.frame.locator("button.exit-course").click()
        self.page.wait_for_function(f"window.{self.api}.isTerminated()")

    def mirror(self, key: str) -> str | None:
        return self.launch_frame.evaluate("key => window.localStorage.getItem(key)", key)

    def decode(self, values: list[str]) -> list[Any]:
        """CourseState.decode of each value, in the launch page (state.js of the package)."""
        return self.launch_frame.evaluate("vs => vs.map(v => CourseState.decode(v))", values)

    def reencode(self, values: list[str]) -> list[str]:
        return self.launch_frame.evaluate("vs => vs.map(v => CourseState.encode(CourseState.decode(v)))", values)


def sets_of(calls: list[dict[str, Any]], version: str) -> list[tuple[str, str]]:
    return [(c["args"][0], c["args"][1]) for c in calls if c["fn"] == FN[version]["set"]]


def last_value(calls: list[dict[str, Any]], version: str, element: str) -> str | None:
    values = [v for e, v in sets_of(calls, version) if e == element]
    return values[-1] if values else None


@pytest.fixture()
def lms(tmp_path: Path, serve: Callable[[Path], str]) -> Callable[[Path], tuple[str, Path]]:
    """Set up a harness folder for a package; returns (base URL, unzipped course folder)."""
    count = [0]

    def make(package: Path) -> tuple[str, Path]:
        count[0] += 1
        folder = harness(tmp_path / f"lms{count[0]}", package)
        return serve(folder), folder / "course"

    return make


# -- 3. a whole session ---------------------------------------------------------------------

@pytest.mark.parametrize("mastery", ["manifest", 60])
@pytest.mark.parametrize("version", VERSIONS)
def test_full_session_reports_valid_data(version: str, mastery: Any, packages: Path, lms: Any, page: Any) -> None:
    """mastery: the pass mark the LMS gives the course: the manifest's (70, so 63% fails) or 60."""
    base, course_dir = lms(_zip(packages, version))
    outline = course_data(course_dir)
    modules = {m["id"]: m for m in outline["modules"]}
    learner = Learner(page, base, version)
    pass_mark = mastery_score(course_dir) if mastery == "manifest" else mastery
    learner.start({"student_data": {"mastery_score": f"{pass_mark:g}"}} if version == "1.2"
                  else {"scaled_passing_score": f"{pass_mark / 100:g}"})
    v12 = version == "1.2"

    # Go through the course as a learner: "Start", then "Next" page after page. Each first
    # lesson visit reports its location and is committed; each quiz answer is committed.
    visit_commits = []
    answer_commits: dict[str, list[dict[str, Any]]] = {}
    route = [(".start a", "01-framework/01-definition"), ("a.pager-next", "01-framework/02-national-law"),
             ("a.pager-next", "01-framework/quiz"), ("a.pager-next", "02-identification/01-indicators"),
             ("a.pager-next", "02-identification/quiz")]
    titles = {f"{m}/{l}": t for m, l, t in LESSONS}
    for selector, target in route:
        before = learner.ncalls()
        learner.go(selector, f"/{target}.html")
        module_id, name = target.split("/")
        module = modules[module_id]
        if name == "quiz":
            learner.answer_quiz(ANSWERS, on_answer=lambda qid, new: answer_commits.__setitem__(qid, new))
            learner.frame.locator(".quiz-result .quiz-result-score").wait_for()
            continue
        assert learner.frame.locator("h1").inner_text() == titles[target]
        new = learner.wait_for_commit(before)
        loc = module["key"] + next(l["key"] for l in module["lessons"] if l["id"] == name)
        visit_commits.append((loc, new))
        if target == "01-framework/01-definition":
            # A knowledge check is practice: answering it reports nothing.
            check = learner.frame.locator(".knowledge-check fieldset.quiz-question")
            check.locator("input.quiz-input").first.check()
            before_check = learner.ncalls()
            check.get_by_role("button", name="Check answer").click()
            check.locator(".quiz-verdict").wait_for()
            assert not [c for c in learner.calls()[before_check:] if "interactions" in str(c["args"])]
    assert len(visit_commits) == len(LESSONS)
    assert set(answer_commits) == set(ANSWERS)

    learner.exit()
    assert learner.launch_frame.locator("#course-frame").is_hidden()
    assert learner.launch_frame.locator("#exit-note").is_visible()
    calls = learner.calls()

    # -- the call sequence
    fn = FN[version]
    names = [c["fn"] for c in calls]
    assert names.count(fn["init"]) == 1 and names[0] == fn["init"]
    assert names.count(fn["finish"]) == 1 and names[-1] == fn["finish"]
    assert calls[-1]["ret"] == "true"
    assert [c for c in calls if c["afterTerminate"]] == []
    assert [(c["args"], c["err"]) for c in calls if c["fn"] == fn["set"] and c["ret"] != "true"] == []
    assert [c for c in calls if c["fn"] == fn["commit"] and c["ret"] != "true"] == []
    assert names[-4:-1] == [fn["set"], fn["set"], fn["commit"]]       # session time, exit, commit
    assert page.js_errors == []

    for loc, new in visit_commits:
        location_sets = [i for i, c in enumerate(new) if c["fn"] == fn["set"] and c["args"] == [LOCATION[version], loc]]
        commits = [i for i, c in enumerate(new) if c["fn"] == fn["commit"]]
        assert location_sets and commits and commits[-1] > location_sets[0], f"visit of {loc} was not committed"
    for qid, new in answer_commits.items():
        ids = [i for i, c in enumerate(new) if c["fn"] == fn["set"] and re.match(r"cmi\.interactions\.\d+\.id", c["args"][0])
               and c["args"][1].endswith("." + qid)]
        last_interaction = max(i for i, c in enumerate(new) if c["fn"] == fn["set"] and "interactions" in c["args"][0])
        commits = [i for i, c in enumerate(new) if c["fn"] == fn["commit"]]
        assert ids and commits and commits[-1] > last_interaction, f"answer to {qid} was not committed"

    # -- every reported value, format by format
    sets = sets_of(calls, version)
    assert check_values(version, sets) == []
    suspend = [v for e, v in sets if e == "cmi.suspend_data"]
    assert suspend and all(s is not None for s in learner.decode(suspend))
    assert learner.reencode(suspend) == suspend

    # -- the final state: status and score follow the quiz scores and the mastery score
    payloads = {m: page_payload(course_dir, f"en/{m}/quiz.html") for m in modules}
    quiz_scores = {}
    for module_id, payload in payloads.items():
        points = sum(q["points"] for q in payload["questions"])
        got = sum(q["points"] * SCORES[q["id"]] for q in payload["questions"])
        quiz_scores[module_id] = math.floor(got / points * 100 + 0.5)
    total = sum(modules[m]["quiz"]["max_points"] for m in modules)
    course_score = math.floor(sum(quiz_scores[m] * modules[m]["quiz"]["max_points"] for m in modules) / total + 0.5)
    assert (quiz_scores, course_score) == ({"01-framework": 50, "02-identification": 100}, 63)
    status = "passed" if course_score >= pass_mark else "failed"
    assert status == ("failed" if mastery == "manifest" else "passed")     # both outcomes are covered
    last = lambda element: last_value(calls, version, element)  # noqa: E731
    quiz2_loc = modules["02-identification"]["key"] + "."
    decoded = learner.decode([suspend[-1]])[0]
    assert decoded["loc"] == quiz2_loc
    assert {k: sorted(v) for k, v in decoded["seen"].items()} == {
        m["key"]: sorted(l["key"] for l in m["lessons"]) for m in outline["modules"]}
    assert {k: (q["n"], q["best"]) for k, q in decoded["quiz"].items()} == {
        modules[m]["key"]: (1, quiz_scores[m]) for m in modules}
    if v12:
        core = learner.cmi()["core"]
        assert last("cmi.core.lesson_status") == status == core["lesson_status"]
        assert (last("cmi.core.score.raw"), last("cmi.core.score.min"), last("cmi.core.score.max")) == (
            str(course_score), "0", "100")
        assert core["score"]["raw"] == str(course_score)
        assert last("cmi.core.lesson_location") == quiz2_loc == core["lesson_location"]
        assert last("cmi.core.exit") == "suspend"
        assert TIMESPAN_12.match(last("cmi.core.session_time") or "")
        assert learner.cmi()["suspend_data"] == suspend[-1]
    else:
        cmi = learner.cmi()
        assert last("cmi.completion_status") == cmi["completion_status"] == "completed"
        assert last("cmi.success_status") == cmi["success_status"] == status
        raw = float(last("cmi.score.raw") or "nan")
        assert raw == course_score and float(last("cmi.score.scaled") or "nan") == pytest.approx(raw / 100)
        assert (last("cmi.score.min"), last("cmi.score.max")) == ("0", "100")
        assert last("cmi.progress_measure") == "1"
        assert [v for e, v in sets if e == "cmi.progress_measure"] == sorted(
            [v for e, v in sets if e == "cmi.progress_measure"], key=float)
        assert last("cmi.location") == quiz2_loc == cmi["location"]
        assert last("cmi.exit") == "suspend"
        assert _is_iso8601_timeinterval(last("cmi.session_time") or "")
        assert cmi["suspend_data"] == suspend[-1]
        # cmi.objectives: every module objective, in outline order, with its score.
        expected_ids = [f"{m['id']}.{o}" for m in outline["modules"] for o in m["objectives"]]
        objective_ids = {int(e.split(".")[2]): v for e, v in sets if re.match(r"cmi\.objectives\.\d+\.id\Z", e)}
        assert [objective_ids[i] for i in sorted(objective_ids)] == expected_ids
        objectives = cmi["objectives"]
        scaled = {"01-framework.define": 0.25, "01-framework.consent": 1, "02-identification.indicators": 1}
        for index, objective_id in enumerate(expected_ids):
            stored = objectives[str(index)]
            assert stored["id"] == objective_id
            assert float(stored["score"]["scaled"]) == scaled[objective_id]
            assert stored["success_status"] == ("passed" if scaled[objective_id] >= 0.7 else "failed")
            assert stored["completion_status"] == "completed"

    # -- the interactions: one per answer, with the values of the question answered
    questions = {q["id"]: (m, q) for m, p in payloads.items() for q in p["questions"]}
    records: dict[str, dict[str, str]] = {}
    fields: dict[str, list[str]] = {}
    for element, value in sets:
        m = re.match(r"cmi\.interactions\.(\d+)\.(.+)\Z", element)
        if m:
            fields.setdefault(m[1], []).append(m[2])
            records.setdefault(m[1], {})[m[2]] = value
    # one record per answer, written once each, id first and type second (2004 needs that order)
    assert all(f[:2] == ["id", "type"] and len(set(f)) == len(f) for f in fields.values())
    records = {r["id"]: r for r in records.values()}
    assert sorted(records) == sorted(f"{m}.{q}" for q, (m, _) in questions.items())
    for interaction_id, record in records.items():
        module_id, q = questions[interaction_id.split(".", 1)[1]]
        score = SCORES[q["id"]]
        chosen = [o for o in q.get("options", []) if o["text_html"] in ANSWERS[q["id"]]]
        if v12:
            assert record["type"] == q["type12"]
            assert record["correct_responses.0.pattern"] == q["correct12"][0]
            expected_response = (",".join(o["code"] for o in chosen) if chosen
                                 else {"True": "t", "False": "f"}[ANSWERS[q["id"]][0]])
            assert record["student_response"] == expected_response
            assert record["result"] == {1.0: "correct", 0.0: "wrong"}.get(score, str(score))
            assert TIME_12.match(record["time"])
        else:
            assert record["type"] == q["type"]
            assert record["correct_responses.0.pattern"] == q["correct"][0]
            expected_response = ("[,]".join(o["id"] for o in chosen) if chosen
                                 else ANSWERS[q["id"]][0].lower())
            assert record["learner_response"] == expected_response
            assert record["result"] == {1.0: "correct", 0.0: "incorrect"}.get(score, str(score))
            assert record["description"] == q["description"]
            assert TIMESTAMP_2004.match(record["timestamp"])
        assert record["objectives.0.id"] == f"{module_id}.{q['objective']}"
        assert float(record["weighting"]) == q["points"]

    # Unloading the launch page afterwards must not reach the LMS again (pagehide/unload).
    learner.page.evaluate("() => { document.getElementById('sco').src = 'about:blank'; }")
    learner.page.wait_for_function("() => document.getElementById('sco').contentWindow.location.href === 'about:blank'")
    all_calls = learner.calls()
    assert all_calls == calls, "the course called the LMS after it had terminated"


# -- 4. resume ---------------------------------------------------------------------------------

def resume_data(version: str, calls: list[dict[str, Any]], cmi: dict[str, Any]) -> dict[str, Any]:
    """What an LMS gives the next launch after an exit with cmi.exit = suspend (2004 also keeps
    the objectives of the attempt)."""
    suspend = last_value(calls, version, "cmi.suspend_data")
    location = last_value(calls, version, LOCATION[version])
    assert suspend and location and last_value(calls, version, "cmi.core.exit" if version == "1.2" else "cmi.exit") == "suspend"
    if version == "1.2":
        return {"core": {"student_id": "u1", "student_name": "Doe, Jane", "entry": "resume",
                         "lesson_location": location}, "suspend_data": suspend}
    return {"learner_id": "u1", "learner_name": "Jane Doe", "entry": "resume", "location": location,
            "suspend_data": suspend, "objectives": cmi.get("objectives", {})}


@pytest.mark.parametrize("version", VERSIONS)
def test_relaunch_resumes_where_the_learner_left(version: str, packages: Path, lms: Any, page: Any,
                                                 browser: Any) -> None:
    base, _ = lms(_zip(packages, version))
    first = Learner(page, base, version)
    first.start()
    first.go('a[data-lesson="01-framework/01-definition"]', "/01-framework/01-definition.html")
    first.go('a[data-quiz="01-framework"]', "/01-framework/quiz.html")
    first.answer_quiz(ANSWERS)
    first.frame.locator(".quiz-result .quiz-result-score").wait_for()
    first.go('a[data-lesson="01-framework/02-national-law"]', "/01-framework/02-national-law.html")
    first.exit()
    saved = resume_data(version, first.calls(), first.cmi())

    # Another computer: a fresh browser profile, so only the LMS data can bring the progress back.
    context = browser.new_context(locale="en-US")
    try:
        second = Learner(context.new_page(), base, version)
        second.start(saved)
        calls = second.calls()
        entry = "cmi.core.entry" if version == "1.2" else "cmi.entry"
        assert [c["ret"] for c in calls if c["fn"] == FN[version]["get"] and c["args"] == [entry]] == ["resume"]
        home = second.frame
        assert home.locator(".resume a").inner_text() == "Continue: National law"
        assert home.locator(".resume").is_visible() and home.locator(".start").is_hidden()
        assert home.locator('a[data-lesson="01-framework/01-definition"].done').count() == 1
        assert home.locator('a[data-lesson="01-framework/02-national-law"].done').count() == 1
        assert home.locator('a[data-lesson="02-identification/01-indicators"].done').count() == 0
        assert home.locator('[data-quiz-status="01-framework"]').inner_text() == "not passed yet (50%)"
        assert home.locator('[data-quiz-status="02-identification"]').inner_text() == "not started"
        assert "2 of 3 lessons" in home.locator("[data-progress]").inner_text()
        # "Continue" leads to the saved lesson.
        second.go(".resume a", "/01-framework/02-national-law.html")
        assert second.frame.locator("h1").inner_text() == "National law"
        # The quiz shows as finished: its result, and no question waiting for an answer.
        second.go('a[data-quiz="01-framework"]', "/01-framework/quiz.html")
        quiz = second.frame.locator("#quiz")
        quiz.locator(".quiz-result .quiz-result-score").wait_for()
        assert "50%" in quiz.locator(".quiz-result-score").inner_text()
        assert quiz.locator("fieldset.quiz-question:not(.is-answered)").count() == 0
        assert "1 of 2" in quiz.locator(".quiz-result-attempts").inner_text()
        # The second quiz in this session: the course result combines both sessions' quizzes.
        second.go("a.pager-next", "/02-identification/01-indicators.html")
        second.go("a.pager-next", "/02-identification/quiz.html")
        second.answer_quiz(ANSWERS)
        second.frame.locator(".quiz-result .quiz-result-score").wait_for()
        second.exit()
        calls = second.calls()
        assert [c for c in calls if c["ret"] == "false" and c["fn"] != FN[version]["get"]] == []
        assert check_values(version, sets_of(calls, version)) == []
        if version == "1.2":
            assert (last_value(calls, version, "cmi.core.score.raw"),
                    last_value(calls, version, "cmi.core.lesson_status")) == ("63", "failed")
        else:
            assert (last_value(calls, version, "cmi.score.raw"), last_value(calls, version, "cmi.success_status"),
                    last_value(calls, version, "cmi.completion_status")) == ("63", "failed", "completed")
            # Objectives scored in the first session keep their scores and status.
            objectives = second.cmi()["objectives"]
            assert [(o["id"], o["score"]["scaled"], o["success_status"], o["completion_status"])
                    for o in (objectives[str(i)] for i in range(3))] == [
                ("01-framework.define", "0.25", "failed", "completed"),
                ("01-framework.consent", "1", "passed", "completed"),
                ("02-identification.indicators", "1", "passed", "completed")]
    finally:
        context.close()


# -- 5. a rebuilt course keeps the progress it can -------------------------------------------------

def _change_answer(quiz_yaml: str, question_id: str) -> str:
    """Change the answer structure of one fixture question (its fingerprint), not its text."""
    if question_id == "consent-after-deception":
        changed = quiz_yaml.replace("        correct: true\n        feedback: Right.", "        feedback: Right.")
        changed = changed.replace("        text: Yes. Her consent is a complete defence.\n",
                                  "        text: Yes. Her consent is a complete defence.\n        correct: true\n")
    elif question_id == "acts":
        changed = quiz_yaml.replace("{id: deception, text: Deception,", "{id: deception, text: Deception, correct: true,")
    else:
        changed = quiz_yaml.replace("    answer: false\n", "    answer: true\n")
    assert changed != quiz_yaml
    return changed


@pytest.mark.parametrize("version", VERSIONS)
def test_rebuilt_course_keeps_answers_whose_question_did_not_change(version: str, tmp_path: Path, lms: Any,
                                                                    page: Any, browser: Any) -> None:
    source = tmp_path / "course-src"
    shutil.copytree(FIXTURE, source)
    build(source, tmp_path / "v1" / "site", tmp_path / "v1" / "dist", use_cache=False)
    base, _ = lms(_zip(tmp_path / "v1" / "dist", version))
    first = Learner(page, base, version)
    first.start()
    first.go('a[data-lesson="01-framework/01-definition"]', "/01-framework/01-definition.html")
    first.go('a[data-quiz="01-framework"]', "/01-framework/quiz.html")
    answered = first.answer_quiz(ANSWERS, stop_after=2)
    assert len(answered) == 2
    first.exit()
    saved = resume_data(version, first.calls(), first.cmi())

    kept, changed = answered
    quiz_file = source / "quizzes" / "01-framework.yaml"
    quiz_file.write_text(_change_answer(quiz_file.read_text(encoding="utf-8"), changed), encoding="utf-8")
    build(source, tmp_path / "v2" / "site", tmp_path / "v2" / "dist", use_cache=False)
    old_fp = {q["id"]: q["fp"] for q in page_payload(tmp_path / "v1" / "site", "en/01-framework/quiz.html")["questions"]}
    new_fp = {q["id"]: q["fp"] for q in page_payload(tmp_path / "v2" / "site", "en/01-framework/quiz.html")["questions"]}
    assert [q for q in old_fp if old_fp[q] != new_fp[q]] == [changed]
    base2, _ = lms(_zip(tmp_path / "v2" / "dist", version))

    context = browser.new_context(locale="en-US")
    try:
        second = Learner(context.new_page(), base2, version)
        second.start(saved)
        home = second.frame
        assert home.locator('a[data-lesson="01-framework/01-definition"].done').count() == 1
        assert home.locator('[data-quiz-status="01-framework"]').inner_text() == "in progress"
        second.go('a[data-quiz="01-framework"]', "/01-framework/quiz.html")
        quiz = second.frame.locator("#quiz")
        quiz.locator("fieldset.quiz-question").first.wait_for()
        shown = quiz.locator("fieldset.quiz-question")
        # The kept answer is shown answered (same attempt, same order); the changed question is
        # asked again.
        assert shown.count() == 2
        assert shown.nth(0).get_attribute("data-question") == kept
        assert "is-answered" in (shown.nth(0).get_attribute("class") or "")
        for label in ANSWERS[kept]:
            assert shown.nth(0).get_by_label(label, exact=True).is_checked()
        assert shown.nth(1).get_attribute("data-question") == changed
        assert "is-answered" not in (shown.nth(1).get_attribute("class") or "")
        assert shown.nth(1).locator("input:checked").count() == 0
        assert "Attempt 1 of 2" in quiz.locator(".quiz-attempt").inner_text()
        state = second.frame.evaluate("CourseApp.state()")
        module_key = course_data(tmp_path / "v2" / "site")["modules"][0]["key"]
        keys = {q["id"]: q["key"] for q in page_payload(tmp_path / "v2" / "site", "en/01-framework/quiz.html")["questions"]}
        assert keys[kept] in state["quiz"][module_key]["cur"]["ans"]
        second.exit()
    finally:
        context.close()


# -- 6. an LMS that fails, and no LMS at all ---------------------------------------------------

FAILING_LMS = """
([api, v12]) => {
  const real = window[api];
  const names = v12 ? ["LMSCommit", "LMSSetValue", "LMSGetLastError"] : ["Commit", "SetValue", "GetLastError"];
  const [commit, set, lastError] = names.map(n => real[n]);
  let forced = null;
  window.lmsFailing = true;
  window.failedCalls = [];
  real[names[0]] = function (arg) {
    if (window.lmsFailing) { forced = v12 ? "101" : "391"; failedCalls.push("commit"); return "false"; }
    forced = null; return commit.call(real, arg);
  };
  real[names[1]] = function (element, value) {
    if (window.lmsFailing && /suspend_data|location|interactions\\.\\d+\\.result/.test(element)) {
      forced = "101"; failedCalls.push(element); return "false";
    }
    forced = null; return set.call(real, element, value);
  };
  real[names[2]] = function () { return forced !== null ? forced : lastError.call(real); };
}
"""


@pytest.mark.parametrize("version", VERSIONS)
def test_failing_lms_keeps_the_course_usable(version: str, packages: Path, lms: Any, page: Any) -> None:
    base, course_dir = lms(_zip(packages, version))
    learner = Learner(page, base, version)
    learner.open_lms("about:blank")
    learner.page.evaluate(FAILING_LMS, [API[version], version == "1.2"])
    learner.launch()
    learner.wait_for("/course/en/index.html")
    warning = "could not be saved"
    status = learner.frame.locator(".lms-status")
    assert warning in status.inner_text()

    learner.go('a[data-lesson="01-framework/01-definition"]', "/01-framework/01-definition.html")
    assert learner.frame.locator("h1").inner_text() == "The definition"
    assert warning in learner.frame.locator(".lms-status").inner_text()
    learner.go('a[data-quiz="01-framework"]', "/01-framework/quiz.html")
    assert learner.answer_quiz(ANSWERS, stop_after=1)
    status = learner.frame.locator(".lms-status")
    assert warning in status.inner_text()
    assert learner.page.evaluate("window.failedCalls.length") > 0
    failures = learner.launch_frame.evaluate("CourseHost.failures()")
    assert {f["code"] for f in failures} <= {"101", "391"} and failures

    # Everything is in the browser mirror, keyed by course and learner.
    outline = course_data(course_dir)
    mirrored = learner.mirror(outline["storage"] + ":u1")
    assert mirrored
    state = learner.decode([mirrored])[0]
    module = outline["modules"][0]
    assert state["seen"][module["key"]] == [module["lessons"][0]["key"]]
    assert state["loc"] == module["key"] + "."
    assert len(state["quiz"][module["key"]]["cur"]["ans"]) == 1

    # The LMS recovers: the next save goes through and the warning goes away.
    learner.page.evaluate("() => { window.lmsFailing = false; }")
    assert learner.answer_quiz(ANSWERS, stop_after=1)
    assert warning not in status.inner_text()
    assert "has been saved" in status.inner_text()
    learner.go('a[data-lesson="01-framework/02-national-law"]', "/01-framework/02-national-law.html")
    assert learner.frame.locator(".lms-status").inner_text() == ""
    saved = last_value(learner.calls(), version, "cmi.suspend_data")
    assert saved and len(learner.decode([saved])[0]["quiz"][module["key"]]["cur"]["ans"]) == 2
    learner.exit()
    assert page.js_errors == []


@pytest.mark.parametrize("version", VERSIONS)
def test_without_an_lms_the_launch_page_runs_the_web_course(version: str, packages: Path, lms: Any,
                                                            page: Any) -> None:
    base, course_dir = lms(_zip(packages, version))
    outline = course_data(course_dir)
    module = outline["modules"][0]

    def shown(path: str) -> Any:
        page.wait_for_function(
            """path => { try { const w = document.getElementById('course-frame').contentWindow;
                 return w.location.pathname.endsWith(path) && w.document.readyState === 'complete' && !!w.CourseApp;
               } catch (e) { return false; } }""", arg=path)
        return page.main_frame.child_frames[0]

    page.goto(f"{base}/course/launch.html")          # no lms.html around it: no API anywhere
    frame = shown("/course/en/index.html")
    assert frame.locator("h1").inner_text() == "Basic Fixture Course"
    frame.locator('a[data-lesson="01-framework/01-definition"]').first.click()
    frame = shown("/01-framework/01-definition.html")
    assert frame.locator("h1").inner_text() == "The definition"
    assert frame.locator(".lms-status").inner_text() == ""
    # Progress is kept in the browser, under the key of the web course.
    saved = page.evaluate("key => window.localStorage.getItem(key)", outline["storage"])
    state = page.evaluate("v => CourseState.decode(v)", saved)
    assert state["seen"] == {module["key"]: [module["lessons"][0]["key"]]}
    assert state["loc"] == module["key"] + module["lessons"][0]["key"]
    # ... and comes back on the next launch.
    page.goto(f"{base}/course/launch.html")
    frame = shown("/course/en/index.html")
    assert frame.locator(".resume a").inner_text() == "Continue: The definition"
    assert frame.locator('a[data-lesson="01-framework/01-definition"].done').count() == 1
    assert page.js_errors == []
