"""A quiz from start to review: scores, attempts, draws, reloads, changed questions, checks.

Uses tests/fixtures/quiz-kinds: 01-kinds (every kind, attempts 2, shuffle, score best, pass
mark 70), 02-draw (draw {obj-a: 2, obj-b: 1}), 03-pool (draw 3, attempts 0), and the lesson
01-kinds/01-checks with knowledge checks (one of them practice-only). Answers are given with
the mouse here; test_quiz_kinds.py does the keyboard.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import build_course, run_axe
from quizkit import (FIXTURE, SEEDED_RANDOM, answer_mouse, answer_quiz_mouse, current_id, finished, listen,
                     payload, qsel, questions, quiz_state, records, right_answer, shown_ids, text_of, wrong_answer)


@pytest.fixture(scope="session")
def kinds_site(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return build_course(FIXTURE, tmp_path_factory.mktemp("quiz-flow"))


@pytest.fixture()
def base(kinds_site, serve) -> str:  # type: ignore[no-untyped-def]
    """A fresh server (a new origin, so empty localStorage) per test."""
    return serve(kinds_site)


def open_quiz(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    page.locator("#quiz fieldset.quiz-question, #quiz .quiz-result:not([hidden])").first.wait_for()
    listen(page)


def quiz_key(page) -> str:  # type: ignore[no-untyped-def]
    return payload(page)["quiz"]["key"]


def result_lines(page) -> list[str]:  # type: ignore[no-untyped-def]
    box = page.locator(".quiz-result")
    assert box.is_visible()
    return [" ".join(t.split()) for t in box.locator("p").all_inner_texts()]


def home_status(page, base: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    page.goto(base + "/en/index.html")
    return dict(page.eval_on_selector_all("[data-quiz-status]",
                                          "els => els.map(e => [e.dataset.quizStatus, e.textContent])"))


# ---------------------------------------------------------------- score, attempts, review

def test_result_attempt_limit_best_score_and_review(page, base):  # type: ignore[no-untyped-def]
    open_quiz(page, base + "/en/01-kinds/quiz.html")
    assert page.locator(".quiz-attempt").inner_text() == "Attempt 1 of 2"
    first = answer_quiz_mouse(page, right_answer)
    assert len(first) == 10
    assert page.locator("#quiz .quiz-item-answer, #quiz .quiz-option.is-missed").count() == 0
    assert result_lines(page) == ["Your score: 100%", "\u2713 Passed (pass mark 70%)", "Attempts used: 1 of 2.",
                                  "1 attempt left."]
    assert page.locator(".quiz-result button.quiz-new-attempt").is_visible()
    assert page.locator(".quiz-review").is_hidden()
    assert page.locator(".quiz-attempt").is_hidden()
    event = finished(page)
    assert len(event) == 1
    assert {k: event[0][k] for k in ("quiz", "module", "score", "passed", "attempt", "attemptsLeft", "counted",
                                      "countedPassed")} == {
        "quiz": "01-kinds", "module": "01-kinds", "score": 100, "passed": True, "attempt": 1, "attemptsLeft": 1,
        "counted": 100, "countedPassed": True}
    assert event[0]["objectives"] == {"consent": 1, "define-thb": 1}
    assert home_status(page, base) == {"01-kinds": "passed (100%)", "02-draw": "not started",
                                       "03-pool": "not started"}

    # back on the quiz: the finished attempt's result, and a second attempt, answered all wrong
    open_quiz(page, base + "/en/01-kinds/quiz.html")
    assert page.locator("#quiz fieldset.quiz-question").count() == 0
    page.locator("button.quiz-new-attempt").click()
    assert page.locator(".quiz-attempt").inner_text() == "Attempt 2 of 2"
    page.wait_for_function("() => document.activeElement.matches('fieldset.quiz-question')")
    second = answer_quiz_mouse(page, wrong_answer)
    assert sorted(second) == sorted(first)
    assert_last_attempt_shows_right_answers(page)
    assert result_lines(page) == ["Your latest attempt: 0%", "Your best score counts: 100%.",
                                  "\u2713 Passed (pass mark 70%)", "Attempts used: 2 of 2.",
                                  "You have used all your attempts."]
    assert page.locator("button.quiz-new-attempt").count() == 0
    event = finished(page)[-1]
    assert (event["score"], event["passed"], event["attempt"], event["attemptsLeft"], event["counted"],
            event["countedPassed"]) == (0, False, 2, 0, 100, True)

    assert_review(page, second)
    assert run_axe(page) == []

    # the review survives a reload; no new attempt is offered
    open_quiz(page, base + "/en/01-kinds/quiz.html")
    assert page.locator("#quiz fieldset.quiz-question").count() == 0
    assert page.locator("button.quiz-new-attempt").count() == 0
    assert result_lines(page)[:2] == ["Your latest attempt: 0%", "Your best score counts: 100%."]
    assert_review(page, second)
    state = quiz_state(page, quiz_key(page))
    assert (state["n"], state["best"], state["last"], state["cur"]["done"]) == (2, 100, 0, True)
    assert home_status(page, base)["01-kinds"] == "passed (100%)"
    assert page.js_errors == []


def assert_last_attempt_shows_right_answers(page) -> None:  # type: ignore[no-untyped-def]
    """On the last attempt each wrong part's feedback shows its right answer, as the review will."""
    def notes(qid: str) -> list[str]:
        return sorted(" ".join(t.split()) for t in page.locator(qsel(qid) + " .quiz-item-answer").all_inner_texts())
    assert notes("instruments") == ["Correct answer: Smuggling of migrants", "Correct answer: Trafficking in persons"]
    assert notes("thb-or-smuggling") == ["Correct answer: Smuggling", "Correct answer: Trafficking",
                                         "Correct answer: Trafficking"]
    assert notes("referral-order") == ["Correct position: 1", "Correct position: 2", "Correct position: 3"]
    assert notes("years-to-force") == ["Correct answer: from 2 to 4"]
    assert len(notes("child-definition")) == 2
    missed = page.locator(qsel("consent-after-deception") + " .quiz-option.is-missed")
    assert missed.locator("input").get_attribute("value") == "irrelevant"
    assert "Correct choice (not selected)" in missed.inner_text()


