"""`course preview` in Chromium: a page open in the browser follows the trainer's saves.

The preview runs its polling loop in a thread on a copy of the basic fixture; the test edits the
lesson on disk and waits (never sleeps) for the open page to change by itself.

(Not named test_preview.py: pytest's default import mode needs basenames that differ from
tests/unit/test_preview.py.)
"""

from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path
from typing import Iterator

import pytest

from course.preview import Preview

BASIC = Path(__file__).resolve().parents[1] / "fixtures" / "basic"
LESSON_SOURCE = "modules/01-framework/01-definition.md"
LESSON_PAGE = "en/01-framework/01-definition.html"
OLD_TEXT = "It has three elements."
NEW_TEXT = "It has three elements, as saved in the editor."
BROKEN = "See [x](missing.md) too."
FIXED = "See the fixed sentence too."
WAIT = 10_000  # ms


def watched(root: Path) -> Iterator[Preview]:
    """A preview of `root`, started, with its polling loop running in a thread."""
    session = Preview(root, root / "site", port=0, interval=0.05, echo=lambda line: None)
    session.start()
    watcher = threading.Thread(target=session.run, name="preview-watch", daemon=True)
    watcher.start()
    try:
        yield session
    finally:
        session.stop()
        watcher.join(timeout=10)


def copy_course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(BASIC, root, ignore=shutil.ignore_patterns(".course-cache"))
    return root


@pytest.fixture()
def preview(tmp_path: Path) -> Iterator[Preview]:
    yield from watched(copy_course(tmp_path))


@pytest.fixture()
def preview_broken_from_start(tmp_path: Path) -> Iterator[Preview]:
    root = copy_course(tmp_path)
    edit(root / LESSON_SOURCE, OLD_TEXT, OLD_TEXT + "\n\n" + BROKEN)
    yield from watched(root)


def edit(path: Path, old: str, new: str) -> str:
    source = path.read_text(encoding="utf-8")
    assert old in source
    source = source.replace(old, new)
    path.write_text(source, encoding="utf-8")
    return source


def test_an_open_lesson_follows_saves_and_shows_build_errors_over_the_last_good_page(
        page, preview: Preview) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    console_errors: list[str] = []
    page.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)
    lesson = preview.root / LESSON_SOURCE
    main = page.locator("main")
    alert = page.locator("#course-preview-problems")

    page.goto(preview.url + LESSON_PAGE)
    expect(main).to_contain_text(OLD_TEXT)
    expect(alert).to_have_count(0)

    # A save: the page shows the new text without anyone reloading it.
    edit(lesson, OLD_TEXT, NEW_TEXT)
    expect(main).to_contain_text(NEW_TEXT, timeout=WAIT)
    expect(main).not_to_contain_text(OLD_TEXT)
    expect(alert).to_have_count(0)

    # A save that breaks the course: the errors appear over the last good page.
    source = edit(lesson, NEW_TEXT, NEW_TEXT + "\n\n" + BROKEN)
    line = source.splitlines().index(BROKEN) + 1
    expected = (f"{LESSON_SOURCE}:{line}:{len('See [x](') + 1}: error: link to a missing lesson 'missing.md' "
                "(no modules/01-framework/missing.md in the course)")
    expect(alert).to_be_visible(timeout=WAIT)
    expect(alert).to_have_attribute("role", "alert")
    expect(alert.locator("li", has_text=expected)).to_have_count(1)
    expect(main).to_contain_text(NEW_TEXT)
    expect(main).not_to_contain_text("See [x]")
    assert page.url == preview.url + LESSON_PAGE

    # The fix: the alert goes and the fixed page shows.
    edit(lesson, BROKEN, FIXED)
    expect(main).to_contain_text(FIXED, timeout=WAIT)
    expect(alert).to_have_count(0, timeout=WAIT)
    expect(main).to_contain_text(NEW_TEXT)

    assert page.js_errors == []
    assert console_errors == []


def test_a_course_broken_from_the_start_shows_its_errors_then_the_lesson_once_fixed(
        page, preview_broken_from_start: Preview) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    console_errors: list[str] = []
    page.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)
    alert = page.locator("#course-preview-problems")
    page.goto(preview_broken_from_start.url + LESSON_PAGE)
    expect(alert).to_be_visible(timeout=WAIT)
    expect(alert).to_contain_text("error: link to a missing lesson 'missing.md'")
    expect(page.locator("main")).not_to_contain_text(OLD_TEXT)

    edit(preview_broken_from_start.root / LESSON_SOURCE, BROKEN, FIXED)
    expect(page.locator("main")).to_contain_text(FIXED, timeout=WAIT)
    expect(page.locator("main")).to_contain_text(OLD_TEXT)
    expect(alert).to_have_count(0, timeout=WAIT)
    assert page.url == preview_broken_from_start.url + LESSON_PAGE
    assert page.js_errors == []
    assert console_errors == []


# --- known faults, reported and not fixed here ------------------------------------------------

