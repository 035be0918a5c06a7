"""Languages in the browser: switching keeps the place and the progress, a missing translation
says so in the interface language, and Kazakh letters come from the shipped font.

Runs on the bundled course (English, Russian, Kazakh interface with Russian fallback), built once
per session, plus the basic fixture where its missing translations make a case simpler.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitekit import answer_question, current_question, kind_of

KAZAKH = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
LESSON = "01-legal-framework/02-related-instruments.html"
QUIZ = "01-legal-framework/quiz.html"


@pytest.fixture(scope="module")
def bundled(bundled_site: Path, serve) -> str:  # type: ignore[no-untyped-def]
    return serve(bundled_site) + "/"


def switch_to(page, lang: str) -> None:  # type: ignore[no-untyped-def]
    with page.expect_navigation():
        page.locator(f'.languages a[hreflang="{lang}"]').click()
    page.wait_for_load_state()


@pytest.mark.parametrize("rel", [LESSON, QUIZ, "glossary.html", "about.html", "index.html"])
def test_switching_language_opens_the_same_page_in_the_other_language(page, bundled: str, rel: str) -> None:
    page.goto(bundled + "en/" + rel)
    data_page = page.locator("body").get_attribute("data-page")
    assert page.locator('.languages a[aria-current="true"]').get_attribute("hreflang") == "en"
    for lang in ("ru", "kk", "en"):
        switch_to(page, lang)
        assert page.url == bundled + f"{lang}/{rel}"
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("body").get_attribute("data-page") == data_page
        assert page.locator('.languages a[aria-current="true"]').get_attribute("hreflang") == lang
    assert page.js_errors == []


def test_language_links_name_each_language_in_itself(page, bundled: str) -> None:
    page.goto(bundled + "ru/" + LESSON)
    links = page.locator(".languages a")
    assert [(a.get_attribute("lang"), a.inner_text()) for a in links.all()] == [
        ("en", "English"), ("ru", "Русский"), ("kk", "Қазақша")]


def test_visited_lesson_stays_completed_after_switching_language(page, bundled: str) -> None:
    page.goto(bundled + "en/" + LESSON)
    for lang in ("ru", "kk"):
        switch_to(page, lang)
        # the sidebar of the lesson itself, and the course home
        assert page.locator(f'#course-nav a.done[data-lesson="{LESSON[:-5]}"]').count() == 1
        page.goto(bundled + f"{lang}/index.html")
        done = page.locator("main .lesson-list a.done").evaluate_all("as => as.map(a => a.dataset.lesson)")
        assert done == [LESSON[:-5]]
        page.goto(bundled + f"{lang}/" + LESSON)
    # the language chooser now opens the language used last
    page.goto(bundled + "index.html")
    page.wait_for_url(bundled + "kk/index.html")


def chosen(question) -> dict:  # type: ignore[no-untyped-def]
    """What a rendered question shows as the learner's answer, independent of language."""
    return question.evaluate("""q => ({
        checked: Array.from(q.querySelectorAll('input:checked'), i => i.value),
        selects: Array.from(q.querySelectorAll('select'), s => s.value),
        typed: Array.from(q.querySelectorAll('input[type=text]'), i => i.value),
        order: Array.from(q.querySelectorAll('.quiz-order-item'), li => li.dataset.id),
        verdict: (q.querySelector('.quiz-verdict') || {}).className || null})""")


def test_quiz_answer_given_in_russian_is_kept_after_switching_to_english(page, bundled: str) -> None:
    page.goto(bundled + "ru/" + QUIZ)
    first = current_question(page)
    question_id = first.get_attribute("data-question")
    kind = kind_of(first)
    answer_question(first)
    before = chosen(first)
    assert before["verdict"], "the answered question shows no verdict"
    order_ru = page.locator("#quiz fieldset.quiz-question").evaluate_all("qs => qs.map(q => q.dataset.question)")
    switch_to(page, "en")
    assert page.url == bundled + "en/" + QUIZ
    shown = page.locator("#quiz fieldset.quiz-question")
    answered = shown.first
    assert answered.get_attribute("data-question") == question_id
    assert kind_of(answered) == kind
    assert "is-answered" in answered.get_attribute("class")
    assert answered.locator(".quiz-feedback").is_visible()
    assert answered.locator(".quiz-feedback").inner_text().strip()
    assert chosen(answered) == before
    assert answered.locator("button.quiz-check").count() == 0
    # the attempt goes on at the second question, in the same order, in English
    assert shown.evaluate_all("qs => qs.map(q => q.dataset.question)")[:len(order_ru)] == order_ru
    assert shown.count() == 2 and "is-answered" not in (shown.nth(1).get_attribute("class") or "")
    assert page.locator("#quiz .quiz-legend").first.inner_text().startswith("Question 1 of")
    # and the course home in English shows the quiz as started
    page.goto(bundled + "en/index.html")
    assert page.locator('[data-quiz-status="01-legal-framework"]').inner_text() == "in progress"
    assert page.js_errors == []


