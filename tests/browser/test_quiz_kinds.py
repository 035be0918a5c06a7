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
        wrong_marks=["Incorrect choice", "No. Once a means such as deception is used, consent is no defence."],
        wrong_missed=["irrelevant"]),
    "multiple": dict(
        qid="act-element", cites=[("Palermo Protocol, art. 3(a)", "../authorities.html#palermo-3a")],
        explanation="The acts are recruitment, transportation, transfer, harbouring and receipt.",
        right=["recruitment", "harbouring"], right_formats=("recruitment[,]harbouring", "0,1"),
        right_marks=["Yes, recruitment is an act.", "Yes, harbouring is an act."],
        wrong=["harbouring"], wrong_result="partial", wrong_score=0.5, wrong_formats=("harbouring", "1"),
        wrong_marks=["Correct choice", "Yes, harbouring is an act."], wrong_missed=["recruitment"]),
    "true_false": dict(
        qid="border-required", cites=[],
        explanation="False. Trafficking can happen entirely within one country.",
        right=False, right_formats=("false", "f"), right_marks=["Correct choice"],
        wrong=True, wrong_result="incorrect", wrong_formats=("true", "t"), wrong_marks=["Incorrect choice"],
        wrong_missed=["false"]),
    "matching": dict(
        qid="instruments", cites=[],
        explanation="Both protocols supplement the UN Convention against Transnational Organized Crime.",
        right={"palermo": "palermo", "smuggling": "smuggling"},
        right_formats=("palermo[.]palermo[,]smuggling[.]smuggling", "0.0,1.1"), right_items=(2, 0),
        wrong={"palermo": "extra-1", "smuggling": "palermo"}, wrong_result="incorrect",
        wrong_formats=("palermo[.]extra-1[,]smuggling[.]palermo", "0.2,1.0"), wrong_items=(0, 2),
        wrong_answers={"Palermo Protocol": "Correct answer: Trafficking in persons",
                       "Smuggling Protocol": "Correct answer: Smuggling of migrants"}),
    "ordering": dict(
        qid="referral-order", cites=[],
        explanation="A victim is identified first, then referred, and only then testifies.",
        right=["identify", "refer", "testify"], right_formats=("identify[,]refer[,]testify", "0,1,2"),
        right_items=(3, 0),
        wrong=["identify", "testify", "refer"], wrong_result="partial", wrong_score=0.3333,
        wrong_formats=("identify[,]testify[,]refer", "0,2,1"), wrong_items=(1, 2),
        wrong_answers={"Testimony in court": "Correct position: 3", "Referral to assistance": "Correct position: 2"}),
    "categorize": dict(
        qid="thb-or-smuggling", cites=[], explanation=None,
        right={"passport": "thb", "fee": "smuggling", "debt": "thb"},
        right_formats=("passport[.]thb[,]fee[.]smuggling[,]debt[.]thb", "0.0,1.1,2.0"), right_items=(3, 0),
        wrong={"passport": "smuggling", "fee": "thb", "debt": "smuggling"}, wrong_result="incorrect",
        wrong_formats=("passport[.]smuggling[,]fee[.]thb[,]debt[.]smuggling", "0.1,1.0,2.1"), wrong_items=(0, 3),
        wrong_answers={"Passport withheld by the employer": "Correct answer: Trafficking",
                       "A fee paid for crossing the border and the relationship ends on arrival":
                           "Correct answer: Smuggling",
                       "Wages withheld against an ever-growing debt": "Correct answer: Trafficking"}),
    "fill_in": dict(
        # case, surrounding spaces and the state's delimiter characters do not matter
        qid="child-definition", cites=[PALERMO_3D], explanation=None,
        right=["  TRANSNATIONAL ", "eigh(teen)"], right_formats=("TRANSNATIONAL[,]eighteen", "TRANSNATIONAL,eighteen"),
        right_items=(2, 0),
        wrong=["Transnational", "21"], wrong_result="partial", wrong_score=0.5,
        wrong_formats=("Transnational[,]21", "Transnational,21"), wrong_items=(1, 1),
        wrong_answers={"blank 2": "Correct answer: 18 / eighteen / восемнадцати"}),
    "numeric": dict(
        # answer 3, tolerance 1; a decimal comma is accepted and sent with a point
        qid="years-to-force", cites=[], explanation=None,
        right="3,5", right_formats=("3.5", "3.5"), right_items=(1, 0),
        wrong="5", wrong_result="incorrect", wrong_formats=("5", "5"), wrong_items=(0, 1),
        wrong_answers={"number": "Correct answer: from 2 to 4"}),
    "numeric-range": dict(
        qid="child-age", cites=[PALERMO_3D], explanation=None,
        right="17", right_formats=("17", "17"), right_items=(1, 0),
        wrong="18", wrong_result="incorrect", wrong_formats=("18", "18"), wrong_items=(0, 1),
        wrong_answers={"number": "Correct answer: from 0 to 17"}),
    "scenario": dict(
        qid="construction-site",
        cites=[PALERMO_3B, ("Criminal Code, art. 128", "../authorities.html#kz-cc-128")],
        explanation="The whole mosaic of evidence decides the case, not the victims' initial agreement.",
        right=BEST_PATH,
        right_formats=("intake=examine-means;evidence=ledgers;protection=protect;deliberation=convict",) * 2,
        right_marks=["The conviction is upheld on appeal.",
                     "You collected 100% of the points available on the best path."],
        wrong=JOINING_PATH, wrong_result="partial", wrong_score=0.375,
        wrong_formats=("intake=adjourn;interpreter=appoint;evidence=ledgers;protection=public;"
                       "deliberation=reclassify",) * 2,
        wrong_marks=["The prosecution appeals the reclassification.",
                     "You collected 38% of the points available on the best path."]),
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
    if result == "partial" and qid != "construction-site":   # a scenario's outcome states its share
        percent = round(case["wrong_score"] * 100)
        assert feedback.locator(".quiz-partial").inner_text() == \
            f"You earned {percent}% of the points for this question."
    else:
        assert feedback.locator(".quiz-partial").count() == 0
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
        assert "(not confirmed: check the current official text" in feedback.locator(".quiz-cites").inner_text()
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
    # a knowledge check shows the right answer next to each wrong part, and only there
    assert item_answers(page, qid) == case.get(which + "_answers", {})


