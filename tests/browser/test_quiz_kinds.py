"""Every question kind as a learner meets it: answered with the keyboard only, right and wrong.

The fixture tests/fixtures/quiz-kinds has a lesson (01-kinds/02-every-kind) with one knowledge
check of every kind, and a quiz (01-kinds) with the same questions. For each kind the test
answers by keyboard (Tab / Shift+Tab, arrows, Space, Enter, typing), then checks what the
learner sees and hears: the verdict (a symbol and a word, not colour only), feedback per option
or item, the explanation, the cited authorities as links, focus on the feedback, the text of
the live region, and the course:answer record with its SCORM formats (docs/internals.md).
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from conftest import build_course, run_axe
from quizkit import (FIXTURE, active, answer_keyboard, answer_mouse, answer_quiz_mouse, current_id, dump,
                     listen, qsel, questions, records, right_answer, shown_ids, tab_until, wrong_answer)

SYMBOLS = {"correct": "\u2713", "partial": "\u25d0", "incorrect": "\u2717"}
WORDS = {"correct": "Correct", "partial": "Partly correct", "incorrect": "Incorrect"}
PALERMO_3B = ("Palermo Protocol, art. 3(b)", "../authorities.html#palermo-3b")
PALERMO_3D = ("Palermo Protocol, art. 3(d)", "../authorities.html#palermo-3d")
BEST_PATH = ["examine-means", "ledgers", "protect", "convict"]
JOINING_PATH = ["adjourn", "appoint", "ledgers", "public", "reclassify"]   # 5 steps, joins at "evidence"

# 1.2 patterns (SCORM 1.2 RTE, CMIFeedback per interaction type); fill-in and performance are
# free text of at most 255 characters.
C = "[0-9a-z]"
RE12 = {
    "choice": rf"{C}(,{C})*",
    "true-false": r"[01tf]",
    "matching": rf"{C}\.{C}(,{C}\.{C})*",
    "sequencing": rf"{C}(,{C})*",
    "numeric": r"-?\d+(\.\d+)?",
}
# 2004 learner_response patterns for the ids of this fixture
ID = r"[a-z0-9][a-z0-9-]*"
RE2004 = {
    "choice": rf"{ID}(\[,\]{ID})*",
    "true-false": r"true|false",
    "matching": rf"{ID}\[\.\]{ID}(\[,\]{ID}\[\.\]{ID})*",
    "sequencing": rf"{ID}(\[,\]{ID})*",
    "numeric": r"-?\d+(\.\d+)?",
    "other": rf"{ID}={ID}(;{ID}={ID})*",
}

# One case per kind (two for numeric: tolerance and range). `right` and `wrong` are typed or
# chosen by keyboard; `formats` are the expected (2004, 1.2) responses; `marks` the per-option
# or per-item feedback that must appear.
CASES: dict[str, dict[str, Any]] = {
    "single": dict(
        qid="consent-after-deception", cites=[PALERMO_3B],
        explanation="Consent obtained by deception is not free consent.",
        right="irrelevant", right_formats=("irrelevant", "0"),
        right_marks=["Correct choice", "Right. Article 3(b) makes consent irrelevant where any means was used."],
        wrong="defence", wrong_result="incorrect", wrong_formats=("defence", "1"),
        wrong_marks=["Incorrect choice", "No. Once a means such as deception is used, consent is no defence."]),
    "multiple": dict(
        qid="act-element", cites=[("Palermo Protocol, art. 3(a)", "../authorities.html#palermo-3a")],
        explanation="The acts are recruitment, transportation, transfer, harbouring and receipt.",
        right=["recruitment", "harbouring"], right_formats=("recruitment[,]harbouring", "0,1"),
        right_marks=["Yes, recruitment is an act.", "Yes, harbouring is an act."],
        wrong=["harbouring"], wrong_result="partial", wrong_score=0.5, wrong_formats=("harbouring", "1"),
        wrong_marks=["Correct choice", "Yes, harbouring is an act."]),
    "true_false": dict(
        qid="border-required", cites=[],
        explanation="False. Trafficking can happen entirely within one country.",
        right=False, right_formats=("false", "f"), right_marks=["Correct choice"],
        wrong=True, wrong_result="incorrect", wrong_formats=("true", "t"), wrong_marks=["Incorrect choice"]),
    "matching": dict(
        qid="instruments", cites=[],
        explanation="Both protocols supplement the UN Convention against Transnational Organized Crime.",
        right={"palermo": "palermo", "smuggling": "smuggling"},
        right_formats=("palermo[.]palermo[,]smuggling[.]smuggling", "0.0,1.1"), right_items=(2, 0),
        wrong={"palermo": "extra-1", "smuggling": "palermo"}, wrong_result="incorrect",
        wrong_formats=("palermo[.]extra-1[,]smuggling[.]palermo", "0.2,1.0"), wrong_items=(0, 2)),
    "ordering": dict(
        qid="referral-order", cites=[],
        explanation="A victim is identified first, then referred, and only then testifies.",
        right=["identify", "refer", "testify"], right_formats=("identify[,]refer[,]testify", "0,1,2"),
        right_items=(3, 0),
        wrong=["identify", "testify", "refer"], wrong_result="partial", wrong_score=0.3333,
        wrong_formats=("identify[,]testify[,]refer", "0,2,1"), wrong_items=(1, 2)),
    "categorize": dict(
        qid="thb-or-smuggling", cites=[], explanation=None,
        right={"passport": "thb", "fee": "smuggling", "debt": "thb"},
        right_formats=("passport[.]thb[,]fee[.]smuggling[,]debt[.]thb", "0.0,1.1,2.0"), right_items=(3, 0),
        wrong={"passport": "smuggling", "fee": "thb", "debt": "smuggling"}, wrong_result="incorrect",
        wrong_formats=("passport[.]smuggling[,]fee[.]thb[,]debt[.]smuggling", "0.1,1.0,2.1"), wrong_items=(0, 3)),
    "fill_in": dict(
        # case, surrounding spaces and the state's delimiter characters do not matter
        qid="child-definition", cites=[PALERMO_3D], explanation=None,
        right=["  TRANSNATIONAL ", "eigh(teen)"], right_formats=("TRANSNATIONAL[,]eighteen", "TRANSNATIONAL,eighteen"),
        right_items=(2, 0),
        wrong=["Transnational", "21"], wrong_result="partial", wrong_score=0.5,
        wrong_formats=("Transnational[,]21", "Transnational,21"), wrong_items=(1, 1)),
    "numeric": dict(
        # answer 3, tolerance 1; a decimal comma is accepted and sent with a point
        qid="years-to-force", cites=[], explanation=None,
        right="3,5", right_formats=("3.5", "3.5"), right_items=(1, 0),
        wrong="5", wrong_result="incorrect", wrong_formats=("5", "5"), wrong_items=(0, 1)),
    "numeric-range": dict(
        qid="child-age", cites=[PALERMO_3D], explanation=None,
        right="17", right_formats=("17", "17"), right_items=(1, 0),
        wrong="18", wrong_result="incorrect", wrong_formats=("18", "18"), wrong_items=(0, 1)),
    "scenario": dict(
        qid="construction-site",
        cites=[PALERMO_3B, ("Criminal Code, art. 128", "../authorities.html#kz-cc-128")],
        explanation="The whole mosaic of evidence decides the case, not the victims' initial agreement.",
        right=BEST_PATH,
        right_formats=("intake=examine-means;evidence=ledgers;protection=protect;deliberation=convict",) * 2,
        right_marks=["The conviction is upheld on appeal.", "You collected 8 of 8 points."],
        wrong=JOINING_PATH, wrong_result="partial", wrong_score=0.375,
        wrong_formats=("intake=adjourn;interpreter=appoint;evidence=ledgers;protection=public;"
                       "deliberation=reclassify",) * 2,
        wrong_marks=["The prosecution appeals the reclassification.", "You collected 3 of 8 points."]),
}


@pytest.fixture(scope="session")
def kinds_site(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return build_course(FIXTURE, tmp_path_factory.mktemp("quiz-kinds"))


@pytest.fixture(scope="session")
def base(kinds_site, serve) -> str:  # type: ignore[no-untyped-def]
    return serve(kinds_site)


def open_page(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    page.wait_for_selector("fieldset.quiz-question")
    listen(page)


# ---------------------------------------------------------------- what the learner sees

def assert_verdict(page, qid: str, result: str) -> None:  # type: ignore[no-untyped-def]
    """The verdict is a symbol and a word in a live region, and the focus is on it."""
    box = page.locator(qsel(qid))
    feedback = box.locator(".quiz-feedback")
    assert feedback.get_attribute("role") == "status"
    assert feedback.get_attribute("aria-live") == "polite"
    verdict = feedback.locator(".quiz-verdict")
    assert verdict.locator(".quiz-symbol").inner_text() == SYMBOLS[result]
    assert verdict.locator(".quiz-symbol").get_attribute("aria-hidden") == "true"
    assert verdict.locator(".quiz-mark-text").inner_text() == WORDS[result]
    # what a screen reader announces: the live region's text starts with the verdict word
    spoken = " ".join(feedback.inner_text().replace(SYMBOLS[result], "").split())
    assert spoken.startswith(WORDS[result]), spoken
    assert f"is-{result}" in box.get_attribute("class").split()
    focus = page.evaluate("() => ({cls: document.activeElement.className, "
                          "q: document.activeElement.closest('fieldset.quiz-question')?.dataset.question})")
    assert focus == {"cls": "quiz-feedback", "q": qid}, focus
    # the controls are locked once answered
    assert box.locator(".quiz-body :is(input, select, button):not([disabled])").count() == 0


def assert_feedback(page, case: dict, which: str) -> None:  # type: ignore[no-untyped-def]
    qid = case["qid"]
    result = "correct" if which == "right" else case["wrong_result"]
    assert_verdict(page, qid, result)
    box = page.locator(qsel(qid))
    feedback = box.locator(".quiz-feedback")
    if result == "partial":
        percent = round(case["wrong_score"] * 100)
        assert feedback.locator(".quiz-partial").inner_text() == \
            f"You earned {percent}% of the points for this question."
    if case["explanation"]:
        assert feedback.locator(".quiz-explanation-title").inner_text() == "Explanation"
        assert feedback.locator(".quiz-explanation-text").inner_text().strip() == case["explanation"]
    else:
        assert feedback.locator(".quiz-explanation").count() == 0
    links = feedback.locator(".quiz-cites a")
    assert [(links.nth(i).inner_text(), links.nth(i).get_attribute("href")) for i in range(links.count())] \
        == case["cites"]
    if case["cites"]:
        assert feedback.locator(".quiz-cites-title").inner_text() == "Sources"
    if case["qid"] == "construction-site":
        assert "(check the current official text" in feedback.locator(".quiz-cites").inner_text()
    marks = case.get(which + "_marks")
    if marks is not None:
        shown = box.inner_text()
        for text in marks:
            assert text in shown, (text, shown)
    items = case.get(which + "_items")
    if items is not None:
        right, wrong = items
        assert box.locator(".quiz-item-mark .quiz-mark.is-correct").count() == right
        assert box.locator(".quiz-item-mark .quiz-mark.is-incorrect").count() == wrong
        for mark in box.locator(".quiz-item-mark .quiz-mark").all():
            assert mark.inner_text().split()[-1] in ("Correct", "Incorrect")


def assert_option_marks(page, case: dict, which: str) -> None:  # type: ignore[no-untyped-def]
    """single, multiple, true_false: each chosen option says whether it was right, with its feedback."""
    box = page.locator(qsel(case["qid"]))
    chosen = case[which] if isinstance(case[which], list) else [str(case[which]).lower()]
    rows = box.locator(".quiz-option")
    for i in range(rows.count()):
        row = rows.nth(i)
        value = row.locator("input").get_attribute("value")
        fb = row.locator(".quiz-option-feedback").inner_text()
        if value in chosen:
            assert re.search(r"^[\u2713\u2717]\s+(Correct|Incorrect) choice", fb), fb
        else:
            assert fb == "", (value, fb)


def assert_record(rec: dict, q: dict, case: dict, which: str, graded: bool) -> None:
    result = "correct" if which == "right" else case["wrong_result"]
    score = 1 if which == "right" else case.get("wrong_score", 0)
    response, response12 = case[which + "_formats"]
    assert rec["question"] == q["id"] and rec["key"] == q["key"] and rec["kind"] == q["kind"]
    assert rec["objective"] == q["objective"]
    assert rec["graded"] is graded
    assert rec["quiz"] == ("01-kinds" if graded else None)
    assert rec["module"] == "01-kinds"
    assert (rec["type"], rec["type12"]) == (q["type"], q["type12"])
    assert (rec["correct"], rec["correct12"]) == (q["correct"], q["correct12"])
    assert (rec["response"], rec["response12"]) == (response, response12), dump(rec)
    assert rec["result"] == result
    assert rec["score"] == pytest.approx(score, abs=1e-4)
    assert rec["weighting"] == q["points"]
    assert isinstance(rec["latency"], int) and 0 <= rec["latency"] < 120
    assert abs(rec["timestamp"] - time.time() * 1000) < 120_000
    assert rec["description"] == q["description"] and 0 < len(rec["description"]) <= 250
    # SCORM syntax of the responses
    if q["type12"] in RE12:
        assert re.fullmatch(RE12[q["type12"]], rec["response12"]), rec["response12"]
    else:
        assert len(rec["response12"]) <= 255
    if q["type"] in RE2004:
        assert re.fullmatch(RE2004[q["type"]], rec["response"]), rec["response"]
    if q["kind"] == "fill_in":
        assert not any(re.search(r"[\[\]{}]", part) for part in rec["response"].split("[,]"))
    if q["kind"] == "scenario":
        path = case[which]
        assert [s["response"] for s in rec["steps"]] == path
        assert all(s["id"] == f"construction-site.{s['step']}" for s in rec["steps"])
        for s in rec["steps"]:
            step = q["steps"][s["step"]]
            code = next(c["code"] for c in step["choices"] if c["id"] == s["response"])
            assert s["response12"] == code
            assert s["correct"] == step["best"]
            assert s["result"] == ("correct" if s["response"] in step["best"] else "incorrect")
    else:
        assert rec["steps"] is None


# ---------------------------------------------------------------- each kind, by keyboard

@pytest.mark.parametrize("name", list(CASES))
def test_kind_by_keyboard_right_then_wrong(page, base, name):  # type: ignore[no-untyped-def]
    case = CASES[name]
    open_page(page, base + "/en/01-kinds/02-every-kind.html")
    q = questions(page)[case["qid"]]
    sel = qsel(case["qid"])

    answer_keyboard(page, q, case["right"])
    assert_feedback(page, case, "right")
    if q["kind"] in ("single", "multiple", "true_false"):
        assert_option_marks(page, case, "right")

    # "Try again" by keyboard: the question comes back unanswered, with the focus on it
    tab_until(page, f"el.matches('{sel} button.quiz-try-again')")
    page.keyboard.press("Enter")
    now = active(page)
    assert (now["tag"], now["question"]) == ("fieldset", case["qid"]), now
    assert page.locator(sel).get_attribute("class").split().count("is-answered") == 0
    assert page.locator(sel + " .quiz-feedback").inner_text() == ""

    answer_keyboard(page, q, case["wrong"])
    assert_feedback(page, case, "wrong")
    if q["kind"] in ("single", "multiple", "true_false"):
        assert_option_marks(page, case, "wrong")

    recs = records(page)
    assert [r["question"] for r in recs] == [case["qid"]] * 2, dump(recs)
    assert_record(recs[0], q, case, "right", graded=False)
    assert_record(recs[1], q, case, "wrong", graded=False)
    assert page.js_errors == []


def test_incomplete_answers_get_a_hint_not_a_verdict(page, base):  # type: ignore[no-untyped-def]
    open_page(page, base + "/en/01-kinds/02-every-kind.html")
    qs = questions(page)
    hints = {"consent-after-deception": "Choose an answer first.",
             "instruments": "Answer every item first.",
             "child-definition": "Fill in every blank first.",
             "years-to-force": "Enter a number, for example 30 or 2.5."}
    for qid, hint in hints.items():
        sel = qsel(qid)
        if qs[qid]["kind"] == "numeric":
            tab_until(page, f"el.matches('{sel} input.quiz-number-input')")
            page.keyboard.type("about 3")            # letters are not a number
            page.keyboard.press("Enter")
        else:
            tab_until(page, f"el.matches('{sel} button.quiz-check')")
            page.keyboard.press("Enter")
        assert page.locator(sel + " .quiz-feedback").inner_text() == hint
        assert page.locator(sel + " .quiz-verdict").count() == 0
    # a scenario step needs a choice before "Decide"
    sel = qsel("construction-site")
    tab_until(page, f"el.matches('{sel} button.quiz-decide')")
    page.keyboard.press("Enter")
    assert page.locator(sel + " .quiz-step .quiz-hint").inner_text() == "Choose an answer first."
    assert records(page) == []
    assert page.js_errors == []


def test_ordering_announces_moves_in_a_live_region(page, base):  # type: ignore[no-untyped-def]
    open_page(page, base + "/en/01-kinds/02-every-kind.html")
    sel = qsel("referral-order")
    live = page.locator(sel + " .quiz-sr-only")
    assert live.get_attribute("role") == "status"
    first = page.locator(sel + " li.quiz-order-item").first.get_attribute("data-id")
    texts = {"identify": "Identification", "refer": "Referral to assistance", "testify": "Testimony in court"}
    tab_until(page, f"el.matches('{sel} button.quiz-move-up')")      # the first item's "Move up"
    page.keyboard.press("Enter")
    page.wait_for_function("s => document.querySelector(s).textContent !== ''", arg=sel + " .quiz-sr-only")
    assert live.inner_text() == f"{texts[first]} is already first."
    page.keyboard.press("Tab")                                       # its "Move down"
    page.keyboard.press("Enter")
    page.wait_for_function("([s, t]) => document.querySelector(s).textContent === t",
                           arg=[sel + " .quiz-sr-only", f"{texts[first]}: now in position 2 of 3."])
    assert page.locator(sel + " li.quiz-order-item").nth(1).get_attribute("data-id") == first
    assert "quiz-move-down" in active(page)["cls"]                   # focus stays on the button
    assert page.js_errors == []


# ---------------------------------------------------------------- a whole quiz

def test_whole_quiz_by_keyboard(page, base):  # type: ignore[no-untyped-def]
    """Graded records of every kind, focus from feedback to "Next question" to the next question."""
    open_page(page, base + "/en/01-kinds/quiz.html")
    qs = questions(page)
    assert len(qs) == 10 and "practice-child-means" not in qs
    by_id = {case["qid"]: case for case in CASES.values()}
    order = []
    while current_id(page) is not None:
        qid = current_id(page)
        order.append(qid)
        n = len(order)
        assert page.locator(qsel(qid) + " .quiz-number").inner_text() == f"Question {n} of 10"
        answer_keyboard(page, qs[qid], by_id[qid]["right"])
        assert_verdict(page, qid, "correct")
        if n < 10:
            tab_until(page, f"el.matches('{qsel(qid)} button.quiz-next')")
            page.keyboard.press("Enter")
            now = active(page)
            assert now["tag"] == "fieldset" and now["question"] == current_id(page) != qid, now
    assert sorted(order) == sorted(qs)
    tab_until(page, "el.matches('button.quiz-see-result')")
    page.keyboard.press("Enter")
    assert active(page)["cls"] == "quiz-result"
    result = page.locator(".quiz-result")
    assert result.locator(".quiz-result-score").inner_text() == "Your score: 100%"
    assert result.locator(".quiz-result-verdict").inner_text().split() == ["\u2713", "Passed", "(pass", "mark",
                                                                           "70%)"]
    recs = records(page)
    assert [r["question"] for r in recs] == order
    for rec in recs:
        assert_record(rec, qs[rec["question"]], by_id[rec["question"]], "right", graded=True)
    assert run_axe(page) == []        # every kind answered, on one page, with the result
    assert page.js_errors == []


def test_whole_quiz_by_mouse(page, base):  # type: ignore[no-untyped-def]
    open_page(page, base + "/en/01-kinds/quiz.html")
    qs = questions(page)
    picks = {qid: (wrong_answer(q) if i % 2 else right_answer(q)) for i, (qid, q) in enumerate(sorted(qs.items()))}
    done = answer_quiz_mouse(page, lambda q: picks[q["id"]])
    assert len(done) == 10 and shown_ids(page) == done
    recs = {r["question"]: r for r in records(page)}
    for qid, pick in picks.items():
        expected = "correct" if pick == right_answer(qs[qid]) else "incorrect"
        assert recs[qid]["result"] == expected, (qid, recs[qid])
        assert_verdict_shown(page, qid, expected)
    score = page.locator(".quiz-result-score").inner_text()
    assert re.fullmatch(r"Your score: \d+%", score)
    assert "Not passed" in page.locator(".quiz-result-verdict").inner_text()
    # mouse: the "Start a new attempt" button works too
    page.locator("button.quiz-new-attempt").click()
    assert page.locator(".quiz-attempt").inner_text() == "Attempt 2 of 2"
    assert page.locator("#quiz fieldset.quiz-question").count() == 1
    assert page.js_errors == []


def assert_verdict_shown(page, qid: str, result: str) -> None:  # type: ignore[no-untyped-def]
    verdict = page.locator(qsel(qid) + " .quiz-verdict")
    assert verdict.inner_text().split()[0] == SYMBOLS[result]
    assert WORDS[result] in verdict.inner_text()


# ---------------------------------------------------------------- accessibility

def test_every_kind_page_structure_and_axe_before_and_after_answering(page, base):  # type: ignore[no-untyped-def]
    open_page(page, base + "/en/01-kinds/02-every-kind.html")
    qs = questions(page)
    assert sorted({q["kind"] for q in qs.values()}) == sorted(
        ["single", "multiple", "true_false", "matching", "ordering", "categorize", "fill_in", "numeric", "scenario"])
    shape = page.eval_on_selector_all("fieldset.quiz-question", """els => els.map(f => ({
        tag: f.tagName, legend: f.firstElementChild.tagName, legendText: f.firstElementChild.textContent,
        feedback: f.querySelector(':scope > .quiz-feedback').getAttribute('role')}))""")
    assert len(shape) == len(qs) == 10
    for item in shape:
        assert item == {"tag": "FIELDSET", "legend": "LEGEND", "legendText": "Knowledge check", "feedback": "status"}
    assert run_axe(page) == []
    for i, (qid, q) in enumerate(qs.items()):
        answer_mouse(page, q, right_answer(q) if i % 3 else wrong_answer(q))
        assert page.locator(qsel(qid) + " .quiz-verdict").count() == 1
    assert run_axe(page) == []
    assert page.js_errors == []


def test_russian_overlay_and_fallback_in_a_check(page, base):  # type: ignore[no-untyped-def]
    open_page(page, base + "/ru/01-kinds/02-every-kind.html")
    consent = page.locator(qsel("consent-after-deception"))
    assert "Работница согласилась" in consent.locator(".quiz-prompt").inner_text()
    assert consent.locator(".quiz-prompt").get_attribute("lang") is None
    acts = page.locator(qsel("act-element"))          # not translated: shown in English, marked so
    assert acts.locator(".quiz-prompt").get_attribute("lang") == "en"
    assert acts.get_attribute("lang") is None          # the legend and buttons stay in Russian
    q = questions(page)["consent-after-deception"]
    answer_keyboard(page, q, "irrelevant")
    fb = consent.locator(".quiz-feedback").inner_text()
    assert "Верно. Статья 3(b) лишает согласие значения." in consent.inner_text()
    assert "Согласие, полученное обманом, не является свободным." in fb
    assert records(page)[0]["response"] == "irrelevant"
    assert page.js_errors == []


def test_quiz_scripts_work_from_a_file_url(page, kinds_site):  # type: ignore[no-untyped-def]
    """No server: the quiz scripts load in order from file:// and a quiz and its checks work."""
    page.goto((kinds_site / "en" / "01-kinds" / "quiz.html").as_uri())
    page.wait_for_selector("fieldset.quiz-question")
    listen(page)
    assert page.evaluate("() => [typeof CourseQuizCore, typeof CourseQuiz, Object.keys(CourseQuiz.kinds).length]") \
        == ["object", "object", 9]
    qs = questions(page)
    qid = current_id(page)
    answer_keyboard(page, qs[qid], right_answer(qs[qid]))
    assert_verdict(page, qid, "correct")
    assert records(page)[0]["graded"] is True
    page.goto((kinds_site / "en" / "01-kinds" / "02-every-kind.html").as_uri())
    assert page.locator("fieldset.quiz-question").count() == 10
    assert page.js_errors == []