def assert_review(page, order: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Every question of the last attempt, in its order, with the learner's and the correct answer."""
    review = page.locator(".quiz-review")
    assert review.is_visible()
    assert review.locator("h2").inner_text() == "Review of your answers"
    entries = review.locator("article.quiz-review-entry")
    assert entries.count() == len(order)
    qs = questions(page)
    for i, qid in enumerate(order):
        entry = entries.nth(i)
        assert entry.locator("h3").inner_text() == f"Question {i + 1}"
        assert text_of(qs[qid]["prompt_html"])[:40] in " ".join(entry.locator(".quiz-prompt").inner_text().split())
        assert entry.locator(".quiz-verdict").inner_text().split() == ["\u2717", "Incorrect"]
        assert entry.locator(".quiz-review-mine .quiz-review-label").inner_text() == "Your answer"
        assert entry.locator(".quiz-review-correct .quiz-review-label").inner_text() == "Correct answer"
    by_id = {qid: entries.nth(i) for i, qid in enumerate(order)}
    mine = lambda qid: " ".join(by_id[qid].locator(".quiz-review-mine").inner_text().split())  # noqa: E731
    right = lambda qid: " ".join(by_id[qid].locator(".quiz-review-correct").inner_text().split())  # noqa: E731
    assert "Yes. Her consent is a complete defence. \u2717 Incorrect" in mine("consent-after-deception")
    assert "No. Consent is irrelevant once deception was used." in right("consent-after-deception")
    assert "Deception" in mine("act-element") and "Recruitment" in right("act-element")
    assert "True" in mine("border-required") and "False" in right("border-required")
    assert "Palermo Protocol \u2192 Smuggling of migrants" in mine("instruments")
    assert "Palermo Protocol \u2192 Trafficking in persons" in right("instruments")
    assert mine("child-definition").count("zzz") == 2
    assert "Transnational / транснациональной" in right("child-definition")
    assert "18 / eighteen / восемнадцати" in right("child-definition")
    assert "104" in mine("years-to-force") and "from 2 to 4" in right("years-to-force")
    assert "117" in mine("child-age") and "from 0 to 17" in right("child-age")
    # decisions as shares of the question, the scale of its "points" (not the scenario's own points)
    assert "Accept that their agreement excludes trafficking (no points)" in mine("construction-site")
    assert "Examine how their agreement was obtained (25% of the points)" in right("construction-site")
    assert "Convict of trafficking in persons (25% of the points)" in right("construction-site")


# ---------------------------------------------------------------- draws

def objectives_of(page, ids: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    qs = questions(page)
    return sorted(qs[qid]["objective"] for qid in ids)


def test_draw_per_objective_gives_two_plus_one(page, base):  # type: ignore[no-untyped-def]
    page.add_init_script(SEEDED_RANDOM % 1)
    open_quiz(page, base + "/en/02-draw/quiz.html")
    assert payload(page)["quiz"]["draw"] == {"obj-a": 2, "obj-b": 1}
    assert len(questions(page)) == 7
    seen = set()
    for attempt in range(1, 4):
        assert page.locator(".quiz-attempt").inner_text() == f"Attempt {attempt}"
        assert page.locator(qsel(current_id(page)) + " .quiz-number").inner_text() == "Question 1 of 3"
        ids = answer_quiz_mouse(page, right_answer)
        assert len(ids) == 3 and len(set(ids)) == 3
        assert objectives_of(page, ids) == ["obj-a", "obj-a", "obj-b"]
        seen.update(ids)
        assert result_lines(page)[0] == ("Your score: 100%" if attempt == 1 else "Your latest attempt: 100%")
        event = finished(page)[-1]
        assert event["objectives"] == {"obj-a": 1, "obj-b": 1}
        # unlimited attempts and passed: the review is shown, and a new attempt is offered
        assert page.locator(".quiz-review article").count() == 3
        page.locator("button.quiz-new-attempt").click()
    assert len(seen) > 3          # new attempts draw again
    assert page.js_errors == []


def test_draw_number_with_unlimited_attempts(page, base):  # type: ignore[no-untyped-def]
    open_quiz(page, base + "/en/03-pool/quiz.html")
    assert payload(page)["quiz"]["draw"] == 3 and len(questions(page)) == 5
    ids = answer_quiz_mouse(page, wrong_answer)
    assert len(ids) == 3
    lines = result_lines(page)
    assert lines == ["Your score: 0%", "\u2717 Not passed (pass mark 70%)", "Attempts used: 1 (no limit)."]
    assert page.locator(".quiz-review").is_hidden()          # not passed yet, attempts left: no review
    page.locator("button.quiz-new-attempt").click()
    assert page.locator(".quiz-attempt").inner_text() == "Attempt 2"
    assert page.locator(qsel(current_id(page)) + " .quiz-number").inner_text() == "Question 1 of 3"
    assert len(answer_quiz_mouse(page, right_answer)) == 3
    assert result_lines(page)[:3] == ["Your latest attempt: 100%", "Your best score counts: 100%.",
                                      "\u2713 Passed (pass mark 70%)"]
    assert page.js_errors == []


# ---------------------------------------------------------------- reloads

def test_reload_restores_order_answers_and_position(page, base):  # type: ignore[no-untyped-def]
    page.add_init_script(SEEDED_RANDOM % 3)
    open_quiz(page, base + "/en/01-kinds/quiz.html")
    answered = answer_quiz_mouse(page, right_answer, count=3)
    assert answered == ["child-definition", "referral-order", "child-age"]     # seed 3
    before = shown_ids(page)
    current = current_id(page)
    assert before == answered + [current]
    options_before = page.eval_on_selector_all(qsel(current) + " input", "els => els.map(e => e.value)")
    typed_before = page.eval_on_selector_all(qsel("child-definition") + " input", "els => els.map(e => e.value)")
    assert home_status(page, base)["01-kinds"] == "in progress"

    open_quiz(page, base + "/en/01-kinds/quiz.html")
    assert shown_ids(page) == before
    assert current_id(page) == current
    assert page.locator(qsel(current) + " .quiz-number").inner_text() == "Question 4 of 10"
    assert page.locator(".quiz-attempt").inner_text() == "Attempt 1 of 2"
    for qid in answered:
        box = page.locator(qsel(qid))
        assert "is-answered" in box.get_attribute("class").split()
        assert box.locator(".quiz-verdict").inner_text().split() == ["\u2713", "Correct"]
        assert box.locator("button.quiz-check").count() == 0
    assert page.locator(qsel(current) + " button.quiz-check").is_visible()
    assert page.eval_on_selector_all(qsel(current) + " input", "els => els.map(e => e.value)") == options_before
    assert page.eval_on_selector_all(qsel("child-definition") + " input", "els => els.map(e => e.value)") \
        == typed_before == ["Transnational", "18"]
    order = page.eval_on_selector_all(qsel("referral-order") + " li", "els => els.map(e => e.dataset.id)")
    assert order == ["identify", "refer", "testify"]
    # the rest of the attempt goes on from there
    rest = answer_quiz_mouse(page, right_answer)
    assert len(rest) == 7 and rest[0] == current
    assert result_lines(page)[0] == "Your score: 100%"
    assert page.js_errors == []


def test_reload_mid_scenario_resumes_at_the_next_step(page, base):  # type: ignore[no-untyped-def]
    page.add_init_script(SEEDED_RANDOM % 5)
    open_quiz(page, base + "/en/01-kinds/quiz.html")
    qs = questions(page)
    before = answer_quiz_mouse(page, right_answer, count=2)
    assert current_id(page) == "construction-site"           # seed 5: the scenario is third
    scenario = qs["construction-site"]
    answer_mouse(page, scenario, ["examine-means", "ledgers", "protect", "convict"], stop_after=2)
    saved = quiz_state(page, quiz_key(page))["cur"]["ans"][scenario["key"]]
    assert saved["p"].endswith("-")                          # a path short of an outcome
    assert records(page)[-1]["question"] != "construction-site"   # no record before the outcome

    open_quiz(page, base + "/en/01-kinds/quiz.html")
    assert shown_ids(page) == before + ["construction-site"]
    box = page.locator(qsel("construction-site"))
    assert box.locator(".quiz-path-step .quiz-path-heading").all_inner_texts() == ["Decision 1", "Decision 2"]
    assert "Examine how their agreement was obtained" in box.locator(".quiz-path").inner_text()
    assert box.locator(".quiz-step legend").inner_text() == "Decision 3"
    assert "fears reprisals" in box.locator(".quiz-step-prompt").inner_text()
    assert "is-answered" not in box.get_attribute("class").split()
    answer_mouse(page, scenario, ["examine-means", "ledgers", "protect", "convict"])
    rec = records(page)[-1]
    assert rec["question"] == "construction-site" and rec["result"] == "correct"
    assert rec["response"] == "intake=examine-means;evidence=ledgers;protection=protect;deliberation=convict"
    assert [s["step"] for s in rec["steps"]] == ["intake", "evidence", "protection", "deliberation"]
    assert "You collected 100% of the points available on the best path." in box.locator(".quiz-feedback").inner_text()
    assert page.js_errors == []


def test_changed_question_drops_only_its_saved_answer(page, serve, tmp_path):  # type: ignore[no-untyped-def]
    source = tmp_path / "course"
    shutil.copytree(FIXTURE, source)
    site = build_course(source, tmp_path / "out")
    base = serve(site)
    page.add_init_script(SEEDED_RANDOM % 10)
    open_quiz(page, base + "/en/01-kinds/quiz.html")
    qs = questions(page)
    answered = answer_quiz_mouse(page, right_answer, count=5)
    assert answered.index("consent-after-deception") == 3     # seed 10: fourth of ten
    key = quiz_key(page)
    before = quiz_state(page, key)["cur"]["ans"]
    keys_before = set(before)
    assert len(keys_before) == 5

    # the author changes which option is correct: the question's fingerprint changes
    quiz_file = source / "quizzes" / "01-kinds.yaml"
    text = quiz_file.read_text(encoding="utf-8")
    changed = text.replace("        correct: true\n        feedback: Right. Article 3(b)",
                           "        feedback: Right. Article 3(b)", 1)
    changed = changed.replace("      - id: mitigation\n", "      - id: mitigation\n        correct: true\n", 1)
    assert changed.count("correct: true") == text.count("correct: true")
    quiz_file.write_text(changed, encoding="utf-8")
    build_course(source, tmp_path / "out")

    open_quiz(page, base + "/en/01-kinds/quiz.html")
    new = questions(page)
    assert new["consent-after-deception"]["fp"] != qs["consent-after-deception"]["fp"]
    assert all(new[q]["fp"] == qs[q]["fp"] for q in qs if q != "consent-after-deception")
    # same order; the changed question is asked again, the ones before it stay answered
    assert shown_ids(page) == answered[:4]
    assert current_id(page) == "consent-after-deception"
    for qid in answered[:3]:
        assert "is-answered" in page.locator(qsel(qid)).get_attribute("class").split()
    # the learner is told why an answer they gave is gone, before the question's text
    notice = page.locator(qsel("consent-after-deception") + " .quiz-revised")
    assert notice.inner_text() == REVISED
    assert page.locator("#quiz .quiz-revised").count() == 1
    fieldset = page.locator(qsel("consent-after-deception"))
    assert fieldset.get_attribute("aria-describedby").split()[0] == notice.get_attribute("id")
    assert fieldset.evaluate("f => f.querySelector('.quiz-revised').nextElementSibling.className") == "quiz-prompt"
    assert run_axe(page) == []
    answer_mouse(page, new["consent-after-deception"], "mitigation")
    saved = quiz_state(page, key)["cur"]["ans"]
    assert set(saved) == keys_before
    consent_key = qs["consent-after-deception"]["key"]
    assert saved[consent_key]["f"] == new["consent-after-deception"]["fp"]
    assert saved[consent_key]["p"] == "2"                     # mitigation, third option
    for other in keys_before - {consent_key}:
        assert (saved[other]["f"], saved[other]["p"]) == (before[other]["f"], before[other]["p"])
    page.locator(qsel("consent-after-deception") + " button.quiz-next").click()
    # the answer saved after it (the fifth) is still there
    assert shown_ids(page)[:6] == answered + [current_id(page)]
    assert "is-answered" in page.locator(qsel(answered[4])).get_attribute("class").split()
    # answered again, the question is an ordinary one: no notice after a reload
    open_quiz(page, base + "/en/01-kinds/quiz.html")
    assert page.locator("#quiz .quiz-revised").count() == 0
    assert page.js_errors == []


PROMPT_RU = "Работница согласилась на работу после того, как её обманули насчёт оплаты."
REVISED = ("This question was changed after you answered it, so your earlier answer no longer counts. "
           "Please answer it again.")


def revise_consent_question(source: Path) -> None:
    """Make another option the correct one (the question's fingerprint changes)."""
    quiz_file = source / "quizzes" / "01-kinds.yaml"
    text = quiz_file.read_text(encoding="utf-8")
    changed = text.replace("        correct: true\n        feedback: Right. Article 3(b)",
                           "        feedback: Right. Article 3(b)", 1)
    changed = changed.replace("      - id: mitigation\n", "      - id: mitigation\n        correct: true\n", 1)
    assert changed != text
    quiz_file.write_text(changed, encoding="utf-8")


def test_review_of_a_finished_attempt_says_which_answer_was_dropped_by_a_revision(  # type: ignore[no-untyped-def]
        page, serve, tmp_path):
    source = tmp_path / "course"
    shutil.copytree(FIXTURE, source)
    base = serve(build_course(source, tmp_path / "out"))
    open_quiz(page, base + "/ru/01-kinds/quiz.html")
    answer_quiz_mouse(page, right_answer)
    page.locator("button.quiz-new-attempt").click()
    answer_quiz_mouse(page, right_answer)
    assert page.locator(".quiz-review").is_visible()
    assert page.locator(".quiz-revised").count() == 0

    revise_consent_question(source)
    build_course(source, tmp_path / "out")
    open_quiz(page, base + "/ru/01-kinds/quiz.html")
    notices = page.locator(".quiz-review .quiz-revised")
    assert notices.count() == 1
    assert notices.inner_text() == ("Этот вопрос изменили после того, как вы на него ответили, "
                                    "поэтому прежний ответ не показан.")
    # on the revised question's entry, before its text, which is shown as not answered
    entry = page.locator(".quiz-review-entry", has=page.locator(".quiz-revised"))
    assert entry.count() == 1
    assert entry.evaluate("e => e.querySelector('.quiz-revised').nextElementSibling.className") == "quiz-prompt"
    assert PROMPT_RU in entry.locator(".quiz-prompt").inner_text()
    assert run_axe(page) == []
    assert page.js_errors == []


def test_a_new_attempt_after_a_revision_shows_no_revision_notice(page, serve, tmp_path):  # type: ignore[no-untyped-def]
    source = tmp_path / "course"
    shutil.copytree(FIXTURE, source)
    base = serve(build_course(source, tmp_path / "out"))
    open_quiz(page, base + "/en/01-kinds/quiz.html")
    answer_quiz_mouse(page, right_answer)                     # attempt 1 of 2, finished
    revise_consent_question(source)
    build_course(source, tmp_path / "out")
    open_quiz(page, base + "/en/01-kinds/quiz.html")
    page.locator("button.quiz-new-attempt").click()
    # every answer of a new attempt is fresh: nothing was dropped, so nothing to explain
    answered = answer_quiz_mouse(page, right_answer)
    assert "consent-after-deception" in answered
    assert page.locator(".quiz-revised").count() == 0
    assert page.js_errors == []


# ---------------------------------------------------------------- knowledge checks

def test_knowledge_checks_give_instant_feedback_and_leave_the_quiz_alone(page, base):  # type: ignore[no-untyped-def]
    open_quiz(page, base + "/en/01-kinds/quiz.html")
    quiz_ids = set(questions(page))
    assert "practice-child-means" not in quiz_ids               # practice questions stay out of the quiz
    answer_quiz_mouse(page, right_answer, count=1)
    key = quiz_key(page)

    page.goto(base + "/en/01-kinds/01-checks.html")
    page.wait_for_selector("fieldset.quiz-question")
    listen(page)
    saved = quiz_state(page)                  # as stored
    assert len(saved[key]["cur"]["ans"]) == 1
    checks = questions(page)
    assert list(checks) == ["consent-after-deception", "practice-child-means", "referral-order"]
    assert page.locator("fieldset.quiz-question legend").all_inner_texts() == ["Knowledge check"] * 3
    consent = page.locator(qsel("consent-after-deception"))
    # authored option order in a check
    assert consent.locator("input").evaluate_all("els => els.map(e => e.value)") == \
        ["irrelevant", "defence", "mitigation"]
    assert consent.locator("button.quiz-check").inner_text() == "Check answer"

    answer_mouse(page, checks["consent-after-deception"], "defence")
    assert consent.locator(".quiz-verdict").inner_text().split() == ["\u2717", "Incorrect"]
    assert "No. Once a means such as deception is used, consent is no defence." in consent.inner_text()
    consent.locator("button.quiz-try-again").click()
    assert consent.locator(".quiz-verdict").count() == 0
    assert consent.locator("input:checked").count() == 0
    assert page.evaluate("() => document.activeElement.dataset.question") == "consent-after-deception"
    answer_mouse(page, checks["consent-after-deception"], "irrelevant")
    assert consent.locator(".quiz-verdict").inner_text().split() == ["\u2713", "Correct"]

    practice = page.locator(qsel("practice-child-means"))
    answer_mouse(page, checks["practice-child-means"], False)
    assert practice.locator(".quiz-verdict").inner_text().split() == ["\u2713", "Correct"]
    assert practice.locator(".quiz-explanation-text").inner_text() == "False. For children the act and the purpose suffice."
    assert practice.locator(".quiz-cites a").get_attribute("href") == "../authorities.html#palermo-3c"

    ordering = page.locator(qsel("referral-order"))
    answer_mouse(page, checks["referral-order"], ["identify", "testify", "refer"])
    assert ordering.locator(".quiz-verdict").inner_text().split() == ["\u25d0", "Partly", "correct"]

    recs = records(page)
    assert [(r["question"], r["result"]) for r in recs] == [
        ("consent-after-deception", "incorrect"), ("consent-after-deception", "correct"),
        ("practice-child-means", "correct"), ("referral-order", "partial")]
    assert all(r["graded"] is False and r["quiz"] is None and r["module"] == "01-kinds" for r in recs)
    assert quiz_state(page) == saved                              # the quiz state is untouched
    assert run_axe(page) == []

    # checks are not remembered: a reload shows them fresh
    page.reload()
    page.wait_for_selector("fieldset.quiz-question")
    assert page.locator(".quiz-verdict").count() == 0
    open_quiz(page, base + "/en/01-kinds/quiz.html")
    assert quiz_state(page) == saved
    assert page.locator("#quiz fieldset.quiz-question.is-answered").count() == 1
    assert page.locator(qsel(current_id(page)) + " .quiz-number").inner_text() == "Question 2 of 10"
    assert page.js_errors == []
