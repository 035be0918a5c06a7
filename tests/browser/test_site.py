"""The static site of tests/fixtures/basic in Chromium, from a web server and from disk.

Every test runs twice: over http (the local test server) and over file:// (a course opened
straight from a USB stick). The site must behave the same, load nothing from outside its own
folder, and keep the learner's progress in the browser.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest

from sitekit import site_pages

# one worker under `pytest -n 2 --dist loadgroup`, so the site is audited once
pytestmark = pytest.mark.xdist_group("site")

LESSON_1 = "en/01-framework/01-definition.html"
LESSON_2 = "en/01-framework/02-national-law.html"
QUIZ_1 = "en/01-framework/quiz.html"
HOME = "en/index.html"
# The order of the course in English, as the pager walks it.
COURSE_ORDER = [
    ("en/01-framework/01-definition.html", "lesson:01-framework/01-definition"),
    ("en/01-framework/02-national-law.html", "lesson:01-framework/02-national-law"),
    ("en/01-framework/quiz.html", "quiz:01-framework"),
    ("en/02-identification/01-indicators.html", "lesson:02-identification/01-indicators"),
    ("en/02-identification/quiz.html", "quiz:02-identification"),
]


@pytest.fixture(scope="module", params=["http", "file"])
def base(request, basic_site: Path, serve) -> str:  # type: ignore[no-untyped-def]
    """The site's base URL, ending in '/': the test server, or the folder on disk."""
    if request.param == "http":
        return serve(basic_site) + "/"
    return basic_site.as_uri() + "/"


def open_page(page, base: str, rel: str):  # type: ignore[no-untyped-def]
    page.goto(base + rel)
    return page


# -- the language chooser at site/index.html ---------------------------------------------------

def test_root_redirects_to_saved_language_over_browser_language(browser, base: str) -> None:
    context = browser.new_context(locale="kk-KZ")
    try:
        page = context.new_page()
        page.goto(base + "ru/index.html")          # saves ru as the learner's language
        page.goto(base + "index.html")
        page.wait_for_url(base + "ru/index.html")
        assert page.locator("html").get_attribute("lang") == "ru"
    finally:
        context.close()


@pytest.mark.parametrize("locale, expected", [("ru-RU", "ru"), ("kk-KZ", "kk"), ("de-DE", "en")],
                         ids=["browser-ru", "browser-kk", "unknown-falls-back-to-first"])
def test_root_redirects_to_browser_language_else_first_language(browser, base: str, locale: str,
                                                                expected: str) -> None:
    context = browser.new_context(locale=locale)
    try:
        page = context.new_page()
        page.goto(base + "index.html")
        page.wait_for_url(base + f"{expected}/index.html")
        assert page.locator("html").get_attribute("lang") == expected
    finally:
        context.close()


# -- every page: no errors, nothing from outside, links that resolve -----------------------------