KK_LESSON_NOTICE = "Бұл сабақ әзірге қазақ тіліне аударылмаған, сондықтан ол орыс тілінде көрсетілген."
KK_QUIZ_NOTICE = "Кейбір сұрақтар әзірге қазақ тіліне аударылмаған, сондықтан олар орыс тілінде көрсетілген."
KK_PAGE_NOTICE = "Бұл бет әзірге қазақ тіліне аударылмаған, сондықтан ол орыс тілінде көрсетілген."


@pytest.mark.parametrize("rel, notice", [(LESSON, KK_LESSON_NOTICE), (QUIZ, KK_QUIZ_NOTICE),
                                         ("about.html", KK_PAGE_NOTICE)], ids=["lesson", "quiz", "page"])
def test_kazakh_page_shown_in_russian_says_so_in_kazakh(page, bundled: str, rel: str, notice: str) -> None:
    page.goto(bundled + "kk/" + rel)
    shown = page.locator(".fallback-notice")
    assert shown.is_visible()
    assert shown.inner_text() == notice
    assert shown.evaluate("e => e.closest('[lang]').getAttribute('lang')") == "kk"
    for lang in ("en", "ru"):                       # translated: no notice
        page.goto(bundled + f"{lang}/" + rel)
        assert page.locator(".fallback-notice").count() == 0


@pytest.mark.parametrize("lang, notice", [
    ("ru", "Этот урок ещё не переведён на русский язык, поэтому он показан на английском языке."),
    ("kk", "Бұл сабақ әзірге қазақ тіліне аударылмаған, сондықтан ол ағылшын тілінде көрсетілген."),
])
def test_lesson_missing_in_every_fallback_names_the_source_language(page, basic_site: Path, lang: str,
                                                                    notice: str) -> None:
    # in the basic fixture the national-law lesson exists in English only
    page.goto(basic_site.joinpath(f"{lang}/01-framework/02-national-law.html").as_uri())
    assert page.locator(".fallback-notice").inner_text() == notice
    assert page.locator(".lesson-body").get_attribute("lang") == "en"


FONT_PROBE = """async ([letters, weight]) => {
    await document.fonts.ready;
    const spec = `${weight} 40px "Course Sans"`;
    await document.fonts.load(spec, letters);
    const faces = Array.from(document.fonts).filter(f => f.family.replace(/"/g, '') === 'Course Sans'
                                                          && f.status === 'loaded').map(f => f.weight);
    const ctx = document.createElement('canvas').getContext('2d');
    const width = (font, text) => { ctx.font = font; return ctx.measureText(text).width; };
    // a letter the shipped font lacks falls back, so two different fallbacks give two widths
    const missing = Array.from(letters).filter(ch =>
        width(`${weight} 40px "Course Sans", monospace`, ch) !== width(`${weight} 40px "Course Sans", serif`, ch));
    const probe = width(`${weight} 40px "Course Sans", monospace`, 'Ω') !== width(`${weight} 40px "Course Sans", serif`, 'Ω');
    return {check: document.fonts.check(spec, letters), faces, missing, probe,
            family: getComputedStyle(document.body).fontFamily};
}"""


@pytest.mark.parametrize("weight", ["normal", "bold"])
def test_kazakh_letters_render_with_the_shipped_course_sans_font(page, bundled: str, weight: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(bundled + "kk/index.html")
    assert any(ch in page.locator("main").inner_text() for ch in KAZAKH)
    result = page.evaluate(FONT_PROBE, [KAZAKH, weight])
    assert result["family"].startswith('"Course Sans"')
    assert result["check"] is True
    assert ("700" if weight == "bold" else "400") in result["faces"]
    assert result["probe"] is True, "the width probe cannot tell a missing glyph (Ω) from a present one"
    assert result["missing"] == [], f"Course Sans lacks {result['missing']}"
    font = "course-sans-bold.woff2" if weight == "bold" else "course-sans.woff2"
    assert bundled + "assets/fonts/" + font in requested