def item_answers(page, qid: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The right answers shown after wrong parts, by the part they belong to (item text, "blank n", "number")."""
    return page.evaluate("""sel => {
      const out = {};
      const text = (node) => node.textContent.replace(/\\s+/g, ' ').trim();
      document.querySelectorAll(sel + ' .quiz-item-answer').forEach((note) => {
        const mark = note.closest('.quiz-item-mark');
        let part;
        const row = note.closest('.quiz-match-row, .quiz-order-item, .quiz-cat-item');
        if (row) part = text(row.querySelector('.quiz-match-item, .quiz-order-text, .quiz-cat-legend'));
        else if (note.closest('.quiz-numeric')) part = 'number';
        else part = 'blank ' + (Array.from(document.querySelectorAll(sel + ' .blank .quiz-item-mark')).indexOf(mark) + 1);
        out[part] = text(note);
      });
      return out; }""", qsel(qid))


def assert_option_marks(page, case: dict, which: str) -> None:  # type: ignore[no-untyped-def]
    """single, multiple, true_false: each chosen option says whether it was right, with its feedback;
    in a knowledge check, each right option not chosen says so (`<which>_missed`)."""
    box = page.locator(qsel(case["qid"]))
    chosen = case[which] if isinstance(case[which], list) else [str(case[which]).lower()]
    missed = case.get(which + "_missed", [])
    rows = box.locator(".quiz-option")
    for i in range(rows.count()):
        row = rows.nth(i)
        value = row.locator("input").get_attribute("value")
        fb = row.locator(".quiz-option-feedback").inner_text()
        if value in chosen:
            assert re.search(r"^[\u2713\u2717]\s+(Correct|Incorrect) choice", fb), fb
        elif value in missed:
            assert " ".join(fb.split()) == "\u2713 Correct choice (not selected)", (value, fb)
            assert "is-missed" in row.get_attribute("class").split()
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
    # milliseconds since 1970 of the moment of answering: after this course was written, not later than now
    assert 1_700_000_000_000 < rec["timestamp"] <= time.time() * 1000
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
    # not the last attempt: wrong parts are marked, their right answers kept for the review
    assert page.locator("#quiz .quiz-item-answer, #quiz .quiz-option.is-missed").count() == 0
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


# ---------------------------------------------------------------- one scale of points

def test_scenario_points_are_shown_on_the_question_scale(page, base):  # type: ignore[no-untyped-def]
    """The header weighs the scenario in the quiz (2 points); its decisions and outcome are shares
    of that, never the scenario's internal decision points (max_points 8); SCORM is unchanged."""
    open_page(page, base + "/en/01-kinds/quiz.html")
    qs = questions(page)
    assert (qs["construction-site"]["points"], qs["construction-site"]["max_points"]) == (2, 8)
    answer_quiz_mouse(page, lambda q: JOINING_PATH if q["kind"] == "scenario" else right_answer(q))
    box = page.locator(qsel("construction-site"))
    assert box.locator(".quiz-legend .quiz-points").inner_text().strip() == "\u00b7 2 points"
    assert box.locator(".quiz-path-points").all_inner_texts() == [
        "This decision earns no points.", "This decision earns 13% of the points for this question.",
        "This decision earns 25% of the points for this question.", "This decision earns no points.",
        "This decision earns no points."]
    assert box.locator(".quiz-outcome-points").inner_text() == \
        "You collected 38% of the points available on the best path."
    assert box.locator(".quiz-partial").count() == 0            # said once, in the outcome
    body = box.evaluate("b => Array.from(b.children).filter(c => !c.matches('legend'))"
                        ".map(c => c.innerText).join(' ')")
    assert not re.search(r"\d\s*(of \d+ )?points?\b", body), body
    rec = next(r for r in records(page) if r["question"] == "construction-site")
    assert (rec["score"], rec["weighting"], rec["result"]) == (0.375, 2, "partial")
    assert page.js_errors == []


# ---------------------------------------------------------------- locked answers stay visible

def png_pixels(data: bytes) -> list[list[tuple[int, int, int]]]:
    """Rows of RGB pixels of an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium's screenshots are)."""
    import struct
    import zlib
    pos, chunks, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks += body
        pos += 12 + length
    width, height, depth, color, _, _, interlace = header
    assert depth == 8 and color in (2, 6) and interlace == 0, header
    bpp = 3 if color == 2 else 4
    raw, stride, rows, prev = zlib.decompress(chunks), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x * bpp:x * bpp + 3]) for x in range(width)])
        prev = line
    return rows


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(v: int) -> float:
        v = v / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def control_look(page, locator) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    """(contrast of the darkest pixel against the surrounding background, pixels at 4.5:1 or more)."""
    box = locator.bounding_box()
    clip = {"x": box["x"] - 3, "y": box["y"] - 3, "width": box["width"] + 6, "height": box["height"] + 6}
    rows = png_pixels(page.screenshot(clip=clip))
    background = rows[0][0]
    pixels = [px for row in rows for px in row]
    darkest = min(pixels, key=luminance)
    return contrast(darkest, background), sum(1 for px in pixels if contrast(px, background) >= 4.5)