@pytest.fixture(scope="module")
def crawl(browser, base: str, basic_site: Path) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    """Open every page once (fresh browser context); record what happened on each."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-US")
    page = context.new_page()
    record: dict[str, list[str]] = {}

    def add(key: str, value: str) -> None:
        record.setdefault(key, []).append(value)

    page.on("pageerror", lambda exc: add("js_errors", str(exc)))
    page.on("console", lambda msg: add("console_errors", msg.text) if msg.type == "error" else None)
    page.on("request", lambda req: add("requests", req.url))
    page.on("requestfailed", lambda req: add("failed", f"{req.url}: {req.failure}"))
    page.on("response", lambda res: add("failed", f"{res.url}: HTTP {res.status}") if res.status >= 400 else None)
    results: dict[str, dict] = {}
    try:
        for rel in ["index.html", *site_pages(basic_site)]:
            record.clear()
            page.goto(base + rel)
            page.wait_for_load_state("load")
            if rel == "index.html":
                page.wait_for_url(base + "en/index.html")
                page.wait_for_load_state("load")
            page.evaluate("document.fonts.ready.then(() => true)")
            info = page.evaluate("""() => ({
                links: Array.from(document.querySelectorAll('a[href]'), a => a.href),
                ids: Array.from(document.querySelectorAll('[id]'), e => e.id)})""")
            results[rel] = {**{k: list(v) for k, v in record.items()}, **info, "url": page.url}
    finally:
        context.close()
    return results


def test_every_page_loads_without_javascript_errors(crawl: dict[str, dict]) -> None:
    problems = {rel: info.get("js_errors", []) + info.get("console_errors", [])
                for rel, info in crawl.items() if info.get("js_errors") or info.get("console_errors")}
    assert problems == {}
    assert len(crawl) == 28    # the chooser and 3 languages x 9 pages


def test_every_page_requests_only_files_inside_the_site(crawl: dict[str, dict], base: str) -> None:
    outside = {rel: [u for u in info.get("requests", []) if not u.startswith(base)]
               for rel, info in crawl.items()}
    assert {rel: urls for rel, urls in outside.items() if urls} == {}
    # a download cut short by leaving the page (the chooser redirects at once) is no missing file:
    # those show as HTTP 404 or net::ERR_FILE_NOT_FOUND
    failed = {rel: [f for f in info.get("failed", []) if not f.endswith("net::ERR_ABORTED")]
              for rel, info in crawl.items()}
    assert {rel: f for rel, f in failed.items() if f} == {}
    # the fonts, styles and scripts were really fetched from the site folder
    requested = {u.split("?")[0] for info in crawl.values() for u in info.get("requests", [])}
    for asset in ("assets/css/course.css", "assets/js/course.js", "assets/fonts/course-sans.woff2"):
        assert base + asset in requested


def test_every_internal_link_points_to_an_existing_page_and_anchor(crawl: dict[str, dict], base: str,
                                                                     basic_site: Path) -> None:
    broken = []
    for rel, info in crawl.items():
        for href in info["links"]:
            if not href.startswith(base):
                assert urlsplit(href).scheme in ("http", "https"), f"{rel}: odd link {href}"
                continue
            target, fragment = urldefrag(href)
            target_rel = unquote(target[len(base):])
            if not (basic_site / target_rel).is_file():
                broken.append(f"{rel} -> {href} (no such file)")
            elif fragment and fragment not in crawl.get(target_rel, {}).get("ids", []):
                broken.append(f"{rel} -> {href} (no such anchor)")
    assert broken == []


# -- navigation ------------------------------------------------------------------------------

@pytest.mark.parametrize("rel, nav_id", [(LESSON_2, "lesson:02-national-law"), (QUIZ_1, "quiz"), (HOME, "home")])
def test_sidebar_marks_the_current_page_with_aria_current(page, base: str, rel: str, nav_id: str) -> None:
    open_page(page, base, rel)
    current = page.locator("#course-nav [aria-current]")
    assert current.count() == 1
    assert current.get_attribute("aria-current") == "page"
    assert current.get_attribute("data-nav-id") == nav_id
    assert current.evaluate("a => a.href") == page.url


def test_breadcrumbs_link_home_and_module_and_name_the_current_lesson(page, base: str) -> None:
    open_page(page, base, LESSON_2)
    crumbs = page.locator("nav.breadcrumbs li")
    assert crumbs.all_inner_texts() == ["Course home", "The legal framework", "National law"]
    links = page.locator("nav.breadcrumbs a")
    assert [a.evaluate("a => a.href") for a in links.all()] == [base + HOME, base + LESSON_1]
    assert page.locator("nav.breadcrumbs [aria-current=page]").inner_text() == "National law"
    links.nth(1).click()
    page.wait_for_url(base + LESSON_1)


def test_next_and_previous_links_walk_the_course_in_order(page, base: str) -> None:
    open_page(page, base, COURSE_ORDER[0][0])
    assert page.locator("a[rel=prev]").count() == 0
    visited = []
    for _ in range(len(COURSE_ORDER) + 1):
        visited.append((page.url[len(base):], page.locator("body").get_attribute("data-page")))
        link = page.locator("main a[rel=next]")
        if link.count() == 0:
            assert page.locator("link[rel=next]").count() == 0
            break
        # the <link rel=next> in the head agrees with the visible link
        assert page.locator("link[rel=next]").evaluate("l => l.href") == link.evaluate("a => a.href")
        link.click()
        page.wait_for_load_state()
    assert visited == COURSE_ORDER
    back = []
    for _ in range(len(COURSE_ORDER) - 1):
        page.locator("main a[rel=prev]").click()
        page.wait_for_load_state()
        back.append(page.url[len(base):])
    assert back == [rel for rel, _ in reversed(COURSE_ORDER[:-1])]
    assert page.locator("a[rel=prev]").count() == 0


def test_citation_links_to_the_authority_article_anchor(page, base: str) -> None:
    open_page(page, base, LESSON_1)
    cite = page.locator(".lesson-body a.cite").first
    assert cite.inner_text() == "Palermo Protocol, art. 3(a)"
    cite.click()
    page.wait_for_url(base + "en/authorities.html#palermo-3a")
    article = page.locator("#palermo-3a")
    assert article.count() == 1
    assert article.is_visible()
    assert "Definition of trafficking in persons" in article.inner_text()


def test_glossary_term_shows_definition_tooltip_on_focus_and_links_to_glossary(page, base: str) -> None:
    open_page(page, base, LESSON_1)
    link = page.locator(".lesson-body .term > a").first
    tip = page.locator(".lesson-body .term .term-tip").first
    assert not tip.is_visible()
    assert link.get_attribute("aria-describedby") == tip.get_attribute("id")
    link.focus()
    assert tip.is_visible()
    assert tip.inner_text() == "Labour pledged against a debt whose value is not applied to it."
    assert tip.get_attribute("role") == "tooltip"
    assert link.evaluate("a => a.href") == base + "en/glossary.html#debt-bondage"
    link.press("Enter")
    page.wait_for_url(base + "en/glossary.html#debt-bondage")
    assert page.locator("dt#debt-bondage").inner_text() == "debt bondage"


def test_sensitive_passage_stays_collapsed_until_the_learner_opens_it(page, base: str) -> None:
    open_page(page, base, LESSON_1)
    details = page.locator("details.sensitive")
    passage = details.locator(".sensitive-body")
    assert details.get_attribute("open") is None
    assert not passage.is_visible()
    details.locator("summary").focus()
    page.keyboard.press("Enter")
    assert details.get_attribute("open") is not None
    assert passage.is_visible()
    assert passage.inner_text() == "A witness statement."


VISIBLE = """sel => Array.from(document.querySelectorAll(sel)).map(e => e.checkVisibility())"""


def test_checklist_print_button_prints_only_the_checklist(page, base: str) -> None:
    open_page(page, base, LESSON_1)
    button = page.locator("button.print-checklist")
    assert button.is_visible()                                # shown by the script
    assert button.get_attribute("data-print") == "checklist-2"
    # window.print() takes a snapshot of what the printed page shows
    page.evaluate("""() => { window.__printed = null; window.print = () => {
        const vis = sel => Array.from(document.querySelectorAll(sel), e => e.checkVisibility());
        window.__printed = {checklist: vis('#checklist-2'), items: vis('#checklist-2 li'),
          title: vis('#checklist-2 .callout-title'), h1: vis('main h1'), paragraphs: vis('.lesson-body > p'),
          note: vis('.callout.note'), table: vis('.lesson-body table'), header: vis('.site-header'),
          sidebar: vis('.sidebar'), footer: vis('.site-footer'), pager: vis('.pager'),
          crumbs: vis('.breadcrumbs'), button: vis('button.print-checklist'), objectives: vis('.lesson-objectives')};
    }; }""")
    page.emulate_media(media="print")
    page.evaluate("document.querySelector('button.print-checklist').click()")
    printed = page.evaluate("window.__printed")
    assert printed is not None, "the print button did not call window.print()"
    assert printed["checklist"] == [True]
    assert printed["title"] == [True]
    assert printed["items"] == [True, True]
    assert printed["h1"] == [True], "the printed checklist says which lesson it comes from"
    for hidden in ("paragraphs", "note", "table", "header", "sidebar", "footer", "pager", "crumbs",
                   "button", "objectives"):
        assert not any(printed[hidden]), f"{hidden} is printed with the checklist"
    # after printing, the page prints normally again
    assert page.evaluate("document.body.classList.contains('print-one')") is False
    assert page.evaluate(VISIBLE, "main h1") == [True]


def test_printing_a_lesson_hides_the_site_chrome_but_keeps_the_lesson(page, base: str) -> None:
    open_page(page, base, LESSON_1)
    page.emulate_media(media="print")
    for chrome in (".site-header", ".sidebar", ".site-footer", ".pager", ".breadcrumbs", "button.print-checklist"):
        assert not any(page.evaluate(VISIBLE, chrome)), f"{chrome} is printed"
    for content in ("main h1", "#checklist-2", ".callout.note"):
        assert all(page.evaluate(VISIBLE, content)), f"{content} is not printed"


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, base: str) -> None:
    open_page(page, base, LESSON_1)
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert skip.evaluate("a => a === document.activeElement")
    assert skip.is_visible()                   # shown when focused
    assert skip.bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    page.wait_for_url(base + LESSON_1 + "#main")
    assert page.evaluate("document.activeElement.id") == "main"


# -- progress --------------------------------------------------------------------------------

def done_links(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator("main .lesson-list a.done").evaluate_all("as => as.map(a => a.dataset.lesson)")


def test_visited_lesson_is_marked_completed_on_the_home_page(page, base: str) -> None:
    open_page(page, base, HOME)
    assert done_links(page) == []
    open_page(page, base, LESSON_1)
    open_page(page, base, HOME)
    assert done_links(page) == ["01-framework/01-definition"]
    link = page.locator('main a[data-lesson="01-framework/01-definition"]')
    assert link.locator(".done-mark").text_content() == "✓ (completed)"
    assert link.locator(".done-mark [aria-hidden=true]").inner_text() == "✓"
    assert page.locator("[data-progress]").inner_text().startswith("You have completed 1 of 3 lessons.")
    # the sidebar of another lesson shows it too
    open_page(page, base, LESSON_2)
    assert page.locator('#course-nav a.done[data-lesson="01-framework/01-definition"]').count() == 1


def test_continue_link_points_to_the_last_lesson_and_survives_a_reload(page, base: str) -> None:
    open_page(page, base, HOME)
    assert page.locator(".resume").is_hidden()
    assert page.locator(".start").is_visible()
    open_page(page, base, LESSON_1)
    open_page(page, base, LESSON_2)
    open_page(page, base, HOME)
    for _ in range(2):
        resume = page.locator(".resume a")
        assert resume.is_visible()
        assert page.locator(".start").is_hidden()
        assert resume.evaluate("a => a.href") == base + LESSON_2
        assert resume.inner_text() == "Continue: National law"
        page.reload()
    assert done_links(page) == ["01-framework/01-definition", "01-framework/02-national-law"]
    page.locator(".resume a").click()
    page.wait_for_url(base + LESSON_2)


def visit_and_go_home(page, base: str) -> None:  # type: ignore[no-untyped-def]
    open_page(page, base, LESSON_1)
    open_page(page, base, HOME)
    assert done_links(page) == ["01-framework/01-definition"]


def test_reset_clears_progress_after_the_learner_confirms(page, base: str) -> None:
    visit_and_go_home(page, base)
    dialogs = []

    def accept(dialog) -> None:  # type: ignore[no-untyped-def]
        dialogs.append((dialog.type, dialog.message))
        dialog.accept()

    page.once("dialog", accept)
    with page.expect_navigation():
        page.locator("button.reset-progress").click()
    assert dialogs and dialogs[0][0] == "confirm"
    assert dialogs[0][1].startswith("Reset all your progress")
    assert done_links(page) == []
    assert page.locator(".resume").is_hidden()
    assert page.locator(".start").is_visible()
    assert page.locator("[data-progress]").inner_text().startswith("You have completed 0 of 3 lessons.")
    page.reload()
    assert done_links(page) == []


def test_reset_keeps_progress_when_the_learner_cancels(page, base: str) -> None:
    visit_and_go_home(page, base)
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator("button.reset-progress").click()
    page.reload()
    assert done_links(page) == ["01-framework/01-definition"]


# -- small screens ---------------------------------------------------------------------------

@pytest.mark.parametrize("rel", [HOME, LESSON_1, QUIZ_1, "en/authorities.html", "ru/01-framework/01-definition.html"])
def test_page_does_not_overflow_horizontally_at_375_px(page, base: str, rel: str) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    open_page(page, base, rel)
    page.wait_for_load_state("load")
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 375, f"{rel} is {width}px wide at 375px"
    if rel == QUIZ_1:    # the quiz rendered and stays narrow after feedback is shown
        question = page.locator("#quiz fieldset.quiz-question").first
        question.locator("input.quiz-input").first.check()
        question.locator("button.quiz-check").click()
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
