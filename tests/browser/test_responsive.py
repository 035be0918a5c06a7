"""Every page of the bundled course fits a phone screen, and glossary tooltips stay on screen."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.xdist_group("bundled")


def pages_of(site: Path) -> list[Path]:
    return sorted(p for p in site.glob("*/**/*.html"))


def test_no_bundled_page_is_wider_than_a_375px_screen(browser, bundled_site: Path) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 375, "height": 800})
    try:
        wide = {}
        for path in pages_of(bundled_site):
            page.goto(path.as_uri())
            width = page.evaluate("document.scrollingElement.scrollWidth")
            if width > 375:
                wide[path.relative_to(bundled_site).as_posix()] = width
        assert len(pages_of(bundled_site)) > 100
        assert wide == {}
    finally:
        page.close()


@pytest.mark.parametrize("width", [375, 1200])
def test_glossary_tooltips_never_widen_the_page(browser, bundled_site: Path, width: int) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto((bundled_site / "en" / "03-evidence" / "01-mosaic-of-evidence.html").as_uri())
        terms = page.locator(".term > a")
        assert terms.count() > 3
        for index in range(terms.count()):
            terms.nth(index).focus()
            page.wait_for_timeout(30)
            tip = page.locator(".term-tip").nth(index)
            assert tip.is_visible()
            box = tip.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
            assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    finally:
        page.close()