@pytest.mark.parametrize("qid", ["thb-or-smuggling", "consent-after-deception", "act-element"])
def test_checked_answers_stay_clearly_visible_once_locked(page, base, qid):  # type: ignore[no-untyped-def]
    """After "Check answer" the controls are disabled; the chosen radio buttons and checkboxes keep
    a strong contrast (WCAG AA) and stand out from the ones not chosen."""
    open_page(page, base + "/en/01-kinds/02-every-kind.html")
    q = questions(page)[qid]
    answer_mouse(page, q, wrong_answer(q))
    box = page.locator(qsel(qid))
    assert box.locator(".quiz-body input:not([disabled])").count() == 0
    page.mouse.move(0, 0)
    checked, unchecked = box.locator("input:checked"), box.locator("input:not(:checked)")
    assert checked.count() and unchecked.count()
    for i in range(checked.count()):
        ratio, ink = control_look(page, checked.nth(i))
        _, blank_ink = control_look(page, unchecked.nth(0))
        assert ratio >= 4.5, (qid, i, ratio)
        assert ink > blank_ink * 1.3, (qid, i, ink, blank_ink)
    assert page.js_errors == []


# ---------------------------------------------------------------- long matches

LONG_MATCHES = ["Transportation out of the country of recruitment",
                "Harbouring of persons in premises controlled by the employer, with their identity documents "
                "withheld and their wages retained against an ever-growing debt for lodging and food"]


