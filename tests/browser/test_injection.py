"""No course text can run script: tests/fixtures/injection puts script-injection strings into
every text field (titles, bodies, headings, callouts, glossary, authorities, every question
kind, feedback, scenarios, an extra page) and the built site must show them as text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO, build_course
from sitekit import answer_quiz, site_pages

FIXTURE = REPO / "tests" / "fixtures" / "injection"
PAYLOAD = "<script>window.__pwned=1</script>"
LESSON = "en/01-evil/01-evil-lesson.html"
PWNED = "() => typeof window.__pwned !== 'undefined' || typeof window.parent.__pwned !== 'undefined'"


@pytest.fixture(scope="module")
def injection_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_course(FIXTURE, tmp_path_factory.mktemp("injection"))


@pytest.fixture()
def watched(page):  # type: ignore[no-untyped-def]
    """The page, recording every dialog (and dismissing it) and every request."""
    page.dialogs = []
    page.requests = []
    page.on("dialog", lambda dialog: (page.dialogs.append(f"{dialog.type}: {dialog.message}"), dialog.dismiss()))
    page.on("request", lambda request: page.requests.append(request.url))
    return page


def assert_not_pwned(page, where: str) -> None:  # type: ignore[no-untyped-def]
    assert page.evaluate(PWNED) is False, f"injected script ran on {where}"
    for frame in page.frames:
        assert frame.evaluate("() => typeof window.__pwned") == "undefined", f"injected script ran in a frame of {where}"
    assert page.dialogs == [], f"a dialog opened on {where}"


def test_fixture_puts_the_payload_into_every_kind_of_source_file() -> None:
    sources = [p for p in FIXTURE.rglob("*") if p.suffix in (".md", ".yaml") and p.name != "README.md"]
    assert len(sources) == 10
    for source in sources:
        assert PAYLOAD in source.read_text(encoding="utf-8"), f"{source} carries no payload"


def test_no_page_runs_injected_script_or_opens_a_dialog(watched, injection_site: Path, serve) -> None:
    base = serve(injection_site) + "/"
    pages = ["index.html", *site_pages(injection_site)]
    assert len(pages) == 22
    for rel in pages:
        watched.goto(base + rel)
        watched.wait_for_load_state("load")
        assert_not_pwned(watched, rel)
        if rel != "index.html":
            # the payload is on the page as text (in the course title at least)
            assert PAYLOAD in watched.locator("body").inner_text(), f"{rel} lost the payload text"
    assert watched.js_errors == []
    # an injected <img src=x> would have been fetched
    assert [u for u in watched.requests if u.endswith("/x") or not u.startswith(base)] == []


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_answering_every_quiz_question_runs_no_injected_script(watched, injection_site: Path, serve,
                                                               lang: str) -> None:
    base = serve(injection_site) + "/"
    watched.goto(base + f"{lang}/01-evil/quiz.html")
    assert_not_pwned(watched, "the quiz before answering")
    answered = answer_quiz(watched)
    assert answered == 9
    # one attempt: the result and the review of every question with the right answers are shown
    assert watched.locator("#quiz .quiz-result").is_visible()
    assert watched.locator("#quiz .quiz-review-entry").count() == 9
    feedback = watched.locator("#quiz .quiz-feedback").all_inner_texts()
    assert len(feedback) == 9 and all(feedback)
    text = watched.locator("#quiz").inner_text()
    for tag in ("single-feedback-", "single-explanation", "matching-match-one", "ordering-first",
                "category-good", "scenario-case-file", "scenario-feedback-go", "scenario-outcome-good",
                "fill-in-prompt", "numeric-explanation", "authority-short-"):
        assert tag in text, f"{tag} is not shown in the {lang} quiz"
    assert PAYLOAD in text
    assert_not_pwned(watched, "the quiz after answering")
    watched.reload()                   # the saved answers are rendered again from storage
    assert watched.locator("#quiz .quiz-review-entry").count() == 9
    assert_not_pwned(watched, "the quiz after a reload")
    assert watched.js_errors == []


def test_lesson_shows_raw_html_as_text_and_knowledge_check_feedback_runs_nothing(watched, injection_site: Path,
                                                                                  serve) -> None:
    base = serve(injection_site) + "/"
    watched.goto(base + LESSON)
    body = watched.locator(".lesson-body")
    # raw HTML typed into the lesson is visible as text
    assert body.get_by_text(PAYLOAD, exact=False).first.is_visible()
    assert watched.locator("main h1").inner_text().startswith("lesson-title " + PAYLOAD)
    assert "{{7*7}}" in watched.locator("main h1").inner_text()       # no template evaluation
    assert "{{7*7}}" in body.inner_text()
    # nothing the author typed became an element
    assert body.locator("script, iframe, svg, [onerror], [onload], [onclick], [onmouseover]").count() == 0
    assert body.locator("img").count() == 1                           # only the Markdown image
    assert body.locator("img").get_attribute("alt").startswith('alt" onerror=')
    heading = body.locator("h2").nth(1)
    assert heading.inner_text().startswith('"><svg onload=')
    # the sensitive passage, the term tooltip and the checklist print button
    body.locator("details.sensitive summary").click()
    body.locator(".term > a").first.focus()
    assert body.locator(".term-tip").first.is_visible()
    assert_not_pwned(watched, "the lesson")
    # the knowledge check: wrong answer (feedback), try again, right answer
    check = body.locator("fieldset.quiz-question")
    check.locator("input.quiz-input").nth(1).check()
    check.locator("button.quiz-check").click()
    assert "check-feedback-wrong" in check.inner_text()
    assert "check-explanation" in check.inner_text()
    assert PAYLOAD in check.inner_text()
    assert_not_pwned(watched, "the knowledge check feedback")
    body.locator("button.quiz-try-again").click()
    check = body.locator("fieldset.quiz-question")
    check.locator("input.quiz-input").nth(0).check()
    check.locator("button.quiz-check").click()
    assert "check-feedback-right" in check.inner_text()
    assert_not_pwned(watched, "the knowledge check after a second answer")
    assert watched.js_errors == []


def test_glossary_and_authorities_show_injected_text_as_text(watched, injection_site: Path, serve) -> None:
    base = serve(injection_site) + "/"
    watched.goto(base + "en/glossary.html")
    glossary = watched.locator("dl.glossary").inner_text()
    for tag in ("term-en " + PAYLOAD, "definition-en " + PAYLOAD, "other-term", "authority-short-en"):
        assert tag in glossary
    watched.goto(base + "en/authorities.html")
    table = watched.locator("main").inner_text()
    for tag in ("authority-short-en", "authority-title", "authority-note", "article-title-1a", "article-title-2"):
        assert f"{tag} {PAYLOAD}" in table
    assert watched.locator("main script, main img, main svg").count() == 0
    assert_not_pwned(watched, "the glossary and authorities")
