"""Helpers shared by the site, injection, accessibility and language browser tests.

Not a test module: it lists a built site's pages and answers quiz questions through the UI,
whatever their kind, the way a learner would (clicks, selects, typing).
"""

from __future__ import annotations

import re
from pathlib import Path

SCENARIO_STEP_LIMIT = 20


def site_pages(site: Path, lang: str | None = None) -> list[str]:
    """Every page of a built site, relative to the site folder, except the root language chooser."""
    found = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                   if p.relative_to(site).as_posix() != "index.html")
    if lang is not None:
        found = [p for p in found if p.startswith(lang + "/")]
    return found


def kind_of(question) -> str:  # type: ignore[no-untyped-def]
    """The question kind of a rendered `fieldset.quiz-question` (its `quiz-kind-*` class)."""
    match = re.search(r"\bquiz-kind-([a-z_]+)", question.get_attribute("class") or "")
    assert match, "a quiz question without a quiz-kind-* class"
    return match.group(1)


def answer_question(question, choice: int = 0) -> None:  # type: ignore[no-untyped-def]
    """Answer one unanswered question (a `fieldset.quiz-question` locator) and check it.

    `choice` picks which option/category/match to take (0 = the first shown).
    """
    kind = kind_of(question)
    if kind in ("single", "true_false"):
        question.locator("input.quiz-input").nth(choice).check()
    elif kind == "multiple":
        question.locator("input.quiz-input").nth(choice).check()
    elif kind == "matching":
        selects = question.locator("select.quiz-select")
        for i in range(selects.count()):
            selects.nth(i).select_option(index=1 + choice)
    elif kind == "categorize":
        groups = question.locator("fieldset.quiz-cat-item")
        for i in range(groups.count()):
            groups.nth(i).locator("input.quiz-input").nth(choice).check()
    elif kind == "fill_in":
        blanks = question.locator("input.quiz-blank-input")
        for i in range(blanks.count()):
            blanks.nth(i).fill("answer")
    elif kind == "numeric":
        question.locator("input.quiz-number-input").fill("1")
    elif kind == "scenario":
        for _ in range(SCENARIO_STEP_LIMIT):
            step = question.locator("fieldset.quiz-step")
            if step.count() == 0:
                break
            step.locator("input.quiz-input").nth(choice).check()
            step.locator("button.quiz-decide").click()
        else:
            raise AssertionError("the scenario did not reach an outcome")
        assert "is-answered" in (question.get_attribute("class") or ""), "scenario not answered"
        return
    # ordering needs no input: checking the order as shown is an answer
    question.locator("button.quiz-check").click()
    assert "is-answered" in (question.get_attribute("class") or ""), f"{kind} question not answered"


def current_question(page):  # type: ignore[no-untyped-def]
    """The quiz page's first unanswered question, pinned by its id (it stays found once answered)."""
    uid = page.locator("#quiz fieldset.quiz-question:not(.is-answered)").first.get_attribute("id")
    return page.locator(f"#{uid}")


def answer_quiz(page, limit: int = 200) -> int:  # type: ignore[no-untyped-def]
    """Answer every question of the attempt on a quiz page; returns how many were answered."""
    answered = 0
    for _ in range(limit):
        if page.locator("#quiz fieldset.quiz-question:not(.is-answered)").count() == 0:
            return answered
        answer_question(current_question(page))
        answered += 1
        next_button = page.locator("#quiz button.quiz-next")
        if next_button.count():
            next_button.first.click()
    raise AssertionError("the quiz never finished")