@pytest.fixture()
def idle_preview(tmp_path: Path) -> Iterator[Preview]:
    """A started preview without its polling loop: the test decides when it rebuilds."""
    root = copy_course(tmp_path)
    session = Preview(root, root / "site", port=0, interval=0.05, echo=lambda line: None)
    session.start()
    try:
        yield session
    finally:
        session.stop()


def test_a_build_finished_while_the_page_loads_is_still_shown(
        page, idle_preview: Preview) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    lesson = idle_preview.root / LESSON_SOURCE
    answered: list[str] = []

    def save_during_load(route) -> None:  # type: ignore[no-untyped-def]
        # The page's HTML (build 1) has arrived; the trainer's next save finishes building
        # before the page's first question about the build is answered.
        if not answered:
            edit(lesson, OLD_TEXT, NEW_TEXT)
            assert idle_preview.rebuild_if_changed()
        answered.append(route.request.url)
        route.continue_()

    def record_page(route) -> None:  # type: ignore[no-untyped-def]
        response = route.fetch()
        served.append(response.text())
        route.fulfill(response=response)

    served: list[str] = []
    page.route("**/__preview__/status", save_during_load)
    page.route(idle_preview.url + LESSON_PAGE, record_page)
    page.goto(idle_preview.url + LESSON_PAGE)
    assert OLD_TEXT in served[0]  # the page first arrived from build 1
    expect(page.locator("main")).to_contain_text(NEW_TEXT, timeout=WAIT)


def test_the_problems_banner_stays_put_while_the_problems_are_the_same(
        page, idle_preview: Preview) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page.goto(idle_preview.url + LESSON_PAGE)
    edit(idle_preview.root / LESSON_SOURCE, OLD_TEXT, OLD_TEXT + "\n\n" + BROKEN)
    assert idle_preview.rebuild_if_changed()
    item = page.locator("#course-preview-problems li", has_text="link to a missing lesson")
    expect(item).to_have_count(1, timeout=WAIT)
    # The trainer selects the error line to copy its file name.
    item.evaluate("li => { const range = document.createRange(); range.selectNodeContents(li); "
                  "const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range); }")
    selected = page.evaluate("() => window.getSelection().toString()")
    assert "link to a missing lesson" in selected
    for _ in range(2):  # two more answers from the preview, with the same problems
        with page.expect_response("**/__preview__/status"):
            pass
    expect(item).to_have_count(1)
    assert page.evaluate("() => window.getSelection().toString()") == selected


def test_the_problems_panel_can_be_hidden_and_leaves_room_for_the_end_of_the_page(
        page, preview: Preview) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page.set_viewport_size({"width": 700, "height": 600})
    page.goto(preview.url + LESSON_PAGE)
    edit(preview.root / LESSON_SOURCE, OLD_TEXT, OLD_TEXT + "\n\n" + BROKEN)
    alert = page.locator("#course-preview-problems")
    expect(alert).to_be_visible(timeout=WAIT)
    items = alert.locator("li")
    expect(items.first).to_be_visible()
    # The last thing on the page (the footer) can be scrolled above the panel.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    footer_bottom = page.evaluate("document.querySelector('footer').getBoundingClientRect().bottom")
    panel_top = alert.bounding_box()["y"]
    assert footer_bottom <= panel_top + 1, "the panel covers the end of the page"
    hide = alert.get_by_role("button", name="Hide")
    expect(hide).to_have_attribute("aria-expanded", "true")
    hide.click()
    expect(items.first).to_be_hidden()
    show = alert.get_by_role("button", name="Show")
    expect(show).to_have_attribute("aria-expanded", "false")
    # The next look at the status (the same problems) does not open it again.
    page.wait_for_timeout(1000)
    expect(items.first).to_be_hidden()
    show.click()
    expect(items.first).to_be_visible()


def test_warnings_show_as_one_line_that_opens_and_a_stopped_preview_says_so(
        page, preview: Preview) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page.goto(preview.url + LESSON_PAGE)
    warnings = page.locator("#course-preview-warnings")
    expect(warnings).to_have_count(0)
    # The Russian translation of an edited lesson is out of date: a warning, the build is good.
    edit(preview.root / LESSON_SOURCE, OLD_TEXT, NEW_TEXT)
    expect(page.locator("main")).to_contain_text(NEW_TEXT, timeout=WAIT)
    expect(warnings).to_contain_text("1 warning in the course:", timeout=WAIT)
    expect(warnings.locator("li")).to_be_hidden()
    warnings.get_by_role("button", name="Show").click()
    expect(warnings.locator("li")).to_have_text([re.compile(r"01-definition\.ru\.md:1:1: warning: translation is stale")])
    expect(page.locator("#course-preview-problems")).to_have_count(0)

    preview.stop()
    stopped = page.locator("#course-preview-stopped")
    expect(stopped).to_contain_text("The preview has stopped", timeout=WAIT)