def test_matching_selects_show_long_matches_in_full_at_1200px(page, base):  # type: ignore[no-untyped-def]
    open_page(page, base + "/en/01-kinds/02-every-kind.html")
    assert page.viewport_size["width"] == 1200
    question = {"id": "long-matches", "key": "zz9", "fp": "00", "kind": "matching", "objective": "define-thb",
                "points": 1, "prompt_html": "<p>Match each act with its description.</p>", "explanation_html": None,
                "description": "Match each act", "cites": [], "type": "matching", "type12": "matching",
                "correct": ["move[.]move[,]hold[.]hold"], "correct12": ["0.0,1.1"],
                "pairs": [{"id": "move", "code": "0", "item_html": "Transportation"},
                          {"id": "hold", "code": "1", "item_html": "Harbouring"}],
                "matches": [{"id": "move", "code": "0", "text_html": LONG_MATCHES[0]},
                            {"id": "hold", "code": "1", "text_html": LONG_MATCHES[1]}]}
    page.evaluate("""q => { const div = document.createElement('div');
      div.id = 'long-check'; document.querySelector('.knowledge-check').before(div);
      CourseQuiz.mountCheck(div, q, {module: '01-kinds'}); }""", question)
    box = page.locator(qsel("long-matches"))
    for select in box.locator("select").all():
        select.select_option("move")
        # the item label above its list, and the list wide enough for the text it shows
        fit = select.evaluate("""s => { const label = document.querySelector('label[for="' + s.id + '"]');
          const cs = getComputedStyle(s), ctx = document.createElement('canvas').getContext('2d');
          ctx.font = cs.font;
          const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 24;
          return {text: ctx.measureText(s.options[s.selectedIndex].text).width, room: room,
                  stacked: label.getBoundingClientRect().bottom <= s.getBoundingClientRect().top + 1}; }""")
        assert fit["stacked"], fit
        assert fit["text"] <= fit["room"], fit
    assert box.locator(".quiz-match-full:visible").count() == 0        # it fits: nothing more to show
    # a match too long for any closed select: shown in full, wrapped, below it
    box.locator("select").nth(1).select_option("hold")
    full = box.locator(".quiz-match-full:visible")
    assert full.count() == 1 and " ".join(full.inner_text().split()) == LONG_MATCHES[1]
    assert full.evaluate("n => n.scrollWidth <= n.clientWidth")
    box.locator("button.quiz-check").click()
    assert box.locator(".quiz-match-full:visible").count() == 0
    # once checked, each chosen match is shown as text, in full and wrapped, not cut off
    chosen = box.locator(".quiz-match-chosen")
    assert chosen.count() == 2
    assert sorted(" ".join(t.split()) for t in chosen.all_inner_texts()) == sorted([LONG_MATCHES[0], LONG_MATCHES[1]])
    for node in chosen.all():
        assert node.evaluate("n => n.scrollWidth <= n.clientWidth && n.getBoundingClientRect().width > 0")
    assert box.locator("select:visible").count() == 0
    assert run_axe(page) == []
    assert page.js_errors == []
