"""axe-core finds no violations on any page, in any language, and every page says its language.

Covers every page of tests/fixtures/basic and of the bundled course (en, ru, kk: home, glossary,
authorities, about, references, 24 lessons, 6 quizzes each), quizzes before answering and
after the first answer, an opened sensitive passage and an answered knowledge check. One browser
page per language is reused and each site is built once per session, to stay fast.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import AXE, run_axe
from sitekit import answer_question, current_question, site_pages

# one worker under `pytest -n 2 --dist loadgroup`, so the site is audited once
pytestmark = pytest.mark.xdist_group("accessibility")

LANGS = ["en", "ru", "kk"]
BUNDLED_PAGES_PER_LANGUAGE = 5 + 24 + 6
# Known problems outside the theme, as {page: {axe rule ids}}, each pinned by a strict xfail
# test that starts failing once it is fixed (then delete the entry and the test). None now.
KNOWN: dict[str, set[str]] = {}


# run_axe's query, with only violations worked out in full (the same violations, about twice as fast)
VIOLATIONS = ("async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v => ("
              "{id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))")

# The language each part of a page is marked with (the nearest lang attribute), None when absent.
LANG_MARKS = """() => {
    const of = sel => { const e = document.querySelector(sel); return e ? e.closest('[lang]').getAttribute('lang') : null; };
    return {body: of('.lesson-body, .page-body'), h1: of('main h1'), crumb: of('.breadcrumbs [aria-current=page]'),
            notice: of('.fallback-notice'), question: of('#quiz fieldset.quiz-question .quiz-prompt')};
}"""


def audit_language(browser, site: Path, lang: str) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    """Run axe on every page of one language tree; on quiz pages also after the first answer.

    One browser page for the whole tree; axe is loaded into every document by an init script
    instead of a script tag per page (run_axe), which keeps the ~120 runs fast.
    """
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-US")
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    results: dict[str, dict] = {}
    try:
        for rel in site_pages(site, lang):
            page.goto(site.joinpath(rel).as_uri())
            entry = {"lang": page.locator("html").get_attribute("lang"), "marks": page.evaluate(LANG_MARKS),
                     "violations": page.evaluate(VIOLATIONS)}
            if page.locator("#quiz").count():
                question = current_question(page)
                answer_question(question)
                entry["violations_after_answer"] = page.evaluate(VIOLATIONS)
            results[rel] = entry
    finally:
        context.close()
    results["__errors__"] = {"js": errors}
    return results


def unexpected(results: dict[str, dict], key: str = "violations") -> dict[str, list]:
    found = {}
    for rel, entry in results.items():
        if rel == "__errors__" or key not in entry:
            continue
        known = KNOWN.get(rel.split("/", 1)[1], set())
        violations = [v for v in entry[key] if v["id"] not in known]
        if violations:
            found[rel] = violations
    return found


@pytest.fixture(scope="module")
def basic_audit(browser, basic_site: Path) -> dict[str, dict[str, dict]]:  # type: ignore[no-untyped-def]
    return {lang: audit_language(browser, basic_site, lang) for lang in LANGS}


@pytest.fixture(scope="module")
def bundled_audit(browser, bundled_site: Path) -> dict[str, dict[str, dict]]:  # type: ignore[no-untyped-def]
    return {lang: audit_language(browser, bundled_site, lang) for lang in LANGS}


# -- tests/fixtures/basic ----------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_basic_fixture_every_page_has_no_axe_violations(basic_audit, lang: str) -> None:
    results = basic_audit[lang]
    assert len(results) - 1 == 9
    assert unexpected(results) == {}
    assert results["__errors__"]["js"] == []


@pytest.mark.parametrize("lang", LANGS)
def test_basic_fixture_quiz_has_no_axe_violations_after_first_answer(basic_audit, lang: str) -> None:
    results = basic_audit[lang]
    answered = [rel for rel, entry in results.items() if "violations_after_answer" in entry]
    assert len(answered) == 2
    assert unexpected(results, "violations_after_answer") == {}


@pytest.mark.parametrize("lang", LANGS)
def test_basic_fixture_html_lang_is_the_tree_language(basic_audit, lang: str) -> None:
    langs = {rel: entry["lang"] for rel, entry in basic_audit[lang].items() if rel != "__errors__"}
    assert langs and set(langs.values()) == {lang}, langs


def test_language_chooser_has_no_axe_violations_when_it_does_not_redirect(page, basic_site: Path, serve) -> None:
    # the chooser's list is what a learner sees when the redirect script cannot run
    base = serve(basic_site)
    page.route("**/assets/js/course.js*", lambda route: route.abort())   # with its ?v= query
    page.goto(base + "/index.html")
    assert page.url == base + "/index.html"
    assert page.locator(".language-list a").count() == 3
    assert page.locator("html").get_attribute("lang") == "en"
    assert [li.get_attribute("lang") for li in page.locator(".language-list li").all()] == LANGS
    assert run_axe(page) == []


def test_opened_sensitive_passage_and_answered_knowledge_check_have_no_axe_violations(page, basic_site: Path) -> None:
    page.goto(basic_site.joinpath("en/01-framework/01-definition.html").as_uri())
    page.locator("details.sensitive summary").click()
    assert page.locator(".sensitive-body").is_visible()
    page.locator(".term > a").first.focus()            # with the glossary tooltip shown
    assert page.locator(".term-tip").first.is_visible()
    check = page.locator(".knowledge-check fieldset.quiz-question")
    check.locator("input.quiz-input").first.check()
    check.locator("button.quiz-check").click()
    assert "is-answered" in check.get_attribute("class")
    assert run_axe(page) == []
    assert page.js_errors == []


# -- the bundled course ------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_bundled_course_every_page_has_no_axe_violations(bundled_audit, lang: str) -> None:
    results = bundled_audit[lang]
    assert len(results) - 1 == BUNDLED_PAGES_PER_LANGUAGE
    assert unexpected(results) == {}
    assert results["__errors__"]["js"] == []


@pytest.mark.parametrize("lang", LANGS)
def test_bundled_course_quizzes_have_no_axe_violations_after_first_answer(bundled_audit, lang: str) -> None:
    results = bundled_audit[lang]
    answered = {rel: entry for rel, entry in results.items() if "violations_after_answer" in entry}
    assert len(answered) == 6
    assert unexpected(results, "violations_after_answer") == {}


@pytest.mark.parametrize("lang", LANGS)
def test_bundled_course_html_lang_is_the_tree_language(bundled_audit, lang: str) -> None:
    langs = {rel: entry["lang"] for rel, entry in bundled_audit[lang].items() if rel != "__errors__"}
    assert len(langs) == BUNDLED_PAGES_PER_LANGUAGE
    assert {rel: got for rel, got in langs.items() if got != lang} == {}


def test_bundled_cooperation_lesson_table_has_no_empty_header_cell(bundled_audit) -> None:
    for lang in LANGS:
        entry = bundled_audit[lang][f"{lang}/06-international-cooperation/03-cooperation-and-referral.html"]
        assert [v for v in entry["violations"] if v["id"] == "empty-table-header"] == []


def kinds_of_pages(results: dict[str, dict]) -> dict[str, list[str]]:
    pages = [rel for rel in results if rel != "__errors__"]
    return {"lessons": [r for r in pages if r.count("/") == 2 and not r.endswith("/quiz.html")],
            "quizzes": [r for r in pages if r.endswith("/quiz.html")],
            "extra": [r for r in pages if r.split("/", 1)[1] in ("about.html", "references.html")]}


def test_bundled_kazakh_fallback_content_is_marked_as_russian(bundled_audit) -> None:
    results = bundled_audit["kk"]
    pages = kinds_of_pages(results)
    assert (len(pages["lessons"]), len(pages["quizzes"]), len(pages["extra"])) == (24, 6, 2)
    wrong = {}
    for rel in pages["lessons"] + pages["extra"]:
        marks = results[rel]["marks"]
        expected = {"body": "ru", "h1": "ru", "notice": "kk",           # the notice is in the interface language
                    "crumb": "ru" if rel in pages["lessons"] else None, "question": None}
        if marks != expected:
            wrong[rel] = marks
    for rel in pages["quizzes"]:
        marks = results[rel]["marks"]
        if (marks["question"], marks["notice"]) != ("ru", "kk"):
            wrong[rel] = marks
    assert wrong == {}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_bundled_translated_pages_carry_no_other_language(bundled_audit, lang: str) -> None:
    results = bundled_audit[lang]
    pages = kinds_of_pages(results)
    wrong = {}
    for rel in pages["lessons"] + pages["extra"] + pages["quizzes"]:
        marks = {k: v for k, v in results[rel]["marks"].items() if v is not None}
        if set(marks) - {"body", "h1", "crumb", "question"} or set(marks.values()) != {lang}:
            wrong[rel] = marks
    assert wrong == {}
